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


# ---- centred titles, balanced ------------------------------------------------------------------

# The susunan acara's title, as the Biro Organisasi reviewer found it: "TIMUR" alone on the second line.
TITLE = "RAPAT KERJA BIDANG KETATALAKSANAAN SE-PROVINSI KALIMANTAN TIMUR"


def _text_width() -> float:
    """Between the margins of an F4 page (the demo's paper, where the reviewer saw it; on A4 this title
    happens to break as "... SE-PROVINSI" / "KALIMANTAN TIMUR")."""
    from raker.pdf.styles import F4, MARGINS

    return F4[0] - MARGINS.left - MARGINS.right


def _built(text: str, style, width: float) -> bytes:
    """One paragraph on a page whose frame is `width` points wide inside, from x = 42."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=(width + 84, 400), leftMargin=36, rightMargin=36)
    doc.build([Paragraph(text, style)])
    return buffer.getvalue()


def _plain_lines(paragraph) -> list[str]:
    para = paragraph.blPara
    if para.kind == 0:
        return [" ".join(words) for _, words in para.lines]
    return ["".join(word.text for word in line.words).strip() for line in para.lines]


def test_reportlab_alone_leaves_the_title_a_lone_word():
    """The case is real: at the text width reportlab's greedy wrapping puts "TIMUR" on a line of its own."""
    plain = ReportlabParagraph(TITLE, get_styles().title)
    plain.wrap(_text_width(), 400)
    assert _plain_lines(plain)[-1] == "TIMUR"


def test_a_centred_title_prints_on_balanced_lines_centred_on_the_page(tmp_path):
    width = _text_width()
    lines = _lines(_built(TITLE, get_styles().title, width), tmp_path)
    assert [" ".join(w for w, _, _ in line) for line in lines] == [
        "RAPAT KERJA BIDANG KETATALAKSANAAN",
        "SE-PROVINSI KALIMANTAN TIMUR",
    ]  # as many lines as reportlab's own, none of them one word
    for line in lines:  # each centred in the frame, not in the narrower width it was balanced at
        assert abs((line[0][1] + line[-1][2]) / 2 - (42 + width / 2)) < 1.0, line


def test_a_balanced_paragraph_still_reports_the_width_it_was_given():
    """Tables and frames place it by that width: its lines are centred in it."""
    width = _text_width()
    paragraph = Paragraph(TITLE, get_styles().title)
    assert paragraph.wrap(width, 400) == (width, 2 * get_styles().title.leading)
    assert len(_plain_lines(paragraph)) == 2 and all(" " in line for line in _plain_lines(paragraph))


def test_a_forced_break_keeps_its_lines_and_the_rest_is_balanced():
    """A <br/> line stays a line of its own; the paragraph keeps its number of lines."""
    paragraph = Paragraph(f"SUSUNAN ACARA<br/>{TITLE}", get_styles().title)
    paragraph.wrap(_text_width(), 400)
    assert _plain_lines(paragraph) == [
        "SUSUNAN ACARA",
        "RAPAT KERJA BIDANG KETATALAKSANAAN",
        "SE-PROVINSI KALIMANTAN TIMUR",
    ]


def test_left_aligned_and_justified_text_wraps_as_before():
    """Only centred text is balanced: flush-left and justified lines are reportlab's own (a guard: this
    held before balancing too)."""
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    left = ParagraphStyle("title-left", parent=get_styles().title, alignment=TA_LEFT)
    for text, style, width in ((TITLE, left, _text_width()), (ORDINARY, get_styles().body, ORDINARY_WIDTH)):
        ours, theirs = Paragraph(text, style), ReportlabParagraph(text, style)
        assert ours.wrap(width, 400) == theirs.wrap(width, 400)
        assert _plain_lines(ours) == _plain_lines(theirs) and ours.style is style
    flush_left = Paragraph(TITLE, left)
    flush_left.wrap(_text_width(), 400)
    assert _plain_lines(flush_left)[-1] == "TIMUR"  # flush left, a lone word is left where it falls


def test_balancing_takes_a_handful_of_wraps_once_per_width(monkeypatch):
    calls = []
    original = ReportlabParagraph.wrap

    def counting(self, *args):
        calls.append(1)
        return original(self, *args)

    monkeypatch.setattr(ReportlabParagraph, "wrap", counting)
    paragraph = Paragraph(TITLE, get_styles().title)
    paragraph.wrap(_text_width(), 400)
    assert len(calls) <= 12
    calls.clear()
    paragraph.wrap(_text_width(), 400)  # a table wraps its cells again on every page
    assert len(calls) == 2


def test_the_parts_of_a_split_centred_paragraph_balance_themselves():
    """Split over two frames, each part starts again from the style it was given (a guard)."""
    style = get_styles().title
    paragraph = Paragraph(" ".join([TITLE] * 4), style)
    paragraph.wrap(_text_width(), 1000)
    parts = paragraph.split(_text_width(), 3 * style.leading)
    assert len(parts) == 2 and all(part.style is style for part in parts)
