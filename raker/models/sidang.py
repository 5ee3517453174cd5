"""The meeting itself: commissions (sidang komisi) and votes in the plenary (sidang pleno).

A vote is only the fallback where musyawarah untuk mufakat fails. Who voted is always stored (one row
per voter, unique: two taps or two phones at once make one vote); what they chose is stored with them
only when the vote is open. In a secret vote the choice goes to the vote's counters alone, so no row
links a voter to a choice."""

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .event import _in
from .types import UTCDateTime, utcnow

QUORUM_RULES = ("none", "half", "two_thirds")  # of the meeting's delegations present today
ELECTORATES = ("delegation", "participant")  # one vote per delegation present, or per participant present
MAJORITIES = ("simple", "two_thirds")  # of the votes cast for or against; abstentions do not count
VOTE_STATES = ("open", "closed")
CHOICES = ("setuju", "tidak_setuju", "abstain")
REQUEST_KINDS = ("bicara", "interupsi")  # an interupsi goes before every waiting request to speak
REQUEST_STATES = ("waiting", "speaking", "done", "withdrawn")
DECISIONS = ("disepakati", "disepakati_dengan_perubahan", "ditunda", "pemungutan_suara")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def commission_name(number: int) -> str:
    return f"Komisi {ROMAN[number - 1]}" if 1 <= number <= len(ROMAN) else f"Komisi {number}"


class SidangSettings(Model):
    """A meeting's rules for its sittings, one row per meeting (made on first save)."""

    __tablename__ = "sidang_settings"
    __table_args__ = (CheckConstraint(f"quorum IN ({_in(QUORUM_RULES)})", name="quorum_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    quorum: Mapped[str] = mapped_column(String(12), default="half")
    speaking_seconds: Mapped[int] = mapped_column(Integer, default=180)
    # The rumusan item the plenary is discussing now (the console sets it; the projector shows it).
    current_item_id: Mapped[int | None] = mapped_column(ForeignKey("rumusan_items.id", ondelete="SET NULL"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Moves by one with every change the live pages show (sidang.version.touch): streams and ETags follow it.
    live_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Commission(Model):
    """Komisi I, II, III …: a topic, a room, a pimpinan and a sekretaris chosen among its members."""

    __tablename__ = "commissions"
    __table_args__ = (UniqueConstraint("event_id", "number", name="uq_commissions_event_id_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1 -> "Komisi I"
    topic: Mapped[str] = mapped_column(String(300), default="")
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="SET NULL"))
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    secretary_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    room = relationship("Room")
    chair = relationship("Registration", foreign_keys=[chair_id])
    secretary = relationship("Registration", foreign_keys=[secretary_id])
    members = relationship(
        "CommissionMember", back_populates="commission", cascade="all, delete-orphan", order_by="CommissionMember.id"
    )

    @property
    def name(self) -> str:
        return commission_name(self.number)


class CommissionMember(Model):
    """A participant in one commission; one commission per participant (unique registration)."""

    __tablename__ = "commission_members"
    __table_args__ = (UniqueConstraint("registration_id", name="uq_commission_members_registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commission_id: Mapped[int] = mapped_column(ForeignKey("commissions.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))

    commission = relationship("Commission", back_populates="members")
    registration = relationship("Registration")


class DelegationVoter(Model):
    """The member a delegation designates to cast its vote (by default its head: see sidang.votes)."""

    __tablename__ = "delegation_voters"

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"), unique=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))

    registration = relationship("Registration")


class Vote(Model):
    """One question put to the vote. The counters are the result; closed votes never change."""

    __tablename__ = "votes"
    __table_args__ = (
        CheckConstraint(f"electorate IN ({_in(ELECTORATES)})", name="electorate_known"),
        CheckConstraint(f"majority IN ({_in(MAJORITIES)})", name="majority_known"),
        CheckConstraint(f"state IN ({_in(VOTE_STATES)})", name="state_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("rumusan_items.id", ondelete="SET NULL"))
    question: Mapped[str] = mapped_column(Text)
    electorate: Mapped[str] = mapped_column(String(12), default="delegation")
    secret: Mapped[bool] = mapped_column(default=False)
    majority: Mapped[str] = mapped_column(String(12), default="simple")
    state: Mapped[str] = mapped_column(String(8), default="open")
    day: Mapped[date] = mapped_column(Date)  # the meeting day it was opened on: presence counts that day
    eligible: Mapped[int] = mapped_column(Integer, default=0)  # voters present when it was opened
    yes: Mapped[int] = mapped_column(Integer, default=0)
    no: Mapped[int] = mapped_column(Integer, default=0)
    abstain: Mapped[int] = mapped_column(Integer, default=0)
    passed: Mapped[bool | None] = mapped_column()
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    casts = relationship("VoteCast", back_populates="vote", cascade="all, delete-orphan", order_by="VoteCast.id")


class VoteCast(Model):
    """That a voter voted (a delegation, or a participant): at most one row per voter and vote. `choice`
    only in an open vote; in a secret one it is NULL and the choice lives only in the vote's counters."""

    __tablename__ = "vote_casts"
    __table_args__ = (
        UniqueConstraint("vote_id", "voter", name="uq_vote_casts_vote_id_voter"),
        CheckConstraint(f"choice IS NULL OR choice IN ({_in(CHOICES)})", name="choice_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"), index=True)
    voter: Mapped[str] = mapped_column(String(24))  # "d:<delegation id>" or "r:<registration id>"
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"))
    cast_by_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    choice: Mapped[str | None] = mapped_column(String(16))

    vote = relationship("Vote", back_populates="casts")
    delegation = relationship("Delegation")
    cast_by = relationship("Registration")


class SpeakerRequest(Model):
    """A delegate asking for the floor from their phone ("minta bicara" / "interupsi"), on the item under
    discussion. `position` orders the waiting list; the console may reorder it."""

    __tablename__ = "speaker_requests"
    __table_args__ = (
        # One open request per person and item, whatever two taps at once do.
        Index(
            "uq_speaker_requests_registration_item_open",
            "registration_id",
            "item_id",
            unique=True,
            sqlite_where=text("state IN ('waiting', 'speaking')"),
            postgresql_where=text("state IN ('waiting', 'speaking')"),
        ),
        CheckConstraint(f"kind IN ({_in(REQUEST_KINDS)})", name="kind_known"),
        CheckConstraint(f"state IN ({_in(REQUEST_STATES)})", name="state_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("rumusan_items.id", ondelete="SET NULL"))
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10), default="bicara")
    state: Mapped[str] = mapped_column(String(10), default="waiting")
    position: Mapped[int] = mapped_column(Integer, default=0)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration = relationship("Registration")
    delegation = relationship("Delegation")


class ItemDecision(Model):
    """What the plenary decided on a rumusan item, by the pimpinan sidang: the berita acara lists them."""

    __tablename__ = "item_decisions"
    __table_args__ = (CheckConstraint(f"decision IN ({_in(DECISIONS)})", name="decision_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("rumusan_items.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(28))
    vote_id: Mapped[int | None] = mapped_column(ForeignKey("votes.id", ondelete="SET NULL"))
    delegations_present: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    vote = relationship("Vote")
    item = relationship("RumusanItem")


class BeritaAcaraSignature(Model):
    """A delegation's representative signing the berita acara pengesahan on the secretariat's tablet: one
    per delegation and meeting (signing again replaces it), kept as the daftar hadir keeps its signatures
    (a 1-bit PNG of at most 600 × 240), printed in the delegation's row of the berita acara."""

    __tablename__ = "berita_acara_signatures"
    __table_args__ = (
        UniqueConstraint("event_id", "delegation_id", name="uq_berita_acara_signatures_event_id_delegation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    signature_png: Mapped[bytes] = mapped_column(LargeBinary)
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    delegation = relationship("Delegation")
    registration = relationship("Registration")
