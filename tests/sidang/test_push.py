"""Push of the plenary's live state: the event stream sends the state when a change on the console (or a
phone) moves it, not otherwise; state.json answers an unchanged poll with 304; a refused change moves
nothing; a reconnecting browser gets nothing it already has."""

import json
import threading
import time

import pytest
from sqlalchemy import select

from raker.checkin import services as checkin
from raker.checkin.services import ScanInput
from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import Event, Registration, SidangSettings
from raker.registration import services as registration
from raker.rumusan import services as rumusan
from raker.sidang import SidangRefused, decisions, push, speakers
from tests.factories import make_event, register


@pytest.fixture
def hall(app):
    yield _hall()
    push.shutdown(app)  # no watcher thread outlives the test's database


def _hall():
    event = make_event()
    delegation = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    person = register(event, delegation, 1)
    registration.change_state(person, "approved")
    checkin.redeem(event, ScanInput(code="RK1:" + person.checkin_code, gate="Pleno"))
    topic = rumusan.add_topic(rumusan.get_or_create(event), "Kelembagaan")
    item = rumusan.add_item(topic, "Evaluasi kelembagaan perangkat daerah.")
    return event, person, item


def _events(text: str) -> list[dict]:
    """The `state` events of a stream's text, as dicts (with the id line)."""
    found = []
    for block in text.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":"))
        if fields.get("event") == "state":
            found.append({"id": fields["id"], **json.loads(fields["data"])})
    return found


def _live_version(event) -> int:
    db.session.expire_all()
    return db.session.scalar(select(SidangSettings.live_version).where(SidangSettings.event_id == event.id)) or 0


def test_state_json_is_answered_304_until_something_changes(app, hall):
    event, person, item = hall
    url = f"/events/{event.slug}/pleno/state.json"
    client = app.test_client()
    first = client.get(url)
    assert first.status_code == 200 and first.headers["Content-Type"].startswith("application/json")
    etag = first.headers["ETag"]
    assert etag.strip('"') == first.json["version"]
    unchanged = client.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.data == b""
    decisions.set_current_item(event, item)
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.json["item"]["text"] == "Evaluasi kelembagaan perangkat daerah."


def test_a_change_moves_the_counter_and_a_refusal_does_not(app, hall):
    event, person, item = hall
    before = _live_version(event)  # the hall's topic and item moved it already
    decisions.set_current_item(event, item)
    speakers.request_floor(event, person)
    assert _live_version(event) == before + 2
    with pytest.raises(SidangRefused):
        speakers.request_floor(event, person)  # already waiting: nothing recorded
    assert _live_version(event) == before + 2


def test_the_tim_perumus_editing_the_items_moves_the_screens(app, hall):
    """Typing the agreed wording into the rumusan editor during the plenary shows on the projector: every
    change to the topics and items (text, sub-points, state, order) is a change of the live state."""
    event, person, item = hall
    url = f"/events/{event.slug}/pleno/state.json"
    client = app.test_client()
    decisions.set_current_item(event, item)
    topic = item.topic

    def a_topic_before_it():
        rumusan.add_topic(topic.rumusan, "Tata laksana")
        rumusan.move_topic(topic, "down")

    steps = [
        lambda: rumusan.edit_item(item, "Evaluasi kelembagaan perangkat daerah setiap tahun."),
        lambda: rumusan.add_item(topic, "Hasil evaluasi dilaporkan kepada gubernur.", parent=item),
        a_topic_before_it,
        lambda: rumusan.rename_topic(topic, "Kelembagaan perangkat daerah"),
    ]
    etag = client.get(url).headers["ETag"]
    for number, step in enumerate(steps):
        step()
        answer = client.get(url, headers={"If-None-Match": etag})
        assert answer.status_code == 200, number
        etag = answer.headers["ETag"]
    shown = answer.json["item"]
    assert shown["text"] == "Evaluasi kelembagaan perangkat daerah setiap tahun."
    assert [sub["text"] for sub in shown["subs"]] == ["Hasil evaluasi dilaporkan kepada gubernur."]
    assert shown["number"] == "B.1" and shown["topic"] == "Kelembagaan perangkat daerah"


def _read_until(chunks, text: str, states: int) -> str:
    """The stream's text once it holds `states` state events (or its end, when it has fewer)."""
    for chunk in chunks:
        text += chunk.decode() if isinstance(chunk, bytes) else chunk
        if len(_events(text)) >= states:
            break
    return text


def test_the_stream_sends_the_state_and_then_each_change(app, hall):
    event, person, item = hall
    app.config["PLENO_STREAM_SECONDS"] = 20  # the stream's end, if the change never comes
    decisions.set_current_item(event, item)
    slug, event_id, person_id, name = event.slug, event.id, person.id, person.full_name
    db.session.remove()
    response = app.test_client().get(f"/events/{slug}/pleno/stream", buffered=False)
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-cache"
    chunks = iter(response.response)
    text = _read_until(chunks, "", 1)
    assert text.startswith("retry: 1000\n\n")
    # a phone asks for the floor while the projector's stream is open
    speakers.request_floor(db.session.get(Event, event_id), db.session.get(Registration, person_id))
    db.session.remove()
    text = _read_until(chunks, text, 2)
    response.close()
    sent = _events(text)
    assert [len(state["waiting"]) for state in sent] == [0, 1]  # the state at once, then the change
    assert sent[1]["waiting"][0]["name"] == name and sent[1]["id"] == sent[1]["version"]


def test_a_slow_look_begun_before_a_change_does_not_put_the_old_state_back(app, hall, monkeypatch):
    """The watcher's own look read the state just before a change; the stream opened after the change
    looks again. However the two finish, the watcher ends on the new state."""
    event, person, item = hall
    decisions.set_current_item(event, item)
    event_id, person_id = event.id, person.id
    real_state = push.state
    read_before_the_change = threading.Event()
    release = threading.Event()

    def slow_in_the_watcher(event):
        data = real_state(event)
        if threading.current_thread().name.startswith("pleno-push-") and not read_before_the_change.is_set():
            read_before_the_change.set()
            release.wait(2)  # the later look runs meanwhile, unless looks are one at a time
        return data

    monkeypatch.setattr(push, "state", slow_in_the_watcher)
    app.config["PLENO_PUSH_INTERVAL"] = 1.0  # the watcher's next look comes after the assertion
    watcher = push._subscribe(app, event_id)
    try:
        assert read_before_the_change.wait(10)
        speakers.request_floor(db.session.get(Event, event_id), db.session.get(Registration, person_id))
        db.session.remove()
        later = threading.Thread(target=watcher._look)  # the stream of a page rendered after the change
        later.start()
        later.join(0.5)
        release.set()
        later.join()
        time.sleep(0.3)  # the slow look's end, if it was still to come
        assert json.loads(watcher.current.body)["waiting"] != []
    finally:
        push._unsubscribe(watcher)


def test_a_reconnect_with_the_current_version_gets_nothing_twice(app, hall):
    event, person, item = hall
    app.config["PLENO_STREAM_SECONDS"] = 0.5
    version = app.test_client().get(f"/events/{event.slug}/pleno/state.json").json["version"]
    again = app.test_client().get(f"/events/{event.slug}/pleno/stream", headers={"Last-Event-ID": version})
    assert _events(again.get_data(as_text=True)) == []
    stale = app.test_client().get(f"/events/{event.slug}/pleno/stream", headers={"Last-Event-ID": "0" * 16})
    assert [state["version"] for state in _events(stale.get_data(as_text=True))] == [version]


def test_the_console_stream_is_for_the_meetings_staff(app, hall):
    event, person, item = hall
    assert app.test_client().get(f"/admin/events/{event.slug}/pleno/stream").status_code in (302, 401)
    assert app.test_client().get("/events/tidak-ada/pleno/stream").status_code == 404


def test_a_stream_opened_after_shutdown_starts_no_watcher(app, hall):
    """A browser reconnecting while the server stops (its EventSource comes back every second) gets the
    retry line and the end, and no watcher thread is started to outlive the app's database."""
    event, person, item = hall
    app.config["PLENO_STREAM_SECONDS"] = 5
    push.shutdown(app)
    started = time.monotonic()
    answer = app.test_client().get(f"/events/{event.slug}/pleno/stream")
    assert answer.get_data(as_text=True) == "retry: 1000\n\n"
    assert time.monotonic() - started < 2  # ended at once, not after the stream's lifetime
    assert [t.name for t in threading.enumerate() if t.name.startswith("pleno-push-")] == []
