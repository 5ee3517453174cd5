"""INSERT … ON CONFLICT DO NOTHING statements are compiled once, not at every scan."""

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from raker.checkin import sessions
from raker.checkin.conflicts import insert_or_nothing
from raker.checkin.services import _statements
from raker.models import CheckIn, Scan

DIALECTS = {"postgresql": postgresql.dialect(), "sqlite": sqlite.dialect()}


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_door_statements_have_a_cache_key(dialect):
    # SQLAlchemy 2.0's own ON CONFLICT clause has none: every execution compiled the SQL again.
    for statement in (*_statements(dialect), sessions._new_attendance(dialect)):
        assert statement._generate_cache_key() is not None


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_key_tells_conflict_targets_apart(dialect):
    def key(*args):
        return insert_or_nothing(*args)._generate_cache_key().key

    active = CheckIn.__table__.c.undone_at.is_(None)
    assert key(CheckIn, dialect, ("registration_id", "day"), active) == key(
        CheckIn, dialect, ("registration_id", "day"), active
    )
    assert key(CheckIn, dialect, ("registration_id", "day"), active) != key(
        CheckIn, dialect, ("registration_id", "day")
    )
    assert key(Scan, dialect, ("event_id", "nonce")) != key(Scan, dialect, ("event_id", "code"))


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_sql_is_still_insert_or_nothing(dialect):
    checkin, scan = (str(s.compile(dialect=DIALECTS[dialect])) for s in _statements(dialect))
    assert "ON CONFLICT (registration_id, day) WHERE undone_at IS NULL DO NOTHING RETURNING" in checkin
    assert "ON CONFLICT (event_id, nonce) DO NOTHING RETURNING" in scan
