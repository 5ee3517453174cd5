"""A reportlab Drawing (the report's bar charts) as a PNG, drawn with Pillow, for the Word files.

reportlab's own bitmap renderer (renderPM) needs rlPyCairo and pycairo, which has no wheel for Linux
and would make the server build C against libcairo; the charts are rectangles, lines and labels, so
this walks the same drawing the PDF draws (its groups, transforms and inherited styles through
reportlab's StateTracker) and paints those shapes, the labels in the same TrueType font.
"""

import io
import math
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics import shapes
from reportlab.graphics.renderbase import StateTracker, getStateDelta
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth

DPI = 200


@lru_cache(maxsize=32)
def _font(name: str, size_px: int):
    font = pdfmetrics.getFont(name)
    path = getattr(getattr(font, "face", None), "filename", None)
    if path:
        return ImageFont.truetype(path, size_px)
    return ImageFont.load_default(size_px)  # a standard Type 1 name: no file to load


def _colour(value, opacity=None):
    if value is None:
        return None
    red, green, blue = (round(255 * part) for part in value.rgb())
    alpha = getattr(value, "alpha", 1) if opacity is None else opacity
    return red, green, blue, round(255 * (1 if alpha is None else alpha))


class _Painter:
    def __init__(self, drawing, dpi: int):
        self.scale = dpi / 72
        self.height = drawing.height
        size = (max(1, math.ceil(drawing.width * self.scale)), max(1, math.ceil(drawing.height * self.scale)))
        self.image = Image.new("RGBA", size, (255, 255, 255, 255))
        self.tracker = StateTracker(defaultObj=drawing)

    def point(self, ctm, x, y):
        """Drawing coordinates (origin bottom left, points) to pixels (origin top left)."""
        a, b, c, d, e, f = ctm
        return (a * x + c * y + e) * self.scale, (self.height - (b * x + d * y + f)) * self.scale

    def node(self, node) -> None:
        if isinstance(node, shapes.UserNode):
            node = node.provideNode()
        self.tracker.push(getStateDelta(node))
        try:
            state = self.tracker.getState()
            if isinstance(node, shapes.Group):
                for child in node.getContents():
                    self.node(child)
            elif isinstance(node, shapes.Rect):
                corners = [
                    (node.x, node.y),
                    (node.x + node.width, node.y),
                    (node.x + node.width, node.y + node.height),
                    (node.x, node.y + node.height),
                ]
                self.polygon(state, corners, closed=True)
            elif isinstance(node, shapes.Line):
                self.polygon(state, [(node.x1, node.y1), (node.x2, node.y2)], closed=False)
            elif isinstance(node, (shapes.Polygon, shapes.PolyLine)):
                points = list(zip(node.points[0::2], node.points[1::2], strict=True))
                self.polygon(state, points, closed=isinstance(node, shapes.Polygon))
            elif isinstance(node, shapes.Circle):
                self.ellipse(state, node.cx, node.cy, node.r, node.r)
            elif isinstance(node, shapes.Ellipse):
                self.ellipse(state, node.cx, node.cy, node.rx, node.ry)
            elif isinstance(node, shapes.String):
                self.string(state, node)
        finally:
            self.tracker.pop()

    def _pen(self, state):
        stroke = _colour(state.get("strokeColor"), state.get("strokeOpacity"))
        width = state.get("strokeWidth") or 0
        return stroke, max(1, round(width * self.scale * math.hypot(*state["ctm"][:2]))) if stroke and width else 0

    def polygon(self, state, points, *, closed: bool) -> None:
        pixels = [self.point(state["ctm"], x, y) for x, y in points]
        draw = ImageDraw.Draw(self.image, "RGBA")
        stroke, width = self._pen(state)
        if closed:
            fill = _colour(state.get("fillColor"), state.get("fillOpacity"))
            if fill:
                draw.polygon(pixels, fill=fill)
            if width:
                draw.line(pixels + pixels[:1], fill=stroke, width=width)
        elif width:
            draw.line(pixels, fill=stroke, width=width)

    def ellipse(self, state, cx, cy, rx, ry) -> None:
        left, top = self.point(state["ctm"], cx - rx, cy + ry)
        right, bottom = self.point(state["ctm"], cx + rx, cy - ry)
        stroke, width = self._pen(state)
        ImageDraw.Draw(self.image, "RGBA").ellipse(
            (min(left, right), min(top, bottom), max(left, right), max(top, bottom)),
            fill=_colour(state.get("fillColor")),
            outline=stroke if width else None,
            width=width,
        )

    def string(self, state, node) -> None:
        fill = _colour(state.get("fillColor"))
        if fill is None or not node.text:
            return
        name, size = state["fontName"], state["fontSize"]
        x = node.x
        anchor = state.get("textAnchor") or "start"
        if anchor in ("end", "middle", "numeric"):
            width = stringWidth(node.text, name, size)
            x -= width if anchor != "middle" else width / 2
        a, b = state["ctm"][:2]
        scale = math.hypot(a, b)
        angle = math.degrees(math.atan2(b, a))
        font = _font(name, max(1, round(size * scale * self.scale)))
        origin = self.point(state["ctm"], x, node.y)
        if abs(angle) < 0.01:
            ImageDraw.Draw(self.image, "RGBA").text(origin, node.text, font=font, fill=fill, anchor="ls")
            return
        layer = Image.new("RGBA", self.image.size, (0, 0, 0, 0))  # rotated label: drawn flat, turned about its origin
        ImageDraw.Draw(layer).text(origin, node.text, font=font, fill=fill, anchor="ls")
        self.image.alpha_composite(layer.rotate(angle, resample=Image.Resampling.BICUBIC, center=origin))


def drawing_png(drawing, *, dpi: int = DPI) -> bytes:
    """The drawing as PNG bytes, `dpi` pixels per inch (its width and height are in points)."""
    painter = _Painter(drawing, dpi)
    painter.tracker.push({"transform": (1, 0, 0, 1, 0, 0), "ctm": (1, 0, 0, 1, 0, 0)})
    for child in drawing.getContents():
        painter.node(child)
    buffer = io.BytesIO()
    painter.image.convert("RGB").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
