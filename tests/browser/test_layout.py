"""The width the layout tests read is the styled page's, even when the stylesheet comes late."""

from tests.browser.layout import page_width


def test_a_page_is_measured_with_its_stylesheet_even_when_it_arrives_late(live_server, phone):
    app, base = live_server
    held = []  # the stylesheet's request, kept waiting as on a CI machine under load
    phone.route(lambda url: url.endswith(".css") or ".css?" in url, lambda route: held.append(route))
    phone.goto(f"{base}/verifikasi/tidak-ada", wait_until="commit")
    phone.locator("h1").wait_for(state="attached")
    # A SHA-256 as the verification page prints it: one 64-character word the stylesheet wraps.
    phone.evaluate("document.querySelector('h1').insertAdjacentHTML('afterend', '<p>' + 'a1'.repeat(32) + '</p>')")
    assert phone.evaluate("document.documentElement.scrollWidth") > 360  # unstyled, it does not wrap
    held[0].continue_()
    assert page_width(phone) <= 360
