"""The demo meeting, modelled on the seed article: the Kalimantan Timur working meeting on
public administration (ketatalaksanaan), hosted by Kabupaten Paser at Gedung Awa Mangkuruku.

Deterministic (a fixed random seed) and idempotent: seeding twice changes nothing.
Every address ends in .example, a domain that can never receive mail.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from .audit import record
from .auth.services import find_user
from .checkin.codes import new_checkin_code
from .extensions import db
from .models import EVENT_ROLES, Delegation, Event, EventStaff, Registration, User, utcnow
from .reference.nip import parse_nip
from .reference.ranks import RANKS
from .reference.regions import KALTIM_DELEGATION_REGIONS

DEMO_PASSWORD = "raker-demo-2026"
DEMO_TIMEZONE = "Asia/Makassar"  # WITA: Kalimantan Timur
DEMO_USERS = (
    ("admin@raker.example", "Administrator Raker", ("admin",)),
    ("sekretariat@raker.example", "Rahmawati, S.Sos.", ("sekretariat",)),
    ("petugas@raker.example", "Muhammad Rizky", ("petugas",)),
    ("notulis@raker.example", "Nur Aisyah, S.AP.", ("notulis",)),
    ("perumus@raker.example", "Dr. Hendra Saputra, M.Si.", ("perumus",)),
    ("kontak.paser@raker.example", "Sri Wahyuni, S.E.", ("kontak_delegasi",)),
)
MINISTRY = "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"

MALE = (
    "Ahmad",
    "Muhammad",
    "Rudi",
    "Hendra",
    "Budi",
    "Agus",
    "Syahrul",
    "Fajar",
    "Andi",
    "Rizal",
    "Yusuf",
    "Irwan",
    "Arif",
    "Dedi",
    "Hasan",
    "Imam",
    "Joko",
    "Eko",
    "Aji",
    "Gusti",
    "Rahmat",
    "Taufik",
    "Zainal",
    "Bambang",
    "Herman",
    "Ridwan",
    "Saiful",
    "Firmansyah",
    "Yohanes",
    "Petrus",
)
FEMALE = (
    "Siti",
    "Nur",
    "Rina",
    "Dewi",
    "Fitri",
    "Sri",
    "Yuliana",
    "Ratna",
    "Hasanah",
    "Wahyuni",
    "Rahmawati",
    "Aisyah",
    "Nurul",
    "Lestari",
    "Indah",
    "Kartika",
    "Maria",
    "Evi",
    "Dayang",
    "Mega",
    "Novita",
    "Ernawati",
    "Hijriah",
    "Rosmini",
)
FAMILY = (
    "Saputra",
    "Hidayat",
    "Pratama",
    "Wibowo",
    "Santoso",
    "Nugroho",
    "Rahman",
    "Syahputra",
    "Setiawan",
    "Kurniawan",
    "Hamzah",
    "Mahmud",
    "Anwar",
    "Lubis",
    "Pasaribu",
    "Daeng",
    "Baso",
    "Ramadhan",
    "Fadillah",
    "Permata",
    "Sari",
    "Utami",
    "Hartono",
    "Sulaiman",
    "Ismail",
    "Abdullah",
    "Noor",
    "Effendi",
    "Asri",
    "Ladjang",
    "Hermawan",
    "Iskandar",
)
DEGREES = ("S.Sos.", "S.STP", "S.AP.", "S.E.", "S.Kom.", "S.H.", "S.IP.", "M.Si.", "M.AP.", "S.T.", "")
POSITIONS = (
    ("Kepala Bagian Organisasi", "IV/a"),
    ("Kepala Subbagian Kelembagaan dan Analisis Jabatan", "III/d"),
    ("Kepala Subbagian Reformasi Birokrasi dan Akuntabilitas Kinerja", "III/d"),
    ("Kepala Subbagian Tata Laksana dan Pelayanan Publik", "III/c"),
    ("Analis Kebijakan Ahli Muda", "III/c"),
    ("Analis Kebijakan Ahli Pertama", "III/a"),
    ("Analis Tata Laksana", "III/b"),
    ("Analis Organisasi", "III/b"),
    ("Penelaah Teknis Kebijakan", "III/a"),
    ("Pranata Komputer Ahli Pertama", "III/a"),
    ("Pengadministrasi Perkantoran", "II/c"),
)


@dataclass
class SeedResult:
    event: Event
    created: bool
    passwords: dict[str, str]


def _pick_rank(rng: random.Random, base: str) -> str:
    codes = [code for code, _ in RANKS]
    index = codes.index(base) + rng.choice((0, 0, 1))
    return codes[min(index, len(codes) - 1)]


# Years of service a golongan needs at the least (a promotion every three years or so from the first
# golongan of one's schooling), so no NIP says "CPNS 2017" of a IV/c.
SERVICE_YEARS = {
    "I/a": 0, "I/b": 3, "I/c": 6, "I/d": 9,
    "II/a": 0, "II/b": 3, "II/c": 6, "II/d": 9,
    "III/a": 0, "III/b": 3, "III/c": 6, "III/d": 9,
    "IV/a": 12, "IV/b": 15, "IV/c": 18, "IV/d": 21, "IV/e": 24,
}  # fmt: skip


def _nip(rng: random.Random, male: bool, today: date, used: set[str], rank: str | None = None) -> str:
    while True:
        born = date(rng.randint(1968, 1996), rng.randint(1, 12), rng.randint(1, 28))
        start_year = rng.randint(born.year + 22, min(born.year + 34, today.year - 1))
        latest = today.year - 1 - SERVICE_YEARS.get(rank or "", 0)
        if start_year > latest:  # moved back with the same draws, so the rest of the demo stays as it was
            start_year = latest - (start_year - latest) % 4
            born = born.replace(year=min(born.year, start_year - 22))
        nip = f"{born:%Y%m%d}{start_year}{rng.randint(1, 12):02d}{1 if male else 2}{rng.randint(1, 999):03d}"
        if nip not in used:
            used.add(nip)
            return parse_nip(nip, today=today)  # every demo NIP passes our own check


def _person_name(rng: random.Random) -> tuple[str, bool]:
    male = rng.random() < 0.55
    first = rng.choice(MALE if male else FEMALE)
    name = f"{first} {rng.choice(FAMILY)}"
    degree = rng.choice(DEGREES)
    if degree == "M.Si." or degree == "M.AP.":
        degree = rng.choice(("S.Sos.", "S.STP", "S.E.")) + ", " + degree
    return (f"{name}, {degree}" if degree else name), male


def _email(name: str, domain: str, used: set[str]) -> str:
    local = ".".join(name.split(",")[0].lower().split())
    email, n = f"{local}@{domain}.raker.example", 2
    while email in used:
        email, n = f"{local}{n}@{domain}.raker.example", n + 1
    used.add(email)
    return email


def _institution(delegation: Delegation) -> str:
    if delegation.kind == "provinsi":
        return "Biro Organisasi Sekretariat Daerah Provinsi Kalimantan Timur"
    return f"Bagian Organisasi Sekretariat Daerah {delegation.name}"


SPEAKERS = (
    # (delegation region code or None for the ministry, name, position, rank, role)
    (  # the SK panitia's pengarah: his badge says PANITIA
        "64",
        "Aji Sayid Faturrahman",
        "Asisten Administrasi Umum Sekretariat Daerah Provinsi Kalimantan Timur",
        "IV/c",
        "panitia",
    ),
    # the SK's penanggung jawab: PANITIA on his badge too
    ("64", "Yusmadi", "Kepala Biro Organisasi Sekretariat Daerah Provinsi Kalimantan Timur", "IV/b", "panitia"),
    ("64.01", "I Gusti Putu Suantara", "Staf Ahli Bupati Paser Bidang Pemerintahan", "IV/b", "narasumber"),
    (None, "Dwiyoga P. Soediarto", "Sekretaris Deputi Bidang Pelayanan Publik", "IV/c", "narasumber"),
)


def _mobile_prefix(n: int) -> int:
    """0840–0849 are no mobile prefixes (no WhatsApp link): moved to 085x, with the same random draws."""
    return n + 10 if 40 <= n <= 49 else n


def seed_demo(today: date | None = None) -> SeedResult:
    # "Today" where the meeting is (WITA), not on the server's clock: at 07.00 WITA it is still yesterday in UTC.
    today = today or datetime.now(ZoneInfo(DEMO_TIMEZONE)).date()
    slug = f"raker-ketatalaksanaan-kaltim-{today.year}"
    existing = db.session.scalar(select(Event).where(Event.slug.like("raker-ketatalaksanaan-kaltim-%")))
    if existing is not None:
        return SeedResult(existing, False, {})

    rng = random.Random(20210809)  # the seed article's meeting day
    users: dict[str, User] = {}
    for email, name, roles in DEMO_USERS:
        user = find_user(email)
        if user is None:
            user = User(email=email, full_name=name)
            user.set_password(DEMO_PASSWORD)
            user.set_roles(roles)
            db.session.add(user)
        users[email] = user
    admin_user = users["admin@raker.example"]
    db.session.flush()

    tz_opening = datetime.combine(today - timedelta(days=14), time(8, 0))
    event = Event(
        slug=slug,
        title="Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur",
        theme=(
            "Penguatan Peran Ketatalaksanaan dalam rangka Meningkatkan Kinerja Birokrasi dan Kualitas "
            "Pelayanan Publik Sesuai Harapan Masyarakat dan Dunia Usaha"
        ),
        description=(
            "Rapat kerja kabupaten/kota se-Kalimantan Timur untuk merumuskan kebijakan percepatan "
            "peningkatan kualitas pelayanan publik, inovasi pelayanan publik (SiNovik) dan pelayanan "
            "berbasis teknologi informasi."
        ),
        host_institution="Pemerintah Kabupaten Paser",
        organiser="Biro Organisasi Sekretariat Daerah Provinsi Kalimantan Timur",
        organiser_city="Samarinda",
        venue="Gedung Awa Mangkuruku",
        city="Tanah Grogot",  # the seat of Kabupaten Paser ("Tana Paser" is the regency's other name)
        address="Jl. Jenderal Sudirman, Tanah Grogot, Kabupaten Paser",
        start_date=today,
        end_date=today + timedelta(days=1),
        timezone=DEMO_TIMEZONE,
        status="open",
        letterhead_government="PEMERINTAH PROVINSI KALIMANTAN TIMUR",
        # The Sekretariat Daerah's kop: the letters are signed by the Sekretaris Daerah (a.n. Gubernur), and a
        # biro, part of the Setda, writes on it too; a biro's own kop under a governor's letter is wrong.
        letterhead_unit="SEKRETARIAT DAERAH",
        letterhead_address="Jl. Gajah Mada No. 2, Samarinda 75121",
        letterhead_phone="(0541) 733333",
        letterhead_email="setda@kaltimprov.raker.example",
        letterhead_website="setda.kaltimprov.raker.example",
        paper_size="F4",
    )
    wita = ZoneInfo(DEMO_TIMEZONE)
    event.registration_opens_at = tz_opening.replace(tzinfo=wita)
    # Walk-in registration at the venue is common: open until the end of the last day.
    event.registration_closes_at = datetime.combine(event.end_date, time(23, 59)).replace(tzinfo=wita)
    db.session.add(event)
    db.session.flush()
    # Staff rights are per meeting: the demo staff work on the demo meeting (and only there).
    for email, _name, roles in DEMO_USERS:
        for role in roles:
            if role in EVENT_ROLES:
                db.session.add(EventStaff(event_id=event.id, user_id=users[email].id, role=role))

    for order, region in enumerate(KALTIM_DELEGATION_REGIONS, start=1):
        quota = 25 if region.kind == "provinsi" else 20
        db.session.add(
            Delegation(
                event=event, name=region.name, region_code=region.code, kind=region.kind, quota=quota, position=order
            )
        )
    ministry = Delegation(
        event=event,
        name=MINISTRY,
        region_code=None,
        kind="kementerian_lembaga",
        quota=3,
        position=len(KALTIM_DELEGATION_REGIONS) + 1,
        contact_name="Bagian Protokol",
    )
    db.session.add(ministry)
    db.session.flush()
    by_code = {d.region_code: d for d in event.delegations}
    paser = by_code["64.01"]
    paser.contact_user = users["kontak.paser@raker.example"]
    paser.contact_name = users["kontak.paser@raker.example"].full_name
    paser.contact_email = "kontak.paser@raker.example"
    paser.contact_phone = "+6281250001234"

    used_nips: set[str] = set()
    used_emails: set[str] = set()

    def add(
        delegation: Delegation,
        name: str,
        male: bool,
        position: str,
        rank: str,
        role: str,
        institution: str | None = None,
        state: str = "approved",
    ) -> None:
        domain = (delegation.region_code or "menpan").replace(".", "-")
        drawn = _nip(rng, male, today, used_nips, rank)  # drawn all the same, so the rest of the demo stays as it was
        db.session.add(
            Registration(
                event=event,
                delegation=delegation,
                full_name=name,
                asn_status="pns",
                nip=_committee_nip(name) or drawn,  # one person, one NIP: a committee member's is the panitia's
                rank=rank,
                position=position,
                institution=institution or _institution(delegation),
                email=_email(name, domain, used_emails),
                phone=f"+628{_mobile_prefix(rng.randint(11, 59))}{rng.randint(10_000_000, 99_999_999)}",
                role=role,
                state=state,
                source="seed",
                checkin_code=new_checkin_code() if state == "approved" else None,
            )
        )

    for code, name, position, rank, role in SPEAKERS:
        delegation = by_code.get(code, ministry) if code else ministry
        institution = MINISTRY if code is None else None
        if code == "64.01":
            institution = "Sekretariat Daerah Kabupaten Paser"
        elif name == "Aji Sayid Faturrahman":  # an asisten serves the Sekretariat Daerah, not the biro
            institution = "Sekretariat Daerah Provinsi Kalimantan Timur"
        add(delegation, name, True, position, rank, role, institution)

    for delegation in event.delegations:
        if delegation.kind not in ("kabupaten", "kota", "provinsi"):
            continue
        for _ in range(rng.randint(10, 16 if delegation.kind != "provinsi" else 12)):
            name, male = _person_name(rng)
            position, base_rank = rng.choice(POSITIONS)
            add(delegation, name, male, position, _pick_rank(rng, base_rank), "peserta")
    # The host's committee (panitia) sits in the Paser delegation: the SK's members from Paser's Setda, so a
    # PANITIA badge is worn only by someone the SK names (the names drawn are set aside, the rest stays).
    for place in ("sekretariat", "protokol", "konsumsi"):
        _drawn_name, _drawn_male = _person_name(rng)
        _place, name, position, institution, rank, _nip_ = _committee_member(place)
        add(paser, name, place == "protokol", position, rank or "II/c", "panitia", institution)
    # Kota Bontang is full, with a waiting list; Kota Samarinda has registrations to approve.
    bontang, samarinda = by_code["64.74"], by_code["64.72"]
    bontang.quota = sum(1 for r in db.session.new if isinstance(r, Registration) and r.delegation is bontang)
    for _ in range(3):
        name, male = _person_name(rng)
        position, base_rank = rng.choice(POSITIONS)
        add(bontang, name, male, position, _pick_rank(rng, base_rank), "peserta", state="waitlisted")
    for _ in range(2):
        name, male = _person_name(rng)
        position, base_rank = rng.choice(POSITIONS)
        add(samarinda, name, male, position, _pick_rank(rng, base_rank), "peserta", state="pending")

    db.session.flush()
    _seed_agenda(event, users, wita)
    db.session.flush()
    from .rumusan.demo import seed_demo_rumusan

    seed_demo_rumusan(event, users)
    from .sidang.demo import seed_demo_sidang

    _check_in_speakers(event, users["petugas@raker.example"])  # before the plenary: the ministry is present
    seed_demo_sidang(event, users)
    from .minutes.demo import seed_demo_minutes

    seed_demo_minutes(event, users)
    _seed_certificate_settings(event)
    _seed_honorarium_settings(event)
    _seed_committee(event, today)
    _seed_letter_settings(event, today)
    from .tte.demo import seed_demo_tte

    seed_demo_tte(event, DEMO_PASSWORD)
    record("demo.seed", event, event_id=event.id, to_state=event.status, user=admin_user)
    db.session.commit()
    return SeedResult(event, True, {email: DEMO_PASSWORD for email, _, _ in DEMO_USERS})


def _check_in_speakers(event: Event, gate_keeper: User) -> None:
    """Each speaker came through the registration desk at 08.00 on each day they have a session (the first
    day: at 08.00 or now, if earlier), as far as the meeting has got: without them the laporan says the
    ministry never attended."""
    from .sidang.demo import desk_check_in

    now = utcnow()
    for day, date_ in enumerate(event.days):
        at = datetime.combine(date_, time(8, 0), tzinfo=event.tz)
        at = min(now, at) if day == 0 else at
        if at > now or at.astimezone(event.tz).date() != date_:
            break  # that day has not begun (a demo seeded before its meeting)
        speaking = {who for d, *_, people in PROGRAMME if d == day for _role, who in people}
        for name in [name for _code, name, *_ in SPEAKERS if name in speaking]:
            speaker = _seeded(event, name)
            answer = desk_check_in(event, speaker, at, gate_keeper, nonce=f"demo-speaker-{day}-{speaker.id}")
            assert answer["status"] == "ok", answer  # a speaker the demo registered, approved, on a meeting day


def _seeded(event: Event, full_name: str) -> Registration:
    """A speaker the seed registered (SPEAKERS), there by construction."""
    found = db.session.scalar(
        select(Registration).where(Registration.event_id == event.id, Registration.full_name == full_name)
    )
    if found is None:
        raise LookupError(f"the demo seed registers {full_name} among its speakers")
    return found


def _seed_certificate_settings(event: Event) -> None:
    """16 JP, signed by the Asisten Administrasi Umum a.n. Sekretaris Daerah: the secretariat can issue
    certificates as soon as people have checked in."""
    from .certificates.services import default_suffix
    from .models import CertificateSettings

    signer = _seeded(event, "Aji Sayid Faturrahman")
    db.session.add(
        CertificateSettings(
            event_id=event.id,
            hours=16,
            min_days=1,
            # On the Sekretariat Daerah's kop, on the Sekretaris Daerah's behalf; on the Asisten's own
            # certificate the Sekretaris Daerah signs himself (a.n. Gubernur).
            signer_position="a.n. SEKRETARIS DAERAH\nASISTEN ADMINISTRASI UMUM",
            signer_name=signer.full_name,
            signer_rank=signer.rank,
            signer_nip=signer.nip,
            number_prefix="800/",
            number_suffix=default_suffix(event),
            place="",
            last_sequence=0,
        )
    )


def _ppk() -> dict[str, str]:
    """The Pejabat Pembuat Komitmen of the Biro's budget: the SK's ketua, a Kepala Bagian, who is paid no
    honorarium herself (the bendahara comes from the SK panitia)."""
    _place, name, _position, _institution, rank, nip = _committee_member("ketua")
    return {"ppk_name": name, "ppk_rank": rank or "", "ppk_nip": nip or ""}


def _seed_honorarium_settings(event: Event) -> None:
    """Rates of the kind a Standar Biaya Umum sets (narasumber per hour, moderator per session), so the
    daftar penerimaan honorarium prints figures, and its Pejabat Pembuat Komitmen."""
    from .honorarium.services import clean_settings, settings_for

    settings = settings_for(event)
    for name, value in clean_settings(
        event,
        {
            "narasumber_rate": 1_000_000,
            "moderator_rate": 700_000,
            "other_tax_percent": "2,5",
            "place": "Tanah Grogot",  # paid at the venue on the last day
            **_ppk(),
        },
    ).items():
        setattr(settings, name, value)
    db.session.add(settings)


# (place, name, jabatan, instansi, golongan, NIP): the committee, drivers and MC included. Who has no NIP
# is not a PNS (a photographer under contract, a driver on outsourcing).
COMMITTEE = (
    (
        "pengarah",
        "Aji Sayid Faturrahman",
        "Asisten Administrasi Umum",
        "Sekretariat Daerah Provinsi Kalimantan Timur",
        "IV/c",
        "196704121992031005",
    ),
    (
        "penanggung_jawab",
        "Yusmadi",
        "Kepala Biro Organisasi",
        "Sekretariat Daerah Provinsi Kalimantan Timur",
        "IV/b",
        "197001011995031001",
    ),
    (
        "ketua",
        "Dr. Hj. Nurhayati Usman, M.Si.",
        "Kepala Bagian Kelembagaan dan Analisis Jabatan",
        "Biro Organisasi Setda Provinsi Kalimantan Timur",
        "IV/a",
        "197508172000032002",
    ),
    (
        "sekretaris",
        "Rahmawati, S.Sos.",
        "Kepala Subbagian Tata Usaha",
        "Biro Organisasi Setda Provinsi Kalimantan Timur",
        "III/d",
        "198203142006042011",
    ),
    (
        "bendahara",
        "Rudi Hartono, A.Md.",
        "Bendahara Pengeluaran Pembantu",
        "Biro Organisasi Setda Provinsi Kalimantan Timur",
        "III/b",
        "198811202010011003",
    ),
    (
        "anggota",
        "Muhammad Rizky",
        "Pranata Komputer Ahli Pertama",
        "Biro Organisasi Setda Provinsi Kalimantan Timur",
        "III/a",
        "199105092015031002",
    ),
    (
        "anggota",
        "Nur Aisyah, S.AP.",
        "Analis Organisasi",
        "Biro Organisasi Setda Provinsi Kalimantan Timur",
        "III/b",
        "199212242017082001",
    ),
    (
        "sekretariat",
        "Dayang Kartika Sari, S.E.",
        "Pengadministrasi Perkantoran",
        "Bagian Organisasi Setda Kabupaten Paser",
        "II/c",
        "199507302019032004",
    ),
    (
        "protokol",
        "Andi Firmansyah, S.IP.",
        "Analis Protokol",
        "Bagian Protokol dan Komunikasi Pimpinan Setda Kabupaten Paser",
        "III/a",
        "199303112018011001",
    ),
    (
        "mc",
        "Indah Permata Sari, S.Sos.",
        "Pranata Hubungan Masyarakat",
        "Dinas Komunikasi dan Informatika Kabupaten Paser",
        "III/a",
        "199608052020122003",
    ),
    ("dokumentasi", "Fajar Ramadhan", "Fotografer", "Dinas Komunikasi dan Informatika Kabupaten Paser", None, None),
    (
        "konsumsi",
        "Hasanah, S.E.",
        "Pengadministrasi Umum",
        "Bagian Umum Setda Kabupaten Paser",
        "II/d",
        "199010102014022002",
    ),
    (
        "pengemudi",
        "Joko Susilo",
        "Pengemudi",
        "Biro Umum Setda Provinsi Kalimantan Timur",
        "II/a",
        "198506152009011004",
    ),
    ("pengemudi", "Bambang Setiawan", "Pengemudi", "Biro Umum Setda Provinsi Kalimantan Timur", None, None),
)


def _committee_member(place: str) -> tuple:
    """The SK panitia's first member at `place`: (place, name, jabatan, instansi, golongan, NIP)."""
    return next(member for member in COMMITTEE if member[0] == place)


def _committee_nip(name: str) -> str | None:
    return next((nip for _place, who, _position, _institution, _rank, nip in COMMITTEE if who == name), None)


def _seed_committee(event: Event, today: date) -> None:
    """The panitia (kartu panitia, SK panitia) and the keputusan settings: signed by the Sekretaris
    Daerah in Samarinda, the SK panitia three weeks before the meeting, the SK tim perumus one week."""
    from .models import CommitteeMember, CommitteeSettings
    from .panitia.services import clean_member, clean_settings

    for order, (place, name, position, institution, rank, nip) in enumerate(COMMITTEE, start=1):
        db.session.add(
            CommitteeMember(
                event_id=event.id,
                sort_order=order,
                **clean_member(
                    {
                        "place": place,
                        "full_name": name,
                        "position": position,
                        "institution": institution,
                        "rank": rank,
                        "nip": nip,
                    }
                ),
            )
        )
    year = event.start_date.year
    db.session.add(
        CommitteeSettings(
            event_id=event.id,
            **clean_settings(
                {
                    "signer_office": "SEKRETARIS DAERAH PROVINSI KALIMANTAN TIMUR",  # the one who signs the letters
                    "signer_name": LETTER_SIGNER[1],
                    "signer_rank": LETTER_SIGNER[2],
                    "signer_nip": LETTER_SIGNER[3],
                    "place": "Samarinda",
                    "budget": f"DPA Biro Organisasi Sekretariat Daerah Provinsi Kalimantan Timur Tahun Anggaran {year}",
                    "panitia_number": "000.1.2/117/B.Org-TU/{tahun}",
                    "panitia_date": today - timedelta(days=21),
                    "perumus_number": "000.1.2/118/B.Org-TU/{tahun}",
                    "perumus_date": today - timedelta(days=7),
                    "panitia_tembusan": "Gubernur Kalimantan Timur (sebagai laporan);\nInspektur Provinsi Kalimantan Timur;\n"
                    "Kepala Badan Pengelolaan Keuangan dan Aset Daerah Provinsi Kalimantan Timur;\n"
                    "Yang bersangkutan untuk diketahui dan dilaksanakan.",
                    "perumus_tembusan": "Gubernur Kalimantan Timur (sebagai laporan);\n"
                    "Yang bersangkutan untuk diketahui dan dilaksanakan.",
                }
            ),
        )
    )


LETTER_SIGNER = (
    "a.n. GUBERNUR KALIMANTAN TIMUR\nSEKRETARIS DAERAH",
    "Dr. H. Muhammad Ridwan, M.Si.",
    "IV/e",
    "196905121995031002",
)


def _seed_letter_settings(event: Event, today: date) -> None:
    """The letters before the meeting signed a.n. Gubernur by the Sekretaris Daerah, dated when
    registration opened, issued in Samarinda (the organiser's city); the surat keterangan kehadiran by
    the Kepala Biro Organisasi. The ministry is written to through its minister."""
    from .invitations.services import clean_settings, settings_for

    head = _seeded(event, "Yusmadi")
    position, name, rank, nip = LETTER_SIGNER
    settings = settings_for(event)
    for key, value in clean_settings(
        {
            "signer_position": position,
            "signer_name": name,
            "signer_rank": rank,
            "signer_nip": nip,
            "print_rank_nip": True,
            "issued_on": today - timedelta(days=14),
            "numbering": "single",
            "number_pattern": "005/1342/Org/{tahun}",  # one Nomor, from the Tata Usaha's agenda book
            "speaker_number_pattern": "005/{n}/Org/{tahun}",
            "tembusan": "Yth. Gubernur Kalimantan Timur (sebagai laporan);\nYth. Asisten Administrasi Umum Setda "
            "Provinsi Kalimantan Timur.",
            "attach_agenda": True,
            "keterangan_position": "Kepala Biro Organisasi",
            "keterangan_name": head.full_name,
            "keterangan_rank": head.rank,
            "keterangan_nip": head.nip,
        }
    ).items():
        setattr(settings, key, value)
    db.session.add(settings)
    for delegation in event.delegations:
        if delegation.kind == "kementerian_lembaga":
            delegation.addressee = "Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"


# (day, start, end, room, kind, title, [(role, speaker name or None for the demo notulis/MC)])
PROGRAMME: tuple[tuple[int, str, str, str, str, str, list[tuple[str, str]]], ...] = (
    (0, "07.30", "08.30", "Lobi", "daftar_ulang", "Daftar ulang peserta", []),
    (
        0,
        "08.30",
        "09.00",
        "Aula Utama",
        "pembukaan",
        "Pembukaan: Indonesia Raya, Mars Korpri, doa",
        [("pembawa_acara", "mc"), ("notulis", "notulis")],
    ),
    (
        0,
        "09.00",
        "09.15",
        "Aula Utama",
        "laporan",
        "Laporan Penyelenggara oleh Kepala Biro Organisasi",  # the penanggung jawab; the SK's ketua is another
        [("narasumber", "Yusmadi"), ("notulis", "notulis")],
    ),
    (
        0,
        "09.15",
        "09.30",
        "Aula Utama",
        "sambutan",
        "Sambutan Selamat Datang Bupati Paser",
        [("narasumber", "I Gusti Putu Suantara"), ("notulis", "notulis")],
    ),
    (
        0,
        "09.30",
        "10.00",
        "Aula Utama",
        "sambutan",
        "Arahan Gubernur Kalimantan Timur dan Pembukaan Resmi",
        [("narasumber", "Aji Sayid Faturrahman"), ("notulis", "notulis")],
    ),
    (0, "10.00", "10.15", "Aula Utama", "rehat", "Rehat kopi", []),
    (
        0,
        "10.15",
        "12.00",
        "Aula Utama",
        "paparan",
        "Kebijakan Percepatan Peningkatan Kualitas Pelayanan Publik dan Kompetisi Inovasi Pelayanan Publik (SiNovik)",
        [("narasumber", "Dwiyoga P. Soediarto"), ("moderator", "Yusmadi"), ("notulis", "notulis")],
    ),
    (0, "12.00", "13.00", "Aula Utama", "ishoma", "Ishoma", []),
    (
        0,
        "13.00",
        "14.30",
        "Aula Utama",
        "tanya_jawab",
        "Diskusi: Pelayanan Publik Berbasis Teknologi Informasi",
        [("narasumber", "I Gusti Putu Suantara"), ("moderator", "Yusmadi"), ("notulis", "notulis")],
    ),
    (
        0,
        "14.30",
        "16.30",
        "Ruang Komisi A",
        "komisi",
        "Sidang Komisi I: Kelembagaan dan Tata Laksana",
        [("notulis", "notulis")],
    ),
    (
        0,
        "14.30",
        "16.30",
        "Ruang Komisi B",
        "komisi",
        "Sidang Komisi II: Pelayanan Publik dan Inovasi",
        [("notulis", "perumus")],
    ),
    (
        0,
        "14.30",
        "16.30",
        "Aula Utama",  # Komisi III's room (sidang/demo.py)
        "komisi",
        "Sidang Komisi III: Pemanfaatan Teknologi Informasi",
        [("notulis", "sekretariat")],  # the notulis and the perumus take Komisi I and II at the same hour
    ),
    (
        1,
        "08.30",
        "10.30",
        "Aula Utama",
        "pleno",
        "Sidang Pleno: Laporan Hasil Sidang Komisi",
        [("moderator", "Yusmadi"), ("notulis", "notulis")],
    ),
    (1, "10.30", "10.45", "Aula Utama", "rehat", "Rehat kopi", []),
    (
        1,
        "10.45",
        "11.45",
        "Ruang Tim Perumus",  # not a commission's room: no commission offers it as its sitting
        "lainnya",  # the tim perumus at work, neither a sidang komisi nor a pleno
        "Perumusan Hasil Rapat Kerja oleh Tim Perumus",
        [("notulis", "perumus")],
    ),
    (1, "11.45", "12.15", "Aula Utama", "pembacaan_rumusan", "Pembacaan Rumusan Rapat Kerja", [("notulis", "notulis")]),
    (1, "12.15", "12.45", "Aula Utama", "penutupan", "Penutupan", [("narasumber", "Yusmadi"), ("notulis", "notulis")]),
)


def _clock(text: str) -> time:
    """ "07.30" -> 07:30."""
    hour, minute = map(int, text.split("."))
    return time(hour, minute)


def _seed_agenda(event: Event, users: dict, tz) -> None:
    """The two-day programme of the seed article, published as version 1."""
    import secrets as _secrets

    from .agenda.services import person_key, snapshot
    from .models import AgendaSession, AgendaVersion, Availability, Room, SessionPerson

    rooms = {}
    for position, (name, capacity) in enumerate(
        (
            ("Aula Utama", 250),
            ("Ruang Komisi A", 80),
            ("Ruang Komisi B", 80),
            ("Ruang Tim Perumus", 20),
            ("Lobi", None),
        ),
        start=1,
    ):
        rooms[name] = Room(event_id=event.id, name=name, capacity=capacity, position=position)
        db.session.add(rooms[name])
    speakers = {
        r.full_name: r
        for r in db.session.scalars(
            select(Registration).where(
                Registration.event_id == event.id,
                Registration.full_name.in_([name for _code, name, *_ in SPEAKERS]),
            )
        )
    }
    notulis, perumus = users["notulis@raker.example"], users["perumus@raker.example"]
    for day, start, end, room, kind, title, people in PROGRAMME:
        date_ = event.start_date + timedelta(days=day)
        at = lambda text, day=date_: datetime.combine(day, _clock(text)).replace(tzinfo=tz)
        session = AgendaSession(
            event_id=event.id, room=rooms[room], starts_at=at(start), ends_at=at(end), kind=kind, title=title
        )
        for role, who in people:
            token = _secrets.token_urlsafe(24)
            if who in ("notulis", "perumus", "sekretariat"):
                account = {"notulis": notulis, "perumus": perumus, "sekretariat": users["sekretariat@raker.example"]}[
                    who
                ]
                session.people.append(
                    SessionPerson(
                        role=role,
                        user_id=account.id,
                        name=account.full_name,
                        position="Notulis Sekretariat",
                        token=token,
                    )
                )
            elif who == "mc":  # the SK panitia's pembawa acara, the one her kartu panitia names
                _place, mc_name, mc_position, mc_institution, _rank, _nip_ = _committee_member("mc")
                session.people.append(
                    SessionPerson(
                        role=role, name=mc_name, position=mc_position, institution=mc_institution, token=token
                    )
                )
            else:
                speaker = speakers[who]
                session.people.append(
                    SessionPerson(
                        role=role,
                        registration_id=speaker.id,
                        name=speaker.full_name,
                        position=speaker.position,
                        institution=speaker.institution,
                        email=speaker.email,
                        token=token,
                    )
                )
        db.session.add(session)
    db.session.flush()
    # The ministry's speaker flies in from Jakarta for the first morning only.
    dwiyoga = speakers["Dwiyoga P. Soediarto"]
    first = event.start_date
    db.session.add(
        Availability(
            event_id=event.id,
            person_key=person_key(SessionPerson(registration_id=dwiyoga.id, name="")),
            person_name=dwiyoga.full_name,
            starts_at=datetime.combine(first, time(7, 0)).replace(tzinfo=tz),
            ends_at=datetime.combine(first, time(13, 0)).replace(tzinfo=tz),
        )
    )
    db.session.flush()
    db.session.add(
        AgendaVersion(
            event_id=event.id,
            number=1,
            snapshot=snapshot(event),
            changes=[],
            note="Susunan acara awal.",
            published_by_id=users["sekretariat@raker.example"].id,
        )
    )
