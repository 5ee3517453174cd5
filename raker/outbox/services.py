"""The meeting's outbox as the secretariat sees it: every message with its state, a preview, a retry.

States in words: pending is "menunggu dikirim", sending "sedang dikirim", sent "terkirim", failed
"gagal", cancelled "dibatalkan". A message is never sent twice: retry puts back only a failed or
cancelled one that still has its recipient (an erased person's mail stays cancelled)."""

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import Select, func, or_, select

from ..audit import record
from ..extensions import db
from ..mail import AttachmentGone, content, local_mailbox
from ..models import Event, OutboxAttachment, OutboxMessage, User, utcnow
from ..models.outbox import OUTBOX_STATES
from . import attachments  # noqa: F401  (registers the renderers with mail)

PAGE_SIZE = 50
STATE_LABELS = {
    "pending": _l("menunggu dikirim"),
    "sending": _l("sedang dikirim"),
    "sent": _l("terkirim"),
    "failed": _l("gagal"),
    "cancelled": _l("dibatalkan"),
}
RETRYABLE = ("failed", "cancelled")


class OutboxRefused(ValueError):
    pass


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


@dataclass
class OutboxPage:
    rows: list[OutboxMessage]
    total: int  # matching the filter
    counts: dict[str, int] = field(default_factory=dict)  # per state, the whole meeting
    number: int = 1
    pages: int = 1


def _of_event(event: Event) -> Select[tuple[OutboxMessage]]:
    return select(OutboxMessage).where(OutboxMessage.event_id == event.id)


def counts(event: Event) -> dict[str, int]:
    found: dict[str, int] = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.event_id == event.id)
            .group_by(OutboxMessage.status)
        )
        .tuples()
        .all()
    )
    return {state: found.get(state, 0) for state in OUTBOX_STATES}


def list_messages(event: Event, *, state: str = "", term: str = "", page: int = 1) -> OutboxPage:
    """Newest first, PAGE_SIZE a page; `state` one of OUTBOX_STATES, `term` part of the address or subject."""
    query = _of_event(event)
    if state in OUTBOX_STATES:
        query = query.where(OutboxMessage.status == state)
    term = term.strip()[:100]
    if term:
        like = f"%{term.lower()}%"
        query = query.where(
            or_(func.lower(OutboxMessage.to_address).like(like), func.lower(OutboxMessage.subject).like(like))
        )
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    number = min(max(page, 1), pages)
    rows = db.session.scalars(
        query.order_by(OutboxMessage.id.desc()).limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)
    ).all()
    return OutboxPage(rows=list(rows), total=total, counts=counts(event), number=number, pages=pages)


def message_of(event: Event, message_id: int) -> OutboxMessage | None:
    """One message of this meeting (None for another meeting's, so its staff learn nothing)."""
    message = db.session.get(OutboxMessage, message_id)
    return message if message is not None and message.event_id == event.id else None


def attachment_of(event: Event, message_id: int, attachment_id: int) -> OutboxAttachment | None:
    message = message_of(event, message_id)
    if message is None:
        return None
    return next((a for a in message.attachments if a.id == attachment_id), None)


def linked_body(message: OutboxMessage) -> Markup:
    """The text escaped, with the app's own links (on PUBLIC_BASE_URL) clickable, so that in the quick
    start the page works as the mailbox: the personal link opens from here. Other addresses stay text."""
    from flask import current_app

    base = re.escape(current_app.config["PUBLIC_BASE_URL"].rstrip("/"))
    escaped = str(escape(message.body_text or ""))
    return Markup(
        re.sub(
            rf"{base}(?:/[^\s<>\"']*)?",
            lambda m: f'<a href="{m.group(0)}" rel="noopener" target="_blank">{m.group(0)}</a>',
            escaped,
        )
    )


def may_retry(message: OutboxMessage) -> bool:
    return message.status in RETRYABLE and bool(message.to_address)


def retry(message: OutboxMessage, *, by: User | None = None) -> None:
    """Queue a failed or cancelled message again, with a fresh set of tries. Commits."""
    if not may_retry(message):
        if message.status == "sent":
            raise OutboxRefused(_("Pesan ini sudah terkirim; pesan tidak pernah dikirim dua kali."))
        if message.status in ("pending", "sending"):
            raise OutboxRefused(_("Pesan ini masih dalam antrean."))
        raise OutboxRefused(_("Penerima pesan ini sudah dihapus (data pribadi); pesan tidak dapat dikirim lagi."))
    message.status = "pending"
    message.attempts = 0
    message.next_attempt_at = utcnow()
    message.claimed_at = None
    record("outbox.retry", message, event_id=message.event_id, user=by, subject=message.subject)
    db.session.commit()
    g.mail_queued = True  # MAIL_SEND_AFTER_REQUEST sends it once the answer is out


def download_attachment(attachment: OutboxAttachment, *, by: User | None = None) -> bytes:
    """The file as it is sent now (rendered when the row names what to render), the download recorded."""
    try:
        data = content(attachment)
    except AttachmentGone as exc:
        raise OutboxRefused(str(exc)) from None
    record(
        "export.outbox_attachment",
        attachment.message,
        event_id=attachment.message.event_id,
        user=by,
        filename=attachment.filename,
    )
    db.session.commit()
    return data


# ---- what the person who registered is told ----------------------------------------------------


def delivery(message: OutboxMessage | None) -> str:
    """local (no mail server: kept for the secretariat) | queued | sent | failed."""
    if local_mailbox():
        return "local"
    if message is None or message.status in ("pending", "sending"):
        return "queued"
    return "sent" if message.status == "sent" else "failed"


# The "done" page keeps which mail to report on in the session, which the browser can read: an id in
# clear would tell an older mail (a duplicate whose link went out a moment ago) from a new one. So it
# is kept sealed: a random nonce and the id XOR a pad from HMAC(SECRET_KEY, nonce); every receipt
# looks alike and has the same length, and the session's signature keeps it from being altered.
def _pad(nonce: bytes) -> bytes:
    from flask import current_app

    key = hmac.new(current_app.config["SECRET_KEY"].encode(), b"raker-mail-receipt", hashlib.sha256).digest()
    return hmac.new(key, nonce, hashlib.sha256).digest()[:8]


def seal_mail_id(message_id: int | None) -> str:
    nonce = secrets.token_bytes(12)
    plain = (message_id or 0).to_bytes(8, "big")
    return base64.urlsafe_b64encode(nonce + bytes(a ^ b for a, b in zip(plain, _pad(nonce), strict=True))).decode()


def unseal_mail_id(receipt: object) -> int | None:
    if not isinstance(receipt, str):  # the session's value, whatever it holds
        return None
    try:
        raw = base64.urlsafe_b64decode(receipt.encode())
    except ValueError:
        return None
    if len(raw) != 20:
        return None
    value = int.from_bytes(bytes(a ^ b for a, b in zip(raw[12:], _pad(raw[:12]), strict=True)), "big")
    return value or None


def delivery_of_receipt(event: Event, receipt: object) -> str:
    """What the "done" page says, from the sealed receipt in its session."""
    mail_id = unseal_mail_id(receipt)
    return delivery(message_of(event, mail_id) if mail_id else None)
