"""A commission's draft (rancangan hasil sidang komisi): its points are rumusan items with the commission
as their origin and no topic yet, written by the commission's sekretaris (or pimpinan) from their personal
link; every change a version in the item's history. The tim perumus takes them into the rumusan's topics
(rumusan.services.take_item) and the item keeps where it came from ("dari Komisi II")."""

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..audit import record
from ..extensions import db
from ..ids import id_from
from ..models import Commission, Event, Registration, RumusanItem
from ..rumusan import services as rumusan
from . import SidangRefused
from .commissions import commission_of


def writable_commission(registration: Registration) -> Commission | None:
    """The commission whose draft this participant writes: they are its sekretaris or its pimpinan."""
    commission = commission_of(registration)
    if commission is None or registration.id not in (commission.secretary_id, commission.chair_id):
        return None
    return commission


def _writer(commission: Commission, registration: Registration) -> None:
    writable = writable_commission(registration)
    if writable is None or writable.id != commission.id:
        raise SidangRefused(
            _("Hanya sekretaris dan pimpinan komisi yang menulis rancangan komisinya."), "not_officer", 403
        )


def points(commission: Commission) -> list[RumusanItem]:
    """The commission's numbered points, taken into the rumusan or not, in the commission's order."""
    return list(
        db.session.scalars(
            select(RumusanItem)
            .where(RumusanItem.commission_id == commission.id, RumusanItem.parent_id.is_(None))
            .order_by(RumusanItem.position, RumusanItem.id)
        )
    )


def _point(commission: Commission, item_id: int | str | None) -> RumusanItem:
    found = id_from(item_id)
    item = db.session.get(RumusanItem, found) if found else None
    if item is None or item.commission_id != commission.id:
        raise SidangRefused(_("Butir rancangan tidak ditemukan."), "not_found", 404)
    if item.topic_id is not None:
        raise SidangRefused(_("Butir ini sudah diambil tim perumus ke rumusan; usulkan perubahan di sana."), "taken")
    return item


def _note(registration: Registration, commission: Commission, what: str) -> str:
    """The version's note names the office, not the person (a name in the item's history would outlive an
    erasure of their data; the audit row names them and is redacted with it)."""
    office = "sekretaris" if registration.id == commission.secretary_id else "pimpinan"
    return f"{what} ({office} {commission.name})"


def _refused(exc: rumusan.RumusanRefused) -> SidangRefused:
    db.session.rollback()
    return SidangRefused(exc.message, "rumusan_refused")


def add_point(
    commission: Commission, registration: Registration, text: str, *, parent_id: int | str | None = None
) -> RumusanItem:
    """A new point (or a sub-point a., b. under one of the commission's untaken points)."""
    _writer(commission, registration)
    parent = _point(commission, parent_id) if parent_id not in (None, "") else None
    if parent is not None and parent.parent_id is not None:
        raise SidangRefused(_("Sub-butir hanya di bawah butir bernomor."), "bad_parent", 400)
    event = db.session.get_one(Event, commission.event_id)  # the commission's meeting (a foreign key)
    draft = rumusan.get_or_create(event)
    try:
        if draft.state == "adopted":
            raise rumusan.RumusanRefused(_("Rumusan sudah ditetapkan dan tidak dapat diubah lagi."))
        clean = rumusan._clean_text(text, _("Teks butir"))
    except rumusan.RumusanRefused as exc:
        raise _refused(exc) from None
    position = (
        db.session.scalar(
            select(func.max(RumusanItem.position)).where(
                RumusanItem.commission_id == commission.id,
                RumusanItem.parent_id == parent.id if parent else RumusanItem.parent_id.is_(None),
            )
        )
        or 0
    ) + 1
    item = RumusanItem(
        topic_id=None,
        commission_id=commission.id,
        parent_id=getattr(parent, "id", None),
        text=clean,
        state="draft",
        sources=[],
        version=1,
        position=position,
    )
    db.session.add(item)
    db.session.flush()
    rumusan._new_version(item, by=None, note=_note(registration, commission, _("Ditulis dalam sidang komisi")))
    record(
        "commission.draft_add",
        item,
        event_id=commission.event_id,
        user=None,
        commission=commission.name,
        by_participant=registration.full_name,
    )
    db.session.commit()
    return item


def sub_points(item: RumusanItem) -> list[RumusanItem]:
    """A point's sub-points a., b. still in the draft (dropped ones are out of it), in their order."""
    return sorted((c for c in item.children if c.state != "dropped"), key=lambda c: (c.position, c.id))


def _parent(item: RumusanItem) -> RumusanItem | None:
    return db.session.get(RumusanItem, item.parent_id) if item.parent_id is not None else None


def _audit(action: str, item: RumusanItem, commission: Commission, registration: Registration, **details: Any) -> None:
    record(
        action,
        item,
        event_id=commission.event_id,
        user=None,
        commission=commission.name,
        by_participant=registration.full_name,
        **details,
    )


def _editable(commission: Commission, registration: Registration, item_id: int | str | None) -> RumusanItem:
    """A point or sub-point the officer may still change: the commission's, not taken (a sub-point goes with
    its point), not dropped."""
    _writer(commission, registration)
    item = _point(commission, item_id)
    parent = _parent(item)
    if parent is not None and parent.topic_id is not None:
        raise SidangRefused(_("Butir ini sudah diambil tim perumus ke rumusan; usulkan perubahan di sana."), "taken")
    if item.state == "dropped" or (parent is not None and parent.state == "dropped"):
        raise SidangRefused(_("Butir ini sudah dihapus dari rancangan."), "dropped")
    return item


def edit_point(commission: Commission, registration: Registration, item_id: int | str | None, text: str) -> RumusanItem:
    """A point's or a sub-point's new text, through the rumusan's one way of changing an item's text (a new
    version in its history, noted with the office); unchanged text changes nothing."""
    item = _editable(commission, registration, item_id)
    if not (text or "").strip():
        raise SidangRefused(_("%(what)s wajib diisi.", what=_("Teks butir")), "text_required", 400)
    try:
        changed = rumusan.edit_item(
            item, text, note=_note(registration, commission, _("Diubah dalam sidang komisi")), commit=False
        )
    except rumusan.RumusanRefused as exc:
        raise _refused(exc) from None
    if changed:
        _audit("commission.draft_edit", item, commission, registration, version=item.version)
    db.session.commit()
    return item


def drop_point(commission: Commission, registration: Registration, item_id: int | str | None) -> RumusanItem:
    """Take a point or a sub-point out of the draft (state Dihapus through the rumusan's transition table, a
    version in its history; the tim perumus can revive it like any dropped item)."""
    item = _editable(commission, registration, item_id)
    try:
        rumusan.set_item_state(item, "dropped", note=_note(registration, commission, _("Dihapus dalam sidang komisi")))
    except rumusan.RumusanRefused as exc:
        raise _refused(exc) from None
    _audit("commission.draft_drop", item, commission, registration)
    db.session.commit()
    return item


MOVES = ("up", "down")


def move_point(commission: Commission, registration: Registration, item_id: int | str | None, direction: str) -> bool:
    """One place up or down among its siblings still in the draft (points among points, sub-points under
    their point): the letters a., b. and numbers follow the order. In the audit log with who moved it; a
    move at the top or the bottom changes nothing (False)."""
    if direction not in MOVES:
        raise SidangRefused(_("Arah pindah tidak dikenal."), "bad_direction", 400)
    item = _editable(commission, registration, item_id)
    parent = _parent(item)
    if parent is not None:
        siblings = sub_points(parent)
    else:
        siblings = [p for p in points(commission) if p.state != "dropped"]
    if not rumusan._swap(siblings, item, direction):
        return False
    _audit("commission.draft_move", item, commission, registration, direction=direction)
    db.session.commit()
    if parent is not None:
        db.session.expire(parent, ["children"])
    return True


def history_of(commission: Commission, item_id: int | str | None) -> RumusanItem:
    """A point or sub-point of the commission's draft, for its history (members read it; taken ones too)."""
    found = id_from(item_id)
    item = db.session.get(RumusanItem, found) if found else None
    if item is None or item.commission_id != commission.id:
        raise SidangRefused(_("Butir rancangan tidak ditemukan."), "not_found", 404)
    return item
