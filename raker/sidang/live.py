"""The plenary's live state, as the console, the projector and the delegates' phones show it: one dict
built in one place, pushed to the pages as server-sent events and served as JSON (state.json) for
polling when a browser's event stream fails (push.py: cached by version, ETag). Names and
delegations only — what the hall sees on the screen anyway; no NIP, email or phone."""

import hashlib
import json

from sqlalchemy import select

from ..extensions import db
from ..models import Event, RumusanItem, Vote
from ..rumusan import services as rumusan
from ..rumusan.services import numbered
from . import amendments
from .commissions import commission_name  # noqa: F401  (re-exported for the templates)
from .quorum import quorum, settings_for
from .speakers import current_item, speaking, speaking_seconds_by_delegation, waiting
from .votes import CHOICE_LABELS


def _printed(item: RumusanItem) -> tuple[str, list[dict]]:
    """The number as printed in the rumusan ("A.3", "A.3.b") and, for a numbered item, its sub-points
    (the text often ends "… dengan:" and the points carry the substance)."""
    for topic in numbered(item.topic.rumusan, include_dropped=True):
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


def _person(request) -> dict:
    return {
        "id": request.id,
        "name": request.registration.full_name,
        "delegation": request.delegation.name,
        "kind": request.kind,
    }


def _vote(vote: Vote | None) -> dict | None:
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


def state(event: Event) -> dict:
    item = current_item(event)
    now_speaking = speaking(event)
    present = quorum(event)
    open_vote = db.session.scalar(select(Vote).where(Vote.event_id == event.id, Vote.state == "open"))
    last_vote = open_vote or db.session.scalar(
        select(Vote)
        .where(Vote.event_id == event.id, Vote.state == "closed")
        .order_by(Vote.closed_at.desc(), Vote.id.desc())
        .limit(1)
    )
    totals = speaking_seconds_by_delegation(event, running=False)
    data = {
        "item": None
        if item is None
        else dict(
            zip(("number", "subs"), _printed(item), strict=True),
            id=item.id,
            text=item.text,
            topic=item.topic.title,
            state=item.state,
            origin=rumusan.origin(item),
        ),
        "speaking": None
        if now_speaking is None
        else {**_person(now_speaking), "started_at": now_speaking.started_at.isoformat()},
        "speaking_seconds": settings_for(event).speaking_seconds,
        "waiting": [_person(r) for r in waiting(event, item)] if item else [],
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
