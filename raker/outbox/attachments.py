"""Attachments rendered when the mail is sent (or downloaded from the outbox page), from what the outbox row
names: the QR code and badge of the message's registration, the meeting's agenda as ICS. They register
with raker/mail.py (RENDERERS) when the outbox package loads; rows queued before keep their bytes."""

from flask_babel import gettext as _

from .. import mail
from ..extensions import db
from ..mail import AttachmentGone
from ..models import Event, OutboxMessage, Registration


def _qr(message: OutboxMessage) -> bytes:
    from ..checkin.codes import qr_text
    from ..pdf.qr import qr_png

    return qr_png(qr_text(_registration(message)), box_size=8)


def _badge(message: OutboxMessage) -> bytes:
    from ..checkin.codes import qr_text
    from ..pdf.badge import badge_pdf

    registration = _registration(message)
    return badge_pdf([registration], event=registration.event, qr_text_for=qr_text)


def _agenda(message: OutboxMessage) -> bytes:
    from ..agenda.ics import agenda_ics

    event = db.session.get(Event, message.event_id) if message.event_id else None
    if event is None:
        raise AttachmentGone(_("Rapat lampiran ini sudah dihapus."))
    return agenda_ics(event)


def _registration(message: OutboxMessage) -> Registration:
    registration = db.session.get(Registration, message.registration_id) if message.registration_id else None
    if registration is None or registration.anonymised_at or not registration.checkin_code:
        raise AttachmentGone(_("Pendaftaran lampiran ini sudah dihapus atau tidak lagi disetujui."))
    return registration


mail.RENDERERS.update(qr=_qr, badge=_badge, agenda=_agenda)
