"""Three browsers at once, as in the hall: the pimpinan's console on a laptop, the projector, and a
delegate's phone. A request to speak from the phone appears on the console and the projector within
seconds (polling once a second), a decision clears the projector, and nothing breaks the CSP."""
import pytest

pytestmark = pytest.mark.browser


def _world(app):
    with app.app_context():
        from raker.checkin import services as checkin
        from raker.checkin.services import ScanInput
        from raker.events.services import add_delegation
        from raker.registration import services as registration
        from raker.rumusan import services as rumusan
        from tests.factories import make_event, make_user, register

        event = make_event()
        people = []
        for index, (name, code) in enumerate((("Kabupaten Paser", "64.01"), ("Kota Samarinda", "64.72"))):
            delegation = add_delegation(event, {"name": name, "region_code": code})
            person = register(event, delegation, index + 1)
            registration.change_state(person, "approved")
            checkin.redeem(event, ScanInput(code="RK1:" + person.checkin_code, gate="Pleno"))
            people.append(person)
        topic = rumusan.add_topic(rumusan.get_or_create(event), "Kelembagaan")
        rumusan.add_item(topic, "Evaluasi kelembagaan perangkat daerah dilakukan setiap tahun.")
        make_user("sekretariat", "pimpinan@uji.raker.example", name="Pimpinan Sidang")
        return event.slug, people[0].token, people[0].full_name


def test_phone_console_and_projector_follow_each_other(live_server, chromium, phone):
    from tests.factories import PASSWORD

    app, base = live_server
    slug, token, name = _world(app)
    laptop = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID").new_page()
    screen = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="id-ID").new_page()
    errors = []
    for page in (laptop, screen, phone):
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    laptop.goto(base + "/auth/login")
    laptop.get_by_label("Email").fill("pimpinan@uji.raker.example")
    laptop.get_by_label("Kata sandi").fill(PASSWORD)
    laptop.get_by_role("button", name="Masuk").click()
    laptop.wait_for_url("**/dashboard")
    laptop.goto(f"{base}/admin/events/{slug}/pleno/")
    screen.goto(f"{base}/events/{slug}/pleno/layar")
    assert "Belum ada butir" in screen.locator('[data-live="item"]').text_content()

    laptop.get_by_label("Butir yang dibahas").select_option(label="A.1 — Evaluasi kelembagaan perangkat daerah dilakukan setiap tahun.")
    laptop.get_by_role("button", name="Tampilkan").click()
    screen.locator('[data-live="item"] .live-number', has_text="A.1").wait_for(timeout=5000)

    phone.goto(f"{base}/r/{token}/pleno")
    assert "A.1" in phone.locator('[data-live="item"]').inner_text()
    phone.get_by_role("button", name="Minta bicara").click()
    phone.locator(".flash", has_text="Anda masuk daftar pembicara").wait_for()
    screen.locator('[data-live="waiting"] li', has_text=name).wait_for(timeout=5000)
    laptop.locator('[data-live="waiting"] li', has_text=name).wait_for(timeout=5000)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    laptop.reload()
    laptop.get_by_role("button", name="Beri waktu ke berikutnya").click()
    screen.locator('[data-live="speaking"] .live-speaker', has_text=name).wait_for(timeout=5000)
    assert ":" in screen.locator(".live-timer").inner_text()  # the countdown runs on the projector

    laptop.get_by_label("disepakati", exact=True).check()
    laptop.get_by_role("button", name="Catat keputusan").click()
    laptop.locator(".flash", has_text="Keputusan dicatat").wait_for()
    screen.locator('[data-live="item"]', has_text="Belum ada butir").wait_for(timeout=5000)
    assert errors == []  # includes Content-Security-Policy violations
