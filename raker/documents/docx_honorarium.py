"""Daftar penerimaan honorarium narasumber dan moderator as DOCX, landscape like the PDF: kop, title,
the meeting, Hari/Tanggal, Tempat, Beban anggaran, the list with gross, PPh 21 and net, JUMLAH,
terbilang and the two signatures (Setuju dibayar / Lunas dibayar). Takes the domain's
HonorariumDocument (duck-typed) and imports nothing from the domains."""

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from ..i18n import format_long_date
from .docx_common import (
    add_kop,
    cell_margins,
    heading,
    label_rows,
    new_document,
    paragraph,
    repeat_header,
    set_title,
    set_widths,
    signature_table,
    text_width,
    to_bytes,
)
from .docx_lists import CELL_MARGIN, HEADER_FILL, cell_text, keep_with_next, shade, signature_cell

# The PDF's widths on A4 landscape (24.7 cm between the margins), scaled to the page.
BASE_WIDTHS = (0.8, 4.2, 3.6, 4.4, 1.5, 1.9, 2.1, 2.0, 2.1, 2.1)
HEADERS = (
    "No",
    "Nama / NIP",
    "Jabatan / Golongan",
    "Sesi",
    "Jumlah jam/sesi",
    "Tarif (Rp)",
    "Bruto (Rp)",
    "PPh 21 (Rp)",
    "Neto (Rp)",
    "Tanda tangan",
)
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
TERBILANG_INDENT = Cm(4)


def amount(value: int) -> str:
    """'1.350.000': the thousands dot, no currency (the header says Rp)."""
    return f"{value:,}".replace(",", ".")


def percent(value) -> str:
    return f"{value.normalize():f}".replace(".", ",") + " %"


def _landscape(doc) -> None:
    section = doc.sections[0]
    width, height = section.page_width, section.page_height
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = max(width, height), min(width, height)


def _line_cells(line) -> list[str]:
    nip = f"\nNIP. {line.nip}".replace(" ", "\u00a0") if line.nip else ""
    role = f"{line.role} ({line.category_label})" if line.category_label else line.role
    return [
        str(line.number),
        f"{line.name}{nip}",
        "\n".join(part for part in (line.position, line.grade) if part),
        "\n".join([role, *(f"• {s}" for s in line.sessions)]),
        f"{line.quantity} {line.unit}",
        amount(line.rate),
        amount(line.gross),
        f"{amount(line.tax)}\n({percent(line.tax_percent)})",
        amount(line.net),
    ]


def honorarium_docx(event, document) -> bytes:
    doc = new_document(event, kop=False)
    _landscape(doc)
    add_kop(doc, event)
    heading(doc, document.title)
    subtitle = paragraph(doc, document.event_title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    subtitle.runs[0].font.size = Pt(11.5)
    details = [("Hari/Tanggal", document.days), ("Tempat", document.venue)]
    if document.budget_line:
        details.append(("Beban anggaran", document.budget_line))
    label_rows(doc, details, label_width=Cm(3.2))

    width = int(text_width(doc))
    widths = [int(width * w / sum(BASE_WIDTHS)) for w in BASE_WIDTHS]
    table = doc.add_table(rows=0, cols=len(HEADERS))
    table.style = "Table Grid"
    cell_margins(table, CELL_MARGIN, CELL_MARGIN)
    for cell, name, w in zip(table.add_row().cells, HEADERS, widths, strict=True):
        cell_text(cell, name, w, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        shade(cell, HEADER_FILL)
    for line in document.lines:
        row = table.add_row()
        row.height, row.height_rule = Cm(1.2), WD_ROW_HEIGHT_RULE.AT_LEAST
        # _line_cells has no text for the last column, the signature: signature_cell fills it below.
        for index, (cell, text, w) in enumerate(zip(row.cells, _line_cells(line), widths, strict=False)):
            cell_text(
                cell,
                text,
                w,
                align=RIGHT if index >= 4 else (WD_ALIGN_PARAGRAPH.CENTER if index == 0 else WD_ALIGN_PARAGRAPH.LEFT),
            )
        signature_cell(row.cells[-1], line.number, widths[-1])
    if not document.lines:
        row = table.add_row()
        cell_text(
            row.cells[0].merge(row.cells[-1]), "Belum ada narasumber atau moderator pada susunan acara.", sum(widths)
        )
    total = table.add_row()
    label = total.cells[0].merge(total.cells[5])
    cell_text(label, "JUMLAH", sum(widths[:6]), bold=True, align=RIGHT)
    for index, value in ((6, document.total_gross), (7, document.total_tax), (8, document.total_net)):
        cell_text(total.cells[index], amount(value), widths[index], bold=True, align=RIGHT)
    set_widths(table, widths)
    repeat_header(table)
    for row in table.rows[-2:]:  # the last line and the total stay with terbilang and the signatures
        keep_with_next(row)

    # The last line, the total, terbilang and the signatures on one page: terbilang as paragraphs
    # kept with the next (a table between would break the chain), the signature block keeps the last.
    paragraph(doc, "", align=WD_ALIGN_PARAGRAPH.LEFT).paragraph_format.keep_with_next = True
    for label, words in (("Terbilang (bruto)", document.gross_words), ("Terbilang (neto)", document.net_words)):
        line = paragraph(doc, f"{label}\t:\t{words.capitalize()}", align=WD_ALIGN_PARAGRAPH.LEFT)
        line.paragraph_format.left_indent, line.paragraph_format.first_line_indent = TERBILANG_INDENT, -TERBILANG_INDENT
        line.paragraph_format.tab_stops.add_tab_stop(TERBILANG_INDENT - Cm(0.4))
        line.paragraph_format.tab_stops.add_tab_stop(TERBILANG_INDENT)
        line.paragraph_format.keep_with_next = True
    ppk, treasurer = document.signers
    signers = [
        {"position": f"Setuju dibayar,\n{ppk.position}", "name": ppk.name, "rank": ppk.rank, "nip": ppk.nip},
        {
            "position": f"Lunas dibayar,\n{treasurer.position}",
            "name": treasurer.name,
            "rank": treasurer.rank,
            "nip": treasurer.nip,
        },
    ]
    signature_table(doc, signers, f"{document.place}, {format_long_date(document.signed_on, 'id')}")
    set_title(doc, f"Daftar Penerimaan Honorarium {document.event_title}")
    return to_bytes(doc)
