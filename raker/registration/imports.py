"""Participant lists in: XLSX or CSV read within bounds, a column mapping guessed and checked, and the rows
registered with a per-row report (the same rules as the form, through services.register)."""

import csv
import io
import re
import secrets
import zipfile
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from openpyxl import load_workbook
from sqlalchemy import select

from ..audit import record
from ..extensions import db
from ..models import Event, ImportUpload
from ..reference.ranks import normalise_rank
from ..safe_text import FORMULA_STARTS, strip_control_characters
from ..states import state_label
from . import services
from .validation import PERSON_FIELDS, RegistrationInvalid

IMPORT_FIELDS = (PERSON_FIELDS[0], "delegation", *PERSON_FIELDS[1:])  # the name first, as lists begin
REQUIRED_IMPORT_FIELDS = ("full_name", "delegation", "position", "institution", "email", "phone")
# Header names people actually use, lower-cased, for the first guess of the mapping.
HEADER_GUESSES = {
    "full_name": ("nama", "nama lengkap", "name", "full name", "full_name"),
    "delegation": ("delegasi", "utusan", "kabupaten/kota", "delegation", "kode wilayah", "kode"),
    "asn_status": ("status asn", "status kepegawaian", "asn", "asn_status"),
    "nip": ("nip",),
    "rank": ("pangkat/golongan", "pangkat", "golongan", "gol", "rank"),
    "position": ("jabatan", "position"),
    "institution": ("instansi/unit kerja", "instansi", "unit kerja", "institution"),
    "email": ("email", "e-mail", "surel"),
    "phone": ("ponsel", "no hp", "no. hp", "hp", "telepon", "nomor ponsel", "phone", "whatsapp", "wa"),
    "role": ("peran", "role"),
    "notes": ("catatan", "keterangan", "notes"),
}
MAX_IMPORT_ROWS = 5000
MAX_IMPORT_COLUMNS = 50
# An XLSX is a zip: 1.5 kB can declare a sheet of 16,384 columns × 1,048,576 rows, or unpack to
# gigabytes. The declared size and the unpacked size are checked before any cell is read.
MAX_XLSX_UNPACKED = 64 * 1024 * 1024
MAX_CSV_FIELD = 128 * 1024  # Python's own csv limit (field_size_limit), named so the message says it


class ImportFileError(ValueError):
    pass


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # a control character in a cell is dropped: the form would refuse it, and it cannot be meant
    return strip_control_characters(str(value)).strip()


def _too_many_rows() -> ImportFileError:
    return ImportFileError(_("Paling banyak %(n)d baris sekali impor.", n=MAX_IMPORT_ROWS))


def _too_many_columns() -> ImportFileError:
    return ImportFileError(
        _("Paling banyak %(n)d kolom; hapus kolom yang tidak dipakai lalu simpan ulang.", n=MAX_IMPORT_COLUMNS)
    )


def _unreadable_xlsx() -> ImportFileError:
    return ImportFileError(_("Berkas XLSX tidak dapat dibaca. Simpan ulang dari Excel sebagai .xlsx."))


_DIMENSION = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref="[A-Z]{0,3}\d*:?[A-Z]{0,3}(\d+)"')
_SHEET_DATA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheetData[\s>/]")
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_OVERLAP = 64  # longer than any match above: a row tag split between two chunks is counted once


def _check_sheet_rows(data: bytes) -> None:
    """Refuse a sheet of more than MAX_IMPORT_ROWS rows before openpyxl opens the file: for a sheet that
    declares no <dimension>, openpyxl parses the whole sheet just to size it (a 200,000-row file took 3.4 s
    of CPU before anything could say no). The declared size is read from the sheet's head; without one,
    the row tags are counted as the sheet unpacks, stopping at the limit."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            with archive.open(info) as sheet:
                head = sheet.read(64 * 1024)
                before_data = _SHEET_DATA.split(head, 1)[0]
                declared = _DIMENSION.search(before_data)
                if declared is not None:
                    if int(declared.group(1)) > MAX_IMPORT_ROWS + 1:
                        raise _too_many_rows()
                    continue  # openpyxl reads the same tag and stops there
                rows, buffer = 0, head
                while True:
                    limit = len(buffer) - _OVERLAP
                    rows += sum(1 for match in _ROW.finditer(buffer) if match.start() < limit)
                    if rows > MAX_IMPORT_ROWS + 1:
                        raise _too_many_rows()
                    chunk = sheet.read(1024 * 1024)
                    if not chunk:
                        rows += sum(1 for match in _ROW.finditer(buffer) if match.start() >= max(limit, 0))
                        break
                    buffer = buffer[max(limit, 0) :] + chunk
                if rows > MAX_IMPORT_ROWS + 1:
                    raise _too_many_rows()


def _read_xlsx(data: bytes) -> list[list[str]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise _unreadable_xlsx() from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise ImportFileError(_("Isi berkas XLSX terlalu besar; impor paling banyak %(n)d baris.", n=MAX_IMPORT_ROWS))
    _check_sheet_rows(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file  # noqa: BLE001
        raise _unreadable_xlsx() from None
    try:
        sheet = workbook.worksheets[0]
        # read-only mode pads every row to the declared width and height: refuse a huge one first
        if (sheet.max_row or 0) > MAX_IMPORT_ROWS + 1:
            raise _too_many_rows()
        if (sheet.max_column or 0) > MAX_IMPORT_COLUMNS:
            raise _too_many_columns()
        # and never read past the bounds, whatever the sheet declared (or did not)
        rows = sheet.iter_rows(
            max_row=min(sheet.max_row or MAX_IMPORT_ROWS + 2, MAX_IMPORT_ROWS + 2),
            max_col=min(sheet.max_column or MAX_IMPORT_COLUMNS + 1, MAX_IMPORT_COLUMNS + 1),
            values_only=True,
        )
        raw = [[_cell(v) for v in row] for row in rows]
    except ImportFileError:
        raise
    except Exception:  # a malformed sheet fails while it is read, not when it is opened  # noqa: BLE001
        raise _unreadable_xlsx() from None
    finally:
        workbook.close()
    if any(any(row[MAX_IMPORT_COLUMNS:]) for row in raw):
        raise _too_many_columns()
    return [row[:MAX_IMPORT_COLUMNS] for row in raw]


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ImportFileError(_("Berkas harus XLSX atau CSV."))
    dialect: type[csv.Dialect] = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        pass
    raw, filled = [], 0
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            if len(row) > MAX_IMPORT_COLUMNS and any(row[MAX_IMPORT_COLUMNS:]):
                raise _too_many_columns()
            raw.append([_cell(v) for v in row[:MAX_IMPORT_COLUMNS]])
            filled += any(raw[-1])
            if filled > MAX_IMPORT_ROWS + 1:
                raise _too_many_rows()
    except csv.Error:
        # mostly "field larger than field limit": an unclosed quote swallows the rest of the file
        raise ImportFileError(
            _(
                "Berkas CSV tidak dapat dibaca: satu isian lebih dari %(kb)d kB (periksa tanda "
                "petik yang tidak ditutup).",
                kb=MAX_CSV_FIELD // 1024,
            )
        ) from None
    return raw


# Files a secretariat picks by mistake, by their first bytes: a PDF or a picture decodes as cp1252 "text"
# and came out as a table of junk; an Excel 97 workbook (.xls) is no XLSX. By name only the kinds that are
# surely no table: a name's dot may be no suffix at all ("Peserta Kab. Paser", "Daftar v1.2").
NOT_A_TABLE = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"{\\rtf")
OLD_EXCEL = b"\xd0\xcf\x11\xe0"  # the OLE container of .xls and .doc
NOT_A_TABLE_SUFFIXES = ("pdf", "png", "jpg", "jpeg", "gif", "webp", "heic", "doc", "docx", "odt", "rtf", "ppt", "pptx")
MAX_STORED_NAME = 200  # ImportUpload.filename


def read_table(filename: str, data: bytes) -> Table:
    """Read the first sheet of an XLSX, or a CSV (UTF-8, comma or semicolon), within the bounds above."""
    name = filename.lower()
    suffix = name.rsplit(".", 1)[1] if "." in name else ""
    if data.startswith(OLD_EXCEL) or suffix == "xls":
        raise ImportFileError(_("Berkas Excel lama (.xls) tidak dapat dibaca. Simpan ulang dari Excel sebagai .xlsx."))
    if data.startswith(NOT_A_TABLE) or suffix in NOT_A_TABLE_SUFFIXES:
        raise ImportFileError(_("Berkas harus XLSX atau CSV."))
    if data[:4] == b"PK\x03\x04" or name.endswith(".xlsx"):
        raw = _read_xlsx(data)
    else:
        raw = _read_csv(data)
    raw = [row for row in raw if any(row)]
    if len(raw) < 2:
        raise ImportFileError(_("Berkas tidak berisi baris judul kolom dan paling sedikit satu baris data."))
    if len(raw) - 1 > MAX_IMPORT_ROWS:
        raise _too_many_rows()
    headers = raw[0]
    width = len(headers)
    rows = [(row + [""] * width)[:width] for row in raw[1:]]
    return Table(headers, rows)


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    lowered = [h.strip().lower() for h in headers]
    mapping: dict[str, int | None] = {}
    for target, names in HEADER_GUESSES.items():
        mapping[target] = next((i for i, h in enumerate(lowered) if h in names), None)
    return mapping


def check_mapping(mapping: dict[str, int | None], headers: list[str]) -> None:
    missing = [f for f in REQUIRED_IMPORT_FIELDS if mapping.get(f) is None]
    if missing:
        raise ImportFileError(
            _("Kolom wajib belum dipetakan: %(fields)s.", fields=", ".join(field_label(f) for f in missing))
        )
    used = [i for i in mapping.values() if i is not None]
    if any(i >= len(headers) or i < 0 for i in used):
        raise ImportFileError(_("Pemetaan kolom tidak cocok dengan berkas."))


def field_label(name: str) -> str:
    return {
        "full_name": _("Nama lengkap"),
        "delegation": _("Delegasi"),
        "asn_status": _("Status ASN"),
        "nip": "NIP",
        "rank": _("Pangkat/golongan"),
        "position": _("Jabatan"),
        "institution": _("Instansi/unit kerja"),
        "email": _("Email"),
        "phone": _("Ponsel"),
        "role": _("Peran"),
        "notes": _("Catatan"),
        "assignment_letter": _("Surat tugas"),
    }.get(name, name)


ASN_WORDS = {
    "pns": "pns",
    "pppk": "pppk",
    "non-asn": "non_asn",
    "non asn": "non_asn",
    "non_asn": "non_asn",
    "honorer": "non_asn",
    "swasta": "non_asn",
    "": "",
}


@dataclass
class RowResult:
    line: int  # the row's line in the file (header = 1)
    name: str
    ok: bool
    message: str


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return sum(1 for r in self.rows if r.ok)

    @property
    def refused(self) -> int:
        return sum(1 for r in self.rows if not r.ok)


def _unneutralise(value: str) -> str:
    """Undo our own export's guard: "'+62812…" is read back as "+62812…", "a; '=b" as "a; =b"."""
    value = re.sub(r"([;,]\s*)'(?=[=+\-@])", r"\1", value)
    return value[1:] if value.startswith("'") and value[1:2] in FORMULA_STARTS else value


def _row_values(event: Event, row: list[str], mapping: dict[str, int | None]) -> dict:
    values: dict[str, Any] = {
        name: (_unneutralise(row[index]) if index is not None else "") for name, index in mapping.items()
    }
    raw_delegation = values.get("delegation", "")
    values["delegation"] = None
    for delegation in event.delegations:
        if raw_delegation and raw_delegation.lower() in (
            delegation.name.lower(),
            (delegation.region_code or "").lower(),
            str(delegation.id),
        ):
            values["delegation"] = delegation.id
    asn = (values.get("asn_status") or "").strip().lower()
    values["asn_status"] = ASN_WORDS.get(asn, asn) or ("pns" if values.get("nip") else "non_asn")
    values["role"] = (values.get("role") or "peserta").strip().lower()
    values["rank"] = normalise_rank(values.get("rank"))  # "Penata Muda (III/a)", "Golongan IX" as we export them
    return values


def run_import(
    event: Event, table: Table, mapping: dict[str, int | None], *, by, approve: bool, progress=None
) -> ImportReport:
    """Each row through the same rules as the form; a row already registered (same NIP or email)
    is reported and skipped, so importing the same file twice adds nobody twice. progress(done, total),
    if given, is called every 50 rows (an import of thousands of rows runs as a job)."""
    check_mapping(mapping, table.headers)
    report = ImportReport()
    for line, row in enumerate(table.rows, start=2):
        if progress is not None and (line - 2) % 50 == 0:
            progress(line - 2, len(table.rows))
        values = _row_values(event, row, mapping)
        name = values.get("full_name") or f"baris {line}"
        try:
            registration = services.register(
                event,
                services.NewRegistration(values),
                source="import",
                by=by,
                resend_on_duplicate=False,
                approve=approve,
            )
        except RegistrationInvalid as exc:
            problems = "; ".join(f"{field_label(k)}: {v}" for k, v in exc.fields.items())
            report.rows.append(RowResult(line, name, False, problems))
        except services.DuplicateRegistration:
            report.rows.append(RowResult(line, name, False, _("Sudah terdaftar (NIP atau email sama); dilewati.")))
        except services.RegistrationRefused as exc:
            report.rows.append(RowResult(line, name, False, str(exc)))
        else:
            report.rows.append(RowResult(line, name, True, state_label(registration.state)))
    return report


def _stored_name(filename: str) -> str:
    """The name cut to fit its column with its suffix kept: the mapping step and the background job read
    the stored file again by it ("…daftar.xlsx" cut to "…daftar.xl" read as CSV)."""
    if len(filename) <= MAX_STORED_NAME:
        return filename
    stem, dot, suffix = filename.rpartition(".")
    if not dot or len(suffix) > 8:
        return filename[:MAX_STORED_NAME]
    return stem[: MAX_STORED_NAME - len(suffix) - 1] + "." + suffix


def store_upload(event: Event, filename: str, data: bytes, *, by) -> ImportUpload:
    """Keep an uploaded list for its mapping step once it reads as a table (ImportFileError otherwise)."""
    read_table(filename, data)
    stored = ImportUpload(
        key=secrets.token_urlsafe(16), event_id=event.id, user_id=by.id, filename=_stored_name(filename), data=data
    )
    db.session.add(stored)
    db.session.commit()
    return stored


def stored_upload(event: Event, key: str) -> ImportUpload | None:
    return db.session.scalar(select(ImportUpload).where(ImportUpload.key == key, ImportUpload.event_id == event.id))


def finish_import(
    event: Event,
    stored: ImportUpload,
    table: Table,
    mapping: dict[str, int | None],
    *,
    by,
    approve: bool,
    progress=None,
) -> ImportReport:
    """Register the rows, record the import and drop the stored file."""
    report = run_import(event, table, mapping, by=by, approve=approve, progress=progress)
    record(
        "registration.import",
        event,
        event_id=event.id,
        user=by,
        filename=stored.filename,
        imported=report.imported,
        refused=report.refused,
    )
    db.session.delete(stored)
    db.session.commit()
    return report
