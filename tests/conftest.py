"""Fixtures in the flaskr style: app, client, runner — on SQLite or PostgreSQL.

RAKER_TEST_DATABASE=sqlite (default) uses a fresh SQLite file; =postgresql creates a fresh
database on the server named by RAKER_TEST_POSTGRES_URL (default: local server, user postgres)
and drops it at the end. The schema is created once; each test starts with empty tables.
"""

import os
import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from flask_login import FlaskLoginClient
from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url

from raker import create_app
from raker.extensions import db
from raker.models.user import User, session_id
from tests import app_threads, fast_apps

fast_apps.install()  # URL builders compiled once for the whole run (tests/fast_apps.py)

BACKEND = os.environ.get("RAKER_TEST_DATABASE", "sqlite")
POSTGRES_SERVER_URL = os.environ.get("RAKER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


class IsolatedClient(FlaskLoginClient):
    """Each request runs in its own app context, as in production: a fresh `g` (so the logged-in
    user is not cached from an earlier request) and its own database session."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            # Signed in as the user is now: an earlier request (a logout, a password change) may have
            # ended the sessions of the `user` object the test holds, which then has an old version.
            with self.application.app_context():
                version = db.session.scalar(select(User.session_version).where(User.id == user.id))
            with self.session_transaction() as sess:
                sess["_user_id"] = session_id(user.id, version)
                sess["_fresh"] = True

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


class FreshPostgres:
    """Create and drop throwaway databases on the test server."""

    def __init__(self, server_url: str):
        self.server = make_url(server_url)

    def _admin(self):
        return psycopg.connect(
            host=self.server.host,
            port=self.server.port or 5432,
            user=self.server.username,
            password=self.server.password,
            dbname=self.server.database or "postgres",
            autocommit=True,
        )

    def create(self) -> str:
        name = f"raker_test_{uuid.uuid4().hex[:12]}"
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
            # A throwaway database need not wait for the disk at every commit: the suite commits
            # tens of thousands of times. Durability is the server's business, not under test here.
            conn.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
        return self.server.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def fresh_database(tmp_path_factory):
    """A factory of empty databases on the backend under test, cleaned up at the end."""
    made: list[str] = []
    pg = FreshPostgres(POSTGRES_SERVER_URL) if BACKEND == "postgresql" else None

    def make() -> str:
        if pg:
            url = pg.create()
        else:
            url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "raker.db")
        made.append(url)
        return url

    yield make
    if pg:
        for url in made:
            pg.drop(url)


@pytest.fixture(scope="session")
def database_url(fresh_database):
    url = fresh_database()
    app = create_app({"RAKER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return url


def _empty_tables(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # One round trip for all tables (measured 109 → 42 ms a test).
            conn.exec_driver_sql(";".join(f'DELETE FROM "{t.name}"' for t in reversed(db.metadata.sorted_tables)))
        else:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
    engine.dispose()


@pytest.fixture
def app_factory(database_url, tmp_path):
    """Build an app on the test database with extra settings; tables are emptied afterwards."""
    apps = []

    def build(**settings):
        config = {
            "RAKER_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_PATH": str(tmp_path / "instance"),
        }
        config.update(settings)
        application = create_app(config)
        fast_apps.share_templates(application)
        application.test_client_class = IsolatedClient
        apps.append(application)
        return application

    yield build
    for application in apps:
        app_threads.stop(application)  # before the engine goes: a thread's connection would outlive it
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
    _empty_tables(database_url)
    # Said here, at the test that left it, rather than as a ResourceWarning in some later test.
    assert not app_threads.still_running(), f"threads outlived the test's app: {app_threads.still_running()}"


@pytest.fixture
def app(app_factory):
    application = app_factory()
    with application.app_context():
        yield application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def is_postgres():
    return BACKEND == "postgresql"


def pytest_report_header(config):
    return f"raker test database: {BACKEND}"


class Mailbox:
    """Messages a real SMTP server (aiosmtpd on localhost) received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address: str):
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp_server():
    """A local SMTP server; yields (mailbox, port)."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # a free port (aiosmtpd checks the port it is given)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


@pytest.fixture
def mail_app(app_factory, smtp_server):
    """An app whose mail goes to the local SMTP server; yields (app, mailbox)."""
    mailbox, port = smtp_server
    application = app_factory(
        SMTP_HOST="127.0.0.1", SMTP_PORT=port, MAIL_FROM="Sekretariat Raker <raker@uji.raker.example>"
    )
    with application.app_context():
        yield application, mailbox


def pytest_generate_tests(metafunc):
    """A test marked `clocks` runs at each moment of tests/clock.py (see the `clock` fixture)."""
    if metafunc.definition.get_closest_marker("clocks"):
        from tests.clock import CLOCKS

        metafunc.parametrize("clock", CLOCKS, ids=[c.label.replace(" ", "-") for c in CLOCKS], indirect=True)


@pytest.fixture(autouse=True)
def clock(request):
    """Travel to the parametrised moment before any other fixture of the test runs (autouse runs first),
    and hold meetings made by make_event() in that clock's zone. Unmarked tests keep the real clock,
    moved on by the run's offset when the run comes near a midnight of WIB, WITA or WIT (tests/clock.py)."""
    import time_machine

    from tests import clock as clocks

    chosen = getattr(request, "param", None)
    if chosen is None:
        # A browser keeps the real clock (its page decides "today" too): the server must keep it as well.
        in_a_browser = any(name in request.fixturenames for name in ("live_server", "chromium"))
        if in_a_browser or not clocks.RUN_OFFSET:
            yield None
        else:  # see tests/clock.py: only the tests marked `clocks` meet a meeting's midnight
            with time_machine.travel(datetime.now(UTC) + clocks.RUN_OFFSET, tick=True):
                clocks.current_offset = clocks.RUN_OFFSET
                try:
                    yield None
                finally:
                    clocks.current_offset = timedelta(0)
        return

    with time_machine.travel(chosen.moment, tick=True):
        clocks.meeting_zone = chosen.zone
        try:
            yield chosen
        finally:
            clocks.meeting_zone = "Asia/Makassar"
