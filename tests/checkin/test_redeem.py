"""The door decision: statuses, one check-in per person per day, nonces, offline replays."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from raker.checkin import services
from raker.checkin.services import ScanInput
from raker.events.services import add_delegation, update_event
from raker.extensions import db
from raker.models import CheckIn, Scan
from raker.registration import services as registration
from tests.concurrency import scans_at_once
from tests.factories import make_event, make_user, register


@pytest.fixture
def world(app):
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    person = register(event, paser, 1)
    registration.change_state(person, "approved")
    return event, paser, person


def qr(person) -> str:
    return "RK1:" + person.checkin_code


def test_ok_then_already_with_first_time_and_gate(world):
    event, _, person = world
    petugas = make_user("petugas")
    first = services.redeem(event, ScanInput(code=qr(person), gate="Pintu Utama"), user=petugas)
    assert first["status"] == "ok"
    assert (first["name"], first["delegation"], first["role"]) == (person.full_name, "Kabupaten Paser", "peserta")
    again = services.redeem(event, ScanInput(code=qr(person), gate="Pintu Samping"), user=petugas)
    assert again["status"] == "already_checked_in"
    assert again["first_gate"] == "Pintu Utama" and again["first_checked_in_at"] == first["checked_in_at"]
    assert db.session.scalar(select(func.count(CheckIn.id))) == 1
    scans = db.session.scalars(select(Scan).order_by(Scan.id)).all()
    assert [(s.result, s.gate, s.user_id) for s in scans] == [
        ("ok", "Pintu Utama", petugas.id),
        ("already_checked_in", "Pintu Samping", petugas.id),
    ]


@pytest.mark.parametrize(
    "code",
    [
        "",
        "RK1:",
        "RK1:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "rk1:abc",
        "x" * 10_000,
        "RK1:AAAAAAAAAAAAAAAAAAAAAAAAA",
        "\x00\xff",
        "https://contoh.example/?id=1",
    ],
)
def test_forged_truncated_or_junk_codes_are_invalid(world, code):
    event, _, person = world
    answer = services.redeem(event, ScanInput(code=code))
    assert answer["status"] == "invalid" and "name" not in answer
    truncated = services.redeem(event, ScanInput(code=qr(person)[:-3]))
    assert truncated["status"] == "invalid"
    assert db.session.scalar(select(func.count(CheckIn.id))) == 0
    assert db.session.scalar(select(func.count(Scan.id))) == 2  # failed scans are recorded too


@pytest.mark.clocks
def test_state_and_event_and_day_statuses(world):
    event, paser, person = world
    pending = register(event, paser, 2)
    assert services.redeem(event, ScanInput(registration_id=pending.id))["status"] == "not_approved"
    other_event = make_event(title="Rapat Lain")
    other_paser = add_delegation(other_event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    outsider = register(other_event, other_paser, 3)
    registration.change_state(outsider, "approved")
    foreign = services.redeem(event, ScanInput(code=qr(outsider)))
    assert foreign["status"] == "wrong_event" and "name" not in foreign
    before_the_meeting = datetime.now(UTC) - timedelta(days=2)
    assert services.redeem(event, ScanInput(code=qr(person), scanned_at=before_the_meeting))["status"] == "not_today"
    registration.change_state(person, "cancelled")
    assert services.redeem(event, ScanInput(code=qr(person)))["status"] == "cancelled"


def test_reissued_code_stops_the_old_badge(world):
    event, _, person = world
    old = qr(person)
    registration.reissue_checkin_code(person)
    assert services.redeem(event, ScanInput(code=old))["status"] == "invalid"
    assert services.redeem(event, ScanInput(code=qr(person)))["status"] == "ok"


def test_same_nonce_creates_nothing_new(world):
    event, _, person = world
    first = services.redeem(event, ScanInput(code=qr(person), nonce="abc-123"))
    retry = services.redeem(event, ScanInput(code=qr(person), nonce="abc-123"))
    assert first == retry and retry["status"] == "ok"
    assert db.session.scalar(select(func.count(Scan.id))) == 1
    assert db.session.scalar(select(func.count(CheckIn.id))) == 1


@pytest.mark.clocks
def test_one_check_in_per_day_and_undo(world):
    event, _, person = world
    today_there = event.today()
    # A two-day meeting whose second day is today where it is held (the server's date may differ).
    update_event(event, {"start_date": today_there - timedelta(days=1), "end_date": today_there})
    yesterday = datetime.now(UTC) - timedelta(days=1)
    assert services.redeem(event, ScanInput(code=qr(person), scanned_at=yesterday))["status"] == "ok"
    today = services.redeem(event, ScanInput(code=qr(person)))
    assert today["status"] == "ok"
    stats = services.stats(event)
    assert stats["checked_in"] == 1
    assert [(d["day"], d["checked_in"]) for d in stats["by_day"]] == [
        ((today_there - timedelta(days=1)).isoformat(), 1),
        (today_there.isoformat(), 1),
    ]
    checkin = db.session.get(CheckIn, today["checkin_id"])
    with pytest.raises(services.CheckinError, match="Alasan"):
        services.undo(checkin, by=make_user("petugas"), reason=" ")
    services.undo(checkin, by=make_user("sekretariat"), reason="Salah pindai")
    assert db.session.get(CheckIn, checkin.id).undone_at is not None  # recorded, not deleted
    assert services.redeem(event, ScanInput(code=qr(person)))["status"] == "ok"  # can check in again


@pytest.mark.clocks
def test_offline_duplicates_keep_first_scan_and_are_flagged(world):
    event, _, person = world
    now = datetime.now(UTC)
    live = services.redeem(event, ScanInput(code=qr(person), gate="Pintu A", device="hp-a", scanned_at=now))
    assert live["status"] == "ok"
    earlier = now - timedelta(minutes=5)
    replay = services.redeem_batch(
        event,
        [ScanInput(code=qr(person), gate="Pintu B", device="hp-b", scanned_at=earlier, nonce="b-1", offline=True)],
    )
    assert replay[0]["status"] == "already_checked_in" and replay[0]["needs_review"] is True
    checkin = db.session.scalar(select(CheckIn))
    assert checkin.needs_review and checkin.gate == "Pintu B"
    assert checkin.scanned_at == earlier.replace(microsecond=earlier.microsecond)


def test_batch_is_processed_in_scan_order(world):
    event, paser, person = world
    now = datetime.now(UTC)
    answers = services.redeem_batch(
        event,
        [
            ScanInput(code=qr(person), gate="B", device="hp-1", scanned_at=now, nonce="n2", offline=True),
            ScanInput(
                code=qr(person),
                gate="A",
                device="hp-1",
                scanned_at=now - timedelta(minutes=1),
                nonce="n1",
                offline=True,
            ),
        ],
    )
    assert [a["status"] for a in answers] == ["already_checked_in", "ok"]
    assert answers[0]["needs_review"] is False  # the same device scanned twice: no review needed


def test_two_gates_at_the_same_moment_get_one_ok(app_factory):
    app = app_factory()
    with app.app_context():
        event = make_event()
        paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
        person = register(event, paser, 1)
        registration.change_state(person, "approved")
        event_id, code = event.id, qr(person)
    results = []
    for attempt in range(5):  # several rounds, to give the race a real chance
        results.append(scans_at_once(app, event_id, ["Pintu 1", "Pintu 2"], code=code))
        with app.app_context():
            checkin = db.session.scalar(select(CheckIn).where(CheckIn.undone_at.is_(None)))
            services.undo(
                checkin, by=make_user("sekretariat", f"s{attempt}@uji.raker.example"), reason="uji berikutnya"
            )
    assert results[0] == {"ok": 1, "already_checked_in": 1}
    assert all(r == {"ok": 1, "already_checked_in": 1} for r in results)


def test_a_retried_nonce_gets_the_first_answer_and_changes_nothing(world):
    """The nonce is decided by the scans' unique index, not looked up first: whatever the retry
    would have written (a new check-in after an undo, a review flag) is rolled back."""
    event, _, person = world
    first = services.redeem(event, ScanInput(code=qr(person), gate="Pintu A", device="hp-a", nonce="r-1"))
    services.undo(db.session.get(CheckIn, first["checkin_id"]), by=make_user("sekretariat"), reason="uji")
    assert services.redeem(event, ScanInput(code=qr(person), gate="Pintu A", device="hp-a", nonce="r-1")) == first
    assert db.session.scalar(select(func.count(CheckIn.id))) == 1  # no second check-in from the retry
    again = services.redeem(event, ScanInput(code=qr(person), gate="Pintu B", device="hp-b", nonce="r-2"))
    assert again["status"] == "ok"
    offline = ScanInput(code=qr(person), gate="Pintu C", device="hp-c", nonce="r-2", offline=True)
    assert services.redeem_batch(event, [offline]) == [again]
    checkin = db.session.get(CheckIn, again["checkin_id"])
    assert not checkin.needs_review and checkin.gate == "Pintu B"
    registration.change_state(person, "cancelled")
    assert services.redeem(event, ScanInput(code=qr(person), nonce="r-2")) == again
    assert db.session.scalar(select(func.count(Scan.id))) == 2
