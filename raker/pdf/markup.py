"""User text in reportlab's paragraph markup, for every renderer and the letterhead."""

from xml.sax.saxutils import escape

from ..safe_text import strip_control_characters


def escape_text(text) -> str:
    """User text made safe for reportlab's paragraph markup: `<b>`, `<font>` and `&` stay literal.
    Line breaks are kept (addresses, notes); control characters (ESC, VT in old rows) are dropped,
    or they print as black boxes."""
    if text is None:
        return ""
    return escape(strip_control_characters(str(text))).replace("\r\n", "\n").replace("\n", "<br/>")
