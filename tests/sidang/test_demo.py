"""The demo's sittings (issue 14): three commissions with the delegates seated, their drafts taken into the
rumusan ("dari Komisi …"), and day 2's plenary under way with decisions and one amendment waiting."""

from sqlalchemy import select

from raker.checkin.services import active_checkin
from raker.demo import seed_demo
from raker.extensions import db
from raker.models import AuditLog, CheckIn, CommissionMember, ItemDecision, Proposal, Registration
from raker.rumusan import services as rumusan
from raker.sidang import commissions as komisi
from raker.sidang import live
from raker.sidang.quorum import quorum


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


def test_demo_plenary_went_through_the_services(app):
    """The demo's plenary is what the pages would have made of it: delegates checked in at the desk (so the
    quorum is met from presence, today), decisions by decisions.decide with their audit rows and the
    rumusan's own state moves, the amendment submitted by a delegate present, the rumusan's proposal for the
    delegation through rumusan.propose."""
    event = seed_demo().event
    checkins = db.session.scalars(select(CheckIn).where(CheckIn.event_id == event.id)).all()
    # one delegate of each of 10 delegations (not Mahakam Ulu), and the 4 speakers (the ministry's among them)
    assert len(checkins) == 14 and {c.gate for c in checkins} == {"Meja Registrasi"}
    present = quorum(event, checkins[0].day)
    assert (present.present, present.total, present.met) == (11, 12, True)
    decisions = db.session.scalars(select(ItemDecision).order_by(ItemDecision.id)).all()
    assert [d.delegations_present for d in decisions] == [11, 11]
    actions = [a.action for a in db.session.scalars(select(AuditLog).order_by(AuditLog.id))]
    assert actions.count("sidang.decide") == 2 and actions.count("sidang.amend") == 1
    assert actions.count("sidang.current_item") >= 3  # each item shown before it was decided, then the survey
    for decision in decisions:  # proposed, then adopted, through the rumusan's table, each with its row
        moves = db.session.scalars(
            select(AuditLog.to_state).where(
                AuditLog.object_type == "RumusanItem",
                AuditLog.object_id == decision.item_id,
                AuditLog.to_state.is_not(None),
            )
        ).all()
        assert moves[-1] == "adopted"
    live_one, written = db.session.scalars(
        select(Proposal).where(Proposal.state == "open").order_by(Proposal.id)
    ).all()[::-1][:2]
    assert live_one.registration_id is not None and live_one.delegation.name == "Kota Balikpapan"
    assert active_checkin(live_one.registration_id, checkins[0].day) is not None
    assert written.delegation.name == "Kota Samarinda" and written.registration_id is None
    proposed = db.session.scalar(
        select(AuditLog).where(AuditLog.action == "rumusan.propose", AuditLog.object_id == written.id)
    )
    assert proposed is not None and proposed.user_id == written.proposed_by_id is not None


def test_demo_each_commission_lists_its_own_sidang_only(app):
    """Komisi I, II and III sit at the same hour in three rooms: each commission's page lists the sidang in
    its own room (Komisi III's in Aula Utama), never another commission's."""
    from tests.demo_snapshot import seeded_demo
    from tests.factories import make_user

    event = seeded_demo().event
    page = app.test_client(user=make_user("sekretariat")).get(f"/admin/events/{event.slug}/komisi/")
    sections = page.get_data(as_text=True).split('<section class="card" id="komisi-')[1:]
    titles = ("Sidang Komisi I:", "Sidang Komisi II:", "Sidang Komisi III:")
    listed = {section.split('"', 1)[0]: [title for title in titles if title in section] for section in sections}
    assert listed == {"1": ["Sidang Komisi I:"], "2": ["Sidang Komisi II:"], "3": ["Sidang Komisi III:"]}
    assert all("Komisi ini belum punya sidang di agenda." not in section for section in sections)
