"""Erasure under UU PDP: when a registration is anonymised, every copy of the person's data the app
made elsewhere goes too — mail (bodies, subjects, recipients, attachments), stored scan answers,
audit details, the agenda's copy of a speaker, forgotten import uploads, the signature.

Copies are found two ways: rows that point at the registration are cleared field by field (that
catches a name or an email that was changed since the copy was made), and the other texts of the
meeting (mail to others, audit details) have the person's identifiers (name, email, NIP, phone, in
the spellings they are written in) replaced. Notulen store a head count, not names ("N orang (daftar hadir terlampir)"); the daftar
hadir is drawn from the registrations, so it shows "(data dihapus)" without further work."""

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import delete, or_, select

from ..extensions import db
from ..models import (
    AgendaSession,
    AgendaVersion,
    AuditLog,
    Availability,
    BeritaAcaraSignature,
    CheckIn,
    ImportUpload,
    OutboxAttachment,
    OutboxMessage,
    Registration,
    Scan,
    SessionPerson,
)

# Keys under which a copy keeps a person's details (scan answers, audit details, agenda snapshots).
PERSONAL_KEYS = frozenset(
    {
        "name",
        "full_name",
        "nama",
        "nama_lengkap",
        "person_name",
        "nip",
        "email",
        "phone",
        "nomor_ponsel",
        "position",
        "jabatan",
        "institution",
        "instansi",
        "to",
        "to_address",
    }
)
UNSENT = ("pending", "failed")


WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Identity:
    """What identifies one person, read before the registration is overwritten."""

    registration_id: int
    name: str
    email: str
    nip: str
    phone: str

    @classmethod
    def of(cls, registration: Registration) -> "Identity":
        return cls(
            registration.id,
            registration.full_name or "",
            (registration.email or "").lower(),
            registration.nip or "",
            registration.phone or "",
        )

    def pattern(self) -> str | None:
        """One regular expression for every spelling a copy may carry."""
        found = []
        # The name without the academic degrees after the comma ("Budi Santoso, S.Sos."): a copy may
        # carry it with other degrees, in capitals, or wrapped over two lines.
        core = self.name.split(",")[0].strip()
        if len(core) >= 3:
            found.append(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in core.split()) + r"(?!\w)")
        if self.email:
            found.append(re.escape(self.email))
        if self.nip:
            # As stored, or grouped as printed: "19860926 201505 1 001".
            nip = self.nip
            found.append(rf"(?<!\w){nip[:8]}\s?{nip[8:14]}\s?{nip[14:15]}\s?{nip[15:]}(?!\w)")
        national = self.phone.removeprefix("+62")
        if len(national) >= 8:
            # Copies carry the stored +62…; 0… and 62… for text someone typed.
            found.append(rf"(?<!\w)\+?(?:62|0){re.escape(national)}(?!\w)")
        return "|".join(f"(?:{p})" for p in found) or None

    def anchors(self) -> set[str]:
        """Words of which at least one is in any text the pattern matches (a cheap first test)."""
        words = set(WORD.findall(self.name.split(",")[0].lower())[:1])
        if self.nip:
            words |= {self.nip[:8], self.nip[:14], self.nip[:15], self.nip}
        national = self.phone.removeprefix("+62")
        if len(national) >= 8:
            words |= {"62" + national, "0" + national}
        return words


class Redactor:
    """Replaces the identifiers of a set of people in text and in JSON values. A text is first
    looked up by its words (and the emails as substrings), so a meeting of hundreds is erased in
    one pass without one huge expression; each person's expression is compiled when first needed."""

    def __init__(self, people: list[Identity]):
        self.people = people
        self.by_word: dict[str, list[int]] = {}
        for index, person in enumerate(people):
            for word in person.anchors():
                self.by_word.setdefault(word, []).append(index)
        self.emails = [(person.email, index) for index, person in enumerate(people) if person.email]
        self.compiled: dict[int, re.Pattern | None] = {}
        self.placeholder = _("(data dihapus)")

    def _patterns(self, value: str) -> list[re.Pattern]:
        lowered = value.lower()
        hit = {index for word in set(WORD.findall(lowered)) for index in self.by_word.get(word, ())}
        hit |= {index for email, index in self.emails if email in lowered}
        patterns = []
        for index in sorted(hit):
            if index not in self.compiled:
                source = self.people[index].pattern()
                self.compiled[index] = re.compile(source, re.IGNORECASE) if source else None
            compiled = self.compiled[index]
            if compiled is not None:
                patterns.append(compiled)
        return patterns

    def text(self, value: str) -> str:
        if not value:
            return value
        for pattern in self._patterns(value):
            value = pattern.sub(self.placeholder, value)
        return value

    def found_in(self, value: str) -> bool:
        return bool(value) and any(p.search(value) for p in self._patterns(value))

    def found_in_cell(self, value: str) -> bool:
        """A cell of an uploaded sheet, where a number may be typed with any spaces or dashes."""
        digits = re.sub(r"[\s.\-()]", "", value)
        return self.found_in(value) or (digits != value and self.found_in(digits))

    def json(self, value, *, personal: bool = False):
        """A redacted copy; with personal=True (a copy about the erased person) the values under
        PERSONAL_KEYS are dropped whatever they say — an old email, a before/after pair."""
        if isinstance(value, dict):
            return {
                k: (
                    self.placeholder
                    if personal and k in PERSONAL_KEYS and v not in (None, "", [], {})
                    else self.json(v, personal=personal)
                )
                for k, v in value.items()
            }
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
    _erase_scans(ids, redactor)
    _erase_checkins(ids, redactor)
    _erase_audit(event_id, ids, redactor)
    _erase_agenda(event_id, ids, redactor.placeholder)
    _erase_uploads(redactor)


def _erase_mail(event_id: int, ids: set[int], emails: set[str], redactor: Redactor) -> None:
    """Mail to them (about their registration, or to their address, e.g. a speaker's sessions)."""
    messages = db.session.scalars(
        select(OutboxMessage).where(or_(OutboxMessage.event_id == event_id, OutboxMessage.registration_id.in_(ids)))
    ).all()
    personal = [m for m in messages if m.registration_id in ids or m.to_address.lower() in emails]
    for start in range(0, len(personal), 500):
        # The attachments (badge PDF, QR code) in one statement, without loading them.
        db.session.execute(
            delete(OutboxAttachment).where(
                OutboxAttachment.message_id.in_([m.id for m in personal[start : start + 500]])
            )
        )
    chosen = {m.id for m in personal}
    for message in messages:
        if message.id in chosen:
            # The body and the address are the person's data; the row stays as the record that a
            # mail was (or would have been) sent.
            db.session.expire(message, ["attachments"])
            message.to_address = ""
            message.subject = redactor.text(message.subject)
            message.body_text = ""
            if message.status in UNSENT:
                message.status = "cancelled"
                message.last_error = _("Dibatalkan: data pribadi penerima telah dihapus.")
        else:
            # Mail to someone else that names them: only the mention goes.
            message.subject = redactor.text(message.subject)
            message.body_text = redactor.text(message.body_text)
    # Attachments of mail to others (the delegations' invitation letters) name no participant.


def _erase_scans(ids: set[int], redactor: Redactor) -> None:
    for scan in db.session.scalars(select(Scan).where(Scan.registration_id.in_(ids))):
        scan.response = redactor.json(scan.response or {}, personal=True)


def _erase_checkins(ids: set[int], redactor: Redactor) -> None:
    # The check-in stays (it counts for the SPJ); signed_at keeps the fact that a signature was given.
    for checkin in db.session.scalars(select(CheckIn).where(CheckIn.registration_id.in_(ids))):
        checkin.signature_png = None
        checkin.undo_reason = redactor.text(checkin.undo_reason)
    # A signature on the berita acara is theirs too: gone (the delegation's row prints a blank line again).
    db.session.execute(delete(BeritaAcaraSignature).where(BeritaAcaraSignature.registration_id.in_(ids)))


def _erase_audit(event_id: int, ids: set[int], redactor: Redactor) -> None:
    about_them = (AuditLog.object_type == "Registration") & AuditLog.object_id.in_(ids)
    for row in db.session.scalars(select(AuditLog).where(or_(AuditLog.event_id == event_id, about_them))):
        personal = row.object_type == "Registration" and row.object_id in ids
        details = redactor.json(row.details or {}, personal=personal)
        if details != row.details:
            row.details = details


def _erase_agenda(event_id: int, ids: set[int], placeholder: str) -> None:
    for person in db.session.scalars(
        select(SessionPerson).join(AgendaSession).where(SessionPerson.registration_id.in_(ids))
    ):
        person.name, person.position, person.institution, person.email = placeholder, "", "", ""
    keys = {f"r:{i}" for i in ids}
    for window in db.session.scalars(
        select(Availability).where(Availability.event_id == event_id, Availability.person_key.in_(keys))
    ):
        window.person_name = placeholder
    # Published versions hold the speaker as the live agenda now does (so the next publish sees no
    # change); titles and descriptions are the meeting's record, not a copy of the person.
    for version in db.session.scalars(select(AgendaVersion).where(AgendaVersion.event_id == event_id)):
        if any(p.get("registration_id") in ids for item in version.snapshot for p in item.get("people", [])):
            version.snapshot = [
                {
                    **item,
                    "people": [
                        {**p, "name": placeholder, "position": "", "institution": ""}
                        if p.get("registration_id") in ids
                        else p
                        for p in item.get("people", [])
                    ],
                }
                for item in version.snapshot
            ]


def _erase_uploads(redactor: Redactor) -> None:
    """An import file waiting for its column mapping that holds the person's row is dropped, for any
    meeting (e.g. this meeting's export uploaded into the next one): the secretariat uploads it again
    if needed, and the erased row must not come back through it. Uploads are few: an import deletes
    its file, and retention deletes forgotten ones."""
    from .imports import ImportFileError, read_table

    for upload in db.session.scalars(select(ImportUpload)):
        try:
            table = read_table(upload.filename, upload.data)
        except ImportFileError:
            db.session.delete(upload)  # unreadable: it can neither be imported nor checked
            continue
        if any(redactor.found_in_cell(cell) for row in [table.headers, *table.rows] for cell in row):
            db.session.delete(upload)
