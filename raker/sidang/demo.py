"""The demo meeting's sittings (flask seed-demo): three commissions with the delegates split among them,
their officers, their drafts (most points taken into the rumusan's topics, one still waiting), and the
plenary of day 2 under way: part of the rumusan already agreed, the item under discussion on the screens,
and one amendment from a delegation waiting for the pimpinan.

The demo has no check-ins (the scanner is for trying out), so its decisions and its amendment are written
as rows here, as seed_demo_rumusan writes its proposal: the sittings' rules (quorum from today's check-ins,
a present delegation) are for people using the pages. Each decision counts as present the delegations with
approved participants, as the rumusan's preamble does before anyone is checked in."""

from sqlalchemy import select

from ..audit import record
from ..extensions import db
from ..models import Delegation, ItemDecision, Proposal, Registration, Room, utcnow
from ..rumusan import services as rumusan
from . import commissions as komisi
from . import drafts
from .decisions import set_current_item

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
        written = [drafts.add_point(commission, writer, text) for text in points]
        target = next((t for t in topics if t.title == topic), None)
        for item in written[:1] if len(written) > 1 else written:
            if target is not None:
                rumusan.take_item(item, target, by=perumus)
    _seed_plenary(event, draft, secretariat)


def _item_with(draft, words: str):
    return next(
        entry["item"] for topic in rumusan.numbered(draft) for entry in topic["items"] if words in entry["item"].text
    )


def _seed_plenary(event, draft, chair) -> None:
    """Day 2's plenary under way: two items agreed (one with a change), the survey item on the screens
    with one delegation's amendment waiting."""
    present = db.session.scalar(
        select(db.func.count(db.distinct(Registration.delegation_id))).where(
            Registration.event_id == event.id, Registration.state == "approved"
        )
    )
    agreed = [
        (_item_with(draft, "Evaluasi kelembagaan perangkat daerah"), "disepakati", None),
        (
            _item_with(draft, "dikembangkan secara terintegrasi"),
            "disepakati_dengan_perubahan",
            "Pelayanan publik berbasis teknologi informasi dikembangkan secara terintegrasi antara pemerintah "
            "provinsi dan kabupaten/kota melalui satu portal pelayanan publik daerah.",
        ),
    ]
    for item, decision, text in agreed:
        if text:
            rumusan.edit_item(item, text, by=chair, note="Disepakati dengan perubahan dalam sidang pleno.")
        if item.state == "draft":
            rumusan.set_item_state(item, "proposed", by=chair, note="Dibacakan dalam sidang pleno.")
        rumusan.set_item_state(item, "adopted", by=chair, note="Keputusan sidang pleno.")
        db.session.add(
            ItemDecision(
                event_id=event.id,
                item_id=item.id,
                decision=decision,
                delegations_present=present,
                decided_by_id=getattr(chair, "id", None),
                decided_at=utcnow(),
            )
        )
        record("sidang.decide", item, event_id=event.id, user=chair, decision=decision, vote_id=None, present=present)
    db.session.commit()
    current = _item_with(draft, "Survei kepuasan masyarakat")
    set_current_item(event, current, by=chair)
    balikpapan = db.session.scalar(
        select(Delegation).where(Delegation.event_id == event.id, Delegation.name == "Kota Balikpapan")
    )
    delegate = balikpapan and db.session.scalar(
        select(Registration)
        .where(
            Registration.delegation_id == balikpapan.id,
            Registration.state == "approved",
            Registration.role == "peserta",
        )
        .order_by(Registration.id)
        .limit(1)
    )
    if delegate is not None:
        text, reason = AMENDMENT
        proposal = Proposal(
            rumusan_id=draft.id,
            item_id=current.id,
            delegation_id=balikpapan.id,
            registration_id=delegate.id,
            text=text,
            reason=reason,
            state="open",
            created_at=utcnow(),
        )
        db.session.add(proposal)
        db.session.flush()
        record(
            "sidang.amend",
            proposal,
            event_id=event.id,
            user=None,
            to_state="open",
            item_id=current.id,
            delegation=balikpapan.name,
            by_participant=delegate.full_name,
        )
        db.session.commit()
