"""Notulen as a Word document, the same parts in the same order as the PDF (raker/pdf/minutes.py),
so the secretariat can edit it in Word. Several sessions: each starts on a new page with its kop, and
each notulen and each daftar hadir attached is counted on its own, as in the PDF."""

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.shared import Cm, Pt

from .docx_common import (
    add_kop,
    heading,
    keep_together,
    label_rows,
    new_document,
    new_part,
    numbered,
    paragraph,
    repeat_header,
    set_widths,
    signature_table,
    text_run,
    text_width,
    to_bytes,
)

SECTION_TITLES = ("I. KATA PEMBUKAAN", "II. PEMBAHASAN", "III. TANYA JAWAB", "IV. KESIMPULAN/KEPUTUSAN", "V. PENUTUPAN")
DRAFT_LINE = "DRAF — belum final"
INDENT = Cm(0.7)


def _blocks(text: str) -> list[str]:
    return [b.strip() for b in (text or "").split("\n\n") if b.strip()] or ["-"]


def _text(doc, text: str, indent=None) -> None:
    for block in _blocks(text):
        paragraph(doc, block, indent=indent)


def _numbered(doc, items: list[str]) -> None:
    if not items:
        paragraph(doc, "-", indent=INDENT)
    for n, item in enumerate(items, 1):
        blocks = _blocks(item)
        numbered(doc, f"{n}.", blocks[0], indent=INDENT)
        for block in blocks[1:]:
            paragraph(doc, block, indent=INDENT)


def _qa(doc, rows: list[dict]) -> None:
    if not rows:
        paragraph(doc, "-", indent=INDENT)
    for n, row in enumerate(rows, 1):
        who = row["asker_line"]
        numbered(doc, f"{n}.", who, indent=INDENT)
        paragraph(doc, "Pertanyaan:", indent=INDENT)
        _text(doc, row.get("question") or "", indent=INDENT)
        answerer = row.get("answerer")
        paragraph(doc, f"Jawaban oleh {answerer}:" if answerer else "Jawaban:", indent=INDENT)
        _text(doc, row.get("answer") or "", indent=INDENT)


def _one(doc, parts) -> None:
    from ..i18n import format_long_date

    content = parts.content
    if parts.draft:
        heading(doc, DRAFT_LINE)
    heading(doc, parts.title)
    label_rows(doc, parts.header)
    heading(doc, SECTION_TITLES[0], centred=False)
    _text(doc, content["opening"])
    heading(doc, SECTION_TITLES[1], centred=False)
    _numbered(doc, content["discussion"])
    heading(doc, SECTION_TITLES[2], centred=False)
    _qa(doc, content["qa"])
    heading(doc, SECTION_TITLES[3], centred=False)
    _numbered(doc, content["conclusions"])
    heading(doc, SECTION_TITLES[4], centred=False)
    _text(doc, content["closing"])
    paragraph(doc, "")
    place_date = f"{parts.place}, {format_long_date(parts.day, 'id')}" if parts.place else None
    signature_table(doc, parts.signers, place_date)


SIGNATURE_ROW = Cm(1.0)  # room for a real signature (SPJ evidence), as the PDF's 10 mm rows


def _attendance_widths(total: int) -> list[int]:
    """The PDF's eight columns (raker/pdf/attendance.py): fixed where the content is known, the rest
    shared by name, jabatan and the signature, so the list wraps and pages as the PDF does."""
    number, nip, institution, clock, remark = Cm(1.0), Cm(2.5), Cm(2.55), Cm(1.3), Cm(0.95)
    free = total - (number + nip + institution + clock + remark)
    return [number, int(free * 0.35), nip, int(free * 0.28), institution, clock, int(free * 0.37), remark]


CELL_MARGINS = 2 * 5.4  # pt: Word's and LibreOffice's default cell margins, left and right


def _small(run, width=None):
    """8 pt in the list, as the PDF's; a cell whose longest word is wider than its column is set
    smaller (down to 5 pt, as raker/pdf/attendance.fitted), so "Pengadministrasi" is never broken."""
    from reportlab.pdfbase.pdfmetrics import stringWidth  # Helvetica's metrics are Liberation Sans'

    size = 8.0
    if width is not None:
        room = width / 12700 - CELL_MARGINS  # EMU to pt
        widest = max((stringWidth(w, "Helvetica", size) for w in (run.text or "").split()), default=0)
        if widest > room:
            size = max(5.0, int(size * room / widest * 2) / 2)  # half points, as Word sets them
    run.font.size = Pt(size)
    cell_paragraph = run._parent
    cell_paragraph.paragraph_format.space_before = cell_paragraph.paragraph_format.space_after = Pt(0)
    cell_paragraph.paragraph_format.line_spacing = 1.0  # the PDF's 8 / 9.6 pt lines
    return run


def _new_document(doc, event) -> None:
    """The next notulen, or the daftar hadir attached to one: from a new page with its kop, its pages
    counted on their own ('Halaman 1 dari 13'), as the PDF counts them."""
    new_part(doc)
    add_kop(doc, event)


TAIL_ROWS = 3


def _list_table(doc, columns, rows, widths, *, header: bool, keep: bool = False) -> None:
    if not rows and not header:
        return
    if not header:  # a hairline paragraph, so Word and LibreOffice do not join the two tables
        gap = doc.add_paragraph()
        gap.paragraph_format.space_before = gap.paragraph_format.space_after = Pt(0)
        gap.paragraph_format.line_spacing = Pt(1)
        gap.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1 if header else 0, cols=len(widths))
    table.style = "Table Grid"
    if header:
        for cell, title in zip(table.rows[0].cells, columns, strict=True):
            _small(text_run(cell.paragraphs[0], title)).bold = True
    for bold, values in rows:
        added = table.add_row()
        if not bold:  # room for a real signature (SPJ evidence), as the PDF's 10 mm rows
            added.height, added.height_rule = SIGNATURE_ROW, WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell, width, value in zip(added.cells, widths, values, strict=True):
            _small(text_run(cell.paragraphs[0], value), width).bold = bold
    if header:
        repeat_header(table)
    elif keep:
        keep_together(table)
        for cell in table.rows[-1].cells:  # and the last row with the summary after the table
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True
    set_widths(table, widths)


def _attendance(doc, attachment) -> None:
    """The daftar hadir promised by the Peserta line, as a table: one row per participant under a
    row per delegation; signed by hand in the Tanda Tangan column."""
    heading(doc, attachment.title)
    heading(doc, attachment.subtitle, size=Pt(11))
    label_rows(doc, attachment.details, label_width=Cm(3))
    widths = _attendance_widths(text_width(doc))
    rows = []  # (bold, values): a delegation row (its name in the Nama column, not a merged row:
    # LibreOffice keeps column widths only on an unmerged grid), then its people
    for section in attachment.sections:
        rows.append((True, ("", section.heading, "", "", "", "", "", "")))
        rows.extend(
            (
                False,
                (
                    f"{line.number}.",
                    line.name,
                    line.nip,
                    line.position,
                    line.institution,
                    line.time_present,
                    f"{line.number}.",
                    "",
                ),
            )
            for line in section.lines
        )
    # The last rows in a table of their own, kept whole and with the sign-off (Word and LibreOffice
    # both keep a table whose every paragraph is keep-with-next with what follows), so the sign-off
    # never stands alone on a page while the long list still breaks where it must.
    tail = TAIL_ROWS if len(rows) > TAIL_ROWS else len(rows)
    _list_table(doc, attachment.columns, rows[: len(rows) - tail], widths, header=True)
    if tail:
        _list_table(doc, None, rows[len(rows) - tail :], widths, header=False, keep=True)
    if not rows:
        paragraph(doc, attachment.empty_text)
    paragraph(doc, attachment.summary)
    fields = attachment.signer or {}
    signer = {
        "position": f"Mengetahui, {fields.get('position') or attachment.signer_title}",
        "name": fields.get("name") or "",
        "rank": fields.get("rank"),
        "nip": fields.get("nip"),
    }
    from ..i18n import format_long_date

    signature_table(
        doc,
        [signer],
        f"{attachment.place}, {format_long_date(attachment.signed_on, 'id')}" if attachment.place else None,
    )


def render_minutes_docx(event, documents) -> bytes:
    """Notulen (MinutesDocuments from raker/minutes/services.py); each promised daftar hadir
    follows its notulen after a page break."""
    doc = new_document(event)
    if not documents:
        heading(doc, "NOTULEN")
        paragraph(doc, "Belum ada notulen.")
    for index, parts in enumerate(documents):
        if index:
            _new_document(doc, event)
        _one(doc, parts)
        if parts.attachment is not None:
            _new_document(doc, event)
            _attendance(doc, parts.attachment)
    return to_bytes(doc)
