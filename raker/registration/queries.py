"""The secretariat's participant list: the filters of its page (shared by the list, its exports and
its bulk actions, so "all N matching" means the same rows everywhere), counts per state, one page."""

from typing import Any

from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.orm import joinedload
from werkzeug.datastructures import MultiDict

from ..extensions import db
from ..models import PARTICIPANT_ROLES, REGISTRATION_STATES, CheckIn, Event, Registration
from ..pagination import Pages
from ..reference.nip import normalise_nip

FILTERS = ("delegation", "state", "role", "present", "q")


def filters_from(args: MultiDict[str, str]) -> dict[str, Any]:
    """The list's filters present in a request's arguments, for links back to the same list
    (url_for's keyword arguments: strings, typed Any as url_for's other keywords are not strings)."""
    return {k: v for k, v in args.items() if k in FILTERS and v}


def filtered_query(event: Event, args: MultiDict[str, str], *, with_state: bool = True) -> Select[tuple[Registration]]:
    query = select(Registration).where(Registration.event_id == event.id)
    delegation_id = args.get("delegation", type=int)
    if delegation_id:
        # Only this meeting's delegations: anything else (another meeting's, an id too big for the
        # column) lists nobody instead of reaching the database as an out-of-range number.
        known = delegation_id in {d.id for d in event.delegations}
        query = query.where(Registration.delegation_id == delegation_id if known else false())
    if with_state and args.get("state") in REGISTRATION_STATES:
        query = query.where(Registration.state == args["state"])
    if args.get("role") in PARTICIPANT_ROLES:
        query = query.where(Registration.role == args["role"])
    if args.get("present") in ("yes", "no"):  # checked in on any meeting day (undone check-ins do not count)
        present = select(CheckIn.registration_id).where(CheckIn.event_id == event.id, CheckIn.undone_at.is_(None))
        query = query.where(
            Registration.id.in_(present) if args["present"] == "yes" else Registration.id.not_in(present)
        )
    term = (args.get("q") or "").strip()
    if term:
        like = f"%{term.lower()}%"
        conditions = [Registration.full_name.ilike(like), Registration.email.ilike(like)]
        digits = normalise_nip(term)
        if digits.isdigit():
            conditions.append(Registration.nip.like(f"%{digits}%"))
        query = query.where(or_(*conditions))
    return query.order_by(Registration.delegation_id, Registration.full_name, Registration.id)


def state_counts(event: Event, args: MultiDict[str, str]) -> dict[str, int]:
    """Rows per state under the other filters (one query), every state present, for the state tabs."""
    matching = filtered_query(event, args, with_state=False).order_by(None).subquery()
    counted: dict[str, int] = dict(
        db.session.execute(select(matching.c.state, func.count()).group_by(matching.c.state)).tuples().all()
    )
    return {state: counted.get(state, 0) for state in REGISTRATION_STATES}


def page_of(event: Event, args: MultiDict[str, str]) -> tuple[Pages, list[Registration]]:
    """One page of the filtered list, each row with its delegation (one query for the rows, one count)."""
    query = filtered_query(event, args)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    pages = Pages.of(args.get("page", type=int), total)
    rows = db.session.scalars(
        query.options(joinedload(Registration.delegation)).limit(pages.per_page).offset(pages.offset)
    ).all()
    return pages, list(rows)


def matching_ids(event: Event, args: MultiDict[str, str]) -> list[int]:
    return list(db.session.scalars(filtered_query(event, args).with_only_columns(Registration.id)))


PICKER_LIMIT = 20


def approved_people(
    event: Event,
    term: str,
    *,
    limit: int = PICKER_LIMIT,
    include_id: int | None = None,
    delegation_id: int | None = None,
) -> list[Registration]:
    """Approved participants whose name, email or NIP matches `term`, for the session person picker
    (at most `limit`, with their delegation; only `delegation_id`'s members when given); `include_id`
    keeps the one already chosen in the list."""
    rows: list[Registration] = []
    term = (term or "").strip()[:100]
    if term:
        rows = list(
            db.session.scalars(
                filtered_query(
                    event, MultiDict({"q": term, "state": "approved", "delegation": str(delegation_id or "")})
                )
                .options(joinedload(Registration.delegation))
                .limit(limit)
            )
        )
    if include_id and include_id not in {r.id for r in rows}:
        chosen = db.session.scalar(
            select(Registration)
            .options(joinedload(Registration.delegation))
            .where(Registration.id == include_id, Registration.event_id == event.id, Registration.state == "approved")
        )
        rows = ([chosen] if chosen else []) + rows
    return rows
