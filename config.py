"""Configuration. Everything that differs between machines comes from the environment.

RAKER_ENV        development (default) | production
DATABASE_URL     e.g. postgresql+psycopg://raker@127.0.0.1/raker ; SQLite in instance/ when unset
SECRET_KEY       required to be shared by several app instances; else generated once in instance/
SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_SECURITY (none|starttls|ssl), MAIL_FROM
RATELIMIT_STORAGE_URI  memory:// by default; redis://127.0.0.1:6379/0 when several instances run
TRUSTED_PROXIES  number of reverse proxies in front of the app (sets X-Forwarded-* trust)
"""
import os


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
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))  # None -> instance SQLite
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SECRET_KEY = os.environ.get("SECRET_KEY")  # None -> generated once in the instance folder

    BABEL_DEFAULT_LOCALE = "id"
    LANGUAGES = ("id", "en")

    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = 8 * 3600  # a form may stay open through a long meeting session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    SMTP_HOST = os.environ.get("SMTP_HOST", "localhost")
    SMTP_PORT = int(os.environ.get("SMTP_PORT", "25"))
    SMTP_USERNAME = os.environ.get("SMTP_USERNAME", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    SMTP_SECURITY = os.environ.get("SMTP_SECURITY", "none")  # none | starttls | ssl
    SMTP_TIMEOUT = float(os.environ.get("SMTP_TIMEOUT", "20"))
    MAIL_FROM = os.environ.get("MAIL_FROM", "Raker <noreply@localhost>")


class DevelopmentConfig(Config):
    pass


class ProductionConfig(Config):
    RAKER_ENV = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-secret-key"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"


CONFIGS = {"development": DevelopmentConfig, "production": ProductionConfig, "testing": TestingConfig}


def config_for(env_name: str | None):
    name = (env_name or "development").lower()
    if name not in CONFIGS:
        raise RuntimeError(f"RAKER_ENV must be one of {', '.join(CONFIGS)}, not {env_name!r}")
    return CONFIGS[name]
