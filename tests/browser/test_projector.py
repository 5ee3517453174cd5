"""The projector (issue 14.4) on the hall's screen: 16:9 at 1280×720 and 1920×1080 without scrolling, the
quorum line at the bottom inside the screen, an empty speaker list as a plain note (not "1. …")."""

import pytest

from tests.browser.layout import page_width

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
    assert page_width(screen) <= width


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


def _lengthen_current_item(app, words: int, subs: int) -> list[str]:
    """The demo's item under discussion made long, as the tim perumus would in the rumusan editor: a text
    of about `words` words and `subs` more sub-points; the sub-points' marker words, one ending each."""
    from raker.extensions import db
    from raker.models import Event, RumusanItem
    from raker.rumusan import services as rumusan
    from raker.sidang.live import settings_for

    with app.app_context():
        event = db.session.scalars(db.select(Event)).first()
        item = db.session.get(RumusanItem, settings_for(event).current_item_id)
        rumusan.edit_item(
            item, " ".join(["Pemerintah daerah menyusun peta proses bisnis layanan"] * (words // 7)) + " dengan:"
        )
        markers = [f"penanda{words}-{n:02d}" for n in range(subs)]
        for marker in markers:
            text = "Penguatan tata laksana melalui standar operasional prosedur yang dievaluasi tiap tahun " * 3
            rumusan.add_item(item.topic, text + marker, parent=item)
    return markers


def _inside(screen, selector, text):
    """Whether the element holding `text` is wholly inside the visible part of `selector`'s box."""
    return screen.evaluate(
        """([selector, text]) => {
          const box = document.querySelector(selector).getBoundingClientRect();
          const node = [...document.querySelectorAll(selector + ' li, ' + selector + ' p')]
            .find(el => el.textContent.includes(text));
          if (!node) return false;
          const r = node.getBoundingClientRect();
          return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
        }""",
        [selector, text],
    )


def test_a_long_item_gets_smaller_type_and_then_screens_in_turn(live_server, chromium):
    app, base = live_server
    slug = _demo(app)
    context = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="id-ID")
    screen = context.new_page()

    # A few sub-points more than the screen holds at full size: smaller type, all of it on one screen.
    markers = _lengthen_current_item(app, words=28, subs=2)
    screen.goto(f"{base}/events/{slug}/pleno/layar?detik=3")
    fit = float(
        screen.evaluate("getComputedStyle(document.querySelector('.projector-main')).getPropertyValue('--fit')")
    )
    assert 0.7 <= fit < 1
    assert all(_inside(screen, ".projector-main", marker) for marker in markers)
    assert screen.locator("[data-pager]").is_hidden()
    _fits(screen, 1280, 720)

    # Far too long for one screen even in the smallest type: screens in turn, each sub-point on one of them.
    markers = _lengthen_current_item(app, words=140, subs=12)
    screen.goto(f"{base}/events/{slug}/pleno/layar?detik=3")
    pager = screen.locator("[data-pager]")
    assert pager.is_visible()
    first = pager.inner_text()
    assert first.startswith("Layar 1 dari "), first
    count = int(first.rsplit(" ", 1)[1])
    assert count >= 2
    seen = set()
    for page in [*range(2, count + 1), 1]:  # and back to the beginning after the last screen
        seen |= {marker for marker in markers if _inside(screen, ".projector-main", marker)}
        screen.wait_for_function(
            "text => document.querySelector('[data-pager]').textContent === text", arg=f"Layar {page} dari {count}"
        )
    assert seen == set(markers)
    _fits(screen, 1280, 720)
    context.close()
