"""WCAG 2.1 AA on the pages the public, the delegates and the door staff use: axe-core finds no
serious or critical violation on any of them, on a phone (360 px) and on a laptop (1280 px); status
messages are announced (role=status / aria-live), and the registration form works by keyboard."""

import pytest
from sqlalchemy import select

from tests.browser.axe import assert_accessible
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.signing_in import log_in

pytestmark = [pytest.mark.browser, pytest.mark.rendering]


@pytest.fixture
def meeting(live_server):
    """The demo meeting, a delegate's personal link and an issued certificate's check page."""
    app, base = live_server
    with app.app_context():
        from raker.certificates.services import issue
        from raker.demo import DEMO_PASSWORD
        from raker.extensions import db
        from raker.models import Registration
        from tests.demo_snapshot import seeded_demo

        event = seeded_demo().event
        delegate = db.session.scalars(
            select(Registration).where(Registration.state == "approved").order_by(Registration.id)
        ).all()[5]
        certificates = issue(event)
        return {
            "app": app,
            "base": base,
            "slug": event.slug,
            "token": delegate.token,
            "password": DEMO_PASSWORD,
            "certificate": certificates[0].verify_token if certificates else None,
        }


@pytest.fixture(params=[360, 1280], ids=["phone", "laptop"])
def browser_page(chromium, request):
    width = request.param
    context = chromium.new_context(
        viewport={"width": width, "height": 800}, locale="id-ID", is_mobile=width < 600, has_touch=width < 600
    )
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    yield page
    context.close()


def visit(page, base: str, path: str) -> None:
    response = page.goto(base + path)
    assert response.status == 200, path
    assert_accessible(page, base, path)


def test_public_and_delegate_pages_have_no_serious_violations(meeting, browser_page):
    page, base, slug = browser_page, meeting["base"], meeting["slug"]
    for path in (
        "/",
        f"/events/{slug}",
        f"/events/{slug}/agenda",
        "/auth/login",
        f"/r/{meeting['token']}",
        f"/r/{meeting['token']}/edit",
    ):
        visit(page, base, path)
    assert meeting["certificate"], "the demo meeting issues certificates to its speakers"
    visit(page, base, f"/sertifikat/{meeting['certificate']}")

    page.goto(f"{base}/events/{slug}/agenda")  # a speaker's page, reached as a visitor would
    page.locator("a[href*='/speakers/']").first.click()
    page.wait_for_url("**/speakers/**")
    assert_accessible(page, base, "speaker page")

    # the registration form: empty, with its errors shown, then the done page
    visit(page, base, f"/events/{slug}/register")
    page.get_by_role("button", name="Daftar").click()
    page.get_by_role("alert").filter(has_text="Nama lengkap wajib diisi.").wait_for()  # announced
    assert_accessible(page, base, "registration form with errors")
    page.get_by_label("Delegasi").select_option(label="Kabupaten Berau")
    page.get_by_label("Nama lengkap dengan gelar").fill("Dayang Kartika, S.AP.")
    page.get_by_label("PNS", exact=True).check()
    page.get_by_label("NIP").fill("19900412 201503 2 004")
    page.get_by_label("Pangkat/golongan").select_option("III/b")
    page.get_by_label("Jabatan").fill("Analis Tata Laksana")
    page.get_by_label("Instansi / unit kerja").fill("Bagian Organisasi Setda Kabupaten Berau")
    page.get_by_label("Email").fill("dayang.kartika@berau.raker.example")
    page.get_by_label("Nomor ponsel (WhatsApp)").fill("0813 4567 8901")
    page.get_by_label("Saya setuju").check()
    page.get_by_role("button", name="Daftar").click()
    page.wait_for_url(f"**/events/{slug}/register/done")
    assert_accessible(page, base, "registration done page")
    # the only console line: the form with errors answered 400, as it should
    assert [m for m in page.console_errors if "status of 400" not in m] == []


def test_scanner_page_has_no_serious_violations_and_announces_answers(meeting, chromium):
    base = meeting["base"]
    browser = chromium.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"],
    )
    try:
        page = browser.new_page(viewport={"width": 360, "height": 740}, locale="id-ID", is_mobile=True, has_touch=True)
        log_in(page, base, "petugas@raker.example", meeting["password"])
        page.goto(f"{base}/events/{meeting['slug']}/scanner/")
        assert_accessible(page, base, "scanner before the gate is named")
        page.get_by_label("Nama pintu / meja di perangkat ini").fill("Pintu Utama")
        page.get_by_role("button", name="Simpan").click()
        page.wait_for_selector("#camera-status[data-ready='1']", timeout=30_000)
        assert_accessible(page, base, "scanner with the camera on")
        # the answers a volunteer hears from a screen reader
        assert page.locator("#camera-status").get_attribute("role") == "status"
        assert page.locator("#search-status").get_attribute("role") == "status"
        assert page.locator("#result").get_attribute("role") == "alert"
        page.get_by_role("searchbox", name="Nama atau NIP").fill("Zzqx")
        page.get_by_role("button", name="Cari", exact=True).click()
        page.wait_for_function("() => document.querySelector('#search-status').textContent !== ''")
        assert page.locator("#search-status").inner_text() == "Tidak ada peserta yang cocok."
        assert_accessible(page, base, "scanner with a search message")
    finally:
        browser.close()


def test_keyboard_skip_link_and_focus_order_of_the_registration_form(meeting, browser_page):
    page, base, slug = browser_page, meeting["base"], meeting["slug"]
    page.goto(f"{base}/events/{slug}/register")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0  # shown when focused, not left off-screen
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")  # past the header and its menu

    # Tab walks the form's fields in the order they are shown (a radio group is one stop), each with a ring
    fields = page.evaluate("""() => [...document.querySelectorAll('main form input:not([type=hidden]), main form select, main form textarea, main form button')]
        .filter((el) => el.offsetParent !== null && !el.disabled).map((el) => el.id || el.type)""")
    page.locator("#" + fields[0]).focus()
    seen = []
    for _ in range(len(fields) + 5):
        here = page.evaluate("""() => { const el = document.activeElement;
            const style = getComputedStyle(el);
            return el.closest('main form') ? [el.id || el.type, style.outlineStyle, style.outlineColor] : null; }""")
        if here is None:
            break
        seen.append(here)
        page.keyboard.press("Tab")
    order = [fields.index(name) for name, _, _ in seen]
    assert order == sorted(order)  # never backwards
    radios = {name for name in fields if name.startswith("asn_status-")}
    assert set(fields) - radios <= {name for name, _, _ in seen}  # every other field reached
    assert len(radios & {name for name, _, _ in seen}) == 1  # the group is one stop
    assert all(ring != "none" for _, ring, _ in seen)
    # the ring stands out from the white form and the grey page: 3:1 at least (WCAG 1.4.11)
    assert all(
        contrast(colour, "rgb(255, 255, 255)") >= 3 and contrast(colour, "rgb(244, 247, 249)") >= 3
        for _, _, colour in seen
    ), {colour for _, _, colour in seen}


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(css: str) -> float:
        channels = [int(part) / 255 for part in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
