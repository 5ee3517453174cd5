"""Audit log: every state change and administrative action writes one row, in the same transaction."""
from flask import has_request_context
from flask_login import current_user

from .extensions import db
from .models import AuditLog


def record(action: str, obj, *, event_id: int | None = None, from_state: str | None = None,
           to_state: str | None = None, user=None, **details) -> AuditLog:
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
    return row
