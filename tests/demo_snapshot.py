"""The demo meeting for tests that start from it, seeded for real once per worker and laid back into
each later test's empty database.

seed_demo() runs the meeting through the services (registrations, check-ins, the plenary, signers with
their keys): about 1.6 s alone and 3–4 s on a loaded worker, and some fifty tests of the report, the
documents and the browser walks begin with it. The first such test of a worker seeds for real; its
rows and the files it wrote to the instance folder (the demo signers' keys and certificates) are kept,
and a later test on an empty database with the same settings, the same start day and the same clock
hour gets them inserted as they were. The hour is in the key because the rows carry the moment they
were made, and the clock tests run at their own moments. A test that changes the database before
asking, or that is about seeding itself (tests/test_cli.py, tests/sidang/test_demo.py), seeds for real.
tests/test_demo_snapshot.py checks that a laid-back demo holds exactly the rows of a fresh one."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import func, insert, select, text

from raker.demo import SeedResult, seed_demo
from raker.extensions import db
from raker.models import Event
from tests import clock as clocks


@dataclass(frozen=True)
class _Snapshot:
    rows: dict[str, list[dict]]  # by table, in the metadata's dependency order
    files: dict[str, tuple[bytes, int]]  # what seeding wrote under the instance folder: content, mode
    event_id: int
    passwords: dict[str, str]


_snapshots: dict[tuple, _Snapshot] = {}
# Settings that differ from test to test without changing what the demo holds.
_NOT_IN_KEY = {"INSTANCE_PATH", "SQLALCHEMY_DATABASE_URI"}


def seeded_demo(today: date | None = None) -> SeedResult:
    """What seed_demo(today) returns, on this test's database and instance folder."""
    key = _key(today)
    if not _database_is_empty():
        return seed_demo(today)
    snapshot = _snapshots.get(key)
    if snapshot is None:
        instance = Path(current_app.instance_path)
        before = _files(instance)
        result = seed_demo(today)
        db.session.commit()
        after = _files(instance)
        _snapshots[key] = _Snapshot(
            rows={
                table.name: [dict(row._mapping) for row in db.session.execute(select(table))]
                for table in db.metadata.sorted_tables
            },
            files={path: data for path, data in after.items() if before.get(path) != data},
            event_id=result.event.id,
            passwords=dict(result.passwords),
        )
        return result
    _lay_back(snapshot)
    event = db.session.get(Event, snapshot.event_id)
    assert event is not None
    return SeedResult(event, True, dict(snapshot.passwords))


def _key(today: date | None) -> tuple:
    settings = tuple(
        sorted((name, repr(value)) for name, value in current_app.config.items() if name not in _NOT_IN_KEY)
    )
    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    # A test on the real clock (a browser's) never gets the rows of one whose clock was moved on
    # (tests/clock.py): the same hour on both would hand it a CRL from its future.
    return (db.engine.url.render_as_string(hide_password=False), today, hour, clocks.current_offset, settings)


def _database_is_empty() -> bool:
    return all(
        db.session.execute(select(1).select_from(table).limit(1)).first() is None for table in db.metadata.sorted_tables
    )


def _files(instance: Path) -> dict[str, tuple[bytes, int]]:
    if not instance.exists():
        return {}
    return {
        str(path.relative_to(instance)): (path.read_bytes(), path.stat().st_mode & 0o777)
        for path in instance.rglob("*")
        if path.is_file()
    }


def _parents_first(table, rows: list[dict]) -> list[dict]:
    """The rows with each one after the row of its own table it points to (a sub-point after its
    point), whatever order the database gave them in."""
    [key] = [column.name for column in table.primary_key.columns] or [None]
    links = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    if not links or key is None:
        return rows
    placed: set = set()
    ordered: list[dict] = []
    waiting = list(rows)
    while waiting:
        ready = [row for row in waiting if all(row[link] is None or row[link] in placed for link in links)]
        if not ready:
            raise ValueError(f"{table.name}: rows point to rows that are not in the snapshot")
        ordered += ready
        placed.update(row[key] for row in ready)
        waiting = [row for row in waiting if row[key] not in placed]
    return ordered


def _lay_back(snapshot: _Snapshot) -> None:
    for table in db.metadata.sorted_tables:
        rows = snapshot.rows[table.name]
        if rows:
            db.session.execute(insert(table), _parents_first(table, rows))
    if db.engine.dialect.name == "postgresql":
        # Inserted ids leave the sequences where they were: the next row would take id 1 again.
        for table in db.metadata.sorted_tables:
            keys = list(table.primary_key.columns)
            if len(keys) == 1 and keys[0].autoincrement in (True, "auto") and snapshot.rows[table.name]:
                highest = db.session.scalar(select(func.max(keys[0])))
                db.session.execute(
                    text("SELECT setval(pg_get_serial_sequence(:table, :column), :highest)"),
                    {"table": f'"{table.name}"', "column": keys[0].name, "highest": highest},
                )
    db.session.commit()
    instance = Path(current_app.instance_path)
    for relative, (data, mode) in snapshot.files.items():
        path = instance / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        path.chmod(mode)
