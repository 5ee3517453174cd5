"""Real-browser fixtures: the app served on a local port, Debian's chromium driven by Playwright."""

import os
import shutil

import pytest

from tests.browser.serving import serving

CHROMIUM = os.environ.get("RAKER_CHROMIUM", "/usr/bin/chromium")
# Chromium as root in a sandbox-less container, with no calls home (the network is closed).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def live_server(app_factory):
    """Serve a fresh app in a thread; yields (app, base_url)."""
    app = app_factory()
    with serving(app) as base:
        yield app, base


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        if os.environ.get("RAKER_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium):
    """A page the size of a cheap Android phone (360 px wide), collecting console errors."""
    context = chromium.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="id-ID"
    )
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    yield page
    context.close()


def pytest_collection_modifyitems(items):
    """The browser closes connections while werkzeug's development server still streams a static file
    (a service worker or a page replaced mid-load): the server thread then drops the file unclosed, and
    Python reports it from that thread at a random later moment. That is the test server's housekeeping,
    not the app's, so it is not an error in the browser tests (everywhere else warnings stay errors)."""
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning"))
            item.add_marker(
                pytest.mark.filterwarnings(
                    "ignore:Exception ignored in. <_io.FileIO:pytest.PytestUnraisableExceptionWarning"
                )
            )
