"""Raker: run a government working meeting from registration to signed recommendations."""

import os
import secrets
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from config import check_public_address, config_for, settings_from_environment

from . import logs
from .extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def _secret_key(instance_path: str) -> str:
    """Generate a key once and keep it in the instance folder (never a fixed key).

    Written to a temporary file and linked into place, so two workers starting together
    end up with the same key."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        tmp = path.with_name(f"secret_key.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process won the race; use its key
        finally:
            tmp.unlink()
    return path.read_text().strip()


class IdConverter(IntegerConverter):
    """<int:…> limited to what an INTEGER primary key holds (SQLite and PostgreSQL)."""

    def __init__(self, map, fixed_digits=0, min=None, max=2**31 - 1, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


def create_app(test_config: dict | None = None) -> Flask:
    # Tests and several instances on one host may each want their own instance folder.
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("RAKER_INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_path=os.path.abspath(instance_path) if instance_path else None,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    # <int:…> in a URL is a row id: one too big for an INTEGER column is "not found", not an overflow (a 500).
    app.url_map.converters["int"] = IdConverter
    env_name = (test_config or {}).get("RAKER_ENV") or os.environ.get("RAKER_ENV")
    app.config.from_object(config_for(env_name))
    app.config.from_mapping(settings_from_environment(os.environ))
    if test_config:
        app.config.from_mapping(test_config)
    check_public_address(app.config)
    logs.configure(app.config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "raker.db")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app.instance_path)
    if app.config["TRUSTED_PROXIES"]:
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_prefix=n)  # type: ignore[method-assign]  # as Flask documents it

    from . import i18n

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(
        app, locale_selector=i18n.select_locale, default_translation_directories=str(ROOT / "raker" / "translations")
    )
    login_manager.init_app(app)

    from . import auth, mail, web

    auth.init_login(login_manager)
    mail.init_app(app)
    i18n.init_app(app)
    web.init_app(app)

    from .admin.routes import bp as admin_bp
    from .agenda.admin_routes import admin_bp as agenda_admin_bp
    from .agenda.routes import bp as agenda_bp
    from .api import bp as api_bp
    from .auth.routes import bp as auth_bp
    from .certificates.routes import admin_bp as certificates_admin_bp
    from .certificates.routes import bp as certificates_bp
    from .checkin.dashboard import bp as attendance_bp
    from .checkin.routes import bp as scanner_bp
    from .events.routes import bp as events_bp
    from .honorarium.routes import bp as honorarium_bp
    from .jobs.routes import bp as jobs_bp
    from .main.routes import bp as main_bp
    from .minutes.routes import bp as minutes_bp
    from .outbox.routes import bp as outbox_bp
    from .panitia.routes import bp as panitia_bp
    from .registration.admin_routes import bp as secretariat_bp
    from .registration.routes import bp as registration_bp
    from .report.routes import bp as report_bp
    from .rumusan.routes import bp as rumusan_bp
    from .sidang.draft_routes import bp as komisi_bp
    from .sidang.pleno_routes import console as pleno_admin_bp
    from .sidang.pleno_routes import public as pleno_bp
    from .sidang.routes import bp as sidang_admin_bp
    from .tte.routes import bp as tte_bp
    from .tte.routes import public as tte_public_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(registration_bp)
    app.register_blueprint(secretariat_bp)
    app.register_blueprint(outbox_bp)
    app.register_blueprint(scanner_bp)
    app.register_blueprint(attendance_bp)
    app.register_blueprint(agenda_bp)
    app.register_blueprint(agenda_admin_bp)
    app.register_blueprint(minutes_bp)
    app.register_blueprint(rumusan_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(certificates_admin_bp)
    app.register_blueprint(report_bp)
    app.register_blueprint(honorarium_bp)
    app.register_blueprint(panitia_bp)
    app.register_blueprint(sidang_admin_bp)
    app.register_blueprint(pleno_admin_bp)
    app.register_blueprint(pleno_bp)
    app.register_blueprint(komisi_bp)
    app.register_blueprint(tte_bp)
    app.register_blueprint(tte_public_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(jobs_bp)

    from .cli import register_cli

    register_cli(app)
    return app
