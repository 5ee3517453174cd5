"""Sessions that end (issue 10, item 5): logout, a password change and "log out everywhere" end a
user's sessions on the server, so copied cookies stop working; the remember cookie is short-lived
and Lax; login throttling per account and per address; strong passwords."""

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import select

from raker.extensions import db
from raker.models import AuditLog, User
from tests.factories import PASSWORD, make_user, table_counts


def sign_in(app, email, password=PASSWORD, remember=True):
    client = app.test_client()
    response = client.post(
        "/auth/login", data={"email": email, "password": password, **({"remember": "y"} if remember else {})}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def copies(app, client) -> tuple:
    """Two other browsers: one with a copy of the session cookie, one with only the remember cookie."""
    session, remember = client.get_cookie("session"), client.get_cookie("remember_token")
    assert session is not None and remember is not None
    with_session, with_remember = app.test_client(), app.test_client()
    with_session.set_cookie("session", session.value)
    with_remember.set_cookie("remember_token", remember.value)
    return with_session, with_remember


def refused(client, path="/dashboard") -> bool:
    response = client.get(path)
    return response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_copied_cookies_stop_working_after_logout(app):
    make_user("sekretariat", "sek@uji.raker.example")
    client = sign_in(app, "sek@uji.raker.example")
    with_session, with_remember = copies(app, client)
    assert with_session.get("/dashboard").status_code == 200  # the copies work while signed in
    assert with_remember.get("/dashboard").status_code == 200
    client.post("/auth/logout")
    fresh_session, fresh_remember = copies(app, sign_in(app, "sek@uji.raker.example"))  # signed in anew elsewhere
    assert refused(with_session) and refused(with_remember)
    assert fresh_session.get("/dashboard").status_code == 200 and fresh_remember.get("/dashboard").status_code == 200


def test_copied_cookies_stop_working_after_a_password_change(app):
    make_user("sekretariat", "ganti@uji.raker.example")
    client = sign_in(app, "ganti@uji.raker.example")
    with_session, with_remember = copies(app, client)
    changed = client.post(
        "/auth/password", data={"current": PASSWORD, "new": "sandi-baru-panjang-1", "confirm": "sandi-baru-panjang-1"}
    )
    assert changed.status_code == 302
    assert client.get("/admin/events").status_code == 200  # the browser that changed it stays signed in
    for path in ("/admin/events", "/dashboard", "/auth/password"):
        assert refused(with_session, path) and refused(with_remember, path), path


def test_log_out_everywhere_ends_the_other_devices(app):
    user = make_user("petugas", "gerbang@uji.raker.example")
    laptop, phone = sign_in(app, user.email), sign_in(app, user.email, remember=False)
    assert phone.get("/dashboard").status_code == 200
    page = laptop.get("/auth/password").get_data(as_text=True)
    assert "Keluar dari semua perangkat lain" in page
    response = laptop.post("/auth/sessions/end")
    assert response.status_code == 302
    assert "Semua sesi lain telah diakhiri" in laptop.get(response.headers["Location"]).get_data(as_text=True)
    assert refused(phone)
    assert laptop.get("/dashboard").status_code == 200
    [row] = db.session.scalars(select(AuditLog).where(AuditLog.action == "user.sessions_end")).all()
    assert row.object_id == user.id and row.user_id == user.id


def test_an_admin_logs_a_user_out_everywhere(app):
    admin = make_user("admin", "admin@uji.raker.example")
    user = make_user("petugas", "hilang@uji.raker.example")
    phone = sign_in(app, user.email)
    _, stolen_remember = copies(app, phone)
    admin_client = app.test_client(user=admin)
    assert "Keluarkan dari semua perangkat" in admin_client.get("/admin/users").get_data(as_text=True)
    response = admin_client.post(f"/admin/users/{user.id}/sessions/end")
    assert response.status_code == 302
    assert "Semua sesi hilang@uji.raker.example telah diakhiri." in admin_client.get("/admin/users").get_data(
        as_text=True
    )
    assert refused(phone) and refused(stolen_remember)
    [row] = db.session.scalars(select(AuditLog).where(AuditLog.action == "user.sessions_end")).all()
    assert row.object_id == user.id and row.user_id == admin.id
    assert admin_client.post("/admin/users/999999/sessions/end").status_code == 404


def test_remember_cookie_is_lax_httponly_and_lasts_at_most_30_days(app):
    make_user("notulis", "ingat@uji.raker.example")
    client = app.test_client()
    response = client.post(
        "/auth/login", data={"email": "ingat@uji.raker.example", "password": PASSWORD, "remember": "y"}
    )
    [cookie] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember_token=")]
    attributes = {part.strip().split("=")[0].lower(): part.strip().partition("=")[2] for part in cookie.split(";")}
    assert attributes["samesite"] == "Lax" and "httponly" in attributes
    expires = parsedate_to_datetime(attributes["expires"])
    assert expires <= datetime.now(UTC) + timedelta(days=30, minutes=1)


def wrong(client, email, address):
    return client.post(
        "/auth/login", data={"email": email, "password": "salah-sekali-123"}, environ_base={"REMOTE_ADDR": address}
    ).status_code


def right(client, email, address):
    return client.post(
        "/auth/login", data={"email": email, "password": PASSWORD}, environ_base={"REMOTE_ADDR": address}
    ).status_code


def test_one_accounts_wrong_passwords_do_not_lock_out_colleagues_behind_the_same_nat(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True)  # the shipped limits
    with app.app_context():
        make_user("petugas", "a@uji.raker.example")
        make_user("sekretariat", "b@uji.raker.example")
    client = app.test_client()
    venue = "203.0.113.7"
    assert [wrong(client, "a@uji.raker.example", venue) for _ in range(10)] == [401] * 10
    assert right(app.test_client(), "b@uji.raker.example", venue) == 302  # a colleague at the same venue
    assert wrong(app.test_client(), "b@uji.raker.example", venue) == 401


def test_an_account_is_locked_after_ten_failures_from_any_addresses(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True)
    with app.app_context():
        make_user("sekretariat", "target@uji.raker.example")
    codes = [wrong(app.test_client(), "Target@uji.raker.example ", f"198.51.100.{n}") for n in range(10)]
    assert codes == [401] * 10
    blocked = app.test_client().post(
        "/auth/login",
        data={"email": "target@uji.raker.example", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.99"},
    )
    assert blocked.status_code == 429 and "Terlalu banyak percobaan" in blocked.get_data(as_text=True)


def test_the_address_limit_still_holds(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="5 per hour")
    client = app.test_client()
    codes = [wrong(client, f"tebak{n}@uji.raker.example", "192.0.2.1") for n in range(6)]
    assert codes == [401] * 5 + [429]
    assert wrong(client, "tebak@uji.raker.example", "192.0.2.2") == 401


SHORT, COMMON = "pendek-11ch", "Qwerty123456"  # 11 characters; 12, but in the list of common passwords
MESSAGES = {SHORT: "Kata sandi minimal 12 karakter.", COMMON: "termasuk kata sandi yang paling sering dipakai"}


@pytest.mark.parametrize("weak", [SHORT, COMMON])
def test_weak_passwords_are_refused_on_password_change(app, weak):
    user = make_user("petugas", "lemah@uji.raker.example")
    client = app.test_client(user=user)
    response = client.post("/auth/password", data={"current": PASSWORD, "new": weak, "confirm": weak})
    assert response.status_code == 400 and MESSAGES[weak] in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(PASSWORD)


@pytest.mark.parametrize("weak", [SHORT, COMMON])
def test_weak_passwords_are_refused_on_user_creation(app, runner, weak):
    admin = make_user("admin")
    before = table_counts()
    response = app.test_client(user=admin).post(
        "/admin/users/new",
        data={"email": "baru@uji.raker.example", "full_name": "Pengguna Baru", "password": weak, "roles": ["petugas"]},
    )
    assert response.status_code == 400 and MESSAGES[weak] in response.get_data(as_text=True)
    result = runner.invoke(args=["users", "create", "baru@uji.raker.example", "--role", "petugas", "--password", weak])
    assert result.exit_code == 1 and MESSAGES[weak] in result.output
    assert table_counts() == before
