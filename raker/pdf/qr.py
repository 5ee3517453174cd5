"""QR codes for documents and badges.

In documents (draw_qr, QRFlowable) the code is drawn as vector rectangles (one per horizontal run
of dark modules), so it stays sharp at any print size. Badges, by the thousand, use
qr_image_operators(): the modules as one 1-bit inline image, a few hundred bytes of page content
and far cheaper to write than a path. Neither makes an image file. qr_png() gives a 1-bit PNG for
email attachments and the "download QR image" link.

Encoding: zxing-cpp (compiled) for the matrix, the PNG of qr_png() too.
"""

import io
import re
from dataclasses import dataclass
from functools import lru_cache

import zxingcpp
from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.platypus import Flowable

QUIET_ZONE = 4  # modules of light margin the standard requires around the code


@dataclass(slots=True)
class QRSymbol:
    """A QR code without its quiet zone: `size` x `size` modules, row by row from the top, each row
    `stride` bits wide (a whole number of bytes, the spare low bits light), the leftmost module the
    most significant bit of its row, the top row the most significant row of `bits`."""

    size: int
    stride: int
    bits: int

    def rows(self) -> list[list[bool]]:
        size, stride, bits = self.size, self.stride, self.bits
        out = []
        for row in range(size):
            value = bits >> ((size - 1 - row) * stride + stride - size)
            out.append([bool(value >> (size - 1 - column) & 1) for column in range(size)])
        return out

    def image_bytes(self) -> bytes:
        """The modules as a 1-bit image (1 = dark), rows padded to whole bytes, top row first."""
        return self.bits.to_bytes(self.size * self.stride // 8, "big")


# --- encoding --------------------------------------------------------------------------------

_DARK_AS_ONE = bytes.maketrans(bytes(range(256)), b"1" * 128 + b"0" * 128)  # zxing-cpp: 0 dark, 255 light


def encode(text: str) -> QRSymbol:
    """The code for `text` at error correction level M, made by zxing-cpp (compiled, ~0.2 ms a code;
    the pure-Python `qrcode` spends ~5 ms choosing a mask)."""
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = barcode.to_image(scale=1, add_quiet_zones=False)
    size = image.shape[0]
    stride = (size + 7) // 8 * 8
    raw = memoryview(image)  # type: ignore[arg-type]  # zxingcpp's Image is a buffer; its stubs omit __buffer__
    pixels = bytes(raw).translate(_DARK_AS_ONE).decode("ascii")
    padding = "0" * (stride - size)
    rows = (pixels[row * size : (row + 1) * size] + padding for row in range(size))
    return QRSymbol(size=size, stride=stride, bits=int("".join(rows), 2))


# --- public functions ------------------------------------------------------------------------


def qr_matrix(text: str) -> list[list[bool]]:
    """Rows of modules (True = dark), quiet zone included."""
    symbol = encode(text)
    width = symbol.size + 2 * QUIET_ZONE
    margin = [False] * QUIET_ZONE
    return (
        [[False] * width for _ in range(QUIET_ZONE)]
        + [margin + row + margin for row in symbol.rows()]
        + [[False] * width for _ in range(QUIET_ZONE)]
    )


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


def qr_path_operators(text: str, x: float, y: float, size: float) -> str:
    """PDF content operators drawing what draw_qr() draws (the white square, then one rectangle per
    horizontal run of dark modules, filled black) in module units under one scaling: the runs come
    from the code's bits by a regular expression and are written as small integers, where draw_qr
    formats four decimals a run through a path object (a tenth of a certificate's time). For
    canvas.addLiteral()."""
    symbol = encode(text)
    modules, stride = symbol.size, symbol.stride
    side = modules + 2 * QUIET_ZONE
    module = size / side
    bits = format(symbol.bits, f"0{modules * stride}b")
    parts = [
        f"q 1 1 1 rg {fp_str(x, y, size, size)} re f {fp_str(module, 0, 0, module, x, y)} cm 0 0 0 rg",
    ]
    for row in range(modules):
        line = bits[row * stride : row * stride + modules]
        bottom = side - 1 - (row + QUIET_ZONE)
        parts += [f"{run.start() + QUIET_ZONE} {bottom} {run.end() - run.start()} 1 re" for run in _DARK.finditer(line)]
    parts.append("f Q")
    return "\n".join(parts)


_DARK = re.compile("1+")


def qr_image_operators(text: str, x: float, y: float, size: float) -> str:
    """PDF content operators drawing the code for `text` as a size x size square at (x, y), quiet
    zone included and painted white, the modules as one 1-bit inline image: about 330 bytes of
    content, no image object, no PNG. The image is not interpolated (/I false, the default), so
    printers and poppler draw sharp modules; a screen viewer that smooths enlarged images may
    soften the edges, which scanners do not mind. For canvas.addLiteral()."""
    symbol = encode(text)
    return f"{_image_start(x, y, size, symbol.size)}{symbol.image_bytes().hex()}>\nEI Q"


@lru_cache(maxsize=64)
def _image_start(x: float, y: float, size: float, modules: int) -> str:
    """The white square, the placement and the inline image header: the same for every badge."""
    module = size / (modules + 2 * QUIET_ZONE)
    inner, offset = module * modules, module * QUIET_ZONE
    return (
        f"q 1 g {x:.3f} {y:.3f} {size:.3f} {size:.3f} re f {inner:.3f} 0 0 {inner:.3f} {x + offset:.3f} "
        f"{y + offset:.3f} cm BI /W {modules} /H {modules} /BPC 1 /CS /G /D [1 0] /F /AHx ID\n"
    )


class QRFlowable(Flowable):
    """A QR code of a given size (points) inside a story."""

    def __init__(self, text: str, size: float):
        super().__init__()
        self.text = text
        self.width = self.height = size

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        self.canv.addLiteral(qr_path_operators(self.text, 0, 0, self.width))


def qr_png(text: str, box_size: int = 10) -> bytes:
    """A black-and-white (1-bit) PNG of the code, box_size pixels per module, quiet zone included.
    From zxing-cpp's matrix (about 0.2 ms; the pure-Python `qrcode` took 25 ms a code, which a batch
    of 10,000 certificates in Word paid 10,000 times)."""
    from PIL import Image

    symbol = encode(text)
    # Image mode "1" reads a set bit as white: the dark-as-one bits are inverted.
    modules = Image.frombytes("1", (symbol.stride, symbol.size), bytes(255 - b for b in symbol.image_bytes())).crop(
        (0, 0, symbol.size, symbol.size)
    )
    side = symbol.size + 2 * QUIET_ZONE
    image = Image.new("1", (side, side), 1)
    image.paste(modules, (QUIET_ZONE, QUIET_ZONE))
    image = image.resize((side * box_size, side * box_size), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
