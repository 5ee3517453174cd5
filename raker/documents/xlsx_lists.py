"""The signed lists as workbooks (daftar hadir, tanda terima): where the printed pages break.

Excel and LibreOffice Calc break pages themselves, so a sheet cannot know which row starts a page
and cannot say "(lanjutan)" there. These lists set their own page breaks instead: rows have fixed
heights, the sheet is scaled to the page width (fitToWidth), and paginate() places a manual break
where a page is full, a little before the application would (PAGE_FILL), and repeats the
delegation's row marked "(lanjutan)" at the top of the next page. The column header is repeated by
the print titles; a delegation's row is never the last of a page. list_workbook() writes the whole
sheet of such a list from a ListSheet; each list gives its columns and how one person's row is filled."""

import io
import math
from collections.abc import Callable, Collection, Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

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
    their page breaks, a line under the list and the "Mengetahui" block. line_cells(row, line) gives
    one person's row: its cells as (value, style) with a style of LINE_STYLES, and the pictures
    anchored in it (openpyxl Images, e.g. a captured signature), or none."""

    title: str
    subtitle: str
    details: Sequence[tuple[str, str]]
    columns: Sequence[str]
    widths: Sequence[float]  # characters
    sections: Sequence
    line_cells: Callable[[int, Any], tuple[Sequence[tuple[object, str]], Sequence]]  # the sheet's own line type
    line_height: float  # points
    header_height: float
    summary: str  # "Jumlah hadir: 3 dari 5 peserta"
    sign_off: Sequence[str]  # the block's lines, from signer_block()
    sign_off_column: int  # where the block starts (merged to the last column)
    paper: int  # Excel's paper code
    sheet_title: str
    file_title: str
    empty_text: str = ""


# The styles of a person's cells (all bordered, at the top of the cell): "wrap" wraps its text,
# "centre" and "left" do not; "…_text" cells are kept as text (NIPs and times: never 1.98E+17).
LINE_STYLES = ("wrap", "wrap_text", "centre", "centre_text", "left")


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


def _streamed_sheet(workbook, title: str):
    """A write-only sheet whose rows are given as XML: openpyxl's own write-only rows go through a
    cell object, a style lookup (hashing the style) and an element per cell, most of the time of a
    10,000-row list; here a row is one string, its styles' ids found once (_Rows). Everything else
    (columns, merged cells, pictures, page breaks, page setup, print titles) is openpyxl's."""
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet
    from openpyxl.xml.functions import fromstring

    class StreamedSheet(WriteOnlyWorksheet):
        _rows: Generator[None, str, None] | None  # None on WriteOnlyWorksheet until the first row

        def _write_rows(self) -> Generator[None, str, None]:  # as WriteOnlyWorksheet's, each row already XML
            try:
                xf = self._writer.xf.send(True)
            except StopIteration:
                self._already_saved()
            with xf.element("sheetData"):
                try:
                    while True:
                        xf.write(fromstring((yield)))
                except GeneratorExit:
                    pass
            self._writer.xf.send(None)

        def append_xml(self, xml: str) -> None:
            self._get_writer()
            if self._rows is None:
                self._rows = self._write_rows()
                next(self._rows)
            self._rows.send(xml)

    sheet = StreamedSheet(parent=workbook, title=title)
    workbook._add_sheet(sheet)
    return sheet


TEXT_LIMIT = 32767  # characters in a cell, Excel's (openpyxl cuts a longer text there too)


class _Rows:
    """The rows of a streamed sheet as XML, written in order (rows not written stay empty): cells
    as (value, style) with the styles defined here once, values guarded by neutralise() unless the
    caller has guarded them (guarded=True). An empty cell without a style is left out, as openpyxl
    leaves it; a text is kept as text (never a formula, nor an error value such as "#N/A")."""

    def __init__(self, workbook, sheet):
        self.workbook, self.sheet = workbook, sheet
        self.styles: dict[str | None, str] = {None: ""}

    def define(self, name: str, **style) -> None:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.sheet)
        for key, value in style.items():
            setattr(cell, key, value)
        index = self.workbook._cell_styles.add(cell._style)
        self.styles[name] = f' s="{index}"' if index else ""

    def put(self, row: int, cells: Sequence, *, height: float | None = None, guarded: bool = False) -> None:
        """cells: (value, style) or None per column from A."""
        self.sheet.append_xml(_row_xml(row, cells, self.styles, height, guarded))


def _column_letters(count: int) -> list[str]:
    """A, B, … Z, AA, AB, … for the first `count` columns."""
    letters = []
    for column in range(1, count + 1):
        name = ""
        while column:
            column, rest = divmod(column - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


LETTERS = _column_letters(64)


def _number(value: float) -> str:
    """A number as openpyxl writes it (safe_string): 16 significant digits, nothing for NaN or infinity."""
    return f"{value:.16g}" if math.isfinite(value) else ""


def _row_xml(row: int, cells: Sequence, styles: Mapping[str | None, str], height: float | None, guarded: bool) -> str:
    """One <row> of sheetData: a big list has 10,000 of them, so the work per cell is kept small."""
    number = str(row)
    parts = [f'<row r="{number}" ht="{_number(height)}" customHeight="1">' if height else f'<row r="{number}">']
    letters = LETTERS if len(cells) <= len(LETTERS) else _column_letters(len(cells))
    for column, item in enumerate(cells):
        if item is None:
            continue
        value, style = item
        where = f'r="{letters[column]}{number}"{styles[style]}'
        if value.__class__ is not str:
            if value is None:
                if style:
                    parts.append(f"<c {where}/>")
                continue
            if isinstance(value, bool):
                parts.append(f'<c {where} t="b"><v>{int(value)}</v></c>')
                continue
            if isinstance(value, int | float):
                parts.append(f'<c {where} t="n"><v>{_number(value)}</v></c>')
                continue
            value = str(value)
        if not guarded:
            value = neutralise(value)
        if not value:
            if style:
                parts.append(f"<c {where}/>")
            continue
        if len(value) > TEXT_LIMIT:
            value = value[:TEXT_LIMIT]
        space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
        if "&" in value or "<" in value or ">" in value:
            value = escape(value)
        if "\r" in value:  # as a character reference: an XML reader turns a bare CR LF into LF
            value = value.replace("\r", "&#13;")
        parts.append(f'<c {where} t="inlineStr"><is><t{space}>{value}</t></is></c>')
    parts.append("</row>")
    return "".join(parts)


PROGRESS_EVERY = 250  # rows


def list_workbook(spec: ListSheet, *, progress=None) -> bytes:
    """The sheet as XLSX bytes, streamed (openpyxl's write-only mode: rows are written as they come,
    none kept); every text cell guarded against formula injection. progress(done, total): the
    people's rows written so far, every PROGRESS_EVERY rows."""
    return list_workbook_sheets([spec], progress=progress)


SHEET_TITLE_LIMIT = 31  # Excel's
SHEET_TITLE_REFUSED = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_titles(names: Sequence[str]) -> list[str]:
    """Tab names Excel takes for `names`: at most 31 characters, none of []:*?/\\, no two the same
    whatever their case ("Kabupaten Paser (2)")."""
    titles: list[str] = []
    taken: set[str] = set()
    for name in names:
        base = " ".join(str(name).translate(SHEET_TITLE_REFUSED).split()).strip("'") or "Lembar"
        title, n = base[:SHEET_TITLE_LIMIT], 1
        while title.lower() in taken:
            n += 1
            suffix = f" ({n})"
            title = base[: SHEET_TITLE_LIMIT - len(suffix)] + suffix
        taken.add(title.lower())
        titles.append(title)
    return titles


def list_workbook_sheets(specs: Sequence[ListSheet], *, progress=None) -> bytes:
    """One workbook of several such sheets (a receipt per delegation), in order, each printed on its
    own pages ("Halaman 1 dari N" each) with its own title, list and sign-off; the first is the one
    shown on opening. The sheets' names are their sheet_title, made valid and unique (sheet_titles).
    progress(done, total): the people's rows of all the sheets written so far."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    total = sum(len(section.lines) for spec in specs for section in spec.sections)
    done = 0
    for spec, title in zip(specs, sheet_titles([spec.sheet_title for spec in specs]), strict=True):
        offset = done

        def written(count: int, _total: int, offset=offset) -> None:
            if progress is not None:
                progress(offset + count, total)

        done += _write_sheet(workbook, spec, title, progress=written)
    workbook.properties.title = neutralise(specs[0].file_title)
    workbook.properties.creator = "Raker"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_workbook(
    *,
    sheet_title: str,
    file_title: str,
    headers: Sequence[str],
    widths: Sequence[float],
    rows: Iterable[Sequence],
    text_columns: Collection[int] = (),
    header_fill: str = "0B4F6C",
) -> bytes:
    """A plain table as XLSX (the participants list), streamed as the lists are: the header (bold,
    white on header_fill) frozen above `rows`, each row's values written as they come through the
    same row writer. The values are guarded by the caller (neutralise(); a checked phone number stays
    "+62…"); the columns at text_columns (from 0) are kept as text ("@": a NIP is no 1.98E+17)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook(write_only=True)
    sheet = _streamed_sheet(workbook, sheet_title)
    for letter, width in zip(_column_letters(len(widths)), widths, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    writer = _Rows(workbook, sheet)
    writer.define("header", font=Font(bold=True, color="FFFFFF"), fill=PatternFill("solid", fgColor=header_fill))
    writer.define("text", number_format="@")
    writer.put(1, [(header, "header") for header in headers])
    styles = ["text" if column in text_columns else None for column in range(len(headers))]
    for number, values in enumerate(rows, start=2):
        writer.put(number, list(zip(values, styles, strict=True)), guarded=True)
    workbook.properties.title = neutralise(file_title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(workbook, spec: ListSheet, title: str, *, progress) -> int:
    """Writes the list's sheet into the workbook; returns the people's rows written."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.pagebreak import Break

    sheet = _streamed_sheet(workbook, title)
    count = len(spec.columns)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    rows = _Rows(workbook, sheet)
    rows.define("title", font=Font(bold=True, size=13), alignment=centred)
    rows.define("subtitle", font=Font(bold=True, size=12), alignment=centred)
    rows.define("header", font=bold, alignment=centred, border=border, fill=PatternFill("solid", fgColor="D9D9D9"))
    rows.define("group", font=bold, border=border, fill=PatternFill("solid", fgColor="F2F2F2"))
    rows.define("border", border=border)
    rows.define("bold", font=bold)
    rows.define("sign_off", alignment=Alignment(horizontal="center", wrap_text=True))
    rows.define(
        "sign_off_name",
        alignment=Alignment(horizontal="center", wrap_text=True),
        font=Font(bold=True, underline="single"),
    )
    top_wrap, top_centre, top_left = (
        Alignment(wrap_text=True, vertical="top"),
        Alignment(horizontal="center", vertical="top"),
        Alignment(horizontal="left", vertical="top"),
    )
    rows.define("wrap", border=border, alignment=top_wrap)
    rows.define("wrap_text", border=border, alignment=top_wrap, number_format="@")
    rows.define("centre", border=border, alignment=top_centre)
    rows.define("centre_text", border=border, alignment=top_centre, number_format="@")
    rows.define("left", border=border, alignment=top_left)

    # What the sheet's head says (columns, frozen panes, fit to page) goes out before its first row.
    for column, width in enumerate(spec.widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    header_row = 4 + len(spec.details)
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    def put(row: int, cells, *, height: float | None = None, merge: Sequence[tuple[int, int]] = ()) -> None:
        """merge: (first, last) columns of `row` merged."""
        for first, end in merge:
            sheet.merged_cells.ranges.add(CellRange(min_col=first, min_row=row, max_col=end, max_row=row))
        rows.put(row, cells, height=height)

    put(1, [(spec.title, "title")], merge=[(1, count)])
    put(2, [(spec.subtitle, "subtitle")], height=32, merge=[(1, count)])
    for offset, (label, value) in enumerate(spec.details):
        put(3 + offset, [(label, None), None, (f": {value}", None)], merge=[(1, 2), (3, count)])
    put(header_row, [(name, "header") for name in spec.columns], height=spec.header_height)

    scale = fit_scale(spec.paper, spec.widths, MARGINS["left"], MARGINS["right"])
    room = page_room(spec.paper, scale, MARGINS["top"], MARGINS["bottom"])
    above = 15 * (header_row - 2) + 32 + spec.header_height  # rows 1 and 3… at the default 15 points
    row = header_row
    total, done = sum(len(section.lines) for section in spec.sections), 0
    breaks = []  # set once: openpyxl's row_breaks.append() copies and checks every break so far
    for entry in paginate(
        spec.sections, first_room=room - above, room=room - spec.header_height, line_height=spec.line_height
    ):
        if entry[0] == "break":  # a page ends after this row ("(lanjutan)" atop the next)
            breaks.append(Break(id=row))
            continue
        row += 1
        if entry[0] == "group":
            _, heading, continued = entry
            values = [(f"{heading} {CONTINUED}" if continued else heading, "group")]
            values += [(None, "border")] * (count - 1)
            put(row, values, height=GROUP_ROW_HEIGHT, merge=[(1, count)])
            continue
        line_cells, pictures = spec.line_cells(row, entry[1])
        put(row, line_cells, height=spec.line_height)
        done += 1
        if done % PROGRESS_EVERY == 0 or done == total:
            progress(done, total)
        for picture in pictures:
            sheet.add_image(picture)
    sheet.row_breaks.brk = breaks
    if not spec.sections and spec.empty_text:
        row += 1
        put(row, [(spec.empty_text, None)], merge=[(1, count)])

    row += 2
    put(row, [(spec.summary, "bold")])
    row += 1
    first = spec.sign_off_column
    for offset, line in enumerate(spec.sign_off):
        if line:
            style = "sign_off_name" if offset == NAME_LINE and not line.startswith(".") else "sign_off"
            put(row + offset, [None] * (first - 1) + [(line, style)], merge=[(first, count)])

    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = spec.paper
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left, sheet.page_margins.right = MARGINS["left"], MARGINS["right"]
    sheet.page_margins.top, sheet.page_margins.bottom = MARGINS["top"], MARGINS["bottom"]
    sheet.oddFooter.center.text = "Halaman &P dari &N"
    return done
