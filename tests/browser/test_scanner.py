"""The door scanner in a real browser: Debian's chromium with a fake camera showing a badge's QR.

One code per browser launch (the fake camera plays one Y4M file), so each test launches its own
browser from the shared Playwright instance. The app runs with CSRF on, as in production.
"""

import io
import json
import os
import re
from contextlib import contextmanager

import pytest
from PIL import Image
from sqlalchemy import func, select

from raker.extensions import db
from raker.models import CheckIn, Registration, Scan
from tests.browser.axe import assert_accessible
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.fake_camera import qr_camera, write_y4m
from tests.browser.layout import page_width
from tests.browser.serving import serving
from tests.browser.signing_in import log_in

pytestmark = pytest.mark.browser

WIDTH = 320  # the smallest phones still in use at the door
CAMERA_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
# What Chromium itself logs when a request fails while we are offline on purpose.
NETWORK_NOISE = re.compile(r"Failed to load resource|net::ERR_INTERNET_DISCONNECTED|status of 503")
SCREENSHOTS = os.environ.get("RAKER_SCREENSHOTS")


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"scanner-{name}.png"))


class Switch:
    """WSGI middleware that can take the site 'down' (503 for everything) to prove that a page
    really came from the service worker's cache."""

    def __init__(self, app):
        self.app = app
        self.down = False

    def __call__(self, environ, start_response):
        if self.down:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain"), ("Retry-After", "5")])
            return [b"down"]
        return self.app(environ, start_response)


@pytest.fixture
def scanner_server(app_factory):
    """The app with CSRF protection on (the page must send X-CSRFToken); yields (app, base_url, switch)."""
    app = app_factory(WTF_CSRF_ENABLED=True)
    switch = Switch(app)
    with serving(app, switch) as base:
        yield app, base, switch


@pytest.fixture
def demo(scanner_server):
    app, base, switch = scanner_server
    with app.app_context():
        from raker.demo import DEMO_PASSWORD
        from tests.demo_snapshot import seeded_demo

        slug = seeded_demo().event.slug
        people = db.session.scalars(
            select(Registration).where(Registration.state == "approved").order_by(Registration.id)
        ).all()
        people = [
            {"id": p.id, "name": p.full_name, "delegation": p.delegation.name, "qr": "RK1:" + p.checkin_code}
            for p in people[4:8]
        ]  # ordinary participants, not the speakers
    return {"app": app, "base": base, "switch": switch, "slug": slug, "password": DEMO_PASSWORD, "people": people}


@contextmanager
def phone_with_camera(chromium, y4m):
    """A new chromium whose camera shows `y4m`, and a 320 px wide touch page collecting problems."""
    browser = chromium.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*CHROMIUM_ARGS, *CAMERA_ARGS, f"--use-file-for-fake-video-capture={y4m}"],
    )
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 640}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="id-ID"
    )
    page = context.new_page()
    page.console_errors = []
    page.requests = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda error: page.console_errors.append(f"pageerror: {error}"))
    page.on("request", lambda request: page.requests.append(request.url))
    try:
        yield page
    finally:
        context.close()
        browser.close()


def login(page, base: str, password: str, email: str = "petugas@raker.example") -> None:
    log_in(page, base, email, password)


def set_gate(page, name: str = "Pintu Utama") -> None:
    page.get_by_label("Nama pintu / meja di perangkat ini").fill(name)
    page.get_by_role("button", name="Simpan").click()


def wait_result(page, status: str, offline: bool = False, timeout: int = 30_000):
    selector = f'#result[data-status="{status}"][data-offline="{1 if offline else 0}"]'
    page.wait_for_selector(selector, state="visible", timeout=timeout)
    return page.locator("#result")


def choose(page, row) -> None:
    """Tap a search result, then confirm the person card (a tap alone checks nobody in)."""
    row.click()
    page.locator("#person-card").wait_for(state="visible")
    page.get_by_role("button", name="Ya, daftar ulang").click()


def fits_the_screen(page) -> None:
    assert page_width(page) <= WIDTH


def only_our_origin(page, base: str) -> None:
    foreign = [url for url in page.requests if not (url.startswith(base) or url.startswith(("data:", "blob:")))]
    assert foreign == []


def draw_signature(page) -> None:
    """A zigzag on the signature pad with pointer events, as a finger would."""
    pad = page.locator("#signature-pad").bounding_box()
    page.mouse.move(pad["x"] + 20, pad["y"] + pad["height"] * 0.6)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(pad["x"] + 20 + step * 22, pad["y"] + pad["height"] * (0.6 - 0.3 * (step % 2)))
    page.mouse.up()


def open_offline(page, demo) -> None:
    """The scanner opened online (bundle and QR decoder loaded), then the network gone."""
    login(page, demo["base"], demo["password"])
    page.goto(f"{demo['base']}/events/{demo['slug']}/scanner/")
    page.wait_for_selector("#bundle-info[data-loaded='1']")
    page.wait_for_selector("#camera-status[data-decoder='ready']")
    page.context.set_offline(True)
    page.wait_for_selector("#net-state[data-online='0']")


def counts(app, registration_id: int) -> tuple[int, list[tuple[str, bool]]]:
    with app.app_context():
        checkins = db.session.scalar(select(func.count(CheckIn.id)).where(CheckIn.registration_id == registration_id))
        scans = db.session.execute(
            select(Scan.result, Scan.offline).where(Scan.registration_id == registration_id).order_by(Scan.id)
        ).all()
        return checkins, [tuple(s) for s in scans]


def test_scan_a_badge_shows_green_and_checks_in_once(demo, chromium, tmp_path):
    person = demo["people"][0]
    y4m = qr_camera(tmp_path / "badge.y4m", person["qr"])
    with phone_with_camera(chromium, y4m) as page:
        login(page, demo["base"], demo["password"])
        page.goto(f"{demo['base']}/events/{demo['slug']}/scanner/")
        assert page.locator("h1").inner_text() == "Daftar ulang"
        fits_the_screen(page)
        set_gate(page, "Pintu Utama")
        result = wait_result(page, "ok")
        assert "result-ok" in result.get_attribute("class")
        assert page.locator("#result-title").inner_text() == "Berhasil daftar ulang"
        assert page.locator("#result-name").inner_text() == person["name"]
        assert person["delegation"] in page.locator("#result-detail").inner_text()
        assert page.locator("#result-offline").is_hidden()
        assert page.locator("#result-sign").is_visible()
        fits_the_screen(page)
        shot(page, "ok")
        # The result goes away by itself; the badge still in front of the camera is not scanned again.
        page.wait_for_selector("#result", state="hidden", timeout=5000)
        page.wait_for_timeout(1500)
        assert page.locator("#result").is_hidden()
        page.wait_for_function("() => Number(document.querySelector('#counter').dataset.present) >= 1")
        assert page.locator("#gate-name").inner_text() == "Pintu Utama"
        assert page.locator("#net-state").inner_text() == "Daring"
        assert page.locator("#last-text").inner_text().startswith(f"Terakhir: {person['name']}")

        checkins, scans = counts(demo["app"], person["id"])
        assert checkins == 1 and scans == [("ok", False)]
        with demo["app"].app_context():
            checkin = db.session.scalar(select(CheckIn).where(CheckIn.registration_id == person["id"]))
            assert (checkin.gate, checkin.method, checkin.offline) == ("Pintu Utama", "qr", False)
            assert checkin.device.startswith("web-")

        # The delegate signs on the phone (pointer events, as a finger would).
        shot(page, "after-ok")
        page.locator("#last-sign").click()
        draw_signature(page)
        shot(page, "signature")
        page.get_by_role("button", name="Simpan").click()
        page.wait_for_selector("#signature", state="hidden")
        assert page.locator("#notice").inner_text() == "Tanda tangan tersimpan."
        with demo["app"].app_context():
            checkin = db.session.scalar(select(CheckIn).where(CheckIn.registration_id == person["id"]))
            assert checkin.signature_png and checkin.signature_png[:8] == b"\x89PNG\r\n\x1a\n"

        only_our_origin(page, demo["base"])
        assert page.console_errors == []  # CSP violations would show up here


def test_manual_search_and_repeat_shows_amber(demo, chromium, tmp_path):
    """No readable badge: search by name, tap to check in; a second tap is amber with time and gate."""
    person = demo["people"][1]
    y4m = qr_camera(tmp_path / "other.y4m", "https://contoh.example/bukan-tanda-peserta")
    with phone_with_camera(chromium, y4m) as page:
        login(page, demo["base"], demo["password"])
        page.goto(f"{demo['base']}/events/{demo['slug']}/scanner/")
        set_gate(page, "Meja 2")
        wait_result(page, "invalid")  # the fake camera's foreign QR: red
        assert "result-bad" in page.locator("#result").get_attribute("class")
        shot(page, "invalid")
        page.locator("#result-close").click()

        surname = person["name"].split(",")[0]
        page.get_by_placeholder("Nama atau NIP").fill(surname)
        page.get_by_role("button", name="Cari", exact=True).click()
        choose(page, page.locator("#search-results button", has_text=person["name"]).first)
        wait_result(page, "ok")
        assert page.locator("#result-name").inner_text() == person["name"]
        page.locator("#result-close").click()

        page.get_by_placeholder("Nama atau NIP").fill(surname)
        page.get_by_role("button", name="Cari", exact=True).click()
        row = page.locator("#search-results button", has_text=person["name"]).first
        shot(page, "search")
        assert "sudah hadir hari ini" in row.inner_text()
        # The role in words, as on the person card: not the stored code "peserta".
        assert " · Peserta" in row.inner_text() and " · peserta" not in row.inner_text()
        choose(page, row)
        result = wait_result(page, "already_checked_in")
        assert "result-already" in result.get_attribute("class")
        message = page.locator("#result-message").inner_text()
        assert re.search(r"Pertama pukul \d\d\.\d\d di Meja 2", message), message
        shot(page, "already")
        checkins, _ = counts(demo["app"], person["id"])
        assert checkins == 1
        fits_the_screen(page)
        only_our_origin(page, demo["base"])
        assert page.console_errors == []


def test_offline_scan_is_queued_and_sent_once(demo, chromium, tmp_path):
    person = demo["people"][2]
    y4m = qr_camera(tmp_path / "offline.y4m", person["qr"])
    with phone_with_camera(chromium, y4m) as page:
        login(page, demo["base"], demo["password"])
        page.goto(f"{demo['base']}/events/{demo['slug']}/scanner/")
        # Online first: the offline bundle and the QR decoder arrive (the camera waits for the gate name).
        page.wait_for_selector("#bundle-info[data-loaded='1']")
        page.wait_for_selector("#camera-status[data-decoder='ready']")
        assert re.match(r"Data luring: \d+ peserta", page.locator("#bundle-info").inner_text())

        page.context.set_offline(True)
        page.wait_for_selector("#net-state[data-online='0']")
        assert page.locator("#net-state").inner_text() == "Luring"
        set_gate(page, "Pintu Samping")
        wait_result(page, "ok", offline=True)
        assert page.locator("#result-name").inner_text() == person["name"]
        assert page.locator("#result-offline").is_visible()
        assert page.locator("#result-sign").is_visible()  # signed now, sent after the scan (not signed here)
        page.wait_for_selector("#queue-count[data-count='1']")
        assert page.locator("#queue-count").inner_text() == "Antrean: 1"
        assert counts(demo["app"], person["id"]) == (0, [])
        fits_the_screen(page)
        shot(page, "offline-ok")

        # Logging out would wipe the queue from the phone: it asks first, and "Batal" keeps it.
        asked = []
        page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
        page.locator("summary").click()
        page.get_by_role("button", name=re.compile("^Keluar")).click()
        assert asked and "Masih ada 1 data daftar ulang" in asked[0]
        assert page.locator("#queue-count").get_attribute("data-count") == "1"
        page.locator("summary").click()

        page.context.set_offline(False)
        page.wait_for_selector("#queue-count[data-count='0']", timeout=30_000)
        page.wait_for_selector("#net-state[data-online='1']")
        assert page.locator("#notice").inner_text() == "1 pindaian luring terkirim."
        page.wait_for_timeout(1000)
        checkins, scans = counts(demo["app"], person["id"])
        assert checkins == 1
        assert scans[0] == ("ok", True)
        assert all(result == "already_checked_in" for result, _ in scans[1:])
        with demo["app"].app_context():
            checkin = db.session.scalar(select(CheckIn).where(CheckIn.registration_id == person["id"]))
            assert checkin.offline and checkin.gate == "Pintu Samping" and not checkin.needs_review
        only_our_origin(page, demo["base"])
        assert [e for e in page.console_errors if not NETWORK_NOISE.search(e)] == []


def test_page_reloads_offline_from_the_service_worker(demo, chromium, tmp_path):
    person = demo["people"][3]
    y4m = qr_camera(tmp_path / "reload.y4m", person["qr"])
    with phone_with_camera(chromium, y4m) as page:
        login(page, demo["base"], demo["password"])
        url = f"{demo['base']}/events/{demo['slug']}/scanner/"
        page.goto(url)
        set_gate(page, "Pintu Utama")
        wait_result(page, "ok")  # checked in online; remembered on the phone
        page.wait_for_selector("#bundle-info[data-loaded='1']")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20_000)
        assert counts(demo["app"], person["id"])[0] == 1

        # The site is down and the phone offline: the page still opens, from the service worker.
        demo["switch"].down = True
        page.context.set_offline(True)
        page.reload()
        assert page.locator("h1").inner_text() == "Daftar ulang"
        assert page.locator("#net-state").inner_text() == "Luring"
        assert page.locator("#gate-name").inner_text() == "Pintu Utama"
        # The decoder (.wasm from the cache) works, and the phone knows this badge was used today.
        result = wait_result(page, "already_checked_in", offline=True)
        assert "result-already" in result.get_attribute("class")
        assert re.search(r"Pertama pukul \d\d\.\d\d di Pintu Utama", page.locator("#result-message").inner_text())
        page.wait_for_selector("#queue-count[data-count='1']")

        demo["switch"].down = False
        page.context.set_offline(False)
        page.wait_for_selector("#queue-count[data-count='0']", timeout=30_000)
        checkins, scans = counts(demo["app"], person["id"])
        assert checkins == 1
        assert ("already_checked_in", True) in scans and scans[0] == ("ok", False)
        only_our_origin(page, demo["base"])
        assert [e for e in page.console_errors if not NETWORK_NOISE.search(e)] == []


def test_offline_knows_who_another_gate_already_checked_in(demo, chromium, tmp_path):
    """The bundle carries earlier check-ins: offline, a badge used at another gate shows amber."""
    person = demo["people"][3]
    with demo["app"].app_context():
        from raker.checkin.services import ScanInput, redeem
        from raker.models import Event

        event = db.session.scalar(select(Event))
        assert redeem(event, ScanInput(code=person["qr"], gate="Meja VIP"))["status"] == "ok"
    y4m = qr_camera(tmp_path / "elsewhere.y4m", person["qr"])
    with phone_with_camera(chromium, y4m) as page:
        open_offline(page, demo)
        set_gate(page, "Pintu Samping")
        result = wait_result(page, "already_checked_in", offline=True)
        assert person["name"] in page.locator("#result-name").inner_text()
        assert "Meja VIP" in result.inner_text()


BUNDLE_IN_INDEXEDDB = """async () => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("raker-scanner");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const all = (store) => new Promise((resolve) => {
    const request = db.transaction(store).objectStore(store).getAll();
    request.onsuccess = () => resolve(request.result);
  });
  const text = JSON.stringify({ bundles: await all("bundles"), queue: await all("queue"), local: await all("local") });
  db.close();
  return text;
}"""


def test_online_search_finds_a_nip_only_whole_and_shows_it_masked(demo, chromium, tmp_path):
    """Online, part of a NIP finds nobody (and says to type all 18 digits); the whole NIP finds the
    person, shown with delegation, jabatan and the masked NIP, never the NIP itself."""
    from raker.reference.nip import format_nip, mask_nip

    with demo["app"].app_context():
        person = db.session.scalars(
            select(Registration)
            .where(Registration.state == "approved", Registration.nip.is_not(None))
            .order_by(Registration.id.desc())
        ).first()
        person = {
            "id": person.id,
            "name": person.full_name,
            "nip": person.nip,
            "position": person.position,
            "delegation": person.delegation.name,
        }
    blank = write_y4m(tmp_path / "blank.y4m", Image.new("RGB", (640, 480), "white"))
    with phone_with_camera(chromium, blank) as page:
        login(page, demo["base"], demo["password"])
        page.goto(f"{demo['base']}/events/{demo['slug']}/scanner/")
        page.wait_for_selector("#bundle-info[data-loaded='1']")
        search = page.get_by_placeholder("Nama atau NIP")
        search.fill(person["nip"][:8])
        page.get_by_role("button", name="Cari", exact=True).click()
        page.wait_for_selector("#search-status:has-text('ketik 18 angka')")
        assert page.locator("#search-results button").count() == 0
        search.fill(format_nip(person["nip"]))
        page.get_by_role("button", name="Cari", exact=True).click()
        row = page.locator("#search-results button", has_text=person["name"]).first
        row.wait_for()
        text = row.inner_text()
        assert mask_nip(person["nip"]) in text and person["position"] in text
        assert format_nip(person["nip"]) not in text
        assert page.locator("#search-status").inner_text() == ""  # the server's answer, not the bundle's
        # A tap asks first (issue 12 item 2): the card says who, and "Bukan" checks nobody in.
        row.click()
        card = page.locator("#person-card")
        card.wait_for(state="visible")
        assert page.evaluate("document.getElementById('person-card').open") is True  # a modal <dialog>
        assert card.locator("#person-card-name").inner_text() == person["name"]
        assert card.locator("#person-card-delegation").inner_text() == person["delegation"]
        assert card.locator("#person-card-position").inner_text() == person["position"]
        assert card.locator("#person-card-nip").inner_text() == mask_nip(person["nip"])
        assert page.evaluate("document.activeElement.id") == "person-card-confirm"
        fits_the_screen(page)
        assert_accessible(page, demo["base"], "scanner's person card")
        shot(page, "person-card")
        page.get_by_role("button", name="Bukan, kembali").click()
        card.wait_for(state="hidden")
        assert page.locator("#result").is_hidden()
        assert counts(demo["app"], person["id"])[0] == 0
        choose(page, row)
        wait_result(page, "ok")
        assert counts(demo["app"], person["id"])[0] == 1
        assert [e for e in page.console_errors if not NETWORK_NOISE.search(e)] == []


def test_offline_search_by_nip_check_in_and_signature_reach_the_server_once(demo, chromium, tmp_path):
    """No network: find a delegate by the full NIP in the phone's bundle, check them in, let them sign;
    back online, the check-in and the signature arrive once and the daftar hadir carries the signature."""
    from openpyxl import load_workbook

    from raker.checkin.attendance import attendance_xlsx
    from raker.models import Event
    from raker.reference.nip import format_nip

    with demo["app"].app_context():
        person = db.session.scalars(
            select(Registration)
            .where(Registration.state == "approved", Registration.nip.is_not(None))
            .order_by(Registration.id.desc())
        ).first()
        person = {"id": person.id, "name": person.full_name, "nip": person.nip}
    blank = write_y4m(tmp_path / "blank.y4m", Image.new("RGB", (640, 480), "white"))  # no badge in view
    with phone_with_camera(chromium, blank) as page:
        login(page, demo["base"], demo["password"])
        page.goto(f"{demo['base']}/events/{demo['slug']}/scanner/")
        page.wait_for_selector("#bundle-info[data-loaded='1']")
        page.wait_for_selector("#camera-status[data-decoder='ready']")
        set_gate(page, "Meja 3")
        page.context.set_offline(True)
        page.wait_for_selector("#net-state[data-online='0']")
        # The NIP is on the phone only as a short hash: not in clear anywhere in IndexedDB.
        stored = page.evaluate(BUNDLE_IN_INDEXEDDB)
        assert person["name"] in stored and person["nip"] not in stored and format_nip(person["nip"]) not in stored

        search = page.get_by_placeholder("Nama atau NIP")
        search.fill(person["nip"][:8])
        page.get_by_role("button", name="Cari", exact=True).click()
        page.wait_for_selector("#search-status:has-text('NIP lengkap')")
        search.fill(format_nip(person["nip"]))  # typed as printed: "19860926 201505 2 001"
        page.get_by_role("button", name="Cari", exact=True).click()
        row = page.locator("#search-results button", has_text=person["name"]).first
        row.wait_for()
        assert page.locator("#search-status").inner_text() == "Hasil dari data luring di perangkat ini."
        assert "sudah hadir hari ini" not in row.inner_text()
        fits_the_screen(page)
        shot(page, "offline-search")
        choose(page, row)
        wait_result(page, "ok", offline=True)
        assert page.locator("#result-name").inner_text() == person["name"]
        page.wait_for_selector("#queue-count[data-count='1']")

        page.locator("#result-sign").click()
        draw_signature(page)
        page.get_by_role("button", name="Simpan").click()
        page.wait_for_selector("#signature", state="hidden")
        assert (
            page.locator("#notice").inner_text()
            == "Tanda tangan disimpan di perangkat ini dan dikirim saat jaringan kembali."
        )
        page.wait_for_selector("#queue-count[data-count='2'][data-signatures='1']")
        assert page.locator("#queue-count").inner_text() == "Antrean: 2 (1 tanda tangan)"
        fits_the_screen(page)
        shot(page, "offline-signed")

        # Chosen again by name (no case, no accents): amber, with the time and this gate, as a badge would.
        search.fill(person["name"].split(",")[0].upper())
        page.get_by_role("button", name="Cari", exact=True).click()
        row = page.locator("#search-results button", has_text=person["name"]).first
        assert "sudah hadir hari ini" in row.inner_text()
        choose(page, row)
        wait_result(page, "already_checked_in", offline=True)
        assert re.search(r"Pertama pukul \d\d\.\d\d di Meja 3", page.locator("#result-message").inner_text())
        page.wait_for_selector("#queue-count[data-count='3']")
        assert counts(demo["app"], person["id"]) == (0, [])

        page.context.set_offline(False)
        page.wait_for_selector("#queue-count[data-count='0']", timeout=30_000)
        assert page.locator("#notice").inner_text() == "2 pindaian luring terkirim. 1 tanda tangan terkirim."
        page.evaluate("window.dispatchEvent(new Event('online'))")  # another sync: nothing left to send
        page.wait_for_timeout(1500)
        checkins, scans = counts(demo["app"], person["id"])
        assert checkins == 1 and scans == [("ok", True), ("already_checked_in", True)]
        assert len([u for u in page.requests if u.endswith("/signature")]) == 1
        with demo["app"].app_context():
            checkin = db.session.scalar(select(CheckIn).where(CheckIn.registration_id == person["id"]))
            assert (checkin.method, checkin.offline, checkin.gate) == ("manual", True, "Meja 3")
            assert not checkin.needs_review  # one phone: nothing to review
            assert checkin.signature_png[:8] == b"\x89PNG\r\n\x1a\n"
            event = db.session.scalar(select(Event).where(Event.slug == demo["slug"]))
            sheet = load_workbook(io.BytesIO(attendance_xlsx(event, checkin.day))).active
            [image] = sheet._images
            row_number = next(cell.row for cell in sheet["B"] if cell.value == person["name"])
            assert image.anchor._from.row == row_number - 1  # in the person's row (0-based anchor)
        only_our_origin(page, demo["base"])
        assert [e for e in page.console_errors if not NETWORK_NOISE.search(e)] == []


def test_bundle_search_in_the_browser_matches_the_server_hashes(live_server, phone):
    """scanner-offline.js on its own: names without case, accents or punctuation; the full NIP by the
    server's short hash (grouped or not); a partial NIP refused offline; an older bundle still read."""
    from raker.checkin.services import CODE_HASH_CHARS, NIP_HASH_CHARS, NIP_HASH_PREFIX, code_hash, nip_hash

    _, base = live_server
    nip = "198609262015052001"
    bundle = {
        "version": 2,
        "fields": ["id", "code", "nip", "name", "delegation", "role", "state", "checked_in"],
        "delegations": ["Kabupaten Paser"],
        "roles": ["peserta"],
        "states": ["approved", "pending"],
        "code_hash_chars": CODE_HASH_CHARS,
        "nip_hash": {"prefix": NIP_HASH_PREFIX, "chars": NIP_HASH_CHARS},
        "participants": [
            [
                7,
                code_hash("RK1:" + "A" * 26)[:CODE_HASH_CHARS],
                nip_hash(nip),
                "Dr. Hj. Sítì Rahmah, M.Si.",
                0,
                0,
                0,
                {"2026-08-09": [1786233900, "Meja 2"]},
            ],
            [8, "", "", "Muhammad Ma’ruf", 0, 0, 1],
        ],
    }
    old = {
        "participants": [
            {
                "hash": code_hash("RK1:" + "B" * 26),
                "name": "Budi",
                "delegation": "Kota Bontang",
                "role": "peserta",
                "state": "approved",
                "checked_in": {},
            }
        ]
    }
    phone.goto(base + "/")
    found = phone.evaluate(
        """async ([bundle, old]) => {
      const m = await import("/static/js/scanner-offline.js");
      const index = m.readBundle(bundle);
      const ids = async (query) => { const r = await m.search(index, query); return r.reason || r.rows.map((x) => x.id); };
      const legacy = m.readBundle(old);
      return {
        siti: await ids("siti rahmah"), upper: await ids("SITI"), dotted: await ids("dr. hj. siti"),
        maruf: await ids("maruf"), nip: await ids("19860926 201505 2 001"), plain: await ids("198609262015052001"),
        other: await ids("198609262015052002"), partial: await ids("19860926"), short: await ids("a"),
        badge: index.byHash.get(await m.codeHash(index, " RK1:AAAAAAAAAAAAAAAAAAAAAAAAAA ")).id,
        first: index.byId.get(7).checkedIn["2026-08-09"],
        legacy: legacy.byHash.get(await m.codeHash(legacy, "RK1:BBBBBBBBBBBBBBBBBBBBBBBBBB")).name,
      };
    }""",
        [bundle, old],
    )
    assert found["siti"] == found["upper"] == found["dotted"] == found["nip"] == found["plain"] == [7]
    assert found["maruf"] == [8] and found["other"] == []
    assert found["partial"] == "nip_partial" and found["short"] == "short"
    assert found["badge"] == 7 and found["legacy"] == "Budi"
    assert found["first"] == {"at": "2026-08-09T00:05:00.000Z", "gate": "Meja 2"}
    assert phone.console_errors == []


def test_local_decision_in_the_browser(live_server, phone):
    """scanner-decision.js on its own: one decision for a bundle row and a search row, at the gate
    (once per meeting day) and in a session's room (once per session, members of other commissions
    recorded but marked)."""
    _, base = live_server
    phone.goto(base + "/")
    found = phone.evaluate("""async () => {
      const m = await import("/static/js/scanner-decision.js");
      const scan = { scanned_at: "2026-08-09T01:00:00.000Z", gate: "Pintu Utama" };
      const days = ["2026-08-09", "2026-08-10"];
      const siti = { name: "Siti", delegation: "Kabupaten Paser", role: "peserta", state: "approved", commission: 2,
                     checkedIn: {}, attended: {} };
      const komisi2 = { id: 5, day: "2026-08-09", commission: { number: 2, name: "Komisi II" } };
      const komisi1 = { id: 6, day: "2026-08-09", commission: { number: 1, name: "Komisi I" } };
      const pleno = { id: 7, day: "2026-08-09", commission: null };
      const at = (person, extra = {}) => m.decide(person, { scan, day: "2026-08-09", days, ...extra });
      const searchRow = (done) => m.fromSearchRow({ registration_id: 9, name: "Budi", delegation: "Kota Bontang",
        role: "peserta", state: "approved", checked_in_today: done }, "2026-08-09");
      return {
        ok: at(siti),
        cancelled: at({ ...siti, state: "cancelled" }).status,
        pending: at({ ...siti, state: "pending" }).status,
        notToday: m.decide(siti, { scan, day: "2026-08-11", days }).status,
        bundleBefore: at({ ...siti, checkedIn: { "2026-08-09": { at: "2026-08-09T00:10:00.000Z", gate: "Meja 2" } } }),
        phoneBefore: at(siti, { earlier: { at: "2026-08-09T00:20:00.000Z", gate: "Meja 3" } }),
        searchNew: at(searchRow(false)).status, searchDone: at(searchRow(true)),
        member: at(siti, { session: komisi2 }),
        guest: at(siti, { session: komisi1 }),
        plenary: at(siti, { session: pleno }),
        unknown: at({ ...siti, commission: undefined }, { session: komisi1 }),
        none: at({ ...siti, commission: null }, { session: komisi1 }).member,
        roomAgain: at({ ...siti, attended: { 5: { at: "2026-08-09T00:50:00.000Z", gate: "Ruang Mahakam" } },
                        checkedIn: {} }, { session: komisi2 }),
        gateDoesNotCountRoom: at({ ...siti, checkedIn: { "2026-08-09": { at: "x", gate: "" } } },
          { session: komisi2 }).status,
        otherDay: m.decide(siti, { scan, day: "2026-08-10", days, session: komisi2 }).status,
        keys: [m.localKey("raker", "2026-08-09", "r7"), m.localKey("raker", "2026-08-09", "r7", komisi2)],
        day: m.dayIn("2026-08-08T16:30:00.000Z", "Asia/Makassar"), clock: m.clockIn("2026-08-08T16:30:00.000Z", "Asia/Makassar"),
      };
    }""")
    assert found["ok"] == {
        "status": "ok",
        "name": "Siti",
        "delegation": "Kabupaten Paser",
        "role": "peserta",
        "checked_in_at": "2026-08-09T01:00:00.000Z",
        "gate": "Pintu Utama",
    }
    assert (found["cancelled"], found["pending"], found["notToday"]) == ("cancelled", "not_approved", "not_today")
    assert found["bundleBefore"]["status"] == "already_checked_in"
    assert found["bundleBefore"]["first_gate"] == "Meja 2"
    assert found["phoneBefore"]["first_checked_in_at"] == "2026-08-09T00:20:00.000Z"
    # A search row says only "in today": already, without a time it does not know.
    assert found["searchNew"] == "ok" and found["searchDone"]["status"] == "already_checked_in"
    assert "first_checked_in_at" not in found["searchDone"]
    assert found["member"]["member"] is True and found["member"]["session_id"] == 5
    assert found["guest"]["status"] == "ok" and found["guest"]["member"] is False
    assert found["guest"]["commission"] == "Komisi I"
    assert "member" not in found["plenary"] and "member" not in found["unknown"]  # no commission, or not known
    assert found["none"] is False  # in no commission: not a member of Komisi I
    assert found["roomAgain"]["status"] == "already_checked_in" and found["roomAgain"]["first_gate"] == "Ruang Mahakam"
    assert found["gateDoesNotCountRoom"] == "ok"  # checked in at the gate today: still new in the room
    assert found["otherDay"] == "not_today"  # the session is on the 9th
    assert found["keys"] == ["raker|2026-08-09|r7", "raker|s5|r7"]
    assert (found["day"], found["clock"]) == ("2026-08-09", "00.30")
    assert phone.console_errors == []


def test_room_mode_offline_marks_another_commission_and_records_once(demo, chromium, tmp_path):
    """The scanner set to a sidang komisi at its room's door, offline: a delegate of no commission (or
    another) is shown amber "Bukan anggota Komisi I" and recorded; back online the session's attendance
    has them once, marked, and nobody was checked in at the gate."""
    from raker.checkin.sessions import session_attendance
    from raker.models import AgendaSession, Commission, Event, Registration, Room
    from raker.sidang.commissions import create_commission, unassign

    person = demo["people"][3]
    with demo["app"].app_context():
        room = db.session.scalar(select(Room).where(Room.name == "Ruang Komisi A"))
        event_id = room.event_id
        # The demo seats its delegates in commissions: this one sits in none, and Ruang Komisi A holds
        # one commission (the demo's, or one made here).
        unassign(db.session.get(Registration, person["id"]))
        if db.session.scalar(select(Commission.id).where(Commission.room_id == room.id)) is None:
            create_commission(db.session.get(Event, event_id), "Kelembagaan dan Tata Laksana", room_id=room.id)
        commission = db.session.scalar(select(Commission).where(Commission.room_id == room.id)).name
        session_id = db.session.scalar(
            select(AgendaSession.id)
            .where(AgendaSession.room_id == room.id, AgendaSession.kind == "komisi")
            .order_by(AgendaSession.starts_at)
        )
    y4m = qr_camera(tmp_path / "room.y4m", person["qr"])
    with phone_with_camera(chromium, y4m) as page:
        open_offline(page, demo)
        page.get_by_label("Yang dicatat").select_option(str(session_id))
        set_gate(page, "Pintu Ruang Komisi A")
        assert "Sidang Komisi I:" in page.locator("#session-name").inner_text()
        result = wait_result(page, "ok", offline=True)
        assert result.get_attribute("data-member") == "0" and "result-already" in result.get_attribute("class")
        assert page.locator("#result-title").inner_text() == f"Bukan anggota {commission} — tetap dicatat"
        assert page.locator("#result-sign").is_hidden()  # the daftar hadir's signature is taken at the gate
        page.wait_for_selector("#queue-count[data-count='1']")
        fits_the_screen(page)
        shot(page, "room-not-member")

        page.context.set_offline(False)
        page.wait_for_selector("#queue-count[data-count='0']", timeout=30_000)
        with demo["app"].app_context():
            session = db.session.get(AgendaSession, session_id)
            assert [(a.registration_id, a.member, a.offline, a.gate) for a in session_attendance(session)] == [
                (person["id"], False, True, "Pintu Ruang Komisi A")
            ]
            assert db.session.scalar(select(func.count(CheckIn.id)).where(CheckIn.registration_id == person["id"])) == 0
            assert db.session.scalars(select(Scan.session_id).where(Scan.registration_id == person["id"])).all() == [
                session_id
            ]
        assert [e for e in page.console_errors if not NETWORK_NOISE.search(e)] == []


def test_room_mode_counter_counts_the_session(demo, chromium, tmp_path):
    """Set to a sidang komisi, the counter is the session's attendance against its commission's members
    (not the gate's count of the day): a badge scanned at the room's door makes it 1 / members, and the
    day's daftar ulang (someone checked in at the gate before) is not in it."""
    from raker.checkin import services as checkin
    from raker.checkin.services import ScanInput
    from raker.models import AgendaSession, Commission, CommissionMember, Event, Room

    person, other = demo["people"][2], demo["people"][1]
    with demo["app"].app_context():
        room = db.session.scalar(select(Room).where(Room.name == "Ruang Komisi A"))
        commission = db.session.scalar(select(Commission).where(Commission.room_id == room.id))
        members = db.session.scalar(
            select(func.count(CommissionMember.id))
            .join(Registration, Registration.id == CommissionMember.registration_id)
            .where(CommissionMember.commission_id == commission.id, Registration.state == "approved")
        )
        session_id = db.session.scalar(
            select(AgendaSession.id)
            .where(AgendaSession.room_id == room.id, AgendaSession.kind == "komisi")
            .order_by(AgendaSession.starts_at)
        )
        day = db.session.get(AgendaSession, session_id).starts_at
        event = db.session.get(Event, room.event_id)
        at_gate = checkin.redeem(event, ScanInput(code=other["qr"], gate="Pintu Utama", scanned_at=day))
        assert at_gate["status"] == "ok"
    assert members > 1
    y4m = qr_camera(tmp_path / "room-online.y4m", person["qr"])
    with phone_with_camera(chromium, y4m) as page:
        login(page, demo["base"], demo["password"])
        page.goto(f"{demo['base']}/events/{demo['slug']}/scanner/")
        page.wait_for_selector("#bundle-info[data-loaded='1']")
        page.get_by_label("Yang dicatat").select_option(str(session_id))
        set_gate(page, "Pintu Ruang Komisi A")
        wait_result(page, "ok")
        page.wait_for_selector("#counter[data-mode='session'][data-present='1']", timeout=10_000)
        assert page.locator("#counter").inner_text() == f"Hadir di sesi: 1 / {members}"
        page.wait_for_selector("#result", state="hidden", timeout=10_000)
        # back at the gate, the counter is the day's daftar ulang again
        page.locator("#gate-change").click()
        page.get_by_label("Yang dicatat").select_option("")
        set_gate(page, "Pintu Utama")
        page.wait_for_selector("#counter[data-mode='gate']", timeout=10_000)
        assert page.locator("#counter").inner_text().startswith("Hadir: ")
        assert page.console_errors == []


def test_a_reopened_scanner_keeps_its_unchanged_bundle_on_a_304(demo, chromium, tmp_path):
    """Issue 15: the scanner sends the ETag of the bundle it holds; unchanged, the server answers 304
    without a body and the phone keeps its copy (IndexedDB), still complete, with a new fetch time."""
    blank = write_y4m(tmp_path / "blank.y4m", Image.new("RGB", (640, 480), "white"))
    with phone_with_camera(chromium, blank) as page:
        statuses = []
        page.on("response", lambda r: statuses.append(r.status) if r.url.endswith("/checkins/bundle") else None)
        login(page, demo["base"], demo["password"])
        page.goto(f"{demo['base']}/events/{demo['slug']}/scanner/")
        page.wait_for_selector("#bundle-info[data-loaded='1']")
        first = page.locator("#bundle-info").inner_text()
        held = json.loads(page.evaluate(BUNDLE_IN_INDEXEDDB))["bundles"][0]
        assert statuses == [200] and held["etag"]
        with page.expect_response(lambda r: r.url.endswith("/checkins/bundle")) as answer:
            page.reload()
        assert answer.value.status == 304 and statuses == [200, 304]
        for _ in range(50):  # the copy is stored again, with its new fetch time, just after the answer
            kept = json.loads(page.evaluate(BUNDLE_IN_INDEXEDDB))["bundles"][0]
            if kept["fetched_at"] > held["fetched_at"]:
                break
            page.wait_for_timeout(100)
        assert kept["etag"] == held["etag"] and kept["participants"] == held["participants"]
        assert kept["fetched_at"] > held["fetched_at"]
        assert page.locator("#bundle-info").inner_text().split(",")[0] == first.split(",")[0]
        assert page.console_errors == []
