"""The plenary in the API: the live state (read, with ETag) and a delegate's requests to speak and votes
with the personal link's token; refusals are JSON {"error", "message"} with a 4xx and record nothing."""

import pytest
from sqlalchemy import func, select

from raker.checkin import services as checkin
from raker.checkin.services import ScanInput
from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import SpeakerRequest, VoteCast
from raker.registration import services as registration
from raker.rumusan import services as rumusan
from raker.sidang import decisions, quorum, votes
from tests.factories import make_event, register


@pytest.fixture
def hall(app):
    event = make_event()
    people = []
    for index, (name, code) in enumerate((("Kabupaten Paser", "64.01"), ("Kota Samarinda", "64.72"))):
        person = register(event, add_delegation(event, {"name": name, "region_code": code}), index + 1)
        registration.change_state(person, "approved")
        people.append(person)
    checkin.redeem(event, ScanInput(code="RK1:" + people[0].checkin_code, gate="Pleno"))
    topic = rumusan.add_topic(rumusan.get_or_create(event), "Kelembagaan")
    item = rumusan.add_item(topic, "Evaluasi kelembagaan perangkat daerah.")
    decisions.set_current_item(event, item)
    return event, people


def test_a_delegate_asks_for_the_floor_and_the_state_shows_it(app, hall):
    event, (present, absent) = hall
    api = app.test_client()
    first = api.get(f"/api/v1/events/{event.slug}/pleno")
    assert first.status_code == 200 and first.json["item"]["number"] == "A.1" and first.json["waiting"] == []
    assert (
        api.get(f"/api/v1/events/{event.slug}/pleno", headers={"If-None-Match": first.headers["ETag"]}).status_code
        == 304
    )
    asked = api.post(f"/api/v1/delegates/{present.token}/pleno/speaker-requests", json={"kind": "interupsi"})
    assert asked.status_code == 201 and asked.json["kind"] == "interupsi" and asked.json["position"] == 0
    state = api.get(f"/api/v1/events/{event.slug}/pleno").json
    assert [p["name"] for p in state["waiting"]] == [present.full_name]
    again = api.post(f"/api/v1/delegates/{present.token}/pleno/speaker-requests", json={})
    assert (
        again.status_code == 409 and again.json["error"] == "already_waiting" and "sudah ada" in again.json["message"]
    )
    not_here = api.post(f"/api/v1/delegates/{absent.token}/pleno/speaker-requests", json={})
    assert not_here.status_code == 403 and "belum tercatat hadir" in not_here.json["message"]
    assert api.post(f"/api/v1/delegates/{present.token}/pleno/speaker-requests/withdraw").json == {"withdrawn": True}
    assert db.session.scalar(select(func.count(SpeakerRequest.id)).where(SpeakerRequest.state == "waiting")) == 0


@pytest.mark.parametrize("body, status", [({"kind": "teriak"}, 400), ({"kind": None}, 400), ({"siapa": 1}, 400)])
def test_bad_speaker_requests_are_json_messages(app, hall, body, status):
    event, (present, _) = hall
    answer = app.test_client().post(f"/api/v1/delegates/{present.token}/pleno/speaker-requests", json=body)
    assert answer.status_code == status and set(answer.json) >= {"error", "message"}
    assert db.session.scalar(select(func.count(SpeakerRequest.id))) == 0


def test_a_vote_through_the_api_counts_once(app, hall):
    event, (present, absent) = hall
    quorum.save_settings(event, rule="none", speaking_minutes="3")  # one of two delegations is here
    vote = votes.open_vote(event, "Butir A.1 disetujui?")
    api = app.test_client()
    url = f"/api/v1/delegates/{present.token}/pleno/votes/{vote.id}"
    assert api.post(url, json={"choice": "maybe"}).status_code == 400
    assert api.post(url, json={"choice": "setuju"}).json == {"vote_id": vote.id, "counted": True}
    second = api.post(url, json={"choice": "tidak_setuju"})
    assert second.status_code == 409 and second.json["error"] == "already_voted"
    assert (
        api.post(f"/api/v1/delegates/{absent.token}/pleno/votes/{vote.id}", json={"choice": "setuju"}).status_code
        == 403
    )
    assert (
        api.post(f"/api/v1/delegates/{present.token}/pleno/votes/999999", json={"choice": "setuju"}).status_code == 404
    )
    assert api.post(f"/api/v1/delegates/tidak-ada/pleno/votes/{vote.id}", json={"choice": "setuju"}).json["error"]
    assert db.session.scalar(select(func.count(VoteCast.id))) == 1
    votes.close_vote(vote)
    closed = api.post(url, json={"choice": "setuju"})
    assert closed.status_code == 409 and "sudah ditutup" in closed.json["message"]
    assert api.get(f"/api/v1/events/{event.slug}/pleno").json["vote"]["yes"] == 1
