"""Small builders for test data, through the same services the app uses."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from raker.auth.services import create_user
from raker.events import services as events
from raker.extensions import db

PASSWORD = "kata-sandi-uji-123"


def make_user(role: str | None, email: str | None = None, **kwargs):
    email = email or f"{role or 'tanpa-peran'}@uji.raker.example"
    return create_user(email, kwargs.pop("name", email.split("@")[0].title()), PASSWORD, [role] if role else [])


def make_event(**overrides):
    """A two-day meeting starting today where it is held (its own zone's date, not the server's)."""
    from tests import clock

    zone = overrides.get("timezone", clock.meeting_zone)
    start = overrides.pop("start_date", datetime.now(ZoneInfo(zone)).date())
    values = {
        "title": "Rapat Kerja Uji", "theme": "Tema uji", "description": "", "host_institution": "Pemerintah Kabupaten Paser",
        "venue": "Gedung Awa Mangkuruku", "city": "Tana Paser", "address": "", "start_date": start,
        "end_date": start + timedelta(days=1), "timezone": zone, "status": "open",
        "registration_opens_at": None, "registration_closes_at": None, "paper_size": "A4",
    }
    values.update(overrides)
    return events.create_event(values)


def table_counts() -> dict[str, int]:
    """Rows per table: compared before and after a refused request to prove nothing was half-saved."""
    return {t.name: db.session.execute(select(func.count()).select_from(t)).scalar_one()
            for t in db.metadata.sorted_tables}


def person(group, n: int = 1, **overrides) -> dict:
    """Valid registration fields for a PNS in delegation `group`; n makes the NIP and email unique."""
    values = {
        "delegation": group.id, "full_name": f"Peserta Uji {n}, S.Sos.", "asn_status": "pns",
        "nip": f"19860926201505{1 + n % 2}{n:03d}", "rank": "III/a", "position": "Analis Tata Laksana",
        "institution": f"Bagian Organisasi Setda {group.name}", "email": f"peserta{n}@uji.raker.example",
        "phone": f"0812 3456 {n:04d}", "role": "peserta", "notes": "",
    }
    values.update(overrides)
    return values


def register(event, group, n: int = 1, **overrides):
    from raker.registration import services

    return services.register(event, services.NewRegistration(person(group, n, **overrides)), source="form")
