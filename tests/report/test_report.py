"""The post-event report (laporan pelaksanaan): what a secretariat checks in it — the addressee, the
parts I–IX, the attendance figures per delegation and per day, the sessions and speakers, the
conclusions from the notulen, the rumusan attached — in the PDF (text extracted in order) and the
DOCX (parsed back); the texts and signer saved per meeting. Photos: test_photos.py."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from raker.auth.services import find_user
from raker.checkin import services as checkin
from raker.checkin.services import ScanInput
from raker.demo import DEMO_TIMEZONE, DEMO_USERS
from raker.extensions import db
from raker.i18n import format_day
from raker.models import AgendaSession, CheckIn, Delegation, Minutes, Registration
from raker.report import document
from raker.report.services import build_report
from raker.signer import Signer
from tests.demo_snapshot import seeded_demo
from tests.documents import assert_in_order, docx_text, pdf_pages
from tests.factories import forget_checkins, make_user

MARKUP = "<b>tebal</b> & <font color=red>merah</font>"
SIGNER = Signer(position="Kepala Biro Organisasi", name="Yusmadi", rank="IV/b", nip="197001011995031001")


def report_pdf(event, signer=None) -> bytes:
    return document.render(event, "pdf", signer=signer)


def report_docx(event, signer=None) -> bytes:
    return document.render(event, "docx", signer=signer)


@pytest.fixture
def meeting(app):
    """The demo meeting, started yesterday, so both of its days can have check-ins; only this test's own."""
    today = datetime.now(ZoneInfo(DEMO_TIMEZONE)).date()
    event = seeded_demo(today - timedelta(days=1)).event
    forget_checkins(event)
    return event


def people_of(event, code: str) -> list[Registration]:
    return db.session.scalars(
        select(Registration)
        .join(Delegation)
        .where(Registration.event_id == event.id, Delegation.region_code == code, Registration.state == "approved")
        .order_by(Registration.id)
    ).all()


def scan(event, registration, when: datetime) -> dict:
    return checkin.redeem(
        event, ScanInput(code="RK1:" + registration.checkin_code, gate="Pintu Utama", scanned_at=when)
    )


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
    assert_in_order(
        text,
        [
            "Yth. Gubernur Kalimantan Timur",
            "melalui Sekretaris Daerah Provinsi Kalimantan Timur",
            "di Samarinda",
            "LAPORAN PELAKSANAAN",
            "RAPAT KERJA BIDANG KETATALAKSANAAN",
            "I. DASAR HUKUM",
            "1. Undang-Undang Nomor 23 Tahun 2014",
            "II. MAKSUD DAN TUJUAN",
            "III. WAKTU DAN TEMPAT",
            "Hari/Tanggal",
            f"s.d. {format_day(meeting.end_date, 'id')}",
            "Waktu",
            "pukul 07.30 s.d.",
            "WITA",
            "Penyelenggara",
            "Biro Organisasi Sekretariat Daerah Provinsi Kalimantan Timur",
            "Tuan rumah",
            "Pemerintah Kabupaten Paser",
            "Dibuka oleh",
            "Asisten Administrasi Umum",
            "mewakili Gubernur Kalimantan Timur",
            "IV. PESERTA",
            "4 orang yang hadir dari",
            "2 dari 12 delegasi",
            "Kabupaten Paser",
            "Grafik 1",
            "Terdaftar",
            "Hadir",
            "Grafik 2",
            "V. SUSUNAN ACARA",
            "SiNovik",
            "Dwiyoga P. Soediarto",
            "VI. HASIL",
            "Pokok-pokok kesimpulan",
            "kompetisi SiNovik",
            "B. Rumusan",
            "masih berupa draf",
            "Rumusan selengkapnya terlampir",
            "C. Sertifikat",
            "VII. KENDALA",
            "tidak tercatat hadir",
            "Kota Bontang",
            "VIII. SARAN DAN TINDAK LANJUT",
            "IX. PENUTUP",
            "Demikian laporan",
            "Samarinda,",
            "Kepala Biro Organisasi",
            "Yusmadi",
            "NIP. 19700101 199503 1 001",
            "LAMPIRAN I LAPORAN PELAKSANAAN: RUMUSAN RAPAT KERJA",
            "RUMUSAN",
            "TIM PERUMUS",
        ],
    )
    # The Paser row: number, name, quota, registered, day 1, day 2, present, percent.
    assert re.search(rf"2 Kabupaten Paser 20 {len(paser)} 3 2 3 {round(300 / len(paser))}%", text)
    assert re.search(r"Jumlah \d+ 3 3 4 \d+%", text)
    # Sessions "from s.d. to", as the other documents write spans; no dash for a span in the report.
    report_part = text.split("LAMPIRAN I LAPORAN")[0]
    assert re.search(r"\d\d\.\d\d s\.d\. \d\d\.\d\d", report_part) and "–" not in report_part
    # The rumusan is its own document: its pages count from 1 again.
    attached = next(p for p in pages if "LAMPIRAN I LAPORAN PELAKSANAAN: RUMUSAN" in p)
    assert "Halaman 1 dari" in attached and pages.index(attached) > 0


def test_one_day_meeting_prints_the_day_alone(app):
    from tests.factories import make_event

    event = make_event()
    event.end_date = event.start_date
    db.session.commit()
    text = " ".join(pdf_pages(report_pdf(event)))
    assert f"Hari/Tanggal : {format_day(event.start_date, 'id')} Waktu" in text
    assert "s.d. selesai" in text  # no agenda yet: the time is left to fill in by hand


def test_blank_signature_block_without_signer(meeting):
    text = " ".join(pdf_pages(report_pdf(meeting)))
    assert "Penanggung Jawab Kegiatan" in text and "0 orang yang hadir" in text
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
    assert_in_order(
        text,
        [
            "Yth. Gubernur Kalimantan Timur",
            "LAPORAN PELAKSANAAN",
            "I. DASAR HUKUM",
            "II. MAKSUD DAN TUJUAN",
            "III. WAKTU DAN TEMPAT",
            "IV. PESERTA",
            "V. SUSUNAN ACARA",
            "VI. HASIL",
            "Pokok-pokok kesimpulan",
            "VII. KENDALA",
            "VIII. SARAN DAN TINDAK LANJUT",
            "IX. PENUTUP",
            "Yusmadi",
            "LAMPIRAN I LAPORAN PELAKSANAAN: RUMUSAN RAPAT KERJA",
            "RUMUSAN",
        ],
    )
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
    assert "Yth. Gubernur Kalimantan Timur" in html  # the defaults prefilled, to edit
    assert url(meeting, "/laporan.pdf") in html and url(meeting, "/laporan.docx") in html
    saved = secretariat.post(
        url(meeting, "/teks"),
        data={
            **texts_of(secretariat, meeting),
            "signer_name": "Yusmadi",
            "signer_position": "Kepala Biro",
            "signer_rank": "IV/b",
            "signer_nip": "19700101 199503 1 001",
        },
    )
    assert saved.status_code == 302
    pdf = secretariat.get(url(meeting, "/laporan.pdf"))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "NIP. 19700101 199503 1 001" in " ".join(pdf_pages(pdf.data))
    docx = secretariat.get(url(meeting, "/laporan.docx"))
    assert docx.status_code == 200 and docx.data[:2] == b"PK" and "Yusmadi" in docx_text(docx.data)


def texts_of(client, event) -> dict:
    """The text fields as the page shows them (the defaults until saved)."""
    from html import unescape

    html = client.get(url(event, "/")).get_data(as_text=True)
    fields = {}
    for name in ("addressee", "legal_basis", "purpose", "obstacles", "follow_up", "closing"):
        match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\r?\n?(.*?)</textarea>', html, re.DOTALL)
        fields[name] = unescape(match.group(1))
    return fields


def test_texts_saved_and_printed(app, meeting):
    from raker.models import ReportSettings

    secretariat = app.test_client(user=find_user("sekretariat@raker.example"))
    fields = texts_of(secretariat, meeting)
    assert fields["legal_basis"].startswith("Undang-Undang Nomor 23 Tahun 2014")
    fields.update(
        legal_basis="1. Peraturan Gubernur Kalimantan Timur Nomor 12 Tahun 2026;\n2) Surat Sekretaris "
        "Daerah Nomor 100.3/123/Org;",
        obstacles="Jaringan internet di lokasi terputus pada hari pertama.\n\nDua delegasi datang terlambat.",
        addressee="Yth. Sekretaris Daerah Provinsi Kalimantan Timur\ndi Samarinda",
    )
    assert secretariat.post(url(meeting, "/teks"), data=fields).status_code == 302
    settings = db.session.scalar(select(ReportSettings).where(ReportSettings.event_id == meeting.id))
    assert settings.purpose is None  # the default unchanged: stored as None, so it follows the meeting
    text = " ".join(pdf_pages(report_pdf(meeting)))
    assert_in_order(
        text,
        [
            "Yth. Sekretaris Daerah Provinsi Kalimantan Timur di Samarinda",
            "LAPORAN PELAKSANAAN",
            "I. DASAR HUKUM",
            "1. Peraturan Gubernur Kalimantan Timur Nomor 12 Tahun 2026;",
            "2. Surat Sekretaris Daerah Nomor 100.3/123/Org;",
            "II. MAKSUD DAN TUJUAN",
            "VII. KENDALA",
            "Jaringan internet di lokasi terputus",
            "Dua delegasi datang terlambat.",
            "VIII. SARAN",
        ],
    )
    assert "Undang-Undang Nomor 23" not in text and "Yth. Gubernur" not in text
    # Emptied: back to the meeting's text.
    assert secretariat.post(url(meeting, "/teks"), data={**fields, "legal_basis": ""}).status_code == 302
    db.session.expire_all()  # the request saved in its own session
    assert "1. Undang-Undang Nomor 23 Tahun 2014" in " ".join(pdf_pages(report_pdf(meeting)))


def test_bad_texts_refused_with_message_and_nothing_saved(app, meeting):
    from raker.models import AuditLog, ReportSettings

    secretariat = app.test_client(user=find_user("sekretariat@raker.example"))
    fields = texts_of(secretariat, meeting)
    for changes, message in (
        ({"signer_name": "X", "signer_nip": "123"}, "NIP harus 18 angka"),
        ({"signer_rank": "IX/z"}, "Pangkat/golongan tidak dikenal"),
        ({"purpose": "x" * 10_001}, "Terlalu panjang"),
        ({"addressee": "\n".join(["Yth."] * 7)}, "paling banyak 6 baris"),
    ):
        response = secretariat.post(url(meeting, "/teks"), data={**fields, "closing": "Baru.", **changes})
        assert response.status_code == 400 and response.mimetype == "text/html"
        assert message in response.get_data(as_text=True), changes
    response = secretariat.post(url(meeting, "/teks"), data={**fields, "closing": "Baru\x07."})
    assert response.status_code == 400  # the control-character guard at the door
    assert db.session.scalar(select(ReportSettings).where(ReportSettings.event_id == meeting.id)) is None
    assert not db.session.scalars(select(AuditLog).where(AuditLog.action == "report.settings")).all()


def test_only_the_secretariat(app, meeting):
    for role in ("petugas", "notulis", "perumus", "kontak_delegasi"):
        client = app.test_client(user=make_user(role))
        assert client.get(url(meeting, "/")).status_code == 403
        assert client.get(url(meeting, "/laporan.pdf")).status_code == 403
        assert client.post(url(meeting, "/teks"), data={"closing": "x"}).status_code == 403
        assert client.post(url(meeting, "/foto"), data={"caption": "x"}).status_code == 403
    assert app.test_client().get(url(meeting, "/")).status_code in (302, 401)


def test_cli_export_report(runner, meeting, tmp_path):
    pdf = tmp_path / "laporan.pdf"
    result = runner.invoke(
        args=[
            "export",
            "report",
            "--event",
            meeting.slug,
            "--signer-name",
            "Yusmadi",
            "--signer-nip",
            "197001011995031001",
            "-o",
            str(pdf),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Yusmadi" in " ".join(pdf_pages(pdf.read_bytes()))
    docx = tmp_path / "laporan.docx"
    result = runner.invoke(args=["export", "report", "--event", meeting.slug, "--format", "docx", "-o", str(docx)])
    assert result.exit_code == 0 and "LAPORAN PELAKSANAAN" in docx_text(docx.read_bytes())
    for option, value in (("--signer-nip", "12"), ("--signer-rank", "IX/z")):
        bad = runner.invoke(
            args=["export", "report", "--event", meeting.slug, option, value, "-o", str(tmp_path / "x.pdf")]
        )
        assert bad.exit_code == 1 and "penanda tangan" in bad.output and not (tmp_path / "x.pdf").exists()


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


HEADING = re.compile(r"^(?:[IVX]+|[A-C])\. [A-Z][A-Za-z/ ]+$")


def last_lines(data: bytes) -> list[str]:
    """The last line of text of each page, above its page number."""
    import io

    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        lines = [" ".join(line.split()) for line in page.extract_text().splitlines() if line.strip()]
        lines = [line for line in lines if not re.fullmatch(r"Halaman \d+ dari \d+", line)]
        out.append(lines[-1] if lines else "")
    return out


def test_no_heading_is_the_last_line_of_a_page(app, meeting, attended):
    """Whatever the length of the texts before them, no section heading ('VI. HASIL'), sub-heading
    ('A. Pokok-pokok …') or session title over its conclusions ends a page: each is printed with what
    follows. The texts grow a line at a time so every heading passes every position on the page."""
    from raker.report import services

    sentence = "Kalimat tambahan untuk menggeser isi laporan ke bawah halaman. "
    titles = {row.title for row in build_report(meeting).sessions if row.conclusions}
    checked = 0
    for extra in range(0, 44, 3):
        settings = services.settings_for(meeting)
        services.save_settings(
            meeting,
            {
                **{name: getattr(settings, name) for name in services.TEXT_FIELDS},
                "purpose": services.default_purpose(meeting) + "\n\n" + sentence * extra,
                "obstacles": "Tidak ada kendala.\n\n" + sentence * (extra // 2),
            },
        )
        data = report_pdf(meeting)
        pages = pdf_pages(data)
        report_pages = next(i for i, page in enumerate(pages) if "LAMPIRAN I LAPORAN" in page)
        for number, line in enumerate(last_lines(data)[: report_pages - 1], 1):
            assert not HEADING.match(line), f"+{extra} sentences: heading {line!r} ends page {number}"
            assert not any(title.startswith(line) and len(line) > 12 for title in titles), (
                f"+{extra} sentences: session title {line!r} ends page {number}"
            )
            checked += 1
    assert checked > 40


@pytest.mark.parametrize(
    "government, address, expected",
    [
        (
            "PEMERINTAH PROVINSI KALIMANTAN TIMUR",
            "Jl. Gajah Mada No. 2, Samarinda 75121",
            ["Yth. Gubernur Kalimantan Timur", "melalui Sekretaris Daerah Provinsi Kalimantan Timur", "di Samarinda"],
        ),
        (
            "PEMERINTAH KABUPATEN PASER",
            "Jl. Kusuma Bangsa No. 1, Tanah Grogot",
            ["Yth. Bupati Paser", "melalui Sekretaris Daerah Kabupaten Paser", "di Tanah Grogot"],
        ),
        (
            "PEMERINTAH KOTA SAMARINDA",
            "",
            ["Yth. Wali Kota Samarinda", "melalui Sekretaris Daerah Kota Samarinda", "di Tempat"],
        ),
    ],
)
def test_addressee_follows_the_kop(app, government, address, expected):
    from raker.report import services
    from tests.factories import make_event

    event = make_event(letterhead_government=government, letterhead_address=address)
    assert services.default_addressee(event).split("\n") == expected
    assert document.build(event).addressee == expected


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
    # and the laporan says what the 13 are: not sessions minuted (only 3 have notulen) but sessions that need them
    from raker.report.services import minutes_line

    assert minutes_line(report) == f"Notulen: 2 dari {len(needed)} sesi yang memerlukan notulen telah final."
    # A session cancelled after its notulen were finalised needs none: it leaves both numbers.
    final_session = next(
        s for s in needed if db.session.scalar(select(Minutes.state).where(Minutes.session_id == s.id)) == "final"
    )
    final_session.cancelled = True
    db.session.commit()
    report = build_report(meeting)
    assert (report.minutes_final, report.minutes_total) == (1, len(needed) - 1)


def test_the_organiser_is_the_penyelenggara(app, meeting):
    """A meeting now has an organiser apart from its host: the report names it, not the kop's reading."""
    meeting.organiser = "Biro Organisasi Sekretariat Daerah Provinsi Uji"
    db.session.commit()
    text = " ".join(" ".join(page.split()) for page in pdf_pages(report_pdf(meeting)))
    assert "Biro Organisasi Sekretariat Daerah Provinsi Uji" in text.split("Penyelenggara", 1)[1].split("Tuan rumah")[0]


def test_without_a_chosen_signer_the_sk_s_penanggung_jawab_signs(meeting):
    """The laporan and the daftar hadir were signed "Penanggung Jawab Kegiatan, ........, NIP. ......" while
    the SK panitia names him: his name, pangkat and NIP are printed; without a committee the block is blank."""
    from raker.checkin import attendance
    from raker.models import CommitteeMember

    signature = ["Penanggung Jawab Kegiatan", "Yusmadi", "Pembina Tingkat I", "NIP. 19700101 199503 1 001"]
    assert_in_order(" ".join(pdf_pages(report_pdf(meeting))), signature)
    listed = pdf_pages(attendance.export(meeting, "pdf", day=meeting.start_date))
    assert_in_order(listed[-1], ["Mengetahui", *signature])
    for member in db.session.scalars(select(CommitteeMember).where(CommitteeMember.event_id == meeting.id)):
        db.session.delete(member)
    db.session.commit()
    last = pdf_pages(attendance.export(meeting, "pdf", day=meeting.start_date))[-1]
    assert "Penanggung Jawab Kegiatan" in last and "19700101 199503 1 001" not in last.split("Mengetahui")[-1]
