"""The daftar penerimaan honorarium as a workbook for the treasurer: the same rows as the PDF, money
as numbers (whole rupiah, shown "Rp 1.350.000" in any locale) so the sums can be checked in the sheet, and every
text cell guarded against formula injection. Takes the domain's HonorariumDocument (duck-typed)."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..i18n import format_long_date
from ..reference.nip import format_nip
from ..reference.ranks import rank_label
from ..safe_text import neutralise
from .xlsx_lists import PAPER_CODES

# Whole rupiah with Indonesian separators whatever the reader's locale: "#,##0" prints the viewer's own
# ("Rp 1,350,000" in Calc or Excel set to en-US), so the dots are literal text between digit groups, one
# section per size (a format holds two conditions; an honorarium line or total of a milliard is not paid).
RUPIAH = '[>=1000000]"Rp "#"."###"."###;[>=1000]"Rp "#"."###;"Rp "0'


def percent_format(percent) -> str:
    """The PPh 21 rate (a Decimal percent such as 15 or 2.5, stored as the fraction 0.15, 0.025) as
    Indonesian writes it: "15%", "2,5%". A whole rate needs no separator; another shows its own digits
    with a decimal comma as literal text (a "0.0%" would print "2.5%" in an en-US locale), and any
    other value typed over it later falls back to a whole percent."""
    value = Decimal(percent)
    if value == value.to_integral_value():
        return "0%"
    text = format(value.normalize(), "f").replace(".", ",")
    return f'[={float(value / 100)!r}]"{text}%";0%'


HEADERS = (
    "No",
    "Nama",
    "NIP",
    "Jabatan / Instansi",
    "Golongan",
    "Peran",
    "Sesi",
    "Jumlah",
    "Satuan",
    "Tarif",
    "Bruto",
    "Tarif PPh 21",
    "PPh 21",
    "Neto",
    "Tanda tangan",
)
WIDTHS = (5, 30, 22, 34, 22, 12, 50, 8, 7, 14, 15, 11, 14, 15, 16)
HEADER_ROW = 6


def honorarium_xlsx(event, document) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Honorarium"
    workbook.properties.title = neutralise(f"Daftar penerimaan honorarium {document.event_title}")
    last = get_column_letter(len(HEADERS))
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap_top = Alignment(wrap_text=True, vertical="top")

    def merged(row: int, value, *, font=None) -> None:
        sheet.merge_cells(f"A{row}:{last}{row}")
        cell = sheet.cell(row, 1, neutralise(value))
        cell.font = font or Font()
        cell.alignment = Alignment(horizontal="center")

    merged(1, document.title, font=Font(bold=True, size=13))
    merged(2, document.event_title, font=Font(bold=True, size=12))
    merged(3, f"Hari/Tanggal: {document.days}")
    merged(
        4, f"Tempat: {document.venue}" + (f" · Beban anggaran: {document.budget_line}" if document.budget_line else "")
    )

    for column, (name, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = sheet.cell(HEADER_ROW, column, name)
        cell.font, cell.alignment, cell.border = bold, centred, border
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        sheet.column_dimensions[get_column_letter(column)].width = width

    row = HEADER_ROW
    for line in document.lines:
        row += 1
        role = f"{line.role} ({line.category_label})" if line.category_label else line.role
        values = (
            line.number,
            line.name,
            line.nip,
            line.position,
            line.grade,
            role,
            "\n".join(line.sessions),
            line.quantity,
            line.unit,
            line.rate,
            line.gross,
            float(line.tax_percent / 100),
            line.tax,
            line.net,
            f"{line.number}.",
        )
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row, column, neutralise(value))
            cell.border, cell.alignment = border, wrap_top
        sheet.cell(row, 3).number_format = "@"  # NIP stays text, never 1.98E+17
        for column in (10, 11, 13, 14):
            sheet.cell(row, column).number_format = RUPIAH
        sheet.cell(row, 12).number_format = percent_format(line.tax_percent)
        sheet.cell(row, 15).alignment = Alignment(horizontal="left" if line.number % 2 else "center", vertical="top")

    row += 1
    sheet.merge_cells(f"A{row}:I{row}")
    sheet.cell(row, 1, "JUMLAH").font = bold
    sheet.cell(row, 1).alignment = Alignment(horizontal="right")
    # The totals are the document's own figures, not formulas: the file says what the PDF says.
    for column, value in ((11, document.total_gross), (13, document.total_tax), (14, document.total_net)):
        cell = sheet.cell(row, column, value)
        cell.font, cell.number_format = bold, RUPIAH
    for column in range(1, len(HEADERS) + 1):
        sheet.cell(row, column).border = border

    row += 2
    sheet.cell(row, 1, "Terbilang (bruto)")
    sheet.cell(row, 4, neutralise(document.gross_words.capitalize()))
    sheet.cell(row + 1, 1, "Terbilang (neto)")
    sheet.cell(row + 1, 4, neutralise(document.net_words.capitalize()))

    row += 3
    ppk, treasurer = document.signers
    sheet.cell(row, 11, neutralise(f"{document.place}, {format_long_date(document.signed_on, 'id')}"))
    for column, label, signer in ((2, "Setuju dibayar,", ppk), (11, "Lunas dibayar,", treasurer)):
        sheet.cell(row + 1, column, label)
        sheet.cell(row + 2, column, neutralise(f"{signer.position},"))
        sheet.cell(row + 6, column, neutralise(signer.name or "." * 30)).font = bold
        if signer.rank:
            sheet.cell(row + 7, column, rank_label(signer.rank))
        sheet.cell(row + 8, column, f"NIP. {format_nip(signer.nip)}" if signer.nip else "NIP. " + "." * 25)

    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = PAPER_CODES.get(event.paper_size, 9)  # else Calc prints on US Letter
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
