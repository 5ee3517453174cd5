"""A person on a 360 px phone reads the demo meeting, signs in, and reaches the secretariat pages."""

import os

import pytest

from tests.browser.layout import page_width

pytestmark = pytest.mark.browser
SCREENSHOTS = os.environ.get("RAKER_SCREENSHOTS")


def _fits_the_screen(page) -> None:
    assert page_width(page) <= 360


def _shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def test_demo_meeting_on_a_phone(live_server, phone):
    app, base = live_server
    with app.app_context():
        from raker.demo import DEMO_PASSWORD
        from tests.demo_snapshot import seeded_demo

        event = seeded_demo()
        slug = event.event.slug

    phone.goto(base + "/")
    assert phone.locator("h1").first.inner_text().startswith("Rapat kerja")
    _fits_the_screen(phone)
    _shot(phone, "home-360")
    phone.get_by_role("link", name="Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur").click()
    phone.wait_for_url(f"**/events/{slug}")
    assert "Gedung Awa Mangkuruku, Tanah Grogot" in phone.content()
    # The header's name stays one line beside "Masuk" and the menu (its tagline ran to three lines and
    # pushed "Raker" against the top edge).
    brand = phone.locator(".brand-text").bounding_box()
    header = phone.locator(".site-header").bounding_box()
    assert brand["y"] >= header["y"] + 4 and brand["y"] + brand["height"] <= header["y"] + header["height"] - 4, (
        brand,
        header,
    )
    assert phone.locator("table tbody tr").count() == 12  # province, ten kabupaten/kota, the ministry
    _fits_the_screen(phone)
    _shot(phone, "event-360")

    phone.locator("summary").click()  # the menu is folded on a phone
    phone.get_by_role("link", name="Masuk").click()
    phone.get_by_label("Email").fill("sekretariat@raker.example")
    phone.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    phone.get_by_role("button", name="Masuk").click()
    phone.wait_for_url("**/dashboard")
    assert "Selamat datang" in phone.locator("h1").inner_text()
    phone.locator("summary").click()
    phone.get_by_role("link", name="Kelola rapat").click()
    phone.get_by_role("link", name="Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur").click()
    assert phone.get_by_role("heading", name="Delegasi").is_visible()
    assert phone.get_by_role("link", name="Kabupaten Mahakam Ulu").is_visible()
    _fits_the_screen(phone)
    _shot(phone, "admin-event-360")

    phone.get_by_role("link", name="Laporan", exact=True).click()
    assert phone.get_by_role("heading", name="Laporan pelaksanaan").is_visible()
    _fits_the_screen(phone)
    _shot(phone, "report-360")
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Unduh PDF").click()
    assert download.value.suggested_filename == f"laporan-{slug}.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert phone.console_errors == []  # includes Content-Security-Policy violations


def test_wrong_password_message_in_the_browser(live_server, phone):
    _, base = live_server
    phone.goto(base + "/auth/login")
    phone.get_by_label("Email").fill("siapa@raker.example")
    phone.get_by_label("Kata sandi").fill("salah-salah-salah")
    phone.get_by_role("button", name="Masuk").click()
    assert phone.get_by_text("Email atau kata sandi salah.").is_visible()


def test_language_switch_in_the_browser(live_server, phone):
    _, base = live_server
    phone.goto(base + "/")
    phone.locator("summary").click()
    phone.get_by_role("link", name="EN").click()
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.get_by_role("heading", level=2).first.inner_text() != "Rapat yang diumumkan"
