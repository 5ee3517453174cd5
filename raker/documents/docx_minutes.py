"""Notulen as a Word document, the same parts in the same order as the PDF (raker/pdf/minutes.py),
so the secretariat can edit it in Word. Several sessions: each starts on a new page with its kop."""
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt

from .docx_common import (add_kop, heading, label_rows, new_document, numbered, paragraph, repeat_header,
                          set_widths, signature_table, text_run, text_width, to_bytes)

SECTION_TITLES = ("I. KATA PEMBUKAAN", "II. PEMBAHASAN", "III. TANYA JAWAB", "IV. KESIMPULAN/KEPUTUSAN",
                  "V. PENUTUPAN")
DRAFT_LINE = "DRAF — belum final"
INDENT = Cm(0.7)


def _blocks(text: str) -> list[str]:
    return [b.strip() for b in (text or "").split("\n\n") if b.strip()] or ["-"]


def _text(doc, text: str, indent=None) -> None:
    for block in _blocks(text):
        paragraph(doc, block, indent=indent)


def _numbered(doc, items: list[str]) -> None:
    if not items:
        paragraph(doc, "-", indent=INDENT)
    for n, item in enumerate(items, 1):
        blocks = _blocks(item)
        numbered(doc, f"{n}.", blocks[0], indent=INDENT)
        for block in blocks[1:]:
            paragraph(doc, block, indent=INDENT)


def _qa(doc, rows: list[dict]) -> None:
    if not rows:
        paragraph(doc, "-", indent=INDENT)
    for n, row in enumerate(rows, 1):
        who = row["asker_line"]
        numbered(doc, f"{n}.", who, indent=INDENT)
        paragraph(doc, "Pertanyaan:", indent=INDENT)
        _text(doc, row.get("question") or "", indent=INDENT)
        answerer = row.get("answerer")
        paragraph(doc, f"Jawaban oleh {answerer}:" if answerer else "Jawaban:", indent=INDENT)
        _text(doc, row.get("answer") or "", indent=INDENT)


def _one(doc, parts) -> None:
    from ..i18n import format_long_date

    content = parts.content
    if parts.draft:
        heading(doc, DRAFT_LINE)
    heading(doc, parts.title)
    label_rows(doc, parts.header)
    heading(doc, SECTION_TITLES[0], centred=False)
    _text(doc, content["opening"])
    heading(doc, SECTION_TITLES[1], centred=False)
    _numbered(doc, content["discussion"])
    heading(doc, SECTION_TITLES[2], centred=False)
    _qa(doc, content["qa"])
    heading(doc, SECTION_TITLES[3], centred=False)
    _numbered(doc, content["conclusions"])
    heading(doc, SECTION_TITLES[4], centred=False)
    _text(doc, content["closing"])
    paragraph(doc, "")
    place_date = f"{parts.place}, {format_long_date(parts.day, 'id')}" if parts.place else None
    signature_table(doc, parts.signers, place_date)


ATTENDANCE_WIDTHS = (1.0, 4.2, 3.6, 3.2, 3.4, 2.6)  # cm: No | Nama | NIP | Jabatan | Instansi | Tanda Tangan


def _new_page(doc, event) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    add_kop(doc, event)


def _attendance(doc, attachment) -> None:
    """The daftar hadir promised by the Peserta line, as a table: one row per participant under a
    row per delegation; signed by hand in the Tanda Tangan column."""
    heading(doc, attachment.title)
    heading(doc, attachment.subtitle, size=Pt(11))
    label_rows(doc, attachment.details, label_width=Cm(3))
    columns = ("No", "Nama", "NIP", "Jabatan", "Instansi/Unit Kerja", "Tanda Tangan")
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, columns):
        text_run(cell.paragraphs[0], title).bold = True
    lines = [line for section in attachment.sections for line in section.lines]
    for section in attachment.sections:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        text_run(merged.paragraphs[0], section.heading).bold = True
        for line in section.lines:
            row = table.add_row().cells
            for cell, value in zip(row, (f"{line.number}.", line.name, line.nip, line.position, line.institution,
                                         f"{line.number}.")):
                text_run(cell.paragraphs[0], value)
    repeat_header(table)
    if not lines:
        paragraph(doc, attachment.empty_text)
    total = sum(ATTENDANCE_WIDTHS)
    set_widths(table, [int(text_width(doc) * w / total) for w in ATTENDANCE_WIDTHS])
    paragraph(doc, attachment.summary)
    fields = attachment.signer or {}
    signer = {"position": f"Mengetahui, {fields.get('position') or attachment.signer_title}",
              "name": fields.get("name") or "", "rank": fields.get("rank"), "nip": fields.get("nip")}
    from ..i18n import format_long_date

    signature_table(doc, [signer], f"{attachment.place}, {format_long_date(attachment.signed_on, 'id')}"
                    if attachment.place else None)


def render_minutes_docx(event, documents) -> bytes:
    """Notulen (MinutesDocuments from raker/minutes/services.py); each promised daftar hadir
    follows its notulen after a page break."""
    doc = new_document(event)
    if not documents:
        heading(doc, "NOTULEN")
        paragraph(doc, "Belum ada notulen.")
    for index, parts in enumerate(documents):
        if index:
            _new_page(doc, event)
        _one(doc, parts)
        if parts.attachment is not None:
            _new_page(doc, event)
            _attendance(doc, parts.attachment)
    return to_bytes(doc)
