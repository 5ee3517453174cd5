"""The plenary pages: the pimpinan's console drives the state the projector and the phones poll; the
delegate asks for the floor and votes from the personal link; refusals are messages with a 4xx."""

import pytest
from sqlalchemy import func, select

from raker.checkin import services as checkin
from raker.checkin.services import ScanInput
from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import ItemDecision, SpeakerRequest, VoteCast
from raker.registration import services as registration
from raker.rumusan import services as rumusan
from tests.factories import make_event, make_user, register


@pytest.fixture
def hall(app):
    event = make_event()
    people = []
    for index, (name, code) in enumerate((("Kabupaten Paser", "64.01"), ("Kota Samarinda", "64.72"))):
        delegation = add_delegation(event, {"name": name, "region_code": code})
        person = register(event, delegation, index + 1)
        registration.change_state(person, "approved")
        checkin.redeem(event, ScanInput(code="RK1:" + person.checkin_code, gate="Pleno"))
        people.append(person)
    topic = rumusan.add_topic(rumusan.get_or_create(event), "Kelembagaan")
    items = [
        rumusan.add_item(topic, "Evaluasi kelembagaan perangkat daerah."),
        rumusan.add_item(topic, "Penyederhanaan birokrasi dengan:"),
    ]
    rumusan.add_item(topic, "Peta jabatan.", parent=items[1])
    chair = app.test_client(user=make_user("sekretariat", name="Pimpinan Sidang"))
    return event, people, items, chair


def _state(client, event):
    answer = client.get(f"/events/{event.slug}/pleno/state.json")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-cache" and answer.headers["ETag"]
    return answer.json


def test_a_plenary_from_the_console_to_the_projector_and_the_phones(app, hall):
    event, (paser, samarinda), items, chair = hall
    base = f"/admin/events/{event.slug}/pleno"
    screen = app.test_client()
    assert chair.post(f"{base}/butir", data={"item_id": items[1].id}).status_code == 302
    state = _state(screen, event)
    assert state["item"]["subs"] == [{"letter": "a", "text": "Peta jabatan."}]  # the points, not only "… dengan:"
    assert state["item"]["number"] == "A.2" and state["quorum"] == {"present": 2, "total": 2, "needed": 2, "met": True}
    phone = app.test_client()
    assert phone.post(f"/r/{paser.token}/pleno/bicara", data={"kind": "bicara"}).status_code == 302
    assert phone.post(f"/r/{samarinda.token}/pleno/bicara", data={"kind": "interupsi"}).status_code == 302
    assert [p["name"] for p in _state(screen, event)["waiting"]] == [samarinda.full_name, paser.full_name]
    again = phone.post(f"/r/{paser.token}/pleno/bicara", data={"kind": "bicara"})
    assert again.status_code == 409 and "sudah ada dalam daftar" in again.get_data(as_text=True)
    assert chair.post(f"{base}/pembicara/beri").status_code == 302
    state = _state(screen, event)
    assert state["speaking"]["name"] == samarinda.full_name and state["speaking_seconds"] == 180
    assert (
        chair.post(
            f"{base}/suara",
            data={"question": "Butir A.2 disetujui?", "electorate": "delegation", "majority": "simple", "secret": "1"},
        ).status_code
        == 302
    )
    vote = _state(screen, event)["vote"]
    assert vote["state"] == "open" and vote["eligible"] == 2 and vote["yes"] is None  # no running tally
    assert (
        phone.post(f"/r/{paser.token}/pleno/suara", data={"vote_id": vote["id"], "choice": "setuju"}).status_code == 302
    )
    second = phone.post(f"/r/{paser.token}/pleno/suara", data={"vote_id": vote["id"], "choice": "tidak_setuju"})
    assert second.status_code == 409 and "sudah diberikan" in second.get_data(as_text=True)
    assert (
        phone.post(f"/r/{samarinda.token}/pleno/suara", data={"vote_id": vote["id"], "choice": "setuju"}).status_code
        == 302
    )
    assert _state(screen, event)["vote"]["cast"] == 2
    assert chair.post(f"{base}/suara/{vote['id']}/tutup").status_code == 302
    result = _state(screen, event)["vote"]
    assert (result["yes"], result["no"], result["passed"]) == (2, 0, True)
    assert chair.post(f"{base}/putuskan", data={"decision": "pemungutan_suara"}).status_code == 302
    db.session.expire_all()
    assert items[1].state == "adopted" and _state(screen, event)["item"] is None
    console = chair.get(f"{base}/").get_data(as_text=True)
    assert "A.2" in console and "diputuskan dengan pemungutan suara" in console
    assert db.session.scalar(select(func.count(VoteCast.id))) == 2
    projector = screen.get(f"/events/{event.slug}/pleno/layar").get_data(as_text=True)
    assert "SIDANG PLENO" in projector and "pleno-live.js" in projector


def test_refusals_are_messages_and_nothing_is_recorded(app, hall):
    event, (paser, _), items, chair = hall
    base = f"/admin/events/{event.slug}/pleno"
    phone = app.test_client()
    no_item = phone.post(f"/r/{paser.token}/pleno/bicara", data={"kind": "bicara"})
    assert no_item.status_code == 409 and "Belum ada butir" in no_item.get_data(as_text=True)
    bad_kind = phone.post(f"/r/{paser.token}/pleno/bicara", data={"kind": "teriak"})
    assert bad_kind.status_code == 400
    no_vote = phone.post(f"/r/{paser.token}/pleno/suara", data={"vote_id": "999", "choice": "setuju"})
    assert no_vote.status_code == 404
    decide = chair.post(f"{base}/putuskan", data={"decision": "disepakati"})
    assert decide.status_code == 409 and "Belum ada butir" in decide.get_data(as_text=True)
    chair.post(f"{base}/butir", data={"item_id": items[0].id})
    unknown = chair.post(f"{base}/putuskan", data={"decision": "dibuang"})
    assert unknown.status_code == 400 and "Keputusan tidak dikenal" in unknown.get_data(as_text=True)
    assert db.session.scalar(select(func.count(SpeakerRequest.id))) == 0
    assert db.session.scalar(select(func.count(ItemDecision.id))) == 0
    assert app.test_client().get("/r/tidak-ada/pleno").status_code == 404


def test_the_console_is_the_secretariats(app, hall):
    event, *_ = hall
    assert app.test_client(user=make_user("petugas")).get(f"/admin/events/{event.slug}/pleno/").status_code == 403
    assert app.test_client().get(f"/admin/events/{event.slug}/pleno/state.json").status_code in (302, 401)
