"""Berita acara pengesahan rumusan as a PDF: kop, title and Nomor, the opening with the date in
words, the chair, attendance, the decision (and the plenary's decision on each item, with the votes),
the fingerprint, closing, the chair's signature and
a table with a signature line per delegation present.

Takes the model (raker.rumusan.berita_acara.BeritaAcaraDocument) and imports nothing from the domains."""

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, Indenter, KeepTogether, Spacer

from .document import build_pdf, escape_text, label_value_table, make_table, para
from .fonts import BOLD
from .lists import SignatureCell
from .paragraph import Paragraph
from .signature import signature_row
from .styles import MARGINS, get_styles, page_size

INDENT = 1 * cm
SIGNING_ROW = 1.1 * cm  # room for a wet signature per delegation
GRID = 0.5
CELL_PADDING = (6, 3)  # reportlab's own, left/right and top/bottom, which this table keeps
KEEP_WITH_TITLE = 1.5 * cm + 3 * SIGNING_ROW  # the title, the header and three rows


def delegations_table(doc, *, width: float):
    """No | Delegasi | Nama | Tanda Tangan; the number in the signing cell alternates left and right,
    as on the paper forms, so neighbours do not sign over each other."""
    styles = get_styles()
    header_style = ParagraphStyle("ba_header", parent=styles.cell_bold, alignment=TA_CENTER)
    number, signing = 1 * cm, 4.5 * cm
    name = (width - number - signing) * 0.42
    delegation = width - number - signing - name
    data = [[Paragraph(escape_text(text), header_style) for text in doc.table_header]]
    heights: list[float | None] = [None]
    for index, present in enumerate(doc.delegations, start=1):
        if present.signature_png:  # signed on the tablet: the signature in its half, the name beside
            mark = SignatureCell(index, present.signature_png, height=SIGNING_ROW - 4)
        else:
            mark = para(
                f"{index}.", ParagraphStyle("ba_mark", parent=styles.cell, leftIndent=0 if index % 2 else signing / 2)
            )
        name_cell = para(present.name, styles.cell)
        representative = para(present.representative, styles.cell)
        # Room for a signature, more when a name takes more lines (a fixed height let "Kementerian
        # Pendayagunaan Aparatur Negara dan Reformasi Birokrasi" run over the row's lines).
        needed = max(
            name_cell.wrap(delegation - 2 * CELL_PADDING[0], SIGNING_ROW * 10)[1],
            representative.wrap(name - 2 * CELL_PADDING[0], SIGNING_ROW * 10)[1],
        )
        heights.append(max(SIGNING_ROW, needed + 2 * CELL_PADDING[1]))
        data.append([str(index), name_cell, representative, mark])
    commands = [
        ("GRID", (0, 0), (-1, -1), GRID, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("FONTSIZE", (0, 1), (0, -1), 10),
    ]
    return make_table(
        data,
        col_widths=[number, delegation, name, signing],
        rowHeights=heights,
        repeatRows=1,
        hAlign="LEFT",
        commands=commands,
    )


def decisions_table(doc, *, width: float):
    """Butir | Keputusan | Hasil pemungutan suara, one row per decision of the plenary."""
    styles = get_styles()
    header_style = ParagraphStyle("ba_header", parent=styles.cell_bold, alignment=TA_CENTER)
    number, decision = 1.6 * cm, 5 * cm
    data = [[Paragraph(escape_text(text), header_style) for text in doc.decisions_header]]
    data += [
        [para(item, styles.cell), para(label, styles.cell), para(result, styles.cell)]
        for item, label, result in doc.decisions
    ]
    commands = [("GRID", (0, 0), (-1, -1), GRID, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    return make_table(
        data, col_widths=[number, decision, width - number - decision], repeatRows=1, hAlign="LEFT", commands=commands
    )


def berita_acara_story(doc, *, width: float) -> list:
    styles = get_styles()
    story = [Paragraph(escape_text(line), styles.title) for line in doc.title_lines]
    story += [
        para(f"Nomor: {doc.number}", ParagraphStyle("ba_number", parent=styles.body, alignment=TA_CENTER)),
        Spacer(1, 12),
        para(doc.opening),
        Spacer(1, 4),
        Indenter(left=INDENT),
        label_value_table(doc.chair_rows, width=width - INDENT, label_width=2.5 * cm),
        Indenter(left=-INDENT),
        Spacer(1, 6),
        para(doc.attendance),
        Spacer(1, 6),
        para(doc.decision_intro),
        Spacer(1, 4),
        Indenter(left=INDENT),
        para(doc.decision),
        Spacer(1, 4),
        *(
            [para(doc.decisions_intro), Spacer(1, 2), decisions_table(doc, width=width - INDENT), Spacer(1, 6)]
            if doc.decisions
            else []
        ),
        KeepTogether(
            [
                para(doc.fingerprint_intro),
                Paragraph(
                    escape_text(doc.fingerprint),
                    ParagraphStyle("ba_fingerprint", parent=styles.body_left, fontName=BOLD, fontSize=9.5, leading=12),
                ),
            ]
        ),
        Indenter(left=-INDENT),
        Spacer(1, 8),
        # The place and date over the chair's block, the closing kept with them.
        KeepTogether(
            [
                para(doc.closing),
                Spacer(1, 10),
                para(
                    doc.place_date,
                    ParagraphStyle("ba_place", parent=styles.body, alignment=TA_CENTER, leftIndent=width / 2),
                ),
                signature_row([doc.chair], width=width),
            ]
        ),
    ]
    if doc.delegations:
        # The table's title never alone at a page foot: a new page unless it and a few rows fit.
        story += [
            Spacer(1, 8),
            CondPageBreak(KEEP_WITH_TITLE),
            para(doc.delegations_title, ParagraphStyle("ba_table_title", parent=styles.body_left, spaceAfter=4)),
            delegations_table(doc, width=width),
        ]
    return story


def berita_acara_pdf(event, doc) -> bytes:
    width = page_size(event)[0] - MARGINS.left - MARGINS.right
    return build_pdf(
        event,
        berita_acara_story(doc, width=width),
        title=f"Berita Acara Pengesahan Rumusan {event.title}",
        subject="Berita acara pengesahan rumusan",
    )
