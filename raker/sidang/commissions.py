"""Commissions (sidang komisi): Komisi I, II, III with a topic, a room, a pimpinan and a sekretaris, and
the participants assigned to each — by hand, or split per delegation (e.g. two of each delegation to
each commission)."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import joinedload
from werkzeug.datastructures import MultiDict

from ..audit import record
from ..extensions import db
from ..ids import id_from
from ..models import AgendaSession, Commission, CommissionMember, Event, Registration, Room, User
from ..models.sidang import ROMAN
from ..models.sidang import commission_name as commission_name  # the commission's name, for its callers
from ..registration.queries import filtered_query
from . import SidangRefused

if TYPE_CHECKING:
    from ..registration.imports import ImportReport, Table

MAX_COMMISSIONS = 12
MAX_TOPIC = 300
# Who sits in a commission: the delegates. Narasumber, moderators and the committee serve the meeting.
MEMBER_ROLES = ("peserta", "undangan")


def commissions_of(event: Event) -> list[Commission]:
    return list(
        db.session.scalars(select(Commission).where(Commission.event_id == event.id).order_by(Commission.number))
    )


def sessions_of(commission: Commission, sessions: Sequence[AgendaSession]) -> list[AgendaSession]:
    """Of the meeting's sidang komisi sessions, the ones held in the commission's room (its daftar hadir
    is printed per session, as the scanner counts a session's attendance by its room's commission);
    none when it has no room or none is held there, not the other commissions' sessions."""
    if commission.room_id is None:
        return []
    return [s for s in sessions if s.room_id == commission.room_id]


def sitting_days(event: Event, commission: Commission, sessions: Sequence[AgendaSession]) -> list[date]:
    """The days a commission's daftar hadir is offered for: those it sits (its sidang in its room), or every
    meeting day while the agenda holds none for it (a list to print before the sittings are planned)."""
    days = sorted({s.starts_at.astimezone(event.tz).date() for s in sessions_of(commission, sessions)})
    return days or list(event.days)


def _clean_topic(topic: str) -> str:
    topic = " ".join((topic or "").split())
    if not topic:
        raise SidangRefused(_("Tulis topik komisi."), "topic_required", 400)
    if len(topic) > MAX_TOPIC:
        raise SidangRefused(_("Topik terlalu panjang (maksimal %(n)s karakter).", n=MAX_TOPIC), "too_long", 400)
    return topic


def _room(event: Event, room_id: int | str | None) -> Room | None:
    if room_id in (None, ""):
        return None
    found = id_from(room_id)
    room = db.session.get(Room, found) if found else None
    if room is None or room.event_id != event.id:
        raise SidangRefused(_("Ruangan tidak dikenal."), "unknown_room", 400)
    return room


def create_commission(
    event: Event, topic: str, *, room_id: int | str | None = None, by: User | None = None
) -> Commission:
    topic = _clean_topic(topic)
    room = _room(event, room_id)
    count = db.session.scalar(select(func.count(Commission.id)).where(Commission.event_id == event.id)) or 0
    if count >= MAX_COMMISSIONS:
        raise SidangRefused(_("Paling banyak %(n)s komisi.", n=MAX_COMMISSIONS), "too_many", 400)
    number = (db.session.scalar(select(func.max(Commission.number)).where(Commission.event_id == event.id)) or 0) + 1
    commission = Commission(event_id=event.id, number=number, topic=topic, room_id=getattr(room, "id", None))
    db.session.add(commission)
    db.session.flush()
    record("commission.create", commission, event_id=event.id, user=by, name=commission_name(number), topic=topic)
    db.session.commit()
    return commission


def update_commission(
    commission: Commission,
    *,
    topic: str,
    room_id: int | str | None = None,
    chair_id: int | str | None = None,
    secretary_id: int | str | None = None,
    by: User | None = None,
) -> Commission:
    """The pimpinan and sekretaris are members of the commission (or nobody yet)."""
    event = db.session.get(Event, commission.event_id)
    assert event is not None  # a commission's meeting (the row cascades with it)
    commission.topic = _clean_topic(topic)
    commission.room_id = getattr(_room(event, room_id), "id", None)
    member_ids = {m.registration_id for m in commission.members}
    for field, value in (("chair_id", chair_id), ("secretary_id", secretary_id)):
        given = value not in (None, "")
        value = id_from(value) if given else None
        if given and value not in member_ids:  # an id that is none ("²") is no member either
            db.session.rollback()
            raise SidangRefused(_("Pimpinan dan sekretaris komisi dipilih dari anggotanya."), "not_member", 400)
        setattr(commission, field, value)
    if commission.chair_id and commission.chair_id == commission.secretary_id:
        db.session.rollback()
        raise SidangRefused(_("Pimpinan dan sekretaris komisi tidak boleh orang yang sama."), "same_person", 400)
    record(
        "commission.update", commission, event_id=commission.event_id, user=by, name=commission_name(commission.number)
    )
    db.session.commit()
    return commission


def _check_member(commission: Commission, registration: Registration) -> None:
    if registration.event_id != commission.event_id:
        raise SidangRefused(_("Peserta itu bukan peserta rapat ini."), "wrong_event", 400)
    if registration.state != "approved":
        raise SidangRefused(_("Hanya peserta yang disetujui yang dapat masuk komisi."), "not_approved", 400)


def assign(commission: Commission, registration: Registration, *, by: User | None = None) -> CommissionMember:
    """Put a participant in a commission, moving them from another one (a person sits in one commission)."""
    _check_member(commission, registration)
    member = db.session.scalar(select(CommissionMember).where(CommissionMember.registration_id == registration.id))
    previous = member.commission if member else None
    if member is None:
        member = CommissionMember(registration_id=registration.id)
    elif previous is not None and previous.id == commission.id:
        return member
    if previous is not None:
        _leave_office(previous, registration.id)
    member.commission_id = commission.id
    db.session.add(member)
    db.session.flush()
    record(
        "commission.assign",
        registration,
        user=by,
        commission=commission_name(commission.number),
        moved_from=commission_name(previous.number) if previous else None,
    )
    db.session.commit()
    return member


def _leave_office(commission: Commission, registration_id: int) -> None:
    if commission.chair_id == registration_id:
        commission.chair_id = None
    if commission.secretary_id == registration_id:
        commission.secretary_id = None


def unassign(registration: Registration, *, by: User | None = None) -> None:
    member = db.session.scalar(select(CommissionMember).where(CommissionMember.registration_id == registration.id))
    if member is None:
        return
    name = commission_name(member.commission.number)
    _leave_office(member.commission, registration.id)
    db.session.delete(member)
    record("commission.unassign", registration, user=by, commission=name)
    db.session.commit()


def split_by_delegation(event: Event, per_commission: int, *, by: User | None = None) -> dict[str, int]:
    """For each delegation, its approved delegates not yet in a commission, in name order, up to
    `per_commission` to each commission in turn, starting with the commission that has the fewest of
    that delegation. Those already assigned stay. Returns {"assigned": n, "left": m} (left: more
    delegates than places)."""
    if not isinstance(per_commission, int) or not 1 <= per_commission <= 50:
        raise SidangRefused(_("Jumlah per delegasi per komisi antara 1 dan 50."), "bad_number", 400)
    commissions = commissions_of(event)
    if not commissions:
        raise SidangRefused(_("Buat komisi dulu."), "no_commissions", 400)
    people = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.state == "approved", Registration.role.in_(MEMBER_ROLES))
        .order_by(Registration.delegation_id, Registration.full_name, Registration.id)
    ).all()
    seated: dict[int, int] = {
        registration_id: commission_id
        for registration_id, commission_id in db.session.execute(
            select(CommissionMember.registration_id, CommissionMember.commission_id)
            .join(Commission, Commission.id == CommissionMember.commission_id)
            .where(Commission.event_id == event.id)
        )
    }
    filled: dict[tuple[int, int], int] = defaultdict(int)  # (delegation, commission) -> members
    by_delegation: dict[int, list[Registration]] = defaultdict(list)
    for person in people:
        if person.id in seated:
            filled[(person.delegation_id, seated[person.id])] += 1
        else:
            by_delegation[person.delegation_id].append(person)
    assigned = left = 0
    for delegation_id, waiting in by_delegation.items():
        for person in waiting:
            open_ = [c for c in commissions if filled[(delegation_id, c.id)] < per_commission]
            if not open_:
                left += 1
                continue
            target = min(open_, key=lambda c: (filled[(delegation_id, c.id)], c.number))
            db.session.add(CommissionMember(commission_id=target.id, registration_id=person.id))
            filled[(delegation_id, target.id)] += 1
            assigned += 1
    record(
        "commission.split",
        event,
        event_id=event.id,
        user=by,
        per_commission=per_commission,
        assigned=assigned,
        left=left,
    )
    db.session.commit()
    return {"assigned": assigned, "left": left}


def commission_of(registration: Registration) -> Commission | None:
    return db.session.scalar(
        select(Commission)
        .join(CommissionMember, CommissionMember.commission_id == Commission.id)
        .where(CommissionMember.registration_id == registration.id)
    )


# ---- import: NIP or check-in code -> commission -------------------------------------------------

ID_HEADERS = ("nip", "kode", "kode daftar ulang", "kode qr", "kode check-in", "checkin_code", "kode peserta")
COMMISSION_HEADERS = ("komisi", "commission")


def _commission_number(raw: str) -> int | None:
    """ "Komisi II", "II", "2", "komisi 2" -> 2."""
    word = " ".join((raw or "").split()).upper().removeprefix("KOMISI").strip()
    if word.isdecimal() and len(word) <= 3:  # "²" is isdigit(), not int()
        return int(word)
    return ROMAN.index(word) + 1 if word in ROMAN else None


def _person(event: Event, raw: str) -> Registration | None:
    """By NIP (spaces as printed, "19860926 201505 1 001", are ignored) or by the check-in code."""
    value = (raw or "").strip()
    digits = "".join(value.split())
    if digits.isdigit() and len(digits) == 18:
        return db.session.scalar(
            select(Registration)
            .where(Registration.event_id == event.id, Registration.nip == digits, Registration.state != "cancelled")
            .order_by(Registration.state != "approved", Registration.id)
            .limit(1)
        )
    if not value:
        return None
    return db.session.scalar(
        select(Registration).where(Registration.event_id == event.id, Registration.checkin_code == value)
    )


def commission_by_number(event: Event, raw: str, commissions: list[Commission] | None = None) -> Commission | None:
    """The meeting's commission by its number as people write it ("2", "II", "Komisi II")."""
    number = _commission_number(str(raw))
    return next((c for c in (commissions or commissions_of(event)) if c.number == number), None)


def import_assignments(event: Event, table: "Table", *, by: User | None = None) -> "ImportReport":
    """Seat participants from a table (read by registration.imports.read_table): a column with the NIP
    or the check-in code, a column "Komisi" (I, II, "Komisi III" or 2). Each row is reported like the
    participant import (registration.imports.ImportReport); a refused row changes nothing, the others
    are assigned as by hand (moving someone from another commission)."""
    from ..registration.imports import ImportFileError, ImportReport, RowResult

    headers = [" ".join(h.split()).lower() for h in table.headers]
    id_column = next((i for i, h in enumerate(headers) if h in ID_HEADERS), None)
    commission_column = next((i for i, h in enumerate(headers) if h in COMMISSION_HEADERS), None)
    if id_column is None or commission_column is None:
        raise ImportFileError(_('Berkas harus berkolom "NIP" atau "Kode" (kode daftar ulang) dan "Komisi".'))
    commissions = commissions_of(event)
    if not commissions:
        raise ImportFileError(_("Buat komisi dulu."))
    report = ImportReport()
    for line, row in enumerate(table.rows, start=2):
        raw_id, raw_commission = row[id_column].strip(), row[commission_column].strip()
        person = _person(event, raw_id)
        label = person.full_name if person else (raw_id or _("baris %(n)s", n=line))
        commission = commission_by_number(event, raw_commission, commissions)
        if person is None:
            report.rows.append(RowResult(line, label, False, _("NIP atau kode tidak dikenal pada rapat ini.")))
        elif commission is None:
            report.rows.append(
                RowResult(line, label, False, _("Komisi %(value)s tidak ada.", value=raw_commission or "—"))
            )
        else:
            try:
                assign(commission, person, by=by)
            except SidangRefused as exc:
                db.session.rollback()
                report.rows.append(RowResult(line, label, False, exc.message))
            else:
                report.rows.append(RowResult(line, label, True, commission.name))
    record("commission.import", event, event_id=event.id, user=by, imported=report.imported, refused=report.refused)
    db.session.commit()
    return report


# Up to this many participants without a commission, each commission's "Masukkan peserta" lists them all;
# beyond it (a national meeting's thousands) the secretariat searches by name, NIP or email first.
LIST_ALL_UP_TO = 200


def _unassigned(event: Event) -> tuple[ColumnElement[bool], ...]:
    seated = select(CommissionMember.registration_id).join(Commission).where(Commission.event_id == event.id)
    return (
        Registration.event_id == event.id,
        Registration.state == "approved",
        Registration.role.in_(MEMBER_ROLES),
        Registration.id.not_in(seated),
    )


def unassigned_count(event: Event) -> int:
    """Approved members (peserta, undangan) not yet in a commission, counted by the database."""
    return db.session.scalar(select(func.count()).select_from(Registration).where(*_unassigned(event))) or 0


def unassigned(event: Event, term: str = "", *, limit: int = LIST_ALL_UP_TO) -> list[Registration]:
    """Those members by delegation and name: all of them (at most `limit`), or those whose name, email or
    NIP holds `term` (the registration list's own search), with their delegation loaded for the groups."""
    query = filtered_query(event, MultiDict({"q": " ".join((term or "").split())[:100], "state": "approved"}))
    return list(
        db.session.scalars(query.where(*_unassigned(event)).options(joinedload(Registration.delegation)).limit(limit))
    )
