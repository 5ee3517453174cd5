"""The scanner page over plain HTTP: who may open it, what it loads (only from our origin),
the vendored decoder and its .wasm, the service worker and the fresh-CSRF endpoint."""

import hashlib
import json
import re
from pathlib import Path

import pytest

from raker.checkin.routes import PONYFILL, STATIC_ASSETS, VENDOR_DIR, WASM
from raker.web import CONTENT_SECURITY_POLICY
from tests.factories import make_event, make_user

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / VENDOR_DIR


@pytest.fixture
def event(app):
    return make_event()


def _page_url(event) -> str:
    return f"/events/{event.slug}/scanner/"


def test_the_page_needs_a_login(app, event):
    response = app.test_client().get(_page_url(event))
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    response = app.test_client().get(f"/events/{event.slug}/scanner/session")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "role, status",
    [
        ("petugas", 200),
        ("sekretariat", 200),
        ("admin", 200),
        ("notulis", 403),
        ("perumus", 403),
        ("kontak_delegasi", 403),
        (None, 403),
    ],
)
def test_the_page_is_for_petugas_and_the_secretariat(app, event, role, status):
    client = app.test_client(user=make_user(role))
    assert client.get(_page_url(event)).status_code == status
    assert client.get(f"/events/{event.slug}/scanner/session").status_code == status


def test_unknown_event_is_404(app):
    client = app.test_client(user=make_user("petugas"))
    assert client.get("/events/tidak-ada/scanner/").status_code == 404
    assert client.get("/events/tidak-ada/scanner/sw.js").status_code == 404


def test_the_page_loads_only_from_our_origin(app, event):
    client = app.test_client(user=make_user("petugas"))
    response = client.get(_page_url(event))
    html = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "'wasm-unsafe-eval'" in CONTENT_SECURITY_POLICY
    # No external URL at all (no CDN), no inline script or style attribute (the CSP forbids them).
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "http://" not in html and "https://" not in html
    assert " style=" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    for attributes, body in scripts:
        if 'type="application/json"' in attributes:
            json.loads(body)  # data for scanner.js, not code
        else:
            assert body.strip() == "" and 'src="/static/' in attributes
    assert 'type="module" src="/static/js/scanner.js"' in html
    assert 'href="/static/css/scanner.css"' in html
    assert re.search(r'<meta name="csrf-token" content="[^"]+">', html)
    # Indonesian by default
    assert "Daftar ulang" in html and "Cari nama atau NIP" in html


def test_page_configuration_points_at_our_api_and_vendored_files(app, event):
    client = app.test_client(user=make_user("petugas"))
    html = client.get(_page_url(event)).get_data(as_text=True)
    config = json.loads(re.search(r'id="scanner-config">(.*?)</script>', html, re.S).group(1))
    assert config["api"] == f"/api/v1/events/{event.slug}/checkins"
    assert config["scope"] == _page_url(event)
    assert config["serviceWorker"] == f"/events/{event.slug}/scanner/sw.js"
    assert config["ponyfill"] == f"/static/{PONYFILL}" and config["wasm"] == f"/static/{WASM}"
    assert config["timezone"] == "Asia/Makassar"
    assert config["days"] == [d.isoformat() for d in event.days]
    strings = json.loads(re.search(r'id="scanner-strings">(.*?)</script>', html, re.S).group(1))
    for status in ("ok", "already_checked_in", "invalid", "not_approved", "cancelled", "wrong_event", "not_today"):
        assert strings[status] and strings[f"msg_{status}"]


def test_wasm_is_served_from_static_as_application_wasm(app):
    response = app.test_client().get(f"/static/{WASM}")
    assert response.status_code == 200
    assert response.mimetype == "application/wasm"
    body = response.get_data()
    response.close()
    assert body[:4] == b"\0asm"
    # exactly the binary the vendored glue expects (its ZXING_WASM_SHA256)
    glue = (VENDOR / "zxing-exported.js").read_text()
    expected = re.search(r'var \w+ = "([0-9a-f]{64})"', glue).group(1)
    assert hashlib.sha256(body).hexdigest() == expected


def test_vendored_library_is_complete(app):
    for name in (
        "ponyfill.js",
        "zxing-exported.js",
        "zxing_reader.wasm",
        "LICENSE",
        "LICENSE.zxing-wasm",
        "LICENSE.zxing-cpp",
        "VENDOR.md",
    ):
        assert (VENDOR / name).is_file(), name
    client = app.test_client()
    for name in STATIC_ASSETS:
        response = client.get(f"/static/{name}")
        assert response.status_code == 200, name
        response.close()
    response = client.get(f"/static/{PONYFILL}")
    assert response.mimetype in ("text/javascript", "application/javascript")
    response.close()
    # The glue's version matches the folder of the .wasm it was copied from.
    assert 'ee = "3.1.3"' in (VENDOR / "zxing-exported.js").read_text()


def test_our_scripts_name_no_external_host():
    for name in (*(a for a in STATIC_ASSETS if a.startswith("js/")), "js/scanner-sw.js", "css/scanner.css"):
        text = (ROOT / "static" / name).read_text()
        assert "http://" not in text and "https://" not in text, name


def test_service_worker_is_javascript_scoped_under_the_page(app, event):
    response = app.test_client().get(f"/events/{event.slug}/scanner/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "Service-Worker-Allowed" not in response.headers  # its path already covers the page
    body = response.get_data(as_text=True)
    first, _, rest = body.partition("\n")
    settings = json.loads(first.removeprefix("self.RAKER_SCANNER = ").rstrip(";"))
    assert settings["scope"] == settings["page"] == _page_url(event)
    assert f"/static/{WASM}" in settings["assets"] and "/static/js/scanner.js" in settings["assets"]
    assert re.fullmatch(r"[0-9a-f]{12}", settings["version"])
    assert 'addEventListener("fetch"' in rest


def _imports(name: str) -> list[str]:
    return re.findall(r'^import .* from "\./([\w.-]+)";$', (ROOT / "static/js" / name).read_text(), re.M)


def test_every_module_the_scanner_imports_is_cached_for_offline_use():
    """A module missing from the service worker's list would break the page's first offline start:
    every module reached from scanner.js, through its imports' imports too, is in the list."""
    reached, waiting = set(), ["scanner.js"]
    while waiting:
        name = waiting.pop()
        if name not in reached:
            reached.add(name)
            waiting.extend(_imports(name))
    assert {"scanner-decision.js", "scanner-offline.js", "scanner-sync.js", "scanner-signature.js"} <= reached
    assert all(f"js/{name}" in STATIC_ASSETS for name in reached)
    # The decision and the bundle reader are pure: they import nothing of the page.
    assert _imports("scanner-decision.js") == [] and _imports("scanner-offline.js") == []


def test_service_worker_version_follows_the_assets(app, event, tmp_path):
    from raker.checkin import routes

    client = app.test_client()
    first = client.get(f"/events/{event.slug}/scanner/sw.js").get_data(as_text=True)
    assert first == client.get(f"/events/{event.slug}/scanner/sw.js").get_data(as_text=True)
    routes._version_cache.clear()
    original = app.static_folder
    copy = tmp_path / "static"
    import shutil

    shutil.copytree(original, copy)
    (copy / "js" / "scanner.js").write_text((copy / "js" / "scanner.js").read_text() + "\n// changed\n")
    app.static_folder = str(copy)
    try:
        changed = client.get(f"/events/{event.slug}/scanner/sw.js").get_data(as_text=True)
    finally:
        app.static_folder = original
        routes._version_cache.clear()
    assert changed != first


def test_session_gives_a_fresh_csrf_token(app, event):
    client = app.test_client(user=make_user("petugas"))
    response = client.get(f"/events/{event.slug}/scanner/session")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.json["csrf_token"] and response.json["user"]


def test_csrf_token_from_the_page_is_accepted_by_the_api(app_factory):
    """The page sends the meta tag's token as X-CSRFToken; with CSRF on, that is what lets it through."""
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        slug = make_event().slug
        client = app.test_client(user=make_user("petugas"))
        html = client.get(f"/events/{slug}/scanner/").get_data(as_text=True)
        token = re.search(r'<meta name="csrf-token" content="([^"]+)">', html).group(1)
        url = f"/api/v1/events/{slug}/checkins"
        refused = client.post(url, json={"code": "RK1:X"})
        assert refused.status_code == 400 and "CSRF" in refused.json["message"]
        answered = client.post(url, json={"code": "RK1:X"}, headers={"X-CSRFToken": token})
        assert answered.status_code == 200 and answered.json["status"] == "invalid"
        fresh = client.get(f"/events/{slug}/scanner/session").json["csrf_token"]
        assert client.post(url, json={"code": "RK1:Y"}, headers={"X-CSRFToken": fresh}).json["status"] == "invalid"
