"""A meeting with a committee (MC, protokol, drivers among them), a tim perumus from its approved
participants, and the keputusan settings of a Sekretaris Daerah."""

from datetime import date

import pytest

from raker.events.services import add_delegation
from raker.panitia import keputusan, services
from raker.registration.services import change_state
from raker.rumusan import services as rumusan
from tests.factories import make_event, make_user, register

DAY1 = date(2026, 8, 10)
SIGNER_NIP = "196811041994031003"
SETTINGS = {
    "signer_office": "SEKRETARIS DAERAH PROVINSI KALIMANTAN TIMUR",
    "signer_name": "Dr. H. Ahmad Ridwan Hamzah, M.Si.",
    "signer_rank": "IV/d",
    "signer_nip": SIGNER_NIP,
    "place": "Samarinda",
    "budget": "DPA Biro Organisasi Setda Provinsi Kalimantan Timur Tahun Anggaran 2026",
    "panitia_number": "000.1.2/117/B.Org/{tahun}",
    "panitia_date": date(2026, 7, 20),
    "perumus_number": "000.1.2/118/B.Org/{tahun}",
    "perumus_date": "2026-08-03",
}
MEMBERS = [
    {
        "place": "pengemudi",
        "full_name": "Joko Susilo",
        "position": "Pengemudi",
        "institution": "Biro Umum",
        "rank": "II/a",
        "nip": "19850615 200901 1 004",
    },
    {
        "place": "ketua",
        "full_name": "Dr. Hj. Nurhayati Usman, M.Si.",
        "position": "Kepala Bagian Kelembagaan",
        "institution": "Biro Organisasi Setda Provinsi Kalimantan Timur",
        "rank": "IV/a",
        "nip": "197508172000032002",
    },
    {
        "place": "mc",
        "full_name": "Indah Permata Sari, S.Sos.",
        "position": "Pranata Hubungan Masyarakat",
        "institution": "Diskominfo Kabupaten Paser",
        "rank": "",
        "nip": "",
    },
    {
        "place": "protokol",
        "full_name": "Andi Firmansyah, S.IP.",
        "position": "Analis Protokol",
        "institution": "Setda Kabupaten Paser",
        "rank": "III/a",
        "nip": "199303112018011001",
    },
    {
        "place": "pengarah",
        "full_name": "Aji Sayid Faturrahman",
        "position": "Asisten Administrasi Umum",
        "institution": "Setda Provinsi Kalimantan Timur",
        "rank": "IV/c",
        "nip": "196704121992031005",
    },
    {
        "place": "lainnya",
        "place_other": "Penerima Tamu",
        "full_name": "Sri Lestari",
        "position": "",
        "institution": "",
        "rank": "",
        "nip": "",
    },
]


def approved(event, group, n, **overrides):
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
        paper_size="F4",
    )
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01", "kind": "kabupaten"})
    ketua = approved(
        event,
        paser,
        1,
        full_name="Yusmadi",
        rank="IV/b",
        position="Kepala Biro Organisasi",
        institution="Setda Provinsi Kalimantan Timur",
    )
    sekretaris = approved(event, paser, 2, full_name="Siti Rahmah, S.E.", position="Analis Organisasi")
    anggota = approved(event, paser, 3, full_name="Budi Santoso, S.IP.", position="Analis Tata Laksana")
    rumusan.set_team(event, [(ketua.id, "ketua"), (anggota.id, "anggota"), (sekretaris.id, "sekretaris")])
    members = [services.add_member(event, values) for values in MEMBERS]
    keputusan.save_settings(event, SETTINGS)
    sekretariat = make_user("sekretariat", event=event)
    return {
        "event": event,
        "paser": paser,
        "members": members,
        "sekretariat": sekretariat,
        "team": (ketua, sekretaris, anggota),
    }
