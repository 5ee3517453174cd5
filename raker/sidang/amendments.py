"""Live amendments in the plenary: a delegation proposes, from its member's personal link, a new wording
of the item under discussion; the console shows it as a word diff, the projector marks the proposed
changes, and the pimpinan sidang accepts (the item's text changes through the rumusan's own way,
rumusan.services.decide: a new version in its history) or rejects. An amendment is a rumusan Proposal
from a delegation with the delegate who submitted it; every step is in the audit log."""

from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..audit import record
from ..checkin.services import active_checkin
from ..extensions import db
from ..ids import id_from
from ..models import Event, Proposal, Registration, RumusanItem, User, utcnow
from ..rumusan import services as rumusan
from ..text_diff import word_diff
from . import SidangRefused
from .speakers import OPEN_ITEM_STATES, current_item
from .version import touch
from .votes import may_cast_for_delegation

MAX_TEXT = 4000
MAX_REASON = 1000
ACCEPTED_NOTE = "Diterima pimpinan sidang pleno."
REJECTED_NOTE = "Ditolak pimpinan sidang pleno."


def _open_item(event: Event) -> RumusanItem:
    item = current_item(event)
    if item is None:
        raise SidangRefused(_("Belum ada butir yang sedang dibahas."), "no_item")
    if item.state not in OPEN_ITEM_STATES:
        raise SidangRefused(_("Butir ini sudah diputuskan; usulan perubahan ditutup."), "item_closed")
    return item


def submit(
    event: Event, registration: Registration, text: str, reason: str = "", *, day: date | None = None
) -> Proposal:
    """A delegation's new wording of the current item. Refused, nothing saved: someone not approved for this
    meeting, not checked in today, not the one who speaks for the delegation (its designated voter), no
    item or a decided one, an empty or unchanged text, a second open amendment of the delegation on the item."""
    if registration.event_id != event.id or registration.state != "approved":
        raise SidangRefused(
            _("Hanya peserta rapat ini yang disetujui yang dapat mengusulkan perubahan."), "not_participant", 403
        )
    if active_checkin(registration.id, day or event.today()) is None:
        raise SidangRefused(
            _("Delegasi Anda belum tercatat hadir hari ini; daftar ulang dulu di meja registrasi."), "not_present", 403
        )
    if not may_cast_for_delegation(registration):
        raise SidangRefused(_("Usulan perubahan diajukan oleh wakil delegasi yang ditunjuk."), "not_delegate", 403)
    item = _open_item(event)
    text = (text or "").replace("\r\n", "\n").strip()
    reason = " ".join((reason or "").split())
    if not text:
        raise SidangRefused(_("Tulis bunyi butir yang diusulkan."), "text_required", 400)
    if len(text) > MAX_TEXT or len(reason) > MAX_REASON:
        raise SidangRefused(_("Usulan terlalu panjang (maksimal %(n)s karakter).", n=MAX_TEXT), "too_long", 400)
    if " ".join(text.split()) == " ".join(item.text.split()):
        raise SidangRefused(_("Usulan sama dengan bunyi butir sekarang."), "unchanged", 400)
    draft = rumusan.rumusan_of_item(item)
    if draft.state == "adopted":
        raise SidangRefused(_("Rumusan sudah ditetapkan dan tidak dapat diubah lagi."), "adopted")
    if db.session.scalar(
        select(Proposal.id).where(
            Proposal.item_id == item.id, Proposal.state == "open", Proposal.delegation_id == registration.delegation_id
        )
    ):
        raise SidangRefused(
            _("Delegasi Anda sudah mengusulkan perubahan butir ini; tunggu keputusan pimpinan sidang."), "already_open"
        )
    proposal = Proposal(
        rumusan_id=draft.id,
        item_id=item.id,
        delegation_id=registration.delegation_id,
        registration_id=registration.id,
        text=text,
        reason=reason,
        state="open",
        created_at=utcnow(),
    )
    db.session.add(proposal)
    db.session.flush()
    record(
        "sidang.amend",
        proposal,
        event_id=event.id,
        user=None,
        to_state="open",
        item_id=item.id,
        delegation=registration.delegation.name,
        by_participant=registration.full_name,
    )
    touch(event.id)
    db.session.commit()
    return proposal


def pending(event: Event, item: RumusanItem | None = None) -> list[Proposal]:
    """Open proposals on the item under discussion (live ones and written ones alike), oldest first."""
    item = item or current_item(event)
    if item is None:
        return []
    return list(
        db.session.scalars(
            select(Proposal)
            .options(joinedload(Proposal.delegation))
            .where(Proposal.item_id == item.id, Proposal.state == "open")
            .order_by(Proposal.created_at, Proposal.id)
        )
    )


def _pending_one(event: Event, proposal_id: int | str | None) -> Proposal:
    found = id_from(proposal_id)
    proposal = db.session.get(Proposal, found) if found else None
    item = current_item(event)
    if proposal is None or item is None or proposal.item_id != item.id:
        raise SidangRefused(_("Usulan perubahan atas butir yang dibahas tidak ditemukan."), "not_found", 404)
    if proposal.state != "open":
        raise SidangRefused(_("Usulan ini sudah diputuskan."), "decided")
    _open_item(event)
    return proposal


def decide(
    event: Event, proposal_id: int | str | None, accept: bool, *, note: str = "", by: User | None = None
) -> Proposal:
    """The pimpinan's answer: accepted, the item takes the proposed text (a new version noting whose
    amendment it was); rejected, the text stays. Either way the proposal is closed and audited."""
    proposal = _pending_one(event, proposal_id)
    reason = " ".join((note or "").split())[:MAX_REASON] or (ACCEPTED_NOTE if accept else REJECTED_NOTE)
    touch(event.id)  # committed by rumusan.decide with the decision, rolled back with a refusal
    try:
        rumusan.decide(proposal, accept, reason=reason, by=by)
    except rumusan.RumusanRefused as exc:
        db.session.rollback()
        raise SidangRefused(exc.message, "rumusan_refused") from None
    return proposal


def live(event: Event, item: RumusanItem | None) -> list[dict[str, Any]]:
    """The open amendments of the item for the live state: who, the proposed text, and the word diff
    against the current text ([op, words] with op equal / delete / insert)."""
    if item is None:
        return []
    return [
        {
            "id": p.id,
            "delegation": p.delegation.name if p.delegation else _("tim perumus"),
            "text": p.text,
            "reason": p.reason,
            "diff": [[op, words] for op, words in word_diff(item.text, p.text).parts],
        }
        for p in pending(event, item)
    ]
