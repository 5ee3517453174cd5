"""QR codes for documents and badges.

In a PDF the code is drawn as vector rectangles (one per horizontal run of dark modules), so it
stays sharp at any print size and costs no image per badge. qr_png() gives a 1-bit PNG for email
attachments and the "download QR image" link.

Encoding: `qrcode` (pure Python) takes about 5 ms a code, most of it choosing the mask. Badge
batches need a thousand codes in a fraction of a second, so small codes (version FAST_MAX_VERSION
or lower, which covers check-in codes and short links) go through encode(): the same encoder
(segments, version, Reed-Solomon, placement, mask choice by qrcode's own penalty rules) with the
matrix held as one Python integer, so the eight masks are scored with a few dozen big-integer
operations each instead of loops over modules. It gives exactly the matrix `qrcode` gives (tested
on thousands of texts); larger codes still go through `qrcode`.
"""
import io
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import qrcode
from qrcode import util as qr_util
from qrcode.base import rs_blocks
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.pil import PilImage
from reportlab.lib import colors
from reportlab.platypus import Flowable

QUIET_ZONE = 4  # modules of light margin the standard requires around the code
FAST_MAX_VERSION = 6  # 41 x 41 modules: check-in codes are version 2, short links 3-5
_OPTIMIZE = 20  # qrcode's add_data() default: runs shorter than this are not split into their own mode


def _code(text: str, **kwargs) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE, **kwargs)
    code.add_data(text)
    code.make(fit=True)
    return code


@dataclass(slots=True)
class QRSymbol:
    """A QR code without its quiet zone: `size` x `size` modules, row by row from the top, each row
    `stride` bits wide (a whole number of bytes, the spare low bits light), the leftmost module the
    most significant bit of its row, the top row the most significant row of `bits`."""

    size: int
    stride: int
    bits: int
    mask: int

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


# --- the fast encoder -------------------------------------------------------------------------

_EXP = [0] * 512
_LOG = [0] * 256
_value = 1
for _power in range(255):
    _EXP[_power] = _value
    _LOG[_value] = _power
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D
for _power in range(255, 512):
    _EXP[_power] = _EXP[_power - 255]


def _gf_mul(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else _EXP[_LOG[a] + _LOG[b]]


@lru_cache(maxsize=None)
def _rs_table(ec_count: int) -> tuple[int, ...]:
    """For each feedback byte f: f times the generator polynomial (without its leading 1), as one
    ec_count-byte integer, so a Reed-Solomon remainder is computed a byte at a time."""
    generator = [1]
    for power in range(ec_count):  # multiply by (x - a^power)
        root = _EXP[power]
        generator = [a ^ _gf_mul(b, root) for a, b in zip([*generator, 0], [0, *generator])]
    tail = generator[1:]
    return tuple(int.from_bytes(bytes(_gf_mul(f, g) for g in tail), "big") for f in range(256))


def _ec_bytes(data: bytes, ec_count: int) -> bytes:
    table = _rs_table(ec_count)
    top = 8 * (ec_count - 1)
    keep = (1 << (8 * ec_count)) - 1
    remainder = 0
    for byte in data:
        remainder = ((remainder << 8) & keep) ^ table[(remainder >> top) ^ byte]
    return remainder.to_bytes(ec_count, "big")


_MASKS = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i * j) % 3 + (i + j) % 2) % 2 == 0,
)


class _Version:
    """Everything about one version (at level M) that does not depend on the text."""

    def __init__(self, version: int):
        n = 17 + 4 * version
        stride = (n + 7) // 8 * 8  # n is odd, so every row has at least one spare (light) bit
        self.version, self.size, self.stride = version, n, stride

        def bit(row, column):
            return 1 << ((n - 1 - row) * stride + (stride - 1 - column))

        grid = [[None] * n for _ in range(n)]  # None: free for data
        for top, left in ((0, 0), (n - 7, 0), (0, n - 7)):  # finder patterns and their separators
            for r in range(-1, 8):
                for c in range(-1, 8):
                    if 0 <= top + r < n and 0 <= left + c < n:
                        grid[top + r][left + c] = ((0 <= r <= 6 and c in (0, 6)) or (0 <= c <= 6 and r in (0, 6))
                                                   or (2 <= r <= 4 and 2 <= c <= 4))
        positions = qr_util.pattern_position(version)
        for row in positions:  # alignment patterns
            for column in positions:
                if grid[row][column] is not None:
                    continue
                for r in range(-2, 3):
                    for c in range(-2, 3):
                        grid[row + r][column + c] = r in (-2, 2) or c in (-2, 2) or (r == 0 and c == 0)
        for i in range(8, n - 8):  # timing patterns
            if grid[i][6] is None:
                grid[i][6] = i % 2 == 0
            if grid[6][i] is None:
                grid[6][i] = i % 2 == 0
        # Format information (15 bits twice) and the dark module: light while masks are scored.
        vertical = [(i, 8) if i < 6 else (i + 1, 8) if i < 8 else (n - 15 + i, 8) for i in range(15)]
        horizontal = [(8, n - i - 1) if i < 8 else (8, 15 - i) if i < 9 else (8, 15 - i - 1) for i in range(15)]
        for row, column in (*vertical, *horizontal, (n - 8, 8)):
            grid[row][column] = False
        version_cells = []
        if version >= 7:
            version_cells = ([(i // 3, i % 3 + n - 11) for i in range(18)]
                             + [(i % 3 + n - 11, i // 3) for i in range(18)])
            for row, column in version_cells:
                grid[row][column] = False

        base = 0
        valid = 0
        for row in range(n):
            for column in range(n):
                valid |= bit(row, column)
                if grid[row][column]:
                    base |= bit(row, column)
        self.base, self.valid = base, valid
        self.pairs_h = valid & (valid >> 1)  # both modules of a horizontal pair exist
        self.pairs_v = valid & (valid >> stride)

        # The final matrix for each mask: format bits, dark module, version bits.
        self.finish = []
        for mask in range(8):
            format_bits = qr_util.BCH_type_info((ERROR_CORRECT_M << 3) | mask)
            extra = bit(n - 8, 8)
            for i in range(15):
                if (format_bits >> i) & 1:
                    extra |= bit(*vertical[i]) | bit(*horizontal[i])
            if version >= 7:
                version_bits = qr_util.BCH_type_number(version)
                for i in range(18):
                    if (version_bits >> i) & 1:
                        extra |= bit(*version_cells[i]) | bit(*version_cells[18 + i])
            self.finish.append(extra)

        # Data modules in placement order (upwards and downwards in columns of two, right to left).
        order = []
        row, step = n - 1, -1
        for column in range(n - 1, 0, -2):
            if column <= 6:
                column -= 1
            while True:
                for c in (column, column - 1):
                    if grid[row][c] is None:
                        order.append((row, c))
                row += step
                if row < 0 or row >= n:
                    row -= step
                    step = -step
                    break

        blocks = rs_blocks(version, ERROR_CORRECT_M)
        self.blocks = [(block.data_count, block.total_count - block.data_count) for block in blocks]
        self.data_count = sum(data for data, _ in self.blocks)
        codewords = sum(block.total_count for block in blocks)
        # For codeword k: the dark modules of its high and of its low nibble, for each nibble value.
        self.nibbles = []
        for k in range(codewords):
            cells = [bit(*order[8 * k + t]) for t in range(8)]
            for half in (cells[:4], cells[4:]):
                self.nibbles.append(tuple(
                    sum(cell for t, cell in enumerate(half) if (value >> (3 - t)) & 1) for value in range(16)))
        self.high_nibbles, self.low_nibbles = self.nibbles[0::2], self.nibbles[1::2]
        self.masks = [sum(bit(r, c) for r, c in order if _MASKS[mask](r, c)) for mask in range(8)]
        self.module_count = n * n

    def codewords(self, data: bytes) -> list[int]:
        """Data codewords split into blocks, error correction added, both interleaved."""
        data_blocks, ec_blocks, offset = [], [], 0
        for data_count, ec_count in self.blocks:
            block = data[offset:offset + data_count]
            offset += data_count
            data_blocks.append(block)
            ec_blocks.append(_ec_bytes(block, ec_count))
        if len(data_blocks) == 1:
            return [*data_blocks[0], *ec_blocks[0]]
        out = []
        for blocks in (data_blocks, ec_blocks):
            for i in range(max(map(len, blocks))):
                out.extend(block[i] for block in blocks if i < len(block))
        return out

    def penalty(self, dark: int, beat: float = float("inf")) -> float:
        """qrcode's lost_point() for the matrix `dark` (format information still light), or
        infinity as soon as it cannot be below `beat` (all four rules add, none subtracts)."""
        # Rule 4: 10 for each 5 % the dark share departs from 50 %.
        percent = float(dark.bit_count()) / self.module_count
        score = int(abs(percent * 100 - 50) / 5) * 10
        w = self.stride
        pairs_h, pairs_v = self.pairs_h, self.pairs_v
        change_h = pairs_h & (dark ^ (dark >> 1))  # module p differs from its neighbour p + 1
        change_v = pairs_v & (dark ^ (dark >> w))
        same_h, same_v = pairs_h ^ change_h, pairs_v ^ change_v
        # Rule 2: each 2 x 2 block of one colour: 3.
        score += 3 * (same_h & (same_h >> w) & same_v).bit_count()
        # Rule 1: each run of five or more modules of one colour, in rows and columns: length - 2.
        same2_h = same_h & (same_h >> 1)
        runs = same2_h & (same2_h >> 2)
        score += runs.bit_count() + 2 * (runs & ~(runs << 1)).bit_count()
        same2_v = same_v & (same_v >> w)
        runs = same2_v & (same2_v >> 2 * w)
        score += runs.bit_count() + 2 * (runs & ~(runs << w)).bit_count()
        if score >= beat:
            return float("inf")
        # Rule 3: dark-light-dark-dark-dark-light-dark with four light modules before or after: 40.
        light = self.valid ^ dark
        for step, change, same, same2 in ((1, change_h, same_h, same2_h), (w, change_v, same_v, same2_v)):
            change2 = change & (change >> step)
            core = dark & change2 & (same2 >> 2 * step) & (change2 >> 4 * step)
            light4 = light & same2 & (same >> 2 * step)
            score += 40 * ((core & (light4 >> 7 * step)) | (light4 & (core >> 4 * step))).bit_count()
        return score

    def symbol(self, data: bytes) -> QRSymbol:
        placed = 0
        for high, low, byte in zip(self.high_nibbles, self.low_nibbles, self.codewords(data)):
            placed |= high[byte >> 4] | low[byte & 15]
        base, penalty = self.base, self.penalty
        best_mask, best_score = 0, float("inf")
        for mask, pattern in enumerate(self.masks):
            score = penalty(base | (placed ^ pattern), best_score)
            if score < best_score:  # the first of equals wins, as in qrcode
                best_mask, best_score = mask, score
        bits = self.base | self.finish[best_mask] | (placed ^ self.masks[best_mask])
        return QRSymbol(self.size, self.stride, bits, best_mask)


@lru_cache(maxsize=FAST_MAX_VERSION)
def _version(version: int) -> _Version:
    return _Version(version)


_ALPHANUMERIC = {byte: index for index, byte in enumerate(qr_util.ALPHA_NUM)}
_NUMBER_BITS = {1: 4, 2: 7, 3: 10}


_ONE_ALPHANUMERIC_SEGMENT = re.compile(r"[0-9A-Z $%*+\-./:]+")
_DIGIT_RUN = re.compile(r"[0-9]{%d}" % _OPTIMIZE)


def _alphanumeric_bits(data: bytes) -> tuple[int, int]:
    table, value = _ALPHANUMERIC, 0
    for i in range(0, len(data) - 1, 2):
        value = (value << 11) | (table[data[i]] * 45 + table[data[i + 1]])
    count = 11 * (len(data) // 2)
    if len(data) % 2:
        value = (value << 6) | table[data[-1]]
        count += 6
    return value, count


def _segment_bits(chunk) -> tuple[int, int]:
    """(value, bit count) of one segment's data, as qrcode writes it."""
    data, value, count = chunk.data, 0, 0
    if chunk.mode == qr_util.MODE_NUMBER:
        for i in range(0, len(data), 3):
            digits = data[i:i + 3]
            value = (value << _NUMBER_BITS[len(digits)]) | int(digits)
            count += _NUMBER_BITS[len(digits)]
    elif chunk.mode == qr_util.MODE_ALPHA_NUM:
        value, count = _alphanumeric_bits(data)
    else:
        value, count = int.from_bytes(data, "big"), 8 * len(data)
    return value, count


def encode(text: str) -> QRSymbol | None:
    """The code for `text` at level M, as `qrcode` would make it; None when it needs a version
    above FAST_MAX_VERSION (use qr_matrix() then)."""
    if _ONE_ALPHANUMERIC_SEGMENT.fullmatch(text) and not _DIGIT_RUN.search(text) and not (
            len(text) <= _OPTIMIZE and text.isdigit()):
        # What optimal_data_chunks() gives for a check-in code, without its regular expressions.
        chunks = [(qr_util.MODE_ALPHA_NUM, len(text), *_alphanumeric_bits(text.encode("ascii")))]
    else:
        chunks = [(chunk.mode, len(chunk), *_segment_bits(chunk))
                  for chunk in qr_util.optimal_data_chunks(text, minimum=_OPTIMIZE)]
    limits = qr_util.BIT_LIMIT_TABLE[ERROR_CORRECT_M]
    version = 1
    while True:  # qrcode's best_fit(): the character count field grows with the version
        sizes = qr_util.mode_sizes_for_version(version)
        needed = sum(4 + sizes[mode] + count for mode, _, _, count in chunks)
        found = bisect_left(limits, needed, version)
        if found > FAST_MAX_VERSION:
            return None
        if qr_util.mode_sizes_for_version(found) is sizes:
            version = found
            break
        version = found
    table = _version(version)
    value, length = 0, 0
    for mode, characters, bits, count in chunks:
        width = qr_util.length_in_bits(mode, version)
        value = (((value << 4 | mode) << width | characters) << count) | bits
        length += 4 + width + count
    limit = 8 * table.data_count
    terminator = min(limit - length, 4)
    length += terminator
    value <<= terminator
    if length % 8:
        value <<= 8 - length % 8
        length += 8 - length % 8
    data = value.to_bytes(length // 8, "big") + bytes([0xEC, 0x11] * limit)[:(limit - length) // 8]
    return table.symbol(data)


# --- public functions ------------------------------------------------------------------------

def qr_matrix(text: str) -> list[list[bool]]:
    """Rows of modules (True = dark), quiet zone included."""
    symbol = encode(text)
    if symbol is None:
        return _code(text).get_matrix()
    width = symbol.size + 2 * QUIET_ZONE
    margin = [False] * QUIET_ZONE
    return ([[False] * width for _ in range(QUIET_ZONE)] + [margin + row + margin for row in symbol.rows()]
            + [[False] * width for _ in range(QUIET_ZONE)])


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


def qr_image_operators(text: str, x: float, y: float, size: float) -> str:
    """PDF content operators drawing the code for `text` as a size x size square at (x, y), quiet
    zone included and painted white, the modules as one 1-bit inline image: about 330 bytes of
    content, no image object, no PNG. The image is not interpolated (/I false, the default), so
    printers and poppler draw sharp modules; a screen viewer that smooths enlarged images may
    soften the edges, which scanners do not mind. For canvas.addLiteral(). Codes too large for
    the fast encoder are drawn as vector rectangles instead."""
    symbol = encode(text)
    if symbol is None:
        matrix = qr_matrix(text)
        module = size / len(matrix)
        rects = " ".join(f"{column} {len(matrix) - 1 - row} {length} 1 re" for row, column, length in dark_runs(matrix))
        return (f"q 1 g {x:.3f} {y:.3f} {size:.3f} {size:.3f} re f {module:.5f} 0 0 {module:.5f} {x:.3f} {y:.3f} cm "
                f"0 g {rects} f Q")
    return f"{_image_start(x, y, size, symbol.size)}{symbol.image_bytes().hex()}>\nEI Q"


@lru_cache(maxsize=64)
def _image_start(x: float, y: float, size: float, modules: int) -> str:
    """The white square, the placement and the inline image header: the same for every badge."""
    module = size / (modules + 2 * QUIET_ZONE)
    inner, offset = module * modules, module * QUIET_ZONE
    return (f"q 1 g {x:.3f} {y:.3f} {size:.3f} {size:.3f} re f {inner:.3f} 0 0 {inner:.3f} {x + offset:.3f} "
            f"{y + offset:.3f} cm BI /W {modules} /H {modules} /BPC 1 /CS /G /D [1 0] /F /AHx ID\n")


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
