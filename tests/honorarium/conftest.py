"""A meeting whose agenda has narasumber and moderators of every golongan, registered and outside."""

from datetime import UTC, date, datetime, timedelta

import pytest

from raker.agenda import services as agenda
from raker.events.services import add_delegation
from tests.factories import make_event, register

DAY1 = date(2021, 8, 9)
PPK_NIP = "197203151998031004"
SETTINGS = {
    "narasumber_rate": "900.000",
    "moderator_rate": "700000",
    "other_tax_percent": "6",
    "budget_line": "DPA Biro Organisasi Tahun 2021",
    "ppk_position": "Pejabat Pembuat Komitmen",
    "ppk_name": "Hj. Nurul Hidayah, S.E., M.M.",
    "ppk_rank": "IV/a",
    "ppk_nip": PPK_NIP,
    "treasurer_position": "Bendahara Pengeluaran",
    "treasurer_name": "Rudi Hartono, A.Md.",
    "treasurer_rank": "III/b",
    "treasurer_nip": "198811202010011003",
    "place": "Samarinda",
    "signed_on": date(2021, 8, 10),
}


def at(day: int, clock: str) -> datetime:
    hour, minute = map(int, clock.split("."))
    moment = datetime(DAY1.year, DAY1.month, DAY1.day, hour, minute) + timedelta(days=day)
    return moment.replace(tzinfo=UTC) - timedelta(hours=8)  # WITA


def _session(event, day, start, end, title, people, *, cancelled=False, kind="paparan"):
    session = agenda.create_session(
        event, {"title": title, "kind": kind, "starts_at": at(day, start), "ends_at": at(day, end)}
    )
    for role, who in people:
        values = {"role": role, "registration_id": who.id} if hasattr(who, "id") else {"role": role, **who}
        agenda.add_person(session, values)
    if cancelled:
        agenda.set_cancelled(session, True)
    return session


@pytest.fixture
def world(app):
    event = make_event(start_date=DAY1, title="Rapat Kerja Bidang Ketatalaksanaan 2021", city="Tana Paser")
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    people = {
        "iv": register(
            event, paser, 1, full_name="Dr. Andi Wijaya, M.Si.", rank="IV/b", position="Kepala Biro Organisasi"
        ),
        "iii": register(event, paser, 2, full_name="Siti Rahmah, S.Sos.", rank="III/c", position="Analis Kebijakan"),
        "ii": register(event, paser, 3, full_name="Budi Santoso", rank="II/d", position="Pengadministrasi Umum"),
        "i": register(event, paser, 4, full_name="Joko Susilo", rank="I/d", position="Pengemudi"),
        "non": register(
            event, paser, 5, full_name="Maria Ulfa", asn_status="non_asn", nip="", rank="", position="Tenaga Ahli"
        ),
    }
    outside = {
        "name": "Prof. Dr. Rina Kusuma, M.Si.",
        "position": "Guru Besar",
        "institution": "Universitas Mulawarman",
    }
    # A sambutan, a report or the closing is an official's duty, not paid as a narasumber.
    _session(event, 0, "08.00", "08.30", "Sambutan Gubernur", [("narasumber", people["iv"])], kind="sambutan")
    _session(event, 1, "11.00", "11.30", "Penutupan", [("narasumber", people["iii"])], kind="penutupan")
    _session(
        event,
        0,
        "09.00",
        "11.00",
        "Kebijakan Kelembagaan",
        [("narasumber", people["iv"]), ("moderator", people["iii"])],
    )
    _session(
        event,
        0,
        "13.00",
        "15.30",
        "Sidang Komisi I",
        [
            ("narasumber", people["ii"]),
            ("narasumber", outside),
            ("moderator", people["iii"]),
            ("notulis", people["non"]),
        ],
    )
    _session(event, 1, "09.00", "10.00", "Tata Laksana", [("narasumber", people["i"]), ("moderator", people["non"])])
    _session(event, 1, "10.00", "12.00", "Batal", [("narasumber", people["iv"])], cancelled=True)
    return {"event": event, "people": people, "outside": outside}
