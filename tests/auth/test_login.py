import pytest

from raker.extensions import db
from raker.models import AuditLog
from tests.factories import PASSWORD, make_user


def login(client, email, password=PASSWORD, next_url=None):
    url = "/auth/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password})


def test_login_and_logout(client, app):
    make_user("sekretariat", "sek@uji.raker.example")
    response = login(client, "SEK@uji.raker.example")
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard")
    assert "Selamat datang" in client.get("/dashboard").get_data(as_text=True)
    assert client.get("/auth/logout").status_code == 405  # logging out needs a POST (CSRF-protected form)
    client.post("/auth/logout")
    assert client.get("/dashboard").status_code == 302


def test_wrong_password_is_refused_with_message(client, app):
    make_user("petugas", "gerbang@uji.raker.example")
    response = login(client, "gerbang@uji.raker.example", "salah-sekali-123")
    assert response.status_code == 401
    assert "Email atau kata sandi salah." in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302


def test_empty_login_form_says_what_is_missing(client):
    response = client.post("/auth/login", data={})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Email wajib diisi." in body and "Kata sandi wajib diisi." in body


def test_inactive_account_cannot_log_in(client, app):
    user = make_user("notulis", "nonaktif@uji.raker.example")
    user.active = False
    db.session.commit()
    assert login(client, "nonaktif@uji.raker.example").status_code == 401


def test_passwords_are_hashed(app):
    user = make_user("perumus", "hash@uji.raker.example")
    assert PASSWORD not in user.password_hash
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/admin/events", "/admin/events"),
        ("https://phishing.example/steal", "/dashboard"),
        ("//phishing.example/steal", "/dashboard"),
    ],
)
def test_next_parameter_is_never_an_open_redirect(client, app, target, expected):
    make_user("sekretariat", "next@uji.raker.example")
    response = login(client, "next@uji.raker.example", next_url=target)
    assert response.headers["Location"] == expected


def test_password_change(client, app):
    user = make_user("petugas", "ganti@uji.raker.example")
    login(client, user.email)
    wrong = client.post(
        "/auth/password",
        data={"current": "bukan-ini-123", "new": "sandi-baru-panjang", "confirm": "sandi-baru-panjang"},
    )
    assert wrong.status_code == 400 and "Kata sandi lama salah." in wrong.get_data(as_text=True)
    short = client.post("/auth/password", data={"current": PASSWORD, "new": "pendek", "confirm": "pendek"})
    assert short.status_code == 400 and "minimal 12 karakter" in short.get_data(as_text=True)
    mismatch = client.post(
        "/auth/password", data={"current": PASSWORD, "new": "sandi-baru-panjang", "confirm": "lain-lagi-panjang"}
    )
    assert mismatch.status_code == 400
    ok = client.post(
        "/auth/password", data={"current": PASSWORD, "new": "sandi-baru-panjang", "confirm": "sandi-baru-panjang"}
    )
    assert ok.status_code == 302
    client.post("/auth/logout")
    assert login(client, user.email).status_code == 401
    assert login(client, user.email, "sandi-baru-panjang").status_code == 302
    assert db.session.query(AuditLog).filter_by(action="user.password_change").count() == 1


def test_login_is_throttled(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    codes = [
        client.post("/auth/login", data={"email": "x@uji.raker.example", "password": "salah-salah-1"}).status_code
        for _ in range(4)
    ]
    assert codes == [401, 401, 401, 429]
    blocked = client.post("/auth/login", data={"email": "x@uji.raker.example", "password": "salah-salah-1"})
    assert "Terlalu banyak percobaan" in blocked.get_data(as_text=True)
    assert client.get("/auth/login").status_code == 200  # only attempts are counted, not the page


def test_forms_require_csrf_token(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        make_user("sekretariat", "csrf@uji.raker.example")
    client = app.test_client()
    response = client.post("/auth/login", data={"email": "csrf@uji.raker.example", "password": PASSWORD})
    assert response.status_code == 400
    page = client.get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    ok = client.post("/auth/login", data={"email": "csrf@uji.raker.example", "password": PASSWORD, "csrf_token": token})
    assert ok.status_code == 302
