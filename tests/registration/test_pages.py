"""Registration over HTTP: the public form, the personal link, the contact's team form."""

import io
import json

import pytest
from sqlalchemy import select

from raker.events.services import add_delegation, update_event
from raker.extensions import db
from raker.models import Registration
from raker.registration import services
from tests.factories import make_event, make_user, person, register, table_counts
from tests.pdf_samples import tiny_pdf


@pytest.fixture
def event(app):
    return make_event()


@pytest.fixture
def paser(event):
    return add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01", "quota": 2})


def form_data(group, n=1, **overrides):
    data = {k: v for k, v in person(group, n, **overrides).items()}
    data["delegation"] = str(data["delegation"])
    data["consent"] = "y"
    return data


def test_public_form_registers_and_confirms(client, event, paser):
    page = client.get(f"/events/{event.slug}/register?delegasi=64.01").get_data(as_text=True)
    assert f'<option selected value="{paser.id}">' in page or f'value="{paser.id}" selected' in page
    data = form_data(paser, 1, assignment_letter=(io.BytesIO(tiny_pdf()), "surat tugas.pdf"))
    response = client.post(f"/events/{event.slug}/register", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    confirmation = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Periksa email Anda" in confirmation and event.title in confirmation
    registration = db.session.scalar(select(Registration))
    assert registration.token not in confirmation  # the link goes by email only
    assert registration.assignment_letter.filename == "surat tugas.pdf"


def test_form_errors_in_indonesian_and_nothing_saved(client, event, paser):
    before = table_counts()
    data = form_data(paser, 1, nip="123", email="bukan-email", phone="12345", full_name="<b>Siti</b>")
    del data["consent"]
    data["assignment_letter"] = (io.BytesIO(b"MZ\x90\x00 not a pdf"), "tugas.pdf")
    response = client.post(f"/events/{event.slug}/register", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for message in (
        "NIP harus 18 angka.",
        "Alamat email tidak sah.",
        "Nomor ponsel",
        "tidak boleh memuat tanda",
        "Persetujuan pengolahan data wajib dicentang.",
        "Surat tugas harus berkas PDF.",
    ):
        assert message in page, message
    assert table_counts() == before


def test_bad_pdf_upload_refused(client, event, paser):
    data = form_data(paser, 1)
    data["assignment_letter"] = (io.BytesIO(b"%PDF-1.7 but then garbage"), "tugas.pdf")
    response = client.post(f"/events/{event.slug}/register", data=data, content_type="multipart/form-data")
    assert response.status_code == 400 and "Surat tugas bukan PDF yang sah" in response.get_data(as_text=True)
    assert db.session.scalar(select(Registration)) is None


def test_duplicate_answered_like_a_new_registration_without_the_link(client, event, paser):
    existing = register(event, paser, 1)
    response = client.post(f"/events/{event.slug}/register", data=form_data(paser, 1))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/events/{event.slug}/register/done")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Periksa email Anda" in page
    assert existing.token not in page and existing.full_name not in page


def test_closed_registration(client, event, paser):
    update_event(event, {"status": "closed"})
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "tidak sedang dibuka" in page
    response = client.post(f"/events/{event.slug}/register", data=form_data(paser, 1))
    assert response.status_code == 409 and db.session.scalar(select(Registration)) is None


def test_personal_link(client, event, paser):
    registration = register(event, paser, 1)
    base = f"/r/{registration.token}"
    page = client.get(base).get_data(as_text=True)
    assert "Peserta Uji 1" in page and "Menunggu" in page
    assert client.get(base + "/badge.pdf").status_code == 404  # no badge before approval
    services.change_state(registration, "approved")
    assert "Kode QR daftar ulang" in client.get(base).get_data(as_text=True)
    badge = client.get(base + "/badge.pdf")
    assert badge.mimetype == "application/pdf" and badge.data[:5] == b"%PDF-"
    from tests.qr import decode_png

    assert decode_png(client.get(base + "/qr.png").data) == "RK1:" + registration.checkin_code
    ics = client.get(base + "/agenda.ics")
    assert ics.mimetype == "text/calendar" and b"BEGIN:VEVENT" in ics.data
    data = json.loads(client.get(base + "/my-data.json").data)
    assert data["nama_lengkap"] == "Peserta Uji 1, S.Sos." and data["nip"] == "19860926 201505 2 001"
    assert client.get("/r/tidak-ada-token-seperti-ini").status_code == 404


def test_the_personal_calendar_and_qr_are_the_exports_of_the_participant(client, event, paser):
    """/r/<token>/agenda.ics and /r/<token>/qr.png answer with raker.exports.export(registration=…): the
    same file, the calendar named susunan-acara.ics (no slug, as before), the QR shown inline."""
    from raker import exports
    from tests.documents import assert_same_file

    registration = register(event, paser, 1)
    base = f"/r/{registration.token}"
    calendar = exports.export(event, "agenda", "ics", registration=registration.id)
    assert (calendar.filename, calendar.mimetype) == ("susunan-acara.ics", "text/calendar")
    assert_same_file(client.get(base + "/agenda.ics"), calendar)
    assert client.get(base + "/agenda.ics").headers["Content-Disposition"] == 'attachment; filename="susunan-acara.ics"'
    assert client.get(base + "/qr.png").status_code == 404  # not approved yet
    with pytest.raises(exports.ExportRefused):
        exports.export(event, "qr", "png", registration=registration.id)
    services.change_state(registration, "approved")
    qr = exports.export(event, "qr", "png", registration=registration.id)
    assert (qr.filename, qr.mimetype, qr.inline) == ("kode-qr.png", "image/png", True)
    assert_same_file(client.get(base + "/qr.png"), qr)
    other = make_event(title="Rapat Kerja Lain")
    with pytest.raises(exports.ExportRefused) as refused:  # a participant of another meeting
        exports.export(other, "agenda", "ics", registration=registration.id)
    assert refused.value.status == 404


def test_personal_edit_and_cancel(client, event, paser):
    registration = register(event, paser, 1)
    base = f"/r/{registration.token}"
    edit = client.post(
        base + "/edit", data={**form_data(paser, 1), "position": "Kepala Bagian Organisasi", "rank": "IV/a"}
    )
    assert edit.status_code == 302
    db.session.expire_all()
    assert registration.position == "Kepala Bagian Organisasi"
    bad = client.post(base + "/edit", data={**form_data(paser, 1), "phone": "12"})
    assert bad.status_code == 400 and 'class="error"' in bad.get_data(as_text=True)
    waiting = [register(event, paser, n) for n in (2, 3)][-1]
    assert waiting.state == "waitlisted"
    assert client.post(base + "/cancel").status_code == 302
    db.session.expire_all()
    assert registration.state == "cancelled" and waiting.state == "pending"  # the place went to the waiting list
    assert client.post(base + "/cancel").status_code == 409


def test_deletion_request_reaches_the_secretariat(app, client, event, paser):
    registration = register(event, paser, 1)
    client.post(f"/r/{registration.token}/deletion")
    secretariat = app.test_client(user=make_user("sekretariat"))
    page = secretariat.get(f"/admin/events/{event.slug}/participants").get_data(as_text=True)
    assert "Permintaan penghapusan data" in page
    secretariat.post(f"/admin/events/{event.slug}/registrations/{registration.id}/anonymise")
    db.session.expire_all()
    assert registration.full_name == "(data dihapus)" and registration.nip is None and registration.state == "cancelled"
    assert client.get(f"/r/{registration.token}").status_code == 404


def test_team_form_for_the_delegation_contact(app, event, paser):
    contact = make_user("kontak_delegasi", "kontak.paser@uji.raker.example")
    paser.contact_user = contact
    db.session.commit()
    client = app.test_client(user=contact)
    url = f"/events/{event.slug}/delegations/{paser.id}/register"
    assert client.get(url).status_code == 200
    data = {"institution": "Bagian Organisasi Setda Kabupaten Paser"}
    for index, n in enumerate((1, 2, 3)):
        for key, value in person(paser, n).items():
            if key not in ("delegation", "institution", "notes"):
                data[f"members-{index}-{key}"] = value
    data["members-3-full_name"] = ""  # an empty row is ignored
    response = client.post(url, data=data)
    assert response.status_code == 302
    states = [r.state for r in db.session.scalars(select(Registration).order_by(Registration.id))]
    assert states == ["pending", "pending", "waitlisted"]
    members = client.get(f"/events/{event.slug}/delegations/{paser.id}").get_data(as_text=True)
    assert "Peserta Uji 3" in members
    assert "19860926" not in members and "@uji.raker.example" not in members  # PDP: contacts see no NIP/email
    again = client.post(url, data=data)
    assert again.status_code == 400 and "Sudah terdaftar" in again.get_data(as_text=True)
    other = app.test_client(user=make_user("kontak_delegasi", "kontak.lain@uji.raker.example"))
    assert other.get(url).status_code == 403


def test_html_in_names_never_reaches_a_page_unescaped(app, client, event, paser):
    registration = register(event, paser, 1, notes="<img src=x onerror=alert(1)>")
    page = (
        app.test_client(user=make_user("sekretariat"))
        .get(f"/admin/events/{event.slug}/registrations/{registration.id}")
        .get_data(as_text=True)
    )
    assert "<img src=x" not in page and "&lt;img src=x" in page
