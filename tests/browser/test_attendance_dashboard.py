"""The attendance dashboard's live refresh in Chromium, under the app's Content-Security-Policy: who of a
delegation has not arrived is redrawn from live.json every 10 seconds, the first 10 names with "… dan N
lainnya", and the WhatsApp reminder stays a link to the reminder route (which names them all)."""

import pytest
from playwright.sync_api import expect

from tests.browser.signing_in import log_in
from tests.factories import PASSWORD, make_event, make_user, register

pytestmark = pytest.mark.browser


def _names(numbers) -> str:
    return ", ".join(f"Peserta Uji {n:02d}" for n in numbers)


def test_the_live_refresh_redraws_who_has_not_arrived(live_server, phone):
    app, base = live_server
    with app.app_context():
        from raker.checkin.codes import qr_text
        from raker.events.services import add_delegation
        from raker.registration import services as registrations

        event = make_event()
        paser = add_delegation(
            event, {"name": "Kabupaten Paser", "contact_name": "Sri Wahyuni", "contact_phone": "0812 5000 1234"}
        )
        people = []
        for n in range(1, 14):
            person = register(event, paser, n, full_name=f"Peserta Uji {n:02d}")
            registrations.change_state(person, "approved")
            people.append(qr_text(person))
        make_user("sekretariat", event=event)
        slug, paser_id = event.slug, paser.id
    phone.clock.install()  # the 10-second refresh run on at once, not waited for
    log_in(phone, base, "sekretariat@uji.raker.example", PASSWORD)
    phone.goto(f"{base}/admin/events/{slug}/attendance/")
    row = phone.locator(f'tr[data-delegation="{paser_id}"]')
    missing = row.locator('[data-field="missing"]')
    expect(missing).to_have_text(_names(range(1, 11)) + " … dan 3 lainnya")
    reminder = row.locator('[data-field="reminder"]')
    expect(reminder).to_be_visible()
    assert f"/attendance/ingatkan/{paser_id}?day=" in reminder.get_attribute("href")
    # Every hour on the arrivals chart's axis is read whole, the first and the last as well.
    labels = phone.evaluate(
        """() => [...document.querySelectorAll('#arrivals-chart .bar-label')].map(t => {
             const box = t.getBBox(); return [t.textContent, box.x, box.x + box.width]; })"""
    )
    assert labels and all(left >= 0 and right <= 600 for _, left, right in labels), labels

    with app.app_context():
        from raker.checkin.services import ScanInput, redeem
        from raker.events.services import event_by_slug

        event = event_by_slug(slug)
        for code in people[:2]:
            assert redeem(event, ScanInput(code=code, gate="Pintu Utama"))["status"] == "ok"
    phone.clock.run_for(10_500)
    expect(phone.locator("#present-today")).to_have_text("2")
    expect(missing).to_have_text(_names(range(3, 13)) + " … dan 1 lainnya")
    expect(reminder).to_be_visible()

    with app.app_context():
        event = event_by_slug(slug)
        for code in people[2:]:
            assert redeem(event, ScanInput(code=code, gate="Pintu Utama"))["status"] == "ok"
    phone.clock.run_for(10_500)
    expect(phone.locator("#present-today")).to_have_text("13")
    expect(missing).to_have_text("—")
    expect(reminder).to_be_hidden()
    assert phone.console_errors == []
