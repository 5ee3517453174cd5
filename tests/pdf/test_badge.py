"""Tanda peserta: one A6 badge per page, a role band in the role's colour, a QR code that scans."""
import pytest
from reportlab.lib.pagesizes import A6

from raker.extensions import db
from raker.models import PARTICIPANT_ROLES, Registration
from raker.pdf.badge import ROLE_COLOURS, ROLE_LABELS, badge_pdf
from raker.events import services as events

from .conftest import add_logo, decode_qr, flat, font_dicts, page_images, page_texts, reader, render


def check_in_code(registration) -> str:
    return f"RKR-{registration.id:05d}-{registration.full_name[:3].upper()}"


@pytest.fixture
def registrations(meeting):
    paser = events.add_delegation(meeting, {"name": "Kabupaten Paser", "region_code": "64.01", "quota": 20})
    people = [
        ("Dr. Hendra Saputra, S.Sos., M.Si.", "Kepala Subbagian Reformasi Birokrasi dan Akuntabilitas Kinerja",
         "peserta"),
        ("Aji Sayid Faturrahman", "Asisten Administrasi Umum Sekretariat Daerah Provinsi Kalimantan Timur",
         "narasumber"),
        ("Andi Baso Daeng Mappatunru Muhammad Syahrul Ramadhan Fadillah", "", "moderator"),
        ("Nur Aisyah", "Pengadministrasi Perkantoran", "panitia"),
        ("Yusuf <b>Hamzah</b> & Co", "Staf <font size=40>", "undangan"),
    ]
    rows = [Registration(event=meeting, delegation=paser, full_name=name, position=position, role=role,
                         asn_status="non_asn", email=f"orang{i}@uji.raker.example", state="approved")
            for i, (name, position, role) in enumerate(people)]
    db.session.add_all(rows)
    db.session.commit()
    return rows


def test_one_a6_page_per_registration_with_name_position_delegation_role(meeting, registrations):
    pdf = badge_pdf(registrations, event=meeting, qr_text_for=check_in_code)
    document = reader(pdf)
    assert len(document.pages) == len(registrations)
    for page, text, registration in zip(document.pages, page_texts(pdf), registrations):
        assert float(page.mediabox.width) == pytest.approx(A6[0], abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(A6[1], abs=0.5)
        text = flat(text)
        for part in (meeting.title, registration.full_name, registration.position, "Kabupaten Paser",
                     ROLE_LABELS[registration.role]):
            assert flat(part) in text


def test_user_text_on_a_badge_is_literal(meeting, registrations):
    text = flat(page_texts(badge_pdf(registrations[-1:], event=meeting, qr_text_for=check_in_code))[0])
    assert "Yusuf <b>Hamzah</b> & Co" in text
    assert "Staf <font size=40>" in text


def test_every_badge_qr_code_scans_to_its_own_text(meeting, registrations, tmp_path):
    pdf = badge_pdf(registrations, event=meeting, qr_text_for=check_in_code)
    for page_number, registration in enumerate(registrations, start=1):
        assert decode_qr(render(pdf, page_number, tmp_path)) == [check_in_code(registration)]


def test_every_role_has_its_own_colour_and_label():
    assert set(ROLE_COLOURS) == set(PARTICIPANT_ROLES) == set(ROLE_LABELS)
    assert len({colour.hexval() for colour in ROLE_COLOURS.values()}) == len(ROLE_COLOURS)
    assert ROLE_LABELS["narasumber"] == "NARASUMBER"


def test_the_band_is_printed_in_the_role_colour(meeting, registrations, tmp_path):
    pdf = badge_pdf(registrations, event=meeting, qr_text_for=check_in_code)
    for page_number, registration in enumerate(registrations, start=1):
        image = render(pdf, page_number, tmp_path, dpi=50)
        width, height = image.size
        expected = ROLE_COLOURS[registration.role]
        pixel = image.getpixel((3, height - 3))  # bottom left corner: band, away from the label
        assert pixel == pytest.approx((expected.red * 255, expected.green * 255, expected.blue * 255), abs=3)


def test_badges_embed_fonts_draw_vector_qr_and_the_logo(meeting, registrations):
    pdf = badge_pdf(registrations[:2], event=meeting, qr_text_for=check_in_code)
    assert page_images(pdf, 1) == []  # no logo, and the QR code is not a picture
    assert all("/FontDescriptor" in f and "/FontFile2" in f["/FontDescriptor"] for f in font_dicts(pdf))
    add_logo(meeting)
    assert len(page_images(badge_pdf(registrations[:2], event=meeting, qr_text_for=check_in_code), 2)) == 1
