"""In a real browser: the secretariat copies a personal link with the copy button, and goes down the
WhatsApp list, each link marked "sudah dibuka" once clicked and still marked after a reload (kept in
this browser only). wa.me is answered locally: the test machine has no internet."""

import pytest

from tests.browser.layout import page_width
from tests.browser.serving import serving
from tests.browser.signing_in import log_in
from tests.factories import PASSWORD, make_event, make_user, register

pytestmark = pytest.mark.browser


def _sign_in(page, base, email):
    log_in(page, base, email, PASSWORD)


@pytest.fixture
def laptop(chromium, live_server):
    _app, base = live_server
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    opened = []

    def whatsapp(route):
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>WhatsApp</title>")

    context.route("https://wa.me/**", whatsapp)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.opened = opened
    yield page
    context.close()


def test_copy_the_personal_link_and_walk_through_the_whatsapp_list(live_server, laptop):
    app, base = live_server
    with app.app_context():
        from raker.events.services import add_delegation

        event = make_event()
        paser = add_delegation(
            event,
            {
                "name": "Kabupaten Paser",
                "region_code": "64.01",
                "contact_name": "Sri Wahyuni",
                "contact_phone": "0812 5000 1234",
            },
        )
        berau = add_delegation(
            event, {"name": "Kabupaten Berau", "region_code": "64.03", "contact_phone": "0813 5000 5678"}
        )
        add_delegation(event, {"name": "Kota Bontang", "region_code": "64.74"})
        siti = register(event, paser, 1)
        make_user("sekretariat", "sek@uji.raker.example", event=event)
        slug, registration_id, token = event.slug, siti.id, siti.token
        paser_id, berau_id = paser.id, berau.id
        personal = app.config["PUBLIC_BASE_URL"] + f"/r/{token}"

    page = laptop
    _sign_in(page, base, "sek@uji.raker.example")
    page.goto(f"{base}/admin/events/{slug}/registrations/{registration_id}")
    page.get_by_role("button", name="Salin tautan").click()
    page.locator('[data-copy-status="personal-url"]').filter(has_text="Tautan tersalin.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == personal
    assert (
        page.get_by_role("link", name="Kirim lewat WhatsApp")
        .get_attribute("href")
        .startswith("https://wa.me/6281234560001?text=")
    )

    page.goto(f"{base}/admin/events/{slug}/whatsapp")
    progress = page.locator("#wa-progress")
    assert progress.inner_text() == "0 dari 2 sudah dibuka"
    paser_row = page.locator(f'li[data-key="d{paser_id}"]')
    assert not paser_row.locator(".wa-opened").is_visible()
    with page.context.expect_page() as chat:
        page.get_by_role("link", name="Buka WhatsApp: Kabupaten Paser").click()
    chat.value.wait_for_load_state()
    assert chat.value.url.startswith("https://wa.me/6281250001234?text=")
    chat.value.close()
    assert paser_row.locator(".wa-opened").is_visible() and progress.inner_text() == "1 dari 2 sudah dibuka"

    page.get_by_role("button", name="Ke yang belum dibuka").click()
    assert page.evaluate("document.activeElement.closest('li').dataset.key") == f"d{berau_id}"

    page.reload()  # remembered in this browser
    assert page.locator(f'li[data-key="d{paser_id}"] .wa-opened').is_visible()
    assert not page.locator(f'li[data-key="d{berau_id}"] .wa-opened').is_visible()
    assert page.locator("#wa-progress").inner_text() == "1 dari 2 sudah dibuka"
    assert page.locator("li", has_text="Kota Bontang").locator("a").count() == 0  # no number, no link

    page.get_by_role("button", name="Hapus tanda").click()
    assert page.locator("#wa-progress").inner_text() == "0 dari 2 sudah dibuka"
    assert page.console_errors == []


@pytest.fixture
def live_mail_server(app_factory, smtp_server):
    """Like live_server, with mail going to a local SMTP server; yields (app, base_url, mailbox)."""
    mailbox, port = smtp_server
    app = app_factory(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
    with serving(app) as base:
        yield app, base, mailbox


def test_the_done_page_turns_to_sent_when_the_mail_leaves(live_mail_server, phone):
    app, base, mailbox = live_mail_server
    with app.app_context():
        from raker.events.services import add_delegation

        event = make_event()
        add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
        slug = event.slug
    phone.goto(f"{base}/events/{slug}/register?delegasi=64.01")
    phone.get_by_label("Nama lengkap dengan gelar").fill("Siti Rahmah, S.AP.")
    phone.get_by_label("PNS", exact=True).check()
    phone.get_by_label("NIP").fill("19860926 201505 2 001")
    phone.get_by_label("Pangkat/golongan").select_option("III/a")
    phone.get_by_label("Jabatan").fill("Analis Tata Laksana")
    phone.get_by_label("Instansi / unit kerja").fill("Bagian Organisasi Setda Kabupaten Paser")
    phone.get_by_label("Email").fill("siti@uji.raker.example")
    phone.get_by_label("Nomor ponsel (WhatsApp)").fill("+62 812-3456-0001")
    phone.get_by_label("Saya setuju").check()
    phone.get_by_role("button", name="Daftar").click()
    phone.wait_for_url(f"**/events/{slug}/register/done")
    status = phone.get_by_role("status")
    assert "akan dikirim dalam beberapa menit" in status.inner_text()
    with app.app_context():
        from raker.mail import send_pending

        assert send_pending().sent == 1
    # the page asks again by itself (every 5 s) and says it without a reload
    status.get_by_text("sudah dikirim", exact=False).wait_for(timeout=12_000)
    assert "akan dikirim" not in status.inner_text() and len(mailbox.to("siti@uji.raker.example")) == 1
    assert phone.console_errors == []


def test_outbox_and_whatsapp_pages_fit_a_phone(live_server, phone):
    app, base = live_server
    with app.app_context():
        from raker.events.services import add_delegation

        event = make_event()
        paser = add_delegation(
            event,
            {
                "name": "Kabupaten Penajam Paser Utara",
                "region_code": "64.09",
                "contact_name": "Dra. Hj. Siti Nurhaliza Rahmawati, M.Si.",
                "contact_phone": "0812 5000 1234",
            },
        )
        siti = register(event, paser, 1, full_name="Dr. Ir. Muhammad Rahmatullah Syahputra, S.T., M.Eng.")
        make_user("sekretariat", "sek@uji.raker.example", event=event)
        slug, registration_id = event.slug, siti.id
        from raker.extensions import db
        from raker.models import OutboxMessage

        message_id = db.session.query(OutboxMessage.id).scalar()
    _sign_in(phone, base, "sek@uji.raker.example")
    for path in (
        f"/admin/events/{slug}/outbox",
        f"/admin/events/{slug}/outbox/{message_id}",
        f"/admin/events/{slug}/whatsapp",
        f"/admin/events/{slug}/registrations/{registration_id}",
    ):
        phone.goto(base + path)
        assert page_width(phone) <= 360, path
    assert phone.console_errors == []
