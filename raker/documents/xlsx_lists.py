"""The signed lists as workbooks (daftar hadir, tanda terima): where the printed pages break.

Excel and LibreOffice Calc break pages themselves, so a sheet cannot know which row starts a page
and cannot say "(lanjutan)" there. These lists set their own page breaks instead: rows have fixed
heights, the sheet is scaled to the page width (fitToWidth), and paginate() places a manual break
where a page is full, a little before the application would (PAGE_FILL), and repeats the
delegation's row marked "(lanjutan)" at the top of the next page. The column header is repeated by
the print titles; a delegation's row is never the last of a page. list_workbook() writes the whole
sheet of such a list from a ListSheet; each list gives its columns and how one person's row is filled."""

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..reference.nip import format_nip
from ..reference.ranks import rank_label
from ..safe_text import neutralise

CONTINUED = "(lanjutan)"
# Paper in points by Excel's paper code: 9 = A4, 14 = Folio 8.5 × 13 in (F4).
PAPER_POINTS = {9: (595.3, 841.9), 14: (612.0, 936.0)}
PAGE_FILL = 0.92  # of the computed room: rounding in the applications' scaling never breaks first
GROUP_ROW_HEIGHT = 18  # points
PAPER_CODES = {"A4": 9, "F4": 14}
MARGINS = {"left": 1.18, "right": 0.79, "top": 0.79, "bottom": 0.79}  # 3 cm and 2 cm, in inches


def column_points(widths_chars: Sequence[float]) -> float:
    """The width of columns given in Excel characters (default font), in points: 7 px a character
    plus 5 px of padding, at 96 px to 72 pt."""
    return sum(int(width * 7 + 5) for width in widths_chars) * 0.75


def fit_scale(paper: int, widths_chars: Sequence[float], left: float, right: float) -> float:
    """The factor fitToWidth prints at: the printable width over the table's (never above 1);
    margins in inches."""
    width = PAPER_POINTS.get(paper, PAPER_POINTS[9])[0] - (left + right) * 72
    return min(1.0, width / column_points(widths_chars))


def page_room(paper: int, scale: float, top: float, bottom: float) -> float:
    """The height a page holds in the sheet's own points (unscaled), margins in inches."""
    height = PAPER_POINTS.get(paper, PAPER_POINTS[9])[1] - (top + bottom) * 72
    return height / scale * PAGE_FILL


def paginate(
    sections, *, first_room: float, room: float, line_height: float, group_height: float = GROUP_ROW_HEIGHT
) -> list[tuple]:
    """The rows to write, in order: ("group", heading, continued), ("line", line) and ("break",)
    after the last row of a full page. first_room: what the first page has left under its title and
    header; room: a later page's height under the repeated header."""
    out: list[tuple] = []
    left = first_room
    for section in sections:
        if left < group_height + line_height:  # the delegation's row with at least its first person
            out.append(("break",))
            left = room
        out.append(("group", section.heading, False))
        left -= group_height
        for line in section.lines:
            if left < line_height:
                out.append(("break",))
                out.append(("group", section.heading, True))
                left = room - group_height
            out.append(("line", line))
            left -= line_height
    return out


@dataclass(frozen=True)
class ListSheet:
    """One signed list as a sheet: the title rows, the column header, the delegations' rows with
    their page breaks, a line under the list and the "Mengetahui" block. write_line(sheet, row,
    line, cell_style) fills one person's row (its cells, their formats, a signature picture)."""

    title: str
    subtitle: str
    details: Sequence[tuple[str, str]]
    columns: Sequence[str]
    widths: Sequence[float]  # characters
    sections: Sequence
    write_line: Callable
    line_height: float  # points
    header_height: float
    summary: str  # "Jumlah hadir: 3 dari 5 peserta"
    sign_off: Sequence[str]  # the block's lines, from signer_block()
    sign_off_column: int  # where the block starts (merged to the last column)
    paper: int  # Excel's paper code
    sheet_title: str
    file_title: str
    empty_text: str = ""


def signer_block(
    place_date: str, sign_off: str, position: str, name: str, rank: str | None, nip: str | None
) -> list[str]:
    """The block's lines: place and date, "Mengetahui,", the position, room to sign, the name (the
    seventh line, set bold and underlined; dots without one), pangkat and NIP."""
    block = [place_date, sign_off, position.rstrip(",") + ",", "", "", "", name or "." * 30]
    if name and rank:
        block.append(rank_label(rank))
    block.append(f"NIP. {format_nip(nip)}" if (name and nip) else ("" if name else "NIP. " + "." * 24))
    return block


NAME_LINE = 6  # of signer_block()


def list_workbook(spec: ListSheet) -> bytes:
    """The sheet as XLSX bytes; every text cell guarded against formula injection."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = spec.sheet_title[:31]  # Excel's limit
    last = get_column_letter(len(spec.columns))
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def merged(row: int, value, *, first: str = "A", font=None, align=None):
        sheet.merge_cells(f"{first}{row}:{last}{row}")
        cell = sheet[f"{first}{row}"]
        cell.value = neutralise(value)
        if font:
            cell.font = font
        if align:
            cell.alignment = align
        return cell

    merged(1, spec.title, font=Font(bold=True, size=13), align=centred)
    merged(2, spec.subtitle, font=Font(bold=True, size=12), align=centred)
    sheet.row_dimensions[2].height = 32
    for offset, (label, value) in enumerate(spec.details):
        row = 3 + offset
        sheet.merge_cells(f"A{row}:B{row}")
        sheet[f"A{row}"] = neutralise(label)
        merged(row, f": {value}", first="C")
    header_row = 4 + len(spec.details)
    for column, name in enumerate(spec.columns, start=1):
        cell = sheet.cell(header_row, column, neutralise(name))
        cell.font, cell.alignment, cell.border = bold, centred, border
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
    sheet.row_dimensions[header_row].height = spec.header_height

    scale = fit_scale(spec.paper, spec.widths, MARGINS["left"], MARGINS["right"])
    room = page_room(spec.paper, scale, MARGINS["top"], MARGINS["bottom"])
    above = sum(sheet.row_dimensions[r].height or 15 for r in range(1, header_row)) + spec.header_height
    group_fill = PatternFill("solid", fgColor="F2F2F2")
    cell_style = {"border": border, "wrap_top": Alignment(wrap_text=True, vertical="top")}
    row = header_row
    for entry in paginate(
        spec.sections, first_room=room - above, room=room - spec.header_height, line_height=spec.line_height
    ):
        if entry[0] == "break":  # a page ends after this row ("(lanjutan)" atop the next)
            sheet.row_breaks.append(Break(id=row))
            continue
        row += 1
        if entry[0] == "group":
            _, heading, continued = entry
            cell = merged(row, f"{heading} {CONTINUED}" if continued else heading, font=bold)
            cell.fill = group_fill
            sheet.row_dimensions[row].height = GROUP_ROW_HEIGHT
            for column in range(1, len(spec.columns) + 1):
                sheet.cell(row, column).border = border
            continue
        spec.write_line(sheet, row, entry[1], cell_style)
        sheet.row_dimensions[row].height = spec.line_height
    if not spec.sections and spec.empty_text:
        row += 1
        merged(row, spec.empty_text)

    row += 2
    sheet.cell(row, 1, neutralise(spec.summary)).font = bold
    row += 1
    first = get_column_letter(spec.sign_off_column)
    for offset, line in enumerate(spec.sign_off):
        if line:
            cell = merged(row + offset, line, first=first, align=Alignment(horizontal="center", wrap_text=True))
            if offset == NAME_LINE and not line.startswith("."):
                cell.font = Font(bold=True, underline="single")

    for column, width in enumerate(spec.widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = spec.paper
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left, sheet.page_margins.right = MARGINS["left"], MARGINS["right"]
    sheet.page_margins.top, sheet.page_margins.bottom = MARGINS["top"], MARGINS["bottom"]
    sheet.oddFooter.center.text = "Halaman &P dari &N"
    workbook.properties.title = neutralise(spec.file_title)
    workbook.properties.creator = "Raker"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
