"""Tanda peserta (badges): A6, ID-card (CR80) and sheets of several badges with cut marks.

Layouts (badge_pdf(layout=...)):
- "a6": one A6 badge (105 x 148 mm) per page, for the personal link and the approval email;
- "cr80": one ID card (85.60 x 53.98 mm, landscape) per page, for card printers;
- "sheet": badges of 94 x 132.5 mm (A6 proportions, fits an A6 pouch) on the event's paper,
  2 x 2 on A4 and on F4 (F4 is not tall enough for a third row), cut marks at every corner.

Speed: a batch of a thousand badges must take a fraction of a second (bench/badges.py,
bench/RESULTS.md, DESIGN.md "Badge speed"). So a badge is not built from Paragraphs and canvas
calls: a _Renderer lays the texts out with cached word widths and writes the page's PDF operators
itself (canvas.addLiteral), the fonts still embedded and subset by reportlab. What is the same on
every badge (event title, dates, venue and logo, the band of each role) is drawn once per PDF as a form XObject
and referenced; fitted jabatan and delegation blocks and the cut marks are kept as text; the QR
code (a zxing-cpp matrix, see qr.py) is a 1-bit inline image. The pages themselves are written by
_BadgeCanvas from a template, all sharing one resource dictionary, their content as binary Flate
streams: reportlab's generic page objects cost more than drawing the badge (bench/RESULTS.md).
"""

import io
import itertools
import types
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A6
from reportlab.lib.rl_accel import asciiBase85Encode, fp_str
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ..i18n import format_day_span
from ..images import fits
from .document import CREATOR, embedded_font_only
from .fonts import BOLD, REGULAR
from .qr import qr_image_operators
from .styles import BADGE_SIZE, page_size

# One colour per role, dark enough for white text, distinct from each other when printed.
ROLE_COLOURS = {
    "peserta": colors.HexColor("#1F4E9C"),  # blue
    "narasumber": colors.HexColor("#B3261E"),  # red
    "moderator": colors.HexColor("#B35C00"),  # orange
    "panitia": colors.HexColor("#1B7A3A"),  # green
    "undangan": colors.HexColor("#6A3D9A"),  # purple
}
ROLE_LABELS = {
    "peserta": "PESERTA",
    "narasumber": "NARASUMBER",
    "moderator": "MODERATOR",
    "panitia": "PANITIA",
    "undangan": "UNDANGAN",
}
DESIGN_WIDTH = BADGE_SIZE[0]  # sizes below are for an A6 badge and scale with the box

LAYOUTS = ("a6", "cr80", "sheet")
CR80_SIZE = (85.60 * mm, 53.98 * mm)  # ISO/IEC 7810 ID-1, landscape
SHEET_BADGE_SIZE = (94 * mm, 94 * mm * A6[1] / A6[0])  # A6 proportions, 2 x 2 on A4 with room for cut marks
SHEET_GUTTER = 6 * mm  # between badges on a sheet: the cut marks live here
SHEET_MARGIN = 8 * mm  # least paper edge: printers cannot print the outer 4-5 mm
CUT_MARK_OFFSET = 1 * mm  # a cut mark starts this far from the badge corner …
CUT_MARK_LENGTH = 2 * mm  # … and is this long, on the extension of the badge edge
CUT_MARK_WIDTH = 0.25  # points
PROGRESS_EVERY = 100  # badges between two progress() calls
COMPRESS_UP_TO = 20  # badges: without rl-accel, only batches this small get reportlab's own streams compressed

_FAST_ASCII85 = isinstance(asciiBase85Encode, types.BuiltinFunctionType)  # rl-accel is installed

LEADING = 1.2
ASCENT = 0.905  # Liberation Sans ascent (per em): the first baseline sits this far below the top


def meeting_line(event) -> str:
    """'9–10 Agustus 2021 · Gedung Awa Mangkuruku, Tana Paser': when and where, compact for a badge
    (the city left out when the venue already names it)."""
    venue, city = (event.venue or "").strip(), (event.city or "").strip()
    place = venue if (not city or city.casefold() in venue.casefold()) else ", ".join(p for p in (venue, city) if p)
    dates = format_day_span(event.start_date, event.end_date or event.start_date, "id")
    return " · ".join(part for part in (dates, place) if part)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float


def sheet_boxes(paper: tuple[float, float]) -> list[Box]:
    """Where the badges of a sheet go on paper of this size: as many as fit, the grid centred, left to
    right and top to bottom."""
    paper_width, paper_height = paper
    width, height = SHEET_BADGE_SIZE
    columns = max(1, int((paper_width - 2 * SHEET_MARGIN + SHEET_GUTTER) // (width + SHEET_GUTTER)))
    rows = max(1, int((paper_height - 2 * SHEET_MARGIN + SHEET_GUTTER) // (height + SHEET_GUTTER)))
    left = (paper_width - columns * width - (columns - 1) * SHEET_GUTTER) / 2
    top = (paper_height + rows * height + (rows - 1) * SHEET_GUTTER) / 2
    return [
        Box(left + column * (width + SHEET_GUTTER), top - (row + 1) * height - row * SHEET_GUTTER, width, height)
        for row in range(rows)
        for column in range(columns)
    ]


def cut_mark_segments(box: Box) -> list[tuple[float, float, float, float]]:
    """(x1, y1, x2, y2) of the eight cut marks of a badge: two at each corner, on the extensions of
    its edges, just outside it."""
    near, far = CUT_MARK_OFFSET, CUT_MARK_OFFSET + CUT_MARK_LENGTH
    segments = []
    for x, horizontal in ((box.x, -1), (box.x + box.width, 1)):
        for y, vertical in ((box.y, -1), (box.y + box.height, 1)):
            segments.append((x + horizontal * near, y, x + horizontal * far, y))  # along the horizontal edge
            segments.append((x, y + vertical * near, x, y + vertical * far))  # along the vertical edge
    return segments


# --- text ------------------------------------------------------------------------------------


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


_ESCAPES = {
    **{code: f"\\{code:03o}" for code in (*range(32), *range(127, 256))},
    ord("\\"): "\\\\",
    ord("("): "\\(",
    ord(")"): "\\)",
}


class _Text:
    """Text for one PDF: word widths, wrapping and the operators showing a line, in our embedded
    fonts (reportlab still decides the subsets and embeds them when the canvas is saved)."""

    def __init__(self, canvas: Canvas):
        self.doc = canvas._doc  # the font subsets belong to the document being written
        self.widths: dict[tuple[str, str], float] = {}
        self.shown: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def width(self, text: str, font: str) -> float:
        """Width at 1 pt."""
        key = (text, font)
        width = self.widths.get(key)
        if width is None:
            width = self.widths[key] = pdfmetrics.stringWidth(text, font, 1.0)
        return width

    def wrap(self, text: str, font: str, size: float, width: float) -> list[tuple[str, float]]:
        """Greedy line breaking at spaces: (line, its width) pairs. A word wider than the line gets
        a line of its own."""
        space = self.width(" ", font) * size
        lines: list[tuple[str, float]] = []
        words: list[str] = []
        used = 0.0
        for word in text.split():
            word_width = self.width(word, font) * size
            if words and used + space + word_width > width:
                lines.append((" ".join(words), used))
                words, used = [], 0.0
            used += (space if words else 0.0) + word_width
            words.append(word)
        if words:
            lines.append((" ".join(words), used))
        return lines

    def fit(
        self, text: str, font: str, size: float, min_size: float, width: float, max_height: float
    ) -> tuple[float, list[tuple[str, float]]]:
        """The largest size (whole points down to min_size) at which the wrapped text fits."""
        while True:
            lines = self.wrap(text, font, size, width)
            if len(lines) * size * LEADING <= max_height or size <= min_size:
                return size, lines
            size = max(min_size, size - 1)

    def show(self, text: str, font: str) -> list[tuple[str, str]]:
        """(font subset, escaped PDF string) pieces of one line."""
        key = (text, font)
        shown = self.shown.get(key)
        if shown is None:
            face = pdfmetrics.getFont(font)
            shown = self.shown[key] = [
                (face.getSubsetInternalName(subset, self.doc), data.decode("latin-1").translate(_ESCAPES))
                for subset, data in face.splitString(text, self.doc)
            ]
        return shown

    def lines(
        self,
        lines: list[tuple[str, float]],
        font: str,
        size: float,
        top: float,
        left: float,
        width: float,
        align: str = "centre",
    ) -> str:
        """BT … ET drawing wrapped lines, the first one's top at `top`, centred in (or starting at)
        left … left + width."""
        out = []
        baseline = top - ASCENT * size
        size_text = _number(size)
        for text, text_width in lines:
            x = left + (width - text_width) / 2 if align == "centre" else left
            shown = " ".join(f"{name} {size_text} Tf ({string}) Tj" for name, string in self.show(text, font))
            out.append(f"BT {x:.2f} {baseline:.2f} Td {shown} ET")
            baseline -= size * LEADING
        return " ".join(out)


class _Block:
    """Fitted lines of one text; where a repeating block (jabatan, delegation) lands on a badge
    depends only on the name's height, so its operators are kept by position."""

    __slots__ = ("font", "size", "lines", "height", "drawn")

    def __init__(self, font: str, size: float, lines: list[tuple[str, float]]):
        self.font, self.size, self.lines = font, size, lines
        self.height = len(lines) * size * LEADING
        self.drawn: dict[tuple, str] = {}

    def draw(self, text: _Text, top: float, left: float, width: float, align: str) -> str:
        key = (top, left, width, align)
        drawn = self.drawn.get(key)
        if drawn is None:
            drawn = self.drawn[key] = text.lines(self.lines, self.font, self.size, top, left, width, align)
        return drawn


# --- badge layouts ---------------------------------------------------------------------------


def commission_of(badge) -> str:
    """The commission the holder sits in ("KOMISI II"), from the badge model's `commission_label`; ""
    when none (or for a badge model without one)."""
    return (getattr(badge, "commission_label", "") or "").upper()


def _rgb(colour) -> str:
    return f"{colour.red:.3f} {colour.green:.3f} {colour.blue:.3f}"


class _Layout:
    """One badge design in its own units (points of the badge it was drawn for); subclasses place
    the parts. ops() gives the PDF operators of a badge with its lower left corner at 0 0; what does
    not change between badges is laid out once."""

    width: float
    height: float

    def __init__(self, text: _Text, event, logo: ImageReader | None):
        self.text, self.event, self.logo = text, event, logo
        self.blocks: dict[tuple, _Block] = {}

    # Subclasses give these.
    def header(self) -> str:
        """Event title (the same on every badge)."""
        raise NotImplementedError

    def band(self, role: str) -> str:
        """The role's colour band with its label (the same on every badge of that role)."""
        raise NotImplementedError

    def logo_box(self) -> tuple[float, float, float, float] | None:
        raise NotImplementedError

    def ops(self, registration, qr_text: str) -> str:
        """What differs from badge to badge: name, jabatan, delegation, QR code."""
        raise NotImplementedError

    # Shared parts.

    def _logo_fit(self, x: float, y: float, size: float) -> tuple[float, float, float, float] | None:
        """The logo scaled into a size x size square at (x, y), its aspect kept, centred vertically."""
        if self.logo is None:
            return None
        image_width, image_height = self.logo.getSize()
        ratio = size / max(image_width, image_height)
        return x, y + (size - image_height * ratio) / 2, image_width * ratio, image_height * ratio

    def _title(
        self, left: float, width: float, top: float, height: float, size: float, min_size: float, align: str
    ) -> str:
        text = self.text
        size, lines = text.fit(self.event.title, BOLD, size, min_size, width, height)
        block_height = len(lines) * size * LEADING
        return "0 g " + text.lines(lines, BOLD, size, top - max(0.0, height - block_height) / 2, left, width, align)

    @staticmethod
    def _fit_meeting(text: "_Text", event, width: float, size: float, min_size: float) -> _Block:
        """The meeting's date(s) and venue, under the header. The same on every badge: fitted once per
        layout, and the name area starts below it. One line, a little smaller if need be; else the
        dates over the venue (not "… Tana / Paser"); a long venue wraps at spaces, shrunk to fit."""
        line = meeting_line(event)
        for candidate in (size, size - 0.5, size - 1):
            lines = text.wrap(line, REGULAR, candidate, width)
            if len(lines) <= 1 and candidate >= min_size:
                return _Block(REGULAR, candidate, lines)
        dates, _, place = line.partition(" · ")
        candidate = size
        while True:
            lines = text.wrap(dates, REGULAR, candidate, width) + text.wrap(place, REGULAR, candidate, width)
            if len(lines) <= 2 or candidate <= min_size:
                return _Block(REGULAR, candidate, lines)
            candidate = max(min_size, candidate - 0.5)

    def block(
        self, value: str, font: str, size: float, min_size: float, width: float, max_height: float, cache: bool
    ) -> _Block:
        """A fitted text block; jabatan and delegation repeat across badges and are kept."""
        key = (value, font, size, min_size, width, max_height)
        block = self.blocks.get(key) if cache else None
        if block is None:
            block = _Block(font, *self.text.fit(value, font, size, min_size, width, max_height))
            if cache:
                self.blocks[key] = block
        return block

    def stack(
        self,
        blocks: list[_Block],
        top: float,
        bottom: float,
        left: float,
        width: float,
        gap: float,
        align: str = "centre",
    ) -> str:
        """The blocks one under the other, centred vertically between top and bottom."""
        total = sum(block.height for block in blocks) + gap * (len(blocks) - 1)
        y = round(top - max(0.0, top - bottom - total) / 2, 2)
        out = []
        text = self.text
        for block in blocks:
            out.append(block.draw(text, y, left, width, align))
            y = round(y - block.height - gap, 2)
        return " ".join(out)


class _Portrait(_Layout):
    """The A6 design (also on sheets, scaled): header with logo and event title; name, jabatan and
    delegation; QR code; the role band at the bottom."""

    width, height = A6

    def __init__(self, text, event, logo, height: float = A6[1]):
        self.height = height
        self.pad = 6 * mm
        self.inner = self.width - 2 * self.pad
        self.header_height = 16 * mm
        self.band_height = 16 * mm
        self.qr_size = 40 * mm
        self.qr_x = (self.width - self.qr_size) / 2
        self.qr_y = self.band_height + 3 * mm
        self.meeting_top = self.height - self.pad - self.header_height - 1.5 * mm
        self.meeting = self._fit_meeting(text, event, self.inner, 7.5, 6)
        self.top = self.meeting_top - self.meeting.height - 2 * mm
        self.bottom = self.qr_y + self.qr_size + 2 * mm
        self.space = self.top - self.bottom
        super().__init__(text, event, logo)

    def logo_box(self):
        return self._logo_fit(self.pad, self.height - self.pad - self.header_height, self.header_height)

    def header(self) -> str:
        left, width = self.pad, self.inner
        if self.logo is not None:
            left, width = left + self.header_height + 2 * mm, width - self.header_height - 2 * mm
        return (
            self._title(left, width, self.height - self.pad, self.header_height, 10, 6, "centre")
            + " "
            + self.meeting.draw(self.text, self.meeting_top, self.pad, self.inner, "centre")
        )

    def band(self, role: str) -> str:
        label = ROLE_LABELS.get(role, role.upper())
        size = 20
        label_width = self.text.width(label, BOLD) * size
        baseline = (self.band_height - 0.7 * size) / 2
        return (
            f"{_rgb(ROLE_COLOURS.get(role, colors.black))} rg 0 0 {self.width:.2f} {self.band_height:.2f} re f "
            f"1 g " + self.text.lines([(label, label_width)], BOLD, size, baseline + ASCENT * size, 0, self.width)
        )

    def ops(self, registration, qr_text: str) -> str:
        space, inner = self.space, self.inner
        blocks = [self.block(registration.full_name, BOLD, 22, 12, inner, space * 0.45, cache=False)]
        if registration.position:
            blocks.append(self.block(registration.position, REGULAR, 10.5, 7, inner, space * 0.3, cache=True))
        blocks.append(self.block(registration.delegation.name, BOLD, 11, 7, inner, space * 0.2, cache=True))
        if commission_of(registration):
            blocks.append(self.block(commission_of(registration), BOLD, 11, 7, inner, space * 0.1, cache=True))
        return " ".join(
            (
                "0 g",
                self.stack(blocks, self.top, self.bottom, self.pad, inner, 3 * mm),
                qr_image_operators(qr_text, self.qr_x, self.qr_y, self.qr_size),  # last: its white square wins
            )
        )


class _Card(_Layout):
    """CR80, landscape: logo and title at the top left, name, jabatan and delegation under them, the
    QR code on the right, the role band along the bottom."""

    width, height = CR80_SIZE

    def __init__(self, text, event, logo):
        self.pad = 3 * mm
        self.band_height = 9 * mm
        self.qr_size = 32 * mm  # 33 modules (with quiet zone) of about 1 mm
        self.qr_x = self.width - self.qr_size - 1.5 * mm
        self.qr_y = self.band_height + (self.height - self.band_height - self.qr_size) / 2
        self.column = self.qr_x - self.pad - 1 * mm  # text column width, left of the QR code's white square
        self.header_height = 9 * mm
        self.meeting_top = self.height - self.pad - self.header_height - 0.8 * mm
        self.meeting = self._fit_meeting(text, event, self.column, 5.5, 4.5)
        self.top = self.meeting_top - self.meeting.height - 1.2 * mm
        self.bottom = self.band_height + 1.5 * mm
        self.space = self.top - self.bottom
        super().__init__(text, event, logo)

    def logo_box(self):
        return self._logo_fit(self.pad, self.height - self.pad - self.header_height, self.header_height)

    def header(self) -> str:
        left, width = self.pad, self.column
        if self.logo is not None:
            left, width = left + self.header_height + 1.5 * mm, width - self.header_height - 1.5 * mm
        return (
            self._title(left, width, self.height - self.pad, self.header_height, 7, 4.5, "left")
            + " "
            + self.meeting.draw(self.text, self.meeting_top, self.pad, self.column, "left")
        )

    def band(self, role: str) -> str:
        label = ROLE_LABELS.get(role, role.upper())
        size = 13
        label_width = self.text.width(label, BOLD) * size
        baseline = (self.band_height - 0.7 * size) / 2
        return (
            f"{_rgb(ROLE_COLOURS.get(role, colors.black))} rg 0 0 {self.width:.2f} {self.band_height:.2f} re f "
            f"1 g "
            + self.text.lines(
                [(label, label_width)],
                BOLD,
                size,
                baseline + ASCENT * size,
                self.pad,
                self.width - 2 * self.pad,
                align="left",
            )
        )

    def ops(self, registration, qr_text: str) -> str:
        space, column = self.space, self.column
        blocks = [self.block(registration.full_name, BOLD, 13, 7, column, space * 0.45, cache=False)]
        if registration.position:
            blocks.append(self.block(registration.position, REGULAR, 7, 4.5, column, space * 0.32, cache=True))
        blocks.append(self.block(registration.delegation.name, BOLD, 7.5, 5, column, space * 0.2, cache=True))
        if commission_of(registration):
            blocks.append(self.block(commission_of(registration), BOLD, 7.5, 5, column, space * 0.1, cache=True))
        return " ".join(
            (
                "0 g",
                self.stack(blocks, self.top, self.bottom, self.pad, column, 1.5 * mm, align="left"),
                qr_image_operators(qr_text, self.qr_x, self.qr_y, self.qr_size),
            )
        )


class _Renderer:
    """Draws badges onto one canvas. Per PDF, each layout's header (title and logo) and each role's
    band become a form XObject drawn by reference, and texts, widths and fitted blocks are kept."""

    _serial = itertools.count(1)

    def __init__(self, canvas: Canvas, event, logo: ImageReader | None):
        self.canvas = canvas
        self.text = _Text(canvas)
        self.event, self.logo = event, logo
        self.layouts: dict[tuple, _Layout] = {}
        self.forms: dict[tuple, str] = {}
        self.serial = next(self._serial)

    def layout(self, kind: str, height: float = A6[1]) -> _Layout:
        key = (kind, round(height, 3))
        layout = self.layouts.get(key)
        if layout is None:
            if kind == "cr80":
                layout = _Card(self.text, self.event, self.logo)
            else:
                layout = _Portrait(self.text, self.event, self.logo, height)
            self.layouts[key] = layout
        return layout

    def form(self, layout: _Layout, part: str) -> str:
        """The name of the form XObject holding `part` ("header" or a role) of a layout."""
        key = (id(layout), part)
        name = self.forms.get(key)
        if name is None:
            canvas = self.canvas
            name = self.forms[key] = f"RakerBadge{self.serial}x{len(self.forms)}"
            canvas.beginForm(name, 0, 0, layout.width, layout.height)
            if part == "header":
                canvas.addLiteral(layout.header())
                logo = layout.logo_box()
                if logo is not None:
                    canvas.drawImage(self.logo, *logo, mask="auto")
            else:
                canvas.addLiteral(layout.band(part))
            canvas.addLiteral(" ")  # an end of line before "endstream"
            canvas.endForm()
        return name

    def draw(self, layout: _Layout, box: Box, registration, qr_text: str) -> None:
        header, band = self.form(layout, "header"), self.form(layout, registration.role)
        canvas = self.canvas
        scale = box.width / layout.width
        canvas.addLiteral(
            f"q {scale:.6f} 0 0 {scale:.6f} {box.x:.3f} {box.y:.3f} cm" if (scale != 1 or box.x or box.y) else "q"
        )
        canvas.doForm(header)
        canvas.doForm(band)
        canvas.addLiteral(f"{layout.ops(registration, qr_text)} Q")


class _PageStream(pdfdoc.PDFObject):
    """A page's content stream, Flate-compressed and written as binary: no ASCII85 layer (which
    without rl-accel is pure Python) and no generic dictionary formatting."""

    __RefOnly__ = 1

    def __init__(self, content: str):
        self.content = content

    def format(self, document) -> bytes:
        data = zlib.compress(self.content.encode("utf-8"))
        return b"<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\n" % (len(data), data)


class _Page(pdfdoc.PDFObject):
    """A page written from a template: its size, its content and the badge canvas' shared resources."""

    __RefOnly__ = 1

    def __init__(self, template: bytes, resources, content: str):
        self.template, self.resources, self.contents = template, resources, _PageStream(content)

    def format(self, document) -> bytes:
        return self.template % (
            document.Reference(self.contents).format(document),
            document.Reference(document.Pages).format(document),
            self.resources.format(document),
        )


class _BadgeCanvas(Canvas):
    """A canvas for a thousand one-badge pages. reportlab builds each page from generic objects (the
    page dictionary, its own resource dictionary, the content stream with ASCII85 over Flate) and
    formats them generically at save: about 0.1 ms a page, a third of an A6 batch. Here all pages
    share one resource dictionary (our fonts, the badge forms) and each page and its stream are
    written from a template. Pages using anything else reportlab tracks per page (annotations,
    transparency, shadings, separations, crop marks, transitions) take reportlab's own way."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._shared_forms: dict = {}
        resources = pdfdoc.PDFResourceDictionary()
        resources.basicFonts()
        resources.allProcs()
        resources.XObject = self._shared_forms  # filled as forms are drawn; written at save
        self._shared_resources = self._doc.Reference(resources)
        self._page_templates: dict[tuple, bytes] = {}

    def showPage(self):
        plain = not (
            self._annotationrefs
            or self._colorsUsed
            or self._shadingUsed
            or self._extgstate.getState()
            or self._cropMarks
            or self._pageTransition
            or self._pageDuration is not None
            or getattr(self, "_cropBox", None)
            or self._pageRotation
            or not isinstance(self._doc.encrypt, pdfdoc.NoEncryption)
        )
        if not plain:
            return super().showPage()
        for name in self._formsinuse:
            internal = pdfdoc.xObjectName(name)
            self._shared_forms[internal] = pdfdoc.PDFObjectReference(internal)
        size = tuple(self._pagesize)
        template = self._page_templates.get(size)
        if template is None:
            template = self._page_templates[size] = (
                b"<< /Contents %%s /MediaBox [ 0 0 %s %s ] /Parent %%s /Resources %%s /Type /Page >>"
                % (fp_str(size[0]).encode(), fp_str(size[1]).encode())
            )
        self._code.append(" ")  # as reportlab: some readers dislike "Qendstream"
        content = "\n".join([*self._psCommandsBeforePage, self._preamble, *self._code, *self._psCommandsAfterPage])
        self._doc.addPage(_Page(template, self._shared_resources, content + "\n"))
        if self._onPage:
            self._onPage(self._pageNumber)
        self._startPage()


def draw_badge(canvas, box: Box, *, registration, event, qr_text: str, logo: ImageReader | None = None) -> None:
    """One badge in `box` (portrait, any size: the A6 design scaled to its width): event, name,
    jabatan, delegation, QR code, role band."""
    renderer = _Renderer(canvas, event, logo)
    height = box.height * DESIGN_WIDTH / box.width
    renderer.draw(renderer.layout("portrait", height), box, registration, qr_text)


def _cut_marks(boxes: Sequence[Box]) -> str:
    lines = " ".join(
        f"{x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l" for box in boxes for x1, y1, x2, y2 in cut_mark_segments(box)
    )
    return f"q 0 G {CUT_MARK_WIDTH} w 0 J {lines} S Q"


def badge_pdf(
    registrations: Sequence,
    *,
    event,
    qr_text_for: Callable[[object], str],
    layout: str = "a6",
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The badges of `registrations` in one PDF: layout "a6" (one A6 badge a page), "cr80" (one ID
    card a page) or "sheet" (several badges a page on the event's paper, A4 or F4, with cut marks).
    progress(done, total), if given, is called every PROGRESS_EVERY badges and at the end."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown badge layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    if layout == "sheet":
        paper = page_size(event)
        slots = sheet_boxes(paper)
    else:
        paper = CR80_SIZE if layout == "cr80" else BADGE_SIZE
        slots = [Box(0, 0, *paper)]
    registrations = list(registrations)
    buffer = io.BytesIO()
    # Page contents are always compressed (_PageStream: zlib only). reportlab's own streams (font
    # subsets, the forms) get zlib and then ASCII85, which without its C accelerator (the rl-accel
    # package) is pure Python: then only small batches compress those.
    compression = 1 if _FAST_ASCII85 or len(registrations) <= COMPRESS_UP_TO else 0
    canvas = _BadgeCanvas(buffer, **embedded_font_only({"pagesize": paper, "pageCompression": compression}))
    canvas.setTitle(f"Tanda Peserta {event.title}")
    canvas.setAuthor(event.host_institution)
    canvas.setSubject("Tanda peserta")
    canvas.setCreator(CREATOR)
    canvas.setProducer(CREATOR)
    logo = ImageReader(io.BytesIO(event.logo)) if fits(event.logo) else None  # decoded once for all badges
    renderer = _Renderer(canvas, event, logo)
    design = renderer.layout("cr80" if layout == "cr80" else "portrait")
    marks = {}  # cut marks by the number of badges on the page
    total, per_page = len(registrations), len(slots)
    report_at = PROGRESS_EVERY
    for start in range(0, total, per_page):
        page = registrations[start : start + per_page]
        for box, registration in zip(slots, page, strict=False):  # the last page may fill only its first slots
            renderer.draw(design, box, registration, qr_text_for(registration))
        if layout == "sheet":
            if len(page) not in marks:
                marks[len(page)] = _cut_marks(slots[: len(page)])
            canvas.addLiteral(marks[len(page)])
        canvas.showPage()
        done = start + len(page)
        if progress is not None and report_at <= done < total:
            progress(done, total)
            report_at = done + PROGRESS_EVERY
    canvas.save()
    if progress is not None:
        progress(total, total)
    return buffer.getvalue()
