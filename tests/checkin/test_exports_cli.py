"""flask export badges / attendance / agenda, as a secretariat would run them."""

import io

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from raker.checkin import services
from raker.checkin.services import ScanInput
from raker.extensions import db
from raker.models import Event, Registration
from tests.documents import flat


def _demo(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return db.session.scalar(select(Event))


def test_export_badges_for_one_delegation(runner, tmp_path):
    event = _demo(runner)
    output = tmp_path / "badges.pdf"
    result = runner.invoke(
        args=["export", "badges", "--event", event.slug, "--delegation", "64.01", "--layout", "a6", "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    paser = db.session.scalars(
        select(Registration)
        .where(Registration.state == "approved")
        .join(Registration.delegation)
        .where(Registration.delegation.has(region_code="64.01"))
    ).all()
    reader = PdfReader(io.BytesIO(output.read_bytes()))
    assert len(reader.pages) == len(paser) and f"{len(paser)} tanda peserta" in result.output
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "I Gusti Putu Suantara" in text and "Yusmadi" not in text


def test_export_badges_as_docx(runner, tmp_path, client):
    """The sheet as a Word file, from the CLI and from the attendance page's link; refused for a
    layout the DOCX does not have."""
    from docx import Document

    from tests.factories import make_user

    event = _demo(runner)
    output = tmp_path / "badges.docx"
    result = runner.invoke(
        args=["export", "badges", "--event", event.slug, "--delegation", "64.01", "--format", "docx", "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    text = " ".join(
        p.text
        for table in Document(io.BytesIO(output.read_bytes())).tables
        for row in table.rows
        for cell in row.cells
        for p in cell.paragraphs
    )
    assert "I Gusti Putu Suantara" in text and "PESERTA" in text and "Yusmadi" not in text
    refused = runner.invoke(
        args=[
            "export",
            "badges",
            "--event",
            event.slug,
            "--layout",
            "a6",
            "--format",
            "docx",
            "-o",
            str(tmp_path / "x.docx"),
        ]
    )
    assert refused.exit_code == 1 and "lembar" in refused.output and not (tmp_path / "x.docx").exists()
    from flask import current_app

    web = current_app.test_client(user=make_user("sekretariat", event=event))
    base = f"/admin/events/{event.slug}/attendance"
    assert f"{base}/badges.docx?layout=sheet" in web.get(f"{base}/").get_data(as_text=True)
    response = web.get(f"{base}/badges.docx?layout=sheet")
    assert response.status_code == 200 and "wordprocessingml" in response.mimetype
    assert web.get(f"{base}/badges.docx?layout=cr80").status_code == 400


def test_export_refusals(runner, tmp_path):
    event = _demo(runner)
    unknown = runner.invoke(args=["export", "badges", "--event", "tidak-ada", "-o", str(tmp_path / "x.pdf")])
    assert unknown.exit_code == 1 and "tidak ditemukan" in unknown.output
    bad_delegation = runner.invoke(
        args=["export", "badges", "--event", event.slug, "--delegation", "99.99", "-o", str(tmp_path / "x.pdf")]
    )
    assert bad_delegation.exit_code == 1 and "99.99" in bad_delegation.output
    bad_day = runner.invoke(
        args=["export", "attendance", "--event", event.slug, "--day", "2001-01-01", "-o", str(tmp_path / "x.pdf")]
    )
    assert bad_day.exit_code == 1 and "bukan hari rapat" in bad_day.output
    assert not (tmp_path / "x.pdf").exists()


def test_export_attendance_pdf_and_xlsx(runner, tmp_path):
    event = _demo(runner)
    someone = db.session.scalar(
        select(Registration).where(Registration.role == "peserta", Registration.state == "approved").limit(1)
    )
    assert services.redeem(event, ScanInput(code="RK1:" + someone.checkin_code, gate="Pintu Utama"))["status"] == "ok"
    local_day = services.utcnow().astimezone(event.tz).date().isoformat()
    pdf = tmp_path / "hadir.pdf"
    result = runner.invoke(args=["export", "attendance", "--event", event.slug, "--day", local_day, "-o", str(pdf)])
    assert result.exit_code == 0, result.output
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "DAFTAR HADIR" in text and flat(someone.full_name) in flat(text) and "Mengetahui" in text
    xlsx = tmp_path / "hadir.xlsx"
    result = runner.invoke(
        args=["export", "attendance", "--event", event.slug, "--day", local_day, "--format", "xlsx", "-o", str(xlsx)]
    )
    assert result.exit_code == 0
    cells = [c for row in load_workbook(xlsx).active.iter_rows(values_only=True) for c in row if c]
    assert someone.full_name in cells


def test_export_agenda(runner, tmp_path):
    event = _demo(runner)
    pdf = tmp_path / "acara.pdf"
    assert runner.invoke(args=["export", "agenda", "--event", event.slug, "-o", str(pdf)]).exit_code == 0
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "SUSUNAN ACARA" in text and "SiNovik" in text and "Hari Kedua" in text
    ics = tmp_path / "acara.ics"
    assert (
        runner.invoke(args=["export", "agenda", "--event", event.slug, "--format", "ics", "-o", str(ics)]).exit_code
        == 0
    )
    assert ics.read_bytes().count(b"BEGIN:VEVENT") == 17  # the demo's 17 sessions


def _session(event, title_start):
    from raker.models import AgendaSession

    return db.session.scalar(
        select(AgendaSession).where(AgendaSession.event_id == event.id, AgendaSession.title.startswith(title_start))
    )


def test_export_agenda_of_one_session(runner, tmp_path):
    """--session ID: the session's calendar entry, the file the page's 'Tambahkan ke kalender' gives."""
    from raker import exports
    from tests.documents import comparable

    event = _demo(runner)
    sinovik = _session(event, "Kebijakan Percepatan")
    ics = tmp_path / "sesi.ics"
    result = runner.invoke(
        args=["export", "agenda", "--event", event.slug, "--session", str(sinovik.id), "-o", str(ics)]
    )
    assert result.exit_code == 0, result.output
    assert "Kalender sesi ditulis" in result.output
    assert ics.read_bytes().count(b"BEGIN:VEVENT") == 1 and b"SiNovik" in ics.read_bytes()
    expected = exports.export(event, "agenda", "ics", session=sinovik.id)
    assert comparable(ics.read_bytes(), expected.mimetype) == comparable(expected.body, expected.mimetype)
    pdf = tmp_path / "sesi.pdf"
    args = ["export", "agenda", "--event", event.slug, "--session", str(sinovik.id), "--format", "pdf", "-o", str(pdf)]
    refused = runner.invoke(args=args)
    assert refused.exit_code == 1 and "kalender (ICS)" in refused.output and not pdf.exists()
    unknown = runner.invoke(args=["export", "agenda", "--event", event.slug, "--session", "999999", "-o", str(ics)])
    assert unknown.exit_code == 1 and "Sesi tidak ditemukan" in unknown.output


def test_export_minutes_of_one_session(runner, tmp_path, monkeypatch):
    """--session ID: that session's notulen only, whatever its state (the draft too), as its editor
    downloads it; a session without notulen, or one that takes none, is refused with its reason."""
    from raker import exports
    from tests.documents import comparable, pdf_text

    monkeypatch.setattr("reportlab.rl_config.invariant", 1)
    event = _demo(runner)
    discussion = _session(event, "Diskusi: Pelayanan Publik")  # the demo's draft notulen
    pdf = tmp_path / "notulen.pdf"
    result = runner.invoke(
        args=["export", "minutes", "--event", event.slug, "--session", str(discussion.id), "-o", str(pdf)]
    )
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes() == exports.export(event, "minutes", "pdf", session=discussion.id).body
    text = pdf_text(pdf.read_bytes())
    assert "Pelayanan Publik Berbasis Teknologi Informasi" in text and "SiNovik" not in text
    docx = tmp_path / "notulen.docx"
    args = ["export", "minutes", "--event", event.slug, "--session", str(discussion.id), "--format", "docx", "-o"]
    assert runner.invoke(args=[*args, str(docx)]).exit_code == 0
    expected = exports.export(event, "minutes", "docx", session=discussion.id)
    assert comparable(docx.read_bytes(), expected.mimetype) == comparable(expected.body, expected.mimetype)
    for title, message in (("Penutupan", "belum dibuat"), ("Rehat kopi", "Sesi tidak ditemukan")):
        session = _session(event, title)
        out = tmp_path / f"{session.id}.pdf"
        refused = runner.invoke(
            args=["export", "minutes", "--event", event.slug, "--session", str(session.id), "-o", str(out)]
        )
        assert refused.exit_code == 1 and message in refused.output and not out.exists(), title
    both = runner.invoke(
        args=[
            "export",
            "minutes",
            "--event",
            event.slug,
            "--session",
            str(discussion.id),
            "--final-only",
            "-o",
            str(pdf),
        ]
    )
    assert both.exit_code == 2 and "--final-only" in both.output
