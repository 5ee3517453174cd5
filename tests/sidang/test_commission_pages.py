"""The secretariat's commissions page and the delegate's personal link showing their commission."""

import pytest
from sqlalchemy import func, select

from raker.agenda import services as agenda
from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import Commission, CommissionMember
from raker.registration import services as registration
from tests.factories import make_event, make_user, register


@pytest.fixture
def meeting(app):
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    people = []
    for n in (1, 2, 3):
        person = register(event, paser, n)
        registration.change_state(person, "approved")
        people.append(person)
    room = agenda.add_room(event, "Ruang Kutai", 60)
    return event, people, room


def _text(response):
    return response.get_data(as_text=True)


def test_the_secretariat_builds_commissions_and_the_delegate_sees_theirs(app, meeting):
    event, people, room = meeting
    staff = app.test_client(user=make_user("sekretariat"))
    base = f"/admin/events/{event.slug}/komisi/"
    assert staff.post(base, data={"topic": "Kelembagaan", "room_id": room.id}).status_code == 302
    assert staff.post(base, data={"topic": "Tata laksana"}).status_code == 302
    page = _text(staff.get(base))
    assert "Komisi I: Kelembagaan" in page and "Komisi II: Tata laksana" in page
    first = db.session.scalar(select(Commission).where(Commission.number == 1))
    assert staff.post(f"{base}{first.id}/anggota", data={"registration_id": people[0].id}).status_code == 302
    split = staff.post(f"{base}bagi", data={"per_commission": "1"}, follow_redirects=True)
    assert "1 peserta belum mendapat tempat" in _text(split)  # Komisi I has its one from Paser already
    assert db.session.scalar(select(func.count(CommissionMember.id))) == 2
    assert (
        staff.post(
            f"{base}{first.id}", data={"topic": "Kelembagaan", "room_id": room.id, "chair_id": people[0].id}
        ).status_code
        == 302
    )
    mine = _text(app.test_client().get(f"/r/{people[0].token}"))
    assert "Komisi I: Kelembagaan (Ruang Kutai)" in mine


@pytest.mark.parametrize(
    "path, data, message",
    [
        ("", {"topic": " "}, "Tulis topik komisi"),
        ("bagi", {"per_commission": "0"}, "antara 1 dan 50"),
    ],
)
def test_bad_input_is_a_message_and_nothing_saved(app, meeting, path, data, message):
    event, *_ = meeting
    staff = app.test_client(user=make_user("sekretariat"))
    if path == "bagi":
        staff.post(f"/admin/events/{event.slug}/komisi/", data={"topic": "Kelembagaan"})
    before = db.session.scalar(select(func.count(Commission.id)))
    answer = staff.post(f"/admin/events/{event.slug}/komisi/{path}", data=data)
    assert answer.status_code == 400 and message in _text(answer)
    assert db.session.scalar(select(func.count(Commission.id))) == before


def test_only_the_meetings_secretariat_opens_it(app, meeting):
    event, *_ = meeting
    assert app.test_client(user=make_user("petugas")).get(f"/admin/events/{event.slug}/komisi/").status_code == 403


def test_with_many_waiting_the_page_searches_instead_of_listing_everyone(app, meeting, monkeypatch):
    """Issue 15: each commission's "Masukkan peserta" listed every participant without a commission (10,000
    at a national meeting, in every commission). Beyond LIST_ALL_UP_TO (200; 2 here, for three people) the
    page counts them and finds them by a search; the list under it holds only the matches."""
    from raker.sidang import commissions as komisi

    event, people, room = meeting
    staff = app.test_client(user=make_user("sekretariat"))
    base = f"/admin/events/{event.slug}/komisi/"
    staff.post(base, data={"topic": "Kelembagaan", "room_id": room.id})
    first = db.session.scalar(select(Commission).where(Commission.number == 1))
    options = [f'<option value="{person.id}">{person.full_name}</option>' for person in people]
    few = _text(staff.get(base))
    assert all(option in few for option in options) and 'name="cari"' not in few
    monkeypatch.setattr(komisi, "LIST_ALL_UP_TO", 2)
    many = _text(staff.get(base))
    assert "3 peserta belum masuk komisi." in many and 'name="cari"' in many
    assert not any(option in many for option in options)
    assert "Cari dahulu peserta yang akan dimasukkan." in many
    found = _text(staff.get(f"{base}?cari={people[1].full_name}"))
    assert options[1] in found and options[0] not in found and "1 peserta ditemukan" in found
    assert staff.post(f"{base}{first.id}/anggota", data={"registration_id": people[1].id}).status_code == 302
    assert "2 peserta belum masuk komisi." in _text(staff.get(base))
    assert options[1] not in _text(staff.get(f"{base}?cari={people[1].full_name}"))  # seated now
