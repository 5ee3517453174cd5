"""Kartu panitia: the committee's cards, on the participant badges' sheet layouts (raker/pdf/badge.py:
A4/F4 sheet with cut marks, CR80 ID card, A6): the logo and meeting title at the top, the dates and
venue, the name and jabatan, and a colour band with the kartu role ("PANITIA", "PROTOKOL", "PEMBAWA ACARA" …).

No QR code: check-in scans registered participants only (a committee member is not one), so a code
on the card would be a code every gate refuses. A committee is a few dozen cards, not a thousand:
drawn with plain canvas calls, not the badges' pre-built page streams.

Takes the models (raker.panitia.services.KartuPanitia) and imports nothing from the domains."""

import io
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

from ..images import fits
from ..safe_text import strip_control_characters
from .badge import CR80_SIZE, CUT_MARK_WIDTH, LEADING, Box, cut_mark_segments, meeting_line, sheet_boxes
from .document import CREATOR, embedded_font_only
from .fonts import BOLD, REGULAR
from .styles import BADGE_SIZE, page_size

LAYOUTS = ("sheet", "cr80", "a6")
ASCENT = 0.905  # Liberation Sans: the first baseline this far (per em) below the top of a block


def fit_lines(text: str, font: str, size: float, min_size: float, width: float, max_height: float):
    """The largest size (half points down to min_size) at which `text` wrapped to `width` fits.
    Control characters (in rows older than the input guard) are dropped: they print as boxes."""
    text = " ".join(strip_control_characters(text or "").split())
    while True:
        lines = simpleSplit(text, font, size, width) or [""]
        if len(lines) * size * LEADING <= max_height or size <= min_size:
            return size, lines
        size = max(min_size, size - 0.5)


def _draw_lines(
    canvas, lines, font: str, size: float, top: float, left: float, width: float, *, centred: bool = True
) -> float:
    """Draws the lines from `top` down; returns the y under the last one."""
    canvas.setFont(font, size)
    y = top - ASCENT * size
    for line in lines:
        if centred:
            canvas.drawCentredString(left + width / 2, y, line)
        else:
            canvas.drawString(left, y, line)
        y -= size * LEADING
    return top - len(lines) * size * LEADING


class _Card:
    """One card design in its own units; subclasses place the parts."""

    def __init__(self, event, logo: ImageReader | None, width: float, height: float):
        self.event, self.logo, self.width, self.height = event, logo, width, height
        self.meeting = meeting_line(event)

    def _logo(self, canvas, x: float, y: float, size: float) -> float:
        """The logo in a size x size square at (x, y); the width it took (0 without a logo)."""
        if self.logo is None:
            return 0
        image_width, image_height = self.logo.getSize()
        ratio = size / max(image_width, image_height)
        canvas.drawImage(
            self.logo,
            x + (size - image_width * ratio) / 2,
            y + (size - image_height * ratio) / 2,
            image_width * ratio,
            image_height * ratio,
            mask="auto",
        )
        return size

    def _band(self, canvas, card, height: float, label_size: float, *, centred: bool = True, pad: float = 0):
        canvas.setFillColor(colors.HexColor(card.band_colour))
        canvas.rect(0, 0, self.width, height, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        size, lines = fit_lines(
            card.band_label, BOLD, label_size, label_size * 0.5, self.width - 2 * max(pad, 3 * mm), height * 0.8
        )
        block = len(lines) * size * LEADING
        _draw_lines(canvas, lines, BOLD, size, (height + block) / 2, pad, self.width - 2 * pad, centred=centred)
        canvas.setFillColor(colors.black)


class _Portrait(_Card):
    """A6 (and the sheet's cards, scaled): header with logo and title, the meeting line, name and
    jabatan in the middle, a tall colour band at the bottom (where a badge has its QR code)."""

    def draw(self, canvas, card) -> None:
        pad, header = 6 * mm, 16 * mm
        inner = self.width - 2 * pad
        top = self.height - pad
        used = self._logo(canvas, pad, top - header, header)
        left = pad + (used + 2 * mm if used else 0)
        size, lines = fit_lines(self.event.title, BOLD, 10, 6, inner - (used + 2 * mm if used else 0), header)
        block = len(lines) * size * LEADING
        _draw_lines(
            canvas, lines, BOLD, size, top - max(0, header - block) / 2, left, inner - (used + 2 * mm if used else 0)
        )
        size, lines = fit_lines(self.meeting, REGULAR, 7.5, 6, inner, 9 * mm)
        below = _draw_lines(canvas, lines, REGULAR, size, top - header - 1.5 * mm, pad, inner)
        band = 30 * mm
        space_top, space_bottom = below - 4 * mm, band + 4 * mm
        space = space_top - space_bottom
        name_size, name_lines = fit_lines(card.name, BOLD, 22, 12, inner, space * 0.55)
        position_size, position_lines = fit_lines(card.position, REGULAR, 11, 7, inner, space * 0.35)
        total = (len(name_lines) * name_size + len(position_lines) * position_size) * LEADING + 3 * mm
        y = space_top - max(0, space - total) / 2
        y = _draw_lines(canvas, name_lines, BOLD, name_size, y, pad, inner) - 3 * mm
        _draw_lines(canvas, position_lines, REGULAR, position_size, y, pad, inner)
        self._band(canvas, card, band, 26)  # last: the text then reads top to bottom


class _IdCard(_Card):
    """CR80 landscape: logo and title at the top left, the meeting line, name and jabatan, the band
    along the bottom."""

    def draw(self, canvas, card) -> None:
        pad, header = 3 * mm, 9 * mm
        inner = self.width - 2 * pad
        top = self.height - pad
        used = self._logo(canvas, pad, top - header, header)
        left = pad + (used + 1.5 * mm if used else 0)
        width = inner - (used + 1.5 * mm if used else 0)
        size, lines = fit_lines(self.event.title, BOLD, 7, 4.5, width, header)
        block = len(lines) * size * LEADING
        _draw_lines(canvas, lines, BOLD, size, top - max(0, header - block) / 2, left, width, centred=False)
        size, lines = fit_lines(self.meeting, REGULAR, 5.5, 4.5, inner, 5 * mm)
        below = _draw_lines(canvas, lines, REGULAR, size, top - header - 0.8 * mm, pad, inner, centred=False)
        band = 11 * mm
        space_top, space_bottom = below - 1.5 * mm, band + 1.5 * mm
        space = space_top - space_bottom
        name_size, name_lines = fit_lines(card.name, BOLD, 13, 7, inner, space * 0.55)
        position_size, position_lines = fit_lines(card.position, REGULAR, 7.5, 5, inner, space * 0.4)
        y = _draw_lines(canvas, name_lines, BOLD, name_size, space_top, pad, inner, centred=False) - 1.2 * mm
        _draw_lines(canvas, position_lines, REGULAR, position_size, y, pad, inner, centred=False)
        self._band(canvas, card, band, 15, centred=False, pad=pad)


def _cut_marks(canvas, boxes: Sequence[Box]) -> None:
    canvas.saveState()
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(CUT_MARK_WIDTH)
    for box in boxes:
        for x1, y1, x2, y2 in cut_mark_segments(box):
            canvas.line(x1, y1, x2, y2)
    canvas.restoreState()


def kartu_pdf(event, cards: Sequence, *, layout: str = "sheet") -> bytes:
    """The cards in one PDF: "sheet" (as many as fit on the event's A4/F4 paper, cut marks), "cr80"
    (one ID card a page) or "a6" (one a page)."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown kartu layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    if layout == "sheet":
        paper = page_size(event)
        slots = sheet_boxes(paper)
    else:
        paper = CR80_SIZE if layout == "cr80" else BADGE_SIZE
        slots = [Box(0, 0, *paper)]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, **embedded_font_only({"pagesize": paper}))
    canvas.setTitle(f"Kartu Panitia {event.title}")
    canvas.setAuthor(event.host_institution)
    canvas.setSubject("Kartu panitia")
    canvas.setCreator(CREATOR)
    canvas.setProducer(CREATOR)
    logo = ImageReader(io.BytesIO(event.logo)) if fits(event.logo) else None
    design: _Card
    if layout == "cr80":
        design = _IdCard(event, logo, *CR80_SIZE)
    else:  # the A6 design; on a sheet scaled to the slot's width, its height kept in proportion
        width, height = (
            BADGE_SIZE if layout == "a6" else (BADGE_SIZE[0], BADGE_SIZE[0] * slots[0].height / slots[0].width)
        )
        design = _Portrait(event, logo, width, height)
    cards = list(cards)
    for start in range(0, len(cards), len(slots)):
        page = cards[start : start + len(slots)]
        for box, card in zip(slots, page, strict=False):  # the last page may fill only its first slots
            canvas.saveState()
            canvas.translate(box.x, box.y)
            scale = box.width / design.width
            canvas.scale(scale, scale)
            design.draw(canvas, card)
            canvas.restoreState()
        if layout == "sheet":
            _cut_marks(canvas, slots[: len(page)])
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
