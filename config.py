"""Configuration. Everything that differs between machines comes from the environment,
read when the app is created (so tests and tools can set it per run).

RAKER_ENV        development (default) | production
DATABASE_URL     e.g. postgresql+psycopg://raker@127.0.0.1/raker ; SQLite in instance/ when unset
SECRET_KEY       must be the same for all app instances; when unset, generated once in instance/
SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_SECURITY (none|starttls|ssl), SMTP_TIMEOUT, MAIL_FROM
MAIL_SEND_AFTER_REQUEST  1: send queued mail after each request (else `flask outbox send`, e.g. from cron)
PUBLIC_BASE_URL  the address people use, for links in mail sent from the command line
RATELIMIT_STORAGE_URI  memory:// by default; redis://127.0.0.1:6379/0 when several instances run
LOGIN_RATE_LIMIT, API_RATE_LIMIT   flask-limiter strings, e.g. "10 per minute;50 per hour"
TRUSTED_PROXIES  number of reverse proxies in front of the app (trust of X-Forwarded-*)
TIMEZONE         the server's zone, for times that belong to no meeting (logins in the audit log); Asia/Makassar
RAKER_INSTANCE_PATH  where the instance folder (SQLite file, generated key) lives
"""
import os
from collections.abc import Mapping


def database_url(raw: str | None) -> str | None:
    """Accept the usual postgres:// spellings and use the psycopg 3 driver."""
    if not raw:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


class Config:
    RAKER_ENV = "development"
    SQLALCHEMY_DATABASE_URI = None  # None -> SQLite file in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SECRET_KEY = None  # None -> generated once in the instance folder

    BABEL_DEFAULT_LOCALE = "id"
    LANGUAGES = ("id", "en")

    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = 8 * 3600  # a form may stay open through a long meeting session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    API_RATE_LIMIT = "1200 per minute"
    TRUSTED_PROXIES = 0

    SMTP_HOST = "localhost"
    SMTP_PORT = 25
    SMTP_USERNAME = ""
    SMTP_PASSWORD = ""
    SMTP_SECURITY = "none"  # none | starttls | ssl
    SMTP_TIMEOUT = 20.0
    MAIL_FROM = "Raker <noreply@localhost>"
    MAIL_SEND_AFTER_REQUEST = False  # True: send queued mail right after the response that queued it
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"  # for links in mail sent outside a request (CLI)
    TIMEZONE = "Asia/Makassar"  # times of no meeting (logins, users, tokens in the audit log)


class DevelopmentConfig(Config):
    pass


class ProductionConfig(Config):
    RAKER_ENV = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


class TestingConfig(Config):
    RAKER_ENV = "testing"
    TESTING = True
    SECRET_KEY = "test-only-secret-key"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False


CONFIGS = {"development": DevelopmentConfig, "production": ProductionConfig, "testing": TestingConfig}

# Environment variable -> (config key, type)
ENVIRONMENT = {
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", database_url),
    "SECRET_KEY": ("SECRET_KEY", str),
    "SMTP_HOST": ("SMTP_HOST", str),
    "SMTP_PORT": ("SMTP_PORT", int),
    "SMTP_USERNAME": ("SMTP_USERNAME", str),
    "SMTP_PASSWORD": ("SMTP_PASSWORD", str),
    "SMTP_SECURITY": ("SMTP_SECURITY", str),
    "SMTP_TIMEOUT": ("SMTP_TIMEOUT", float),
    "MAIL_FROM": ("MAIL_FROM", str),
    "MAIL_SEND_AFTER_REQUEST": ("MAIL_SEND_AFTER_REQUEST", lambda v: v.lower() in ("1", "true", "yes")),
    "PUBLIC_BASE_URL": ("PUBLIC_BASE_URL", str),
    "RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
    "LOGIN_RATE_LIMIT": ("LOGIN_RATE_LIMIT", str),
    "API_RATE_LIMIT": ("API_RATE_LIMIT", str),
    "TRUSTED_PROXIES": ("TRUSTED_PROXIES", int),
    "TIMEZONE": ("TIMEZONE", str),
}


def config_for(env_name: str | None):
    name = (env_name or "development").lower()
    if name not in CONFIGS:
        raise RuntimeError(f"RAKER_ENV must be one of {', '.join(CONFIGS)}, not {env_name!r}")
    return CONFIGS[name]


def settings_from_environment(environ: Mapping[str, str]) -> dict:
    """The settings the environment gives; a bad number fails loudly at start-up, not mid-request."""
    settings = {}
    for variable, (key, convert) in ENVIRONMENT.items():
        raw = environ.get(variable)
        if raw in (None, ""):
            continue
        try:
            settings[key] = convert(raw)
        except ValueError:
            raise RuntimeError(f"{variable}={raw!r} is not a valid value") from None
    if "TIMEZONE" in settings:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(settings["TIMEZONE"])
        except (ZoneInfoNotFoundError, ValueError):
            raise RuntimeError(f"TIMEZONE={settings['TIMEZONE']!r} is not a time zone (e.g. Asia/Makassar)") from None
    if settings.get("SMTP_SECURITY", "none") not in ("none", "starttls", "ssl"):
        raise RuntimeError("SMTP_SECURITY must be none, starttls or ssl")
    return settings
