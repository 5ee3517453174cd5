"""Commissions: created in order (Komisi I, II …), members by hand or split per delegation, one commission
per participant, pimpinan and sekretaris among the members (issue 14)."""

import pytest
from sqlalchemy import func, select

from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import CommissionMember
from raker.registration import services as registration
from raker.sidang import SidangRefused
from raker.sidang import commissions as komisi
from tests.factories import make_event, register


@pytest.fixture
def meeting(app):
    event = make_event()
    delegations = [
        add_delegation(event, {"name": name, "region_code": code})
        for name, code in (("Kabupaten Paser", "64.01"), ("Kota Samarinda", "64.72"))
    ]
    people = {}
    for index, delegation in enumerate(delegations):
        people[delegation.name] = []
        for k in range(1, 6):
            person = register(event, delegation, index * 10 + k)
            registration.change_state(person, "approved")
            people[delegation.name].append(person)
    return event, people


def test_commissions_are_numbered_in_order(meeting):
    event, _ = meeting
    names = [
        komisi.commission_name(komisi.create_commission(event, topic).number)
        for topic in ("Kelembagaan", "Tata laksana", "Reformasi birokrasi")
    ]
    assert names == ["Komisi I", "Komisi II", "Komisi III"]
    with pytest.raises(SidangRefused, match="Tulis topik"):
        komisi.create_commission(event, "  ")


def test_split_two_of_each_delegation_to_each_commission(meeting):
    event, people = meeting
    first, second = (komisi.create_commission(event, t) for t in ("Kelembagaan", "Tata laksana"))
    komisi.assign(second, people["Kabupaten Paser"][0])  # placed by hand first: stays
    counts = komisi.split_by_delegation(event, 2)
    assert counts == {"assigned": 7, "left": 2}  # 10 delegates, 8 places, one placed by hand
    per = {}
    for member in db.session.scalars(select(CommissionMember)):
        key = (member.registration.delegation.name, member.commission.number)
        per[key] = per.get(key, 0) + 1
    assert per == {
        ("Kabupaten Paser", 1): 2,
        ("Kabupaten Paser", 2): 2,
        ("Kota Samarinda", 1): 2,
        ("Kota Samarinda", 2): 2,
    }
    assert komisi.commission_of(people["Kabupaten Paser"][0]).id == second.id
    assert komisi.split_by_delegation(event, 2) == {"assigned": 0, "left": 2}  # running it again changes nothing


def test_one_commission_per_participant_and_officers_among_members(meeting):
    event, people = meeting
    first, second = (komisi.create_commission(event, t) for t in ("Kelembagaan", "Tata laksana"))
    siti, budi = people["Kabupaten Paser"][:2]
    komisi.assign(first, siti)
    komisi.assign(first, budi)
    komisi.update_commission(first, topic="Kelembagaan", chair_id=siti.id, secretary_id=budi.id)
    with pytest.raises(SidangRefused, match="dipilih dari anggotanya"):
        komisi.update_commission(first, topic="Kelembagaan", chair_id=people["Kota Samarinda"][0].id)
    with pytest.raises(SidangRefused, match="orang yang sama"):
        komisi.update_commission(first, topic="Kelembagaan", chair_id=siti.id, secretary_id=siti.id)
    komisi.assign(second, siti)  # moved: no longer pimpinan of Komisi I
    db.session.refresh(first)
    assert first.chair_id is None and first.secretary_id == budi.id
    assert db.session.scalar(select(func.count(CommissionMember.id))) == 2


def test_only_approved_participants_of_the_meeting_sit_in_a_commission(meeting):
    event, people = meeting
    commission = komisi.create_commission(event, "Kelembagaan")
    waiting = people["Kota Samarinda"][4]
    registration.change_state(waiting, "cancelled")
    with pytest.raises(SidangRefused, match="disetujui"):
        komisi.assign(commission, waiting)
    other = make_event(slug="rapat-lain")
    stranger = register(other, add_delegation(other, {"name": "Kabupaten Berau", "region_code": "64.03"}), 1)
    registration.change_state(stranger, "approved")
    with pytest.raises(SidangRefused, match="bukan peserta rapat ini"):
        komisi.assign(commission, stranger)
