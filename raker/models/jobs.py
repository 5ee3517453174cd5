from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .types import JSONObject, UTCDateTime, utcnow

# queued → running → done | failed; done → expired when its file is removed. A running job whose worker
# stopped (no heartbeat) goes back to queued (raker.jobs.services.sweep).
JOB_STATES = ("queued", "running", "done", "failed", "expired")
JOB_BACKENDS = ("rq", "thread")


class Job(Model):
    """Long work done in the background (an export of a big meeting): who asked for what, how far it
    got, and the file it made (under the instance folder, removed when it expires)."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state_heartbeat", "state", "heartbeat_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)  # in URLs and the result's file name
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(40))
    fmt: Mapped[str] = mapped_column(String(8))
    options: Mapped[JSONObject] = mapped_column(JSON, default=dict)
    backend: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(16), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    attempts: Mapped[int] = mapped_column(default=0)
    message: Mapped[str | None] = mapped_column(Text)
    filename: Mapped[str | None] = mapped_column(String(200))
    mimetype: Mapped[str | None] = mapped_column(String(120))
    inline: Mapped[bool] = mapped_column(default=False)
    size: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    owner = relationship("User")
    event = relationship("Event")

    @property
    def percent(self) -> int:
        if self.state in ("done", "expired"):
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0
