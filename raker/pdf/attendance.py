"""Daftar hadir (attendance list) of a meeting day or an agenda session as an official PDF, portrait
like the paper forms, drawn from the domain's AttendanceDocument (raker.checkin.attendance builds it;
nothing here asks the database).

    [kop]
                              DAFTAR HADIR
                     Rapat Kerja Bidang Ketatalaksanaan …
    Hari/Tanggal : Senin, 9 Agustus 2021
    Waktu        : pukul 08.00 – 16.30 WITA
    Tempat       : Gedung Awa Mangkuruku, …, Tana Paser

    No | Nama | NIP | Jabatan | Instansi/Delegasi | Waktu hadir | Tanda Tangan | Ket.
    Kabupaten Paser                                            (one bold row per delegation,
                                                               "(lanjutan)" atop a page it continues on)
    1  | …                                                    | 1. (signature) |
    2  | …                                                    |        2. (sig.)|

    Jumlah hadir: N dari M peserta
                                               Tana Paser, 9 Agustus 2021
                                               Mengetahui,
                                               Kepala Biro Organisasi,
                                               …

The signature cell alternates as on the paper forms: odd numbers sign in the left half, even numbers
in the right half, the number printed in its half. A signature captured on the petugas' phone at
check-in is drawn from its half at the row's full height (rows are 10 mm, room for a real signature),
so the list can serve as SPJ evidence; everyone else signs on paper. Text cells wrap at spaces only;
a single word too long for its column is set smaller rather than broken ("Pengadministras / i").
Who is listed and in which order: see raker.checkin.attendance.
"""

from reportlab.lib.units import cm
from reportlab.platypus import Spacer

from .document import build_pdf, escape_text, label_value_table, para
from .lists import ListLayout, SignatureCell, fitted, list_styles, list_with_sign_off, sign_off_signer
from .paragraph import Paragraph
from .signature import signature_row
from .styles import MARGINS, get_styles, page_size


def column_widths(width: float) -> list[float]:
    """Widths of the eight columns on `width` points: fixed where the content is known (numbers,
    the NIP in two lines, the time), the rest shared by name, jabatan and the signature."""
    number, nip, institution, clock, remark = 0.8 * cm, 2.5 * cm, 2.55 * cm, 1.3 * cm, 0.95 * cm
    free = width - (number + nip + institution + clock + remark)
    return [number, free * 0.35, nip, free * 0.28, institution, clock, free * 0.37, remark]


def nip_lines(nip: str | None) -> str:
    """The grouped NIP '19860926 201505 1 001' in two lines, '19860926 201505' over '1 001', as on
    the paper forms: one line would take the width the signatures need."""
    parts = (nip or "").split()
    return f"{parts[0]} {parts[1]}\n{parts[2]} {parts[3]}" if len(parts) == 4 else " ".join(parts)


def _person_row(item, styles, widths) -> list:
    """Text that never wraps (number, NIP, time) goes in as plain strings: drawn literally, and
    much cheaper than paragraphs on a list of hundreds."""
    return [
        str(item.number),
        fitted(item.name, styles["cell"], widths[1]),
        nip_lines(item.nip),
        fitted(item.position, styles["cell"], widths[3]),
        fitted(item.institution, styles["cell"], widths[4]),
        item.time_present,
        SignatureCell(item.number, item.signature_png),
        "",
    ]


def attendance_layout(document, width: float) -> ListLayout:
    return ListLayout(
        columns=document.columns,
        widths=column_widths(width),
        person_row=_person_row,
        empty_text=document.empty_text,
        centered=(0, 5),
    )


def render_attendance(document, event, *, progress=None) -> bytes:
    """The daftar hadir on the event's paper (A4 or F4), kop on the first page, page numbers.
    `event` gives only the paper and the kop; progress(done, total) as the list's pages are drawn."""
    return build_pdf(
        event, attendance_story(document, event, progress=progress), title=document.file_title, subject="Daftar hadir"
    )


def attendance_story(document, event, *, progress=None) -> list:
    """The flowables of one daftar hadir (also attached to a notulen as its own document)."""
    styles = get_styles()
    local = list_styles()
    width = page_size(event)[0] - MARGINS.left - MARGINS.right
    details = label_value_table(document.details, width=width, label_width=3 * cm)
    signer = sign_off_signer("Mengetahui,", document.signer, document.signer_title)

    def sign_off():
        return [
            Spacer(1, 8),
            para(document.summary, styles.body_left),
            Spacer(1, 10),
            signature_row([signer], width=width, place=document.place, on=document.signed_on),
        ]

    return [
        Paragraph(escape_text(document.title), styles.title),
        para(document.subtitle, local["subtitle"]),
        details,
        Spacer(1, 10),
        *list_with_sign_off(attendance_layout(document, width), document.sections, sign_off, progress=progress),
    ]
