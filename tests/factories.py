"""Small builders for test data, through the same services the app uses."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from raker.auth.services import create_user, grant_event_role
from raker.events import services as events
from raker.extensions import db
from raker.models import EVENT_ROLES, Event

PASSWORD = "kata-sandi-uji-123"


def _everywhere() -> set[int]:
    # Users made without `event`: staff of every meeting of the test (kept for the test's session).
    return db.session.info.setdefault("staff_everywhere", set())


def make_user(role: str | None, email: str | None = None, *, event=None, **kwargs):
    """A user with global `role`. A meeting role (sekretariat, petugas, notulis, perumus) is granted
    on `event` only, or, without `event`, on every meeting of the test, made before or after (as the
    migration did for the accounts that existed)."""
    email = email or f"{role or 'tanpa-peran'}@uji.raker.example"
    user = create_user(email, kwargs.pop("name", email.split("@")[0].title()), PASSWORD, [role] if role else [])
    if role in EVENT_ROLES:
        for meeting in [event] if event is not None else db.session.scalars(select(Event)).all():
            grant_event_role(meeting, user, role)
        if event is None:
            _everywhere().add(user.id)
    return user


def grant_everywhere_staff(event) -> None:
    from raker.models import User

    for user_id in sorted(_everywhere()):
        user = db.session.get(User, user_id)
        for role in user.roles if user else ():
            if role in EVENT_ROLES:
                grant_event_role(event, user, role)


def make_event(**overrides):
    """A two-day meeting starting today where it is held (its own zone's date, not the server's)."""
    from tests import clock

    zone = overrides.get("timezone", clock.meeting_zone)
    start = overrides.pop("start_date", datetime.now(ZoneInfo(zone)).date())
    values = {
        "title": "Rapat Kerja Uji",
        "theme": "Tema uji",
        "description": "",
        "host_institution": "Pemerintah Kabupaten Paser",
        "venue": "Gedung Awa Mangkuruku",
        "city": "Tana Paser",
        "address": "",
        "start_date": start,
        "end_date": start + timedelta(days=1),
        "timezone": zone,
        "status": "open",
        "registration_opens_at": None,
        "registration_closes_at": None,
        "paper_size": "A4",
    }
    values.update(overrides)
    event = events.create_event(values)
    grant_everywhere_staff(event)
    return event


def table_counts() -> dict[str, int]:
    """Rows per table: compared before and after a refused request to prove nothing was half-saved."""
    return {
        t.name: db.session.execute(select(func.count()).select_from(t)).scalar_one() for t in db.metadata.sorted_tables
    }


def person(group, n: int = 1, **overrides) -> dict:
    """Valid registration fields for a PNS in delegation `group`; n makes the NIP and email unique."""
    values = {
        "delegation": group.id,
        "full_name": f"Peserta Uji {n}, S.Sos.",
        "asn_status": "pns",
        "nip": f"19860926201505{1 + n % 2}{n:03d}",
        "rank": "III/a",
        "position": "Analis Tata Laksana",
        "institution": f"Bagian Organisasi Setda {group.name}",
        "email": f"peserta{n}@uji.raker.example",
        "phone": f"0812 3456 {n:04d}",
        "role": "peserta",
        "notes": "",
    }
    values.update(overrides)
    return values


def register(event, group, n: int = 1, **overrides):
    from raker.registration import services

    return services.register(event, services.NewRegistration(person(group, n, **overrides)), source="form")


def forget_checkins(event) -> None:
    """The demo's plenary checks in one representative of ten delegations at the desk (sidang.demo): a test
    that counts its own scans (attendance figures, the arrivals chart) removes them first."""
    from sqlalchemy import delete

    from raker.models import CheckIn, Scan

    db.session.execute(delete(CheckIn).where(CheckIn.event_id == event.id))
    db.session.execute(delete(Scan).where(Scan.event_id == event.id))
    db.session.commit()
