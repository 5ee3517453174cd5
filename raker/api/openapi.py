"""The OpenAPI 3 document, built from the API's own URL map and the `operation` notes on each view,
so it cannot list a route that does not exist or miss one that does."""
import re

from flask import current_app

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string", "example": "not_found"},
            "message": {"type": "string", "example": "Halaman atau data tidak ditemukan."},
        },
    },
    "Event": {
        "type": "object",
        "properties": {
            "slug": {"type": "string"}, "title": {"type": "string"}, "theme": {"type": "string"},
            "host_institution": {"type": "string"}, "venue": {"type": "string"}, "city": {"type": "string"},
            "start_date": {"type": "string", "format": "date"}, "end_date": {"type": "string", "format": "date"},
            "timezone": {"type": "string", "example": "Asia/Makassar"},
            "timezone_abbreviation": {"type": "string", "example": "WITA"},
            "status": {"type": "string", "enum": ["draft", "open", "closed", "finished"]},
            "registration_open": {"type": "boolean"},
            "registration_opens_at": {"type": "string", "format": "date-time", "nullable": True},
            "registration_closes_at": {"type": "string", "format": "date-time", "nullable": True},
            "url": {"type": "string", "format": "uri"},
        },
    },
    "Delegation": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"}, "name": {"type": "string"},
            "region_code": {"type": "string", "nullable": True, "example": "64.01"},
            "kind": {"type": "string", "enum": ["provinsi", "kabupaten", "kota", "kementerian_lembaga", "lainnya"]},
            "quota": {"type": "integer", "nullable": True},
            "registered": {"type": "integer", "description": "approved registrations"},
        },
    },
    "EventInput": {
        "type": "object",
        "required": ["title", "host_institution", "venue", "city", "start_date", "end_date"],
        "properties": {
            "title": {"type": "string"}, "theme": {"type": "string"}, "description": {"type": "string"},
            "host_institution": {"type": "string"}, "venue": {"type": "string"}, "city": {"type": "string"},
            "address": {"type": "string"}, "slug": {"type": "string"},
            "start_date": {"type": "string", "format": "date"}, "end_date": {"type": "string", "format": "date"},
            "timezone": {"type": "string", "enum": ["Asia/Makassar", "Asia/Jakarta", "Asia/Jayapura"], "default": "Asia/Makassar"},
            "status": {"type": "string", "enum": ["draft", "open", "closed", "finished"], "default": "draft"},
            "registration_opens_at": {"type": "string", "format": "date-time"},
            "registration_closes_at": {"type": "string", "format": "date-time"},
            "paper_size": {"type": "string", "enum": ["A4", "F4"], "default": "A4"},
        },
    },
    "ValidationError": {
        "type": "object",
        "required": ["error", "message", "fields"],
        "properties": {
            "error": {"type": "string", "example": "validation_error"},
            "message": {"type": "string"},
            "fields": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    },
    "RegistrationInput": {
        "type": "object",
        "required": ["full_name", "delegation", "asn_status", "position", "institution", "email", "phone"],
        "properties": {
            "full_name": {"type": "string", "example": "Dr. Siti Rahmah, S.Sos., M.Si."},
            "delegation": {"oneOf": [{"type": "integer"}, {"type": "string", "example": "64.01"}],
                           "description": "id delegasi, atau kode wilayah Kemendagri"},
            "asn_status": {"type": "string", "enum": ["pns", "pppk", "non_asn"]},
            "nip": {"type": "string", "example": "19860926 201505 1 001", "description": "wajib untuk PNS/PPPK"},
            "rank": {"type": "string", "example": "III/a", "description": "pangkat/golongan; wajib untuk PNS"},
            "position": {"type": "string"}, "institution": {"type": "string"},
            "email": {"type": "string", "format": "email"},
            "phone": {"type": "string", "example": "0812 3456 7890"},
            "role": {"type": "string", "enum": ["peserta", "narasumber", "moderator", "panitia", "undangan"],
                     "default": "peserta"},
            "notes": {"type": "string"},
        },
    },
    "RegistrationCreated": {
        "type": "object", "required": ["message"],
        "properties": {"message": {"type": "string"},
                       "id": {"type": "integer", "description": "hanya untuk token sekretariat"},
                       "state": {"type": "string", "enum": ["pending", "approved", "waitlisted"],
                                 "description": "hanya untuk token sekretariat"}},
    },
    "Registration": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"}, "state": {"type": "string"}, "full_name": {"type": "string"},
            "delegation": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                                                            "region_code": {"type": "string", "nullable": True}}},
            "asn_status": {"type": "string"}, "nip": {"type": "string", "nullable": True},
            "rank": {"type": "string", "nullable": True}, "position": {"type": "string"},
            "institution": {"type": "string"}, "email": {"type": "string"}, "phone": {"type": "string"},
            "role": {"type": "string"}, "notes": {"type": "string"}, "source": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time"},
        },
    },
    "ScanInput": {
        "type": "object",
        "properties": {
            "code": {"type": "string", "description": "the text read from the QR, e.g. RK1:ABC…", "example": "RK1:MFRGGZDFMZTWQ2LKNNWG23TPOA"},
            "registration_id": {"type": "integer", "description": "instead of code, after a manual search"},
            "gate": {"type": "string", "example": "Pintu Utama"},
            "nonce": {"type": "string", "maxLength": 64, "description": "client-made, makes retries safe"},
            "scanned_at": {"type": "string", "format": "date-time"},
            "device": {"type": "string"},
        },
    },
    "CheckinAnswer": {
        "type": "object",
        "required": ["status", "message"],
        "properties": {
            "status": {"type": "string", "enum": ["ok", "already_checked_in", "invalid", "not_approved", "cancelled",
                                                  "wrong_event", "not_today"]},
            "message": {"type": "string"},
            "registration_id": {"type": "integer"}, "name": {"type": "string"}, "delegation": {"type": "string"},
            "role": {"type": "string"}, "checkin_id": {"type": "integer"},
            "checked_in_at": {"type": "string", "format": "date-time"}, "gate": {"type": "string"},
            "first_checked_in_at": {"type": "string", "format": "date-time"}, "first_gate": {"type": "string"},
            "needs_review": {"type": "boolean"},
        },
    },
    "CheckinStats": {
        "type": "object",
        "properties": {
            "checked_in": {"type": "integer"}, "expected": {"type": "integer"},
            "by_delegation": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "integer"}, "name": {"type": "string"}, "region_code": {"type": "string", "nullable": True},
                "checked_in": {"type": "integer"}, "expected": {"type": "integer"}}}},
            "by_day": {"type": "array", "items": {"type": "object", "properties": {
                "day": {"type": "string", "format": "date"}, "checked_in": {"type": "integer"}}}},
        },
    },
    "Agenda": {
        "type": "object",
        "properties": {
            "event": {"type": "string"}, "timezone": {"type": "string", "example": "Asia/Makassar"},
            "version": {"type": "integer"}, "published_at": {"type": "string", "format": "date-time"},
            "sessions": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "integer"}, "day": {"type": "string", "format": "date"},
                "starts_at": {"type": "string", "format": "date-time"}, "ends_at": {"type": "string", "format": "date-time"},
                "room": {"type": "string"}, "kind": {"type": "string"}, "title": {"type": "string"},
                "description": {"type": "string"}, "cancelled": {"type": "boolean"},
                "people": {"type": "array", "items": {"type": "object", "properties": {
                    "role": {"type": "string", "enum": ["narasumber", "moderator", "notulis", "pembawa_acara"]},
                    "name": {"type": "string"}, "position": {"type": "string"}, "institution": {"type": "string"}}}},
                "materials": {"type": "array", "items": {"type": "object"}}}}},
        },
    },
    "Me": {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "email": {"type": "string"}, "full_name": {"type": "string"},
                       "roles": {"type": "array", "items": {"type": "string"}}},
    },
}

ERROR_RESPONSES = {
    "400": "Permintaan tidak sah", "401": "Tanpa token atau token tidak sah", "403": "Peran tidak mencukupi",
    "404": "Tidak ditemukan", "405": "Metode tidak diizinkan", "409": "Bertentangan dengan keadaan data",
    "413": "Data terlalu besar", "415": "Bukan JSON",
    "429": "Terlalu banyak permintaan",
}


def operation(summary: str, response: dict, *, description: str = "", tags=("events",),
              status: int = 200, request: dict | None = None, method: str | None = None):
    """Attach OpenAPI facts to a view (one per HTTP method). `response` is the success JSON schema."""

    def decorator(view):
        ops = getattr(view, "openapi", {})
        info = {"summary": summary, "description": description, "response": response, "tags": list(tags),
                "status": status, "request": request}
        ops[method or "*"] = info
        view.openapi = ops
        return view

    return decorator


def _path(rule: str) -> tuple[str, list[dict]]:
    params = []

    def replace(match):
        converter, name = match.group(1), match.group(2)
        params.append({"name": name, "in": "path", "required": True,
                       "schema": {"type": "integer" if converter == "int" else "string"}})
        return "{" + name + "}"

    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", replace, rule), params


def build_document() -> dict:
    paths: dict = {}
    for rule in current_app.url_map.iter_rules():
        if not rule.endpoint.startswith("api."):
            continue
        view = current_app.view_functions[rule.endpoint]
        ops = getattr(view, "openapi", None)
        if ops is None:
            continue
        path, params = _path(rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            info = ops.get(method) or ops["*"]
            roles = getattr(view, "api_roles", {}).get(method)
            op = {
                "operationId": rule.endpoint.removeprefix("api."),
                "summary": info["summary"],
                "tags": info["tags"],
                "parameters": params,
                "responses": {
                    str(info["status"]): {"description": "OK", "content": {"application/json": {"schema": info["response"]}}},
                    **{code: {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                       for code, text in ERROR_RESPONSES.items()},
                },
            }
            if info["request"]:
                op["requestBody"] = {"required": True, "content": {"application/json": {"schema": info["request"]}}}
            if info["description"]:
                op["description"] = info["description"]
            if roles is not None:
                op["security"] = [{"bearerAuth": []}]
                if roles != ("*",):
                    op["description"] = (op.get("description", "") + f" Peran: {', '.join(roles)}.").strip()
            paths.setdefault(path, {})[method.lower()] = op
    return {
        "openapi": "3.0.3",
        "info": {"title": "Raker API", "version": "1", "description": "API rapat kerja: acara, delegasi, pendaftaran, daftar ulang."},
        "servers": [{"url": "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "flask --app run.py users token EMAIL"}},
        },
    }
