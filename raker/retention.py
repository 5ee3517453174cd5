"""Retention (UU PDP: keep personal data no longer than needed). Sent mail keeps its row (kind,
subject, when, to which registration) but loses its body, attachments and address; import files
left waiting for their column mapping are deleted. Registrations anonymised before anonymising
erased the copies too (older releases) have their leftover copies erased. Run daily from cron:
`flask retention run`."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, delete, exists, or_, select, update

from .extensions import db
from .models import CheckIn, ImportUpload, OutboxAttachment, OutboxMessage, Registration, SessionPerson, utcnow

log = logging.getLogger(__name__)


@dataclass
class RetentionReport:
    days: int
    mail: int = 0
    uploads: int = 0
    leftovers: int = 0
    job_files: int = 0


def run(days: int, *, now: datetime | None = None) -> RetentionReport:
    """Empty sent mail and delete import uploads older than `days`; a second run finds nothing."""
    if days < 1:
        raise ValueError("days must be at least 1")
    cutoff = (now or utcnow()) - timedelta(days=days)
    report = RetentionReport(days)
    # First: the leftovers are found by their mail, which the next step may empty.
    report.leftovers = erase_leftovers()
    # Only sent mail: pending and failed mail still has to go out (or be looked at) in full.
    old_sent = select(OutboxMessage.id).where(OutboxMessage.status == "sent", OutboxMessage.sent_at < cutoff)
    still_full = or_(
        OutboxMessage.body_text != "",
        OutboxMessage.to_address != "",
        exists().where(OutboxAttachment.message_id == OutboxMessage.id),
    )
    ids = db.session.scalars(old_sent.where(still_full)).all()
    for start in range(0, len(ids), 500):  # bounded IN lists
        chunk = ids[start : start + 500]
        db.session.execute(delete(OutboxAttachment).where(OutboxAttachment.message_id.in_(chunk)))
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(chunk))
            .values(body_text="", to_address="")
            .execution_options(synchronize_session=False)
        )
    report.mail = len(ids)
    uploads: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]  # a DELETE's result has a rowcount
        delete(ImportUpload).where(ImportUpload.created_at < cutoff)
    )
    report.uploads = uploads.rowcount
    db.session.commit()
    from .jobs.services import expire

    report.job_files = expire(now=now)  # export files of background jobs past their expiry (JOB_RESULT_HOURS)
    log.info(
        "retention job done",
        extra={
            "job": "retention",
            "days": days,
            "mail": report.mail,
            "uploads": report.uploads,
            "leftovers": report.leftovers,
        },
    )
    return report


def erase_leftovers() -> int:
    """Copies still held for registrations anonymised by an older release (mail with a body or an
    address, a signature): erased by registration (the identifiers themselves are gone)."""
    from .registration.erasure import Identity, erase_copies

    anonymised = select(Registration.id).where(Registration.anonymised_at.is_not(None))
    ids = set(
        db.session.scalars(
            select(OutboxMessage.registration_id).where(
                OutboxMessage.registration_id.in_(anonymised),
                or_(OutboxMessage.body_text != "", OutboxMessage.to_address != ""),
            )
        )
    )
    ids |= set(
        db.session.scalars(
            select(CheckIn.registration_id).where(
                CheckIn.registration_id.in_(anonymised), CheckIn.signature_png.is_not(None)
            )
        )
    )
    # A speaker's slot is the one place that still knows the name and email: mail to that address
    # and audit mentions are found through it.
    speakers: dict[int, tuple[str, str]] = {}
    for registration_id, name, email in db.session.execute(
        select(SessionPerson.registration_id, SessionPerson.name, SessionPerson.email).where(
            SessionPerson.registration_id.in_(anonymised), SessionPerson.email != ""
        )
    ):
        speakers.setdefault(registration_id, (name, email.lower()))
    ids |= set(speakers)
    by_event: dict[int, list[Identity]] = {}
    for registration_id, event_id in db.session.execute(
        select(Registration.id, Registration.event_id).where(Registration.id.in_(ids))
    ):
        name, email = speakers.get(registration_id, ("", ""))
        by_event.setdefault(event_id, []).append(Identity(registration_id, name, email, "", ""))
    for event_id, people in by_event.items():
        erase_copies(event_id, people)
    db.session.commit()
    return len(ids)
