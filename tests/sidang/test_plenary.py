"""The plenary: the item under discussion, the speaker list fed from phones (interupsi first, one open
request per person, reorder, floor in turn, speaking time per delegation), and the pimpinan's decisions
per item through the rumusan's own states, refused without quorum (issue 14)."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from raker.checkin import services as checkin
from raker.checkin.services import ScanInput
from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import ItemDecision, SpeakerRequest
from raker.registration import services as registration
from raker.rumusan import services as rumusan
from raker.rumusan.adoption import adoption_blockers
from raker.sidang import SidangRefused, amendments, decisions, speakers, votes
from tests.factories import make_event, make_user, register

REGIONS = [("Kabupaten Paser", "64.01"), ("Kabupaten Berau", "64.03"), ("Kota Samarinda", "64.72")]


@pytest.fixture
def plenary(app):
    event = make_event()
    people = []
    for index, (name, code) in enumerate(REGIONS):
        delegation = add_delegation(event, {"name": name, "region_code": code})
        person = register(event, delegation, index * 10 + 1)
        registration.change_state(person, "approved")
        people.append(person)
    for person in people[:2]:  # Paser and Berau present: 2 of 3, quorum
        assert checkin.redeem(event, ScanInput(code="RK1:" + person.checkin_code, gate="Pleno"))["status"] == "ok"
    draft = rumusan.get_or_create(event)
    topic = rumusan.add_topic(draft, "Kelembagaan")
    items = [
        rumusan.add_item(topic, text)
        for text in ("Evaluasi kelembagaan perangkat daerah.", "Penyederhanaan birokrasi tahun 2027.")
    ]
    chair = make_user("sekretariat", name="Pimpinan Sidang")
    return event, people, items, chair


def test_requests_line_up_with_interupsi_first(plenary):
    event, (paser, berau, samarinda), items, chair = plenary
    with pytest.raises(SidangRefused, match="Belum ada butir"):
        speakers.request_floor(event, paser)
    decisions.set_current_item(event, items[0], by=chair)
    speakers.request_floor(event, paser)
    with pytest.raises(SidangRefused, match="sudah ada dalam daftar"):
        speakers.request_floor(event, paser)
    with pytest.raises(SidangRefused, match="belum tercatat hadir"):
        speakers.request_floor(event, samarinda)
    speakers.request_floor(event, berau, "interupsi")
    assert [r.registration_id for r in speakers.waiting(event)] == [berau.id, paser.id]
    speakers.move(event, speakers.waiting(event)[1].id, 0, by=chair)
    assert [r.registration_id for r in speakers.waiting(event)] == [paser.id, berau.id]
    assert db.session.scalar(select(func.count(SpeakerRequest.id))) == 2


def test_the_floor_in_turn_and_speaking_time_per_delegation(plenary):
    event, (paser, berau, _), items, chair = plenary
    decisions.set_current_item(event, items[0], by=chair)
    speakers.request_floor(event, paser)
    speakers.request_floor(event, berau)
    first = speakers.give_floor(event, by=chair)
    assert first.registration_id == paser.id and speakers.speaking(event).id == first.id
    first.started_at -= timedelta(seconds=150)  # as if Paser spoke two and a half minutes
    db.session.commit()
    second = speakers.give_floor(event, by=chair)  # ends Paser, gives Berau the floor
    assert second.registration_id == berau.id and db.session.get(SpeakerRequest, first.id).state == "done"
    speakers.end_speaker(event, by=chair)
    seconds = speakers.speaking_seconds_by_delegation(event)
    assert 150 <= seconds[paser.delegation_id] <= 152 and seconds[berau.delegation_id] <= 2
    with pytest.raises(SidangRefused, match="Tidak ada yang sedang berbicara"):
        speakers.end_speaker(event, by=chair)


def test_a_delegate_withdraws(plenary):
    event, (paser, berau, _), items, chair = plenary
    decisions.set_current_item(event, items[0], by=chair)
    speakers.request_floor(event, paser)
    speakers.withdraw(event, paser)
    assert speakers.waiting(event) == []
    speakers.request_floor(event, paser)  # may ask again
    with pytest.raises(SidangRefused, match="tidak sedang menunggu"):
        speakers.withdraw(event, berau)


def test_agreed_items_are_adopted_through_the_rumusan(plenary):
    event, people, items, chair = plenary
    decisions.set_current_item(event, items[0], by=chair)
    decisions.decide(event, items[0], "disepakati", by=chair)
    assert items[0].state == "adopted" and speakers.current_item(event) is None
    with pytest.raises(SidangRefused, match="sudah diputuskan"):
        decisions.set_current_item(event, items[0], by=chair)
    decisions.set_current_item(event, items[1], by=chair)
    speakers.request_floor(event, people[0])
    decisions.decide(
        event,
        items[1],
        "disepakati_dengan_perubahan",
        text="Penyederhanaan birokrasi tahun 2027 dengan peta jabatan.",
        by=chair,
    )
    assert items[1].state == "adopted" and items[1].text.endswith("dengan peta jabatan.")
    with pytest.raises(SidangRefused, match="Belum ada butir"):
        speakers.request_floor(event, people[1])  # the decided item is no longer under discussion
    assert [d.decision for d in decisions.decisions_of(event)] == ["disepakati", "disepakati_dengan_perubahan"]


def test_a_voted_item_follows_the_vote(plenary):
    event, people, items, chair = plenary
    vote = votes.open_vote(event, "Butir A.1 disetujui?", item=items[0], by=chair)
    with pytest.raises(SidangRefused, match="Tutup pemungutan suaranya"):
        decisions.decide(event, items[0], "pemungutan_suara", vote=vote, by=chair)
    votes.cast(vote, people[0], "tidak_setuju")
    votes.cast(vote, people[1], "tidak_setuju")
    votes.close_vote(vote, by=chair)
    row = decisions.decide(event, items[0], "pemungutan_suara", vote=vote, by=chair)
    assert items[0].state == "dropped" and row.vote_id == vote.id and row.delegations_present == 2


def test_an_item_is_decided_with_its_sub_points(plenary):
    """The screens show an item with its sub-points (a., b.), and the plenary agrees them together: a
    sub-point left 'diusulkan' would keep the rumusan from ever being adopted."""
    event, people, items, chair = plenary
    subs = [rumusan.add_item(items[0].topic, text, parent=items[0]) for text in ("peta proses bisnis;", "anjab.")]
    rumusan.set_item_state(subs[0], "proposed", by=chair)
    decisions.decide(event, items[0], "disepakati", by=chair)
    assert [items[0].state, *(sub.state for sub in subs)] == ["adopted", "adopted", "adopted"]
    assert not any("A.1.a" in blocker or "A.1.b" in blocker for blocker in adoption_blockers(items[0].topic.rumusan))
    vote = votes.open_vote(event, "Butir A.2 disetujui?", item=items[1], by=chair)
    sub = rumusan.add_item(items[1].topic, "tahun 2027.", parent=items[1])
    votes.cast(vote, people[0], "tidak_setuju")
    votes.close_vote(vote, by=chair)
    decisions.decide(event, items[1], "pemungutan_suara", vote=vote, by=chair)
    assert (items[1].state, sub.state) == ("dropped", "dropped")


def test_no_item_is_agreed_over_a_proposal_nobody_answered(plenary):
    """A delegation's proposal on the item is accepted or rejected before the item is agreed; postponing
    leaves it for later. Refused, nothing is recorded."""
    event, (paser, berau, samarinda), items, chair = plenary
    proposal = rumusan.propose(
        items[0].topic.rumusan, by=chair, item=items[0], delegation=samarinda.delegation,
        text="Evaluasi kelembagaan perangkat daerah setiap tahun.", reason="Agar berkala.",
    )  # fmt: skip
    decisions.set_current_item(event, items[0], by=chair)
    with pytest.raises(SidangRefused, match="Usulan perubahan dari Kota Samarinda atas butir ini belum diputuskan"):
        decisions.decide(event, items[0], "disepakati", by=chair)
    assert items[0].state == "draft" and db.session.scalar(select(func.count(ItemDecision.id))) == 0
    decisions.decide(event, items[0], "ditunda", by=chair)
    amendments.decide(event, proposal.id, False, note="Tetap seperti rancangan.", by=chair)
    decisions.decide(event, items[0], "disepakati", by=chair)
    assert items[0].state == "adopted" and proposal.state == "rejected"


def test_no_decision_without_quorum_but_a_postponement(plenary):
    event, people, items, chair = plenary
    active = db.session.scalars(select(checkin.CheckIn).where(checkin.CheckIn.registration_id == people[1].id)).one()
    checkin.undo(active, by=chair, reason="salah pindai")
    with pytest.raises(SidangRefused, match="1 dari 3 delegasi hadir, perlu 2"):
        decisions.decide(event, items[0], "disepakati", by=chair)
    assert items[0].state == "draft" and db.session.scalar(select(func.count(ItemDecision.id))) == 0
    decisions.decide(event, items[0], "ditunda", note="Menunggu data BKD", by=chair)
    assert items[0].state == "draft"
    with pytest.raises(SidangRefused, match="Tulis bunyi butir"):
        decisions.decide(event, items[1], "disepakati_dengan_perubahan", text=" ", by=chair)


def test_no_request_on_an_item_decided_elsewhere(plenary):
    event, people, items, chair = plenary
    decisions.set_current_item(event, items[0], by=chair)
    rumusan.set_item_state(items[0], "dropped", by=chair)  # the tim perumus dropped it meanwhile
    with pytest.raises(SidangRefused, match="sudah diputuskan") as refused:
        speakers.request_floor(event, people[0])
    assert refused.value.status == 409 and db.session.scalar(select(func.count(SpeakerRequest.id))) == 0


def test_two_taps_at_once_make_one_request(app_factory):
    import threading
    from collections import Counter

    from raker.models import Event, Registration

    app = app_factory()
    with app.app_context():
        event = make_event()
        delegation = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
        person = register(event, delegation, 1)
        registration.change_state(person, "approved")
        checkin.redeem(event, ScanInput(code="RK1:" + person.checkin_code, gate="Pleno"))
        topic = rumusan.add_topic(rumusan.get_or_create(event), "Kelembagaan")
        decisions.set_current_item(event, rumusan.add_item(topic, "Butir uji."))
        event_id, person_id = event.id, person.id
    for _ in range(5):
        start = threading.Barrier(2)
        answers = []

        def tap():
            with app.app_context():
                event, who = db.session.get(Event, event_id), db.session.get(Registration, person_id)
                db.session.commit()
                start.wait(timeout=10)
                try:
                    speakers.request_floor(event, who)
                    answers.append("ok")
                except SidangRefused as refused:
                    answers.append(refused.code)
                db.session.remove()

        threads = [threading.Thread(target=tap) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert Counter(answers) == {"ok": 1, "already_waiting": 1}
        with app.app_context():
            speakers.withdraw(db.session.get(Event, event_id), db.session.get(Registration, person_id))
