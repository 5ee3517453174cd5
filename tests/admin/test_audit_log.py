"""The audit log as people read it: sentences with names, filters, pages, CSV, and what gets recorded
(logins, failed logins, token use, exports of personal data)."""

import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from raker.admin.audit_log import sentence
from raker.agenda import services as agenda
from raker.audit import record
from raker.auth.services import change_password, issue_token
from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import AuditLog
from raker.registration import services as registration
from tests.factories import PASSWORD, make_event, make_user, register


def login(client, email, password=PASSWORD):
    return client.post("/auth/login", data={"email": email, "password": password})


def text(response) -> str:
    return response.get_data(as_text=True)


def last(action: str) -> AuditLog:
    return db.session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id.desc())).first()


def test_rows_read_as_sentences_with_names(app):
    rahmawati = make_user("sekretariat", "rahma@uji.raker.example", name="Rahmawati")
    event = make_event(title="Rapat Kerja Organisasi")
    paser = add_delegation(event, {"name": "Kab. Paser"})
    budi = register(event, paser, 1, full_name="Budi Santoso")
    registration.change_state(budi, "cancelled", by=rahmawati, reason="Berhalangan")
    assert sentence(last("registration.state")) == (
        "Rahmawati membatalkan pendaftaran Budi Santoso (Kab. Paser): menunggu persetujuan → dibatalkan (Berhalangan)"
    )
    assert sentence(last("registration.create")) == "Budi Santoso (Kab. Paser) mendaftar: menunggu persetujuan"
    siti = register(event, paser, 2, full_name="Siti Aminah")
    registration.change_state(siti, "approved", by=rahmawati)
    assert sentence(last("registration.state")) == (
        "Rahmawati menyetujui pendaftaran Siti Aminah (Kab. Paser): menunggu persetujuan → disetujui"
    )
    registration.update_details(siti, {"position": "Kepala Bagian Organisasi", "phone": "0812 9999 0001"}, by=rahmawati)
    assert sentence(last("registration.update")) == (
        "Rahmawati mengubah data pendaftaran Siti Aminah (Kab. Paser) (nomor HP, jabatan)"
    )
    registration.cancel_by_participant(siti)
    assert sentence(last("registration.state")).startswith(
        "Siti Aminah (Kab. Paser) membatalkan pendaftarannya sendiri: disetujui → dibatalkan"
    )
    assert sentence(last("user.create")) == "Sistem membuat pengguna Rahmawati dengan peran Sekretariat"
    change_password(rahmawati, PASSWORD, "kata-sandi-baru-yang-panjang")
    assert sentence(last("user.password_change")) == "Rahmawati mengganti kata sandi Rahmawati"
    assert sentence(last("delegation.create")) == "Sistem menambah delegasi Kab. Paser"
    assert sentence(last("event.create")) == "Sistem membuat rapat Rapat Kerja Organisasi: pendaftaran dibuka"
    record("registration.export", event, event_id=event.id, user=rahmawati, format="xlsx", count=2)
    assert sentence(last("registration.export")) == "Rahmawati mengunduh daftar peserta (xlsx, 2 orang)"
    record("auth.login_failed", None, email="tamu@contoh.example")
    assert sentence(last("auth.login_failed")) == "Percobaan masuk gagal dengan email tamu@contoh.example"
    record("future.action", event, event_id=event.id)  # an action no sentence knows yet still reads
    assert sentence(last("future.action")) == "Sistem: future.action Rapat Kerja Organisasi"


def test_check_in_agenda_and_token_rows_read_as_sentences(app):
    from raker.checkin import services as checkin

    rahmawati = make_user("sekretariat", "rahma@uji.raker.example", name="Rahmawati")
    event = make_event(start_date=datetime.now(ZoneInfo("Asia/Makassar")).date())  # today at the venue
    budi = register(event, add_delegation(event, {"name": "Kab. Paser"}), 1, full_name="Budi Santoso")
    registration.change_state(budi, "approved", by=rahmawati)
    answer = checkin.redeem(
        event,
        checkin.ScanInput(
            code="RK1:" + budi.checkin_code,
            registration_id=None,
            gate="Pintu",
            nonce="n-1",
            scanned_at=None,
            device="",
            offline=False,
        ),
        user=rahmawati,
    )
    assert answer["status"] == "ok"
    checkin.undo(db.session.get(checkin.CheckIn, answer["checkin_id"]), by=rahmawati, reason="Salah orang")
    assert sentence(last("checkin.undo")) == (
        f"Rahmawati membatalkan daftar ulang Budi Santoso (Kab. Paser), {event.start_date.isoformat()}: Salah orang"
    )
    room = agenda.add_room(event, "Ruang Rapat Bupati", None, by=rahmawati)
    assert sentence(last("agenda.room_add")) == "Rahmawati menambah ruang Ruang Rapat Bupati"
    starts = datetime.combine(event.start_date, datetime.min.time(), event.tz).replace(hour=9)
    agenda.create_session(
        event,
        {"title": "Pembukaan", "starts_at": starts, "ends_at": starts + timedelta(hours=1), "room_id": room.id},
        by=rahmawati,
    )
    assert sentence(last("agenda.session_create")) == "Rahmawati menambah sesi Pembukaan"
    issue_token(rahmawati)
    assert sentence(last("token.issue")) == "Rahmawati membuat token API untuk Rahmawati"


def test_english_sentences_through_the_catalogue(client, app):
    make_user("admin", "admin@uji.raker.example", name="Andi")
    event = make_event()
    budi = register(event, add_delegation(event, {"name": "Kab. Paser"}), 1, full_name="Budi Santoso")
    login(client, "admin@uji.raker.example")
    client.post(f"/admin/events/{event.slug}/registrations/{budi.id}/state", data={"to": "rejected", "reason": "Kuota"})
    client.get("/lang/en")
    page = text(client.get(f"/admin/events/{event.slug}/audit"))
    assert "Andi rejected the registration of Budi Santoso (Kab. Paser): awaiting approval → rejected (Kuota)" in page
    assert "Audit trail" in page


def test_times_in_the_meeting_zone_and_the_server_zone_for_global_rows(app_factory):
    app = app_factory(TIMEZONE="Asia/Jakarta")
    with app.app_context():
        make_user("admin", "admin@uji.raker.example", name="Andi")
        event = make_event(timezone="Asia/Makassar")
        at = datetime(2026, 8, 10, 7, 35, tzinfo=UTC)
        record("event.update", event, event_id=event.id).at = at
        record("auth.login_failed", None, email="x@contoh.example").at = at
        db.session.commit()
        client = app.test_client()
        login(client, "admin@uji.raker.example")
        meeting = text(client.get(f"/admin/events/{event.slug}/audit"))
        assert "pukul 15.35 WITA" in meeting and "x@contoh.example" not in meeting  # only this meeting's rows
        everything = text(client.get("/admin/audit"))
        assert "pukul 15.35 WITA" in everything and "pukul 14.35 WIB" in everything


def test_filters_and_pages(client, app):
    admin = make_user("admin", "admin@uji.raker.example", name="Andi")
    rahmawati = make_user("sekretariat", "rahma@uji.raker.example", name="Rahmawati")
    event = make_event(title="Rapat Kerja Satu")
    other = make_event(title="Rapat Kerja Dua")
    start = datetime(2026, 8, 1, 2, 0, tzinfo=UTC)
    for n in range(120):
        row = record("agenda.room_add", event, event_id=event.id, user=rahmawati, name=f"Ruang {n:03d}")
        row.at = start + timedelta(hours=n)  # 120 hours: 1–5 August WITA
    record("agenda.room_add", other, event_id=other.id, user=admin, name="Ruang Lain").at = start
    db.session.commit()
    login(client, "admin@uji.raker.example")
    url = f"/admin/events/{event.slug}/audit"

    # 120 rooms of this meeting, 119 … 000, newest first, 50 a page (other rows: the meeting's creation, grants).
    first = text(client.get(url + "?action=agenda.room_add"))
    assert first.count('<tr><td class="nowrap">') == 50 and first.count("Rahmawati menambah ruang") == 50
    assert "Ruang 119" in first and "Ruang 070" in first and "Ruang 069" not in first
    assert "Ruang Lain" not in first and "page=2" in first
    third = text(client.get(url + "?action=agenda.room_add&page=3"))
    assert third.count("Rahmawati menambah ruang") == 20 and "Ruang 000" in third and "Ruang 020" not in third
    assert "page=2" in third and "page=4" not in third
    everything = text(client.get(url))
    assert everything.count('<tr><td class="nowrap">') == 50 and "membuat rapat Rapat Kerja Satu" in everything

    by_user = text(client.get(f"/admin/audit?user={admin.id}"))
    assert "Ruang Lain" in by_user and "Rahmawati menambah" not in by_user
    by_meeting = text(client.get(f"/admin/audit?event={other.id}&action=agenda.room_add"))
    assert "Ruang Lain" in by_meeting and "Ruang 000" not in by_meeting
    # Days in the meeting's zone (WITA): 1 August 10.00 WITA is hour 0; 2 August 00.00 WITA is hour 14.
    one_day = text(client.get(url + "?from=2026-08-01&to=2026-08-01"))
    assert one_day.count("Rahmawati menambah ruang") == 14 and "Ruang 013" in one_day and "Ruang 014" not in one_day
    grouped = text(client.get(url + "?action=agenda."))
    assert grouped.count("Rahmawati menambah ruang") == 50
    assert '<option value="agenda." selected>Semua: Susunan acara</option>' in grouped  # the group is in the list
    assert "menambah ruang" not in text(client.get(url + "?action=registration.state"))

    bad = client.get(url + "?from=kemarin&action=hapus.semua")
    assert bad.status_code == 400
    assert "Tanggal awal bukan tanggal (format YYYY-MM-DD)." in text(bad) and "Jenis tindakan tidak dikenal." in text(
        bad
    )
    assert client.get(url + "?from=2026-08-05&to=2026-08-01").status_code == 400
    assert client.get(url + "?page=99999999999999").status_code == 400


def test_csv_export_is_neutralised_and_recorded(client, app):
    make_user("sekretariat", "rahma@uji.raker.example", name='=HYPERLINK("http://x")')
    event = make_event()
    paser = add_delegation(event, {"name": "Kab. Paser"})
    register(event, paser, 1, full_name="Budi Santoso")
    login(client, "rahma@uji.raker.example")
    client.post(f"/admin/events/{event.slug}/delegations/new", data={"name": "-2+3", "kind": "kabupaten"})
    response = client.get(f"/admin/events/{event.slug}/audit.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # once: not "; charset=utf-8" twice
    assert response.headers["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Waktu", "Zona", "Oleh", "Tindakan", "Kode", "Keterangan", "Rapat"]
    texts = [row[5] for row in rows[1:]]
    assert "Budi Santoso (Kab. Paser) mendaftar: menunggu persetujuan" in texts
    assert all(row[1] == "WITA" for row in rows[1:])
    assert any(row[2] == '\'=HYPERLINK("http://x")' for row in rows[1:])  # a name is never a formula
    exported = last("audit.export")
    assert exported.event_id == event.id and exported.details["count"] == len(rows) - 1
    assert "mengunduh jejak audit" in text(client.get(f"/admin/events/{event.slug}/audit"))
    assert client.get(f"/admin/events/{event.slug}/audit.csv?to=besok").status_code == 400


def test_logins_failed_logins_token_use_and_exports_are_recorded(client, app):
    make_user("admin", "admin@uji.raker.example", name="Andi")
    gate = make_user("petugas", "gerbang@uji.raker.example", name="Petugas Gerbang")
    event = make_event()
    register(event, add_delegation(event, {"name": "Kab. Paser"}), 1)
    token = issue_token(gate)

    assert login(client, "admin@uji.raker.example", "salah-sekali-123").status_code == 401
    assert login(client, "orang-asing@contoh.example", "apa-saja-12345").status_code == 401
    login(client, "admin@uji.raker.example")
    for _ in range(3):  # once per token per hour, not per request
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert db.session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "token.use")) == 1
    for _ in range(2):  # a scanner fetches its offline data every few minutes: one row an hour
        assert (
            client.get(
                f"/api/v1/events/{event.slug}/checkins/bundle", headers={"Authorization": f"Bearer {token}"}
            ).status_code
            == 200
        )
    assert db.session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "export.bundle")) == 1
    assert client.get(f"/admin/events/{event.slug}/participants.xlsx").status_code == 200
    assert client.get(f"/admin/events/{event.slug}/attendance/badges.pdf").status_code in (200, 302)

    page = text(client.get("/admin/audit"))
    assert "Percobaan masuk gagal dengan email admin@uji.raker.example" in page
    assert "Percobaan masuk gagal dengan email orang-asing@contoh.example" in page
    assert "Andi masuk" in page
    assert "Token API milik Petugas Gerbang dipakai (/api/v1/me)" in page
    assert "Andi mengunduh daftar peserta (xlsx, 1 orang)" in page
    assert "Petugas Gerbang mengunduh data luring pemindai (nama semua peserta)" in page
    assert "salah-sekali-123" not in page and all(
        "salah-sekali-123" not in str(row.details) for row in db.session.scalars(select(AuditLog))
    )
    meeting = text(client.get(f"/admin/events/{event.slug}/audit"))
    assert "Andi mengunduh daftar peserta" in meeting and "Andi masuk" not in meeting


def test_daftar_hadir_and_agenda_rows_are_recorded(client, app):
    make_user("sekretariat", "rahma@uji.raker.example", name="Rahmawati")
    event = make_event()
    login(client, "rahma@uji.raker.example")
    day = event.start_date.isoformat()
    assert client.get(f"/admin/events/{event.slug}/attendance/daftar-hadir/{day}.xlsx").status_code == 200
    assert last("export.attendance").details == {"day": day, "format": "xlsx"}
    assert f"Rahmawati mengunduh daftar hadir {day} (xlsx)" in text(client.get(f"/admin/events/{event.slug}/audit"))
    starts = datetime.combine(event.start_date, datetime.min.time(), tzinfo=event.tz) + timedelta(hours=9)
    komisi = agenda.create_session(
        event,
        {"title": "Sidang Komisi I", "starts_at": starts, "ends_at": starts + timedelta(hours=2), "kind": "komisi"},
    )
    assert client.get(f"/admin/events/{event.slug}/attendance/daftar-hadir/sesi/{komisi.id}.pdf").status_code == 200
    assert last("export.attendance").details == {"day": "Sidang Komisi I", "session_id": komisi.id, "format": "pdf"}
    assert "Rahmawati mengunduh daftar hadir Sidang Komisi I (pdf)" in text(
        client.get(f"/admin/events/{event.slug}/audit")
    )


def test_meeting_roles_and_sessions_read_as_sentences(app):
    from raker.auth.services import end_sessions, grant_event_role

    andi = make_user("admin", "admin@uji.raker.example", name="Andi")
    event = make_event()
    gate = make_user(None, "gerbang@uji.raker.example", name="Petugas Gerbang")
    grant_event_role(event, gate, "petugas", by=andi)
    assert sentence(last("event_staff.grant")) == (
        "Andi memberi gerbang@uji.raker.example peran Petugas daftar ulang pada rapat ini"
    )
    end_sessions(gate, by=andi)
    assert sentence(last("user.sessions_end")) == "Andi mengakhiri semua sesi Petugas Gerbang"


def test_the_user_filter_finds_failed_logins_on_that_account(client, app):
    """A failed login is done by nobody signed in, to an account: filtering by that user found nothing."""
    andi = make_user("admin", "admin@uji.raker.example", name="Andi")
    budi = make_user("admin", "budi@uji.raker.example", name="Budi")
    assert login(client, "budi@uji.raker.example", "salah-sekali-123").status_code == 401
    assert login(client, "admin@uji.raker.example", "salah-sekali-123").status_code == 401
    login(client, "admin@uji.raker.example")
    page = text(client.get(f"/admin/audit?user={budi.id}"))
    assert "Percobaan masuk gagal dengan email budi@uji.raker.example" in page
    assert "admin@uji.raker.example" not in page and "Andi masuk" not in page
    mine = text(client.get(f"/admin/audit?user={andi.id}"))
    assert "Percobaan masuk gagal dengan email admin@uji.raker.example" in mine and "Andi masuk" in mine
    assert f'<option value="{budi.id}"' in client.get("/admin/audit").get_data(as_text=True)  # offered in the filter
