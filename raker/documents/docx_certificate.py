"""Certificates as a Word document, the same text in the same order as the PDF
(raker/pdf/certificate.py), so the secretariat can adjust them in Word: one landscape section per
certificate in the PDF's frame (the thick outer line a page border, the gold and thin lines and the
corner ornaments a picture behind the text), the QR code as a picture (raker.pdf.qr.qr_png)."""

import io
import types
from collections.abc import Sequence
from functools import lru_cache

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from PIL import Image, ImageDraw

from ..pdf.certificate import BORDER_INSET, draw_border, url_lines
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
    """The PDF's outer line, 3 pt in the accent colour 9 mm in from the paper's edge (24 pt to its
    outer edge), as a page border: Word and LibreOffice both draw it there (w:pgBorders sits right
    after w:pgMar)."""
    sect_pr = section._sectPr
    if sect_pr.find(qn("w:pgBorders")) is not None:
        return
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for edge in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "24")  # eighths of a point
        element.set(qn("w:space"), "24")  # points from the page's edge
        element.set(qn("w:color"), "0B4F6C")
        borders.append(element)
    sect_pr.find(qn("w:pgMar")).addnext(borders)


ORNAMENT_DPI = 300


class _Path:
    """What canvas.beginPath() gives draw_border: the corners of a diamond."""

    def __init__(self):
        self.points: list[tuple[float, float]] = []

    def moveTo(self, x: float, y: float) -> None:
        self.points.append((x, y))

    lineTo = moveTo

    def close(self) -> None:
        pass


class _OrnamentPainter:
    """The canvas raker.pdf.certificate.draw_border draws the PDF's frame on, standing in for
    reportlab's: the same lines, diamonds and brackets painted with Pillow on a transparent picture
    of the page (a palette PNG of a few kilobytes). The outer line is left to the page border."""

    def __init__(self, width: float, height: float):
        self.scale, self.height = ORNAMENT_DPI / 72, height
        self.image = Image.new("P", (round(width * self.scale), round(height * self.scale)), 0)
        self.draw = ImageDraw.Draw(self.image)
        self.colours: dict[tuple[int, ...], int] = {}  # palette index 0 is the transparent background
        self.stroke = self.fill = 0
        self.line_width = 1.0

    def beginForm(self, *args, **kwargs) -> None:
        pass  # the PDF draws its frame once into a form; here the picture is that form

    endForm = doForm = saveState = restoreState = beginForm

    def _index(self, colour) -> int:
        rgb = tuple(round(255 * part) for part in colour.rgb())
        return self.colours.setdefault(rgb, len(self.colours) + 1)

    def setStrokeColor(self, colour) -> None:
        self.stroke = self._index(colour)

    def setFillColor(self, colour) -> None:
        self.fill = self._index(colour)

    def setLineWidth(self, width: float) -> None:
        self.line_width = width

    def _point(self, x: float, y: float) -> tuple[float, float]:
        return x * self.scale, (self.height - y) * self.scale  # origin bottom left, in points

    def _pen(self) -> int:
        return max(1, round(self.line_width * self.scale))

    def rect(self, x: float, y: float, width: float, height: float, stroke: int = 1, fill: int = 0) -> None:
        if x == BORDER_INSET:
            return  # the outer line: the section's page border draws it
        pen = self._pen()
        (left, bottom), (right, top) = self._point(x, y), self._point(x + width, y + height)
        # Pillow strokes inside the box, the PDF on the line: the box half a pen wider all round
        self.draw.rectangle(
            (left - pen / 2, top - pen / 2, right + pen / 2, bottom + pen / 2), outline=self.stroke, width=pen
        )

    def beginPath(self) -> _Path:
        return _Path()

    def drawPath(self, path: _Path, stroke: int = 1, fill: int = 0) -> None:
        self.draw.polygon(
            [self._point(x, y) for x, y in path.points],
            fill=self.fill if fill else None,
            outline=self.stroke if stroke else None,
        )

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.draw.line([self._point(x1, y1), self._point(x2, y2)], fill=self.stroke, width=self._pen())

    def png(self) -> bytes:
        self.image.putpalette([0, 0, 0, *(part for rgb in self.colours for part in rgb)])
        buffer = io.BytesIO()
        self.image.save(buffer, format="PNG", transparency=0, optimize=True)
        return buffer.getvalue()


@lru_cache(maxsize=4)
def _ornaments_png(width: float, height: float) -> bytes:
    """The PDF's frame but its outer line, on a page of this size (points)."""
    painter = _OrnamentPainter(width, height)
    draw_border(painter, types.SimpleNamespace(pagesize=(width, height)))
    return painter.png()


FLOATING = (
    f"<wp:anchor {nsdecls('wp')}"
    ' distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="0"'
    ' behindDoc="1" locked="1" layoutInCell="0" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="page"><wp:posOffset>0</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="page"><wp:posOffset>0</wp:posOffset></wp:positionV>'
    "</wp:anchor>"
)


def _ornaments(section):
    """The gold line, the thin inner line and the corner ornaments of the PDF's frame, as one picture
    the size of the page behind the text, anchored in the header: every later section shares it.
    The header's paragraph is a point high, so the frame's page-high table keeps its room. Returns
    the picture's wp:docPr, to be given an id among the document's pictures."""
    width, height = section.page_width, section.page_height
    paragraph = section.header.paragraphs[0]
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(1)
    run = paragraph.add_run()
    run.font.size = Pt(1)
    run.add_picture(io.BytesIO(_ornaments_png(width.pt, height.pt)), width=width, height=height)
    inline = run._r.find(qn("w:drawing"))[0]
    anchor = parse_xml(FLOATING)
    extent, *rest = list(inline)  # wp:extent, then wp:docPr, wp:cNvGraphicFramePr, a:graphic
    anchor.append(extent)
    anchor.append(parse_xml(f"<wp:wrapNone {nsdecls('wp')}/>"))
    anchor.extend(rest)
    inline.getparent().replace(inline, anchor)
    doc_pr = anchor.find(qn("wp:docPr"))
    doc_pr.set("name", "Bingkai sertifikat")  # as Word's selection pane lists it
    return doc_pr


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
        f"yang diselenggarakan oleh {parts.issuer} pada tanggal {parts.dates.replace(' ', chr(0xA0))} "
        f"di {parts.venue}, "
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
    section = doc.sections[0]
    _landscape(section, event)
    _page_border(section)
    ornaments = _ornaments(section)  # the header and its picture first: Pictures counts what the file holds
    pictures = Pictures(doc)
    ornaments.set("id", str(pictures.shape_id))  # unique in the file: the header counted its ids from 1
    pictures.shape_id += 1
    set_title(doc, f"Sertifikat — {event.title}")
    if not documents:
        _line(doc, "Belum ada sertifikat.")
    frame = (section.page_height - section.top_margin - section.bottom_margin - FRAME_SLACK, text_width(doc))
    for index, parts in enumerate(documents):
        if index:
            doc.add_section(WD_SECTION.NEW_PAGE)  # copies the page set-up and border; the header is shared
        _certificate(doc, event, parts, pictures, frame)
    return to_bytes(doc)
