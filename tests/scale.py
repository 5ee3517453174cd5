"""A meeting of N participants made fast, for the benchmarks (bench/) and the statement-count test:
one event with 20 delegations, N approved registrations (PNS with NIP, jabatan, instansi) written
with bulk inserts, half of them checked in on the first day, and (ready_certificates) certificates
issued. The rows are what the app itself writes (the
same models, the same defaults); only the per-row ORM work is skipped, so 10,000 take seconds."""

import re
import secrets
from datetime import UTC, datetime, timedelta

from raker.extensions import db
from raker.models import Registration

DELEGATIONS = 20


def seed_meeting(
    participants: int,
    *,
    checked_in: float = 0.5,
    title: str = "Rapat Kerja Nasional Uji Skala",
    email_domain: str = "skala.raker.example",
):
    """The event (in the current app context and session), committed."""
    from sqlalchemy import insert

    from raker.events.services import add_delegation
    from raker.models import CheckIn
    from raker.registration.services import new_checkin_code
    from tests.factories import make_event

    event = make_event(title=title)
    delegations = [
        add_delegation(event, {"name": f"Kabupaten Uji {n:02d}", "region_code": f"64.{n:02d}"})
        for n in range(1, DELEGATIONS + 1)
    ]
    now = datetime.now(UTC)
    rows = []
    for n in range(participants):
        rows.append(
            {
                "event_id": event.id,
                "delegation_id": delegations[n % DELEGATIONS].id,
                "full_name": f"Peserta Uji Skala {n:05d}, S.Sos., M.Si.",
                "asn_status": "pns",
                "nip": f"{1960 + n // 999}0926201505{1 + n % 2}{n % 999 + 1:03d}",
                "rank": "III/a",
                "position": "Analis Kebijakan Ahli Muda pada Bagian Organisasi",
                "institution": f"Bagian Organisasi Sekretariat Daerah {n % DELEGATIONS:02d}",
                "email": f"peserta{n}@{email_domain}",
                "phone": f"0812{n:08d}",
                "role": "peserta",
                "notes": "",
                "state": "approved",
                "state_reason": "",
                "token": secrets.token_urlsafe(32),
                "checkin_code": new_checkin_code(),
                "source": "seed",
                "created_at": now,
                "updated_at": now,
            }
        )
    for start in range(0, len(rows), 2000):
        db.session.execute(insert(Registration), rows[start : start + 2000])
    db.session.commit()
    ids = db.session.scalars(
        db.select(Registration.id).where(Registration.event_id == event.id).order_by(Registration.id)
    ).all()
    present = ids[: int(len(ids) * checked_in)]
    day = event.start_date
    scans = [
        {
            "event_id": event.id,
            "registration_id": rid,
            "day": day,
            "scanned_at": now - timedelta(seconds=len(present) - i),
            "received_at": now,
            "gate": "Pintu Utama",
            "device": "",
            "method": "qr",
            "offline": False,
            "needs_review": False,
            "undo_reason": "",
        }
        for i, rid in enumerate(present)
    ]
    for start in range(0, len(scans), 2000):
        db.session.execute(insert(CheckIn), scans[start : start + 2000])
    db.session.commit()
    return event


def ready_certificates(event) -> None:
    """Settings filled in (JP, signer) and certificates issued to everyone eligible."""
    from raker.certificates import services as certificates

    certificates.save_settings(event, {**_settings_values(event)})
    certificates.issue(event)


def _settings_values(event) -> dict:
    return {
        "hours": 32,
        "min_days": 1,
        "signer_position": "Kepala Biro Organisasi",
        "signer_name": "Dr. Uji Penanda, M.Si.",
        "signer_rank": "IV/b",
        "signer_nip": "197001012000031001",
        "number_prefix": "800/",
        "number_suffix": "/ORG",
        "place": "",
        "signed_on": None,
    }


# Files (PDF, DOCX, XLSX, CSV, PNG, ZIP), not pages: their work is measured by bench/documents.py; nor
# the plenary's event streams, open for as long as a screen watches (measured by bench/pleno_push.py).
DOWNLOAD = re.compile(
    r"\.(pdf|docx|xlsx|csv|png|zip|ics|svg|ico)\b|<[^>]*fmt>|/static/|/logo\b|/qr\b|"
    r"/materi/|/lampiran/|/surat-tugas|/foto/|/tanda-tangan|/pleno/stream$"
)


def meeting_for_pages(size: int, title: str) -> dict:
    """A seeded meeting with certificates issued, and its first registration (for personal pages)."""
    event = seed_meeting(size, title=title, email_domain=f"m{size}.raker.example")
    ready_certificates(event)
    registration = db.session.scalars(
        db.select(Registration).where(Registration.event_id == event.id).order_by(Registration.id)
    ).first()
    return {"event": event, "registration": registration}


def page_url_values(rule, meeting) -> dict:
    """Values for a rule's arguments on a meeting of meeting_for_pages(); ids it lacks are 1 (a 404 then)."""
    event, registration = meeting["event"], meeting["registration"]
    values = {
        "slug": event.slug,
        "code": "en",
        "user_id": 1,
        "delegation_id": registration.delegation_id,
        "registration_id": registration.id,
        "token": registration.token,
        "day": event.start_date.isoformat(),
        "key": "tidak-ada",
        "signed": "bukan-tautan",
        "kind": "panitia",
        "action": "resend",
    }
    return {name: values.get(name, 1) for name in rule.arguments}


def page_rules(app):
    """Every GET rule that makes a page (HTML or JSON), not a file download."""
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not DOWNLOAD.search(rule.rule) and rule.endpoint != "static":
            yield rule
