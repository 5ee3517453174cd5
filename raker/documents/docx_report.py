"""The laporan pelaksanaan as DOCX, the same parts in the same order as the PDF (raker/pdf/report.py)
so the secretariat can edit it in Word: the charts are the PDF's drawings (raker/pdf/charts.py) as
pictures, the photos two to a row with their captions, the rumusan from a new page with its kop and
counted on its own, as in the PDF.

Takes the model (raker.report.document.ReportDocument) and imports nothing from the domains.
Headings and sub-headings are kept with the next paragraph; the last section and the signature
block go together (signature_table keeps the text before it)."""

import io

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Emu, Pt

from ..pdf.charts import bar_chart
from ..pdf.signature import place_and_date
from .docx_common import (
    add_kop,
    heading,
    keep_together,
    label_rows,
    new_document,
    new_part,
    no_borders,
    numbered,
    paragraph,
    repeat_header,
    set_title,
    set_widths,
    signature_table,
    text_run,
    text_width,
    to_bytes,
)
from .docx_rumusan import add_rumusan
from .drawing_png import drawing_png

SMALL = Pt(9)
HEAD = Pt(8.5)  # as the PDF's column heads: 'Terdaftar' fits its 1.75 cm column
INDENT = Cm(0.7)
PHOTO_GUTTER = Cm(0.6)
PHOTO_MAX_HEIGHT = Cm(7)


def _cell_text(cell, text: str, *, size, bold: bool = False, right: bool = False) -> None:
    lines = (text or "").split("\n")
    p = cell.paragraphs[0]
    if right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for index, line in enumerate(lines):
        run = text_run(p, line)
        run.bold, run.font.size = bold, size
        if index < len(lines) - 1:
            run.add_break()


def _table(doc, block) -> None:
    table = doc.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        _cell_text(cell, text, size=HEAD, bold=True)
    last = len(block.rows) - 1
    for index, values in enumerate(block.rows):
        for column, (cell, text) in enumerate(zip(table.add_row().cells, values, strict=True)):
            _cell_text(cell, text, size=SMALL, bold=block.total and index == last, right=column in block.right)
    full = text_width(doc)
    fixed = sum(Cm(w) for w in block.widths if w is not None)
    set_widths(table, [Cm(w) if w is not None else full - fixed for w in block.widths])
    repeat_header(table)
    doc.add_paragraph()


def _chart(doc, block) -> None:
    """The caption over the chart's picture, kept on one page."""
    p = paragraph(doc, block.caption, align=WD_ALIGN_PARAGRAPH.LEFT)
    p.paragraph_format.keep_with_next = True
    for run in p.runs:
        run.font.size = SMALL
    drawing = bar_chart(block, Emu(text_width(doc)).pt)
    doc.add_paragraph().add_run().add_picture(io.BytesIO(drawing_png(drawing)), width=Pt(drawing.width))


def _block(doc, block) -> None:
    if block.kind == "text":
        for text in block.paragraphs:
            paragraph(doc, text)
    elif block.kind == "numbered":
        for n, text in enumerate(block.items, 1):
            numbered(doc, f"{n}.", text, indent=INDENT)
    elif block.kind == "facts":
        label_rows(doc, block.rows)
    elif block.kind == "subheading":
        paragraph(doc, block.text, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)  # bold: kept with the next
    elif block.kind == "note":
        for run in paragraph(doc, block.text).runs:
            run.font.size = SMALL
    elif block.kind == "table":
        _table(doc, block)
    elif block.kind == "chart":
        _chart(doc, block)
    else:
        raise ValueError(f"unknown block: {block.kind}")


def _photos(doc, parts) -> None:
    """Two photos to a row (each at most half the width and 7 cm high), captions under them; a row
    never split across pages."""
    full = text_width(doc)
    column = (full - PHOTO_GUTTER) // 2
    table = doc.add_table(rows=0, cols=3)
    no_borders(table)
    for start in range(0, len(parts.photos), 2):
        pictures, captions = table.add_row().cells, table.add_row().cells
        for offset, photo in enumerate(parts.photos[start : start + 2]):
            scale = min(column / photo.width, PHOTO_MAX_HEIGHT / photo.height)
            cell = pictures[offset * 2]
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            cell.paragraphs[0].add_run().add_picture(
                io.BytesIO(photo.data), width=Emu(int(photo.width * scale)), height=Emu(int(photo.height * scale))
            )
            caption = captions[offset * 2].paragraphs[0]
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            text_run(caption, photo.caption or "").font.size = SMALL
    set_widths(table, [column, PHOTO_GUTTER, column])
    keep_together_rows(table)


def keep_together_rows(table) -> None:
    """Each photo row kept with its caption row; a pair may start a new page."""
    keep_together(table)
    for index, row in enumerate(table.rows):
        if index % 2:  # a caption row: the next photo row may go to the next page
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = False


def add_report(doc, parts) -> None:
    for line in parts.addressee:
        paragraph(doc, line, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in parts.title_lines:
        heading(doc, line)
    for section in parts.sections:
        heading(doc, section.heading, centred=False)
        for block in section.blocks:
            _block(doc, block)
    paragraph(doc, "")
    signature_table(doc, [parts.signer], place_and_date(parts.place, parts.signed_on))
    if parts.photos:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for line in parts.photos_title:
            heading(doc, line)
        _photos(doc, parts)


def render_report_docx(event, parts) -> bytes:
    doc = new_document(event)
    add_report(doc, parts)
    if parts.attachment is not None:  # its own document, counted from its page 1 as in the PDF
        new_part(doc)
        add_kop(doc, event)
        paragraph(doc, parts.attachment_title, align=WD_ALIGN_PARAGRAPH.LEFT)
        add_rumusan(doc, parts.attachment)
    set_title(doc, parts.pdf_title)
    return to_bytes(doc)
