"""Tanda peserta as DOCX (raker/documents/docx_cards.py), as a secretariat checks it against the PDF:
each card's name, jabatan, delegation and role word, its QR code scanning to its own text, the band in
the role's colour, the logo on every card; and, converted by LibreOffice, the same cards on each page
as the PDF sheet, every QR code still readable from the rendered page."""

import io
import shutil

import pytest
from docx import Document
from docx.oxml.ns import qn

from raker.documents.docx_cards import badges_docx
from raker.pdf.badge import ROLE_COLOURS, ROLE_LABELS, badge_pdf
from tests.documents import docx_lines, flat, pdf_pages
from tests.qr import decode_pdf_page, decode_png
from tests.test_docx_libreoffice import soffice_pdfs

from .conftest import add_logo
from .test_badge import check_in_code, registrations  # noqa: F401 (the fixture)


def _pictures(data: bytes) -> list[bytes]:
    doc = Document(io.BytesIO(data))
    blips = doc.element.body.iter(qn("a:blip"))
    return [doc.part.related_parts[blip.get(qn("r:embed"))].blob for blip in blips]


def _fills(data: bytes) -> list[str]:
    return [shd.get(qn("w:fill")) for shd in Document(io.BytesIO(data)).element.body.iter(qn("w:shd"))]


def test_every_card_holds_its_person_qr_code_and_role_band(meeting, registrations):
    add_logo(meeting)
    data = badges_docx(registrations, event=meeting, qr_text_for=check_in_code)
    text = " ".join(flat(line) for line in docx_lines(data))
    for registration in registrations:
        for part in (registration.full_name, registration.position, "Kabupaten Paser", ROLE_LABELS[registration.role]):
            assert flat(part) in text, part
    assert text.count(meeting.title) == len(registrations)
    pictures = _pictures(data)
    codes = [decode_png(picture) for picture in pictures]
    assert [code for code in codes if code] == [check_in_code(r) for r in registrations]
    assert len(pictures) - len(registrations) == len(registrations)  # and the logo on every card
    assert _fills(data) == [ROLE_COLOURS[r.role].hexval()[2:].upper() for r in registrations]
    assert "Yusuf <b>Hamzah</b> & Co" in text  # user text literal


@pytest.mark.rendering
@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) is not installed")
def test_libreoffice_puts_the_pdf_sheets_cards_on_each_page(meeting, registrations, tmp_path):
    """Nine badges: three sheets of four (A4), the same people on each sheet as in the PDF, codes readable."""
    people = (registrations * 2)[:9]
    pdf = badge_pdf(people, event=meeting, qr_text_for=check_in_code, layout="sheet")
    converted = soffice_pdfs({"badges": badges_docx(people, event=meeting, qr_text_for=check_in_code)}, tmp_path)[
        "badges"
    ]
    ours, theirs = pdf_pages(pdf), pdf_pages(converted)
    assert len(theirs) == len(ours) == 3
    for page, (mine, office) in enumerate(zip(ours, theirs, strict=True)):
        for person in people[4 * page : 4 * page + 4]:
            assert flat(person.full_name) in flat(office) and flat(person.full_name) in flat(mine), (page, person)
    assert sorted(decode_pdf_page(converted, 1)) == sorted(check_in_code(r) for r in people[:4])


def _marked(png: bytes, paper, slots, dpi: int) -> list[bool]:
    """Per cut mark of `slots` (the PDF's segments), whether the rendered page is dark at its middle
    (within 2 pixels at 200 dpi: LibreOffice rounds a shape's place to twips)."""
    from PIL import Image

    from raker.pdf.badge import cut_mark_segments

    image = Image.open(io.BytesIO(png)).convert("L")
    found = []
    for slot in slots:
        for x1, y1, x2, y2 in cut_mark_segments(slot):
            x, y = (x1 + x2) / 2 * dpi / 72, (paper[1] - (y1 + y2) / 2) * dpi / 72
            around = [image.getpixel((round(x) + dx, round(y) + dy)) for dx in range(-2, 3) for dy in range(-2, 3)]
            found.append(min(around) < 200)  # a 0.25 pt line, grey where it falls between pixels
    return found


@pytest.mark.rendering
@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) is not installed")
def test_libreoffice_prints_the_pdf_sheets_cut_marks_around_the_cards_of_each_page(meeting, registrations, tmp_path):
    """Nine badges on A4: two full sheets with the marks of four cards, the third with its one card's
    marks only, as the PDF draws them; on the PDF and the converted DOCX alike."""
    import subprocess

    from raker.pdf.badge import sheet_boxes
    from raker.pdf.styles import page_size

    people = (registrations * 2)[:9]
    paper, slots = page_size(meeting), sheet_boxes(page_size(meeting))
    pdf = badge_pdf(people, event=meeting, qr_text_for=check_in_code, layout="sheet")
    data = badges_docx(people, event=meeting, qr_text_for=check_in_code)
    converted = soffice_pdfs({"badges": data}, tmp_path)["badges"]
    for name, document in (("pdf", pdf), ("docx", converted)):
        (tmp_path / f"{name}.pdf").write_bytes(document)
        for page, cards in ((1, 4), (3, 1)):
            png = subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "200",
                    "-gray",
                    "-png",
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    str(tmp_path / f"{name}.pdf"),
                ],
                capture_output=True,
                check=True,
            ).stdout
            assert all(_marked(png, paper, slots[:cards], 200)), (name, page)
            assert not any(_marked(png, paper, slots[cards:], 200)), (name, page)  # no marks around empty places
