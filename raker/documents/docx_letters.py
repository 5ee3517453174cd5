"""Word pieces the berita acara and the surat keterangan need beyond docx_common: label tables indented
under the text, bordered tables with a repeated header. Widths, borders and keeping rows together come
from docx_common, and so does each letter of a batch in its own section (new_part)."""

from collections.abc import Sequence

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt

from .docx_common import _child, keep_together, no_borders, repeat_header, set_widths, text_run


def _indent(table, indent) -> None:
    element = _child(table._tbl.tblPr, "w:tblInd")  # in the schema's place: Word refuses it after w:tblLook
    element.set(qn("w:w"), str(Emu(int(indent)).twips))
    element.set(qn("w:type"), "dxa")


def label_table(document, rows, *, label_width, indent=Cm(1), width=None):
    """'Nama : …' rows without borders, indented under the text, the colon right after the label."""
    section = document.sections[-1]
    width = width or section.page_width - section.left_margin - section.right_margin - indent
    widths = (label_width, Cm(0.5), Emu(int(width - label_width - Cm(0.5))))
    table = document.add_table(rows=0, cols=3)
    no_borders(table)
    for values in rows:
        row = table.add_row()
        for cell, value in zip(row.cells, values if len(values) == 3 else (values[0], ":", values[1]), strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.space_after = Pt(0)
            text_run(paragraph, value)
    set_widths(table, widths)
    _indent(table, indent)
    keep_together(table)  # a few lines of facts: never split over two pages
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_after = Pt(2)
    return table


def grid_table(document, header: Sequence[str], rows: Sequence[Sequence[str]], *, widths, row_height=None):
    """A table with all borders, the header bold and repeated on each page; each row kept on one page."""
    table = document.add_table(rows=0, cols=len(header))
    table.style = "Table Grid"
    for index, values in enumerate([header, *rows]):
        row = table.add_row()
        if index and row_height is not None:
            row.height, row.height_rule = row_height, WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell, value in zip(row.cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            run = text_run(paragraph, value)
            run.bold = index == 0
            if index == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_widths(table, widths)
    repeat_header(table)
    return table
