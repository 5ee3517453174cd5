"""The secretariat adds a driver to the demo committee on a 360 px phone: the page fits the screen,
breaks no Content-Security-Policy rule (the kartu colours are colour inputs, not inline styles), and
the new member is listed with the PENGEMUDI band."""

import pytest

from tests.browser.layout import page_width
from tests.browser.signing_in import log_in

pytestmark = pytest.mark.browser


def test_add_a_driver_on_a_phone(live_server, phone):
    app, base = live_server
    with app.app_context():
        from raker.demo import DEMO_PASSWORD
        from tests.demo_snapshot import seeded_demo

        slug = seeded_demo().event.slug

    log_in(phone, base, "sekretariat@raker.example", DEMO_PASSWORD)
    phone.goto(f"{base}/admin/events/{slug}/panitia/")
    assert phone.get_by_role("heading", name="Panitia, kartu panitia dan SK").is_visible()
    assert phone.locator("#panitia tbody tr").count() == 14  # the demo's committee
    assert page_width(phone) <= 360
    phone.locator("#tambah summary").click()
    phone.get_by_label("Nama lengkap dengan gelar").fill("Slamet Riyadi")
    phone.get_by_label("Kedudukan dalam panitia").select_option("pengemudi")
    phone.get_by_label("Jabatan", exact=True).fill("Pengemudi")
    phone.get_by_role("button", name="Tambah", exact=True).click()
    phone.wait_for_url(f"**/admin/events/{slug}/panitia/")
    row = phone.locator("#panitia tbody tr", has_text="Slamet Riyadi")
    assert "PENGEMUDI" in row.inner_text()
    assert phone.locator("#panitia tbody tr").count() == 15
    assert phone.console_errors == []  # includes Content-Security-Policy violations
