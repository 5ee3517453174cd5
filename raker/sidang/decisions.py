"""The pimpinan sidang's decisions on the rumusan's items in the plenary: the item under discussion, and
per item disepakati / disepakati dengan perubahan / ditunda / diputuskan dengan pemungutan suara.
An item's state still changes only through the rumusan's own transition table (set_item_state)."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..audit import record
from ..event_settings import store
from ..extensions import db
from ..models import DECISIONS, Event, ItemDecision, Proposal, RumusanItem, User, Vote
from ..reference.text import N_
from ..rumusan import services as rumusan
from . import SidangRefused
from .live import item_number
from .quorum import quorum, settings_for
from .speakers import OPEN_ITEM_STATES
from .version import touch

DECISION_LABELS = {  # as printed (Indonesian); the audit log translates them
    "disepakati": N_("disepakati"),
    "disepakati_dengan_perubahan": N_("disepakati dengan perubahan"),
    "ditunda": N_("ditunda"),
    "pemungutan_suara": N_("diputuskan dengan pemungutan suara"),
}


def _item_of(event: Event, item: RumusanItem) -> RumusanItem:
    if item is None or item.topic is None or item.topic.rumusan.event_id != event.id:
        raise SidangRefused(_("Butir itu bukan dari rumusan rapat ini."), "wrong_event", 400)
    return item


def set_current_item(event: Event, item: RumusanItem | None, *, by: User | None = None) -> None:
    """The item the plenary discusses now (None: none); the projector and the phones follow it."""
    if item is not None:
        _item_of(event, item)
        if item.state not in OPEN_ITEM_STATES:
            raise SidangRefused(_("Butir ini sudah diputuskan."), "item_closed")
    touch(event.id)
    store(event, settings_for, {"current_item_id": getattr(item, "id", None)}, by=by, action="sidang.current_item")


def decide(
    event: Event,
    item: RumusanItem,
    decision: str,
    *,
    text: str = "",
    vote: Vote | None = None,
    note: str = "",
    by: User | None = None,
    day: date | None = None,
) -> ItemDecision:
    """Record the decision and move the item: adopted when agreed (with the new text when changed) or
    when a closed vote passed, dropped when it failed, unchanged when postponed. Without quorum only a
    postponement is possible (refused with the count); nothing is recorded when refused. The quorum is
    today's (`day`: the sitting's day, for the demo's plenary seeded on a past day of the meeting)."""
    item = _item_of(event, item)
    if decision not in DECISIONS:
        raise SidangRefused(_("Keputusan tidak dikenal."), "unknown_decision", 400)
    if item.state not in OPEN_ITEM_STATES:
        raise SidangRefused(_("Butir ini sudah diputuskan."), "item_closed")
    if decision == "pemungutan_suara":
        if vote is None or vote.event_id != event.id or vote.item_id != item.id:
            raise SidangRefused(_("Pilih pemungutan suara atas butir ini."), "vote_required", 400)
        if vote.state != "closed":
            raise SidangRefused(_("Tutup pemungutan suaranya dulu."), "vote_open")
    if decision == "disepakati_dengan_perubahan" and not " ".join((text or "").split()):
        raise SidangRefused(_("Tulis bunyi butir sebagaimana disepakati."), "text_required", 400)
    present = quorum(event, day)
    if decision != "ditunda" and not present.met:
        raise SidangRefused(present.refusal(), "no_quorum")
    waiting = _open_proposals(item)
    if decision != "ditunda" and waiting:
        # An item agreed over a proposal nobody answered leaves the rumusan unadoptable (adoption_blockers)
        # and the delegation unanswered: the pimpinan accepts or rejects it first; postponing keeps it.
        raise SidangRefused(
            _(
                "Usulan perubahan dari %(who)s atas butir ini belum diputuskan: terima atau tolak dahulu.",
                who=", ".join(sorted({p.delegation.name if p.delegation else _("tim perumus") for p in waiting})),
            ),
            "proposal_open",
        )
    row = ItemDecision(
        event_id=event.id,
        item_id=item.id,
        decision=decision,
        vote_id=getattr(vote, "id", None),
        delegations_present=present.present,
        note=" ".join((note or "").split())[:1000],
        decided_by_id=getattr(by, "id", None),
    )
    db.session.add(row)
    record(
        "sidang.decide",
        item,
        event_id=event.id,
        user=by,
        decision=decision,
        vote_id=getattr(vote, "id", None),
        present=present.present,
    )
    touch(event.id)
    try:
        if decision == "disepakati_dengan_perubahan":
            rumusan.edit_item(
                item, text, by=by, note=_("Disepakati dengan perubahan dalam sidang pleno."), commit=False
            )
        if decision in ("disepakati", "disepakati_dengan_perubahan") or (
            decision == "pemungutan_suara" and vote is not None and vote.passed
        ):
            _move_with_sub_points(item, "adopted", by=by)
        elif decision == "pemungutan_suara":
            _move_with_sub_points(item, "dropped", by=by)
        else:
            db.session.commit()
    except rumusan.RumusanRefused as refused:
        db.session.rollback()
        raise SidangRefused(refused.message, "rumusan_refused") from None
    if settings_for(event).current_item_id == item.id and decision != "ditunda":
        set_current_item(event, None, by=by)
    return row


def _move_with_sub_points(item: RumusanItem, to_state: str, *, by: User | None) -> None:
    """The item and its sub-points still open, in one commit: the screens showed them as one item, and a
    sub-point left 'diusulkan' would keep the rumusan from being adopted with nothing left to decide it."""
    for sub in rumusan.sub_items(item):
        if sub.state in OPEN_ITEM_STATES:
            _move(sub, to_state, by=by)
    _move(item, to_state, by=by)
    db.session.commit()


def _move(item: RumusanItem, to_state: str, *, by: User | None) -> None:
    """Through the rumusan's table: a draft item is proposed on the way (the plenary reads drafts too)."""
    if item.state == "draft" and to_state == "adopted":
        rumusan.set_item_state(item, "proposed", by=by, note=_("Dibacakan dalam sidang pleno."), commit=False)
    rumusan.set_item_state(item, to_state, by=by, note=_("Keputusan sidang pleno."), commit=False)


def _open_proposals(item: RumusanItem) -> list[Proposal]:
    return list(db.session.scalars(select(Proposal).where(Proposal.item_id == item.id, Proposal.state == "open")))


def decisions_of(event: Event) -> list[ItemDecision]:
    return list(
        db.session.scalars(
            select(ItemDecision)
            .where(ItemDecision.event_id == event.id)
            .order_by(ItemDecision.decided_at, ItemDecision.id)
        )
    )


def decision_rows(event: Event) -> list[tuple[str, str, str]]:
    """The plenary's decisions as the berita acara lists them: (butir, keputusan, hasil pemungutan
    suara), in the order they were taken; the counts where a vote decided."""
    rows = []
    for row in decisions_of(event):
        vote = row.vote
        result = (
            "musyawarah untuk mufakat"
            if vote is None
            else (
                f"setuju {vote.yes}, tidak setuju {vote.no}, abstain {vote.abstain} dari {vote.eligible} "
                f"{'delegasi' if vote.electorate == 'delegation' else 'peserta'} hadir — "
                f"{'diterima' if vote.passed else 'tidak diterima'}"
            )
        )
        if row.decision == "ditunda":
            result = "—"
        rows.append((item_number(row.item) or "—", DECISION_LABELS[row.decision], result))
    return rows
