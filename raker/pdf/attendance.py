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
from PIL import UnidentifiedImageError
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ..images import open_image
from .document import build_pdf, escape_text, label_value_table, para
from .fonts import BOLD, REGULAR
from .signature import Signer, signature_row
from .styles import MARGINS, get_styles, page_size

FONT_SIZE = 8
LEADING = 9.6
MIN_FONT_SIZE = 5  # a single word is shrunk down to this, never broken
PADDING = 3
SIGNATURE_ROW_HEIGHT = 10 * mm  # room for a real signature (SPJ evidence)
SIGNATURE_DPI = 300  # captured signatures are scaled down to this for print, keeping the PDF small
GRID = 0.5
HEADER_FILL = colors.Color(0.85, 0.85, 0.85)
GROUP_FILL = colors.Color(0.94, 0.94, 0.94)
CONTINUED = "(lanjutan)"
COLUMN_COUNT = 8


def _styles():
    # splitLongWords=0: reportlab would otherwise cut a long word at the cell edge.
    cell = ParagraphStyle("attendance_cell", parent=get_styles().cell, fontSize=FONT_SIZE, leading=LEADING,
                          splitLongWords=0)
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
    """The grouped NIP '19860926 201505 1 001' in two lines, '19860926 201505' over '1 001', as on
    the paper forms: one line would take the width the signatures need."""
    parts = (nip or "").split()
    return f"{parts[0]} {parts[1]}\n{parts[2]} {parts[3]}" if len(parts) == 4 else " ".join(parts)


def fitted(text: str, style: ParagraphStyle, width: float) -> Paragraph:
    """A cell paragraph wrapping at spaces only; when one word is wider than the cell, the whole
    cell is set smaller so that word fits (down to MIN_FONT_SIZE)."""
    room = width - 2 * PADDING
    words = (text or "").split()
    widest = max((stringWidth(word, style.fontName, style.fontSize) for word in words), default=0)
    if widest > room:
        size = max(MIN_FONT_SIZE, style.fontSize * room / widest)
        style = ParagraphStyle(f"{style.name}_fitted", parent=style, fontSize=size,
                               leading=style.leading * size / style.fontSize)
    return para(text, style)


def signature_image(png: bytes | None, max_width: float, max_height: float) -> ImageReader | None:
    """The captured 1-bit PNG as a greyscale image at print resolution (small and smooth)."""
    if not png:
        return None
    try:
        with open_image(png) as source:
            picture = source.convert("L")
    except (UnidentifiedImageError, OSError, ValueError):  # ImageTooLarge is a ValueError
        return None  # an unreadable picture leaves the cell to sign by hand rather than losing the list
    # A signature pad leaves wide white margins: crop to the ink so the signature itself fills the cell.
    ink = picture.point(lambda value: 255 if value < 128 else 0).getbbox()
    if ink is not None:
        picture = picture.crop(ink)
    limit = (max(1, int(max_width / 72 * SIGNATURE_DPI)), max(1, int(max_height / 72 * SIGNATURE_DPI)))
    picture.thumbnail(limit)
    return ImageReader(picture)


class SignatureCell(Flowable):
    """One Tanda Tangan cell: the row number in the left half (odd) or the right half (even), and
    the captured signature, if any, drawn at the cell's full height, its aspect kept. It starts
    after its number and may run into the other half (empty in this row: the neighbours sign on
    their own rows); only an even row's signature too wide for its half moves left, its number
    with it."""

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

    def placement(self, image_size: tuple[float, float] | None) -> tuple[float, tuple | None]:
        """(label x, (image x, y, width, height) or None) in the cell."""
        half = self.width / 2
        label_x = 0 if self.number % 2 else half
        label_width = stringWidth(self.label, REGULAR, FONT_SIZE) + self.LABEL_GAP
        if image_size is None:
            return label_x, None
        image_width, image_height = image_size
        room = self.width - label_width
        scale = min(self.height / image_height, room / image_width)
        width, height = image_width * scale, image_height * scale
        x = label_x + label_width
        if x + width > self.width:
            x = self.width - width
            label_x = x - label_width
        return label_x, (x, (self.height - height) / 2, width, height)

    def draw(self):
        canvas = self.canv
        image = signature_image(self.png, self.width, self.height)
        label_x, box = self.placement(image.getSize() if image is not None else None)
        canvas.saveState()
        canvas.setFont(REGULAR, FONT_SIZE)
        canvas.setFillColor(colors.black)
        canvas.drawString(label_x, (self.height - FONT_SIZE * 0.7) / 2, self.label)
        if box is not None:
            canvas.drawImage(image, *box)
        canvas.restoreState()


class AttendanceTable(Table):
    """The list as one table flowing over pages, its header row repeated on each page; when a page
    break falls inside a delegation, the next page starts with "<delegation> (lanjutan)". Made by
    list_table(); the pieces reportlab splits off are plain parts of it (entries None)."""

    entries = None  # [("group", (heading, continued)) | ("person", AttendanceLine)]
    made = None

    def split(self, avail_width, avail_height):
        parts = super().split(avail_width, avail_height)
        if len(parts) != 2 or not self.entries:
            return parts
        taken = len(parts[0]._cellvalues) - 1  # entries on this page (the header row is not one)
        rest = list(self.entries[taken:])
        # The row heights reportlab has measured go along: re-measuring hundreds of rows at every
        # page break made a 462-person list take 5 s instead of under one.
        heights = list(parts[1]._argH)
        heading = next((value[0] for kind, value in reversed(self.entries[:taken]) if kind == "group"), None)
        if rest and rest[0][0] == "person" and heading is not None:
            rest.insert(0, ("group", (heading, True)))
            heights.insert(1, None)
        return [parts[0], list_table(self.columns, rest, width=self.list_width, empty_text=self.empty_text,
                                     row_heights=heights, made=self.made)]


def list_table(columns, entries, *, width: float, empty_text: str, row_heights=None,
               made: dict | None = None) -> AttendanceTable:
    """made: the person rows already built, by line, reused at every page break (parsing the
    paragraphs of hundreds of rows again each time cost seconds)."""
    styles = _styles()
    widths = column_widths(width)
    made = {} if made is None else made
    data = [[Paragraph(escape_text(name), styles["header"]) for name in columns]]
    commands = [
        ("GRID", (0, 0), (-1, -1), GRID, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), REGULAR), ("TEXTCOLOR", (0, 0), (-1, -1), colors.black),
        ("FONTSIZE", (0, 0), (-1, -1), FONT_SIZE), ("LEADING", (0, 0), (-1, -1), LEADING),
        ("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (5, 1), (5, -1), "CENTER"),
        *[(f"{side}PADDING", (0, 0), (-1, -1), PADDING) for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")],
    ]
    for kind, value in entries:
        row = len(data)
        if kind == "group":
            heading, continued = value
            data.append([fitted(f"{heading} {CONTINUED}" if continued else heading, styles["group"], width)]
                        + [""] * (COLUMN_COUNT - 1))
            commands += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), GROUP_FILL),
                         ("NOSPLIT", (0, row), (-1, min(row + 1, len(entries))))]  # never a name alone at a page foot
        else:
            if id(value) not in made:
                made[id(value)] = _person_row(value, styles, widths)
            data.append(made[id(value)])
    if not entries:
        data.append([para(empty_text, styles["cell"])] + [""] * (COLUMN_COUNT - 1))
        commands.append(("SPAN", (0, 1), (-1, 1)))
    table = AttendanceTable(data, colWidths=widths, rowHeights=row_heights, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    table.entries, table.columns, table.list_width, table.empty_text = entries, columns, width, empty_text
    table.made = made
    return table


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


def attendance_table(document, *, width: float) -> AttendanceTable:
    entries = []
    for section in document.sections:
        entries.append(("group", (section.heading, False)))
        entries += [("person", line) for line in section.lines]
    return list_table(document.columns, entries, width=width, empty_text=document.empty_text)


def _sign_off_signer(document) -> Signer:
    """The responsible official under "Mengetahui,"; an empty block to sign by hand without one."""
    fields = document.signer or {}
    position = (fields.get("position") or document.signer_title).strip()
    return Signer(position=f"Mengetahui,\n{position}", name=fields.get("name") or "", rank=fields.get("rank") or None,
                  nip=fields.get("nip") or None)


def render_attendance(document, event) -> bytes:
    """The daftar hadir on the event's paper (A4 or F4), kop on the first page, page numbers.
    `event` gives only the paper and the kop."""
    return build_pdf(event, attendance_story(document, event), title=document.file_title, subject="Daftar hadir")


def attendance_story(document, event) -> list:
    """The flowables of one daftar hadir (also attached to a notulen as its own document)."""
    styles = get_styles()
    local = _styles()
    width = page_size(event)[0] - MARGINS.left - MARGINS.right
    details = label_value_table(document.details, width=width, label_width=3 * cm)
    story = [
        Paragraph(escape_text(document.title), styles.title),
        para(document.subtitle, local["subtitle"]),
        details,
        Spacer(1, 10),
        attendance_table(document, width=width),
        Spacer(1, 8),
        KeepTogether([
            para(document.summary, styles.body_left),
            Spacer(1, 10),
            signature_row([_sign_off_signer(document)], width=width, place=document.place, on=document.signed_on),
        ]),
    ]
    return story
