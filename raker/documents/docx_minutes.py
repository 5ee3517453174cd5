"""Notulen as a Word document, the same parts in the same order as the PDF (raker/pdf/minutes.py),
so the secretariat can edit it in Word. Several sessions: each starts on a new page with its kop."""
from docx.enum.text import WD_BREAK
from docx.shared import Cm

from ..minutes.services import MinutesDocument, document_parts
from .docx_common import add_kop, heading, label_rows, new_document, numbered, paragraph, signature_table, to_bytes

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
        who = f"Penanya: {row.get('asker') or '-'}" + (f" — {row['delegation']}" if row.get("delegation") else "")
        numbered(doc, f"{n}.", who, indent=INDENT)
        paragraph(doc, "Pertanyaan:", indent=INDENT)
        _text(doc, row.get("question") or "", indent=INDENT)
        answerer = row.get("answerer")
        paragraph(doc, f"Jawaban oleh {answerer}:" if answerer else "Jawaban:", indent=INDENT)
        _text(doc, row.get("answer") or "", indent=INDENT)


def _one(doc, parts: MinutesDocument) -> None:
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


def minutes_docx(event, minutes_list) -> bytes:
    doc = new_document(event)
    if not minutes_list:
        heading(doc, "NOTULEN")
        paragraph(doc, "Belum ada notulen.")
    for index, minutes in enumerate(minutes_list):
        if index:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            add_kop(doc, event)
        _one(doc, document_parts(event, minutes))
    return to_bytes(doc)
