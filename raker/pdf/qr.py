"""QR codes for documents and badges.

In a PDF the code is drawn as vector rectangles (one per horizontal run of dark modules), so it
stays sharp at any print size and costs no image per badge. qr_png() gives a 1-bit PNG for email
attachments and the "download QR image" link.
"""
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.pil import PilImage
from reportlab.lib import colors
from reportlab.platypus import Flowable

QUIET_ZONE = 4  # modules of light margin the standard requires around the code


def _code(text: str, **kwargs) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE, **kwargs)
    code.add_data(text)
    code.make(fit=True)
    return code


def qr_matrix(text: str) -> list[list[bool]]:
    """Rows of modules (True = dark), quiet zone included."""
    return _code(text).get_matrix()


def dark_runs(matrix: list[list[bool]]):
    """(row, first column, length) of each horizontal run of dark modules."""
    for row_index, row in enumerate(matrix):
        start = None
        for column, dark in enumerate([*row, False]):  # the sentinel closes a run at the row's end
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                yield row_index, start, column - start
                start = None


def draw_qr(canvas, text: str, x: float, y: float, size: float) -> None:
    """Draw the code for `text` as a size x size square with its lower left corner at (x, y),
    quiet zone included and painted white (badges may have a coloured background)."""
    matrix = qr_matrix(text)
    module = size / len(matrix)
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    path = canvas.beginPath()
    top = y + size
    for row, column, length in dark_runs(matrix):
        path.rect(x + column * module, top - (row + 1) * module, length * module, module)
    canvas.setFillColor(colors.black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


class QRFlowable(Flowable):
    """A QR code of a given size (points) inside a story."""

    def __init__(self, text: str, size: float):
        super().__init__()
        self.text = text
        self.width = self.height = size

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        draw_qr(self.canv, self.text, 0, 0, self.width)


def qr_png(text: str, box_size: int = 10) -> bytes:
    """A black-and-white (1-bit) PNG of the code, box_size pixels per module."""
    image = _code(text, box_size=box_size).make_image(image_factory=PilImage, fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
