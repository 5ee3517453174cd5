"""Control characters in any text are a 400 with a message before any view or the database sees
them (PostgreSQL answered 500 on NUL); tab and line breaks in a multi-line field stay allowed."""

import io
from datetime import UTC

import pytest
from sqlalchemy import select

from raker.auth.services import issue_token
from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import Registration
from raker.registration import services as registration
from tests.factories import make_event, make_user, person, register, table_counts

CONTROL = ("\x00", "\x1b", "\x07", "\x0b", "\uffff", "\u202e")  # U+202E: a right-to-left override
MESSAGE = "Isian berisi karakter kendali yang tidak diizinkan"


@pytest.fixture
def event(app):
    return make_event()


@pytest.fixture
def paser(event):
    return add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})


def bearer(role):
    return {"Authorization": f"Bearer {issue_token(make_user(role))}"}


def form(group, **overrides):
    data = {k: str(v) for k, v in person(group, 1, **overrides).items()}
    data["consent"] = "y"
    return data


@pytest.mark.parametrize("char", CONTROL)
def test_registration_form_refuses_control_characters(client, event, paser, char):
    before = table_counts()
    response = client.post(
        f"/events/{event.slug}/register",
        data=form(paser, full_name=f"Budi{char}[31m"),
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert MESSAGE in response.get_data(as_text=True)
    assert table_counts() == before


@pytest.mark.parametrize("char", CONTROL)
def test_registration_api_refuses_control_characters(client, event, paser, char):
    before = table_counts()
    body = {**person(paser, 1), "position": f"Analis{char}"}
    response = client.post(f"/api/v1/events/{event.slug}/registrations", json=body)
    assert response.status_code == 400
    assert response.json["error"] == "validation_error" and MESSAGE in response.json["message"]
    assert list(response.json["fields"]) == ["position"]
    assert table_counts() == before


def test_multi_line_text_keeps_tab_and_line_breaks(client, event, paser):
    body = {**person(paser, 1), "notes": "Alergi kacang.\r\n\tMohon kursi roda."}
    response = client.post(f"/api/v1/events/{event.slug}/registrations", json=body)
    assert response.status_code == 201, response.json
    assert db.session.scalar(select(Registration.notes)).startswith("Alergi kacang.")


@pytest.mark.parametrize("char", CONTROL)
def test_checkin_gate_and_device_refuse_control_characters(client, event, paser, char):
    someone = register(event, paser, 1)
    registration.change_state(someone, "approved")
    headers = bearer("petugas")
    url = f"/api/v1/events/{event.slug}/checkins"
    before = table_counts()
    one = client.post(url, json={"code": "RK1:" + someone.checkin_code, "gate": f"Pintu{char}"}, headers=headers)
    assert one.status_code == 400 and list(one.json["fields"]) == ["gate"]
    batch = client.post(
        url + "/batch",
        json={"scans": [{"code": "RK1:" + someone.checkin_code, "gate": "A", "nonce": "o-1", "device": f"hp{char}"}]},
        headers=headers,
    )
    assert batch.status_code == 400 and list(batch.json["fields"]) == ["scans[0].device"]
    search = client.get(url + f"/search?q=Bu{char}di", headers=headers)
    assert search.status_code == 400 and search.json["fields"] == {"q": search.json["message"]}
    assert table_counts() == before


@pytest.mark.parametrize("char", CONTROL)
def test_meeting_title_refused_in_the_api_and_the_form(app, client, char):
    body = {
        "title": f"Rapat{char}",
        "host_institution": "Pemerintah Kota Bontang",
        "venue": "Auditorium",
        "city": "Bontang",
        "start_date": "2027-03-01",
        "end_date": "2027-03-02",
    }
    response = client.post("/api/v1/events", json=body, headers=bearer("sekretariat"))
    assert response.status_code == 400 and list(response.json["fields"]) == ["title"]
    secretariat = app.test_client(user=make_user("admin", "admin@uji.raker.example"))
    page = secretariat.post(
        "/admin/events/new",
        content_type="multipart/form-data",
        data={
            "title": f"Rapat{char}",
            "host_institution": "Pemkab Paser",
            "venue": "Gedung",
            "city": "Tana Paser",
            "start_date": "2027-08-09",
            "end_date": "2027-08-10",
            "timezone": "Asia/Makassar",
            "status": "open",
            "paper_size": "A4",
            "logo": (io.BytesIO(b""), ""),
        },
    )
    assert page.status_code == 400 and MESSAGE in page.get_data(as_text=True)
    assert table_counts()["events"] == 0


@pytest.mark.parametrize("char", CONTROL)
def test_login_form_and_personal_link_refuse_control_characters(client, char):
    response = client.post("/auth/login", data={"email": f"sek{char}@uji.raker.example", "password": "x"})
    assert response.status_code == 400 and MESSAGE in response.get_data(as_text=True)
    assert client.get(f"/r/abc{char}def").status_code == 400


def test_json_lone_surrogate_and_control_in_a_key(client, event, paser):
    url = f"/api/v1/events/{event.slug}/registrations"
    lone = client.post(url, data='{"full_name": "Budi \\ud800"}', content_type="application/json")
    assert lone.status_code == 400 and list(lone.json["fields"]) == ["full_name"]
    key = client.post(url, data='{"nama\\u0000": "Budi"}', content_type="application/json")
    assert key.status_code == 400 and list(key.json["fields"]) == ["body"]


# ---- pictures: the pixel count is checked before anything is decoded ---------------------------


def huge_png(width: int, height: int) -> bytes:
    """A white 1-bit PNG of width × height pixels, a few kB compressed (written row by row with
    zlib: building it with Pillow would decode what the app must refuse to decode)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


HUGE = [(12000, 12000), (20000, 20000)]


@pytest.mark.parametrize("size", HUGE)
def test_huge_logo_is_refused_with_a_message(app, size):
    png = huge_png(*size)
    assert len(png) < 200_000
    admin = app.test_client(user=make_user("admin", "admin@uji.raker.example"))
    page = admin.post(
        "/admin/events/new",
        content_type="multipart/form-data",
        data={
            "title": "Rapat Kerja",
            "host_institution": "Pemkab Paser",
            "venue": "Gedung",
            "city": "Tana Paser",
            "start_date": "2027-08-09",
            "end_date": "2027-08-10",
            "timezone": "Asia/Makassar",
            "status": "open",
            "paper_size": "A4",
            "logo": (io.BytesIO(png), "logo.png"),
        },
    )
    assert page.status_code == 400
    assert "Logo terlalu besar: paling banyak 4000 × 4000 piksel." in page.get_data(as_text=True)
    assert table_counts()["events"] == 0


@pytest.mark.parametrize("size", HUGE)
def test_huge_signature_is_refused_with_a_message(client, event, paser, size):
    import base64

    from raker.models import CheckIn

    someone = register(event, paser, 1)
    registration.change_state(someone, "approved")
    headers = bearer("petugas")
    answer = client.post(
        f"/api/v1/events/{event.slug}/checkins", json={"code": "RK1:" + someone.checkin_code}, headers=headers
    )
    assert answer.status_code == 201, answer.json
    png = base64.b64encode(huge_png(*size)).decode()
    response = client.post(
        f"/api/v1/events/{event.slug}/checkins/{answer.json['checkin_id']}/signature",
        json={"png": png},
        headers=headers,
    )
    assert response.status_code == 400 and response.json["fields"] == {"png": "Gambar tanda tangan terlalu besar."}
    assert db.session.scalar(select(CheckIn.signature_png)) is None


def test_stored_huge_logo_and_signature_leave_the_documents_working(app, event, paser):
    """Pictures stored before the check: the badge, daftar hadir and letterhead go without them."""
    from datetime import datetime

    from sqlalchemy import update

    from raker.models import CheckIn, Event

    someone = register(event, paser, 1)
    registration.change_state(someone, "approved")
    db.session.add(
        CheckIn(
            event_id=event.id,
            registration_id=someone.id,
            day=event.start_date,
            scanned_at=datetime.now(UTC),
            signature_png=huge_png(20000, 20000),
        )
    )
    db.session.execute(update(Event).values(logo=huge_png(12000, 12000), logo_mimetype="image/png"))
    db.session.commit()
    secretariat = app.test_client(user=make_user("sekretariat"))
    base = f"/admin/events/{event.slug}/attendance"
    day = event.start_date.isoformat()
    for path in (
        f"{base}/badges.pdf",
        f"{base}/daftar-hadir/{day}.pdf",
        f"{base}/daftar-hadir/{day}.xlsx",
        f"/r/{someone.token}/badge.pdf",
    ):
        assert secretariat.get(path).status_code == 200, path


def test_deeply_nested_json_is_a_400_not_a_500(client, event):
    url = f"/api/v1/events/{event.slug}/registrations"
    deep = client.post(url, data="[" * 100_000 + "]" * 100_000, content_type="application/json")
    assert deep.status_code == 400 and deep.json["message"] == "Isi permintaan harus objek JSON yang sah."
    nested = client.post(url, data='{"a":' * 500 + '"\\u0000"' + "}" * 500, content_type="application/json")
    assert nested.status_code == 400 and nested.json["error"] == "validation_error"
