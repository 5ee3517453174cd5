"""Tanda terima (seminar kit, bahan materi): per delegation, its approved participants with No.,
Nama, Jabatan, what they received (the text the secretariat types) and a column to sign, signed off
"Mengetahui" by the secretariat (with per_delegation, each delegation is a receipt of its own: from a
new page, with the title, its count and the sign-off, its pages counted from 1). Who is listed and in which order is the daftar hadir's (approved
registrations, delegations in display order, names sorted); numbers restart in each delegation, as
each delegation's part is its own receipt.

Built here as a format-neutral model; raker.pdf.tanda_terima, raker.documents.docx_tanda_terima
and raker.documents.xlsx_tanda_terima print it."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from flask_babel import gettext as _

from ..i18n import format_day
from ..letters import LetterRefused, place_and_date, signer_from
from ..safe_text import strip_control_characters
from ..signer import Signer
from .attendance import approved_by_delegation

TITLE = "TANDA TERIMA"
COLUMNS = ("No", "Nama", "Jabatan", "Yang Diterima", "Tanda Tangan")
DEFAULT_ITEM = "Seminar kit"
SIGNER_TITLE = "Sekretariat"
MAX_ITEM = 120


@dataclass(frozen=True)
class ReceiptLine:
    number: int  # 1… within the delegation; odd numbers sign on the left, even on the right
    name: str
    position: str
    item: str


@dataclass(frozen=True)
class ReceiptSection:
    heading: str  # the delegation
    lines: list[ReceiptLine]


@dataclass(frozen=True)
class ReceiptDocument:
    """Everything printed on a tanda terima, the same for the PDF, the DOCX and the XLSX."""

    title: str  # "TANDA TERIMA SEMINAR KIT"
    subtitle: str  # the meeting
    details: list[tuple[str, str]]  # Hari/Tanggal, Tempat, Yang diterima
    columns: list[str]
    sections: list[ReceiptSection]
    signer: Signer
    sign_off: str  # "Mengetahui,"
    place_date: str  # "Tana Paser, 9 Agustus 2021"
    place: str
    signed_on: date
    file_title: str
    empty_text: str = "Belum ada peserta yang disetujui."
    per_delegation: bool = False  # each delegation its own receipt, from a new page

    def receipts(self) -> list["ReceiptDocument"]:
        """What the renderers print, each from a new page: the whole list, or one receipt per delegation
        (its own list, count and sign-off) when per_delegation."""
        if not self.per_delegation or len(self.sections) < 2:
            return [self]
        return [replace(self, sections=[section], per_delegation=False) for section in self.sections]

    @property
    def total_line(self) -> str:
        """'Jumlah penerima: 12 orang' — printed above the sign-off."""
        return f"Jumlah penerima: {sum(len(section.lines) for section in self.sections)} orang"

    @property
    def signer_fields(self) -> dict:
        return {
            "position": self.signer.position,
            "name": self.signer.name,
            "rank": self.signer.rank,
            "nip": self.signer.nip,
        }


def options(event, values: Mapping) -> dict:
    """What was received, the delegation, the date and the signer from a form or the CLI. A bad NIP,
    golongan, date or delegation is refused (LetterRefused, 400) before anything is made."""
    item = " ".join(strip_control_characters(str(values.get("item") or "")).split())
    if len(item) > MAX_ITEM:
        raise LetterRefused(_("Barang yang diterima terlalu panjang (paling banyak %(n)d huruf).", n=MAX_ITEM), 400)
    raw_date = str(values.get("signed_on") or "").strip()
    signed_on = None
    if raw_date:
        try:
            signed_on = date.fromisoformat(raw_date)
        except ValueError:
            raise LetterRefused(_("Tanggal tidak sah (format tttt-bb-hh)."), 400) from None
    delegation_id = None
    raw_delegation = str(values.get("delegation") or "").strip()
    if raw_delegation:
        match = [d for d in event.delegations if raw_delegation in (str(d.id), d.region_code)]
        if not match:
            raise LetterRefused(_("Delegasi tidak ada pada rapat ini."), 400)
        delegation_id = match[0].id
    per_delegation = str(values.get("per_delegation") or "").strip().lower() in ("1", "true", "on", "yes")
    return {
        "item": item or DEFAULT_ITEM,
        "signed_on": signed_on,
        "delegation_id": delegation_id,
        "per_delegation": per_delegation,
        "signer": signer_from(values, default_position=SIGNER_TITLE, prefix="signer_"),
    }


def build(
    event,
    *,
    item: str = DEFAULT_ITEM,
    signer: Signer | None = None,
    delegation_id: int | None = None,
    signed_on: date | None = None,
    per_delegation: bool = False,
) -> ReceiptDocument:
    """The tanda terima of every delegation (or of one): its approved participants, numbered within it;
    per_delegation: each delegation a receipt of its own, from a new page."""
    if signer is None or (not signer.name and signer.position == SIGNER_TITLE):  # none typed: the SK's sekretaris
        from ..panitia.services import in_charge

        chosen = in_charge(event, "Sekretaris Panitia", place="sekretaris")
        signer = Signer(**chosen) if chosen else Signer(position=SIGNER_TITLE)
    signed_on = signed_on or event.start_date  # kits are handed out at the daftar ulang of the first day
    sections = []
    for delegation, members in approved_by_delegation(event):
        if delegation_id is not None and delegation.id != delegation_id:
            continue
        sections.append(
            ReceiptSection(
                delegation.name,
                [
                    ReceiptLine(
                        number=number, name=person.full_name, position=(person.position or "").strip(), item=item
                    )
                    for number, person in enumerate(members, start=1)
                ],
            )
        )
    first, last = format_day(event.start_date, "id"), format_day(event.end_date, "id")
    return ReceiptDocument(
        title=f"{TITLE} {item.upper()}",
        subtitle=event.title,
        details=[
            ("Hari/Tanggal", first if first == last else f"{first} s.d. {last}"),
            ("Tempat", event.place(address=True)),
            ("Yang diterima", item),
        ],
        columns=list(COLUMNS),
        sections=sections,
        signer=signer,
        sign_off="Mengetahui,",
        place_date=place_and_date(event.city, signed_on),
        place=event.city,
        signed_on=signed_on,
        file_title=f"Tanda Terima {item} {event.title}",
        per_delegation=per_delegation,
    )


def export(event, fmt: str, **options) -> bytes:
    """The tanda terima as 'pdf', 'docx' or 'xlsx' (the attendance page and the CLI both use this)."""
    document = build(event, **options)
    if fmt == "pdf":
        from ..pdf.tanda_terima import tanda_terima_pdf

        return tanda_terima_pdf(event, document)
    if fmt == "docx":
        from ..documents.docx_tanda_terima import tanda_terima_docx

        return tanda_terima_docx(event, document)
    if fmt == "xlsx":
        from ..documents.xlsx_tanda_terima import tanda_terima_xlsx

        return tanda_terima_xlsx(event, document)
    raise ValueError(f"unknown format: {fmt}")
