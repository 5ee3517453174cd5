from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .event import _in
from .types import JSONList, UTCDateTime, utcnow

SESSION_KINDS = (
    "daftar_ulang",
    "pembukaan",
    "laporan",
    "sambutan",
    "paparan",
    "pleno",
    "komisi",
    "tanya_jawab",
    "ishoma",
    "rehat",
    "pembacaan_rumusan",
    "penutupan",
    "lainnya",
)
# Breaks and the check-in desk need no minutes; every other kind of session does.
NO_MINUTES_KINDS = ("daftar_ulang", "ishoma", "rehat")
SESSION_ROLES = ("narasumber", "moderator", "notulis", "pembawa_acara")
CONFIRMATIONS = ("pending", "confirmed", "declined")


class Room(Model):
    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("event_id", "name", name="uq_rooms_event_id_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int | None] = mapped_column()
    position: Mapped[int] = mapped_column(default=0)


class AgendaSession(Model):
    """One item of the susunan acara: a time, a room, a kind, and its people."""

    __tablename__ = "agenda_sessions"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_in(SESSION_KINDS)})", name="kind_known"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="SET NULL"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    cancelled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    room: Mapped[Room | None] = relationship()
    people: Mapped[list["SessionPerson"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionPerson.id"
    )
    materials: Mapped[list["SessionMaterial"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionMaterial.id"
    )


class SessionPerson(Model):
    """A narasumber, moderator, notulis or pembawa acara: a registered participant or an outside person."""

    __tablename__ = "session_people"
    __table_args__ = (
        CheckConstraint(f"role IN ({_in(SESSION_ROLES)})", name="role_known"),
        CheckConstraint(f"confirmation IN ({_in(CONFIRMATIONS)})", name="confirmation_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )  # a notulis' account
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200), default="")
    institution: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    confirmation: Mapped[str] = mapped_column(String(16), default="pending")
    token: Mapped[str] = mapped_column(String(64), unique=True)

    session: Mapped[AgendaSession] = relationship(back_populates="people")
    registration = relationship("Registration")


class SessionMaterial(Model):
    __tablename__ = "session_materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column()
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[AgendaSession] = relationship(back_populates="materials")


class Availability(Model):
    """When a speaker can be there (e.g. a speaker from Jakarta only on the first morning)."""

    __tablename__ = "availabilities"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    person_key: Mapped[str] = mapped_column(String(220), index=True)  # "r:<registration id>" or "n:<name>"
    person_name: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AgendaVersion(Model):
    """A published agenda: the snapshot the public sees, and what changed since the last one."""

    __tablename__ = "agenda_versions"
    __table_args__ = (UniqueConstraint("event_id", "number", name="uq_agenda_versions_event_id_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    snapshot: Mapped[JSONList] = mapped_column(JSON)
    changes: Mapped[JSONList] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")

    published_by = relationship("User")
