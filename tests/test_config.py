import os
import stat

import pytest

from config import database_url
from raker import create_app


def _app(monkeypatch, tmp_path, **env):
    for name in (
        "DATABASE_URL",
        "SECRET_KEY",
        "RAKER_ENV",
        "SMTP_HOST",
        "SMTP_PORT",
        "SMTP_SECURITY",
        "PUBLIC_BASE_URL",
        "TRUSTED_HOSTS",
        "TRUSTED_PROXIES",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return create_app({"INSTANCE_PATH": str(tmp_path / "instance")})


def test_sqlite_in_instance_folder_by_default(monkeypatch, tmp_path):
    app = _app(monkeypatch, tmp_path)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///" + str(tmp_path / "instance" / "raker.db")


@pytest.mark.parametrize("raw", ["postgres://u@db/raker", "postgresql://u@db/raker", "postgresql+psycopg://u@db/raker"])
def test_database_url_uses_psycopg3(monkeypatch, tmp_path, raw):
    assert database_url(raw) == "postgresql+psycopg://u@db/raker"
    assert (
        _app(monkeypatch, tmp_path, DATABASE_URL=raw).config["SQLALCHEMY_DATABASE_URI"]
        == "postgresql+psycopg://u@db/raker"
    )


def test_secret_key_from_environment(monkeypatch, tmp_path):
    app = _app(monkeypatch, tmp_path, SECRET_KEY="dari-lingkungan-0123456789")
    assert app.config["SECRET_KEY"] == "dari-lingkungan-0123456789"
    assert not (tmp_path / "instance" / "secret_key").exists()


def test_secret_key_generated_once_and_kept_private(monkeypatch, tmp_path):
    first = _app(monkeypatch, tmp_path).config["SECRET_KEY"]
    second = _app(monkeypatch, tmp_path).config["SECRET_KEY"]
    key_file = tmp_path / "instance" / "secret_key"
    assert first == second == key_file.read_text().strip()
    assert len(first) >= 64
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    other = create_app({"INSTANCE_PATH": str(tmp_path / "other")}).config["SECRET_KEY"]
    assert other != first


def test_production_settings_secure_cookies(monkeypatch, tmp_path):
    app = _app(
        monkeypatch,
        tmp_path,
        RAKER_ENV="production",
        SECRET_KEY="k" * 40,
        PUBLIC_BASE_URL="https://raker.example.go.id",
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    response = app.test_client().get("/healthz", base_url="https://raker.example.go.id")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_development_cookies_not_secure_only(monkeypatch, tmp_path):
    app = _app(monkeypatch, tmp_path)
    assert not app.config.get("SESSION_COOKIE_SECURE")


def test_unknown_environment_refused(monkeypatch, tmp_path):
    with pytest.raises(RuntimeError, match="RAKER_ENV"):
        _app(monkeypatch, tmp_path, RAKER_ENV="staging")


def test_smtp_settings_from_environment(monkeypatch, tmp_path):
    app = _app(monkeypatch, tmp_path, SMTP_HOST="mail.kaltimprov.example", SMTP_PORT="587", SMTP_SECURITY="starttls")
    assert (app.config["SMTP_HOST"], app.config["SMTP_PORT"], app.config["SMTP_SECURITY"]) == (
        "mail.kaltimprov.example",
        587,
        "starttls",
    )


@pytest.mark.parametrize("env", [{"SMTP_PORT": "dua lima"}, {"SMTP_SECURITY": "tls-maybe"}])
def test_bad_environment_values_fail_at_start(monkeypatch, tmp_path, env):
    with pytest.raises(RuntimeError, match="SMTP"):
        _app(monkeypatch, tmp_path, **env)


def test_production_refuses_to_start_without_a_public_address(monkeypatch, tmp_path):
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL must be set when RAKER_ENV=production"):
        _app(monkeypatch, tmp_path, RAKER_ENV="production", SECRET_KEY="k" * 40)
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL='raker.example.go.id' must be a full address"):
        _app(monkeypatch, tmp_path, RAKER_ENV="production", SECRET_KEY="k" * 40, PUBLIC_BASE_URL="raker.example.go.id")


def test_trusted_hosts_default_to_the_public_address(monkeypatch, tmp_path):
    app = _app(
        monkeypatch,
        tmp_path,
        RAKER_ENV="production",
        SECRET_KEY="k" * 40,
        PUBLIC_BASE_URL="https://raker.example.go.id",
    )
    assert app.config["TRUSTED_HOSTS"] == ["raker.example.go.id"]
    client = app.test_client()
    assert client.get("/healthz", base_url="https://raker.example.go.id").status_code == 200
    for host in ("localhost", "evil.example", "raker.example.go.id.evil.example"):
        assert client.get("/healthz", base_url=f"https://{host}").status_code == 400, host
    development = _app(monkeypatch, tmp_path, PUBLIC_BASE_URL="http://raker.lan:8000")
    assert development.config["TRUSTED_HOSTS"] == ["raker.lan", "localhost", "127.0.0.1"]


def test_trusted_hosts_from_environment(monkeypatch, tmp_path):
    app = _app(
        monkeypatch,
        tmp_path,
        RAKER_ENV="production",
        SECRET_KEY="k" * 40,
        PUBLIC_BASE_URL="https://raker.example.go.id",
        TRUSTED_HOSTS="raker.example.go.id, Raker.Internal ,",
    )
    assert app.config["TRUSTED_HOSTS"] == ["raker.example.go.id", "raker.internal"]
    assert app.test_client().get("/healthz", base_url="http://raker.internal").status_code == 200


def test_server_timezone_from_environment_and_checked_at_start(monkeypatch, tmp_path):
    assert _app(monkeypatch, tmp_path, TIMEZONE="Asia/Jayapura").config["TIMEZONE"] == "Asia/Jayapura"
    with pytest.raises(RuntimeError, match="TIMEZONE"):
        _app(monkeypatch, tmp_path, TIMEZONE="Kalimantan/Tengah")


def test_passwords_outside_the_tests_are_hashed_with_scrypt(monkeypatch, tmp_path):
    """The suite uses a cheap hash to stay fast; a real installation must not."""
    from raker.models import User

    app = _app(monkeypatch, tmp_path)
    with app.app_context():
        user = User(email="a@contoh.example", full_name="A")
        user.set_password("kata-sandi-panjang-sekali")
        assert user.password_hash.startswith("scrypt:") and user.check_password("kata-sandi-panjang-sekali")
