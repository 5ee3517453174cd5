import secrets
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .event import Delegation, Event, _in
from .types import UTCDateTime, utcnow

ASN_STATUSES = ("pns", "pppk", "non_asn")
PARTICIPANT_ROLES = ("peserta", "narasumber", "moderator", "panitia", "undangan")
REGISTRATION_STATES = ("pending", "approved", "rejected", "waitlisted", "cancelled")
REGISTRATION_SOURCES = ("form", "contact", "api", "import", "secretariat", "seed")


def new_personal_token() -> str:
    return secrets.token_urlsafe(24)


class Registration(Model):
    """One person registered for one event, in one delegation."""

    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "nip", name="uq_registrations_event_id_nip"),
        UniqueConstraint("event_id", "email", name="uq_registrations_event_id_email"),
        CheckConstraint(f"asn_status IN ({_in(ASN_STATUSES)})", name="asn_status_known"),
        CheckConstraint(f"role IN ({_in(PARTICIPANT_ROLES)})", name="role_known"),
        CheckConstraint(f"state IN ({_in(REGISTRATION_STATES)})", name="state_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="RESTRICT"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    asn_status: Mapped[str] = mapped_column(String(8))
    nip: Mapped[str | None] = mapped_column(String(18))
    rank: Mapped[str | None] = mapped_column(String(8))
    position: Mapped[str] = mapped_column(String(200), default="")  # jabatan
    institution: Mapped[str] = mapped_column(String(300), default="")  # instansi / unit kerja
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(20), default="")
    role: Mapped[str] = mapped_column(String(16), default="peserta")
    notes: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(16), default="pending")
    state_reason: Mapped[str] = mapped_column(Text, default="")
    # The personal link's secret; the check-in code is a separate secret.
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_personal_token)
    # Printed in the badge QR; issued at approval, re-issuable (the old badge then stops working).
    checkin_code: Mapped[str | None] = mapped_column(String(40), unique=True)
    source: Mapped[str] = mapped_column(String(16), default="form")
    deletion_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    delegation: Mapped[Delegation] = relationship()
    assignment_letter: Mapped["AssignmentLetter | None"] = relationship(
        back_populates="registration", cascade="all, delete-orphan", lazy="select"
    )
    commission_membership = relationship("CommissionMember", uselist=False, viewonly=True)

    @property
    def commission_label(self) -> str:
        """ "Komisi II" when the participant sits in a commission (printed on the badge), else ""."""
        membership = self.commission_membership
        return membership.commission.name if membership is not None else ""

    def __repr__(self) -> str:
        return f"<Registration {self.full_name} {self.state}>"


class AssignmentLetter(Model):
    """The surat tugas a delegate uploads (PDF), kept apart so lists never load the bytes."""

    __tablename__ = "assignment_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), unique=True)
    filename: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column()
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    registration: Mapped[Registration] = relationship(back_populates="assignment_letter")
