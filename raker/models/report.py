"""The laporan pelaksanaan's own texts per meeting, and the photos of its lampiran dokumentasi."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .types import UTCDateTime, utcnow


class ReportSettings(Model):
    """What the secretariat writes into the laporan: the addressee, dasar hukum (one legal basis a line),
    maksud dan tujuan, kendala, saran/tindak lanjut, penutup, and who signs. A text left None is
    printed from the meeting (raker/report/services.py: defaults), so it follows the meeting's changes."""

    __tablename__ = "report_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    addressee: Mapped[str | None] = mapped_column(Text)
    legal_basis: Mapped[str | None] = mapped_column(Text)
    purpose: Mapped[str | None] = mapped_column(Text)
    obstacles: Mapped[str | None] = mapped_column(Text)
    follow_up: Mapped[str | None] = mapped_column(Text)
    closing: Mapped[str | None] = mapped_column(Text)
    signer_position: Mapped[str] = mapped_column(String(200), default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signer_rank: Mapped[str | None] = mapped_column(String(8))
    signer_nip: Mapped[str | None] = mapped_column(String(18))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ReportPhoto(Model):
    """A photo of the meeting for the lampiran dokumentasi, stored re-encoded as JPEG (turned upright,
    scaled down, its EXIF with any GPS position dropped). Of the meeting, not of a person: erasing a
    participant leaves it; in the database, so a backup holds it."""

    __tablename__ = "report_photos"
    __table_args__ = (CheckConstraint("size > 0", name="size_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    caption: Mapped[str] = mapped_column(String(300), default="")
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    size: Mapped[int] = mapped_column()
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # lists never load the bytes
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
