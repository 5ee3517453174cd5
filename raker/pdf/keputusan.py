"""A keputusan (SK panitia, SK tim perumus) as a PDF: kop, the centred title block, the official,
Menimbang / Mengingat with their points, MEMUTUSKAN:, Menetapkan and the diktum KESATU … with their
colons in one column, "Ditetapkan di / pada tanggal" over the signer, the tembusan under it; then the lampiran on a page of
its own: its heading at the right (NOMOR / TANGGAL / TENTANG), the susunan as a table, the signer.

Takes the model (raker.panitia.keputusan.KeputusanDocument) and imports nothing from the domains."""

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from .document import NO_PADDING, build_pdf, escape_text, label_value_table, make_table, para
from .fonts import BOLD
from .paragraph import Paragraph
from .signature import collect_signature_places, report_places, signature_row, tembusan_rows
from .styles import MARGINS, get_styles, page_size

LABEL_WIDTH = 2.9 * cm  # "Menetapkan", "KEEMPAT"
COLON_WIDTH = 0.45 * cm
POINT_INDENT = 0.7 * cm  # "a." hangs in front of its text
TAIL_ROWS = 2  # lampiran rows kept with the signer, so the block never starts a page alone
GRID = 0.5


def _styles():
    styles = get_styles()
    centred = ParagraphStyle("kp_centred", parent=styles.body, fontName=BOLD, alignment=TA_CENTER, leading=15)
    label = ParagraphStyle("kp_label", parent=styles.body_left)
    bold_label = ParagraphStyle("kp_label_bold", parent=label, fontName=BOLD)
    point = ParagraphStyle("kp_point", parent=styles.body, leftIndent=POINT_INDENT, bulletIndent=0, spaceAfter=2)
    text = ParagraphStyle("kp_text", parent=styles.body, spaceAfter=2)
    return centred, label, bold_label, point, text


def _rows_table(rows, *, width: float):
    """Label | : | content rows without borders: every colon in one column, whatever the label."""
    return make_table(
        rows,
        col_widths=[LABEL_WIDTH, COLON_WIDTH, width - LABEL_WIDTH - COLON_WIDTH],
        hAlign="LEFT",
        commands=[*NO_PADDING, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)],
    )


def _pointed(label_text: str, items, marks, label_style, point_style, label_cell=None):
    """The rows of a labelled list: the label and colon on the first row only."""
    rows = []
    for index, (mark, text) in enumerate(zip(marks, items, strict=True)):
        first = index == 0
        rows.append(
            [
                label_cell if first and label_cell is not None else para(label_text if first else "", label_style),
                para(":" if first else "", label_style),
                Paragraph(escape_text(text), point_style, bulletText=mark),
            ]
        )
    return rows


def _letters(count: int) -> list[str]:
    return [f"{chr(ord('a') + n)}." for n in range(count)]


def _numbers(count: int) -> list[str]:
    return [f"{n}." for n in range(1, count + 1)]


def _signature(doc, *, width: float):
    """'Ditetapkan di … / pada tanggal …' at the right, over the signer's block."""
    half = width / 2
    issued = label_value_table(
        [("Ditetapkan di", doc.place), ("pada tanggal", doc.date_text)], width=half, label_width=2.8 * cm
    )
    rule = make_table(
        [[""]], col_widths=[half], commands=[("LINEBELOW", (0, 0), (-1, -1), 0.75, colors.black), *NO_PADDING]
    )
    placed = make_table([["", [issued, rule]]], col_widths=[half, half], hAlign="LEFT", commands=NO_PADDING)
    signer = doc.signer
    return [placed, Spacer(1, 6), signature_row([signer], width=width), *tembusan_rows(doc.tembusan)]


def _lampiran_table(doc, rows, *, width: float, header: bool):
    styles = get_styles()
    header_style = ParagraphStyle("kp_header", parent=styles.cell_bold, alignment=TA_CENTER)
    number, place = 1 * cm, 3.1 * cm
    name = (width - number - place) * 0.5  # a grouped NIP on one line
    position = width - number - place - name
    data = [[Paragraph(escape_text(text), header_style) for text in doc.table_header]] if header else []
    for row in rows:
        lines = [f"<b>{escape_text(row.name)}</b>"]
        if row.rank:
            lines.append(escape_text(row.rank))
        if row.nip:
            lines.append(escape_text(f"NIP. {row.nip}"))
        data.append(
            [
                para(f"{row.number}.", styles.cell),
                Paragraph("<br/>".join(lines), styles.cell),
                para(row.place, styles.cell),
                para(row.position, styles.cell),
            ]
        )
    return make_table(
        data,
        col_widths=[number, name, place, position],
        repeatRows=1 if header else 0,
        hAlign="LEFT",
        commands=[
            ("GRID", (0, 0), (-1, -1), GRID, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            *([("VALIGN", (0, 0), (-1, 0), "MIDDLE")] if header else []),
        ],
    )


class _PageMark(Flowable):
    """Takes no room; notes the page it lands on (marks[name]), so a second build can tell whether the
    lampiran's last rows were carried to a new page."""

    def __init__(self, marks: dict, name: str):
        super().__init__()
        self.marks, self.name = marks, name

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.marks[self.name] = self.canv.getPageNumber()


def keputusan_story(doc, *, width: float, marks: dict | None = None, tail_header: bool = False) -> list:
    """tail_header: the lampiran's last rows (kept with the signer) repeat the table's header, for when
    they start a page of their own."""
    marks = {} if marks is None else marks
    centred, label, bold_label, point, text = _styles()
    story = [Paragraph(escape_text(line), centred) for line in doc.title_lines]
    story += [Spacer(1, 10), Paragraph(escape_text(doc.office), centred), Spacer(1, 10)]
    considerations = (
        _pointed("Menimbang", doc.menimbang, _letters(len(doc.menimbang)), label, point)
        + [[Spacer(1, 4), "", ""]]
        + _pointed("Mengingat", doc.mengingat, _numbers(len(doc.mengingat)), label, point)
    )
    story += [_rows_table(considerations, width=width), Spacer(1, 8), Paragraph("MEMUTUSKAN:", centred), Spacer(1, 8)]
    decision = [[para("Menetapkan", label), para(":", label), para(doc.menetapkan, text)]]
    for diktum in doc.dictums[:-1]:
        decision.append([para(diktum.label, bold_label), para(":", label), para(diktum.text, text)])
        decision += [
            ["", "", Paragraph(escape_text(p), point, bulletText=mark)]
            for mark, p in zip(_letters(len(diktum.points)), diktum.points, strict=True)
        ]
    last = doc.dictums[-1]
    closing = _rows_table([[para(last.label, bold_label), para(":", label), para(last.text, text)]], width=width)
    signature = _signature(doc, width=width)
    story += [
        _rows_table(decision, width=width),
        # The last diktum goes with the place, date and signer: the block never opens a page alone.
        KeepTogether([closing, Spacer(1, 14), *signature]),
    ]

    # The lampiran, on a page of its own.
    half = width / 2
    heading = [
        para("LAMPIRAN", label),
        para(f"KEPUTUSAN {doc.office.rstrip(',')}", label),
        label_value_table(list(doc.lampiran_heading), width=half, label_width=2.5 * cm),
    ]
    story += [
        PageBreak(),
        make_table(
            [["", heading]],
            col_widths=[half, half],
            hAlign="LEFT",
            commands=[*NO_PADDING, ("VALIGN", (0, 0), (-1, -1), "TOP")],
        ),
        Spacer(1, 14),
        Paragraph(escape_text(doc.lampiran_title), centred),
        Spacer(1, 8),
    ]
    rows = list(doc.rows)
    head, tail = rows[:-TAIL_ROWS], rows[-TAIL_ROWS:]
    if head:
        story += [_lampiran_table(doc, head, width=width, header=True), _PageMark(marks, "head")]
    signer = doc.signer
    story.append(
        KeepTogether(
            [
                _PageMark(marks, "tail"),
                _lampiran_table(doc, tail, width=width, header=not head or tail_header),
                Spacer(1, 14),
                signature_row([signer], width=width),
            ]
        )
    )
    return story


def keputusan_pdf(event, doc) -> bytes:
    """Built once; when the last rows went to a page of their own (the table and signer did not fit),
    built again with the header over them, as a table continued on a new page has."""
    width = page_size(event)[0] - MARGINS.left - MARGINS.right
    marks: dict = {}
    with collect_signature_places() as places:  # the signature blocks of this build, reported if it is kept
        pdf = build_pdf(
            event, keputusan_story(doc, width=width, marks=marks), title=doc.file_title, subject="Keputusan"
        )
    if "head" in marks and marks.get("tail", 0) > marks["head"]:
        return build_pdf(
            event, keputusan_story(doc, width=width, tail_header=True), title=doc.file_title, subject="Keputusan"
        )
    report_places(places)
    return pdf
