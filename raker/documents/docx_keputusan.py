"""A keputusan (SK panitia, SK tim perumus) as DOCX, the same content and order as the PDF: the
considerations and the diktum in a borderless label | : | text table (the colons in one column, the
points hanging under their letter), the signer kept with the last diktum, the lampiran on a new page.
Takes the model (raker.panitia.keputusan.KeputusanDocument) and imports nothing from the domains."""

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt

from .docx_common import (
    _spacing,
    heading,
    keep_together,
    new_document,
    no_borders,
    paragraph,
    set_title,
    set_widths,
    signature_table,
    tembusan,
    text_run,
    text_width,
    to_bytes,
)
from .docx_letters import grid_table, label_table

LABEL_WIDTH = Cm(2.9)
COLON_WIDTH = Cm(0.45)
POINT_INDENT = Cm(0.7)
TAIL_ROWS = 2
NUMBER_WIDTH, PLACE_WIDTH, NAME_SHARE = Cm(1), Cm(3.1), 0.5  # a grouped NIP on one line in the name column


def _cell_text(cell, text: str, *, bold: bool = False, mark: str | None = None, first: bool = True):
    """Text into a cell (its first paragraph, or a new one); with `mark` ('a.') hanging before it."""
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if mark or len(text) > 40 else WD_ALIGN_PARAGRAPH.LEFT
    _spacing(p, after=2)
    if mark:
        p.paragraph_format.left_indent = POINT_INDENT
        p.paragraph_format.first_line_indent = -POINT_INDENT
        p.paragraph_format.tab_stops.add_tab_stop(POINT_INDENT)
        p.add_run(f"{mark}\t")
    run = text_run(p, text)
    run.bold = bold
    return p


def _rows_table(document, rows):
    """rows: (label, bold, [(mark or None, text)]); a label's colon only where there is a label."""
    table = document.add_table(rows=0, cols=3)
    no_borders(table)
    for label, bold, contents in rows:
        cells = table.add_row().cells
        _cell_text(cells[0], label, bold=bold)
        _cell_text(cells[1], ":" if label else "")
        for index, (mark, text) in enumerate(contents):
            _cell_text(cells[2], text, mark=mark, first=index == 0)
    width = text_width(document)
    set_widths(table, (LABEL_WIDTH, COLON_WIDTH, Emu(int(width - LABEL_WIDTH - COLON_WIDTH))))
    return table


def _letters(count: int) -> list[str]:
    return [f"{chr(ord('a') + n)}." for n in range(count)]


def _labelled(label: str, marks, items):
    """One row per point (a page may break between points), the label on the first."""
    return [
        (label if index == 0 else "", False, [(mark, text)])
        for index, (mark, text) in enumerate(zip(marks, items, strict=True))
    ]


def _rule_below(row) -> None:
    """A line under the row's cells, as under 'pada tanggal' in the PDF."""
    for cell in row.cells:
        borders = OxmlElement("w:tcBorders")  # after w:tcW, the only property set_widths gave the cell
        bottom = OxmlElement("w:bottom")
        for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
            bottom.set(qn(name), value)
        borders.append(bottom)
        cell._tc.get_or_add_tcPr().append(borders)


def _right_labels(document, rows, *, label_width, rule: bool = False):
    """Label : value rows in the right half of the page (Ditetapkan di, the lampiran's NOMOR …), kept
    together and with what follows."""
    half = Emu(int(text_width(document) // 2))
    table = label_table(document, rows, label_width=label_width, indent=half, width=half)
    if rule:
        _rule_below(table.rows[-1])
    for cell in table.rows[-1].cells:
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True
    document.paragraphs[-1].paragraph_format.keep_with_next = True  # label_table's spacer
    return table


def _lampiran_rows(doc, rows):
    return [[f"{row.number}.", row.name, row.place, row.position] for row in rows]


def keputusan_docx(event, doc) -> bytes:
    document = new_document(event)
    for line in doc.title_lines:
        heading(document, line, size=Pt(12))
    office = heading(document, doc.office, size=Pt(12))
    office.paragraph_format.space_before = Pt(10)
    _rows_table(
        document,
        _labelled("Menimbang", _letters(len(doc.menimbang)), doc.menimbang)
        + [("", False, [(None, "")])]
        + _labelled("Mengingat", [f"{n}." for n in range(1, len(doc.mengingat) + 1)], doc.mengingat),
    )
    heading(document, "MEMUTUSKAN:", size=Pt(11))
    decision: list[tuple[str, bool, list[tuple[str | None, str]]]] = [("Menetapkan", False, [(None, doc.menetapkan)])]
    for diktum in doc.dictums[:-1]:
        decision.append((diktum.label, True, [(None, diktum.text)]))
        decision += [
            ("", False, [(mark, point)])
            for mark, point in zip(_letters(len(diktum.points)), diktum.points, strict=True)
        ]
    _rows_table(document, decision)
    last = doc.dictums[-1]
    closing = _rows_table(document, [(last.label, True, [(None, last.text)])])
    keep_together(closing)  # the last diktum goes with the signer: the block never opens a page alone
    for p in closing.rows[0].cells[2].paragraphs + closing.rows[0].cells[0].paragraphs:
        p.paragraph_format.keep_with_next = True
    spacer = document.add_paragraph()
    spacer.paragraph_format.keep_with_next = True
    _right_labels(
        document, [("Ditetapkan di", doc.place), ("pada tanggal", doc.date_text)], label_width=Cm(2.8), rule=True
    )
    signature_table(document, [doc.signer])
    tembusan(document, doc.tembusan)

    # The lampiran on a new page: its heading at the right, the susunan, the signer again.
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    width = text_width(document)
    half = Emu(int(width // 2))
    for line in ("LAMPIRAN", f"KEPUTUSAN {doc.office.rstrip(',')}"):
        p = paragraph(document, line, indent=half, align=WD_ALIGN_PARAGRAPH.LEFT)
        _spacing(p)
        p.paragraph_format.keep_with_next = True
    _right_labels(document, list(doc.lampiran_heading), label_width=Cm(2.7))
    heading(document, doc.lampiran_title, size=Pt(12)).paragraph_format.space_before = Pt(14)
    name = Emu(int((width - NUMBER_WIDTH - PLACE_WIDTH) * NAME_SHARE))
    widths = (NUMBER_WIDTH, name, PLACE_WIDTH, Emu(int(width - NUMBER_WIDTH - PLACE_WIDTH - name)))
    table = grid_table(document, doc.table_header, _lampiran_rows(doc, doc.rows), widths=widths)
    for row, person in zip(table.rows[1:], doc.rows, strict=True):  # the name bold, its pangkat and NIP below it
        p = row.cells[1].paragraphs[0]
        p.runs[0].bold = True
        for line in [*([person.rank] if person.rank else []), *([f"NIP. {person.nip}"] if person.nip else [])]:
            p.add_run().add_break()
            text_run(p, line)
    for row in table.rows[-TAIL_ROWS:]:  # the last rows with the signer below
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True
    spacer = document.add_paragraph()
    spacer.paragraph_format.keep_with_next = True
    signature_table(document, [doc.signer])
    set_title(document, doc.file_title)
    return to_bytes(document)
