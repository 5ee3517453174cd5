"""Tanda terima (seminar kit, bahan materi) as DOCX, the same content as the PDF. Takes the model
(raker.checkin.tanda_terima.ReceiptDocument) and imports nothing from the domains. One receipt per
delegation (document.receipts()): each in a section of its own from a new page, under the kop, its
pages counted from 1 (new_part), as the PDF prints them."""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from .docx_common import (
    add_kop,
    heading,
    label_rows,
    new_document,
    new_part,
    paragraph,
    set_title,
    signature_table,
    text_run,
    text_width,
    to_bytes,
)
from .docx_lists import grouped_list

SIGNATURE_COLUMN = 4


def column_widths(width) -> list[int]:
    """No, Nama, Jabatan, Yang Diterima, Tanda Tangan: the PDF's shares of the width."""
    number = Cm(0.8)
    free = int(width) - number
    return [number, int(free * 0.3), int(free * 0.27), int(free * 0.15), int(free * 0.28)]


def tanda_terima_docx(event, document) -> bytes:
    doc = new_document(event)
    for index, receipt in enumerate(document.receipts()):
        if index:
            new_part(doc)
            add_kop(doc, event)
        _receipt(doc, receipt)
    set_title(doc, document.file_title)
    return to_bytes(doc)


def _receipt(doc, document) -> None:
    heading(doc, document.title)
    subtitle = paragraph(doc, document.subtitle, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    subtitle.runs[0].font.size = Pt(12)
    label_rows(doc, document.details, label_width=Cm(3.2))
    signer = dict(document.signer_fields, position=f"{document.sign_off}\n{document.signer.position}")

    def sign_off(cell):
        cell.paragraphs[0].paragraph_format.space_before = Pt(8)
        text_run(cell.paragraphs[0], document.total_line)
        signature_table(cell, [signer], document.place_date)

    grouped_list(
        doc,
        document.columns,
        document.sections,
        widths=column_widths(text_width(doc)),
        row_cells=lambda line: [str(line.number), line.name, line.position, line.item, ""],
        signature_column=SIGNATURE_COLUMN,
        empty_text=document.empty_text,
        tail=sign_off,
    )
