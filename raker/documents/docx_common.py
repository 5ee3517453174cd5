"""Shared helpers for the Word (DOCX) versions of official documents, matching the PDFs: the event's
paper (A4 or F4), tata naskah dinas margins, an Arial-like font, the kop with logo and rules.

python-docx writes text literally (XML-escaped), so user text needs no escaping here; control
characters, which XML cannot hold at all, are dropped by text_run() (every helper here uses it).

    doc = new_document(event)            # page set up, kop at the top
    heading(doc, "NOTULEN")              # centred bold title
    label_rows(doc, [("Hari/Tanggal", "Senin, 9 Agustus 2021"), …])
    signature_table(doc, signers, "Tana Paser, 9 Agustus 2021")
    data = to_bytes(doc)
"""
import io
from collections.abc import Mapping, Sequence

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from ..reference.nip import format_nip
from ..reference.ranks import rank_label
from ..safe_text import strip_control_characters

FONT = "Arial"
FONT_SIZE = Pt(11)
PAPER = {"A4": (Mm(210), Mm(297)), "F4": (Mm(215), Mm(330))}
MARGINS = {"top": Cm(2), "right": Cm(2), "bottom": Cm(2), "left": Cm(3)}
LOGO_WIDTH = Cm(2.3)


def xml_safe(value) -> str:
    """Text as Word can hold it: control characters (a pasted vertical tab, a form feed) dropped
    (not allowed in XML: python-docx refuses them)."""
    return strip_control_characters(str(value or ""))


def text_run(paragraph, text):
    """paragraph.add_run for user text."""
    return paragraph.add_run(xml_safe(text))


def _set_font(style, size=FONT_SIZE) -> None:
    style.font.name = FONT
    style.font.size = size
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _spacing(paragraph, before=0, after=0) -> None:
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)


def _rules_below(paragraph) -> None:
    """The kop's thick-over-thin double rule, as a bottom border of its last paragraph."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "thickThinSmallGap")
    bottom.set(qn("w:sz"), "18")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    p_pr.append(borders)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def kop_lines(event) -> list[tuple[str, str]]:
    from ..pdf.letterhead import letterhead_lines  # pure text: the same lines as the PDF kop

    return letterhead_lines(event)


KOP_SIZES = {"kop_government": (Pt(14), True), "kop_unit": (Pt(13), True), "kop_contact": (Pt(9), False)}


def add_kop(doc, event) -> None:
    """The kop (logo at the left when the event has one, centred lines, double rule); new_document
    adds it at the top, call it again after a page break to start another document in the same file."""
    lines = kop_lines(event)
    width = doc.sections[0].page_width - doc.sections[0].left_margin - doc.sections[0].right_margin
    if event.logo:
        table = doc.add_table(rows=1, cols=2)
        _no_borders(table)
        table.autofit = False
        logo_cell, text_cell = table.rows[0].cells
        logo_cell.width, text_cell.width = LOGO_WIDTH + Cm(0.3), width - LOGO_WIDTH - Cm(0.3)
        try:
            logo_cell.paragraphs[0].add_run().add_picture(io.BytesIO(event.logo), width=LOGO_WIDTH)
        except Exception:  # an image Word cannot take (e.g. SVG): the kop without it
            pass
        target = text_cell
        first = text_cell.paragraphs[0]
    else:
        target = doc
        first = None
    last = None
    for style, text in lines:
        paragraph = first if first is not None else target.add_paragraph()
        first = None
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(paragraph)
        size, bold = KOP_SIZES.get(style, (FONT_SIZE, False))
        run = text_run(paragraph, text)
        run.font.size, run.bold = size, bold
        last = paragraph
    if event.logo:
        last = doc.add_paragraph()
        _spacing(last)
    if last is not None:
        _rules_below(last)
    _spacing(doc.add_paragraph(), after=6)


def new_document(event, *, kop: bool = True):
    """A Document on the event's paper with margins, Arial 11 pt, and (by default) the kop."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = PAPER.get(event.paper_size, PAPER["A4"])
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    _set_font(doc.styles["Normal"])
    doc.styles["Normal"].paragraph_format.space_after = Pt(4)
    doc.core_properties.author = xml_safe(event.host_institution or "Raker")
    doc.core_properties.title = xml_safe(event.title)
    if kop:
        add_kop(doc, event)
    return doc


def heading(doc, text: str, *, centred: bool = True, size=Pt(13)):
    """A bold title line ('NOTULEN'); centred=False for a section heading ('I. KATA PEMBUKAAN')."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
    _spacing(paragraph, before=6, after=4)
    paragraph.paragraph_format.keep_with_next = True
    run = text_run(paragraph, text)
    run.bold = True
    run.font.size = size if centred else FONT_SIZE
    return paragraph


def _add_lines(p, text: str, *, bold: bool = False) -> None:
    lines = (text or "").split("\n")
    for index, line in enumerate(lines):
        run = text_run(p, line)
        run.bold = bold
        if index < len(lines) - 1:
            run.add_break()


def paragraph(doc, text: str, *, indent=None, bold: bool = False, align=WD_ALIGN_PARAGRAPH.JUSTIFY):
    """A paragraph of (user) text; line breaks inside it kept."""
    p = doc.add_paragraph()
    p.alignment = align
    if indent is not None:
        p.paragraph_format.left_indent = indent
    _add_lines(p, text, bold=bold)
    return p


def numbered(doc, number: str, text: str, *, indent=Cm(0.7)):
    """'1.  text' with a hanging indent, the way the PDF numbers points."""
    p = paragraph(doc, "", indent=indent)
    p.paragraph_format.first_line_indent = -indent
    p.paragraph_format.tab_stops.add_tab_stop(indent)
    p.add_run(f"{number}\t")
    _add_lines(p, text or "-")
    return p


def label_rows(doc, rows: Sequence[tuple[str, str]], *, label_width=Cm(3.6)):
    """'Hari/Tanggal : Senin, 9 Agustus 2021' rows in a borderless three-column table."""
    section = doc.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    table = doc.add_table(rows=0, cols=3)
    _no_borders(table)
    table.autofit = False
    widths = (label_width, Cm(0.4), width - label_width - Cm(0.4))
    for label, value in rows:
        cells = table.add_row().cells
        for cell, text, cell_width in zip(cells, (label, ":", value), widths):
            cell.width = cell_width
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
            _spacing(cell.paragraphs[0])
            text_run(cell.paragraphs[0], text)
    _spacing(doc.add_paragraph(), after=4)
    return table


def _signer_lines(signer) -> tuple[str, str, str | None, str | None]:
    if isinstance(signer, Mapping):
        get = signer.get
    else:
        def get(key):
            return getattr(signer, key, None)
    return (get("position") or ""), (get("name") or ""), get("rank"), get("nip")


def signature_table(doc, signers: Sequence, place_and_date: str | None = None, *, per_row: int = 2):
    """Signature blocks side by side: (place and date over the rightmost of the first row), position,
    room to sign, name bold and underlined, pangkat (golongan) and NIP when known; a dotted blank
    without a name. Signers are Signer-like objects or mappings with position/name/rank/nip."""
    signers = list(signers)
    columns = max(2, min(per_row, len(signers) or 1))
    table = doc.add_table(rows=0, cols=columns)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells_needed = signers if len(signers) != 1 else [None, signers[0]]
    for start in range(0, len(cells_needed), columns):
        row = table.add_row().cells
        for offset, signer in enumerate(cells_needed[start:start + columns]):
            cell = row[offset]
            if signer is None:
                continue
            lines = []
            dated = start == 0 and offset == min(columns, len(cells_needed)) - 1
            if place_and_date:
                lines.append((place_and_date if dated else "", False, False))
            position, name, rank, nip = _signer_lines(signer)
            position = position.strip()
            if position and not position.endswith(","):
                position += ","
            lines += [(position, False, False), ("", False, False), ("", False, False), ("", False, False)]
            if name:
                lines.append((name, True, True))
                if rank:
                    lines.append((rank_label(rank), False, False))
                if nip:
                    lines.append((f"NIP. {format_nip(nip)}", False, False))
            else:
                lines += [("." * 40, False, False), ("NIP. " + "." * 30, False, False)]
            first = True
            for text, bold, underline in lines:
                p = cell.paragraphs[0] if first else cell.add_paragraph()
                first = False
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _spacing(p)
                run = text_run(p, text)
                run.bold, run.underline = bold, underline
    return table


def to_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
