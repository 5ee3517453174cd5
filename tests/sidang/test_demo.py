"""The demo's sittings (issue 14): three commissions with the delegates seated, their drafts taken into the
rumusan ("dari Komisi …"), and day 2's plenary under way with decisions and one amendment waiting."""

from sqlalchemy import select

from raker.demo import seed_demo
from raker.extensions import db
from raker.models import CommissionMember, ItemDecision, Registration
from raker.rumusan import services as rumusan
from raker.sidang import commissions as komisi
from raker.sidang import live


def test_demo_commissions_drafts_and_plenary(app):
    event = seed_demo().event
    commissions = komisi.commissions_of(event)
    assert [c.name for c in commissions] == ["Komisi I", "Komisi II", "Komisi III"]
    assert all(c.chair_id and c.secretary_id and c.room_id for c in commissions)
    seated = set(db.session.scalars(select(CommissionMember.registration_id)))
    delegates = set(
        db.session.scalars(
            select(Registration.id).where(
                Registration.event_id == event.id, Registration.state == "approved", Registration.role == "peserta"
            )
        )
    )
    assert delegates <= seated

    draft = rumusan.rumusan_of(event)
    origins = {rumusan.origin(entry["item"]) for topic in rumusan.numbered(draft) for entry in topic["items"]}
    assert {"dari Komisi I", "dari Komisi II", "dari Komisi III"} <= origins
    [waiting] = rumusan.commission_drafts(draft)
    assert waiting.commission.name == "Komisi III"

    decisions = db.session.scalars(select(ItemDecision)).all()
    assert sorted(d.decision for d in decisions) == ["disepakati", "disepakati_dengan_perubahan"]
    assert all(d.item.state == "adopted" for d in decisions)
    state = live.state(event)
    assert state["item"]["text"].startswith("Survei kepuasan masyarakat")
    [amendment] = state["amendments"]
    assert amendment["delegation"] == "Kota Balikpapan" and any(op == "insert" for op, _ in amendment["diff"])
    assert seed_demo().created is False  # idempotent
