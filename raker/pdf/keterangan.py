"""Surat keterangan kehadiran as a PDF: one letter per person, each with the kop and its own page
count ("Halaman 1 dari 1"), in one file.

Takes the models (raker.checkin.keterangan.KeteranganDocument) and imports nothing from the domains."""

from collections.abc import Sequence

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Indenter, KeepTogether, Spacer

from .document import build_sections_pdf, escape_text, label_value_table, para
from .paragraph import Paragraph
from .signature import signature_row
from .styles import MARGINS, get_styles, page_size

INDENT = 1 * cm
LABEL_WIDTH = 3.2 * cm


def keterangan_story(doc, *, width: float) -> list:
    styles = get_styles()
    title = ParagraphStyle("sk_title", parent=styles.title, spaceAfter=0)
    number = ParagraphStyle("sk_number", parent=styles.body, alignment=TA_CENTER)
    place = ParagraphStyle("sk_place", parent=styles.body, alignment=TA_CENTER, leftIndent=width / 2)
    signer = doc.signer
    return [
        Paragraph(f"<u>{escape_text(doc.title)}</u>", title),
        para(f"Nomor: {doc.number}", number),
        Spacer(1, 14),
        para(doc.intro),
        Spacer(1, 4),
        Indenter(left=INDENT),
        label_value_table(doc.signer_rows, width=width - INDENT, label_width=LABEL_WIDTH),
        Indenter(left=-INDENT),
        Spacer(1, 6),
        para(doc.middle),
        Spacer(1, 4),
        Indenter(left=INDENT),
        label_value_table(doc.person_rows, width=width - INDENT, label_width=LABEL_WIDTH),
        Indenter(left=-INDENT),
        Spacer(1, 6),
        para(doc.statement),
        Spacer(1, 6),
        KeepTogether(
            [para(doc.closing), Spacer(1, 14), para(doc.place_date, place), signature_row([signer], width=width)]
        ),
    ]


def keterangan_pdf(event, documents: Sequence) -> bytes:
    width = page_size(event)[0] - MARGINS.left - MARGINS.right
    title = (
        f"Surat Keterangan Kehadiran {documents[0].name}"
        if len(documents) == 1
        else f"Surat Keterangan Kehadiran {event.title}"
    )
    return build_sections_pdf(
        event,
        [keterangan_story(doc, width=width) for doc in documents],
        title=title,
        subject="Surat keterangan kehadiran",
    )
