"""The plenary's live state, as the console, the projector and the delegates' phones show it: one dict
built in one place, pushed to the pages as server-sent events and served as JSON (state.json) for
polling when a browser's event stream fails (push.py: cached by version, ETag). Names and
delegations only — what the hall sees on the screen anyway; no NIP, email or phone."""

import hashlib
import json
from typing import Any

from sqlalchemy import and_, case, false, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import Event, Rumusan, RumusanItem, RumusanTopic, SpeakerRequest, Vote
from ..models.sidang import commission_name as commission_name  # re-exported for the templates
from ..rumusan import services as rumusan
from ..rumusan.services import numbered
from . import amendments
from .quorum import quorum, settings_for
from .speakers import speaking_seconds_by_delegation
from .votes import CHOICE_LABELS


def _printed(item: RumusanItem, draft: Rumusan | None = None) -> tuple[str, list[dict[str, Any]]]:
    """The number as printed in the rumusan ("A.3", "A.3.b") and, for a numbered item, its sub-points
    (the text often ends "… dengan:" and the points carry the substance). `draft`: the item's rumusan
    with its topics and their items loaded (the live state reads them in two statements)."""
    for topic in numbered(draft or rumusan.rumusan_of_item(item), include_dropped=True):
        for entry in topic["items"]:
            number = f"{topic['letter']}.{entry['number']}"
            if entry["item"].id == item.id:
                return number, [
                    {"letter": sub["letter"], "text": sub["text"]} for sub in entry["subs"] if sub["state"] != "dropped"
                ]
            for sub in entry["subs"]:
                if sub["item"].id == item.id:
                    return f"{number}.{sub['letter']}", []
    return "", []


def item_number(item: RumusanItem) -> str:
    return _printed(item)[0]


def _person(request: SpeakerRequest) -> dict[str, Any]:
    return {
        "id": request.id,
        "name": request.registration.full_name,
        "delegation": request.delegation.name,
        "kind": request.kind,
    }


def _vote(vote: Vote | None) -> dict[str, Any] | None:
    if vote is None:
        return None
    cast = vote.yes + vote.no + vote.abstain
    closed = vote.state == "closed"
    return {
        "id": vote.id,
        "question": vote.question,
        "state": vote.state,
        "secret": vote.secret,
        "electorate": vote.electorate,
        "majority": vote.majority,
        "eligible": vote.eligible,
        "cast": cast,
        # While open, only how many have voted: a running tally would sway the rest.
        "yes": vote.yes if closed else None,
        "no": vote.no if closed else None,
        "abstain": vote.abstain if closed else None,
        "passed": vote.passed if closed else None,
    }


def _rumusan_loaded(item: RumusanItem) -> Rumusan | None:
    """The item's rumusan with every topic and item, for its printed number: three statements, however
    many topics (a lazy load per topic before)."""
    return db.session.scalar(
        select(Rumusan)
        .join(RumusanTopic, RumusanTopic.rumusan_id == Rumusan.id)
        .where(RumusanTopic.id == item.topic_id)
        .options(selectinload(Rumusan.topics).selectinload(RumusanTopic.items))
    )


def _speakers(event: Event, item: RumusanItem | None) -> tuple[SpeakerRequest | None, list[SpeakerRequest]]:
    """The one speaking and the item's waiting list in speaking order, with their names and delegations,
    in one statement (speakers.speaking and speakers.waiting, with a lazy load per person, before)."""
    on_item = (
        and_(SpeakerRequest.item_id == item.id, SpeakerRequest.state == "waiting") if item is not None else false()
    )
    rows = db.session.scalars(
        select(SpeakerRequest)
        .options(joinedload(SpeakerRequest.registration), joinedload(SpeakerRequest.delegation))
        .where(SpeakerRequest.event_id == event.id, or_(SpeakerRequest.state == "speaking", on_item))
        .order_by(SpeakerRequest.position, SpeakerRequest.id)
    ).all()
    now_speaking = next((r for r in rows if r.state == "speaking"), None)
    return now_speaking, [r for r in rows if r.state == "waiting"]


def _last_vote(event: Event) -> Vote | None:
    """The open vote, else the last one closed: one statement."""
    return db.session.scalar(
        select(Vote)
        .where(Vote.event_id == event.id, Vote.state.in_(("open", "closed")))
        .order_by(case((Vote.state == "open", 0), else_=1), Vote.closed_at.desc(), Vote.id.desc())
        .limit(1)
    )


def state(event: Event) -> dict[str, Any]:
    """Built again for each change the console makes, with every phone and projector waiting on it: a fixed
    handful of statements whatever the length of the lists (tests/sidang/test_live_statements.py)."""
    settings = settings_for(event)
    item = (
        db.session.get(RumusanItem, settings.current_item_id, options=[joinedload(RumusanItem.commission)])
        if settings.current_item_id
        else None
    )
    draft = _rumusan_loaded(item) if item is not None else None
    now_speaking, waiting_list = _speakers(event, item)
    present = quorum(event, settings=settings)
    last_vote = _last_vote(event)
    totals = speaking_seconds_by_delegation(event, running=False)
    data: dict[str, Any] = {
        "item": None
        if item is None
        else dict(
            zip(("number", "subs"), _printed(item, draft), strict=True),
            id=item.id,
            text=item.text,
            topic=item.topic.title if item.topic is not None else "",
            state=item.state,
            origin=rumusan.origin(item),
        ),
        "speaking": None
        if now_speaking is None
        else {
            **_person(now_speaking),
            "started_at": now_speaking.started_at.isoformat() if now_speaking.started_at else None,
        },
        "speaking_seconds": settings.speaking_seconds,
        "waiting": [_person(r) for r in waiting_list],
        "quorum": {"present": present.present, "total": present.total, "needed": present.needed, "met": present.met},
        "vote": _vote(last_vote),
        "delegation_seconds": {str(k): v for k, v in totals.items()},
        "choices": CHOICE_LABELS,
        "amendments": amendments.live(event, item),  # open proposed changes to the item, as word diffs
    }
    # What the console's and the phone's forms depend on: when it differs from the page's, they reload.
    data["shape"] = "|".join(
        str(part)
        for part in (
            item.id if item else "",
            last_vote.id if last_vote else "",
            last_vote.state if last_vote else "",
            ",".join(str(a["id"]) for a in data["amendments"]),
        )
    )
    data["version"] = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return data
