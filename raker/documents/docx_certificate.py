"""Certificates as a Word document, the same text in the same order as the PDF
(raker/pdf/certificate.py), so the secretariat can adjust them in Word: one landscape section per
certificate with a page border, the QR code as a picture (raker.pdf.qr.qr_png)."""

from collections.abc import Sequence

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..pdf.certificate import url_lines
from ..pdf.qr import qr_png
from ..pdf.signature import place_and_date
from .docx_common import (
    PAPER,
    Pictures,
    keep_together,
    new_document,
    no_borders,
    set_title,
    set_widths,
    signature_table,
    text_run,
    text_width,
    to_bytes,
    xml_safe,
)

ACCENT = RGBColor(0x0B, 0x4F, 0x6C)
MARGIN = Cm(1.8)
LOGO_HEIGHT = Cm(1.8)
QR_WIDTH = Cm(2.6)
FRAME_SLACK = Cm(1)


def _landscape(section, event) -> None:
    width, height = PAPER.get(event.paper_size, PAPER["A4"])
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = height, width
    for side in ("top", "right", "bottom", "left"):
        setattr(section, f"{side}_margin", MARGIN)


def _page_border(section) -> None:
    """A double line round the page, like the PDF's border (w:pgBorders sits right after w:pgMar)."""
    sect_pr = section._sectPr
    if sect_pr.find(qn("w:pgBorders")) is not None:
        return
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for edge in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "thinThickSmallGap")
        element.set(qn("w:sz"), "24")
        element.set(qn("w:space"), "24")
        element.set(qn("w:color"), "0B4F6C")
        borders.append(element)
    sect_pr.find(qn("w:pgMar")).addnext(borders)


def _frame(doc, height, width):
    """A borderless one-cell table as high as the page's text area, its content centred vertically,
    as on the PDF (LibreOffice ignores the section's w:vAlign, so Word's 'vertical alignment' is
    not enough). A little lower than the area, so the section break after it stays on the page.
    The size is given: every certificate's page is the same, and reading it from the last section
    (python-docx's doc.add_table() does) walks every section made before."""
    table = doc._body.add_table(1, 1, width)
    no_borders(table)
    set_widths(table, [width])
    row = table.rows[0]
    row.height = height
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    keep_together(table)  # one certificate, one page
    cell = row.cells[0]
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    return cell


def _line(doc, text: str, *, size: float = 12, bold: bool = False, italic: bool = False, colour=None, after: float = 0):
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(after)
    run = text_run(paragraph, text)
    run.font.size, run.bold, run.italic = Pt(size), bold, italic
    if colour is not None:
        run.font.color.rgb = colour
    return paragraph


def _certificate(doc, event, parts, pictures: Pictures, frame: tuple) -> None:
    doc = _frame(doc, *frame)
    placeholder = doc.paragraphs[0]  # the cell's own empty paragraph: dropped once the content is in
    if event.logo:
        try:
            paragraph = _line(doc, "", after=2)
            pictures.add(paragraph.runs[0], event.logo, height=LOGO_HEIGHT)
        except Exception:  # an image Word cannot take: the certificate without it
            pass
    for text in parts.heading:
        _line(doc, text, bold=True)
    _line(doc, "SERTIFIKAT", size=36, bold=True, colour=ACCENT)
    _line(doc, f"Nomor: {parts.number}", after=6)
    _line(doc, "diberikan kepada", italic=True)
    _line(doc, parts.name, size=22, bold=True, after=2)
    if parts.nip:
        _line(doc, f"{parts.id_label}. {parts.nip}")
    for text in (parts.position, parts.institution):
        if text:
            _line(doc, text)
    paragraph = _line(doc, "sebagai ")
    paragraph.paragraph_format.space_before = Pt(6)
    role = paragraph.add_run(parts.role)
    role.bold, role.font.size = True, Pt(12)
    paragraph.add_run(" pada").font.size = Pt(12)
    _line(doc, parts.event_title, size=14, bold=True, colour=ACCENT)
    _line(
        doc,
        f"yang diselenggarakan oleh {parts.issuer} pada tanggal {parts.dates} di {parts.venue}, "
        f"dengan jumlah {parts.hours} jam pelajaran (JP).",
        after=8,
    )

    signer = {
        "position": xml_safe(parts.signer.position),
        "name": xml_safe(parts.signer.name),
        "rank": parts.signer.rank,
        "nip": parts.signer.nip,
    }
    table = signature_table(doc, [signer], place_and_date(xml_safe(parts.place), parts.signed_on))
    qr_cell = table.rows[0].cells[0]
    picture = qr_cell.paragraphs[0]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pictures.add(picture.add_run(), qr_png(parts.verify_url, box_size=6), width=QR_WIDTH)
    for text in ("Pindai untuk memeriksa keaslian:", *url_lines(parts.verify_url)):
        caption = qr_cell.add_paragraph()
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.paragraph_format.space_after = Pt(0)
        caption.add_run(text).font.size = Pt(7)
    placeholder._p.getparent().remove(placeholder._p)


def certificate_docx(event, documents: Sequence) -> bytes:
    """Every certificate in its own landscape section (a new page), in the order given."""
    # Each certificate is handed out alone: no "Halaman n dari N", as on the PDF.
    doc = new_document(event, kop=False, page_numbers=False)
    _landscape(doc.sections[0], event)
    _page_border(doc.sections[0])
    set_title(doc, f"Sertifikat — {event.title}")
    if not documents:
        _line(doc, "Belum ada sertifikat.")
    section = doc.sections[0]
    frame = (section.page_height - section.top_margin - section.bottom_margin - FRAME_SLACK, text_width(doc))
    pictures = Pictures(doc)
    for index, parts in enumerate(documents):
        if index:
            doc.add_section(WD_SECTION.NEW_PAGE)  # copies the page set-up and border of the last one
        _certificate(doc, event, parts, pictures, frame)
    return to_bytes(doc)
