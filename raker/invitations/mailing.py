"""The surat undangan mailed to each invited delegation's contact: the letter as the page downloads it
(exports.export), with the saved signer and date. Apart from services.py, which the documents that print
the saved signer import (the export registry among them), so no import circle runs through the mailing."""

from flask_babel import gettext as _

from .. import mail
from ..audit import record
from ..exports import export
from ..extensions import db
from ..letters import LetterRefused
from ..models import Event, User
from .services import addressee_of, invited, is_saved, settings_for


def mail_invitations(event: Event, *, by: User | None = None) -> tuple[int, list[str]]:
    """Queue every invited delegation's own letter (PDF, with its lampiran) to its contact, with the
    saved signer and date. Refused (LetterRefused, 409) before anything is queued while no signer or
    date is saved: a letter mailed unsigned and dated the day of sending is worthless."""
    settings = settings_for(event)
    if not (is_saved(settings) and settings.signer_name and settings.issued_on):
        raise LetterRefused(
            _(
                "Simpan dulu penanda tangan dan tanggal surat: surat yang dikirim lewat email "
                "memakai pengaturan yang tersimpan."
            )
        )
    sent = 0
    missing: list[str] = []
    for delegation in invited(event):
        address = delegation.contact_email or (delegation.contact_user.email if delegation.contact_user else "")
        if not address:
            missing.append(delegation.name)
            continue
        letter = export(event, "undangan", "pdf", delegation=delegation)  # as the page downloads it
        mail.queue(
            "invitation",
            address,
            "invitation",
            event=event,
            delegation=delegation,
            addressee=addressee_of(event, delegation),
            attachments=[mail.Attachment(letter.filename, letter.mimetype, letter.body)],
        )
        sent += 1
    record("invitation.send", event, event_id=event.id, user=by, sent=sent, missing=missing)
    db.session.commit()
    return sent, missing
