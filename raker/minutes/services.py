"""Notulen rules: the skeleton from the agenda and attendance, who may edit, saving with optimistic
locking (every save a revision; a stale save is an EditConflict with a diff, never an overwrite),
finalising (required parts listed) and reopening.

content = {
    "opening": str, "discussion": [str], "qa": [{"asker", "delegation", "question", "answer", "answerer"}],
    "conclusions": [str], "closing": str, "leader": str, "attendance_note": str,
    "notulis_rank": str, "notulis_nip": str,
}
Text is stored as typed: HTML or reportlab markup stays plain text, escaped when printed.
"""

import difflib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..extensions import db
from ..models import (
    NO_MINUTES_KINDS,
    AgendaSession,
    CheckIn,
    CommitteeMember,
    Event,
    Minutes,
    MinutesRevision,
    SessionPerson,
    User,
    utcnow,
)
from ..models.user import NOTULIS, SEKRETARIAT
from ..reference.text import N_
from ..session_roles import role_title
from ..signer import Signer
from ..transitions import check, transition

if TYPE_CHECKING:
    from ..checkin.attendance import AttendanceDocument
    from ..text_diff import Segment

TEXT_FIELDS = ("opening", "closing")
SHORT_FIELDS = ("leader", "attendance_note", "notulis_rank", "notulis_nip")
LIST_FIELDS = ("discussion", "conclusions")
QA_FIELDS = ("asker", "delegation", "question", "answer", "answerer")
QA_SHORT = ("asker", "delegation", "answerer")
MAX_TEXT = 20000
MAX_SHORT = 300
MAX_ITEMS = 200
SAVE_NOTES = ("save", "autosave")
Revision = str | int | None  # a base revision as a form field or the autosave's JSON carries it
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

PART_LABELS = {
    "leader": N_("Pimpinan rapat"),
    "attendance_note": N_("Peserta"),
    "opening": N_("Kata pembukaan"),
    "discussion": N_("Pembahasan"),
    "qa": N_("Tanya jawab"),
    "conclusions": N_("Kesimpulan/keputusan"),
    "closing": N_("Penutupan"),
    "notulis_rank": N_("Pangkat/golongan notulis"),
    "notulis_nip": N_("NIP notulis"),
}
REQUIRED_PARTS = ("leader", "opening", "discussion", "conclusions")


class MinutesError(ValueError):
    """Refused: a message for the person editing."""


class MissingParts(MinutesError):
    def __init__(self, parts: list[str]):
        self.parts = parts
        super().__init__(_("Bagian wajib belum diisi: %(parts)s.", parts=", ".join(_(PART_LABELS[p]) for p in parts)))


@dataclass
class EditConflict(Exception):
    """Someone saved since the editor loaded `base_revision`. Nothing was written."""

    current_revision: int
    current_content: dict[str, Any]
    yours: dict[str, Any]
    saved_by: str
    saved_at: datetime | None
    diff: list[str] = field(default_factory=list)  # unified diff: theirs (current) -> yours
    fields: list[dict[str, Any]] = field(
        default_factory=list
    )  # per part: {"part", "label", "theirs", "yours"} where different

    def as_json(self) -> dict[str, Any]:
        return {
            "conflict": True,
            "revision": self.current_revision,
            "saved_by": self.saved_by,
            "saved_at": self.saved_at.isoformat() if self.saved_at else None,
            "diff": self.diff,
            "fields": self.fields,
            "current": self.current_content,
        }


# ---- content ---------------------------------------------------------------------------------


def _text(value: object, limit: int, *, one_line: bool = False) -> str:
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)):
        raise MinutesError(_("Isi notulen tidak sah."))
    text = _CONTROL.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n"))
    text = " ".join(text.split()) if one_line else text.strip()
    if len(text) > limit:
        raise MinutesError(_("Teks terlalu panjang (maksimal %(n)d karakter).", n=limit))
    return text


def _list(value: object) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, (list, tuple)):
        raise MinutesError(_("Isi notulen tidak sah."))
    if len(value) > MAX_ITEMS:
        raise MinutesError(_("Terlalu banyak butir (maksimal %(n)d).", n=MAX_ITEMS))
    return list(value)


def empty_content() -> dict[str, Any]:
    return {
        "opening": "",
        "discussion": [],
        "qa": [],
        "conclusions": [],
        "closing": "",
        "leader": "",
        "attendance_note": "",
        "notulis_rank": "",
        "notulis_nip": "",
    }


def normalise(content: object) -> dict[str, Any]:
    """Clean content: known keys only, strings trimmed and bounded, empty list rows dropped."""
    if not isinstance(content, dict):
        raise MinutesError(_("Isi notulen tidak sah."))
    clean = empty_content()
    for key in TEXT_FIELDS:
        clean[key] = _text(content.get(key), MAX_TEXT)
    for key in SHORT_FIELDS:
        clean[key] = _text(content.get(key), MAX_SHORT, one_line=True)
    for key in LIST_FIELDS:
        clean[key] = [t for t in (_text(v, MAX_TEXT) for v in _list(content.get(key))) if t]
    for row in _list(content.get("qa")):
        if not isinstance(row, dict):
            raise MinutesError(_("Isi notulen tidak sah."))
        item = {
            k: _text(row.get(k), MAX_SHORT if k in QA_SHORT else MAX_TEXT, one_line=k in QA_SHORT) for k in QA_FIELDS
        }
        if any(item.values()):
            clean["qa"].append(item)
    clean["notulis_rank"], clean["notulis_nip"] = (
        _notulis_rank(clean["notulis_rank"]),
        _notulis_nip(clean["notulis_nip"]),
    )
    return clean


def _notulis_rank(code: str) -> str:
    from ..reference.ranks import RANK_NAMES

    if code and code not in RANK_NAMES:
        raise MinutesError(_("Pangkat/golongan notulis tidak dikenal."))
    return code


def _notulis_nip(raw: str) -> str:
    """Checked as on the registration form, so the signature block never prints a mistyped NIP."""
    from ..reference.nip import NipError, parse_nip

    if not raw:
        return ""
    try:
        return parse_nip(raw)
    except NipError as error:
        raise MinutesError(_("NIP notulis: %(reason)s", reason=_(str(error)))) from None


def asker_line(row: dict[str, Any]) -> str:
    """'Penanya: Peserta dari Kabupaten Berau': the delegation once, also when the asker's own words
    already name it (the demo and many notulis write 'Peserta dari <delegasi>')."""
    asker = row.get("asker") or "-"
    delegation = row.get("delegation") or ""
    if delegation and delegation.casefold() not in asker.casefold():
        return f"Penanya: {asker} — {delegation}"
    return f"Penanya: {asker}"


def as_text(content: dict[str, Any] | None) -> list[str]:
    """The content as labelled lines, for diffs (one line per paragraph of text)."""
    content = {**empty_content(), **(content or {})}
    lines: list[str] = []

    def block(label: str, text: str | None) -> None:
        lines.append(f"[{label}]")
        lines.extend((text or "").split("\n") if text else [])

    block(_(PART_LABELS["leader"]), content["leader"])
    block(_(PART_LABELS["attendance_note"]), content["attendance_note"])
    block(_(PART_LABELS["opening"]), content["opening"])
    lines.append(f"[{_(PART_LABELS['discussion'])}]")
    for n, point in enumerate(content["discussion"], 1):
        lines.extend(f"{n}. {line}" if i == 0 else f"   {line}" for i, line in enumerate(point.split("\n")))
    lines.append(f"[{_(PART_LABELS['qa'])}]")
    for n, qa in enumerate(content["qa"], 1):
        lines.append(f"{n}. {asker_line(qa)}")
        lines.extend(f"   T: {line}" for line in (qa.get("question") or "").split("\n"))
        lines.append(f"   J ({qa.get('answerer', '')}):")
        lines.extend(f"   {line}" for line in (qa.get("answer") or "").split("\n"))
    lines.append(f"[{_(PART_LABELS['conclusions'])}]")
    for n, point in enumerate(content["conclusions"], 1):
        lines.extend(f"{n}. {line}" if i == 0 else f"   {line}" for i, line in enumerate(point.split("\n")))
    block(_(PART_LABELS["closing"]), content["closing"])
    return lines


def diff(
    theirs: dict[str, Any] | None,
    yours: dict[str, Any] | None,
    *,
    theirs_label: str = "tersimpan",
    yours_label: str = "milik Anda",
) -> list[str]:
    return list(
        difflib.unified_diff(
            as_text(theirs), as_text(yours), fromfile=theirs_label, tofile=yours_label, lineterm="", n=2
        )
    )


def field_differences(theirs: dict[str, Any] | None, yours: dict[str, Any] | None) -> list[dict[str, Any]]:
    theirs, yours = {**empty_content(), **(theirs or {})}, {**empty_content(), **(yours or {})}
    return [
        {"part": key, "label": _(label), "theirs": theirs.get(key), "yours": yours.get(key)}
        for key, label in PART_LABELS.items()
        if theirs.get(key) != yours.get(key)
    ]


# ---- resolving an edit conflict part by part ----------------------------------------------

# The parts in the editor's order: each is taken whole from one version or the other.
CONFLICT_PARTS = (
    "leader",
    "attendance_note",
    "notulis_rank",
    "notulis_nip",
    "opening",
    "discussion",
    "qa",
    "conclusions",
    "closing",
)
MINE, STORED = "mine", "stored"


@dataclass
class ConflictPart:
    """One part of the notulen as stored and as the person typed it, the words only one side has marked."""

    key: str
    label: str
    stored: list["Segment"]
    mine: list["Segment"]
    differs: bool


def part_text(content: dict[str, Any] | None, key: str) -> str:
    """A part as a person reads it: numbered points, questions with asker and answer, the rank's name."""
    from ..reference.ranks import RANK_NAMES

    value = {**empty_content(), **(content or {})}[key]
    if key == "notulis_rank":
        return f"{RANK_NAMES[value]} ({value})" if value in RANK_NAMES else value
    if key in LIST_FIELDS:
        return "\n".join(f"{n}. {point}" for n, point in enumerate(value, 1))
    if key == "qa":
        rows = []
        for n, row in enumerate(value, 1):
            rows.append(
                f"{n}. {asker_line(row)}\nT: {row.get('question', '')}\n"
                f"J ({row.get('answerer', '')}): {row.get('answer', '')}"
            )
        return "\n\n".join(rows)
    text: str = value  # the text parts are strings (normalised)
    return text


def conflict_parts(stored: dict[str, Any] | None, mine: dict[str, Any] | None) -> list[ConflictPart]:
    from ..text_diff import sides

    stored, mine = {**empty_content(), **(stored or {})}, {**empty_content(), **(mine or {})}
    parts = []
    for key in CONFLICT_PARTS:
        old, new = sides(part_text(stored, key), part_text(mine, key))
        parts.append(
            ConflictPart(key=key, label=_(PART_LABELS[key]), stored=old, mine=new, differs=stored[key] != mine[key])
        )
    return parts


def merge(stored: dict[str, Any], mine: dict[str, Any], choices: Mapping[str, str]) -> dict[str, Any]:
    """Each differing part from the version chosen for it (MINE unless STORED was chosen)."""
    stored, mine = normalise(stored), normalise(mine)
    merged: dict[str, Any] = {}
    for key in CONFLICT_PARTS:
        choice = choices.get(key, MINE)
        if choice not in (MINE, STORED):
            raise MinutesError(_("Pilihan untuk bagian %(part)s tidak dikenal.", part=_(PART_LABELS[key])))
        merged[key] = stored[key] if choice == STORED else mine[key]
    return merged


def parse_yours(raw: str) -> dict[str, Any]:
    """The person's own version carried by the conflict form (JSON in a hidden field)."""
    import json

    from ..safe_text import has_control_characters

    try:
        content = json.loads(raw or "")
    except ValueError:
        raise MinutesError(_("Versi Anda tidak terbaca; salin isinya dan muat ulang halaman.")) from None

    def strings(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    if not isinstance(content, dict) or any(has_control_characters(text) for text in strings(content)):
        raise MinutesError(_("Isi notulen tidak sah."))
    return normalise(content)


def stored_content(minutes: Minutes, number: int) -> dict[str, Any]:
    """The content of revision `number` (the one the conflict screen showed as stored)."""
    if number == minutes.revision:
        return minutes.content
    revision = db.session.scalar(
        select(MinutesRevision).where(MinutesRevision.minutes_id == minutes.id, MinutesRevision.number == number)
    )
    if revision is None:
        raise MinutesError(_("Revisi dasar tidak dikenal; muat ulang halaman."))
    return revision.content


def resolve(
    minutes: Minutes, yours: dict[str, Any], choices: Mapping[str, str], *, by: User | None, base_revision: Revision
) -> Minutes:
    """Save the merge of the stored revision `base_revision` and the person's version, part by part,
    as a new revision on top of it; someone saving again meanwhile is a new EditConflict (with the
    merge as the person's version), never an overwrite."""
    base = _base_revision(base_revision)
    merged = merge(stored_content(minutes, base), yours, choices)
    return save(minutes, merged, by=by, base_revision=base, note="save")


# ---- skeleton from the agenda and attendance -------------------------------------------------


def people(session: AgendaSession, role: str) -> list[SessionPerson]:
    return [p for p in session.people if p.role == role]


def leader_person(session: AgendaSession) -> SessionPerson | None:
    moderators = people(session, "moderator")
    speakers = people(session, "narasumber")
    return next(iter(moderators or speakers), None)


def session_day(session: AgendaSession, event: Event) -> date:
    return session.starts_at.astimezone(event.tz).date()


def present_count(event: Event, day: date) -> int:
    return (
        db.session.scalar(
            select(func.count(func.distinct(CheckIn.registration_id))).where(
                CheckIn.event_id == event.id, CheckIn.day == day, CheckIn.undone_at.is_(None)
            )
        )
        or 0
    )


AUTO_ATTENDANCE = re.compile(r"^\d+ orang \(daftar hadir terlampir\)$")


def attendance_note(count: int) -> str:
    return f"{count} orang (daftar hadir terlampir)"


def attendance_for_document(event: Event, session: AgendaSession, note: str) -> str:
    """The Peserta line: what the notulis wrote, except the pre-filled count, which is refreshed
    from check-in (the skeleton may have been made before everyone arrived)."""
    if note and not AUTO_ATTENDANCE.match(note):
        return note
    return attendance_note(present_count(event, session_day(session, event)))


def skeleton(session: AgendaSession) -> dict[str, Any]:
    event = db.session.get_one(Event, session.event_id)  # the session's meeting (a foreign key)
    leader = leader_person(session)
    content = empty_content()
    content["leader"] = leader.name if leader else ""
    content["attendance_note"] = attendance_note(present_count(event, session_day(session, event)))
    speakers = [p.name for p in people(session, "narasumber")]
    if speakers:
        content["discussion"] = [f"Paparan oleh {name}: " for name in speakers]
    content["opening"] = f"Rapat dibuka oleh {leader.name}." if leader else ""
    return content


def needs_minutes(session: AgendaSession) -> bool:
    return session.kind not in NO_MINUTES_KINDS and not session.cancelled


def progress(event: Event) -> tuple[int, int]:
    """(final, needed): the one count of "notulen final" everywhere — the sessions that need notulen
    (not cancelled, not a break or the check-in desk) and how many of them have final ones. Counting
    notulen rows instead gave "2/3" for a meeting of 13 such sessions."""
    from ..agenda.services import sessions_on

    needed = [s.id for s in sessions_on(event) if needs_minutes(s)]
    final = (
        db.session.scalar(
            select(func.count()).select_from(Minutes).where(Minutes.session_id.in_(needed), Minutes.state == "final")
        )
        or 0
        if needed
        else 0
    )
    return final, len(needed)


def get(session: AgendaSession) -> Minutes | None:
    return db.session.scalar(select(Minutes).where(Minutes.session_id == session.id))


def get_or_create(session: AgendaSession, *, by: User | None = None) -> Minutes:
    minutes = get(session)
    if minutes is not None:
        return minutes
    minutes = Minutes(
        event_id=session.event_id,
        session_id=session.id,
        state="draft",
        revision=0,
        content=skeleton(session),
        updated_at=utcnow(),
        updated_by_id=getattr(by, "id", None),
    )
    db.session.add(minutes)
    try:
        db.session.flush()
    except IntegrityError:  # another request created it at the same moment (unique session_id)
        db.session.rollback()
        existing = get(session)
        if existing is None:
            raise
        return existing
    record("minutes.create", minutes, user=by, session_id=session.id)
    db.session.commit()
    return minutes


# ---- who may edit ----------------------------------------------------------------------------


def is_secretariat(user: User | None, event: Event | int | None) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and user.has_event_role(event, SEKRETARIAT))


def is_session_notulis(user: User | None, session: AgendaSession) -> bool:
    """A user with the notulis role whose account the agenda names as this session's notulis."""
    uid = getattr(user, "id", None)
    return (
        user is not None
        and uid is not None
        and user.has_event_role(session.event_id, NOTULIS)
        and any(p.role == "notulis" and p.user_id == uid for p in session.people)
    )


def can_edit(user: User | None, session: AgendaSession) -> bool:
    return is_secretariat(user, session.event_id) or is_session_notulis(user, session)


def sessions_for(user: User | None, event: Event) -> list[AgendaSession]:
    """Sessions that need minutes, in agenda order, that `user` may write."""
    from ..agenda.services import sessions_on

    return [s for s in sessions_on(event) if needs_minutes(s) and can_edit(user, s)]


# ---- saving ----------------------------------------------------------------------------------


def user_name(user_id: int | None) -> str:
    user = db.session.get(User, user_id) if user_id else None
    return user.full_name if user else "—"


def _add_revision(minutes: Minutes, number: int, *, by: User | None, note: str) -> MinutesRevision:
    revision = MinutesRevision(
        minutes_id=minutes.id,
        number=number,
        content=minutes.content,
        state=minutes.state,
        saved_at=utcnow(),
        saved_by_id=getattr(by, "id", None),
        note=note,
    )
    db.session.add(revision)
    return revision


def _claim(minutes: Minutes, base_revision: int) -> bool:
    """Move the revision counter from base_revision to base_revision + 1 atomically (one UPDATE),
    so of two simultaneous saves from the same base exactly one wins, on SQLite and PostgreSQL."""
    result: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]  # an UPDATE's result has a rowcount
        update(Minutes)
        .where(Minutes.id == minutes.id, Minutes.revision == base_revision, Minutes.state == "draft")
        .values(revision=base_revision + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _conflict(minutes: Minutes, yours: dict[str, Any]) -> EditConflict:
    db.session.rollback()
    db.session.refresh(minutes)
    return EditConflict(
        current_revision=minutes.revision,
        current_content=minutes.content,
        yours=yours,
        saved_by=user_name(minutes.updated_by_id),
        saved_at=minutes.updated_at,
        diff=diff(minutes.content, yours),
        fields=field_differences(minutes.content, yours),
    )


def _base_revision(raw: Revision) -> int:
    """The revision the editor loaded, as the form or the autosave sent it: anything but a number
    is refused with a message (a mangled field was a 500 on finalising)."""
    try:
        return int(raw if raw is not None else "")
    except (TypeError, ValueError):
        raise MinutesError(_("Revisi dasar tidak dikenal; muat ulang halaman.")) from None


def save(minutes: Minutes, content: object, *, by: User | None, base_revision: Revision, note: str = "save") -> Minutes:
    if note not in SAVE_NOTES:
        note = "save"
    base = _base_revision(base_revision)
    clean = normalise(content)
    if minutes.state == "final":
        raise MinutesError(_("Notulen sudah final dan terkunci; minta sekretariat membukanya kembali."))
    if base != minutes.revision or not _claim(minutes, base):
        raise _conflict(minutes, clean)
    minutes.revision = base + 1
    minutes.content = clean
    minutes.updated_at = utcnow()
    minutes.updated_by_id = getattr(by, "id", None)
    _add_revision(minutes, minutes.revision, by=by, note=note)
    if note == "save":  # autosaves are kept as revisions but not each in the audit log
        record("minutes.save", minutes, user=by, revision=minutes.revision)
    db.session.commit()
    return minutes


def missing_parts(minutes: Minutes) -> list[str]:
    content = {**empty_content(), **(minutes.content or {})}
    missing = []
    for key in REQUIRED_PARTS:
        value = content.get(key)
        if isinstance(value, list):
            if not [v for v in value if str(v).strip()]:
                missing.append(key)
        elif not str(value or "").strip():
            missing.append(key)
    return missing


# draft -> final (signed off); final -> draft (reopened by the secretariat, a new revision).
TRANSITIONS = {"draft": {"final"}, "final": {"draft"}}


def _invalid_transition(from_state: str, to_state: str) -> MinutesError:
    return MinutesError(_("Notulen sudah final.") if to_state == "final" else _("Notulen ini belum final."))


def finalize(minutes: Minutes, *, by: User | None, base_revision: Revision = None) -> Minutes:
    check(TRANSITIONS, minutes.state, "final", _invalid_transition)
    missing = missing_parts(minutes)
    if missing:
        raise MissingParts(missing)
    base = minutes.revision if base_revision is None or base_revision == "" else _base_revision(base_revision)
    if base != minutes.revision or not _claim(minutes, base):
        raise _conflict(minutes, minutes.content)
    minutes.revision = base + 1
    transition(
        minutes,
        "final",
        TRANSITIONS,
        by=by,
        audit_action="minutes.finalize",
        refuse=_invalid_transition,
        revision=minutes.revision,
    )
    minutes.finalized_at = minutes.updated_at = utcnow()
    minutes.finalized_by_id = minutes.updated_by_id = getattr(by, "id", None)
    _add_revision(minutes, minutes.revision, by=by, note="final")
    db.session.commit()
    return minutes


def reopen(minutes: Minutes, *, by: User | None) -> Minutes:
    if not is_secretariat(by, minutes.event_id):
        raise MinutesError(_("Hanya sekretariat yang dapat membuka kembali notulen final."))
    check(TRANSITIONS, minutes.state, "draft", _invalid_transition)
    number = minutes.revision + 1
    # The revision counter is the lock: of two simultaneous reopenings exactly one moves it.
    result: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]  # an UPDATE's result has a rowcount
        update(Minutes)
        .where(Minutes.id == minutes.id, Minutes.revision == minutes.revision)
        .values(revision=number)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise MinutesError(_("Notulen baru saja diubah orang lain; muat ulang halaman."))
    minutes.revision = number
    transition(
        minutes, "draft", TRANSITIONS, by=by, audit_action="minutes.reopen", refuse=_invalid_transition, revision=number
    )
    minutes.finalized_at = minutes.finalized_by_id = None
    minutes.updated_at, minutes.updated_by_id = utcnow(), getattr(by, "id", None)
    _add_revision(minutes, number, by=by, note="reopened")
    db.session.commit()
    return minutes


def revisions(minutes: Minutes) -> list[MinutesRevision]:
    return list(
        db.session.scalars(
            select(MinutesRevision)
            .where(MinutesRevision.minutes_id == minutes.id)
            .order_by(MinutesRevision.number.desc())
        )
    )


def event_minutes(event: Event, *, final_only: bool = False) -> list[Minutes]:
    """The event's minutes in agenda order (sessions that need minutes and have some)."""
    from ..agenda.services import sessions_on

    by_session = {m.session_id: m for m in db.session.scalars(select(Minutes).where(Minutes.event_id == event.id))}
    result = []
    for session in sessions_on(event):
        minutes = by_session.get(session.id)
        if minutes is not None and needs_minutes(session) and (minutes.state == "final" or not final_only):
            result.append(minutes)
    return result


# ---- what the documents print (shared by the PDF and the DOCX) -------------------------------


@dataclass
class MinutesDocument:
    title: str
    header: list[tuple[str, str]]
    content: dict[str, Any]
    draft: bool
    place: str
    day: date
    signers: list[Signer]
    session_title: str = ""
    attachment: "AttendanceDocument | None" = (
        None  # the daftar hadir (checkin.attendance.AttendanceDocument) when "terlampir"
    )


def _committee_member(person: SessionPerson | None) -> CommitteeMember | None:
    """The panitia entry of a session's person who did not register (the notulis is staff): by their
    account, else by their name as printed."""
    if person is None:
        return None
    members = db.session.scalars(
        select(CommitteeMember).where(CommitteeMember.event_id == person.session.event_id).order_by(CommitteeMember.id)
    ).all()
    name = " ".join((person.name or "").split()).casefold()
    return next((m for m in members if person.user_id and m.user_id == person.user_id), None) or next(
        (m for m in members if " ".join(m.full_name.split()).casefold() == name), None
    )


def _signer(position: str, name: str, person: SessionPerson | None, *, rank: str = "", nip: str = "") -> Signer:
    """Pangkat and NIP typed on the notulen win; else the registration's, when the person registered;
    else the panitia's (a notulis from the secretariat is on the committee, not registered)."""
    registration = getattr(person, "registration", None)
    rank = rank or getattr(registration, "rank", None) or ""
    nip = nip or getattr(registration, "nip", None) or ""
    if registration is None and not (rank and nip):
        member = _committee_member(person)
        rank, nip = rank or getattr(member, "rank", None) or "", nip or getattr(member, "nip", None) or ""
    return Signer(position=position, name=name, rank=rank or None, nip=nip or None)


ATTACHED = "daftar hadir terlampir"


def attached_attendance(event: Event, session: AgendaSession, peserta: str) -> "AttendanceDocument | None":
    """The daftar hadir the Peserta line promises: the session's own list, or the day's when the
    session's cannot be made. None when the line does not say it is attached."""
    from ..checkin import attendance

    if ATTACHED not in peserta.casefold():
        return None
    try:
        return attendance.session_document(event, session)
    except attendance.AttendanceError:
        return attendance.day_document(event, session_day(session, event))


def document_parts(event: Event, minutes: Minutes) -> MinutesDocument:
    """Header rows, content and signers of one notulen, in Indonesian (official document)."""
    from ..i18n import format_clock, format_day

    session = minutes.session
    content = {**empty_content(), **(minutes.content or {})}
    content["qa"] = [{**row, "asker_line": asker_line(row)} for row in content["qa"]]
    day = session_day(session, event)
    leader_name = content["leader"]
    leader = next(
        (
            p
            for p in session.people
            if p.role in ("moderator", "narasumber") and " ".join(p.name.split()).lower() == leader_name.lower()
        ),
        None,
    )
    notulis = people(session, "notulis")
    start = format_clock(session.starts_at, event.timezone, "id", with_zone=False)
    end = format_clock(session.ends_at, event.timezone, "id")
    header = [
        ("Rapat/Acara", f"{session.title} — {event.title}"),
        ("Hari/Tanggal", format_day(day, "id")),
        ("Waktu", f"pukul {start} s.d. {end}"),
        ("Tempat", _meeting_place(event, session)),
        ("Pimpinan Rapat", leader_name or "-"),
        # Who gives the Arahan or the laporan is no narasumber (session_roles): the acara's own speaker.
        (
            role_title("narasumber", session.kind) or "Pengisi Acara",
            ", ".join(p.name for p in people(session, "narasumber")) or "-",
        ),
        ("Notulis", ", ".join(p.name for p in notulis) or "-"),
        ("Peserta", attendance_for_document(event, session, content["attendance_note"])),
    ]
    signers = [
        _signer("Pimpinan Rapat", leader_name, leader),
        _signer(
            "Notulis",
            notulis[0].name if notulis else "",
            notulis[0] if notulis else None,
            rank=content["notulis_rank"],
            nip=content["notulis_nip"],
        ),
    ]
    return MinutesDocument(
        title="NOTULEN",
        header=header,
        content=content,
        draft=minutes.state != "final",
        place=(event.city or "").strip(),
        day=day,
        signers=signers,
        session_title=session.title,
        attachment=attached_attendance(event, session, header[-1][1]),
    )


def _meeting_place(event: Event, session: AgendaSession) -> str:
    return event.place(address=True, room=session.room.name if session.room else None)


def render(event: Event, minutes_list: Sequence[Minutes], fmt: str) -> bytes:
    """Notulen (agenda order as given) as 'pdf' or 'docx': the models built here, the renderers
    (raker/pdf, raker/documents) know nothing of this module."""
    documents = [document_parts(event, minutes) for minutes in minutes_list]
    if fmt == "pdf":
        from ..pdf.minutes import render_minutes

        return render_minutes(event, documents)
    if fmt == "docx":
        from ..documents.docx_minutes import render_minutes_docx

        return render_minutes_docx(event, documents)
    raise ValueError(f"unknown format: {fmt}")


def minutes_pdf(event: Event, minutes_list: Sequence[Minutes]) -> bytes:
    return render(event, minutes_list, "pdf")


def minutes_docx(event: Event, minutes_list: Sequence[Minutes]) -> bytes:
    return render(event, minutes_list, "docx")


def export(event: Event, fmt: str, *, final_only: bool = False) -> bytes:
    """The compiled notulen of the event as 'pdf' or 'docx' (for the CLI: flask export minutes)."""
    return render(event, event_minutes(event, final_only=final_only), fmt)
