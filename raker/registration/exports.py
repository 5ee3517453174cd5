"""Participant lists out (XLSX, CSV); lists in are imports.py."""

import csv
import io
import re
from collections.abc import Sequence

from sqlalchemy import Row, Select

from ..extensions import db
from ..i18n import tz_abbreviation
from ..models import Delegation, Event, Registration
from ..reference.nip import format_nip
from ..reference.ranks import rank_label

# The formula guard lives in safe_text so the document writers (raker/documents) share it.
from ..safe_text import neutralise, strip_control_characters
from ..states import participant_role_label, state_title

ASN_LABELS = {"pns": "PNS", "pppk": "PPPK", "non_asn": "Non-ASN"}


# What the lists print, read as plain rows rather than as Registration objects: for 10,000 people the
# objects (their state, their delegation's lazy load, the garbage collector walking them) cost more
# than writing the file.
LISTED = (
    Registration.full_name,
    Registration.nip,
    Registration.rank,
    Registration.position,
    Registration.institution,
    Delegation.name.label("delegation_name"),
    Delegation.region_code.label("region_code"),
    Registration.asn_status,
    Registration.role,
    Registration.email,
    Registration.phone,
    Registration.state,
    Registration.notes,
    Registration.created_at,
)


def listed_rows(query: Select) -> Sequence[Row]:
    """The registrations of `query` (queries.filtered_query: its filters and its order) as the lists
    print them: the columns of LISTED, one statement, every row read before the first is written (a
    progress write on another connection must not wait on an open SQLite read)."""
    listed = query.with_only_columns(*LISTED).join(Delegation, Delegation.id == Registration.delegation_id)
    return db.session.execute(listed).all()


def export_columns(event: Event) -> tuple:
    """(header, value) per column, the value of (number, row) with row one of listed_rows(). Words, not
    codes: states and roles by their names; the registration time in the meeting's zone, the zone in
    the header (a secretariat in Samarinda reads WITA)."""
    zone, tz = tz_abbreviation(event.timezone), event.tz
    return (
        ("No", lambda n, r: n),
        ("Nama", lambda n, r: r.full_name),
        ("NIP", lambda n, r: format_nip(r.nip)),
        ("Pangkat/Golongan", lambda n, r: rank_label(r.rank)),
        ("Jabatan", lambda n, r: r.position),
        ("Instansi/Unit Kerja", lambda n, r: r.institution),
        ("Delegasi", lambda n, r: r.delegation_name),
        ("Kode Wilayah", lambda n, r: r.region_code or ""),
        ("Status ASN", lambda n, r: ASN_LABELS.get(r.asn_status, r.asn_status)),
        ("Peran", lambda n, r: participant_role_label(r.role, indonesian=True)),
        ("Email", lambda n, r: r.email),
        ("Ponsel", lambda n, r: r.phone),
        ("Status", lambda n, r: state_title(r.state, indonesian=True)),
        ("Catatan", lambda n, r: r.notes),
        (f"Didaftarkan ({zone})", lambda n, r: r.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")),
    )


# Cells written as text with the text format "@" rather than an apostrophe: Excel shows the apostrophe
# of a typed-in "'+62…", not of a stored string, and a checked phone number (+ and digits) is no formula.
TEXT_COLUMNS = ("NIP", "Ponsel")
PHONE = re.compile(r"\+?\d{6,20}")


def _rows(event: Event, registrations: Sequence[Row], *, for_csv: bool = False):
    """Each registration's values, guarded by neutralise(); in the XLSX a checked phone number as it is."""
    columns = export_columns(event)
    getters = [get for _, get in columns]
    phone = [header for header, _ in columns].index("Ponsel")
    for number, registration in enumerate(registrations, start=1):
        values = [get(number, registration) for get in getters]
        kept = values[phone]
        values = [neutralise(value, for_csv=for_csv) for value in values]
        if not for_csv and isinstance(kept, str) and PHONE.fullmatch(kept):
            values[phone] = kept
        yield values


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


def export_csv(event: Event, registrations: Sequence[Row], *, progress=None) -> bytes:
    """registrations: listed_rows()."""
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


XLSX_WIDTHS = (5, 32, 24, 26, 36, 40, 32, 12, 10, 12, 32, 16, 20, 30, 18)  # characters, per column


def export_xlsx(event: Event, registrations: Sequence[Row], *, progress=None) -> bytes:
    """registrations: listed_rows(). Streamed (openpyxl's write-only mode) through the lists' row writer
    (raker.documents.xlsx_lists): a row is written as one string as it is made, so 10,000
    participants take time in proportion and no cell objects."""
    from ..documents.xlsx_lists import table_workbook

    headers = [name for name, _ in export_columns(event)]
    return table_workbook(
        sheet_title="Peserta",
        file_title=f"Peserta {event.title}",
        headers=headers,
        widths=XLSX_WIDTHS,
        rows=_counted(_rows(event, registrations), len(registrations), progress),
        # NIP and phone as text: Excel would turn 18 digits into 1.98E+17.
        text_columns={headers.index(header) for header in TEXT_COLUMNS},
    )
