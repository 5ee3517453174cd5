"""The demo meeting's sittings (flask seed-demo): three commissions with the delegates split among them,
their officers, their drafts (most points taken into the rumusan's topics, one still waiting), and the
plenary of day 2 under way: part of the rumusan already agreed, the item under discussion on the screens,
and one amendment from a delegation waiting for the pimpinan.

All of it goes through the services people use, with their rules: a representative of most delegations is
checked in at the registration desk (checkin.redeem) on the plenary's day, so the quorum is met from
presence; the agreed items are decided (decisions.decide, which moves them through the rumusan's
transition table and writes the audit rows) and the amendment is submitted by a delegate who is present
(amendments.submit). The plenary's day is day 2 once it has begun, else today (the meeting's first day
when the demo is seeded on its own date). Kabupaten Mahakam Ulu stays away, so the console shows who is
not there (the ministry is present through its speaker, checked in by demo.py); the delegates the scanner
tests try out are not among those checked in."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..checkin import services as checkin
from ..extensions import db
from ..models import Delegation, Event, Registration, Room, utcnow
from ..rumusan import services as rumusan
from . import amendments, drafts
from . import commissions as komisi
from .decisions import decide, set_current_item

COMMISSIONS = (  # topic, room, points the commission drafts (the last of Komisi III is left for the tim perumus)
    (
        "Kelembagaan dan Tata Laksana",
        "Ruang Komisi A",
        [
            "Evaluasi kelembagaan perangkat daerah kabupaten/kota dilaksanakan setiap tahun dengan pendampingan "
            "Biro Organisasi.",
        ],
    ),
    (
        "Pelayanan Publik dan Inovasi",
        "Ruang Komisi B",
        [
            "Setiap kabupaten/kota menetapkan sekurang-kurangnya satu inovasi unggulan daerah setiap tahun.",
        ],
    ),
    (
        "Pemanfaatan Teknologi Informasi",
        "Aula Utama",
        [
            "Aplikasi pelayanan perangkat daerah diintegrasikan dalam satu portal pelayanan publik daerah.",
            "Pemerintah provinsi memfasilitasi pelatihan keamanan informasi bagi pengelola aplikasi kabupaten/kota.",
        ],
    ),
)
ABSENT = ("Kabupaten Mahakam Ulu",)  # the ministry has no peserta: its speaker is checked in (demo.py)
PER_DELEGATION = 6  # delegates of each delegation in each commission: every demo delegate gets a seat
AMENDMENT = (
    "Survei kepuasan masyarakat dilaksanakan sekurang-kurangnya satu kali setiap semester pada setiap unit "
    "penyelenggara pelayanan publik dan hasilnya diumumkan kepada masyarakat.",
    "Agar hasil survei menjadi dasar perbaikan pelayanan yang diketahui masyarakat.",
)


def seed_demo_sidang(event, users: dict) -> None:
    """Idempotent: nothing happens when the meeting has commissions already."""
    if komisi.commissions_of(event):
        return
    secretariat, perumus = users.get("sekretariat@raker.example"), users.get("perumus@raker.example")
    rooms = {room.name: room for room in db.session.scalars(select(Room).where(Room.event_id == event.id))}
    made = []
    for topic, room, _points in COMMISSIONS:
        made.append(
            komisi.create_commission(event, topic, room_id=getattr(rooms.get(room), "id", None), by=secretariat)
        )
    komisi.split_by_delegation(event, PER_DELEGATION, by=secretariat)
    draft = rumusan.get_or_create(event, by=perumus)
    topics = sorted(draft.topics, key=lambda t: (t.position, t.id))
    for commission, (topic, _room, points) in zip(made, COMMISSIONS, strict=True):
        db.session.refresh(commission)
        chair, secretary = (m.registration_id for m in commission.members[:2])
        komisi.update_commission(
            commission, topic=topic, room_id=commission.room_id, chair_id=chair, secretary_id=secretary, by=secretariat
        )
        writer = db.session.get(Registration, secretary)
        assert writer is not None  # the commission's sekretaris, seated above
        written = [drafts.add_point(commission, writer, text) for text in points]
        target = next((t for t in topics if t.title == topic), None)
        for item in written[:1] if len(written) > 1 else written:
            if target is not None:
                rumusan.take_item(item, target, by=perumus)
    _seed_plenary(event, draft, secretariat, users.get("petugas@raker.example"))


def _item_with(draft, words: str):
    return next(
        entry["item"] for topic in rumusan.numbered(draft) for entry in topic["items"] if words in entry["item"].text
    )


def _plenary_moment(event: Event) -> datetime:
    """When the demo's delegates came in: day 2 at 08.00 once that has passed, else now."""
    now = utcnow()
    second = datetime.combine(event.start_date + timedelta(days=1), time(8, 0), tzinfo=event.tz)
    return min(now, second)


def _check_in_representatives(event: Event, at: datetime, gate_keeper) -> dict[int, Registration]:
    """One participant of each delegation but the ABSENT ones, through the registration desk: the last
    approved peserta of the delegation (by id; the first ones are left for trying the scanner out)."""
    present: dict[int, Registration] = {}
    for delegation in event.delegations:
        if delegation.name in ABSENT:
            continue
        person = db.session.scalar(
            select(Registration)
            .where(
                Registration.delegation_id == delegation.id,
                Registration.state == "approved",
                Registration.role == "peserta",
            )
            .order_by(Registration.id.desc())
            .limit(1)
        )
        if person is None:
            continue
        answer = desk_check_in(event, person, at, gate_keeper, nonce=f"demo-{person.id}")
        if answer["status"] in ("ok", "already_checked_in"):
            present[delegation.id] = person
    return present


def desk_check_in(event: Event, person: Registration, at: datetime, gate_keeper, *, nonce: str) -> checkin.Answer:
    """The demo's one way to bring someone through the registration desk: the scan a gate volunteer makes,
    with its rules (checkin.redeem), at the given moment."""
    return checkin.redeem(
        event,
        checkin.ScanInput(registration_id=person.id, gate="Meja Registrasi", scanned_at=at, device="demo", nonce=nonce),
        user=gate_keeper,
    )


def _seed_plenary(event, draft, chair, gate_keeper=None) -> None:
    """Day 2's plenary under way: two items agreed (one with a change), the survey item on the screens
    with one delegation's amendment waiting."""
    at = _plenary_moment(event)
    day: date = at.astimezone(event.tz).date()
    present = _check_in_representatives(event, at, gate_keeper)
    agreed = [
        (_item_with(draft, "Evaluasi kelembagaan perangkat daerah"), "disepakati", ""),
        (
            _item_with(draft, "dikembangkan secara terintegrasi"),
            "disepakati_dengan_perubahan",
            "Pelayanan publik berbasis teknologi informasi dikembangkan secara terintegrasi antara pemerintah "
            "provinsi dan kabupaten/kota melalui satu portal pelayanan publik daerah.",
        ),
    ]
    for item, decision, text in agreed:
        set_current_item(event, item, by=chair)
        decide(event, item, decision, text=text, by=chair, day=day)
    current = _item_with(draft, "Survei kepuasan masyarakat")
    set_current_item(event, current, by=chair)
    balikpapan = db.session.scalar(
        select(Delegation).where(Delegation.event_id == event.id, Delegation.name == "Kota Balikpapan")
    )
    delegate = present.get(balikpapan.id) if balikpapan is not None else None
    if delegate is not None:
        text, reason = AMENDMENT
        amendments.submit(event, delegate, text, reason, day=day)
