"""The signed lists of a meeting (daftar hadir, tanda terima): one table flowing over pages, a bold
row per delegation, "<delegation> (lanjutan)" atop a page it continues on, the column header
repeated, and a signature cell that alternates left/right as on the Indonesian paper forms.

    No | Nama | … | Tanda Tangan
    Kabupaten Paser                      (one bold row per delegation)
    1  | …    | … | 1. (signature)
    2  | …    | … |        2. (sig.)

A document's renderer gives the columns, their widths and how one line becomes a row (ListLayout);
everything about page breaks lives here. Text cells wrap at spaces only; a single word too long for
its column is set smaller rather than broken ("Pengadministras / i").

Speed: a national meeting's daftar hadir has 10,000 rows. They are laid out once (_Rows: each
row's lines and height, running totals for the page breaks) and drawn straight onto the canvas by
GroupedList, which prints what a reportlab Table of the same rows printed (heights, padding,
centring, grid, fills, page breaks: pdftoppm renderings differ by a pixel at a corner) at a quarter
of its cost; see bench/RESULTS.md."""

import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from ..images import signature_picture
from ..safe_text import strip_control_characters
from ..signer import Signer
from .document import KeepWithTail, escape_text, para
from .fonts import BOLD, REGULAR
from .paragraph import Paragraph
from .styles import get_styles

FONT_SIZE = 8
LEADING = 9.6
MIN_FONT_SIZE = 5  # a single word is shrunk down to this, never broken
PADDING = 3
SIGNATURE_ROW_HEIGHT = 10 * mm  # room for a real signature (SPJ evidence)
SIGNATURE_DPI = 300  # captured signatures are scaled down to this for print, keeping the PDF small
GRID = 0.5
HEADER_FILL = colors.Color(0.85, 0.85, 0.85)
GROUP_FILL = colors.Color(0.94, 0.94, 0.94)
CONTINUED = "(lanjutan)"


def list_styles() -> dict[str, ParagraphStyle]:
    # splitLongWords=0: reportlab would otherwise cut a long word at the cell edge.
    cell = ParagraphStyle("list_cell", parent=get_styles().cell, fontSize=FONT_SIZE, leading=LEADING, splitLongWords=0)
    return {
        "cell": cell,
        "header": ParagraphStyle("list_header", parent=cell, fontName=BOLD, alignment=1),
        "group": ParagraphStyle("list_group", parent=cell, fontName=BOLD),
        "subtitle": ParagraphStyle("list_subtitle", parent=get_styles().title, fontSize=12, leading=15, spaceAfter=10),
    }


class CellText(Flowable):
    """A cell's text wrapped at spaces, left-aligned, drawn line by line: what a Paragraph of plain
    text draws (the same lines, the first baseline one font size under the top, `leading` apart) at
    a fraction of its cost — a list has three of them a row, ten thousand rows on a national
    meeting's daftar hadir. The text is literal (no markup); control characters are dropped."""

    def __init__(self, text: str, font: str, size: float, leading: float):
        super().__init__()
        self.text = strip_control_characters(text or "")
        self.font, self.size, self.leading = font, size, leading
        self.lines: list[str] = []
        self._wrapped_for = None

    def wrap(self, avail_width, avail_height):
        if self._wrapped_for != avail_width:
            self.lines = wrap_words(self.text, self.font, self.size, avail_width)
            self._wrapped_for = avail_width
        self.width = avail_width
        self.height = len(self.lines) * self.leading
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        text = canvas.beginText(0, self.height - self.size)
        text.setFont(self.font, self.size, self.leading)
        for line in self.lines:
            text.textLine(line)
        canvas.drawText(text)


_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}
_WIDTHS_LIMIT = 200_000  # words remembered in all, across documents and threads (names, positions, offices)


def word_widths(font: str, size: float) -> dict[str, float]:
    """Widths of words already measured in `font` at `size`: the words of a list repeat (offices,
    positions, titles, the words of names), and measuring one costs more than laying it out."""
    key = (font, size)
    widths = _WIDTHS.get(key)
    if widths is None:
        if sum(map(len, list(_WIDTHS.values()))) > _WIDTHS_LIMIT:
            _WIDTHS.clear()
        widths = _WIDTHS[key] = {}
    return widths


def word_width(word: str, font: str, size: float, widths: dict[str, float] | None = None) -> float:
    widths = word_widths(font, size) if widths is None else widths
    width = widths.get(word)
    if width is None:
        if len(widths) > _WIDTHS_LIMIT:  # a long-lived worker: names of meeting after meeting
            widths.clear()
        width = widths[word] = stringWidth(word, font, size)
    return width


def wrap_words(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of at most `width` points, broken at spaces only (a longer word keeps its own line);
    line breaks in the text are kept, runs of spaces count as one, as in a paragraph."""
    widths = word_widths(font, size)
    space = word_width(" ", font, size, widths)
    lines: list[str] = []
    for part in text.replace("\r\n", "\n").split("\n"):
        line: list[str] = []
        used = 0.0
        for word in part.split():
            word_width_ = widths.get(word)
            word_width_ = word_width(word, font, size, widths) if word_width_ is None else word_width_
            if line and used + space + word_width_ > width + 1e-6:
                lines.append(" ".join(line))
                line, used = [], 0.0
            used += (space if line else 0) + word_width_
            line.append(word)
        if line:
            lines.append(" ".join(line))
    return lines


_FITTED: dict[tuple, CellText] = {}
_FITTED_LIMIT = 50_000


def fitted(text: str, style: ParagraphStyle, width: float) -> CellText:
    """A cell's text wrapping at spaces only; when one word is wider than the cell, the whole
    cell is set smaller so that word fits (down to MIN_FONT_SIZE). The same text in the same
    column is the same cell (offices and positions repeat down a list): it is laid out once."""
    key = (text, style.fontName, style.fontSize, style.leading, width)
    cell = _FITTED.get(key)
    if cell is None:
        if len(_FITTED) > _FITTED_LIMIT:
            _FITTED.clear()
        cell = _FITTED[key] = _fitted(text, style, width)
    return cell


def _fitted(text: str, style: ParagraphStyle, width: float) -> CellText:
    room = width - 2 * PADDING
    words = (text or "").split()
    widths = word_widths(style.fontName, style.fontSize)
    widest = max((word_width(word, style.fontName, style.fontSize, widths) for word in words), default=0)
    size, leading = style.fontSize, style.leading
    if widest > room:
        size = max(MIN_FONT_SIZE, style.fontSize * room / widest)
        leading = style.leading * size / style.fontSize
    return CellText(text, style.fontName, size, leading)


def signature_image(png: bytes | None, max_width: float, max_height: float) -> ImageReader | None:
    """A captured 1-bit PNG as a greyscale image at print resolution (small and smooth)."""
    picture = signature_picture(png)
    if picture is None:
        return None
    limit = (max(1, int(max_width / 72 * SIGNATURE_DPI)), max(1, int(max_height / 72 * SIGNATURE_DPI)))
    picture.thumbnail(limit)
    return ImageReader(picture)


class SignatureCell(Flowable):
    """One Tanda Tangan cell: the row number in the left half (odd) or the right half (even), and
    the captured signature, if any, drawn at the cell's full height, its aspect kept. It starts
    after its number and may run into the other half (empty in this row: the neighbours sign on
    their own rows); only an even row's signature too wide for its half moves left, its number
    with it."""

    LABEL_GAP = 2

    def __init__(self, number: int, png: bytes | None = None, height: float = SIGNATURE_ROW_HEIGHT - 2 * PADDING):
        super().__init__()
        self.number = number
        self.png = png
        self.height = height
        self.width = 0

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return self.width, self.height

    @property
    def label(self) -> str:
        return f"{self.number}."

    def placement(self, image_size: tuple[float, float] | None) -> tuple[float, tuple | None]:
        """(label x, (image x, y, width, height) or None) in the cell."""
        half = self.width / 2
        label_x = 0 if self.number % 2 else half
        label_width = stringWidth(self.label, REGULAR, FONT_SIZE) + self.LABEL_GAP
        if image_size is None:
            return label_x, None
        image_width, image_height = image_size
        room = self.width - label_width
        scale = min(self.height / image_height, room / image_width)
        width, height = image_width * scale, image_height * scale
        x = label_x + label_width
        if x + width > self.width:
            x = self.width - width
            label_x = x - label_width
        return label_x, (x, (self.height - height) / 2, width, height)

    def draw(self):
        canvas = self.canv
        image = signature_image(self.png, self.width, self.height)
        label_x, box = self.placement(image.getSize() if image is not None else None)
        canvas.saveState()
        canvas.setFont(REGULAR, FONT_SIZE)
        canvas.setFillColor(colors.black)
        canvas.drawString(label_x, (self.height - FONT_SIZE * 0.7) / 2, self.label)
        if box is not None:
            canvas.drawImage(image, *box)
        canvas.restoreState()


@dataclass(frozen=True)
class ListLayout:
    """What one kind of list prints: its column titles and widths, how one line becomes a row
    (person_row(line, styles, widths) -> cells: plain strings, CellText, SignatureCell, "" for an
    empty cell) and which columns centre their plain strings."""

    columns: Sequence[str]
    widths: Sequence[float]
    person_row: Callable[[object, dict, Sequence[float]], list]
    empty_text: str
    centered: Sequence[int] = (0,)


class _Rows:
    """Every row of one list, laid out once: the cells of each entry, its height and the running
    total of the heights, so that a page's share is found and measured without touching the rest.

    A row's height is what reportlab's Table gives it: the tallest cell, a plain string counting
    LEADING a line, a flowable its wrapped height, plus the top and bottom PADDING."""

    def __init__(self, layout: ListLayout, entries, styles: dict, made: dict, progress=None):
        self.layout, self.styles, self.made, self.progress = layout, styles, made, progress
        self.widths = list(layout.widths)
        self.positions = [0.0]
        for width in self.widths:
            self.positions.append(self.positions[-1] + width)
        self.total_width = self.positions[-1]
        self.centered = set(layout.centered)
        self.entries = list(entries)
        self.rows = [self.row(kind, value) for kind, value in self.entries]
        self.heights = [row[1] for row in self.rows]
        self.cumulative = [0.0]
        for height in self.heights:
            self.cumulative.append(self.cumulative[-1] + height)
        heading, self.headings = None, []
        for kind, value in self.entries:
            if kind == "group":
                heading = value[0]
            self.headings.append(heading)

    def row(self, kind, value) -> tuple:
        """("group", height, CellText) | ("person", height, cells); cells of (column, kind, value)."""
        if kind == "group":
            heading, continued = value
            cell = fitted(f"{heading} {CONTINUED}" if continued else heading, self.styles["group"], self.total_width)
            cell.wrap(self.total_width - 2 * PADDING, 0)
            return ("group", len(cell.lines) * cell.leading + 2 * PADDING, cell)
        key = id(value)
        if key not in self.made:
            self.made[key] = self.person(self.layout.person_row(value, self.styles, self.widths))
        return self.made[key]

    def person(self, values) -> tuple:
        cells, height = [], 0.0
        for column, value in enumerate(values):
            room = self.widths[column] - 2 * PADDING
            if isinstance(value, str):
                lines = value.split("\n")
                height = max(height, LEADING * len(lines))
                if value:
                    cells.append((column, "string", lines))
            elif isinstance(value, CellText):
                value.wrap(room, 0)
                height = max(height, len(value.lines) * value.leading)
                if value.lines:
                    cells.append((column, "text", value))
            else:
                value.wrap(room, 0)
                height = max(height, value.height)
                cells.append((column, "flowable", value))
        return ("person", height + 2 * PADDING, cells)


class GroupedList(Flowable):
    """The list flowing over pages, its column header repeated on each page; when a page break
    falls inside a delegation, the next page starts with "<delegation> (lanjutan)". A delegation's
    row never stands alone at a page foot.

    It prints what a reportlab Table of these rows printed (the same heights, cell padding,
    vertical centring, grid, fills and page breaks) but draws the rows straight onto the canvas: the
    Table re-measured, re-styled and drew cell by cell through its generic machinery, 12x the cost
    of writing the text (bench/RESULTS.md). The column header is drawn once per PDF as a form
    XObject and referenced on each page. A part split off at a page break shares the laid-out rows
    (_Rows) and holds only where its share starts and ends: a page break costs the rows of a page."""

    def __init__(self, rows: _Rows, start: int, end: int, *, header: bool = True, prefix: tuple | None = None):
        super().__init__()
        self.rows, self.start, self.end, self.header, self.prefix = rows, start, end, header, prefix
        self.hAlign = "LEFT"
        self._header_cells: tuple[float, list] | None = None

    # ---- layout ------------------------------------------------------------------------------

    def header_cells(self) -> tuple[float, list]:
        """(height, [(x, paragraph, its height)]) of the column header row."""
        if self._header_cells is None:
            rows = self.rows
            shared = rows.made.get("header")
            if shared is None:
                cells, tallest = [], 0.0
                for x, width, name in zip(rows.positions, rows.widths, rows.layout.columns, strict=False):
                    paragraph = Paragraph(escape_text(name), rows.styles["header"])
                    _, height = paragraph.wrap(width - 2 * PADDING, 72000)
                    cells.append((x, paragraph, height))
                    tallest = max(tallest, height)
                shared = rows.made["header"] = (tallest + 2 * PADDING, cells)
            self._header_cells = shared
        return self._header_cells

    def top_rows(self) -> list[tuple[str, float]]:
        """(kind, height) of the rows above this part's entries: the column header, "(lanjutan)"."""
        return [
            *([("header", self.header_cells()[0])] if self.header else []),
            *([("group", self.prefix[1])] if self.prefix else []),
        ]

    def wrap(self, avail_width, avail_height):
        rows = self.rows
        self.width = rows.total_width
        self.height = (
            (self.header_cells()[0] if self.header else 0)
            + (self.prefix[1] if self.prefix else 0)
            + rows.cumulative[self.end]
            - rows.cumulative[self.start]
        )
        return self.width, self.height

    def split(self, avail_width, avail_height):
        """Where reportlab's Table would break: after as many rows as fit, never between a
        delegation's row and the row under it, never with the column header alone."""
        rows = self.rows
        above = self.top_rows()
        top = len(above)
        count = top + self.end - self.start

        def candidates():  # (kind, height) top down, read only as far as the page goes
            yield from above
            for index in range(self.start, self.end):
                yield rows.rows[index][0], rows.heights[index]

        used, split_at = 0.0, 0
        for n, (kind, height) in enumerate(candidates(), start=1):
            if used + height > avail_height:
                break
            if not (kind == "group" and n < count):  # NOSPLIT: a delegation with its first row
                split_at = n
            used += height
        if split_at <= (1 if self.header else 0):
            return []
        if split_at == count:
            return [self]
        taken = split_at - top  # entries of this part on this page (it may be none: only the prefix)
        cut = self.start + max(taken, 0)
        first = GroupedList(rows, self.start, cut, header=self.header, prefix=self.prefix)
        prefix = None
        heading = rows.headings[cut - 1] if cut > self.start and rows.headings[cut - 1] is not None else None
        if heading is None and self.prefix is not None:
            heading = self.prefix[2]
        if rows.rows[cut][0] == "person" and heading is not None:
            group = rows.row("group", (heading, True))
            prefix = (group, group[1], heading)
        return [first, GroupedList(rows, cut, self.end, header=True, prefix=prefix)]

    # ---- drawing -----------------------------------------------------------------------------

    def header_form(self, canvas) -> str:
        """The name of the form XObject holding the column header (its fill and titles), made on
        the first page that needs it."""
        forms = canvas.__dict__.setdefault("_raker_list_headers", {})
        rows = self.rows
        key = (tuple(rows.layout.columns), tuple(rows.widths))
        if key not in forms:
            height, cells = self.header_cells()
            name = f"RakerListHeader{len(forms)}"
            canvas.beginForm(name, 0, 0, rows.total_width, height)
            canvas.setFillColor(HEADER_FILL)
            canvas.rect(0, 0, rows.total_width, height, stroke=0, fill=1)
            for x, paragraph, paragraph_height in cells:
                paragraph.drawOn(canvas, x + PADDING, (height - paragraph_height) / 2)
            canvas.endForm()
            forms[key] = name
        return forms[key]

    def draw(self):
        canvas, rows = self.canv, self.rows
        positions, widths, width = rows.positions, rows.widths, rows.total_width
        drawn = [row for row in ([self.prefix[0]] if self.prefix else [])]
        drawn += rows.rows[self.start : self.end]
        canvas.saveState()
        top = self.height
        boundaries = [top]  # y of every horizontal line, top down
        if self.header:
            height = self.header_cells()[0]
            name = self.header_form(canvas)
            canvas.saveState()
            canvas.translate(0, top - height)
            canvas.doForm(name)
            canvas.restoreState()
            top -= height
            boundaries.append(top)
        placed = []  # (row, its bottom, its height)
        for row in drawn:
            height = row[1]
            top -= height
            placed.append((row, top, height))
            boundaries.append(top)
        groups = [(bottom, height) for row, bottom, height in placed if row[0] == "group"]
        if groups:
            canvas.setFillColor(GROUP_FILL)
            for bottom, height in groups:
                canvas.rect(0, bottom, width, height, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        text = canvas.beginText()
        show = _text_shower(canvas)
        font = None
        flowables = []
        centered = rows.centered
        cells = text._code  # the text object's operators
        for row, bottom, height in placed:
            middle = bottom + height / 2
            if row[0] == "group":
                cell = row[2]
                font = _set_font(text, cell, font)
                y = middle + len(cell.lines) * cell.leading / 2 - cell.size
                for line in cell.lines:
                    _origin(cells, PADDING, y)
                    show(cells, text, line)
                    y -= cell.leading
                continue
            for column, kind, value in row[2]:
                x = positions[column]
                cells.append("ET BT")  # a text object per cell, as the table drew: readers keep cells apart
                if kind == "string":
                    font = _set_font(text, _PLAIN, font)
                    y = middle + len(value) * LEADING / 2 - FONT_SIZE
                    for line in value:
                        if column in centered:
                            left = x + widths[column] / 2 - stringWidth(line, REGULAR, FONT_SIZE) / 2
                        else:
                            left = x + PADDING
                        _origin(cells, left, y)
                        show(cells, text, line)
                        y -= LEADING
                elif kind == "text":
                    font = _set_font(text, value, font)
                    y = middle + len(value.lines) * value.leading / 2 - value.size
                    for line in value.lines:
                        _origin(cells, x + PADDING, y)
                        show(cells, text, line)
                        y -= value.leading
                elif isinstance(value, SignatureCell) and value.png is None:
                    font = _set_font(text, _PLAIN, font)
                    label_x, _ = value.placement(None)
                    _origin(cells, x + PADDING + label_x, middle - FONT_SIZE * 0.35)
                    show(cells, text, value.label)
                else:
                    flowables.append((value, x + PADDING, middle - value.height / 2))
        canvas.drawText(text)
        if rows.progress is not None:  # the rows drawn so far, of all the list's rows
            rows.progress(self.end, len(rows.entries))
        for flowable, x, y in flowables:
            flowable.drawOn(canvas, x, y)
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(GRID)
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        path = [f"{fp_str(0, y)} m {fp_str(width, y)} l" for y in boundaries]
        bottom = boundaries[-1]
        path.append(f"{fp_str(0, self.height)} m {fp_str(0, bottom)} l")
        path.append(f"{fp_str(width, self.height)} m {fp_str(width, bottom)} l")
        # The inner vertical lines run from the top down, broken where a delegation's row spans them.
        spans = [(bottom_ + height, bottom_) for bottom_, height in groups]
        for x in positions[1:-1]:
            y = self.height
            for span_top, span_bottom in spans:
                if span_top < y:
                    path.append(f"{fp_str(x, y)} m {fp_str(x, span_top)} l")
                y = span_bottom
            if y > bottom:
                path.append(f"{fp_str(x, y)} m {fp_str(x, bottom)} l")
        path.append("S")
        canvas._code.append(" ".join(path))
        canvas.restoreState()


_PLAIN = types.SimpleNamespace(font=REGULAR, size=FONT_SIZE, leading=LEADING)


class _TextShower:
    """Writes a line's show operator for an embedded TrueType font as PDFTextObject._formatText
    does, without its per-character Python loop once the characters have their codes: reportlab
    gives each character of a font a code in a 256-character subset as it first appears; a line
    whose characters all have a code in the first subset is encoded by str.translate. Any other
    line (a new character, a second subset) goes through reportlab and the codes are re-read."""

    def __init__(self, canvas):
        self.doc = canvas._doc
        self.fonts: dict[str, tuple] = {}

    def codes(self, name: str) -> tuple:
        font = pdfmetrics.getFont(name)
        if not font._dynamicFont:
            return (font, None, None, None)
        state = font.state.get(self.doc)
        assignments = state.assignments if state is not None else {}
        table = {code: n for code, n in assignments.items() if n < 256 and code != 0xA0}
        known = frozenset(map(chr, table))
        subset_name = font.getSubsetInternalName(0, self.doc) if state is not None else None
        return (font, table, known, subset_name)

    def __call__(self, code: list, text, line: str) -> None:
        name = text._fontname
        entry = self.fonts.get(name)
        if entry is None:
            entry = self.fonts[name] = self.codes(name)
        font, table, known, subset_name = entry
        if table is None or not known.issuperset(line):
            code.append(text._formatText(line))
            if table is not None:
                self.fonts[name] = self.codes(name)
            return
        if text._curSubset != 0:
            code.append(f"{subset_name} {fp_str(text._fontsize)} Tf {fp_str(text._leading)} TL")
            text._curSubset = 0
        code.append(f"({escapePDF(line.translate(table).encode('latin-1'))}) Tj")


def _text_shower(canvas) -> _TextShower:
    shower = canvas.__dict__.get("_raker_text_shower")
    if shower is None or shower.doc is not canvas._doc:
        shower = canvas.__dict__["_raker_text_shower"] = _TextShower(canvas)
    return shower


def _origin(code: list, x: float, y: float) -> None:
    """The text position, as PDFTextObject.setTextOrigin writes it but to the micro-point: its seven
    significant digits moved a label on a column's middle to the other side of it."""
    code.append(f"1 0 0 1 {x:.6f} {y:.6f} Tm")


def _set_font(text, cell, current):
    wanted = (cell.font, cell.size, cell.leading)
    if wanted != current:
        text.setFont(*wanted)
    return wanted


class EmptyList(Flowable):
    """A list without anyone: the column header and one row saying so, across the columns."""

    def __init__(self, layout: ListLayout, styles: dict):
        super().__init__()
        self.layout = layout
        self.list = GroupedList(_Rows(layout, [], styles, {}), 0, 0)
        self.paragraph = para(layout.empty_text, styles["cell"])

    def wrap(self, avail_width, avail_height):
        self.list.wrap(avail_width, avail_height)
        _, height = self.paragraph.wrap(self.list.width - 2 * PADDING, 72000)
        self.text_height = height
        self.width, self.height = self.list.width, self.list.height + height + 2 * PADDING
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        row = self.text_height + 2 * PADDING
        self.list.wrap(self.width, self.height)
        self.list.drawOn(canvas, 0, row)
        self.paragraph.drawOn(canvas, PADDING, PADDING)
        canvas.saveState()
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(GRID)
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        canvas.rect(0, 0, self.width, row, stroke=1, fill=0)
        canvas.restoreState()


def section_entries(sections) -> list:
    """The entries of grouped_list_table() from sections with .heading and .lines."""
    entries = []
    for section in sections:
        entries.append(("group", (section.heading, False)))
        entries += [("person", line) for line in section.lines]
    return entries


def grouped_list_table(
    layout: ListLayout, entries, *, made: dict | None = None, header: bool = True, progress=None
) -> Flowable:
    """entries: [("group", (heading, continued)) | ("person", line)]. made: the person rows already
    laid out, by line (a list's last rows are laid out once for both places they may go).
    header=False: a list's last rows drawn on under its other rows (list_with_sign_off).
    progress(done, total): called as each page's rows are drawn (entries drawn, of all entries)."""
    styles = list_styles()
    if not entries:
        return EmptyList(layout, styles)
    rows = _Rows(layout, entries, styles, {} if made is None else made, progress)
    return GroupedList(rows, 0, len(rows.entries), header=header)


def list_with_sign_off(layout: ListLayout, sections, sign_off, *, progress=None) -> list:
    """The list and what signs it off (sign_off() makes the flowables: the total, the signatures),
    the last person kept on the page with them: the signature block is never alone on a page. The
    last person (with the delegation's row when it is that delegation's only one) is drawn on under
    the list when it all fits; moved to the next page, it goes with the column header and
    "<delegation> (lanjutan)"."""
    entries = section_entries(sections)
    if len(entries) < 3:
        return [grouped_list_table(layout, entries), *sign_off()]
    cut = len(entries) - (2 if entries[-2][0] == "group" else 1)
    head, tail = entries[:cut], entries[cut:]
    made: dict = {}
    stays = [grouped_list_table(layout, tail, header=False, made=made), *sign_off()]
    moved_tail = (
        tail
        if tail[0][0] == "group"
        else [("group", (next(value[0] for kind, value in reversed(head) if kind == "group"), True)), *tail]
    )
    moved = [grouped_list_table(layout, moved_tail), *sign_off()]
    return [grouped_list_table(layout, head, made=made, progress=progress), KeepWithTail(stays, moved)]


def sign_off_signer(position: str, signer: dict | None, fallback: str):
    """The official under "Mengetahui,"; an empty block to sign by hand without a name."""
    fields = signer or {}
    title = (fields.get("position") or fallback).strip()
    return Signer(
        position=f"{position}\n{title}" if position else title,
        name=fields.get("name") or "",
        rank=fields.get("rank") or None,
        nip=fields.get("nip") or None,
    )
