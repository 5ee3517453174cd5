"""Bar charts as reportlab Drawings, from a format-neutral chart (caption, orientation, categories,
series of name, colour and values; e.g. raker.report.document.Chart, read by its attributes). The PDF
draws the Drawing as vector graphics in our embedded font; the DOCX paints the same Drawing as a PNG
(raker/documents/drawing_png.py), so both show one chart."""

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import cm

from .fonts import REGULAR, register_fonts

BAR_BAND = 16  # points per category in a horizontal chart
LABEL_WIDTH = 5.2 * cm  # the category names left of a horizontal chart
VERTICAL_HEIGHT = 5.5 * cm


def _drawing(width: float, height: float) -> Drawing:
    register_fonts()  # a DOCX may be the first to draw in the PDFs' font
    # Without initialFontName the renderer first selects Helvetica (never embedded) for the drawing.
    return Drawing(width, height, initialFontName=REGULAR)


def _label_font(chart_axis) -> None:
    chart_axis.labels.fontName = REGULAR
    chart_axis.labels.fontSize = 7


def _step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 10:
            return step
    return max(1, top // 10)


def _legend(pairs, *, x: float, y: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName, legend.fontSize = REGULAR, 7
    legend.boxAnchor = "sw"
    legend.deltax = 95
    legend.dx = legend.dy = 7
    legend.colorNamePairs = list(pairs)
    return legend


def _value_axis(chart, series) -> None:
    top = max([max(s.values, default=0) for s in series] + [1])
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    chart.valueAxis.valueMax = top + max(1, top // 10)
    chart.valueAxis.valueStep = _step(top)


def bar_chart(chart, width: float) -> Drawing:
    """The chart `width` points wide (its height follows from the categories)."""
    series = list(chart.series)
    if chart.orientation == "horizontal":
        height = max(60, BAR_BAND * len(chart.categories)) + 46
        drawing = _drawing(width, height)
        bars = HorizontalBarChart()
        bars.x, bars.y = LABEL_WIDTH, 36
        bars.width, bars.height = width - LABEL_WIDTH - 10, height - 46
        # reportlab draws the first category at the bottom: reversed, so the chart reads top-down as the table.
        bars.data = [list(reversed(s.values)) for s in series]
        bars.categoryAxis.categoryNames = list(reversed(chart.categories))
        bars.barSpacing, bars.groupSpacing = 1, 4
        legend_x = LABEL_WIDTH
    else:
        height = VERTICAL_HEIGHT
        drawing = _drawing(width, height)
        bars = VerticalBarChart()
        bars.x, bars.y = 30, 40
        bars.width, bars.height = width - 40, height - 55
        bars.data = [list(s.values) for s in series]
        bars.categoryAxis.categoryNames = list(chart.categories)
        if len(chart.categories) > 12:
            bars.categoryAxis.labels.angle = 45
            bars.categoryAxis.labels.boxAnchor = "ne"
        legend_x = 30
    _label_font(bars.categoryAxis)
    _label_font(bars.valueAxis)
    _value_axis(bars, series)
    for index, s in enumerate(series):
        bars.bars[index].fillColor = colors.HexColor(s.colour)
    bars.bars.strokeColor = None
    drawing.add(bars)
    drawing.add(
        _legend(
            [(colors.HexColor(s.colour), s.name) for s in series],
            x=legend_x,
            y=2 if chart.orientation == "horizontal" else 4,
        )
    )
    return drawing
