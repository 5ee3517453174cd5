"""The secretariat's live attendance page."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from raker.checkin import services
from raker.checkin.services import ScanInput
from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import CheckIn
from raker.registration import services as registration
from tests.factories import make_event, make_user, register


@pytest.fixture
def world(app):
    event = make_event()
    paser = add_delegation(
        event,
        {
            "name": "Kabupaten Paser",
            "region_code": "64.01",
            "contact_name": "Sri Wahyuni",
            "contact_phone": "+6281250001234",
        },
    )
    berau = add_delegation(event, {"name": "Kabupaten Berau", "region_code": "64.03"})
    people = [register(event, paser, 1), register(event, paser, 2), register(event, berau, 3)]
    for person in people:
        registration.change_state(person, "approved")
    return event, people


@pytest.mark.clocks
def test_dashboard_counts_missing_and_contacts(app, world):
    event, people = world
    services.redeem(event, ScanInput(code="RK1:" + people[0].checkin_code, gate="Pintu Utama"))
    client = app.test_client(user=make_user("sekretariat"))
    page = client.get(f"/admin/events/{event.slug}/attendance/").get_data(as_text=True)
    assert 'id="present-today">1<' in page and 'id="expected">3<' in page
    paser_row = page.split(f'data-delegation="{people[0].delegation_id}"')[1].split("</tr>")[0]
    assert "Peserta Uji 2" in paser_row and "Peserta Uji 1" not in paser_row  # who has not arrived
    assert "tel:+6281250001234" in paser_row
    live = client.get(f"/admin/events/{event.slug}/attendance/live.json").json
    assert live["present_today"] == 1 and live["stats"]["expected"] == 3
    assert sum(a["count"] for a in live["arrivals"]) == 1
    assert [r["name"] for r in live["recent"]] == ["Peserta Uji 1, S.Sos."]


def test_the_reminder_links_are_only_for_the_secretariat(app, world):
    """live.json is read by the petugas too; the reminder route is the secretariat's, so the door gets no
    link it would be refused on (the contact's number is there for a call, as on the page)."""
    event, people = world
    url = f"/admin/events/{event.slug}/attendance/live.json"
    paser = str(people[0].delegation_id)
    sekretariat = app.test_client(user=make_user("sekretariat", event=event)).get(url).json
    assert sekretariat["reminders"][paser].startswith(f"/admin/events/{event.slug}/attendance/ingatkan/")
    petugas = app.test_client(user=make_user("petugas", event=event)).get(url).json
    assert petugas["reminders"] == {} and petugas["contacts"][paser]["phone"] == "+6281250001234"


@pytest.mark.clocks
def test_undo_and_review_from_the_dashboard(app, world):
    event, people = world
    now = datetime.now(UTC)
    services.redeem(event, ScanInput(code="RK1:" + people[0].checkin_code, device="hp-a", scanned_at=now))
    services.redeem_batch(
        event,
        [
            ScanInput(
                code="RK1:" + people[0].checkin_code,
                device="hp-b",
                offline=True,
                nonce="x",
                scanned_at=now - timedelta(minutes=1),
            )
        ],
    )
    client = app.test_client(user=make_user("sekretariat"))
    page = client.get(f"/admin/events/{event.slug}/attendance/").get_data(as_text=True)
    assert "Perlu diperiksa" in page
    checkin = db.session.scalar(select(CheckIn))
    assert client.post(f"/admin/events/{event.slug}/attendance/checkins/{checkin.id}/reviewed").status_code == 302
    no_reason = client.post(f"/admin/events/{event.slug}/attendance/checkins/{checkin.id}/undo", data={"reason": ""})
    assert no_reason.status_code == 400
    client.post(f"/admin/events/{event.slug}/attendance/checkins/{checkin.id}/undo", data={"reason": "Salah pindai"})
    db.session.expire_all()
    checkin = db.session.get(CheckIn, checkin.id)
    assert checkin.undone_at is not None and checkin.undo_reason == "Salah pindai" and not checkin.needs_review


def test_unknown_day_is_404(app, world):
    event, _ = world
    client = app.test_client(user=make_user("sekretariat"))
    assert client.get(f"/admin/events/{event.slug}/attendance/?day=2020-01-01").status_code == 404
    assert client.get(f"/admin/events/{event.slug}/attendance/?day=besok").status_code == 404


def test_arrivals_chart_spans_the_days_opening_hours(app, world):
    """One check-in made one bar as wide as the chart: the buckets now cover the day's hours (an hour
    before the first session to the end of the last), the empty quarters included."""
    from raker.agenda import services as agenda

    event, people = world
    day = event.start_date
    wita = lambda h, m=0: datetime(day.year, day.month, day.day, h, m, tzinfo=event.tz)  # noqa: E731
    agenda.create_session(
        event, {"title": "Pembukaan", "kind": "pembukaan", "starts_at": wita(8, 30), "ends_at": wita(9, 30)}
    )
    agenda.create_session(
        event, {"title": "Paparan", "kind": "paparan", "starts_at": wita(10), "ends_at": wita(12, 15)}
    )
    # Written directly: a scan sent with a time later than the server's clock would be moved to now.
    db.session.add(
        CheckIn(event_id=event.id, registration_id=people[0].id, day=day, scanned_at=wita(7, 40).astimezone(UTC))
    )
    db.session.commit()
    axis = services.arrival_axis(event, day)
    assert axis[0]["time"] == "07.00" and axis[-1]["time"] == "12.45"  # 07.30 − 1 h, to 12.15 as a whole hour
    assert len(axis) == 24 and [a["time"] for a in axis[:3]] == ["07.00", "07.15", "07.30"]
    assert [a for a in axis if a["count"]] == [{"time": "07.30", "count": 1}]
    live = (
        app.test_client(user=make_user("sekretariat"))
        .get(f"/admin/events/{event.slug}/attendance/live.json?day={day.isoformat()}")
        .json
    )
    assert live["arrivals"] == axis
    # Without sessions: 07.00–17.00; a check-in outside widens it to its hour.
    other = make_event(title="Rapat Tanpa Acara")
    assert [a["time"] for a in services.arrival_axis(other, other.start_date)][::8] == [
        "07.00",
        "09.00",
        "11.00",
        "13.00",
        "15.00",
    ]


def test_arrivals_are_counted_per_quarter_of_the_meetings_clock(app, world):
    """Counted per minute by the database and put into the event's quarter hours: a scan at 07.44.59 is
    in 07.30, one at 07.45.00 in 07.45; an undone check-in and another day's are not counted."""
    event, people = world
    day, other_day = event.days[0], event.days[1]
    wita = lambda d, h, m, s=0: datetime(d.year, d.month, d.day, h, m, s, tzinfo=event.tz).astimezone(UTC)  # noqa: E731
    db.session.add_all(
        [
            CheckIn(event_id=event.id, registration_id=people[0].id, day=day, scanned_at=wita(day, 7, 44, 59)),
            CheckIn(event_id=event.id, registration_id=people[1].id, day=day, scanned_at=wita(day, 7, 45)),
            CheckIn(event_id=event.id, registration_id=people[2].id, day=day, scanned_at=wita(day, 7, 46, 30)),
            CheckIn(
                event_id=event.id,
                registration_id=people[2].id,
                day=day,
                scanned_at=wita(day, 7, 50),
                undone_at=wita(day, 7, 55),
            ),
            CheckIn(event_id=event.id, registration_id=people[0].id, day=other_day, scanned_at=wita(other_day, 7, 31)),
        ]
    )
    db.session.commit()
    assert services.arrivals(event, day) == [{"time": "07.30", "count": 1}, {"time": "07.45", "count": 2}]
    assert services.arrivals(event, other_day) == [{"time": "07.30", "count": 1}]
