"""Word pieces the berita acara and the surat keterangan need beyond docx_common: tables whose grid
matches their cell widths (fixed layout: LibreOffice otherwise spreads the columns evenly and puts
the colon mid-page) with rows that do not split, each letter in its own section, and
"Halaman n dari N" counted per letter in the footer."""
from collections.abc import Sequence

from docx.enum.section import WD_SECTION
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt

from .docx_common import _no_borders, text_run

FOOTER_SIZE = Pt(9)


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


def page_numbers(document, *, total: bool = True) -> None:
    """'Halaman 1 dari 2' centred in the footer, as on the PDF. total=False: 'Halaman 1' only, for a
    batch of letters each counted from 1 (new_letter): LibreOffice leaves SECTIONPAGES, the
    per-letter total, empty, and NUMPAGES would count the whole batch."""
    document.styles["Footer"].font.size = FOOTER_SIZE  # the field results take the style's size
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Halaman ")
    _field(footer, "PAGE")
    if total:
        footer.add_run(" dari ")
        _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = FOOTER_SIZE


def new_letter(document) -> None:
    """Start the next letter of a batch on a new page, its pages counted from 1 (the same footer)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    section._sectPr.append(numbering)


def _fixed_grid(table, widths) -> None:
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths):
        column.set(qn("w:w"), str(Emu(int(width)).twips))


def _indent(table, indent) -> None:
    element = OxmlElement("w:tblInd")
    element.set(qn("w:w"), str(Emu(int(indent)).twips))
    element.set(qn("w:type"), "dxa")
    table._tbl.tblPr.append(element)


def label_table(document, rows, *, label_width, indent=Cm(1), width=None):
    """'Nama : …' rows without borders, indented under the text, the colon right after the label."""
    section = document.sections[-1]
    width = width or section.page_width - section.left_margin - section.right_margin - indent
    widths = (label_width, Cm(0.5), Emu(int(width - label_width - Cm(0.5))))
    table = document.add_table(rows=0, cols=3)
    _no_borders(table)
    table.autofit = False
    _fixed_grid(table, widths)
    _indent(table, indent)
    for values in rows:
        row = table.add_row()
        _no_split(row)
        for cell, value, cell_width in zip(row.cells, values if len(values) == 3 else (values[0], ":", values[1]),
                                           widths):
            cell.width = cell_width
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.space_after = Pt(0)
            text_run(paragraph, value)
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_after = Pt(2)
    return table


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


def keep_together(table) -> None:
    """A signature block (docx_common.signature_table) never split over two pages."""
    for row in table.rows:
        _no_split(row)
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
