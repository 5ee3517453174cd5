"""The plenary's change counter: every change the live pages show moves it, in the change's own
transaction (push.py watches it; the services that change the plenary import only this)."""

from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import CursorResult

from ..extensions import db
from ..models import SidangSettings


def touch(event_id: int) -> None:
    """Mark the meeting's live state changed; call inside the change's transaction, before its commit."""
    moved: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]  # an UPDATE's result has a rowcount
        update(SidangSettings)
        .where(SidangSettings.event_id == event_id)
        .values(live_version=SidangSettings.live_version + 1)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount == 0:  # the meeting's first change: its settings row is made with the defaults
        db.session.add(SidangSettings(event_id=event_id, quorum="half", speaking_seconds=180, live_version=1))
        db.session.flush()
