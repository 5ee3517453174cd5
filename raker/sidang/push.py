"""Pushing the plenary's live state to the console, the projectors and the delegates' phones.

Every change the live pages show moves a counter in the meeting's sidang_settings row (`touch`, in the
same transaction as the change). The cheap check is one indexed SELECT of that counter, with today's
count of check-ins (the quorum follows the door) and the meeting's date. The state itself (live.state,
a dozen queries) is built again only when that key moves, or every REFRESH_SECONDS for what other pages
change (a rumusan item edited by the tim perumus), and once per process — not once per client:

- `snapshot(event_id)` answers state.json (the polling fallback) from the cache after the cheap check;
  the version is the state's hash, sent as the ETag, so an unchanged poll costs a 304 and one SELECT.
- `stream(event_id, last)` is the body of an event stream (server-sent events). All streams of a
  meeting in one process share one watcher thread that makes the cheap check every PLENO_PUSH_INTERVAL
  seconds and wakes them; no stream holds a database connection while it waits. A stream ends after
  PLENO_STREAM_SECONDS (a gunicorn gthread worker gives each open stream a thread) and tells the
  browser to reconnect after a second; EventSource sends the last version back (Last-Event-ID), so
  nothing is sent twice and nothing is missed across the reconnect.

Several gunicorn workers or instances each poll the shared database with their one watcher, which
is why a change counter in the database, not a message bus, is the source of truth here."""

import json
import threading
import time
from dataclasses import dataclass

from flask import current_app, request
from sqlalchemy import func, select

from ..extensions import db
from ..models import CheckIn, Event, SidangSettings
from .live import state

REFRESH_SECONDS = 5.0  # the state is rebuilt at least this often, for changes made outside the plenary
IDLE_SECONDS = 2.0  # a watcher with no stream left stops after this (EventSource is back in 1 s)


@dataclass(frozen=True)
class Snapshot:
    key: tuple
    version: str
    body: str  # the state as JSON
    built: float  # time.monotonic() when built


class _Hub:
    """Per app (a test makes many apps on fresh databases): the snapshots and the watchers by meeting."""

    def __init__(self):
        self.lock = threading.Lock()
        self.snapshots: dict[int, Snapshot] = {}
        self.watchers: dict[int, _Watcher] = {}
        # Set by shutdown: a stream arriving after it (a browser reconnecting while the server stops)
        # gets no watcher, so no thread outlives the app's engine.
        self.closed = False


def _hub(app) -> _Hub:
    hub = app.extensions.get("pleno_push")
    if hub is None:
        hub = app.extensions.setdefault("pleno_push", _Hub())
    return hub


def _key(event: Event) -> tuple:
    today = event.today()
    live_version = select(SidangSettings.live_version).where(SidangSettings.event_id == event.id).scalar_subquery()
    checkins = (
        select(func.count(CheckIn.id))
        .where(CheckIn.event_id == event.id, CheckIn.day == today, CheckIn.undone_at.is_(None))
        .scalar_subquery()
    )
    row = db.session.execute(select(live_version, checkins)).one()
    return (row[0] or 0, row[1] or 0, today.isoformat())


def snapshot(event: Event) -> Snapshot:
    """The meeting's live state, built again only when its key moved or it is REFRESH_SECONDS old."""

    key = _key(event)
    hub = _hub(current_app)
    cached = hub.snapshots.get(event.id)
    if cached is not None and cached.key == key and time.monotonic() - cached.built < REFRESH_SECONDS:
        return cached
    data = state(event)
    fresh = Snapshot(
        key=key, version=data["version"], body=json.dumps(data, separators=(",", ":")), built=time.monotonic()
    )
    with hub.lock:
        hub.snapshots[event.id] = fresh
    return fresh


def state_response(event: Event):
    """state.json (and the API's live state): from the cache after the cheap check, the version as the
    ETag; 304 when the poller already has this version."""
    fresh = snapshot(event)
    response = current_app.response_class(fresh.body, mimetype="application/json")
    response.set_etag(fresh.version)
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


class _Watcher:
    """One per meeting and process while streams listen: the cheap check in a loop, waking the streams."""

    def __init__(self, app, event_id: int):
        self.app = app
        self.hub = _hub(app)
        self.event_id = event_id
        self.interval = float(app.config.get("PLENO_PUSH_INTERVAL", 0.1))
        self.condition = threading.Condition()
        # One look at a time: a slow look begun before a change must not finish after a later one
        # and put the older state back (a phone would reload and lose the message about its change).
        self.looking = threading.Lock()
        self.current: Snapshot | None = None
        self.listeners = 0
        self.idle_since = time.monotonic()
        self.running = True
        self.stopping = False
        self.thread = threading.Thread(target=self._run, name=f"pleno-push-{event_id}", daemon=True)

    def _look(self) -> None:
        with self.looking:
            with self.app.app_context():
                try:
                    event = db.session.get(Event, self.event_id)
                    fresh = snapshot(event) if event is not None else None
                except Exception:  # a database restart: keep the last state, try again on the next tick
                    current_app.logger.exception("pleno push: state not read")
                    fresh = self.current
                finally:
                    db.session.remove()
            if fresh is not None and (self.current is None or fresh.version != self.current.version):
                with self.condition:
                    self.current = fresh
                    self.condition.notify_all()

    def _run(self) -> None:
        while True:
            with self.hub.lock:
                if self.stopping or (self.listeners == 0 and time.monotonic() - self.idle_since > IDLE_SECONDS):
                    self.running = False
                    self.hub.watchers.pop(self.event_id, None)
                    break
            self._look()
            time.sleep(self.interval)
        with self.condition:
            self.condition.notify_all()

    def wait(self, seen: str | None, timeout: float) -> Snapshot | None:
        """The state once its version differs from `seen`, or None after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self.condition:
            while self.running and (self.current is None or self.current.version == seen):
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.condition.wait(left)
            return self.current if self.running else None


def _subscribe(app, event_id: int) -> _Watcher | None:
    """The meeting's watcher, started if none runs; None once the app is shut down."""
    hub = _hub(app)
    with hub.lock:
        if hub.closed:
            return None
        watcher = hub.watchers.get(event_id)
        if watcher is None:
            watcher = hub.watchers[event_id] = _Watcher(app, event_id)
            watcher.thread.start()
        watcher.listeners += 1
        return watcher


def _unsubscribe(watcher: _Watcher) -> None:
    with watcher.hub.lock:
        watcher.listeners -= 1
        if watcher.listeners == 0:
            watcher.idle_since = time.monotonic()


def shutdown(app) -> None:
    """Stop the app's watchers and wait for them (the streams still open end at once)."""
    hub = _hub(app)
    with hub.lock:
        hub.closed = True
        watchers = list(hub.watchers.values())
        for watcher in watchers:
            watcher.stopping = True
    for watcher in watchers:
        watcher.thread.join()


def stream(event_id: int, last_version: str | None = None):
    """The text of one event stream: `retry`, then the state whenever its version moves (an `id:` line
    with the version, `event: state`, the JSON), a comment every KEEPALIVE seconds, and the end after
    PLENO_STREAM_SECONDS. Call from a view with the meeting's id; it reads no request data."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the app behind the proxy
    lifetime = float(app.config.get("PLENO_STREAM_SECONDS", 45))
    keepalive = min(15.0, lifetime)

    def generate():
        watcher = _subscribe(app, event_id)
        if watcher is None:  # the app is stopping: the browser comes back to the next one
            yield "retry: 1000\n\n"
            return
        try:
            # The first state sent is as fresh as this connection: the watcher's last look may predate
            # the change the page was rendered after, and a stale state would make the page reload
            # (losing the message it shows about that change).
            watcher._look()
            yield "retry: 1000\n\n"
            seen = last_version
            deadline = time.monotonic() + lifetime
            while (left := deadline - time.monotonic()) > 0:
                fresh = watcher.wait(seen, min(left, keepalive))
                if fresh is None:
                    if not watcher.running:  # stopped under us (idle race): end, the browser comes back
                        break
                    yield ": -\n\n"
                    continue
                seen = fresh.version
                yield f"id: {fresh.version}\nevent: state\ndata: {fresh.body}\n\n"
        finally:
            _unsubscribe(watcher)

    return generate()
