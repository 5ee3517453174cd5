"""Surat keterangan kehadiran: one letter per delegate, for their SPPD, saying on which days they were
checked in (daftar ulang not undone), signed by the head of the secretariat.

Built here as a format-neutral model; raker.pdf.keterangan and raker.documents.docx_keterangan
print it."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..i18n import format_day
from ..letter_register import serials
from ..letters import LetterRefused, number_from, place_and_date, rank_and_grade, signer_from
from ..models import CheckIn, Registration
from ..reference.nip import format_nip
from ..signer import Signer, position_line

TITLE = "SURAT KETERANGAN"
SIGNER_TITLE = "Kepala Sekretariat"
DEFAULT_NUMBER = "000/{n}/SKH/{tahun}"
CLOSING = "Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya."
BLANK = "." * 40
REGISTER_KIND = "keterangan"  # its serials in the register of letters (letter_register)
ID_LABELS = {"pns": "NIP", "pppk": "NI PPPK"}


@dataclass(frozen=True)
class KeteranganDocument:
    """Everything printed on one surat keterangan kehadiran, the same for the PDF and the DOCX."""

    title: str
    number: str
    intro: str
    signer_rows: list[tuple[str, str]]
    middle: str
    person_rows: list[tuple[str, str]]
    statement: str  # "telah hadir mengikuti … pada … di …"
    closing: str
    place_date: str
    signer: Signer
    name: str  # for file names and titles


def attended_days(registration: Registration) -> list[date]:
    """The meeting days the person was checked in, undone check-ins left out."""
    return list(
        db.session.scalars(
            select(CheckIn.day)
            .where(CheckIn.registration_id == registration.id, CheckIn.undone_at.is_(None))
            .distinct()
            .order_by(CheckIn.day)
        )
    )


def join_days(days: Sequence[date]) -> str:
    """'Senin, 9 Agustus 2021 dan Selasa, 10 Agustus 2021': each day named, as an SPPD is checked
    day by day (a gap must show)."""
    names = [format_day(day, "id") for day in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " dan " + names[-1]


def _signer_rows(signer: Signer) -> list[tuple[str, str]]:
    if not signer.name:  # to fill by hand, with the stamp
        return [("Nama", BLANK), ("NIP", BLANK), ("Jabatan", position_line(signer))]
    rows = [("Nama", signer.name)]
    if signer.nip:
        rows.append(("NIP", format_nip(signer.nip)))
    if signer.rank:
        rows.append(("Pangkat/Gol.", rank_and_grade(signer.rank)))
    return rows + [("Jabatan", position_line(signer))]  # "Sekretaris Daerah", not its "a.n. GUBERNUR" line


def build(
    event,
    registration: Registration,
    *,
    signer: Signer,
    number: str = "",
    issued_on: date | None = None,
    serial: int | None = None,
    days: Sequence[date] | None = None,
) -> KeteranganDocument:
    """The letter of one person; serial: its {n} in the register of letters, days: the days they were
    checked in (export() gives both; read here without). Refuses (LetterRefused, 409) someone never
    checked in: the letter would certify an attendance nobody recorded."""
    days = attended_days(registration) if days is None else days
    if not days:
        raise _never_checked_in(registration)
    issued_on = issued_on or days[-1]
    from ..invitations.services import signer_for

    # Not Yusmadi for Yusmadi, nor for the Asisten above him.
    signer = signer_for(event, signer, registration.full_name, registration.nip, registration.rank)
    id_label = ID_LABELS.get(registration.asn_status, "NIP")
    institution = (registration.institution or "").strip() or registration.delegation.name
    return KeteranganDocument(
        title=TITLE,
        number=number_from(number or DEFAULT_NUMBER, n=serial, year=issued_on.year),
        intro="Yang bertanda tangan di bawah ini:",
        signer_rows=_signer_rows(signer),
        middle="dengan ini menerangkan bahwa:",
        person_rows=[
            ("Nama", registration.full_name),
            (id_label, format_nip(registration.nip) or "-"),
            ("Pangkat/Gol.", rank_and_grade(registration.rank)),
            ("Jabatan", (registration.position or "").strip() or "-"),
            ("Instansi", institution),
        ],
        statement=(f"telah hadir mengikuti {event.title} pada {join_days(days)} di {event.place(address=True)}."),
        closing=CLOSING,
        place_date=place_and_date(event.city, issued_on),
        signer=signer,
        name=registration.full_name,
    )


def _never_checked_in(registration: Registration) -> LetterRefused:
    return LetterRefused(
        _(
            "%(name)s belum pernah tercatat daftar ulang: surat keterangan kehadiran tidak dapat dibuat.",
            name=registration.full_name,
        )
    )


def _subject(registration: Registration) -> str:
    return f"registration:{registration.id}"


def ever_checked_in(event, delegation_id: int | None = None) -> list[Registration]:
    """Everyone with a check-in not undone, by delegation and name (the batch of a delegation)."""
    present = select(CheckIn.registration_id).where(CheckIn.event_id == event.id, CheckIn.undone_at.is_(None))
    query = select(Registration).where(
        Registration.event_id == event.id, Registration.id.in_(present), Registration.anonymised_at.is_(None)
    )
    if delegation_id is not None:
        query = query.where(Registration.delegation_id == delegation_id)
    return list(db.session.scalars(query.order_by(Registration.delegation_id, Registration.full_name, Registration.id)))


def options(values: Mapping) -> dict:
    """Signer, Nomor pattern and letter date from a form or the CLI; a bad NIP, golongan or date is
    refused (LetterRefused, 400) before anything is made."""
    raw_date = str(values.get("issued_on") or "").strip()
    issued_on = None
    if raw_date:
        try:
            issued_on = date.fromisoformat(raw_date)
        except ValueError:
            raise LetterRefused(_("Tanggal surat tidak sah (format tttt-bb-hh)."), 400) from None
    typed = any(str(values.get(f"signer_{key}") or "").strip() for key in ("position", "name", "rank", "nip"))
    # Nothing typed: the signer saved in the letter settings (export() falls back to it).
    return {
        "signer": signer_from(values, default_position=SIGNER_TITLE, prefix="signer_") if typed else None,
        "number": str(values.get("number") or ""),
        "issued_on": issued_on,
    }


def saved_signer(event) -> Signer:
    """The head of the secretariat as saved in the letter settings (the personal link's letter, a
    download without a signer typed), else a blank block to sign by hand."""
    from ..invitations.services import keterangan_signer

    return keterangan_signer(event, SIGNER_TITLE) or Signer(position=SIGNER_TITLE)


def export(
    event,
    registrations: Sequence[Registration],
    fmt: str,
    *,
    signer: Signer | None = None,
    number: str = "",
    issued_on: date | None = None,
) -> bytes:
    """One letter per person, each on its own pages, in one 'pdf' or 'docx'. Refuses the whole file
    when one of them was never checked in."""
    signer = signer or saved_signer(event)
    if not registrations:
        raise LetterRefused(_("Belum ada peserta yang tercatat daftar ulang."))
    days = {r.id: attended_days(r) for r in registrations}  # read once: checked here, printed by build()
    absent = next((r for r in registrations if not days[r.id]), None)
    if absent is not None:  # refused before a Nomor is given out
        raise _never_checked_in(absent)
    given = serials(event, REGISTER_KIND, [_subject(r) for r in registrations])
    documents = [
        build(event, r, signer=signer, number=number, issued_on=issued_on, serial=given[_subject(r)], days=days[r.id])
        for r in registrations
    ]
    if fmt == "pdf":
        from ..pdf.keterangan import keterangan_pdf

        return keterangan_pdf(event, documents)
    if fmt == "docx":
        from ..documents.docx_keterangan import keterangan_docx

        return keterangan_docx(event, documents)
    raise ValueError(f"unknown format: {fmt}")
