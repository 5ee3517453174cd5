"""The berita acara signed on a tablet (issue 14.7): the representative of a delegation present today is
chosen, signs on the pad with pointer events (the daftar hadir's pad module), and the signature is stored
once; an empty pad is not sent; nothing breaks the CSP."""

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
        from tests.factories import make_event, make_user, register

        event = make_event()
        delegation = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
        person = register(event, delegation, 1)
        registration.change_state(person, "approved")
        checkin.redeem(event, ScanInput(code="RK1:" + person.checkin_code, gate="Pleno"))
        make_user("sekretariat", "sekretariat.ba@uji.raker.example", name="Sekretariat")
        return event.slug, person.id, person.full_name


def test_a_representative_signs_on_the_tablet(live_server, chromium):
    from tests.factories import PASSWORD

    app, base = live_server
    slug, person_id, name = _world(app)
    context = chromium.new_context(viewport={"width": 800, "height": 1280}, has_touch=True, locale="id-ID")
    tablet = context.new_page()
    errors = []
    tablet.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(tablet, base, "sekretariat.ba@uji.raker.example", PASSWORD)
    tablet.goto(f"{base}/admin/events/{slug}/pleno/tanda-tangan")
    tablet.get_by_label("Wakil delegasi").select_option(str(person_id))
    tablet.get_by_role("button", name="Simpan tanda tangan").click()  # nothing drawn: not sent
    tablet.locator("#ba-sign-status", has_text="Tanda tangan masih kosong.").wait_for()

    pad = tablet.locator("#ba-pad").bounding_box()
    tablet.mouse.move(pad["x"] + 30, pad["y"] + pad["height"] * 0.6)
    tablet.mouse.down()
    for step in range(1, 14):
        tablet.mouse.move(pad["x"] + 30 + step * 30, pad["y"] + pad["height"] * (0.6 - 0.3 * (step % 2)))
    tablet.mouse.up()
    tablet.get_by_role("button", name="Simpan tanda tangan").click()
    tablet.locator(".flash", has_text=f"Tanda tangan {name} untuk Kabupaten Paser disimpan.").wait_for()
    assert f"Ditandatangani {name}" in tablet.locator("table").inner_text()
    assert page_width(tablet) <= 800
    with app.app_context():
        from sqlalchemy import select

        from raker.extensions import db
        from raker.models import BeritaAcaraSignature

        [row] = db.session.scalars(select(BeritaAcaraSignature)).all()
        assert row.registration_id == person_id and row.signature_png[:8] == b"\x89PNG\r\n\x1a\n"
    assert errors == []
    context.close()
