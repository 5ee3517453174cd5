"""Berita acara pengesahan rumusan as DOCX, the same content as the PDF. Takes the model
(raker.rumusan.berita_acara.BeritaAcaraDocument) and imports nothing from the domains."""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from .docx_common import heading, new_document, paragraph, set_title, signature_table, to_bytes
from .docx_letters import grid_table, label_table
from .docx_lists import signature_cell

INDENT = Cm(1)


def berita_acara_docx(event, doc) -> bytes:
    document = new_document(event)
    for line in doc.title_lines:
        heading(document, line)
    paragraph(document, f"Nomor: {doc.number}", align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(document, doc.opening)
    label_table(document, doc.chair_rows, label_width=Cm(2.5))
    paragraph(document, doc.attendance)
    paragraph(document, doc.decision_intro)
    paragraph(document, doc.decision, indent=INDENT)
    if doc.decisions:
        paragraph(document, doc.decisions_intro, indent=INDENT).paragraph_format.keep_with_next = True
        grid_table(document, doc.decisions_header, doc.decisions, widths=(Cm(1.6), Cm(5), Cm(8.4)))
    paragraph(document, doc.fingerprint_intro, indent=INDENT).paragraph_format.keep_with_next = True
    fingerprint = paragraph(document, doc.fingerprint, indent=INDENT, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for run in fingerprint.runs:
        run.font.size = Pt(9.5)
    paragraph(document, doc.closing).paragraph_format.keep_with_next = True
    signature_table(document, [doc.chair], doc.place_date)  # kept together by docx_common
    if doc.delegations:
        paragraph(document, doc.delegations_title, align=WD_ALIGN_PARAGRAPH.LEFT).paragraph_format.keep_with_next = True
        rows = [
            [f"{index}.", present.name, present.representative, f"{index}."]
            for index, present in enumerate(doc.delegations, start=1)
        ]
        widths = (Cm(1), Cm(5.5), Cm(5), Cm(4.5))
        table = grid_table(document, doc.table_header, rows, widths=widths, row_height=Cm(1.1))
        for index, (row, present) in enumerate(zip(table.rows[1:], doc.delegations, strict=True), start=1):
            if present.signature_png:  # signed on the tablet: the number and the signature after it
                cell = row.cells[3]
                for run in list(cell.paragraphs[0].runs):  # the number grid_table wrote: signature_cell writes it
                    run._element.getparent().remove(run._element)
                signature_cell(cell, index, widths[3], present.signature_png)
            elif index % 2 == 0:  # odd numbers sign left, even right
                row.cells[3].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_title(document, f"Berita Acara Pengesahan Rumusan {event.title}")
    return to_bytes(document)
