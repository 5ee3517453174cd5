"""The rumusan as printed, built once for the PDF and the DOCX (and the laporan, which attaches it):
a format-neutral model. raker.pdf.rumusan and raker.documents.docx_rumusan print it and import
nothing from the domains; render() is the one place here that asks them to."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from ..extensions import db
from ..letters import place_and_date
from ..models import AgendaSession, Event
from ..models.minutes import Rumusan
from ..signer import Signer
from . import adoption, services


@dataclass(frozen=True)
class RumusanSub:
    letter: str
    text: str


@dataclass(frozen=True)
class RumusanEntry:
    number: int
    text: str
    subs: list[RumusanSub] = field(default_factory=list)


@dataclass(frozen=True)
class RumusanTopicPart:
    letter: str
    title: str
    items: list[RumusanEntry] = field(default_factory=list)


@dataclass(frozen=True)
class RumusanDocument:
    title: str  # "RUMUSAN"
    subtitle: str  # "RAPAT KERJA … TAHUN 2026"
    draft: bool
    preamble: list[str]
    topics: list[RumusanTopicPart]
    closing: str
    place_date: str
    team: list[Signer]  # Ketua, Sekretaris, Anggota
    fingerprint: str | None  # only once adopted
    pdf_title: str


def rumusan_date(event: Event, rumusan: Rumusan) -> date:
    """The adoption date where the meeting is; before adoption the day the rumusan is to be read (the
    agenda's pembacaan rumusan, else the meeting's last day), or today when that has passed: a draft
    printed on the first day is signed on the day it is read, not dated before it."""
    if rumusan.adopted_at:
        return rumusan.adopted_at.astimezone(event.tz).date()
    reading = db.session.scalar(
        select(func.min(AgendaSession.starts_at)).where(
            AgendaSession.event_id == event.id,
            AgendaSession.kind == "pembacaan_rumusan",
            AgendaSession.cancelled.is_(False),
        )
    )
    day = reading.astimezone(event.tz).date() if reading else event.end_date
    return max(event.today(), day)


def build(event: Event, rumusan: Rumusan) -> RumusanDocument:
    topics = [
        RumusanTopicPart(
            letter=topic["letter"],
            title=topic["title"],
            items=[
                RumusanEntry(
                    number=entry["number"],
                    text=entry["text"],
                    subs=[RumusanSub(letter=sub["letter"], text=sub["text"]) for sub in entry["subs"]],
                )
                for entry in topic["items"]
            ],
        )
        for topic in services.numbered(rumusan)
    ]
    team = [
        Signer(
            position=services.ROLE_LABELS.get(m.role, m.role),
            name=m.registration.full_name,
            rank=m.registration.rank,
            nip=m.registration.nip,
        )
        for m in services.team(event)
    ]
    adopted = rumusan.state == "adopted"
    return RumusanDocument(
        title="RUMUSAN",
        subtitle=adoption.document_title(event),
        draft=not adopted,
        preamble=services.preamble_blocks(rumusan, event),
        topics=topics,
        closing=rumusan.closing.strip(),
        place_date=place_and_date(event.city, rumusan_date(event, rumusan)),
        team=team,
        fingerprint=rumusan.fingerprint if adopted and rumusan.fingerprint else None,
        pdf_title=f"Rumusan {event.title}",
    )


def render(event: Event, fmt: str) -> bytes:
    """The meeting's rumusan as 'pdf' or 'docx' (the rumusan page and `flask export rumusan`)."""
    document = build(event, services.get_or_create(event))
    if fmt == "pdf":
        from ..pdf.rumusan import render_rumusan_pdf

        return render_rumusan_pdf(event, document)
    if fmt == "docx":
        from ..documents.docx_rumusan import render_rumusan_docx

        return render_rumusan_docx(event, document)
    raise ValueError(f"unknown format: {fmt}")


def rumusan_pdf(event: Event) -> bytes:
    return render(event, "pdf")


def rumusan_docx(event: Event) -> bytes:
    return render(event, "docx")
