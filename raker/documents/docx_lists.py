"""The signed lists (daftar hadir, tanda terima, daftar penerimaan honorarium) in Word: one bordered
table, its header repeated on each page, a bold shaded row per delegation kept with its first person,
rows that never split, and the signature cell alternating as on the paper forms: odd numbers sign
at the left, even numbers from the middle. A word too wide for its column sets that cell smaller
(measured with the PDFs' Liberation Sans, Arial's metrics) instead of being broken in LibreOffice.

Word lays out the pages itself, so "(lanjutan)" cannot be printed at a break it does not know; the
repeated header and the delegation row kept with its first person are what Word can keep."""

import io
from collections.abc import Callable, Sequence

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..images import signature_picture
from .docx_common import cell_margins, repeat_header, set_widths, text_run

FONT_SIZE = Pt(8)
MIN_FONT_SIZE = 5
CELL_MARGIN = Pt(3)  # left and right in each cell, as the PDF's padding (Word's default is 0.19 cm)
ROW_HEIGHT = Cm(1.0)  # room for a real signature, as in the PDF
HEADER_FILL = "D9D9D9"
GROUP_FILL = "F2F2F2"
SIGNATURE_HEIGHT = Cm(0.8)


def fitted_size(text: str, width, size=FONT_SIZE, *, bold: bool = False):
    """The font size at which the widest word of `text` fits a cell `width` wide (down to 5 pt)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from ..pdf.fonts import BOLD, REGULAR, register_fonts

    register_fonts()
    room = (int(width) - 2 * int(CELL_MARGIN)) / 12700  # EMU to points
    points = size.pt
    widest = max((stringWidth(word, BOLD if bold else REGULAR, points) for word in (text or "").split()), default=0)
    if widest <= room:
        return size
    return Pt(max(MIN_FONT_SIZE, int(points * room / widest * 2) / 2))  # half points, rounded down


def shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def cell_text(cell, text: str, width, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT, size=FONT_SIZE):
    """`text` (lines kept) in the cell's first paragraph, set small enough that no word breaks."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    size = fitted_size(text, width, size, bold=bold)
    paragraph.paragraph_format.line_spacing = Pt(size.pt * 1.2)  # the PDF's leading
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = str(text or "").split("\n")
    for index, line in enumerate(lines):
        run = text_run(paragraph, line)
        run.bold, run.font.size = bold, size
        if index < len(lines) - 1:
            run.add_break()
    return paragraph


def signature_cell(cell, number: int, width, png: bytes | None = None) -> None:
    """'1.' at the left (odd) or '2.' from the middle (even), and the captured signature after it."""
    paragraph = cell_text(cell, f"{number}. ", width)
    if number % 2 == 0:
        paragraph.paragraph_format.left_indent = int((int(width) - 2 * int(CELL_MARGIN)) / 2)
    picture = signature_picture(png)
    if picture is None:
        return
    room = int(width) / 2 - int(CELL_MARGIN) - Cm(0.5)
    height: int = SIGNATURE_HEIGHT
    if picture.width / picture.height * height > room:
        height = int(room * picture.height / picture.width)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    buffer.seek(0)
    paragraph.add_run().add_picture(buffer, height=height)


def grouped_list(
    document,
    columns: Sequence[str],
    sections,
    *,
    widths,
    row_cells: Callable,
    signature_column: int,
    empty_text: str,
    signature_of: Callable | None = None,
    tail: Callable | None = None,
):
    """The list: `row_cells(line)` gives the text of each column but the signature's, which shows
    the line's number (and signature_of(line)'s picture, if any). tail(cell) fills a last row
    without borders under the list (the total and the sign-off): inside the table, it is kept with
    the last person, which LibreOffice does not do for a paragraph or a table after the list."""
    table = document.add_table(rows=0, cols=len(columns))
    table.style = "Table Grid"
    cell_margins(table, CELL_MARGIN, CELL_MARGIN)
    header = table.add_row()
    for cell, name, width in zip(header.cells, columns, widths, strict=True):
        cell_text(cell, name, width, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        shade(cell, HEADER_FILL)
    total = sum(int(w) for w in widths)
    groups = []
    for section in sections:
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        cell_text(merged, section.heading, total, bold=True).paragraph_format.keep_with_next = True
        shade(merged, GROUP_FILL)
        groups.append(row)
        for line in section.lines:
            row = table.add_row()
            row.height, row.height_rule = ROW_HEIGHT, WD_ROW_HEIGHT_RULE.AT_LEAST
            texts = row_cells(line)
            for index, (cell, width) in enumerate(zip(row.cells, widths, strict=True)):
                if index == signature_column:
                    signature_cell(cell, line.number, width, signature_of(line) if signature_of else None)
                else:
                    cell_text(
                        cell,
                        texts[index],
                        width,
                        align=WD_ALIGN_PARAGRAPH.CENTER if index == 0 else WD_ALIGN_PARAGRAPH.LEFT,
                    )
    if not sections:
        row = table.add_row()
        cell_text(row.cells[0].merge(row.cells[-1]), empty_text, total)
    if tail is not None:
        keep_with_next(table.rows[-1])  # the last person goes with the sign-off
        row = table.add_row()
        cell = row.cells[0].merge(row.cells[-1])
        cell.width = total
        _open_below(cell)
        tail(cell)
    set_widths(table, widths)
    repeat_header(table)
    return table


def _open_below(cell) -> None:
    """No border left, right and below the cell: the sign-off under the list is not boxed in."""
    borders = OxmlElement("w:tcBorders")
    for edge in ("left", "bottom", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties = cell._tc.get_or_add_tcPr()
    shading = properties.find(qn("w:shd"))  # w:tcBorders comes before w:shd in the schema
    if shading is not None:
        shading.addprevious(borders)
    else:
        properties.append(borders)


def keep_with_next(row) -> None:
    """Every paragraph of a table row kept with the next: Word and LibreOffice then keep the row
    with what follows it (the next row, or the paragraph after the table)."""
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True
