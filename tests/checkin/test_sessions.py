"""The scanner's room mode: a session's attendance at its door, once per person and session, members of
another commission recorded and marked, on the session's own day, offline replays counted once."""

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from raker.agenda.services import add_room, create_session, set_cancelled
from raker.checkin import services
from raker.checkin.services import ScanInput
from raker.checkin.sessions import scanner_sessions, session_attendance
from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import CheckIn, Scan, SessionAttendance
from raker.registration import services as registration
from raker.sidang.commissions import assign, create_commission
from tests.concurrency import scans_at_once
from tests.factories import make_event, make_user, register


def qr(person) -> str:
    return "RK1:" + person.checkin_code


def _session(event, room, kind="komisi", title="Sidang Komisi II", days=0):
    """A session around this moment (`days` later), within the meeting's day there: a few minutes
    after midnight it starts at midnight, a few minutes before it ends at midnight."""
    now = datetime.now(UTC)
    midnight = datetime.combine(now.astimezone(event.tz).date(), time(), tzinfo=event.tz)
    starts = max(now - timedelta(minutes=30), midnight)
    ends = min(now + timedelta(minutes=20), midnight + timedelta(days=1))
    return create_session(
        event,
        {
            "title": title,
            "kind": kind,
            "room_id": room.id if room else None,
            "starts_at": starts + timedelta(days=days),
            "ends_at": ends + timedelta(days=days),
        },
    )


def _world():
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    people = [register(event, paser, n) for n in (1, 2, 3)]
    for person in people:
        registration.change_state(person, "approved")
    ruang_i, ruang_ii = add_room(event, "Ruang Kutai", None), add_room(event, "Ruang Mahakam", None)
    komisi_i = create_commission(event, "Kelembagaan", room_id=ruang_i.id)
    komisi_ii = create_commission(event, "Pelayanan Publik", room_id=ruang_ii.id)
    assign(komisi_ii, people[0])
    assign(komisi_i, people[1])  # people[2] is in no commission
    return event, people, _session(event, ruang_ii), ruang_ii


@pytest.fixture
def world(app):
    return _world()


@pytest.mark.clocks
def test_once_per_session_and_others_recorded_with_a_mark(world):
    event, (member, guest, unassigned), session, _ = world
    petugas = make_user("petugas")
    first = services.redeem(
        event, ScanInput(code=qr(member), gate="Pintu Ruang Mahakam", session_id=session.id), user=petugas
    )
    assert first["status"] == "ok" and first["member"] is True and first["commission"] == "Komisi II"
    assert first["session_id"] == session.id and first["name"] == member.full_name
    again = services.redeem(event, ScanInput(code=qr(member), gate="Pintu Belakang", session_id=session.id))
    assert again["status"] == "already_checked_in" and again["first_gate"] == "Pintu Ruang Mahakam"
    assert again["message"] == "Sudah tercatat hadir di sesi ini."
    other = services.redeem(
        event, ScanInput(registration_id=guest.id, gate="Pintu Ruang Mahakam", session_id=session.id)
    )
    assert other["status"] == "ok" and other["member"] is False
    assert other["message"] == "Bukan anggota Komisi II; tetap dicatat hadir."
    assert services.redeem(event, ScanInput(code=qr(unassigned), session_id=session.id))["member"] is False
    # The room is no daftar ulang: nobody is counted at the gate, and the gate's count stays the day's.
    assert db.session.scalar(select(func.count(CheckIn.id))) == 0
    assert services.redeem(event, ScanInput(code=qr(member), gate="Pintu Utama"))["status"] == "ok"
    listed = session_attendance(session)
    assert [(a.registration.full_name, a.member, a.gate) for a in listed] == [
        (member.full_name, True, "Pintu Ruang Mahakam"),
        (guest.full_name, False, "Pintu Ruang Mahakam"),
        (unassigned.full_name, False, ""),
    ]
    assert listed[0].registration.delegation.name == "Kabupaten Paser" and listed[1].method == "manual"
    scans = db.session.scalars(select(Scan).order_by(Scan.id)).all()
    assert [(s.result, s.session_id) for s in scans] == [
        ("ok", session.id),
        ("already_checked_in", session.id),
        ("ok", session.id),
        ("ok", session.id),
        ("ok", None),
    ]


def test_a_plenary_has_no_members_and_each_session_counts_apart(world):
    event, (member, _guest, _), komisi, _ = world
    pleno = _session(event, None, kind="pleno", title="Sidang Pleno")
    assert services.redeem(event, ScanInput(code=qr(member), session_id=komisi.id))["status"] == "ok"
    answer = services.redeem(event, ScanInput(code=qr(member), session_id=pleno.id))
    assert answer["status"] == "ok" and "member" not in answer
    assert session_attendance(pleno)[0].member is None
    assert db.session.scalar(select(func.count(SessionAttendance.id))) == 2


@pytest.mark.clocks
def test_refusals_record_no_attendance(world):
    event, (member, guest, _), session, room = world
    tomorrow = _session(event, room, title="Sidang Komisi II (lanjutan)", days=1)
    late = services.redeem(event, ScanInput(code=qr(member), session_id=tomorrow.id))
    assert late["status"] == "not_today" and late["message"] == "Sesi ini tidak berlangsung hari ini."
    registration.change_state(guest, "cancelled")
    assert services.redeem(event, ScanInput(code=qr(guest), session_id=session.id))["status"] == "cancelled"
    assert services.redeem(event, ScanInput(code="RK1:XYZ", session_id=session.id))["status"] == "invalid"
    assert db.session.scalar(select(func.count(SessionAttendance.id))) == 0
    assert db.session.scalar(select(func.count(Scan.id))) == 3  # the refusals are recorded as scans
    set_cancelled(tomorrow, True)
    with pytest.raises(services.CheckinError, match="Sesi tidak dikenal"):
        services.redeem(event, ScanInput(code=qr(member), session_id=tomorrow.id))
    other_event = make_event(title="Rapat Lain")
    foreign = _session(other_event, None, kind="pleno", title="Pleno lain")
    with pytest.raises(services.CheckinError):
        services.redeem(event, ScanInput(code=qr(member), session_id=foreign.id))
    assert db.session.scalar(select(func.count(Scan.id))) == 3


def test_offline_replays_count_once(world):
    event, (member, _, _), session, _ = world
    now = datetime.now(UTC)
    answers = services.redeem_batch(
        event,
        [
            ScanInput(
                code=qr(member),
                gate="HP B",
                device="hp-b",
                nonce="b1",
                scanned_at=now,
                offline=True,
                session_id=session.id,
            ),
            ScanInput(
                code=qr(member),
                gate="HP A",
                device="hp-a",
                nonce="a1",
                scanned_at=now - timedelta(minutes=2),
                offline=True,
                session_id=session.id,
            ),
        ],
    )
    assert [a["status"] for a in answers] == ["already_checked_in", "ok"]
    retry = services.redeem(event, ScanInput(code=qr(member), nonce="a1", session_id=session.id))
    assert retry == answers[1]
    [attendance] = session_attendance(session)
    assert attendance.gate == "HP A" and attendance.offline


def test_two_doors_at_the_same_moment_record_one(app_factory):
    app = app_factory()
    with app.app_context():
        event, (member, _, _), session, _ = _world()
        event_id, session_id, code = event.id, session.id, qr(member)
    results = []
    for _attempt in range(4):  # several rounds, to give the race a real chance
        results.append(scans_at_once(app, event_id, ["Pintu 1", "Pintu 2"], code=code, session_id=session_id))
        with app.app_context():
            assert db.session.scalar(select(func.count(SessionAttendance.id))) == 1
            db.session.execute(SessionAttendance.__table__.delete())
            db.session.commit()
    assert all(r == {"ok": 1, "already_checked_in": 1} for r in results)


def test_scanner_sessions_name_the_commission_of_the_room(world):
    event, _, session, _ = world
    pleno = _session(event, None, kind="pleno", title="Sidang Pleno")
    _session(event, None, kind="ishoma", title="Ishoma")
    listed = {s.id: s for s in scanner_sessions(event)}
    assert set(listed) == {session.id, pleno.id}  # no break, no daftar ulang
    assert listed[session.id].as_config()["commission"] == {"number": 2, "name": "Komisi II"}
    assert listed[session.id].as_config()["room"] == "Ruang Mahakam"
    assert listed[pleno.id].as_config()["commission"] is None


def test_api_and_bundle(app, world):
    event, (member, guest, unassigned), session, _ = world
    client = app.test_client(user=make_user("petugas"))
    url = f"/api/v1/events/{event.slug}/checkins"
    answered = client.post(url, json={"code": qr(guest), "gate": "Pintu Mahakam", "session_id": session.id})
    assert answered.status_code == 201 and answered.json["member"] is False
    unknown = client.post(url, json={"code": qr(member), "session_id": 999_999})
    assert unknown.status_code == 400 and "Sesi tidak dikenal" in unknown.json["fields"]["session_id"]
    assert client.post(url, json={"code": qr(member), "session_id": "2"}).status_code == 400
    batch = client.post(
        f"{url}/batch",
        json={
            "scans": [
                {"code": qr(member), "nonce": "x1", "session_id": session.id},
                {"code": qr(member), "nonce": "x2", "session_id": 999_999},
            ]
        },
    )
    assert batch.status_code == 400 and "scans[1].session_id" in batch.json["fields"]
    assert db.session.scalar(select(func.count(SessionAttendance.id))) == 1  # the batch refused whole
    bundle = client.get(f"{url}/bundle").json
    # A row leaves off its trailing fields (checked_in, attended) when it has nothing in them.
    rows = {raw[0]: dict(zip(bundle["fields"], raw, strict=False)) for raw in bundle["participants"]}
    assert rows[member.id]["commission"] == 2 and rows[guest.id]["commission"] == 1
    assert rows[unassigned.id]["commission"] is None and "attended" not in rows[member.id]
    assert list(rows[guest.id]["attended"]) == [str(session.id)]
    assert rows[guest.id]["attended"][str(session.id)][1] == "Pintu Mahakam"
    page = client.get(f"/events/{event.slug}/scanner/").get_data(as_text=True)
    assert "Ruang Mahakam" in page and 'id="session-input"' in page


@pytest.mark.clocks
def test_the_room_counter_counts_the_session_not_the_gate(app, world):
    """The room scanner's counter (stats with session_id): who was recorded at this session against its
    commission's members; the gate's daftar ulang of the day is not it. A plenary counts every approved
    participant. An unknown session is a 400 with the scanner's message."""
    event, (member, guest, unassigned), session, _ = world
    pleno = _session(event, None, kind="pleno", title="Sidang Pleno")
    for person in (member, guest, unassigned):  # all three at the gate today
        assert services.redeem(event, ScanInput(code=qr(person), gate="Pintu Utama"))["status"] == "ok"
    assert services.redeem(event, ScanInput(code=qr(guest), session_id=session.id))["status"] == "ok"
    client = app.test_client(user=make_user("petugas"))
    url = f"/api/v1/events/{event.slug}/checkins/stats"
    assert "session" not in client.get(url).json
    room = client.get(url, query_string={"session_id": session.id}).json
    assert room["session"] == {"id": session.id, "attended": 1, "expected": 1}  # Komisi II has one member
    assert room["checked_in"] == 3  # the gate's figure stays beside it
    hall = client.get(url, query_string={"session_id": pleno.id}).json
    assert hall["session"] == {"id": pleno.id, "attended": 0, "expected": 3}
    for bad in ("999999", "abc", "0", "-1"):
        answer = client.get(url, query_string={"session_id": bad})
        assert answer.status_code == 400 and "Sesi tidak dikenal" in answer.json["fields"]["session_id"]
