"""Berita acara pengesahan rumusan: the record that the plenary adopted the rumusan — when and where
(the date written out in words, as berita acara are), who chaired, which delegations were present
(checked in on the adoption day), what was adopted (item counts and the SHA-256 fingerprint of the
frozen text), and a signature line for the chair and for one representative of each delegation.

Built here as a format-neutral model; raker.pdf.berita_acara and raker.documents.docx_berita_acara
print it."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from babel.dates import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..letters import LetterRefused, number_from, place_and_date, signer_from
from ..models import CheckIn, Delegation, Event, Registration
from ..models.minutes import Rumusan
from ..signer import Signer
from ..terbilang import terbilang
from . import adoption, services

TITLE = "BERITA ACARA"
SUBTITLE = "PENGESAHAN RUMUSAN"
CHAIR_TITLE = "Pimpinan Sidang"
DEFAULT_NUMBER = "000/......./BA/{tahun}"
CLOSING = "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya."
BLANK = "." * 40
Chair = Signer | Mapping[str, Any] | None  # who chaired: a Signer, or the form's fields


@dataclass(frozen=True)
class PresentDelegation:
    name: str
    present: int  # people checked in on the adoption day
    # Who signed for it on the secretariat's tablet (sidang.signatures), or blank for wet ink.
    representative: str = ""
    signature_png: bytes | None = None
    id: int = 0


@dataclass(frozen=True)
class BeritaAcaraDocument:
    """Everything printed on the berita acara, the same for the PDF and the DOCX."""

    title_lines: list[str]
    number: str
    opening: str  # "Pada hari ini … telah dilaksanakan … yang dipimpin oleh:"
    chair_rows: list[tuple[str, str]]  # Nama / NIP / Jabatan of the chair
    attendance: str  # "Sidang dihadiri oleh 2 (dua) delegasi …"
    decision_intro: str
    decision: str  # "Menetapkan Rumusan … yang terdiri atas …"
    fingerprint_intro: str
    fingerprint: str
    closing: str
    place_date: str
    chair: Signer  # signs as "Pimpinan Sidang"
    delegations_title: str
    delegations: list[PresentDelegation]
    table_header: tuple[str, str, str, str]
    # The plenary's decision on each item (sidang.decisions), with the counts where a vote decided.
    decisions_intro: str = ""
    decisions: Sequence[tuple[str, str, str]] = ()
    decisions_header: tuple[str, str, str] = ("Butir", "Keputusan", "Hasil pemungutan suara")


def date_in_words(day: date) -> str:
    """'hari ini Selasa tanggal sepuluh bulan Agustus tahun dua ribu dua puluh satu'."""
    weekday, month = format_date(day, "EEEE", locale="id"), format_date(day, "MMMM", locale="id")
    return f"hari ini {weekday} tanggal {terbilang(day.day)} bulan {month} tahun {terbilang(day.year)}"


def counted(number: int, noun: str) -> str:
    """'3 (tiga) butir' as letters write figures."""
    return f"{number} ({terbilang(number)}) {noun}"


def adoption_day(event: Event, adopted_at: datetime) -> date:
    """The day, where the meeting is, the rumusan was adopted."""
    return adopted_at.astimezone(event.tz).date()


def present_delegations(event: Event, day: date) -> list[PresentDelegation]:
    """Delegations with anyone checked in on `day` (undone check-ins do not count), in the
    event's order of delegations."""
    rows = db.session.execute(
        select(Delegation.id, Delegation.name, func.count(func.distinct(CheckIn.registration_id)))
        .join(Registration, Registration.delegation_id == Delegation.id)
        .join(CheckIn, CheckIn.registration_id == Registration.id)
        .where(CheckIn.event_id == event.id, CheckIn.day == day, CheckIn.undone_at.is_(None))
        .group_by(Delegation.id, Delegation.name, Delegation.position)
        .order_by(Delegation.position, Delegation.id)
    ).all()
    return [PresentDelegation(name=name, present=count, id=id_) for id_, name, count in rows]


def _counts(rumusan: Rumusan) -> tuple[int, int, int]:
    topics = services.numbered(rumusan)
    items = sum(len(topic["items"]) for topic in topics)
    subs = sum(len(entry["subs"]) for topic in topics for entry in topic["items"])
    return len(topics), items, subs


def build(event: Event, *, chair: Chair = None, number: str = "") -> BeritaAcaraDocument:
    """The berita acara of the adopted rumusan. Refuses (LetterRefused, 409) while it is not adopted:
    there is nothing to record yet, and a draft must never look adopted."""
    rumusan = services.rumusan_of(event)
    if rumusan is None or rumusan.state != "adopted" or not rumusan.fingerprint or rumusan.adopted_at is None:
        raise LetterRefused(
            _("Rumusan belum ditetapkan: berita acara pengesahan baru dapat dicetak setelah rumusan ditetapkan.")
        )
    if chair is None or isinstance(chair, Mapping):
        chair = signer_from(chair or {}, default_position=CHAIR_TITLE)
    day = adoption_day(event, rumusan.adopted_at)
    title = adoption.document_title(event)
    chair_rows = [("Nama", chair.name or BLANK)]
    if chair.nip or not chair.name:
        from ..reference.nip import format_nip

        chair_rows.append(("NIP", format_nip(chair.nip) if chair.nip else BLANK))
    position = chair.position if chair.position != CHAIR_TITLE else ""
    chair_rows.append(("Jabatan", position or BLANK))
    present = present_delegations(event, day)
    from ..sidang.signatures import signatures_by_delegation  # sidang builds on the rumusan (as below)

    signed = signatures_by_delegation(event)
    present = [
        replace(d, representative=signed[d.id].registration.full_name, signature_png=signed[d.id].signature_png)
        if d.id in signed
        else d
        for d in present
    ]
    if present:
        attendance = (
            f"Sidang dihadiri oleh {counted(len(present), 'delegasi')} dengan "
            f"{counted(sum(d.present for d in present), 'orang')} peserta yang telah melakukan daftar "
            "ulang, sebagaimana tercantum dalam daftar di bawah."
        )
    else:
        attendance = "Pada hari tersebut belum tercatat daftar ulang delegasi."
    topics, items, subs = _counts(rumusan)
    parts = [counted(topics, "pokok bahasan"), counted(items, "butir")]
    if subs:
        parts.append(counted(subs, "sub-butir"))
    composition = ", ".join(parts[:-1]) + f" dan {parts[-1]}"
    from ..sidang.decisions import decision_rows  # sidang builds on the rumusan, not the other way round

    decided = decision_rows(event)
    return BeritaAcaraDocument(
        title_lines=[TITLE, SUBTITLE, title],
        number=number_from(number or DEFAULT_NUMBER, year=day.year),
        opening=(
            f"Pada {date_in_words(day)}, bertempat di {event.place(address=True)}, telah dilaksanakan sidang "
            f"pleno {event.title} dengan acara pengesahan rumusan, yang dipimpin oleh:"
        ),
        chair_rows=chair_rows,
        attendance=attendance,
        decision_intro=(
            "Setelah rancangan rumusan dibacakan dan dibahas butir demi butir, sidang secara "
            "musyawarah untuk mufakat memutuskan:"
        ),
        decision=f"Menetapkan Rumusan {title}, yang terdiri atas {composition}.",
        fingerprint_intro="Naskah rumusan yang ditetapkan tercatat dengan sidik jari SHA-256:",
        fingerprint=rumusan.fingerprint,
        closing=CLOSING,
        place_date=place_and_date(event.city, day),
        chair=Signer(position=CHAIR_TITLE, name=chair.name, rank=chair.rank, nip=chair.nip),
        delegations_title="Wakil delegasi yang hadir:",
        delegations=present,
        table_header=("No", "Delegasi", "Nama", "Tanda Tangan"),
        decisions_intro="Keputusan sidang atas tiap butir:" if decided else "",
        decisions=decided,
    )


def export(event: Event, fmt: str, *, chair: Chair = None, number: str = "") -> bytes:
    """The berita acara as 'pdf' or 'docx', for the rumusan page and `flask export berita-acara`."""
    document = build(event, chair=chair, number=number)
    if fmt == "pdf":
        from ..pdf.berita_acara import berita_acara_pdf

        return berita_acara_pdf(event, document)
    if fmt == "docx":
        from ..documents.docx_berita_acara import berita_acara_docx

        return berita_acara_docx(event, document)
    raise ValueError(f"unknown format: {fmt}")
