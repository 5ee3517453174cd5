import time

from flask import abort, g, jsonify, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..audit import record
from ..auth import may, route_event
from ..events import services
from ..extensions import db
from ..i18n import TIMEZONE_CHOICES, tz_abbreviation
from ..ids import MAX_ID, id_from
from ..models import (
    DEFAULT_TIMEZONE,
    EVENT_STATUSES,
    PAPER_SIZES,
    PARTICIPANT_ROLES,
    REGISTRATION_STATES,
    Event,
    Registration,
    User,
)
from ..models.user import ADMIN, SEKRETARIAT
from ..registration import services as registration_services
from ..registration.routes import answer_no_sooner, public_registration_limit
from ..registration.validation import PERSON_FIELDS, RegistrationInvalid
from ..urls import public_url
from ..web import api_error
from . import payload
from .auth import api_roles
from .blueprint import bp
from .openapi import build_document, operation


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _is_staff(event: Event) -> bool:
    user = g.get("api_user")
    return bool(user and may(user, (SEKRETARIAT,), event))


def event_json(event: Event) -> dict:
    def iso(value):
        return value.isoformat() if value else None

    return {
        "slug": event.slug,
        "title": event.title,
        "theme": event.theme,
        "host_institution": event.host_institution,
        "organiser": event.organiser_name,
        "organiser_city": event.place_of_issue,
        "venue": event.venue,
        "city": event.city,
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "timezone": event.timezone,
        "timezone_abbreviation": tz_abbreviation(event.timezone),
        "status": event.status,
        "registration_open": event.registration_is_open(),
        "registration_opens_at": iso(event.registration_opens_at),
        "registration_closes_at": iso(event.registration_closes_at),
        "url": public_url("events.detail", slug=event.slug),
    }


def _visible_event(slug: str) -> Event:
    event = route_event({"slug": slug})
    if not event.is_public and not _is_staff(event):
        abort(404)
    return event


@bp.route("/events", methods=["GET", "POST"])
@api_roles(SEKRETARIAT, methods=("POST",), global_only=True)
@operation(
    "Daftar rapat",
    {"type": "array", "items": ref("Event")},
    method="GET",
    description="Rapat yang sudah diumumkan; sekretariat juga melihat draf rapat yang ditugaskan kepadanya.",
)
@operation("Buat rapat", ref("Event"), method="POST", status=201, request=ref("EventInput"))
def events():
    if request.method == "POST":
        return create_event()
    rows = services.events_for(g.get("api_user"))
    return jsonify([event_json(e) for e in rows])


def _event_values(data: dict) -> dict:
    errors: dict[str, str] = {}
    values = {
        "title": payload.text(data, "title", errors, required=True),
        "theme": payload.text(data, "theme", errors, max_len=2000),
        "description": payload.text(data, "description", errors, max_len=5000),
        "host_institution": payload.text(data, "host_institution", errors, required=True),
        "organiser": payload.text(data, "organiser", errors),
        "organiser_city": payload.text(data, "organiser_city", errors, max_len=120),
        "venue": payload.text(data, "venue", errors, required=True),
        "city": payload.text(data, "city", errors, required=True, max_len=120),
        "address": payload.text(data, "address", errors),
        "start_date": payload.iso_date(data, "start_date", errors, required=True),
        "end_date": payload.iso_date(data, "end_date", errors, required=True),
        "timezone": payload.choice(data, "timezone", errors, [tz for tz, _ in TIMEZONE_CHOICES], DEFAULT_TIMEZONE),
        "status": payload.choice(data, "status", errors, EVENT_STATUSES, "draft"),
        "paper_size": payload.choice(data, "paper_size", errors, PAPER_SIZES, "A4"),
        "registration_opens_at": payload.iso_datetime(data, "registration_opens_at", errors),
        "registration_closes_at": payload.iso_datetime(data, "registration_closes_at", errors),
    }
    if errors:
        raise payload.PayloadError(errors)
    return values


def create_event():
    data = payload.json_object()
    slug_errors: dict[str, str] = {}
    slug = payload.text(data, "slug", slug_errors, max_len=70) or None
    try:
        values = _event_values(data)
        if slug_errors:
            raise payload.PayloadError(slug_errors)
        event = services.create_event(values, slug=slug, by=g.api_user)
    except payload.PayloadError as exc:
        exc.fields.update(slug_errors)  # a slug that is no text is named with the other faults
        return exc.response()
    except services.EventError as exc:
        db.session.rollback()
        return payload.PayloadError({exc.field or "title": str(exc)}).response()
    response = jsonify(event_json(event))
    response.status_code = 201
    response.headers["Location"] = url_for("api.event", slug=event.slug)
    return response


@bp.route("/events/<slug>")
@operation("Satu rapat", ref("Event"))
def event(slug):
    return jsonify(event_json(_visible_event(slug)))


@bp.route("/events/<slug>/delegations")
@operation("Delegasi (utusan) suatu rapat", {"type": "array", "items": ref("Delegation")})
def delegations(slug):
    event = _visible_event(slug)
    counts = services.delegation_counts(event)
    return jsonify(
        [
            {
                "id": d.id,
                "name": d.name,
                "region_code": d.region_code,
                "kind": d.kind,
                "quota": d.quota,
                "registered": counts.get(d.id, {}).get("approved", 0),
            }
            for d in event.delegations
        ]
    )


def registration_json(registration: Registration) -> dict:
    return {
        "id": registration.id,
        "state": registration.state,
        "full_name": registration.full_name,
        "delegation": {
            "id": registration.delegation_id,
            "name": registration.delegation.name,
            "region_code": registration.delegation.region_code,
        },
        "asn_status": registration.asn_status,
        "nip": registration.nip,
        "rank": registration.rank,
        "position": registration.position,
        "institution": registration.institution,
        "email": registration.email,
        "phone": registration.phone,
        "role": registration.role,
        "notes": registration.notes,
        "source": registration.source,
        "created_at": registration.created_at.isoformat(),
    }


def _delegation_id(event: Event, raw) -> object:
    """`delegation` is the id (a number) or the Kemendagri region code (a string such as "64.01")."""
    if isinstance(raw, str):
        for delegation in event.delegations:
            if delegation.region_code == raw.strip():
                return delegation.id
        return id_from(raw.strip())
    return raw if isinstance(raw, int) and not isinstance(raw, bool) else None


_CHECK_EMAIL = (
    "Periksa email Anda: status pendaftaran dan tautan pribadi dikirim ke alamat email yang terdaftar untuk rapat ini."
)


REGISTRATIONS_PAGE = 1000  # registrations per answer of the list (and the most ?limit= asks for)


@bp.route("/events/<slug>/registrations", methods=["GET", "POST"])
@public_registration_limit
@api_roles(SEKRETARIAT, methods=("GET",))
@operation(
    "Pendaftar suatu rapat (staf)",
    {"type": "array", "items": ref("Registration")},
    method="GET",
    tags=("registrations",),
    description="Saring dengan ?state=, ?delegation= (id), ?role=. Urut menurut id, paling banyak ?limit= "
    f'(bawaan {REGISTRATIONS_PAGE}) sekali minta; bila masih ada, header `Link` rel="next" berisi alamat '
    "halaman berikutnya (?after= id terakhir).",
    query=[
        {"name": "state", "schema": {"type": "string", "enum": list(REGISTRATION_STATES)}},
        {"name": "delegation", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}},
        {"name": "role", "schema": {"type": "string", "enum": list(PARTICIPANT_ROLES)}},
        {"name": "limit", "schema": {"type": "integer", "minimum": 1, "maximum": REGISTRATIONS_PAGE}},
        {"name": "after", "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ID}},
    ],
)
@operation(
    "Daftar sebagai peserta",
    ref("RegistrationCreated"),
    method="POST",
    status=201,
    tags=("registrations",),
    request=ref("RegistrationInput"),
    description="Tanpa token selama pendaftaran dibuka. Aturan, kuota dan status sama dengan formulir. "
    "Tanpa token jawabannya hanya `message` (periksa email), juga bila NIP/email sudah "
    "terdaftar (tautan pribadi dikirim ulang); `id` dan `state` hanya untuk token sekretariat, "
    "yang mendapat 409 duplicate. 409: registration_closed, quota_full. "
    "429: terlalu banyak pendaftaran dari satu alamat (REGISTRATION_RATE_LIMIT).",
)
def registrations(slug):
    event = _visible_event(slug)
    if request.method == "GET":
        query = select(Registration).where(Registration.event_id == event.id)
        errors = {}
        state = request.args.get("state", "")
        role = request.args.get("role", "")
        delegation = request.args.get("delegation", "")
        # A filter that is not one of the choices is a mistake to tell, not an empty list.
        if "state" in request.args and state not in REGISTRATION_STATES:
            errors["state"] = f"Pilihan tidak dikenal; pilih salah satu: {', '.join(REGISTRATION_STATES)}."
        if "role" in request.args and role not in PARTICIPANT_ROLES:
            errors["role"] = f"Pilihan tidak dikenal; pilih salah satu: {', '.join(PARTICIPANT_ROLES)}."
        if "delegation" in request.args and id_from(delegation) is None:
            errors["delegation"] = "Harus id delegasi (bilangan bulat positif)."
        limit = request.args.get("limit", str(REGISTRATIONS_PAGE))
        if not (limit.isdecimal() and 1 <= int(limit) <= REGISTRATIONS_PAGE):
            errors["limit"] = f"Harus bilangan bulat 1 sampai {REGISTRATIONS_PAGE}."
        after = request.args.get("after", "0")
        if not (after.isdecimal() and int(after) <= MAX_ID):
            errors["after"] = "Harus id pendaftar (bilangan bulat, 0 atau lebih)."
        if errors:
            return payload.PayloadError(errors).response()
        if state:
            query = query.where(Registration.state == state)
        if delegation:
            query = query.where(Registration.delegation_id == int(delegation))
        if role:
            query = query.where(Registration.role == role)
        # A page at a time, by id (keyset: the next page starts after the last id, whatever is added or
        # removed meanwhile): a national meeting's 10,000 people in one answer took seconds and megabytes.
        rows = db.session.scalars(
            query.where(Registration.id > int(after))
            .options(selectinload(Registration.delegation))
            .order_by(Registration.id)
            .limit(int(limit) + 1)
        ).all()
        more = len(rows) > int(limit)
        rows = rows[: int(limit)]
        # Before the commit, which expires every row read (reading one again is a statement).
        body = [registration_json(r) for r in rows]
        following = None
        if more:
            filters = {key: request.args[key] for key in ("state", "delegation", "role") if request.args.get(key)}
            following = public_url("api.registrations", slug=event.slug, **filters, limit=limit, after=rows[-1].id)
        record("export.api_registrations", event, event_id=event.id, user=g.api_user, count=len(rows))
        db.session.commit()
        answer = jsonify(body)
        if following:
            answer.headers["Link"] = f'<{following}>; rel="next"'
        return answer
    data = payload.json_object()
    refused = payload.nulls(data, (*PERSON_FIELDS, "delegation"))
    if refused:
        return payload.PayloadError(refused).response()
    values = {name: data.get(name) for name in PERSON_FIELDS}
    values["delegation"] = _delegation_id(event, data.get("delegation"))
    by = g.get("api_user")
    staff = _is_staff(event)
    check_email = {"message": _CHECK_EMAIL}
    started = time.monotonic()
    try:
        registration = registration_services.register(
            event, registration_services.NewRegistration(values), source="api", by=by
        )
    except RegistrationInvalid as exc:
        return payload.PayloadError(exc.fields).response()
    except registration_services.DuplicateRegistration as exc:
        if staff:
            return api_error(409, str(exc), code=exc.code)
        answer_no_sooner(started)
        return jsonify(check_email), 201  # as for a new registration: no oracle for a NIP or email
    except registration_services.RegistrationRefused as exc:
        if not staff:
            answer_no_sooner(started)
        return api_error(409, str(exc), code=exc.code)
    if not staff:
        answer_no_sooner(started)
        return jsonify(check_email), 201
    return jsonify({**check_email, "id": registration.id, "state": registration.state}), 201


@bp.route("/events/<slug>/agenda")
@operation(
    "Susunan acara yang diumumkan",
    ref("Agenda"),
    tags=("agenda",),
    description="Versi terakhir yang diumumkan; waktu dalam UTC (ISO 8601), zona rapat di `timezone`.",
)
def agenda(slug):
    from ..agenda.services import latest_version

    event = _visible_event(slug)
    version = latest_version(event)
    if version is None:
        return api_error(404, "Susunan acara belum diumumkan.", code="not_published")
    return jsonify(
        {
            "event": event.slug,
            "timezone": event.timezone,
            "version": version.number,
            "published_at": version.published_at.isoformat(),
            "sessions": version.snapshot,
        }
    )


@bp.route("/me")
@api_roles()
@operation("Pengguna pemilik token", ref("Me"), tags=("accounts",))
def me():
    user = g.api_user
    return jsonify(id=user.id, email=user.email, full_name=user.full_name, roles=sorted(user.roles))


@bp.route("/users")
@api_roles(ADMIN)
@operation("Semua pengguna (khusus administrator)", {"type": "array", "items": ref("Me")}, tags=("accounts",))
def users():
    rows = db.session.scalars(select(User).order_by(User.email))
    return jsonify([{"id": u.id, "email": u.email, "full_name": u.full_name, "roles": sorted(u.roles)} for u in rows])


@bp.route("/openapi.json")
def openapi_document():
    return jsonify(build_document())
