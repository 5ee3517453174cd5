"""The rumusan as a document and its adoption: the items numbered as printed (A., 1., a.), the canonical
plain text (at any moment of its history), the blockers of adoption and adoption itself, which freezes the
text with its SHA-256 fingerprint. The editing rules (topics, items, proposals) are in services.py."""

import hashlib
from datetime import date, datetime

from flask_babel import gettext as _

from ..extensions import db
from ..models.event import Event
from ..models.minutes import Rumusan
from ..models.types import utcnow
from ..models.user import User
from ..sidang.quorum import quorum
from ..states import state_label
from ..text_diff import line_diff
from ..transitions import transition
from .services import (
    RUMUSAN_TRANSITIONS,
    RumusanRefused,
    _adopted,
    _check_open,
    _proposal_target,
    numbered,
    preamble_text,
    proposals,
)


def document_text(rumusan: Rumusan, event: Event | None = None, texts: dict[int, tuple[str, str]] | None = None) -> str:
    """The canonical plain text: title, preamble, topics A., items 1., sub-points a., closing."""
    event = event or db.session.get_one(Event, rumusan.event_id)
    lines = ["RUMUSAN", document_title(event), "", preamble_text(rumusan, event).strip(), ""]
    for topic in numbered(rumusan, texts=texts):
        lines.append(f"{topic['letter']}. {topic['title']}")
        for entry in topic["items"]:
            lines.append(f"{entry['number']}. {entry['text']}")
            for sub in entry["subs"]:
                lines.append(f"   {sub['letter']}. {sub['text']}")
        lines.append("")
    lines.append(rumusan.closing.strip())
    return "\n".join(lines).strip() + "\n"


def document_title(event: Event) -> str:
    title = event.title.upper()
    year = str(event.start_date.year)
    return title if year in title else f"{title} TAHUN {year}"


def texts_at(rumusan: Rumusan, moment: datetime) -> dict[int, tuple[str, str]]:
    """{item_id: (text, state)} as they stood at `moment` (items made later are left out)."""
    texts = {}
    for topic in rumusan.topics:
        for item in topic.items:
            before = [
                v
                for v in item.history
                if v.created_at <= moment and (item.taken_at is None or v.created_at >= item.taken_at)
            ]
            if before:
                last = before[-1]
                texts[item.id] = (last.text, last.state)
    return texts


def document_diff(rumusan: Rumusan, since: datetime, until: datetime | None = None) -> list[str]:
    """The whole document between two points in time (items; the preamble and closing as they are now)."""
    old = document_text(rumusan, texts=texts_at(rumusan, since))
    new = document_text(rumusan, texts=texts_at(rumusan, until) if until else None)
    return line_diff(old, new)


def adoption_blockers(rumusan: Rumusan, day: date | None = None) -> list[str]:
    """What stands between the rumusan and its adoption, each as a sentence the editor page lists: open
    proposals, items not yet agreed, empty texts, and a plenary without quorum on `day` (today)."""
    blockers = []
    for proposal in proposals(rumusan, state="open"):
        who = proposal.delegation.name if proposal.delegation else _("tim perumus")
        blockers.append(
            _("Usulan %(who)s untuk %(target)s belum diputuskan.", who=who, target=_proposal_target(rumusan, proposal))
        )
    for topic in numbered(rumusan):
        for entry in topic["items"]:
            if entry["state"] in ("draft", "proposed"):
                blockers.append(
                    _(
                        "Butir %(ref)s masih berstatus %(state)s.",
                        ref=f"{topic['letter']}.{entry['number']}",
                        state=state_label(entry["state"], "rumusan_item"),
                    )
                )
            for sub in entry["subs"]:
                if sub["state"] in ("draft", "proposed"):
                    blockers.append(
                        _(
                            "Butir %(ref)s masih berstatus %(state)s.",
                            ref=f"{topic['letter']}.{entry['number']}.{sub['letter']}",
                            state=state_label(sub["state"], "rumusan_item"),
                        )
                    )
    if not any(topic["items"] for topic in numbered(rumusan)):
        blockers.append(_("Rumusan belum berisi butir yang disetujui."))
    if not rumusan.preamble.strip():
        blockers.append(_("Pembukaan rumusan masih kosong."))
    if not rumusan.closing.strip():
        blockers.append(_("Kalimat penutup masih kosong."))
    # The plenary adopts the rumusan, so it needs the quorum its decisions need (sidang.decisions): the
    # delegations checked in on the day of the sitting, against the meeting's rule, said with the count.
    event = db.session.get(Event, rumusan.event_id)
    assert event is not None  # a rumusan's meeting (the row cascades with it)
    present = quorum(event, day)
    if not present.met:
        blockers.append(present.refusal())
    return blockers


def fingerprint_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def adopt(rumusan: Rumusan, *, by: User | None, day: date | None = None) -> str:
    """Freeze the rumusan: store the canonical text and its SHA-256 fingerprint; nothing changes afterwards.
    Refused while anything blocks it (adoption_blockers), the quorum counted on `day` (today)."""
    _check_open(rumusan)
    blockers = adoption_blockers(rumusan, day)
    if blockers:
        raise RumusanRefused(_("Rumusan belum dapat ditetapkan."), blockers)
    text = document_text(rumusan)
    rumusan.adopted_text = text
    rumusan.fingerprint = fingerprint_of(text)
    rumusan.adopted_at = utcnow()
    rumusan.adopted_by_id = getattr(by, "id", None)
    transition(
        rumusan,
        "adopted",
        RUMUSAN_TRANSITIONS,
        by=by,
        audit_action="rumusan.adopt",
        refuse=_adopted,
        event_id=rumusan.event_id,
        fingerprint=rumusan.fingerprint,
    )
    db.session.commit()
    return rumusan.fingerprint
