"""Two people edit the same notulen: the second one to save sees both versions part by part (side by
side on a laptop, one after the other on a phone, words marked), picks "pakai milik saya" or "pakai yang
tersimpan" per part, and saves the merge as a new revision; also without JavaScript."""

import os
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests.browser.axe import assert_accessible
from tests.browser.layout import page_width
from tests.browser.signing_in import log_in

pytestmark = pytest.mark.browser
SCREENSHOTS = os.environ.get("RAKER_SCREENSHOTS")


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"minutes-{name}.png"), full_page=True)


def content(**overrides) -> dict:
    base = {
        "leader": "Drs. Budi Santoso, M.Si.",
        "attendance_note": "3 orang (daftar hadir terlampir)",
        "opening": "Rapat dibuka pukul 09.00 WITA oleh moderator.",
        "discussion": ["Inovasi pelayanan publik."],
        "qa": [],
        "conclusions": ["Setiap perangkat daerah mengusulkan satu inovasi."],
        "closing": "Rapat ditutup pukul 10.30 WITA.",
    }
    return {**base, **overrides}


@pytest.fixture
def two_editors(live_server):
    app, base = live_server
    with app.app_context():
        from raker.agenda import services as agenda
        from raker.minutes import services
        from tests.factories import PASSWORD, make_event, make_user

        event = make_event(start_date=date(2021, 8, 9))
        session = agenda.create_session(
            event,
            {
                "title": "Paparan Inovasi Pelayanan Publik",
                "kind": "paparan",
                "starts_at": datetime(2021, 8, 9, 1, tzinfo=UTC),
                "ends_at": datetime(2021, 8, 9, 2, 30, tzinfo=UTC),
            },
        )
        notulis = make_user("notulis", "notulis@uji.raker.example", name="Siti Aminah", event=event)
        agenda.add_person(session, {"role": "notulis", "name": "Siti Aminah", "user_id": notulis.id})
        make_user("sekretariat", "sekretariat@uji.raker.example", name="Rahmawati", event=event)
        minutes = services.get_or_create(session)
        services.save(minutes, content(), by=notulis, base_revision=0)
        ids = {"session": session.id, "minutes": minutes.id, "notulis": notulis.id}
        url = f"{base}/admin/events/{event.slug}/minutes/sessions/{session.id}"

    def save_as_notulis(**changes):
        with app.app_context():
            from raker.extensions import db
            from raker.minutes import services
            from raker.models import Minutes, User

            minutes = db.session.get(Minutes, ids["minutes"])
            services.save(
                minutes, content(**changes), by=db.session.get(User, ids["notulis"]), base_revision=minutes.revision
            )

    def stored():
        with app.app_context():
            from raker.extensions import db
            from raker.models import Minutes

            minutes = db.session.scalar(select(Minutes).where(Minutes.id == ids["minutes"]))
            return minutes.revision, minutes.content

    return {"base": base, "url": url, "password": PASSWORD, "save_as_notulis": save_as_notulis, "stored": stored}


def sign_in(page, base, password):
    log_in(page, base, "sekretariat@uji.raker.example", password)


def meet_the_conflict(page, world):
    sign_in(page, world["base"], world["password"])
    page.goto(world["url"])  # opened at revision 1
    world["save_as_notulis"](
        opening="Rapat dibuka pukul 09.00 WITA oleh Sekretaris Daerah.", closing="Rapat ditutup pukul 10.45 WITA."
    )  # revision 2, meanwhile
    page.locator("#opening").fill("Rapat dibuka pukul 09.05 WITA oleh moderator.")
    page.locator("#closing").fill("Rapat ditutup pukul 11.00 WITA dengan doa.")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_selector("#conflict-form")
    assert "@@" not in page.content() and "+++" not in page.content()  # no raw unified diff
    parts = page.locator(".conflict-part")
    assert [parts.nth(i).locator("legend").inner_text() for i in range(parts.count())] == [
        "Kata pembukaan",
        "Penutupan",
    ]  # only the parts that differ, in the editor's order
    opening = page.locator("[data-part=opening]")
    assert opening.locator(".conflict-mine ins").all_inner_texts() == ["09.05", "moderator."]
    assert opening.locator(".conflict-stored del").all_inner_texts() == ["09.00", "Sekretaris Daerah."]
    assert opening.locator(".conflict-stored").inner_text().startswith("Tersimpan (revisi 2, oleh Siti Aminah)")
    return opening


def choose_and_save(page, world):
    page.locator("[data-part=opening]").get_by_label("Pakai yang tersimpan").check()
    page.locator("[data-part=closing]").get_by_label("Pakai milik saya").check()
    page.get_by_role("button", name="Simpan pilihan sebagai revisi baru").click()
    page.wait_for_url(world["url"])
    assert page.get_by_role("status").filter(has_text="Versi gabungan disimpan (revisi 3).").is_visible()  # announced
    revision, saved = world["stored"]()
    assert revision == 3
    assert saved["opening"] == "Rapat dibuka pukul 09.00 WITA oleh Sekretaris Daerah."  # theirs, as chosen
    assert saved["closing"] == "Rapat ditutup pukul 11.00 WITA dengan doa."  # mine, as chosen
    assert page.locator("#opening").input_value() == saved["opening"]


def test_conflict_side_by_side_on_a_laptop(two_editors, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    try:
        opening = meet_the_conflict(page, two_editors)
        mine, stored = (opening.locator(sel).bounding_box() for sel in (".conflict-mine", ".conflict-stored"))
        assert mine["y"] == stored["y"] and mine["x"] + mine["width"] <= stored["x"]  # side by side
        assert_accessible(page, two_editors["base"], "notulen conflict at 1280 px")
        shot(page, "conflict-1280")
        choose_and_save(page, two_editors)
    finally:
        context.close()


def test_conflict_one_after_the_other_on_a_phone_without_javascript(two_editors, chromium):
    context = chromium.new_context(
        viewport={"width": 360, "height": 740},
        locale="id-ID",
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    page = context.new_page()
    try:
        opening = meet_the_conflict(page, two_editors)
        mine, stored = (opening.locator(sel).bounding_box() for sel in (".conflict-mine", ".conflict-stored"))
        assert stored["y"] >= mine["y"] + mine["height"]  # one after the other
        assert page_width(page) <= 360
        shot(page, "conflict-360")
        choose_and_save(page, two_editors)
    finally:
        context.close()
