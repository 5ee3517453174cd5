"""The demo tells one story in every document: who spoke was there, who reports as what holds that place in
the SK, and every commission sits somewhere on the agenda."""

from sqlalchemy import select

from raker.extensions import db
from raker.models import AgendaSession, CheckIn, CommitteeMember, Registration, SessionPerson
from raker.report.services import absent_delegations, build_report
from tests.demo_snapshot import seeded_demo


def test_every_demo_speaker_is_checked_in_and_the_laporan_names_only_mahakam_ulu_absent(app):
    event = seeded_demo().event
    speakers = db.session.scalars(
        select(Registration)
        .join(SessionPerson, SessionPerson.registration_id == Registration.id)
        .where(Registration.event_id == event.id, SessionPerson.role == "narasumber")
        .distinct()
    ).all()
    arrived = set(db.session.scalars(select(CheckIn.registration_id).where(CheckIn.event_id == event.id)))
    assert speakers and {s.full_name for s in speakers if s.id not in arrived} == set()
    assert "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi" in {s.delegation.name for s in speakers}
    assert absent_delegations(build_report(event)) == ["Kabupaten Mahakam Ulu"]


def test_whoever_the_agenda_says_reports_as_ketua_panitia_is_the_sk_s_ketua(app):
    event = seeded_demo().event
    ketua = db.session.scalar(
        select(CommitteeMember.full_name).where(CommitteeMember.event_id == event.id, CommitteeMember.place == "ketua")
    )
    laporan = db.session.scalars(
        select(AgendaSession).where(AgendaSession.event_id == event.id, AgendaSession.kind == "laporan")
    ).all()
    assert laporan
    for session in laporan:
        names = {p.registration.full_name for p in session.people if p.registration is not None}
        if "Ketua Panitia" in session.title:
            assert ketua in names, (session.title, names, ketua)
        else:
            assert "Penyelenggara" in session.title and "Yusmadi" in names


def test_each_demo_commission_sits_in_its_own_room_on_the_agenda(app):
    from raker.sidang.commissions import commissions_of, sessions_of

    event = seeded_demo().event
    sidang = db.session.scalars(
        select(AgendaSession).where(AgendaSession.event_id == event.id, AgendaSession.kind == "komisi")
    ).all()
    sitting = {
        commission.name: [s.title for s in sessions_of(commission, sidang)] for commission in commissions_of(event)
    }
    assert len(sitting) == 3 and all(len(titles) == 1 for titles in sitting.values()), sitting


def test_the_demo_agenda_has_no_conflict_and_its_rundown_says_who_reports_as_what(app):
    """No one is in two places (the three commissions sit at one hour, each with its own notulis), and the
    susunan acara, PDF and DOCX, calls Yusmadi's report the organiser's: no "Ketua Panitia" under it."""
    from raker.agenda.services import agenda_document, conflicts
    from tests.documents import docx_lines, pdf_text

    event = seeded_demo().event
    assert [c.message for c in conflicts(event)] == []
    for text in (pdf_text(agenda_document(event, "pdf")), " ".join(docx_lines(agenda_document(event, "docx")))):
        assert "Laporan Penyelenggara oleh Kepala Biro Organisasi" in " ".join(text.split())
        assert "Ketua Panitia" not in text
