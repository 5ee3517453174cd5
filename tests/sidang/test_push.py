"""Push of the plenary's live state: the event stream sends the state when a change on the console (or a
phone) moves it, not otherwise; state.json answers an unchanged poll with 304; a refused change moves
nothing; a reconnecting browser gets nothing it already has."""

import json
import threading

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
    assert _live_version(event) == 0
    decisions.set_current_item(event, item)
    speakers.request_floor(event, person)
    assert _live_version(event) == 2
    with pytest.raises(SidangRefused):
        speakers.request_floor(event, person)  # already waiting: nothing recorded
    assert _live_version(event) == 2


def test_the_stream_sends_the_state_and_then_each_change(app, hall):
    event, person, item = hall
    app.config["PLENO_STREAM_SECONDS"] = 2.5
    decisions.set_current_item(event, item)
    slug, event_id, person_id, name = event.slug, event.id, person.id, person.full_name
    db.session.remove()

    def ask_for_the_floor():  # a phone, in another thread, while the projector's stream waits
        with app.app_context():
            speakers.request_floor(db.session.get(Event, event_id), db.session.get(Registration, person_id))

    timer = threading.Timer(0.7, ask_for_the_floor)
    timer.start()
    response = app.test_client().get(f"/events/{slug}/pleno/stream")
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-cache"
    text = response.get_data(as_text=True)  # to the stream's end, after PLENO_STREAM_SECONDS
    timer.join()
    assert text.startswith("retry: 1000\n\n")
    sent = _events(text)
    assert [len(state["waiting"]) for state in sent] == [0, 1]  # the state at once, then the change
    assert sent[1]["waiting"][0]["name"] == name and sent[1]["id"] == sent[1]["version"]


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
