"""Cost of one build of the plenary's live state (sidang.live.state), the work each gunicorn worker does
after every console change before it pushes to its streams.

    python bench/pleno_state.py [--database postgresql|sqlite] [--delegations 12] [--builds 200]

A meeting with `--delegations` delegations checked in, four topics of six items with two sub-points each,
the item under discussion with every delegation on its speaker list, half of them with an amendment, one
speaking and a closed vote (tests/sidang/test_live_statements.py's hall). Each build starts from a fresh
session, as the push watcher's look does. Reports statements per build and the median and p90 wall time."""

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from checkin import drop_database, load_average, new_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--delegations", type=int, default=12)
    parser.add_argument("--builds", type=int, default=200)
    args = parser.parse_args()

    from sqlalchemy import event as sa_event

    from raker import create_app
    from raker.extensions import db
    from raker.models import Event
    from raker.sidang import live
    from tests.sidang.test_live_statements import _hall

    url, name = new_database(args.database)
    app = create_app({"RAKER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url})
    try:
        with app.app_context():
            db.create_all()
            event_id = _hall(args.delegations, 4, 6)
            counted = []
            me = threading.get_ident()

            def listener(*_args):
                if threading.get_ident() == me:
                    counted.append(1)

            times = []
            for n in range(args.builds + 10):
                db.session.remove()
                event = db.session.get(Event, event_id)
                counted.clear()
                sa_event.listen(db.engine, "before_cursor_execute", listener)
                began = time.perf_counter()
                live.state(event)
                elapsed = (time.perf_counter() - began) * 1000
                sa_event.remove(db.engine, "before_cursor_execute", listener)
                if n >= 10:  # the first builds warm the caches
                    times.append(elapsed)
            times.sort()
            print(
                f"{args.database}, {args.delegations} delegations, load {load_average()}: "
                f"{len(counted)} statements per build, median {statistics.median(times):.1f} ms, "
                f"p90 {times[int(0.9 * len(times))]:.1f} ms over {len(times)} builds"
            )
            db.session.remove()
            db.engine.dispose()
    finally:
        drop_database(name)


if __name__ == "__main__":
    main()
