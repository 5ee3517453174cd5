"""A big export in Chromium: the secretariat clicks the download, sees the job's progress bar (polled by
static/js/job-progress.js under the CSP), and gets the file when it is done."""

import pytest

from tests.browser.test_every_page_fits_a_phone import _sign_in

pytestmark = pytest.mark.browser


def test_a_big_export_shows_the_bar_then_gives_the_file(live_server, phone, tmp_path):
    app, base = live_server
    app.config["JOBS_INLINE_ROWS"] = 50  # the demo's few hundred participants count as a big meeting here
    with app.app_context():
        from tests.demo_snapshot import seeded_demo

        slug = seeded_demo().event.slug
    _sign_in(phone, base, "sekretariat@raker.example")
    phone.goto(f"{base}/admin/events/{slug}/participants")
    phone.get_by_role("link", name="Ekspor XLSX").click()
    phone.wait_for_url("**/berkas/*")
    bar = phone.locator("progress#job-bar")
    assert bar.is_visible()
    assert phone.get_by_role("heading", name="Daftar peserta (XLSX)").is_visible()
    link = phone.locator("#job-file")
    link.wait_for(state="visible", timeout=60_000)  # the script found the job done, no reload
    assert bar.evaluate("el => el.value") == 100
    assert phone.locator("#job-state").inner_text() == "Selesai."
    with phone.expect_download() as download:
        link.click()
    saved = tmp_path / "peserta.xlsx"
    download.value.save_as(saved)
    assert download.value.suggested_filename.startswith(f"peserta-{slug}-") and saved.read_bytes()[:2] == b"PK"
    assert phone.console_errors == []
    from raker.jobs.queue import wait_for_threads

    wait_for_threads(app)
