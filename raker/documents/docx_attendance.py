"""Daftar hadir (a meeting day or an agenda session) as DOCX, the same content as the PDF: kop, title,
the meeting, Hari/Tanggal, Waktu, Tempat, the list grouped by delegation with captured signatures,
the total and the "Mengetahui" block. Takes the model (raker.checkin.attendance.AttendanceDocument)
and imports nothing from the domains."""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from .docx_common import (
    heading,
    label_rows,
    new_document,
    paragraph,
    set_title,
    signature_table,
    text_run,
    text_width,
    to_bytes,
)
from .docx_lists import grouped_list

SIGNATURE_COLUMN = 6


def column_widths(width) -> list[int]:
    """No, Nama, NIP (two lines), Jabatan, Instansi/Delegasi, Waktu hadir, Tanda Tangan, Ket.: the
    PDF's shares of the width."""
    number, nip, institution, clock, remark = Cm(0.8), Cm(2.5), Cm(2.55), Cm(1.3), Cm(0.95)
    free = int(width) - (number + nip + institution + clock + remark)
    return [number, int(free * 0.35), nip, int(free * 0.28), institution, clock, int(free * 0.37), remark]


def nip_lines(nip: str) -> str:
    """'19860926 201505' over '1 001', as on the paper forms."""
    parts = (nip or "").split()
    return f"{parts[0]} {parts[1]}\n{parts[2]} {parts[3]}" if len(parts) == 4 else " ".join(parts)


def attendance_docx(document, event) -> bytes:
    doc = new_document(event)
    heading(doc, document.title)
    subtitle = paragraph(doc, document.subtitle, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    subtitle.runs[0].font.size = Pt(12)
    label_rows(doc, document.details, label_width=Cm(3))
    fields = document.signer or {}
    signer = {
        "position": f"Mengetahui,\n{fields.get('position') or document.signer_title}",
        "name": fields.get("name") or "",
        "rank": fields.get("rank") or None,
        "nip": fields.get("nip") or None,
    }

    def sign_off(cell):
        cell.paragraphs[0].paragraph_format.space_before = Pt(8)
        text_run(cell.paragraphs[0], document.summary)
        signature_table(cell, [signer], document.place_date)

    grouped_list(
        doc,
        document.columns,
        document.sections,
        widths=column_widths(text_width(doc)),
        row_cells=lambda line: [
            str(line.number),
            line.name,
            nip_lines(line.nip),
            line.position,
            line.institution,
            line.time_present,
            "",
            "",
        ],
        signature_column=SIGNATURE_COLUMN,
        empty_text=document.empty_text,
        signature_of=lambda line: line.signature_png,
        tail=sign_off,
    )
    set_title(doc, document.file_title)
    return to_bytes(doc)
