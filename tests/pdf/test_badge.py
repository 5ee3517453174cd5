"""Tanda peserta: A6, CR80 and sheet layouts, a role band in the role's colour, QR codes that scan,
cut marks on sheets, and the QR matrices behind them."""

import io
import random
import string
from dataclasses import dataclass
from datetime import date

import pytest
import zxingcpp
from PIL import Image
from pypdf.generic import ContentStream
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from raker.checkin.codes import new_checkin_code, qr_text
from raker.events import services as events
from raker.extensions import db
from raker.models import PARTICIPANT_ROLES, Registration
from raker.pdf import qr
from raker.pdf.badge import (
    CR80_SIZE,
    CUT_MARK_LENGTH,
    CUT_MARK_OFFSET,
    LAYOUTS,
    PROGRESS_EVERY,
    ROLE_COLOURS,
    ROLE_LABELS,
    SHEET_BADGE_SIZE,
    Box,
    badge_pdf,
    cut_mark_segments,
    draw_badge,
    sheet_boxes,
)
from raker.pdf.styles import F4
from tests.qr import decode_pdf_page

from .conftest import add_logo, assert_in_order, decode_qr, flat, font_dicts, page_images, page_texts, reader, render


def check_in_code(registration) -> str:
    return f"RKR-{registration.id:05d}-{registration.full_name[:3].upper()}"


@pytest.fixture
def registrations(meeting):
    paser = events.add_delegation(meeting, {"name": "Kabupaten Paser", "region_code": "64.01", "quota": 20})
    people = [
        (
            "Dr. Hendra Saputra, S.Sos., M.Si.",
            "Kepala Subbagian Reformasi Birokrasi dan Akuntabilitas Kinerja",
            "peserta",
        ),
        (
            "Aji Sayid Faturrahman",
            "Asisten Administrasi Umum Sekretariat Daerah Provinsi Kalimantan Timur",
            "narasumber",
        ),
        ("Andi Baso Daeng Mappatunru Muhammad Syahrul Ramadhan Fadillah", "", "moderator"),
        ("Nur Aisyah", "Pengadministrasi Perkantoran", "panitia"),
        ("Yusuf <b>Hamzah</b> & Co", "Staf <font size=40>", "undangan"),
    ]
    rows = [
        Registration(
            event=meeting,
            delegation=paser,
            full_name=name,
            position=position,
            role=role,
            asn_status="non_asn",
            email=f"orang{i}@uji.raker.example",
            state="approved",
            checkin_code=new_checkin_code(),
        )
        for i, (name, position, role) in enumerate(people)
    ]
    db.session.add_all(rows)
    db.session.commit()
    return rows


def pages_of(pdf: bytes):
    return reader(pdf).pages


def images_drawn(page) -> list:
    """Image XObjects drawn on a page, also inside the form XObjects it draws."""
    found = []

    def visit(resources):
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image":
                found.append(xobject)
            elif "/Resources" in xobject:
                visit(xobject["/Resources"])

    visit(page["/Resources"])
    return found


def line_segments(page) -> list[tuple[float, float, float, float]]:
    """(x1, y1, x2, y2) of each `m … l` segment drawn directly in the page's content stream."""
    content = ContentStream(page.get_contents(), page.pdf)
    segments, start = [], None
    for operands, operator in content.operations:
        if operator == b"m":
            start = tuple(map(float, operands))
        elif operator == b"l" and start is not None:
            end = tuple(map(float, operands))
            segments.append((*start, *end))
            start = end
    return segments


# --- the A6 badge (the default: personal link and approval email) ----------------------------


def test_one_a6_page_per_registration_with_name_position_delegation_role(meeting, registrations):
    pdf = badge_pdf(registrations, event=meeting, qr_text_for=check_in_code)
    document = reader(pdf)
    assert len(document.pages) == len(registrations)
    for page, text, registration in zip(document.pages, page_texts(pdf), registrations, strict=True):
        assert float(page.mediabox.width) == pytest.approx(A6[0], abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(A6[1], abs=0.5)
        text = flat(text)
        for part in (
            meeting.title,
            registration.full_name,
            registration.position,
            "Kabupaten Paser",
            ROLE_LABELS[registration.role],
        ):
            assert flat(part) in text


def test_user_text_on_a_badge_is_literal(meeting, registrations):
    text = flat(page_texts(badge_pdf(registrations[-1:], event=meeting, qr_text_for=check_in_code))[0])
    assert "Yusuf <b>Hamzah</b> & Co" in text
    assert "Staf <font size=40>" in text


def test_brackets_backslashes_and_accents_survive(meeting, registrations):
    registration = registrations[0]
    registration.full_name = "Désirée (Ica) Ñoño \\ Ünal"
    registration.position = "Kepala Seksi (Plt.) — Bidang Ü"
    for layout in LAYOUTS:
        text = flat(page_texts(badge_pdf([registration], event=meeting, qr_text_for=qr_text, layout=layout))[0])
        assert registration.full_name in text
        assert registration.position in text


def test_every_badge_qr_code_scans_to_its_own_text(meeting, registrations, tmp_path):
    pdf = badge_pdf(registrations, event=meeting, qr_text_for=check_in_code)
    for page_number, registration in enumerate(registrations, start=1):
        assert decode_qr(render(pdf, page_number, tmp_path)) == [check_in_code(registration)]


def test_every_role_has_its_own_colour_and_label():
    assert set(ROLE_COLOURS) == set(PARTICIPANT_ROLES) == set(ROLE_LABELS)
    assert len({colour.hexval() for colour in ROLE_COLOURS.values()}) == len(ROLE_COLOURS)
    assert ROLE_LABELS["narasumber"] == "NARASUMBER"


@pytest.mark.parametrize("layout", ["a6", "cr80"])
def test_the_band_is_printed_in_the_role_colour(meeting, registrations, tmp_path, layout):
    pdf = badge_pdf(registrations, event=meeting, qr_text_for=check_in_code, layout=layout)
    for page_number, registration in enumerate(registrations, start=1):
        image = render(pdf, page_number, tmp_path, dpi=50)
        width, height = image.size
        expected = ROLE_COLOURS[registration.role]
        pixel = image.getpixel((3, height - 3))  # bottom left corner: band, away from the label
        assert pixel == pytest.approx((expected.red * 255, expected.green * 255, expected.blue * 255), abs=3)


def test_badges_embed_fonts_draw_the_qr_as_a_one_bit_inline_image_and_the_logo(meeting, registrations):
    pdf = badge_pdf(registrations[:2], event=meeting, qr_text_for=qr_text)
    assert page_images(pdf, 1) == []  # no logo, and the QR code is not an image object (no PNG)
    content = pages_of(pdf)[0].get_contents().get_data()
    assert b"BI /W 25 /H 25 /BPC 1 /CS /G" in content  # … but a 1-bit inline image (version 2: 25 modules)
    assert all("/FontDescriptor" in f and "/FontFile2" in f["/FontDescriptor"] for f in font_dicts(pdf))
    add_logo(meeting)
    pdf = badge_pdf(registrations[:2], event=meeting, qr_text_for=qr_text)
    first, second = (images_drawn(page) for page in pages_of(pdf))
    assert len(first) == len(second) == 1
    assert first[0].indirect_reference == second[0].indirect_reference  # one image object for all badges


def test_the_logo_is_on_every_badge(meeting, registrations, tmp_path):
    add_logo(meeting)
    for layout in LAYOUTS:
        pdf = badge_pdf(registrations, event=meeting, qr_text_for=qr_text, layout=layout)
        for page in pages_of(pdf):
            assert len(images_drawn(page)) == 1
        pixels = render(pdf, 1, tmp_path, dpi=72).convert("RGB").tobytes()
        greens = sum(
            1
            for i in range(0, len(pixels), 3)  # the logo is dark green
            if pixels[i + 1] > 80 and pixels[i] < 40 and pixels[i + 2] < 40
        )
        assert greens > 20, layout


def test_draw_badge_still_draws_one_badge_in_any_box(meeting, registrations, tmp_path):
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.drawString(30, 30, "Halaman uji")
    for i, registration in enumerate(registrations[:2]):
        draw_badge(
            canvas,
            Box(40 + i * 270, 300, 250, 350),
            registration=registration,
            event=meeting,
            qr_text=qr_text(registration),
        )
    canvas.save()
    pdf = buffer.getvalue()
    assert sorted(decode_qr(render(pdf, 1, tmp_path))) == sorted(qr_text(r) for r in registrations[:2])
    text = flat(page_texts(pdf)[0])
    assert "Halaman uji" in text and registrations[1].full_name in text


# --- layouts -----------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_renders_with_every_part_and_a_qr_that_scans(meeting, registrations, tmp_path, layout):
    pdf = badge_pdf(registrations, event=meeting, qr_text_for=qr_text, layout=layout)
    text = flat(" ".join(page_texts(pdf)))
    assert flat(meeting.title) in text
    for registration in registrations:
        for part in (
            registration.full_name,
            registration.position,
            registration.delegation.name,
            ROLE_LABELS[registration.role],
        ):
            assert flat(part) in text
    assert qr_text(registrations[0]) in decode_qr(render(pdf, 1, tmp_path))


def test_cr80_is_an_id_card_page(meeting, registrations, tmp_path):
    pdf = badge_pdf(registrations, event=meeting, qr_text_for=qr_text, layout="cr80")
    assert len(pages_of(pdf)) == len(registrations)
    for page in pages_of(pdf):
        assert float(page.mediabox.width) == pytest.approx(85.6 * mm, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(53.98 * mm, abs=0.5)
    assert CR80_SIZE[0] > CR80_SIZE[1]  # landscape
    for page_number, registration in enumerate(registrations, start=1):
        assert decode_qr(render(pdf, page_number, tmp_path)) == [qr_text(registration)]


def test_a4_sheet_holds_four_badges_a_page_and_each_code_scans(meeting, registrations, tmp_path):
    pdf = badge_pdf(registrations, event=meeting, qr_text_for=qr_text, layout="sheet")
    pages = pages_of(pdf)
    assert len(pages) == 2  # 4 + 1
    assert float(pages[0].mediabox.width) == pytest.approx(A4[0], abs=0.5)
    assert float(pages[0].mediabox.height) == pytest.approx(A4[1], abs=0.5)
    assert sorted(decode_qr(render(pdf, 1, tmp_path))) == sorted(qr_text(r) for r in registrations[:4])
    assert decode_qr(render(pdf, 2, tmp_path)) == [qr_text(registrations[4])]
    texts = [flat(text) for text in page_texts(pdf)]
    assert all(flat(r.full_name) in texts[0] for r in registrations[:4])
    assert flat(registrations[4].full_name) in texts[1]


def test_sheet_badges_fit_the_paper_without_overlapping():
    for paper in (A4, F4):
        boxes = sheet_boxes(paper)
        assert len(boxes) == 4
        for box in boxes:
            assert (box.width, box.height) == pytest.approx(SHEET_BADGE_SIZE)
            assert box.x >= 5 * mm and box.y >= 5 * mm
            assert box.x + box.width <= paper[0] - 5 * mm and box.y + box.height <= paper[1] - 5 * mm
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert a.x + a.width <= b.x or b.x + b.width <= a.x or a.y + a.height <= b.y or b.y + b.height <= a.y


def test_f4_sheet_is_215_by_330_mm(meeting, registrations, tmp_path):
    events.update_event(meeting, {"paper_size": "F4"})
    assert meeting.paper_size == "F4"
    pdf = badge_pdf(registrations, event=meeting, qr_text_for=qr_text, layout="sheet")
    page = pages_of(pdf)[0]
    assert float(page.mediabox.width) == pytest.approx(215 * mm, abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(330 * mm, abs=0.5)
    assert sorted(decode_qr(render(pdf, 1, tmp_path))) == sorted(qr_text(r) for r in registrations[:4])


def test_sheet_has_cut_marks_at_every_badge_corner_outside_the_badges(meeting, registrations):
    pdf = badge_pdf(registrations, event=meeting, qr_text_for=qr_text, layout="sheet")
    boxes = sheet_boxes(A4)
    for page, count in zip(pages_of(pdf), (4, 1), strict=True):
        segments = line_segments(page)
        assert len(segments) == 8 * count  # two at each corner of each badge on the page
        expected = sorted(s for box in boxes[:count] for s in cut_mark_segments(box))
        assert [tuple(round(v, 1) for v in s) for s in sorted(segments)] == [
            tuple(round(v, 1) for v in s) for s in expected
        ]
        for x1, y1, x2, y2 in segments:
            assert x1 == pytest.approx(x2) or y1 == pytest.approx(y2)  # horizontal or vertical
            assert abs(x2 - x1) + abs(y2 - y1) == pytest.approx(CUT_MARK_LENGTH, abs=0.01)  # short
            for box in boxes:  # never inside a badge
                for x, y in ((x1, y1), (x2, y2), ((x1 + x2) / 2, (y1 + y2) / 2)):
                    assert not (box.x < x < box.x + box.width and box.y < y < box.y + box.height)
    for box in boxes:  # each corner has a mark on both edge extensions
        for corner_x in (box.x, box.x + box.width):
            for corner_y in (box.y, box.y + box.height):
                near = [
                    s
                    for s in cut_mark_segments(box)
                    if min(abs(s[0] - corner_x) + abs(s[1] - corner_y), abs(s[2] - corner_x) + abs(s[3] - corner_y))
                    == pytest.approx(CUT_MARK_OFFSET)
                ]
                assert len(near) == 2


def test_cut_marks_are_printed(meeting, registrations, tmp_path):
    dpi = 300
    pdf = badge_pdf(registrations[:1], event=meeting, qr_text_for=qr_text, layout="sheet")
    image = render(pdf, 1, tmp_path, dpi=dpi).convert("L")
    box = sheet_boxes(A4)[0]

    def darkest(x, y):  # around PDF point (x, y) (origin bottom left); image origin top left
        column, row = round(x * dpi / 72), round((A4[1] - y) * dpi / 72)
        return min(image.getpixel((column + dx, row + dy)) for dx in range(-3, 4) for dy in range(-3, 4))

    middle = CUT_MARK_OFFSET + CUT_MARK_LENGTH / 2
    corner_x, corner_y = box.x, box.y + box.height  # top left
    assert darkest(corner_x - middle, corner_y) < 128  # the horizontal mark, left of the corner
    assert darkest(corner_x, corner_y + middle) < 128  # the vertical mark, above it
    assert darkest(corner_x - middle, corner_y + 3 * mm) == 255  # paper, away from the marks
    assert darkest(corner_x - 0.5 * mm, corner_y + 0.5 * mm) == 255  # the marks stop short of the corner


def test_unknown_layout_is_refused(meeting, registrations):
    with pytest.raises(ValueError, match="layout"):
        badge_pdf(registrations, event=meeting, qr_text_for=qr_text, layout="a4")


# --- batches without a database ----------------------------------------------------------------


@dataclass
class FakeDelegation:
    name: str


@dataclass
class FakeRegistration:
    full_name: str
    position: str
    role: str
    delegation: FakeDelegation
    checkin_code: str


@dataclass
class FakeEvent:
    title: str = "Rapat Kerja Uji Cetak Massal"
    logo: bytes | None = None
    paper_size: str = "A4"
    host_institution: str = "Pemerintah Kabupaten Paser"
    venue: str = "Gedung Awa Mangkuruku"
    city: str = "Tana Paser"
    start_date: date = date(2021, 8, 9)
    end_date: date = date(2021, 8, 10)


def fake_registrations(count: int) -> list[FakeRegistration]:
    roles = sorted(ROLE_LABELS)
    return [
        FakeRegistration(
            f"Peserta Uji {i}, S.Sos.",
            "Analis Tata Laksana",
            roles[i % len(roles)],
            FakeDelegation(f"Kabupaten {i % 10}"),
            new_checkin_code(),
        )
        for i in range(count)
    ]


def test_progress_is_reported_and_ends_with_total(tmp_path):
    batch = fake_registrations(2 * PROGRESS_EVERY + 30)
    calls = []
    pdf = badge_pdf(
        batch,
        event=FakeEvent(),
        qr_text_for=qr_text,
        layout="sheet",
        progress=lambda done, total: calls.append((done, total)),
    )
    total = len(batch)
    assert calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted({done for done, _ in calls})  # growing, never twice
    assert len(calls) >= 3 and all(t == total for _, t in calls)
    assert len(pages_of(pdf)) == -(-total // 4)
    last_page = len(pages_of(pdf))
    assert decode_qr(render(pdf, last_page, tmp_path)) != []


def test_progress_for_one_badge(meeting, registrations):
    calls = []
    badge_pdf(registrations[:1], event=meeting, qr_text_for=qr_text, progress=lambda *a: calls.append(a))
    assert calls == [(1, 1)]


def test_a_large_batch_keeps_every_badge(tmp_path):
    batch = fake_registrations(300)
    pdf = badge_pdf(batch, event=FakeEvent(paper_size="F4"), qr_text_for=qr_text, layout="a6")
    pages = pages_of(pdf)
    assert len(pages) == 300
    assert flat(batch[299].full_name) in flat(pages[299].extract_text())
    assert decode_pdf_page(pdf, 300) == [qr_text(batch[299])]


def test_pages_are_always_compressed_without_ascii85(monkeypatch):
    """Badge pages are written as binary Flate streams (zlib is compiled), so even a big batch on
    reportlab without its C accelerator (rl-accel, whose ASCII85 would be pure Python) is compressed."""
    import raker.pdf.badge as badge

    def filters(pdf: bytes) -> list:
        return [str(name) for name in [pages_of(pdf)[0]["/Contents"].get_object()["/Filter"]]]

    assert filters(badge_pdf(fake_registrations(1), event=FakeEvent(), qr_text_for=qr_text)) == ["/FlateDecode"]
    monkeypatch.setattr(badge, "_FAST_ASCII85", False)  # reportlab without its C accelerator (rl-accel)
    for layout in LAYOUTS:
        pdf = badge_pdf(
            fake_registrations(badge.COMPRESS_UP_TO + 1), event=FakeEvent(), qr_text_for=qr_text, layout=layout
        )
        assert filters(pdf) == ["/FlateDecode"]


# --- the QR encoder ---------------------------------------------------------------------------------


def matrix_image(matrix, scale=4):
    """The matrix as a picture a phone would see: black modules on white, `scale` pixels each."""
    image = Image.new("L", (len(matrix) * scale, len(matrix) * scale), 255)
    pixels = image.load()
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            if dark:
                for dy in range(scale):
                    for dx in range(scale):
                        pixels[column * scale + dx, row * scale + dy] = 0
    return image


def test_encoded_matrices_decode_back_to_their_text():
    rng = random.Random(5)
    texts = [qr_text(FakeRegistration("", "", "", FakeDelegation(""), new_checkin_code())) for _ in range(30)]
    texts += ["".join(rng.choice(string.printable[:94]) for _ in range(rng.randint(1, 110))) for _ in range(20)]
    texts += ["https://raker.example/e/rakor-2021/daftar?d=Kab-Paser&t=Zx81", "RKR-1", "é Kalimantan", "1" * 20]
    for text in texts:
        matrix = qr.qr_matrix(text)
        assert not any(matrix[0]) and not any(row[0] for row in matrix)  # the quiet zone is light
        results = zxingcpp.read_barcodes(matrix_image(matrix))
        assert [r.text for r in results] == [text], text


def test_check_in_codes_are_small_version_2_codes():
    symbol = qr.encode("RK1:" + new_checkin_code())
    assert symbol.size == 25  # version 2 (≤ 3 as the badge needs): big modules, easy to scan
    assert len(qr.qr_matrix("RK1:" + new_checkin_code())) == 25 + 2 * qr.QUIET_ZONE


def test_qr_image_operators_decode(tmp_path):
    texts = ["RK1:" + new_checkin_code() for _ in range(6)] + ["https://raker.example/" + "y" * 200]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for i, text in enumerate(texts):
        x, y = 40 + (i % 3) * 180, 600 - (i // 3) * 200
        canvas.setFillColorRGB(0.2, 0.3, 0.6)
        canvas.rect(x - 10, y - 10, 170, 170, stroke=0, fill=1)  # a coloured background: the quiet zone stays white
        canvas.addLiteral(qr.qr_image_operators(text, x, y, 150))
    canvas.save()
    assert sorted(decode_qr(render(buffer.getvalue(), 1, tmp_path))) == sorted(texts)


def test_qr_image_puts_every_module_in_its_place(tmp_path):
    """Render a page holding only the code, 4 pt a module at 144 dpi (8 px), and read each module's centre."""
    text = "RK1:" + new_checkin_code()
    matrix = qr.qr_matrix(text)
    size = 4 * len(matrix)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(size, size))
    canvas.setFillColorRGB(1, 0, 0)
    canvas.rect(0, 0, size, size, stroke=0, fill=1)  # red under it: the quiet zone must be painted white
    canvas.addLiteral(qr.qr_image_operators(text, 0, 0, size))
    canvas.save()
    image = render(buffer.getvalue(), 1, tmp_path, dpi=144).convert("L")
    assert image.size == (8 * len(matrix), 8 * len(matrix))
    seen = [
        [image.getpixel((8 * column + 4, 8 * row + 4)) < 128 for column in range(len(matrix))]
        for row in range(len(matrix))
    ]
    assert seen == matrix
    assert {image.getpixel((8 * i + 4, 4)) for i in range(len(matrix))} == {255}  # white, not red (76 in grey)


# --- when and where ----------------------------------------------------------------------------


def word_boxes(pdf: bytes, page: int, tmp_path) -> list[tuple[str, float, float, float, float]]:
    """(word, x0, top, x1, bottom) of each word poppler lays out on a page (1-based), in points from
    the top left, the way a reader's eye finds them (form XObjects included)."""
    import re
    import subprocess

    source = tmp_path / "badges.pdf"
    source.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(source), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(word, float(x0), float(y0), float(x1), float(y1)) for x0, y0, x1, y1, word in re.findall(pattern, html)]


def overlapping(boxes) -> list:
    """Pairs of words whose boxes intersect (a hair of tolerance for touching glyph boxes)."""
    slack = 0.3
    return [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[1] < b[3] - slack and b[1] < a[3] - slack and a[2] < b[4] - slack and b[2] < a[4] - slack
    ]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("with_logo", [False, True])
def test_every_layout_shows_the_dates_and_venue_between_title_and_name(
    meeting, registrations, tmp_path, layout, with_logo
):
    if with_logo:
        add_logo(meeting)
    pdf = badge_pdf(registrations, event=meeting, qr_text_for=qr_text, layout=layout)
    texts = [flat(text) for text in page_texts(pdf)]
    first = registrations[0]
    # On an ID card the dates may go over the venue; elsewhere "9–10 Agustus 2021 · Gedung …, Tana Paser".
    meeting_parts = (
        ["9–10 Agustus 2021", "Gedung Awa Mangkuruku, Tana Paser"]
        if layout == "cr80"
        else ["9–10 Agustus 2021 · Gedung Awa Mangkuruku, Tana Paser"]
    )
    assert_in_order(texts[0], [meeting.title, *meeting_parts, first.full_name, first.position, "Kabupaten Paser"])
    badges_per_page = 4 if layout == "sheet" else 1
    assert all(
        t.count("9–10 Agustus 2021") == min(badges_per_page, len(registrations) - i * badges_per_page)
        for i, t in enumerate(texts)
    )
    for page in range(1, len(texts) + 1):
        boxes = word_boxes(pdf, page, tmp_path)
        assert boxes and overlapping(boxes) == [], (layout, page)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_long_venue_wraps_without_overlapping(meeting, registrations, tmp_path, layout):
    events.update_event(
        meeting,
        {
            "venue": "Ballroom Lantai 3 Hotel Bumi Senyiur, Jalan Pangeran Diponegoro Nomor 17-19",
            "city": "Samarinda",
            "end_date": meeting.start_date,
        },
    )
    pdf = badge_pdf(registrations[:1], event=meeting, qr_text_for=qr_text, layout=layout)
    text = flat(page_texts(pdf)[0])
    assert_in_order(
        text,
        [
            meeting.title,
            "9 Agustus 2021",
            "Ballroom Lantai 3 Hotel Bumi Senyiur, Jalan Pangeran Diponegoro Nomor 17-19, Samarinda",
            registrations[0].full_name,
        ],
    )
    assert overlapping(word_boxes(pdf, 1, tmp_path)) == []


def test_the_city_is_not_repeated_when_the_venue_names_it(meeting, registrations):
    events.update_event(meeting, {"venue": "Pendopo Kabupaten Paser, Tana Paser"})
    text = flat(page_texts(badge_pdf(registrations[:1], event=meeting, qr_text_for=qr_text))[0])
    assert "9–10 Agustus 2021 · Pendopo Kabupaten Paser, Tana Paser" in text and "Tana Paser, Tana Paser" not in text
