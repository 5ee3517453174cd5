from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .event import _in
from .types import JSONObject, UTCDateTime, utcnow

SCAN_RESULTS = ("ok", "already_checked_in", "invalid", "not_approved", "cancelled", "wrong_event", "not_today")


class AtTheDoor:
    """Where, when and by whom a badge was read: what a check-in and a session's attendance both keep."""

    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime)  # when the badge was scanned (device clock)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    gate: Mapped[str] = mapped_column(String(60), default="")
    device: Mapped[str] = mapped_column(String(60), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    method: Mapped[str] = mapped_column(String(16), default="qr")  # qr | manual
    offline: Mapped[bool] = mapped_column(default=False)


class CheckIn(AtTheDoor, Model):
    """A participant present on one meeting day (daftar ulang). At most one active row per
    registration and day — a partial unique index, so two gates can never both count the same
    person, on SQLite and PostgreSQL alike. An undo keeps the row (undone_at set)."""

    __tablename__ = "checkins"
    __table_args__ = (
        Index(
            "uq_checkins_registration_day_active",
            "registration_id",
            "day",
            unique=True,
            sqlite_where=text("undone_at IS NULL"),
            postgresql_where=text("undone_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)  # the meeting day, in the event's time zone
    needs_review: Mapped[bool] = mapped_column(default=False)  # offline scans of one badge on two devices
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    undo_reason: Mapped[str] = mapped_column(Text, default="")
    signature_png: Mapped[bytes | None] = mapped_column(LargeBinary)  # signed on the petugas' screen
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration = relationship("Registration")
    user = relationship("User", foreign_keys="CheckIn.user_id")


class Scan(Model):
    """Every scan, failed ones too: what was read, when, where, by whom, and the answer given.
    A retried request with the same nonce gets the stored answer again."""

    __tablename__ = "scans"
    __table_args__ = (
        UniqueConstraint("event_id", "nonce", name="uq_scans_event_id_nonce"),
        CheckConstraint(f"result IN ({_in(SCAN_RESULTS)})", name="result_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    nonce: Mapped[str | None] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(120), default="")
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"), index=True)
    checkin_id: Mapped[int | None] = mapped_column(ForeignKey("checkins.id", ondelete="SET NULL"))
    result: Mapped[str] = mapped_column(String(24))
    gate: Mapped[str] = mapped_column(String(60), default="")
    device: Mapped[str] = mapped_column(String(60), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    offline: Mapped[bool] = mapped_column(default=False)
    needs_review: Mapped[bool] = mapped_column(default=False)
    response: Mapped[JSONObject] = mapped_column(JSON, default=dict)
    # Set when the scanner records a session's attendance at its room's door instead of the gate.
    session_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="SET NULL"), index=True)


class SessionAttendance(AtTheDoor, Model):
    """A participant present at one agenda session (a sidang komisi, the pleno), scanned at the room's
    door. At most one row per session and registration (unique): two doors, a retried request or a
    replayed offline scan never count one person twice. `member` says whether the person belonged to
    the session's commission when scanned (None: the session is no commission's); someone of another
    commission is recorded all the same, and marked."""

    __tablename__ = "session_attendances"
    __table_args__ = (
        UniqueConstraint("session_id", "registration_id", name="uq_session_attendances_session_id_registration_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    commission_id: Mapped[int | None] = mapped_column(ForeignKey("commissions.id", ondelete="SET NULL"))
    member: Mapped[bool | None] = mapped_column()

    registration = relationship("Registration")
    session = relationship("AgendaSession")
