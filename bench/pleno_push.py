"""Push latency of the plenary: 200 event-stream clients (phones and projectors) follow the console.

    python bench/pleno_push.py [--database postgresql|sqlite] [--clients 200] [--changes 20]
                               [--workers 2 --threads 200]

Starts gunicorn (gthread) on a free local port with a fresh database holding a meeting with ten
delegations checked in and a rumusan of two items, opens `--clients` event streams
(/events/<slug>/pleno/stream, as the projector and the delegates' phones do), then makes `--changes`
console changes one after another (the item under discussion switches between the two, through
sidang.decisions.set_current_item in this process, as the console's POST does, commit included) and
measures, for every client, the time from just before the change to the arrival of the state that
shows it. The baseline in the same run and the same gunicorn: a bare event stream (/bare/stream, a
WSGI wrapper around the app made here) whose per-process watcher thread checks a file in /dev/shm at
the same interval (PLENO_PUSH_INTERVAL) and sends its content — the same thread per stream, polling
interval and fan-out, without the database check, the state's queries and its JSON. The changes
alternate between the two, so both meet the same moments of a busy machine. Loopback only.

The streams are opened for the whole run (PLENO_STREAM_SECONDS is raised for it): reconnects are
not measured; a browser reconnecting sends Last-Event-ID and gets any change it missed at once.
"""

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from checkin import drop_database, free_port, load_average, new_database  # noqa: E402

TRIGGER = Path("/dev/shm" if Path("/dev/shm").is_dir() else os.environ.get("TMPDIR", "/tmp")) / "raker-bench-bare"


def bare(app, interval: float):
    """The baseline: /bare/stream sends the trigger file's content whenever its mtime moves; else the app."""
    condition = threading.Condition()
    current = {"stamp": None, "body": ""}

    def watch():
        while True:
            try:
                stamp = TRIGGER.stat().st_mtime_ns
                if stamp != current["stamp"]:
                    body = TRIGGER.read_text()
                    with condition:
                        current.update(stamp=stamp, body=body)
                        condition.notify_all()
            except FileNotFoundError:
                pass
            time.sleep(interval)

    started = []

    def wsgi(environ, start_response):
        if environ.get("PATH_INFO") != "/bare/stream":
            return app(environ, start_response)
        if not started:
            started.append(threading.Thread(target=watch, daemon=True))
            started[0].start()

        def generate():
            seen = None
            yield b"retry: 1000\n\n"
            while True:
                with condition:
                    while current["body"] == seen:
                        condition.wait(15)
                    seen = current["body"]
                yield f"event: state\ndata: {seen}\n\n".encode()

        start_response("200 OK", [("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")])
        return generate()

    return wsgi


def prepare(database_url: str) -> tuple[str, list[int]]:
    """A meeting with ten delegations, one member of each checked in today, two rumusan items."""
    from raker import create_app
    from raker.checkin import services as checkin
    from raker.checkin.services import ScanInput
    from raker.events.services import add_delegation
    from raker.extensions import db
    from raker.registration import services as registration
    from raker.rumusan import services as rumusan
    from tests.factories import make_event, register

    app = create_app({"RAKER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.create_all()
        event = make_event(title="Rapat Kerja Uji Pleno")
        for n in range(1, 11):
            delegation = add_delegation(event, {"name": f"Delegasi {n}", "region_code": f"64.{n:02d}"})
            person = register(event, delegation, n)
            registration.change_state(person, "approved")
            checkin.redeem(event, ScanInput(code="RK1:" + person.checkin_code, gate="Pleno"))
        topic = rumusan.add_topic(rumusan.get_or_create(event), "Kelembagaan")
        items = [
            rumusan.add_item(topic, "Evaluasi kelembagaan perangkat daerah dilakukan setiap tahun."),
            rumusan.add_item(topic, "Penyederhanaan birokrasi dilanjutkan."),
        ]
        slug, ids = event.slug, [item.id for item in items]
        db.engine.dispose()
    return slug, ids


class Client(threading.Thread):
    """One event stream; `arrived[mark]` is the perf_counter when a state with `mark` came in."""

    def __init__(self, port: int, path: str, mark_of):
        super().__init__(daemon=True)
        self.port, self.path, self.mark_of = port, path, mark_of
        self.arrived: dict = {}
        self.ready = threading.Event()
        self.error = None

    def run(self):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
            conn.request("GET", self.path, headers={"Accept": "text/event-stream", "X-Forwarded-Proto": "https"})
            response = conn.getresponse()
            if response.status != 200:
                raise RuntimeError(f"{self.path}: {response.status}")
            while True:
                line = response.readline()
                if not line:
                    return
                if line.startswith(b"data: "):
                    now = time.perf_counter()
                    self.arrived.setdefault(self.mark_of(line[6:]), now)
                    self.ready.set()
        except Exception as exc:  # noqa: BLE001 — reported with the results
            self.error = exc
            self.ready.set()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--changes", type=int, default=20, help="per endpoint")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads",
        type=int,
        default=0,
        help="per worker (each open stream holds one; the kernel does not share connections out "
        "evenly between workers): by default all streams of the run",
    )
    parser.add_argument("--interval", type=float, default=0.1, help="PLENO_PUSH_INTERVAL, for both")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)  # gunicorn's app (below)
    args = parser.parse_args()
    args.threads = args.threads or 2 * args.clients + 16

    database_url, name = new_database(args.database)
    slug, items = prepare(database_url)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only",
        "RAKER_ENV": "production",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "PLENO_STREAM_SECONDS": "3600",
        "PLENO_PUSH_INTERVAL": str(args.interval),
        "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--worker-class",
        "gthread",
        "--graceful-timeout",
        "5",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        f"pleno_push:serve(interval={args.interval})",
    ]
    TRIGGER.write_text("0")
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    print(
        f"gunicorn gthread {args.workers} x {args.threads} threads, {args.clients} streams per endpoint, "
        f"{args.database}, interval {args.interval} s; load {load_average()} at the start"
    )

    from raker import create_app
    from raker.extensions import db
    from raker.models import Event, RumusanItem
    from raker.sidang import decisions

    app = create_app({"RAKER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": database_url})
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)

        def item_of(data: bytes):
            item = json.loads(data)["item"]
            return item and item["id"]

        ours = [Client(port, f"/events/{slug}/pleno/stream", item_of) for _ in range(args.clients)]
        base = [Client(port, "/bare/stream", lambda data: data.strip().decode()) for _ in range(args.clients)]
        for client in ours + base:
            client.start()
            time.sleep(0.002)  # as phones come in, not 400 connects in one instant
        waited = time.monotonic()
        while not all(c.ready.is_set() for c in ours + base):
            if time.monotonic() - waited > 60:
                raise RuntimeError(f"{sum(not c.ready.is_set() for c in ours + base)} streams sent nothing in 60 s")
            time.sleep(0.1)
        print(f"{2 * args.clients} streams open after {time.monotonic() - waited:.1f} s")
        errors = [c.error for c in ours + base if c.error]
        if errors:
            raise RuntimeError(f"{len(errors)} streams failed, e.g. {errors[0]}")
        time.sleep(1)
        results = {"ours": [], "bare": []}
        with app.app_context():
            event = db.session.scalar(db.select(Event).where(Event.slug == slug))
            for number in range(args.changes):
                for what in ("ours", "bare") if number % 2 == 0 else ("bare", "ours"):
                    if what == "ours":
                        mark, clients = items[number % 2], ours
                        began = time.perf_counter()
                        decisions.set_current_item(event, db.session.get(RumusanItem, mark))
                    else:
                        mark, clients = str(number + 1), base
                        began = time.perf_counter()
                        TRIGGER.write_text(mark)
                    deadline = time.monotonic() + 10
                    while time.monotonic() < deadline and not all(c.arrived.get(mark, 0) >= began for c in clients):
                        time.sleep(0.005)
                    late = [c for c in clients if c.arrived.get(mark, 0) < began]
                    if late:
                        raise RuntimeError(f"{what}: {len(late)} clients had no change after 10 s")
                    results[what].extend((c.arrived[mark] - began) * 1000 for c in clients)
                    for c in clients:  # the next change to this mark is a new arrival
                        c.arrived.pop(mark, None)
                    time.sleep(0.5)
        print(f"load {load_average()} at the end")
        print("From the change to its arrival at every client (ms):")
        for what, label in (("bare", "bare stream (file check, no database)"), ("ours", "plenary stream (state)")):
            values = results[what]
            print(
                f"  {label:40s} n={len(values):5d}  p50 {percentile(values, 0.5):7.1f}  "
                f"p99 {percentile(values, 0.99):7.1f}  max {max(values):7.1f}"
            )
        for q in (0.5, 0.99):
            print(
                f"  ratio ours / bare at p{int(q * 100)}: "
                f"{percentile(results['ours'], q) / max(percentile(results['bare'], q), 0.001):.2f}"
            )
    finally:
        server.terminate()  # gunicorn waits up to --graceful-timeout for the open streams
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        TRIGGER.unlink(missing_ok=True)
        with app.app_context():
            db.engine.dispose()
        drop_database(name)


def serve(interval: float = 0.1):
    """gunicorn's app: Raker wrapped with the bare baseline stream."""
    from raker import create_app

    return bare(create_app(), interval)


if __name__ == "__main__":
    main()
