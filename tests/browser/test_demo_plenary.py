"""The demo's plenary from where `flask seed-demo` leaves it to the signed-off berita acara, in the browser,
as issue 14 asks for it done: the tim perumus takes the last commission's report into the rumusan; on the
pimpinan's console the item on the screens is agreed with a delegation's amendment, the next is put to a
vote of the delegations from their phones, and the rest are read and agreed one by one; the rumusan is
adopted, and the berita acara lists every decision with the vote's count."""

import io

import pytest
from pypdf import PdfReader

from tests.browser.signing_in import log_in

pytestmark = pytest.mark.browser


def _demo(app):
    """The demo's slug and the personal links of three delegates checked in today, by delegation."""
    with app.app_context():
        from sqlalchemy import select

        from raker.extensions import db
        from raker.models import CheckIn, Registration
        from tests.demo_snapshot import seeded_demo

        event = seeded_demo().event
        present = db.session.scalars(
            select(Registration)
            .join(CheckIn, CheckIn.registration_id == Registration.id)
            .where(CheckIn.event_id == event.id, Registration.role == "peserta")  # one a delegation
            .order_by(Registration.id)
            .limit(3)
        ).all()
        return event.slug, [(person.delegation.name, person.token) for person in present]


def _flash(page, text):
    page.locator(".flash", has_text=text).wait_for()


def test_the_demo_plenary_from_the_commissions_to_the_berita_acara(live_server, chromium):
    from raker.demo import DEMO_PASSWORD

    app, base = live_server
    slug, voters = _demo(app)
    laptop = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID").new_page()
    screen = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="id-ID").new_page()
    errors = []
    for page in (laptop, screen):
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(laptop, base, "sekretariat@raker.example", DEMO_PASSWORD)
    screen.goto(f"{base}/events/{slug}/pleno/layar")
    rumusan_page = f"{base}/admin/events/{slug}/rumusan/"
    console = f"{base}/admin/events/{slug}/pleno/"

    # The commissions' reports: Komisi III's point is the last one the tim perumus has not taken in.
    laptop.goto(rumusan_page)
    drafts = laptop.locator("#rancangan-komisi")
    assert "dari Komisi III" in drafts.inner_text()
    drafts.get_by_role("button", name="Ambil ke rumusan").click()
    laptop.wait_for_load_state()
    assert laptop.locator("#rancangan-komisi").count() == 0

    # The survey item is on the screens with Kota Balikpapan's amendment: accepted, then agreed as changed.
    laptop.goto(console)
    amendment = screen.locator('[data-live="amendments"]', has_text="Usulan perubahan dari Kota Balikpapan")
    amendment.wait_for()
    amended = screen.locator('[data-live="amendments"] ins').first.inner_text()
    laptop.get_by_role("button", name="Terima usulan").click()
    amendment.wait_for(state="hidden")
    assert amended in screen.locator('[data-live="item"] .live-text').inner_text()
    laptop.reload()
    laptop.get_by_role("radio", name="disepakati dengan perubahan").check()
    laptop.get_by_role("button", name="Catat keputusan").click()
    _flash(laptop, "Keputusan dicatat")

    # The next item: consensus fails, one vote per delegation from the delegates' phones.
    items = laptop.get_by_label("Butir yang dibahas")
    voted = items.locator("option").nth(1).inner_text().split(" — ")[0]
    items.select_option(index=1)
    laptop.get_by_role("button", name="Tampilkan").click()
    screen.locator('[data-live="item"] .live-number', has_text=voted).wait_for()
    laptop.get_by_role("button", name="Buka pemungutan suara").click()
    screen.locator('[data-live="vote"]', has_text="0 dari 11 sudah memberi suara").wait_for()
    for (_, token), choice in zip(voters, ("Setuju", "Setuju", "Tidak setuju"), strict=True):
        phone = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, locale="id-ID").new_page()
        phone.goto(f"{base}/r/{token}/pleno")
        phone.get_by_role("button", name=choice, exact=True).click()
        _flash(phone, "Suara Anda tercatat")
        phone.context.close()
    screen.locator('[data-live="vote"]', has_text="3 dari 11 sudah memberi suara").wait_for()
    laptop.reload()
    laptop.get_by_role("button", name="Tutup pemungutan suara").click()
    screen.locator('[data-live="vote"]', has_text="Setuju 2 · Tidak setuju 1 · Abstain 0").wait_for()
    laptop.get_by_role("radio", name="diputuskan dengan pemungutan suara").check()
    laptop.get_by_role("button", name="Catat keputusan").click()
    _flash(laptop, "Keputusan dicatat")

    # The rest of the rumusan read item by item and agreed, each with its sub-points; Kota Samarinda's
    # written proposal comes up with its item and is answered before the item is agreed.
    read = []
    while laptop.get_by_label("Butir yang dibahas").locator("option").count() > 1:
        laptop.get_by_label("Butir yang dibahas").select_option(index=1)
        with laptop.expect_navigation():
            laptop.get_by_role("button", name="Tampilkan").click()
        read.append(laptop.locator('[data-live="item"] .live-number').inner_text().split()[0])
        if laptop.get_by_role("button", name="Terima usulan").count():
            assert (
                "USULAN PERUBAHAN DARI KOTA SAMARINDA" in laptop.locator("#usulan").inner_text()
            )  # a label in capitals
            laptop.get_by_role("radio", name="disepakati", exact=True).check()
            laptop.get_by_role("button", name="Catat keputusan").click()  # not over an unanswered proposal
            _flash(laptop, "Usulan perubahan dari Kota Samarinda atas butir ini belum diputuskan")
            with laptop.expect_navigation():
                laptop.get_by_role("button", name="Terima usulan").click()
            laptop.get_by_role("radio", name="disepakati dengan perubahan").check()
        else:
            laptop.get_by_role("radio", name="disepakati", exact=True).check()
        laptop.get_by_role("button", name="Catat keputusan").click()
        _flash(laptop, "Keputusan dicatat")
    assert "B.1" in read and len(read) >= 3, read
    screen.locator('[data-live="item"]', has_text="Belum ada butir").wait_for()

    # Adopted, and the berita acara records every decision, the vote with its count.
    laptop.goto(rumusan_page)
    assert laptop.locator("#adopt .blockers").count() == 0, laptop.locator("#adopt").inner_text()
    laptop.get_by_role("button", name="Tetapkan rumusan").click()
    laptop.get_by_role("dialog").get_by_role("button", name="Tetapkan").click()
    _flash(laptop, "ditetapkan")
    laptop.get_by_label("Nama").first.fill("Dr. H. Sri Wahyuni, M.Si.")
    # The form as the button sends it (a GET), fetched with the browser's session: the PDF opens inline.
    url = laptop.locator("#berita-acara").evaluate("f => f.action + '?' + new URLSearchParams(new FormData(f))")
    answer = laptop.request.get(url)
    assert answer.ok and answer.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(answer.body())).pages)
    assert "BERITA ACARA" in text and "Sri Wahyuni" in text
    assert "Keputusan sidang atas tiap butir:" in text
    assert "disepakati dengan perubahan" in text
    assert "setuju 2, tidak setuju 1, abstain 0" in text.lower(), text
    assert text.count("disepakati") >= len(read)
    refused = "the server responded with a status of 409"  # the decision over the open proposal, shown as a message
    assert [e for e in errors if refused not in e] == []  # includes Content-Security-Policy violations
    from raker.sidang import push

    push.shutdown(app)
