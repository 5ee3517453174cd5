"""Signatures on the berita acara pengesahan: the representative of each delegation present signs on the
secretariat's tablet (the daftar hadir's signature pad, static/js/signature-pad.js), and the berita acara
prints the name and the signature in the delegation's row; a delegation that has not signed keeps the
blank line for wet ink. Stored as the daftar hadir stores its signatures (checkin.services.clean_signature:
a 1-bit PNG of at most 600 × 240), one per delegation (signing again replaces it, audited both times)."""

import base64
import binascii
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..audit import record
from ..checkin.services import CheckinError, clean_signature
from ..extensions import db
from ..models import BeritaAcaraSignature, CheckIn, Delegation, Event, Registration, User, utcnow
from ..rumusan.services import rumusan_of
from . import SidangRefused
from .quorum import checked_in_on

DATA_URL = "data:image/png;base64,"


def signing_day(event: Event) -> date:
    """The day whose presence counts: the adoption's once the rumusan is adopted, else today."""
    draft = rumusan_of(event)
    if draft is not None and draft.adopted_at is not None:
        return draft.adopted_at.astimezone(event.tz).date()
    return event.today()


@dataclass(frozen=True)
class SigningRow:
    delegation: Delegation
    present: list[Registration]  # approved members checked in on the signing day, by name
    signature: BeritaAcaraSignature | None


def signing_rows(event: Event, day: date | None = None) -> list[SigningRow]:
    """Each delegation with someone present on the day, who may sign for it, and its signature if given."""
    day = day or signing_day(event)
    people = db.session.scalars(
        select(Registration)
        .join(CheckIn, CheckIn.registration_id == Registration.id)
        .where(*checked_in_on(event, day))
        .distinct()
        .order_by(Registration.full_name, Registration.id)
    ).all()
    by_delegation: dict[int, list[Registration]] = {}
    for person in people:
        by_delegation.setdefault(person.delegation_id, []).append(person)
    signed = signatures_by_delegation(event)
    delegations = db.session.scalars(
        select(Delegation).where(Delegation.event_id == event.id).order_by(Delegation.position, Delegation.id)
    )
    return [SigningRow(d, by_delegation[d.id], signed.get(d.id)) for d in delegations if d.id in by_delegation]


def signatures_by_delegation(event: Event) -> dict[int, BeritaAcaraSignature]:
    rows = db.session.scalars(
        select(BeritaAcaraSignature)
        .options(joinedload(BeritaAcaraSignature.registration))
        .where(BeritaAcaraSignature.event_id == event.id)
    )
    return {row.delegation_id: row for row in rows}


def png_from_data_url(value: str) -> bytes:
    """The pad's canvas.toDataURL('image/png'), as bytes; refused (400) when it is not one."""
    value = (value or "").strip()
    if not value.startswith(DATA_URL):
        raise SidangRefused(_("Tanda tangan masih kosong."), "signature_empty", 400)
    try:
        return base64.b64decode(value[len(DATA_URL) :], validate=True)
    except (binascii.Error, ValueError):
        raise SidangRefused(_("Tanda tangan harus gambar PNG."), "signature_invalid", 400) from None


def sign(event: Event, registration: Registration, png: bytes, *, by: User | None = None) -> BeritaAcaraSignature:
    """The representative signs for their delegation. Refused, nothing saved: someone not of this meeting
    or not approved, not checked in on the signing day, a picture that is no signature."""
    if registration.event_id != event.id or registration.state != "approved":
        raise SidangRefused(
            _("Hanya peserta rapat ini yang disetujui yang dapat menandatangani berita acara."), "not_participant", 403
        )
    day = signing_day(event)
    present = db.session.scalar(
        select(CheckIn.id).where(
            CheckIn.registration_id == registration.id, CheckIn.day == day, CheckIn.undone_at.is_(None)
        )
    )
    if present is None:
        raise SidangRefused(
            _(
                "%(name)s belum tercatat hadir pada hari sidang; hanya wakil delegasi yang hadir menandatangani.",
                name=registration.full_name,
            ),
            "not_present",
            403,
        )
    try:
        clean = clean_signature(png)
    except CheckinError as exc:
        raise SidangRefused(str(exc), "signature_invalid", 400) from None
    for _attempt in range(2):  # two tablets at once for one delegation: the second replaces the first
        row = db.session.scalar(
            select(BeritaAcaraSignature).where(
                BeritaAcaraSignature.event_id == event.id,
                BeritaAcaraSignature.delegation_id == registration.delegation_id,
            )
        )
        replaced = row is not None
        if row is None:
            row = BeritaAcaraSignature(event_id=event.id, delegation_id=registration.delegation_id)
            db.session.add(row)
        row.registration_id = registration.id
        row.signature_png = clean
        row.signed_at = utcnow()
        row.taken_by_id = getattr(by, "id", None)
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            continue
        record(
            "berita_acara.sign",
            registration,
            event_id=event.id,
            user=by,
            delegation=registration.delegation.name,
            replaced=replaced,
        )
        db.session.commit()
        return row
    raise SidangRefused(_("Tanda tangan tidak tersimpan; coba lagi."), "conflict")


def remove(event: Event, delegation: Delegation, *, by: User | None = None) -> None:
    """Take a delegation's signature off (signed by the wrong person): its row is blank for wet ink again."""
    row = db.session.scalar(
        select(BeritaAcaraSignature).where(
            BeritaAcaraSignature.event_id == event.id, BeritaAcaraSignature.delegation_id == delegation.id
        )
    )
    if row is None:
        raise SidangRefused(_("Delegasi ini belum menandatangani berita acara."), "not_signed", 404)
    record("berita_acara.unsign", row.registration, event_id=event.id, user=by, delegation=delegation.name)
    db.session.delete(row)
    db.session.commit()
