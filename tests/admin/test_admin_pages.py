import io

import pytest
from PIL import Image
from sqlalchemy import select

from raker.auth.services import find_user
from raker.extensions import db
from raker.models import AuditLog, Delegation, Event, EventStaff, Registration
from tests.factories import grant_everywhere_staff, make_event, make_user, table_counts

EVENT_FORM = {
    "title": "Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur",
    "theme": "Penguatan Peran Ketatalaksanaan",
    "host_institution": "Pemerintah Kabupaten Paser",
    "venue": "Gedung Awa Mangkuruku",
    "city": "Tana Paser",
    "start_date": "2027-08-09",
    "end_date": "2027-08-10",
    "timezone": "Asia/Makassar",
    "status": "open",
    "paper_size": "F4",
    "registration_opens_at": "2027-07-01T08:00",
    "registration_closes_at": "2027-08-10T23:59",
    "letterhead_government": "PEMERINTAH PROVINSI KALIMANTAN TIMUR",
    "letterhead_unit": "BIRO ORGANISASI",
}


@pytest.fixture
def secretariat(app):
    return app.test_client(user=make_user("sekretariat"))


def test_create_event_through_the_form(secretariat, app):
    logo = io.BytesIO()
    Image.new("RGB", (32, 32), "navy").save(logo, "PNG")
    data = {**EVENT_FORM, "logo": (io.BytesIO(logo.getvalue()), "logo-kaltim.png")}
    response = secretariat.post("/admin/events/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    event = db.session.scalar(select(Event))
    assert event.paper_size == "F4" and event.logo_mimetype == "image/png"
    # datetime-local is read in the event's zone: 08:00 WITA is 00:00 UTC
    assert event.registration_opens_at.isoformat() == "2027-07-01T00:00:00+00:00"
    page = secretariat.get(response.headers["Location"]).get_data(as_text=True)
    assert "Rapat Kerja Bidang Ketatalaksanaan" in page
    public = secretariat.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "Senin, 9 Agustus 2027 – Selasa, 10 Agustus 2027" in public
    assert "Selasa, 10 Agustus 2027 pukul 23.59 WITA" in public
    assert secretariat.get(f"/events/{event.slug}/logo").mimetype == "image/png"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"end_date": "2027-08-01"}, "Tanggal selesai tidak boleh sebelum tanggal mulai."),
        ({"title": ""}, "Wajib diisi."),
        ({"start_date": "9 Agustus"}, "Tanggal mulai wajib diisi dengan tanggal yang sah."),
        ({"timezone": "Asia/Tokyo"}, "Pilihan tidak sah."),
        ({"start_date": "0001-01-01"}, "Tanggal rapat harus antara tahun 2000 dan 2100."),
        ({"end_date": "9999-12-31"}, "Tanggal rapat harus antara tahun 2000 dan 2100."),
        ({"end_date": "2027-09-09"}, "Rapat paling lama 31 hari."),
        ({"registration_closes_at": "2027-06-01T08:00"}, "Penutupan pendaftaran harus setelah pembukaannya."),
        (
            {"logo": (io.BytesIO(b"<svg onload=alert(1)>"), "logo.png")},
            "Logo harus berkas gambar PNG atau JPEG yang sah.",
        ),
    ],
)
def test_bad_event_form_shows_message_and_saves_nothing(secretariat, app, change, message):
    before = table_counts()
    response = secretariat.post("/admin/events/new", data={**EVENT_FORM, **change}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert table_counts() == before


def test_edit_event(secretariat, app):
    event = make_event()
    form = secretariat.get(f"/admin/events/{event.slug}/edit").get_data(as_text=True)
    assert 'value="Rapat Kerja Uji"' in form
    response = secretariat.post(f"/admin/events/{event.slug}/edit", data={**EVENT_FORM, "slug": "raker-kaltim"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/events/raker-kaltim")
    db.session.expire_all()
    assert db.session.get(Event, event.id).venue == "Gedung Awa Mangkuruku"
    bad = secretariat.post("/admin/events/raker-kaltim/edit", data={**EVENT_FORM, "end_date": "2027-01-01"})
    assert bad.status_code == 400
    db.session.expire_all()
    assert db.session.get(Event, event.id).end_date.isoformat() == "2027-08-10"


def test_delegations_through_the_forms(secretariat, app):
    event = make_event()
    contact = make_user("kontak_delegasi", "kontak.berau@uji.raker.example")
    ok = secretariat.post(
        f"/admin/events/{event.slug}/delegations/new",
        data={
            "name": "Kabupaten Berau",
            "region_code": "64.03",
            "kind": "kabupaten",
            "quota": "12",
            "contact_name": "Budi",
            "contact_user_email": contact.email,
        },
    )
    assert ok.status_code == 302
    delegation = db.session.scalar(select(Delegation))
    assert delegation.quota == 12 and delegation.contact_user_id == contact.id

    before = table_counts()
    for data, message in (
        ({"name": "Kabupaten Berau", "kind": "kabupaten"}, "Delegasi dengan nama ini sudah ada"),
        ({"name": "Lain", "region_code": "64.03", "kind": "kabupaten"}, "kode wilayah ini sudah ada"),
        ({"name": "Lain", "kind": "kabupaten", "quota": "-3"}, "Kuota tidak boleh negatif."),
        ({"name": "Lain", "kind": "kabupaten", "quota": "sepuluh"}, "Harus berupa bilangan bulat."),
        (
            {"name": "Lain", "kind": "kabupaten", "contact_user_email": "tidak.ada@uji.raker.example"},
            "Tidak ada pengguna",
        ),
    ):
        response = secretariat.post(f"/admin/events/{event.slug}/delegations/new", data=data)
        assert response.status_code == 400 and message in response.get_data(as_text=True), data
    assert table_counts() == before

    contact_view = app.test_client(user=contact)
    assert contact_view.get(f"/events/{event.slug}/delegations/{delegation.id}").status_code == 200
    assert "Kabupaten Berau" in contact_view.get("/my/delegations").get_data(as_text=True)


def test_invite_kaltim_button(secretariat, app):
    event = make_event()
    response = secretariat.post(
        f"/admin/events/{event.slug}/delegations/invite-kaltim", data={"quota": "20"}, follow_redirects=True
    )
    assert "11 delegasi ditambahkan, 0 sudah ada." in response.get_data(as_text=True)
    assert db.session.query(Delegation).count() == 11


def test_delete_delegation_refused_when_it_has_registrations(secretariat, app):
    from raker.events.services import add_delegation

    event = make_event()
    delegation = add_delegation(event, {"name": "Kota Samarinda", "region_code": "64.72"})
    db.session.add(
        Registration(
            event=event, delegation=delegation, full_name="Rina", asn_status="non_asn", email="rina@uji.raker.example"
        )
    )
    db.session.commit()
    response = secretariat.post(f"/admin/events/{event.slug}/delegations/{delegation.id}/delete")
    assert response.status_code == 409
    assert db.session.query(Delegation).count() == 1
    # the reason on the page itself, in Indonesian, with the way back (not a bare "Redirecting…")
    page = response.get_data(as_text=True)
    assert "Redirecting" not in page and response.mimetype == "text/html"
    assert "Kota Samarinda tidak dapat dihapus karena sudah memiliki 1 pendaftar." in page
    assert f'href="/admin/events/{event.slug}"' in page and "Kembali" in page


def test_admin_manages_users(app):
    admin = make_user("admin")
    client = app.test_client(user=admin)
    response = client.post(
        "/admin/users/new",
        data={
            "email": "petugas.baru@uji.raker.example",
            "full_name": "Petugas Baru",
            "password": "gerbang-utama-1",
            "roles": ["petugas"],
        },
    )
    assert response.status_code == 302
    user = find_user("petugas.baru@uji.raker.example")
    assert user.roles == {"petugas"}
    edit = client.post(
        f"/admin/users/{user.id}/edit", data={"full_name": "Petugas Gerbang", "roles": ["petugas", "notulis"]}
    )
    assert edit.status_code == 302
    db.session.expire_all()
    assert user.roles == {"petugas", "notulis"} and user.active is False  # unticked "active" disables the account
    own = client.post(f"/admin/users/{admin.id}/edit", data={"full_name": "Admin", "roles": ["petugas"], "active": "y"})
    assert own.status_code == 400 and "administrator" in own.get_data(as_text=True)
    duplicate = client.post(
        "/admin/users/new",
        data={
            "email": "Petugas.Baru@uji.raker.example",
            "full_name": "X",
            "password": "gerbang-utama-1",
            "roles": ["petugas"],
        },
    )
    assert duplicate.status_code == 400 and "sudah ada" in duplicate.get_data(as_text=True)
    bad_role = client.post(
        "/admin/users/new",
        data={"email": "z@uji.raker.example", "full_name": "Z", "password": "gerbang-utama-1", "roles": ["bupati"]},
    )
    assert bad_role.status_code == 400


def test_participant_list_filters(secretariat, app, runner):
    runner.invoke(args=["seed-demo"])
    event = db.session.scalar(select(Event))
    grant_everywhere_staff(event)  # the test's secretary; seed-demo grants only its own staff
    paser = db.session.scalar(select(Delegation).where(Delegation.region_code == "64.01"))
    page = secretariat.get(f"/admin/events/{event.slug}/participants?delegation={paser.id}").get_data(as_text=True)
    assert "I Gusti Putu Suantara" in page and "Yusmadi" not in page
    assert "Pembina Tingkat I (IV/b)" in page
    nip = db.session.scalar(select(Registration.nip).where(Registration.full_name == "I Gusti Putu Suantara"))
    assert f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}" in page
    assert secretariat.get(f"/admin/events/{event.slug}/audit").status_code == 200


def test_html_escaped_everywhere(secretariat, app):
    event = make_event(title='<script>alert("x")</script> Rapat')
    page = secretariat.get(f"/events/{event.slug}").get_data(as_text=True)
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page


def test_a_secretary_sees_and_runs_only_the_meetings_granted(app):
    """/admin/events lists a secretary's own meetings; one they create is theirs; others are 403."""
    mine, theirs = make_event(title="Rapat Kerja Paser"), make_event(title="Rapat Kerja Berau", status="draft")
    secretary = app.test_client(user=make_user("sekretariat", "sek.paser@uji.raker.example", event=mine))
    listing = secretary.get("/admin/events").get_data(as_text=True)
    assert "Rapat Kerja Paser" in listing and "Rapat Kerja Berau" not in listing
    assert secretary.get(f"/admin/events/{theirs.slug}").status_code == 403
    assert secretary.get(f"/admin/events/{theirs.slug}/participants").status_code == 403
    dashboard = secretary.get("/dashboard").get_data(as_text=True)
    assert "Rapat Kerja Paser" in dashboard and "Rapat Kerja Berau" not in dashboard  # another's draft
    created = secretary.post("/admin/events/new", data={**EVENT_FORM, "title": "Rapat Kerja Kutai"})
    assert created.status_code == 302
    assert secretary.get(created.headers["Location"]).status_code == 200
    assert "Rapat Kerja Kutai" in secretary.get("/admin/events").get_data(as_text=True)


def test_admin_grants_and_revokes_staff_per_meeting(app):
    meeting, other = make_event(title="Rapat Kerja Paser"), make_event(title="Rapat Kerja Berau")
    admin = app.test_client(user=make_user("admin"))
    gate = make_user(None, "gerbang@uji.raker.example", name="Muhammad Rizky")
    gate_client = app.test_client(user=gate)
    assert gate_client.get(f"/events/{meeting.slug}/scanner/").status_code == 403

    before = table_counts()
    for data, message in (
        ({"email": "siapa@uji.raker.example", "role": "petugas"}, "Tidak ada pengguna dengan email ini."),
        ({"email": gate.email, "role": "admin"}, "Pilihan tidak sah."),
        ({"email": "bukan-email", "role": "petugas"}, "Alamat email tidak sah."),
    ):
        refused = admin.post(f"/admin/events/{meeting.slug}/staff", data=data)
        assert refused.status_code == 400 and message in refused.get_data(as_text=True)
    assert table_counts() == before

    granted = admin.post(
        f"/admin/events/{meeting.slug}/staff", data={"email": "GERBANG@uji.raker.example", "role": "petugas"}
    )
    assert granted.status_code == 302
    page = admin.get(f"/admin/events/{meeting.slug}/staff").get_data(as_text=True)
    assert "Muhammad Rizky" in page and "Petugas daftar ulang" in page
    assert "Muhammad Rizky" not in admin.get(f"/admin/events/{other.slug}/staff").get_data(as_text=True)
    assert "Petugas daftar ulang · Rapat Kerja Paser" in admin.get("/admin/users").get_data(as_text=True)
    db.session.expire_all()
    assert gate.roles == {"petugas"}  # the account now says what it may be assigned as
    assert gate_client.get(f"/events/{meeting.slug}/scanner/").status_code == 200
    assert gate_client.get(f"/events/{other.slug}/scanner/").status_code == 403

    row = db.session.scalar(select(EventStaff))
    assert admin.post(f"/admin/events/{other.slug}/staff/{row.id}/remove").status_code == 404  # not that meeting's
    assert admin.post(f"/admin/events/{meeting.slug}/staff/{row.id}/remove").status_code == 302
    assert gate_client.get(f"/events/{meeting.slug}/scanner/").status_code == 403
    actions = [
        a.action
        for a in db.session.scalars(select(AuditLog).where(AuditLog.event_id == meeting.id).order_by(AuditLog.id))
    ]
    assert actions[-2:] == ["event_staff.grant", "event_staff.revoke"]
    assert (
        app.test_client(user=make_user("sekretariat", event=meeting))
        .get(f"/admin/events/{meeting.slug}/staff")
        .status_code
        == 403
    )  # assigning staff is the admin's


def test_a_role_taken_off_the_account_is_taken_off_every_meeting(app):
    meeting = make_event(title="Rapat Kerja Paser")
    gate = make_user("petugas", "gerbang@uji.raker.example", event=meeting)
    gate_client = app.test_client(user=gate)
    assert gate_client.get(f"/events/{meeting.slug}/scanner/").status_code == 200
    admin = app.test_client(user=make_user("admin"))
    edited = admin.post(
        f"/admin/users/{gate.id}/edit", data={"full_name": gate.full_name, "roles": ["notulis"], "active": "y"}
    )
    assert edited.status_code == 302
    assert gate_client.get(f"/events/{meeting.slug}/scanner/").status_code == 403
    assert db.session.scalars(select(EventStaff)).all() == []
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "event_staff.revoke")).event_id == meeting.id
