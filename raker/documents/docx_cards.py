"""Tanda peserta (badges) and kartu panitia as DOCX: the PDF's sheet layout (raker/pdf/badge.py: cards
of 94 x 132.5 mm, as many as fit on the meeting's A4/F4 paper, the grid centred) as one table whose
rows have exact heights, so LibreOffice and Word put the same cards on each page as the PDF. Each card
is a column of rows: the header (logo, meeting title, dates and venue), the person (name, jabatan,
delegation, centred), the QR code (badges), and the band shaded in the role's colour with its word
in white. Sizes are the A6 design's scaled to the card, as the PDF scales it. The PDF's cut marks
(cut_mark_segments) are line shapes anchored to the page in each section's header, behind the cards:
every page of a section has the same marks, so the last page, when it is not full, is a section of its
own with the marks of its cards only.

Takes the PDF renderers' inputs (registrations with qr_text_for, as badge_pdf; the panitia's
KartuPanitia models) and imports nothing from the domains."""

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Emu, Pt, RGBColor
from PIL import Image
from reportlab.lib.units import mm

from ..images import fits
from ..pdf.badge import (
    CUT_MARK_WIDTH,
    ROLE_COLOURS,
    ROLE_LABELS,
    SHEET_BADGE_SIZE,
    cut_mark_segments,
    meeting_line,
    sheet_boxes,
)
from ..pdf.fonts import BOLD, REGULAR, register_fonts
from ..pdf.kartu_panitia import fit_lines
from ..pdf.qr import qr_png
from ..pdf.styles import BADGE_SIZE, page_size
from .docx_common import (
    _child,
    _spacing,
    cell_margins,
    new_document,
    no_borders,
    set_title,
    set_widths,
    text_run,
    to_bytes,
)

SCALE = SHEET_BADGE_SIZE[0] / BADGE_SIZE[0]  # the A6 design on a sheet's card
PT_EMU = 12700
SLACK = 1 * mm  # the page's rows a little under its text height, so none spills onto the next page


def _emu(points: float) -> Emu:
    return Emu(int(points * PT_EMU))


@dataclass(frozen=True)
class _Card:
    name: str
    position: str
    delegation: str  # "" on a kartu panitia
    qr_text: str | None  # None: no QR code (kartu panitia)
    band_label: str
    band_colour: str  # "RRGGBB"


@dataclass(frozen=True)
class _Design:
    """Heights (points, on the sheet's card) of a card's rows and the type sizes, from the PDF's A6 design."""

    header: float
    qr: float  # 0 without a QR code
    band: float
    body: float
    qr_size: float
    band_size: float


def _design(with_qr: bool, meeting_lines: int) -> _Design:
    pad, header, meeting = 6 * mm, 16 * mm, meeting_lines * 7.5 * 1.2
    head = (pad + header + 1.5 * mm + meeting + 2 * mm) * SCALE
    if with_qr:  # raker/pdf/badge.py _Portrait: band 16 mm, QR 40 mm 3 mm above it
        band, qr, band_size = 16 * mm * SCALE, (3 + 40 + 2) * mm * SCALE, 20 * SCALE
    else:  # raker/pdf/kartu_panitia.py _Portrait: band 30 mm, no QR
        band, qr, band_size = 30 * mm * SCALE, 0.0, 26 * SCALE
    return _Design(
        header=head,
        qr=qr,
        band=band,
        body=SHEET_BADGE_SIZE[1] - head - qr - band,
        qr_size=40 * mm * SCALE,
        band_size=band_size,
    )


_LINE = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{z}"'
    ' behindDoc="1" locked="1" layoutInCell="0" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
    '<wp:docPr id="{id}" name="Garis potong {id}"/><wp:cNvGraphicFramePr/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
    '<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="{w}"><a:solidFill><a:srgbClr val="000000"/>'
    "</a:solidFill></a:ln></wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
    "</w:drawing></w:r>"
)


def cut_mark_lines(paper: tuple[float, float], slots: Sequence) -> list[tuple[int, int, int, int]]:
    """(left, top, width, height) in EMU from the page's top-left corner of each cut mark of `slots`:
    the PDF's segments (points, from the bottom-left) as Word places a shape."""
    lines = []
    for slot in slots:
        for x1, y1, x2, y2 in cut_mark_segments(slot):
            left, top = min(x1, x2), paper[1] - max(y1, y2)
            emu = [int(round(v * PT_EMU)) for v in (left, top, abs(x2 - x1), abs(y2 - y1))]
            lines.append((emu[0], emu[1], emu[2], emu[3]))
    return lines


def _cut_marks(section, paper, slots, first_id: int) -> int:
    """The cut marks of `slots` in the section's own header, as lines anchored to the page behind the
    text (the header's paragraph one point high: the cards' table stays where the margins put it)."""
    section.header.is_linked_to_previous = False
    p = section.header.paragraphs[0]
    _spacing(p)
    p.paragraph_format.line_spacing = Pt(1)
    for index, (left, top, width, height) in enumerate(cut_mark_lines(paper, slots)):
        shape_id = first_id + index
        p._p.append(
            parse_xml(
                _LINE.format(
                    x=left, y=top, cx=width, cy=height, id=shape_id, z=shape_id, w=int(CUT_MARK_WIDTH * PT_EMU)
                )
            )
        )
    return first_id + len(slots) * 8


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    for name, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", colour)):
        shading.set(qn(name), value)
    cell._tc.get_or_add_tcPr().insert_element_before(
        shading, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"
    )


def _card_margins(cell, pad: float, top: float = 0) -> None:
    """The card's inner margin on its own cells (the gutter's cells keep none)."""
    margins = OxmlElement("w:tcMar")
    for side in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round((pad if side in ("left", "right") else top if side == "top" else 0) * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    cell._tc.get_or_add_tcPr().insert_element_before(
        margins, "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"
    )


def _line(cell, text: str, font: str, size: float, *, first: bool, before: float = 0, colour=None):
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(p, before=before)
    p.paragraph_format.line_spacing = 1.0
    run = text_run(p, text)
    run.bold, run.font.size = font == BOLD, Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    return p


def _logo(event) -> tuple[bytes, float, float] | None:
    """The logo and its width and height (points) in the header's square, aspect kept."""
    if not fits(event.logo):
        return None
    with Image.open(io.BytesIO(event.logo)) as image:
        if image.format not in ("PNG", "JPEG", "GIF", "BMP"):
            return None
        width, height = image.size
    side = 16 * mm * SCALE
    ratio = side / max(width, height)
    return event.logo, width * ratio, height * ratio


class _Sheet:
    def __init__(self, event, cards: Sequence[_Card]):
        register_fonts()  # the PDF's metrics fit the texts (LibreOffice's Liberation Sans shares them)
        self.event, self.cards = event, list(cards)
        self.paper = page_size(event)
        self.slots = sheet_boxes(self.paper)
        self.columns = len({slot.x for slot in self.slots})
        self.rows_per_page = len(self.slots) // self.columns
        self.width, self.height = SHEET_BADGE_SIZE
        self.gutter = self.slots[1].x - self.slots[0].x - self.width if self.columns > 1 else 0
        self.pad = 6 * mm * SCALE
        self.inner = self.width - 2 * self.pad
        self.meeting = meeting_line(event)
        self.meeting_size, meeting_lines = fit_lines(
            self.meeting, REGULAR, 7.5 * SCALE, 6 * SCALE, self.inner - 2, 9 * mm * SCALE
        )
        self.design = _design(any(card.qr_text for card in self.cards), len(meeting_lines))
        self.logo = _logo(event)

    def _document(self):
        doc = new_document(self.event, kop=False, page_numbers=False)
        section = doc.sections[0]
        top = self.paper[1] - (self.slots[0].y + self.height)
        rows = self.rows_per_page
        used = rows * self.height + (rows - 1) * (
            self.slots[0].y - self.slots[self.columns].y - self.height if rows > 1 else 0
        )
        section.left_margin = section.right_margin = _emu(self.slots[0].x)
        section.top_margin = _emu(top)
        section.bottom_margin = _emu(max(0.0, self.paper[1] - top - used - SLACK))
        section.header_distance = section.footer_distance = _emu(0)
        return doc

    def _header(self, cell, card: _Card) -> None:
        size, _lines = fit_lines(
            self.event.title,
            BOLD,
            10 * SCALE,
            6 * SCALE,
            self.inner - (16 * mm * SCALE + 2 * mm if self.logo else 0) - 2,
            16 * mm * SCALE,
        )
        if self.logo:
            data, width, height = self.logo
            side = 16 * mm * SCALE
            nested = cell.add_table(rows=1, cols=2)
            no_borders(nested)
            cell_margins(nested, 0)
            set_widths(nested, (_emu(side + 2 * mm), _emu(self.inner - side - 2 * mm)))
            row = nested.rows[0]
            row.height, row.height_rule = _emu(side), WD_ROW_HEIGHT_RULE.EXACTLY
            logo, title = row.cells
            for part in (logo, title):
                part.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = logo.paragraphs[0]
            _spacing(p)
            p.add_run().add_picture(io.BytesIO(data), width=_emu(width), height=_emu(height))
            _line(title, self.event.title, BOLD, size, first=True)
            cell._tc.remove(cell.paragraphs[0]._p)  # the cell's own empty first paragraph, above the table
            _line(cell, self.meeting, REGULAR, self.meeting_size, first=True, before=1.5 * mm * SCALE)
        else:
            _line(cell, self.event.title, BOLD, size, first=True)
            _line(cell, self.meeting, REGULAR, self.meeting_size, first=False, before=1.5 * mm * SCALE)

    def _body(self, cell, card: _Card) -> None:
        space = self.design.body - 4 * mm * SCALE
        width = self.inner - 2
        blocks = [(card.name, BOLD, 22 * SCALE, 12 * SCALE, 0.45 if card.qr_text else 0.55)]
        if card.position:
            blocks.append(
                (
                    card.position,
                    REGULAR,
                    (10.5 if card.qr_text else 11) * SCALE,
                    7 * SCALE,
                    0.3 if card.qr_text else 0.35,
                )
            )
        if card.delegation:
            blocks.append((card.delegation, BOLD, 11 * SCALE, 7 * SCALE, 0.2))
        for index, (text, font, size, least, share) in enumerate(blocks):
            size, _lines = fit_lines(text, font, size, least, width, space * share)
            _line(cell, text, font, size, first=index == 0, before=3 * mm * SCALE if index else 0)

    def _qr(self, cell, card: _Card) -> None:
        if card.qr_text is None:  # a sheet of badges: every card has one (the design has a QR row)
            return
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(p, before=2 * mm * SCALE)
        size = _emu(self.design.qr_size)
        p.add_run().add_picture(io.BytesIO(qr_png(card.qr_text, box_size=8)), width=size, height=size)

    def _band(self, cell, card: _Card) -> None:
        _shade(cell, card.band_colour)
        size, _lines = fit_lines(
            card.band_label,
            BOLD,
            self.design.band_size,
            self.design.band_size * 0.5,
            self.inner,
            self.design.band * 0.8,
        )
        _line(cell, card.band_label, BOLD, size, first=True, colour=RGBColor(0xFF, 0xFF, 0xFF))

    def render(self, title: str) -> bytes:
        doc = self._document()
        per_page = self.columns * self.rows_per_page
        full = len(self.cards) - len(self.cards) % per_page if len(self.cards) > per_page else len(self.cards)
        shape_id = _cut_marks(doc.sections[0], self.paper, self.slots[: min(per_page, len(self.cards))], 1000)
        self._table(doc, self.cards[:full])
        if full < len(self.cards):  # the last page, not full: its own section with its cards' marks only
            section = doc.add_section(WD_SECTION.NEW_PAGE)  # ends the last section with a paragraph of its own
            self._squeeze(doc.paragraphs[-1])
            _cut_marks(section, self.paper, self.slots[: len(self.cards) - full], shape_id)
            self._table(doc, self.cards[full:])
        self._end(doc)
        set_title(doc, title)
        return to_bytes(doc)

    @staticmethod
    def _squeeze(paragraph) -> None:
        """One point high, under the last row: the page's text height leaves room for no more."""
        _spacing(paragraph)
        paragraph.paragraph_format.line_spacing = Pt(1)

    def _end(self, doc) -> None:
        """Word ends a body with a paragraph."""
        self._squeeze(doc.add_paragraph())

    def _table(self, doc, cards: Sequence[_Card]) -> None:
        table = doc.add_table(rows=0, cols=2 * self.columns - 1)
        no_borders(table)
        parts = [
            ("header", self.design.header, self._header),
            ("body", self.design.body, self._body),
            *([("qr", self.design.qr, self._qr)] if self.design.qr else []),
            ("band", self.design.band, self._band),
        ]
        per_page = self.columns * self.rows_per_page
        for start in range(0, len(cards), self.columns):
            line = cards[start : start + self.columns]
            if start % per_page:  # the gutter between two rows of cards on a page
                gutter = table.add_row()
                gutter.height, gutter.height_rule = _emu(self.gutter), WD_ROW_HEIGHT_RULE.EXACTLY
            for name, height, draw in parts:
                row = table.add_row()
                row.height, row.height_rule = _emu(height), WD_ROW_HEIGHT_RULE.EXACTLY
                for column, card in enumerate(line):
                    cell = row.cells[2 * column]
                    cell.vertical_alignment = (
                        WD_CELL_VERTICAL_ALIGNMENT.CENTER
                        if name in ("body", "band")
                        else WD_CELL_VERTICAL_ALIGNMENT.TOP
                    )
                    _card_margins(cell, self.pad, self.pad if name == "header" else 0)
                    draw(cell, card)
        widths = []
        for column in range(self.columns):
            widths += [_emu(self.width)] + ([_emu(self.gutter)] if column < self.columns - 1 else [])
        set_widths(table, widths)
        cell_margins(table, 0)
        for row in table.rows:
            _child(row._tr.get_or_add_trPr(), "w:cantSplit")
            for cell in row.cells:  # a card's rows stay on one page
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True


def _hex(colour) -> str:
    return colour.hexval()[2:].upper()


def badges_docx(registrations: Sequence, *, event, qr_text_for: Callable[[object], str]) -> bytes:
    """The badges of `registrations` on sheets, as badge_pdf(layout="sheet") prints them."""
    cards = [
        _Card(
            name=r.full_name,
            position=r.position or "",
            delegation=r.delegation.name,
            qr_text=qr_text_for(r),
            band_label=ROLE_LABELS.get(r.role, r.role.upper()),
            band_colour=_hex(ROLE_COLOURS.get(r.role, ROLE_COLOURS["peserta"])),
        )
        for r in registrations
    ]
    return _Sheet(event, cards).render(f"Tanda Peserta {event.title}")


def kartu_docx(event, cards: Sequence) -> bytes:
    """The kartu panitia (raker.panitia.services.KartuPanitia) on sheets, as kartu_pdf(layout="sheet")."""
    return _Sheet(
        event,
        [
            _Card(
                name=c.name,
                position=c.position,
                delegation="",
                qr_text=None,
                band_label=c.band_label,
                band_colour=c.band_colour.lstrip("#").upper(),
            )
            for c in cards
        ],
    ).render(f"Kartu Panitia {event.title}")
