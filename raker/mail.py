"""Email through the outbox: `queue()` writes a message in the caller's transaction; `send_pending()`
delivers after commit over SMTP, retries failures with back-off and never sends a message twice
(a message is claimed in its own committed transaction before the SMTP conversation).

Without SMTP_HOST (the quick start; never in production) nothing is sent: the messages stay queued
and the meeting's "Kotak keluar" page is where they are read (`local_mailbox()`)."""

import logging
import smtplib
import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from flask import Flask, Response, current_app, g, render_template
from sqlalchemy import CursorResult, select, update

from .extensions import db
from .models import Event, OutboxAttachment, OutboxMessage, Registration, utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


class AttachmentGone(ValueError):
    """An attachment to render when sent whose registration or meeting is gone."""


# What an outbox row names to render when sent -> the function that renders it from the message; filled by
# raker/outbox/attachments.py (the QR code, badge and agenda), so this module imports no domain.
RENDERERS: dict[str, Callable[[OutboxMessage], bytes]] = {}
# A message claimed longer ago than this by a process that then died is given up on, not resent:
# it may have gone out. The secretariat sees it as failed and can queue it again.
CLAIM_TIMEOUT = timedelta(minutes=15)


@dataclass
class Attachment:
    """The bytes of a file, or `render`: what raker/outbox/attachments.py draws when the mail is sent."""

    filename: str
    mimetype: str
    data: bytes | None = None
    render: str | None = None


def queue(
    kind: str,
    to: str,
    template: str,
    *,
    attachments: Iterable[Attachment] = (),
    event: Event | None = None,
    registration: Registration | None = None,
    **context: Any,
) -> OutboxMessage:
    """Render templates/email/<template>.txt (first line 'Subject: …') and add it to the outbox."""
    rendered = render_template(f"email/{template}.txt", event=event, registration=registration, **context)
    first, _, body = rendered.lstrip().partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"email/{template}.txt must start with a 'Subject:' line")
    message = OutboxMessage(
        kind=kind,
        to_address=to,
        subject=first.removeprefix("Subject:").strip(),
        body_text=body.strip() + "\n",
        event_id=getattr(event, "id", None),
        registration_id=getattr(registration, "id", None),
    )
    for item in attachments:
        message.attachments.append(
            OutboxAttachment(filename=item.filename, mimetype=item.mimetype, data=item.data, render=item.render)
        )
    db.session.add(message)
    g.mail_queued = True
    return message


def local_mailbox() -> bool:
    """No mail server configured: mail is read on the outbox page, not sent."""
    return not current_app.config.get("SMTP_HOST")


def content(attachment: OutboxAttachment) -> bytes:
    """The attachment's bytes: stored ones as they are, the others rendered now by their renderer."""
    if attachment.render is None:
        if attachment.data is None:  # neither stored nor rendered: queue() never writes one
            raise AttachmentGone(f"Lampiran tanpa isi: {attachment.filename}")
        return attachment.data
    renderer = RENDERERS.get(attachment.render)
    if renderer is None:
        raise AttachmentGone(f"Lampiran tidak dikenal: {attachment.render}")
    return renderer(attachment.message)


def _build(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain="raker")
    email.set_content(message.body_text)
    for item in message.attachments:
        maintype, _, subtype = item.mimetype.partition("/")
        email.add_attachment(content(item), maintype=maintype, subtype=subtype, filename=item.filename)
    return email


def _smtp() -> smtplib.SMTP:
    config = current_app.config
    host, port, timeout = config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_TIMEOUT"]
    client: smtplib.SMTP
    if config["SMTP_SECURITY"] == "ssl":
        client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(host, port, timeout=timeout)
        if config["SMTP_SECURITY"] == "starttls":
            client.starttls(context=ssl.create_default_context())
    if config["SMTP_USERNAME"]:
        client.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
    return client


def _claim(message_id: int) -> bool:
    """Mark one message as being sent; False when another process got it first."""
    now = utcnow()
    claimed: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]  # an UPDATE's result has a rowcount
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending")
        .values(status="sending", claimed_at=now, attempts=OutboxMessage.attempts + 1)
    )
    db.session.commit()
    return claimed.rowcount == 1


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    retrying: int = 0


def send_pending(limit: int = 200) -> SendReport:
    report = SendReport()
    if local_mailbox():
        return report
    now = utcnow()
    # Claims that outlived any sender: count as failed (at most once, never twice).
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == "sending", OutboxMessage.claimed_at < now - CLAIM_TIMEOUT)
        .values(status="failed", last_error="Pengiriman terputus; periksa apakah email sudah terkirim.")
    )
    db.session.commit()
    ids = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    if not ids:
        return report
    client = None
    try:
        for message_id in ids:
            if not _claim(message_id):
                continue
            message = db.session.get_one(OutboxMessage, message_id)  # claimed above: the row is there
            if not message.to_address:  # its recipient's data was erased after it was queued
                message.status = "cancelled"
                db.session.commit()
                continue
            try:
                email = _build(message)
            except AttachmentGone as exc:  # what it was to show is no longer there: never sent without it
                message.status = "failed"
                message.last_error = str(exc)
                report.failed += 1
                db.session.commit()
                continue
            try:
                client = client or _smtp()
                client.send_message(email)
            except (smtplib.SMTPException, OSError) as exc:
                client = None
                message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                if message.attempts >= MAX_ATTEMPTS:
                    message.status = "failed"
                    report.failed += 1
                else:
                    message.status = "pending"
                    message.next_attempt_at = utcnow() + timedelta(minutes=2**message.attempts)
                    report.retrying += 1
                log.warning(
                    "mail failed",
                    extra={**_facts(message), "attempts": message.attempts, "error": message.last_error[:300]},
                )
            else:
                message.status = "sent"
                message.sent_at = utcnow()
                message.last_error = ""
                report.sent += 1
                log.info("mail sent", extra=_facts(message))
            db.session.commit()
    finally:
        if client is not None:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                pass
    log.info(
        "outbox job done",
        extra={"job": "outbox", "sent": report.sent, "retrying": report.retrying, "failed": report.failed},
    )
    return report


def _facts(message: OutboxMessage) -> dict[str, Any]:
    """What the log says of a message: ids and kind, not the address (personal data)."""
    return {"message_id": message.id, "kind": message.kind, "event_id": message.event_id, "status": message.status}


def init_app(app: Flask) -> None:
    """With MAIL_SEND_AFTER_REQUEST, a request that queued mail sends it once the response is out."""

    @app.after_request
    def send_after_response(response: Response) -> Response:
        if app.config.get("MAIL_SEND_AFTER_REQUEST") and g.get("mail_queued"):

            def deliver() -> None:
                with app.app_context():
                    send_pending()

            response.call_on_close(deliver)
        return response
