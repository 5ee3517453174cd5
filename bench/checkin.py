"""Check-in latency under load: 32 scanners at once against gunicorn.

    python bench/checkin.py [--database postgresql|sqlite] [--scanners 32] [--scans 3000]

Starts gunicorn on a free local port with a fresh database holding approved participants,
then 32 threads (one keep-alive connection each, like 32 phones at the gates) post check-ins:
each participant scanned once (ok) and some twice (already_checked_in). The same stack is
measured side by side on GET /healthz (no database write) as the baseline, and the report
gives percentiles for both and their ratio. Loopback only; bounded in count and time.

Two runs: "paced" — each scanner scans about once a second (a phone at a door cannot go faster:
the person steps up, the result shows for two seconds), i.e. 32 scans/s offered, far above a real
morning queue — which is what the p99 target is about; and "saturated" — no pauses at all, which
measures capacity (scans/s), where latency is just queueing (32 clients / throughput).
"""
import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(database_url: str, participants: int) -> tuple[str, str, list[str]]:
    """Schema, one event, `participants` approved registrations, a petugas token."""
    from raker import create_app
    from raker.auth.services import create_user, issue_token
    from raker.events.services import add_delegation
    from raker.extensions import db
    from raker.models import Registration
    from raker.registration.services import new_checkin_code
    from tests.factories import make_event

    app = create_app({"RAKER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.create_all()
        event = make_event(title="Rapat Kerja Uji Beban")
        delegations = [add_delegation(event, {"name": f"Delegasi {n}", "region_code": f"64.{n:02d}"}) for n in range(1, 11)]
        codes = []
        for n in range(participants):
            code = new_checkin_code()
            codes.append("RK1:" + code)
            db.session.add(Registration(event=event, delegation=delegations[n % 10], full_name=f"Peserta {n}",
                                        asn_status="non_asn", email=f"p{n}@beban.raker.example", state="approved",
                                        checkin_code=code, source="seed"))
        user = create_user("petugas@beban.raker.example", "Petugas", "petugas-beban-1", ["petugas"])
        token = issue_token(user)
        slug = event.slug
        db.session.commit()
        db.engine.dispose()
    return slug, token, codes


def run_load(port: int, requests: list[tuple[str, str, bytes | None]], scanners: int, headers: dict,
             pace: float = 0.0) -> list[float]:
    """Each thread keeps one connection and sends its share, one every `pace` seconds on average
    (0: back to back); returns latencies in ms."""
    latencies: list[float] = []
    lock = threading.Lock()
    shares = [requests[i::scanners] for i in range(scanners)]
    start = threading.Barrier(scanners)

    def scanner(share):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        rng = random.Random(id(share))
        start.wait()
        for method, path, body in share:
            if pace:
                time.sleep(rng.uniform(0.5 * pace, 1.5 * pace))
            began = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - began) * 1000)
            if response.status >= 500:
                raise RuntimeError(f"{path}: {response.status}")
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=scanner, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return latencies


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"n": len(ordered), "p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99), "max": ordered[-1],
            "mean": statistics.fmean(ordered)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--scanners", type=int, default=32)
    parser.add_argument("--scans", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--pace", type=float, default=1.0, help="seconds between scans per scanner (paced run)")
    parser.add_argument("--paced-scans", type=int, default=960, help="scans in the paced run (30 s at 32/s)")
    args = parser.parse_args()

    if args.database == "postgresql":
        import psycopg

        name = f"raker_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        database_url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    else:
        folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"raker-bench-{uuid.uuid4().hex[:8]}"
        folder.mkdir()
        database_url = f"sqlite:///{folder}/bench.db"

    warmup = 320  # every worker thread has served check-ins before the measured runs
    participants = int(args.scans * 0.8) + args.paced_scans + warmup
    slug, token, codes = prepare(database_url, participants)
    rng = random.Random(9)
    warmup_codes, codes = codes[:warmup], codes[warmup:]
    paced_codes, codes = codes[:args.paced_scans], codes[args.paced_scans:]
    scans = codes + rng.sample(codes, args.scans - len(codes))  # 80 % first scans, 20 % repeats
    rng.shuffle(scans)

    def posts(batch):
        return [("POST", f"/api/v1/events/{slug}/checkins",
                 json.dumps({"code": c, "gate": "Pintu", "nonce": uuid.uuid4().hex}).encode()) for c in batch]

    checkin_requests, paced_requests, warmup_requests = posts(scans), posts(paced_codes), posts(warmup_codes)
    health_requests = [("GET", "/healthz", None)] * args.scans

    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench-only", "RAKER_ENV": "production",
           "API_RATE_LIMIT": "1000000 per minute"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(args.workers), "--threads", str(args.threads),
         "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "run:app"],
        cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                   "X-Forwarded-Proto": "https"}
        run_load(port, health_requests[:200], args.scanners, headers)  # warm up: imports, pools, caches
        run_load(port, warmup_requests, args.scanners, headers)
        paced_baseline = percentiles(run_load(port, health_requests[:args.paced_scans], args.scanners, headers,
                                              pace=args.pace))
        paced = percentiles(run_load(port, paced_requests, args.scanners, headers, pace=args.pace))
        baseline = percentiles(run_load(port, health_requests, args.scanners, headers))
        began = time.perf_counter()
        checkins = percentiles(run_load(port, checkin_requests, args.scanners, headers))
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
        if args.database == "postgresql":
            import psycopg

            with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    print(f"database={args.database} gunicorn workers={args.workers} threads={args.threads} "
          f"scanners={args.scanners} saturated scans={args.scans} (20 % repeats) paced scans={args.paced_scans}")
    rows = (("paced  GET /healthz", paced_baseline), ("paced  POST checkins", paced),
            ("saturated GET /healthz", baseline), ("saturated POST checkins", checkins))
    for label, result in rows:
        print(f"{label:24} n={result['n']:5d}  p50={result['p50']:6.1f} ms  p95={result['p95']:6.1f} ms  "
              f"p99={result['p99']:6.1f} ms  max={result['max']:6.1f} ms")
    print(f"paced: ~{args.scanners / args.pace:.0f} scans/s offered; p99 check-in / p99 healthz = "
          f"{paced['p99'] / paced_baseline['p99']:.2f}")
    print(f"saturated: capacity {args.scans / elapsed:.0f} scans/s; p99 ratio {checkins['p99'] / baseline['p99']:.2f}")
    print(f"target (paced p99 < 50 ms): {'met' if paced['p99'] < 50 else 'NOT met'}")


if __name__ == "__main__":
    main()
