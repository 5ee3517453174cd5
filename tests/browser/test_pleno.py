"""Browsers at once, as in the hall: the pimpinan's console on a laptop, the projector, and delegates'
phones. A request to speak from a phone appears on the console and the projector within a second,
pushed by the event stream (the projector never polls state.json while its stream works); a vote from
two phones is counted once each; a decision updates the projector; nothing breaks the CSP."""

import pytest

from tests.browser.layout import page_width
from tests.browser.signing_in import log_in

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
        return event.slug, [p.token for p in people], people[0].full_name


def test_phone_console_and_projector_follow_each_other(live_server, chromium, phone):
    from tests.factories import PASSWORD

    app, base = live_server
    slug, tokens, name = _world(app)
    token = tokens[0]
    laptop = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID").new_page()
    screen = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="id-ID").new_page()
    polls = []
    screen.on("request", lambda request: "state.json" in request.url and polls.append(request.url))
    errors = []
    for page in (laptop, screen, phone):
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    log_in(laptop, base, "pimpinan@uji.raker.example", PASSWORD)
    laptop.goto(f"{base}/admin/events/{slug}/pleno/")
    screen.goto(f"{base}/events/{slug}/pleno/layar")
    assert "Belum ada butir" in screen.locator('[data-live="item"]').text_content()

    laptop.get_by_label("Butir yang dibahas").select_option(
        label="A.1 — Evaluasi kelembagaan perangkat daerah dilakukan setiap tahun."
    )
    laptop.get_by_role("button", name="Tampilkan").click()
    screen.locator('[data-live="item"] .live-number', has_text="A.1").wait_for(timeout=5000)

    phone.goto(f"{base}/r/{token}/pleno")
    assert "A.1" in phone.locator('[data-live="item"]').inner_text()
    phone.get_by_role("button", name="Minta bicara").click()
    phone.locator(".flash", has_text="Anda masuk daftar pembicara").wait_for()
    screen.locator('[data-live="waiting"] li', has_text=name).wait_for(timeout=1000)  # pushed within a second
    laptop.locator('[data-live="waiting"] li', has_text=name).wait_for(timeout=1000)
    assert page_width(phone) <= 360

    laptop.reload()
    laptop.get_by_role("button", name="Beri waktu ke berikutnya").click()
    screen.locator('[data-live="speaking"] .live-speaker', has_text=name).wait_for(timeout=5000)
    assert ":" in screen.locator(".live-timer").inner_text()  # the countdown runs on the projector

    # Consensus fails: a vote by delegation, from two phones, each counted once.
    laptop.reload()
    with laptop.expect_navigation():  # the second counts from the console's answer, the change made
        laptop.get_by_role("button", name="Buka pemungutan suara").click()
    screen.locator('[data-live="vote"]', has_text="0 dari 2 sudah memberi suara").wait_for(timeout=1000)
    other = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, locale="id-ID").new_page()
    other.on("console", lambda message: message.type == "error" and errors.append(message.text))
    # The phone already on its pleno page reloads itself when the vote opens (its form is new): no goto,
    # which would race that reload. The second phone opens the page now.
    phone.get_by_role("button", name="Setuju", exact=True).wait_for(timeout=5000)
    other.goto(f"{base}/r/{tokens[1]}/pleno")
    for page in (phone, other):
        page.get_by_role("button", name="Setuju", exact=True).click()
        page.locator(".flash", has_text="Suara Anda tercatat").wait_for()
    phone.get_by_role("button", name="Tidak setuju").click()  # a second tap, later: refused
    phone.locator(".flash", has_text="sudah diberikan").wait_for()
    screen.locator('[data-live="vote"]', has_text="2 dari 2 sudah memberi suara").wait_for(timeout=1000)
    laptop.reload()
    with laptop.expect_navigation():  # the second counts from the console's answer, the change made
        laptop.get_by_role("button", name="Tutup pemungutan suara").click()
    screen.locator('[data-live="vote"]', has_text="Setuju 2 · Tidak setuju 0 · Abstain 0").wait_for(timeout=1000)

    laptop.get_by_label("diputuskan dengan pemungutan suara").check()
    laptop.get_by_role("button", name="Catat keputusan").click()
    laptop.locator(".flash", has_text="Keputusan dicatat").wait_for()
    screen.locator('[data-live="item"]', has_text="Belum ada butir").wait_for(timeout=1000)
    assert polls == []  # every change came by the event stream
    refused = "the server responded with a status of 409"  # the second vote's answer, shown as a message
    assert [e for e in errors if refused not in e] == []  # includes Content-Security-Policy violations
    from raker.sidang import push

    push.shutdown(app)
