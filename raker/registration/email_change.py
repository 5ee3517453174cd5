"""A participant's new email address, confirmed from that address before it is used.

Through the personal link a participant could otherwise learn whether an address is registered for the
meeting ("sudah dipakai" on save) — an oracle the public registration form closes by answering
duplicates like new ones. So the edit never says: it mails the new address, and only its owner learns
whether it can be used. The link is signed (no table): it names the registration and both addresses,
so it is void once the address changed another way, and it expires."""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from .. import mail
from ..audit import record
from ..extensions import db
from ..models import OutboxMessage, Registration, utcnow
from ..urls import public_url

MAX_AGE = timedelta(hours=48)
SALT = "raker-email-change"
KINDS = ("registration.email_change", "registration.email_change_taken")


class EmailChangeInvalid(Exception):
    """The link cannot be used; the message is for the person."""


@dataclass(frozen=True)
class EmailChange:
    registration: Registration
    new_email: str


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _taken(registration: Registration, email: str) -> bool:
    return (
        db.session.scalar(
            select(Registration.id).where(
                Registration.event_id == registration.event_id,
                Registration.email == email,
                Registration.id != registration.id,
            )
        )
        is not None
    )


def _mails_to(address: str) -> int:
    since = utcnow() - timedelta(hours=1)
    return (
        db.session.scalar(
            select(func.count(OutboxMessage.id)).where(
                OutboxMessage.kind.in_(KINDS), OutboxMessage.to_address == address, OutboxMessage.created_at >= since
            )
        )
        or 0
    )


def request_change(registration: Registration, new_email: str) -> None:
    """Queue the mail to `new_email` (no commit): a confirmation link, or — when another registration of
    the meeting has that address — a note saying so. At most RECIPIENT_LINK_MAILS_PER_HOUR of them per
    address an hour, so a personal link cannot be used to flood someone's inbox."""
    if _mails_to(new_email) >= current_app.config["RECIPIENT_LINK_MAILS_PER_HOUR"]:
        return
    event = registration.event
    if _taken(registration, new_email):
        mail.queue(
            "registration.email_change_taken", new_email, "email_change_taken", event=event, registration=registration
        )
    else:
        signed = _serializer().dumps({"r": registration.id, "old": registration.email, "new": new_email})
        mail.queue(
            "registration.email_change",
            new_email,
            "email_change",
            event=event,
            registration=registration,
            confirm_url=public_url("registration.confirm_email", signed=signed),
            hours=int(MAX_AGE.total_seconds() // 3600),
        )
    record("registration.email_change_requested", registration)


def read(signed: str) -> EmailChange:
    """The change a link asks for, or EmailChangeInvalid."""
    from flask_babel import gettext as _

    try:
        data = _serializer().loads(signed, max_age=int(MAX_AGE.total_seconds()))
    except SignatureExpired:
        raise EmailChangeInvalid(
            _(
                "Tautan konfirmasi ini sudah kedaluwarsa. Ubah email lagi dari tautan pribadi "
                "Anda untuk mendapat tautan baru."
            )
        ) from None
    except BadSignature:
        raise EmailChangeInvalid(_("Tautan konfirmasi ini tidak sah.")) from None
    registration = db.session.get(Registration, data.get("r")) if isinstance(data, dict) else None
    if (
        registration is None
        or registration.anonymised_at
        or registration.state == "cancelled"
        or registration.email != data.get("old")
    ):
        raise EmailChangeInvalid(_("Tautan konfirmasi ini sudah tidak berlaku."))
    return EmailChange(registration, data["new"])


def confirm(change: EmailChange) -> Registration:
    """Use the new address: the old one is told (a change nobody asked for is noticed), and the
    secretariat's history records it. Refused when the address was taken meanwhile."""
    from flask_babel import gettext as _

    registration = change.registration
    if _taken(registration, change.new_email):
        raise EmailChangeInvalid(_("Alamat email ini sudah dipakai pendaftaran lain pada rapat ini."))
    old = registration.email
    registration.email = change.new_email
    record("registration.update", registration, fields=["email"])
    mail.queue(
        "registration.email_changed",
        old,
        "email_changed",
        event=registration.event,
        registration=registration,
        new_email=change.new_email,
    )
    db.session.commit()
    return registration
