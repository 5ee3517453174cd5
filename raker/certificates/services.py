"""Certificates (sertifikat): who qualifies, issuing with stable numbers, revoking, the public check.

Rules:
- The secretariat sets the hours of learning (JP), the signer, the number format and how many
  meeting days a person must have checked in (CheckIn rows not undone). Nothing is issued while the
  JP or the signer is missing.
- Approved registrations of any role qualify; a narasumber or moderator of a session that took
  place qualifies by speaking there, whatever the check-ins say.
- issue() numbers the new certificates in delegation order, then by name, after the highest number
  ever handed out for the event (CertificateSettings.last_sequence, under a row lock): running it
  again issues only the people who qualified since, and a number is never reused.
- Number, JP and role are fixed at issue. The signer, place and date are printed from the current
  settings. A revoked certificate is kept and its check page says so.
"""

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, and_, distinct, false, func, or_, select, true, update
from sqlalchemy.orm import selectinload

from .. import event_settings
from ..audit import record
from ..extensions import db
from ..invalid import SettingsInvalid
from ..letters import clean_rank_and_nip, printed_lines
from ..models import AgendaSession, CheckIn, Delegation, Event, Registration, SessionPerson, User, utcnow
from ..models.minutes import Certificate, CertificateSettings
from ..pagination import Pages
from ..reference.nip import format_nip
from ..session_roles import CEREMONIAL_KINDS
from ..signer import Signer

# The words printed after "sebagai" (documents are always in Indonesian).
ROLE_WORDS = {"peserta": "Peserta", "narasumber": "Narasumber", "moderator": "Moderator", "panitia": "Panitia"}
SPEAKER_ROLES = ("narasumber", "moderator")  # preferred in this order when someone was both
MAX_HOURS = 100
DEFAULT_PREFIX = "800/"
NUMBER_DIGITS = 3  # 001, 002 … (more digits when the count passes 999)
MAX_NUMBER_TEXT = 70  # prefix + suffix; the number column holds 80 characters
REASON_LIMIT = 500
TEXT_LIMITS = {"signer_position": 200, "signer_name": 200, "number_prefix": 60, "number_suffix": 60, "place": 120}


class CertificateRefused(ValueError):
    """An action the rules do not allow; the message is for the secretariat."""


# ---- settings -----------------------------------------------------------------------------------


def default_suffix(event: Event) -> str:
    return f"/SERT/BIRO-ORG/{event.start_date.year}"


def settings_for(event: Event) -> CertificateSettings:
    """The event's settings; unsaved defaults when the secretariat has not saved any yet."""
    settings = db.session.scalar(select(CertificateSettings).where(CertificateSettings.event_id == event.id))
    if settings is None:
        settings = CertificateSettings(
            event_id=event.id,
            hours=None,
            min_days=1,
            signer_position="",
            signer_name="",
            signer_rank=None,
            signer_nip=None,
            number_prefix=DEFAULT_PREFIX,
            number_suffix=default_suffix(event),
            place="",
            signed_on=None,
            last_sequence=0,
        )
    return settings


def clean_settings(event: Event, values: dict[str, Any]) -> dict[str, Any]:
    """The values as they will be stored, or SettingsInvalid naming every problem at once."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name, limit in TEXT_LIMITS.items():
        raw = str(values.get(name) or "")
        # The signer's jabatan keeps its printed lines ("a.n. SEKRETARIS DAERAH" over "ASISTEN …").
        text = "\n".join(printed_lines(raw)) if name == "signer_position" else " ".join(raw.split())
        if len(text) > limit:
            errors[name] = _("Terlalu panjang (maksimal %(max)d karakter).", max=limit)
        clean[name] = text
    if len(clean["number_prefix"]) + len(clean["number_suffix"]) > MAX_NUMBER_TEXT:
        errors["number_suffix"] = _(
            "Awalan dan akhiran nomor bersama-sama paling banyak %(max)d karakter.", max=MAX_NUMBER_TEXT
        )

    hours = values.get("hours")
    if hours in (None, ""):
        clean["hours"] = None
    elif not isinstance(hours, int) or not 1 <= hours <= MAX_HOURS:
        errors["hours"] = _("Jumlah jam pelajaran (JP) harus bilangan bulat 1–%(max)d.", max=MAX_HOURS)
    else:
        clean["hours"] = hours

    days = len(event.days)
    min_days = values.get("min_days")
    if min_days in (None, ""):
        clean["min_days"] = 1
    elif not isinstance(min_days, int) or not 1 <= min_days <= days:
        errors["min_days"] = _("Jumlah hari hadir harus 1–%(days)d (rapat ini %(days)d hari).", days=days)
    else:
        clean["min_days"] = min_days

    clean_rank_and_nip(values, "signer", clean, errors)

    signed_on = values.get("signed_on")
    if signed_on is not None and not isinstance(signed_on, date):
        errors["signed_on"] = _("Tanggal tidak sah.")
    clean["signed_on"] = signed_on
    if errors:
        raise SettingsInvalid(errors)
    return clean


def save_settings(event: Event, values: dict[str, Any], *, by: User | None = None) -> CertificateSettings:
    """Check and store the settings (all or nothing), with an audit row of what changed."""
    clean = clean_settings(event, values)
    stored: CertificateSettings = event_settings.store(event, settings_for, clean, by=by, action="certificate.settings")
    return stored


def missing_settings(settings: CertificateSettings) -> list[str]:
    """What must be set before issuing, as the secretariat would say it."""
    missing = []
    if not settings.hours:
        missing.append(_("jumlah jam pelajaran (JP)"))
    if not settings.signer_name:
        missing.append(_("nama penanda tangan"))
    if not settings.signer_position:
        missing.append(_("jabatan penanda tangan"))
    return missing


def number_for(settings: CertificateSettings, sequence: int) -> str:
    return f"{settings.number_prefix}{sequence:0{NUMBER_DIGITS}d}{settings.number_suffix}"


def required_days(event: Event, settings: CertificateSettings) -> int:
    """The attendance rule, never more than the meeting has days (its dates may have changed)."""
    return max(1, min(settings.min_days or 1, len(event.days)))


# ---- who qualifies ------------------------------------------------------------------------------


@dataclass
class Candidate:
    registration: Registration
    days: set[date] = field(default_factory=set)  # meeting days checked in (or speaking)
    speaker_role: str | None = None  # narasumber/moderator of a session that took place
    certificate: Certificate | None = None
    eligible: bool = False

    @property
    def days_present(self) -> int:
        return len(self.days)

    @property
    def role(self) -> str:
        """The role printed on the certificate: the agenda's narasumber/moderator first, then the
        registration's role; an invited guest (undangan) took part as a participant."""
        if self.speaker_role:
            return self.speaker_role
        return self.registration.role if self.registration.role in ROLE_WORDS else "peserta"


def _order_key(registration: Registration) -> tuple[int, int, str, int]:
    # Sorted here rather than in SQL, so both databases (and their collations) give the same numbers.
    delegation = registration.delegation
    return (delegation.position, delegation.id, registration.full_name.casefold(), registration.id)


def _checkin_days(event: Event, registration_ids: list[int] | None = None) -> dict[int, set[date]]:
    """registration id -> the meeting days checked in (not undone); of everyone, or of the ids given."""
    query = (
        select(CheckIn.registration_id, CheckIn.day)
        .where(
            CheckIn.undone_at.is_(None),
            CheckIn.day >= event.start_date,
            CheckIn.day <= event.end_date,
        )
        .distinct()
    )
    if registration_ids is not None:  # by the registration index, not all the meeting's check-ins
        query = query.where(CheckIn.registration_id.in_(registration_ids))
    else:
        query = query.where(CheckIn.event_id == event.id)
    days: dict[int, set[date]] = {}
    for registration_id, day in db.session.execute(query):
        days.setdefault(registration_id, set()).add(day)
    return days


def _speaking(event: Event) -> tuple[ColumnElement[bool], ...]:
    """The conditions on SessionPerson (joined to its AgendaSession) of a narasumber or moderator of a
    session of the event that was not cancelled. Who gives a sambutan or the laporan is no narasumber
    (session_roles): their certificate names their own role."""
    return (
        AgendaSession.event_id == event.id,
        AgendaSession.cancelled.is_(False),
        SessionPerson.role.in_(SPEAKER_ROLES),
        ~((SessionPerson.role == "narasumber") & AgendaSession.kind.in_(CEREMONIAL_KINDS)),
        SessionPerson.registration_id.is_not(None),
    )


def _speakers(event: Event, registration_ids: list[int] | None = None) -> dict[int, tuple[str, set[date]]]:
    """registration id -> (narasumber or moderator, the days of their sessions) for sessions not cancelled."""
    query = select(SessionPerson.registration_id, SessionPerson.role, AgendaSession.starts_at).join(
        AgendaSession, SessionPerson.session_id == AgendaSession.id
    )
    query = query.where(*_speaking(event))
    if registration_ids is not None:
        query = query.where(SessionPerson.registration_id.in_(registration_ids))
    speakers: dict[int, tuple[str, set[date]]] = {}
    for registration_id, role, starts_at in db.session.execute(query):
        known_role, days = speakers.get(registration_id, (role, set()))
        if SPEAKER_ROLES.index(role) < SPEAKER_ROLES.index(known_role):
            known_role = role
        days.add(starts_at.astimezone(event.tz).date())
        speakers[registration_id] = (known_role, days)
    return speakers


def _eligible_sql(event: Event, settings: CertificateSettings) -> ColumnElement[bool]:
    """THE rule of who qualifies, as a SQL condition on a Registration row (the one place it is
    written: the page's counts, its list and issue() all ask the database through it): approved, the
    data not deleted, and a narasumber or moderator of a session not cancelled, or checked in (not
    undone) on at least the required number of meeting days. Both lists are subqueries that do not
    depend on the row, so the database makes each once a statement (not once for each of 10,000 rows)."""
    attended = (
        select(CheckIn.registration_id)
        .where(
            CheckIn.event_id == event.id,
            CheckIn.undone_at.is_(None),
            CheckIn.day >= event.start_date,
            CheckIn.day <= event.end_date,
        )
        .group_by(CheckIn.registration_id)
        .having(func.count(distinct(CheckIn.day)) >= required_days(event, settings))
    )
    speakers = (
        select(SessionPerson.registration_id)
        .join(AgendaSession, SessionPerson.session_id == AgendaSession.id)
        .where(*_speaking(event))
    )
    return and_(
        Registration.state == "approved",
        Registration.anonymised_at.is_(None),
        or_(Registration.id.in_(speakers), Registration.id.in_(attended)),
    )


def _of_delegation(event: Event, delegation_id: int | None) -> ColumnElement[bool]:
    """The condition on Registration of the delegation filter: everyone (None), one delegation of the
    meeting, or nobody for any other id (never a query with an id too big for the column)."""
    if delegation_id is None:
        return true()
    if delegation_id not in {d.id for d in event.delegations}:
        return false()
    return Registration.delegation_id == delegation_id


def _listed(event: Event, delegation_id: int | None = None) -> Select[tuple[Registration]]:
    """Registration outer-joined to its certificate, limited to who the list shows: every approved
    registration and everyone who holds a certificate (of one delegation when delegation_id is given)."""
    return (
        select(Registration)
        .outerjoin(Certificate, (Certificate.registration_id == Registration.id) & (Certificate.event_id == event.id))
        .where(
            Registration.event_id == event.id,
            or_(Registration.state == "approved", Certificate.id.is_not(None)),
            _of_delegation(event, delegation_id),
        )
    )


def _candidates(
    event: Event, settings: CertificateSettings, query: Select[tuple[Registration]], registration_ids: list[int] | None
) -> list[Candidate]:
    """Candidates of the rows of `query` (from _listed) with their days, speaker role and the rule's answer."""
    rows = db.session.execute(
        query.add_columns(Certificate, _eligible_sql(event, settings).label("eligible")).options(
            selectinload(Registration.delegation)
        )
    ).all()
    checkins, speakers = _checkin_days(event, registration_ids), _speakers(event, registration_ids)
    out = []
    for registration, certificate, is_eligible in sorted(rows, key=lambda row: _order_key(row[0])):
        candidate = Candidate(
            registration,
            days=set(checkins.get(registration.id, ())),
            certificate=certificate,
            eligible=bool(is_eligible),
        )
        if registration.id in speakers:
            candidate.speaker_role, speaking_days = speakers[registration.id]
            candidate.days |= {d for d in speaking_days if event.start_date <= d <= event.end_date}
        out.append(candidate)
    return out


def candidates(event: Event, *, settings: CertificateSettings | None = None) -> list[Candidate]:
    """Every approved registration and everyone who already holds a certificate, in issue order,
    with their attendance and whether they qualify."""
    return _candidates(event, settings or settings_for(event), _listed(event), None)


def eligible(event: Event) -> list[Registration]:
    """Approved registrations that meet the attendance rule (certificate or not), in issue order."""
    return [c.registration for c in candidates(event) if c.eligible]


def counts(
    event: Event, *, settings: CertificateSettings | None = None, delegation_id: int | None = None
) -> dict[str, int]:
    """The page's figures, counted by the database in one statement: for the meeting, eligible, issued,
    revoked, not_eligible (approved, data not deleted, not qualifying) and to_issue (qualifying, no
    certificate yet); and `listed` and `listed_issued`, the rows the list shows and their valid
    certificates, of one delegation when delegation_id is given. The rows are grouped by delegation and
    what they are (a few dozen groups), so the rule is worked out once a row."""
    settings = settings or settings_for(event)
    kinds = (
        Registration.delegation_id,
        and_(Registration.state == "approved", Registration.anonymised_at.is_(None)),
        _eligible_sql(event, settings),
        Certificate.id.is_not(None),
        Certificate.revoked_at.is_not(None),
    )
    figures = dict.fromkeys(("eligible", "issued", "revoked", "not_eligible", "to_issue", "listed", "listed_issued"), 0)
    for group, active, is_eligible, certified, revoked, n in db.session.execute(
        _listed(event).with_only_columns(*kinds, func.count()).group_by(*kinds)
    ):
        valid = bool(certified and not revoked)
        shown = delegation_id is None or group == delegation_id
        figures["eligible"] += n if is_eligible else 0
        figures["not_eligible"] += n if active and not is_eligible else 0
        figures["to_issue"] += n if is_eligible and not certified else 0
        figures["issued"] += n if valid else 0
        figures["revoked"] += n if certified and revoked else 0
        figures["listed"] += n if shown else 0
        figures["listed_issued"] += n if shown and valid else 0
    return figures


def page_of(
    event: Event, settings: CertificateSettings, pages: Pages, *, delegation_id: int | None = None
) -> list[Candidate]:
    """One page of the list, in issue order (delegation, then name): only its rows are loaded. The
    database orders by lower(name), the numbers by Python's casefold(): the same order for names in
    plain letters under a byte-order (C) collation; elsewhere a name may sit a row away from its number."""
    order = (Delegation.position, Delegation.id, func.lower(Registration.full_name), Registration.id)
    ids = list(
        db.session.scalars(
            _listed(event, delegation_id)
            .with_only_columns(Registration.id)
            .join(Delegation, Registration.delegation_id == Delegation.id)
            .order_by(*order)
            .limit(pages.per_page)
            .offset(pages.offset)
        )
    )
    if not ids:
        return []
    return _candidates(event, settings, _listed(event).where(Registration.id.in_(ids)), ids)


@dataclass
class Overview:
    settings: CertificateSettings
    required_days: int
    missing: list[str]
    counts: dict[str, int]  # the meeting's: eligible, issued, revoked, not_eligible, to_issue
    listed_issued: int  # valid certificates among the rows listed (of the delegation chosen)
    pages: Pages
    rows: list[Candidate]  # the page shown


def overview(event: Event, *, delegation_id: int | None = None, page: int | None = None) -> Overview:
    """The secretariat's page: the settings, the meeting's counts and one page of the list (50 rows)."""
    settings = settings_for(event)
    figures = counts(event, settings=settings, delegation_id=delegation_id)
    listed, listed_issued = figures.pop("listed"), figures.pop("listed_issued")
    pages = Pages.of(page, listed)
    return Overview(
        settings,
        required_days(event, settings),
        missing_settings(settings),
        figures,
        listed_issued,
        pages,
        page_of(event, settings, pages, delegation_id=delegation_id),
    )


# ---- issuing and revoking -----------------------------------------------------------------------


def new_verify_token() -> str:
    return secrets.token_urlsafe(24)  # 192 random bits


def issue(event: Event, *, by: User | None = None) -> list[Certificate]:
    """Certificates for every qualifying registration that has none yet, numbered on from the last
    number ever issued for the event. Refused (CertificateRefused) while JP or signer are missing."""
    settings = settings_for(event)
    missing = missing_settings(settings)
    if missing:
        raise CertificateRefused(
            _("Sertifikat belum dapat diterbitkan. Lengkapi dulu: %(missing)s.", missing=", ".join(missing))
        )
    # The row lock (an UPDATE) makes two secretaries pressing the button together take turns.
    db.session.execute(
        update(CertificateSettings)
        .where(CertificateSettings.id == settings.id)
        .values(last_sequence=CertificateSettings.last_sequence)
        .execution_options(synchronize_session=False)
    )
    sequence = (
        db.session.scalar(select(CertificateSettings.last_sequence).where(CertificateSettings.id == settings.id)) or 0
    )
    new = []
    for candidate in candidates(event, settings=settings):
        if not candidate.eligible or candidate.certificate is not None:
            continue
        sequence += 1
        certificate = Certificate(
            event_id=event.id,
            registration_id=candidate.registration.id,
            sequence=sequence,
            number=number_for(settings, sequence),
            hours=settings.hours,
            role=candidate.role,
            verify_token=new_verify_token(),
            issued_at=utcnow(),
            issued_by_id=getattr(by, "id", None),
            revoke_reason="",
        )
        db.session.add(certificate)
        new.append(certificate)
    if new:
        settings.last_sequence = sequence
        db.session.flush()
        record(
            "certificate.issued",
            event,
            event_id=event.id,
            user=by,
            count=len(new),
            first=new[0].number,
            last=new[-1].number,
            hours=settings.hours,
        )
    db.session.commit()
    return new


def revoke(certificate: Certificate, *, by: User | None = None, reason: str = "") -> Certificate:
    reason = " ".join((reason or "").split())
    if certificate.revoked:
        raise CertificateRefused(_("Sertifikat %(number)s sudah dicabut.", number=certificate.number))
    if not reason:
        raise CertificateRefused(_("Tulis alasan pencabutan sertifikat."))
    if len(reason) > REASON_LIMIT:
        raise CertificateRefused(_("Alasan terlalu panjang (maksimal %(max)d karakter).", max=REASON_LIMIT))
    certificate.revoked_at = utcnow()
    certificate.revoked_by_id = getattr(by, "id", None)
    certificate.revoke_reason = reason
    record(
        "certificate.revoked",
        certificate,
        from_state="issued",
        to_state="revoked",
        user=by,
        number=certificate.number,
        reason=reason,
    )
    db.session.commit()
    return certificate


def restore(certificate: Certificate, *, by: User | None = None) -> Certificate:
    if not certificate.revoked:
        raise CertificateRefused(_("Sertifikat %(number)s tidak sedang dicabut.", number=certificate.number))
    certificate.revoked_at = None
    certificate.revoked_by_id = None
    certificate.revoke_reason = ""
    record(
        "certificate.restored", certificate, from_state="revoked", to_state="issued", user=by, number=certificate.number
    )
    db.session.commit()
    return certificate


# ---- looking up ---------------------------------------------------------------------------------


def verify(token: str) -> Certificate | None:
    """The certificate a QR code points to, revoked ones included; None when the token is unknown."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.verify_token == token))


def downloadable(registration: Registration) -> Certificate | None:
    """The certificate a participant may download from their personal link (issued, not revoked)."""
    certificate = db.session.scalar(select(Certificate).where(Certificate.registration_id == registration.id))
    return certificate if certificate is not None and not certificate.revoked else None


def issued(event: Event, *, delegation_id: int | None = None) -> list[Certificate]:
    """Valid (not revoked) certificates in number order, optionally of one delegation; not those whose
    holder's data was deleted (anonymised), which would print as "(data dihapus)"."""
    return list(db.session.scalars(_issued_query(event, delegation_id).order_by(Certificate.sequence)))


def issued_count(event: Event, *, delegation_id: int | None = None) -> int:
    """How many certificates issued() gives, counted by the database."""
    return db.session.scalar(select(func.count()).select_from(_issued_query(event, delegation_id).subquery())) or 0


def _issued_query(event: Event, delegation_id: int | None) -> Select[tuple[Certificate]]:
    query = (
        select(Certificate)
        .join(Registration, Certificate.registration_id == Registration.id)
        .options(selectinload(Certificate.registration).selectinload(Registration.delegation))
        .where(Certificate.event_id == event.id, Certificate.revoked_at.is_(None), Registration.anonymised_at.is_(None))
    )
    if delegation_id is not None:
        query = query.where(Registration.delegation_id == delegation_id)
    return query


def delegation_of(event: Event, code: str | None) -> Delegation | None:
    """A delegation of the event by its id or Kemendagri region code."""
    for delegation in event.delegations:
        if code and code in (str(delegation.id), delegation.region_code):
            return delegation
    return None


# ---- the document -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateDocument:
    """Everything printed on one certificate, the same for the PDF and the DOCX."""

    number: str
    name: str
    id_label: str  # "NIP" or "NI PPPK"; empty for non-ASN
    nip: str  # grouped
    position: str
    institution: str
    role: str  # "Peserta", "Narasumber" …
    event_title: str
    dates: str  # "9–10 Agustus 2021"
    issuer: str  # the institution of the kop (issuer_name)
    venue: str
    hours: int
    place: str
    signed_on: date
    signer: Signer
    verify_url: str
    heading: list[str]  # the government and unit lines of the kop


# Kept as written in a kop's capitals when turned into running text ("Dprd" is not a name).
ACRONYMS = {"RI", "DKI", "DIY", "UPTD", "UPT", "SKPD", "OPD", "BKD", "BPKAD", "BAPPEDA", "BPSDM", "DPRD", "SETDA"}


def _running_text(kop_line: str) -> str:
    """'SEKRETARIAT DAERAH' as 'Sekretariat Daerah'; acronyms (and words without vowels) stay capitals;
    a line typed in mixed case is kept as typed."""
    if kop_line != kop_line.upper():
        return kop_line
    words = []
    for word in kop_line.split():
        bare = word.strip(".,()")
        keep = bare in ACRONYMS or (bare.isalpha() and not set(bare) & set("AIUEO"))
        words.append(word if keep else word.capitalize())
    return " ".join(words)


def issuer_name(event: Event) -> str:
    """The institution that issues the certificate: the one the kop names (unit, then government),
    never the host regency when the kop is the province's. 'SEKRETARIAT DAERAH — BIRO ORGANISASI' under
    'PEMERINTAH PROVINSI KALIMANTAN TIMUR' reads 'Biro Organisasi Sekretariat Daerah Provinsi Kalimantan
    Timur'; without a unit, the government line itself ('Pemerintah Provinsi Kalimantan Timur')."""
    government = (event.letterhead_government or "").strip()
    if not government:  # the kop prints the host institution then: the same name, as typed
        government = (event.host_institution or "").strip()
    unit = (event.letterhead_unit or "").strip()
    if not unit:
        return _running_text(government)
    # A kop's unit line goes from the larger to the smaller part; running text names the smaller first.
    parts = [part.strip() for part in re.split(r"\s+[—–-]\s+|\s*/\s*|\n", unit) if part.strip()]
    region = re.sub(r"^pemerintah\s+", "", government, flags=re.IGNORECASE)
    return " ".join(_running_text(part) for part in [*reversed(parts), region])


def issued_on(event: Event, settings: CertificateSettings) -> date:
    """The issue date: printed on the certificate and shown on its check page (one source for both)."""
    return settings.signed_on or event.end_date


def verify_url(certificate: Certificate) -> str:
    from ..urls import public_url

    return public_url("certificates.verify", token=certificate.verify_token)


def document_parts(event: Event, certificate: Certificate, settings: CertificateSettings) -> CertificateDocument:
    from ..i18n import format_day_span_sd
    from ..invitations.services import signer_for
    from ..pdf.letterhead import letterhead_lines

    registration = certificate.registration
    id_label = {"pns": "NIP", "pppk": "NI PPPK"}.get(registration.asn_status, "") if registration.nip else ""
    venue = event.place()
    heading = [text for style, text in letterhead_lines(event) if style in ("kop_government", "kop_unit")]
    return CertificateDocument(
        number=certificate.number,
        name=registration.full_name,
        id_label=id_label,
        nip=format_nip(registration.nip) if id_label else "",
        position=(registration.position or "").strip(),
        institution=(registration.institution or "").strip() or registration.delegation.name,
        role=ROLE_WORDS.get(certificate.role, "Peserta"),
        event_title=event.title,
        dates=format_day_span_sd(event.start_date, event.end_date),  # an official document: "s.d."
        issuer=issuer_name(event),
        venue=venue,
        hours=certificate.hours,
        place=settings.place or event.city,
        signed_on=issued_on(event, settings),
        signer=signer_for(
            event,
            Signer(settings.signer_position, settings.signer_name, settings.signer_rank, settings.signer_nip),
            registration.full_name,
            registration.nip,
            registration.rank,
        ),  # not Aji Sayid on Aji Sayid's own certificate
        verify_url=verify_url(certificate),
        heading=heading,
    )


def render(
    event: Event, certificates: list[Certificate], fmt: str, *, progress: Callable[[int, int], None] | None = None
) -> bytes:
    """One file with every given certificate, one per page: 'pdf' or 'docx'. progress(done, total), if
    given, counts the certificates built, then the file drawn as the last step."""
    settings = settings_for(event)
    total = len(certificates) + 1
    parts = []
    for done, certificate in enumerate(certificates, 1):
        parts.append(document_parts(event, certificate, settings))
        if progress is not None and (done % 100 == 0 or done == len(certificates)):
            progress(done, total)
    if fmt == "pdf":
        from ..pdf.certificate import certificate_pdf

        return certificate_pdf(event, parts)
    if fmt == "docx":
        from ..documents.docx_certificate import certificate_docx

        return certificate_docx(event, parts)
    raise ValueError(f"unknown format: {fmt}")
