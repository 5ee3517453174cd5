"""The agenda's reads for its pages: one meeting's rooms, sessions, people, materials and versions, each
looked up inside its meeting (None when the id belongs to another one), and the published agenda shaped
for the templates. The writes and their rules are in services.py."""

from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..ids import id_from
from ..models import AgendaSession, AgendaVersion, Availability, Event, Room, SessionMaterial, SessionPerson
from . import services
from .services import KIND_LABELS, ROLE_LABELS

ROLE_ORDER = ("pembawa_acara", "narasumber", "moderator", "notulis")


def labels() -> dict[str, Any]:
    """The kinds' and roles' words in the reader's language, for the templates."""
    return {
        "kind_labels": {k: _(v) for k, v in KIND_LABELS.items()},
        "role_labels_agenda": {k: _(v) for k, v in ROLE_LABELS.items()},
    }


def rooms(event: Event) -> list[Room]:
    return list(db.session.scalars(select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.name)))


def room(event: Event, room_id: str | int | None) -> Room | None:
    room_key = id_from(room_id)
    found = db.session.get(Room, room_key) if room_key is not None else None
    return found if found is not None and found.event_id == event.id else None


def room_usage(event: Event) -> dict[int | None, int]:
    """How many sessions each room holds (None: sessions without a room)."""
    rows = db.session.execute(
        select(AgendaSession.room_id, func.count(AgendaSession.id))
        .where(AgendaSession.event_id == event.id)
        .group_by(AgendaSession.room_id)
    )
    return {room_id: count for room_id, count in rows}


def session(event: Event, session_id: int) -> AgendaSession | None:
    found = db.session.get(AgendaSession, session_id)
    return found if found is not None and found.event_id == event.id else None


def person(event: Event, person_id: int) -> SessionPerson | None:
    found = db.session.get(SessionPerson, person_id)
    return found if found is not None and found.session.event_id == event.id else None


def person_by_token(token: str) -> SessionPerson | None:
    return db.session.scalar(select(SessionPerson).where(SessionPerson.token == token))


def meeting_of(found: SessionPerson) -> Event:
    return db.session.get_one(Event, found.session.event_id)


def material(event: Event, material_id: int) -> SessionMaterial | None:
    found = db.session.get(SessionMaterial, material_id)
    return found if found is not None and found.session.event_id == event.id else None


def versions(event: Event) -> list[AgendaVersion]:
    """Every published version, the newest first."""
    return list(
        db.session.scalars(
            select(AgendaVersion).where(AgendaVersion.event_id == event.id).order_by(AgendaVersion.number.desc())
        )
    )


def availability_by_person(event: Event, people: list[SessionPerson]) -> dict[str, list[Availability]]:
    """The time windows recorded for these people, by person key, in time order."""
    keys = {services.person_key(p) for p in people}
    if not keys:
        return {}
    windows = db.session.scalars(
        select(Availability)
        .where(Availability.event_id == event.id, Availability.person_key.in_(list(keys)))
        .order_by(Availability.starts_at)
    ).all()
    by_key: dict[str, list[Availability]] = {}
    for window in windows:
        by_key.setdefault(window.person_key, []).append(window)
    return by_key


def has_unpublished_changes(event: Event, version: AgendaVersion | None) -> bool:
    current = services.snapshot(event)
    if version is None:
        return bool(current)
    return bool(services.changes_between(version.snapshot, current))


def _key_of(person: dict[str, Any]) -> str:
    return services.person_key(SimpleNamespace(registration_id=person.get("registration_id"), name=person["name"]))


def published_items(event: Event, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Snapshot dicts with parsed times, live materials and speaker page ids, for the templates."""
    ids = [item["id"] for item in items]
    materials: dict[int, list[Any]] = {}
    if ids:
        rows = db.session.execute(
            select(SessionMaterial.id, SessionMaterial.session_id, SessionMaterial.title, SessionMaterial.size)
            .where(SessionMaterial.session_id.in_(ids))
            .order_by(SessionMaterial.id)
        ).all()
        for row in rows:
            materials.setdefault(row.session_id, []).append(row)
    speaker_pages = {key: found.id for key, found in services.speakers(event).items()}
    shown = []
    for item in items:
        people = sorted(item["people"], key=lambda p: ROLE_ORDER.index(p["role"]) if p["role"] in ROLE_ORDER else 9)
        shown.append(
            {
                **item,
                "start": datetime.fromisoformat(item["starts_at"]),
                "end": datetime.fromisoformat(item["ends_at"]),
                "day_date": date.fromisoformat(item["day"]),
                "people": [
                    {**p, "page": speaker_pages.get(_key_of(p)) if p["role"] == "narasumber" else None} for p in people
                ],
                "material_rows": materials.get(item["id"], []),
            }
        )
    return shown


def by_day(items: list[dict[str, Any]]) -> list[tuple[date, list[dict[str, Any]]]]:
    days: dict[date, list[dict[str, Any]]] = {}
    for item in sorted(items, key=lambda i: (i["starts_at"], i["id"])):
        days.setdefault(item["day_date"], []).append(item)
    return sorted(days.items())


def speaker_sessions(event: Event, found: SessionPerson) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The person as the published agenda names them, and the published sessions where they speak."""
    key = services.person_key(found)
    version = services.latest_version(event)
    published = [
        item
        for item in (version.snapshot if version else [])
        if any(p["role"] == "narasumber" and _key_of(p) == key for p in item["people"])
    ]
    own = next(
        (p for item in published for p in item["people"] if _key_of(p) == key and p["role"] == "narasumber"), None
    )
    return own, published


def published_session(event: Event, session_id: int) -> dict[str, Any] | None:
    version = services.latest_version(event)
    return next((i for i in (version.snapshot if version else []) if i["id"] == session_id), None)
