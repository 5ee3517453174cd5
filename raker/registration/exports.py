"""Participant lists out (XLSX, CSV); lists in are imports.py."""

import csv
import io
import re

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ..i18n import tz_abbreviation
from ..models import Event, Registration
from ..reference.nip import format_nip
from ..reference.ranks import rank_label

# The formula guard lives in safe_text so the document writers (raker/documents) share it.
from ..safe_text import neutralise, strip_control_characters
from ..states import participant_role_label, state_title

ASN_LABELS = {"pns": "PNS", "pppk": "PPPK", "non_asn": "Non-ASN"}


def export_columns(event: Event) -> tuple:
    """(header, value) per column. Words, not codes: states and roles by their names; the registration
    time in the meeting's zone, the zone in the header (a secretariat in Samarinda reads WITA)."""
    zone = tz_abbreviation(event.timezone)
    return (
        ("No", lambda n, r: n),
        ("Nama", lambda n, r: r.full_name),
        ("NIP", lambda n, r: format_nip(r.nip)),
        ("Pangkat/Golongan", lambda n, r: rank_label(r.rank)),
        ("Jabatan", lambda n, r: r.position),
        ("Instansi/Unit Kerja", lambda n, r: r.institution),
        ("Delegasi", lambda n, r: r.delegation.name),
        ("Kode Wilayah", lambda n, r: r.delegation.region_code or ""),
        ("Status ASN", lambda n, r: ASN_LABELS.get(r.asn_status, r.asn_status)),
        ("Peran", lambda n, r: participant_role_label(r.role, indonesian=True)),
        ("Email", lambda n, r: r.email),
        ("Ponsel", lambda n, r: r.phone),
        ("Status", lambda n, r: state_title(r.state, indonesian=True)),
        ("Catatan", lambda n, r: r.notes),
        (f"Didaftarkan ({zone})", lambda n, r: r.created_at.astimezone(event.tz).strftime("%Y-%m-%d %H:%M")),
    )


# Cells written as text with the text format "@" rather than an apostrophe: Excel shows the apostrophe
# of a typed-in "'+62…", not of a stored string, and a checked phone number (+ and digits) is no formula.
TEXT_COLUMNS = ("NIP", "Ponsel")
PHONE = re.compile(r"\+?\d{6,20}")


def _value(header: str, value, *, for_csv: bool):
    if header == "Ponsel" and isinstance(value, str) and PHONE.fullmatch(value) and not for_csv:
        return value
    return neutralise(value, for_csv=for_csv)


def _rows(event: Event, registrations: list[Registration], *, for_csv: bool = False):
    columns = export_columns(event)
    for number, registration in enumerate(registrations, start=1):
        yield [_value(header, get(number, registration), for_csv=for_csv) for header, get in columns]


def _csv(header: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel then reads UTF-8 names correctly


PROGRESS_EVERY = 250  # rows


def _counted(rows, total: int, progress):
    """The rows, progress(done, total) called every PROGRESS_EVERY rows and at the last."""
    for done, row in enumerate(rows, start=1):
        yield row
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)


def export_csv(event: Event, registrations: list[Registration], *, progress=None) -> bytes:
    rows = _counted(_rows(event, registrations, for_csv=True), len(registrations), progress)
    return _csv([name for name, _ in export_columns(event)], rows)


def import_report_csv(report) -> bytes:
    """The per-row result of an import run in the background, as the page after an import shows it."""
    return _csv(
        ["Baris", "Nama", "Hasil", "Keterangan"],
        (
            [
                row.line,
                neutralise(strip_control_characters(row.name), for_csv=True),
                "diimpor" if row.ok else "ditolak",
                neutralise(row.message, for_csv=True),
            ]
            for row in report.rows
        ),
    )


def export_xlsx(event: Event, registrations: list[Registration], *, progress=None) -> bytes:
    """Streamed (openpyxl's write-only mode): each row goes to the file as it is made, so 10,000
    participants take time and memory in proportion (the in-memory sheet kept every cell object)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Peserta")
    headers = [name for name, _ in export_columns(event)]
    widths = (5, 32, 24, 26, 36, 40, 32, 12, 10, 12, 32, 16, 20, 30, 18)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="0B4F6C")
    sheet.append([_styled(sheet, name, font=bold, fill=fill) for name in headers])
    # NIP and phone as text: Excel would turn 18 digits into 1.98E+17.
    text_columns = [headers.index(header) for header in TEXT_COLUMNS]
    for row in _counted(_rows(event, registrations), len(registrations), progress):
        for index in text_columns:
            row[index] = _styled(sheet, row[index], number_format="@")
        sheet.append(row)
    workbook.properties.title = neutralise(f"Peserta {event.title}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _styled(sheet, value, **style):
    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell
