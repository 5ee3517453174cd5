"""The rumusan as DOCX (python-docx), for the secretariat to edit in Word: the same content as the PDF.
python-docx writes text runs, so markup in user text stays literal (XML-escaped by the library)."""
import io
import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..pdf.rumusan import rumusan_date, signers
from ..pdf.signature import place_and_date
from ..reference.nip import format_nip
from ..reference.ranks import rank_label
from ..rumusan import services

PAPER = {"A4": (Cm(21.0), Cm(29.7)), "F4": (Cm(21.5), Cm(33.0))}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML


def _text(value) -> str:
    return _CONTROL.sub("", str(value or ""))


def _page_number(paragraph) -> None:
    paragraph.add_run("Halaman ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _new_document(event):
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAPER.get(event.paper_size, PAPER["A4"])
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2)
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_number(footer)
    for line, size in ((event.letterhead_government, 14), (event.letterhead_unit, 13)):
        if (line or "").strip():
            p = document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(_text(line).upper())
            run.bold, run.font.size = True, Pt(size)
    contact = " · ".join(x for x in (event.letterhead_address, event.letterhead_phone, event.letterhead_email,
                                      event.letterhead_website) if (x or "").strip())
    if contact:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(_text(contact)).font.size = Pt(9)
    return document


def _centred(document, text, bold=True, size=None):
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(_text(text))
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    return p


def _numbered(document, label: str, text: str, indent: float, bold=False):
    p = document.add_paragraph()
    p.paragraph_format.left_indent = Cm(indent)
    p.paragraph_format.first_line_indent = Cm(-0.8 if indent < 1.2 else -0.7)
    p.add_run(f"{label}\t").bold = bold
    p.add_run(_text(text)).bold = bold
    p.paragraph_format.tab_stops.add_tab_stop(Cm(indent))
    return p


def rumusan_docx(event) -> bytes:
    rumusan = services.get_or_create(event)
    document = _new_document(event)
    _centred(document, "RUMUSAN", size=13)
    _centred(document, services.document_title(event), size=13)
    if rumusan.state != "adopted":
        _centred(document, "DRAF")
    for block in rumusan.preamble.replace("\r\n", "\n").split("\n\n"):
        if block.strip():
            p = document.add_paragraph(_text(block.strip()))
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for topic in services.numbered(rumusan):
        _numbered(document, f"{topic['letter']}.", topic["title"], 0.8, bold=True)
        for entry in topic["items"]:
            _numbered(document, f"{entry['number']}.", entry["text"], 0.8)
            for sub in entry["subs"]:
                _numbered(document, f"{sub['letter']}.", sub["text"], 1.5)
    p = document.add_paragraph(_text(rumusan.closing.strip()))
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p = document.add_paragraph(_text(place_and_date(event.city, rumusan_date(event, rumusan))))
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _centred(document, "TIM PERUMUS")
    team = signers(event)
    if team:
        columns = min(2, len(team))
        table = document.add_table(rows=(len(team) + columns - 1) // columns, cols=columns)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for index, signer in enumerate(team):
            cell = table.cell(index // columns, index % columns)
            first = cell.paragraphs[0]
            first.alignment = WD_ALIGN_PARAGRAPH.CENTER
            first.add_run(_text(f"{signer.position},"))
            for _ in range(3):
                cell.add_paragraph()
            name = cell.add_paragraph()
            name.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = name.add_run(_text(signer.name))
            run.bold = run.underline = True
            for line in (rank_label(signer.rank), f"NIP. {format_nip(signer.nip)}" if signer.nip else ""):
                if line:
                    extra = cell.add_paragraph(_text(line))
                    extra.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if rumusan.state == "adopted" and rumusan.fingerprint:
        p = document.add_paragraph()
        p.add_run(f"Sidik jari SHA-256: {rumusan.fingerprint}").font.size = Pt(8)
    buffer = io.BytesIO()
    document.core_properties.title = _text(f"Rumusan {event.title}")
    document.save(buffer)
    return buffer.getvalue()
