"""reportlab's Paragraph, with justified text that never shows rivers of white.

A justified line is stretched to the full width by widening its spaces. When the next word is long and the
line holds few words ("menyiapkan undangan, tempat, perlengkapan, akomodasi dan" before "konsumsi;"), the
spaces grow to four or five times their width and the line reads as separate words. Word and LibreOffice
print such lines too, and a secretariat fixes them by hand. Here such a paragraph is set flush left
instead: still one paragraph, its lines as wrapped, just not stretched.

A centred paragraph of two or more lines is balanced, as CSS `text-wrap: balance` sets it: greedy wrapping
leaves "RAPAT KERJA BIDANG KETATALAKSANAAN SE-PROVINSI KALIMANTAN" over a lone "TIMUR", where a
secretariat sets two even lines. The paragraph is laid out at the narrowest width that keeps its number of
lines, centred in the width it was given (so it still reports, and is placed in, that width)."""

from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph as _Paragraph

# The most a space may grow on a justified line, in spaces: 2 means each gap is at most three spaces wide.
MAX_EXTRA_SPACES = 2.0
# How close the balanced width comes to the narrowest, in points: well under a letter, a handful of wraps.
BALANCE_PRECISION = 0.5


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


def _line_count(paragraph: _Paragraph) -> int:
    para = getattr(paragraph, "blPara", None)
    return len(para.lines) if para is not None else 0


def _spare_width(paragraph: _Paragraph) -> float:
    """The wrapped paragraph's room left over on all its lines together, in points."""
    para = paragraph.blPara
    return sum(max(0.0, line[0] if para.kind == 0 else line.extraSpace) for line in para.lines)


class EvenParagraph(_Paragraph):
    """A Paragraph whose justified lines stay readable: set flush left when justifying would widen a
    space past MAX_EXTRA_SPACES, and whose centred lines are balanced (see the module's docstring).
    Every renderer uses this one."""

    style: Any  # reportlab's ParagraphStyle, set by Paragraph.__init__

    def wrap(self, availWidth, availHeight):
        # Decided again at each width (a flowable may be wrapped at several): from the style it was given.
        given: Any = self.__dict__.setdefault("_given_style", self.style)
        self.style = given
        size = super().wrap(availWidth, availHeight)
        if given.alignment == TA_JUSTIFY and widest_stretch(self) > MAX_EXTRA_SPACES:
            self.style = ParagraphStyle(f"{given.name}-ragged", parent=given, alignment=TA_LEFT)
            size = super().wrap(availWidth, availHeight)
        elif given.alignment == TA_CENTER and size[0] and _line_count(self) > 1 and not self.bulletText:
            # (0 wide: reportlab's "nothing fits here", with no new lines. A bullet hangs outside the inset.)
            inset = self._balanced_inset(availWidth, availHeight)
            if inset > 0:
                self.style = self._inset_style(inset)
                size = super().wrap(availWidth, availHeight)
        return size

    def _inset_style(self, inset: float) -> ParagraphStyle:
        """The given style with `inset` more indent on both sides: narrower lines, still centred."""
        given = self._given_style
        return ParagraphStyle(
            f"{given.name}-balanced",
            parent=given,
            leftIndent=given.leftIndent + inset,
            rightIndent=given.rightIndent + inset,
        )

    def _balanced_inset(self, availWidth, availHeight) -> float:
        """The widest inset on each side at which the paragraph, wrapped with the given style at
        `availWidth`, still takes as many lines (a binary search; remembered per width, as a table
        wraps its cells on every page)."""
        found: dict = self.__dict__.setdefault("_balanced_insets", {})
        if availWidth in found:
            return found[availWidth]
        lines = _line_count(self)
        # Every line of a layout at width w is at most w wide, and the lines' widths add up to the same
        # total at every width: so no inset keeps the count past the spare room shared out over them.
        good, bad = 0.0, _spare_width(self) / (2 * lines) + BALANCE_PRECISION
        while bad - good > BALANCE_PRECISION / 2:
            middle = (good + bad) / 2
            self.style = self._inset_style(middle)
            super().wrap(availWidth, availHeight)
            if _line_count(self) == lines:
                good = middle
            else:
                bad = middle
        self.style = self._given_style
        found[availWidth] = good
        return good

    def split(self, availWidth, availHeight):
        # The parts of a balanced paragraph balance their own lines: from the given style, not the inset one.
        parts = super().split(availWidth, availHeight)
        if self.style.name.endswith("-balanced"):
            for part in parts:
                if part is not self:
                    part.style = self._given_style
        return parts


# Typed as reportlab's own Paragraph is (reportlab has no type hints): the renderers put paragraphs and plain
# strings side by side in table rows.
Paragraph: Any = EvenParagraph
