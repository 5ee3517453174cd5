"""Shared helpers for the Word (DOCX) versions of official documents, matching the PDFs: the event's
paper (A4 or F4), tata naskah dinas margins, an Arial-like font, the kop with logo and rules.

python-docx writes text literally (XML-escaped), so user text needs no escaping here; control
characters, which XML cannot hold at all, are dropped by text_run() (every helper here uses it).

    doc = new_document(event)            # page set up, kop at the top
    heading(doc, "NOTULEN")              # centred bold title
    label_rows(doc, [("Hari/Tanggal", "Senin, 9 Agustus 2021"), …])
    signature_table(doc, signers, "Tana Paser, 9 Agustus 2021")
    data = to_bytes(doc)

LibreOffice lays a table out by its grid (w:tblGrid), not by the cell widths Word also reads, and
breaks pages wherever it may: every table here goes through set_widths() (fixed layout, grid = cells)
and signature blocks through keep_together() (rows that cannot split, kept with what comes before).
"""

import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips
from docx.table import Table
from docx.text.paragraph import Paragraph
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..pdf.fonts import BOLD, register_fonts
from ..reference.nip import format_nip
from ..reference.ranks import rank_label
from ..safe_text import strip_control_characters

FONT = "Arial"
FONT_SIZE = Pt(11)
PAPER = {"A4": (Mm(210), Mm(297)), "F4": (Mm(215), Mm(330))}
MARGINS = {"top": Cm(2), "right": Cm(2), "bottom": Cm(2), "left": Cm(3)}
LOGO_WIDTH = Cm(2.3)
FOOTER_SIZE = Pt(9)


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
    borders = _child(paragraph._p.get_or_add_pPr(), "w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "thickThinSmallGap")
    bottom.set(qn("w:sz"), "18")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)


# The order of the property elements this module adds, from ECMA-376 (as python-docx lists them).
SCHEMA_ORDER = {
    "w:tblPr": (
        "w:tblStyle",
        "w:tblpPr",
        "w:tblOverlap",
        "w:bidiVisual",
        "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize",
        "w:tblW",
        "w:jc",
        "w:tblCellSpacing",
        "w:tblInd",
        "w:tblBorders",
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
        "w:tblPrChange",
    ),
    "w:trPr": (
        "w:cnfStyle",
        "w:divId",
        "w:gridBefore",
        "w:gridAfter",
        "w:wBefore",
        "w:wAfter",
        "w:cantSplit",
        "w:trHeight",
        "w:tblHeader",
        "w:tblCellSpacing",
        "w:jc",
        "w:hidden",
        "w:ins",
        "w:del",
        "w:trPrChange",
    ),
    "w:pPr": (
        "w:pStyle",
        "w:keepNext",
        "w:keepLines",
        "w:pageBreakBefore",
        "w:framePr",
        "w:widowControl",
        "w:numPr",
        "w:suppressLineNumbers",
        "w:pBdr",
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:kinsoku",
        "w:wordWrap",
        "w:overflowPunct",
        "w:topLinePunct",
        "w:autoSpaceDE",
        "w:autoSpaceDN",
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    ),
    "w:sectPr": (
        "w:headerReference",
        "w:footerReference",
        "w:footnotePr",
        "w:endnotePr",
        "w:type",
        "w:pgSz",
        "w:pgMar",
        "w:paperSrc",
        "w:pgBorders",
        "w:lnNumType",
        "w:pgNumType",
        "w:cols",
        "w:formProt",
        "w:vAlign",
        "w:noEndnote",
        "w:titlePg",
        "w:textDirection",
        "w:bidi",
        "w:rtlGutter",
        "w:docGrid",
        "w:printerSettings",
        "w:sectPrChange",
    ),
}


def _child(parent, tag: str):
    """parent's child `tag` (e.g. w:cantSplit in a w:trPr), added where the schema's order puts it:
    Word may refuse a file whose properties come in another order."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        sequence = SCHEMA_ORDER[parent.tag.replace(qn("w:"), "w:")]
        parent.insert_element_before(found, *sequence[sequence.index(tag) + 1 :])
    return found


def text_width(container):
    """The width to fill: between the margins of the document's (last) section, or a table cell's."""
    if not hasattr(container, "sections"):
        return container.width
    section = container.sections[-1]
    return section.page_width - section.left_margin - section.right_margin


def _body(container):
    """The XML element blocks are added to: the document's body or a table cell."""
    return container.element.body if hasattr(container, "sections") else container._tc


def set_widths(table, widths) -> None:
    """Column widths that hold in LibreOffice as in Word: fixed layout, the grid's w:gridCol equal to
    the cells' w:tcW (python-docx leaves the grid at equal columns, which LibreOffice follows)."""
    widths = [round(int(w) / Twips(1)) for w in widths]  # in twips, as the grid holds them
    table.autofit = False
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    _child(tbl_pr, "w:tblLayout").set(qn("w:type"), "fixed")
    tbl_width = _child(tbl_pr, "w:tblW")
    tbl_width.set(qn("w:type"), "dxa")
    tbl_width.set(qn("w:w"), str(sum(widths)))
    grid = tbl.tblGrid
    for column in list(grid.iterchildren(qn("w:gridCol"))):
        grid.remove(column)
    for width in widths:
        column = OxmlElement("w:gridCol")
        column.set(qn("w:w"), str(width))
        grid.append(column)
    for row in table.rows:  # a merged cell (w:gridSpan) as wide as the columns it spans
        column = 0
        for tc in row._tr.tc_lst:
            tc.width = Twips(sum(widths[column : column + tc.grid_span]))
            column += tc.grid_span


def _lead_in(doc) -> list:
    """The paragraphs at the end of the body that a signature block takes with it to a new page: blank
    lines and headings (already kept with the next), down to and with the last paragraph of text, so
    the block is never alone on a page."""
    out = []
    for element in reversed(list(_body(doc).iterchildren())):
        if element.tag == qn("w:sectPr"):
            continue
        if element.tag != qn("w:p"):
            break
        p = Paragraph(element, doc)  # the container as python-docx's own blocks have it
        out.append(p)
        if p.text.strip() and not p.paragraph_format.keep_with_next:
            break
    return out


def repeat_header(table) -> None:
    """A data table: its first row repeated on each page, no row split across two pages."""
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        _child(tr_pr, "w:cantSplit")
        if index == 0:
            _child(tr_pr, "w:tblHeader")


def keep_together(table) -> None:
    """A block that must not break (a signature block): no row split across pages, every row kept
    with the next."""
    rows = table.rows
    for index, row in enumerate(rows):  # Word and LibreOffice both read cantSplit and keep-with-next
        _child(row._tr.get_or_add_trPr(), "w:cantSplit")
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_together = True
                if index < len(rows) - 1:
                    p.paragraph_format.keep_with_next = True


def _field(paragraph, instruction: str, size) -> None:
    """A Word field (PAGE, NUMPAGES) that the viewer fills in on each page; '1' shows until it does."""
    for kind, text in (
        ("begin", None),
        ("instr", f" {instruction} "),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ):
        run = paragraph.add_run()
        run.font.size = size
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _page_number_line(footer, total: str) -> None:
    """'Halaman {PAGE} dari {total}' centred in the footer's first paragraph, in place of what it held."""
    line = footer.paragraphs[0]
    for run in line._p.r_lst:
        line._p.remove(run)
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, instruction in (("Halaman ", "PAGE"), (" dari ", total)):
        line.add_run(text).font.size = FOOTER_SIZE
        _field(line, instruction, FOOTER_SIZE)


def page_number_footer(doc) -> None:
    """'Halaman n dari N' centred in the footer of every page, as in the PDFs (PAGE and NUMPAGES fields;
    a file of several documents counts each on its own when it is written: new_part)."""
    for section in doc.sections:
        if not section.footer.paragraphs[0].text:
            _page_number_line(section.footer, "NUMPAGES")


def new_part(doc):
    """The next document of a file holding several (a letter per delegation, a notulen and then its
    daftar hadir): a new section from a new page, its pages counted from 1. Returns the section."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)  # a copy of the last one's, its w:pgNumType too
    _child(section._sectPr, "w:pgNumType").set(qn("w:start"), "1")
    _collapse(doc.sections[-2]._sectPr.getparent().getparent())  # the paragraph ending the part before
    return section


def _collapse(paragraph) -> None:
    """An empty paragraph that only ends a part (it holds the section break, or follows a last table)
    made 1 pt high with no spacing: at its full line it fell onto a page of its own when the daftar
    hadir's signature block ended at the foot of a page, a blank "Halaman 13 dari 12" in LibreOffice."""
    properties = paragraph.get_or_add_pPr()
    spacing = _child(properties, "w:spacing")
    for name, value in (("w:before", "0"), ("w:after", "0"), ("w:line", "20"), ("w:lineRule", "exact")):
        spacing.set(qn(name), value)
    mark = _child(properties, "w:rPr")  # the paragraph mark's own size: it sets the line's height too
    size = mark.find(qn("w:sz"))
    if size is None:
        size = OxmlElement("w:sz")
        mark.append(size)
    size.set(qn("w:val"), "2")


PART_END = "_Raker_akhir_{}"  # the bookmark on each document's last paragraph ('_': hidden in Word)


def _counts_from_1(section) -> bool:
    numbering = section._sectPr.find(qn("w:pgNumType"))
    return numbering is not None and numbering.get(qn("w:start")) == "1"


def _number_parts(doc) -> None:
    """'Halaman n dari N' for each document of a file holding several (new_part), n and N counted within
    it, as the PDFs count them (raker.pdf.document.SectionStart). Word's SECTIONPAGES would be that N,
    but LibreOffice leaves it empty, and NUMPAGES counts the whole file: N is the page number of a
    bookmark on the document's last paragraph (PAGEREF), which both fill in, its pages numbered from 1.
    A file of one document keeps NUMPAGES; one without page numbers is left alone."""
    sections = list(doc.sections)
    first_footer = sections[0].footer
    numbered = not first_footer.is_linked_to_previous and any(  # read without adding a footer to the file
        (instruction.text or "").split() == ["NUMPAGES"]
        for instruction in first_footer._element.iter(qn("w:instrText"))
    )
    starts = [index for index, section in enumerate(sections) if index == 0 or _counts_from_1(section)]
    if not numbered or len(starts) < 2:
        return
    body = _body(doc)
    ends = []  # the last paragraph of each section: the one holding its w:sectPr, the body's last
    for section in sections[:-1]:
        ends.append(section._sectPr.getparent().getparent())
    blocks = [element for element in body if element.tag != qn("w:sectPr")]
    if not blocks or blocks[-1].tag != qn("w:p"):  # a table at the very end: the paragraph Word adds there
        blocks.append(OxmlElement("w:p"))
        body.sectPr.addprevious(blocks[-1])
        _collapse(blocks[-1])
    ends.append(blocks[-1])
    taken = max((int(mark.get(qn("w:id"))) for mark in body.iter(qn("w:bookmarkStart"))), default=0)
    for part, (start, end) in enumerate(zip(starts, [*starts[1:], len(sections)], strict=True), start=1):
        name = PART_END.format(part)
        mark_start, mark_end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        mark_start.set(qn("w:id"), str(taken + part))
        mark_start.set(qn("w:name"), name)
        mark_end.set(qn("w:id"), str(taken + part))
        ends[end - 1].append(mark_start)  # after the paragraph's w:pPr and runs
        ends[end - 1].append(mark_end)
        footer = sections[start].footer
        footer.is_linked_to_previous = False  # a later section of the part would take it
        _page_number_line(footer, f"PAGEREF {name}")


def cell_margins(table, horizontal, vertical=0) -> None:
    """The table's cell margins (Word's default is 0.19 cm left and right): a narrow list column
    (a NIP in two lines) needs the PDF's 3 pt."""
    margins = _child(table._tbl.tblPr, "w:tblCellMar")
    for side, value in (("top", vertical), ("left", horizontal), ("bottom", vertical), ("right", horizontal)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(int(value) / Twips(1))))
        element.set(qn("w:type"), "dxa")
        margins.append(element)


def no_borders(table) -> None:
    borders = _child(table._tbl.tblPr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)


def kop_lines(event) -> list[tuple[str, str]]:
    from ..pdf.letterhead import letterhead_lines  # pure text: the same lines as the PDF kop

    return letterhead_lines(event)


KOP_SIZES = {"kop_government": (Pt(14), True), "kop_unit": (Pt(13), True), "kop_contact": (Pt(9), False)}


def add_kop(doc, event) -> None:
    """The kop (logo at the left when the event has one, centred lines, double rule); new_document
    adds it at the top, call it again after a page break to start another document in the same file."""
    lines = kop_lines(event)
    width = text_width(doc)
    if event.logo:
        table = doc.add_table(rows=1, cols=2)
        no_borders(table)
        set_widths(table, (LOGO_WIDTH + Cm(0.3), width - LOGO_WIDTH - Cm(0.3)))
        logo_cell, text_cell = table.rows[0].cells
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


def set_title(doc, title: str) -> None:
    """The file's title property: Word holds 255 characters there, an event title may have 300."""
    doc.core_properties.title = xml_safe(title)[:255]


def new_document(event, *, kop: bool = True, page_numbers: bool = True):
    """A Document on the event's paper with margins, Arial 11 pt, 'Halaman n dari N' in the footer
    and (by default) the kop."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = PAPER.get(event.paper_size, PAPER["A4"])
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    _set_font(doc.styles["Normal"])
    doc.styles["Normal"].paragraph_format.space_after = Pt(4)
    doc.core_properties.author = xml_safe(event.host_institution or "Raker")
    set_title(doc, event.title)
    if page_numbers:
        page_number_footer(doc)
    if kop:
        add_kop(doc, event)
    return doc


# Room kept free when breaking a title: Word and LibreOffice must not wrap a line measured to fit.
TITLE_SLACK = 3.0  # points


def balanced_lines(text: str, width: float, size: float, font: str = BOLD) -> list[str]:
    """One line of a centred title as it should print `width` points wide in `font` at `size`: whole
    when it fits, else on as many lines as wrapping word by word takes, each as short as that count
    allows (the narrowest width that keeps it, as CSS `text-wrap: balance` and our PDF titles do), so
    that no line is left holding a lone word. Measured with the PDF's Liberation Sans, Arial's metrics."""
    register_fonts()
    words = [word for word in text.split(" ") if word]  # a no-break space holds its words together
    widths = [stringWidth(word, font, size) for word in words]
    space = stringWidth(" ", font, size)

    def wrap(limit: float) -> list[list[str]]:
        lines: list[list[str]] = []
        line: list[str] = []
        used = 0.0
        for word, measured in zip(words, widths, strict=True):
            if line and used + space + measured > limit:
                lines.append(line)
                line, used = [], 0.0
            used = used + space + measured if line else measured
            line.append(word)
        return [*lines, line] if line else lines

    limit = width - TITLE_SLACK
    count = len(wrap(limit))
    if count < 2:
        return [text]
    # No narrower limit holds the words on `count` lines: the widest word, or their width shared out.
    good, bad = limit, max(max(widths), (sum(widths) + space * (len(words) - count)) / count) - 0.01
    while good - bad > 0.25:
        middle = (good + bad) / 2
        good, bad = (middle, bad) if len(wrap(middle)) == count else (good, middle)
    return [" ".join(line) for line in wrap(good)]


def heading(doc, text: str, *, centred: bool = True, size=Pt(13)):
    """A bold title line ('NOTULEN'); centred=False for a section heading ('I. KATA PEMBUKAAN'). A
    centred title too long for a line is broken into balanced lines here (balanced_lines): Word and
    LibreOffice would leave "TIMUR" alone under "RAPAT KERJA ... SE-PROVINSI KALIMANTAN"."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
    _spacing(paragraph, before=6, after=4)
    paragraph.paragraph_format.keep_with_next = True
    width = text_width(doc)
    if centred and width:
        lines = xml_safe(text).splitlines()
        text = "\n".join(out for line in lines for out in balanced_lines(line, width / Pt(1), size.pt))
    run = text_run(paragraph, text)  # one run (a caller may underline runs[0]); python-docx writes "\n" as a break
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
    if bold:  # a bold line of its own is a sub-heading here ('A. Kehadiran per delegasi')
        p.paragraph_format.keep_with_next = True
    _add_lines(p, text, bold=bold)
    return p


def plain(doc, text: str, *, indent=None, size=None):
    """A left-aligned line without space after (addressee lines, tembusan)."""
    p = paragraph(doc, text, indent=indent, align=WD_ALIGN_PARAGRAPH.LEFT)
    p.paragraph_format.space_after = Pt(0)
    if size is not None:
        for run in p.runs:
            run.font.size = size
    return p


def tembusan(doc, lines: Sequence[str]) -> None:
    """'Tembusan:' and its recipients (numbered when more than one), after a letter's or a keputusan's
    signature, as raker.pdf.signature.tembusan_rows prints them."""
    if not lines:
        return
    plain(doc, "Tembusan:", size=Pt(9)).paragraph_format.space_before = Pt(12)
    for index, line in enumerate(lines, start=1):
        plain(doc, f"{index}. {line}" if len(lines) > 1 else line, size=Pt(9))


def numbered(doc, number: str, text: str, *, indent=Cm(0.7), number_at=Cm(0)):
    """'1.  text' with a hanging indent, the way the PDF numbers points: the number at number_at from
    the margin, the text (and its wrapped lines) at indent."""
    p = paragraph(doc, "", indent=indent)
    p.paragraph_format.first_line_indent = number_at - indent
    p.paragraph_format.tab_stops.add_tab_stop(indent)
    p.add_run(f"{number}\t")
    _add_lines(p, text or "-")
    return p


def label_rows(doc, rows: Sequence[tuple[str, str]], *, label_width=Cm(3.6)):
    """'Hari/Tanggal : Senin, 9 Agustus 2021' rows in a borderless three-column table."""
    width = text_width(doc)
    table = doc.add_table(rows=0, cols=3)
    no_borders(table)
    widths = (label_width, Cm(0.4), width - label_width - Cm(0.4))
    for label, value in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, (label, ":", value), strict=True):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
            _spacing(cell.paragraphs[0])
            text_run(cell.paragraphs[0], text)
    set_widths(table, widths)
    _spacing(doc.add_paragraph(), after=4)
    return table


def _signer_lines(signer) -> tuple[str, str, str | None, str | None]:
    def get(key: str) -> Any:
        return signer.get(key) if isinstance(signer, Mapping) else getattr(signer, key, None)

    return (get("position") or ""), (get("name") or ""), get("rank"), get("nip")


def signature_table(doc, signers: Sequence, place_and_date: str | None = None, *, per_row: int = 2):
    """Signature blocks side by side: (place and date over the rightmost of the first row), position,
    room to sign, name bold and underlined, pangkat (golongan) and NIP when known; a dotted blank
    without a name. Signers are Signer-like objects or mappings with position/name/rank/nip.
    `doc` may also be a table cell (the certificate's page-high frame)."""
    signers = list(signers)
    columns = max(2, min(per_row, len(signers) or 1))
    before = _lead_in(doc)
    table = doc.add_table(rows=0, cols=columns)
    no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells_needed = signers if len(signers) != 1 else [None, signers[0]]
    for start in range(0, len(cells_needed), columns):
        row = table.add_row().cells
        for offset, signer in enumerate(cells_needed[start : start + columns]):
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
    set_widths(table, [text_width(doc) // columns] * columns)
    keep_together(table)
    for p in before:
        p.paragraph_format.keep_with_next = True
    return table


def _fix_grids(doc) -> None:
    """Any table a writer made without set_widths(): its grid taken from its first row's cell widths,
    so a new document looks in LibreOffice as in Word too. Tables with merged cells are left alone."""
    for tbl in doc.element.body.iter(qn("w:tbl")):
        rows = tbl.findall(qn("w:tr"))
        if not rows or tbl.find(".//" + qn("w:gridSpan")) is not None:
            continue
        widths = []
        for tc in rows[0].findall(qn("w:tc")):
            width = tc.find(qn("w:tcPr") + "/" + qn("w:tcW"))
            if width is None or width.get(qn("w:type")) != "dxa":
                break
            widths.append(Twips(int(width.get(qn("w:w")))))
        else:
            if widths and all(len(row.findall(qn("w:tc"))) == len(widths) for row in rows):
                set_widths(Table(tbl, doc), widths)


class Pictures:
    """Pictures added to one document by the thousand (a QR code on each of 10,000 certificates).
    python-docx's run.add_picture() looks for the next shape id with an XPath over the whole
    document, the next image name and relationship id by scanning every image part and relationship:
    each picture costs the pictures before it, and a batch grows with the square of its size. Here
    the counters are read once and then counted on; the same image bytes (a logo) are stored once."""

    def __init__(self, doc):
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        self.part = doc.part
        self.images = self.part.package.image_parts
        self.shape_id = self.part.next_id
        self.image_number = 1 + max((image.partname.idx or 0 for image in self.images), default=0)
        self.rel_number = 1 + max((int(rId[3:]) for rId in self.part.rels if rId[3:].isdigit()), default=0)
        self.by_sha1 = {
            rel.target_part.sha1: rId
            for rId, rel in self.part.rels.items()
            if rel.reltype == RT.IMAGE and not rel.is_external
        }
        self.image_type = RT.IMAGE

    def add(self, run, data: bytes, *, width=None, height=None):
        """The picture in `data` (PNG, JPEG …) inline at the end of `run`, scaled to width/height."""
        from docx.image.image import Image
        from docx.opc.packuri import PackURI
        from docx.oxml.shape import CT_Inline
        from docx.parts.image import ImagePart

        image = Image.from_blob(data)
        rId = self.by_sha1.get(image.sha1)
        if rId is None:
            part = ImagePart.from_image(image, PackURI(f"/word/media/image{self.image_number}.{image.ext}"))
            self.image_number += 1
            self.images.append(part)
            rId = f"rId{self.rel_number}"
            self.rel_number += 1
            self.part.rels.add_relationship(self.image_type, part, rId)
            self.by_sha1[image.sha1] = rId
        cx, cy = image.scaled_dimensions(width, height)
        run._r.add_drawing(CT_Inline.new_pic_inline(self.shape_id, rId, image.filename, cx, cy))
        self.shape_id += 1


# A hyphen inside a word ("se-Provinsi", "masing-masing", a region code "64-01"): LibreOffice and Word
# break a line after it, which the PDFs (reportlab breaks at spaces only) never do.
_HYPHEN_IN_WORD = re.compile(r"(?<=\w)-(?=\w)")
# ...but not in an address or a number someone may search or copy ("kaltim-2026/agenda", "a-b@x.example"):
# there the hyphen stays the keyboard's.
_ADDRESS = re.compile(r"\S*[@/]\S*")


def _unbreakable_hyphens(text: str) -> list[str]:
    """`text` in the pieces between the hyphens to write as non-breaking ones (one piece: none)."""
    pieces, start = [""], 0
    for address in [*_ADDRESS.finditer(text), None]:
        end = address.start() if address else len(text)
        words = _HYPHEN_IN_WORD.split(text[start:end])
        pieces[-1] += words[0]
        pieces += words[1:]
        if address:
            pieces[-1] += address.group()
            start = address.end()
    return pieces


def _keep_hyphenated_words_whole(doc) -> None:
    """Every hyphen between two letters or digits written as Word's non-breaking hyphen (w:noBreakHyphen,
    read back by python-docx as "-"), so "SE-" never ends a line with "PROVINSI" on the next."""
    for t in list(doc.element.body.iter(qn("w:t"))):
        text = t.text or ""
        if "-" not in text or len(pieces := _unbreakable_hyphens(text)) == 1:
            continue
        t.text = pieces[0]
        t.set(qn("xml:space"), "preserve")
        anchor = t
        for piece in pieces[1:]:
            hyphen = OxmlElement("w:noBreakHyphen")
            anchor.addnext(hyphen)
            rest = OxmlElement("w:t")
            rest.text = piece
            rest.set(qn("xml:space"), "preserve")
            hyphen.addnext(rest)
            anchor = rest


def to_bytes(doc) -> bytes:
    _fix_grids(doc)
    _keep_hyphenated_words_whole(doc)
    _number_parts(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
