"""The post-event report as DOCX, the same parts as the PDF (raker/pdf/report.py) so the secretariat
can edit it in Word; the PDF's charts as pictures (the same reportlab drawings, as PNG)."""
import io

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Emu, Pt

from ..i18n import format_day
from ..pdf.fonts import register_fonts
from ..pdf.report import arrivals_chart, delegation_chart
from ..pdf.signature import place_and_date
from ..report import services
from ..report.services import Report, build_report
from ..rumusan import document as rumusan_document
from ..rumusan import services as rumusan_services
from .docx_common import (add_kop, heading, label_rows, new_document, numbered, paragraph, repeat_header, set_title,
                          set_widths, signature_table, text_run, text_width, to_bytes)
from .docx_rumusan import add_rumusan
from .drawing_png import drawing_png

SMALL = Pt(9)
HEAD = Pt(8.5)  # as the PDF's column heads: 'Terdaftar' fits its 1.75 cm column


def _table(doc, header: list[str], rows: list[list[str]], *, widths=None, bold_last: bool = False):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header):
        run = text_run(cell.paragraphs[0], text)
        run.bold, run.font.size = True, HEAD
    for index, values in enumerate(rows):
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            run = text_run(cell.paragraphs[0], text)
            run.font.size = SMALL
            run.bold = bold_last and index == len(rows) - 1
    full = text_width(doc)
    widths = list(widths or [full // len(header)] * len(header))
    if None in widths:  # one column takes what the others leave, as in the PDF
        widths[widths.index(None)] = full - sum(w for w in widths if w is not None)
    set_widths(table, widths)
    repeat_header(table)
    doc.add_paragraph()
    return table


def _chart(doc, caption: str, drawing) -> None:
    """A caption over the chart as a picture, kept on one page."""
    register_fonts()  # the drawing's labels are in the PDFs' font, which a DOCX may be the first to use
    p = paragraph(doc, caption, align=WD_ALIGN_PARAGRAPH.LEFT)
    p.paragraph_format.keep_with_next = True
    for run in p.runs:
        run.font.size = SMALL
    picture = doc.add_paragraph()
    picture.add_run().add_picture(io.BytesIO(drawing_png(drawing)), width=Pt(drawing.width))


def add_report(doc, report: Report, *, signer=None, on=None) -> None:
    event = report.event
    heading(doc, services.TITLE)
    heading(doc, rumusan_services.document_title(event))
    heading(doc, "I. UMUM", centred=False)
    label_rows(doc, services.general_facts(report))

    heading(doc, "II. KEHADIRAN", centred=False)
    paragraph(doc, "A. Kehadiran per delegasi dan per hari", bold=True)
    header = ["No", "Delegasi", "Kuota", "Terdaftar", *[f"Hari {i} ({d.strftime('%d/%m')})" for i, d in enumerate(report.days, 1)],
              "Hadir", "%"]
    rows = [[str(n), row.name, "-" if row.quota is None else str(row.quota), str(row.expected),
             *[str(v) for v in row.per_day], str(row.any_day), services.percent_text(row.percent)]
            for n, row in enumerate(report.delegations, 1)]
    rows.append(["", "Jumlah", "", str(report.total_expected), *[str(v) for v in report.total_per_day],
                 str(report.total_any_day), services.percent_text(report.total_percent)])
    narrow = Cm(1.75)  # the PDF's columns: No, the delegation's name, then the figures
    _table(doc, header, rows, bold_last=True, widths=[Cm(0.9), None, *[narrow] * (len(header) - 2)])
    _chart(doc, "Grafik 1. Peserta terdaftar dan hadir per delegasi", delegation_chart(report, Emu(text_width(doc)).pt))
    if report.roles:
        paragraph(doc, "B. Kehadiran per peran", bold=True)
        _table(doc, ["Peran", "Terdaftar", "Hadir"], [[r.title, str(r.expected), str(r.any_day)] for r in report.roles],
               widths=[None, Cm(2.5), Cm(2.5)])
    paragraph(doc, "C. Waktu kedatangan", bold=True)
    arrivals = [(day, slots) for day, slots in report.arrivals.items() if slots]
    chart = arrivals_chart(report, Emu(text_width(doc)).pt)
    if chart is not None:
        _chart(doc, "Grafik 2. Kedatangan peserta per 30 menit", chart)
    if arrivals:
        for day, slots in arrivals:
            paragraph(doc, format_day(day, "id") + ": " + ", ".join(f"{label} ({count})" for label, count in slots if count))
    else:
        paragraph(doc, "Belum ada peserta yang melakukan daftar ulang.")

    heading(doc, "III. SESI DAN NARASUMBER", centred=False)
    if report.sessions:
        _table(doc, ["No", "Hari/Waktu", "Acara", "Narasumber/Moderator", "Notulen"], [
            [str(n), f"{format_day(row.day, 'id')}\n{row.starts}–{row.ends}", row.title + (f"\n{row.room}" if row.room else ""),
             "\n".join(row.people_lines) or "-", row.minutes_label]
            for n, row in enumerate(report.sessions, 1)], widths=[Cm(0.9), Cm(3.3), None, Cm(5.4), Cm(1.9)])
    else:
        paragraph(doc, "Susunan acara belum diisi.")
    concluded = [row for row in report.sessions if row.conclusions]
    if concluded:
        paragraph(doc, "Pokok-pokok kesimpulan sesi (dari notulen)", bold=True)
        for row in concluded:
            paragraph(doc, row.title + ("" if row.minutes_state == "final" else " (notulen masih draf)"), bold=True)
            for n, text in enumerate(row.conclusions, 1):
                numbered(doc, f"{n}.", text)
    paragraph(doc, services.minutes_line(report))

    heading(doc, "IV. RUMUSAN", centred=False)
    for line in services.rumusan_lines(report):
        paragraph(doc, line)
    heading(doc, "V. SERTIFIKAT", centred=False)
    paragraph(doc, services.certificates_line(report))
    heading(doc, "VI. PENUTUP", centred=False)
    paragraph(doc, services.CLOSING)
    signature_table(doc, [services.signer_or_blank(signer)], place_and_date(event.city, on or event.today()))


def report_docx(event, *, signer=None, on=None) -> bytes:
    report = build_report(event)
    doc = new_document(event)
    add_report(doc, report, signer=signer, on=on)
    if report.rumusan is not None:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        add_kop(doc, event)
        paragraph(doc, "Lampiran: Rumusan Rapat Kerja", align=WD_ALIGN_PARAGRAPH.LEFT)
        add_rumusan(doc, rumusan_document.build(event, report.rumusan))
    set_title(doc, f"Laporan {event.title}")
    return to_bytes(doc)
