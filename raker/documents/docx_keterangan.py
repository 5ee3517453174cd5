"""Surat keterangan kehadiran as DOCX: one letter per person, each starting on a new page with the
kop. Takes the models (raker.checkin.keterangan.KeteranganDocument), imports nothing from the domains."""

from collections.abc import Sequence

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from .docx_common import add_kop, heading, new_document, new_part, paragraph, set_title, signature_table, to_bytes
from .docx_letters import label_table

LABEL_WIDTH = Cm(3.2)


def _letter(document, doc) -> None:
    title = heading(document, doc.title)
    title.runs[0].underline = True
    paragraph(document, f"Nomor: {doc.number}", align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(document, doc.intro)
    label_table(document, doc.signer_rows, label_width=LABEL_WIDTH)
    paragraph(document, doc.middle)
    label_table(document, doc.person_rows, label_width=LABEL_WIDTH)
    paragraph(document, doc.statement)
    paragraph(document, doc.closing).paragraph_format.keep_with_next = True
    signature_table(document, [doc.signer], doc.place_date)  # kept together by docx_common


def keterangan_docx(event, documents: Sequence) -> bytes:
    document = new_document(event)
    for index, doc in enumerate(documents):
        if index:
            new_part(document)  # counted from its page 1, as the PDF counts it
            add_kop(document, event)
        _letter(document, doc)
    set_title(
        document,
        f"Surat Keterangan Kehadiran {documents[0].name}"
        if len(documents) == 1
        else f"Surat Keterangan Kehadiran {event.title}",
    )
    return to_bytes(document)
