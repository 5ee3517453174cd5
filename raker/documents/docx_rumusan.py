"""The rumusan as DOCX (python-docx), for the secretariat to edit in Word: the same content as the PDF.
python-docx writes text runs, so markup in user text stays literal (XML-escaped by the library).
Takes the model (raker.rumusan.document.RumusanDocument) and imports nothing from the domains."""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from ..pdf.rumusan import ITEM_AT, ITEM_TEXT_AT, NUMBER_INDENT, SUB_TEXT_AT
from .docx_common import heading, new_document, numbered, paragraph, set_title, signature_table, to_bytes, xml_safe

# As the PDF (raker/pdf/rumusan.py): the topic letter at the margin, its title at 0.8 cm; an item's
# number under the title, its text 0.8 cm further; a sub-point's letter under its item's text.
TOPIC_INDENT = Pt(NUMBER_INDENT)
ITEM_NUMBER_AT, ITEM_INDENT = Pt(ITEM_AT), Pt(ITEM_TEXT_AT)
SUB_INDENT = Pt(SUB_TEXT_AT)


def _numbered(document, label: str, text: str, indent, *, number_at=Cm(0), bold: bool = False):
    p = numbered(document, label, xml_safe(text), indent=indent, number_at=number_at)
    for run in p.runs:
        run.bold = bold
    if bold:  # a topic title stays with its first item
        p.paragraph_format.keep_with_next = True
    return p


def add_rumusan(document, doc) -> None:
    """The rumusan's content (title to fingerprint) appended to `document`, e.g. after a kop."""
    heading(document, doc.title)
    heading(document, doc.subtitle)
    if doc.draft:
        heading(document, "DRAF", size=Pt(11))
    for block in doc.preamble:
        paragraph(document, xml_safe(block))
    last_item = []
    for topic in doc.topics:
        _numbered(document, f"{topic.letter}.", topic.title, TOPIC_INDENT, bold=True)
        for entry in topic.items:
            last_item = [_numbered(document, f"{entry.number}.", entry.text, ITEM_INDENT, number_at=ITEM_NUMBER_AT)]
            for sub in entry.subs:
                last_item.append(_numbered(document, f"{sub.letter}.", sub.text, SUB_INDENT, number_at=ITEM_INDENT))
    for p in last_item:  # the last item goes with the closing, place, date and the signing (as in the PDF)
        p.paragraph_format.keep_with_next = True
    paragraph(document, xml_safe(doc.closing))
    dated = paragraph(document, doc.place_date, align=WD_ALIGN_PARAGRAPH.RIGHT)
    dated.paragraph_format.keep_with_next = True  # place, date and TIM PERUMUS go with the closing text
    heading(document, "TIM PERUMUS", size=Pt(11))
    if doc.team:
        signature_table(document, doc.team, per_row=2)
    if doc.fingerprint:
        p = document.add_paragraph()
        p.add_run(f"Sidik jari SHA-256: {doc.fingerprint}").font.size = Pt(8)


def render_rumusan_docx(event, doc) -> bytes:
    document = new_document(event)
    add_rumusan(document, doc)
    set_title(document, doc.pdf_title)
    return to_bytes(document)
