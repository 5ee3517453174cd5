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


def test_nobody_signs_a_document_about_themselves(app):
    """Aji Sayid signs the certificates, Yusmadi the surat keterangan kehadiran: on their own, the one
    above signs (the Sekretaris Daerah, who signs the letters a.n. Gubernur), not the person named in it."""
    from raker.certificates import services as certificates
    from raker.checkin import keterangan
    from tests.documents import pdf_pages

    event = seeded_demo().event
    certificates.issue(event)
    settings = certificates.settings_for(event)
    by_name = {c.registration.full_name: c for c in certificates.issued(event)}
    aji = certificates.document_parts(event, by_name["Aji Sayid Faturrahman"], settings)
    other = certificates.document_parts(event, by_name["Dwiyoga P. Soediarto"], settings)
    assert settings.signer_name == "Aji Sayid Faturrahman" == other.signer.name
    assert aji.signer.name == "Dr. H. Muhammad Ridwan, M.Si." and "SEKRETARIS DAERAH" in aji.signer.position

    # Yusmadi (IV/b) attests neither his own attendance nor the Asisten's (IV/c) above him, but a IV/b's.
    people = [_registration(event, name) for name in ("Yusmadi", "Aji Sayid Faturrahman", "I Gusti Putu Suantara")]
    pages = [" ".join(page.split()) for page in pdf_pages(keterangan.export(event, people, "pdf"))]
    for page in pages[:2]:
        signed = page.split("Kabupaten Paser.")[-1]
        assert "Yusmadi" not in signed and "Dr. H. Muhammad Ridwan, M.Si." in signed
        # "Yang bertanda tangan": the jabatan itself, not the a.n. line of the signature block
        assert "Jabatan : Sekretaris Daerah dengan ini" in page
    assert "Yusmadi" in pages[2].split("Kabupaten Paser.")[-1]


def _registration(event, name: str) -> Registration:
    return db.session.scalar(
        select(Registration).where(Registration.event_id == event.id, Registration.full_name == name)
    )


def test_the_demo_people_are_who_the_sk_says_with_what_their_nip_can_hold(app):
    """The agenda's pembawa acara is the SK's (and her kartu says PEMBAWA ACARA, not MC); the pengarah's badge
    says PANITIA and his instansi is the Sekretariat Daerah; no NIP says CPNS 2017 of a IV/c."""
    from raker.demo import SERVICE_YEARS
    from raker.panitia import services as panitia
    from raker.registration.services import badge_file
    from tests.documents import pdf_text

    event = seeded_demo().event
    mc = db.session.scalars(
        select(SessionPerson.name)
        .join(AgendaSession, SessionPerson.session_id == AgendaSession.id)
        .where(AgendaSession.event_id == event.id, SessionPerson.role == "pembawa_acara")
    ).all()
    sk_mc = [m.full_name for m in panitia.members(event) if m.place == "mc"]
    assert mc and set(mc) == set(sk_mc) == {"Indah Permata Sari, S.Sos."}
    kartu = " ".join(pdf_text(panitia.export_kartu(event, "a6")).split())
    assert "PEMBAWA ACARA" in kartu and " MC " not in f" {kartu} "

    aji = _registration(event, "Aji Sayid Faturrahman")
    assert aji.institution == "Sekretariat Daerah Provinsi Kalimantan Timur"
    badge = pdf_text(badge_file([aji], event))
    assert "PANITIA" in badge and "UNDANGAN" not in badge

    year = event.start_date.year
    for person in db.session.scalars(select(Registration).where(Registration.event_id == event.id)):
        if person.nip and person.rank:
            served = year - int(person.nip[8:12])
            assert served >= SERVICE_YEARS[person.rank], (person.full_name, person.rank, person.nip)


def test_the_demo_letters_are_ready_to_sign(app):
    """Signed where the meeting is (Tanah Grogot, the seat of Kabupaten Paser, not "Tana Paser"), under the
    Sekretariat Daerah's kop (no biro's kop under a letter a.n. Gubernur), the undangan with its Nomor, the
    honorarium with its Pejabat Pembuat Komitmen; who gives a sambutan or the laporan is no "(Narasumber)"."""
    from raker.exports import export
    from tests.documents import pdf_text

    event = seeded_demo().event
    texts = {
        kind: " ".join(pdf_text(export(event, kind, "pdf").body).split())
        for kind in ("undangan", "keterangan-hadir", "honorarium", "agenda", "report")
    }
    for kind, text in texts.items():
        assert "Tana Paser" not in text and "BIRO ORGANISASI PEMERINTAH" not in text, kind
        assert text.startswith("PEMERINTAH PROVINSI KALIMANTAN TIMUR SEKRETARIAT DAERAH Jl. Gajah Mada"), kind
    assert "Tanah Grogot, " in texts["keterangan-hadir"]
    assert "Nomor : 005/1342/Org/" in texts["undangan"] and "..." not in texts["undangan"].split("Sifat")[0]
    assert "Pejabat Pembuat Komitmen, Dr. Hj. Nurhayati Usman, M.Si." in texts["honorarium"].replace(
        "Bendahara Pengeluaran, ", ""
    )
    assert (
        "Yusmadi (Narasumber)" not in texts["undangan"]
        and "Aji Sayid Faturrahman (Narasumber)" not in texts["undangan"]
    )
    assert "Dwiyoga P. Soediarto, Sekretaris Deputi Bidang Pelayanan Publik (Narasumber)" in texts["undangan"]
    assert "I Gusti Putu Suantara, Staf Ahli Bupati Paser Bidang Pemerintahan" in texts["undangan"]
    assert "Narasumber: Yusmadi" not in texts["report"] and "Narasumber: Dwiyoga" in texts["report"]
    assert "Narasumber: Aji Sayid" not in texts["agenda"] and "Narasumber: Dwiyoga" in texts["agenda"]


def test_the_demo_roles_agree_from_the_sk_to_the_table_tents(app):
    """Every PANITIA badge is worn by someone the SK panitia names; the table tent of who gives the Arahan
    names no role (he is no narasumber), Yusmadi's says Moderator (his part in a paparan); the notulen of the
    Arahan calls him its "Pengisi Acara"."""
    from raker.agenda import papan_nama
    from raker.minutes import services as minutes
    from raker.panitia import services as panitia

    event = seeded_demo().event
    sk = {m.full_name for m in panitia.members(event)}
    staff = db.session.scalars(
        select(Registration.full_name).where(Registration.event_id == event.id, Registration.role == "panitia")
    ).all()
    assert staff and set(staff) <= sk, set(staff) - sk
    tents = {t.name: t.role for t in papan_nama.build(event, heads=False).tents}
    assert tents["Aji Sayid Faturrahman"] == "" and tents["Yusmadi"] == "Moderator"
    assert tents["Dwiyoga P. Soediarto"] == "Narasumber"
    arahan = db.session.scalar(
        select(AgendaSession).where(AgendaSession.event_id == event.id, AgendaSession.title.like("Arahan Gubernur%"))
    )
    header = dict(minutes.document_parts(event, minutes.get_or_create(arahan)).header)
    assert header.get("Pengisi Acara") == "Aji Sayid Faturrahman" and "Narasumber" not in header


def test_closing_documents_are_dated_when_the_meeting_has_got_there(app):
    """Printed on the first day, the laporan is dated the last day (it reports a meeting held) and the draft
    rumusan the day it is read (the pembacaan rumusan), not the day before."""
    from raker.report import document as report
    from raker.rumusan import document as rumusan
    from raker.rumusan import services as rumusan_services

    event = seeded_demo().event
    reading = db.session.scalar(
        select(AgendaSession.starts_at).where(
            AgendaSession.event_id == event.id, AgendaSession.kind == "pembacaan_rumusan"
        )
    )
    assert event.today() == event.start_date < event.end_date
    assert report.build(event).signed_on == event.end_date
    draft = rumusan_services.rumusan_of(event)
    assert rumusan.rumusan_date(event, draft) == reading.astimezone(event.tz).date() == event.end_date


def test_the_daftar_hadir_attached_to_a_notulen_is_known_by_the_penanggung_jawab(app):
    """As the day's daftar hadir is: "Mengetahui, Penanggung Jawab Kegiatan" over Yusmadi's name, pangkat
    and NIP, not dots (the notulen's lampiran took no signer)."""
    from raker.minutes import services as minutes

    event = seeded_demo().event
    attached = [p.attachment for p in map(lambda m: minutes.document_parts(event, m), minutes.event_minutes(event))]
    attached = [a for a in attached if a is not None]
    assert attached and all(a.signer and a.signer["name"] == "Yusmadi" for a in attached)
    assert {a.signer["nip"] for a in attached} == {"197001011995031001"}
