"""The scanner's room mode: attendance of one agenda session (a sidang komisi, the pleno) scanned at
its room's door, exactly once per person and session, online or replayed from a phone's queue.

Someone who is not a member of the session's commission is recorded all the same, and marked
(`member` False, an amber answer "bukan anggota Komisi II"): the daftar hadir of a session is evidence
of who sat in the room (it backs the SPJ), delegations move a member between commissions on the day,
and the petugas at the door can neither check nor settle that. Turning the person away would leave no
trace of them while they walk in anyway; the commission's secretary sees the mark on the list and
settles it. A refusal stays a refusal as at the gate: an unknown code, a registration not approved or
cancelled, and a scan on a day the session is not held."""

import functools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..i18n import format_clock, format_day
from ..models import (
    NO_MINUTES_KINDS,
    AgendaSession,
    Commission,
    CommissionMember,
    Event,
    Registration,
    SessionAttendance,
)
from ..reference.text import N_
from .conflicts import Insert, insert_or_nothing

UNKNOWN_SESSION = N_("Sesi tidak dikenal atau dibatalkan: pilih sesi lain di pemindai.")


@dataclass(frozen=True)
class ScannerSession:
    """A session the scanner can be set to, with the commission whose room it is held in."""

    id: int
    title: str
    day: date
    room: str
    when: str  # "Senin, 9 Agustus 2026 14.30"
    commission_id: int | None
    commission_number: int | None
    commission_name: str | None

    def as_config(self) -> dict[str, Any]:
        commission = (
            {"number": self.commission_number, "name": self.commission_name}
            if self.commission_number is not None
            else None
        )
        return {
            "id": self.id,
            "title": self.title,
            "day": self.day.isoformat(),
            "room": self.room,
            "when": self.when,
            "commission": commission,
        }


def _commission_of(session: AgendaSession) -> Commission | None:
    """A sidang komisi belongs to the commission that meets in its room; other sessions to none."""
    if session.kind != "komisi" or session.room_id is None:
        return None
    return db.session.scalar(
        select(Commission)
        .where(Commission.event_id == session.event_id, Commission.room_id == session.room_id)
        .order_by(Commission.number)
        .limit(1)
    )


def _describe(event: Event, session: AgendaSession) -> ScannerSession:
    from ..sidang.commissions import commission_name

    commission = _commission_of(session)
    starts = session.starts_at.astimezone(event.tz)
    return ScannerSession(
        id=session.id,
        title=session.title,
        day=starts.date(),
        room=session.room.name if session.room else "",
        when=f"{format_day(starts.date())} {format_clock(session.starts_at, event.timezone, with_zone=False)}",
        commission_id=getattr(commission, "id", None),
        commission_number=getattr(commission, "number", None),
        commission_name=commission_name(commission.number) if commission else None,
    )


def scanner_sessions(event: Event) -> list[ScannerSession]:
    """The sessions a petugas can record at a room's door: every held session that is no break and no
    daftar ulang, in the order of the agenda."""
    sessions = db.session.scalars(
        select(AgendaSession)
        .options(joinedload(AgendaSession.room))
        .where(
            AgendaSession.event_id == event.id,
            AgendaSession.cancelled.is_(False),
            AgendaSession.kind.not_in(NO_MINUTES_KINDS),
        )
        .order_by(AgendaSession.starts_at, AgendaSession.id)
    ).all()
    return [_describe(event, s) for s in sessions]


def session_for_scans(event: Event, session_id: int) -> ScannerSession | None:
    """The session a scan names, if it is one of this meeting's and held."""
    session = db.session.get(AgendaSession, session_id)
    if session is None or session.event_id != event.id or session.cancelled:
        return None
    return _describe(event, session)


@functools.cache
def _new_attendance(dialect: str) -> Insert:
    return insert_or_nothing(SessionAttendance, dialect, ("session_id", "registration_id"))


def _member(session: ScannerSession, registration_id: int) -> bool | None:
    if session.commission_id is None:
        return None
    return (
        db.session.scalar(
            select(CommissionMember.id).where(
                CommissionMember.commission_id == session.commission_id,
                CommissionMember.registration_id == registration_id,
            )
        )
        is not None
    )


def attend(
    event: Event,
    session: ScannerSession,
    registration_id: int,
    *,
    scanned: datetime,
    received: datetime,
    gate: str,
    device: str,
    user_id: int | None,
    manual: bool,
    offline: bool,
) -> dict[str, Any]:
    """Record one approved participant at a session (the caller checked the registration): the fields
    of the answer. INSERT … ON CONFLICT DO NOTHING on (session, registration): of two doors scanning
    one badge at once, exactly one records it; the other is answered `already_checked_in`."""
    where = {"session_id": session.id}
    if scanned.astimezone(event.tz).date() != session.day:
        return {"status": "not_today", "message": _("Sesi ini tidak berlangsung hari ini."), **where}
    member = _member(session, registration_id)
    connection = db.session.connection()
    attendance_id = connection.execute(
        _new_attendance(connection.dialect.name),
        {
            "event_id": event.id,
            "session_id": session.id,
            "registration_id": registration_id,
            "commission_id": session.commission_id,
            "member": member,
            "scanned_at": scanned,
            "received_at": received,
            "gate": gate,
            "device": device,
            "user_id": user_id,
            "method": "manual" if manual else "qr",
            "offline": offline,
        },
    ).scalar()
    if attendance_id is None:
        first = db.session.scalars(
            select(SessionAttendance).where(
                SessionAttendance.session_id == session.id, SessionAttendance.registration_id == registration_id
            )
        ).one()
        return {
            "status": "already_checked_in",
            "message": _("Sudah tercatat hadir di sesi ini."),
            **where,
            "attendance_id": first.id,
            "first_checked_in_at": first.scanned_at.isoformat(),
            "first_gate": first.gate,
        }
    answer = {
        "status": "ok",
        "message": _("Tercatat hadir di sesi ini."),
        **where,
        "attendance_id": attendance_id,
        "checked_in_at": scanned.isoformat(),
        "gate": gate,
    }
    if member is not None:
        answer.update(member=member, commission=session.commission_name)
        if not member:
            answer["message"] = _(
                "Bukan anggota %(commission)s; tetap dicatat hadir.", commission=session.commission_name
            )
    return answer


def session_attendance(session: AgendaSession) -> list[SessionAttendance]:
    """Who was present at a session, in the order they came in, each with their registration (and its
    delegation) loaded: what the per-commission daftar hadir lists. `member` False marks someone of
    another commission; None a session that is no commission's."""
    return list(
        db.session.scalars(
            select(SessionAttendance)
            .options(joinedload(SessionAttendance.registration).joinedload(Registration.delegation))
            .where(SessionAttendance.session_id == session.id)
            .order_by(SessionAttendance.scanned_at, SessionAttendance.id)
        )
    )


def session_counter(session: ScannerSession) -> dict[str, Any]:
    """The room scanner's counter: people recorded at this session (once each, members of another
    commission too), against the approved members of its commission, or every approved participant of
    the meeting when the session is no commission's (the pleno)."""
    attended = db.session.scalar(
        select(func.count(SessionAttendance.id)).where(SessionAttendance.session_id == session.id)
    )
    expected = select(func.count(Registration.id)).where(Registration.state == "approved")
    if session.commission_id is not None:
        expected = expected.join(CommissionMember, CommissionMember.registration_id == Registration.id).where(
            CommissionMember.commission_id == session.commission_id
        )
    else:
        expected = expected.join(AgendaSession, AgendaSession.event_id == Registration.event_id).where(
            AgendaSession.id == session.id
        )
    return {"id": session.id, "attended": attended or 0, "expected": db.session.scalar(expected) or 0}
