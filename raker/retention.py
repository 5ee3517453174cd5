"""Retention (UU PDP: keep personal data no longer than needed). Sent mail keeps its row (kind,
subject, when, to which registration) but loses its body, attachments and address; import files
left waiting for their column mapping are deleted. Run daily from cron: `flask retention run`."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, or_, select, update

from .extensions import db
from .models import ImportUpload, OutboxAttachment, OutboxMessage, utcnow


@dataclass
class RetentionReport:
    days: int
    mail: int = 0
    uploads: int = 0


def run(days: int, *, now: datetime | None = None) -> RetentionReport:
    """Empty sent mail and delete import uploads older than `days`; a second run finds nothing."""
    if days < 1:
        raise ValueError("days must be at least 1")
    cutoff = (now or utcnow()) - timedelta(days=days)
    report = RetentionReport(days)
    # Only sent mail: pending and failed mail still has to go out (or be looked at) in full.
    old_sent = select(OutboxMessage.id).where(OutboxMessage.status == "sent", OutboxMessage.sent_at < cutoff)
    still_full = or_(OutboxMessage.body_text != "", OutboxMessage.to_address != "",
                     exists().where(OutboxAttachment.message_id == OutboxMessage.id))
    ids = db.session.scalars(old_sent.where(still_full)).all()
    for start in range(0, len(ids), 500):  # bounded IN lists
        chunk = ids[start:start + 500]
        db.session.execute(delete(OutboxAttachment).where(OutboxAttachment.message_id.in_(chunk)))
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(chunk))
                           .values(body_text="", to_address="").execution_options(synchronize_session=False))
    report.mail = len(ids)
    report.uploads = db.session.execute(delete(ImportUpload).where(ImportUpload.created_at < cutoff)).rowcount
    db.session.commit()
    return report
