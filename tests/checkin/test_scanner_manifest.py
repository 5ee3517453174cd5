"""The scanner's web app manifest: what a phone needs to put the scanner on its home screen and open
it full screen at the meeting's scanner."""

import io
import json

from PIL import Image

from tests.factories import make_event, make_user


def test_manifest_opens_the_meetings_scanner_standalone_with_icons(app):
    event = make_event()
    response = app.test_client().get(
        f"/events/{event.slug}/scanner/manifest.webmanifest"
    )  # no cookies, as browsers fetch it
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    scanner = f"/events/{event.slug}/scanner/"
    assert manifest["start_url"] == scanner and manifest["scope"] == scanner and manifest["id"] == scanner
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b4f6c"
    assert event.title in manifest["name"] and manifest["short_name"] == "Daftar ulang"
    sizes = set()
    for icon in manifest["icons"]:
        image = app.test_client().get(icon["src"])
        data = image.data
        image.close()  # a static file is streamed: close it as a server would
        assert image.status_code == 200 and image.mimetype == "image/png"
        with Image.open(io.BytesIO(data)) as png:
            assert icon["sizes"] == f"{png.width}x{png.height}" and png.width == png.height
            sizes.add(png.width)
    assert {192, 512} <= sizes


def test_scanner_page_links_its_manifest(app):
    event = make_event()
    petugas = make_user("petugas", event=event)
    html = app.test_client(user=petugas).get(f"/events/{event.slug}/scanner/").get_data(as_text=True)
    assert f'<link rel="manifest" href="/events/{event.slug}/scanner/manifest.webmanifest">' in html


def test_unknown_meeting_has_no_manifest(app):
    assert app.test_client().get("/events/tidak-ada/scanner/manifest.webmanifest").status_code == 404


def test_manifest_and_camera_help_in_english(app):
    event = make_event()
    client = app.test_client(user=make_user("petugas", event=event))
    client.get("/lang/en")
    manifest = json.loads(client.get(f"/events/{event.slug}/scanner/manifest.webmanifest").get_data(as_text=True))
    assert manifest["name"] == f"Check-in scanner · {event.title}" and manifest["lang"] == "en"
    html = client.get(f"/events/{event.slug}/scanner/").get_data(as_text=True)
    assert "How to allow the camera" in html and "Choose Permissions, then Camera." in html
    assert "so the secretariat knows at which gate or desk" in html
