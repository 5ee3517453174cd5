"""The secretariat adds a member to the demo's tim perumus on a 360 px phone: typing a name asks the server
(the person picker) instead of scrolling a list of every participant, and the saved team lists them."""

import pytest

from tests.browser.layout import page_width
from tests.browser.signing_in import log_in

pytestmark = pytest.mark.browser


def test_a_new_member_found_by_typing_their_name(live_server, phone):
    app, base = live_server
    with app.app_context():
        from sqlalchemy import select

        from raker.demo import DEMO_PASSWORD
        from raker.extensions import db
        from raker.models import Registration
        from raker.rumusan import services
        from tests.demo_snapshot import seeded_demo

        event = seeded_demo().event
        slug = event.slug
        in_team = {m.registration_id for m in services.team(event)}
        newcomer = next(
            r
            for r in db.session.scalars(
                select(Registration)
                .where(Registration.event_id == event.id, Registration.state == "approved")
                .order_by(Registration.id)
            )
            if r.id not in in_team
        )
        name, members = newcomer.full_name, len(in_team)

    log_in(phone, base, "sekretariat@raker.example", DEMO_PASSWORD)
    phone.goto(f"{base}/admin/events/{slug}/rumusan/team")
    assert phone.locator("#anggota-baru option").count() == 1  # nobody listed until searched
    phone.get_by_label("Cari peserta disetujui (nama, NIP atau email)").fill(name)
    phone.locator(f"#anggota-baru option:has-text('{name}')").wait_for(state="attached")
    assert phone.locator("#anggota-baru").input_value() == str(newcomer.id)  # the one match is chosen
    phone.get_by_role("button", name="Simpan").click()
    phone.wait_for_url(f"**/admin/events/{slug}/rumusan/team")
    assert "Susunan tim perumus disimpan." in phone.locator(".flash").first.inner_text()
    rows = phone.locator("#tim-perumus tbody tr")
    assert rows.count() == members + 2  # the team, the newcomer, and the empty row for the next one
    assert name in phone.locator("#tim-perumus").inner_text()
    assert page_width(phone) <= 360
    assert phone.console_errors == []
