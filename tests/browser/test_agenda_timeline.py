"""The agenda editor's day timeline: a 15-minute session's title was clipped; it now shows whole on
hover and on keyboard focus, and says itself in a title attribute."""

from datetime import UTC, datetime

import pytest

from tests.browser.signing_in import log_in

pytestmark = pytest.mark.browser
TITLE = "Pembacaan Doa dan Menyanyikan Lagu Kebangsaan Indonesia Raya"


def test_a_short_sessions_title_shows_whole_on_focus_and_hover(live_server, chromium):
    app, base = live_server
    with app.app_context():
        from raker.agenda import services as agenda
        from tests.factories import PASSWORD, make_event, make_user

        event = make_event()
        make_user("sekretariat", "sek.timeline@uji.raker.example", event=event)
        day = event.start_date
        at = lambda h, m: datetime(day.year, day.month, day.day, h - 8, m, tzinfo=UTC)  # noqa: E731 WITA
        agenda.create_session(event, {"title": TITLE, "kind": "pembukaan", "starts_at": at(8, 0), "ends_at": at(8, 15)})
        agenda.create_session(
            event, {"title": "Sambutan Gubernur", "kind": "sambutan", "starts_at": at(8, 15), "ends_at": at(9, 0)}
        )
        slug = event.slug
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    log_in(page, base, "sek.timeline@uji.raker.example", PASSWORD)
    page.goto(f"{base}/admin/events/{slug}/agenda/?day={day.isoformat()}")
    link = page.locator(".tl-block .tl-title", has_text="Pembacaan Doa")
    block = page.locator(".tl-block", has=page.locator(".tl-title", has_text="Pembacaan Doa"))
    assert link.get_attribute("title") == TITLE
    assert block.get_attribute("title") == f"08.00–08.15 {TITLE}"
    assert page.get_by_role("link", name=TITLE).count() == 2  # the timeline's and the list's, named in full

    def shown_whole() -> bool:
        box, text = block.bounding_box(), link.bounding_box()
        return text["y"] + text["height"] <= box["y"] + box["height"] + 0.5

    assert not shown_whole()  # three 5-minute slots: too short for the title at rest
    link.focus()
    assert shown_whole()
    page.mouse.move(0, 0)
    link.blur()
    assert not shown_whole()
    block.hover()
    assert shown_whole()
    context.close()
