"""reportlab's Paragraph, with justified text that never shows rivers of white.

A justified line is stretched to the full width by widening its spaces. When the next word is long and the
line holds few words ("menyiapkan undangan, tempat, perlengkapan, akomodasi dan" before "konsumsi;"), the
spaces grow to four or five times their width and the line reads as separate words. Word and LibreOffice
print such lines too, and a secretariat fixes them by hand. Here such a paragraph is set flush left
instead: still one paragraph, its lines as wrapped, just not stretched."""

from typing import Any

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph as _Paragraph

# The most a space may grow on a justified line, in spaces: 2 means each gap is at most three spaces wide.
MAX_EXTRA_SPACES = 2.0


def widest_stretch(paragraph: _Paragraph) -> float:
    """The widest extra width of one space on a stretched line of the wrapped `paragraph`, in spaces (0
    when no line is stretched: the last line and a line ended by <br/> keep their natural spaces)."""
    para = getattr(paragraph, "blPara", None)
    if para is None or not para.lines:
        return 0.0
    style = paragraph.style
    space = stringWidth(" ", style.fontName, style.fontSize) or 1.0
    widest = 0.0
    for line in para.lines[:-1]:
        if para.kind == 0:
            extra, words = line
            gaps = len(words) - 1
        else:
            if getattr(line, "lineBreak", False):
                continue
            extra, gaps = line.extraSpace, line.wordCount - 1
        if gaps > 0 and extra > 0:
            widest = max(widest, extra / gaps / space)
    return widest


class EvenParagraph(_Paragraph):
    """A Paragraph whose justified lines stay readable: set flush left when justifying would widen a
    space past MAX_EXTRA_SPACES (see the module's docstring). Every renderer uses this one."""

    style: Any  # reportlab's ParagraphStyle, set by Paragraph.__init__

    def wrap(self, availWidth, availHeight):
        # Decided again at each width (a flowable may be wrapped at several): from the style it was given.
        given: Any = self.__dict__.setdefault("_given_style", self.style)
        self.style = given
        size = super().wrap(availWidth, availHeight)
        if given.alignment == TA_JUSTIFY and widest_stretch(self) > MAX_EXTRA_SPACES:
            self.style = ParagraphStyle(f"{given.name}-ragged", parent=given, alignment=TA_LEFT)
            size = super().wrap(availWidth, availHeight)
        return size


# Typed as reportlab's own Paragraph is (reportlab has no type hints): the renderers put paragraphs and plain
# strings side by side in table rows.
Paragraph: Any = EvenParagraph
