"""The one font family of every official document: Liberation Sans (SIL OFL 1.1), metric-compatible
with Arial as tata naskah dinas asks, embedded as TrueType so a PDF looks the same on every machine.

Vendored from Debian's fonts-liberation2 2.1.5 (licence in fonts/LICENSE.txt) so the app does not
depend on the fonts installed on the server.
"""

import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).with_name("fonts")

FAMILY = "Raker"
REGULAR = "Raker"
BOLD = "Raker-Bold"
ITALIC = "Raker-Italic"
BOLD_ITALIC = "Raker-BoldItalic"

_FILES = {
    REGULAR: "LiberationSans-Regular.ttf",
    BOLD: "LiberationSans-Bold.ttf",
    ITALIC: "LiberationSans-Italic.ttf",
    BOLD_ITALIC: "LiberationSans-BoldItalic.ttf",
}

_lock = threading.Lock()  # gunicorn threads may build their first PDFs at the same moment
_registered = False


def register_fonts() -> None:
    """Register the family with reportlab once per process; later calls do nothing."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        # So <b> and <i> inside a Paragraph pick the right face.
        for name, bold, italic in ((REGULAR, 0, 0), (BOLD, 1, 0), (ITALIC, 0, 1), (BOLD_ITALIC, 1, 1)):
            addMapping(FAMILY, bold, italic, name)
        _registered = True
