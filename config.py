"""Configuration. Everything that differs between machines comes from the environment,
read when the app is created (so tests and tools can set it per run).

RAKER_ENV        development (default) | production
DATABASE_URL     e.g. postgresql+psycopg://raker@127.0.0.1/raker ; SQLite in instance/ when unset
SECRET_KEY       must be the same for all app instances; when unset, generated once in instance/
SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_SECURITY (none|starttls|ssl), SMTP_TIMEOUT, MAIL_FROM
                 without SMTP_HOST outside production nothing leaves: the secretariat reads mail on the
                 meeting's "Kotak keluar" page (localhost is the default in production)
MAIL_SEND_AFTER_REQUEST  1: send queued mail after each request (else `flask outbox send`, e.g. from cron)
PUBLIC_BASE_URL  the address people use (https://raker.example.go.id): every link in mail, PDFs, QR codes
                 and ICS; required when RAKER_ENV=production
TRUSTED_HOSTS    comma list of host names the app answers to (others: 400); default the host of
                 PUBLIC_BASE_URL, plus localhost and 127.0.0.1 outside production
RATELIMIT_STORAGE_URI  memory:// by default; redis://127.0.0.1:6379/0 when several instances run
LOGIN_RATE_LIMIT, LOGIN_ACCOUNT_RATE_LIMIT, API_RATE_LIMIT   flask-limiter strings, e.g. "10 per minute;50 per hour"
                 (the login ones count failed attempts, per address and per account)
REGISTRATION_RATE_LIMIT  public registrations (form and API) per client address, "30 per hour"
RECIPIENT_LINK_MAILS_PER_HOUR  personal-link mails one address may get per hour on anonymous request
REGISTRATION_ANSWER_SECONDS    a public registration is answered no sooner than this (0.25)
PERSONAL_EDIT_RATE_LIMIT       saves through one personal link, "10 per hour"
TRUSTED_PROXIES  number of reverse proxies in front of the app (trust of X-Forwarded-*)
TIMEZONE         the server's zone, for times that belong to no meeting (logins in the audit log); Asia/Makassar
RETENTION_DAYS   days sent mail contents and import uploads are kept (`flask retention run`; default 30)
PLENO_STREAM_SECONDS  how long one plenary event stream stays open before the browser reconnects (45):
                 each open stream holds a gunicorn thread (README, "Production")
PLENO_PUSH_INTERVAL   seconds between the cheap checks of a meeting's live state per process (0.1)
RAKER_INSTANCE_PATH  where the instance folder (SQLite file, generated key) lives
RAKER_REDIS_URL  redis://127.0.0.1:6379/0: long exports run as RQ jobs, worked by `flask jobs worker`;
                 unset: in-process worker threads (the quick start needs nothing else)
JOBS_QUEUE       the RQ queue's name ("raker")
JOBS_INLINE_ROWS an export of more rows than this (badges, certificates, daftar hadir, …) is a job (500)
JOB_RESULT_HOURS hours a job's file is kept (24); then `flask jobs sweep` or the retention run removes it
JOB_STALE_SECONDS a running job without a heartbeat for this long is re-queued (60)
LOG_LEVEL        INFO by default (DEBUG adds every audit row)
LOG_JSON         1: the log as one JSON object a line (the default in production), 0: plain lines
"""

from collections.abc import Mapping
from datetime import timedelta


def database_url(raw: str | None) -> str | None:
    """Accept the usual postgres:// spellings and use the psycopg 3 driver."""
    if not raw:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


class Config:
    RAKER_ENV = "development"
    PASSWORD_HASH_METHOD = "scrypt"  # werkzeug's default: slow on purpose (0.24 s a hash here)
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
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)  # Flask-Login's default is a year

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Failed logins only. Per address high enough for a venue's NAT, per account (email) low.
    LOGIN_RATE_LIMIT = "100 per hour"
    LOGIN_ACCOUNT_RATE_LIMIT = "10 per 15 minutes"
    API_RATE_LIMIT = "1200 per minute"
    REGISTRATION_RATE_LIMIT = "30 per hour"  # a venue's shared NAT: a delegation registering together
    RECIPIENT_LINK_MAILS_PER_HOUR = 4
    PERSONAL_EDIT_RATE_LIMIT = "10 per hour"
    PLENO_STREAM_SECONDS = 45.0
    PLENO_PUSH_INTERVAL = 0.1
    # A new registration writes rows and renders mail (a badge PDF when approved at once), a duplicate
    # does less: both are answered no sooner than this, so the time taken tells nothing either.
    REGISTRATION_ANSWER_SECONDS = 0.25
    TRUSTED_PROXIES = 0

    # Empty: no mail server, mail stays in the outbox and the "Kotak keluar" page is the mailbox
    # (the quick start). Production sends to localhost unless told otherwise.
    SMTP_HOST = ""
    SMTP_PORT = 25
    SMTP_USERNAME = ""
    SMTP_PASSWORD = ""
    SMTP_SECURITY = "none"  # none | starttls | ssl
    SMTP_TIMEOUT = 20.0
    MAIL_FROM = "Raker <noreply@localhost>"
    MAIL_SEND_AFTER_REQUEST = False  # True: send queued mail right after the response that queued it
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"  # every absolute link; never taken from the request
    TRUSTED_HOSTS = None  # None -> the host of PUBLIC_BASE_URL (+ localhost outside production)
    RETENTION_DAYS = 30  # `flask retention run`: sent mail contents and import files older than this go
    TIMEZONE = "Asia/Makassar"  # times of no meeting (logins, users, tokens in the audit log)
    # Tanda tangan elektronik (raker/tte). Empty paths: the development CA of `flask tte dev-ca` in the
    # instance folder (instance/tte/ca.pem, crl.pem). Production points these at BSrE's root and CRL.
    TTE_TRUST_ROOTS = ""  # PEM file of the CA certificates a signer's certificate must chain to
    TTE_CRLS = ""  # PEM file of CRLs checked before signing
    TTE_TSA_URL = ""  # RFC 3161 timestamp server: set, signatures are PAdES B-T, otherwise B-B
    TTE_REMOTE_URL = ""  # a BSrE-shaped signing service (…/api/sign/pdf); empty: only PKCS#12 signers
    TTE_REMOTE_USERNAME = ""  # HTTP basic credentials of the application at the signing service
    TTE_REMOTE_PASSWORD = ""
    TTE_REMOTE_TIMEOUT = 60.0
    TTE_MAX_UPLOAD = 10 * 1024 * 1024  # a PDF checked on /verifikasi, a PKCS#12 uploaded
    TTE_VERIFY_RATE_LIMIT = "30 per hour"  # uploads checked on /verifikasi per address
    # Background jobs (raker.jobs): RQ on Redis when a URL is set, else worker threads in the app's process.
    RAKER_REDIS_URL = ""
    JOBS_QUEUE = "raker"
    JOBS_THREADS = 2  # embedded workers per app process
    JOBS_INLINE_ROWS = 500  # bigger exports are jobs: no request waits on work that grows with the meeting
    JOB_RESULT_HOURS = 24
    JOB_STALE_SECONDS = 60
    JOB_MAX_ATTEMPTS = 3  # a job re-queued this often after its worker stopped fails with a message
    LOG_LEVEL = "INFO"
    LOG_JSON = False  # plain lines for a developer's terminal (raker/logs.py)


class DevelopmentConfig(Config):
    pass


class ProductionConfig(Config):
    RAKER_ENV = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    PUBLIC_BASE_URL = None  # no default address in production: links would point elsewhere
    SMTP_HOST = "localhost"
    LOG_JSON = True  # one JSON object a line, for the log collector


class TestingConfig(Config):
    RAKER_ENV = "testing"
    TESTING = True
    SECRET_KEY = "test-only-secret-key"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    REGISTRATION_ANSWER_SECONDS = 0.0  # tests that need it set it
    # The suite makes about a hundred accounts and logs in hundreds of times: scrypt's 0.24 s each was
    # a fifth of some test modules. Still a real salted hash, checked the same way.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    PLENO_STREAM_SECONDS = 5.0  # tests read a stream to its end


CONFIGS = {"development": DevelopmentConfig, "production": ProductionConfig, "testing": TestingConfig}


def _flag(value: str) -> bool:
    return value.lower() in ("1", "true", "yes")


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
    "MAIL_SEND_AFTER_REQUEST": ("MAIL_SEND_AFTER_REQUEST", _flag),
    "PUBLIC_BASE_URL": ("PUBLIC_BASE_URL", str),
    "RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
    "LOGIN_RATE_LIMIT": ("LOGIN_RATE_LIMIT", str),
    "LOGIN_ACCOUNT_RATE_LIMIT": ("LOGIN_ACCOUNT_RATE_LIMIT", str),
    "API_RATE_LIMIT": ("API_RATE_LIMIT", str),
    "REGISTRATION_RATE_LIMIT": ("REGISTRATION_RATE_LIMIT", str),
    "RECIPIENT_LINK_MAILS_PER_HOUR": ("RECIPIENT_LINK_MAILS_PER_HOUR", int),
    "REGISTRATION_ANSWER_SECONDS": ("REGISTRATION_ANSWER_SECONDS", float),
    "PERSONAL_EDIT_RATE_LIMIT": ("PERSONAL_EDIT_RATE_LIMIT", str),
    "TRUSTED_PROXIES": ("TRUSTED_PROXIES", int),
    "TRUSTED_HOSTS": ("TRUSTED_HOSTS", lambda v: [h.strip().lower() for h in v.split(",") if h.strip()]),
    "RETENTION_DAYS": ("RETENTION_DAYS", int),
    "TIMEZONE": ("TIMEZONE", str),
    "PLENO_STREAM_SECONDS": ("PLENO_STREAM_SECONDS", float),
    "PLENO_PUSH_INTERVAL": ("PLENO_PUSH_INTERVAL", float),
    "TTE_TRUST_ROOTS": ("TTE_TRUST_ROOTS", str),
    "TTE_CRLS": ("TTE_CRLS", str),
    "TTE_TSA_URL": ("TTE_TSA_URL", str),
    "TTE_REMOTE_URL": ("TTE_REMOTE_URL", str),
    "TTE_REMOTE_USERNAME": ("TTE_REMOTE_USERNAME", str),
    "TTE_REMOTE_PASSWORD": ("TTE_REMOTE_PASSWORD", str),
    "TTE_REMOTE_TIMEOUT": ("TTE_REMOTE_TIMEOUT", float),
    "RAKER_REDIS_URL": ("RAKER_REDIS_URL", str),
    "JOBS_QUEUE": ("JOBS_QUEUE", str),
    "JOBS_THREADS": ("JOBS_THREADS", int),
    "JOBS_INLINE_ROWS": ("JOBS_INLINE_ROWS", int),
    "JOB_RESULT_HOURS": ("JOB_RESULT_HOURS", float),
    "JOB_STALE_SECONDS": ("JOB_STALE_SECONDS", float),
    "LOG_LEVEL": ("LOG_LEVEL", str),
    "LOG_JSON": ("LOG_JSON", _flag),
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


def check_public_address(config: dict) -> None:
    """PUBLIC_BASE_URL must be a full http(s) address (required in production); fill in TRUSTED_HOSTS."""
    from urllib.parse import urlsplit

    base = config.get("PUBLIC_BASE_URL")
    if not base:
        if config.get("RAKER_ENV") == "production":
            raise RuntimeError(
                "PUBLIC_BASE_URL must be set when RAKER_ENV=production "
                "(the address people use, e.g. https://raker.example.go.id): "
                "every link in mail, PDFs and QR codes is built from it"
            )
        return
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RuntimeError(f"PUBLIC_BASE_URL={base!r} must be a full address such as https://raker.example.go.id")
    if config.get("TRUSTED_HOSTS") is None:
        hosts = [parts.hostname]
        if config.get("RAKER_ENV") != "production":
            hosts += ["localhost", "127.0.0.1"]
        config["TRUSTED_HOSTS"] = list(dict.fromkeys(hosts))
