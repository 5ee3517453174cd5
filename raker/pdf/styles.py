"""Paper sizes, margins and paragraph styles shared by every document."""

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm

from .fonts import BOLD, REGULAR, register_fonts

# F4 (folio) as used by Indonesian offices: 215 x 330 mm. Not US Legal (216 x 356 mm).
F4 = (215 * mm, 330 * mm)
PAPER_SIZES = {"A4": A4, "F4": F4}
BADGE_SIZE = A6

BLACK = "#000000"


@dataclass(frozen=True)
class Margins:
    top: float
    right: float
    bottom: float
    left: float


# Tata naskah dinas: a wider left margin for binding, about 2 cm elsewhere.
MARGINS = Margins(top=2 * cm, right=2 * cm, bottom=2 * cm, left=3 * cm)


def page_size(event) -> tuple[float, float]:
    """The event's paper (A4 or F4) in points; A4 when the setting is unknown."""
    return PAPER_SIZES.get(event.paper_size, A4)


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle  # justified letter text
    body_left: ParagraphStyle
    title: ParagraphStyle  # centred bold document title ("SURAT UNDANGAN", "NOTULEN")
    heading: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle  # table cells
    cell_bold: ParagraphStyle
    kop_government: ParagraphStyle
    kop_unit: ParagraphStyle
    kop_contact: ParagraphStyle


@lru_cache(maxsize=1)
def get_styles() -> Styles:
    register_fonts()
    # bulletFontName: reportlab sets list numbers ("1.", "A.") in Helvetica unless told, a base-14
    # font that is never embedded; every style below inherits ours.
    body = ParagraphStyle(
        "body", fontName=REGULAR, bulletFontName=REGULAR, fontSize=11, leading=14, alignment=TA_JUSTIFY, textColor=BLACK
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=10, leading=12.5, alignment=TA_LEFT)
    kop = ParagraphStyle("kop", fontName=BOLD, bulletFontName=BOLD, alignment=TA_CENTER, textColor=BLACK)
    return Styles(
        body=body,
        body_left=ParagraphStyle("body_left", parent=body, alignment=TA_LEFT),
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=BOLD,
            bulletFontName=BOLD,
            fontSize=13,
            leading=17,
            alignment=TA_CENTER,
            spaceAfter=6,
        ),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=BOLD, bulletFontName=BOLD, alignment=TA_LEFT, spaceBefore=6, spaceAfter=3
        ),
        small=ParagraphStyle("small", parent=body, fontSize=9, leading=11, alignment=TA_LEFT),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=BOLD, bulletFontName=BOLD),
        kop_government=ParagraphStyle("kop_government", parent=kop, fontSize=14, leading=17),
        kop_unit=ParagraphStyle("kop_unit", parent=kop, fontSize=13, leading=16),
        kop_contact=ParagraphStyle(
            "kop_contact", parent=kop, fontName=REGULAR, bulletFontName=REGULAR, fontSize=9, leading=11
        ),
    )
