"""Justified text without rivers: a paragraph whose justified line would stretch its spaces past three
spaces' width is set flush left; every other paragraph stays justified. Read back from the PDF with poppler."""

import io
import re
import subprocess

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph as ReportlabParagraph
from reportlab.platypus import SimpleDocTemplate

from raker.pdf.paragraph import MAX_EXTRA_SPACES, Paragraph, widest_stretch
from raker.pdf.styles import get_styles

# The SK panitia's KEDUA b: "konsumsi;" does not fit after "dan", so the first line held five words.
SHORT_LINE = "menyiapkan undangan, tempat, perlengkapan, akomodasi dan konsumsi;"
ORDINARY = (
    "Rapat kerja bidang ketatalaksanaan diikuti oleh delegasi pemerintah kabupaten dan kota se-Provinsi "
    "Kalimantan Timur, yang membahas penguatan peran ketatalaksanaan dalam rangka meningkatkan kinerja "
    "birokrasi dan kualitas pelayanan publik sesuai harapan masyarakat dan dunia usaha."
)
WIDTH = 280  # points: where reportlab alone stretches SHORT_LINE's spaces to almost six spaces each
ORDINARY_WIDTH = 440  # where ORDINARY justifies with its spaces at most about twice their width


def _lines(pdf: bytes, tmp_path) -> list[list[tuple[str, float, float]]]:
    """Each printed line as its words' (text, left, right), top to bottom."""
    source = tmp_path / "p.pdf"
    source.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(source), "-"], check=True, capture_output=True, text=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)
    lines: dict[float, list[tuple[str, float, float]]] = {}
    for x0, y0, x1, word in words:
        lines.setdefault(round(float(y0)), []).append((word, float(x0), float(x1)))
    return [sorted(line, key=lambda w: w[1]) for _, line in sorted(lines.items())]


def _pdf(paragraph_class, text: str, width: float) -> bytes:
    """`text` in the letters' body style on a page whose frame is `width` points wide inside, from x = 42."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=(width + 84, 400), leftMargin=36, rightMargin=36)  # + the frame's 6 + 6
    doc.build([paragraph_class(text, get_styles().body)])
    return buffer.getvalue()


def test_reportlab_alone_stretches_the_short_line_here():
    """The case is real: at this width reportlab's own justification widens a space past the limit."""
    plain = ReportlabParagraph(SHORT_LINE, get_styles().body)
    plain.wrap(WIDTH, 400)
    assert widest_stretch(plain) > MAX_EXTRA_SPACES


def test_no_printed_gap_is_wider_than_three_spaces(tmp_path):
    style = get_styles().body
    space = stringWidth(" ", style.fontName, style.fontSize)
    lines = _lines(_pdf(Paragraph, SHORT_LINE, WIDTH), tmp_path)
    assert " ".join(w for line in lines for w, _, _ in line) == SHORT_LINE and len(lines) == 2
    gaps = [b[1] - a[2] for line in lines for a, b in zip(line, line[1:], strict=False)]
    assert max(gaps) <= (1 + MAX_EXTRA_SPACES) * space + 0.5, gaps


def test_ordinary_text_stays_justified(tmp_path):
    """Every line but the last ends at the right edge of the frame."""
    lines = _lines(_pdf(Paragraph, ORDINARY, ORDINARY_WIDTH), tmp_path)
    right = 42 + ORDINARY_WIDTH
    assert len(lines) >= 3
    assert all(abs(line[-1][2] - right) < 1.0 for line in lines[:-1]), [line[-1] for line in lines]
    assert lines[-1][-1][2] < right - 5


def test_the_choice_is_made_again_at_each_width():
    """A flowable wrapped at several widths (the certificate's) is justified again where it justifies well."""
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT

    paragraph = Paragraph(ORDINARY, get_styles().body)
    paragraph.wrap(410, 400)
    assert paragraph.style.alignment == TA_LEFT
    paragraph.wrap(ORDINARY_WIDTH, 400)
    assert paragraph.style.alignment == TA_JUSTIFY
