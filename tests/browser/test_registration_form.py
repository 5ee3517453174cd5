"""A delegate on a 360 px phone fills the public registration form and sees the confirmation."""

import os

import pytest
from sqlalchemy import select

from tests.browser.layout import page_width

pytestmark = pytest.mark.browser


def test_register_on_a_phone(live_server, phone):
    app, base = live_server
    with app.app_context():
        from tests.demo_snapshot import seeded_demo

        slug = seeded_demo().event.slug

    phone.goto(f"{base}/events/{slug}")
    phone.get_by_role("link", name="Daftar sebagai peserta").click()
    phone.wait_for_url(f"**/events/{slug}/register")
    phone.get_by_label("Delegasi").select_option(label="Kabupaten Berau")
    phone.get_by_label("Nama lengkap dengan gelar").fill("Dayang Kartika, S.AP.")
    phone.get_by_label("PNS", exact=True).check()
    phone.get_by_label("NIP").fill("19900412 201503 2 004")
    phone.get_by_label("Pangkat/golongan").select_option("III/b")
    phone.get_by_label("Jabatan").fill("Analis Tata Laksana")
    phone.get_by_label("Instansi / unit kerja").fill("Bagian Organisasi Setda Kabupaten Berau")
    phone.get_by_label("Email").fill("dayang.kartika@berau.raker.example")
    phone.get_by_label("Nomor ponsel (WhatsApp)").fill("0813 4567 8901")
    phone.get_by_label("Saya setuju").check()
    assert page_width(phone) <= 360
    if os.environ.get("RAKER_SCREENSHOTS"):
        phone.screenshot(path=os.path.join(os.environ["RAKER_SCREENSHOTS"], "register-360.png"), full_page=True)
    phone.get_by_role("button", name="Daftar").click()
    phone.wait_for_url(f"**/events/{slug}/register/done")
    assert phone.get_by_role("heading", level=1).inner_text() == "Formulir pendaftaran sudah masuk"
    assert "tautan pribadi" in phone.content()  # the same page as for a NIP already registered
    if os.environ.get("RAKER_SCREENSHOTS"):
        phone.screenshot(path=os.path.join(os.environ["RAKER_SCREENSHOTS"], "register-done-360.png"), full_page=True)
    assert phone.console_errors == []
    with app.app_context():
        from raker.extensions import db
        from raker.models import Registration

        stored = db.session.scalar(
            select(Registration).where(Registration.email == "dayang.kartika@berau.raker.example")
        )
        assert stored.nip == "199004122015032004" and stored.phone == "+6281345678901" and stored.state == "pending"


def test_non_asn_hides_nip_and_errors_show_in_indonesian(live_server, phone):
    app, base = live_server
    with app.app_context():
        from tests.demo_snapshot import seeded_demo

        slug = seeded_demo().event.slug
    phone.goto(f"{base}/events/{slug}/register")
    assert phone.get_by_label("NIP").is_visible()
    phone.get_by_label("Non-ASN").check()
    assert not phone.get_by_label("NIP").is_visible()  # only PNS/PPPK have a NIP
    phone.get_by_role("button", name="Daftar").click()
    assert phone.get_by_text("Nama lengkap wajib diisi.").is_visible()
    assert phone.get_by_text("Pilih delegasi yang terdaftar pada rapat ini.").is_visible()


def test_pppk_is_offered_golongan_not_pns_pangkat(live_server, phone):
    """Issue 12 item 9: the rank list follows the employment status (Perpres No. 98/2020 for PPPK)."""
    app, base = live_server
    with app.app_context():
        from tests.demo_snapshot import seeded_demo

        slug = seeded_demo().event.slug
    phone.goto(f"{base}/events/{slug}/register")
    rank = phone.get_by_label("Pangkat/golongan")

    def offered():
        return phone.evaluate("""() => [...document.querySelectorAll('select[name="rank"] option')]
            .filter(o => o.value && !o.disabled && !o.parentElement.disabled && !o.parentElement.hidden)
            .map(o => o.value)""")

    assert offered()[:2] == ["I/a", "I/b"] and "IX" not in offered()  # PNS by default
    rank.select_option("III/b")
    phone.get_by_label("PPPK").check()
    assert offered() == [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
        "X",
        "XI",
        "XII",
        "XIII",
        "XIV",
        "XV",
        "XVI",
        "XVII",
    ]
    assert rank.input_value() == ""  # the PNS pangkat chosen before is not kept for a PPPK
    rank.select_option(label="Golongan IX")
    assert rank.input_value() == "IX"
    phone.get_by_label("PNS", exact=True).check()
    assert "IX" not in offered() and rank.input_value() == ""
    assert phone.console_errors == []
