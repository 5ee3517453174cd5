"""A two-day meeting whose rumusan was adopted on day 2: Kabupaten Paser and Kota Samarinda checked
in that day, Kota Bontang only on day 1 (its day-2 check-in undone), someone never checked in."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import CheckIn
from raker.registration.services import change_state
from raker.rumusan import services as rumusan
from raker.rumusan.adoption import adopt
from tests.factories import make_event, make_user, register

DAY1, DAY2 = date(2021, 8, 9), date(2021, 8, 10)
CHAIR = {
    "position": "Asisten Pemerintahan dan Kesejahteraan Rakyat",
    "name": "Dr. H. Muhammad Sa'bani, M.Si.",
    "rank": "IV/c",
    "nip": "196805121990031002",
}


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 8, tzinfo=UTC)  # WITA = UTC+8


def check_in(event, registration, day: date, *, undone: bool = False) -> None:
    db.session.add(
        CheckIn(
            event_id=event.id,
            registration_id=registration.id,
            day=day,
            scanned_at=at(day, 8),
            undone_at=at(day, 9) if undone else None,
        )
    )
    db.session.commit()


def approved(event, group, n: int, **overrides):
    registration = register(event, group, n, **overrides)
    if registration.state != "approved":
        change_state(registration, "approved")
    return registration


@pytest.fixture
def world(app):
    event = make_event(
        title="Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur",
        start_date=DAY1,
        letterhead_government="PEMERINTAH PROVINSI KALIMANTAN TIMUR",
        letterhead_unit="SEKRETARIAT DAERAH",
        address="Jl. Jenderal Sudirman",
        paper_size="F4",
    )
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01", "kind": "kabupaten"})
    samarinda = add_delegation(event, {"name": "Kota Samarinda", "region_code": "64.72", "kind": "kota"})
    bontang = add_delegation(event, {"name": "Kota Bontang", "region_code": "64.74", "kind": "kota"})
    people = {
        "zainal": approved(
            event, paser, 1, full_name="Zainal Abidin, S.Sos.", rank="III/d", position="Kepala Bagian Organisasi"
        ),  # both days
        "ani": approved(event, paser, 2, full_name="Ani Rahmawati, S.E."),  # day 2
        "siti": approved(event, samarinda, 3, full_name="Siti Rahmah, S.E."),  # day 2
        "budi": approved(event, bontang, 4, full_name="Budi Santoso, S.IP."),  # day 1; day 2 undone
        "absent": approved(event, bontang, 5, full_name="Citra Lestari"),  # never came
    }
    check_in(event, people["zainal"], DAY1)
    check_in(event, people["zainal"], DAY2)
    check_in(event, people["ani"], DAY2)
    check_in(event, people["siti"], DAY2)
    check_in(event, people["budi"], DAY1)
    check_in(event, people["budi"], DAY2, undone=True)
    return {"event": event, "paser": paser, "samarinda": samarinda, "bontang": bontang, **people}


@pytest.fixture
def adopted(world):
    """The rumusan: two topics, three items, two sub-points, adopted on day 2 at 15.00 WITA."""
    perumus = make_user("perumus", event=world["event"])
    document = rumusan.get_or_create(world["event"])
    a = rumusan.add_topic(document, "Kelembagaan dan Tata Laksana", by=perumus)
    b = rumusan.add_topic(document, "Pelayanan Publik", by=perumus)
    one = rumusan.add_item(a, "Menyusun SOP administrasi pemerintahan.", by=perumus)
    two = rumusan.add_item(a, "Memperkuat evaluasi kelembagaan dengan:", by=perumus)
    subs = [rumusan.add_item(a, text, parent=two, by=perumus) for text in ("peta proses bisnis;", "anjab.")]
    three = rumusan.add_item(b, "Mengikuti kompetisi SiNovik.", by=perumus)
    for item in (one, two, *subs, three):
        rumusan.set_item_state(item, "proposed", by=perumus)
        rumusan.set_item_state(item, "adopted", by=perumus)
    with time_machine.travel(at(DAY2, 15), tick=False):  # the plenary of day 2: Paser and Samarinda are in
        adopt(document, by=perumus)
    return document
