"""Registration rules: the one place where a registration is created or changes state.

Every decision that depends on the quota runs under a lock on the event row (an UPDATE of
`events.registration_serial`), which serialises concurrent registrations on PostgreSQL (row lock)
and on SQLite (the write lock), so a quota is never overrun.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from .. import mail
from ..audit import record
from ..checkin.codes import new_checkin_code, qr_text
from ..extensions import db
from ..models import AssignmentLetter, Delegation, Event, OutboxMessage, Registration, User, utcnow
from ..states import state_label
from ..transitions import check, transition
from ..uploads import check_pdf
from .validation import PERSON_FIELDS, RegistrationInvalid, clean_registration

# The explicit transition table: from-state -> states it may move to.
TRANSITIONS: dict[str, set[str]] = {
    "pending": {"approved", "rejected", "waitlisted", "cancelled"},
    "waitlisted": {"pending", "approved", "rejected", "cancelled"},
    "approved": {"cancelled"},
    "rejected": {"pending"},
    # A cancellation can be taken back (restore()): to the state a new registration would get now.
    "cancelled": {"pending", "approved", "waitlisted"},
}
HOLDS_PLACE = ("pending", "approved")  # states that count against a quota
# A personal link goes out again at most this often per registration (the secretariat's button excepted).
RESEND_INTERVAL = timedelta(minutes=15)


class RegistrationRefused(ValueError):
    """A registration or change the rules do not allow; the message is for the person."""

    def __init__(self, message: str, code: str = "refused"):
        super().__init__(message)
        self.code = code


class DuplicateRegistration(RegistrationRefused):
    def __init__(self, message: str, existing_id: int):
        super().__init__(message, "duplicate")
        self.existing_id = existing_id


@dataclass
class NewRegistration:
    values: dict[str, Any]
    letter: tuple[str, bytes] | None = None  # (filename, PDF bytes)
    extra: dict[str, Any] = field(default_factory=dict)


def _lock_event(event: Event) -> None:
    db.session.execute(
        update(Event)
        .where(Event.id == event.id)
        .values(registration_serial=Event.registration_serial + 1, updated_at=Event.updated_at)
    )


def _places_taken(event: Event, delegation: Delegation | None = None) -> int:
    query = select(func.count(Registration.id)).where(
        Registration.event_id == event.id, Registration.state.in_(HOLDS_PLACE)
    )
    if delegation is not None:
        query = query.where(Registration.delegation_id == delegation.id)
    return db.session.scalar(query) or 0


def has_place(event: Event, delegation: Delegation) -> bool:
    """Call under _lock_event."""
    if delegation.quota is not None and _places_taken(event, delegation) >= delegation.quota:
        return False
    if event.quota is not None and _places_taken(event) >= event.quota:
        return False
    return True


def delegation_choices(event: Event) -> dict[int, Delegation]:
    return {d.id: d for d in event.delegations}


def _find_duplicate(event: Event, values: dict[str, Any]) -> Registration | None:
    conditions = [Registration.email == values["email"]]
    if values.get("nip"):
        conditions.append(Registration.nip == values["nip"])
    return db.session.scalar(select(Registration).where(Registration.event_id == event.id, or_(*conditions)))


def _link_mails(since: datetime) -> Select[tuple[int]]:
    """Outbox rows that carried a personal link (every registration mail but the cancellation).
    Counting the outbox, not a column: the rows are written in the same transaction anyway,
    and they also hold the mail that went out at registration."""
    return select(func.count(OutboxMessage.id)).where(*_carries_link(), OutboxMessage.created_at >= since)


def _carries_link() -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return OutboxMessage.kind.like("registration.%"), OutboxMessage.kind != "registration.cancelled"


def link_mail_id(registration_id: int) -> int | None:
    """The newest mail that carried this registration's personal link: what the "done" page reports on
    (for a duplicate whose link was re-sent a moment ago and not again, that earlier mail)."""
    return db.session.scalar(
        select(OutboxMessage.id)
        .where(*_carries_link(), OutboxMessage.registration_id == registration_id)
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )


def may_resend_link(registration: Registration) -> bool:
    """False when the link went to this registration within RESEND_INTERVAL, or when its address
    already got RECIPIENT_LINK_MAILS_PER_HOUR link mails (the same address in several meetings)."""
    now = utcnow()
    if db.session.scalar(_link_mails(now - RESEND_INTERVAL).where(OutboxMessage.registration_id == registration.id)):
        return False
    per_hour: int = current_app.config["RECIPIENT_LINK_MAILS_PER_HOUR"]
    sent = db.session.scalar(
        _link_mails(now - timedelta(hours=1)).where(OutboxMessage.to_address == registration.email)
    )
    return (sent or 0) < per_hour  # a count: never None


def _resend_link(existing: Registration) -> None:
    """Call under _lock_event (so fifty requests at once re-send once). No commit."""
    if may_resend_link(existing):
        mail.queue(
            "registration.link_resent", existing.email, "link_resent", event=existing.event, registration=existing
        )
        record("registration.link_resent", existing)


def _on_duplicate(
    event: Event, values: dict[str, Any], existing: Registration, *, by: User | None, resend: bool
) -> RegistrationRefused:
    """The refusal to raise for a duplicate, after re-sending the existing person's link.

    To anyone but the secretariat, a duplicate must look like a new registration (no oracle for
    "is this NIP registered?"): so when a new one would be refused for a full quota, so is this."""
    if not resend:
        return _duplicate_refusal(existing)
    _lock_event(event)
    _resend_link(existing)
    refusal: RegistrationRefused = _duplicate_refusal(existing)
    if not _is_staff(by, event):
        try:
            _decide_state(event, values["delegation"], approve=False)
        except RegistrationRefused as exc:
            refusal = exc
    db.session.commit()
    return refusal


def _duplicate_refusal(existing: Registration) -> DuplicateRegistration:
    return DuplicateRegistration(
        _(
            "NIP atau email ini sudah terdaftar pada rapat ini. Tautan pribadi pendaftaran tersebut "
            "telah dikirim ulang ke email yang terdaftar."
        ),
        existing.id,
    )


def problems(event: Event, values: dict[str, Any], letter: tuple[str, bytes] | None = None) -> dict[str, str]:
    """Every field error, without registering (to show them all when the form failed elsewhere)."""
    fields: dict[str, str] = {}
    try:
        clean_registration(values, delegation_choices(event))
    except RegistrationInvalid as exc:
        fields.update(exc.fields)
    if letter is not None:
        try:
            check_pdf(letter[1])
        except ValueError as exc:
            fields["assignment_letter"] = str(exc)
    return fields


def _decide_state(event: Event, delegation: Delegation, *, approve: bool) -> str:
    """Call under _lock_event: the state a new registration gets from the quota and the event's rules."""
    if has_place(event, delegation):
        return "approved" if approve or event.approval_mode == "auto" else "pending"
    if event.over_quota == "waitlist":
        return "waitlisted"
    raise RegistrationRefused(_("Kuota %(name)s sudah penuh.", name=delegation.name), "quota_full")


def _create(
    event: Event,
    values: dict[str, Any],
    *,
    source: str,
    by: User | None,
    approve: bool,
    letter: tuple[str, bytes] | None = None,
) -> Registration:
    """Insert one registration under the event lock: state, audit row, email. No commit."""
    state = _decide_state(event, values["delegation"], approve=approve)
    registration = Registration(event=event, source=source, state=state, **values)
    if state == "approved":
        registration.checkin_code = new_checkin_code()
    if letter is not None:
        filename, data = letter
        registration.assignment_letter = AssignmentLetter(
            filename=filename[:200] or "surat-tugas.pdf", size=len(data), data=data
        )
    db.session.add(registration)
    db.session.flush()
    record("registration.create", registration, user=by, to_state=state, source=source)
    _notify(registration, state)
    return registration


def _is_staff(user: User | None, event: Event) -> bool:
    return user is not None and user.has_event_role(event, "sekretariat")


def register(
    event: Event,
    new: NewRegistration,
    *,
    source: str,
    by: User | None = None,
    now: datetime | None = None,
    resend_on_duplicate: bool = True,
    approve: bool = False,
) -> Registration:
    """Create one registration: validate, refuse duplicates, decide the state by quota, write the
    audit row and the email, commit. Raises RegistrationInvalid or RegistrationRefused."""
    if not _is_staff(by, event) and not event.registration_is_open(now):
        raise RegistrationRefused(_("Pendaftaran untuk rapat ini tidak sedang dibuka."), "registration_closed")
    values = clean_registration(new.values, delegation_choices(event))
    if new.letter is not None:
        try:
            check_pdf(new.letter[1])
        except ValueError as exc:
            raise RegistrationInvalid({"assignment_letter": str(exc)}) from None

    existing = _find_duplicate(event, values)
    if existing is not None:
        raise _on_duplicate(event, values, existing, by=by, resend=resend_on_duplicate)

    _lock_event(event)
    try:
        registration = _create(
            event, values, source=source, by=by, approve=approve and _is_staff(by, event), letter=new.letter
        )
    except RegistrationRefused:
        db.session.rollback()
        raise
    except IntegrityError:
        # Another request registered the same NIP/email between our check and our insert.
        db.session.rollback()
        existing = _find_duplicate(event, values)
        if existing is None:
            raise
        raise _on_duplicate(event, values, existing, by=by, resend=resend_on_duplicate) from None
    db.session.commit()
    return registration


@dataclass
class TeamResult:
    created: list[Registration] = field(default_factory=list)
    errors: dict[int, dict[str, str]] = field(default_factory=dict)

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for registration in self.created:
            counts[registration.state] = counts.get(registration.state, 0) + 1
        return ", ".join(f"{n} {state_label(state)}" for state, n in counts.items())


def register_team(
    event: Event, delegation: Delegation, rows: list[tuple[int, dict[str, Any]]], *, institution: str, by: User | None
) -> TeamResult:
    """A delegation contact's team: every row valid and new, then all saved in one transaction."""
    result = TeamResult()
    if not _is_staff(by, event) and not event.registration_is_open():
        result.errors[rows[0][0]] = {"full_name": _("Pendaftaran untuk rapat ini tidak sedang dibuka.")}
        return result
    cleaned: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for index, row in rows:
        data = {**row, "delegation": delegation.id, "institution": row.get("institution") or institution}
        try:
            values = clean_registration(data, delegation_choices(event))
        except RegistrationInvalid as exc:
            result.errors[index] = exc.fields
            continue
        problems: dict[str, str] = {}
        for key in ("email", "nip"):
            value = values.get(key)
            if value and value in seen:
                problems[key] = _("Sama dengan baris %(n)d.", n=seen[value] + 1)
            elif value:
                seen[value] = index
        existing = _find_duplicate(event, values)
        if existing is not None:
            key = "email" if existing.email == values["email"] else "nip"
            if existing.delegation_id == delegation.id or _is_staff(by, event):
                problems[key] = _("Sudah terdaftar pada rapat ini (%(name)s).", name=existing.full_name)
            else:  # another delegation's member: a contact learns no name from typing a NIP
                problems[key] = _("Sudah terdaftar pada rapat ini.")
        if problems:
            result.errors[index] = problems
        cleaned.append(values)
    if result.errors:
        return result
    _lock_event(event)
    try:
        for values in cleaned:
            result.created.append(_create(event, values, source="contact", by=by, approve=False))
    except RegistrationRefused as exc:
        db.session.rollback()
        result.created = []
        result.errors[rows[0][0]] = {"full_name": str(exc)}
        return result
    except IntegrityError:
        db.session.rollback()
        result.created = []
        result.errors[rows[0][0]] = {
            "email": _("Sebagian anggota baru saja didaftarkan orang lain; muat ulang daftar.")
        }
        return result
    db.session.commit()
    return result


def resend_link(registration: Registration, *, by: User | None = None) -> bool:
    """The secretariat's button always sends; a delegation contact's at most once per RESEND_INTERVAL
    (False: not sent)."""
    if not _is_staff(by, registration.event):
        _lock_event(registration.event)
        if not may_resend_link(registration):
            db.session.rollback()
            return False
    mail.queue(
        "registration.link_resent", registration.email, "link_sent", event=registration.event, registration=registration
    )
    record("registration.link_sent", registration, user=by)
    db.session.commit()
    return True


def allowed_transitions(registration: Registration) -> set[str]:
    return TRANSITIONS[registration.state]


def _invalid_transition(from_state: str, to_state: str) -> RegistrationRefused:
    return RegistrationRefused(
        _("Status %(a)s tidak dapat diubah menjadi %(b)s.", a=state_label(from_state), b=state_label(to_state)),
        "invalid_transition",
    )


def change_state(
    registration: Registration, to_state: str, *, by: User | None = None, reason: str = "", commit: bool = True
) -> Registration:
    """Move a registration along the transition table, with quota, audit row, email and promotion."""
    from_state = registration.state
    check(TRANSITIONS, from_state, to_state, _invalid_transition)
    if from_state == "cancelled" and registration.anonymised_at:
        raise RegistrationRefused(
            _("Data pribadi pendaftaran ini sudah dihapus; pendaftaran tidak dapat dipulihkan."), "anonymised"
        )
    if to_state == "rejected" and not reason.strip():
        raise RegistrationRefused(_("Alasan penolakan wajib diisi."), "reason_required")
    event = registration.event
    _lock_event(event)
    if to_state in HOLDS_PLACE and from_state not in HOLDS_PLACE and not has_place(event, registration.delegation):
        if commit:  # otherwise the caller's transaction (a bulk change) goes on with the other rows
            db.session.rollback()
        raise RegistrationRefused(_("Kuota %(name)s sudah penuh.", name=registration.delegation.name), "quota_full")
    transition(
        registration,
        to_state,
        TRANSITIONS,
        by=by,
        audit_action="registration.state",
        refuse=_invalid_transition,
        reason=reason.strip(),
    )
    registration.state_reason = reason.strip()
    if to_state == "approved" and not registration.checkin_code:
        registration.checkin_code = new_checkin_code()
    _notify(registration, to_state, from_state=from_state)
    if from_state in HOLDS_PLACE and to_state not in HOLDS_PLACE:
        promote_waiting(event, by=by)
    if commit:
        db.session.commit()
    return registration


BULK_ACTIONS = {"approve": "approved", "reject": "rejected", "cancel": "cancelled", "waitlist": "waitlisted"}


@dataclass
class BulkResult:
    done: int = 0
    refused: list[tuple[Registration, str]] = field(default_factory=list)


def change_states(
    event: Event, registration_ids: list[int], to_state: str, *, by: User | None = None, reason: str = ""
) -> BulkResult:
    """The secretariat's bulk decision: each registration through change_state, first registered first
    (so quota places go in order), all in one transaction; the ones the rules refuse stay as they were
    and are reported with the reason."""
    if to_state == "rejected" and not reason.strip():
        raise RegistrationRefused(_("Alasan penolakan wajib diisi."), "reason_required")
    result = BulkResult()
    rows = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.id.in_(registration_ids))
        .order_by(Registration.created_at, Registration.id)
    ).all()
    for registration in rows:
        try:
            change_state(registration, to_state, by=by, reason=reason, commit=False)
            result.done += 1
        except RegistrationRefused as exc:
            result.refused.append((registration, str(exc)))
    db.session.commit()
    return result


def promote_waiting(event: Event, *, by: User | None = None) -> list[Registration]:
    """Give freed places to the waiting list, first come first served. Call under _lock_event."""
    promoted: list[Registration] = []
    waiting = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.state == "waitlisted")
        .order_by(Registration.created_at, Registration.id)
    ).all()
    for registration in waiting:
        db.session.flush()  # so the counts see earlier promotions
        if not has_place(event, registration.delegation):
            continue
        to_state = "approved" if event.approval_mode == "auto" else "pending"
        transition(
            registration, to_state, TRANSITIONS, by=by, audit_action="registration.promote", refuse=_invalid_transition
        )
        if to_state == "approved" and not registration.checkin_code:
            registration.checkin_code = new_checkin_code()
        _notify(registration, to_state, from_state="waitlisted")
        promoted.append(registration)
    return promoted


def fill_freed_places(event: Event, *, by: User | None = None) -> list[Registration]:
    """After a quota was raised: promote from the waiting list and commit."""
    _lock_event(event)
    promoted = promote_waiting(event, by=by)
    db.session.commit()
    return promoted


def reissue_checkin_code(registration: Registration, *, by: User | None = None) -> str:
    if registration.state != "approved":
        raise RegistrationRefused(_("Kode daftar ulang hanya untuk pendaftaran yang disetujui."))
    registration.checkin_code = new_checkin_code()
    record("registration.checkin_code_reissued", registration, user=by)
    mail.queue(
        "registration.code_reissued",
        registration.email,
        "code_reissued",
        event=registration.event,
        registration=registration,
        attachments=approval_attachments(registration),
    )
    db.session.commit()
    return registration.checkin_code


# Changed by the secretariat only: a participant who could set them through the personal link could
# learn whether a NIP is registered for the meeting ("sudah dipakai"), as with the email (email_change).
SECRETARIAT_ONLY = ("asn_status", "nip")


@dataclass(frozen=True)
class DetailsSaved:
    registration: Registration
    email_pending: str | None = None  # the new address a confirmation link was mailed to


def update_details(
    registration: Registration, data: dict[str, Any], *, by: User | None = None, now: datetime | None = None
) -> DetailsSaved:
    """Edit a registration's personal details (not its delegation's quota place or state). The
    participant's own new email is only mailed a confirmation link (email_change)."""
    from .email_change import request_change

    staff = _is_staff(by, registration.event)
    if not staff and not registration.event.edits_allowed(now):
        raise RegistrationRefused(_("Batas waktu perubahan data sudah lewat. Hubungi sekretariat."), "edit_closed")
    if registration.state == "cancelled" or registration.anonymised_at:
        raise RegistrationRefused(_("Pendaftaran ini sudah dibatalkan."), "cancelled")
    merged = {key: getattr(registration, key) for key in PERSON_FIELDS}
    merged.update({k: v for k, v in data.items() if k in merged})
    merged["delegation"] = (
        registration.delegation_id if not staff else data.get("delegation", registration.delegation_id)
    )
    if not staff:
        merged["role"] = registration.role  # the role in the meeting is the secretariat's decision
        merged.update({key: getattr(registration, key) for key in SECRETARIAT_ONLY})
    values = clean_registration(merged, delegation_choices(registration.event))
    event = registration.event
    email_pending = None
    if not staff and values["email"] != registration.email:
        email_pending, values["email"] = values["email"], registration.email
    for key in ("email", "nip"):
        if values.get(key) and values[key] != getattr(registration, key):
            clash = db.session.scalar(
                select(Registration.id).where(
                    Registration.event_id == event.id,
                    getattr(Registration, key) == values[key],
                    Registration.id != registration.id,
                )
            )
            if clash:
                raise RegistrationInvalid({key: _("Sudah dipakai pendaftaran lain pada rapat ini.")})
    moved = values["delegation"].id != registration.delegation_id
    if moved and registration.state in HOLDS_PLACE:
        _lock_event(event)
        if not has_place(event, values["delegation"]):
            db.session.rollback()
            raise RegistrationInvalid({"delegation": _("Kuota %(name)s sudah penuh.", name=values["delegation"].name)})
    changed = sorted(k for k, v in values.items() if getattr(registration, k) != v)
    for key, value in values.items():
        setattr(registration, key, value)
    record("registration.update", registration, user=by, fields=changed)
    if email_pending:
        request_change(registration, email_pending)
    if moved and registration.state in HOLDS_PLACE:
        promote_waiting(event, by=by)
    db.session.commit()
    return DetailsSaved(registration, email_pending)


def may_restore(registration: Registration, *, by: User | None = None, now: datetime | None = None) -> bool:
    """Whether `by` may take this cancellation back now: the secretariat always, anyone else (a delegation
    contact) until registration closes."""
    if registration.state != "cancelled" or registration.anonymised_at:
        return False
    return _is_staff(by, registration.event) or registration.event.registration_is_open(now)


def restore(registration: Registration, *, by: User | None = None, now: datetime | None = None) -> Registration:
    """Take back a cancellation (a contact's tap on "Batalkan" by mistake) through the transition table:
    the registration gets the state a new one would get now — its place if the quota has one, else the
    waiting list, else a refusal — with the audit row and the email."""
    if registration.state != "cancelled":
        raise RegistrationRefused(_("Hanya pendaftaran yang dibatalkan yang dapat dipulihkan."), "not_cancelled")
    if not may_restore(registration, by=by, now=now) and not registration.anonymised_at:
        raise RegistrationRefused(
            _("Pendaftaran sudah ditutup; pembatalan tidak dapat diurungkan lagi. Hubungi sekretariat."),
            "restore_closed",
        )
    event = registration.event
    _lock_event(event)
    to_state = _decide_state(event, registration.delegation, approve=False)
    return change_state(
        registration, to_state, by=by, reason=_("Dipulihkan oleh kontak delegasi.") if not _is_staff(by, event) else ""
    )


def cancel_by_participant(registration: Registration) -> Registration:
    if registration.state == "cancelled":
        raise RegistrationRefused(_("Pendaftaran ini sudah dibatalkan."), "cancelled")
    return change_state(registration, "cancelled", reason=_("Dibatalkan oleh peserta."))


def _notify(registration: Registration, state: str, from_state: str | None = None) -> None:
    """The email that goes with each state, queued in the same transaction."""
    template = {
        "pending": "received",
        "approved": "approved",
        "rejected": "rejected",
        "waitlisted": "waitlisted",
        "cancelled": "cancelled",
    }[state]
    if from_state == "waitlisted" and state in HOLDS_PLACE:
        template = "promoted" if state == "pending" else "approved"
    attachments = approval_attachments(registration) if state == "approved" else ()
    mail.queue(
        f"registration.{template}",
        registration.email,
        template,
        event=registration.event,
        registration=registration,
        attachments=attachments,
        promoted=from_state == "waitlisted",
    )


def badge_file(
    registrations: list[Registration],
    event: Event,
    *,
    layout: str = "sheet",
    fmt: str = "pdf",
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The tanda peserta of `registrations` as one PDF, or as a DOCX of the sheet (raker.exports' "badges")."""
    if fmt == "docx":
        from ..documents.docx_cards import badges_docx

        return badges_docx(registrations, event=event, qr_text_for=qr_text)
    from ..pdf.badge import badge_pdf

    return badge_pdf(registrations, event=event, qr_text_for=qr_text, layout=layout, progress=progress)


def qr_image(registration: Registration, *, box_size: int = 10) -> bytes:
    """The check-in QR code as a PNG (the personal link's image, the approval mail's attachment)."""
    from ..pdf.qr import qr_png

    return qr_png(qr_text(registration), box_size=box_size)


def approval_attachments(registration: Registration) -> list[mail.Attachment]:
    """QR image, badge PDF and the agenda as ICS, as promised in the approval email: named here, rendered
    when the mail is sent (raker/outbox/attachments.py), not inside the meeting-row lock."""
    db.session.flush()  # the message names the registration by its id
    return [
        mail.Attachment("kode-qr.png", "image/png", render="qr"),
        mail.Attachment("tanda-peserta.pdf", "application/pdf", render="badge"),
        mail.Attachment("susunan-acara.ics", "text/calendar", render="agenda"),
    ]
