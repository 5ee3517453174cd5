"""The participants page's "select all on this page" and the session person picker's type-ahead, in
Chromium under the app's Content-Security-Policy (scripts from static/js, none inline)."""

import pytest

from tests.browser.test_every_page_fits_a_phone import _sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(live_server):
    app, base = live_server
    with app.app_context():
        from sqlalchemy import select

        from raker.extensions import db
        from raker.models import AgendaSession
        from tests.demo_snapshot import seeded_demo

        event = seeded_demo().event
        session_id = db.session.scalar(
            select(AgendaSession.id).where(AgendaSession.event_id == event.id, AgendaSession.kind == "paparan").limit(1)
        )
        return app, base, event.slug, session_id


def test_select_all_on_the_page(demo, phone):
    app, base, slug, _ = demo
    _sign_in(phone, base, "sekretariat@raker.example")
    phone.goto(f"{base}/admin/events/{slug}/participants")
    rows = phone.locator("input[name=ids]")
    assert rows.count() == 50
    everyone = phone.get_by_role("checkbox", name="Pilih semua di halaman ini")
    everyone.check()
    assert phone.locator("input[name=ids]:checked").count() == 50
    rows.first.uncheck()
    assert everyone.evaluate("el => el.indeterminate") and not everyone.is_checked()
    rows.first.check()
    assert everyone.is_checked()
    assert phone.console_errors == []


def test_person_picker_fills_as_one_types(demo, phone):
    app, base, slug, session_id = demo
    with app.app_context():
        from sqlalchemy import select

        from raker.extensions import db
        from raker.models import Registration

        someone = db.session.scalar(
            select(Registration).where(Registration.state == "approved").order_by(Registration.id).limit(1)
        )
        name = someone.full_name
    _sign_in(phone, base, "sekretariat@raker.example")
    phone.goto(f"{base}/admin/events/{slug}/agenda/sessions/{session_id}")
    picker = phone.get_by_label("Peserta terdaftar", exact=True)
    assert picker.locator("option").count() == 1  # nobody listed before a search
    phone.get_by_label("Cari peserta terdaftar (nama, NIP atau email)").press_sequentially(name.split(",")[0][:12])
    picker.locator("option").nth(1).wait_for(state="attached")
    assert name in picker.inner_text()
    assert "peserta ditemukan" in phone.locator("#cari-hasil").inner_text()
    assert phone.url.endswith(f"/sessions/{session_id}")  # no reload: what is typed below stays
    assert phone.console_errors == []
