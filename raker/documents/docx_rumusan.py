"""The rumusan as DOCX (python-docx), for the secretariat to edit in Word: the same content as the PDF.
python-docx writes text runs, so markup in user text stays literal (XML-escaped by the library)."""
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..pdf.rumusan import rumusan_date, signers
from ..pdf.signature import place_and_date
from ..rumusan import services
from .docx_common import heading, new_document, numbered, paragraph, signature_table, to_bytes, xml_safe

TOPIC_INDENT = Cm(0.8)
SUB_INDENT = Cm(1.5)
def page_number_footer(document) -> None:
    """'Halaman N' in the footer of every page, as a Word field."""
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Halaman ")
    run = footer.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _numbered(document, label: str, text: str, indent, *, bold: bool = False):
    p = numbered(document, label, xml_safe(text), indent=indent)
    for run in p.runs:
        run.bold = bold
    return p


def add_rumusan(document, event, rumusan) -> None:
    """The rumusan's content (title to fingerprint) appended to `document`, e.g. after a kop."""
    heading(document, "RUMUSAN")
    heading(document, services.document_title(event))
    if rumusan.state != "adopted":
        heading(document, "DRAF", size=Pt(11))
    for block in rumusan.preamble.replace("\r\n", "\n").split("\n\n"):
        if block.strip():
            paragraph(document, xml_safe(block.strip()))
    for topic in services.numbered(rumusan):
        _numbered(document, f"{topic['letter']}.", topic["title"], TOPIC_INDENT, bold=True)
        for entry in topic["items"]:
            _numbered(document, f"{entry['number']}.", entry["text"], TOPIC_INDENT)
            for sub in entry["subs"]:
                _numbered(document, f"{sub['letter']}.", sub["text"], SUB_INDENT)
    paragraph(document, xml_safe(rumusan.closing.strip()))
    paragraph(document, place_and_date(event.city, rumusan_date(event, rumusan)), align=WD_ALIGN_PARAGRAPH.RIGHT)
    heading(document, "TIM PERUMUS", size=Pt(11))
    team = signers(event)
    if team:
        signature_table(document, team, per_row=2)
    if rumusan.state == "adopted" and rumusan.fingerprint:
        p = document.add_paragraph()
        p.add_run(f"Sidik jari SHA-256: {rumusan.fingerprint}").font.size = Pt(8)


def rumusan_docx(event) -> bytes:
    rumusan = services.get_or_create(event)
    document = new_document(event)
    page_number_footer(document)
    add_rumusan(document, event, rumusan)
    document.core_properties.title = xml_safe(f"Rumusan {event.title}")
    return to_bytes(document)
