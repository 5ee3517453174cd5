"""Daftar penerimaan honorarium narasumber dan moderator: landscape on the event's paper, on the kop.

    [kop]
         DAFTAR PENERIMAAN HONORARIUM NARASUMBER DAN MODERATOR
                 Rapat Kerja Bidang Ketatalaksanaan …
    Hari/Tanggal : Senin, 9 Agustus 2021 s.d. Selasa, 10 Agustus 2021
    Tempat       : Gedung Awa Mangkuruku, Tana Paser
    Beban        : DPA … (when set)

    No | Nama / NIP | Jabatan / Golongan | Sesi | Jumlah | Tarif | Bruto | PPh 21 | Neto | Tanda tangan
    …
    JUMLAH                                       bruto    pph     neto
    Terbilang (bruto): … rupiah / Terbilang (neto): … rupiah
    Setuju dibayar,                       Tana Paser, 10 Agustus 2021
    Pejabat Pembuat Komitmen,             Lunas dibayar, Bendahara Pengeluaran,
    (name, pangkat, NIP)                  (name, pangkat, NIP)

Takes the domain's HonorariumDocument (duck-typed); imports nothing from the domains.
"""

import io

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer

from ..signer import Signer
from .document import (
    CREATOR,
    KeepWithTail,
    SectionStart,
    _NumberedCanvas,
    escape_text,
    label_value_table,
    make_table,
    para,
)
from .fonts import BOLD
from .letterhead import Letterhead
from .paragraph import Paragraph
from .signature import signature_row
from .styles import MARGINS, get_styles, page_size

FONT_SIZE = 8.5
LEADING = 10.5
PADDING = 3
GRID = 0.5
HEADER_FILL = colors.Color(0.85, 0.85, 0.85)
SIGNING_HEIGHT = 0.7 * cm  # under the number in the signature cell: room for a wet signature
# Widths on A4 landscape (24.7 cm between the margins); scaled to F4.
BASE_WIDTHS = [0.8, 4.2, 3.6, 4.4, 1.5, 1.9, 2.1, 2.0, 2.1, 2.1]
HEADERS = [
    "No",
    "Nama / NIP",
    "Jabatan / Golongan",
    "Sesi",
    "Jumlah jam/sesi",
    "Tarif (Rp)",
    "Bruto (Rp)",
    "PPh 21 (Rp)",
    "Neto (Rp)",
    "Tanda tangan",
]


def landscape(event) -> tuple[float, float]:
    width, height = page_size(event)
    return max(width, height), min(width, height)


def amount(value: int) -> str:
    """'1.350.000': the thousands dot, no currency (the header says Rp)."""
    return f"{value:,}".replace(",", ".")


def percent(value) -> str:
    return f"{value.normalize():f}".replace(".", ",") + " %"


def _styles() -> dict[str, ParagraphStyle]:
    cell = ParagraphStyle("honorarium_cell", parent=get_styles().cell, fontSize=FONT_SIZE, leading=LEADING)
    return {
        "cell": cell,
        "small": ParagraphStyle("honorarium_small", parent=cell, fontSize=7.5, leading=9),
        "number": ParagraphStyle("honorarium_number", parent=cell, alignment=TA_RIGHT),
        "header": ParagraphStyle("honorarium_header", parent=cell, fontName=BOLD, alignment=TA_CENTER),
        "total": ParagraphStyle("honorarium_total", parent=cell, fontName=BOLD, alignment=TA_RIGHT),
        "subtitle": ParagraphStyle("honorarium_subtitle", parent=get_styles().title, fontSize=11.5, leading=14),
    }


def _line_row(line, styles) -> list:
    # No-break spaces: a grouped NIP is never split over two lines.
    nip = escape_text(f"NIP. {line.nip}").replace(" ", "\u00a0")
    name = escape_text(line.name) + (f"<br/>{nip}" if line.nip else "")
    grade = ", ".join(part for part in (line.position,) if part)
    sessions = "<br/>".join(f"• {escape_text(s)}" for s in line.sessions)
    return [
        str(line.number),
        Paragraph(name, styles["cell"]),
        Paragraph(f"{escape_text(grade)}{'<br/>' if grade else ''}<i>{escape_text(line.grade)}</i>", styles["cell"]),
        Paragraph(
            f"<b>{escape_text(line.role)}</b>"
            + (f" ({escape_text(line.category_label)})" if line.category_label else "")
            + f"<br/>{sessions}",
            styles["small"],
        ),
        Paragraph(f"{line.quantity} {line.unit}", styles["number"]),
        Paragraph(amount(line.rate), styles["number"]),
        Paragraph(amount(line.gross), styles["number"]),
        Paragraph(f"{amount(line.tax)}<br/>({percent(line.tax_percent)})", styles["number"]),
        Paragraph(amount(line.net), styles["number"]),
        # Odd numbers sign on the left, even on the right, as on the paper forms.
        [
            Paragraph(
                f"{line.number}.",
                ParagraphStyle("sign", parent=styles["cell"], leftIndent=0 if line.number % 2 else 0.9 * cm),
            ),
            Spacer(1, SIGNING_HEIGHT),
        ],
    ]


def _table(rows: list, styles, widths, *, header: bool, total=None):
    """Part of the list: `rows` (line rows), with the header row and/or the JUMLAH row."""
    data = [[Paragraph(text, styles["header"]) for text in HEADERS]] if header else []
    first = len(data)
    commands = [
        ("GRID", (0, 0), (-1, -1), GRID, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTSIZE", (0, 0), (-1, -1), FONT_SIZE),
        ("ALIGN", (0, first), (0, -1), "CENTER"),
        *[(f"{side}PADDING", (0, 0), (-1, -1), PADDING) for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")],
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL), ("VALIGN", (0, 0), (-1, 0), "MIDDLE")]
    for row in rows:
        if isinstance(row, str):  # the empty list's one sentence
            commands.append(("SPAN", (0, len(data)), (-1, len(data))))
            row = [para(row, styles["cell"])] + [""] * (len(HEADERS) - 1)
        data.append(row)
    if total is not None:
        commands.append(("SPAN", (0, len(data)), (5, len(data))))
        data.append(
            [
                Paragraph("JUMLAH", styles["total"]),
                "",
                "",
                "",
                "",
                "",
                *[Paragraph(amount(value), styles["total"]) for value in total],
                "",
            ]
        )
    return make_table(data, col_widths=widths, repeatRows=1 if header else 0, hAlign="LEFT", commands=commands)


def honorarium_story(document, *, width: float) -> list:
    """The list and its sign-off. The signature block is never alone on a page: the last line and the
    total stay with it."""
    styles = _styles()
    scale = width / (sum(BASE_WIDTHS) * cm)
    widths = [w * cm * scale for w in BASE_WIDTHS]
    rows: list = [_line_row(line, styles) for line in document.lines] or [
        "Belum ada narasumber atau moderator pada susunan acara."
    ]
    total = (document.total_gross, document.total_tax, document.total_net)

    def sign_off():
        return [
            Spacer(1, 4),
            label_value_table(
                [
                    ("Terbilang (bruto)", document.gross_words.capitalize()),
                    ("Terbilang (neto)", document.net_words.capitalize()),
                ],
                width=width,
                label_width=3.2 * cm,
            ),
            Spacer(1, 6),
            signature_row(_signers(document), width=width, place=document.place, on=document.signed_on, per_row=2),
        ]

    story = [_table(rows[:-1], styles, widths, header=True)] if len(rows) > 1 else []
    # Built twice: a flowable is laid out once, and the moved copy carries the header.
    stays = [_table(rows[-1:], styles, widths, header=not story, total=total), *sign_off()]
    last = [_line_row(line, styles) for line in document.lines[-1:]] or rows[-1:]
    moved = [_table(last, styles, widths, header=True, total=total), *sign_off()]
    return [*story, KeepWithTail(stays, moved)]


def _signers(document) -> list[Signer]:
    ppk, treasurer = document.signers
    return [
        Signer(position=f"Setuju dibayar,\n{ppk.position}", name=ppk.name, rank=ppk.rank, nip=ppk.nip),
        Signer(
            position=f"Lunas dibayar,\n{treasurer.position}",
            name=treasurer.name,
            rank=treasurer.rank,
            nip=treasurer.nip,
        ),
    ]


def honorarium_pdf(event, document) -> bytes:
    styles, local = get_styles(), _styles()
    pagesize = landscape(event)
    width = pagesize[0] - MARGINS.left - MARGINS.right
    details = [("Hari/Tanggal", document.days), ("Tempat", document.venue)]
    if document.budget_line:
        details.append(("Beban anggaran", document.budget_line))
    story = [
        SectionStart(),
        Letterhead(event),
        Paragraph(escape_text(document.title), styles.title),
        para(document.event_title, local["subtitle"]),
        Spacer(1, 4),
        label_value_table(details, width=width, label_width=3.2 * cm),
        Spacer(1, 8),
        *honorarium_story(document, width=width),
    ]
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGINS.left,
        rightMargin=MARGINS.right,
        topMargin=MARGINS.top,
        bottomMargin=MARGINS.bottom,
        title=f"Daftar Penerimaan Honorarium {document.event_title}",
        author=event.host_institution,
        subject="Daftar penerimaan honorarium",
        creator=CREATOR,
        producer=CREATOR,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()
