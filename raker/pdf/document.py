"""Building a PDF: page layout, kop on the first page, "Halaman 1 dari 3", metadata, safe text."""

import io
from collections import Counter
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import _FrameBreak  # what KeepTogether puts first when it moves on

from .fonts import REGULAR, register_fonts
from .letterhead import Letterhead
from .markup import escape_text
from .paragraph import Paragraph
from .styles import MARGINS, get_styles, page_size

CREATOR = "Raker"
NO_PADDING = [(f"{side}PADDING", (0, 0), (-1, -1), 0) for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")]
PAGE_NUMBER_SIZE = 9


def link_markup(url: str, text: str | None = None) -> str:
    """A clickable link (an app-made URL) for a paragraph, its text escaped like any other."""
    href = escape(url, {'"': "&quot;"})
    return f'<link href="{href}">{escape_text(url if text is None else text)}</link>'


def para(text, style=None) -> Paragraph:
    """A paragraph of user text, never interpreted as markup."""
    return Paragraph(escape_text(text), style or get_styles().body)


def make_table(data, *, col_widths, commands=(), **kwargs) -> Table:
    """A reportlab Table in our font. Use this for every table: a plain Table sets Helvetica for
    each cell, which then sits in the PDF without being embedded."""
    table = Table(data, colWidths=col_widths, **kwargs)
    table.setStyle(
        TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), ("TEXTCOLOR", (0, 0), (-1, -1), colors.black), *commands])
    )
    return table


def label_value_table(rows: Sequence[tuple[str, object]], *, width: float, label_width: float, style=None) -> Table:
    """'Hari/tanggal : Senin, 9 Agustus 2021' rows without borders, values wrapping under themselves.
    Values may be text (escaped) or flowables."""
    cell = style or get_styles().body_left
    colon_width = 10
    data = [
        [para(label, cell), para(":", cell), value if isinstance(value, Flowable) else para(value, cell)]
        for label, value in rows
    ]
    return make_table(
        data,
        col_widths=[label_width, colon_width, width - label_width - colon_width],
        hAlign="LEFT",
        commands=[
            *NO_PADDING,
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ],
    )


class KeepWithTail(KeepTogether):
    """The end of a list kept on one page with what signs it off (its last row, the total, the
    signatures). When they move to the next page they are swapped for `moved`, which carries the
    list's column header (and the delegation's "(lanjutan)"), as the table's own repeated header would."""

    def __init__(self, flowables, moved):
        super().__init__(flowables)
        self._moved = moved

    def split(self, aW, aH):
        pieces = super().split(aW, aH)
        if pieces and isinstance(pieces[0], _FrameBreak):
            return [pieces[0], *self._moved]
        return pieces


class SectionStart(Flowable):
    """Marks where a new document starts inside one PDF (one letter per delegation), so page
    numbers count within it: each letter says 'Halaman 1 dari 1', not 'Halaman 7 dari 11'."""

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.canv.section += 1


def embedded_font_only(canvas_kwargs: dict) -> dict:
    """Canvas arguments that start each page in our font: reportlab's default start font is
    Helvetica, which would be referenced on every page without being embedded."""
    register_fonts()
    return {**canvas_kwargs, "initialFontName": REGULAR}


class _NumberedCanvas(Canvas):
    """Keeps pages back until the end, when each section's page count is known."""

    def __init__(self, *args, page_numbers: bool = True, **kwargs):
        super().__init__(*args, **embedded_font_only(kwargs))
        self.section = 0
        self.page_numbers = page_numbers
        self._pages: list[tuple[dict, int]] = []

    def showPage(self):
        self._pages.append((dict(self.__dict__), self.section))
        self._startPage()

    def save(self):
        totals = Counter(section for _, section in self._pages)
        seen: Counter = Counter()
        for state, section in self._pages:
            self.__dict__.update(state)
            seen[section] += 1
            if self.page_numbers:
                self._draw_page_number(seen[section], totals[section])
            super().showPage()
        super().save()

    def _draw_page_number(self, number: int, total: int) -> None:
        width, _ = self._pagesize
        self.setFont(REGULAR, PAGE_NUMBER_SIZE)
        self.setFillColor(colors.black)
        self.drawCentredString(width / 2, MARGINS.bottom / 2, f"Halaman {number} dari {total}")


def build_sections_pdf(
    event,
    sections: Sequence[Sequence[Flowable]],
    *,
    title: str,
    letterhead: bool = True,
    author: str | None = None,
    subject: str = "",
    page_numbers: bool = True,
) -> bytes:
    """Several documents in one PDF (e.g. one letter per delegation): each starts on a new page,
    with its own kop and its own page count."""
    buffer = io.BytesIO()
    width, height = page_size(event)
    doc = BaseDocTemplate(
        buffer,
        pagesize=(width, height),
        leftMargin=MARGINS.left,
        rightMargin=MARGINS.right,
        topMargin=MARGINS.top,
        bottomMargin=MARGINS.bottom,
        title=title,
        author=author or event.host_institution,
        subject=subject,
        creator=CREATOR,
        producer=CREATOR,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    story: list[Flowable] = []
    for index, section in enumerate(sections):
        if index:
            story.append(PageBreak())
        story.append(SectionStart())
        if letterhead:
            story.append(Letterhead(event))
        story.extend(section)

    def canvasmaker(*args, **kwargs):
        return _NumberedCanvas(*args, page_numbers=page_numbers, **kwargs)

    doc.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()


def build_pdf(
    event,
    story: Sequence[Flowable],
    *,
    title: str,
    letterhead: bool = True,
    author: str | None = None,
    subject: str = "",
    page_numbers: bool = True,
) -> bytes:
    """One official document on the event's paper: kop on the first page, page numbers on every page."""
    return build_sections_pdf(
        event, [story], title=title, letterhead=letterhead, author=author, subject=subject, page_numbers=page_numbers
    )
