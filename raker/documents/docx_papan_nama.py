"""Papan nama meja as DOCX: each tent a landscape page in two halves, as the PDF. The lower face is
text (to correct a title by hand in Word), the upper face the same face drawn as a picture turned
180°: Word and LibreOffice cannot turn the text of a table cell upside down. Both halves come from
raker.pdf.papan_nama's face layout, so they print the same size and the same line breaks; a dashed
line along the picture's lower edge marks the fold. Takes the domain's TableTentDocument (duck-typed)."""

import io

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from PIL import Image, ImageDraw

from ..pdf.fonts import BOLD
from ..pdf.papan_nama import face_drawing, face_lines, name_size
from .docx_common import _child, cell_margins, new_document, no_borders, set_title, set_widths, text_run, to_bytes
from .drawing_png import drawing_png

PAGE_MARGIN = Cm(0.5)
SLACK = Cm(0.1)  # two halves a little under the page, so a page never spills onto the next
PICTURE_DPI = 150


def _with_fold(picture: Image.Image) -> Image.Image:
    """A dashed grey line along the picture's lower edge, which is the fold (a cell border there is
    repeated by LibreOffice atop the next page)."""
    draw = ImageDraw.Draw(picture)
    y = picture.height - 2
    dash = max(4, picture.width // 200)
    for x in range(0, picture.width, 2 * dash):
        draw.line((x, y, x + dash, y), fill=(140, 140, 140), width=1)
    return picture


def _plain(paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)


def _tiny_mark(paragraph) -> None:
    """The paragraph mark itself at 1 pt (w:rPr of the paragraph properties)."""
    properties = _child(paragraph._p.get_or_add_pPr(), "w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    properties.append(size)


def papan_nama_docx(event, document) -> bytes:
    doc = new_document(event, kop=False, page_numbers=False)
    section = doc.sections[0]
    width, height = section.page_width, section.page_height
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = max(width, height), min(width, height)
    for side in ("top", "bottom", "left", "right"):
        setattr(section, f"{side}_margin", PAGE_MARGIN)
    face_width = int(section.page_width - 2 * PAGE_MARGIN)
    face_height = int((section.page_height - 2 * PAGE_MARGIN - SLACK) / 2)
    width_pt, height_pt = face_width / 12700, face_height / 12700
    size = name_size([tent.name for tent in document.tents], width_pt, height_pt)

    table = doc.add_table(rows=0, cols=1)
    no_borders(table)
    cell_margins(table, 0)
    for tent in document.tents:
        upper, lower = table.add_row(), table.add_row()
        for row in (upper, lower):
            row.height, row.height_rule = Emu(face_height), WD_ROW_HEIGHT_RULE.EXACTLY
        picture = Image.open(
            io.BytesIO(
                drawing_png(face_drawing(tent, document.event_title, size, width_pt, height_pt), dpi=PICTURE_DPI)
            )
        ).rotate(180)
        picture = _with_fold(picture.convert("RGB"))
        buffer = io.BytesIO()
        picture.save(buffer, "PNG")
        buffer.seek(0)
        paragraph = upper.cells[0].paragraphs[0]
        _plain(paragraph)
        paragraph.add_run().add_picture(buffer, width=Emu(face_width), height=Emu(face_height - int(Cm(0.05))))

        cell = lower.cells[0]
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        first = True
        for line in face_lines(tent, document.event_title, size, width_pt, height_pt)[:-1]:  # the meeting below
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            _plain(paragraph)
            run = text_run(paragraph, line.text)
            run.bold, run.font.size = line.font == BOLD, Pt(line.size)
        paragraph = cell.add_paragraph()
        _plain(paragraph)
        paragraph.paragraph_format.space_before = Pt(24)
        text_run(paragraph, document.event_title).font.size = Pt(9)
    set_widths(table, [face_width])
    for row in table.rows:
        _child(row._tr.get_or_add_trPr(), "w:cantSplit")
    # Word ends a body with a paragraph after the last table: one point high, so it fits under the
    # last tent (SLACK) instead of making an empty page.
    end = doc.add_paragraph()
    end.paragraph_format.space_before = end.paragraph_format.space_after = Pt(0)
    end.paragraph_format.line_spacing = Pt(1)
    _tiny_mark(end)
    set_title(doc, document.file_title)
    return to_bytes(doc)
