"""LAPORAN PELAKSANAAN as a PDF on the event's paper: the addressee, the titles, the sections I–IX
with their texts, tables and charts (vector, in our embedded font), place, date and signature; the
lampiran dokumentasi (photos two to a row, captions under them); the rumusan attached as its own
document (own kop and page count). All user text is escaped.

Takes the model (raker.report.document.ReportDocument) and imports nothing from the domains: blocks
are told apart by their `kind`. No heading ends a page: each goes with what follows (keepWithNext,
and room for a few lines asked before it), the last section with the signature."""

import io

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, Image, KeepTogether, PageBreak, Spacer, Table

from .charts import bar_chart
from .document import build_sections_pdf, escape_text, label_value_table, make_table, para
from .fonts import BOLD
from .paragraph import Paragraph
from .rumusan import rumusan_story
from .signature import CopyFollows, signature_row
from .styles import MARGINS, get_styles, page_size

NUMBER_INDENT = 0.7 * cm
HEADING_ROOM = 3 * cm  # a heading starts a new page unless this much is left: it never ends one
TABLE_START = 2.5 * cm  # a table's header and its first rows, kept with the heading over it
GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7e6e6")),
]
PHOTO_GUTTER = 0.6 * cm
PHOTO_MAX_HEIGHT = 7 * cm


def _styles():
    base = get_styles()
    return base, {
        "heading": ParagraphStyle("report_heading", parent=base.heading),
        "sub": ParagraphStyle("report_sub", parent=base.heading, fontName=BOLD, fontSize=10.5, spaceBefore=6),
        "body": ParagraphStyle("report_body", parent=base.body, spaceAfter=4),
        "numbered": ParagraphStyle(
            "report_numbered", parent=base.body, leftIndent=NUMBER_INDENT, bulletIndent=0, spaceAfter=3
        ),
        "head": ParagraphStyle("report_head", parent=base.cell_bold, fontSize=8.5, leading=10.5),
        "right": ParagraphStyle("report_right", parent=base.cell, alignment=TA_RIGHT),
        "right_bold": ParagraphStyle("report_right_bold", parent=base.cell_bold, alignment=TA_RIGHT),
        "caption": ParagraphStyle("report_caption", parent=base.small, alignment=TA_CENTER),
        "addressee": ParagraphStyle("report_addressee", parent=base.body_left),
    }


def _heading(text: str, style) -> Paragraph:
    heading = para(text, style)
    heading.is_heading = True  # kept with what follows (_keep_headings)
    return heading


def _keep_headings(flowables: list) -> list:
    """Each run of headings goes with the flowable after it: a paragraph or a chart in one KeepTogether;
    before a table (which may run over pages and repeats its header) room for the headings, the header
    and a few rows is asked instead, so the table can still split."""
    out, pending = [], []
    for flowable in flowables:
        if getattr(flowable, "is_heading", False):
            pending.append(flowable)
            continue
        if pending and isinstance(flowable, Table):
            out += [CondPageBreak(HEADING_ROOM + TABLE_START), *pending, flowable]
        elif pending:
            out.append(KeepTogether([*pending, flowable]))
        else:
            out.append(flowable)
        pending = []
    return out + pending


def _lines(text: str) -> str:
    return "<br/>".join(escape_text(line) for line in (text or "").split("\n"))


def _table(block, width: float, styles):
    base = get_styles()
    fixed = sum(cm * w for w in block.widths if w is not None)
    widths = [cm * w if w is not None else width - fixed for w in block.widths]
    last = len(block.rows) - 1
    data = [[Paragraph(_lines(text), styles["head"]) for text in block.header]]
    for index, row in enumerate(block.rows):
        total = block.total and index == last
        cells = []
        for column, text in enumerate(row):
            if column in block.right:
                style = styles["right_bold"] if total else styles["right"]
            else:
                style = base.cell_bold if total else base.cell
            cells.append(Paragraph(_lines(text), style))
        data.append(cells)
    commands = list(GRID)
    if block.total:
        commands.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f2f2f2")))
    return make_table(data, col_widths=widths, repeatRows=1, commands=commands)


def _block(block, width: float, styles) -> list:
    base = get_styles()
    if block.kind == "text":
        return [para(text, styles["body"]) for text in block.paragraphs]
    if block.kind == "numbered":
        return [
            Paragraph(escape_text(text), styles["numbered"], bulletText=f"{n}.")
            for n, text in enumerate(block.items, 1)
        ]
    if block.kind == "facts":
        return [label_value_table(block.rows, width=width, label_width=3.6 * cm)]
    if block.kind == "subheading":
        return [_heading(block.text, styles["sub"])]
    if block.kind == "note":
        return [para(block.text, base.small), Spacer(1, 4)]
    if block.kind == "table":
        return [_table(block, width, styles), Spacer(1, 6)]
    if block.kind == "chart":  # the caption never parted from its chart
        return [KeepTogether([para(block.caption, base.small), bar_chart(block, width)]), Spacer(1, 6)]
    raise ValueError(f"unknown block: {block.kind}")


def _signature(doc, width: float):
    """The signer's block in the right half, place and date above it."""
    signer = doc.signer
    return signature_row([signer], width=width, place=doc.place, on=doc.signed_on)


def photo_grid(doc, width: float, styles) -> list:
    """Two photos to a row, each scaled into half the width (at most 7 cm high), its caption under it."""
    column = (width - PHOTO_GUTTER) / 2
    cells = []
    for photo in doc.photos:
        scale = min(column / photo.width, PHOTO_MAX_HEIGHT / photo.height)
        image = Image(io.BytesIO(photo.data), width=photo.width * scale, height=photo.height * scale)
        cells.append([image, para(photo.caption or "", styles["caption"])])
    rows = []
    for start in range(0, len(cells), 2):
        pair = cells[start : start + 2]
        pair += [["", ""]] * (2 - len(pair))
        rows.append(
            make_table(
                [[pair[0][0], "", pair[1][0]], [pair[0][1], "", pair[1][1]]],
                col_widths=[column, PHOTO_GUTTER, column],
                hAlign="LEFT",
                commands=[
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                    ("VALIGN", (0, 1), (-1, 1), "TOP"),
                    ("BOTTOMPADDING", (0, 1), (-1, 1), 10),
                ],
            )
        )
    return rows


def report_story(event, doc) -> list:
    base, styles = _styles()
    width = page_size(event)[0] - MARGINS.left - MARGINS.right
    story: list = [Paragraph(_lines("\n".join(doc.addressee)), styles["addressee"]), Spacer(1, 10)]
    story += [Paragraph(escape_text(line), base.title) for line in doc.title_lines]
    story.append(Spacer(1, 6))
    body: list = []
    for index, section in enumerate(doc.sections):
        flowables = [flowable for block in section.blocks for flowable in _block(block, width, styles)]
        heading = _heading(section.heading, styles["heading"])
        if index == len(doc.sections) - 1:  # PENUTUP, its text and the signature on one page
            body.append(KeepTogether([heading, *flowables, Spacer(1, 12), _signature(doc, width)]))
        else:
            body += [CondPageBreak(HEADING_ROOM), heading, *flowables]
    story += _keep_headings(body)
    if doc.photos:
        story += [
            PageBreak(),
            *[Paragraph(escape_text(line), base.title) for line in doc.photos_title],
            Spacer(1, 10),
            *photo_grid(doc, width, styles),
        ]
    return story


def render_report_pdf(event, doc) -> bytes:
    """The laporan and, when there is one, the rumusan attached after it as its own document."""
    sections = [report_story(event, doc)]
    if doc.attachment is not None:
        sections.append(
            [
                CopyFollows(),  # the rumusan's own signature blocks are not the laporan's to sign
                Paragraph(escape_text(doc.attachment_title), get_styles().small),
                Spacer(1, 4),
                *rumusan_story(event, doc.attachment),
            ]
        )
    return build_sections_pdf(event, sections, title=doc.pdf_title, subject=doc.subject)
