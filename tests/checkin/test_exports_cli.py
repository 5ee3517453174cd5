"""flask export badges / attendance / agenda, as a secretariat would run them."""

import io

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from raker.checkin import services
from raker.checkin.services import ScanInput
from raker.extensions import db
from raker.models import Event, Registration


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
    someone = db.session.scalar(select(Registration).where(Registration.full_name == "Yusmadi"))
    assert services.redeem(event, ScanInput(code="RK1:" + someone.checkin_code, gate="Pintu Utama"))["status"] == "ok"
    local_day = services.utcnow().astimezone(event.tz).date().isoformat()
    pdf = tmp_path / "hadir.pdf"
    result = runner.invoke(args=["export", "attendance", "--event", event.slug, "--day", local_day, "-o", str(pdf)])
    assert result.exit_code == 0, result.output
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "DAFTAR HADIR" in text and "Yusmadi" in text and "Mengetahui" in text
    xlsx = tmp_path / "hadir.xlsx"
    result = runner.invoke(
        args=["export", "attendance", "--event", event.slug, "--day", local_day, "--format", "xlsx", "-o", str(xlsx)]
    )
    assert result.exit_code == 0
    cells = [c for row in load_workbook(xlsx).active.iter_rows(values_only=True) for c in row if c]
    assert "Yusmadi" in cells


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
    assert ics.read_bytes().count(b"BEGIN:VEVENT") == 16
