"""The check-in API as a scanner app would use it."""

import base64
import hashlib
import io
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import func, select

from raker.auth.services import issue_token
from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import CheckIn, Scan
from raker.registration import services as registration
from tests.factories import make_event, make_user, register


@pytest.fixture
def setup(app):
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    people = [register(event, paser, n) for n in (1, 2, 3)]
    for person in people[:2]:
        registration.change_state(person, "approved")
    headers = {"Authorization": f"Bearer {issue_token(make_user('petugas'))}"}
    return event, people, headers


def url(event, tail=""):
    return f"/api/v1/events/{event.slug}/checkins{tail}"


@pytest.mark.clocks
def test_redeem_ok_repeat_and_nonce(client, setup):
    event, people, headers = setup
    code = "RK1:" + people[0].checkin_code
    first = client.post(url(event), json={"code": code, "gate": "Pintu Utama", "nonce": "n-1"}, headers=headers)
    assert first.status_code == 201 and first.json["status"] == "ok" and first.json["name"] == people[0].full_name
    retry = client.post(url(event), json={"code": code, "gate": "Pintu Utama", "nonce": "n-1"}, headers=headers)
    assert retry.status_code == 201 and retry.json == first.json
    again = client.post(url(event), json={"code": code, "gate": "Pintu Samping"}, headers=headers)
    assert again.status_code == 200 and again.json["status"] == "already_checked_in"
    assert again.json["first_gate"] == "Pintu Utama"
    assert db.session.scalar(select(func.count(CheckIn.id))) == 1
    assert db.session.scalar(select(func.count(Scan.id))) == 2


def test_only_code_is_required_and_answers_always_have_a_status(client, setup):
    event, people, headers = setup
    for body in (
        {"code": "RK1:" + people[1].checkin_code},
        {"code": "bukan kode"},
        {"code": ""},
        {"code": "RK1:" + "A" * 26},
        {"registration_id": people[2].id},
        {"code": "x" * 9000},
    ):
        response = client.post(url(event), json=body, headers=headers)
        assert response.status_code in (200, 201) and response.json["status"] in ("ok", "invalid", "not_approved"), body


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        ('{"code": "RK1:X", "scanned_at": "kemarin sore"}', "application/json", 400),
        ('{"code": "RK1:X", "scanned_at": "2026-08-09T08:00:00"}', "application/json", 400),
        ('{"code": 12345}', "application/json", 400),
        ('{"nonce": ["a"], "code": "RK1:X"}', "application/json", 400),
        ("{}", "application/json", 400),
        ('{"registration_id": 1180591620717411303424}', "application/json", 400),  # 2**70: no 500 from an overflow
        ('{"registration_id": 0}', "application/json", 400),
        (
            '{"code": "RK1:X", "scanned_at": "0001-01-01T00:00:00+14:00"}',
            "application/json",
            400,
        ),  # no 500 from an overflow
        ("\x00\x01\x02 junk", "application/octet-stream", 415),
        ('{"code": "' + "A" * 20000 + '"', "application/json", 400),
    ],
)
def test_bad_requests_get_clear_4xx(client, setup, body, content_type, status):
    event, _, headers = setup
    response = client.post(url(event), data=body, content_type=content_type, headers=headers)
    assert response.status_code == status and response.json["message"]
    assert db.session.scalar(select(func.count(CheckIn.id))) == 0


def test_checkin_needs_staff(client, setup):
    event, people, _ = setup
    body = {"code": "RK1:" + people[0].checkin_code}
    assert client.post(url(event), json=body).status_code == 401
    notulis = {"Authorization": f"Bearer {issue_token(make_user('notulis'))}"}
    assert client.post(url(event), json=body, headers=notulis).status_code == 403


@pytest.mark.clocks
def test_batch_replay_and_stats(client, setup):
    event, people, headers = setup
    now = datetime.now(UTC)
    scans = [
        {
            "code": "RK1:" + people[0].checkin_code,
            "gate": "A",
            "nonce": "o-1",
            "device": "hp-1",
            "scanned_at": (now - timedelta(minutes=3)).isoformat(),
        },
        {
            "code": "RK1:" + people[1].checkin_code,
            "gate": "A",
            "nonce": "o-2",
            "device": "hp-1",
            "scanned_at": (now - timedelta(minutes=2)).isoformat(),
        },
        {
            "code": "RK1:" + people[0].checkin_code,
            "gate": "B",
            "nonce": "o-3",
            "device": "hp-2",
            "scanned_at": (now - timedelta(minutes=1)).isoformat(),
        },
    ]
    result = client.post(url(event, "/batch"), json={"scans": scans}, headers=headers).json["results"]
    assert [r["status"] for r in result] == ["ok", "ok", "already_checked_in"]
    assert result[2]["needs_review"] is True
    replay = client.post(url(event, "/batch"), json={"scans": scans}, headers=headers).json["results"]
    assert replay == result  # the same nonces: nothing new
    stats = client.get(url(event, "/stats"), headers=headers).json
    assert stats["checked_in"] == 2 and stats["expected"] == 2
    assert stats["by_delegation"][0] == {
        "id": people[0].delegation_id,
        "name": "Kabupaten Paser",
        "region_code": "64.01",
        "checked_in": 2,
        "expected": 2,
    }
    assert sum(day["checked_in"] for day in stats["by_day"]) == 2
    assert client.post(url(event, "/batch"), json={"scans": "x"}, headers=headers).status_code == 400


def test_offline_bundle_carries_hashes_not_codes(client, setup):
    event, people, headers = setup
    bundle = client.get(url(event, "/bundle"), headers=headers)
    text = bundle.get_data(as_text=True)
    assert people[0].checkin_code not in text and people[0].email not in text and people[0].nip not in text
    # A row leaves off its trailing fields (checked_in, attended) when it has nothing in them.
    rows = {row[1]: dict(zip(bundle.json["fields"], row, strict=False)) for row in bundle.json["participants"]}
    expected = hashlib.sha256(("RK1:" + people[0].checkin_code).encode()).hexdigest()[: bundle.json["code_hash_chars"]]
    assert rows[expected]["name"] == people[0].full_name
    assert bundle.json["states"][rows[expected]["state"]] == "approved"
    assert bundle.json["timezone"] == "Asia/Makassar"
    assert "checked_in" not in rows[expected]
    answer = client.post(
        url(event), json={"code": "RK1:" + people[0].checkin_code, "gate": "Pintu Utama"}, headers=headers
    )
    again = client.get(url(event, "/bundle"), headers=headers).json
    [(day, first)] = {row[1]: dict(zip(again["fields"], row, strict=False)) for row in again["participants"]}[expected][
        "checked_in"
    ].items()
    assert first == [int(datetime.fromisoformat(answer.json["checked_in_at"]).timestamp()), "Pintu Utama"]


@pytest.mark.clocks
def test_search_manual_checkin_undo_and_signature(client, setup):
    event, people, headers = setup
    found = client.get(url(event, "/search?q=Peserta Uji 2"), headers=headers).json
    assert [f["registration_id"] for f in found] == [people[1].id] and found[0]["checked_in_today"] is False
    by_nip = client.get(url(event, "/search?q=19860926 201505 2 003"), headers=headers).json
    assert [f["registration_id"] for f in by_nip] == [people[2].id]
    manual = client.post(
        url(event), json={"registration_id": people[1].id, "gate": "Meja Sekretariat"}, headers=headers
    )
    assert manual.json["status"] == "ok"
    checkin_id = manual.json["checkin_id"]
    image = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(10, 100), (150, 20), (290, 90)], fill=(0, 0, 0, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    data_url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    signed = client.post(url(event, f"/{checkin_id}/signature"), json={"png": data_url}, headers=headers)
    assert signed.status_code == 200
    stored = db.session.get(CheckIn, checkin_id).signature_png
    assert Image.open(io.BytesIO(stored)).mode == "1"
    blank = Image.new("RGB", (50, 50), "white")
    buffer = io.BytesIO()
    blank.save(buffer, "PNG")
    empty = client.post(
        url(event, f"/{checkin_id}/signature"),
        json={"png": base64.b64encode(buffer.getvalue()).decode()},
        headers=headers,
    )
    assert empty.status_code == 400 and "kosong" in empty.json["fields"]["png"]
    assert (
        client.post(url(event, f"/{checkin_id}/signature"), json={"png": "bukan base64!"}, headers=headers).status_code
        == 400
    )
    no_reason = client.post(url(event, f"/{checkin_id}/undo"), json={}, headers=headers)
    assert no_reason.status_code == 400
    undone = client.post(url(event, f"/{checkin_id}/undo"), json={"reason": "salah orang"}, headers=headers)
    assert undone.status_code == 200 and undone.json["status"] == "undone"
    twice = client.post(url(event, f"/{checkin_id}/undo"), json={"reason": "lagi"}, headers=headers)
    assert twice.status_code == 409
    assert client.get(url(event, "/stats"), headers=headers).json["checked_in"] == 0


def test_a_petugas_of_one_meeting_is_refused_at_another(app, client):
    """A token of meeting A's petugas on meeting B: check-in (was 201), batch, stats, bundle, search,
    undo, signature and live data are all 403 JSON, and nothing is stored; on A it works."""
    meeting_a, meeting_b = make_event(title="Rapat A"), make_event(title="Rapat B")
    other = add_delegation(meeting_b, {"name": "Kota Samarinda", "region_code": "64.72"})
    guest = register(meeting_b, other, 7)
    registration.change_state(guest, "approved")
    gate = make_user("petugas", "gerbang.a@uji.raker.example", event=meeting_a)
    headers = {"Authorization": f"Bearer {issue_token(gate)}"}
    code = "RK1:" + guest.checkin_code
    before = db.session.scalar(select(func.count(Scan.id)))
    calls = [
        ("post", url(meeting_b), {"code": code, "gate": "Pintu Utama"}),
        (
            "post",
            url(meeting_b, "/batch"),
            {
                "scans": [
                    {"code": code, "nonce": "n-1", "gate": "Pintu Utama", "scanned_at": datetime.now(UTC).isoformat()}
                ]
            },
        ),
        ("get", url(meeting_b, "/stats"), None),
        ("get", url(meeting_b, "/bundle"), None),
        ("get", url(meeting_b, "/search?q=Peserta"), None),
        ("post", url(meeting_b, "/1/undo"), {"reason": "salah"}),
        ("post", url(meeting_b, "/1/signature"), {"png": "x"}),
    ]
    for method, target, body in calls:
        response = getattr(client, method)(target, json=body, headers=headers)
        assert response.status_code == 403, (target, response.status_code)
        assert response.json["error"] == "forbidden" and response.json["message"], target
    live = app.test_client(user=gate).get(f"/admin/events/{meeting_b.slug}/attendance/live.json")
    assert live.status_code == 403 and "Peserta Uji" not in live.get_data(as_text=True)
    assert db.session.scalar(select(func.count(CheckIn.id))) == 0
    assert db.session.scalar(select(func.count(Scan.id))) == before
    assert client.get(url(meeting_a, "/stats"), headers=headers).status_code == 200
    assert app.test_client(user=gate).get(f"/admin/events/{meeting_a.slug}/attendance/live.json").status_code == 200


def test_the_meeting_check_costs_one_lookup_per_scan(client, setup):
    """The hot path: token+user+roles, the meeting and its staff grant, each read once (since issue 15 all
    three in one statement)."""
    from sqlalchemy import event as sa_event

    event, people, headers = setup
    code = "RK1:" + people[0].checkin_code
    client.get(url(event, "/stats"), headers=headers)  # the token's first use is noted once a minute
    statements = []

    def note(conn, cursor, sql, *args):
        statements.append(sql)

    sa_event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.post(url(event), json={"code": code}, headers=headers).status_code == 201
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", note)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert sum("FROM api_tokens" in s for s in selects) == 1
    assert sum("FROM event_staff" in s for s in selects) == 1
    assert sum("events.title" in s for s in selects) == 1  # the role check's, reused by the view


def test_a_first_scan_is_four_statements(client, setup):
    """Issue 15: the token, the meeting and the petugas' grant in one statement, the registration with its
    delegation's name, the check-in and the scan row (6 statements before: token, meeting, grant, …)."""
    from sqlalchemy import event as sa_event

    event, people, headers = setup
    client.post(url(event), json={"code": "RK1:" + people[1].checkin_code}, headers=headers)  # token use noted
    body = {"code": "RK1:" + people[0].checkin_code}
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement.split()[0])

    sa_event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.post(url(event), json=body, headers=headers)
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 201
    assert [s for s in statements if s.upper() in ("SELECT", "INSERT", "UPDATE")] == [
        "SELECT",
        "SELECT",
        "INSERT",
        "INSERT",
    ]


def test_a_removed_grant_a_revoked_token_or_a_disabled_account_stops_the_next_scan(client, app):
    """The grant read together with the token is the request's own: nothing outlives it."""
    from raker.auth.services import grant_event_role, revoke_event_role, revoke_tokens, update_user
    from raker.models import EventStaff

    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    people = [register(event, paser, n) for n in (1, 2, 3, 4)]
    for person in people:
        registration.change_state(person, "approved")
    petugas = make_user("petugas", event=event)
    headers = {"Authorization": f"Bearer {issue_token(petugas)}"}

    def scan(person):
        return client.post(url(event), json={"code": "RK1:" + person.checkin_code}, headers=headers).status_code

    assert scan(people[0]) == 201
    revoke_event_role(db.session.scalar(select(EventStaff).where(EventStaff.user_id == petugas.id)))
    assert scan(people[1]) == 403
    grant_event_role(event, petugas, "notulis")  # another meeting role is not the petugas' grant
    assert scan(people[1]) == 403
    grant_event_role(event, petugas, "petugas")
    assert scan(people[1]) == 201
    update_user(petugas, petugas.full_name, ["petugas"], False)
    assert scan(people[2]) == 401
    update_user(petugas, petugas.full_name, ["petugas"], True)
    assert scan(people[2]) == 201
    revoke_tokens(petugas)
    assert scan(people[3]) == 401
    assert db.session.scalar(select(func.count(CheckIn.id))) == 3


def test_an_admin_token_scans_without_a_grant_and_an_unknown_meeting_is_a_404(client, app):
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    person = register(event, paser, 1)
    registration.change_state(person, "approved")
    headers = {"Authorization": f"Bearer {issue_token(make_user('admin'))}"}
    body = {"code": "RK1:" + person.checkin_code}
    assert client.post(url(event), json=body, headers=headers).status_code == 201
    assert client.post("/api/v1/events/tidak-ada/checkins", json=body, headers=headers).status_code == 404
