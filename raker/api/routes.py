from flask import abort, g, jsonify, url_for

from ..events import services
from ..i18n import tz_abbreviation
from ..models import Event
from ..models.user import ADMIN, SEKRETARIAT
from . import bp
from .auth import api_roles
from .openapi import build_document, operation



def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _is_staff() -> bool:
    user = g.get("api_user")
    return bool(user and user.has_role(ADMIN, SEKRETARIAT))


def event_json(event: Event) -> dict:
    def iso(value):
        return value.isoformat() if value else None

    return {
        "slug": event.slug, "title": event.title, "theme": event.theme,
        "host_institution": event.host_institution, "venue": event.venue, "city": event.city,
        "start_date": event.start_date.isoformat(), "end_date": event.end_date.isoformat(),
        "timezone": event.timezone, "timezone_abbreviation": tz_abbreviation(event.timezone),
        "status": event.status, "registration_open": event.registration_is_open(),
        "registration_opens_at": iso(event.registration_opens_at),
        "registration_closes_at": iso(event.registration_closes_at),
        "url": url_for("events.detail", slug=event.slug, _external=True),
    }


def _visible_event(slug: str) -> Event:
    event = services.event_by_slug(slug)
    if event is None or (not event.is_public and not _is_staff()):
        abort(404)
    return event


@bp.route("/events")
@operation("Daftar rapat", {"type": "array", "items": ref("Event")},
           description="Rapat yang sudah diumumkan; staf sekretariat juga melihat draf.")
def events():
    rows = services.all_events() if _is_staff() else services.public_events()
    return jsonify([event_json(e) for e in rows])


@bp.route("/events/<slug>")
@operation("Satu rapat", ref("Event"))
def event(slug):
    return jsonify(event_json(_visible_event(slug)))


@bp.route("/events/<slug>/delegations")
@operation("Delegasi (utusan) suatu rapat", {"type": "array", "items": ref("Delegation")})
def delegations(slug):
    event = _visible_event(slug)
    counts = services.delegation_counts(event)
    return jsonify([
        {"id": d.id, "name": d.name, "region_code": d.region_code, "kind": d.kind, "quota": d.quota,
         "registered": counts.get(d.id, {}).get("approved", 0)}
        for d in event.delegations
    ])


@bp.route("/me")
@api_roles()
@operation("Pengguna pemilik token", ref("Me"), tags=("accounts",))
def me():
    user = g.api_user
    return jsonify(id=user.id, email=user.email, full_name=user.full_name, roles=sorted(user.roles))


@bp.route("/openapi.json")
def openapi_document():
    return jsonify(build_document())
