"""The migrations build the schema from empty, and agree with the models."""

from datetime import UTC

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from raker import create_app
from raker.extensions import db


def test_upgrade_from_empty_matches_models(fresh_database, tmp_path):
    url = fresh_database()
    app = create_app({"RAKER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path)})
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"users", "events", "delegations", "registrations", "audit_log", "api_tokens"} <= tables
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations disagree: {differences}"
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


@pytest.mark.clocks
def test_staff_rights_migration_keeps_todays_staff_working(clock, fresh_database, tmp_path):
    """Before a3c5e7f90b12 roles were global. The migration grants each global petugas, notulis,
    perumus and sekretariat that role on every existing meeting: the gate's token still checks in."""
    from datetime import datetime
    from importlib import import_module
    from zoneinfo import ZoneInfo

    from sqlalchemy import MetaData, func, select
    from werkzeug.security import generate_password_hash

    from raker.auth.services import find_user, issue_token
    from raker.events.services import add_delegation
    from raker.models import CheckIn, Event, EventStaff
    from raker.registration import services as registration
    from tests.factories import make_event, register

    before = import_module("migrations.versions.a3c5e7f90b12_staff_rights_per_meeting").down_revision
    url = fresh_database()
    app = create_app({"RAKER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path)})
    with app.app_context():
        upgrade(revision=before)
        old = MetaData()
        old.reflect(db.engine, only=["events", "users", "user_roles"])
        now = datetime.now(UTC).replace(tzinfo=None)
        # The meeting's today is its own zone's date: between 16.00 and 24.00 UTC a WITA
        # meeting held "today" by the server's date would already be over.
        today = datetime.now(ZoneInfo(clock.zone)).date()
        event_values = {
            "slug": "raker-lama",
            "title": "Rapat Lama",
            "theme": "",
            "description": "",
            "host_institution": "Pemerintah Kabupaten Paser",
            "venue": "Gedung",
            "city": "Tana Paser",
            "address": "",
            "start_date": today,
            "end_date": today,
            "timezone": clock.zone,
            "status": "open",
            "approval_mode": "moderated",
            "over_quota": "waitlist",
            "dress_code": "",
            "registration_serial": 0,
            "letterhead_government": "",
            "letterhead_unit": "",
            "letterhead_address": "",
            "letterhead_phone": "",
            "letterhead_email": "",
            "letterhead_website": "",
            "paper_size": "A4",
            "created_at": now,
            "updated_at": now,
        }
        with db.engine.begin() as conn:
            events, users, user_roles = (old.tables[n] for n in ("events", "users", "user_roles"))
            conn.execute(events.insert().values({k: v for k, v in event_values.items() if k in events.c}))
            for email, role in (
                ("gerbang@uji.raker.example", "petugas"),
                ("sek@uji.raker.example", "sekretariat"),
                ("kontak@uji.raker.example", "kontak_delegasi"),
            ):
                user_id = conn.execute(
                    users.insert().values(
                        email=email,
                        full_name=email.split("@")[0],
                        password_hash=generate_password_hash("x" * 12),
                        active=True,
                        created_at=now,
                    )
                ).inserted_primary_key[0]
                conn.execute(user_roles.insert().values(user_id=user_id, role=role))
        upgrade()

        event = db.session.scalar(select(Event).where(Event.slug == "raker-lama"))
        grants = {(row.user.email, row.role) for row in db.session.scalars(select(EventStaff))}
        assert grants == {("gerbang@uji.raker.example", "petugas"), ("sek@uji.raker.example", "sekretariat")}
        gate = find_user("gerbang@uji.raker.example")
        assert gate.roles == {"petugas"}  # the global row stays: "may be assigned"
        guest = register(event, add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"}), 1)
        registration.change_state(guest, "approved")
        client = app.test_client()
        headers = {"Authorization": f"Bearer {issue_token(gate)}"}
        scan = client.post(
            f"/api/v1/events/{event.slug}/checkins", json={"code": "RK1:" + guest.checkin_code}, headers=headers
        )
        assert scan.status_code == 201 and scan.json["status"] == "ok"
        assert db.session.scalar(select(func.count(CheckIn.id))) == 1
        secretary = {"Authorization": f"Bearer {issue_token(find_user('sek@uji.raker.example'))}"}
        assert client.get(f"/api/v1/events/{event.slug}/registrations", headers=secretary).status_code == 200
        # A meeting made after the migration has only the staff granted on it.
        later = make_event(title="Rapat Baru")
        assert client.get(f"/api/v1/events/{later.slug}/checkins/stats", headers=headers).status_code == 403
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()
