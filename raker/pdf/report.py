"""LAPORAN PELAKSANAAN: the post-event report on the event's paper — general facts, attendance per
delegation and per day with charts (vector, in our embedded font), the sessions and their speakers,
the state of the rumusan and the certificates, a sign-off; the rumusan attached as its own document
(own kop and page count) in the same PDF. All user text is escaped."""

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer

from ..i18n import format_day
from ..report import services
from ..report.services import Report, build_report
from ..rumusan import document as rumusan_document
from ..rumusan import services as rumusan_services
from .document import build_sections_pdf, escape_text, label_value_table, make_table, para
from .fonts import BOLD, REGULAR
from .rumusan import rumusan_story
from .signature import Signer, signature_row
from .styles import MARGINS, get_styles, page_size

EXPECTED_COLOUR = colors.HexColor("#b8c4d6")
PRESENT_COLOUR = colors.HexColor("#1f4e79")
DAY_COLOURS = (colors.HexColor("#1f4e79"), colors.HexColor("#c55a11"), colors.HexColor("#548235"),
               colors.HexColor("#7f6000"), colors.HexColor("#7030a0"))
GRID = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7e6e6"))]


def _short_day(day) -> str:
    """Under 'Hari 1' in a narrow column: '09/08' (day/month, as written in Indonesia)."""
    return day.strftime("%d/%m")


def attendance_table(report: Report, width: float):
    styles = get_styles()
    cell, bold = styles.cell, styles.cell_bold
    right = ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT)
    right_bold = ParagraphStyle("cell_right_bold", parent=bold, alignment=TA_RIGHT)
    head = ParagraphStyle("cell_head", parent=bold, fontSize=8.5, leading=10.5)
    days = report.days
    header = [para("No", head), para("Delegasi", head), para("Kuota", head), para("Terdaftar", head)]
    header += [Paragraph(f"Hari {i}<br/>{_short_day(day)}", head) for i, day in enumerate(days, 1)]
    header += [para("Hadir", head), para("%", head)]
    data = [header]
    for number, row in enumerate(report.delegations, 1):
        data.append([para(str(number), right), para(row.name, cell), para("-" if row.quota is None else str(row.quota), right),
                     para(str(row.expected), right), *[para(str(n), right) for n in row.per_day],
                     para(str(row.any_day), right), para(services.percent_text(row.percent), right)])
    data.append(["", para("Jumlah", bold), "", para(str(report.total_expected), right_bold),
                 *[para(str(n), right_bold) for n in report.total_per_day], para(str(report.total_any_day), right_bold),
                 para(services.percent_text(report.total_percent), right_bold)])
    number_width, narrow = 0.9 * cm, 1.75 * cm
    fixed = number_width + narrow * (4 + len(days))
    widths = [number_width, width - fixed, *[narrow] * (3 + len(days)), narrow]
    return make_table(data, col_widths=widths, repeatRows=1,
                      commands=[*GRID, ("SPAN", (0, -1), (0, -1)), ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f2f2f2"))])


def role_table(report: Report, width: float):
    styles = get_styles()
    right = ParagraphStyle("cell_right", parent=styles.cell, alignment=TA_RIGHT)
    data = [[para("Peran", styles.cell_bold), para("Terdaftar", styles.cell_bold), para("Hadir", styles.cell_bold)]]
    data += [[para(row.title, styles.cell), para(str(row.expected), right), para(str(row.any_day), right)]
             for row in report.roles]
    return make_table(data, col_widths=[width - 5 * cm, 2.5 * cm, 2.5 * cm], hAlign="LEFT", commands=GRID)


def _drawing(width: float, height: float) -> Drawing:
    # Without initialFontName the renderer first selects Helvetica (never embedded) for the drawing.
    return Drawing(width, height, initialFontName=REGULAR)


def _label_font(chart_axis) -> None:
    chart_axis.labels.fontName = REGULAR
    chart_axis.labels.fontSize = 7


def delegation_chart(report: Report, width: float) -> Drawing:
    """Registered against present (on at least one day) per delegation, as horizontal bars."""
    rows = report.delegations
    bar_band = 16
    label_width = 5.2 * cm
    height = max(60, bar_band * len(rows)) + 46
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 36
    chart.width, chart.height = width - label_width - 10, height - 46
    # reportlab draws the first category at the bottom: reverse so the table's order reads top-down.
    chart.data = [[row.expected for row in reversed(rows)], [row.any_day for row in reversed(rows)]]
    chart.categoryAxis.categoryNames = [_shorten(row.name, 34) for row in reversed(rows)]
    _label_font(chart.categoryAxis)
    _label_font(chart.valueAxis)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    top = max([row.expected for row in rows] + [row.any_day for row in rows] + [1])
    chart.valueAxis.valueMax = top + max(1, top // 10)
    chart.valueAxis.valueStep = _step(top)
    chart.bars[0].fillColor = EXPECTED_COLOUR
    chart.bars[1].fillColor = PRESENT_COLOUR
    chart.bars.strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 4
    drawing.add(chart)
    drawing.add(_legend(((EXPECTED_COLOUR, "Terdaftar"), (PRESENT_COLOUR, "Hadir")), x=label_width, y=2))
    return drawing


def arrivals_chart(report: Report, width: float) -> Drawing | None:
    """Arrivals per half hour, one group of bars per slot and one colour per day."""
    days = [day for day in report.days if report.arrivals.get(day)]
    if not days:
        return None
    slots = sorted({label for day in days for label, _ in report.arrivals[day]})
    by_day = {day: dict(report.arrivals[day]) for day in days}
    height = 5.5 * cm
    drawing = _drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 40
    chart.width, chart.height = width - 40, height - 55
    chart.data = [[by_day[day].get(slot, 0) for slot in slots] for day in days]
    chart.categoryAxis.categoryNames = slots
    _label_font(chart.categoryAxis)
    _label_font(chart.valueAxis)
    if len(slots) > 12:
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.boxAnchor = "ne"
    top = max(max(values) for values in chart.data) or 1
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top + max(1, top // 10)
    chart.valueAxis.valueStep = _step(top)
    for index in range(len(days)):
        chart.bars[index].fillColor = DAY_COLOURS[index % len(DAY_COLOURS)]
    chart.bars.strokeColor = None
    drawing.add(chart)
    drawing.add(_legend([(DAY_COLOURS[i % len(DAY_COLOURS)], format_day(day, "id")) for i, day in enumerate(days)],
                        x=30, y=4))
    return drawing


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


def _step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 10:
            return step
    return max(1, top // 10)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def sessions_table(report: Report, width: float):
    styles = get_styles()
    cell, bold = styles.cell, styles.cell_bold
    data = [[para("No", bold), para("Hari/Waktu", bold), para("Acara", bold), para("Narasumber/Moderator", bold),
             para("Notulen", bold)]]
    for number, row in enumerate(report.sessions, 1):
        when = f"{format_day(row.day, 'id')}<br/>{row.starts}–{row.ends}"
        title = escape_text(row.title) + (f"<br/><font size=8>{escape_text(row.room)}</font>" if row.room else "")
        data.append([para(str(number), cell), Paragraph(when, cell), Paragraph(title, cell),
                     Paragraph("<br/>".join(escape_text(p) for p in row.people_lines) or "-", cell),
                     para(row.minutes_label, cell)])
    widths = [0.9 * cm, 3.3 * cm, None, 5.4 * cm, 1.9 * cm]
    widths[2] = width - sum(w for w in widths if w)
    return make_table(data, col_widths=widths, repeatRows=1, commands=[*GRID, ("VALIGN", (0, 0), (-1, -1), "TOP")])


def report_story(report: Report, *, signer=None, on=None) -> list:
    event = report.event
    styles = get_styles()
    width = page_size(event)[0] - MARGINS.left - MARGINS.right
    sub = ParagraphStyle("report_sub", parent=styles.heading, fontName=BOLD, fontSize=10.5, spaceBefore=8)
    story = [Paragraph(services.TITLE, styles.title), Paragraph(escape_text(rumusan_services.document_title(event)), styles.title),
             Spacer(1, 10), Paragraph("I. UMUM", styles.heading)]
    story.append(label_value_table(services.general_facts(report), width=width, label_width=3.6 * cm))

    story += [CondPageBreak(6 * cm), Paragraph("II. KEHADIRAN", styles.heading),
              Paragraph("A. Kehadiran per delegasi dan per hari", sub),
              para("Peserta dihitung satu kali per hari berdasarkan daftar ulang (pindai QR) yang tidak dibatalkan; "
                   "kolom Hadir menghitung peserta yang hadir sekurang-kurangnya satu hari.", styles.small),
              Spacer(1, 4), attendance_table(report, width), Spacer(1, 8),
              KeepTogether([Paragraph("Grafik 1. Peserta terdaftar dan hadir per delegasi", styles.small),
                            delegation_chart(report, width)])]
    if report.roles:
        story += [Paragraph("B. Kehadiran per peran", sub), role_table(report, width)]
    chart = arrivals_chart(report, width)
    story.append(Paragraph("C. Waktu kedatangan", sub))
    if chart is not None:
        story.append(KeepTogether([Paragraph("Grafik 2. Kedatangan peserta per 30 menit", styles.small), chart]))
    else:
        story.append(para("Belum ada peserta yang melakukan daftar ulang.", styles.body))

    story += [CondPageBreak(5 * cm), Paragraph("III. SESI DAN NARASUMBER", styles.heading)]
    if report.sessions:
        story.append(sessions_table(report, width))
    else:
        story.append(para("Susunan acara belum diisi.", styles.body))
    concluded = [row for row in report.sessions if row.conclusions]
    if concluded:
        story.append(Paragraph("Pokok-pokok kesimpulan sesi (dari notulen)", sub))
        for row in concluded:
            story.append(Paragraph(f"<b>{escape_text(row.title)}</b>"
                                   + ("" if row.minutes_state == "final" else " <i>(notulen masih draf)</i>"), styles.body_left))
            for number, text in enumerate(row.conclusions, 1):
                story.append(Paragraph(escape_text(text), ParagraphStyle("conclusion", parent=styles.body,
                                                                         leftIndent=0.7 * cm), bulletText=f"{number}."))
            story.append(Spacer(1, 4))
    story.append(para(services.minutes_line(report), styles.small))

    story += [Paragraph("IV. RUMUSAN", styles.heading), *[para(line) for line in services.rumusan_lines(report)]]
    story += [Paragraph("V. SERTIFIKAT", styles.heading),
              para(services.certificates_line(report))]
    story += [Paragraph("VI. PENUTUP", styles.heading),
              para(services.CLOSING)]
    signer = Signer.from_mapping(services.signer_or_blank(signer))
    when = on or event.today()
    story += [Spacer(1, 12), KeepTogether([signature_row([signer], width=width, place=event.city, on=when)])]
    return story


def report_pdf(event, *, signer=None, on=None) -> bytes:
    """The report and, when the tim perumus has started one, the rumusan attached after it."""
    report = build_report(event)
    sections = [report_story(report, signer=signer, on=on)]
    if report.rumusan is not None:
        sections.append([Paragraph("Lampiran: Rumusan Rapat Kerja", get_styles().small), Spacer(1, 4),
                         *rumusan_story(event, rumusan_document.build(event, report.rumusan))])
    return build_sections_pdf(event, sections, title=f"Laporan {event.title}", subject="Laporan pelaksanaan rapat kerja")
