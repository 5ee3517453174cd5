"""The letters sent before the meeting (surat undangan, surat permohonan narasumber) as DOCX: each
letter from a new page with the kop, counted from page 1, its lampiran after a page break. Takes the
models (raker.invitations.services.LetterDocument) and imports nothing from the domains."""

import io
from collections.abc import Sequence

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Emu, Pt

from ..pdf.fonts import REGULAR
from ..pdf.invitation import link_lines
from ..pdf.qr import qr_png
from .docx_common import (
    _spacing,
    add_kop,
    balanced_lines,
    heading,
    new_document,
    new_part,
    no_borders,
    paragraph,
    plain,
    set_title,
    set_widths,
    signature_table,
    tembusan,
    text_run,
    text_width,
    to_bytes,
)
from .docx_letters import grid_table, label_table

LABEL_WIDTH = Cm(3)
QR_WIDTH = Cm(2.6)


def _register(document, doc) -> None:
    """The registration sentence beside its QR code, then the link whole on one line (smaller as needed)."""
    width = text_width(document)
    table = document.add_table(rows=1, cols=2)
    no_borders(table)
    text, qr = table.rows[0].cells
    text_run(text.paragraphs[0], doc.after_details)
    qr.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    qr.paragraphs[0].add_run().add_picture(io.BytesIO(qr_png(doc.link, box_size=6)), width=QR_WIDTH)
    set_widths(table, (width - QR_WIDTH - Cm(0.4), QR_WIDTH + Cm(0.4)))
    # Word's Arial and LibreOffice's Liberation Sans share their metrics with the PDF's font.
    size, lines = link_lines(doc.link, Emu(width).pt - 4)
    p = document.add_paragraph()
    _spacing(p, after=6)
    for index, line in enumerate(lines):
        run = text_run(p, line)
        run.font.size = Pt(size)
        if index < len(lines) - 1:
            run.add_break()


def _attachment(document, attachment) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    width = text_width(document)
    # Broken into even lines as LibreOffice would not ("… KALIMANTAN" over a lone "TIMUR"), at the merged
    # cell's width (half the text less Table Grid's 0.19 cm margins) in the cell's 9 pt.
    heading_text = "\n".join(balanced_lines(attachment.heading, (width // 2 - Cm(0.38)) / Pt(1), 9, REGULAR))
    reference = label_table(
        document,
        [(heading_text, "", ""), *attachment.reference],  # the heading's row merged across below
        label_width=Cm(2.6),
        indent=width // 2,
        width=width // 2,
    )
    first = reference.rows[0].cells
    merged = first[0].merge(first[2])  # "LAMPIRAN I SURAT GUBERNUR …" over the whole half, not in the label's column
    for extra in merged.paragraphs[1:]:  # the merged cells' empty paragraphs
        merged._tc.remove(extra._p)
    for row in reference.rows:
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)
    heading(document, attachment.title)
    rows = [tuple(row) for row in attachment.rows]
    table = grid_table(document, attachment.columns, rows, widths=[int(width * w) for w in attachment.widths])
    for index, row in enumerate(rows, start=1):  # a day's heading in bold (no merged cells: LibreOffice keeps the grid)
        if len(row) > 1 and not any(row[1:]):
            for run in table.rows[index].cells[0].paragraphs[0].runs:
                run.bold = True


def _letter(document, doc) -> None:
    label_table(
        document,
        [("Nomor", doc.number), ("Sifat", doc.nature), ("Lampiran", doc.attachment), ("Hal", doc.subject)],
        label_width=Cm(2.3),
        indent=Cm(0),
    )
    for line in doc.addressee[:-1]:
        plain(document, line)
    plain(document, doc.addressee[-1], indent=Cm(0.7))
    paragraph(document, "")
    paragraph(document, doc.body)
    label_table(document, doc.details, label_width=LABEL_WIDTH)
    for group in doc.detail_groups:
        label_table(document, group, label_width=LABEL_WIDTH)
    if doc.link:
        _register(document, doc)
    paragraph(document, doc.closing).paragraph_format.keep_with_next = True
    signature_table(document, [doc.signer], doc.place_date)  # kept together by docx_common
    tembusan(document, doc.tembusan)
    for attachment in doc.attachments:
        _attachment(document, attachment)


def letters_docx(event, documents: Sequence, *, title: str) -> bytes:
    document = new_document(event)
    for index, doc in enumerate(documents):
        if index:
            new_part(document)  # counted from its page 1, as the PDF counts it
            add_kop(document, event)
        _letter(document, doc)
    set_title(document, title)
    return to_bytes(document)
