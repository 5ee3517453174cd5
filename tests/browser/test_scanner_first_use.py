"""The scanner as a volunteer meets it at 7 a.m. on a small phone: the gate name asked first (the
camera waits for it and the page says why), a refused camera explained with the way to allow it,
a large manual-search button, installable from the home screen, and nothing too small or too wide
at 320 px."""

from contextlib import contextmanager

import pytest

from tests.browser.axe import assert_accessible
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.test_scanner import WIDTH, demo, fits_the_screen, login, scanner_server, set_gate  # noqa: F401

pytestmark = pytest.mark.browser

# Counts the page's camera requests, so "the camera waits for the gate" is checked, not assumed.
COUNT_CAMERA_CALLS = """
window.__cameraCalls = 0;
if (navigator.mediaDevices) {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (constraints) => { window.__cameraCalls += 1; return original(constraints); };
}
"""


@contextmanager
def small_phone(chromium, *, camera_allowed: bool):
    """A 320 px touch phone with Chromium's fake camera; the permission granted (as a volunteer who
    tapped Izinkan) or refused (no grant: headless Chromium answers the prompt with a refusal)."""
    args = [*CHROMIUM_ARGS, "--use-fake-device-for-media-stream"]
    if camera_allowed:
        args.append("--use-fake-ui-for-media-stream")
    browser = chromium.browser_type.launch(executable_path=CHROMIUM, headless=True, args=args)
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 640},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
        permissions=[],
    )
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda error: page.console_errors.append(f"pageerror: {error}"))
    page.add_init_script(COUNT_CAMERA_CALLS)
    try:
        yield page
    finally:
        context.close()
        browser.close()


def open_scanner(page, demo) -> None:  # noqa: F811
    login(page, demo["base"], demo["password"])
    page.goto(f"{demo['base']}/events/{demo['slug']}/scanner/")


def test_gate_name_is_asked_first_and_the_camera_waits_for_it(demo, chromium):  # noqa: F811
    with small_phone(chromium, camera_allowed=True) as page:
        open_scanner(page, demo)
        gate = page.get_by_label("Nama pintu / meja di perangkat ini")
        gate.wait_for(state="visible")  # shown once the page has looked for a saved gate name
        assert page.evaluate("document.activeElement.id") == "gate-input"  # the first thing to fill
        status = page.locator("#camera-status")
        assert status.inner_text() == ("Isi nama pintu atau meja di atas dahulu; kamera menyala setelah nama disimpan.")
        assert page.locator("#camera-waiting").is_visible()
        assert "Kamera menyala setelah nama pintu atau meja disimpan." in page.locator("#camera-box").inner_text()
        # why, read out with the field (aria-describedby)
        assert "agar sekretariat tahu di pintu atau meja mana" in page.locator("#gate-why").inner_text()
        assert gate.get_attribute("aria-describedby") == "gate-why"
        page.wait_for_timeout(500)
        assert page.evaluate("window.__cameraCalls") == 0  # no camera before the gate is named

        set_gate(page, "Pintu Utama")
        page.wait_for_selector("#camera-status[data-ready='1']", timeout=30_000)
        assert status.inner_text() == "Arahkan kamera ke kode QR pada tanda peserta."
        assert page.locator("#camera-waiting").is_hidden()
        assert page.evaluate("window.__cameraCalls") == 1
        assert page.locator("#camera-help").is_hidden()
        assert page.console_errors == []


def test_a_refused_camera_says_how_to_allow_it(demo, chromium):  # noqa: F811
    with small_phone(chromium, camera_allowed=False) as page:
        open_scanner(page, demo)
        set_gate(page, "Meja 2")
        status = page.locator("#camera-status")
        page.wait_for_function(
            "() => document.querySelector('#camera-status').textContent.startsWith('Akses kamera ditolak')",
            timeout=30_000,
        )
        assert "gunakan pencarian nama atau NIP" in status.inner_text()
        help_box = page.locator("#camera-help")
        assert help_box.is_visible()
        steps = help_box.inner_text()
        assert "Chrome di Android" in steps
        assert steps.index("ikon gembok") < steps.index("Pilih Izin, lalu Kamera") < steps.index("Pilih Izinkan")
        assert page.get_by_role("link", name="Muat ulang halaman").is_visible()
        # the way on without a camera: the big search button puts the cursor in the search field
        page.get_by_role("link", name="Cari nama atau NIP").click()
        assert page.evaluate("document.activeElement.id") == "search-input"
        fits_the_screen(page)


def test_at_320_px_nothing_is_too_wide_or_too_small_to_tap(demo, chromium):  # noqa: F811
    with small_phone(chromium, camera_allowed=True) as page:
        open_scanner(page, demo)
        fits_the_screen(page)
        set_gate(page, "Pintu Utama Gedung Awa Mangkuruku Sebelah Timur")
        page.wait_for_selector("#camera-status[data-ready='1']", timeout=30_000)
        fits_the_screen(page)
        big = page.locator("#manual-jump").bounding_box()
        assert big["height"] >= 56 and big["width"] >= WIDTH * 0.8  # a thumb finds it without looking
        small = page.evaluate("""() => [...document.querySelectorAll('.scanner button, .scanner a.button, .scanner input')]
            .filter((el) => el.offsetParent !== null)
            .map((el) => ({ id: el.id || el.textContent.trim(), h: el.getBoundingClientRect().height,
                            w: el.getBoundingClientRect().width }))
            .filter((box) => box.h < 44 || box.w < 44)""")
        assert small == []
        # installable: the page names its manifest, which the browser can read
        manifest = page.evaluate("""async () => {
            const link = document.querySelector('link[rel=manifest]');
            const response = await fetch(link.href, { credentials: 'omit' });
            return { type: response.headers.get('content-type'), body: await response.json() };
        }""")
        assert manifest["type"] == "application/manifest+json"
        assert manifest["body"]["start_url"] == f"/events/{demo['slug']}/scanner/"
        assert manifest["body"]["display"] == "standalone"
        assert page.console_errors == []


def test_keyboard_closes_the_answer_and_the_signature_sheet_takes_the_focus(demo, chromium, tmp_path):  # noqa: F811
    from tests.browser.fake_camera import qr_camera
    from tests.browser.test_scanner import phone_with_camera, wait_result

    person = demo["people"][2]
    with phone_with_camera(chromium, qr_camera(tmp_path / "badge.y4m", person["qr"])) as page:
        open_scanner(page, demo)
        set_gate(page, "Pintu Utama")
        wait_result(page, "ok")
        page.keyboard.press("Escape")
        assert page.locator("#result").is_hidden()  # at once, not after its 2 s
        # the green answer as it was shown (axe needs more than its 2 s on screen)
        page.evaluate("() => { document.getElementById('result').hidden = false; }")
        assert_accessible(page, demo["base"], "scanner's green answer")
        page.evaluate("() => { document.getElementById('result').hidden = true; }")
        page.locator("#last-sign").focus()
        page.keyboard.press("Enter")
        assert page.locator("#signature").is_visible()
        assert page.evaluate("document.activeElement.id") == "signature-title"  # the dialog has the focus
        assert_accessible(page, demo["base"], "signature sheet")
        page.keyboard.press("Escape")
        assert page.locator("#signature").is_hidden()
        assert page.evaluate("document.activeElement.id") == "last-sign"  # and gives it back
        assert page.console_errors == []
