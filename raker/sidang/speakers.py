"""The speaker list of the plenary: delegates ask for the floor from their phones on the item under
discussion ("minta bicara"; an "interupsi" goes before every waiting request), the pimpinan sidang
reorders it, gives the floor in turn, and the speaking time of each delegation is kept."""

from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..checkin.services import active_checkin
from ..extensions import db
from ..models import REQUEST_KINDS, Event, Registration, RumusanItem, SpeakerRequest, User, utcnow
from ..transitions import transition
from . import SidangRefused
from .quorum import settings_for
from .version import touch

# waiting -> speaking (given the floor) -> done; a waiting request can be withdrawn by the delegate.
TRANSITIONS = {"waiting": {"speaking", "withdrawn"}, "speaking": {"done"}}
OPEN_ITEM_STATES = ("draft", "proposed")  # still under discussion: not yet adopted or dropped


def current_item(event: Event) -> RumusanItem | None:
    item_id = settings_for(event).current_item_id
    return db.session.get(RumusanItem, item_id) if item_id else None


def waiting(event: Event, item: RumusanItem | None = None) -> list[SpeakerRequest]:
    """The waiting list of the item (the current one by default), in speaking order."""
    item = item or current_item(event)
    if item is None:
        return []
    return list(
        db.session.scalars(
            select(SpeakerRequest)
            .where(
                SpeakerRequest.event_id == event.id,
                SpeakerRequest.item_id == item.id,
                SpeakerRequest.state == "waiting",
            )
            .order_by(SpeakerRequest.position, SpeakerRequest.id)
        )
    )


def speaking(event: Event) -> SpeakerRequest | None:
    return db.session.scalar(
        select(SpeakerRequest).where(SpeakerRequest.event_id == event.id, SpeakerRequest.state == "speaking")
    )


def _renumber(requests: list[SpeakerRequest]) -> None:
    for position, request in enumerate(requests):
        request.position = position


def request_floor(event: Event, registration: Registration, kind: str = "bicara") -> SpeakerRequest:
    """Refused (nothing recorded): an unknown kind, someone not approved for this meeting or not checked in
    today, no item under discussion or one already decided, a second open request on the same item."""
    if kind not in REQUEST_KINDS:
        raise SidangRefused(_("Pilih minta bicara atau interupsi."), "unknown_kind", 400)
    if registration.event_id != event.id or registration.state != "approved":
        raise SidangRefused(
            _("Hanya peserta rapat ini yang disetujui yang dapat meminta bicara."), "not_participant", 403
        )
    if active_checkin(registration.id, event.today()) is None:
        raise SidangRefused(
            _("Anda belum tercatat hadir hari ini; daftar ulang dulu di meja registrasi."), "not_present", 403
        )
    item = current_item(event)
    if item is None:
        raise SidangRefused(_("Belum ada butir yang sedang dibahas."), "no_item")
    if item.state not in OPEN_ITEM_STATES:
        raise SidangRefused(_("Butir ini sudah diputuskan; permintaan bicara ditutup."), "item_closed")
    queue = waiting(event, item)
    request = SpeakerRequest(
        event_id=event.id,
        item_id=item.id,
        registration_id=registration.id,
        delegation_id=registration.delegation_id,
        kind=kind,
    )
    if kind == "interupsi":  # after the interupsi already waiting, before every request to speak
        at = sum(1 for r in queue if r.kind == "interupsi")
        queue.insert(at, request)
    else:
        queue.append(request)
    db.session.add(request)
    _renumber(queue)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise SidangRefused(_("Anda sudah ada dalam daftar pembicara butir ini."), "already_waiting") from None
    record("speaker.request", request, event_id=event.id, user=None, kind=kind, item_id=item.id)
    touch(event.id)
    db.session.commit()
    return request


def _request_of(event: Event, request_id: int) -> SpeakerRequest:
    request = db.session.get(SpeakerRequest, request_id)
    if request is None or request.event_id != event.id:
        raise SidangRefused(_("Permintaan bicara tidak ditemukan."), "not_found", 404)
    return request


def move(event: Event, request_id: int, to_index: int, *, by: User | None = None) -> list[SpeakerRequest]:
    """Put a waiting request at `to_index` of the waiting list (the pimpinan's order)."""
    request = _request_of(event, request_id)
    queue = [r for r in waiting(event) if r.id != request.id]
    if request.state != "waiting" or request.item_id != getattr(current_item(event), "id", None):
        raise SidangRefused(_("Hanya permintaan yang menunggu yang dapat dipindah."), "not_waiting")
    queue.insert(max(0, min(int(to_index), len(queue))), request)
    _renumber(queue)
    record("speaker.move", request, event_id=event.id, user=by, to=to_index)
    touch(event.id)
    db.session.commit()
    return queue


def _refused(from_state: str, to_state: str) -> SidangRefused:
    if from_state == "speaking":
        return SidangRefused(_("Tidak ada yang sedang berbicara."), "nobody_speaking")
    return SidangRefused(_("Hanya permintaan yang menunggu yang dapat diberi waktu bicara."), "not_waiting")


def _finish(request: SpeakerRequest, *, by: User | None) -> None:
    transition(
        request, "done", TRANSITIONS, by=by, audit_action="speaker.end", refuse=_refused, event_id=request.event_id
    )
    request.ended_at = utcnow()


def give_floor(event: Event, request_id: int | None = None, *, by: User | None = None) -> SpeakerRequest | None:
    """End the current speaker and give the floor to `request_id` (or the first waiting one)."""
    now_speaking = speaking(event)
    if now_speaking is not None:
        _finish(now_speaking, by=by)
    queue = waiting(event)
    chosen: SpeakerRequest | None
    if request_id is not None:
        chosen = _request_of(event, request_id)
        if chosen.state != "waiting":
            db.session.rollback()
            raise SidangRefused(_("Hanya permintaan yang menunggu yang dapat diberi waktu bicara."), "not_waiting")
    else:
        chosen = queue[0] if queue else None
    if chosen is not None:
        transition(
            chosen, "speaking", TRANSITIONS, by=by, audit_action="speaker.start", refuse=_refused, event_id=event.id
        )
        chosen.started_at = utcnow()
        _renumber([r for r in queue if r.id != chosen.id])
    touch(event.id)
    db.session.commit()
    return chosen


def end_speaker(event: Event, *, by: User | None = None) -> None:
    now_speaking = speaking(event)
    if now_speaking is None:
        raise SidangRefused(_("Tidak ada yang sedang berbicara."), "nobody_speaking")
    _finish(now_speaking, by=by)
    touch(event.id)
    db.session.commit()


def withdraw(event: Event, registration: Registration) -> None:
    """The delegate takes back their waiting request."""
    request = db.session.scalar(
        select(SpeakerRequest).where(
            SpeakerRequest.event_id == event.id,
            SpeakerRequest.registration_id == registration.id,
            SpeakerRequest.state == "waiting",
        )
    )
    if request is None:
        raise SidangRefused(_("Anda tidak sedang menunggu giliran bicara."), "not_waiting")
    transition(
        request, "withdrawn", TRANSITIONS, by=None, audit_action="speaker.withdraw", refuse=_refused, event_id=event.id
    )
    _renumber([r for r in waiting(event) if r.id != request.id])
    touch(event.id)
    db.session.commit()


def speaking_seconds_by_delegation(event: Event, *, running: bool = True) -> dict[int, int]:
    """Seconds each delegation has spoken in the meeting (the current speaker up to now; without
    `running`, finished speeches only — what the live state carries, so that it changes only with a change)."""
    totals: dict[int, int] = defaultdict(int)
    now = utcnow()
    where = [SpeakerRequest.event_id == event.id, SpeakerRequest.started_at.is_not(None)]
    if not running:
        where.append(SpeakerRequest.ended_at.is_not(None))
    rows = db.session.scalars(select(SpeakerRequest).where(*where))
    for row in rows:
        started = row.started_at
        assert started is not None  # the query's condition
        totals[row.delegation_id] += int(((row.ended_at or now) - started).total_seconds())
    return dict(totals)
