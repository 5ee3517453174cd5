"""Every secretariat and public page at two meeting sizes: SQL statements per request and latency.

    python bench/pages.py                          # 200 and 10,000 participants, SQLite
    python bench/pages.py --database postgresql    # PostgreSQL at 127.0.0.1:5432, user postgres
    python bench/pages.py --quick                  # 200 and 2,000, fewer repeats

Both meetings are seeded in one fresh database (tests/scale.py: bulk inserts, half checked in on day
1, certificates issued) and every page (the GET rules of the URL map that are not file downloads,
tests.scale.page_rules) is requested through the Flask test client as the admin, first on the small
meeting then on the large one, interleaved, `--repeats` times each. Printed per page: the statement
count at each size, p50 and p99 of the wall time, the large/small ratio of the p50, the size of the
HTML; and at the end the target of issue 15 as MET / NOT MET: every page's p50 under 100 ms at the
large size, with a statement count that does not grow. No HTTP, no gunicorn: the app's own work.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TARGET_MS = 100


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sizes", default=None, help="two sizes, small,large (default 200,10000)")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--only", default=None, help="a substring of the rules to request")
    args = parser.parse_args()
    small_size, large_size = (int(s) for s in (args.sizes or ("200,2000" if args.quick else "200,10000")).split(","))
    repeats = args.repeats or (5 if args.quick else 15)

    from checkin import drop_database, load_average, new_database
    from flask import url_for
    from flask_login import FlaskLoginClient
    from sqlalchemy import event as sa_event

    from raker import create_app
    from raker.extensions import db
    from tests.factories import make_user
    from tests.scale import meeting_for_pages, page_rules, page_url_values

    url, name = new_database(args.database)
    try:
        app = create_app(
            {"RAKER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url, "PUBLIC_BASE_URL": "http://localhost"}
        )
        app.test_client_class = FlaskLoginClient
        with app.app_context():
            db.create_all()
            began = time.perf_counter()
            meetings = [
                meeting_for_pages(small_size, "Rapat Kerja Kecil"),
                meeting_for_pages(large_size, "Rapat Kerja Besar"),
            ]
            admin = make_user("admin", "admin.bench@uji.raker.example")
            db.session.commit()
            print(
                f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  {args.database}  meetings of {small_size:,} and "
                f"{large_size:,} seeded in {time.perf_counter() - began:.1f} s  repeats {repeats}  load {load_average()}"
            )
            with app.test_request_context():
                urls = [
                    (rule.rule, [url_for(rule.endpoint, **page_url_values(rule, m)) for m in meetings])
                    for rule in page_rules(app)
                    if not args.only or args.only in rule.rule
                ]
            engine = db.engine
            client = app.test_client(user=admin)
            db.session.remove()
        statements = []
        sa_event.listen(engine, "before_cursor_execute", lambda *_: statements.append(1))

        def request(path):
            statements.clear()
            with app.app_context():
                start = time.perf_counter()
                response = client.get(path)
                body = response.get_data()
                elapsed = (time.perf_counter() - start) * 1000
            return response.status_code, len(statements), elapsed, len(body)

        rows = []
        for rule, (small_url, large_url) in sorted(urls):
            first = [request(small_url), request(large_url)]  # warm-up, and the statement counts
            if first[0][0] != 200 or first[1][0] != 200:
                continue
            times = ([], [])
            for _ in range(repeats):
                for index, path in enumerate((small_url, large_url)):
                    times[index].append(request(path)[2])
            rows.append(
                (
                    rule,
                    first[0][1],
                    first[1][1],
                    statistics.median(times[0]),
                    percentile(times[0], 0.99),
                    statistics.median(times[1]),
                    percentile(times[1], 0.99),
                    first[1][3],
                )
            )

        print(
            f"\n{'page':58} {'stmts':>11} {'p50 / p99 ms at ' + format(small_size, ','):>22} "
            f"{'p50 / p99 ms at ' + format(large_size, ','):>24} {'ratio':>6} {'HTML':>8}"
        )
        slow, grown = [], []
        for rule, n_small, n_large, p50s, p99s, p50l, p99l, size in rows:
            print(
                f"{rule[:58]:58} {n_small:>5}/{n_large:<5} {p50s:10.1f} / {p99s:8.1f} {p50l:12.1f} / {p99l:8.1f} "
                f"{p50l / p50s:6.2f} {size / 1000:7.0f}k"
            )
            if p50l >= TARGET_MS:
                slow.append(f"{rule} {p50l:.0f} ms")
            if n_large > n_small:
                grown.append(f"{rule} {n_small} -> {n_large}")
        print(f"\n{len(rows)} pages answered 200 on both meetings.  load {load_average()}")
        print(
            f"  {'MET' if not slow else 'NOT MET':8} every page's p50 under {TARGET_MS} ms at {large_size:,}"
            + ("" if not slow else f": {len(slow)} over — " + "; ".join(slow))
        )
        print(
            f"  {'MET' if not grown else 'NOT MET':8} statement counts do not grow from {small_size:,} to {large_size:,}"
            + ("" if not grown else ": " + "; ".join(grown))
        )
    finally:
        drop_database(name)


if __name__ == "__main__":
    main()
