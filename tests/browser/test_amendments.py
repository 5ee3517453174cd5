"""A live amendment in the hall (issue 14): a delegate proposes a new wording of the item on the screens from
their phone; the pimpinan's console shows it as a word diff, the projector marks the changes (ins/del)
within seconds; accepting changes the item everywhere and clears the proposal; nothing breaks the CSP."""

import pytest

from tests.browser.layout import page_width
from tests.browser.signing_in import log_in
from tests.browser.test_pleno import _world

pytestmark = pytest.mark.browser

OLD = "Evaluasi kelembagaan perangkat daerah dilakukan setiap tahun."
NEW = "Evaluasi kelembagaan perangkat daerah dilakukan setiap semester dengan pendampingan Biro Organisasi."


def test_an_amendment_from_a_phone_on_the_console_and_the_projector(live_server, chromium, phone):
    from tests.factories import PASSWORD

    app, base = live_server
    slug, tokens, _name = _world(app)
    token = tokens[0]  # a delegate of Kabupaten Paser, checked in today
    laptop = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID").new_page()
    screen = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="id-ID").new_page()
    errors = []
    for page in (laptop, screen, phone):
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    log_in(laptop, base, "pimpinan@uji.raker.example", PASSWORD)
    laptop.goto(f"{base}/admin/events/{slug}/pleno/")
    laptop.get_by_label("Butir yang dibahas").select_option(label=f"A.1 — {OLD}")
    laptop.get_by_role("button", name="Tampilkan").click()
    screen.goto(f"{base}/events/{slug}/pleno/layar")
    screen.locator('[data-live="item"] .live-number', has_text="A.1").wait_for(timeout=5000)
    assert screen.locator('[data-live="amendments"]').is_hidden()

    phone.goto(f"{base}/r/{token}/pleno")
    phone.get_by_label("Bunyi yang diusulkan").fill(NEW)
    phone.get_by_role("button", name="Kirim usulan").click()
    phone.locator(".flash", has_text="Usulan perubahan terkirim").wait_for()
    assert page_width(phone) <= 360

    # the projector marks it without a reload; the console reloads itself (its buttons depend on it)
    screen.locator('[data-live="amendments"] .live-label', has_text="Kabupaten Paser").wait_for(timeout=5000)
    assert screen.locator('[data-live="amendments"] del').all_inner_texts() == ["tahun."]
    assert screen.locator('[data-live="amendments"] ins').all_inner_texts() == [
        "semester dengan pendampingan Biro Organisasi."
    ]
    laptop.locator("#usulan .live-diff ins", has_text="semester").wait_for(timeout=5000)
    assert laptop.locator("#usulan .live-diff del").inner_text() == "tahun."

    laptop.get_by_role("button", name="Terima usulan").click()
    laptop.locator(".flash", has_text="Usulan perubahan diterima").wait_for()
    assert NEW in laptop.locator('[data-live="item"] .live-text').inner_text()
    screen.locator('[data-live="item"] .live-text', has_text="semester").wait_for(timeout=5000)
    screen.locator('[data-live="amendments"]').wait_for(state="hidden", timeout=5000)
    # the phone follows by itself (it reloads when the amendments change: no reload of ours to race with it)
    phone.locator('[data-live="item"] .live-text', has_text="semester").wait_for(timeout=5000)
    assert errors == []  # includes Content-Security-Policy violations


def test_a_change_pushed_while_the_phone_sends_its_amendment_does_not_lose_the_message(live_server, phone):
    """The page the phone leaves hears of its own amendment on the stream before the answer arrives
    (a slow network, a loaded server): it must not reload then, or the reload replaces the answer and
    "Usulan perubahan terkirim" is never shown. The answer is held for 3 s after the server made it."""
    import time

    from playwright.sync_api import Error
    from sqlalchemy import select

    from raker.extensions import db
    from raker.models import Event, RumusanItem
    from raker.sidang import decisions

    app, base = live_server
    slug, tokens, _name = _world(app)
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        decisions.set_current_item(event, db.session.scalar(select(RumusanItem).where(RumusanItem.text == OLD)))
    phone.goto(f"{base}/r/{tokens[0]}/pleno")
    phone.get_by_label("Bunyi yang diusulkan").fill(NEW)

    def hold_the_answer(route):
        answer = route.fetch()  # the server saves the amendment and renders the page after it, with its message
        time.sleep(3)  # meanwhile the stream tells the page being left about the amendment
        try:
            route.fulfill(response=answer)
        except Error:
            pass  # the page reloaded meanwhile: the fault this test is about

    phone.route("**/pleno/usul", hold_the_answer)
    phone.get_by_role("button", name="Kirim usulan").click()
    phone.locator(".flash", has_text="Usulan perubahan terkirim").wait_for(timeout=15000)
    assert phone.console_errors == []
