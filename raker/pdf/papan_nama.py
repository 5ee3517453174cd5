"""Papan nama meja (table tents) as a PDF: one landscape sheet of the event's paper per person, folded
along its middle into a tent that stands on the table. The text is printed on both halves, the upper
half turned 180° so that each face reads upright once folded; a dashed line marks the fold.

    ┌───────────────────────────────────────────┐
    │      (the lower face, turned over)        │   upper half, rotated 180°
    ├ - - - - - - - - - fold - - - - - - - - - -┤
    │                NARASUMBER                 │   the role (if any)
    │      Dr. H. Yusmadi, S.Sos., M.Si.        │   the name, bold, as large as fits
    │          Kabupaten Paser                  │   delegation or office
    │  Rapat Kerja Bidang Ketatalaksanaan …     │   the meeting, small, at the table edge
    └───────────────────────────────────────────┘

The names are set in one size for the whole set, the largest at which the longest name fits the face
(on one line, or on two broken at spaces; a word is never split), so a speakers' table reads as one.
Each face is a reportlab Drawing (face_drawing), which the DOCX also uses as a picture. Takes the
domain's TableTentDocument (duck-typed) and imports nothing from the domains."""

import io
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .document import CREATOR, embedded_font_only
from .fonts import BOLD, REGULAR, register_fonts
from .styles import page_size

SIDE_MARGIN = 1.5 * cm
FOLD_MARGIN = 1.2 * cm  # below the fold: a tent's top edge is rounded off by the fold
EDGE_MARGIN = 1.0 * cm  # above the table
NAME_SIZES = (96, 24)  # largest and smallest name size in points
ONE_LINE_PREFERENCE = 0.75  # one line unless two lines allow a name a third larger
NAME_LEADING = 1.12
ROLE_SIZE = 18
DETAIL_SIZES = (30, 12)
TITLE_SIZES = (10, 6)
GAP = 10


@dataclass(frozen=True)
class FaceText:
    """One line drawn centred on the face: text, font, size and its baseline above the table edge."""

    text: str
    font: str
    size: float
    y: float


def face_size(event) -> tuple[float, float]:
    """A face is the landscape sheet's half: the full width, half the height."""
    width, height = page_size(event)
    return max(width, height), min(width, height) / 2


def wrap(text: str, font: str, size: float, width: float) -> list[str] | None:
    """`text` broken at spaces into lines no wider than `width`; None when one word alone is wider."""
    lines: list[str] = []
    for word in text.split():
        if stringWidth(word, font, size) > width:
            return None
        if lines and stringWidth(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def largest_fit(
    text: str,
    font: str,
    width: float,
    height: float,
    sizes: tuple[float, float],
    *,
    max_lines: int,
    leading: float = 1.2,
) -> float:
    """The largest size (whole points, down from sizes[0]) at which `text` fits in `max_lines` lines
    of `width` and in `height`; below sizes[1] only when a word alone would not fit even there."""
    size = float(sizes[0])
    while size > 1:
        lines = wrap(text, font, size, width)
        if lines is not None and len(lines) <= max_lines and len(lines) * size * leading <= height:
            return size
        size -= 1 if size > sizes[1] else 0.5
    return 1.0


def _budget(face_height: float) -> float:
    """The height left for the name once the role, the detail and the meeting have their lines."""
    return (
        face_height
        - FOLD_MARGIN
        - EDGE_MARGIN
        - TITLE_SIZES[0] * 1.2
        - ROLE_SIZE * 1.2
        - DETAIL_SIZES[0] * 1.2
        - 3 * GAP
    )


def name_size(names, width: float, face_height: float) -> float:
    """One size for every name of the set: the largest at which each fits (one line preferred)."""
    register_fonts()
    room = width - 2 * SIDE_MARGIN
    budget = _budget(face_height)
    sizes = []
    for name in names:
        one = largest_fit(name, BOLD, room, budget, NAME_SIZES, max_lines=1, leading=NAME_LEADING)
        two = largest_fit(name, BOLD, room, budget, NAME_SIZES, max_lines=2, leading=NAME_LEADING)
        sizes.append(one if one >= ONE_LINE_PREFERENCE * two else two)
    return min(sizes, default=NAME_SIZES[0])


def face_lines(tent, event_title: str, size: float, width: float, face_height: float) -> list[FaceText]:
    """The lines of one face from the fold down (role, name, delegation or office, centred in the
    room between), then the meeting at the table edge; y is each line's baseline."""
    room = width - 2 * SIDE_MARGIN
    title_size = largest_fit(event_title, REGULAR, room, TITLE_SIZES[0] * 1.2, TITLE_SIZES, max_lines=1)
    name = wrap(tent.name, BOLD, size, room) or [tent.name]
    # The delegation or office on one line, or on two at half the height when it is long.
    detail_size = (
        largest_fit(tent.detail, REGULAR, room, DETAIL_SIZES[0] * 1.2, DETAIL_SIZES, max_lines=2)
        if tent.detail
        else DETAIL_SIZES[0]
    )
    detail = (wrap(tent.detail, REGULAR, detail_size, room) or [tent.detail]) if tent.detail else []
    block: list[tuple[str, str, float, float, float]] = []  # (text, font, size, leading, space above) top to bottom
    if tent.role:
        block.append((tent.role.upper(), BOLD, ROLE_SIZE, 1.2, 0))
    block += [
        (line, BOLD, size, NAME_LEADING, GAP if index == 0 and tent.role else 0) for index, line in enumerate(name)
    ]
    block += [(line, REGULAR, detail_size, 1.2, GAP if index == 0 else 0) for index, line in enumerate(detail)]
    bottom = EDGE_MARGIN + TITLE_SIZES[0] * 1.2 + GAP
    top = face_height - FOLD_MARGIN
    total = sum(font_size * leading + space for _, _, font_size, leading, space in block)
    cursor = top - max(0.0, top - bottom - total) / 2  # the block centred in its band
    lines = []
    for text, font, font_size, leading, space in block:
        cursor -= space + font_size * leading
        # The baseline sits above the line's foot by the descent (about a fifth of the size).
        lines.append(FaceText(text, font, font_size, cursor + font_size * (leading - 1) / 2 + font_size * 0.21))
    lines.append(FaceText(event_title, REGULAR, title_size, EDGE_MARGIN))
    return lines


def face_drawing(tent, event_title: str, size: float, width: float, face_height: float) -> Drawing:
    drawing = Drawing(width, face_height)
    for line in face_lines(tent, event_title, size, width, face_height):
        drawing.add(
            String(
                width / 2,
                line.y,
                line.text,
                fontName=line.font,
                fontSize=line.size,
                fillColor=colors.black,
                textAnchor="middle",
            )
        )
    return drawing


def _draw_face(canvas, lines: list[FaceText], width: float) -> None:
    # Drawn on the canvas, not through renderPDF, which starts every drawing in Helvetica (never embedded).
    canvas.setFillColor(colors.black)
    for line in lines:
        canvas.setFont(line.font, line.size)
        canvas.drawCentredString(width / 2, line.y, line.text)


def papan_nama_pdf(event, document) -> bytes:
    width, face_height = face_size(event)
    size = name_size([tent.name for tent in document.tents], width, face_height)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, **embedded_font_only({"pagesize": (width, 2 * face_height)}))
    canvas.setTitle(document.file_title)
    canvas.setAuthor(event.host_institution or CREATOR)
    canvas.setSubject("Papan nama meja")
    canvas.setCreator(CREATOR)
    canvas.setProducer(CREATOR)
    for tent in document.tents:
        lines = face_lines(tent, document.event_title, size, width, face_height)
        _draw_face(canvas, lines, width)  # the lower face, upright as printed
        canvas.saveState()
        canvas.translate(width, 2 * face_height)  # the upper face turned 180° about the sheet's centre
        canvas.rotate(180)
        _draw_face(canvas, lines, width)
        canvas.restoreState()
        canvas.saveState()
        canvas.setStrokeColor(colors.Color(0.55, 0.55, 0.55))
        canvas.setLineWidth(0.5)
        canvas.setDash(4, 4)
        canvas.line(0, face_height, width, face_height)  # the fold
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
