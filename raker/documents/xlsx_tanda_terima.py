"""Tanda terima as a workbook: the same rows as the PDF, a bold row per delegation, "(lanjutan)" atop
a printed page a delegation continues on (page breaks set by raker.documents.xlsx_lists), the
"Mengetahui" block, every text cell guarded against formula injection. Takes the domain's
ReceiptDocument (duck-typed) and imports nothing from the domains."""
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from ..reference.nip import format_nip
from ..reference.ranks import rank_label
from ..safe_text import neutralise
from .xlsx_lists import CONTINUED, GROUP_ROW_HEIGHT, fit_scale, page_room, paginate

WIDTHS = (5, 32, 30, 18, 30)  # characters: No, Nama, Jabatan, Yang Diterima, Tanda Tangan
ROW_HEIGHT = 30  # points: room to sign
HEADER_HEIGHT = 20
SIGNATURE_COLUMN = 5
PAPER = {"A4": 9, "F4": 14}
MARGINS = {"left": 1.18, "right": 0.79, "top": 0.79, "bottom": 0.79}  # 3 cm and 2 cm, in inches


def tanda_terima_xlsx(event, document) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tanda terima"
    workbook.properties.title = neutralise(document.file_title)
    workbook.properties.creator = "Raker"
    last = get_column_letter(len(WIDTHS))
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap_top = Alignment(wrap_text=True, vertical="top")

    def merged(row: int, value, *, first: str = "A", font=None, align=None) -> None:
        sheet.merge_cells(f"{first}{row}:{last}{row}")
        cell = sheet[f"{first}{row}"]
        cell.value = neutralise(value)
        cell.font = font or Font()
        if align:
            cell.alignment = align

    merged(1, document.title, font=Font(bold=True, size=13), align=centred)
    merged(2, document.subtitle, font=Font(bold=True, size=12), align=centred)
    sheet.row_dimensions[2].height = 32
    for offset, (label, value) in enumerate(document.details):
        row = 3 + offset
        sheet.merge_cells(f"A{row}:B{row}")
        sheet[f"A{row}"] = label
        merged(row, f": {value}", first="C")
    header_row = 4 + len(document.details)
    for column, name in enumerate(document.columns, start=1):
        cell = sheet.cell(header_row, column, name)
        cell.font, cell.alignment, cell.border = bold, centred, border
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
    sheet.row_dimensions[header_row].height = HEADER_HEIGHT

    paper = PAPER.get(event.paper_size, 9)
    scale = fit_scale(paper, WIDTHS, MARGINS["left"], MARGINS["right"])
    room = page_room(paper, scale, MARGINS["top"], MARGINS["bottom"])
    above = sum(sheet.row_dimensions[r].height or 15 for r in range(1, header_row)) + HEADER_HEIGHT
    group_fill = PatternFill("solid", fgColor="F2F2F2")
    row = header_row
    for entry in paginate(document.sections, first_room=room - above, room=room - HEADER_HEIGHT,
                          line_height=ROW_HEIGHT):
        if entry[0] == "break":
            sheet.row_breaks.append(Break(id=row))
            continue
        row += 1
        if entry[0] == "group":
            _, heading, continued = entry
            sheet.merge_cells(f"A{row}:{last}{row}")
            cell = sheet.cell(row, 1, neutralise(f"{heading} {CONTINUED}" if continued else heading))
            cell.font, cell.fill = bold, group_fill
            sheet.row_dimensions[row].height = GROUP_ROW_HEIGHT
            for column in range(1, len(WIDTHS) + 1):
                sheet.cell(row, column).border = border
            continue
        line = entry[1]
        for column, value in enumerate((line.number, line.name, line.position, line.item, f"{line.number}."), start=1):
            cell = sheet.cell(row, column, neutralise(value))
            cell.border, cell.alignment = border, wrap_top
        sheet.cell(row, 1).alignment = Alignment(horizontal="center", vertical="top")
        # Odd numbers sign on the left, even ones from the middle, as on the paper forms.
        sheet.cell(row, SIGNATURE_COLUMN).alignment = Alignment(
            horizontal="left" if line.number % 2 else "center", vertical="top")
        sheet.row_dimensions[row].height = ROW_HEIGHT
    if not document.sections:
        row += 1
        merged(row, document.empty_text)

    row += 2
    sheet.cell(row, 1, neutralise(document.total_line)).font = bold
    signer = document.signer
    block = [document.place_date, document.sign_off, signer.position.rstrip(",") + ",", "", "", "",
             signer.name or "." * 30]
    if signer.name and signer.rank:
        block.append(rank_label(signer.rank))
    block.append(f"NIP. {format_nip(signer.nip)}" if (signer.name and signer.nip) else
                 ("" if signer.name else "NIP. " + "." * 24))
    row += 1
    for offset, text in enumerate(block):
        if not text:
            continue
        sheet.merge_cells(f"D{row + offset}:{last}{row + offset}")
        cell = sheet[f"D{row + offset}"]
        cell.value = neutralise(text)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        if signer.name and offset == 6:
            cell.font = Font(bold=True, underline="single")

    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = paper
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left, sheet.page_margins.right = MARGINS["left"], MARGINS["right"]
    sheet.page_margins.top, sheet.page_margins.bottom = MARGINS["top"], MARGINS["bottom"]
    sheet.oddFooter.center.text = "Halaman &P dari &N"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
