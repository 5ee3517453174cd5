"""Tanda peserta (badges): for now one A6 badge per page.

draw_badge() lays a badge out inside any portrait box on a canvas, so an A4 sheet of four A6 badges
with cut marks can reuse it; a CR80 card (landscape) will want its own layout function.
"""
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .document import CREATOR, embedded_font_only, escape_text
from .fonts import BOLD, REGULAR
from .qr import draw_qr
from .styles import BADGE_SIZE

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


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float


def _style(font: str, size: float) -> ParagraphStyle:
    return ParagraphStyle("badge", fontName=font, fontSize=size, leading=size * 1.2, alignment=TA_CENTER)


def _fitted(text: str, font: str, size: float, min_size: float, width: float, max_height: float) -> Paragraph:
    """The paragraph at the largest size (down to min_size) that fits in width x max_height."""
    while True:
        paragraph = Paragraph(escape_text(text), _style(font, size))
        _, height = paragraph.wrap(width, max_height)
        if height <= max_height or size <= min_size:
            return paragraph
        size -= 1


def draw_badge(canvas, box: Box, *, registration, event, qr_text: str, logo: ImageReader | None = None) -> None:
    """One badge in `box` (portrait): event, name, jabatan, delegation, QR code, role band."""
    scale = box.width / DESIGN_WIDTH
    pad = 6 * mm * scale
    inner_x, inner_width = box.x + pad, box.width - 2 * pad
    top = box.y + box.height - pad

    # Header: logo at the left, event title beside it.
    header_height = 16 * mm * scale
    title_x, title_width = inner_x, inner_width
    if logo is not None:
        image_width, image_height = logo.getSize()
        ratio = header_height / max(image_width, image_height)
        canvas.drawImage(logo, inner_x, top - header_height, image_width * ratio, image_height * ratio, mask="auto")
        title_x, title_width = inner_x + header_height + 2 * mm * scale, inner_width - header_height - 2 * mm * scale
    title = _fitted(event.title, BOLD, 10 * scale, 6 * scale, title_width, header_height)
    _, title_height = title.wrap(title_width, header_height)
    title.drawOn(canvas, title_x, top - (header_height + title_height) / 2)
    top -= header_height + 6 * mm * scale

    # Role band at the bottom, the QR code just above it.
    role = registration.role
    band_height = 16 * mm * scale
    canvas.saveState()
    canvas.setFillColor(ROLE_COLOURS.get(role, colors.black))
    canvas.rect(box.x, box.y, box.width, band_height, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    label_size = 20 * scale
    canvas.setFont(BOLD, label_size)
    canvas.drawCentredString(box.x + box.width / 2, box.y + (band_height - 0.7 * label_size) / 2,
                             ROLE_LABELS.get(role, role.upper()))
    canvas.restoreState()

    qr_size = 40 * mm * scale
    qr_bottom = box.y + band_height + 3 * mm * scale
    draw_qr(canvas, qr_text, box.x + (box.width - qr_size) / 2, qr_bottom, qr_size)

    # Name, jabatan and delegation, centred in the space left between header and QR code.
    space = top - (qr_bottom + qr_size + 2 * mm * scale)
    gap = 3 * mm * scale
    blocks = [_fitted(registration.full_name, BOLD, 22 * scale, 12 * scale, inner_width, space * 0.45)]
    if registration.position:
        blocks.append(_fitted(registration.position, REGULAR, 10.5 * scale, 7 * scale, inner_width, space * 0.3))
    blocks.append(_fitted(registration.delegation.name, BOLD, 11 * scale, 7 * scale, inner_width, space * 0.2))
    heights = [block.wrap(inner_width, space)[1] for block in blocks]
    top -= max(0, space - sum(heights) - gap * (len(blocks) - 1)) / 2
    for block, height in zip(blocks, heights):
        block.drawOn(canvas, inner_x, top - height)
        top -= height + gap


def badge_pdf(registrations: Sequence, *, event, qr_text_for: Callable[[object], str]) -> bytes:
    """One A6 badge per page."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, **embedded_font_only({"pagesize": BADGE_SIZE}))
    canvas.setTitle(f"Tanda Peserta {event.title}")
    canvas.setAuthor(event.host_institution)
    canvas.setSubject("Tanda peserta")
    canvas.setCreator(CREATOR)
    canvas.setProducer(CREATOR)
    logo = ImageReader(io.BytesIO(event.logo)) if event.logo else None  # decoded once for all badges
    width, height = BADGE_SIZE
    for registration in registrations:
        draw_badge(canvas, Box(0, 0, width, height), registration=registration, event=event,
                   qr_text=qr_text_for(registration), logo=logo)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
