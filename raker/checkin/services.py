"""Check-in at the door (daftar ulang): one `redeem` decision with structured answers.

Never double-counting rests on the database: a partial unique index allows one active check-in
per registration and day. Two gates scanning one badge at once both try to insert (INSERT … ON
CONFLICT DO NOTHING: the second waits for the first's transaction); one insert wins (ok), the other
inserts nothing and is answered `already_checked_in`. A retried request carries the same nonce and
gets the stored answer of the first (unique per event), so nothing is created twice.
"""

import functools
import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, String, bindparam, cast, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import load_only
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from ..audit import record
from ..extensions import db
from ..models import (
    CheckIn,
    Commission,
    CommissionMember,
    Delegation,
    Event,
    Registration,
    Scan,
    SessionAttendance,
    User,
    utcnow,
)
from ..reference.text import N_
from . import sessions
from .codes import CODE_PATTERN, QR_PREFIX
from .conflicts import Insert, insert_or_nothing

log = logging.getLogger(__name__)

MAX_CLOCK_SKEW = timedelta(minutes=10)  # a device clock this far in the future is not believed
Answer = dict[str, Any]  # a scan's answer, as the API sends it (status, message, who, when …)


def code_hash(text: str) -> str:
    """Offline bundles carry only this hash of the QR text, never the code itself."""
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class ScanInput:
    code: str | None = None
    registration_id: int | None = None  # manual check-in after a search by name or NIP
    gate: str = ""
    nonce: str | None = None
    scanned_at: datetime | None = None
    device: str = ""
    offline: bool = False
    session_id: int | None = None  # the scanner's room mode: attendance of this agenda session (checkin.sessions)


class Person(NamedTuple):
    """A registration as a scan needs it: a Core row (no ORM object is loaded at the door)."""

    id: int
    event_id: int
    full_name: str
    role: str
    state: str
    delegation: str  # its name


def _person(registration: Person) -> Answer:
    return {
        "registration_id": registration.id,
        "name": registration.full_name,
        "delegation": registration.delegation,
        "role": registration.role,
    }


def _first(checkin: CheckIn) -> Answer:
    return {"first_checked_in_at": checkin.scanned_at.isoformat(), "first_gate": checkin.gate}


def active_checkin(registration_id: int, day: date) -> CheckIn | None:
    return db.session.scalar(
        select(CheckIn).where(
            CheckIn.registration_id == registration_id, CheckIn.day == day, CheckIn.undone_at.is_(None)
        )
    )


ANSWER_MESSAGES = {
    "ok": N_("Selamat datang."),
    "already_checked_in": N_("Sudah daftar ulang hari ini."),
    "invalid": N_("Kode tidak dikenal. Periksa tanda peserta atau cari nama."),
    "not_approved": N_("Pendaftaran belum disetujui. Arahkan ke meja sekretariat."),
    "cancelled": N_("Pendaftaran ini sudah dibatalkan."),
    "wrong_event": N_("Tanda peserta ini untuk rapat lain."),
    "not_today": N_("Hari ini bukan hari rapat."),
}


def _answer(status: str, registration: Person | None = None, **extra: Any) -> Answer:
    answer = {"status": status, "message": _(ANSWER_MESSAGES[status])}  # translated: only the one sent
    if registration is not None:
        answer.update(_person(registration))
    answer.update(extra)
    return answer


@functools.cache
def _person_by(column: str) -> Select[Any]:
    """The registration whose `column` (id or checkin_code) is :key, with its delegation's name joined
    in: one statement, built once (this runs for every scan at the door)."""
    return (
        select(
            Registration.id,
            Registration.event_id,
            Registration.full_name,
            Registration.role,
            Registration.state,
            Delegation.name,
        )
        .join(Delegation, Delegation.id == Registration.delegation_id)
        .where(getattr(Registration, column) == bindparam("key"))
    )


def _lookup(column: str, key: int | str) -> Person | None:
    row = db.session.connection().execute(_person_by(column), {"key": key}).first()
    return None if row is None else Person(*row)


def _find(event: Event, item: ScanInput) -> tuple[str | None, Person | None]:
    """The registration a scan refers to, or the failure status."""
    if item.registration_id is not None:
        registration = _lookup("id", item.registration_id)
        if registration is None:
            return "invalid", None
        return ("wrong_event", registration) if registration.event_id != event.id else (None, registration)
    match = CODE_PATTERN.match((item.code or "").strip())
    if not match:
        return "invalid", None
    registration = _lookup("checkin_code", match.group(1))
    if registration is None:
        return "invalid", None
    if registration.event_id != event.id:
        return "wrong_event", None  # say nothing about another meeting's participant
    return None, registration


@dataclass(frozen=True)
class _Scan:
    """One scan being decided: what every step records with it."""

    event: Event
    item: ScanInput
    user: User | None
    scanned: datetime  # when the device says it scanned (not after it was received)
    received: datetime

    @property
    def user_id(self) -> int | None:
        return getattr(self.user, "id", None)


def _scan_time(item: ScanInput, received: datetime) -> datetime:
    if item.scanned_at is None or item.scanned_at > received + MAX_CLOCK_SKEW:
        return received
    return item.scanned_at


def redeem(event: Event, item: ScanInput, *, user: User | None = None) -> Answer:
    """Decide one scan, record it, and return the answer (always with `status`).

    A repeated nonce is not looked up first: the scan row's insert meets the unique (event, nonce)
    and inserts nothing, everything this attempt wrote is rolled back, and the stored answer is
    returned."""
    received = utcnow()
    scanned = _scan_time(item, received)
    scan = _Scan(event, item, user, scanned, received)
    day = scanned.astimezone(event.tz).date()
    session = None
    if item.session_id is not None:
        session = sessions.session_for_scans(event, item.session_id)
        if session is None:
            raise CheckinError(_(sessions.UNKNOWN_SESSION), "unknown_session")
    failure, registration = _find(event, item)
    if failure is None:
        assert registration is not None  # _find names a registration whenever it finds no failure
        if registration.state == "cancelled":
            failure = "cancelled"
        elif registration.state != "approved":
            failure = "not_approved"
        elif session is None and day not in event.days:
            failure = "not_today"
    if failure is not None:
        # Another meeting's participant is neither described nor linked from this meeting's scan row.
        known = registration if failure not in ("invalid", "wrong_event") else None
        where = {"session_id": session.id} if session else {}
        log.info(
            "scan refused",
            extra={
                "event_id": event.id,
                "status": failure,
                "gate": item.gate,
                "device": item.device,
                "registration_id": getattr(known, "id", None),
                "offline": item.offline,
                **where,
            },
        )
        return _store_scan(scan, failure, _answer(failure, known, **where), known)
    assert registration is not None
    if session is not None:  # a room's door: once per session, not per day
        fields = sessions.attend(
            event,
            session,
            registration.id,
            scanned=scanned,
            received=received,
            gate=item.gate,
            device=item.device,
            user_id=scan.user_id,
            manual=item.registration_id is not None,
            offline=item.offline,
        )
        status = fields.pop("status")
        return _store_scan(scan, status, _answer(status, registration, **fields), registration)

    for _attempt in range(3):
        checkin_id = _insert_checkin(scan, registration, day)
        if checkin_id is not None:
            answer = _answer(
                "ok", registration, checkin_id=checkin_id, checked_in_at=scanned.isoformat(), gate=item.gate
            )
            return _store_scan(scan, "ok", answer, registration, checkin_id)
        existing = db.session.scalar(
            select(CheckIn)
            .options(load_only(CheckIn.id, CheckIn.scanned_at, CheckIn.gate, CheckIn.device, CheckIn.needs_review))
            .where(CheckIn.registration_id == registration.id, CheckIn.day == day, CheckIn.undone_at.is_(None))
        )
        if existing is not None:
            return _repeat(scan, registration, existing)
        # Undone between our insert and our look-up: try the insert again.
    raise RuntimeError("check-in neither inserted nor found")


@functools.cache
def _statements(dialect: str) -> tuple[Insert, Insert]:
    """The check-in's and the scan's INSERT … ON CONFLICT DO NOTHING, built once per database kind."""
    return (
        insert_or_nothing(CheckIn, dialect, ("registration_id", "day"), CheckIn.__table__.c.undone_at.is_(None)),
        insert_or_nothing(Scan, dialect, ("event_id", "nonce")),
    )


def _insert_checkin(scan: _Scan, registration: Person, day: date) -> int | None:
    """INSERT … ON CONFLICT DO NOTHING on the partial unique index (registration, day) of active
    check-ins: the id of the new row, or None when the person is already checked in that day.
    A concurrent insert of the same person waits for the other transaction, so exactly one wins."""
    connection = db.session.connection()
    statement = _statements(connection.dialect.name)[0]
    return connection.execute(
        statement,
        {
            "event_id": scan.event.id,
            "registration_id": registration.id,
            "day": day,
            "scanned_at": scan.scanned,
            "received_at": scan.received,
            "gate": scan.item.gate,
            "device": scan.item.device,
            "user_id": scan.user_id,
            "method": "manual" if scan.item.registration_id is not None else "qr",
            "offline": scan.item.offline,
        },
    ).scalar()


def _repeat(scan: _Scan, registration: Person, existing: CheckIn) -> Answer:
    """The badge was already used today. An offline scan from another device that happened
    earlier moves the check-in time back (first-scan order) and is flagged for review."""
    review = False
    item = scan.item
    if item.offline and existing.device != item.device:
        review = True
        existing.needs_review = True
        if scan.scanned < existing.scanned_at:
            existing.scanned_at, existing.gate, existing.device = scan.scanned, item.gate, item.device
    answer = _answer(
        "already_checked_in", registration, checkin_id=existing.id, **_first(existing), needs_review=review
    )
    return _store_scan(scan, "already_checked_in", answer, registration, existing.id, review=review)


def _store_scan(
    scan: _Scan,
    result: str,
    answer: Answer,
    registration: Person | None = None,
    checkin_id: int | None = None,
    review: bool = False,
) -> Answer:
    """The audit row of every scan, in the same transaction as the check-in it answers."""
    event_id, item = scan.event.id, scan.item  # the id read before a rollback would expire it
    connection = db.session.connection()
    stored = connection.execute(
        _statements(connection.dialect.name)[1],
        {
            "event_id": event_id,
            "nonce": item.nonce or None,
            "code": _printable(item.code or f"manual:{item.registration_id}")[:120],
            "result": result,
            "registration_id": getattr(registration, "id", None),
            "checkin_id": checkin_id,
            "gate": item.gate,
            "device": item.device,
            "user_id": scan.user_id,
            "scanned_at": scan.scanned,
            "received_at": scan.received,
            "offline": item.offline,
            "needs_review": review,
            "response": answer,
            "session_id": item.session_id,
        },
    ).scalar()
    if stored is None:
        # The nonce was seen before (a retry, maybe at the same moment: ON CONFLICT waits for the
        # other transaction): the first answer stands, and the rollback undoes what this attempt wrote.
        db.session.rollback()
        return db.session.scalars(
            select(Scan.response).where(Scan.event_id == event_id, Scan.nonce == item.nonce)
        ).one()
    db.session.commit()
    return answer


def _printable(text: str) -> str:
    """What was read, safe to store (PostgreSQL refuses NUL; control characters help nobody)."""
    return "".join(ch if ch.isprintable() else "\ufffd" for ch in text[:200])


def redeem_batch(event: Event, items: list[ScanInput], *, user: User | None = None) -> list[Answer]:
    """Offline scans replayed in the order they were scanned, each answered like a live one."""
    order = sorted(range(len(items)), key=lambda i: (items[i].scanned_at or utcnow(), i))
    answers: dict[int, Answer] = {}
    for index in order:
        answers[index] = redeem(event, items[index], user=user)
    return [answers[index] for index in range(len(items))]


class CheckinError(ValueError):
    """A refusal for the person, with a code the API answers with."""

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message)
        self.code = code


def undo(checkin: CheckIn, *, by: User, reason: str) -> CheckIn:
    if checkin.undone_at is not None:
        raise CheckinError(_("Daftar ulang ini sudah dibatalkan."), "already_undone")
    if not reason.strip():
        raise CheckinError(_("Alasan pembatalan wajib diisi."), "reason_required")
    checkin.undone_at = utcnow()
    checkin.undone_by_id = by.id
    checkin.undo_reason = reason.strip()[:500]
    record("checkin.undo", checkin, user=by, reason=checkin.undo_reason)
    db.session.commit()
    return checkin


def clean_signature(png: bytes) -> bytes:
    """A signature drawn on a screen, as stored: a 1-bit PNG of at most 600 × 240 (the daftar hadir's and
    the berita acara's). Refused (CheckinError): not a PNG, too big, nothing drawn."""
    import io

    from PIL import Image, UnidentifiedImageError

    from ..images import ImageTooLarge, open_image

    if len(png) > 512 * 1024:
        raise CheckinError(_("Gambar tanda tangan terlalu besar."))
    try:
        with open_image(png) as image:
            if image.format != "PNG":
                raise CheckinError(_("Tanda tangan harus gambar PNG."))
            image.load()
            flat = Image.new("RGB", image.size, "white")
            flat.paste(image.convert("RGBA"), mask=image.convert("RGBA").split()[3])
    except ImageTooLarge:
        raise CheckinError(_("Gambar tanda tangan terlalu besar.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise CheckinError(_("Tanda tangan harus gambar PNG.")) from None
    flat.thumbnail((600, 240))
    bilevel = flat.convert("L").point(lambda v: 255 if v > 160 else 0, mode="1")
    if bilevel.getbbox() is None or bilevel.convert("L").getextrema() == (255, 255):
        raise CheckinError(_("Tanda tangan kosong."))
    buffer = io.BytesIO()
    bilevel.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def save_signature(checkin: CheckIn, png: bytes, *, replace: bool = True) -> None:
    """A signature drawn on the petugas' phone, kept small: 1-bit PNG, at most 600 × 240.

    replace=False (a signature kept on a phone while offline, sent later) never overwrites one the
    person already gave, e.g. at another gate: the first signature on the daftar hadir stands."""
    if not replace and checkin.signature_png:
        raise CheckinError(
            _("Peserta ini sudah menandatangani daftar hadir hari ini; tanda tangan pertama tetap dipakai."),
            "signature_exists",
        )
    checkin.signature_png = clean_signature(png)
    checkin.signed_at = utcnow()
    db.session.commit()


# ---- numbers for the dashboard and the API ---------------------------------------------------


def stats(event: Event) -> dict[str, Any]:
    active = (CheckIn.event_id == event.id, CheckIn.undone_at.is_(None))
    expected_rows = {
        delegation: n
        for delegation, n in db.session.execute(
            select(Registration.delegation_id, func.count())
            .where(Registration.event_id == event.id, Registration.state == "approved")
            .group_by(Registration.delegation_id)
        )
    }
    present_rows = {
        delegation: n
        for delegation, n in db.session.execute(
            select(Registration.delegation_id, func.count(func.distinct(CheckIn.registration_id)))
            .join(Registration, Registration.id == CheckIn.registration_id)
            .where(*active)
            .group_by(Registration.delegation_id)
        )
    }
    by_day = {
        day: n
        for day, n in db.session.execute(
            select(CheckIn.day, func.count(func.distinct(CheckIn.registration_id))).where(*active).group_by(CheckIn.day)
        )
    }
    return {
        "checked_in": db.session.scalar(select(func.count(func.distinct(CheckIn.registration_id))).where(*active)),
        "expected": sum(expected_rows.values()),
        "by_delegation": [
            {
                "id": d.id,
                "name": d.name,
                "region_code": d.region_code,
                "checked_in": present_rows.get(d.id, 0),
                "expected": expected_rows.get(d.id, 0),
            }
            for d in event.delegations
        ],
        "by_day": [{"day": day.isoformat(), "checked_in": by_day.get(day, 0)} for day in event.days],
    }


class _UTCMinute(FunctionElement[str]):
    """A UTC timestamp column cut to its minute, as text "YYYY-MM-DD HH:MM", on SQLite and PostgreSQL."""

    type = String()
    inherit_cache = True


@compiles(_UTCMinute, "sqlite")
def _utc_minute_sqlite(element: _UTCMinute, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strftime('%Y-%m-%d %H:%M', {compiler.process(element.clauses, **kw)})"


@compiles(_UTCMinute, "postgresql")
def _utc_minute_postgresql(element: _UTCMinute, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM-DD HH24:MI')"


def arrivals(event: Event, day: date, bucket_minutes: int = 15) -> list[dict[str, Any]]:
    """Check-ins per quarter hour on one day, in the event's time zone (for the chart). Counted per
    minute by the database (a day has at most 1,440), put into the event's quarters here: the same
    few rows at 10,000 participants as at 200."""
    minute = _UTCMinute(CheckIn.scanned_at)
    rows = db.session.execute(
        select(minute, func.count())
        .where(CheckIn.event_id == event.id, CheckIn.day == day, CheckIn.undone_at.is_(None))
        .group_by(minute)
    ).all()
    counts: dict[str, int] = {}
    for at, n in rows:
        local = datetime.fromisoformat(at).replace(tzinfo=UTC).astimezone(event.tz)
        key = f"{local.hour:02d}.{local.minute - local.minute % bucket_minutes:02d}"
        counts[key] = counts.get(key, 0) + n
    return [{"time": key, "count": counts[key]} for key in sorted(counts)]


DEFAULT_OPENING = (7 * 60, 17 * 60)  # a day without sessions: 07.00–17.00


def arrival_axis(event: Event, day: date, bucket_minutes: int = 15) -> list[dict[str, Any]]:
    """The arrivals chart's buckets over the day's opening hours, empty ones included, so one early
    check-in is one narrow bar on the day's time axis instead of a bar across the whole chart.
    The hours run from an hour before the day's first session to the end of its last (07.00–17.00
    without sessions), widened to whole hours and to any check-in outside them."""
    from ..agenda.services import sessions_on

    counts = {row["time"]: row["count"] for row in arrivals(event, day, bucket_minutes)}

    def minutes_of(label: str) -> int:  # "07.45" -> 465
        return int(label[:2]) * 60 + int(label[3:])

    sessions = [s for s in sessions_on(event, day) if not s.cancelled]
    if sessions:
        first, last = min(s.starts_at for s in sessions), max(s.ends_at for s in sessions)
        start = first.astimezone(event.tz).hour * 60 + first.astimezone(event.tz).minute - 60
        end_local = last.astimezone(event.tz)
        end = 24 * 60 if end_local.date() > day else end_local.hour * 60 + end_local.minute
    else:
        start, end = DEFAULT_OPENING
    start = min([max(start, 0), *map(minutes_of, counts)])
    end = max([end, *(minutes_of(label) + bucket_minutes for label in counts)])
    start, end = start - start % 60, min(-(-end // 60) * 60, 24 * 60)
    labels = [f"{m // 60:02d}.{m % 60:02d}" for m in range(start, end, bucket_minutes)]
    return [{"time": label, "count": counts.get(label, 0)} for label in labels]


MISSING_SHOWN = 10  # names of who has not arrived shown per delegation on the dashboard


@dataclass(frozen=True)
class Missing:
    """Who of a delegation has not checked in on a day: the first names (by name) and how many in all."""

    names: list[str]
    count: int

    @property
    def more(self) -> int:
        """How many are not named: "… dan 5 lainnya"."""
        return self.count - len(self.names)


def _not_arrived(event: Event, day: date) -> tuple[ColumnElement[bool], ...]:
    """Approved registrations of `event` without an active check-in on `day`."""
    present = select(CheckIn.registration_id).where(
        CheckIn.event_id == event.id, CheckIn.day == day, CheckIn.undone_at.is_(None)
    )
    return (Registration.event_id == event.id, Registration.state == "approved", Registration.id.not_in(present))


def not_arrived(event: Event, day: date, shown: int = MISSING_SHOWN) -> dict[int, Missing]:
    """Per delegation with someone not checked in on `day`: the first `shown` names and the count. One
    windowed statement whatever the size, and at most `shown` rows a delegation from it."""
    by_name = (Registration.full_name, Registration.id)
    ranked = (
        select(
            Registration.delegation_id,
            Registration.full_name,
            func.row_number().over(partition_by=Registration.delegation_id, order_by=by_name).label("place"),
            func.count().over(partition_by=Registration.delegation_id).label("missing"),
        )
        .where(*_not_arrived(event, day))
        .subquery()
    )
    rows = db.session.execute(
        select(ranked.c.delegation_id, ranked.c.full_name, ranked.c.missing)
        .where(ranked.c.place <= shown)
        .order_by(ranked.c.delegation_id, ranked.c.place)
    ).all()
    missing: dict[int, Missing] = {}
    for delegation_id, name, count in rows:
        missing.setdefault(delegation_id, Missing([], count)).names.append(name)
    return missing


def not_arrived_names(event: Event, day: date, delegation_id: int) -> list[str]:
    """Every name of one delegation not checked in on `day`, in the order of not_arrived()."""
    return list(
        db.session.scalars(
            select(Registration.full_name)
            .where(*_not_arrived(event, day), Registration.delegation_id == delegation_id)
            .order_by(Registration.full_name, Registration.id)
        )
    )


# The offline bundle, format 2: rows of arrays under a `fields` header, with the delegation, role and
# state names listed once: about 91 bytes a participant instead of 207 (measured at 1,000 and 5,000).
BUNDLE_VERSION = 2
# commission: the number of the participant's commission (null for none), for the room mode's mark;
# checked_in and attended (session id -> [first time, gate]) are left out of a row when empty.
BUNDLE_FIELDS = ("id", "code", "nip", "name", "delegation", "role", "state", "commission", "checked_in", "attended")
CODE_HASH_CHARS = 32  # 128 bits of SHA-256: no code can be forged to match someone's row
# The NIP is hashed on purpose to only 20 bits. An 18-digit NIP has little entropy (birth date, TMT,
# gender, a small sequence: about 2^30 plausible values), so a full hash would be reversed in seconds
# by trying them all. Cut to 20 bits, each value fits several hundred plausible NIPs: typing the full
# NIP finds the person (plus, rarely, someone else whose hash collides, shown by name for the
# petugas to pick), while the bundle on a lost phone does not give the NIPs back. One fixed prefix,
# not a salt per event: two bundles with different salts would narrow the candidates to one.
NIP_HASH_PREFIX = "raker-nip:"
NIP_HASH_CHARS = 5


def nip_hash(nip: str) -> str:
    from ..reference.nip import normalise_nip

    return hashlib.sha256((NIP_HASH_PREFIX + normalise_nip(nip)).encode()).hexdigest()[:NIP_HASH_CHARS]


def bundle_key(event: Event) -> str:
    """What the offline bundle's content depends on, read in one SELECT of aggregates, as an ETag: an
    unchanged refetch is answered 304 without building 10,000 rows. Registrations by count, highest id
    and last updated_at (a change of name, NIP, code, state, delegation or role, an anonymisation, a
    deletion); daftar ulang and session attendance by count of live rows and highest id (an undo keeps
    its row and lowers the count; a new check-in is a new id); the delegations' names, the commissions'
    numbers and who sits in which commission (a move is an update in place) spelt out, being what the
    rows refer to; the event's own updated_at for its slug, timezone and days. Exact, not a guess:
    a string aggregate's order can differ between two reads only to cost one needless full fetch."""
    live = CheckIn.undone_at.is_(None)
    member = cast(CommissionMember.registration_id, String) + ":" + cast(CommissionMember.commission_id, String)
    parts = select(
        select(func.count()).where(Registration.event_id == event.id).scalar_subquery(),
        select(func.max(Registration.id)).where(Registration.event_id == event.id).scalar_subquery(),
        select(func.max(Registration.updated_at)).where(Registration.event_id == event.id).scalar_subquery(),
        select(func.count()).where(CheckIn.event_id == event.id, live).scalar_subquery(),
        select(func.max(CheckIn.id)).where(CheckIn.event_id == event.id).scalar_subquery(),
        select(func.count()).where(SessionAttendance.event_id == event.id).scalar_subquery(),
        select(func.max(SessionAttendance.id)).where(SessionAttendance.event_id == event.id).scalar_subquery(),
        select(func.aggregate_strings(cast(Delegation.id, String) + ":" + Delegation.name, "|"))
        .where(Delegation.event_id == event.id)
        .scalar_subquery(),
        select(func.aggregate_strings(cast(Commission.id, String) + ":" + cast(Commission.number, String), "|"))
        .where(Commission.event_id == event.id)
        .scalar_subquery(),
        select(func.aggregate_strings(member, "|"))
        .join(Commission, Commission.id == CommissionMember.commission_id)
        .where(Commission.event_id == event.id)
        .scalar_subquery(),
    )
    values = db.session.connection().execute(parts).one()
    text = repr((BUNDLE_VERSION, event.id, event.updated_at, *values))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def offline_bundle(event: Event) -> dict[str, Any]:
    """What a scanner needs to decide alone when the network drops and to find someone by name or
    NIP: hashed codes and NIPs only (never either in clear), and who was already checked in
    (day -> [first time in epoch seconds, gate]) when the bundle was made.

    Every registration of the event is listed (not the anonymised ones), so that an offline search
    can also say "not approved" or "cancelled"; one without a code (never approved) has "" there."""
    connection = db.session.connection()  # Core rows: no ORM row processing for 10,000 of them
    rows = connection.execute(
        select(
            Registration.id,
            Registration.checkin_code,
            Registration.nip,
            Registration.full_name,
            Delegation.name,
            Registration.role,
            Registration.state,
        )
        .join(Delegation, Delegation.id == Registration.delegation_id)
        .where(Registration.event_id == event.id, Registration.anonymised_at.is_(None))
        .order_by(Registration.id)
    ).all()
    present: dict[int, dict[str, list[Any]]] = {}
    for registration_id, day, scanned_at, gate in connection.execute(
        select(CheckIn.registration_id, CheckIn.day, CheckIn.scanned_at, CheckIn.gate).where(
            CheckIn.event_id == event.id, CheckIn.undone_at.is_(None)
        )
    ):
        present.setdefault(registration_id, {})[day.isoformat()] = [int(scanned_at.timestamp()), gate]
    attended: dict[int, dict[str, list[Any]]] = {}
    for registration_id, session_id, scanned_at, gate in connection.execute(
        select(
            SessionAttendance.registration_id,
            SessionAttendance.session_id,
            SessionAttendance.scanned_at,
            SessionAttendance.gate,
        ).where(SessionAttendance.event_id == event.id)
    ):
        attended.setdefault(registration_id, {})[str(session_id)] = [int(scanned_at.timestamp()), gate]
    commission_of = {
        registration_id: number
        for registration_id, number in connection.execute(
            select(CommissionMember.registration_id, Commission.number)
            .join(Commission, Commission.id == CommissionMember.commission_id)
            .where(Commission.event_id == event.id)
        )
    }
    tables: dict[str, dict[str, int]] = {"delegations": {}, "roles": {}, "states": {}}

    def index(table: str, value: str) -> int:
        return tables[table].setdefault(value, len(tables[table]))

    participants = []
    for registration_id, code, nip, name, delegation, role, state in rows:
        row = [
            registration_id,
            code_hash(QR_PREFIX + code)[:CODE_HASH_CHARS] if code else "",
            nip_hash(nip) if nip else "",
            name,
            index("delegations", delegation),
            index("roles", role),
            index("states", state),
            commission_of.get(registration_id),
        ]
        if registration_id in present or registration_id in attended:
            row.append(present.get(registration_id, {}))
        if registration_id in attended:
            row.append(attended[registration_id])
        participants.append(row)
    return {
        "version": BUNDLE_VERSION,
        "event": event.slug,
        "timezone": event.timezone,
        "days": [d.isoformat() for d in event.days],
        "generated_at": utcnow().isoformat(),
        "code_hash_chars": CODE_HASH_CHARS,
        "nip_hash": {"prefix": NIP_HASH_PREFIX, "chars": NIP_HASH_CHARS},
        **{table: list(values) for table, values in tables.items()},
        "fields": list(BUNDLE_FIELDS),
        "participants": participants,
    }


def search(event: Event, term: str, limit: int = 20) -> list[Registration]:
    from sqlalchemy import or_

    from ..reference.nip import normalise_nip

    term = term.strip()
    if len(term) < 2:
        return []
    conditions: list[ColumnElement[bool]] = [Registration.full_name.ilike(f"%{term}%")]
    digits = normalise_nip(term)
    # The whole NIP or nothing: matching parts of it let a petugas rebuild a NIP digit by digit by
    # watching which names stay in the answers (and with it undo the bundle's short NIP hash).
    if digits.isdigit() and len(digits) == 18:
        conditions.append(Registration.nip == digits)
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.event_id == event.id, or_(*conditions))
            .order_by(Registration.full_name)
            .limit(limit)
        )
    )
