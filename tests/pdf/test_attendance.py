"""Daftar hadir per day: who is listed and how (rows), the official PDF and the XLSX."""

import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from PIL import Image, ImageDraw
from reportlab.lib.units import mm

from raker.checkin import services as checkin
from raker.checkin.attendance import (
    AttendanceError,
    attendance_pdf,
    attendance_rows,
    attendance_summary,
    attendance_xlsx,
)
from raker.checkin.services import ScanInput
from raker.events import services as events
from raker.extensions import db
from raker.models import CheckIn
from raker.pdf.attendance import column_widths
from raker.pdf.styles import MARGINS, page_size
from raker.registration import services as registration
from tests.factories import make_user, register

from .conftest import (
    GOVERNMENT,
    MEETING_DAY,
    assert_in_order,
    flat,
    page_images,
    page_texts,
    reader,
    render,
    text_positions,
)

SECOND_DAY = date(2021, 8, 10)
SIGNER = {
    "name": "Dr. H. Yusmadi, S.Sos., M.Si.",
    "position": "Kepala Biro Organisasi",
    "rank": "IV/b",
    "nip": "198609262015051001",
}
FORMULA = '=HYPERLINK("http://jahat.example","klik")'


def at(day: date, hour: int, minute: int) -> datetime:
    """A scan time given in WITA (UTC+8)."""
    return datetime(day.year, day.month, day.day, hour - 8, minute, tzinfo=UTC)


def signature_png(peaks: int = 2) -> bytes:
    """A signature as drawn on a phone: a thick zigzag on white (each person's differs)."""
    image = Image.new("RGB", (600, 240), "white")
    points = [(20 + 560 * i // (2 * peaks), 200 if i % 2 == 0 else 40) for i in range(2 * peaks + 1)]
    ImageDraw.Draw(image).line(points, fill="black", width=28)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def approved(event, delegation, n, **overrides):
    person = register(event, delegation, n, **overrides)
    registration.change_state(person, "approved")
    return person


def check_in(event, person, when: datetime, *, signed: int = 0) -> CheckIn:
    answer = checkin.redeem(event, ScanInput(code="RK1:" + person.checkin_code, gate="Pintu Utama", scanned_at=when))
    assert answer["status"] == "ok", answer
    row = db.session.get(CheckIn, answer["checkin_id"])
    if signed:
        checkin.save_signature(row, signature_png(signed))
    return row


@pytest.fixture
def world(meeting):
    """Samarinda is added first, so it comes before Paser (delegation order, not alphabetical);
    names are registered out of alphabetical order.

    Kota Samarinda: 1 Ahmad (08.05, signed), 2 Zulkifli (08.40, signed)
    Kabupaten Paser: 3 Budi (08.12), 4 Dewi (only on day 2, 08.30), 5 Eko (checked in, then undone);
                     Citra is pending and never listed."""
    samarinda = events.add_delegation(meeting, {"name": "Kota Samarinda", "region_code": "64.72"})
    paser = events.add_delegation(meeting, {"name": "Kabupaten Paser", "region_code": "64.01"})
    people = {
        "zulkifli": approved(meeting, samarinda, 1, full_name="Zulkifli, S.T."),
        "ahmad": approved(
            meeting, samarinda, 2, full_name="Ahmad Fauzi, S.Sos.", position="Kepala Bagian Organisasi & Tata Laksana"
        ),
        "eko": approved(meeting, paser, 3, full_name="Eko Prasetyo"),
        "dewi": approved(meeting, paser, 4, full_name="Dewi Lestari, S.H.", institution=FORMULA),
        "budi": approved(meeting, paser, 5, full_name="Budi Santoso, M.Si."),
        "citra": register(meeting, paser, 6, full_name="Citra Pending"),
    }
    check_in(meeting, people["ahmad"], at(MEETING_DAY, 8, 5), signed=2)
    check_in(meeting, people["zulkifli"], at(MEETING_DAY, 8, 40), signed=3)
    check_in(meeting, people["budi"], at(MEETING_DAY, 8, 12))
    check_in(meeting, people["dewi"], at(SECOND_DAY, 8, 30))
    mistaken = check_in(meeting, people["eko"], at(MEETING_DAY, 8, 20))
    checkin.undo(mistaken, by=make_user("sekretariat"), reason="Salah pindai")
    return meeting, people


def grouped(nip: str) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


ORDER = ["ahmad", "zulkifli", "budi", "dewi", "eko"]


# ---- rows -------------------------------------------------------------------------------------


def test_rows_are_the_approved_people_by_delegation_and_name_with_that_days_checkin(world):
    meeting, people = world
    groups = attendance_rows(meeting, MEETING_DAY)
    assert [g.delegation.name for g in groups] == ["Kota Samarinda", "Kabupaten Paser"]
    rows = [row for group in groups for row in group.rows]
    assert [row.registration.id for row in rows] == [people[key].id for key in ORDER]
    assert [row.number for row in rows] == [1, 2, 3, 4, 5]
    assert [row.time_present for row in rows] == ["08.05", "08.40", "08.12", "", ""]
    assert [row.signature_png is not None for row in rows] == [True, True, False, False, False]
    assert rows[4].checkin is None  # undone: listed, not present

    summary = attendance_summary(meeting, MEETING_DAY)
    assert (summary.present, summary.expected) == (3, 5)
    assert [(c.delegation.name, c.present, c.expected) for c in summary.by_delegation] == [
        ("Kota Samarinda", 2, 2),
        ("Kabupaten Paser", 1, 3),
    ]
    assert summary.line == "Jumlah hadir: 3 dari 5 peserta"

    second = [row for group in attendance_rows(meeting, SECOND_DAY) for row in group.rows]
    assert [row.time_present for row in second] == ["", "", "", "08.30", ""]


def test_a_day_outside_the_meeting_is_refused(world):
    meeting, _ = world
    with pytest.raises(AttendanceError):
        attendance_rows(meeting, date(2021, 8, 11))
    with pytest.raises(AttendanceError):
        attendance_pdf(meeting, date(2021, 8, 8))


# ---- PDF ----------------------------------------------------------------------------------------


def test_pdf_has_the_official_layout_in_order(world):
    meeting, people = world
    pdf = attendance_pdf(meeting, MEETING_DAY, signer=SIGNER)
    text = "\n".join(page_texts(pdf))
    assert_in_order(
        text,
        [
            GOVERNMENT,
            "DAFTAR HADIR",
            meeting.title,
            "Hari/Tanggal",
            "Senin, 9 Agustus 2021",
            "Waktu",
            "WITA s.d. selesai",
            "Tempat",
            "Gedung Awa Mangkuruku, Jl. Jenderal Sudirman, Tanah Grogot, Tana Paser",
            "No",
            "Nama",
            "NIP",
            "Jabatan",
            "Instansi/Delegasi",
            "Waktu hadir",
            "Tanda Tangan",
            "Ket.",
            "Kota Samarinda",
            "Ahmad Fauzi, S.Sos.",
            grouped(people["ahmad"].nip),
            "Kepala Bagian Organisasi & Tata Laksana",
            "08.05",
            "Zulkifli, S.T.",
            grouped(people["zulkifli"].nip),
            "08.40",
            "Kabupaten Paser",
            "Budi Santoso, M.Si.",
            "08.12",
            "Dewi Lestari, S.H.",
            "=HYPERLINK(",
            "Eko Prasetyo",
            "Jumlah hadir: 3 dari 5 peserta",
            "Tana Paser, 9 Agustus 2021",
            "Mengetahui,",
            "Kepala Biro Organisasi,",
            SIGNER["name"],
            "Pembina Tingkat I (IV/b)",
            "NIP. 19860926 201505 1 001",
        ],
    )
    assert "Citra" not in text  # pending: not on the list
    assert "08.20" not in text  # Eko's check-in was undone
    assert "08.30" not in text  # Dewi came on the second day only
    assert people["ahmad"].nip not in text  # the NIP is printed grouped, never as 18 digits
    assert "Halaman 1 dari" in text

    day_two = flat("\n".join(page_texts(attendance_pdf(meeting, SECOND_DAY))))
    assert "Selasa, 10 Agustus 2021" in day_two and "08.30" in day_two and "08.05" not in day_two
    assert "Jumlah hadir: 1 dari 5 peserta" in day_two


def test_without_a_signer_the_block_is_left_to_sign_by_hand(world):
    meeting, _ = world
    text = flat("\n".join(page_texts(attendance_pdf(meeting, MEETING_DAY))))
    assert_in_order(
        text, ["Tana Paser, 9 Agustus 2021", "Mengetahui,", "Penanggung Jawab Kegiatan,", "....", "NIP. ...."]
    )
    assert "Yusmadi" not in text
    assert "pukul ........ WITA s.d. selesai" in text  # no session on the agenda that day: filled in by hand
    sheet = workbook_sheet(attendance_xlsx(meeting, MEETING_DAY))
    assert sheet["C4"].value == ": pukul ........ WITA s.d. selesai"
    assert "Penanggung Jawab Kegiatan," in [sheet.cell(r, 5).value for r in range(17, sheet.max_row + 1)]


def test_signature_numbers_alternate_and_captured_signatures_fill_the_cell_height(world, tmp_path):
    """Unsigned rows keep the paper form's halves (odd numbers left, even right); a captured
    signature is drawn after its number at the full height of a 10 mm row (it was about 4 mm),
    running into the empty other half of its own cell when it must."""
    meeting, _ = world
    pdf = attendance_pdf(meeting, MEETING_DAY, signer=SIGNER)
    assert len(page_images(pdf, 1)) == 2  # the meeting has no logo: the two captured signatures

    width = page_size(meeting)[0] - MARGINS.left - MARGINS.right
    widths = column_widths(width)
    cell_left = MARGINS.left + sum(widths[:6])
    cell_right = cell_left + widths[6]
    half = widths[6] / 2
    runs = text_positions(reader(pdf).pages[0])
    labels = {text: x for text, x, _ in runs if text in ("1.", "2.", "3.", "4.", "5.") and x > cell_left}
    assert set(labels) == {"1.", "2.", "3.", "4.", "5."}
    for label in ("1.", "3.", "4.", "5."):  # 1 is signed on the left; 3-5 are to sign by hand
        odd = int(label[0]) % 2 == 1
        x = labels[label]
        assert (cell_left <= x < cell_left + half) if odd else (cell_left + half <= x < cell_right), label

    dpi = 150
    image = render(pdf, 1, tmp_path, dpi=dpi).convert("L")
    page_height = page_size(meeting)[1]
    scale = dpi / 72

    def ink_box(y_baseline):
        """Bounding box (points) of the ink inside the Tanda Tangan cell of the row whose text sits
        on y_baseline, grid lines left out."""
        centre = y_baseline + 3  # one line of 8 pt text, middle-aligned in its row
        x0, x1 = int((cell_left + 1.5) * scale), int((cell_right - 1.5) * scale)
        top, bottom = int((page_height - centre - 13.5) * scale), int((page_height - centre + 13.5) * scale)
        dark = image.crop((x0, top, x1, bottom)).point(lambda v: 255 if v < 128 else 0).getbbox()
        return (
            None
            if dark is None
            else (x0 / scale + dark[0] / scale, dark[1] / scale, x0 / scale + dark[2] / scale, dark[3] / scale)
        )

    rows = {text.split(",")[0]: y for text, _, y in runs if text.startswith(("Ahmad Fauzi", "Zulkifli", "Budi"))}
    first, second = ink_box(rows["Ahmad Fauzi"]), ink_box(rows["Zulkifli"])
    for box in (first, second):
        assert box[3] - box[1] >= 6.5 * mm  # ink over (nearly) the whole 10 mm row, not a 4 mm strip
    assert first[0] < cell_left + half  # no. 1 starts in the left half …
    assert second[2] > cell_left + half + 0.4 * half  # … no. 2 reaches well into the right half
    budi = ink_box(rows["Budi Santoso"])  # not signed: only the number "3."
    assert budi is not None and budi[2] - budi[0] < 4 * mm and budi[3] - budi[1] < 3 * mm


def test_user_text_is_printed_literally(meeting):
    events.update_event(meeting, {"venue": "Aula <b>Ruhui Rahayu</b> & Lobi"})
    team = events.add_delegation(meeting, {"name": "Tim <b>Perumus</b> & Narasumber"})
    approved(
        meeting,
        team,
        1,
        full_name="Rina & Rekan",
        position="Kepala Seksi Data & Informasi",
        institution="Dinas Komunikasi & Informatika",
    )
    text = flat(
        "\n".join(
            page_texts(
                attendance_pdf(
                    meeting, MEETING_DAY, signer={"position": "Ketua <i>Panitia</i>", "name": "Sri & Wahyuni"}
                )
            )
        )
    )
    for literal in (
        "Aula <b>Ruhui Rahayu</b> & Lobi",
        "Tim <b>Perumus</b> & Narasumber",
        "Rina & Rekan",
        "Kepala Seksi Data & Informasi",
        "Dinas Komunikasi & Informatika",
        "Ketua <i>Panitia</i>,",
        "Sri & Wahyuni",
    ):
        assert literal in text, literal


def test_a_long_list_flows_over_pages_with_the_header_on_each(meeting):
    paser = events.add_delegation(meeting, {"name": "Kabupaten Paser", "region_code": "64.01"})
    berau = events.add_delegation(meeting, {"name": "Kabupaten Berau", "region_code": "64.03"})
    for n in range(1, 121):
        approved(
            meeting,
            paser if n <= 70 else berau,
            n,
            full_name=f"Peserta Nomor {n:03d} dengan Nama yang Cukup Panjang sampai Harus Dilipat",
        )
    pages = page_texts(attendance_pdf(meeting, MEETING_DAY))
    assert len(pages) >= 4
    assert [page.count("Tanda Tangan") for page in pages] == [1] * len(pages)
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]
    everything = "\n".join(pages)
    assert_in_order(
        everything,
        [
            "Kabupaten Paser",
            "Peserta Nomor 001",
            "Peserta Nomor 070",
            "Kabupaten Berau",
            "Peserta Nomor 071",
            "Peserta Nomor 120",
            "Jumlah hadir: 0 dari 120 peserta",
        ],
    )
    assert "Pos-el" in pages[0] and "Pos-el" not in pages[1]  # the kop on the first page only


def test_an_empty_list_on_f4_paper(meeting):
    events.update_event(meeting, {"paper_size": "F4"})
    pdf = attendance_pdf(meeting, MEETING_DAY)
    box = reader(pdf).pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (215, 330)
    text = flat("\n".join(page_texts(pdf)))
    assert "Belum ada peserta yang disetujui." in text and "Jumlah hadir: 0 dari 0 peserta" in text
    assert page_images(pdf, 1) == []  # no logo, no signatures: no image at all
    assert attendance_summary(meeting, MEETING_DAY).by_delegation == []


# ---- XLSX ---------------------------------------------------------------------------------------


def workbook_sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_xlsx_lists_the_day_with_groups_text_nips_and_times(world):
    meeting, people = world
    sheet = workbook_sheet(attendance_xlsx(meeting, MEETING_DAY, signer=SIGNER))
    assert sheet["A1"].value == "DAFTAR HADIR"
    assert sheet["A2"].value == meeting.title
    assert (sheet["A3"].value, sheet["C3"].value) == ("Hari/Tanggal", ": Senin, 9 Agustus 2021")
    assert sheet["A5"].value == "Tempat" and "Gedung Awa Mangkuruku" in sheet["C5"].value
    assert [cell.value for cell in sheet[7]] == [
        "No",
        "Nama",
        "NIP",
        "Jabatan",
        "Instansi/Delegasi",
        "Waktu hadir (WITA)",
        "Tanda Tangan",
        "Ket.",
    ]

    body = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=8, max_row=14)]
    assert [row[:2] for row in body] == [
        ["Kota Samarinda", None],
        [1, "Ahmad Fauzi, S.Sos."],
        [2, "Zulkifli, S.T."],
        ["Kabupaten Paser", None],
        [3, "Budi Santoso, M.Si."],
        [4, "Dewi Lestari, S.H."],
        [5, "Eko Prasetyo"],
    ]
    assert "A8:H8" in sheet.merged_cells and "A11:H11" in sheet.merged_cells
    assert sheet["A8"].font.b and not sheet["B9"].font.b
    assert [row[5] for row in body] == [None, "08.05", "08.40", None, "08.12", None, None]
    nip = sheet["C9"]
    assert nip.value == grouped(people["ahmad"].nip) and nip.data_type == "s" and nip.number_format == "@"
    assert sheet["G9"].value == "1." and sheet["G10"].value == "2."
    assert "Citra Pending" not in {c.value for row in sheet.iter_rows() for c in row}
    assert sheet["A16"].value == "Jumlah hadir: 3 dari 5 peserta"
    column_e = [sheet.cell(r, 5).value for r in range(17, sheet.max_row + 1)]
    assert "Mengetahui," in column_e and SIGNER["name"] in column_e and "NIP. 19860926 201505 1 001" in column_e


def test_xlsx_embeds_signatures_in_their_cells_and_half(world):
    meeting, _ = world
    sheet = workbook_sheet(attendance_xlsx(meeting, MEETING_DAY))
    anchors = sorted(
        (image.anchor._from.row, image.anchor._from.col, image.anchor._from.colOff) for image in sheet._images
    )
    assert [(row, col) for row, col, _ in anchors] == [(8, 6), (9, 6)]  # G9 (Ahmad) and G10 (Zulkifli), 0-based
    assert anchors[0][2] < anchors[1][2]  # no. 1 signs in the left half, no. 2 in the right half
    row_pixels = 33 * 96 / 72  # XLSX_ROW_HEIGHT in points, as pixels
    for image in sheet._images:
        with Image.open(io.BytesIO(image._data())) as picture:
            assert picture.getextrema()[0] < 128  # ink, not a blank picture
        shown = image.anchor.ext.height / 9525  # EMU per pixel
        assert shown >= row_pixels - 6  # the signature at the row's height, not a thumbnail in a corner


def test_xlsx_neutralises_formulas_and_is_set_up_for_printing(world):
    meeting, _ = world
    events.update_event(meeting, {"title": "=1+1 Rapat", "paper_size": "F4"})
    sheet = workbook_sheet(attendance_xlsx(meeting, MEETING_DAY))
    assert sheet["A2"].value == "'=1+1 Rapat"
    assert sheet["E13"].value == "'" + FORMULA and sheet["E13"].data_type == "s"
    assert not any(
        isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@")) for row in sheet.iter_rows() for c in row
    )
    assert sheet.print_title_rows == "$7:$7"
    assert sheet.page_setup.paperSize == 14  # Folio 8.5 × 13 in: F4
    assert sheet.page_setup.orientation == "portrait"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["B"].width >= 25 and sheet.column_dimensions["G"].width >= 20


def test_an_unreadable_signature_leaves_the_cell_to_sign_by_hand(world):
    meeting, people = world
    row = db.session.get(CheckIn, attendance_rows(meeting, MEETING_DAY)[0].rows[0].checkin.id)
    row.signature_png = b"\x89PNG rusak"
    db.session.commit()
    pdf = attendance_pdf(meeting, MEETING_DAY)
    assert len(page_images(pdf, 1)) == 1  # Zulkifli's; Ahmad signs on paper
    assert "Ahmad Fauzi" in flat("\n".join(page_texts(pdf)))
    sheet = workbook_sheet(attendance_xlsx(meeting, MEETING_DAY))
    assert [(image.anchor._from.row, image.anchor._from.col) for image in sheet._images] == [(9, 6)]
