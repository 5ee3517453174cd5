"""Pictures from users (a meeting's logo, a signature) opened with their size checked first.

Image.open reads only the header; decoding (load, convert, thumbnail) allocates width × height
pixels. A 17 kB PNG can declare 12000 × 12000 (the badge PDF then died with MemoryError) or
20000 × 20000 (Pillow's DecompressionBombError, a 500). Every decode goes through open_image."""

import io
import warnings

from PIL import Image, UnidentifiedImageError

MAX_SIDE = 4000
MAX_PIXELS = 16_000_000


class ImageTooLarge(ValueError):
    """The picture declares more pixels than we decode."""


def open_image(data: bytes, *, max_side: int = MAX_SIDE, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """The image, header read and size checked but not decoded (use it in a `with`). A caller that
    decodes at a fraction of the size (a JPEG in draft mode) may allow more than the default bound.
    Raises ImageTooLarge, or UnidentifiedImageError/OSError for what is not a picture."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageTooLarge() from None
    width, height = image.size
    if width > max_side or height > max_side or width * height > max_pixels:
        image.close()
        raise ImageTooLarge()
    return image


def fits(data: bytes | None) -> bool:
    """Whether stored picture bytes (a logo kept before this check existed) can be drawn."""
    if not data:
        return False
    try:
        open_image(data).close()
    except (ImageTooLarge, UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return False
    return True


def signature_picture(png: bytes | None) -> Image.Image | None:
    """A signature captured on a phone as a greyscale picture cropped to its ink (a signature pad
    leaves wide white margins: cropped, the signature itself fills a list's cell); None when there is
    none or it cannot be read (the cell is then signed by hand rather than the list lost)."""
    if not png:
        return None
    from PIL import UnidentifiedImageError

    try:
        with open_image(png) as source:
            picture = source.convert("L")
    except (UnidentifiedImageError, OSError, ValueError):  # ImageTooLarge is a ValueError
        return None
    ink = picture.point(lambda value: 255 if value < 128 else 0).getbbox()
    return picture.crop(ink) if ink is not None else picture
