"""The signed lists of a meeting (daftar hadir, tanda terima): one table flowing over pages, a bold
row per delegation, "<delegation> (lanjutan)" atop a page it continues on, the column header
repeated, and a signature cell that alternates left/right as on the Indonesian paper forms.

    No | Nama | … | Tanda Tangan
    Kabupaten Paser                      (one bold row per delegation)
    1  | …    | … | 1. (signature)
    2  | …    | … |        2. (sig.)

A document's renderer gives the columns, their widths and how one line becomes a row (ListLayout);
everything about page breaks lives here. Text cells wrap at spaces only; a single word too long for
its column is set smaller rather than broken ("Pengadministras / i")."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from ..images import signature_picture
from ..safe_text import strip_control_characters
from .document import KeepWithTail, escape_text, para
from .fonts import BOLD, REGULAR
from .signature import Signer
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


def wrap_words(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of at most `width` points, broken at spaces only (a longer word keeps its own line);
    line breaks in the text are kept, runs of spaces count as one, as in a paragraph."""
    space = stringWidth(" ", font, size)
    lines: list[str] = []
    for part in text.replace("\r\n", "\n").split("\n"):
        line, used = [], 0.0
        for word in part.split():
            word_width = stringWidth(word, font, size)
            if line and used + space + word_width > width + 1e-6:
                lines.append(" ".join(line))
                line, used = [], 0.0
            used += (space if line else 0) + word_width
            line.append(word)
        if line:
            lines.append(" ".join(line))
    return lines


def fitted(text: str, style: ParagraphStyle, width: float) -> CellText:
    """A cell's text wrapping at spaces only; when one word is wider than the cell, the whole
    cell is set smaller so that word fits (down to MIN_FONT_SIZE)."""
    room = width - 2 * PADDING
    words = (text or "").split()
    widest = max((stringWidth(word, style.fontName, style.fontSize) for word in words), default=0)
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
    (person_row(line, styles, widths) -> cells), and its own style commands (alignments)."""

    columns: Sequence[str]
    widths: Sequence[float]
    person_row: Callable[[object, dict, Sequence[float]], list]
    empty_text: str
    commands: Sequence[tuple] = field(default_factory=tuple)


# A list's table holds only the rows of about two pages; the rest wait (GroupedListTable.pending)
# and join it at each page break, so a page break costs a page's rows: one table of 10,000 rows was
# rebuilt and re-styled whole at each of 400 page breaks (quadratic). WINDOW rows are taller than an
# F4 page (a row is at least one line and its padding, 15.6 pt); after the first page the window is
# twice the rows the last page took, and a table whose window fits where it stands takes more in.
WINDOW = 70
MIN_WINDOW = 20


class GroupedListTable(Table):
    """The list as one table flowing over pages, its header row repeated on each page; when a page
    break falls inside a delegation, the next page starts with "<delegation> (lanjutan)". Made by
    grouped_list_table(); the pieces reportlab splits off are plain parts of it (entries None).
    Only the first WINDOW entries are in the table; `pending` holds the others."""

    entries = None  # [("group", (heading, continued)) | ("person", line)]
    pending = ()
    layout = None
    made = None
    header = True

    def wrap(self, avail_width, avail_height):
        size = super().wrap(avail_width, avail_height)
        while self.pending and size[1] <= avail_height:  # the window fits: take more rows in
            self.__dict__.update(
                grouped_list_table(
                    self.layout,
                    self.entries,
                    row_heights=self._rowHeights,
                    made=self.made,
                    header=self.header,
                    window=2 * len(self.entries),
                    pending=self.pending,
                ).__dict__
            )
            size = super().wrap(avail_width, avail_height)
        return size

    def split(self, avail_width, avail_height):
        parts = super().split(avail_width, avail_height)
        if len(parts) != 2 or not self.entries:
            return parts
        taken = len(parts[0]._cellvalues) - 1  # entries on this page (the header row is not one)
        rest = list(self.entries[taken:])
        # The row heights reportlab has measured go along: re-measuring hundreds of rows at every
        # page break made a 462-person list take 5 s instead of under one.
        heights = list(parts[1]._argH)
        heading = next((value[0] for kind, value in reversed(self.entries[:taken]) if kind == "group"), None)
        if rest and rest[0][0] == "person" and heading is not None:
            rest.insert(0, ("group", (heading, True)))
            heights.insert(1, None)
        # The next page holds about as many rows as this one: a window of twice that is enough
        # (wrap() takes more in when it is not).
        return [
            parts[0],
            grouped_list_table(
                self.layout,
                rest,
                row_heights=heights,
                made=self.made,
                pending=self.pending,
                window=max(MIN_WINDOW, 2 * taken + 4),
            ),
        ]


def section_entries(sections) -> list:
    """The entries of grouped_list_table() from sections with .heading and .lines."""
    entries = []
    for section in sections:
        entries.append(("group", (section.heading, False)))
        entries += [("person", line) for line in section.lines]
    return entries


def grouped_list_table(
    layout: ListLayout,
    entries,
    *,
    row_heights=None,
    made: dict | None = None,
    header: bool = True,
    window: int | None = WINDOW,
    pending=(),
) -> GroupedListTable:
    """made: the person rows already built, by line, reused at every page break (parsing the
    paragraphs of hundreds of rows again each time cost seconds). header=False: a list's last rows
    drawn on under its other rows (list_with_sign_off). Entries beyond `window` wait in the table's
    `pending` (None: all in the table)."""
    if pending:
        entries = [*entries, *pending]
        row_heights = None if row_heights is None else [*row_heights, *[None] * len(pending)]
    pending = ()
    if window is not None and len(entries) > window:
        cut = window - 1 if entries[window - 1][0] == "group" else window  # a delegation's row with its first person
        entries, pending = entries[:cut], entries[cut:]
        row_heights = None if row_heights is None else row_heights[: cut + (1 if header else 0)]
    styles = list_styles()
    widths = list(layout.widths)
    count = len(layout.columns)
    made = {} if made is None else made
    data = [[Paragraph(escape_text(name), styles["header"]) for name in layout.columns]] if header else []
    first = len(data)
    commands = [
        ("GRID", (0, 0), (-1, -1), GRID, colors.black),
        *([("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL)] if header else []),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("TEXTCOLOR", (0, 0), (-1, -1), colors.black),
        ("FONTSIZE", (0, 0), (-1, -1), FONT_SIZE),
        ("LEADING", (0, 0), (-1, -1), LEADING),
        ("ALIGN", (0, first), (0, -1), "CENTER"),
        *[(f"{side}PADDING", (0, 0), (-1, -1), PADDING) for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")],
        *layout.commands,
    ]
    last_row = len(entries) + first - 1
    for kind, value in entries:
        row = len(data)
        if kind == "group":
            heading, continued = value
            data.append(
                [fitted(f"{heading} {CONTINUED}" if continued else heading, styles["group"], sum(widths))]
                + [""] * (count - 1)
            )
            commands += [
                ("SPAN", (0, row), (-1, row)),
                ("BACKGROUND", (0, row), (-1, row), GROUP_FILL),
                ("NOSPLIT", (0, row), (-1, min(row + 1, last_row))),
            ]  # never alone at a page foot
        else:
            if id(value) not in made:
                made[id(value)] = layout.person_row(value, styles, widths)
            data.append(made[id(value)])
    if not entries:
        data.append([para(layout.empty_text, styles["cell"])] + [""] * (count - 1))
        commands.append(("SPAN", (0, 1), (-1, 1)))
    table = GroupedListTable(
        data, colWidths=widths, rowHeights=row_heights, repeatRows=1 if header else 0, hAlign="LEFT"
    )
    table.setStyle(TableStyle(commands))
    table.entries, table.layout, table.made, table.header, table.pending = entries, layout, made, header, list(pending)
    return table


def list_with_sign_off(layout: ListLayout, sections, sign_off) -> list:
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
    return [grouped_list_table(layout, head, made=made), KeepWithTail(stays, moved)]


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
