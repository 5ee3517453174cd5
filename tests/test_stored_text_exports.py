"""Text stored before control characters were refused at the door (a name `Budi\\x1b[31m`, ESC, BEL,
VT) never breaks an export: every XLSX, CSV, PDF and DOCX download still answers, without them."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import update

from raker.certificates import services as certificates
from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import CheckIn, Event, Registration
from raker.registration.services import change_state
from tests.documents import pdf_pages
from tests.factories import make_event, make_user, register

DAY = date(2021, 8, 9)
HOSTILE = "Budi\x1b[31m\x07 Sant\uffffoso\x0b\ufffe"
SHOWN = "Budi[31m Santoso"


@pytest.fixture
def world(app):
    event = make_event(start_date=DAY)
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    budi = register(event, paser, 1)
    change_state(budi, "approved")
    register(event, paser, 2, full_name="Dedi Pending")  # pending ones are in the participant list too
    db.session.add(
        CheckIn(event_id=event.id, registration_id=budi.id, day=DAY, scanned_at=datetime(2021, 8, 9, 0, 30, tzinfo=UTC))
    )
    db.session.commit()
    certificates.save_settings(
        event,
        {
            "hours": 16,
            "min_days": 1,
            "signer_position": "Asisten",
            "signer_name": "Dr. H. Aji",
            "signer_rank": "IV/c",
            "signer_nip": "196805121990031002",
            "number_prefix": "800/",
            "number_suffix": "/SERT",
            "place": "",
            "signed_on": None,
        },
    )
    certificates.issue(event)
    # Stored before the guard existed: straight into the table, as an old row would be.
    db.session.execute(
        update(Registration)
        .where(Registration.id == budi.id)
        .values(full_name=HOSTILE, position="Analis\x0bTata\x1bLaksana")
    )
    db.session.execute(update(Registration).where(Registration.id != budi.id).values(full_name="Dedi\x1b Pending"))
    db.session.execute(update(Event).values(title="Rapat Kerja\x0b Uji\x07"))
    db.session.commit()
    db.session.expire_all()
    return event, budi


@pytest.fixture
def secretariat(app):
    return app.test_client(user=make_user("sekretariat"))


def test_participant_lists(world, secretariat):
    event, _budi = world
    xlsx = secretariat.get(f"/admin/events/{event.slug}/participants.xlsx")
    assert xlsx.status_code == 200
    names = [row[1] for row in load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(min_row=2, values_only=True)]
    assert SHOWN in names and "Dedi Pending" in names
    text = secretariat.get(f"/admin/events/{event.slug}/participants.csv").data.decode("utf-8-sig")
    assert "\x1b" not in text and "\x07" not in text and "\x0b" not in text
    assert SHOWN in [row[1] for row in csv.reader(io.StringIO(text))]


def test_daftar_hadir_badges_and_personal_badge(world, secretariat, client):
    event, budi = world
    base = f"/admin/events/{event.slug}/attendance"
    xlsx = secretariat.get(f"{base}/daftar-hadir/{DAY.isoformat()}.xlsx")
    assert xlsx.status_code == 200
    cells = [c for row in load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True) for c in row]
    assert SHOWN in cells
    pdf = secretariat.get(f"{base}/daftar-hadir/{DAY.isoformat()}.pdf")
    assert pdf.status_code == 200 and "Budi[31m" in "".join(pdf_pages(pdf.data))
    badges = secretariat.get(f"{base}/badges.pdf")
    assert badges.status_code == 200 and "Budi" in "".join(pdf_pages(badges.data))
    assert client.get(f"/r/{budi.token}/badge.pdf").status_code == 200


@pytest.mark.parametrize(
    "path", ["laporan/laporan.docx", "laporan/laporan.pdf", "sertifikat/semua.docx", "sertifikat/semua.pdf"]
)
def test_report_and_certificates(world, secretariat, path):
    event, _budi = world
    response = secretariat.get(f"/admin/events/{event.slug}/{path}")
    assert response.status_code == 200
    if path.endswith(".docx"):
        text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
        assert "\x1b" not in text and "\x0b" not in text
    else:
        assert "Rapat Kerja" in "".join(pdf_pages(response.data))


def test_agenda_pdf_and_calendars(world, client):
    from raker.agenda import services as agenda
    from raker.models import AgendaSession

    event, _budi = world
    session = agenda.create_session(
        event,
        {
            "title": "Paparan",
            "kind": "paparan",
            "starts_at": datetime(2021, 8, 9, 2, tzinfo=UTC),
            "ends_at": datetime(2021, 8, 9, 3, tzinfo=UTC),
        },
    )
    db.session.execute(update(AgendaSession).values(title="Paparan\x1b[31m\x0b Kebijakan"))
    db.session.commit()
    agenda.publish(event)
    for path in ("agenda", "agenda.pdf", "agenda.ics", f"agenda/sessions/{session.id}.ics"):
        response = client.get(f"/events/{event.slug}/{path}")
        assert response.status_code == 200, path
