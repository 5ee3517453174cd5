"""Word pieces the berita acara and the surat keterangan need beyond docx_common: a ruled table whose
grid matches its cell widths (fixed layout, so LibreOffice keeps the columns) with rows that do not
split, and "Halaman n dari N" in the footer."""
from collections.abc import Sequence

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from .docx_common import text_run


def _field(paragraph, code: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def page_numbers(document) -> None:
    """'Halaman 1 dari 2' centred in the footer, as on the PDF."""
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Halaman ")
    _field(footer, "PAGE")
    footer.add_run(" dari ")
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(9)


def _fixed_grid(table, widths) -> None:
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths):
        column.set(qn("w:w"), str(int(width.twips if hasattr(width, "twips") else width / 635)))


def _no_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    tr_pr.append(element)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def grid_table(document, header: Sequence[str], rows: Sequence[Sequence[str]], *, widths, row_height=None):
    """A table with all borders, the header bold and repeated on each page; each row kept on one page."""
    table = document.add_table(rows=0, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    _fixed_grid(table, widths)
    for index, values in enumerate([header, *rows]):
        row = table.add_row()
        _no_split(row)
        if index == 0:
            _repeat_header(row)
        elif row_height is not None:
            row.height, row.height_rule = row_height, WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell, value, width in zip(row.cells, values, widths):
            cell.width = width
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            run = text_run(paragraph, value)
            run.bold = index == 0
            if index == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return table
