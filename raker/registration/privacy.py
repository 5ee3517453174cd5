"""Personal data under UU No. 27/2022 (PDP): access to one's own data, deletion on request,
and anonymising a finished event. Attendance counts stay (needed for SPJ), identities go."""

from flask_babel import gettext as _
from sqlalchemy import select

from ..audit import record
from ..extensions import db
from ..models import Event, Registration, utcnow
from ..reference.nip import format_nip
from ..reference.ranks import rank_label
from .erasure import Identity, erase_copies


def personal_data(registration: Registration) -> dict:
    def iso(value):
        return value.isoformat() if value else None

    return {
        "rapat": registration.event.title,
        "delegasi": registration.delegation.name,
        "nama_lengkap": registration.full_name,
        "status_kepegawaian": registration.asn_status,
        "nip": format_nip(registration.nip),
        "pangkat_golongan": rank_label(registration.rank),
        "jabatan": registration.position,
        "instansi": registration.institution,
        "email": registration.email,
        "nomor_ponsel": registration.phone,
        "peran": registration.role,
        "catatan": registration.notes,
        "status_pendaftaran": registration.state,
        "alasan_status": registration.state_reason,
        "surat_tugas": registration.assignment_letter.filename if registration.assignment_letter else None,
        "didaftarkan_pada": iso(registration.created_at),
        "diubah_pada": iso(registration.updated_at),
        "permintaan_hapus": iso(registration.deletion_requested_at),
    }


def request_deletion(registration: Registration) -> None:
    if registration.deletion_requested_at is None:
        registration.deletion_requested_at = utcnow()
        record("registration.deletion_requested", registration)
        db.session.commit()


def anonymise(registration: Registration, *, by=None, commit: bool = True) -> None:
    """Replace every personal detail and erase every copy of it (mail, scans, audit, agenda, uploads,
    signature); keep delegation, role and state so the counts stay true."""
    if registration.anonymised_at:
        return
    identity = Identity.of(registration)  # read before the row is overwritten
    _anonymise_row(registration, by=by)
    erase_copies(registration.event_id, [identity])
    if commit:
        db.session.commit()


def _anonymise_row(registration: Registration, *, by=None) -> None:
    from .services import HOLDS_PLACE, change_state

    if registration.state in HOLDS_PLACE and registration.event.status not in ("finished",):
        change_state(registration, "cancelled", by=by, reason=_("Data dihapus atas permintaan peserta."), commit=False)
    registration.full_name = _("(data dihapus)")
    registration.nip = None
    registration.rank = None
    registration.position = ""
    registration.institution = ""
    registration.email = f"dihapus-{registration.id}@anonim.invalid"
    registration.phone = ""
    registration.notes = ""
    registration.state_reason = ""
    registration.checkin_code = None
    registration.assignment_letter = None
    registration.anonymised_at = utcnow()
    record("registration.anonymised", registration, user=by)


def deletion_requests(event: Event) -> list[Registration]:
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.deletion_requested_at.is_not(None),
                Registration.anonymised_at.is_(None),
            )
            .order_by(Registration.deletion_requested_at)
        )
    )


def anonymise_event(event: Event, *, by=None) -> int:
    if event.status != "finished":
        raise ValueError(_("Hanya rapat yang sudah selesai yang dapat dianonimkan."))
    rows = db.session.scalars(
        select(Registration).where(Registration.event_id == event.id, Registration.anonymised_at.is_(None))
    ).all()
    identities = [Identity.of(registration) for registration in rows]
    for registration in rows:
        _anonymise_row(registration, by=by)
    erase_copies(event.id, identities)  # one pass over the meeting's mail, scans and audit for all
    event.anonymised_at = utcnow()
    record("event.anonymised", event, event_id=event.id, user=by, count=len(rows))
    db.session.commit()
    return len(rows)
