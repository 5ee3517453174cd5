"""Agenda rules: sessions and their people, conflict warnings, publishing with a changelog."""

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import mail
from ..audit import record
from ..extensions import db
from ..ids import id_from
from ..models import (
    NO_MINUTES_KINDS,
    SESSION_KINDS,
    SESSION_ROLES,
    AgendaSession,
    AgendaVersion,
    Availability,
    Event,
    Registration,
    Room,
    SessionMaterial,
    SessionPerson,
    User,
    utcnow,
)
from ..reference.text import N_
from ..uploads import check_pdf


class AgendaError(ValueError):
    """Refused input, naming the field at fault, with a message for the secretariat."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


KIND_LABELS = {
    "daftar_ulang": N_("Daftar Ulang"),
    "pembukaan": N_("Pembukaan"),
    "laporan": N_("Laporan Penyelenggara"),
    "sambutan": N_("Sambutan/Arahan"),
    "paparan": N_("Paparan/Materi"),
    "pleno": N_("Sidang Pleno"),
    "komisi": N_("Sidang Komisi/Kelompok"),
    "tanya_jawab": N_("Tanya Jawab"),
    "ishoma": N_("Ishoma"),
    "rehat": N_("Rehat Kopi"),
    "pembacaan_rumusan": N_("Pembacaan Rumusan"),
    "penutupan": N_("Penutupan"),
    "lainnya": N_("Lainnya"),
}
ROLE_LABELS = {
    "narasumber": N_("Narasumber"),
    "moderator": N_("Moderator"),
    "notulis": N_("Notulis"),
    "pembawa_acara": N_("Pembawa Acara"),
}


# ---- sessions --------------------------------------------------------------------------------


def _check_times(event: Event, starts_at: datetime | None, ends_at: datetime | None) -> None:
    if starts_at is None:
        raise AgendaError(_("Waktu mulai wajib diisi."), "starts_at")
    if ends_at is None:
        raise AgendaError(_("Waktu selesai wajib diisi."), "ends_at")
    if ends_at <= starts_at:
        raise AgendaError(_("Waktu selesai harus setelah waktu mulai."), "ends_at")
    first, last = event.days[0], event.days[-1]
    local_start, local_end = starts_at.astimezone(event.tz), ends_at.astimezone(event.tz)
    if local_start.date() < first or (local_end - timedelta(microseconds=1)).date() > last:
        raise AgendaError(
            _(
                "Sesi harus berada pada hari rapat (%(first)s s.d. %(last)s).",
                first=first.isoformat(),
                last=last.isoformat(),
            ),
            "starts_at",
        )


def _room(event: Event, room_id: int | str | None) -> Room | None:
    if room_id in (None, "", 0):
        return None
    room_key = id_from(room_id)
    room = db.session.get(Room, room_key) if room_key is not None else None
    if room is None or room.event_id != event.id:
        raise AgendaError(_("Ruangan tidak dikenal pada rapat ini."), "room_id")
    return room


def _clean(event: Event, values: dict[str, Any]) -> dict[str, Any]:
    title = " ".join((values.get("title") or "").split())
    if not title:
        raise AgendaError(_("Judul sesi wajib diisi."), "title")
    if len(title) > 300:
        raise AgendaError(_("Judul sesi terlalu panjang (maksimal 300 karakter)."), "title")
    kind = values.get("kind") or "paparan"
    if kind not in SESSION_KINDS:
        raise AgendaError(_("Jenis sesi tidak dikenal."), "kind")
    _check_times(event, values.get("starts_at"), values.get("ends_at"))
    return {
        "title": title,
        "kind": kind,
        "starts_at": values["starts_at"],
        "ends_at": values["ends_at"],
        "room": _room(event, values.get("room_id")),
        "description": (values.get("description") or "").strip()[:5000],
    }


def create_session(event: Event, values: dict[str, Any], *, by: User | None = None) -> AgendaSession:
    clean = _clean(event, values)
    session = AgendaSession(event_id=event.id, **clean)
    db.session.add(session)
    db.session.flush()
    record("agenda.session_create", session, user=by, title=session.title)
    db.session.commit()
    return session


def update_session(session: AgendaSession, values: dict[str, Any], *, by: User | None = None) -> AgendaSession:
    event = db.session.get_one(Event, session.event_id)
    merged = {
        "title": session.title,
        "kind": session.kind,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "room_id": session.room_id,
        "description": session.description,
        **values,
    }
    clean = _clean(event, merged)
    for key, value in clean.items():
        setattr(session, key, value)
    record("agenda.session_update", session, user=by, title=session.title)
    db.session.commit()
    return session


def set_cancelled(session: AgendaSession, cancelled: bool, *, by: User | None = None) -> None:
    session.cancelled = cancelled
    record("agenda.session_cancel" if cancelled else "agenda.session_restore", session, user=by)
    db.session.commit()


def delete_session(session: AgendaSession, *, by: User | None = None) -> None:
    """Only a session never published may disappear; a published one is cancelled instead."""
    if session.id in published_ids(db.session.get_one(Event, session.event_id)):
        raise AgendaError(_("Sesi ini sudah diumumkan: batalkan, jangan hapus, agar peserta diberi tahu."))
    record("agenda.session_delete", session, user=by, title=session.title)
    db.session.delete(session)
    db.session.commit()


def copy_day(event: Event, source: date, target: date, *, by: User | None = None) -> list[AgendaSession]:
    """Copy every session of one day to another (same times, rooms and people)."""
    if source not in event.days or target not in event.days:
        raise AgendaError(_("Kedua tanggal harus hari rapat."))
    if source == target:
        raise AgendaError(_("Pilih hari tujuan yang berbeda."))
    shift = target - source
    copies = []
    for original in sessions_on(event, source):
        copy = AgendaSession(
            event_id=event.id,
            room=original.room,
            starts_at=original.starts_at + shift,
            ends_at=original.ends_at + shift,
            kind=original.kind,
            title=original.title,
            description=original.description,
            cancelled=original.cancelled,
        )
        for person in original.people:
            copy.people.append(
                SessionPerson(
                    role=person.role,
                    registration_id=person.registration_id,
                    user_id=person.user_id,
                    name=person.name,
                    position=person.position,
                    institution=person.institution,
                    email=person.email,
                    token=secrets.token_urlsafe(24),
                )
            )
        db.session.add(copy)
        copies.append(copy)
    db.session.flush()
    record(
        "agenda.copy_day",
        event,
        event_id=event.id,
        user=by,
        source=source.isoformat(),
        target=target.isoformat(),
        count=len(copies),
    )
    db.session.commit()
    return copies


def sessions_on(event: Event, day: date | None = None) -> list[AgendaSession]:
    rows = db.session.scalars(
        select(AgendaSession)
        .where(AgendaSession.event_id == event.id)
        .order_by(AgendaSession.starts_at, AgendaSession.id)
    ).all()
    if day is None:
        return list(rows)
    return [s for s in rows if s.starts_at.astimezone(event.tz).date() == day]


# ---- rooms -----------------------------------------------------------------------------------


def _room_values(name: str | None, capacity: int | None) -> tuple[str, int | None]:
    name = " ".join((name or "").split())
    if not name:
        raise AgendaError(_("Nama ruangan wajib diisi."), "name")
    if len(name) > 120:
        raise AgendaError(_("Nama ruangan terlalu panjang (maksimal 120 karakter)."), "name")
    if "<" in name or ">" in name:
        raise AgendaError(_("Nama ruangan tidak boleh memuat tanda < atau >."), "name")
    if capacity is not None and not 0 <= capacity <= 100000:
        raise AgendaError(_("Kapasitas tidak sah."), "capacity")
    return name, capacity


def _room_name_taken(event_id: int, name: str, except_id: int | None = None) -> bool:
    query = select(Room.id).where(Room.event_id == event_id, func.lower(Room.name) == name.lower())
    if except_id:
        query = query.where(Room.id != except_id)
    return db.session.scalar(query) is not None


def add_room(event: Event, name: str | None, capacity: int | None, *, by: User | None = None) -> Room:
    name, capacity = _room_values(name, capacity)
    if _room_name_taken(event.id, name):
        raise AgendaError(_("Ruangan “%(name)s” sudah ada.", name=name), "name")
    position = db.session.scalar(select(func.max(Room.position)).where(Room.event_id == event.id)) or 0
    room = Room(event_id=event.id, name=name, capacity=capacity, position=position + 1)
    db.session.add(room)
    db.session.flush()
    record("agenda.room_add", room, user=by, name=name)
    db.session.commit()
    return room


def update_room(room: Room, name: str | None, capacity: int | None, *, by: User | None = None) -> Room:
    name, capacity = _room_values(name, capacity)
    if _room_name_taken(room.event_id, name, room.id):
        raise AgendaError(_("Ruangan “%(name)s” sudah ada.", name=name), "name")
    record("agenda.room_update", room, user=by, old=room.name, name=name)
    room.name, room.capacity = name, capacity
    db.session.commit()
    return room


def delete_room(room: Room, *, by: User | None = None) -> None:
    used = db.session.scalar(select(func.count(AgendaSession.id)).where(AgendaSession.room_id == room.id))
    if used:
        raise AgendaError(
            _("Ruangan “%(name)s” masih dipakai %(n)d sesi; pindahkan sesinya dahulu.", name=room.name, n=used),
            "room_id",
        )
    record("agenda.room_delete", room, user=by, name=room.name)
    db.session.delete(room)
    db.session.commit()


# ---- people ----------------------------------------------------------------------------------


def add_person(session: AgendaSession, values: dict[str, Any], *, by: User | None = None) -> SessionPerson:
    role = values.get("role")
    if role not in SESSION_ROLES:
        raise AgendaError(_("Peran tidak dikenal; pilih narasumber, moderator, notulis atau pembawa acara."), "role")
    registration = None
    raw = values.get("registration_id")
    if raw not in (None, "", 0):
        registration_key = id_from(raw)
        registration = db.session.get(Registration, registration_key) if registration_key is not None else None
        if registration is None or registration.event_id != session.event_id:
            raise AgendaError(_("Peserta tidak dikenal pada rapat ini."), "registration_id")
    name = " ".join((values.get("name") or "").split())
    if registration is None and not name:
        raise AgendaError(_("Pilih peserta terdaftar atau isi nama orang luar."), "name")
    if "<" in name or ">" in name:
        raise AgendaError(_("Nama tidak boleh memuat tanda < atau >."), "name")
    person = SessionPerson(
        role=role,
        registration_id=getattr(registration, "id", None),
        name=registration.full_name if registration else name[:200],
        position=(registration.position if registration else (values.get("position") or "").strip())[:200],
        institution=(registration.institution if registration else (values.get("institution") or "").strip())[:300],
        email=(registration.email if registration else (values.get("email") or "").strip())[:254],
        user_id=values.get("user_id"),
        token=secrets.token_urlsafe(24),
    )
    session.people.append(person)
    db.session.flush()
    record("agenda.person_add", session, user=by, role=role, name=person.name)
    db.session.commit()
    return person


def remove_person(person: SessionPerson, *, by: User | None = None) -> None:
    record("agenda.person_remove", person.session, user=by, role=person.role, name=person.name)
    db.session.delete(person)
    db.session.commit()


def person_key(person: Any) -> str:  # a SessionPerson, or anything with its registration_id and name
    """People are the same when they are the same registration, or (outsiders) the same name."""
    if getattr(person, "registration_id", None):
        return f"r:{person.registration_id}"
    return "n:" + " ".join(person.name.lower().split())


def add_availability(
    event: Event, person: SessionPerson, starts_at: datetime, ends_at: datetime, *, by: User | None = None
) -> Availability:
    if ends_at <= starts_at:
        raise AgendaError(_("Akhir ketersediaan harus setelah awalnya."), "ends_at")
    window = Availability(
        event_id=event.id, person_key=person_key(person), person_name=person.name, starts_at=starts_at, ends_at=ends_at
    )
    db.session.add(window)
    record("agenda.availability", event, event_id=event.id, user=by, name=person.name)
    db.session.commit()
    return window


def save_material(
    session: AgendaSession, title: str, filename: str, data: bytes, *, by: User | None = None
) -> SessionMaterial:
    try:
        check_pdf(data, _("Materi"))
    except ValueError as exc:
        raise AgendaError(str(exc), "file") from None
    material = SessionMaterial(
        session=session,
        title=(title or filename or "Materi").strip()[:200],
        filename=(filename or "materi.pdf")[:200],
        size=len(data),
        data=data,
    )
    db.session.add(material)
    record("agenda.material", session, user=by, filename=material.filename)
    db.session.commit()
    return material


# ---- conflicts -------------------------------------------------------------------------------


@dataclass
class Conflict:
    kind: str  # room | person | availability | outside | no_notulis
    message: str
    session_ids: tuple[int, ...]


def _clock(moment: datetime, event: Event) -> str:
    local = moment.astimezone(event.tz)
    return f"{local:%d/%m} {local.hour:02d}.{local.minute:02d}"


def conflicts(event: Event) -> list[Conflict]:
    """Warnings, not blocks: listed before publishing and on the editor."""
    sessions = [s for s in sessions_on(event) if not s.cancelled]
    found: list[Conflict] = []
    for index, a in enumerate(sessions):
        for b in sessions[index + 1 :]:
            if b.starts_at >= a.ends_at:
                break  # sorted by start: no later session overlaps a
            if a.room_id and a.room_id == b.room_id and a.room is not None:
                found.append(
                    Conflict(
                        "room",
                        _(
                            "%(room)s dipakai dua sesi sekaligus: “%(a)s” dan “%(b)s” (%(when)s).",
                            room=a.room.name,
                            a=a.title,
                            b=b.title,
                            when=_clock(b.starts_at, event),
                        ),
                        (a.id, b.id),
                    )
                )
            shared = {person_key(p) for p in a.people} & {person_key(p) for p in b.people}
            for key in sorted(shared):
                name = next(p.name for p in a.people if person_key(p) == key)
                found.append(
                    Conflict(
                        "person",
                        _(
                            "%(name)s dijadwalkan di dua tempat: “%(a)s” dan “%(b)s” (%(when)s).",
                            name=name,
                            a=a.title,
                            b=b.title,
                            when=_clock(b.starts_at, event),
                        ),
                        (a.id, b.id),
                    )
                )
    windows: dict[str, list[Availability]] = {}
    for window in db.session.scalars(select(Availability).where(Availability.event_id == event.id)):
        windows.setdefault(window.person_key, []).append(window)
    first, last = event.days[0], event.days[-1]
    for session in sessions:
        local_start = session.starts_at.astimezone(event.tz).date()
        local_end = (session.ends_at.astimezone(event.tz) - timedelta(microseconds=1)).date()
        if local_start < first or local_end > last:
            found.append(
                Conflict("outside", _("“%(title)s” berada di luar hari rapat.", title=session.title), (session.id,))
            )
        for person in session.people:
            person_windows = windows.get(person_key(person))
            if person_windows and not any(
                w.starts_at <= session.starts_at and session.ends_at <= w.ends_at for w in person_windows
            ):
                found.append(
                    Conflict(
                        "availability",
                        _(
                            "%(name)s tidak tersedia pada “%(title)s” (%(when)s).",
                            name=person.name,
                            title=session.title,
                            when=_clock(session.starts_at, event),
                        ),
                        (session.id,),
                    )
                )
        if session.kind not in NO_MINUTES_KINDS and not any(p.role == "notulis" for p in session.people):
            found.append(
                Conflict("no_notulis", _("“%(title)s” belum punya notulis.", title=session.title), (session.id,))
            )
    return found


# ---- publishing ------------------------------------------------------------------------------


def _utc_iso(moment: datetime) -> str:
    """One spelling for every moment (UTC), so snapshots compare and sort as text."""
    return moment.astimezone(UTC).isoformat()


def snapshot(event: Event) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "starts_at": _utc_iso(s.starts_at),
            "ends_at": _utc_iso(s.ends_at),
            "day": s.starts_at.astimezone(event.tz).date().isoformat(),
            "room": s.room.name if s.room else "",
            "kind": s.kind,
            "title": s.title,
            "description": s.description,
            "cancelled": s.cancelled,
            "people": [
                {
                    "role": p.role,
                    "name": p.name,
                    "position": p.position,
                    "institution": p.institution,
                    "registration_id": p.registration_id,
                }
                for p in s.people
            ],
            "materials": [{"id": m.id, "title": m.title} for m in s.materials],
        }
        for s in sessions_on(event)
    ]


def agenda_document(event: Event, fmt: str) -> bytes:
    """The published susunan acara (before publication: the agenda as it stands) as 'pdf' or 'docx'."""
    if fmt == "docx":
        from ..documents.docx_agenda import agenda_docx as render
    else:
        from ..pdf.agenda import agenda_pdf as render

    published = latest_version(event)
    items, version = (published.snapshot, published.number) if published else (snapshot(event), None)
    return render(event, items, version=version)


def latest_version(event: Event) -> AgendaVersion | None:
    return db.session.scalar(
        select(AgendaVersion).where(AgendaVersion.event_id == event.id).order_by(AgendaVersion.number.desc()).limit(1)
    )


def published_ids(event: Event) -> set[int]:
    version = latest_version(event)
    return {item["id"] for item in version.snapshot} if version else set()


@dataclass(frozen=True)
class Announcement:
    """What a first published version announced: its sessions (cancelled ones left out) and days."""

    sessions: list[dict[str, Any]]
    first_day: date | None
    last_day: date | None


def announced(version: AgendaVersion) -> Announcement:
    sessions = sorted((item for item in version.snapshot if not item.get("cancelled")), key=lambda i: i["starts_at"])
    days = sorted({date.fromisoformat(item["day"]) for item in sessions})
    return Announcement(sessions, days[0] if days else None, days[-1] if days else None)


def changes_between(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """new / moved / cancelled / changed, per session, for the changelog and the emails."""
    old = {item["id"]: item for item in before}
    changes = []
    for item in after:
        previous = old.pop(item["id"], None)
        if previous is None:
            if not item["cancelled"]:
                changes.append(
                    {"type": "new", "id": item["id"], "title": item["title"], "starts_at": item["starts_at"]}
                )
        elif item["cancelled"] and not previous["cancelled"]:
            changes.append(
                {"type": "cancelled", "id": item["id"], "title": item["title"], "starts_at": previous["starts_at"]}
            )
        elif (item["starts_at"], item["ends_at"], item["room"]) != (
            previous["starts_at"],
            previous["ends_at"],
            previous["room"],
        ):
            changes.append(
                {
                    "type": "moved",
                    "id": item["id"],
                    "title": item["title"],
                    "from": previous["starts_at"],
                    "starts_at": item["starts_at"],
                    "from_room": previous["room"],
                    "room": item["room"],
                }
            )
        elif (item["title"], item["people"], item["description"]) != (
            previous["title"],
            previous["people"],
            previous["description"],
        ):
            changes.append(
                {"type": "changed", "id": item["id"], "title": item["title"], "starts_at": item["starts_at"]}
            )
    for gone in old.values():
        if not gone["cancelled"]:
            changes.append(
                {"type": "cancelled", "id": gone["id"], "title": gone["title"], "starts_at": gone["starts_at"]}
            )
    return changes


def publish(
    event: Event, *, by: User | None = None, note: str = "", notify_participants: bool = False
) -> AgendaVersion:
    previous = latest_version(event)
    current = snapshot(event)
    if not current:
        raise AgendaError(_("Susunan acara masih kosong."))
    changes = changes_between(previous.snapshot if previous else [], current)
    if previous is not None and not changes:
        raise AgendaError(_("Tidak ada perubahan sejak versi %(n)d.", n=previous.number))
    version = AgendaVersion(
        event_id=event.id,
        number=(previous.number + 1) if previous else 1,
        snapshot=current,
        changes=changes,
        note=note.strip()[:2000],
        published_by_id=getattr(by, "id", None),
    )
    db.session.add(version)
    db.session.flush()
    record("agenda.publish", event, event_id=event.id, user=by, version=version.number, changes=len(changes))
    _mail_speakers(event, version)
    if notify_participants and previous is not None:
        _mail_participants(event, version)
    db.session.commit()
    return version


def _speaker_assignments(event: Event, number: int, changed_ids: set[int]) -> dict[str, list[SessionPerson]]:
    """{email: sessions} of each narasumber/moderator a publication of version `number` mails: everyone
    the first time, afterwards those whose sessions changed."""
    by_person: dict[str, list[SessionPerson]] = {}
    for session in sessions_on(event):
        if session.cancelled:
            continue
        for person in session.people:
            if person.role in ("narasumber", "moderator") and person.email:
                by_person.setdefault(person.email.lower(), []).append(person)
    return {
        email: assignments
        for email, assignments in by_person.items()
        if number == 1 or any(p.session_id in changed_ids for p in assignments)
    }


def _participant_emails(event: Event) -> list[str]:
    return list(
        db.session.scalars(
            select(Registration.email).where(Registration.event_id == event.id, Registration.state == "approved")
        )
    )


@dataclass
class PublishRecipients:
    speakers: int  # always mailed: their sessions and a confirm/decline link
    participants: int  # mailed only when the secretariat ticks "Kirim email perubahan ke peserta" (not the first time)


def publish_recipients(event: Event) -> PublishRecipients:
    """Who publishing now would mail, for the confirmation before it ("… dan mengirim email ke 163 peserta?")."""
    previous = latest_version(event)
    changes = changes_between(previous.snapshot if previous else [], snapshot(event))
    number = (previous.number + 1) if previous else 1
    speakers = _speaker_assignments(event, number, {c["id"] for c in changes})
    return PublishRecipients(speakers=len(speakers), participants=len(_participant_emails(event)) if previous else 0)


def _mail_speakers(event: Event, version: AgendaVersion) -> None:
    """Each narasumber/moderator with an email gets their sessions and a confirm/decline link."""
    for email, assignments in _speaker_assignments(event, version.number, {c["id"] for c in version.changes}).items():
        mail.queue("agenda.speaker", email, "speaker_sessions", event=event, assignments=assignments, version=version)


def _mail_participants(event: Event, version: AgendaVersion) -> None:
    for email in _participant_emails(event):
        mail.queue("agenda.changes", email, "agenda_changes", event=event, version=version)


def respond(person: SessionPerson, answer: str) -> None:
    if answer not in ("confirmed", "declined"):
        raise AgendaError(_("Jawaban tidak dikenal."))
    person.confirmation = answer
    record("agenda.speaker_" + answer, person.session, name=person.name)
    db.session.commit()


def current_and_next(event: Event, now: datetime | None = None) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """From the published agenda: what is on now ("sedang berlangsung") and what comes next."""
    version = latest_version(event)
    if version is None:
        return [], None
    now = now or utcnow()
    items = [i for i in version.snapshot if not i["cancelled"]]
    running = [i for i in items if datetime.fromisoformat(i["starts_at"]) <= now < datetime.fromisoformat(i["ends_at"])]
    upcoming = [i for i in items if datetime.fromisoformat(i["starts_at"]) > now]
    return running, (upcoming[0] if upcoming else None)


def speakers(event: Event) -> dict[str, SessionPerson]:
    found: dict[str, SessionPerson] = {}
    for session in sessions_on(event):
        for person in session.people:
            if person.role == "narasumber":
                found.setdefault(person_key(person), person)
    return found
