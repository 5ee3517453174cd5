"""Reading and checking JSON request bodies: one place for the 400/415 answers."""

from datetime import date, datetime

from flask import abort, current_app, request

from ..web import api_error
from .openapi import resolve


class PayloadError(Exception):
    """Fields at fault, each with a message; answered as 400 with `fields`."""

    def __init__(self, fields: dict[str, str]):
        super().__init__(", ".join(fields))
        self.fields = fields

    def response(self):
        names = ", ".join(self.fields)
        return api_error(400, f"Data tidak sah pada: {names}.", code="validation_error", fields=self.fields)


UNKNOWN_FIELD = "Kolom tidak dikenal (lihat /api/v1/openapi.json)."
UNKNOWN_PARAMETER = "Parameter tidak dikenal (lihat /api/v1/openapi.json)."


def json_object() -> dict:
    """The request's JSON object. A field the API document does not declare for this operation is refused
    (400): a typo such as "fullname" would otherwise be dropped without a word, and the document says
    `additionalProperties: false`, so what it declares is exactly what the API takes."""
    if not request.is_json:
        abort(415, "Kirim data sebagai JSON (Content-Type: application/json).")
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400, "Isi permintaan harus objek JSON yang sah.")
    declared = _declared_request_fields()
    if declared is not None:
        unknown = {_printable(name): UNKNOWN_FIELD for name in data if name not in declared}
        if unknown:
            raise PayloadError(unknown)
    return data


def _operation_note() -> dict | None:
    """The OpenAPI note (openapi.operation) of the current view and method; None for a view without one."""
    view = current_app.view_functions.get(request.endpoint or "")
    notes = getattr(view, "openapi", None)
    if notes is None:
        return None
    return notes.get(request.method) or notes.get("*") or {}


def unknown_query_parameters() -> dict[str, str]:
    """Query parameters the current operation does not declare (a misspelt filter such as ?stat=approved
    would otherwise answer every registration as if it had filtered)."""
    note = _operation_note()
    if note is None or request.method not in ("GET", "HEAD"):
        return {}
    declared = {param["name"] for param in note.get("query", ())}
    return {_printable(name): UNKNOWN_PARAMETER for name in request.args if name not in declared}


def _declared_request_fields() -> set[str] | None:
    """The property names the OpenAPI note of the current view declares for its request body."""
    info = _operation_note() or {}
    schema = resolve(info.get("request") or {})
    properties = schema.get("properties")
    return set(properties) if properties is not None else None


def unknown_fields(data: dict, schema: dict) -> dict[str, str]:
    """The fields of `data` that `schema` (an object schema or its $ref) does not declare."""
    declared = resolve(schema).get("properties", {})
    return {_printable(name): UNKNOWN_FIELD for name in data if name not in declared}


def _printable(name: str) -> str:
    """A field name as it can be shown back in the answer (a name may hold control characters)."""
    return repr(name)[1:-1][:60] or '""'


NULL_REFUSED = 'Harus berupa teks; null tidak diterima (kosongkan dengan "" atau tidak dikirim).'


def nulls(data: dict, names) -> dict[str, str]:
    """Fields sent as null that the API document declares as a type, not nullable: refused, not read as
    empty (what the document says is what the API takes)."""
    return {name: NULL_REFUSED for name in names if name in data and data[name] is None}


def text(data: dict, name: str, errors: dict, *, required=False, max_len=300) -> str:
    value = data.get(name)
    if name in data and value is None:
        errors[name] = NULL_REFUSED
        return ""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[name] = "Wajib diisi."
        return ""
    if not isinstance(value, str):
        errors[name] = "Harus berupa teks."
        return ""
    if len(value) > max_len:
        errors[name] = f"Terlalu panjang (maksimal {max_len} karakter)."
    return value.strip()


def iso_date(data: dict, name: str, errors: dict, *, required=False) -> date | None:
    value = data.get(name)
    if value in (None, ""):
        if required:
            errors[name] = "Wajib diisi (format YYYY-MM-DD)."
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        errors[name] = "Tanggal tidak sah (format YYYY-MM-DD)."
        return None


def iso_datetime(data: dict, name: str, errors: dict) -> datetime | None:
    value = data.get(name)
    if value is None:  # "" is no time either: refused below, as the document says
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        errors[name] = "Waktu tidak sah (ISO 8601 dengan zona waktu, misalnya 2026-08-09T08:00:00+08:00)."
        return None
    if parsed.tzinfo is None:
        errors[name] = "Waktu harus menyertakan zona waktu (misalnya +08:00)."
        return None
    return parsed


def choice(data: dict, name: str, errors: dict, choices, default):
    value = data.get(name, default)
    if value not in choices:
        errors[name] = f"Pilihan tidak dikenal; pilih salah satu: {', '.join(choices)}."
        return default
    return value
