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


def _section(page: str, number: int) -> str:
    return page.split(f'id="komisi-{number}"', 1)[1].split("</section>", 1)[0]


def test_a_commission_lists_only_the_sessions_in_its_own_room(app, meeting):
    """As Komisi III of the demo (Aula Utama, where no sidang komisi is held): a commission without a
    session of its own lists none, with the reason, not the other commissions' sessions; one without a
    room neither. Those list their daftar hadir for every day; one with sittings for the days it sits."""
    from datetime import datetime, time

    from raker.sidang import commissions as komisi

    event, _people, room = meeting
    hall = agenda.add_room(event, "Aula Utama", 200)
    first = komisi.create_commission(event, "Kelembagaan", room_id=room.id)
    second = komisi.create_commission(event, "Teknologi Informasi", room_id=hall.id)
    third = komisi.create_commission(event, "Tata laksana")
    starts = datetime.combine(event.start_date, time(14, 30), tzinfo=event.tz)
    session = agenda.create_session(
        event,
        {
            "title": "Sidang Komisi I: Kelembagaan",
            "kind": "komisi",
            "room_id": room.id,
            "starts_at": starts,
            "ends_at": starts.replace(hour=16),
        },
    )
    assert komisi.sessions_of(first, [session]) == [session]
    assert komisi.sessions_of(second, [session]) == [] and komisi.sessions_of(third, [session]) == []
    page = _text(app.test_client(user=make_user("sekretariat")).get(f"/admin/events/{event.slug}/komisi/"))
    mine = _section(page, 1)
    assert "Sidang Komisi I: Kelembagaan" in mine and f"/daftar-hadir/sesi/{session.id}.pdf?komisi={first.id}" in mine
    assert "Komisi ini belum punya sidang di agenda." not in mine
    for number in (2, 3):
        theirs = _section(page, number)
        assert "Sidang Komisi I" not in theirs and "/daftar-hadir/sesi/" not in theirs, number
        assert "Komisi ini belum punya sidang di agenda." in theirs, number
        assert theirs.count(f"komisi={(second if number == 2 else third).id}") == 3 * len(event.days)  # per day
    # Komisi I sits on the first day only: its day list is offered for that day, not for the others.
    assert len(event.days) > 1
    assert f"/daftar-hadir/{event.start_date.isoformat()}.pdf?komisi={first.id}" in mine
    for day in event.days[1:]:
        assert f"/daftar-hadir/{day.isoformat()}.pdf?komisi={first.id}" not in mine, day
