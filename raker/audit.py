"""Audit log: every state change and administrative action writes one row, in the same transaction."""

import logging

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import select

from .extensions import db
from .models import AuditLog, utcnow

log = logging.getLogger(__name__)


def record(
    action: str,
    obj,
    *,
    event_id: int | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    user=None,
    **details,
) -> AuditLog:
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    row = AuditLog(
        action=action,
        object_type=type(obj).__name__ if obj is not None else "-",  # None: e.g. a failed login of no account
        object_id=getattr(obj, "id", None),
        event_id=event_id if event_id is not None else getattr(obj, "event_id", None),
        from_state=from_state,
        to_state=to_state,
        user_id=getattr(user, "id", None),
        details=details,
    )
    db.session.add(row)
    # A state change is worth a line in the server's log; other actions only when asked for (DEBUG).
    log.log(
        logging.INFO if to_state is not None else logging.DEBUG,
        "state change" if to_state is not None else "audit",
        extra={
            "action": action,
            "object_type": row.object_type,
            "object_id": row.object_id,
            "event_id": row.event_id,
            "from_state": from_state,
            "to_state": to_state,
            "user_id": row.user_id,
        },
    )
    return row


def record_hourly(action: str, obj, *, user, event_id: int | None = None, **details) -> None:
    """For reads a machine repeats (a scanner fetches its offline data every few minutes): one row per
    person, action and meeting per clock hour, committed at once."""
    since = utcnow().replace(minute=0, second=0, microsecond=0)
    seen = db.session.scalar(
        select(AuditLog.id)
        .where(
            AuditLog.action == action, AuditLog.user_id == user.id, AuditLog.event_id == event_id, AuditLog.at >= since
        )
        .limit(1)
    )
    if seen is None:
        record(action, obj, event_id=event_id, user=user, **details)
        db.session.commit()
