"""Attachments rendered when the mail is sent (or downloaded from the outbox page), from what the outbox row
names: the QR code and badge of the message's registration, the meeting's agenda as ICS, each made by
raker.exports.export() as the pages make them. They register with raker/mail.py (RENDERERS) when the
outbox package loads; rows queued before keep their bytes."""

from flask_babel import gettext as _

from .. import mail
from ..exports import ExportRefused, export
from ..extensions import db
from ..mail import AttachmentGone
from ..models import Event, OutboxMessage, Registration


def _qr(message: OutboxMessage) -> bytes:
    registration = _registration(message)
    return _exported(registration.event, "qr", "png", registration=registration.id, box_size=8)


def _badge(message: OutboxMessage) -> bytes:
    registration = _registration(message)
    # one A6 badge, as the approval mail has always attached it (the secretariat's sheets are "sheet")
    return _exported(registration.event, "badges", "pdf", registration=registration.id, layout="a6")


def _agenda(message: OutboxMessage) -> bytes:
    event = db.session.get(Event, message.event_id) if message.event_id else None
    if event is None:
        raise AttachmentGone(_("Rapat lampiran ini sudah dihapus."))
    return export(event, "agenda", "ics").body


def _exported(event, kind: str, fmt: str, **options) -> bytes:
    """A registration's file; refused (no longer approved, no code): gone, with the outbox's reason."""
    try:
        return export(event, kind, fmt, **options).body
    except ExportRefused:
        raise _registration_gone() from None


def _registration(message: OutboxMessage) -> Registration:
    registration = db.session.get(Registration, message.registration_id) if message.registration_id else None
    if registration is None or registration.anonymised_at or not registration.checkin_code:
        raise _registration_gone()
    return registration


def _registration_gone() -> AttachmentGone:
    return AttachmentGone(_("Pendaftaran lampiran ini sudah dihapus atau tidak lagi disetujui."))


mail.RENDERERS.update(qr=_qr, badge=_badge, agenda=_agenda)
