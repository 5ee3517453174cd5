from collections import Counter

import pytest
from sqlalchemy import select

from raker.auth.services import find_user
from raker.extensions import db
from raker.models import Delegation, Event, Registration
from raker.reference.nip import parse_nip
from tests.factories import make_event, table_counts


def test_users_create_with_password(runner, client):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Petugas.Gerbang@Uji.Raker.Example",
            "--role",
            "petugas",
            "--name",
            "Petugas Gerbang",
            "--password",
            "gerbang-pagi-123",
        ]
    )
    assert result.exit_code == 0, result.output
    user = find_user("petugas.gerbang@uji.raker.example")
    assert user.roles == {"petugas"} and user.full_name == "Petugas Gerbang"
    assert client.post("/auth/login", data={"email": user.email, "password": "gerbang-pagi-123"}).status_code == 302


def test_users_create_prompts_for_password(runner):
    result = runner.invoke(
        args=["users", "create", "notulis2@uji.raker.example", "--role", "notulis", "--role", "perumus"],
        input="catatan-rapat-123\ncatatan-rapat-123\n",
    )
    assert result.exit_code == 0, result.output
    assert "Kata sandi" in result.output
    assert find_user("notulis2@uji.raker.example").roles == {"notulis", "perumus"}


def test_users_create_refusals(runner):
    before = table_counts()
    bad_role = runner.invoke(
        args=["users", "create", "a@uji.raker.example", "--role", "bupati", "--password", "x" * 12]
    )
    assert bad_role.exit_code == 2 and "bupati" in bad_role.output
    short = runner.invoke(args=["users", "create", "a@uji.raker.example", "--role", "petugas", "--password", "pendek"])
    assert short.exit_code == 1 and "minimal 12 karakter" in short.output
    bad_email = runner.invoke(args=["users", "create", "bukan-email", "--role", "petugas", "--password", "x" * 12])
    assert bad_email.exit_code == 1 and "email tidak sah" in bad_email.output
    assert table_counts() == before
    runner.invoke(args=["users", "create", "a@uji.raker.example", "--role", "petugas", "--password", "x" * 12])
    duplicate = runner.invoke(
        args=["users", "create", "A@uji.raker.example", "--role", "admin", "--password", "x" * 12]
    )
    assert duplicate.exit_code == 1 and "sudah ada" in duplicate.output


def test_users_create_for_a_meeting(runner, client):
    """--event SLUG: the meeting role counts on that meeting only."""
    meeting_a, meeting_b = make_event(title="Rapat A"), make_event(title="Rapat B")
    result = runner.invoke(
        args=[
            "users",
            "create",
            "gerbang.a@uji.raker.example",
            "--role",
            "petugas",
            "--event",
            meeting_a.slug,
            "--password",
            "x" * 12,
        ]
    )
    assert result.exit_code == 0, result.output
    assert f"pada rapat {meeting_a.slug}" in result.output
    listing = runner.invoke(args=["users", "list"]).output
    assert f"gerbang.a@uji.raker.example\tpetugas\tpetugas@{meeting_a.slug}\n" in listing
    token = runner.invoke(args=["users", "token", "gerbang.a@uji.raker.example"]).output.strip()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/events/{meeting_a.slug}/checkins/stats", headers=headers).status_code == 200
    assert client.get(f"/api/v1/events/{meeting_b.slug}/checkins/stats", headers=headers).status_code == 403

    before = table_counts()
    unknown = runner.invoke(
        args=[
            "users",
            "create",
            "b@uji.raker.example",
            "--role",
            "petugas",
            "--event",
            "tidak-ada",
            "--password",
            "x" * 12,
        ]
    )
    assert unknown.exit_code == 1 and "Rapat tidak-ada tidak ditemukan" in unknown.output
    not_a_meeting_role = runner.invoke(
        args=[
            "users",
            "create",
            "b@uji.raker.example",
            "--role",
            "kontak_delegasi",
            "--event",
            meeting_a.slug,
            "--password",
            "x" * 12,
        ]
    )
    assert not_a_meeting_role.exit_code == 1 and "peran rapat" in not_a_meeting_role.output
    assert table_counts() == before
    nowhere = runner.invoke(
        args=["users", "create", "c@uji.raker.example", "--role", "notulis", "--password", "x" * 12]
    )
    assert nowhere.exit_code == 0 and "--event SLUG" in nowhere.output


def test_token_issue_use_and_revoke(runner, client):
    runner.invoke(args=["users", "create", "api@uji.raker.example", "--role", "sekretariat", "--password", "x" * 12])
    result = runner.invoke(args=["users", "token", "api@uji.raker.example"])
    assert result.exit_code == 0
    token = result.output.strip()
    assert token.startswith("rk_") and len(token) > 40
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json["email"] == "api@uji.raker.example"
    assert me.json["roles"] == ["sekretariat"]
    stored = find_user("api@uji.raker.example").tokens[0].token_hash
    assert token not in stored and len(stored) == 64  # only the SHA-256 is kept
    revoked = runner.invoke(args=["users", "revoke-tokens", "api@uji.raker.example"])
    assert revoked.exit_code == 0 and "1 token dicabut" in revoked.output
    again = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert again.status_code == 401 and again.json["error"] == "unauthorized"


def test_token_for_unknown_user(runner):
    result = runner.invoke(args=["users", "token", "siapa@uji.raker.example"])
    assert result.exit_code == 1 and "tidak ditemukan" in result.output


@pytest.mark.clocks
def test_seed_demo_builds_the_meeting_and_is_idempotent(runner, client):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    event = db.session.scalar(select(Event))
    assert f"Slug rapat: {event.slug}" in first.output
    assert f"Halaman rapat: http://127.0.0.1:5000/events/{event.slug}" in first.output  # PUBLIC_BASE_URL
    for login in (
        "admin@raker.example",
        "sekretariat@raker.example",
        "petugas@raker.example",
        "notulis@raker.example",
        "perumus@raker.example",
        "kontak.paser@raker.example",
    ):
        assert login in first.output
    password = first.output.split("kata sandi semuanya: ")[1].split(")")[0]
    assert (
        client.post("/auth/login", data={"email": "sekretariat@raker.example", "password": password}).status_code == 302
    )
    # The demo staff are staff of the demo meeting, and of no other.
    other = make_event(title="Rapat Lain")
    petugas = runner.invoke(args=["users", "token", "petugas@raker.example"]).output.strip()
    gate = {"Authorization": f"Bearer {petugas}"}
    assert client.get(f"/api/v1/events/{event.slug}/checkins/stats", headers=gate).status_code == 200
    assert client.get(f"/api/v1/events/{other.slug}/checkins/stats", headers=gate).status_code == 403
    assert client.get(f"/admin/events/{event.slug}/participants").status_code == 200  # the demo secretary
    assert client.get(f"/admin/events/{other.slug}/participants").status_code == 403
    db.session.delete(other)
    db.session.commit()

    assert event.title == "Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur"
    assert event.venue == "Gedung Awa Mangkuruku" and event.city == "Tanah Grogot"  # the seat of Kabupaten Paser
    assert event.host_institution == "Pemerintah Kabupaten Paser"
    assert event.timezone == "Asia/Makassar" and event.registration_is_open()
    assert (event.end_date - event.start_date).days == 1
    from datetime import datetime
    from zoneinfo import ZoneInfo

    assert event.start_date == datetime.now(ZoneInfo("Asia/Makassar")).date()  # today in Tana Paser (WITA)

    delegations = db.session.scalars(select(Delegation)).all()
    codes = {d.region_code for d in delegations}
    assert {"64", "64.01", "64.02", "64.03", "64.07", "64.08", "64.09", "64.11", "64.71", "64.72", "64.74"} <= codes
    registrations = db.session.scalars(select(Registration)).all()
    per_delegation = Counter(r.delegation.region_code for r in registrations)
    for code in codes - {None, "64"}:
        assert 10 <= per_delegation[code] <= 20, (code, per_delegation[code])
    for r in registrations:
        assert parse_nip(r.nip) == r.nip
        assert r.rank and r.position and r.full_name
    names = {r.full_name for r in registrations}
    for speaker in ("I Gusti Putu Suantara", "Yusmadi", "Dwiyoga P. Soediarto", "Aji Sayid Faturrahman"):
        assert speaker in names
    # one delegation is full with a waiting list, so both paths can be tried at once
    bontang = next(d for d in delegations if d.region_code == "64.74")
    bontang_states = Counter(r.state for r in registrations if r.delegation_id == bontang.id)
    assert bontang_states["approved"] == bontang.quota and bontang_states["waitlisted"] >= 1
    assert all(r.checkin_code for r in registrations if r.state == "approved")
    # walk-in registration stays open through the meeting's last day (WITA)
    closes = event.registration_closes_at.astimezone(event.tz)
    assert closes.date() == event.end_date and closes.hour == 23
    roles = Counter(r.role for r in registrations)
    # the outside speakers; the pengarah, the penanggung jawab and the Paser members of the SK are panitia
    assert roles["narasumber"] == 2 and roles["panitia"] == 5 and roles["peserta"] >= 100

    before = table_counts()
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0 and "tidak ada yang diubah" in second.output
    assert table_counts() == before
