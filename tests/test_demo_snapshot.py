"""The demo laid back from tests/demo_snapshot.py is the demo seed_demo() makes: the same rows in every
table, the same files, and a database that goes on numbering after them."""

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from raker.demo import seed_demo
from raker.extensions import db
from raker.models import Delegation
from tests import demo_snapshot


@pytest.fixture(autouse=True)
def one_clock_hour():
    """A snapshot is laid back only within the clock hour it was taken in: a test that seeds twice across
    the top of an hour (CI at 03.59) got a fresh seed the second time, with other ids. Each test here
    starts at 01.00 UTC with the clock running."""
    with time_machine.travel(datetime(2026, 8, 9, 1, 0, tzinfo=UTC), tick=True):
        yield


def _contents() -> dict[str, list[tuple]]:
    return {
        table.name: sorted(tuple(repr(v) for v in row) for row in db.session.execute(select(table)))
        for table in db.metadata.sorted_tables
    }


def _instance_files(app) -> dict[str, bytes]:
    root = Path(app.instance_path)
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_laid_back_demo_holds_what_a_fresh_seed_holds(app_factory, monkeypatch):
    monkeypatch.setattr(demo_snapshot, "_snapshots", {})
    day = date(2026, 8, 9)
    first = app_factory()
    with first.app_context():
        seeded = demo_snapshot.seeded_demo(day)  # seeds for real, keeps the snapshot
        fresh, fresh_files = _contents(), _instance_files(first)
    assert len(demo_snapshot._snapshots) == 1
    shutil.rmtree(first.instance_path)  # the second app starts with an empty instance folder
    second = app_factory()
    with second.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        laid_back = demo_snapshot.seeded_demo(day)
        assert laid_back.event.id == seeded.event.id and laid_back.passwords == seeded.passwords
        assert _contents() == fresh
        assert _instance_files(second) == fresh_files != {}
        # the next row gets a new id, not one of the demo's
        paser = db.session.scalar(select(Delegation).where(Delegation.event_id == laid_back.event.id).limit(1))
        copy = Delegation(event_id=paser.event_id, name="Delegasi uji", kind="lainnya")
        db.session.add(copy)
        db.session.commit()
        assert copy.id > max(d.id for d in db.session.scalars(select(Delegation)) if d is not copy)


def test_a_database_with_rows_seeds_for_real(app, monkeypatch):
    monkeypatch.setattr(demo_snapshot, "_snapshots", {})
    seed_demo(date(2026, 8, 9))
    again = demo_snapshot.seeded_demo(date(2026, 8, 9))
    assert again.created is False and demo_snapshot._snapshots == {}


def test_rows_that_point_into_their_own_table_are_laid_back_in_any_order(app, monkeypatch):
    """PostgreSQL hands rows back in the order they sit on disk: a sub-point updated after its
    parent can come first. The snapshot is laid back parents first all the same."""
    monkeypatch.setattr(demo_snapshot, "_snapshots", {})
    day = date(2026, 8, 9)
    demo_snapshot.seeded_demo(day)
    fresh = _contents()
    [snapshot] = demo_snapshot._snapshots.values()
    for rows in snapshot.rows.values():
        rows.reverse()  # every child before its parent
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    demo_snapshot.seeded_demo(day)
    assert _contents() == fresh


def test_a_demo_seeded_on_a_moved_clock_is_not_laid_back_on_the_real_one(app, monkeypatch):
    """A run near a midnight moves the unmarked tests' clocks on (tests/clock.py) but not the browser
    tests': within the same hour a browser test would otherwise get the demo's CRL from its future."""
    from datetime import timedelta

    from tests import clock as clocks

    monkeypatch.setattr(demo_snapshot, "_snapshots", {})
    monkeypatch.setattr(clocks, "current_offset", timedelta(minutes=50))
    demo_snapshot.seeded_demo(date(2026, 8, 9))
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    monkeypatch.setattr(clocks, "current_offset", timedelta(0))
    again = demo_snapshot.seeded_demo(date(2026, 8, 9))
    assert again.event is not None and len(demo_snapshot._snapshots) == 2  # seeded for real: a snapshot of its own
