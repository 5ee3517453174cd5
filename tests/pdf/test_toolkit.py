"""The shared toolkit: fonts, paper, safe text, page numbers, kop, QR codes, signature blocks."""

import io
from datetime import date

import pytest
from PIL import Image
from reportlab.lib.fonts import tt2ps
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from raker.pdf import (
    QRFlowable,
    Signer,
    build_pdf,
    build_sections_pdf,
    draw_qr,
    get_styles,
    para,
    qr_png,
    signature_row,
)
from raker.pdf.fonts import BOLD, BOLD_ITALIC, FAMILY, FONT_DIR, ITALIC, REGULAR, register_fonts
from raker.pdf.qr import dark_runs, qr_matrix
from raker.pdf.styles import MARGINS, page_size

from .conftest import (
    GOVERNMENT,
    add_logo,
    assert_in_order,
    decode_qr,
    font_dicts,
    page_images,
    page_texts,
    reader,
    render,
    text_positions,
)

MARKUP = "<b>bold</b> & <font size=40> &amp; <script>alert(1)</script>"


def body_width(event) -> float:
    return page_size(event)[0] - MARGINS.left - MARGINS.right


def test_fonts_register_once_as_a_family():
    register_fonts()
    register_fonts()  # a second call must not fail or register again
    registered = pdfmetrics.getRegisteredFontNames()
    assert {REGULAR, BOLD, ITALIC, BOLD_ITALIC} <= set(registered)
    assert tt2ps(FAMILY, 1, 0) == BOLD and tt2ps(FAMILY, 1, 1) == BOLD_ITALIC  # <b>, <b><i> in paragraphs
    assert pdfmetrics.getFont(REGULAR).face.name.startswith(b"LiberationSans")


def test_fonts_are_vendored_with_their_licence():
    assert {p.name for p in FONT_DIR.glob("*.ttf")} == {
        "LiberationSans-Regular.ttf",
        "LiberationSans-Bold.ttf",
        "LiberationSans-Italic.ttf",
        "LiberationSans-BoldItalic.ttf",
    }
    assert "SIL Open Font License" in (FONT_DIR / "LICENSE.txt").read_text()


@pytest.mark.parametrize(("paper", "expected"), [("F4", (215 * mm, 330 * mm)), ("A4", A4)])
def test_paper_size_follows_the_event(meeting, paper, expected):
    meeting.paper_size = paper
    pdf = build_pdf(meeting, [para("Isi")], title="Uji")
    box = reader(pdf).pages[0].mediabox
    assert float(box.width) == pytest.approx(expected[0], abs=0.5)
    assert float(box.height) == pytest.approx(expected[1], abs=0.5)
    if paper == "F4":  # not US Legal, which is 8.5 x 14 in
        assert float(box.height) < 14 * 72 - 20


def test_user_text_is_printed_literally_not_as_markup(meeting):
    pdf = build_pdf(meeting, [para(MARKUP), para("baris satu\nbaris dua")], title="Uji")
    text = page_texts(pdf)[0]
    assert MARKUP in text
    assert "baris satu\nbaris dua" in text  # a line break in user text stays one


def test_fonts_are_embedded_and_nothing_else_is_used(meeting):
    story = [
        para("Teks biasa"),
        Paragraph("<b>tebal</b> <i>miring</i> <b><i>keduanya</i></b>", get_styles().body),
        signature_row(
            [Signer("Ketua Panitia", "Nama")], width=body_width(meeting), place="Tana Paser", on=date(2021, 8, 9)
        ),
    ]
    fonts = font_dicts(build_pdf(meeting, story, title="Uji"))
    # A font without a descriptor is a standard font (Helvetica) that the viewer substitutes.
    assert all("/FontDescriptor" in font for font in fonts), [font["/BaseFont"] for font in fonts]
    assert sorted(str(font["/BaseFont"]).split("+")[1] for font in fonts) == [
        "LiberationSans",
        "LiberationSans-Bold",
        "LiberationSans-BoldItalic",
        "LiberationSans-Italic",
    ]
    assert all("/FontFile2" in font["/FontDescriptor"] for font in fonts)  # embedded TrueType


def test_metadata(meeting):
    info = reader(build_pdf(meeting, [para("Isi")], title="Notulen Rapat")).metadata
    assert info.title == "Notulen Rapat"
    assert info.author == meeting.host_institution


def test_page_numbers_count_pages_within_each_section(meeting):
    long_story = [para(f"Paragraf {i} " + "isi rapat " * 40) for i in range(40)]
    pages = page_texts(build_pdf(meeting, long_story, title="Uji"))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in text

    pages = page_texts(build_sections_pdf(meeting, [[para("Surat A")], [para("Surat B")]], title="Uji"))
    assert len(pages) == 2
    assert all("Halaman 1 dari 1" in text for text in pages)
    assert all(text.startswith(GOVERNMENT) for text in pages)  # each section has its own kop


def test_kop_lines_in_order_only_on_the_first_page(meeting):
    pages = page_texts(build_pdf(meeting, [para("isi " * 400)] * 6, title="Uji"))
    assert len(pages) >= 2
    assert_in_order(
        pages[0],
        [
            GOVERNMENT,
            "SEKRETARIAT DAERAH",
            "Jl. Gajah Mada No. 2",
            "Telepon (0541) 733333",
            "Pos-el biroorganisasi@kaltim.raker.example",
            "Laman kaltimprov.raker.example",
            "isi",
        ],
    )
    assert GOVERNMENT not in pages[1]


def test_kop_falls_back_to_the_host_and_skips_empty_lines(meeting):
    meeting.letterhead_government = ""
    meeting.letterhead_phone = meeting.letterhead_email = meeting.letterhead_website = ""
    text = page_texts(build_pdf(meeting, [para("Isi")], title="Uji"))[0]
    assert text.startswith("PEMERINTAH KABUPATEN PASER")
    assert "Telepon" not in text and "Pos-el" not in text


def test_kop_logo_is_drawn_when_there_is_one(meeting):
    assert page_images(build_pdf(meeting, [para("Isi")], title="Uji"), 1) == []
    add_logo(meeting)
    assert len(page_images(build_pdf(meeting, [para("Isi")], title="Uji"), 1)) == 1


def test_no_kop_when_asked(meeting):
    text = page_texts(build_pdf(meeting, [para("Isi")], title="Uji", letterhead=False))[0]
    assert GOVERNMENT not in text


def test_dark_runs_merge_neighbouring_modules():
    assert list(dark_runs([[True, True, False, True], [False] * 4, [True] * 4])) == [(0, 0, 2), (0, 3, 1), (2, 0, 4)]


def test_qr_matrix_has_the_quiet_zone():
    matrix = qr_matrix("RKR-1")
    assert len(matrix) == 21 + 2 * 4  # version 1 plus 4 light modules each side
    assert not any(matrix[0]) and not any(row[0] for row in matrix)


def test_draw_qr_puts_every_module_in_its_place(tmp_path):
    """Render a page holding only the code, 4 pt a module at 144 dpi (8 px), and read each module's centre."""
    text = "RKR-00042"
    matrix = qr_matrix(text)
    size = 4 * len(matrix)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(size, size))
    draw_qr(canvas, text, 0, 0, size)
    canvas.save()
    image = render(buffer.getvalue(), 1, tmp_path, dpi=144).convert("L")
    assert image.size == (8 * len(matrix), 8 * len(matrix))
    seen = [
        [image.getpixel((8 * column + 4, 8 * row + 4)) < 128 for column in range(len(matrix))]
        for row in range(len(matrix))
    ]
    assert seen == matrix


def test_qr_in_a_document_is_vector_and_decodes(meeting, tmp_path):
    secret = "https://raker.example/e/rakor-2021/daftar?d=Kab-Paser&t=Zx81"
    pdf = build_pdf(meeting, [para("Kode:"), QRFlowable(secret, 30 * mm)], title="Uji")
    assert page_images(pdf, 1) == []  # drawn with rectangles, not a picture
    assert decode_qr(render(pdf, 1, tmp_path)) == [secret]


def test_qr_png_is_one_bit_and_decodes():
    secret = "RKR-8f3a9c2e7d"
    png = qr_png(secret, box_size=6)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.mode == "1"
        assert image.size[0] == (21 + 8) * 6
        assert decode_qr(image.convert("L")) == [secret]


def test_signature_block_reads_like_tata_naskah_dinas(meeting):
    signer = {
        "name": "Dr. H. Yusmadi, S.Sos., M.Si.",
        "position": "Kepala Biro Organisasi",
        "rank": "IV/b",
        "nip": "198609262015051001",
    }
    pdf = build_pdf(
        meeting,
        [signature_row([signer], width=body_width(meeting), place="Tana Paser", on=date(2021, 8, 9))],
        title="Uji",
        letterhead=False,
    )
    assert_in_order(
        page_texts(pdf)[0],
        [
            "Tana Paser, 9 Agustus 2021",
            "Kepala Biro Organisasi,",
            "Dr. H. Yusmadi, S.Sos., M.Si.",
            "Pembina Tingkat I (IV/b)",
            "NIP. 19860926 201505 1 001",
        ],
    )


def test_blank_signature_block_leaves_room_to_write(meeting):
    pdf = build_pdf(
        meeting, [signature_row([Signer("Ketua Panitia")], width=body_width(meeting))], title="Uji", letterhead=False
    )
    assert_in_order(page_texts(pdf)[0], ["Ketua Panitia,", "........", "NIP. ....."])


def test_signature_blocks_side_by_side(meeting):
    signers = [
        Signer("Pimpinan Rapat", "Andi Saputra", "IV/a", "197001012000031001"),
        Signer("Notulis", "Nur Aisyah", "III/a", "199001012015032001"),
    ]
    pdf = build_pdf(
        meeting,
        [signature_row(signers, width=body_width(meeting), place="Tana Paser", on=date(2021, 8, 9))],
        title="Uji",
        letterhead=False,
    )
    runs = {text: (x, y) for text, x, y in text_positions(reader(pdf).pages[0])}
    left, right = runs["Andi Saputra"], runs["Nur Aisyah"]
    assert left[1] == pytest.approx(right[1])  # names on one line
    assert left[0] < right[0]
    assert runs["Tana Paser, 9 Agustus 2021"][0] > left[0]  # the date sits above the right-hand block
