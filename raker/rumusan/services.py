"""The rumusan (formulated recommendations) of a meeting: tim perumus, topics, items with states and
versions, proposals from delegations (like amendments) and an item's diffs. The document text and its
adoption are in adoption.py, the demo's rumusan in demo.py.

Every mutating function refuses (RumusanRefused) once the rumusan is adopted; each change of an
item's text or state writes a RumusanItemVersion (author, time) and an audit row."""

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..audit import record
from ..extensions import db
from ..i18n import format_day
from ..ids import id_from
from ..models import Commission, Delegation, Event, Registration
from ..models.agenda import AgendaSession
from ..models.checkin import CheckIn
from ..models.minutes import (
    DRAFTING_ROLES,
    DraftingMember,
    Proposal,
    Rumusan,
    RumusanItem,
    RumusanItemVersion,
    RumusanTopic,
)
from ..models.types import utcnow
from ..models.user import PERUMUS, SEKRETARIAT, User
from ..sidang.version import touch  # every change to topics and items moves the plenary's screens
from ..states import state_label
from ..text_diff import Diff, word_diff
from ..transitions import check, transition

# draft → proposed → adopted | dropped; back to draft to rework; dropped can be revived.
TRANSITIONS = {
    "draft": {"proposed", "dropped"},
    "proposed": {"draft", "adopted", "dropped"},
    "adopted": {"proposed", "draft"},
    "dropped": {"draft"},
}
RUMUSAN_TRANSITIONS = {"draft": {"adopted"}}  # adopted is final: the text is frozen with its fingerprint
PROPOSAL_TRANSITIONS = {"open": {"accepted", "rejected"}}
ROLE_LABELS = {"ketua": "Ketua", "sekretaris": "Sekretaris", "anggota": "Anggota"}
DEFAULT_CLOSING = (
    "Demikian rumusan ini dibuat untuk dijadikan bahan dan pedoman dalam penyusunan kebijakan "
    "serta pelaksanaan program dan kegiatan pada masing-masing perangkat daerah."
)
SUB_LETTERS = "abcdefghijklmnopqrstuvwxyz"


Placed = TypeVar("Placed", RumusanTopic, RumusanItem)  # what moves up and down by its position
Sources = Iterable[Mapping[str, Any]] | None  # [{"session_id", "point"}] as the editor's form sends them
Texts = Mapping[int, tuple[str, str]]  # {item_id: (text, state)} at another moment (adoption.texts_at)


class RumusanRefused(Exception):
    def __init__(self, message: str, blockers: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.blockers = blockers or []


# ---- helpers --------------------------------------------------------------------------------


def topic_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sub_letter(index: int) -> str:
    return (
        SUB_LETTERS[index] if index < len(SUB_LETTERS) else f"{SUB_LETTERS[index // 26 - 1]}{SUB_LETTERS[index % 26]}"
    )


def _check_open(rumusan: Rumusan) -> None:
    if rumusan.state == "adopted":
        raise RumusanRefused(_("Rumusan sudah ditetapkan dan tidak dapat diubah lagi."))


def _adopted(from_state: str, to_state: str) -> RumusanRefused:
    return RumusanRefused(_("Rumusan sudah ditetapkan dan tidak dapat diubah lagi."))


def _already_decided(from_state: str, to_state: str) -> RumusanRefused:
    return RumusanRefused(_("Usulan ini sudah diputuskan."))


def _clean_text(text: str | None, what: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise RumusanRefused(_("%(what)s wajib diisi.", what=what))
    return text


def rumusan_of(event: Event) -> Rumusan | None:
    return db.session.scalar(select(Rumusan).where(Rumusan.event_id == event.id))


def top_items(topic: RumusanTopic) -> list[RumusanItem]:
    return [item for item in topic.items if item.parent_id is None]


def sub_items(item: RumusanItem) -> list[RumusanItem]:
    siblings = item.topic.items if item.topic is not None else []  # a commission's draft point has none here
    return sorted((child for child in siblings if child.parent_id == item.id), key=lambda i: i.position)


# ---- who may do what ------------------------------------------------------------------------


def is_team_member(user: User | None, event: Event) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(
            select(DraftingMember.id).where(DraftingMember.event_id == event.id, DraftingMember.user_id == user.id)
        )
        is not None
    )


def can_edit(user: User | None, event: Event) -> bool:
    """Perumus, sekretariat and admin edit; so does a tim perumus member with an account."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.has_event_role(event, SEKRETARIAT, PERUMUS) or is_team_member(user, event)


def contact_delegations(user: User | None, event: Event) -> list[Delegation]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(
        db.session.scalars(
            select(Delegation)
            .where(Delegation.event_id == event.id, Delegation.contact_user_id == user.id)
            .order_by(Delegation.position)
        )
    )


def can_propose(user: User | None, event: Event) -> bool:
    return can_edit(user, event) or bool(contact_delegations(user, event))


# ---- the document ---------------------------------------------------------------------------


def opening(event: Event) -> tuple[str, str]:
    """(who opened, on whose behalf) from the agenda: the sambutan/pembukaan session that opens officially."""
    sessions = db.session.scalars(
        select(AgendaSession)
        .where(AgendaSession.event_id == event.id, AgendaSession.cancelled.is_(False))
        .order_by(AgendaSession.starts_at, AgendaSession.id)
    ).all()
    candidates = [
        s for s in sessions if s.kind in ("sambutan", "pembukaan") and any(p.role == "narasumber" for p in s.people)
    ]
    official = [s for s in candidates if "pembukaan" in s.title.lower() or "membuka" in s.title.lower()]
    if not (official or candidates):
        return "", ""
    session = (official or candidates[-1:])[0]
    person = next(p for p in session.people if p.role == "narasumber")
    registration = db.session.get(Registration, person.registration_id) if person.registration_id else None
    position = person.position or (registration.position if registration else "")
    who = f"{position} ({person.name})" if position else person.name
    match = re.search(r"\b((?:Gubernur|Bupati|Wali ?kota)\b.*?)(?:\s+dan\b|$)", session.title, re.IGNORECASE)
    on_behalf = match.group(1).strip() if match else ""
    if on_behalf and position.lower().startswith(on_behalf.split()[0].lower()):
        on_behalf = ""
    return who, on_behalf


def _speakers(event: Event) -> list[str]:
    sessions = db.session.scalars(
        select(AgendaSession)
        .where(
            AgendaSession.event_id == event.id,
            AgendaSession.cancelled.is_(False),
            AgendaSession.kind.in_(("paparan", "tanya_jawab", "pleno")),
        )
        .order_by(AgendaSession.starts_at, AgendaSession.id)
    ).all()
    seen, names = set(), []
    for session in sessions:
        for person in session.people:
            if person.role == "narasumber" and person.name not in seen:
                seen.add(person.name)
                names.append(f"{person.name} ({person.position})" if person.position else person.name)
    return names


def default_preamble(event: Event) -> str:
    days = format_day(event.start_date, "id")
    if event.end_date and event.end_date != event.start_date:
        days += f" s.d. {format_day(event.end_date, 'id')}"
    place = event.place()
    text = f"{event.title}"
    if (event.theme or "").strip():
        text += f' dengan tema "{event.theme.strip()}"'
    text += f" dilaksanakan pada hari {days} di {place}"
    who, on_behalf = opening(event)
    if who:
        text += f", dibuka secara resmi oleh {who}" + (f" mewakili {on_behalf}" if on_behalf else "")
    speakers = _speakers(event)
    if speakers:
        text += ", dengan narasumber " + _join(speakers)
    # Placeholders, not figures: the meeting still grows after the draft is made (preamble_blocks fills them).
    text += f", diikuti oleh {PESERTA} orang peserta dari {DELEGASI} delegasi, yaitu {DAFTAR_DELEGASI}."
    return (
        text + "\n\nSetelah mendengarkan arahan, paparan para narasumber serta hasil pembahasan dalam sidang "
        "komisi dan sidang pleno, Rapat Kerja merumuskan hal-hal sebagai berikut:"
    )


PESERTA, DELEGASI, DAFTAR_DELEGASI = "{jumlah_peserta}", "{jumlah_delegasi}", "{daftar_delegasi}"
# The sentence as drafts made before the placeholders stored it, figures baked in ("161 … 12 delegasi").
BAKED_FIGURES = re.compile(r"diikuti oleh \d+ orang peserta dari \d+ delegasi, yaitu .*?\.(?=\s*(?:\n|$))")


def attendance_figures(event: Event, as_of: datetime | None = None) -> tuple[int, list[Delegation]]:
    """(participants, their delegations in order) from attendance: approved registrations checked in on
    at least one meeting day (undone scans left out); with as_of, the attendance as it stood then. Before
    anyone is checked in, the approved ones, so a draft printed ahead of the meeting still reads as expected."""
    approved = (Registration.event_id == event.id, Registration.state == "approved")
    scans = [
        CheckIn.event_id == event.id,
        CheckIn.day >= event.start_date,
        CheckIn.day <= event.end_date,
        CheckIn.undone_at.is_(None),
    ]
    if as_of is not None:
        scans[-1] = CheckIn.undone_at.is_(None) | (CheckIn.undone_at > as_of)
        scans.append(CheckIn.received_at <= as_of)
    # Counted in SQL: the rows themselves are not needed (10,000 of them at a national meeting).
    who: tuple[Any, ...] = (*approved, Registration.id.in_(select(CheckIn.registration_id).where(*scans)))
    count = db.session.scalar(select(func.count()).select_from(Registration).where(*who)) or 0
    if not count:
        who = approved
        count = db.session.scalar(select(func.count()).select_from(Registration).where(*who)) or 0
    delegations = db.session.scalars(
        select(Delegation)
        .where(Delegation.id.in_(select(Registration.delegation_id).where(*who)))
        .order_by(Delegation.position, Delegation.id)
    ).all()
    return count, list(delegations)


def preamble_text(rumusan: Rumusan, event: Event) -> str:
    """The preamble as printed: the secretariat's wording with the figures of today's attendance."""
    text = rumusan.preamble.replace("\r\n", "\n")
    fields = (PESERTA, DELEGASI, DAFTAR_DELEGASI)
    if not any(f in text for f in fields) and BAKED_FIGURES.search(text):
        text = BAKED_FIGURES.sub(
            f"diikuti oleh {PESERTA} orang peserta dari {DELEGASI} delegasi, yaitu {DAFTAR_DELEGASI}.", text, count=1
        )
    if any(f in text for f in fields):
        # An adopted rumusan prints the attendance it was adopted with: its text matches its fingerprint.
        count, delegations = attendance_figures(event, rumusan.adopted_at if rumusan.state == "adopted" else None)
        for field, value in zip(
            fields, (str(count), str(len(delegations)), _join([d.name for d in delegations])), strict=True
        ):
            text = text.replace(field, value)
    return text


def preamble_blocks(rumusan: Rumusan, event: Event) -> list[str]:
    """The printed preamble's paragraphs (blank lines separate them)."""
    return [block.strip() for block in preamble_text(rumusan, event).split("\n\n") if block.strip()]


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " dan " + names[-1]


def get_or_create(event: Event, *, by: User | None = None) -> Rumusan:
    rumusan = rumusan_of(event)
    if rumusan is None:
        rumusan = Rumusan(event_id=event.id, preamble=default_preamble(event), closing=DEFAULT_CLOSING, state="draft")
        db.session.add(rumusan)
        db.session.flush()
        record("rumusan.create", rumusan, event_id=event.id, to_state="draft", user=by)
        db.session.commit()
    return rumusan


def set_texts(rumusan: Rumusan, *, preamble: str, closing: str, by: User | None = None) -> None:
    _check_open(rumusan)
    rumusan.preamble = _clean_text(preamble, _("Pembukaan rumusan"))
    rumusan.closing = _clean_text(closing, _("Kalimat penutup"))
    record("rumusan.texts", rumusan, event_id=rumusan.event_id, user=by)
    db.session.commit()


# ---- tim perumus ----------------------------------------------------------------------------


def team(event: Event) -> list[DraftingMember]:
    order = {role: n for n, role in enumerate(DRAFTING_ROLES)}
    members = db.session.scalars(select(DraftingMember).where(DraftingMember.event_id == event.id)).all()
    return sorted(members, key=lambda m: (order.get(m.role, 9), m.position, m.id))


def _user_for(registration: Registration) -> User | None:
    if not registration.email:
        return None
    return db.session.scalar(select(User).where(User.email == registration.email.lower()))


def set_team(event: Event, members: list[tuple[int, str]], *, by: User | None = None) -> list[DraftingMember]:
    """Replace the tim perumus: exactly one ketua, at most one sekretaris, approved participants only."""
    rumusan = rumusan_of(event)
    if rumusan is not None:
        _check_open(rumusan)
    roles = [role for _id, role in members]
    if any(role not in DRAFTING_ROLES for role in roles):
        raise RumusanRefused(_("Peran tim perumus tidak dikenal."))
    if roles.count("ketua") != 1:
        raise RumusanRefused(_("Tim perumus harus mempunyai tepat satu ketua."))
    if roles.count("sekretaris") > 1:
        raise RumusanRefused(_("Tim perumus paling banyak mempunyai satu sekretaris."))
    ids = [int(rid) for rid, _role in members]
    if len(set(ids)) != len(ids):
        raise RumusanRefused(_("Seorang peserta hanya dapat memegang satu peran dalam tim perumus."))
    registrations = {}
    for rid in ids:
        registration = db.session.get(Registration, rid)
        if registration is None or registration.event_id != event.id or registration.state != "approved":
            raise RumusanRefused(_("Anggota tim perumus harus peserta yang sudah disetujui."))
        registrations[rid] = registration
    for old in db.session.scalars(select(DraftingMember).where(DraftingMember.event_id == event.id)).all():
        db.session.delete(old)
    db.session.flush()
    created = []
    for position, (rid, role) in enumerate(members):
        registration = registrations[int(rid)]
        account = _user_for(registration)
        member = DraftingMember(
            event_id=event.id,
            registration_id=registration.id,
            role=role,
            position=position,
            user_id=account.id if account else None,
        )
        db.session.add(member)
        created.append(member)
    db.session.flush()
    record(
        "rumusan.team",
        event,
        event_id=event.id,
        user=by,
        members=[{"registration_id": m.registration_id, "role": m.role} for m in created],
    )
    db.session.commit()
    return team(event)


# ---- topics ---------------------------------------------------------------------------------


def add_topic(rumusan: Rumusan, title: str, *, by: User | None = None) -> RumusanTopic:
    _check_open(rumusan)
    position = max((t.position for t in rumusan.topics), default=0) + 1
    topic = RumusanTopic(rumusan=rumusan, title=_clean_text(title, _("Judul topik"))[:300], position=position)
    db.session.add(topic)
    db.session.flush()
    record("rumusan.topic_add", topic, event_id=rumusan.event_id, user=by, title=topic.title)
    touch(rumusan.event_id)
    db.session.commit()
    return topic


def rename_topic(topic: RumusanTopic, title: str, *, by: User | None = None) -> None:
    _check_open(topic.rumusan)
    old = topic.title
    topic.title = _clean_text(title, _("Judul topik"))[:300]
    record("rumusan.topic_rename", topic, event_id=topic.rumusan.event_id, user=by, old=old, new=topic.title)
    touch(topic.rumusan.event_id)
    db.session.commit()


def delete_topic(topic: RumusanTopic, *, by: User | None = None) -> None:
    rumusan = topic.rumusan
    _check_open(rumusan)
    if topic.items:
        raise RumusanRefused(
            _(
                "Topik yang masih berisi butir tidak dapat dihapus; hapus butirnya (status Dihapus) "
                "atau pindahkan dahulu."
            )
        )
    record("rumusan.topic_delete", topic, event_id=rumusan.event_id, user=by, title=topic.title)
    touch(rumusan.event_id)
    rumusan.topics.remove(topic)
    db.session.commit()


def _swap(objects: list[Placed], obj: Placed, direction: str) -> bool:
    index = objects.index(obj)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(objects):
        return False
    # normalise then swap, so equal positions never block a move
    for n, each in enumerate(objects):
        each.position = n + 1
    objects[index].position, objects[other].position = objects[other].position, objects[index].position
    return True


def move_topic(topic: RumusanTopic, direction: str, *, by: User | None = None) -> None:
    rumusan = topic.rumusan
    _check_open(rumusan)
    if _swap(sorted(rumusan.topics, key=lambda t: (t.position, t.id)), topic, direction):
        record("rumusan.topic_move", topic, event_id=rumusan.event_id, user=by, direction=direction)
        touch(rumusan.event_id)
        db.session.commit()
        db.session.expire(rumusan, ["topics"])


# ---- items ----------------------------------------------------------------------------------


def _new_version(item: RumusanItem, *, by: User | None, note: str = "") -> RumusanItemVersion:
    version = RumusanItemVersion(
        item=item,
        number=item.version,
        text=item.text,
        state=item.state,
        author_id=getattr(by, "id", None),
        note=(note or "")[:300],
        created_at=utcnow(),
    )
    db.session.add(version)
    return version


def _clean_sources(event_id: int, sources: Sources) -> list[dict[str, Any]]:
    cleaned = []
    for source in sources or []:
        raw = source.get("session_id", "")
        if raw in (None, ""):
            continue
        session_id = id_from(raw)  # "²" or a number past INTEGER names no session (it was a 500)
        session = db.session.get(AgendaSession, session_id) if session_id else None
        if session is None or session.event_id != event_id:
            raise RumusanRefused(_("Sesi sumber tidak ditemukan pada rapat ini."))
        cleaned.append({"session_id": session_id, "point": (source.get("point") or "").strip()[:300]})
    return cleaned


def add_item(
    topic: RumusanTopic,
    text: str,
    *,
    parent: RumusanItem | None = None,
    sources: Sources = None,
    by: User | None = None,
    note: str = "",
    state: str = "draft",
    commit: bool = True,
) -> RumusanItem:
    rumusan = topic.rumusan
    _check_open(rumusan)
    if parent is not None and (parent.topic_id != topic.id or parent.parent_id is not None):
        raise RumusanRefused(_("Sub-butir hanya dapat ditambahkan pada butir bernomor dalam topik yang sama."))
    siblings = [i for i in topic.items if i.parent_id == (parent.id if parent else None)]
    item = RumusanItem(
        topic=topic,
        parent_id=parent.id if parent else None,
        text=_clean_text(text, _("Teks butir")),
        state=state,
        sources=_clean_sources(rumusan.event_id, sources),
        version=1,
        position=max((i.position for i in siblings), default=0) + 1,
    )
    db.session.add(item)
    db.session.flush()
    _new_version(item, by=by, note=note or _("Butir dibuat."))
    record("rumusan.item_add", item, event_id=rumusan.event_id, to_state=item.state, user=by)
    touch(rumusan.event_id)
    if commit:
        db.session.commit()
    return item


def rumusan_of_item(item: RumusanItem) -> Rumusan:
    """The rumusan an item belongs to: through its topic, or, for a point still in a commission's draft,
    the rumusan of the commission's meeting."""
    if item.topic is not None:
        return item.topic.rumusan
    rumusan = db.session.scalar(
        select(Rumusan)
        .join(Commission, Commission.event_id == Rumusan.event_id)
        .where(Commission.id == item.commission_id)
    )
    if rumusan is None:
        raise RumusanRefused(_("Butir tidak ditemukan pada rumusan ini."))
    return rumusan


def edit_item(item: RumusanItem, text: str, *, by: User | None = None, note: str = "", commit: bool = True) -> bool:
    rumusan = rumusan_of_item(item)
    _check_open(rumusan)
    text = _clean_text(text, _("Teks butir"))
    if text == item.text:
        return False
    item.text = text
    item.version += 1
    _new_version(item, by=by, note=note)
    record("rumusan.item_edit", item, event_id=rumusan.event_id, user=by, version=item.version)
    touch(rumusan.event_id)
    if commit:
        db.session.commit()
    return True


def set_item_state(
    item: RumusanItem, to_state: str, *, by: User | None = None, note: str = "", commit: bool = True
) -> None:
    rumusan = rumusan_of_item(item)
    _check_open(rumusan)
    _change_item_state(item, to_state, by=by, note=note)
    if commit:
        db.session.commit()


def _change_item_state(item: RumusanItem, to_state: str, *, by: User | None, note: str) -> None:
    transition(
        item,
        to_state,
        TRANSITIONS,
        by=by,
        audit_action="rumusan.item_state",
        refuse=_invalid_item_transition,
        event_id=rumusan_of_item(item).event_id,  # a commission's draft point has no topic yet
    )
    item.version += 1
    _new_version(item, by=by, note=note)
    touch(rumusan_of_item(item).event_id)


def _invalid_item_transition(from_state: str, to_state: str) -> RumusanRefused:
    return RumusanRefused(
        _(
            "Status butir %(a)s tidak dapat diubah menjadi %(b)s.",
            a=state_label(from_state, "rumusan_item"),
            b=state_label(to_state, "rumusan_item"),
        )
    )


def placed_topic(item: RumusanItem) -> RumusanTopic:
    """The topic of an item in the rumusan; a point still in a commission's draft has none, and is not
    moved or sourced here until the tim perumus takes it in."""
    if item.topic is None:
        raise RumusanRefused(_("Butir ini masih di rancangan komisi: ambil dahulu ke rumusan."))
    return item.topic


def set_sources(item: RumusanItem, sources: Sources, *, by: User | None = None) -> None:
    rumusan = placed_topic(item).rumusan
    _check_open(rumusan)
    item.sources = _clean_sources(rumusan.event_id, sources)
    record("rumusan.item_sources", item, event_id=rumusan.event_id, user=by, sources=item.sources)
    db.session.commit()


def move_item(item: RumusanItem, direction: str, *, by: User | None = None) -> None:
    topic = placed_topic(item)
    rumusan = topic.rumusan
    _check_open(rumusan)
    siblings = sorted((i for i in topic.items if i.parent_id == item.parent_id), key=lambda i: (i.position, i.id))
    if _swap(siblings, item, direction):
        record("rumusan.item_move", item, event_id=rumusan.event_id, user=by, direction=direction)
        touch(rumusan.event_id)
        db.session.commit()
        db.session.expire(item.topic, ["items"])


def commission_drafts(rumusan: Rumusan) -> list[RumusanItem]:
    """The numbered points commissions have drafted and the tim perumus has not taken in yet, by
    commission and position (their sub-points come along with them: sub_items)."""
    return list(
        db.session.scalars(
            select(RumusanItem)
            .join(Commission, Commission.id == RumusanItem.commission_id)
            .where(
                Commission.event_id == rumusan.event_id,
                RumusanItem.topic_id.is_(None),
                RumusanItem.parent_id.is_(None),
                RumusanItem.state != "dropped",
            )
            .order_by(Commission.number, RumusanItem.position, RumusanItem.id)
        )
    )


def draft_children(item: RumusanItem) -> list[RumusanItem]:
    return sorted(item.children, key=lambda i: (i.position, i.id))


def origin(item: RumusanItem) -> str:
    """ "dari Komisi II" for an item a commission drafted, "" otherwise."""
    return _("dari %(name)s", name=item.commission.name) if item.commission_id and item.commission is not None else ""


def take_item(item: RumusanItem, topic: RumusanTopic, *, by: User | None = None) -> RumusanItem:
    """The tim perumus takes a commission's point (with its sub-points) into one of the rumusan's topics,
    at its end. The item stays the same row: its history goes on and it keeps its commission."""
    rumusan = topic.rumusan
    _check_open(rumusan)
    if item.commission_id is None or item.topic_id is not None or item.parent_id is not None:
        raise RumusanRefused(_("Hanya butir rancangan komisi yang belum diambil yang dapat diambil."))
    if rumusan_of_item(item).id != rumusan.id:
        raise RumusanRefused(_("Butir atau topik tidak ditemukan pada rumusan ini."))
    if item.state == "dropped":
        raise RumusanRefused(_("Butir ini sudah dihapus oleh komisinya."))
    now = utcnow()
    note = _("Diambil %(origin)s ke topik %(topic)s.", origin=origin(item), topic=topic.title)
    siblings = top_items(topic)
    item.position = max((i.position for i in siblings), default=0) + 1
    for each in [item, *draft_children(item)]:
        each.topic_id, each.taken_at = topic.id, now
        each.version += 1
        _new_version(each, by=by, note=note)
    db.session.flush()
    db.session.expire(topic, ["items"])
    record(
        "rumusan.item_take",
        item,
        event_id=rumusan.event_id,
        user=by,
        commission=item.commission.name,
        topic=topic.title,
    )
    touch(rumusan.event_id)
    db.session.commit()
    return item


# ---- proposals ------------------------------------------------------------------------------


def propose(
    rumusan: Rumusan,
    *,
    by: User | None,
    text: str,
    reason: str,
    item: RumusanItem | None = None,
    topic: RumusanTopic | None = None,
    delegation: Delegation | None = None,
) -> Proposal:
    """A change to `item` or a new item in `topic`, from a delegation contact or the tim perumus."""
    _check_open(rumusan)
    from ..models import Event

    event = db.session.get(Event, rumusan.event_id)
    assert event is not None  # a rumusan's meeting (the row cascades with it)
    if (item is None) == (topic is None):
        raise RumusanRefused(_("Pilih satu butir yang diubah atau satu topik untuk butir baru."))
    if (
        item is not None
        and (item.topic is None or item.topic.rumusan_id != rumusan.id)
        or topic is not None
        and topic.rumusan_id != rumusan.id
    ):
        raise RumusanRefused(_("Butir atau topik tidak ditemukan pada rumusan ini."))
    own = contact_delegations(by, event)
    if delegation is not None:
        if delegation.event_id != event.id or (delegation not in own and not can_edit(by, event)):
            raise RumusanRefused(_("Anda bukan kontak delegasi ini."))
    elif own:
        delegation = own[0]
    elif not can_edit(by, event):
        raise RumusanRefused(_("Hanya kontak delegasi dan tim perumus yang dapat mengusulkan perubahan."))
    proposal = Proposal(
        rumusan_id=rumusan.id,
        item_id=item.id if item else None,
        topic_id=topic.id if topic else None,
        delegation_id=delegation.id if delegation else None,
        proposed_by_id=getattr(by, "id", None),
        text=_clean_text(text, _("Teks usulan")),
        reason=_clean_text(reason, _("Alasan usulan")),
        state="open",
        created_at=utcnow(),
    )
    db.session.add(proposal)
    db.session.flush()
    record(
        "rumusan.propose",
        proposal,
        event_id=rumusan.event_id,
        to_state="open",
        user=by,
        item_id=proposal.item_id,
        topic_id=proposal.topic_id,
    )
    db.session.commit()
    return proposal


# ---- numbering as printed --------------------------------------------------------------------


def numbered(rumusan: Rumusan, *, include_dropped: bool = False, texts: Texts | None = None) -> list[dict[str, Any]]:
    """[{letter, title, items: [{number, item, text, subs: [{letter, item, text}]}]}] in print order.
    texts: optional {item_id: text or None} to print another point in time (None = not there yet)."""
    result = []
    topics = sorted(rumusan.topics, key=lambda t: (t.position, t.id))
    for index, topic in enumerate(topics):
        items: list[dict[str, Any]] = []
        entry = {"letter": topic_letter(index), "title": topic.title, "topic": topic, "items": items}
        for item in sorted(top_items(topic), key=lambda i: (i.position, i.id)):
            text, state = _text_state(item, texts)
            if text is None or (state == "dropped" and not include_dropped):
                continue
            subs: list[dict[str, Any]] = []
            for child in sub_items(item):
                child_text, child_state = _text_state(child, texts)
                if child_text is None or (child_state == "dropped" and not include_dropped):
                    continue
                subs.append({"letter": sub_letter(len(subs)), "item": child, "text": child_text, "state": child_state})
            items.append({"number": len(items) + 1, "item": item, "text": text, "state": state, "subs": subs})
        result.append(entry)
    return result


def printed_references(rumusan: Rumusan) -> dict[int, str]:
    """{item_id: "A.3" or "A.3.b"}: each item by the number it carries in the printed rumusan (dropped
    items have none), for the editor, its proposals and the audit sentences."""
    references = {}
    for topic in numbered(rumusan):
        for entry in topic["items"]:
            references[entry["item"].id] = f"{topic['letter']}.{entry['number']}"
            for sub in entry["subs"]:
                references[sub["item"].id] = f"{topic['letter']}.{entry['number']}.{sub['letter']}"
    return references


def _text_state(item: RumusanItem, texts: Texts | None) -> tuple[str | None, str | None]:
    if texts is None:
        return item.text, item.state
    return texts.get(item.id, (None, None))


def _proposal_target(rumusan: Rumusan, proposal: Proposal) -> str:
    """What a proposal is about, as the printed rumusan numbers it: 'butir A.3', or 'topik B' for a new
    item (a proposal's database id means nothing to a reader)."""
    target: str
    if proposal.item_id:
        number = printed_references(rumusan).get(proposal.item_id)
        target = _("butir %(number)s", number=number) if number else _("butir yang dihapus")
        return target
    topics = sorted(rumusan.topics, key=lambda t: (t.position, t.id))
    letter = next((topic_letter(n) for n, t in enumerate(topics) if t.id == proposal.topic_id), "")
    target = _("butir baru di topik %(letter)s", letter=letter)
    return target


def decide(proposal: Proposal, accept: bool, *, reason: str, by: User | None) -> RumusanItem | None:
    """The tim perumus accepts (the text is applied: a new version of the item, or a new item) or rejects."""
    rumusan = db.session.get(Rumusan, proposal.rumusan_id)
    assert rumusan is not None  # a proposal's rumusan (the row cascades with it)
    _check_open(rumusan)
    check(PROPOSAL_TRANSITIONS, proposal.state, "accepted" if accept else "rejected", _already_decided)
    reason = _clean_text(reason, _("Alasan keputusan"))
    who = proposal.delegation.name if proposal.delegation else _("tim perumus")
    item = None
    if accept:
        if proposal.item_id:
            item = db.session.get(RumusanItem, proposal.item_id)
            if item is None:
                raise RumusanRefused(_("Butir yang diusulkan diubah sudah tidak ada."))
            note = _(
                "Usulan %(who)s untuk %(target)s diterima: %(reason)s",
                who=who,
                target=_proposal_target(rumusan, proposal),
                reason=reason,
            )
            if edit_item(item, proposal.text, by=by, commit=False, note=note) and item.state == "adopted":
                # a changed text goes back to the plenary for agreement
                _change_item_state(item, "proposed", by=by, note=note)
        else:
            topic = db.session.get(RumusanTopic, proposal.topic_id)
            if topic is None:
                raise RumusanRefused(_("Topik yang diusulkan diberi butir baru sudah tidak ada."))
            item = add_item(
                topic,
                proposal.text,
                by=by,
                state="proposed",
                commit=False,
                note=_(
                    "Usulan %(who)s untuk %(target)s diterima: %(reason)s",
                    who=who,
                    target=_proposal_target(rumusan, proposal),
                    reason=reason,
                ),
            )
    transition(
        proposal,
        "accepted" if accept else "rejected",
        PROPOSAL_TRANSITIONS,
        by=by,
        audit_action="rumusan.proposal_decide",
        refuse=_already_decided,
        event_id=rumusan.event_id,
        reason=reason,
    )
    proposal.decided_by_id = getattr(by, "id", None)
    proposal.decided_at = utcnow()
    proposal.decision_reason = reason
    db.session.commit()
    return item


def proposals(
    rumusan: Rumusan, *, state: str | None = None, delegation_ids: Iterable[int] | None = None
) -> list[Proposal]:
    query = select(Proposal).where(Proposal.rumusan_id == rumusan.id)
    if state:
        query = query.where(Proposal.state == state)
    if delegation_ids is not None:
        query = query.where(Proposal.delegation_id.in_(list(delegation_ids)))
    return list(db.session.scalars(query.order_by(Proposal.created_at, Proposal.id)))


# ---- diffs ----------------------------------------------------------------------------------


def version_of(item: RumusanItem, number: int) -> RumusanItemVersion:
    for version in item.history:
        if version.number == number:
            return version
    raise RumusanRefused(_("Versi %(n)s tidak ada.", n=number))


def diff(item: RumusanItem, from_number: int, to_number: int) -> Diff:
    return word_diff(version_of(item, from_number).text, version_of(item, to_number).text)
