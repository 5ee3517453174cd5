"""The signed lists as workbooks (daftar hadir, tanda terima): where the printed pages break.

Excel and LibreOffice Calc break pages themselves, so a sheet cannot know which row starts a page
and cannot say "(lanjutan)" there. These lists set their own page breaks instead: rows have fixed
heights, the sheet is scaled to the page width (fitToWidth), and paginate() places a manual break
where a page is full, a little before the application would (PAGE_FILL), and repeats the
delegation's row marked "(lanjutan)" at the top of the next page. The column header is repeated by
the print titles; a delegation's row is never the last of a page."""
from collections.abc import Sequence

CONTINUED = "(lanjutan)"
# Paper in points by Excel's paper code: 9 = A4, 14 = Folio 8.5 × 13 in (F4).
PAPER_POINTS = {9: (595.3, 841.9), 14: (612.0, 936.0)}
PAGE_FILL = 0.92  # of the computed room: rounding in the applications' scaling never breaks first
GROUP_ROW_HEIGHT = 18  # points


def column_points(widths_chars: Sequence[float]) -> float:
    """The width of columns given in Excel characters (default font), in points: 7 px a character
    plus 5 px of padding, at 96 px to 72 pt."""
    return sum(int(width * 7 + 5) for width in widths_chars) * 0.75


def fit_scale(paper: int, widths_chars: Sequence[float], left: float, right: float) -> float:
    """The factor fitToWidth prints at: the printable width over the table's (never above 1);
    margins in inches."""
    width = PAPER_POINTS.get(paper, PAPER_POINTS[9])[0] - (left + right) * 72
    return min(1.0, width / column_points(widths_chars))


def page_room(paper: int, scale: float, top: float, bottom: float) -> float:
    """The height a page holds in the sheet's own points (unscaled), margins in inches."""
    height = PAPER_POINTS.get(paper, PAPER_POINTS[9])[1] - (top + bottom) * 72
    return height / scale * PAGE_FILL


def paginate(sections, *, first_room: float, room: float, line_height: float,
             group_height: float = GROUP_ROW_HEIGHT) -> list[tuple]:
    """The rows to write, in order: ("group", heading, continued), ("line", line) and ("break",)
    after the last row of a full page. first_room: what the first page has left under its title and
    header; room: a later page's height under the repeated header."""
    out: list[tuple] = []
    left = first_room
    for section in sections:
        if left < group_height + line_height:  # the delegation's row with at least its first person
            out.append(("break",))
            left = room
        out.append(("group", section.heading, False))
        left -= group_height
        for line in section.lines:
            if left < line_height:
                out.append(("break",))
                out.append(("group", section.heading, True))
                left = room - group_height
            out.append(("line", line))
            left -= line_height
    return out
