"""Check-in latency under load: 32 scanners at once against gunicorn.

    python bench/checkin.py [--database postgresql|sqlite] [--workers 4 --threads 8] [--generator auto|wrk|python]

Starts gunicorn on a free local port with a fresh database holding approved participants, then 32
keep-alive connections (like 32 phones at the gates) post check-ins, each with its own code and nonce.
The same stack is measured side by side on GET /healthz (one `SELECT 1`, no write) as the baseline,
and the report gives percentiles for both and their ratio. Then the ceiling: bench/bare_app.py, a bare
Flask endpoint doing one indexed lookup and one insert on the same database, under the same gunicorn
settings and generator, saturated; the targets (at least 70 % of its throughput, paced p99 under
50 ms) are printed as MET / NOT MET. Loopback only; bounded in time.

Two runs: "paced" — each scanner scans about once a second (a phone at a door cannot go faster:
the person steps up, the result shows for two seconds), i.e. 32 scans/s offered, far above a real
morning queue — which is what the p99 target is about; and "saturated" — no pauses at all, which
measures capacity (scans/s), where latency is just queueing (32 clients / throughput); 20 % of its
scans are second scans of a badge (already_checked_in).

Load generators: the paced runs use Python threads (http.client), the saturated run Debian's `wrk`
(compiled, ~20 µs of CPU a request; `apt-get install wrk`) driven by bench/checkin.lua, or Python
threads when wrk is missing (then the saturated figures include the generator's own CPU, about as
much per request as the server's: the script says so). Why not wrk for the paced runs: wrk opens all
its connections at once and then waits the pause before the first request on each, and a gunicorn
gthread worker gives a fresh connection a thread until its first request arrives (up to 5 s): with
32 idle fresh connections every thread waits, and requests on the other connections queue for about
half a second. A phone (or a reverse proxy) sends its request as soon as it connects, which is what
the Python scanners do: each connects just before its first scan. At 32 requests a second their
cost is small.

With two or more cores, gunicorn is pinned to core 1 and the generators to core 0 (`taskset`), so
that the generator does not queue behind the server; PostgreSQL is not pinned. The paced runs
alternate between /healthz and check-ins in rounds, so both meet the same moments of a busy
machine. The load average (`uptime`) is printed with each figure: other programs on the machine
move the tail.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def wait_for(port: int, seconds: float = 90) -> None:
    """Until gunicorn listens: on a busy machine loading the app (--preload) took more than 10 s."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not listen on port {port} within {seconds:.0f} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(database_url: str, participants: int) -> tuple[str, str, list[str]]:
    """Schema, one event, `participants` approved registrations, a petugas token."""
    from raker import create_app
    from raker.auth.services import create_user, grant_event_role, issue_token
    from raker.checkin.codes import new_checkin_code
    from raker.events.services import add_delegation
    from raker.extensions import db
    from raker.models import Registration
    from tests.factories import make_event

    app = create_app({"RAKER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.create_all()
        event = make_event(title="Rapat Kerja Uji Beban")
        delegations = [
            add_delegation(event, {"name": f"Delegasi {n}", "region_code": f"64.{n:02d}"}) for n in range(1, 11)
        ]
        codes = []
        for n in range(participants):
            code = new_checkin_code()
            codes.append("RK1:" + code)
            db.session.add(
                Registration(
                    event=event,
                    delegation=delegations[n % 10],
                    full_name=f"Peserta {n}",
                    asn_status="non_asn",
                    email=f"p{n}@beban.raker.example",
                    state="approved",
                    checkin_code=code,
                    source="seed",
                )
            )
        user = create_user("petugas@beban.raker.example", "Petugas", "petugas-beban-1", ["petugas"])
        grant_event_role(event, user, "petugas")  # staff rights are per meeting
        token = issue_token(user)
        slug = event.slug
        db.session.commit()
        db.engine.dispose()
    return slug, token, codes


def run_python(
    port: int, path: str, bodies: list[bytes] | None, scanners: int, headers: dict, pace: float, seconds: float
) -> dict:
    """The fallback generator: one thread and one keep-alive connection per scanner, for `seconds`."""
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    feed = iter(bodies) if bodies is not None else None
    start = threading.Barrier(scanners)
    deadline = [0.0]

    def scanner(number):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        rng = random.Random(number)
        mine, seen = [], {}
        start.wait()
        while True:
            if pace:
                time.sleep(rng.uniform(0.5 * pace, 1.5 * pace))
            if time.perf_counter() > deadline[0]:
                break
            if feed is not None:
                with lock:
                    body = next(feed, None)
                if body is None:
                    break
                method = "POST"
            else:
                method, body = "GET", None
            began = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - began) * 1000)
            seen[str(response.status)] = seen.get(str(response.status), 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for status, n in seen.items():
                statuses[status] = statuses.get(status, 0) + n

    threads = [threading.Thread(target=scanner, args=(n,)) for n in range(scanners)]
    began = time.perf_counter()
    deadline[0] = began + seconds
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    histogram: dict[int, int] = {}
    for value in latencies:
        histogram[round(value * 1000)] = histogram.get(round(value * 1000), 0) + 1
    return {
        "n": len(latencies),
        "statuses": statuses,
        "duration_s": time.perf_counter() - began,
        "histogram_us": histogram,
    }


def run_wrk(
    port: int,
    path: str,
    bodies: list[bytes] | None,
    scanners: int,
    token: str,
    pace: float,
    seconds: float,
    pin: list[str],
    strict: bool = True,
) -> dict:
    """wrk with bench/checkin.lua: `scanners` connections on one thread, each body sent once."""
    bodies_file = "-"
    if bodies is not None:
        handle = Path(os.environ.get("TMPDIR", "/tmp")) / f"raker-bench-bodies-{uuid.uuid4().hex[:8]}.txt"
        handle.write_bytes(b"\n".join(bodies) + b"\n")
        bodies_file = str(handle)
    try:
        output = subprocess.run(
            [
                *pin,
                "wrk",
                "-t1",
                f"-c{scanners}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "30s",
                "-s",
                str(ROOT / "bench" / "checkin.lua"),
                f"http://127.0.0.1:{port}{path}",
                "--",
                bodies_file,
                str(int(pace * 1000)),
                token,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 120,
        )
        if output.returncode:
            raise RuntimeError(f"wrk failed: {output.stderr or output.stdout}")
        output = output.stdout
    finally:
        if bodies is not None:
            Path(bodies_file).unlink()
    line = next(row for row in output.splitlines() if row.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    result["n"] = result.pop("requests")
    result["histogram_us"] = {int(k): v for k, v in result["histogram_us"].items()}
    if result["exhausted"] and strict:
        raise RuntimeError(
            f"wrk ran out of distinct check-in bodies ({result['exhausted']} repeated): raise --rate-guess"
        )
    return result


def merged(results: list[dict]) -> dict:
    """Several runs as one: counts added, latency percentiles (ms) from the summed histograms."""
    histogram: dict[int, int] = {}
    statuses: dict[str, int] = {}
    for result in results:
        for value, count in result["histogram_us"].items():
            histogram[value] = histogram.get(value, 0) + count
        for status, count in result["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    values = sorted(histogram)
    total = sum(histogram.values())

    def pick(q: float) -> float:
        rank, seen = min(total - 1, int(q * total)), 0
        for value in values:
            seen += histogram[value]
            if seen > rank:
                return value / 1000
        return values[-1] / 1000

    return {
        "n": total,
        "p50": pick(0.50),
        "p95": pick(0.95),
        "p99": pick(0.99),
        "max": values[-1] / 1000,
        "statuses": statuses,
        "duration_s": sum(r["duration_s"] for r in results),
        "load": f"{results[0]['load'].split(' -> ')[0]} -> {results[-1]['load'].split(' -> ')[1]}",
    }


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def new_database(kind: str) -> tuple[str, str | None]:
    """A scratch database for one run: (SQLAlchemy URL, the PostgreSQL database's name or None)."""
    if kind == "postgresql":
        import psycopg

        name = f"raker_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", name
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"raker-bench-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    return f"sqlite:///{folder}/bench.db", None


def drop_database(name: str | None) -> None:
    if name is not None:
        import psycopg

        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--scanners", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--worker-class", default="gthread", help="gthread (default) or sync (then --threads is ignored)"
    )
    parser.add_argument(
        "--generator",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="for the saturated run: wrk when installed (apt-get install wrk), else Python threads",
    )
    parser.add_argument(
        "--paced-generator",
        choices=("python", "wrk"),
        default="python",
        help="for the paced runs (see the module docstring for why Python by default)",
    )
    parser.add_argument("--no-pin", action="store_true", help="do not pin server and generator to separate cores")
    parser.add_argument("--pace", type=float, default=1.0, help="seconds between scans per scanner (paced run)")
    parser.add_argument("--paced-seconds", type=float, default=30, help="per endpoint, in --rounds rounds")
    parser.add_argument(
        "--rounds",
        type=int,
        default=6,
        help="paced runs alternate between /healthz and check-ins in this many rounds, so that "
        "both meet the same moments of a busy machine",
    )
    parser.add_argument("--saturated-seconds", type=float, default=10)
    parser.add_argument(
        "--rate-guess",
        type=int,
        default=500,
        help="highest scans/s expected when saturated (how many distinct codes to prepare)",
    )
    parser.add_argument("--gunicorn-arg", action="append", default=[], help="extra gunicorn option (repeatable)")
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="niceness for gunicorn and the generator, e.g. -10 on a machine shared with other "
        "jobs (root only; PostgreSQL keeps its own); printed with the results",
    )
    args = parser.parse_args()

    generator = args.generator
    if generator in ("auto", "wrk") and shutil.which("wrk") is None:
        if generator == "wrk":
            sys.exit("wrk is not installed: apt-get install wrk (Debian), or --generator python")
        print(
            "NOTE: wrk not found (apt-get install wrk); using Python threads as the load generator. They cost\n"
            "about as much CPU per request as the server, so on a small machine the figures are worse than the\n"
            "server's own latency."
        )
        generator = "python"
    elif generator == "auto":
        generator = "wrk"
    cores = os.cpu_count() or 1
    pin = not args.no_pin and cores >= 2 and shutil.which("taskset") is not None
    server_pin, generator_pin = (["taskset", "-c", "1"], ["taskset", "-c", "0"]) if pin else ([], [])
    if args.nice:
        server_pin, generator_pin = (
            ["nice", "-n", str(args.nice), *server_pin],
            ["nice", "-n", str(args.nice), *generator_pin],
        )

    database_url, name = new_database(args.database)

    warmup = 400  # every worker thread has served check-ins before the measured runs
    paced_count = int(args.scanners / args.pace * args.paced_seconds * 1.3) + 50 * args.rounds
    saturated_count = int(args.rate_guess * args.saturated_seconds)
    first_scans = int(saturated_count * 0.8)
    began = time.perf_counter()
    slug, token, codes = prepare(database_url, warmup + paced_count + first_scans)
    if name is not None:
        import psycopg

        # As on the morning of a meeting: the data loaded long before, statistics fresh, no autovacuum
        # of a just-filled table running into the measurement.
        with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={name}", autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    print(f"prepared {len(codes)} approved participants in {time.perf_counter() - began:.1f} s")
    rng = random.Random(9)
    warmup_codes, codes = codes[:warmup], codes[warmup:]
    paced_codes, codes = codes[:paced_count], codes[paced_count:]
    scans = codes + rng.choices(codes, k=saturated_count - len(codes))  # 80 % first scans, 20 % repeats
    rng.shuffle(scans)

    def bodies(batch):
        return [json.dumps({"code": c, "gate": "Pintu", "nonce": uuid.uuid4().hex}).encode() for c in batch]

    checkin_path = f"/api/v1/events/{slug}/checkins"
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only",
        "RAKER_ENV": "production",
        "API_RATE_LIMIT": "1000000 per minute",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    command = [
        *server_pin,
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(args.workers),
        *(["--threads", str(args.threads)] if args.worker_class == "gthread" else []),
        "--worker-class",
        args.worker_class,
        "--preload",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        *args.gunicorn_arg,
        "run:app",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    if pin:  # the Python generator's threads run in this process
        os.sched_setaffinity(0, {0})
    if args.nice:
        os.nice(args.nice)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "X-Forwarded-Proto": "https"}

    def run(path, batch, pace, seconds, strict=True):
        before = load_average()
        if (args.paced_generator if pace else generator) == "wrk":
            result = run_wrk(port, path, batch, args.scanners, token, pace, seconds, generator_pin, strict)
        else:
            result = run_python(port, path, batch, args.scanners, headers, pace, seconds)
        result["load"] = f"{before} -> {load_average()}"
        return result

    try:
        wait_for(port)
        # Warm up every worker (statement caches, pools): a new connection for each request, so that
        # every worker accepts some (a kept-alive connection stays with the worker that accepted it).
        closing = {**headers, "Connection": "close"}
        run_python(port, "/healthz", None, args.scanners, closing, 0, 2)
        run_python(port, checkin_path, bodies(warmup_codes), args.scanners, closing, 0, 5)
        paced_health, paced_checkins = [], []
        round_seconds = args.paced_seconds / args.rounds
        remaining = bodies(paced_codes)
        for number in range(args.rounds):
            order = ("health", "checkins") if number % 2 == 0 else ("checkins", "health")
            for what in order:
                if what == "health":
                    paced_health.append(run("/healthz", None, args.pace, round_seconds))
                else:
                    result = run(checkin_path, remaining, args.pace, round_seconds)
                    remaining = remaining[result["n"] + args.scanners :]  # a connection may have one in flight
                    paced_checkins.append(result)
        paced_baseline, paced = merged(paced_health), merged(paced_checkins)
        baseline = merged([run("/healthz", None, 0, args.saturated_seconds)])
        checkins = merged([run(checkin_path, bodies(scans), 0, args.saturated_seconds)])
        server.terminate()
        server.wait(timeout=30)
        # The ceiling: bench/bare_app.py (one indexed lookup, one insert) on the same database, the
        # same gunicorn settings and the same generator, right after.
        server = subprocess.Popen([*command[:-1], "bench.bare_app:app"], cwd=ROOT, env=env)
        wait_for(port)
        run_python(port, "/bare/checkins", bodies(warmup_codes), args.scanners, closing, 0, 5)
        ceiling = merged([run("/bare/checkins", bodies(scans), 0, args.saturated_seconds)])
    finally:
        server.terminate()
        server.wait(timeout=30)
        drop_database(name)

    where = "gunicorn on core 1, generator on core 0, PostgreSQL unpinned" if pin else "nothing pinned"
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  {cores} cores; database={args.database}; "
        f"gunicorn {args.worker_class} workers={args.workers}"
        f"{f' threads={args.threads}' if args.worker_class == 'gthread' else ''} {' '.join(args.gunicorn_arg)}; "
        f"generator: paced {args.paced_generator}, saturated {generator}; {where}; scanners={args.scanners}"
        + (f"; gunicorn and generator at nice {args.nice}" if args.nice else "")
    )
    rows = (
        ("paced  GET /healthz", paced_baseline),
        ("paced  POST checkins", paced),
        ("saturated GET /healthz", baseline),
        ("saturated POST checkins", checkins),
        ("saturated bare ceiling", ceiling),
    )
    for label, result in rows:
        statuses = " ".join(f"{k}:{v}" for k, v in sorted(result["statuses"].items()))
        print(
            f"{label:24} n={result['n']:5d}  p50={result['p50']:6.1f} ms  p95={result['p95']:6.1f} ms  "
            f"p99={result['p99']:6.1f} ms  max={result['max']:6.1f} ms  [{statuses}]  load {result['load']}"
        )
    print(
        "paced p99 per round, healthz / check-in (ms): "
        + ", ".join(
            f"{merged([h])['p99']:.0f}/{merged([c])['p99']:.0f}"
            for h, c in zip(paced_health, paced_checkins, strict=True)
        )
    )
    print(
        f"paced: ~{args.scanners / args.pace:.0f} scans/s offered; check-in / healthz: "
        f"p50 {paced['p50'] / paced_baseline['p50']:.2f}x, p99 {paced['p99'] / paced_baseline['p99']:.2f}x"
    )
    print(
        f"saturated: capacity {checkins['n'] / checkins['duration_s']:.0f} scans/s "
        f"(healthz {baseline['n'] / baseline['duration_s']:.0f} req/s, ratio "
        f"{baseline['n'] / baseline['duration_s'] / (checkins['n'] / checkins['duration_s']):.2f}x); "
        f"p99 ratio {checkins['p99'] / baseline['p99']:.2f}x"
    )
    capacity, bare = checkins["n"] / checkins["duration_s"], ceiling["n"] / ceiling["duration_s"]
    print(
        f"ceiling: the bare stack (one indexed lookup + one insert) {bare:.0f} scans/s; Raker {capacity:.0f} = "
        f"{capacity / bare:.0%} of it"
    )
    print(
        f"  {'MET' if capacity / bare >= 0.70 else 'NOT MET':8} check-in at least 70 % of the ceiling's throughput: "
        f"{capacity / bare:.0%}"
    )
    print(
        f"  {'MET' if paced['p99'] < 50 else 'NOT MET':8} paced p99 under 50 ms at {args.scanners} scanners: "
        f"{paced['p99']:.1f} ms"
    )


if __name__ == "__main__":
    main()
