"""On a laptop the main menu is shown without opening it; on a phone it folds."""

import pytest

pytestmark = pytest.mark.browser


def test_menu_visible_on_a_laptop_and_folded_on_a_phone(live_server, chromium):
    _, base = live_server
    laptop = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = laptop.new_page()
    page.goto(base + "/")
    assert page.get_by_role("link", name="Masuk").is_visible()
    laptop.close()
    phone = chromium.new_context(viewport={"width": 360, "height": 740})
    page = phone.new_page()
    page.goto(base + "/")
    assert not page.locator("nav.nav").is_visible()  # the menu is folded
    # ... but a visitor sees "Masuk" without opening it (it was only behind ☰ Menu).
    assert page.get_by_role("link", name="Masuk").is_visible()
    page.locator("summary").click()
    assert page.locator("nav.nav").is_visible()
    page.get_by_role("link", name="Masuk").click()
    page.wait_for_url("**/auth/login")
    phone.close()
