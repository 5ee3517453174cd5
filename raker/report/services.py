"""What the post-event report (laporan pelaksanaan) says, gathered once for the PDF, the DOCX and the page.

Attendance counts people, once per day: a check-in that was undone does not count. "Expected" is the
approved registrations of a delegation; a person who came but was cancelled later still counts as
present on the day (the check-in happened), so present can exceed expected only in such a case.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from ..agenda.services import KIND_LABELS
from ..checkin.services import arrivals
from ..extensions import db
from ..i18n import format_date_range, format_day
from ..models import AgendaSession, CheckIn, Delegation, Minutes, Registration
from ..minutes.services import progress as minutes_progress
from ..models.minutes import Certificate
from ..rumusan import services as rumusan_services

TITLE = "LAPORAN PELAKSANAAN"
PROPOSED_SIGNER_TITLE = "Penanggung Jawab Kegiatan"
RUMUSAN_STATE_TITLES = {"draft": "draf", "proposed": "diusulkan", "adopted": "disepakati", "dropped": "dibuang"}
ROLE_TITLES = {"peserta": "Peserta", "narasumber": "Narasumber", "moderator": "Moderator", "panitia": "Panitia",
               "undangan": "Undangan"}
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

    @property
    def people_lines(self) -> list[str]:
        return [f"Narasumber: {name}" for name in self.speakers] + [f"Moderator: {name}" for name in self.moderators]

    @property
    def minutes_label(self) -> str:
        return {"final": "final", "draft": "draf"}.get(self.minutes_state or "", "-")


@dataclass
class Report:
    event: object
    days: list[date]
    delegations: list[DelegationRow]
    roles: list[RoleRow]
    total_expected: int
    total_per_day: list[int]
    total_any_day: int
    arrivals: dict[date, list[tuple[str, int]]]
    sessions: list[SessionRow]
    rumusan: object | None  # the Rumusan row, if the tim perumus started one
    rumusan_counts: dict[str, int]
    certificates: int
    minutes_final: int
    minutes_total: int

    @property
    def total_percent(self) -> int | None:
        return round(100 * self.total_any_day / self.total_expected) if self.total_expected else None

    @property
    def delegations_present(self) -> int:
        return sum(1 for row in self.delegations if row.any_day)


def _attendance(event) -> tuple[dict, dict, dict]:
    """({delegation_id: {day: n}}, {delegation_id: n on any day}, {role: n on any day}), undone excluded."""
    # Check-ins on days that are no longer meeting days (the dates were moved) do not count.
    active = (CheckIn.event_id == event.id, CheckIn.undone_at.is_(None), CheckIn.day >= event.start_date,
              CheckIn.day <= event.end_date)
    per_day: dict[int, dict[date, int]] = defaultdict(dict)
    for delegation_id, day, count in db.session.execute(
            select(Registration.delegation_id, CheckIn.day, func.count(func.distinct(CheckIn.registration_id)))
            .join(Registration, Registration.id == CheckIn.registration_id).where(*active)
            .group_by(Registration.delegation_id, CheckIn.day)):
        per_day[delegation_id][day] = count
    any_day = dict(db.session.execute(
        select(Registration.delegation_id, func.count(func.distinct(CheckIn.registration_id)))
        .join(Registration, Registration.id == CheckIn.registration_id).where(*active)
        .group_by(Registration.delegation_id)).all())
    by_role = dict(db.session.execute(
        select(Registration.role, func.count(func.distinct(CheckIn.registration_id)))
        .join(Registration, Registration.id == CheckIn.registration_id).where(*active)
        .group_by(Registration.role)).all())
    return per_day, any_day, by_role


def _arrivals(event) -> dict[date, list[tuple[str, int]]]:
    """Check-ins per half hour on each day (the dashboard's count, coarser), from the first to the
    last, with the empty half hours in between so the chart's time axis is even."""
    result = {}
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


def _sessions(event) -> list[SessionRow]:
    minutes = {m.session_id: m for m in db.session.scalars(select(Minutes).where(Minutes.event_id == event.id))}
    rows = []
    for session in db.session.scalars(select(AgendaSession).where(
            AgendaSession.event_id == event.id, AgendaSession.cancelled.is_(False),
            AgendaSession.kind.not_in(NOT_REPORTED)).order_by(AgendaSession.starts_at, AgendaSession.id)):
        start, end = session.starts_at.astimezone(event.tz), session.ends_at.astimezone(event.tz)
        record = minutes.get(session.id)
        content = (record.content or {}) if record is not None else {}
        rows.append(SessionRow(
            day=start.date(), starts=start.strftime("%H.%M"), ends=end.strftime("%H.%M"), title=session.title,
            kind=str(KIND_LABELS.get(session.kind, session.kind)), room=session.room.name if session.room else "",
            speakers=[_person(p) for p in session.people if p.role == "narasumber"],
            moderators=[_person(p) for p in session.people if p.role == "moderator"],
            minutes_state=record.state if record is not None else None,
            conclusions=[c for c in content.get("conclusions", []) if c] if record is not None else [],
        ))
    return rows


def _person(person) -> str:
    return f"{person.name} ({person.position})" if person.position else person.name


def build_report(event) -> Report:
    per_day, any_day, by_role = _attendance(event)
    expected = dict(db.session.execute(
        select(Registration.delegation_id, func.count()).where(Registration.event_id == event.id,
                                                               Registration.state == "approved")
        .group_by(Registration.delegation_id)).all())
    expected_roles = dict(db.session.execute(
        select(Registration.role, func.count()).where(Registration.event_id == event.id,
                                                      Registration.state == "approved")
        .group_by(Registration.role)).all())
    days = list(event.days)
    delegations = [
        DelegationRow(name=d.name, quota=d.quota, expected=expected.get(d.id, 0),
                      per_day=[per_day.get(d.id, {}).get(day, 0) for day in days], any_day=any_day.get(d.id, 0))
        for d in db.session.scalars(select(Delegation).where(Delegation.event_id == event.id)
                                    .order_by(Delegation.position, Delegation.id))
    ]
    roles = [RoleRow(role, title, expected_roles.get(role, 0), by_role.get(role, 0))
             for role, title in ROLE_TITLES.items() if expected_roles.get(role) or by_role.get(role)]
    rumusan = rumusan_services.rumusan_of(event)
    counts: dict[str, int] = defaultdict(int)
    if rumusan is not None:
        for topic in rumusan.topics:
            for item in topic.items:
                counts[item.state] += 1
    minutes_final, minutes_needed = minutes_progress(event)
    return Report(
        event=event, days=days, delegations=delegations, roles=roles,
        total_expected=sum(row.expected for row in delegations),
        total_per_day=[sum(row.per_day[i] for row in delegations) for i in range(len(days))],
        total_any_day=sum(row.any_day for row in delegations),
        arrivals=_arrivals(event), sessions=_sessions(event), rumusan=rumusan, rumusan_counts=dict(counts),
        certificates=db.session.scalar(select(func.count()).select_from(Certificate)
                                       .where(Certificate.event_id == event.id, Certificate.revoked_at.is_(None))) or 0,
        minutes_final=minutes_final, minutes_total=minutes_needed,
    )


def percent_text(value: int | None) -> str:
    return "-" if value is None else f"{value}%"


def general_facts(report: Report) -> list[tuple[str, str]]:
    """Part I of the report: (label, value) rows."""
    event = report.event
    who, on_behalf = rumusan_services.opening(event)
    facts = [("Nama kegiatan", event.title)]
    if (event.theme or "").strip():
        facts.append(("Tema", event.theme.strip()))
    facts += [
        ("Penyelenggara", event.host_institution),
        ("Hari/Tanggal", format_date_range(event.start_date, event.end_date, "id")),
        ("Tempat", ", ".join(p for p in (event.venue, event.address or event.city) if p)),
        ("Dibuka oleh", (who + (f", mewakili {on_behalf}" if on_behalf else "")) if who else "-"),
        ("Peserta", f"{report.total_any_day} orang hadir dari {report.total_expected} orang terdaftar, "
                    f"{report.delegations_present} dari {len(report.delegations)} delegasi"),
    ]
    return facts


def rumusan_lines(report: Report) -> list[str]:
    """Part IV: the rumusan's state in a few sentences (the text itself is attached)."""
    rumusan = report.rumusan
    if rumusan is None:
        return ["Rumusan belum disusun oleh tim perumus."]
    counts = ", ".join(f"{n} butir {RUMUSAN_STATE_TITLES.get(state, state)}"
                       for state, n in sorted(report.rumusan_counts.items()) if n)
    if rumusan.state == "adopted" and rumusan.adopted_at:
        adopted = format_day(rumusan.adopted_at.astimezone(report.event.tz), "id")
        lines = [f"Rumusan Rapat Kerja ditetapkan pada {adopted}" + (f" ({counts})." if counts else "."),
                 f"Sidik jari SHA-256 teks yang ditetapkan: {rumusan.fingerprint}."]
    else:
        lines = ["Rumusan Rapat Kerja masih berupa draf" + (f" ({counts})." if counts else ".")]
    return lines + ["Rumusan selengkapnya terlampir."]


def certificates_line(report: Report) -> str:
    if report.certificates:
        return f"{report.certificates} sertifikat telah diterbitkan bagi peserta yang hadir."
    return "Belum ada sertifikat yang diterbitkan."


def minutes_line(report: Report) -> str:
    return f"Notulen: {report.minutes_final} final dari {report.minutes_total} sesi yang dinotulenkan."


CLOSING = "Demikian laporan pelaksanaan kegiatan ini disampaikan sebagai bahan evaluasi dan tindak lanjut."


def signer_or_blank(signer) -> dict:
    """Who signs the report ({position, name, rank, nip}); a blank block titled for the official in charge."""
    signer = dict(signer or {})
    signer["position"] = (signer.get("position") or "").strip() or PROPOSED_SIGNER_TITLE
    return signer


def export(event, fmt: str, *, signer=None) -> bytes:
    """The report as 'pdf' (the rumusan attached) or 'docx', for the page and `flask export report`."""
    if fmt == "pdf":
        from ..pdf.report import report_pdf

        return report_pdf(event, signer=signer)
    if fmt == "docx":
        from ..documents.docx_report import report_docx

        return report_docx(event, signer=signer)
    raise ValueError(f"unknown format: {fmt}")
