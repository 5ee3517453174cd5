"""Storing a meeting's settings row (certificates, honorarium): one row per meeting, made on first save."""

from collections.abc import Callable
from datetime import date, time

from sqlalchemy.exc import IntegrityError

from .audit import record
from .extensions import db


def store(event, settings_for: Callable, changes: dict, *, by, action: str):
    """Apply `changes` to the meeting's settings row (settings_for(event) finds or makes it), commit, and
    write an audit row `action` with what changed. Two secretaries saving a meeting's first settings at
    the same moment both succeed: the unique event_id makes one insert fail, and that one then updates."""
    for attempt in range(2):
        settings = settings_for(event)
        changed = {name: value for name, value in changes.items() if getattr(settings, name) != value}
        for name, value in changes.items():
            setattr(settings, name, value)
        settings.updated_by_id = getattr(by, "id", None)
        db.session.add(settings)
        try:
            db.session.flush()
            break
        except IntegrityError:
            db.session.rollback()
            if attempt:
                raise
    if changed:
        record(
            action,
            settings,
            event_id=event.id,
            user=by,
            changed={k: v.isoformat() if isinstance(v, (date, time)) else v for k, v in changed.items()},
        )
    db.session.commit()
    return settings
