"""Daftar hadir (attendance list) of one meeting day as an official PDF, portrait like the paper forms.

    [kop]
                              DAFTAR HADIR
                     Rapat Kerja Bidang Ketatalaksanaan …
    Hari/Tanggal : Senin, 9 Agustus 2021
    Waktu        : pukul 08.00 WITA s.d. selesai
    Tempat       : Gedung Awa Mangkuruku, …, Tana Paser

    No | Nama | NIP | Jabatan | Instansi/Delegasi | Waktu hadir | Tanda Tangan | Ket.
    Kabupaten Paser                                            (one bold row per delegation)
    1  | …                                                    | 1. (signature) |
    2  | …                                                    |        2. (sig.)|

    Jumlah hadir: N dari M peserta
                                               Tana Paser, 9 Agustus 2021
                                               Mengetahui,
                                               Kepala Biro Organisasi,
                                               …

The signature cell alternates as on the paper forms: odd numbers sign in the left half, even numbers
in the right half, the number printed in its half. A signature captured on the petugas' phone at
check-in is drawn in that half, so the list can serve as SPJ evidence; everyone else signs on paper.
Who is listed and in which order: see raker.checkin.attendance.
"""
import io
from datetime import date, time

from PIL import UnidentifiedImageError
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from ..checkin.attendance import (COLUMNS, PROPOSED_SIGNER_TITLE, TITLE, AttendanceRow, attendance_rows,
                                  attendance_summary, column_titles, meeting_place, meeting_time)
from ..i18n import format_day
from ..images import open_image
from ..reference.nip import format_nip
from .document import build_pdf, escape_text, label_value_table, make_table, para
from .fonts import BOLD, REGULAR
from .signature import Signer, signature_row
from .styles import MARGINS, get_styles, page_size

FONT_SIZE = 8
LEADING = 9.6
PADDING = 3
SIGNATURE_ROW_HEIGHT = 0.9 * cm  # room for a wet signature
SIGNATURE_DPI = 300  # captured signatures are scaled down to this for print, keeping the PDF small
GRID = 0.5
HEADER_FILL = colors.Color(0.85, 0.85, 0.85)
GROUP_FILL = colors.Color(0.94, 0.94, 0.94)


def _styles():
    cell = ParagraphStyle("attendance_cell", parent=get_styles().cell, fontSize=FONT_SIZE, leading=LEADING)
    return {
        "cell": cell,
        "header": ParagraphStyle("attendance_header", parent=cell, fontName=BOLD, alignment=1),
        "group": ParagraphStyle("attendance_group", parent=cell, fontName=BOLD),
        "subtitle": ParagraphStyle("attendance_subtitle", parent=get_styles().title, fontSize=12, leading=15,
                                   spaceAfter=10),
    }


def column_widths(width: float) -> list[float]:
    """Widths of the eight columns on `width` points: fixed where the content is known (numbers,
    the NIP in two lines, the time), the rest shared by name, jabatan and the signature."""
    number, nip, institution, clock, remark = 0.8 * cm, 2.5 * cm, 2.55 * cm, 1.3 * cm, 0.95 * cm
    free = width - (number + nip + institution + clock + remark)
    return [number, free * 0.35, nip, free * 0.28, institution, clock, free * 0.37, remark]


def nip_lines(nip: str | None) -> str:
    """The NIP grouped '19860926 201505 1 001' in two lines, '19860926 201505' over '1 001', as on
    the paper forms: one line would take the width the signatures need."""
    parts = format_nip(nip).split(" ")
    return f"{parts[0]} {parts[1]}\n{parts[2]} {parts[3]}" if len(parts) == 4 else " ".join(parts)


def signature_image(png: bytes | None, max_width: float, max_height: float) -> ImageReader | None:
    """The captured 1-bit PNG as a greyscale image at print resolution (small and smooth)."""
    if not png:
        return None
    try:
        with open_image(png) as source:
            picture = source.convert("L")
    except (UnidentifiedImageError, OSError, ValueError):  # ImageTooLarge is a ValueError
        return None  # an unreadable picture leaves the cell to sign by hand rather than losing the list
    limit = (max(1, int(max_width / 72 * SIGNATURE_DPI)), max(1, int(max_height / 72 * SIGNATURE_DPI)))
    picture.thumbnail(limit)
    return ImageReader(picture)


class SignatureCell(Flowable):
    """One Tanda Tangan cell: the row number in the left half (odd) or the right half (even), and
    the captured signature, if any, scaled to fit the rest of that half."""

    LABEL_GAP = 2

    def __init__(self, number: int, png: bytes | None, height: float = SIGNATURE_ROW_HEIGHT - 2 * PADDING):
        super().__init__()
        self.number = number
        self.png = png
        self.height = height
        self.width = 0

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return self.width, self.height

    @property
    def label(self) -> str:
        return f"{self.number}."

    def draw(self):
        canvas = self.canv
        half = self.width / 2
        left = 0 if self.number % 2 else half
        label_width = canvas.stringWidth(self.label, REGULAR, FONT_SIZE)
        canvas.saveState()
        canvas.setFont(REGULAR, FONT_SIZE)
        canvas.setFillColor(colors.black)
        canvas.drawString(left, (self.height - FONT_SIZE * 0.7) / 2, self.label)
        image_left = left + label_width + self.LABEL_GAP
        box_width, box_height = half - (image_left - left), self.height
        image = signature_image(self.png, box_width, box_height)
        if image is not None and box_width > 0:
            image_width, image_height = image.getSize()
            scale = min(box_width / image_width, box_height / image_height)
            width, height = image_width * scale, image_height * scale
            canvas.drawImage(image, image_left, (self.height - height) / 2, width, height)
        canvas.restoreState()


def _person_row(item: AttendanceRow, styles) -> list:
    """Text that never wraps (number, NIP, time) goes in as plain strings: drawn literally, and
    much cheaper than paragraphs on a list of hundreds."""
    registration = item.registration
    return [
        str(item.number),
        para(registration.full_name, styles["cell"]),
        nip_lines(registration.nip),
        para(registration.position, styles["cell"]),
        para(item.institution, styles["cell"]),
        item.time_present,
        SignatureCell(item.number, item.signature_png),
        "",
    ]


def attendance_table(event, groups, *, width: float):
    """The list as one table flowing over pages, its header row repeated on each page."""
    styles = _styles()
    header = [Paragraph(escape_text(name), styles["header"]) for name in column_titles(event)]
    data = [header]
    commands = [
        ("GRID", (0, 0), (-1, -1), GRID, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTSIZE", (0, 0), (-1, -1), FONT_SIZE), ("LEADING", (0, 0), (-1, -1), LEADING),
        ("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (5, 1), (5, -1), "CENTER"),
        *[(f"{side}PADDING", (0, 0), (-1, -1), PADDING) for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")],
    ]
    for group in groups:
        row = len(data)
        data.append([para(group.delegation.name, styles["group"])] + [""] * (len(COLUMNS) - 1))
        commands += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), GROUP_FILL),
                     ("NOSPLIT", (0, row), (-1, row + 1))]  # never a delegation's name alone at a page foot
        data += [_person_row(item, styles) for item in group.rows]
    if len(data) == 1:
        data.append([para("Belum ada peserta yang disetujui.", styles["cell"])] + [""] * (len(COLUMNS) - 1))
        commands.append(("SPAN", (0, 1), (-1, 1)))
    return make_table(data, col_widths=column_widths(width), repeatRows=1, hAlign="LEFT", commands=commands)


def _sign_off_signer(signer) -> Signer:
    """The responsible official under "Mengetahui,"; an empty block to sign by hand without one."""
    if signer is None:
        signer = Signer(position=PROPOSED_SIGNER_TITLE)
    elif not isinstance(signer, Signer):
        signer = Signer.from_mapping(signer)
    position = (signer.position or PROPOSED_SIGNER_TITLE).strip()
    return Signer(position=f"Mengetahui,\n{position}", name=signer.name, rank=signer.rank, nip=signer.nip)


def attendance_pdf(event, day: date, *, signer=None, starts_at: time | None = None) -> bytes:
    """The daftar hadir of `day` on the event's paper (A4 or F4), kop on the first page, page numbers.

    signer: the responsible official signing "Mengetahui" — a Signer or {"position", "name", "rank",
    "nip"}; without one an empty block titled "Penanggung Jawab Kegiatan".
    starts_at: the start time for the "Waktu" line; without it the time is left to fill in by hand.
    Raises raker.checkin.attendance.AttendanceError for a day outside the meeting."""
    groups = attendance_rows(event, day)
    summary = attendance_summary(event, day, groups=groups)
    styles = get_styles()
    local = _styles()
    width = page_size(event)[0] - MARGINS.left - MARGINS.right
    details = label_value_table([("Hari/Tanggal", format_day(day, "id")), ("Waktu", meeting_time(event, starts_at)),
                                 ("Tempat", meeting_place(event))], width=width, label_width=3 * cm)
    story = [
        Paragraph(TITLE, styles.title),
        para(event.title, local["subtitle"]),
        details,
        Spacer(1, 10),
        attendance_table(event, groups, width=width),
        Spacer(1, 8),
        KeepTogether([
            para(summary.line, styles.body_left),
            Spacer(1, 10),
            signature_row([_sign_off_signer(signer)], width=width, place=event.city, on=day),
        ]),
    ]
    return build_pdf(event, story, title=f"Daftar Hadir {event.title} {format_day(day, 'id')}",
                     subject="Daftar hadir")
