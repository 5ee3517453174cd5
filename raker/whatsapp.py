"""WhatsApp click-to-chat links (https://wa.me/<number>?text=…): no API account, the secretariat's own
WhatsApp opens with the message written and presses send. The number is the digits of the stored
E.164 number, and only a number that can be a mobile gets a link. Every link in a message comes from
raker.urls.public_url(); the messages are in Indonesian whatever the secretariat's interface language."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from flask import render_template, url_for
from flask_babel import force_locale
from sqlalchemy import select

from .extensions import db
from .models import Registration
from .reference import phones
from .urls import public_url


def chat_link(phone: str | None, text: str) -> str | None:
    digits = phones.whatsapp_digits(phone)
    return f"https://wa.me/{digits}?text={quote(text, safe='')}" if digits else None


def share_link(text: str) -> str:
    """No number: WhatsApp asks whom (or which group) to send it to."""
    return f"https://wa.me/?text={quote(text, safe='')}"


def _render(template: str, **context) -> str:
    with force_locale("id"):
        return render_template(f"whatsapp/{template}.txt", **context).strip() + "\n"


def personal_message(registration) -> str:
    event = registration.event
    has_qr = registration.state == "approved" and bool(registration.checkin_code)
    return _render(
        "personal",
        event=event,
        registration=registration,
        personal_url=public_url("registration.personal", token=registration.token),
        qr_url=public_url("registration.qr_image", token=registration.token) if has_qr else None,
    )


def invitation_message(event, delegation) -> str:
    return _render(
        "invitation",
        event=event,
        delegation=delegation,
        register_url=public_url(
            "registration.register", slug=event.slug, delegasi=delegation.region_code or delegation.id
        ),
    )


def reminder_message(event, delegation, names: list[str], day: date) -> str:
    return _render("reminder", event=event, delegation=delegation, names=names, day=day)


def reminder_link(event, delegation, names: list[str], day: date) -> str | None:
    """The message to a delegation's contact naming everyone of it not checked in on `day`; None
    without names or without a contact number that can be a mobile."""
    return chat_link(delegation.contact_phone, reminder_message(event, delegation, names, day)) if names else None


def reminder_links(event, missing: dict, day: date) -> dict[int, str]:
    """Per delegation with someone not checked in on `day` and a contact with a mobile: the dashboard's
    link to the reminder (attendance.reminder), which names them all when it is opened; the page itself
    holds only the first names of each."""
    return {
        delegation.id: url_for("attendance.reminder", slug=event.slug, delegation_id=delegation.id, day=day.isoformat())
        for delegation in event.delegations
        if delegation.id in missing and phones.whatsapp_digits(delegation.contact_phone)
    }


def agenda_changes_message(event, version) -> str:
    """The participants' change email, without its subject line: one text for mail and WhatsApp."""
    with force_locale("id"):
        rendered = render_template("email/agenda_changes.txt", event=event, version=version)
    return rendered.lstrip().partition("\n")[2].strip() + "\n"


@dataclass
class Recipient:
    """One line of the walk-through list: whom, their number as read, and the link (None: no mobile)."""

    key: str
    title: str
    subtitle: str
    phone: str
    link: str | None


def contact_recipients(event) -> list[Recipient]:
    """Each delegation's contact, with the invitation and the delegation's registration link."""
    return [
        Recipient(
            key=f"d{d.id}",
            title=d.name,
            subtitle=d.contact_name or "",
            phone=phones.display(d.contact_phone),
            link=chat_link(d.contact_phone, invitation_message(event, d)),
        )
        for d in event.delegations
    ]


# Whom a personal link is worth sending to: anyone still in the meeting or waiting to be.
WALK_STATES = ("approved", "pending", "waitlisted")


def participant_recipients(delegation) -> list[Recipient]:
    """A delegation's participants (not anonymised), each with their personal link (and QR once approved)."""
    rows = db.session.scalars(
        select(Registration)
        .where(
            Registration.event_id == delegation.event_id,
            Registration.delegation_id == delegation.id,
            Registration.state.in_(WALK_STATES),
            Registration.anonymised_at.is_(None),
        )
        .order_by(Registration.full_name, Registration.id)
    ).all()
    return [
        Recipient(
            key=f"r{r.id}",
            title=r.full_name,
            subtitle=r.position or "",
            phone=phones.display(r.phone),
            link=chat_link(r.phone, personal_message(r)),
        )
        for r in rows
    ]


def personal_links(registration) -> dict:
    """For a registration's page: its personal link to copy, and the WhatsApp link when the number can be a mobile."""
    if registration.anonymised_at:
        return {"personal_url": None, "whatsapp_link": None}
    return {
        "personal_url": public_url("registration.personal", token=registration.token),
        "whatsapp_link": chat_link(registration.phone, personal_message(registration)),
    }
