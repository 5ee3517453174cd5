"""The kop surat: logo at the left, centred government / unit / contact lines, a thick and a thin rule.

Drawn as a flowable so any document (and every letter of a bundle) can start with it.
"""

import io

from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from ..images import fits
from .markup import escape_text
from .paragraph import Paragraph
from .styles import get_styles

LOGO_BOX = 2.3 * cm  # the logo fits in this square; the same width is kept free on the right to centre the text
THICK_RULE = 2.25
THIN_RULE = 0.75
RULE_GAP = 1.5  # between the thick and the thin rule
SPACE_BELOW_TEXT = 4
SPACE_AFTER = 14


def letterhead_lines(event) -> list[tuple[str, str]]:
    """(style name, text) of each kop line; empty fields are left out."""
    government = ((event.letterhead_government or "").strip() or (event.host_institution or "").strip()).upper()
    lines = [("kop_government", government)]
    unit, address = (event.letterhead_unit or "").strip(), (event.letterhead_address or "").strip()
    if unit:
        lines.append(("kop_unit", unit.upper()))
    if address:
        lines.append(("kop_contact", address))
    # A no-break space keeps each label with its value when the line wraps.
    contacts = [
        f"{label}\u00a0{value.strip()}"
        for label, value in (
            ("Telepon", event.letterhead_phone),
            ("Pos-el", event.letterhead_email),
            ("Laman", event.letterhead_website),
        )
        if value and value.strip()
    ]
    if contacts:
        lines.append(("kop_contact", ", ".join(contacts)))
    return lines


class Letterhead(Flowable):
    def __init__(self, event):
        super().__init__()
        styles = get_styles()
        self.paragraphs = [
            Paragraph(escape_text(text), getattr(styles, style)) for style, text in letterhead_lines(event)
        ]
        self.logo = ImageReader(io.BytesIO(event.logo)) if fits(event.logo) else None

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        text_width = avail_width - 2 * LOGO_BOX
        self.text_height = sum(p.wrap(text_width, avail_height)[1] for p in self.paragraphs)
        self.band_height = max(LOGO_BOX if self.logo else 0, self.text_height)
        self.height = self.band_height + SPACE_BELOW_TEXT + THICK_RULE + RULE_GAP + THIN_RULE + SPACE_AFTER
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        band_bottom = self.height - self.band_height
        if self.logo:
            self._draw_logo(self.logo, band_bottom)
        # Text centred vertically in the band, horizontally on the page.
        y = band_bottom + (self.band_height + self.text_height) / 2
        for paragraph in self.paragraphs:
            y -= paragraph.height
            paragraph.drawOn(canvas, LOGO_BOX, y)

        canvas.saveState()
        canvas.setStrokeColor(colors.black)
        thick_y = band_bottom - SPACE_BELOW_TEXT - THICK_RULE / 2
        canvas.setLineWidth(THICK_RULE)
        canvas.line(0, thick_y, self.width, thick_y)
        thin_y = thick_y - THICK_RULE / 2 - RULE_GAP - THIN_RULE / 2
        canvas.setLineWidth(THIN_RULE)
        canvas.line(0, thin_y, self.width, thin_y)
        canvas.restoreState()

    def _draw_logo(self, logo: ImageReader, band_bottom: float) -> None:
        image_width, image_height = logo.getSize()
        scale = LOGO_BOX / max(image_width, image_height)
        width, height = image_width * scale, image_height * scale
        x = (LOGO_BOX - width) / 2
        y = band_bottom + (self.band_height - height) / 2
        self.canv.drawImage(logo, x, y, width, height, mask="auto")
