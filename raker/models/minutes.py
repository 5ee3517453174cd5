"""Notulen (minutes per session), the tim perumus, the rumusan with its items and proposed
changes, and certificates."""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .event import _in
from .types import JSONList, JSONObject, UTCDateTime, utcnow

MINUTES_STATES = ("draft", "final")
DRAFTING_ROLES = ("ketua", "sekretaris", "anggota")
RUMUSAN_STATES = ("draft", "adopted")
ITEM_STATES = ("draft", "proposed", "adopted", "dropped")
PROPOSAL_STATES = ("open", "accepted", "rejected")


class Minutes(Model):
    """The notulen of one agenda session. `content` is structured (see raker/minutes/services.py);
    every save is kept as a MinutesRevision and bumps `revision` (optimistic locking)."""

    __tablename__ = "minutes"
    __table_args__ = (CheckConstraint(f"state IN ({_in(MINUTES_STATES)})", name="state_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"), unique=True)
    state: Mapped[str] = mapped_column(String(8), default="draft")
    revision: Mapped[int] = mapped_column(default=0)
    content: Mapped[JSONObject] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    finalized_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finalized_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    session = relationship("AgendaSession")
    revisions: Mapped[list["MinutesRevision"]] = relationship(
        back_populates="minutes", cascade="all, delete-orphan", order_by="MinutesRevision.number"
    )


class MinutesRevision(Model):
    __tablename__ = "minutes_revisions"
    __table_args__ = (UniqueConstraint("minutes_id", "number", name="uq_minutes_revisions_minutes_id_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()
    content: Mapped[JSONObject] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(8))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(200), default="")  # autosave, save, final, reopened

    minutes: Mapped[Minutes] = relationship(back_populates="revisions")
    saved_by = relationship("User")


class DraftingMember(Model):
    """A member of the tim perumus, chosen from the participants; signs the rumusan."""

    __tablename__ = "drafting_members"
    __table_args__ = (
        CheckConstraint(f"role IN ({_in(DRAFTING_ROLES)})", name="role_known"),
        UniqueConstraint("event_id", "registration_id", name="uq_drafting_members_event_id_registration_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))  # their account, to edit
    role: Mapped[str] = mapped_column(String(12))
    position: Mapped[int] = mapped_column(default=0)

    registration = relationship("Registration")


class Rumusan(Model):
    """The formulated recommendations of the whole meeting. Adoption freezes the text."""

    __tablename__ = "rumusan"
    __table_args__ = (CheckConstraint(f"state IN ({_in(RUMUSAN_STATES)})", name="state_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    preamble: Mapped[str] = mapped_column(Text, default="")
    closing: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(8), default="draft")
    adopted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    adopted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    adopted_text: Mapped[str | None] = mapped_column(Text)  # the frozen text the fingerprint is taken of
    fingerprint: Mapped[str | None] = mapped_column(String(64))  # SHA-256 of adopted_text

    topics: Mapped[list["RumusanTopic"]] = relationship(
        back_populates="rumusan", cascade="all, delete-orphan", order_by="RumusanTopic.position"
    )


class RumusanTopic(Model):
    __tablename__ = "rumusan_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    rumusan_id: Mapped[int] = mapped_column(ForeignKey("rumusan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)  # A, B, C … by position
    title: Mapped[str] = mapped_column(String(300))

    rumusan: Mapped[Rumusan] = relationship(back_populates="topics")
    # Every item of the topic, sub-points included; the numbered ones have parent_id None.
    items: Mapped[list["RumusanItem"]] = relationship(
        back_populates="topic", cascade="all, delete-orphan", order_by="RumusanItem.position"
    )


class RumusanItem(Model):
    """A numbered recommendation (1., 2.) or a sub-point (a., b.) under one."""

    __tablename__ = "rumusan_items"
    __table_args__ = (CheckConstraint(f"state IN ({_in(ITEM_STATES)})", name="state_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None while the item is a point of a commission's draft, not yet taken into one of the rumusan's topics.
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("rumusan_topics.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("rumusan_items.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default="draft")
    sources: Mapped[JSONList] = mapped_column(JSON, default=list)  # [{"session_id": …, "point": "…"}]
    version: Mapped[int] = mapped_column(default=1)
    # Where the item came from: the commission that drafted it ("dari Komisi II"), kept once taken in.
    commission_id: Mapped[int | None] = mapped_column(ForeignKey("commissions.id", ondelete="SET NULL"), index=True)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when the tim perumus took it into a topic

    topic: Mapped[RumusanTopic | None] = relationship(back_populates="items")
    commission = relationship("Commission")
    children: Mapped[list["RumusanItem"]] = relationship(order_by="RumusanItem.position")
    history: Mapped[list["RumusanItemVersion"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="RumusanItemVersion.number"
    )


class RumusanItemVersion(Model):
    """Every change of an item's text or state, with author and time (for the diff between versions)."""

    __tablename__ = "rumusan_item_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("rumusan_items.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(String(300), default="")

    item: Mapped[RumusanItem] = relationship(back_populates="history")
    author = relationship("User")


class Proposal(Model):
    """A delegation's proposed change to an item, or a new item for a topic (like an amendment)."""

    __tablename__ = "rumusan_proposals"
    __table_args__ = (CheckConstraint(f"state IN ({_in(PROPOSAL_STATES)})", name="state_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rumusan_id: Mapped[int] = mapped_column(ForeignKey("rumusan.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("rumusan_items.id", ondelete="CASCADE"), index=True)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("rumusan_topics.id", ondelete="CASCADE"))
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id", ondelete="SET NULL"))
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # A delegate who proposed from the personal link's pleno page (a live amendment): no account, a registration.
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str] = mapped_column(Text, default="")

    item = relationship("RumusanItem")
    delegation = relationship("Delegation")
    registration = relationship("Registration")


CERTIFICATE_ROLES = ("peserta", "narasumber", "moderator", "panitia")  # "sebagai …" on the certificate


class CertificateSettings(Model):
    """What the secretariat sets before certificates are issued for an event: hours of learning (JP),
    who signs, the number format and the attendance rule. `last_sequence` only ever grows, so a
    certificate number is never handed out twice, even after a certificate is deleted."""

    __tablename__ = "certificate_settings"
    __table_args__ = (
        CheckConstraint("hours IS NULL OR (hours >= 1 AND hours <= 100)", name="hours_in_range"),
        CheckConstraint("min_days >= 1", name="min_days_positive"),
        CheckConstraint("last_sequence >= 0", name="last_sequence_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    hours: Mapped[int | None] = mapped_column()  # jam pelajaran (JP); None = not set yet
    min_days: Mapped[int] = mapped_column(default=1)  # meeting days checked in, to qualify
    signer_position: Mapped[str] = mapped_column(String(200), default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signer_rank: Mapped[str | None] = mapped_column(String(8))
    signer_nip: Mapped[str | None] = mapped_column(String(18))
    number_prefix: Mapped[str] = mapped_column(String(60), default="")
    number_suffix: Mapped[str] = mapped_column(String(60), default="")
    place: Mapped[str] = mapped_column(String(120), default="")  # above the signature; empty = the event's city
    signed_on: Mapped[date | None] = mapped_column(Date)  # None = the last meeting day
    last_sequence: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Certificate(Model):
    """A certificate of attendance with hours of learning (JP); its QR opens a public check page.
    Number, JP and role are fixed when issued; a revoked certificate is kept (the check page says so)."""

    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("event_id", "sequence", name="uq_certificates_event_id_sequence"),
        CheckConstraint(f"role IN ({_in(CERTIFICATE_ROLES)})", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), unique=True)
    sequence: Mapped[int] = mapped_column()  # the running number inside `number`
    number: Mapped[str] = mapped_column(String(80))
    hours: Mapped[int] = mapped_column()  # jam pelajaran (JP)
    role: Mapped[str] = mapped_column(String(16), default="peserta")
    verify_token: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoke_reason: Mapped[str] = mapped_column(Text, default="")

    registration = relationship("Registration")

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
