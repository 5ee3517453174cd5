"""Balanced titles in the Word files: LibreOffice and Word wrap a centred title greedily ("... SE-PROVINSI
KALIMANTAN" over a lone "TIMUR") and cannot balance it, so docx_common.heading breaks a long title
itself, where balanced_lines chooses, measured with the PDF's font (Liberation Sans, Arial's metrics)."""

import io
import re
import subprocess
from types import SimpleNamespace

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab.pdfbase.pdfmetrics import stringWidth

from raker.documents.docx_common import TITLE_SLACK, balanced_lines, heading, new_document, text_width, to_bytes
from raker.pdf.fonts import BOLD
from raker.pdf.styles import F4, MARGINS

TITLE = "RAPAT KERJA BIDANG KETATALAKSANAAN SE-PROVINSI KALIMANTAN TIMUR"
F4_TEXT_WIDTH = F4[0] - MARGINS.left - MARGINS.right  # the demo's paper, 15 pt narrower on A4


def _fits(line: str, width: float, size: float = 13) -> bool:
    return stringWidth(line, BOLD, size) <= width - TITLE_SLACK


def test_a_long_title_is_broken_into_even_lines():
    assert balanced_lines(TITLE, F4_TEXT_WIDTH, 13) == [
        "RAPAT KERJA BIDANG KETATALAKSANAAN",
        "SE-PROVINSI KALIMANTAN TIMUR",
    ]
    # Three lines stay three, each of more than one word and each within the width.
    long = f"PEMBENTUKAN PANITIA {TITLE} TAHUN 2026 DAN TIM PERUMUS BERSAMA SEKRETARIAT"
    lines = balanced_lines(long, F4_TEXT_WIDTH, 13)
    assert len(lines) == 3 and " ".join(lines) == long
    assert all(" " in line and _fits(line, F4_TEXT_WIDTH) for line in lines), lines


def test_a_title_that_fits_is_left_as_written():
    assert balanced_lines("SUSUNAN ACARA", F4_TEXT_WIDTH, 13) == ["SUSUNAN ACARA"]
    assert balanced_lines("", F4_TEXT_WIDTH, 13) == [""]
    assert balanced_lines("   ", F4_TEXT_WIDTH, 13) == ["   "]


def test_the_break_uses_the_size_it_prints_at():
    """At 11 pt the title fits on one line of the same width."""
    assert balanced_lines(TITLE, F4_TEXT_WIDTH, 11) == [TITLE]


def test_a_no_break_space_holds_its_words_together():
    title = TITLE.replace("KALIMANTAN TIMUR", "KALIMANTAN\u00a0TIMUR")
    assert balanced_lines(title, F4_TEXT_WIDTH, 13)[-1].endswith("KALIMANTAN\u00a0TIMUR")


def _document(paper: str = "F4"):
    event = SimpleNamespace(paper_size=paper, host_institution="Biro Organisasi", title=TITLE, logo=None)
    return new_document(event, kop=False, page_numbers=False)


def test_heading_writes_the_break_into_the_title_in_one_run():
    doc = _document()
    assert abs(text_width(doc) / Pt(1) - F4_TEXT_WIDTH) < 0.5
    paragraph = heading(doc, TITLE)
    assert len(paragraph.runs) == 1  # a caller may underline runs[0] (the surat keterangan)
    run = paragraph.runs[0]._r
    assert [t.text for t in run.iter(qn("w:t"))] == [
        "RAPAT KERJA BIDANG KETATALAKSANAAN",
        "SE-PROVINSI KALIMANTAN TIMUR",
    ]
    assert len(run.findall(qn("w:br"))) == 1
    # A line break written by the caller is kept; a section heading (flush left) is not broken.
    assert heading(doc, "SUSUNAN ACARA\nHARI PERTAMA").runs[0].text == "SUSUNAN ACARA\nHARI PERTAMA"
    assert heading(doc, TITLE, centred=False).runs[0].text == TITLE


@pytest.mark.rendering
def test_libreoffice_prints_the_title_on_the_balanced_lines(tmp_path):
    from tests.test_docx_libreoffice import soffice_pdfs

    doc = _document()
    heading(doc, TITLE)
    pdf = soffice_pdfs({"title": to_bytes(doc)}, tmp_path)["title"]
    (tmp_path / "lo.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "lo.pdf"), "-"], check=True, capture_output=True, text=True)
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.stdout.splitlines() if line.strip()]
    assert lines[:2] == ["RAPAT KERJA BIDANG KETATALAKSANAAN", "SE-PROVINSI KALIMANTAN TIMUR"]
    assert Document(io.BytesIO(to_bytes(doc))).paragraphs[-1].text.count("\n") == 1


@pytest.mark.rendering
def test_libreoffice_prints_the_undangans_lampiran_heading_on_even_lines(app, tmp_path):
    """The lampiran heading "LAMPIRAN I SURAT GUBERNUR KALIMANTAN TIMUR" in its half-width cell: two even lines, no lone TIMUR."""
    from raker.exports import export
    from tests.demo_snapshot import seeded_demo
    from tests.test_docx_libreoffice import soffice_pdfs

    event = seeded_demo().event
    pdf = soffice_pdfs({"undangan": export(event, "undangan", "docx", delegation="64.01").body}, tmp_path)["undangan"]
    (tmp_path / "lo.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "lo.pdf"), "-"], check=True, capture_output=True, text=True)
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.stdout.splitlines() if line.strip()]
    first = lines.index("LAMPIRAN I SURAT GUBERNUR")
    assert lines[first + 1] == "KALIMANTAN TIMUR" and "TIMUR" not in lines
