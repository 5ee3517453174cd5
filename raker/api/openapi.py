"""The OpenAPI 3 document, built from the API's own URL map and the `operation` notes on each view,
so it cannot list a route that does not exist or miss one that does."""

import re

from flask import current_app

# Control characters (all of C0 but tab, newline and carriage return, and DEL) and the noncharacters
# U+FFFE, U+FFFF are refused in every text field (raker/safe_text.py): PostgreSQL cannot store NUL and
# XLSX/DOCX cannot hold the others.
CONTROL = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f\\ufffe\\uffff"


def text(max_length: int | None, *, required: bool = False, markup: bool = True, **extra) -> dict:
    """A text field as the server checks it: at most `max_length` characters, no control characters;
    `required`: something other than spaces; `markup=False`: no < or > (names shown in documents)."""
    banned = CONTROL + ("" if markup else "<>")
    # At least one character the server does not strip: JSON Schema's \s is ECMAScript's, which leaves out
    # NEL (U+0085), a space to Python's str.split().
    pattern = f"^[^{banned}]*[^\\s\\u0085{banned}][^{banned}]*$" if required else f"^[^{banned}]*$"
    schema = {"type": "string", "pattern": pattern, **extra}
    if max_length is not None:  # None: longer text is cut, not refused
        schema["maxLength"] = max_length
    if required:
        schema["minLength"] = 1
    return schema


SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
# Meeting dates lie within 2000–2100 (a meeting in year 1 or 9999 is a typo, and its statistics would
# walk thousands of years of days).
MEETING_DATE = {"type": "string", "format": "date", "pattern": "^(20[0-9][0-9]|2100)-"}

SCHEMAS: dict[str, dict] = {
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
        "required": [
            "slug",
            "title",
            "theme",
            "host_institution",
            "organiser",
            "organiser_city",
            "venue",
            "city",
            "start_date",
            "end_date",
            "timezone",
            "timezone_abbreviation",
            "status",
            "registration_open",
            "registration_opens_at",
            "registration_closes_at",
            "url",
        ],
        "properties": {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "theme": {"type": "string"},
            "host_institution": {"type": "string", "description": "tuan rumah"},
            "organiser": {
                "type": "string",
                "description": "penyelenggara (kop surat); sama dengan tuan rumah bila kosong",
            },
            "organiser_city": {"type": "string", "description": "tempat surat; kota rapat bila kosong"},
            "venue": {"type": "string"},
            "city": {"type": "string"},
            "start_date": {"type": "string", "format": "date"},
            "end_date": {"type": "string", "format": "date"},
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
        "required": ["id", "name", "region_code", "kind", "quota", "registered"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "region_code": {"type": "string", "nullable": True, "example": "64.01"},
            "kind": {"type": "string", "enum": ["provinsi", "kabupaten", "kota", "kementerian_lembaga", "lainnya"]},
            "quota": {"type": "integer", "nullable": True},
            "registered": {"type": "integer", "description": "approved registrations"},
        },
    },
    "EventInput": {
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "host_institution", "venue", "city", "start_date", "end_date"],
        "properties": {
            "title": text(300, required=True),
            "theme": text(2000),
            "description": text(5000),
            "host_institution": text(300, required=True),
            "organiser": text(300),
            "organiser_city": text(120),
            "venue": text(300, required=True),
            "city": text(120, required=True),
            "address": text(300),
            "slug": text(70),
            "start_date": MEETING_DATE,
            "end_date": {**MEETING_DATE, "description": "tidak sebelum start_date, paling lama 31 hari sesudahnya"},
            "timezone": {
                "type": "string",
                "enum": ["Asia/Makassar", "Asia/Jakarta", "Asia/Jayapura"],
                "default": "Asia/Makassar",
            },
            "status": {"type": "string", "enum": ["draft", "open", "closed", "finished"], "default": "draft"},
            "registration_opens_at": {"type": "string", "format": "date-time", "nullable": True},
            "registration_closes_at": {
                "type": "string",
                "format": "date-time",
                "nullable": True,
                "description": "setelah registration_opens_at",
            },
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
        "additionalProperties": False,
        "required": ["full_name", "delegation", "asn_status", "position", "institution", "email", "phone"],
        "properties": {
            "full_name": text(200, required=True, markup=False, example="Dr. Siti Rahmah, S.Sos., M.Si."),
            "delegation": {
                "oneOf": [{"type": "integer"}, text(None, example="64.01")],
                "description": "id delegasi, atau kode wilayah Kemendagri",
            },
            "asn_status": {"type": "string", "enum": ["pns", "pppk", "non_asn"]},
            "nip": text(40, markup=False, example="19860926 201505 1 001", description="wajib untuk PNS/PPPK"),
            "rank": text(
                8,
                markup=False,
                example="III/a",
                description="PNS: pangkat I/a–IV/e (wajib); PPPK: golongan I–XVII (Perpres No. 98/2020), "
                "misalnya IX; kosong untuk non-ASN",
            ),
            "position": text(200, required=True, markup=False),
            "institution": text(300, required=True, markup=False),
            "email": text(254, required=True, markup=False, format="email"),
            "phone": text(32, required=True, markup=False, example="0812 3456 7890"),
            "role": {
                "type": "string",
                "enum": ["peserta", "narasumber", "moderator", "panitia", "undangan"],
                "default": "peserta",
            },
            "notes": text(1000),
        },
    },
    "RegistrationCreated": {
        "type": "object",
        "required": ["message"],
        "properties": {
            "message": {"type": "string"},
            "id": {"type": "integer", "description": "hanya untuk token sekretariat"},
            "state": {
                "type": "string",
                "enum": ["pending", "approved", "waitlisted"],
                "description": "hanya untuk token sekretariat",
            },
        },
    },
    "Registration": {
        "type": "object",
        "required": [
            "id",
            "state",
            "full_name",
            "delegation",
            "asn_status",
            "nip",
            "rank",
            "position",
            "institution",
            "email",
            "phone",
            "role",
            "notes",
            "source",
            "created_at",
        ],
        "properties": {
            "id": {"type": "integer"},
            "state": {"type": "string"},
            "full_name": {"type": "string"},
            "delegation": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "region_code": {"type": "string", "nullable": True},
                },
            },
            "asn_status": {"type": "string"},
            "nip": {"type": "string", "nullable": True},
            "rank": {"type": "string", "nullable": True},
            "position": {"type": "string"},
            "institution": {"type": "string"},
            "email": {"type": "string"},
            "phone": {"type": "string"},
            "role": {"type": "string"},
            "notes": {"type": "string"},
            "source": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time"},
        },
    },
    "ScanInput": {
        "type": "object",
        "additionalProperties": False,
        "description": "`code` atau `registration_id` wajib ada.",
        "anyOf": [{"required": ["code"]}, {"required": ["registration_id"]}],
        "properties": {
            "code": {
                "type": "string",
                "pattern": f"^[^{CONTROL}]*$",
                "description": "the text read from the QR, e.g. RK1:ABC…",
                "example": "RK1:MFRGGZDFMZTWQ2LKNNWG23TPOA",
            },
            "registration_id": {
                "type": "integer",
                "minimum": 1,
                "maximum": 2**31 - 1,
                "description": "instead of code, after a manual search",
            },
            "gate": {
                "type": "string",
                "nullable": True,
                "pattern": f"^[^{CONTROL}]*$",
                "example": "Pintu Utama",
                "description": "lebih dari 60 karakter dipotong",
            },
            "nonce": {
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
                "pattern": f"^[^{CONTROL}]*$",
                "description": "client-made, makes retries safe",
            },
            "scanned_at": {
                "type": "string",
                "format": "date-time",
                "nullable": True,
                "pattern": "^[2-9][0-9]{3}-",
                "description": "tahun 2000 atau sesudahnya; null atau tanpa: saat diterima",
            },
            "device": {
                "type": "string",
                "nullable": True,
                "pattern": f"^[^{CONTROL}]*$",
                "description": "lebih dari 60 karakter dipotong",
            },
            "session_id": {
                "type": "integer",
                "nullable": True,
                "minimum": 1,
                "maximum": 2**31 - 1,
                "description": "pemindai di pintu ruang sidang: kehadiran sesi acara ini, bukan daftar ulang harian",
            },
        },
    },
    "CheckinAnswer": {
        "type": "object",
        "required": ["status", "message"],
        "properties": {
            "status": {
                "type": "string",
                "enum": [
                    "ok",
                    "already_checked_in",
                    "invalid",
                    "not_approved",
                    "cancelled",
                    "wrong_event",
                    "not_today",
                ],
            },
            "message": {"type": "string"},
            "registration_id": {"type": "integer"},
            "name": {"type": "string"},
            "delegation": {"type": "string"},
            "role": {"type": "string"},
            "checkin_id": {"type": "integer"},
            "checked_in_at": {"type": "string", "format": "date-time"},
            "gate": {"type": "string"},
            "first_checked_in_at": {"type": "string", "format": "date-time"},
            "first_gate": {"type": "string"},
            "needs_review": {"type": "boolean"},
            "session_id": {"type": "integer", "description": "kehadiran sesi (mode ruang)"},
            "attendance_id": {"type": "integer"},
            "member": {"type": "boolean", "description": "anggota komisi sesi itu; false: tetap dicatat, ditandai"},
            "commission": {"type": "string", "example": "Komisi II"},
        },
    },
    "SearchResult": {
        "type": "object",
        "required": [
            "registration_id",
            "name",
            "delegation",
            "role",
            "position",
            "nip_masked",
            "state",
            "checked_in_today",
        ],
        "properties": {
            "registration_id": {"type": "integer"},
            "name": {"type": "string"},
            "delegation": {"type": "string"},
            "role": {"type": "string"},
            "position": {"type": "string"},
            "nip_masked": {"type": "string", "example": "******** ****** 1 001", "description": "kosong tanpa NIP"},
            "state": {"type": "string"},
            "checked_in_today": {"type": "boolean"},
        },
    },
    "CheckinUndone": {
        "type": "object",
        "required": ["status", "message", "checkin_id", "undone_at"],
        "properties": {
            "status": {"type": "string", "enum": ["undone"]},
            "message": {"type": "string"},
            "checkin_id": {"type": "integer"},
            "undone_at": {"type": "string", "format": "date-time"},
        },
    },
    "CheckinStats": {
        "type": "object",
        "required": ["checked_in", "expected", "by_delegation", "by_day"],
        "properties": {
            "checked_in": {"type": "integer"},
            "expected": {"type": "integer"},
            "by_delegation": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "name": {"type": "string"},
                        "region_code": {"type": "string", "nullable": True},
                        "checked_in": {"type": "integer"},
                        "expected": {"type": "integer"},
                    },
                },
            },
            "by_day": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"day": {"type": "string", "format": "date"}, "checked_in": {"type": "integer"}},
                },
            },
            "session": {
                "type": "object",
                "description": "Hanya dengan `session_id`: yang tercatat hadir di sesi itu.",
                "required": ["id", "attended", "expected"],
                "properties": {
                    "id": {"type": "integer"},
                    "attended": {"type": "integer"},
                    "expected": {"type": "integer"},
                },
            },
        },
    },
    "Agenda": {
        "type": "object",
        "required": ["event", "timezone", "version", "published_at", "sessions"],
        "properties": {
            "event": {"type": "string"},
            "timezone": {"type": "string", "example": "Asia/Makassar"},
            "version": {"type": "integer"},
            "published_at": {"type": "string", "format": "date-time"},
            "sessions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "day": {"type": "string", "format": "date"},
                        "starts_at": {"type": "string", "format": "date-time"},
                        "ends_at": {"type": "string", "format": "date-time"},
                        "room": {"type": "string"},
                        "kind": {"type": "string"},
                        "title": {"type": "string"},
                        "description": {"type": "string"},
                        "cancelled": {"type": "boolean"},
                        "people": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "role": {
                                        "type": "string",
                                        "enum": ["narasumber", "moderator", "notulis", "pembawa_acara"],
                                    },
                                    "name": {"type": "string"},
                                    "position": {"type": "string"},
                                    "institution": {"type": "string"},
                                },
                            },
                        },
                        "materials": {"type": "array", "items": {"type": "object"}},
                    },
                },
            },
        },
    },
    "Me": {
        "type": "object",
        "required": ["id", "email", "full_name", "roles"],
        "properties": {
            "id": {"type": "integer"},
            "email": {"type": "string"},
            "full_name": {"type": "string"},
            "roles": {"type": "array", "items": {"type": "string"}},
        },
    },
}

ERROR_RESPONSES = {
    "400": "Permintaan tidak sah",
    "401": "Tanpa token atau token tidak sah",
    "403": "Peran tidak mencukupi",
    "404": "Tidak ditemukan",
    "405": "Metode tidak diizinkan",
    "409": "Bertentangan dengan keadaan data",
    "413": "Data terlalu besar",
    "415": "Bukan JSON",
    "429": "Terlalu banyak permintaan",
}


def resolve(schema: dict) -> dict:
    """A schema, or the component its $ref names."""
    ref = schema.get("$ref", "")
    return SCHEMAS[ref.rsplit("/", 1)[-1]] if ref.startswith("#/components/schemas/") else schema


def closed(schema: dict) -> dict:
    """A request body's object schema with `additionalProperties: false`: the API refuses fields it does
    not know (payload.json_object), so the document says so."""
    if schema.get("type") == "object" and "properties" in schema:
        schema.setdefault("additionalProperties", False)
    return schema


def operation(
    summary: str,
    response: dict,
    *,
    description: str = "",
    tags=("events",),
    status: int = 200,
    request: dict | None = None,
    method: str | None = None,
    also: dict[int, tuple[str, dict]] | None = None,
    query: list[dict] | None = None,
):
    """Attach OpenAPI facts to a view (one per HTTP method). `response` is the success JSON schema;
    `also`: further answers that are not errors, {status: (description, schema)}; `query`: the query
    parameters, as OpenAPI parameter objects without "in"."""

    def decorator(view):
        ops = getattr(view, "openapi", {})
        info = {
            "summary": summary,
            "description": description,
            "response": response,
            "tags": list(tags),
            "status": status,
            "request": closed(request) if request else None,
            "also": also or {},
            "query": [{"in": "query", "required": False, **param} for param in query or ()],
        }
        ops[method or "*"] = info
        view.openapi = ops
        return view

    return decorator


def _path(rule: str) -> tuple[str, list[dict]]:
    params = []

    def replace(match):
        converter, name = match.group(1), match.group(2)
        if converter == "int":
            schema = {"type": "integer", "minimum": 0}
        elif name == "slug":  # as events.services.slugify makes them: anything else is no meeting (404)
            schema = {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 70}
        else:
            schema = {"type": "string"}
        params.append({"name": name, "in": "path", "required": True, "schema": schema})
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
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            info = ops.get(method) or ops["*"]
            roles = getattr(view, "api_roles", {}).get(method)
            op = {
                "operationId": rule.endpoint.removeprefix("api."),
                "summary": info["summary"],
                "tags": info["tags"],
                "parameters": params + info["query"],
                "responses": {
                    str(info["status"]): {
                        "description": "OK",
                        "content": {"application/json": {"schema": info["response"]}},
                    },
                    **{
                        str(code): {"description": text, "content": {"application/json": {"schema": schema}}}
                        for code, (text, schema) in info["also"].items()
                    },
                    **{
                        code: {
                            "description": text,
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                        }
                        for code, text in ERROR_RESPONSES.items()
                    },
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
        "info": {
            "title": "Raker API",
            "version": "1",
            "description": "API rapat kerja: acara, delegasi, pendaftaran, daftar ulang.",
        },
        "servers": [{"url": "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "flask --app run.py users token EMAIL",
                }
            },
        },
    }
