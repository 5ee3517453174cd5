"""The invitations page's letter settings had tiny unstyled inputs (written without a type): every
text input of a form looks like the others, full width and touch-sized."""

import pytest

from tests.browser.signing_in import log_in

pytestmark = pytest.mark.browser
LOOK = "el => { const s = getComputedStyle(el); return [s.minHeight, s.borderRadius, s.borderTopColor, s.paddingLeft, s.fontSize]; }"


def test_invitation_settings_inputs_look_like_the_other_fields(live_server, chromium):
    app, base = live_server
    with app.app_context():
        from tests.factories import PASSWORD, make_event, make_user

        event = make_event()
        make_user("sekretariat", "sek.undangan@uji.raker.example", event=event)
        slug = event.slug
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    log_in(page, base, "sek.undangan@uji.raker.example", PASSWORD)
    page.goto(f"{base}/admin/events/{slug}/invitations")
    styled = page.locator("#issued_on").evaluate(LOOK)  # a typed input, styled as every form's
    for name in ("number_pattern", "signer_name", "place", "keterangan_name"):
        field = page.locator(f"#letter-settings #{name}")
        assert field.evaluate(LOOK) == styled, name
        assert field.bounding_box()["height"] >= 44  # touch-sized
        label = page.locator(f"#letter-settings label[for={name}]")
        assert abs(field.bounding_box()["width"] - label.evaluate("el => el.parentElement.clientWidth")) < 2, name
    context.close()
