"""The secretariat takes the demo's adopted rumusan from draft through paraf; the ketua and the
sekretaris of the tim perumus then each sign it logged in with their own account, in the browser on a
360 px phone; pdfsig finds both signatures valid and trusted (against the development CA) in the
downloaded file, and the public verification page answers "Sesuai" for it."""

import subprocess

import pytest

from tests.browser.layout import page_width
from tests.browser.signing_in import log_in

pytestmark = pytest.mark.browser


def test_draft_paraf_and_signatures_in_the_browser(live_server, phone, tmp_path):
    app, base = live_server
    with app.app_context():
        from raker.demo import DEMO_PASSWORD
        from raker.tte import devca, services
        from tests.demo_snapshot import seeded_demo
        from tests.tte.conftest import nss_trusting
        from tests.tte.test_demo import adopt

        event = seeded_demo().event
        adopt(event)
        slug = event.slug
        signers = [(signer.name, signer.user.email) for signer in services.signers(event)]
        nss = nss_trusting(devca.DevCA(services.tte_directory()), tmp_path / "nss")

    def as_user(email):
        log_in(phone, base, email, DEMO_PASSWORD)

    as_user("sekretariat@raker.example")
    phone.goto(f"{base}/admin/events/{slug}/tte/")
    assert phone.locator("#tte-signers tbody tr").count() == 2
    phone.locator("#siapkan summary").click()
    phone.get_by_label("Dokumen", exact=True).select_option("rumusan")
    phone.get_by_label("Paraf ke-1").select_option(label=phone.locator("#verifier-1 option").nth(1).inner_text())
    phone.get_by_label("Jabatan pemaraf ke-1").fill("Kepala Bagian Tata Laksana")
    phone.get_by_role("button", name="Siapkan", exact=True).click()
    phone.wait_for_url("**/tte/dokumen/*")
    assert "Menunggu paraf" in phone.locator(".page-head").inner_text()
    assert page_width(phone) <= 360
    phone.get_by_role("button", name="Paraf versi ini").click()
    phone.wait_for_url("**/tte/dokumen/*")
    assert "paraf versi 1 pada" in phone.locator("#paraf-chain").inner_text()
    document_url = phone.url
    # The secretariat does not sign for them: the page says who signs, and offers no form.
    assert "Setiap penanda tangan menandatangani sendiri" in phone.locator("#sign-own").inner_text()
    for name, email in signers:
        phone.context.clear_cookies()
        as_user(email)
        phone.goto(document_url)
        assert phone.locator("#signer_id option").count() == 1
        phone.get_by_label("Penanda tangan").select_option(
            label=phone.locator("#signer_id option", has_text=name).inner_text()
        )
        phone.get_by_label("Passphrase").fill(devca.DEV_PASSPHRASE)
        phone.get_by_role("button", name="Tandatangani").click()
        phone.wait_for_url("**/tte/dokumen/*")
        assert f"Dokumen ditandatangani secara elektronik oleh {name}." in phone.locator(".flash").first.inner_text()
    assert "Ditandatangani" in phone.locator(".page-head").inner_text()
    with phone.expect_download() as download:
        phone.evaluate("""() => { const a = document.querySelector('.page-head .actions a');
                                  a.setAttribute('download', ''); a.click(); }""")
    path = tmp_path / "rumusan.pdf"
    download.value.save_as(path)
    report = subprocess.run(["pdfsig", "-nssdir", nss, str(path)], capture_output=True, text=True).stdout
    assert report.count("Signature Validation: Signature is Valid.") == 2
    assert report.count("Certificate Validation: Certificate is Trusted.") == 2

    verify = phone.locator("dl.facts a").first.get_attribute("href")
    phone.goto(verify.replace("http://127.0.0.1:5000", base))
    phone.get_by_label("Berkas PDF yang akan diperiksa").set_input_files(str(path))
    phone.get_by_role("button", name="Periksa", exact=True).click()
    assert "Sesuai: berkas ini adalah dokumen tersebut, tidak diubah." in phone.locator("#result").inner_text()
    assert page_width(phone) <= 360
    assert phone.console_errors == []
