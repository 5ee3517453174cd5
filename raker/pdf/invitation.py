"""The letters sent before the meeting (surat undangan, surat permohonan narasumber) as one PDF: each
letter on its own pages with the kop and its own page count, its lampiran (Daftar Undangan, susunan
acara) on the pages after it.

Takes the models (raker.invitations.services.LetterDocument) and imports nothing from the domains."""

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Indenter, KeepTogether, PageBreak, Spacer

from .document import (
    NO_PADDING,
    build_sections_pdf,
    escape_text,
    label_value_table,
    link_markup,
    make_table,
    para,
)
from .paragraph import Paragraph
from .qr import QRFlowable
from .signature import signature_row, tembusan_rows
from .styles import MARGINS, get_styles, page_size

QR_SIZE = 2.8 * cm
LABEL_WIDTH = 3 * cm
INDENT = 1 * cm  # the event details sit indented under the body text
LINK_SIZES = (10, 9, 8, 7.5, 7)  # the link shrinks until it fits one line, never below 7 pt
LINK_BREAKS = ("?", "&")  # where a link too long even at 7 pt may go to the next line: between parameters


def link_lines(url: str, width: float, font: str | None = None) -> tuple[float, list[str]]:
    """The font size and lines of a printed link: the whole URL on one line at the largest size that
    fits; else split before '?' / '&' only, so no token ('delegasi=64.01') is ever cut."""
    font = font or get_styles().cell.fontName  # get_styles() registers the embedded font
    for size in LINK_SIZES:
        if stringWidth(url, font, size) <= width:
            return size, [url]
    lines, rest = [], url
    for mark in LINK_BREAKS:
        head, found, tail = rest.partition(mark)
        if found:
            lines.append(head)
            rest = mark + tail
    return LINK_SIZES[-1], [*lines, rest]


def link_paragraph(url: str, width: float) -> Paragraph:
    base = get_styles().cell
    size, lines = link_lines(url, width, base.fontName)
    style = ParagraphStyle("link", parent=base, fontSize=size, leading=size * 1.25, splitLongWords=0)
    return Paragraph(
        "<br/>".join(link_markup(url, line) if i == 0 else escape_text(line) for i, line in enumerate(lines)), style
    )


def _header(doc, width: float):
    return label_value_table(
        [("Nomor", doc.number), ("Sifat", doc.nature), ("Lampiran", doc.attachment), ("Hal", doc.subject)],
        width=width,
        label_width=2.3 * cm,
    )


def _details(rows, width: float) -> list:
    return [
        Indenter(left=INDENT),
        label_value_table(rows, width=width - INDENT, label_width=LABEL_WIDTH),
        Indenter(left=-INDENT),
    ]


def _register(doc, width: float) -> list:
    styles = get_styles()
    text_width = width - QR_SIZE - 0.4 * cm
    return [
        make_table(
            [[para(doc.after_details, styles.body_left), QRFlowable(doc.link, QR_SIZE)]],
            col_widths=[text_width, QR_SIZE + 0.4 * cm],
            hAlign="LEFT",
            commands=[
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ],
        ),
        link_paragraph(doc.link, width),
    ]


def _attachment(attachment, width: float) -> list:
    styles = get_styles()
    # "LAMPIRAN I SURAT GUBERNUR …" over the letter's Nomor, Tanggal and Hal, in the right half.
    reference = make_table(
        [
            [para(attachment.heading, styles.small)],
            [label_value_table(attachment.reference, width=width / 2, label_width=2.6 * cm, style=styles.small)],
        ],
        col_widths=[width / 2],
        hAlign="RIGHT",
        commands=[*NO_PADDING],
    )
    header = [Paragraph(f"<b>{escape_text(c)}</b>", styles.cell) for c in attachment.columns]
    rows, commands = (
        [header],
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1f5f7")),
        ],
    )
    for index, row in enumerate(attachment.rows, start=1):
        if len(row) > 1 and not any(row[1:]):  # a day's heading across the table
            rows.append([Paragraph(f"<b>{escape_text(row[0])}</b>", styles.cell)] + [""] * (len(row) - 1))
            commands.append(("SPAN", (0, index), (-1, index)))
        else:
            rows.append([para(value, styles.cell) for value in row])
    return [
        PageBreak(),
        reference,
        Spacer(1, 12),
        Paragraph(escape_text(attachment.title), styles.title),
        Spacer(1, 6),
        make_table(rows, col_widths=[width * w for w in attachment.widths], repeatRows=1, commands=commands),
    ]


def letter_story(doc, *, width: float) -> list:
    styles = get_styles()
    signer = doc.signer
    story = [
        _header(doc, width),
        Spacer(1, 10),
        *[para(line, styles.body_left) for line in doc.addressee[:-1]],
        para("\u00a0" * 4 + doc.addressee[-1], styles.body_left),
        Spacer(1, 10),
        para(doc.body),
        Spacer(1, 4),
        *_details(doc.details, width),
    ]
    for group in doc.detail_groups:
        story += [Spacer(1, 6), *_details(group, width)]
    if doc.link:
        story += [Spacer(1, 4), *_register(doc, width)]
    story += [
        Spacer(1, 8),
        KeepTogether(
            [
                para(doc.closing),
                Spacer(1, 10),
                para(
                    doc.place_date, ParagraphStyle("place", parent=styles.body_left, leftIndent=width / 2, alignment=1)
                ),
                signature_row([signer], width=width),
                *tembusan_rows(doc.tembusan),
            ]
        ),
    ]
    for attachment in doc.attachments:
        story += _attachment(attachment, width)
    return story


def letters_pdf(event, documents: Sequence, *, title: str, subject: str) -> bytes:
    width = page_size(event)[0] - MARGINS.left - MARGINS.right
    return build_sections_pdf(
        event,
        [letter_story(doc, width=width) for doc in documents],
        title=title,
        subject=subject,
        author=getattr(event, "organiser_name", None),
    )
