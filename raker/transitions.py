"""One way to change a state: every state column of every domain is set here and nowhere else
(tests/test_transitions.py scans raker/ for assignments outside this module).

A domain keeps its own transition table (from-state -> the states it may move to) and its own refusal
(an exception with an Indonesian message); `transition()` checks the table, sets the state and writes
the audit row, in the caller's transaction (the caller commits)."""

from collections.abc import Callable, Collection, Mapping

from .audit import record

Table = Mapping[str, Collection[str]]
Refusal = Callable[[str, str], Exception]


def allowed(table: Table, from_state: str, to_state: str) -> bool:
    return to_state in table.get(from_state, ())


def check(table: Table, from_state: str, to_state: str, refuse: Refusal) -> None:
    """Raise the domain's refusal when the table has no from_state -> to_state."""
    if not allowed(table, from_state, to_state):
        raise refuse(from_state, to_state)


def transition(
    obj,
    to_state: str,
    table: Table,
    *,
    by,
    audit_action: str,
    refuse: Refusal,
    attr: str = "state",
    event_id: int | None = None,
    **details,
) -> str:
    """Move `obj` to `to_state` along `table` and record `audit_action` with both states; returns the
    state it left."""
    from_state = getattr(obj, attr)
    check(table, from_state, to_state, refuse)
    setattr(obj, attr, to_state)
    record(audit_action, obj, event_id=event_id, from_state=from_state, to_state=to_state, user=by, **details)
    return from_state


def claim(
    obj,
    to_state: str,
    table: Table,
    *,
    by,
    audit_action: str,
    refuse: Refusal,
    attr: str = "state",
    event_id: int | None = None,
    values: Mapping | None = None,
    details: Callable[[], dict] | None = None,
) -> str | None:
    """`transition()` as one conditional UPDATE (… WHERE state = from_state), for a state that others
    change at the same moment: of two racing changes exactly one moves the row, on SQLite and PostgreSQL.
    `values` are set in the same UPDATE; the row is read again before the audit row (with `details()`) is
    written. Returns the state it left, or None when another change got there first (the caller rolls back)."""
    from sqlalchemy import CursorResult, update

    from .extensions import db

    model = type(obj)
    from_state = getattr(obj, attr)
    check(table, from_state, to_state, refuse)
    moved: CursorResult = db.session.execute(  # type: ignore[assignment]  # an UPDATE's result has a rowcount
        update(model)
        .where(model.id == obj.id, getattr(model, attr) == from_state)
        .values({getattr(model, attr): to_state, **(values or {})})
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        return None
    db.session.refresh(obj)
    record(
        audit_action,
        obj,
        event_id=event_id,
        from_state=from_state,
        to_state=to_state,
        user=by,
        **(details() if details else {}),
    )
    return from_state
