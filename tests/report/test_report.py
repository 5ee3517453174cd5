"""The post-event report (laporan pelaksanaan): what a secretariat checks in it — the attendance
figures per delegation and per day, the sessions and speakers, the conclusions from the notulen,
the rumusan attached — in the PDF (text extracted in order) and the DOCX (parsed back)."""
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from raker.auth.services import find_user
from raker.checkin import services as checkin
from raker.checkin.services import ScanInput
from raker.demo import DEMO_TIMEZONE, DEMO_USERS, seed_demo
from raker.documents.docx_report import report_docx
from raker.extensions import db
from raker.models import AgendaSession, CheckIn, Delegation, Minutes, Registration
from raker.pdf.report import report_pdf
from raker.report.services import build_report
from tests.documents import assert_in_order, docx_text, pdf_pages
from tests.factories import make_user

MARKUP = "<b>tebal</b> & <font color=red>merah</font>"
SIGNER = {"position": "Kepala Biro Organisasi", "name": "Yusmadi", "rank": "IV/b", "nip": "197001011995031001"}


@pytest.fixture
def meeting(app):
    """The demo meeting, started yesterday, so both of its days can have check-ins."""
    today = datetime.now(ZoneInfo(DEMO_TIMEZONE)).date()
    return seed_demo(today - timedelta(days=1)).event


def people_of(event, code: str) -> list[Registration]:
    return db.session.scalars(select(Registration).join(Delegation).where(
        Registration.event_id == event.id, Delegation.region_code == code, Registration.state == "approved")
        .order_by(Registration.id)).all()


def scan(event, registration, when: datetime) -> dict:
    return checkin.redeem(event, ScanInput(code="RK1:" + registration.checkin_code, gate="Pintu Utama", scanned_at=when))


@pytest.fixture
def attended(meeting):
    """Paser: 3 people on day 1, 2 of them again on day 2, plus one day-2 check-in undone (not counted).
    Berau: 1 person on day 2 only."""
    first, second = meeting.days
    at = lambda day, hh, mm: datetime.combine(day, time(hh, mm)).replace(tzinfo=meeting.tz)  # noqa: E731
    paser, berau = people_of(meeting, "64.01"), people_of(meeting, "64.03")
    for index, person in enumerate(paser[:3]):
        assert scan(meeting, person, at(first, 7, 40 + index))["status"] == "ok"
    now = checkin.utcnow()
    for person in paser[:2]:
        assert scan(meeting, person, now)["status"] == "ok"
    assert scan(meeting, paser[5], now)["status"] == "ok"
    mistaken = db.session.scalar(select(CheckIn).where(CheckIn.registration_id == paser[5].id))
    checkin.undo(mistaken, by=make_user("sekretariat"), reason="Salah pindai")
    assert scan(meeting, berau[0], now)["status"] == "ok"
    return {"paser": paser, "berau": berau, "mistaken": paser[5]}


@pytest.mark.clocks
def test_attendance_figures(meeting, attended):
    report = build_report(meeting)
    rows = {row.name: row for row in report.delegations}
    assert rows["Kabupaten Paser"].per_day == [3, 2] and rows["Kabupaten Paser"].any_day == 3
    assert rows["Kabupaten Paser"].expected == len(attended["paser"])
    assert rows["Kabupaten Berau"].per_day == [0, 1] and rows["Kabupaten Berau"].any_day == 1
    assert rows["Kota Bontang"].any_day == 0
    assert report.total_per_day == [3, 3] and report.total_any_day == 4
    assert report.delegations_present == 2
    assert sum(len(slots) and sum(n for _, n in slots) for slots in report.arrivals.values()) == 6


@pytest.mark.clocks
def test_check_ins_outside_the_meetings_days_do_not_count(meeting, attended):
    """The dates moved after people checked in: the day that is no longer a meeting day drops out."""
    meeting.start_date = meeting.end_date
    db.session.commit()
    report = build_report(meeting)
    rows = {row.name: row for row in report.delegations}
    assert report.days == [meeting.end_date] and rows["Kabupaten Paser"].per_day == [2]
    assert rows["Kabupaten Paser"].any_day == 2 and report.total_any_day == 3
    assert sum(n for slots in report.arrivals.values() for _, n in slots) == 3


def test_pdf_in_order_with_rumusan_attached(meeting, attended):
    pages = pdf_pages(report_pdf(meeting, signer=SIGNER))
    text = " ".join(pages)
    paser = attended["paser"]
    assert_in_order(text, [
        "LAPORAN PELAKSANAAN", "RAPAT KERJA BIDANG KETATALAKSANAAN", "I. UMUM", "Penyelenggara",
        "Pemerintah Kabupaten Paser", "Dibuka oleh", "Asisten Administrasi Umum", "mewakili Gubernur Kalimantan Timur",
        "4 orang hadir dari", "2 dari 12 delegasi", "II. KEHADIRAN", "Kabupaten Paser", "Grafik 1", "Terdaftar", "Hadir",
        "Grafik 2", "III. SESI DAN NARASUMBER", "SiNovik", "Dwiyoga P. Soediarto", "Pokok-pokok kesimpulan",
        "kompetisi SiNovik", "IV. RUMUSAN", "masih berupa draf", "Rumusan selengkapnya terlampir", "V. SERTIFIKAT",
        "VI. PENUTUP", "Kepala Biro Organisasi", "Yusmadi", "NIP. 19700101 199503 1 001",
        "Lampiran: Rumusan Rapat Kerja", "RUMUSAN", "TIM PERUMUS",
    ])
    # The Paser row: number, name, quota, registered, day 1, day 2, present, percent.
    assert re.search(rf"2 Kabupaten Paser 20 {len(paser)} 3 2 3 {round(300 / len(paser))}%", text)
    assert re.search(r"Jumlah \d+ 3 3 4 \d+%", text)
    # The rumusan is its own document: its pages count from 1 again.
    attached = next(p for p in pages if "Lampiran: Rumusan Rapat Kerja" in p)
    assert "Halaman 1 dari" in attached and pages.index(attached) > 0


def test_blank_signature_block_without_signer(meeting):
    text = " ".join(pdf_pages(report_pdf(meeting)))
    assert "Penanggung Jawab Kegiatan" in text and "0 orang hadir" in text
    assert "Belum ada peserta yang melakukan daftar ulang" in text


def test_markup_in_titles_printed_literally(meeting):
    session = db.session.scalar(select(AgendaSession).where(AgendaSession.title.contains("SiNovik")))
    session.title = f"Sesi {MARKUP}"
    db.session.commit()
    text = " ".join(pdf_pages(report_pdf(meeting)))
    assert f"Sesi {MARKUP}" in text
    assert f"Sesi {MARKUP}" in docx_text(report_docx(meeting))


def test_docx_parsed_back(meeting, attended):
    text = docx_text(report_docx(meeting, signer=SIGNER))
    assert_in_order(text, ["LAPORAN PELAKSANAAN", "I. UMUM", "II. KEHADIRAN", "III. SESI DAN NARASUMBER",
                    "Pokok-pokok kesimpulan", "IV. RUMUSAN", "VI. PENUTUP", "Lampiran: Rumusan Rapat Kerja", "RUMUSAN"])
    assert re.search(r"\n2\nKabupaten Paser\n20\n\d+\n3\n2\n3\n\d+%\n", text)  # the Paser row, cell by cell
    assert "Yusmadi" in text and "NIP. 19700101 199503 1 001" in text


def test_demo_has_example_notulen(meeting):
    minutes = db.session.scalars(select(Minutes).where(Minutes.event_id == meeting.id)).all()
    assert sorted(m.state for m in minutes) == ["draft", "final", "final"]
    sinovik = next(m for m in minutes if "SiNovik" in db.session.get(AgendaSession, m.session_id).title)
    assert sinovik.state == "final" and len(sinovik.content["qa"]) == 2
    assert any("Top 99 Inovasi" in point for point in sinovik.content["discussion"])
    # seed-demo stays idempotent
    from raker.minutes.demo import seed_demo_minutes

    seed_demo_minutes(meeting, {email: find_user(email) for email, _n, _r in DEMO_USERS})
    assert db.session.query(Minutes).count() == 3


def url(event, path=""):
    return f"/admin/events/{event.slug}/laporan{path}"


def test_page_and_downloads(app, meeting, attended):
    secretariat = app.test_client(user=find_user("sekretariat@raker.example"))
    page = secretariat.get(url(meeting, "/"))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Laporan pelaksanaan" in html and 'id="present">4<' in html
    pdf = secretariat.get(url(meeting, "/laporan.pdf"), query_string={"name": "Yusmadi", "position": "Kepala Biro",
                                                                      "nip": "19700101 199503 1 001", "rank": "IV/b"})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "NIP. 19700101 199503 1 001" in " ".join(pdf_pages(pdf.data))
    docx = secretariat.get(url(meeting, "/laporan.docx"))
    assert docx.status_code == 200 and docx.data[:2] == b"PK"


def test_bad_signer_refused_with_message(app, meeting):
    secretariat = app.test_client(user=find_user("sekretariat@raker.example"))
    response = secretariat.get(url(meeting, "/laporan.pdf"), query_string={"name": "X", "nip": "123"})
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "NIP harus 18 angka" in response.get_data(as_text=True)
    response = secretariat.get(url(meeting, "/laporan.pdf"), query_string={"rank": "IX/z"})
    assert response.status_code == 400 and "Pangkat/golongan tidak dikenal" in response.get_data(as_text=True)


def test_only_the_secretariat(app, meeting):
    for role in ("petugas", "notulis", "perumus", "kontak_delegasi"):
        assert app.test_client(user=make_user(role)).get(url(meeting, "/")).status_code == 403
    assert app.test_client().get(url(meeting, "/")).status_code in (302, 401)


def test_cli_export_report(runner, meeting, tmp_path):
    pdf = tmp_path / "laporan.pdf"
    result = runner.invoke(args=["export", "report", "--event", meeting.slug, "--signer-name", "Yusmadi",
                                 "--signer-nip", "197001011995031001", "-o", str(pdf)])
    assert result.exit_code == 0, result.output
    assert "Yusmadi" in " ".join(pdf_pages(pdf.read_bytes()))
    docx = tmp_path / "laporan.docx"
    result = runner.invoke(args=["export", "report", "--event", meeting.slug, "--format", "docx", "-o", str(docx)])
    assert result.exit_code == 0 and "LAPORAN PELAKSANAAN" in docx_text(docx.read_bytes())
    bad = runner.invoke(args=["export", "report", "--event", meeting.slug, "--signer-nip", "12", "-o",
                              str(tmp_path / "x.pdf")])
    assert bad.exit_code == 1 and "NIP" in bad.output and not (tmp_path / "x.pdf").exists()


def test_certificates_counted_without_revoked(meeting, attended):
    from raker.certificates import services as certificates

    assert build_report(meeting).certificates == 0
    issued = certificates.issue(meeting)
    assert len(issued) >= 4  # the four who came, and the speakers of the sessions
    certificates.revoke(issued[0], reason="Salah nama")
    assert build_report(meeting).certificates == len(issued) - 1
    assert f"{len(issued) - 1} sertifikat telah diterbitkan" in " ".join(pdf_pages(report_pdf(meeting)))


def test_control_characters_in_titles_do_not_break_the_docx(meeting):
    """A title pasted with a vertical tab or a form feed (not allowed in XML) still gives a DOCX."""
    session = db.session.scalar(select(AgendaSession).where(AgendaSession.title.contains("SiNovik")))
    session.title = "Paparan\x0bSiNovik\x0c"
    db.session.commit()
    assert "PaparanSiNovik" in docx_text(report_docx(meeting))


def test_a_300_character_title_still_gives_a_docx(meeting):
    """The form allows 300 characters; Word's title property holds 255 (python-docx raised)."""
    meeting.title = ("Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur " * 5)[:300]
    db.session.commit()
    assert "Rapat Kerja Bidang Ketatalaksanaan" in docx_text(report_docx(meeting))


def test_notulen_final_is_counted_over_the_sessions_that_need_notulen(app, meeting):
    """The report once showed "2/3 notulen final" (over the notulen started) and elsewhere "3/13" for the
    same meeting: one count everywhere, the final notulen over the sessions that need them."""
    sessions = db.session.scalars(select(AgendaSession).where(AgendaSession.event_id == meeting.id)).all()
    needed = [s for s in sessions if not s.cancelled and s.kind not in ("daftar_ulang", "ishoma", "rehat")]
    assert len(needed) > 3  # the demo's notulen cover only some of its sessions
    report = build_report(meeting)
    assert (report.minutes_final, report.minutes_total) == (2, len(needed))
    client = app.test_client(user=make_user("sekretariat"))
    assert f"2/{len(needed)}</span>" in client.get(url(meeting, "/")).get_data(as_text=True)
    index = client.get(f"/admin/events/{meeting.slug}/minutes/").get_data(as_text=True)
    assert f"2 dari {len(needed)} notulen final" in index
    # A session cancelled after its notulen were finalised needs none: it leaves both numbers.
    final_session = next(s for s in needed if db.session.scalar(
        select(Minutes.state).where(Minutes.session_id == s.id)) == "final")
    final_session.cancelled = True
    db.session.commit()
    report = build_report(meeting)
    assert (report.minutes_final, report.minutes_total) == (1, len(needed) - 1)
