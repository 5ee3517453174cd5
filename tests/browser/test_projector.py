"""The projector (issue 14.4) on the hall's screen: 16:9 at 1280×720 and 1920×1080 without scrolling, the
quorum line at the bottom inside the screen, an empty speaker list as a plain note (not "1. …")."""

import pytest

pytestmark = pytest.mark.browser


def _demo(app):
    with app.app_context():
        from tests.demo_snapshot import seeded_demo

        return seeded_demo().event.slug


def _fits(screen, width, height):
    box = screen.locator('[data-live="quorum"]').bounding_box()
    assert box is not None and box["height"] > 0
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, (width, height, box)
    assert screen.evaluate("document.documentElement.scrollHeight") <= height
    assert screen.evaluate("document.documentElement.scrollWidth") <= width


def test_the_projector_fits_the_screen_and_an_empty_list_is_a_note(live_server, chromium):
    app, base = live_server
    slug = _demo(app)  # the demo's item on the screens, with a delegation's amendment waiting
    for width, height in ((1280, 720), (1920, 1080)):
        context = chromium.new_context(viewport={"width": width, "height": height}, locale="id-ID")
        screen = context.new_page()
        errors = []
        screen.on("console", lambda message: message.type == "error" and errors.append(message.text))
        screen.goto(f"{base}/events/{slug}/pleno/layar")
        assert "Survei kepuasan" in screen.locator('[data-live="item"]').inner_text()
        assert screen.locator('[data-live="amendments"] ins').count() > 0
        waiting = screen.locator('[data-live="waiting"]')
        assert waiting.locator("li").count() == 0
        assert waiting.locator(".live-empty").inner_text() == "Belum ada yang meminta bicara."
        _fits(screen, width, height)
        assert errors == []
        context.close()
