from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .event import _in
from .types import UTCDateTime, utcnow

# cancelled: never to be sent, e.g. the recipient's personal data was erased meanwhile.
OUTBOX_STATES = ("pending", "sending", "sent", "failed", "cancelled")


class OutboxMessage(Model):
    """An email written in the same transaction as the change it reports, sent after commit."""

    __tablename__ = "outbox_messages"
    __table_args__ = (CheckConstraint(f"status IN ({_in(OUTBOX_STATES)})", name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"), index=True)

    attachments: Mapped[list["OutboxAttachment"]] = relationship(
        back_populates="message", cascade="all, delete-orphan", lazy="select"
    )


class OutboxAttachment(Model):
    """A file sent with a message: its bytes, or what to render when the message is sent (`render`: "qr",
    "badge", "agenda" of the message's registration and meeting, raker/outbox/attachments.py), so the
    change that queues the mail renders nothing and the file shows the data of the moment it goes out."""

    __tablename__ = "outbox_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_messages.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    mimetype: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes | None] = mapped_column(LargeBinary)  # None: rendered when sent (render)
    render: Mapped[str | None] = mapped_column(String(16))

    message: Mapped[OutboxMessage] = relationship(back_populates="attachments")
