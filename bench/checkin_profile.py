"""What one check-in request costs: SQL statements (with their text) and CPU, in process.

    python bench/checkin_profile.py [--database postgresql|sqlite] [--requests 300] [--cprofile | --pyinstrument]

A fresh database with approved participants and a petugas token; requests go through the whole
Flask stack (test client: routing, token check, JSON, redeem, response) but not gunicorn or HTTP.
Prints the statements of a first scan, a repeat scan (already_checked_in), a retried nonce, an
invalid code and GET /healthz; then the mean CPU time per request over `--requests` first scans
(and with --cprofile the functions that cost most). With --bare, the same for bench/bare_app.py (the
ceiling bench/checkin.py measures: one indexed lookup, one insert) in the same process and database,
and the ratio of the two: on a shared machine a steadier guide than the load test's throughput.
Loopback database only.
"""

import argparse
import cProfile
import json
import pstats
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument(
        "--pyinstrument",
        action="store_true",
        help="a pyinstrument call tree of the first scans (requirements-dev.txt), printed at the end",
    )
    parser.add_argument(
        "--bare", action="store_true", help="also bench/bare_app.py in process, and Raker's CPU against it"
    )
    parser.add_argument(
        "--no-pre-ping",
        action="store_true",
        help="without pool_pre_ping (one round trip less a request), to see what it costs",
    )
    args = parser.parse_args()

    from checkin import drop_database, new_database, prepare  # the load benchmark's database helpers
    from sqlalchemy import event as sa_event

    from raker import create_app
    from raker.extensions import db

    database_url, name = new_database(args.database)
    try:
        slug, token, codes = prepare(database_url, args.requests * (2 if args.bare else 1) + 20)
        bare_codes, codes = (codes[-args.requests :], codes[: -args.requests]) if args.bare else ([], codes)
        app = create_app(
            {
                "RAKER_ENV": "production",
                "SQLALCHEMY_DATABASE_URI": database_url,
                "SECRET_KEY": "bench-only",
                "API_RATE_LIMIT": "1000000 per minute",
                "PUBLIC_BASE_URL": "http://localhost",  # the test client's host
                **({"SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False}} if args.no_pre_ping else {}),
            }
        )
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}", "X-Forwarded-Proto": "https"}
        url = f"/api/v1/events/{slug}/checkins"
        statements: list[str] = []
        with app.app_context():
            engine = db.engine

        @sa_event.listens_for(engine, "before_cursor_execute")
        def count(_conn, _cursor, statement, _parameters, _context, _executemany):
            statements.append(" ".join(statement.split()))

        def show(label, method, path, body=None):
            statements.clear()
            response = client.open(path, method=method, json=body, headers=headers)
            print(
                f"{label}: HTTP {response.status_code} {response.json.get('status', '')} — "
                f"{len(statements)} SQL statements"
            )
            for text in statements:
                print("    " + (text if len(text) <= 160 else text[:157] + "..."))

        show("warm-up", "POST", url, {"code": codes[0], "nonce": "warm"})
        show("first scan", "POST", url, {"code": codes[1], "gate": "Pintu", "nonce": "n-1"})
        show("repeat scan", "POST", url, {"code": codes[1], "gate": "Pintu", "nonce": "n-2"})
        show("retried nonce", "POST", url, {"code": codes[1], "gate": "Pintu", "nonce": "n-2"})
        show("invalid code", "POST", url, {"code": "RK1:" + "A" * 26, "nonce": "n-3"})
        show("GET /healthz", "GET", "/healthz")

        bodies = [json.dumps({"code": c, "gate": "Pintu", "nonce": uuid.uuid4().hex}) for c in codes[20:]]
        bare_round = None
        if args.bare:
            import os

            os.environ["DATABASE_URL"] = database_url
            from bare_app import app as bare

            bare_client = bare.test_client()
            bare_bodies = [json.dumps({"code": c, "gate": "Pintu", "nonce": uuid.uuid4().hex}) for c in bare_codes]
            timed(bare_client, "/bare/checkins", bare_bodies[:20], headers)  # its pool and statement caches
            bare_left = bare_bodies[20:]

            def bare_round(size):  # one round of the ceiling between two of Raker's: both meet the same moments
                nonlocal bare_left
                chunk, bare_left = bare_left[:size], bare_left[size:]
                return timed(bare_client, "/bare/checkins", chunk, headers)

        profiler = cProfile.Profile() if args.cprofile else None
        sampler = None
        if args.pyinstrument:
            from pyinstrument import Profiler

            sampler = Profiler(interval=0.0002)
        rounds, bare_rounds = [], []
        for start in range(0, len(bodies), 50):
            if profiler:
                profiler.enable()
            if sampler:
                sampler.start()
            rounds += timed(client, url, bodies[start : start + 50], headers)
            if profiler:
                profiler.disable()
            if sampler:
                sampler.stop()  # pyinstrument keeps adding to one profile across start and stop
            if bare_round:
                bare_rounds += bare_round(50)
        health = []
        for _ in range(max(1, len(rounds))):
            began, cpu = time.perf_counter(), time.process_time()
            for _ in range(50):
                client.get("/healthz")
            health.append(((time.perf_counter() - began) / 50, (time.process_time() - cpu) / 50))
        measured = [(f"{len(bodies)} first scans", rounds), ("GET /healthz", health)]
        if bare_rounds:
            measured.append(("bare ceiling", bare_rounds))
        for label, values in measured:
            print(
                f"{label} in process (rounds of 50; this process only, not the database): "
                f"wall best {1000 * min(w for w, _ in values):.2f} ms, median "
                f"{1000 * statistics.median(w for w, _ in values):.2f} ms; CPU best "
                f"{1000 * min(c for _, c in values):.2f} ms, median {1000 * statistics.median(c for _, c in values):.2f} ms"
            )
        if bare_rounds:
            ratios = sorted(b[1] / r[1] for r, b in zip(rounds, bare_rounds, strict=False))
            best = min(c for _, c in bare_rounds) / min(c for _, c in rounds)
            print(
                f"CPU a scan, bare / Raker, round by round: median {statistics.median(ratios):.0%} "
                f"(quartiles {ratios[len(ratios) // 4]:.0%}–{ratios[3 * len(ratios) // 4]:.0%}); best against best {best:.0%}"
            )
        if profiler:
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        if sampler:
            print(sampler.output_text(unicode=False, color=False, show_all=False))
        with app.app_context():
            db.engine.dispose()
    finally:
        drop_database(name)


def timed(client, url: str, bodies: list[str], headers: dict) -> list[tuple[float, float]]:
    """(wall, cpu) per request, in rounds of 50: the best round is the least disturbed."""
    rounds = []
    for start in range(0, len(bodies), 50):
        chunk = bodies[start : start + 50]
        began, cpu = time.perf_counter(), time.process_time()
        for body in chunk:
            client.post(url, data=body, content_type="application/json", headers=headers)
        rounds.append(((time.perf_counter() - began) / len(chunk), (time.process_time() - cpu) / len(chunk)))
    return rounds


if __name__ == "__main__":
    main()
