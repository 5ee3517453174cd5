"""The post-event report (laporan pelaksanaan): the figures, gathered once for the page and the document
model (raker/report/document.py); the texts the secretariat writes (saved per meeting, defaults from
the meeting); the photos of its lampiran dokumentasi.

Attendance counts people, once per day: a check-in that was undone does not count. "Expected" is the
approved registrations of a delegation; a person who came but was cancelled later still counts as
present on the day (the check-in happened), so present can exceed expected only in such a case.
"""

import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import func, select

from .. import event_settings
from ..agenda.services import KIND_LABELS
from ..audit import record
from ..certificates.services import issuer_name
from ..checkin.services import arrivals
from ..extensions import db
from ..i18n import format_clock, format_day
from ..images import ImageTooLarge, open_image
from ..invalid import SettingsInvalid
from ..letters import clean_rank_and_nip
from ..minutes.services import progress as minutes_progress
from ..models import (
    AgendaSession,
    CheckIn,
    Delegation,
    Event,
    Minutes,
    Registration,
    ReportPhoto,
    ReportSettings,
    Rumusan,
    SessionPerson,
    User,
)
from ..models.minutes import Certificate
from ..rumusan import services as rumusan_services
from ..session_roles import role_title
from ..signer import Signer
from ..states import PARTICIPANT_ROLE_LABELS, state_label

TITLE = "LAPORAN PELAKSANAAN"
PROPOSED_SIGNER_TITLE = "Penanggung Jawab Kegiatan"
# Sessions without substance to report (breaks, registration desk).
NOT_REPORTED = ("ishoma", "rehat", "daftar_ulang")
ARRIVAL_BUCKET_MINUTES = 30


@dataclass
class DelegationRow:
    name: str
    quota: int | None
    expected: int
    per_day: list[int]
    any_day: int  # present on at least one day

    @property
    def percent(self) -> int | None:
        return round(100 * self.any_day / self.expected) if self.expected else None


@dataclass
class RoleRow:
    role: str
    title: str
    expected: int
    any_day: int


@dataclass
class SessionRow:
    day: date
    starts: str
    ends: str
    title: str
    kind: str
    room: str
    speakers: list[str]
    moderators: list[str]
    minutes_state: str | None  # None: no notulen; "draft" / "final"
    conclusions: list[str] = field(default_factory=list)
    speaker_title: str = "Narasumber"  # '' under a sambutan or the laporan (session_roles.role_title)

    @property
    def people_lines(self) -> list[str]:
        lines = [f"{self.speaker_title}: {name}" if self.speaker_title else name for name in self.speakers]
        return lines + [f"Moderator: {name}" for name in self.moderators]

    @property
    def minutes_label(self) -> str:
        return state_label(self.minutes_state, "minutes", indonesian=True) if self.minutes_state else "-"


@dataclass
class Report:
    event: Event
    days: list[date]
    delegations: list[DelegationRow]
    roles: list[RoleRow]
    total_expected: int
    total_per_day: list[int]
    total_any_day: int
    arrivals: dict[date, list[tuple[str, int]]]
    sessions: list[SessionRow]
    rumusan: Rumusan | None  # the Rumusan row, if the tim perumus started one
    rumusan_counts: dict[str, int]
    certificates: int
    minutes_final: int
    minutes_total: int
    day_hours: dict[date, tuple[str, str]] = field(default_factory=dict)  # first start, last end (agenda)

    @property
    def total_percent(self) -> int | None:
        return round(100 * self.total_any_day / self.total_expected) if self.total_expected else None

    @property
    def delegations_present(self) -> int:
        return sum(1 for row in self.delegations if row.any_day)


def _attendance(event: Event) -> tuple[dict[int, dict[date, int]], dict[int, int], dict[str, int]]:
    """({delegation_id: {day: n}}, {delegation_id: n on any day}, {role: n on any day}), undone excluded."""
    # Check-ins on days that are no longer meeting days (the dates were moved) do not count.
    active = (
        CheckIn.event_id == event.id,
        CheckIn.undone_at.is_(None),
        CheckIn.day >= event.start_date,
        CheckIn.day <= event.end_date,
    )
    per_day: dict[int, dict[date, int]] = defaultdict(dict)
    for delegation_id, day, count in db.session.execute(
        select(Registration.delegation_id, CheckIn.day, func.count(func.distinct(CheckIn.registration_id)))
        .join(Registration, Registration.id == CheckIn.registration_id)
        .where(*active)
        .group_by(Registration.delegation_id, CheckIn.day)
    ):
        per_day[delegation_id][day] = count
    any_day: dict[int, int] = dict(
        db.session.execute(
            select(Registration.delegation_id, func.count(func.distinct(CheckIn.registration_id)))
            .join(Registration, Registration.id == CheckIn.registration_id)
            .where(*active)
            .group_by(Registration.delegation_id)
        )
        .tuples()
        .all()
    )
    by_role: dict[str, int] = dict(
        db.session.execute(
            select(Registration.role, func.count(func.distinct(CheckIn.registration_id)))
            .join(Registration, Registration.id == CheckIn.registration_id)
            .where(*active)
            .group_by(Registration.role)
        )
        .tuples()
        .all()
    )
    return per_day, any_day, by_role


def _arrivals(event: Event) -> dict[date, list[tuple[str, int]]]:
    """Check-ins per half hour on each day (the dashboard's count, coarser), from the first to the
    last, with the empty half hours in between so the chart's time axis is even."""
    result: dict[date, list[tuple[str, int]]] = {}
    for day in event.days:
        counts = {row["time"]: row["count"] for row in arrivals(event, day, ARRIVAL_BUCKET_MINUTES)}
        slots = [_slot_of(label) for label in counts]
        labels = [_slot_label(slot) for slot in range(min(slots), max(slots) + 1)] if slots else []
        result[day] = [(label, counts.get(label, 0)) for label in labels]
    return result


def _slot_of(label: str) -> int:
    hours, minutes = map(int, label.split("."))
    return (hours * 60 + minutes) // ARRIVAL_BUCKET_MINUTES


def _slot_label(slot: int) -> str:
    minutes = slot * ARRIVAL_BUCKET_MINUTES
    return f"{minutes // 60:02d}.{minutes % 60:02d}"


def _sessions(event: Event) -> list[SessionRow]:
    minutes = {m.session_id: m for m in db.session.scalars(select(Minutes).where(Minutes.event_id == event.id))}
    rows: list[SessionRow] = []
    for session in db.session.scalars(
        select(AgendaSession)
        .where(
            AgendaSession.event_id == event.id,
            AgendaSession.cancelled.is_(False),
            AgendaSession.kind.not_in(NOT_REPORTED),
        )
        .order_by(AgendaSession.starts_at, AgendaSession.id)
    ):
        start, end = session.starts_at.astimezone(event.tz), session.ends_at.astimezone(event.tz)
        record = minutes.get(session.id)
        content = (record.content or {}) if record is not None else {}
        rows.append(
            SessionRow(
                day=start.date(),
                starts=_clock(start, event),
                ends=_clock(end, event),
                title=session.title,
                kind=str(KIND_LABELS.get(session.kind, session.kind)),
                room=session.room.name if session.room else "",
                speakers=[_person(p) for p in session.people if p.role == "narasumber"],
                moderators=[_person(p) for p in session.people if p.role == "moderator"],
                minutes_state=record.state if record is not None else None,
                conclusions=[c for c in content.get("conclusions", []) if c] if record is not None else [],
                speaker_title=role_title("narasumber", session.kind),
            )
        )
    return rows


def _person(person: SessionPerson) -> str:
    return f"{person.name} ({person.position})" if person.position else person.name


def build_report(event: Event) -> Report:
    per_day, any_day, by_role = _attendance(event)
    expected: dict[int, int] = dict(
        db.session.execute(
            select(Registration.delegation_id, func.count())
            .where(Registration.event_id == event.id, Registration.state == "approved")
            .group_by(Registration.delegation_id)
        )
        .tuples()
        .all()
    )
    expected_roles: dict[str, int] = dict(
        db.session.execute(
            select(Registration.role, func.count())
            .where(Registration.event_id == event.id, Registration.state == "approved")
            .group_by(Registration.role)
        )
        .tuples()
        .all()
    )
    days = list(event.days)
    delegations = [
        DelegationRow(
            name=d.name,
            quota=d.quota,
            expected=expected.get(d.id, 0),
            per_day=[per_day.get(d.id, {}).get(day, 0) for day in days],
            any_day=any_day.get(d.id, 0),
        )
        for d in db.session.scalars(
            select(Delegation).where(Delegation.event_id == event.id).order_by(Delegation.position, Delegation.id)
        )
    ]
    roles = [
        RoleRow(role, title, expected_roles.get(role, 0), by_role.get(role, 0))
        for role, title in PARTICIPANT_ROLE_LABELS.items()
        if expected_roles.get(role) or by_role.get(role)
    ]
    rumusan = rumusan_services.rumusan_of(event)
    counts: dict[str, int] = defaultdict(int)
    if rumusan is not None:
        for topic in rumusan.topics:
            for item in topic.items:
                counts[item.state] += 1
    minutes_final, minutes_needed = minutes_progress(event)
    return Report(
        event=event,
        days=days,
        delegations=delegations,
        roles=roles,
        total_expected=sum(row.expected for row in delegations),
        total_per_day=[sum(row.per_day[i] for row in delegations) for i in range(len(days))],
        total_any_day=sum(row.any_day for row in delegations),
        arrivals=_arrivals(event),
        sessions=_sessions(event),
        rumusan=rumusan,
        rumusan_counts=dict(counts),
        certificates=db.session.scalar(
            select(func.count())
            .select_from(Certificate)
            .where(Certificate.event_id == event.id, Certificate.revoked_at.is_(None))
        )
        or 0,
        minutes_final=minutes_final,
        minutes_total=minutes_needed,
        day_hours=_day_hours(event),
    )


def _day_hours(event: Event) -> dict[date, tuple[str, str]]:
    """Each meeting day's time from the agenda: the first session's start to the last one's end."""
    spans: dict[date, tuple[datetime, datetime]] = {}
    for starts_at, ends_at in db.session.execute(
        select(AgendaSession.starts_at, AgendaSession.ends_at).where(
            AgendaSession.event_id == event.id, AgendaSession.cancelled.is_(False)
        )
    ):
        start, end = starts_at.astimezone(event.tz), ends_at.astimezone(event.tz)
        first, last = spans.get(start.date(), (start, end))
        spans[start.date()] = (min(first, start), max(last, end))
    return {day: (_clock(a, event), _clock(b, event)) for day, (a, b) in spans.items() if day in event.days}


def _clock(value: datetime, event: Event) -> str:
    """'09.00', as the laporan prints it (Indonesian, the zone named once in the document)."""
    return format_clock(value, event.timezone, "id", with_zone=False)


def percent_text(value: int | None) -> str:
    return "-" if value is None else f"{value}%"


def rumusan_lines(report: Report) -> list[str]:
    """Part IV: the rumusan's state in a few sentences (the text itself is attached)."""
    rumusan = report.rumusan
    if rumusan is None:
        return ["Rumusan belum disusun oleh tim perumus."]
    counts = ", ".join(
        f"{n} butir {state_label(state, 'rumusan_item', indonesian=True)}"
        for state, n in sorted(report.rumusan_counts.items())
        if n
    )
    if rumusan.state == "adopted" and rumusan.adopted_at:
        adopted = format_day(rumusan.adopted_at.astimezone(report.event.tz), "id")
        lines = [
            f"Rumusan Rapat Kerja ditetapkan pada {adopted}" + (f" ({counts})." if counts else "."),
            f"Sidik jari SHA-256 teks yang ditetapkan: {rumusan.fingerprint}.",
        ]
    else:
        lines = ["Rumusan Rapat Kerja masih berupa draf" + (f" ({counts})." if counts else ".")]
    return lines + ["Rumusan selengkapnya terlampir."]


def certificates_line(report: Report) -> str:
    if report.certificates:
        return f"{report.certificates} sertifikat telah diterbitkan bagi peserta yang hadir."
    return "Belum ada sertifikat yang diterbitkan."


def minutes_line(report: Report) -> str:
    """The sessions that need notulen (minutes.services.progress), not the notulen written: "2 final dari 13
    sesi yang dinotulenkan" read as if 13 had been minuted when 3 had."""
    return f"Notulen: {report.minutes_final} dari {report.minutes_total} sesi yang memerlukan notulen telah final."


def absent_delegations(report: Report) -> list[str]:
    """The invited delegations nobody of which checked in on any day."""
    return [row.name for row in report.delegations if not row.any_day]


# ---- the texts the secretariat writes (saved per meeting; None = printed from the meeting) ------------

TEXT_FIELDS = ("addressee", "legal_basis", "purpose", "obstacles", "follow_up", "closing")
TEXT_LIMIT = 10_000
ADDRESSEE_LIMIT = 600
SIGNER_LIMITS = {"signer_position": 200, "signer_name": 200}


def settings_for(event: Event) -> ReportSettings:
    """The meeting's report settings; unsaved, all texts from the meeting, when none were saved yet."""
    settings = db.session.scalar(select(ReportSettings).where(ReportSettings.event_id == event.id))
    if settings is None:
        settings = ReportSettings(
            event_id=event.id,
            signer_position="",
            signer_name="",
            signer_rank=None,
            signer_nip=None,
            **{name: None for name in TEXT_FIELDS},
        )
    return settings


def _region(event: Event) -> tuple[str, str]:
    """('provinsi' | 'kabupaten' | 'kota', 'Kalimantan Timur') from the kop's government line."""
    government = (event.letterhead_government or event.host_institution or "").strip()
    match = re.match(r"^(?:pemerintah\s+)?(provinsi|kabupaten|kota)\s+(.+)$", government, re.IGNORECASE)
    if not match:
        return "", ""
    return match.group(1).lower(), match.group(2).strip().title()


HEADS = {"provinsi": "Gubernur", "kabupaten": "Bupati", "kota": "Wali Kota"}


def organiser_city(event: Event) -> str:
    """The issuing office's city, from the kop's address ('Jl. Gajah Mada No. 2, Samarinda 75121')."""
    parts = [p.strip() for p in (event.letterhead_address or "").split(",") if p.strip()]
    if len(parts) >= 2:
        city = re.sub(r"\s*\d{5}$", "", parts[-1]).strip()
        if city and not re.search(r"\d", city):
            return city
    return ""


def default_addressee(event: Event) -> str:
    """'Yth. Gubernur Kalimantan Timur / melalui Sekretaris Daerah Provinsi Kalimantan Timur / di Samarinda'."""
    kind, name = _region(event)
    if not kind:
        return "Yth. ....................\ndi Tempat"
    area = f"{'Provinsi' if kind == 'provinsi' else kind.title()} {name}"
    city = organiser_city(event)
    return f"Yth. {HEADS[kind]} {name}\nmelalui Sekretaris Daerah {area}\n" + (f"di {city}" if city else "di Tempat")


def default_legal_basis(event: Event) -> str:
    year = event.start_date.year
    return "\n".join(
        [
            "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah sebagaimana telah beberapa kali diubah, "
            "terakhir dengan Undang-Undang Nomor 6 Tahun 2023;",
            "Peraturan Menteri Dalam Negeri Nomor 1 Tahun 2023 tentang Tata Naskah Dinas di Lingkungan Pemerintah "
            "Daerah;",
            f"Dokumen Pelaksanaan Anggaran {issuer_name(event)} Tahun Anggaran {year}.",
        ]
    )


def default_purpose(event: Event) -> str:
    theme = (event.theme or "").strip()
    about = f" dengan tema “{theme}”" if theme else ""
    return (
        f"Maksud penyelenggaraan {event.title}{about} adalah sebagai wadah koordinasi dan konsultasi antara "
        "pemerintah provinsi dan pemerintah kabupaten/kota.\n\n"
        "Tujuannya adalah menyamakan persepsi, membahas permasalahan yang dihadapi, serta merumuskan "
        "rekomendasi dan langkah tindak lanjut bersama."
    )


def default_obstacles(event: Event, report: Report) -> str:
    absent = absent_delegations(report)
    if report.total_any_day and absent:
        return (
            "Secara umum kegiatan berjalan lancar. Delegasi berikut tidak tercatat hadir pada daftar ulang: "
            + ", ".join(absent)
            + "."
        )
    return "Secara umum kegiatan berjalan lancar dan tidak terdapat kendala yang berarti."


def default_follow_up(event: Event, report: Report) -> str:
    return (
        "Rumusan hasil rapat kerja disampaikan kepada seluruh pemerintah kabupaten/kota untuk ditindaklanjuti "
        "sesuai kewenangan masing-masing.\n\n"
        "Pelaksanaan tindak lanjut rumusan dipantau dan dievaluasi pada rapat kerja berikutnya."
    )


def default_closing(event: Event) -> str:
    return (
        f"Demikian laporan pelaksanaan {event.title} ini kami sampaikan. Atas perhatian dan arahan "
        "Bapak, kami ucapkan terima kasih."
    )


def defaults(event: Event, report: Report) -> dict[str, str]:
    return {
        "addressee": default_addressee(event),
        "legal_basis": default_legal_basis(event),
        "purpose": default_purpose(event),
        "obstacles": default_obstacles(event, report),
        "follow_up": default_follow_up(event, report),
        "closing": default_closing(event),
    }


def texts(event: Event, report: Report, settings: ReportSettings | None = None) -> dict[str, str]:
    """What is printed: each saved text, or the meeting's default where none was saved."""
    settings = settings or settings_for(event)
    fallback = defaults(event, report)
    return {name: getattr(settings, name) or fallback[name] for name in TEXT_FIELDS}


def _clean_text(value: object) -> str:
    """Line endings as \n, trailing spaces off each line, at most one blank line in a row."""
    lines = [line.rstrip() for line in str(value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def clean_settings(event: Event, values: dict[str, Any], report: Report) -> dict[str, Any]:
    """The values as stored, or SettingsInvalid naming every problem at once. A text equal to the
    meeting's default is stored as None, so it keeps following the meeting."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    fallback = defaults(event, report)
    for name in TEXT_FIELDS:
        text = _clean_text(values.get(name))
        limit = ADDRESSEE_LIMIT if name == "addressee" else TEXT_LIMIT
        if len(text) > limit:
            errors[name] = _("Terlalu panjang (maksimal %(max)d karakter).", max=limit)
        clean[name] = None if not text or text == _clean_text(fallback[name]) else text
    if clean["addressee"] and len(clean["addressee"].split("\n")) > 6:
        errors["addressee"] = _("Alamat tujuan paling banyak 6 baris.")
    for name, limit in SIGNER_LIMITS.items():
        text = " ".join(str(values.get(name) or "").split())
        if len(text) > limit:
            errors[name] = _("Terlalu panjang (maksimal %(max)d karakter).", max=limit)
        clean[name] = text
    clean_rank_and_nip(values, "signer", clean, errors)
    if errors:
        raise SettingsInvalid(errors)
    return clean


def save_settings(event: Event, values: dict[str, Any], *, by: User | None = None) -> ReportSettings:
    """Check and store the texts and the signer (all or nothing), with an audit row of what changed."""
    clean = clean_settings(event, values, build_report(event))
    settings: ReportSettings = event_settings.store(event, settings_for, clean, by=by, action="report.settings")
    return settings


def signer_of(event: Event, settings: ReportSettings) -> Signer:
    """The saved signer; without one, the SK panitia's penanggung jawab (panitia.in_charge), else a blank
    block titled for the official in charge."""
    if not (settings.signer_position or settings.signer_name):
        from ..panitia.services import in_charge

        chief = in_charge(event, PROPOSED_SIGNER_TITLE)
        if chief is not None:
            return Signer(**chief)
    return Signer(
        position=settings.signer_position or PROPOSED_SIGNER_TITLE,
        name=settings.signer_name,
        rank=settings.signer_rank,
        nip=settings.signer_nip,
    )


# ---- photos of the lampiran dokumentasi ---------------------------------------------------------

MAX_PHOTOS = 12
MAX_PHOTO_BYTES = 10 * 1024 * 1024  # a phone's JPEG is 2–6 MB
MAX_CAPTION = 200
STORED_SIDE = 1600  # long side as stored: sharp at 8 cm wide, 200 kB rather than 5 MB per photo
PHOTO_FORMATS = ("JPEG", "PNG")
# A phone's 50-megapixel JPEG is decoded at an eighth (JPEG draft mode), so it may be larger than the
# logo limit; a PNG has no such mode and keeps raker/images.py's bound.
JPEG_MAX_SIDE, JPEG_MAX_PIXELS = 12_000, 64_000_000


class PhotoRefused(ValueError):
    """An upload or an edit refused; the message is Indonesian, for the page."""


def photos(event: Event) -> list[ReportPhoto]:
    return list(
        db.session.scalars(
            select(ReportPhoto).where(ReportPhoto.event_id == event.id).order_by(ReportPhoto.position, ReportPhoto.id)
        )
    )


def read_upload(stream: IO[bytes]) -> bytes:
    """At most MAX_PHOTO_BYTES from the upload: one byte more means too large, and nothing past it is read."""
    data = stream.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoRefused(_("Foto terlalu besar (maksimal %(mb)d MB).", mb=MAX_PHOTO_BYTES // (1024 * 1024)))
    return data


def _caption(text: object) -> str:
    caption = " ".join(str(text or "").split())
    if len(caption) > MAX_CAPTION:
        raise PhotoRefused(_("Keterangan foto terlalu panjang (maksimal %(max)d karakter).", max=MAX_CAPTION))
    return caption


def _stored_jpeg(data: bytes) -> tuple[bytes, int, int]:
    """The photo upright (EXIF orientation applied), at most STORED_SIDE pixels long, as a JPEG
    without its EXIF (a phone's GPS position stays out of the report)."""
    bad = _("Foto harus berkas gambar JPEG atau PNG yang sah.")
    try:
        with open_image(data, max_side=JPEG_MAX_SIDE, max_pixels=JPEG_MAX_PIXELS) as probe:
            kind = probe.format
        if kind not in PHOTO_FORMATS:
            raise PhotoRefused(bad)
        with (
            open_image(data) if kind == "PNG" else open_image(data, max_side=JPEG_MAX_SIDE, max_pixels=JPEG_MAX_PIXELS)
        ) as image:
            if kind == "JPEG":
                image.draft("RGB", (STORED_SIDE, STORED_SIDE))  # decode at 1/2, 1/4 or 1/8 of the size
            image = ImageOps.exif_transpose(image)
            image.thumbnail((STORED_SIDE, STORED_SIDE))
            if image.mode != "RGB":  # transparency onto white, CMYK and palettes to RGB
                rgba = image.convert("RGBA")
                image = Image.new("RGB", image.size, "white")
                image.paste(rgba, mask=rgba.getchannel("A"))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85, optimize=True)
            return out.getvalue(), image.width, image.height
    except ImageTooLarge:
        raise PhotoRefused(_("Foto terlalu besar dalam piksel.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise PhotoRefused(bad) from None


def add_photo(event: Event, data: bytes, caption: str = "", *, by: User | None = None) -> ReportPhoto:
    caption = _caption(caption)
    if not data:
        raise PhotoRefused(_("Pilih berkas foto (JPEG atau PNG)."))
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoRefused(_("Foto terlalu besar (maksimal %(mb)d MB).", mb=MAX_PHOTO_BYTES // (1024 * 1024)))
    existing = (
        db.session.scalar(select(func.count()).select_from(ReportPhoto).where(ReportPhoto.event_id == event.id)) or 0
    )
    if existing >= MAX_PHOTOS:
        raise PhotoRefused(_("Paling banyak %(n)d foto dokumentasi.", n=MAX_PHOTOS))
    stored, width, height = _stored_jpeg(data)
    last = db.session.scalar(select(func.max(ReportPhoto.position)).where(ReportPhoto.event_id == event.id))
    photo = ReportPhoto(
        event_id=event.id,
        position=(last or 0) + 1,
        caption=caption,
        width=width,
        height=height,
        size=len(stored),
        data=stored,
        uploaded_by_id=getattr(by, "id", None),
    )
    db.session.add(photo)
    db.session.flush()
    record("report.photo_add", photo, event_id=event.id, user=by, caption=caption)
    db.session.commit()
    return photo


def photo_of(event: Event, photo_id: int) -> ReportPhoto | None:
    photo = db.session.get(ReportPhoto, photo_id)
    return photo if photo is not None and photo.event_id == event.id else None


def set_caption(photo: ReportPhoto, caption: str, *, by: User | None = None) -> None:
    caption = _caption(caption)
    if caption != photo.caption:
        record("report.photo_edit", photo, user=by, caption=caption)
        photo.caption = caption
    db.session.commit()


def delete_photo(photo: ReportPhoto, *, by: User | None = None) -> None:
    record("report.photo_delete", photo, user=by, caption=photo.caption)
    db.session.delete(photo)
    db.session.commit()
