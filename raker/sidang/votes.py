"""Votes in the plenary, when musyawarah untuk mufakat fails.

Exactly one vote per voter, whatever the phones do at once: the unique (vote, voter) row decides, and
the counters move in the same transaction by an UPDATE that only matches an open vote — so a vote
cast while the pimpinan closes it is either counted before the close or refused, never lost or
counted after. In a secret vote the choice goes only to the counters (see models.sidang)."""

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from ..audit import record
from ..checkin.services import active_checkin
from ..extensions import db
from ..models import (
    CHOICES,
    ELECTORATES,
    MAJORITIES,
    Delegation,
    DelegationVoter,
    Event,
    Registration,
    RumusanItem,
    User,
    Vote,
    VoteCast,
    utcnow,
)
from ..transitions import claim
from . import SidangRefused
from .quorum import present_delegations, present_participants, quorum
from .version import touch

MAX_QUESTION = 2000
TRANSITIONS = {"open": {"closed"}}
CHOICE_LABELS = {"setuju": "setuju", "tidak_setuju": "tidak setuju", "abstain": "abstain"}


def open_vote(
    event: Event,
    question: str,
    *,
    item: RumusanItem | None = None,
    electorate: str = "delegation",
    secret: bool = False,
    majority: str = "simple",
    by: User | None = None,
) -> Vote:
    """Put a question to the vote; refused without quorum (with the count) or while another vote is open."""
    question = " ".join((question or "").split())
    if not question:
        raise SidangRefused(_("Tulis pertanyaan yang dipungut suaranya."), "question_required", 400)
    if len(question) > MAX_QUESTION:
        raise SidangRefused(_("Pertanyaan terlalu panjang (maksimal %(n)s karakter).", n=MAX_QUESTION), "too_long", 400)
    if electorate not in ELECTORATES or majority not in MAJORITIES:
        raise SidangRefused(_("Pilihan pemungutan suara tidak dikenal."), "unknown_choice", 400)
    if item is not None and (item.topic is None or item.topic.rumusan.event_id != event.id):
        raise SidangRefused(_("Butir itu bukan dari rumusan rapat ini."), "wrong_event", 400)
    day = event.today()
    present = quorum(event, day)
    if not present.met:
        raise SidangRefused(present.refusal(), "no_quorum")
    if db.session.scalar(select(Vote.id).where(Vote.event_id == event.id, Vote.state == "open")):
        raise SidangRefused(_("Masih ada pemungutan suara yang terbuka; tutup dulu."), "vote_open")
    eligible = present.present if electorate == "delegation" else present_participants(event, day)
    vote = Vote(
        event_id=event.id,
        item_id=getattr(item, "id", None),
        question=question,
        electorate=electorate,
        secret=secret,
        majority=majority,
        day=day,
        eligible=eligible,
        opened_by_id=getattr(by, "id", None),
    )
    db.session.add(vote)
    db.session.flush()
    record(
        "vote.open",
        vote,
        event_id=event.id,
        user=by,
        question=question,
        electorate=electorate,
        secret=secret,
        majority=majority,
        eligible=eligible,
    )
    touch(event.id)
    db.session.commit()
    return vote


def _voter_key(vote: Vote, registration: Registration) -> str:
    return f"d:{registration.delegation_id}" if vote.electorate == "delegation" else f"r:{registration.id}"


def may_cast_for_delegation(registration: Registration) -> bool:
    """A delegation's vote is cast by the member it designated, or, with no designation, by any of its
    members present (the delegation agrees among itself who taps; the first vote counts)."""
    designated = db.session.scalar(
        select(DelegationVoter.registration_id).where(DelegationVoter.delegation_id == registration.delegation_id)
    )
    return designated is None or designated == registration.id


def cast(vote: Vote, registration: Registration, choice: str) -> VoteCast:
    """Record one vote. Refused: a closed vote, an unknown choice, someone not of this meeting, not
    approved, not checked in on the vote's day, not the delegation's voter, or a second vote."""
    if choice not in CHOICES:
        raise SidangRefused(_("Pilih setuju, tidak setuju atau abstain."), "unknown_choice", 400)
    if vote.state != "open":
        raise SidangRefused(_("Pemungutan suara ini sudah ditutup."), "closed")
    if registration.event_id != vote.event_id or registration.state != "approved":
        raise SidangRefused(_("Hanya peserta rapat ini yang disetujui yang dapat memberi suara."), "not_voter", 403)
    if active_checkin(registration.id, vote.day) is None:
        raise SidangRefused(
            _("Anda belum tercatat hadir hari ini; daftar ulang dulu di meja registrasi."), "not_present", 403
        )
    if vote.electorate == "delegation" and not may_cast_for_delegation(registration):
        raise SidangRefused(
            _("Suara delegasi Anda diberikan oleh anggota yang ditunjuk delegasi."), "not_designated", 403
        )
    event_id, secret = vote.event_id, vote.secret
    row = VoteCast(
        vote_id=vote.id,
        voter=_voter_key(vote, registration),
        delegation_id=registration.delegation_id,
        cast_by_id=registration.id,
        choice=None if secret else choice,
    )
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        already = (
            _("Suara delegasi Anda sudah diberikan.")
            if vote.electorate == "delegation"
            else _("Anda sudah memberi suara.")
        )
        raise SidangRefused(already, "already_voted") from None
    counter = {"setuju": Vote.yes, "tidak_setuju": Vote.no, "abstain": Vote.abstain}[choice]
    counted: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]  # an UPDATE's result has a rowcount
        update(Vote)
        .where(Vote.id == vote.id, Vote.state == "open")
        .values({counter: counter + 1})
        .execution_options(synchronize_session=False)
    )
    if counted.rowcount != 1:
        db.session.rollback()
        raise SidangRefused(_("Pemungutan suara ini sudah ditutup."), "closed")
    # A secret vote's audit row says who voted, never what.
    record(
        "vote.cast",
        row,
        event_id=event_id,
        user=None,
        vote_id=vote.id,
        voter=row.voter,
        **({} if secret else {"choice": choice}),
    )
    touch(event_id)
    db.session.commit()
    return row


def passes(vote: Vote) -> bool:
    """simple: more for than against (abstentions do not count); two_thirds: at least two thirds of the
    voters present when the vote opened voted for."""
    if vote.majority == "two_thirds":
        return vote.yes * 3 >= vote.eligible * 2 and vote.yes > 0
    return vote.yes > vote.no


def _closed(from_state: str, to_state: str) -> SidangRefused:
    return SidangRefused(_("Pemungutan suara ini sudah ditutup."), "closed")


def close_vote(vote: Vote, *, by: User | None = None) -> Vote:
    def counted() -> dict[str, object]:
        vote.passed = passes(vote)
        return {"yes": vote.yes, "no": vote.no, "abstain": vote.abstain, "passed": vote.passed}

    if (
        claim(
            vote,
            "closed",
            TRANSITIONS,
            by=by,
            audit_action="vote.close",
            refuse=_closed,
            event_id=vote.event_id,
            values={"closed_at": utcnow(), "closed_by_id": getattr(by, "id", None)},
            details=counted,
        )
        is None
    ):
        db.session.rollback()
        raise _closed("open", "closed")
    touch(vote.event_id)
    db.session.commit()
    return vote


@dataclass(frozen=True)
class Result:
    yes: int
    no: int
    abstain: int
    cast: int
    eligible: int
    passed: bool | None


def result(vote: Vote) -> Result:
    return Result(
        vote.yes,
        vote.no,
        vote.abstain,
        vote.yes + vote.no + vote.abstain,
        vote.eligible,
        vote.passed if vote.state == "closed" else None,
    )


def is_delegation_head(registration: Registration) -> bool:
    """The head of a delegation on the personal link: the approved member registered with the
    delegation's contact email (the one who signed the team up). The member the head designates cannot
    hand the vote on (one step only, as OpenSlides' users asked of its proxies)."""
    contact = (registration.delegation.contact_email or "").strip().lower()
    return registration.state == "approved" and bool(contact) and (registration.email or "").strip().lower() == contact


def _may_designate(delegation: Delegation, by_member: Registration | None) -> None:
    if by_member is None:  # the secretariat (the route checked the role)
        return
    if by_member.delegation_id != delegation.id or not is_delegation_head(by_member):
        raise SidangRefused(
            _("Hanya ketua delegasi (kontak delegasi) yang dapat menunjuk pemberi suara."), "not_head", 403
        )


def _by_member(by_member: Registration | None) -> dict[str, Any]:
    """The audit detail naming the delegation's member who chose (none when the secretariat did)."""
    return {"by_member": by_member.id} if by_member is not None else {}


def designate_voter(
    registration: Registration, *, by: User | None = None, by_member: Registration | None = None
) -> DelegationVoter:
    """The member who casts the delegation's votes (approved, of the delegation), chosen by the
    secretariat (`by`) or by the delegation's head on the personal link (`by_member`)."""
    _may_designate(registration.delegation, by_member)
    if registration.state != "approved":
        raise SidangRefused(_("Hanya peserta yang disetujui yang dapat ditunjuk."), "not_approved", 400)
    row = db.session.scalar(
        select(DelegationVoter).where(DelegationVoter.delegation_id == registration.delegation_id)
    ) or DelegationVoter(delegation_id=registration.delegation_id)
    row.registration_id = registration.id
    db.session.add(row)
    db.session.flush()
    record(
        "vote.designate",
        registration,
        user=by,
        delegation_id=registration.delegation_id,
        **_by_member(by_member),
    )
    db.session.commit()
    return row


def clear_voter(delegation: Delegation, *, by: User | None = None, by_member: Registration | None = None) -> None:
    """No designated member: any member of the delegation present casts its vote (the first counts)."""
    _may_designate(delegation, by_member)
    row = db.session.scalar(select(DelegationVoter).where(DelegationVoter.delegation_id == delegation.id))
    if row is None:
        return
    db.session.delete(row)
    record(
        "vote.designate_clear",
        delegation,
        user=by,
        event_id=delegation.event_id,
        **_by_member(by_member),
    )
    db.session.commit()


def designated(event: Event) -> dict[int, Registration]:
    """Each delegation's designated voter, by delegation id."""
    rows = db.session.scalars(
        select(DelegationVoter)
        .join(Registration, Registration.id == DelegationVoter.registration_id)
        .where(Registration.event_id == event.id)
        .options(contains_eager(DelegationVoter.registration))
    )
    return {row.delegation_id: row.registration for row in rows}


__all__ = [
    "CHOICE_LABELS",
    "Result",
    "cast",
    "clear_voter",
    "close_vote",
    "designate_voter",
    "designated",
    "is_delegation_head",
    "open_vote",
    "passes",
    "present_delegations",
    "result",
]
