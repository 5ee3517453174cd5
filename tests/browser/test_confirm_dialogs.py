"""Confirm before consequences (issue 12 item 2), in a real browser: one native <dialog> asks before a
contact cancels a member (who can then be restored), before a check-in is undone (with a reason), before
the agenda is published (saying how many are mailed) and before a delegation is deleted."""

import pytest
from sqlalchemy import select

from raker.extensions import db
from raker.models import CheckIn, Delegation, Registration
from tests.browser.layout import page_width
from tests.browser.signing_in import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(live_server):
    app, base = live_server
    with app.app_context():
        from raker.demo import DEMO_PASSWORD
        from tests.demo_snapshot import seeded_demo

        slug = seeded_demo().event.slug
    return {"app": app, "base": base, "slug": slug, "password": DEMO_PASSWORD}


def login(page, demo, email: str) -> None:
    log_in(page, demo["base"], email, demo["password"])


def state_of(demo, registration_id: int) -> str:
    with demo["app"].app_context():
        return db.session.get(Registration, registration_id).state


def dialog_is_open(page) -> bool:
    return page.evaluate("document.getElementById('confirm-dialog').open")


def test_contact_confirms_a_cancellation_and_restores_it(demo, phone):
    with demo["app"].app_context():
        paser = db.session.scalar(select(Delegation).where(Delegation.region_code == "64.01"))
        member = db.session.scalars(
            select(Registration)
            .where(Registration.delegation_id == paser.id, Registration.state == "approved")
            .order_by(Registration.full_name)
        ).first()
        member = {"id": member.id, "name": member.full_name}
        url = f"{demo['base']}/events/{demo['slug']}/delegations/{paser.id}"
    login(phone, demo, "kontak.paser@raker.example")
    phone.goto(url)
    row = phone.locator("tr", has_text=member["name"])
    row.get_by_role("button", name="Batalkan").click()
    dialog = phone.get_by_role("dialog")
    dialog.wait_for(state="visible")
    assert dialog_is_open(phone)
    assert f"Batalkan pendaftaran {member['name']}?" in dialog.inner_text()
    assert "dapat dipulihkan sampai pendaftaran ditutup" in dialog.inner_text()
    assert phone.evaluate("document.activeElement.id") == "confirm-cancel"  # the safe choice has the focus
    assert page_width(phone) <= 360
    phone.keyboard.press("Escape")  # changed one's mind: nothing happens
    dialog.wait_for(state="hidden")
    assert state_of(demo, member["id"]) == "approved"
    row.get_by_role("button", name="Batalkan").click()
    phone.get_by_role("button", name="Ya, batalkan").click()
    phone.wait_for_selector(".flash-success")
    assert "Masih dapat dipulihkan" in phone.locator(".flash-success").inner_text()
    assert state_of(demo, member["id"]) == "cancelled"
    phone.locator("tr", has_text=member["name"]).get_by_role("button", name="Pulihkan").click()
    phone.wait_for_selector(".flash-success:has-text('dipulihkan')")
    assert state_of(demo, member["id"]) == "pending"  # back through the transition table, to be approved again
    assert phone.console_errors == []


def test_undoing_a_check_in_asks_a_reason(demo, phone):
    from raker.checkin.services import ScanInput, redeem

    with demo["app"].app_context():
        from raker.checkin.codes import qr_text
        from raker.events.services import event_by_slug

        event = event_by_slug(demo["slug"])
        person = db.session.scalars(
            select(Registration).where(
                Registration.event_id == event.id, Registration.state == "approved", Registration.role == "peserta"
            )
        ).first()
        assert redeem(event, ScanInput(code=qr_text(person)))["status"] == "ok"
        checkin_id = db.session.scalar(select(CheckIn.id).where(CheckIn.registration_id == person.id))
        day = db.session.get(CheckIn, checkin_id).day.isoformat()
        name = person.full_name
    login(phone, demo, "sekretariat@raker.example")
    phone.goto(f"{demo['base']}/admin/events/{demo['slug']}/attendance/?day={day}")
    phone.locator("tr", has_text=name).get_by_role("button", name="Batalkan").click()
    dialog = phone.get_by_role("dialog")
    dialog.wait_for(state="visible")
    assert f"Batalkan daftar ulang {name}" in dialog.inner_text()
    assert phone.evaluate("document.activeElement.id") == "confirm-reason"
    phone.get_by_role("button", name="Batalkan daftar ulang").click()  # no reason yet: asked again
    assert phone.get_by_text("Alasan wajib diisi.").is_visible() and dialog_is_open(phone)
    dialog.get_by_label("Alasan pembatalan").fill("Salah pindai, orangnya belum datang")
    phone.get_by_role("button", name="Batalkan daftar ulang").click()
    phone.wait_for_selector(".flash-success")
    with demo["app"].app_context():
        checkin = db.session.get(CheckIn, checkin_id)
        assert checkin.undone_at is not None and checkin.undo_reason == "Salah pindai, orangnya belum datang"
    assert phone.console_errors == []


def test_publishing_says_how_many_are_mailed_and_deleting_a_delegation_asks(demo, phone):
    login(phone, demo, "sekretariat@raker.example")
    with demo["app"].app_context():
        from raker.agenda import services as agenda
        from raker.events.services import event_by_slug

        event = event_by_slug(demo["slug"])
        approved = db.session.query(Registration).filter_by(event_id=event.id, state="approved").count()
        versions = agenda.latest_version(event)
        recipients = agenda.publish_recipients(event)
    phone.goto(f"{demo['base']}/admin/events/{demo['slug']}/agenda/publish")
    if versions is not None and phone.get_by_label("Kirim email perubahan ke peserta").count():
        phone.get_by_label("Kirim email perubahan ke peserta").check()
        phone.get_by_role("button", name="Umumkan").click()
        text = phone.get_by_role("dialog").inner_text()
        assert f"kirim email perubahan ke {approved} peserta?" in text
    else:
        phone.get_by_role("button", name="Umumkan").click()
        text = phone.get_by_role("dialog").inner_text()
        assert "Umumkan susunan acara versi 1?" in text
    assert f"{recipients.speakers} narasumber/moderator menerima email jadwalnya." in text
    phone.get_by_role("button", name="Kembali").click()  # not now: nothing published, nobody mailed
    assert not dialog_is_open(phone)
    with demo["app"].app_context():
        latest = agenda.latest_version(event_by_slug(demo["slug"]))
        assert (latest.number if latest else 0) == (versions.number if versions else 0)

    # A delegation with registrants: asked first, then refused on a page that says why, in Indonesian.
    phone.goto(f"{demo['base']}/admin/events/{demo['slug']}")
    row = phone.locator("tr", has_text="Kabupaten Paser")
    row.get_by_role("button", name="Hapus").click()
    dialog = phone.get_by_role("dialog")
    assert "Hapus delegasi Kabupaten Paser dari rapat ini?" in dialog.inner_text()
    with phone.expect_response(lambda response: "/delete" in response.url) as answer:
        dialog.get_by_role("button", name="Hapus").click()
    assert answer.value.status == 409
    phone.wait_for_load_state()
    heading = phone.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("Kabupaten Paser tidak dapat dihapus karena sudah memiliki")
    assert "Redirecting" not in phone.content()
    phone.get_by_role("link", name="Kembali").click()
    phone.wait_for_url(f"**/admin/events/{demo['slug']}")
    assert [e for e in phone.console_errors if "409" not in e] == []
