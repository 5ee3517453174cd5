"""Tanda terima (seminar kit, bahan materi) as an official PDF, portrait on the event's paper, drawn
from the domain's ReceiptDocument (raker.checkin.tanda_terima builds it; nothing here asks the
database). The list is the daftar hadir's table (raker.pdf.lists): a bold row per delegation,
"(lanjutan)" atop a page it continues on, signature cells alternating left and right. One receipt per
delegation (document.receipts()): each from a new page under the kop, its pages counted from 1.

    [kop]
                        TANDA TERIMA SEMINAR KIT
                 Rapat Kerja Bidang Ketatalaksanaan …
    Hari/Tanggal  : …
    Tempat        : …
    Yang diterima : Seminar kit

    No | Nama | Jabatan | Yang Diterima | Tanda Tangan
                                               Tana Paser, 9 Agustus 2021
                                               Mengetahui,
                                               Sekretariat,
"""

from reportlab.lib.units import cm
from reportlab.platypus import Spacer

from .document import build_sections_pdf, escape_text, label_value_table, para
from .lists import ListLayout, SignatureCell, fitted, list_styles, list_with_sign_off, sign_off_signer
from .paragraph import Paragraph
from .signature import signature_row
from .styles import MARGINS, get_styles, page_size


def column_widths(width: float) -> list[float]:
    """No, Nama, Jabatan, Yang Diterima, Tanda Tangan on `width` points."""
    number = 0.8 * cm
    free = width - number
    return [number, free * 0.3, free * 0.27, free * 0.15, free * 0.28]


def _person_row(line, styles, widths) -> list:
    return [
        str(line.number),
        fitted(line.name, styles["cell"], widths[1]),
        fitted(line.position, styles["cell"], widths[2]),
        fitted(line.item, styles["cell"], widths[3]),
        SignatureCell(line.number),
    ]


def receipt_layout(document, width: float) -> ListLayout:
    return ListLayout(
        columns=document.columns, widths=column_widths(width), person_row=_person_row, empty_text=document.empty_text
    )


def tanda_terima_story(document, event) -> list:
    styles, local = get_styles(), list_styles()
    width = page_size(event)[0] - MARGINS.left - MARGINS.right
    signer = sign_off_signer(document.sign_off, document.signer_fields, document.signer.position)

    def sign_off():
        return [
            Spacer(1, 8),
            para(document.total_line, styles.body_left),
            Spacer(1, 10),
            signature_row([signer], width=width, place=document.place, on=document.signed_on),
        ]

    return [
        Paragraph(escape_text(document.title), styles.title),
        para(document.subtitle, local["subtitle"]),
        label_value_table(document.details, width=width, label_width=3.2 * cm),
        Spacer(1, 10),
        *list_with_sign_off(receipt_layout(document, width), document.sections, sign_off),
    ]


def tanda_terima_pdf(event, document) -> bytes:
    return build_sections_pdf(
        event,
        [tanda_terima_story(receipt, event) for receipt in document.receipts()],
        title=document.file_title,
        subject="Tanda terima",
    )
