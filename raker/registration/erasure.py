"""Erasure under UU PDP: when a registration is anonymised, every copy of the person's data the app
made elsewhere goes too — mail (bodies, subjects, recipients, attachments), stored scan answers,
audit details, the agenda's copy of a speaker, forgotten import uploads, the signature.

Copies are found two ways: rows that point at the registration are cleared field by field (that
catches a name that was changed since the copy was made), and the texts of the meeting's other rows
have the person's identifiers (name, email, NIP, phone, in the spellings they are written in)
replaced. Notulen store a head count, not names ("N orang (daftar hadir terlampir)"); the daftar
hadir is drawn from the registrations, so it shows "(data dihapus)" without further work."""
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import or_, select

from ..extensions import db
from ..models import (AgendaSession, AgendaVersion, AuditLog, Availability, CheckIn, ImportUpload, OutboxMessage,
                      Registration, Scan, SessionPerson)

# Keys under which a copy keeps a person's details (scan answers, audit details, agenda snapshots).
PERSONAL_KEYS = frozenset({"name", "full_name", "nama", "nama_lengkap", "person_name", "nip", "email", "phone",
                           "nomor_ponsel", "position", "jabatan", "institution", "instansi", "to", "to_address"})
UNSENT = ("pending", "failed")


@dataclass(frozen=True)
class Identity:
    """What identifies one person, read before the registration is overwritten."""

    registration_id: int
    event_id: int
    name: str
    email: str
    nip: str
    phone: str

    @classmethod
    def of(cls, registration: Registration) -> "Identity":
        return cls(registration.id, registration.event_id, registration.full_name or "", registration.email or "",
                   registration.nip or "", registration.phone or "")

    def patterns(self) -> list[str]:
        found = []
        # The name without the academic degrees after the comma ("Budi Santoso, S.Sos."): a copy may
        # carry it with other degrees, in capitals, or wrapped over two lines.
        core = self.name.split(",")[0].strip()
        words = core.split()
        if len(core) >= 3 and words:
            found.append(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")
        if self.email:
            found.append(re.escape(self.email))
        if self.nip:
            # 18 digits, written together or grouped "19860926 201505 1 001".
            found.append(r"(?<!\d)" + r"[\s.\-]?".join(self.nip) + r"(?!\d)")
        national = self.phone.removeprefix("+62")
        if len(national) >= 8:
            # +62 812…, 0812…, 62812…, with spaces or dashes anywhere.
            found.append(r"(?<!\d)(?:\+?62|0)?[\s.\-]?" + r"[\s.\-]?".join(national) + r"(?!\d)")
        return found


class Redactor:
    """Replaces the identifiers of a set of people in text and in JSON values."""

    def __init__(self, people: list[Identity]):
        patterns = [p for person in people for p in person.patterns()]
        self.pattern = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None
        self.placeholder = _("(data dihapus)")

    def text(self, value: str) -> str:
        if self.pattern is None or not value:
            return value
        return self.pattern.sub(self.placeholder, value)

    def found_in(self, value: str) -> bool:
        return bool(self.pattern and value and self.pattern.search(value))

    def json(self, value, *, personal: bool = False):
        """A redacted copy; with personal=True (a copy about the erased person) the values under
        PERSONAL_KEYS are dropped whatever they say."""
        if isinstance(value, dict):
            return {k: (self.placeholder if personal and k in PERSONAL_KEYS and isinstance(v, str) and v
                        else self.json(v, personal=personal)) for k, v in value.items()}
        if isinstance(value, list):
            return [self.json(v, personal=personal) for v in value]
        if isinstance(value, str):
            return self.text(value)
        return value


def erase_copies(event_id: int, people: list[Identity]) -> None:
    """Remove every copy of these people's data in the meeting's rows (in the caller's transaction)."""
    if not people:
        return
    db.session.flush()  # mail queued by the cancellation that comes with the erasure is erased too
    redactor = Redactor(people)
    ids = {p.registration_id for p in people}
    emails = {p.email.lower() for p in people if p.email}
    _erase_mail(event_id, ids, emails, redactor)
    _erase_scans(event_id, ids, redactor)
    _erase_checkins(ids, redactor)
    _erase_audit(event_id, ids, redactor)
    _erase_agenda(event_id, ids, redactor)
    _erase_uploads(event_id, redactor)


def _erase_mail(event_id: int, ids: set[int], emails: set[str], redactor: Redactor) -> None:
    """Mail to them (about their registration, or to their address, e.g. a speaker's sessions)."""
    for message in db.session.scalars(select(OutboxMessage).where(
            or_(OutboxMessage.event_id == event_id, OutboxMessage.registration_id.in_(ids)))):
        if message.registration_id in ids or message.to_address.lower() in emails:
            # The body, its attachments (badge PDF, QR) and the address are the person's data; the row
            # stays as the record that a mail was (or would have been) sent.
            message.to_address = ""
            message.subject = redactor.text(message.subject)
            message.body_text = ""
            message.attachments.clear()
            if message.status in UNSENT:
                message.status = "cancelled"
                message.last_error = _("Dibatalkan: data pribadi penerima telah dihapus.")
        else:
            # Mail to someone else that names them: only the mention goes.
            message.subject = redactor.text(message.subject)
            message.body_text = redactor.text(message.body_text)
    # Attachments of mail to others (the delegations' invitation letters) name no participant.


def _erase_scans(event_id: int, ids: set[int], redactor: Redactor) -> None:
    for scan in db.session.scalars(select(Scan).where(Scan.registration_id.in_(ids))):
        scan.response = redactor.json(scan.response or {}, personal=True)


def _erase_checkins(ids: set[int], redactor: Redactor) -> None:
    # The check-in stays (it counts for the SPJ); signed_at keeps the fact that a signature was given.
    for checkin in db.session.scalars(select(CheckIn).where(CheckIn.registration_id.in_(ids))):
        checkin.signature_png = None
        checkin.undo_reason = redactor.text(checkin.undo_reason)


def _erase_audit(event_id: int, ids: set[int], redactor: Redactor) -> None:
    about_them = (AuditLog.object_type == "Registration") & AuditLog.object_id.in_(ids)
    for row in db.session.scalars(select(AuditLog).where(or_(AuditLog.event_id == event_id, about_them))):
        personal = row.object_type == "Registration" and row.object_id in ids
        details = redactor.json(row.details or {}, personal=personal)
        if details != row.details:
            row.details = details


def _erase_agenda(event_id: int, ids: set[int], redactor: Redactor) -> None:
    placeholder = redactor.placeholder
    for person in db.session.scalars(select(SessionPerson).join(AgendaSession).where(
            SessionPerson.registration_id.in_(ids))):
        person.name, person.position, person.institution, person.email = placeholder, "", "", ""
    keys = {f"r:{i}" for i in ids}
    for window in db.session.scalars(select(Availability).where(Availability.event_id == event_id,
                                                                Availability.person_key.in_(keys))):
        window.person_name = placeholder
    for version in db.session.scalars(select(AgendaVersion).where(AgendaVersion.event_id == event_id)):
        snapshot = [{**item, "people": [redactor.json(p, personal=p.get("registration_id") in ids)
                                        for p in item.get("people", [])]} for item in version.snapshot]
        snapshot = redactor.json(snapshot)
        if snapshot != version.snapshot:
            version.snapshot = snapshot
        changes = redactor.json(version.changes or [])
        if changes != version.changes:
            version.changes = changes


def _erase_uploads(event_id: int, redactor: Redactor) -> None:
    """An import file waiting for its column mapping that holds the person's row is dropped (the
    secretariat uploads it again if needed; the erased row must not come back through it)."""
    from .exports import ImportFileError, read_table

    for upload in db.session.scalars(select(ImportUpload).where(ImportUpload.event_id == event_id)):
        try:
            table = read_table(upload.filename, upload.data)
        except ImportFileError:
            db.session.delete(upload)  # unreadable: it can neither be imported nor checked
            continue
        if any(redactor.found_in(cell) for row in [table.headers, *table.rows] for cell in row):
            db.session.delete(upload)
