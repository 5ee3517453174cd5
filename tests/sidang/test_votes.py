"""Quorum from the day's check-ins and votes in the plenary: majority rules, one vote per voter under
simultaneous requests, and a secret ballot that records who voted but not what (issue 14)."""

import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from raker.audit import record  # noqa: F401  (the audit rows are read below)
from raker.checkin import services as checkin
from raker.checkin.services import ScanInput
from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import AuditLog, Event, Registration, Vote, VoteCast
from raker.registration import services as registration
from raker.sidang import SidangRefused, votes
from raker.sidang.quorum import quorum, required
from tests.factories import make_event, make_user, register

REGIONS = [
    ("Kabupaten Paser", "64.01"),
    ("Kabupaten Kutai Kartanegara", "64.02"),
    ("Kabupaten Berau", "64.03"),
    ("Kota Balikpapan", "64.71"),
    ("Kota Samarinda", "64.72"),
]


def _approved(event, delegation, n):
    person = register(event, delegation, n)
    registration.change_state(person, "approved")
    return person


def _check_in(event, person):
    answer = checkin.redeem(event, ScanInput(code="RK1:" + person.checkin_code, gate="Pleno"))
    assert answer["status"] == "ok"


@pytest.fixture
def plenary(app):
    """Five delegations with two approved members each; the first three present today."""
    event = make_event()
    members = {}
    for index, (name, code) in enumerate(REGIONS):
        delegation = add_delegation(event, {"name": name, "region_code": code})
        members[name] = [_approved(event, delegation, index * 10 + k) for k in (1, 2)]
    for name, _ in REGIONS[:3]:
        _check_in(event, members[name][0])
    return event, members


@pytest.mark.parametrize(
    "rule, total, needed",
    [("half", 13, 7), ("half", 10, 6), ("two_thirds", 13, 9), ("two_thirds", 9, 6), ("none", 13, 0)],
)
def test_quorum_rules(rule, total, needed):
    assert required(rule, total) == needed


@pytest.mark.clocks
def test_quorum_counts_delegations_present_today(plenary):
    event, members = plenary
    now = quorum(event)
    assert (now.total, now.present, now.needed, now.met) == (5, 3, 3, True)
    checkin.undo(
        db.session.scalars(
            select(checkin.CheckIn).where(checkin.CheckIn.registration_id == members["Kabupaten Berau"][0].id)
        ).one(),
        by=make_user("sekretariat"),
        reason="salah pindai",
    )
    assert quorum(event).present == 2 and not quorum(event).met
    with pytest.raises(SidangRefused, match="2 dari 5 delegasi hadir, perlu 3"):
        votes.open_vote(event, "Butir A.3 diterima?")
    assert db.session.scalar(select(func.count(Vote.id))) == 0


def test_a_delegation_vote_counts_present_delegations_once(plenary):
    event, members = plenary
    vote = votes.open_vote(
        event, "Butir A.3 disetujui sebagaimana diubah Kota Balikpapan?", by=make_user("sekretariat")
    )
    assert vote.eligible == 3
    votes.cast(vote, members["Kabupaten Paser"][0], "setuju")
    votes.cast(vote, members["Kabupaten Kutai Kartanegara"][0], "tidak_setuju")
    with pytest.raises(SidangRefused, match="sudah diberikan"):
        votes.cast(vote, members["Kabupaten Paser"][0], "tidak_setuju")
    with pytest.raises(SidangRefused, match="belum tercatat hadir"):  # present delegation, absent member
        votes.cast(vote, members["Kabupaten Paser"][1], "setuju")
    with pytest.raises(SidangRefused, match="belum tercatat hadir"):  # a delegation not present today
        votes.cast(vote, members["Kota Samarinda"][0], "setuju")
    votes.cast(vote, members["Kabupaten Berau"][0], "abstain")
    votes.close_vote(vote)
    assert (vote.yes, vote.no, vote.abstain, vote.passed) == (1, 1, 1, False)  # simple majority: 1 for, 1 against
    with pytest.raises(SidangRefused, match="sudah ditutup"):
        votes.cast(vote, members["Kabupaten Berau"][0], "setuju")
    assert db.session.scalar(select(func.count(VoteCast.id))) == 3


def test_majorities(plenary):
    event, members = plenary
    present = [members[name][0] for name, _ in REGIONS[:3]]
    simple = votes.open_vote(event, "Sederhana")
    for person, choice in zip(present, ("setuju", "abstain", "abstain"), strict=True):
        votes.cast(simple, person, choice)
    assert votes.close_vote(simple).passed  # 1 for, 0 against: abstentions do not count
    two_thirds = votes.open_vote(event, "Dua pertiga yang hadir", majority="two_thirds")
    for person, choice in zip(present, ("setuju", "setuju", "abstain"), strict=True):
        votes.cast(two_thirds, person, choice)
    assert votes.close_vote(two_thirds).passed  # 2 of 3 present
    short = votes.open_vote(event, "Dua pertiga, kurang", majority="two_thirds")
    for person, choice in zip(present, ("setuju", "tidak_setuju", "abstain"), strict=True):
        votes.cast(short, person, choice)
    assert not votes.close_vote(short).passed


def test_a_secret_vote_records_who_voted_but_not_what(plenary):
    event, members = plenary
    vote = votes.open_vote(event, "Rahasia", secret=True)
    voters = [members[name][0] for name, _ in REGIONS[:3]]
    for person, choice in zip(voters, ("setuju", "tidak_setuju", "setuju"), strict=True):
        votes.cast(vote, person, choice)
    votes.close_vote(vote)
    assert (vote.yes, vote.no) == (2, 1)
    casts = db.session.scalars(select(VoteCast).where(VoteCast.vote_id == vote.id)).all()
    assert {c.cast_by_id for c in casts} == {p.id for p in voters} and all(c.choice is None for c in casts)
    rows = db.session.scalars(select(AuditLog).where(AuditLog.action == "vote.cast")).all()
    assert len(rows) == 3 and all("choice" not in (row.details or {}) for row in rows)


def test_a_designated_member_casts_the_delegation_vote(plenary):
    event, members = plenary
    paser = members["Kabupaten Paser"]
    _check_in(event, paser[1])
    votes.designate_voter(paser[1])
    vote = votes.open_vote(event, "Ditunjuk")
    with pytest.raises(SidangRefused, match="anggota yang ditunjuk"):
        votes.cast(vote, paser[0], "setuju")
    votes.cast(vote, paser[1], "setuju")


def test_one_vote_per_participant(plenary):
    event, members = plenary
    vote = votes.open_vote(event, "Per peserta", electorate="participant")
    paser = members["Kabupaten Paser"]
    _check_in(event, paser[1])
    votes.cast(vote, paser[0], "setuju")
    votes.cast(vote, paser[1], "setuju")  # two members, two votes
    with pytest.raises(SidangRefused, match="sudah memberi suara"):
        votes.cast(vote, paser[1], "abstain")
    assert votes.close_vote(vote).yes == 2


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"question": " "}, "Tulis pertanyaan"),
        ({"question": "x" * 2001}, "terlalu panjang"),
        ({"question": "Q", "majority": "mutlak"}, "tidak dikenal"),
    ],
)
def test_bad_votes_are_refused_and_nothing_recorded(plenary, kwargs, message):
    event, _ = plenary
    question = kwargs.pop("question")
    with pytest.raises(SidangRefused, match=message) as refused:
        votes.open_vote(event, question, **kwargs)
    assert refused.value.status == 400 and db.session.scalar(select(func.count(Vote.id))) == 0


def test_a_second_open_vote_waits_for_the_first(plenary):
    event, members = plenary
    votes.open_vote(event, "Pertama")
    with pytest.raises(SidangRefused, match="Masih ada"):
        votes.open_vote(event, "Kedua")


def test_simultaneous_votes_of_one_delegation_count_once(app_factory):
    """Two phones of one delegation, and the same phone twice, tapping at the same moment, five rounds."""
    app = app_factory()
    with app.app_context():
        event = make_event()
        people = []
        for index, (name, code) in enumerate(REGIONS[:2]):
            delegation = add_delegation(event, {"name": name, "region_code": code})
            people += [_approved(event, delegation, index * 10 + k) for k in (1, 2)]
        for person in people:
            _check_in(event, person)
        event_id, paser_ids = event.id, [people[0].id, people[1].id]
    outcomes = []
    for round_ in range(5):
        with app.app_context():
            vote_id = votes.open_vote(db.session.get(Event, event_id), f"Putaran {round_}").id
        start = threading.Barrier(3)
        answers = []

        def phone(registration_id):
            with app.app_context():
                vote = db.session.get(Vote, vote_id)
                person = db.session.get(Registration, registration_id)
                db.session.commit()
                start.wait(timeout=10)
                try:
                    votes.cast(vote, person, "setuju")
                    answers.append("ok")
                except SidangRefused as refused:
                    answers.append(refused.code)
                db.session.remove()

        threads = [threading.Thread(target=phone, args=(rid,)) for rid in (paser_ids[0], paser_ids[1], paser_ids[0])]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        with app.app_context():
            vote = db.session.get(Vote, vote_id)
            outcomes.append(
                (
                    Counter(answers),
                    vote.yes,
                    db.session.scalar(select(func.count(VoteCast.id)).where(VoteCast.vote_id == vote_id)),
                )
            )
            votes.close_vote(vote)
    assert all(
        answers == Counter(ok=1, already_voted=2) and yes == 1 and rows == 1 for answers, yes, rows in outcomes
    ), outcomes


def test_a_vote_cast_while_it_closes_is_counted_before_or_refused(app_factory):
    app = app_factory()
    with app.app_context():
        event = make_event()
        people = []
        for index, (name, code) in enumerate(REGIONS[:3]):
            delegation = add_delegation(event, {"name": name, "region_code": code})
            people.append(_approved(event, delegation, index * 10 + 1))
        for person in people:
            _check_in(event, person)
        event_id, ids = event.id, [p.id for p in people]
    for round_ in range(5):
        with app.app_context():
            vote_id = votes.open_vote(db.session.get(Event, event_id), f"Tutup {round_}").id
        start = threading.Barrier(2)

        def voter():
            with app.app_context():
                vote, person = db.session.get(Vote, vote_id), db.session.get(Registration, ids[0])
                db.session.commit()
                start.wait(timeout=10)
                try:
                    votes.cast(vote, person, "setuju")
                except SidangRefused:
                    pass
                db.session.remove()

        def chair():
            with app.app_context():
                vote = db.session.get(Vote, vote_id)
                db.session.commit()
                start.wait(timeout=10)
                votes.close_vote(vote)
                db.session.remove()

        threads = [threading.Thread(target=voter), threading.Thread(target=chair)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        with app.app_context():
            vote = db.session.get(Vote, vote_id)
            rows = db.session.scalar(select(func.count(VoteCast.id)).where(VoteCast.vote_id == vote_id))
            assert vote.state == "closed" and vote.yes == rows  # a vote row is never without its count
            assert vote.passed == (vote.yes > 0)


def test_the_audit_log_tells_who_voted_in_sentences(plenary):
    from raker.admin.audit_log import entries

    event, members = plenary
    vote = votes.open_vote(event, "Butir B.1", secret=True, by=make_user("sekretariat", name="Rahmawati"))
    votes.cast(vote, members["Kabupaten Paser"][0], "setuju")
    votes.close_vote(vote, by=make_user("sekretariat", "s2@uji.raker.example", name="Andi"))
    texts = [e.text for e in entries(db.session.scalars(select(AuditLog).order_by(AuditLog.id)).all(), event=event)]
    paser = members["Kabupaten Paser"][0]
    assert "Rahmawati membuka pemungutan suara: Butir B.1" in texts
    assert any(t.startswith(paser.full_name) and t.endswith("memberi suara") for t in texts)
    assert "Andi menutup pemungutan suara: 1 setuju, 0 tidak setuju, 0 abstain" in texts
