"""Tanda terima as a workbook: the same rows as the PDF, a bold row per delegation, "(lanjutan)" atop
a printed page a delegation continues on, the "Mengetahui" block (raker.documents.xlsx_lists), every
text cell guarded against formula injection. One receipt per delegation (document.receipts()): a sheet
each, named after the delegation, with its own title, list, count and sign-off and its pages counted
from 1 ("Halaman 1 dari N" is Excel's per sheet). Takes the domain's ReceiptDocument (duck-typed) and
imports nothing from the domains."""

from .xlsx_lists import PAPER_CODES, ListSheet, list_workbook_sheets, signer_block

WIDTHS = (5, 32, 30, 18, 30)  # characters: No, Nama, Jabatan, Yang Diterima, Tanda Tangan
ROW_HEIGHT = 30  # points: room to sign
HEADER_HEIGHT = 20
SIGNATURE_COLUMN = 5


def _line_cells(row: int, line) -> tuple[list, list]:
    # Odd numbers sign on the left, even ones from the middle, as on the paper forms.
    return (
        [
            (line.number, "centre"),
            (line.name, "wrap"),
            (line.position, "wrap"),
            (line.item, "wrap"),
            (f"{line.number}.", "left" if line.number % 2 else "centre"),
        ],
        [],
    )


def tanda_terima_xlsx(event, document) -> bytes:
    receipts = document.receipts()
    return list_workbook_sheets([_sheet(event, receipt, len(receipts) > 1) for receipt in receipts])


def _sheet(event, document, per_delegation: bool) -> ListSheet:
    signer = document.signer
    return ListSheet(
        title=document.title,
        subtitle=document.subtitle,
        details=document.details,
        columns=document.columns,
        widths=WIDTHS,
        sections=document.sections,
        line_cells=_line_cells,
        line_height=ROW_HEIGHT,
        header_height=HEADER_HEIGHT,
        summary=document.total_line,
        sign_off=signer_block(
            document.place_date, document.sign_off, signer.position, signer.name, signer.rank, signer.nip
        ),
        sign_off_column=4,
        paper=PAPER_CODES.get(event.paper_size, 9),
        sheet_title=document.sections[0].heading if per_delegation else "Tanda terima",
        file_title=document.file_title,
        empty_text=document.empty_text,
    )
