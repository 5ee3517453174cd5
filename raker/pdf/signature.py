"""Signature blocks: place and date, position, room for the signature, name, pangkat and NIP.

Tana Paser, 9 Agustus 2021
Kepala Biro Organisasi,

(signature)

Nama Lengkap, S.Sos.          bold, underlined
Pembina Tingkat I (IV/b)
NIP. 19860926 201505 1 001
"""

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Spacer, Table

from ..i18n import format_long_date
from ..reference.nip import format_nip
from ..reference.ranks import rank_label
from ..signer import Signer
from .document import NO_PADDING, escape_text, make_table
from .paragraph import Paragraph
from .styles import get_styles

BLOCK_WIDTH = 8 * cm
GUTTER = 0.5 * cm  # between blocks side by side
SIGNING_SPACE = 2 * cm  # room for a wet signature and the stamp
BLANK_NAME = "." * 40
BLANK_NIP = "." * 30


@dataclass(frozen=True)
class SignaturePlace:
    """Where a signer's block left room for the signature: a 0-based page and a rectangle in PDF points
    (x1, y1 bottom left, x2, y2 top right), with who is printed under it. An electronic signature's
    visible appearance goes exactly there (raker.tte)."""

    page: int
    box: tuple[float, float, float, float]
    name: str
    nip: str | None
    position: str


_places: ContextVar[list[SignaturePlace] | None] = ContextVar("signature_places", default=None)
# Set while a copy of another document is drawn (see CopyFollows): its blocks are not collected.
_copy: ContextVar[bool] = ContextVar("signature_places_copy", default=False)


@contextmanager
def collect_signature_places() -> Iterator[list[SignaturePlace]]:
    """Render a document inside this block to learn where its signature blocks were drawn:
    `with collect_signature_places() as places: pdf = render(...)`."""
    places: list[SignaturePlace] = []
    token, copy = _places.set(places), _copy.set(False)
    try:
        yield places
    finally:
        _places.reset(token)
        _copy.reset(copy)


class CopyFollows(Flowable):
    """Nothing on the page: what the story draws after it is a copy of another document (the rumusan
    attached to the laporan), whose signature blocks are that document's signers', not this one's. An
    electronic signature of this document is not asked of them (the rumusan is signed as itself)."""

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        _copy.set(True)


def report_places(places: Sequence[SignaturePlace]) -> None:
    """Hand on places an inner collect_signature_places gathered to the collector outside it, if any: a
    renderer that may build twice collects each build on its own and reports only the build it returns."""
    outer = _places.get()
    if outer is not None:
        outer.extend(places)


def signature_places_collected() -> bool:
    """Whether a document being drawn now has its signature places collected (see SignatureSpot)."""
    return _places.get() is not None


class SignatureSpot(Flowable):
    """The empty room in a signature block (for wet ink or the stamp). Drawn, it records its page and
    rectangle when someone collects them (collect_signature_places)."""

    def __init__(self, width: float, height: float, signer: "Signer"):
        super().__init__()
        self.width, self.height, self.signer = width, height, signer

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        places = _places.get()
        if places is None or _copy.get():
            return
        x, y = self.canv.absolutePosition(0, 0)
        places.append(
            SignaturePlace(
                page=self.canv.getPageNumber() - 1,
                box=(round(x, 2), round(y, 2), round(x + self.width, 2), round(y + self.height, 2)),
                name=self.signer.name,
                nip=self.signer.nip,
                position=self.signer.position,
            )
        )


def place_and_date(place: str, on: date) -> str:
    """'Tana Paser, 9 Agustus 2021' — always Indonesian: these are official documents."""
    return f"{place}, {format_long_date(on, 'id')}"


def _block_style() -> ParagraphStyle:
    return ParagraphStyle("signature", parent=get_styles().body, alignment=TA_CENTER)


def signature_block(
    signer: Signer | Mapping,
    *,
    place: str | None = None,
    on: date | None = None,
    width: float = BLOCK_WIDTH,
    reserve_date_line: bool = False,
) -> Table:
    """One block; the place and date line is printed when both are given. reserve_date_line keeps an
    empty line instead, so names line up with a dated block next to it."""
    if isinstance(signer, Mapping):
        signer = Signer.from_mapping(signer)
    style = _block_style()
    position = signer.position.strip()
    if position and not position.endswith(","):
        position += ","
    rows = []
    if place and on:
        rows.append(Paragraph(escape_text(place_and_date(place, on)), style))
    elif reserve_date_line:
        rows.append(Paragraph("&nbsp;", style))
    rows += [Paragraph(escape_text(position), style), SignatureSpot(width, SIGNING_SPACE, signer)]
    if signer.name:
        rows.append(Paragraph(f"<b><u>{escape_text(signer.name)}</u></b>", style))
        if signer.rank:
            rows.append(Paragraph(escape_text(rank_label(signer.rank)), style))
        if signer.nip:
            rows.append(Paragraph(escape_text(f"NIP. {format_nip(signer.nip)}"), style))
    else:
        rows += [Paragraph(BLANK_NAME, style), Paragraph(f"NIP. {BLANK_NIP}", style)]
    return make_table([[row] for row in rows], col_widths=[width], commands=NO_PADDING)


def signature_row(
    signers: Sequence[Signer | Mapping],
    *,
    width: float,
    place: str | None = None,
    on: date | None = None,
    per_row: int = 3,
) -> Table:
    """Signature blocks across `width`, `per_row` to a row (Pimpinan Rapat | Notulis; the tim perumus).
    A single signer sits in the right half, as on a letter. The place and date, when given, go above
    the rightmost block of the first row."""
    columns = max(2, min(per_row, len(signers)))
    column_width = width / columns
    block_width = min(BLOCK_WIDTH, column_width - GUTTER)
    cells = []
    for index, signer in enumerate(signers):
        dated = index == min(columns, len(signers)) - 1
        cells.append(
            signature_block(
                signer,
                place=place if dated else None,
                on=on if dated else None,
                width=block_width,
                reserve_date_line=bool(place and on) and index < columns,
            )
        )
    if len(cells) == 1:
        cells.insert(0, "")
    data = [cells[i : i + columns] for i in range(0, len(cells), columns)]
    data[-1] += [""] * (columns - len(data[-1]))
    return make_table(
        data,
        col_widths=[column_width] * columns,
        hAlign="LEFT",
        commands=[
            *NO_PADDING,
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
        ],
    )


def tembusan_rows(lines: Sequence[str]) -> list:
    """'Tembusan:' and its recipients (numbered when more than one), after a letter's or a keputusan's
    signature; raker.documents.docx_common.tembusan writes the same in a DOCX."""
    if not lines:
        return []
    styles = get_styles()
    rows = [Paragraph("Tembusan:", styles.small)]
    rows += [
        Paragraph(escape_text(f"{i}. {line}" if len(lines) > 1 else line), styles.small)
        for i, line in enumerate(lines, start=1)
    ]
    return [Spacer(1, 12), *rows]
