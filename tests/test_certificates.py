"""Certificates (sertifikat): who qualifies, issuing with stable numbers, the PDF and DOCX read back,
the QR code read from the rendered page and followed to the public check page, revoking, the
personal link, the secretariat's page and its settings, the command line and the demo."""

import io
import re
from datetime import UTC, date, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from pypdf import PdfReader
from sqlalchemy import func, select

from raker.agenda import services as agenda
from raker.certificates import services
from raker.certificates.services import CertificateRefused, SettingsInvalid
from raker.events.services import add_delegation
from raker.extensions import db
from raker.i18n import format_day_span, format_day_span_sd
from raker.models import AuditLog, Certificate, CertificateSettings, CheckIn, Event, Registration
from raker.reference.nip import mask_nip
from raker.registration.services import change_state
from tests.documents import assert_in_order, docx_lines, pdf_pages
from tests.factories import make_event, make_user, register, table_counts
from tests.qr import decode_pdf_page

DAY1, DAY2 = date(2021, 8, 9), date(2021, 8, 10)
SIGNER_NIP = "196805121990031002"
SETTINGS = {
    "hours": 16,
    "min_days": 1,
    "signer_position": "Asisten Administrasi Umum",
    "signer_name": "Dr. H. Aji Sayid Faturrahman, M.Si.",
    "signer_rank": "IV/c",
    "signer_nip": SIGNER_NIP,
    "number_prefix": "800/",
    "number_suffix": "/SERT/BIRO-ORG/2021",
    "place": "",
    "signed_on": None,
}


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 8, tzinfo=UTC)  # WITA = UTC+8


def check_in(event, registration, day: date, *, undone: bool = False) -> None:
    db.session.add(
        CheckIn(
            event_id=event.id,
            registration_id=registration.id,
            day=day,
            scanned_at=at(day, 8),
            undone_at=at(day, 9) if undone else None,
        )
    )
    db.session.commit()


def approved(event, group, n: int, **overrides) -> Registration:
    registration = register(event, group, n, **overrides)
    if registration.state != "approved":
        change_state(registration, "approved")
    return registration


@pytest.fixture
def world(app):
    """A two-day meeting: Kabupaten Paser first, Kota Bontang second, people checked in on one or
    both days (one check-in undone), a narasumber who never checked in, someone still pending."""
    event = make_event(
        title="Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur",
        start_date=DAY1,
        letterhead_government="PEMERINTAH PROVINSI KALIMANTAN TIMUR",
        paper_size="F4",
    )
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01", "kind": "kabupaten"})
    bontang = add_delegation(event, {"name": "Kota Bontang", "region_code": "64.74", "kind": "kota"})
    people = {
        "zainal": approved(event, paser, 1, full_name="Zainal Abidin, S.Sos."),  # both days
        "ani": approved(event, paser, 2, full_name="Ani Rahmawati, S.E."),  # day 1 only
        "budi": approved(event, bontang, 3, full_name="Budi Santoso, S.IP."),  # day 1; day 2 undone
        "speaker": approved(event, bontang, 4, full_name="Dr. Yusmadi, M.Si.", role="narasumber"),  # no check-in
        "absent": approved(event, paser, 5, full_name="Citra Lestari"),  # never came
        "pending": register(event, paser, 6, full_name="Dedi Pending"),
    }
    check_in(event, people["zainal"], DAY1)
    check_in(event, people["zainal"], DAY2)
    check_in(event, people["ani"], DAY1)
    check_in(event, people["budi"], DAY1)
    check_in(event, people["budi"], DAY2, undone=True)
    check_in(event, people["pending"], DAY1)
    session = agenda.create_session(
        event,
        {
            "title": "Paparan Kebijakan Pelayanan Publik",
            "kind": "paparan",
            "starts_at": at(DAY1, 10),
            "ends_at": at(DAY1, 11),
        },
    )
    agenda.add_person(session, {"role": "narasumber", "registration_id": people["speaker"].id})
    return {"event": event, "paser": paser, "bontang": bontang, "session": session, **people}


def configured(world, **overrides):
    return services.save_settings(world["event"], {**SETTINGS, **overrides})


def base(world) -> str:
    return f"/admin/events/{world['event'].slug}/sertifikat"


# ---- who qualifies ------------------------------------------------------------------------------


def test_eligibility_counts_days_checked_in_and_ignores_undone_check_ins(world):
    event = world["event"]
    names = lambda: [r.full_name for r in services.eligible(event)]  # noqa: E731
    # Default rule (1 day): everyone approved who came, plus the narasumber; in delegation order, then name.
    assert names() == ["Ani Rahmawati, S.E.", "Zainal Abidin, S.Sos.", "Budi Santoso, S.IP.", "Dr. Yusmadi, M.Si."]
    configured(world, min_days=2)
    # Both days: Budi's second day was undone, so only Zainal, and the narasumber by speaking.
    assert names() == ["Zainal Abidin, S.Sos.", "Dr. Yusmadi, M.Si."]
    rows = {c.registration.full_name: c for c in services.candidates(event)}
    assert rows["Budi Santoso, S.IP."].days_present == 1 and not rows["Budi Santoso, S.IP."].eligible
    assert rows["Dr. Yusmadi, M.Si."].days_present == 1 and rows["Dr. Yusmadi, M.Si."].role == "narasumber"
    assert "Dedi Pending" not in rows  # not approved: not even listed
    # A cancelled session makes nobody a speaker.
    world["session"].cancelled = True
    db.session.commit()
    assert names() == ["Zainal Abidin, S.Sos."]


def test_counts_on_the_overview(world):
    configured(world)
    counts = services.overview(world["event"]).counts
    assert counts == {"eligible": 4, "issued": 0, "revoked": 0, "not_eligible": 1, "to_issue": 4}
    issued = services.issue(world["event"])
    services.revoke(issued[0], reason="Salah nama")
    counts = services.overview(world["event"]).counts
    assert counts == {"eligible": 4, "issued": 3, "revoked": 1, "not_eligible": 1, "to_issue": 0}


# ---- issuing ------------------------------------------------------------------------------------


def test_issue_is_refused_until_jp_and_signer_are_set(world):
    event = world["event"]
    with pytest.raises(CertificateRefused) as refused:
        services.issue(event)
    message = str(refused.value)
    for part in ("jam pelajaran (JP)", "nama penanda tangan", "jabatan penanda tangan"):
        assert part in message
    configured(world, signer_name="")
    with pytest.raises(CertificateRefused, match="nama penanda tangan"):
        services.issue(event)
    assert db.session.scalar(select(func.count(Certificate.id))) == 0


def test_issuing_twice_issues_only_the_new_ones_and_numbers_stay(world):
    event = world["event"]
    configured(world)
    first = services.issue(event)
    assert [(c.registration.full_name, c.number) for c in first] == [
        ("Ani Rahmawati, S.E.", "800/001/SERT/BIRO-ORG/2021"),
        ("Zainal Abidin, S.Sos.", "800/002/SERT/BIRO-ORG/2021"),
        ("Budi Santoso, S.IP.", "800/003/SERT/BIRO-ORG/2021"),
        ("Dr. Yusmadi, M.Si.", "800/004/SERT/BIRO-ORG/2021"),
    ]
    assert [c.role for c in first] == ["peserta", "peserta", "peserta", "narasumber"]
    assert all(c.hours == 16 and len(c.verify_token) >= 22 for c in first)  # ≥ 128 random bits
    assert len({c.verify_token for c in first}) == 4
    before = {c.id: (c.number, c.verify_token) for c in first}

    assert services.issue(event) == []  # nothing new
    check_in(event, world["absent"], DAY2)  # Citra arrives on the second day (Paser, first delegation)
    services.save_settings(event, {**SETTINGS, "hours": 12})
    second = services.issue(event)
    assert [(c.registration.full_name, c.number, c.hours) for c in second] == [
        ("Citra Lestari", "800/005/SERT/BIRO-ORG/2021", 12)
    ]
    after = {c.id: (c.number, c.verify_token, c.hours) for c in db.session.scalars(select(Certificate))}
    assert all(after[i][:2] == before[i] and after[i][2] == 16 for i in before)
    audit = db.session.scalars(
        select(AuditLog).where(AuditLog.action == "certificate.issued").order_by(AuditLog.id)
    ).all()
    assert [(a.details["count"], a.details["first"], a.details["last"]) for a in audit] == [
        (4, "800/001/SERT/BIRO-ORG/2021", "800/004/SERT/BIRO-ORG/2021"),
        (1, "800/005/SERT/BIRO-ORG/2021", "800/005/SERT/BIRO-ORG/2021"),
    ]


def test_a_number_is_never_reused(world):
    event = world["event"]
    configured(world)
    issued = services.issue(event)
    last = issued[-1]
    # The holder of the highest number is deleted with their certificate…
    db.session.delete(last.registration)
    db.session.commit()
    check_in(event, world["absent"], DAY1)
    # …and the next certificate still gets a new number.
    [new] = services.issue(event)
    assert new.number == "800/005/SERT/BIRO-ORG/2021"
    assert db.session.scalar(select(CertificateSettings.last_sequence)) == 5


def test_two_secretaries_issuing_at_once_get_one_set_of_numbers(app_factory):
    import threading

    app = app_factory()
    with app.app_context():
        event = make_event(start_date=DAY1)
        group = add_delegation(event, {"name": "Kabupaten Berau", "region_code": "64.03"})
        for n in range(1, 7):
            check_in(event, approved(event, group, n), DAY1)
        services.save_settings(event, SETTINGS)
        event_id = event.id
    presses = 4
    start = threading.Barrier(presses)
    issued_counts: list[int] = []
    errors: list[BaseException] = []

    def press():
        with app.app_context():
            try:
                event = db.session.get(Event, event_id)
                db.session.commit()  # hand the connection back before waiting
                start.wait(timeout=30)
                issued_counts.append(len(services.issue(event)))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=press) for _ in range(presses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors[:2]
    assert sorted(issued_counts) == [0] * (presses - 1) + [6]
    with app.app_context():
        assert db.session.scalars(select(Certificate.sequence).order_by(Certificate.sequence)).all() == [
            1,
            2,
            3,
            4,
            5,
            6,
        ]


def test_two_secretaries_saving_the_first_settings_at_once(app_factory):
    """Both saves succeed (the later one wins), one settings row, no 500 from the unique event_id."""
    import threading

    app = app_factory()
    with app.app_context():
        event_id = make_event(start_date=DAY1).id
    savers = 4
    start = threading.Barrier(savers)
    errors: list[BaseException] = []

    def save(hours):
        with app.app_context():
            try:
                event = db.session.get(Event, event_id)
                db.session.commit()  # hand the connection back before waiting
                start.wait(timeout=30)
                services.save_settings(event, {**SETTINGS, "hours": hours})
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=save, args=(8 + n,)) for n in range(savers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors[:2]
    with app.app_context():
        rows = db.session.scalars(select(CertificateSettings).where(CertificateSettings.event_id == event_id)).all()
        assert len(rows) == 1 and rows[0].hours in (8, 9, 10, 11)


def test_revoke_and_restore_with_audit(world):
    configured(world)
    certificate = services.issue(world["event"])[0]
    with pytest.raises(CertificateRefused, match="alasan"):
        services.revoke(certificate, reason="  ")
    assert not certificate.revoked
    services.revoke(certificate, reason="Nama salah tulis")
    assert certificate.revoked and certificate.revoke_reason == "Nama salah tulis"
    with pytest.raises(CertificateRefused):
        services.revoke(certificate, reason="lagi")
    services.restore(certificate)
    assert not certificate.revoked
    actions = db.session.scalars(
        select(AuditLog.action).where(AuditLog.object_type == "Certificate").order_by(AuditLog.id)
    ).all()
    assert actions == ["certificate.revoked", "certificate.restored"]


# ---- the documents ------------------------------------------------------------------------------


def test_pdf_reads_in_order_one_landscape_page_each(world):
    event = world["event"]
    configured(world)
    issued = services.issue(event)
    pdf = services.render(event, issued, "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 4
    box = reader.pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 330 and round(float(box.height) / 72 * 25.4) == 215  # F4 landscape
    first = pdf_pages(pdf)[0]
    assert_in_order(
        first,
        [
            "PEMERINTAH PROVINSI KALIMANTAN TIMUR",
            "SERTIFIKAT",
            "Nomor: 800/001/SERT/BIRO-ORG/2021",
            "diberikan kepada",
            "Ani Rahmawati, S.E.",
            "NIP. 19860926 201505 1 002",
            "Analis Tata Laksana",
            "Bagian Organisasi Setda Kabupaten Paser",
            "sebagai Peserta pada",
            "Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur",
            "pada tanggal 9 s.d. 10 Agustus 2021",
            "Gedung Awa Mangkuruku, Tana Paser",
            "dengan jumlah 16 jam pelajaran (JP)",
            "Tana Paser, 10 Agustus 2021",
            "Asisten Administrasi Umum,",
            "Dr. H. Aji Sayid Faturrahman, M.Si.",
            "Pembina Utama Muda (IV/c)",
            "NIP. 19680512 199003 1 002",
        ],
    )
    assert "sebagai Narasumber pada" in pdf_pages(pdf)[3]
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    assert fonts and all("/FontFile2" in font["/FontDescriptor"] for font in fonts)  # embedded TrueType only


def test_qr_decodes_to_the_check_page_which_says_genuine(app, world):
    event = world["event"]
    configured(world)
    issued = services.issue(event)
    client = app.test_client()
    sekretariat = app.test_client(user=make_user("sekretariat"))
    pdf = sekretariat.get(f"{base(world)}/{issued[1].id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    [url] = decode_pdf_page(pdf.data)
    assert url == f"http://127.0.0.1:5000/sertifikat/{issued[1].verify_token}"  # PUBLIC_BASE_URL, not the Host
    assert url.split("/sertifikat/")[1] in pdf_pages(pdf.data)[0].replace(" ", "")  # printed under the code
    page = client.get(urlsplit(url).path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Sertifikat asli" in html
    assert "Zainal Abidin, S.Sos." in html and "800/002/SERT/BIRO-ORG/2021" in html and "16 JP" in html
    assert "9–10 Agustus 2021" in html and event.title in html
    nip = world["zainal"].nip
    assert nip not in html and "19860926" not in html and "******** ****** 2 001" in html  # masked
    assert 'name="robots" content="noindex' in html
    assert page.headers["X-Robots-Tag"].startswith("noindex")


def test_revoked_certificate_says_so_and_unknown_token_is_not_genuine(app, world):
    configured(world)
    certificate = services.issue(world["event"])[0]
    services.revoke(certificate, reason="Tidak hadir sebenarnya")
    client = app.test_client()
    page = client.get(f"/sertifikat/{certificate.verify_token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Sertifikat dicabut" in html and "Sertifikat asli" not in html
    assert "Tidak hadir sebenarnya" not in html  # the reason stays with the secretariat
    unknown = client.get("/sertifikat/bukan-kode-yang-benar")
    assert unknown.status_code == 404 and "tidak asli" in unknown.get_data(as_text=True)


def test_user_text_is_printed_literally(world):
    configured(world)
    world["ani"].full_name = "<b>Ani</b> & <font size=40>Rahma</font>"
    db.session.commit()
    certificate = services.issue(world["event"])[0]
    text = pdf_pages(services.render(world["event"], [certificate], "pdf"))[0]
    assert "<b>Ani</b> & <font size=40>Rahma</font>" in text


def test_a_very_long_name_and_title_still_fit_one_page(world):
    """The longest texts the columns hold."""
    configured(
        world, signer_position=("Asisten Administrasi Umum Sekretariat Daerah Provinsi Kalimantan Timur " * 3)[:200]
    )
    world["event"].title = ("Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur " * 5)[:300]
    world["ani"].full_name = ("Prof. Dr. Ir. Hj. Andi Nurul Hikmah Rahmawati Saputri Permata Sari, S.E., M.Si. " * 3)[
        :200
    ]
    db.session.commit()
    issued = services.issue(world["event"])
    assert len(PdfReader(io.BytesIO(services.render(world["event"], issued, "pdf"))).pages) == len(issued)


def test_docx_has_a_landscape_section_per_certificate(world):
    configured(world)
    issued = services.issue(world["event"])
    document = Document(io.BytesIO(services.render(world["event"], issued, "docx")))
    assert len(document.sections) == 4
    assert all(s.orientation == WD_ORIENT.LANDSCAPE and s.page_width > s.page_height for s in document.sections)
    lines = docx_lines(services.render(world["event"], issued, "docx"))
    assert_in_order(
        "\n".join(lines),
        [
            "SERTIFIKAT",
            "Nomor: 800/001/SERT/BIRO-ORG/2021",
            "Ani Rahmawati, S.E.",
            "sebagai Peserta pada",
            "dengan jumlah 16 jam pelajaran (JP)",
            "Nomor: 800/004/SERT/BIRO-ORG/2021",
            "Dr. Yusmadi, M.Si.",
            "sebagai Narasumber pada",
        ],
    )
    assert "Dr. H. Aji Sayid Faturrahman, M.Si." in lines and "NIP. 19680512 199003 1 002" in lines
    assert any(issued[0].verify_token in line for line in lines)
    assert len(document.inline_shapes) == 4  # a QR picture on each


# ---- personal link ------------------------------------------------------------------------------


def test_personal_link_offers_the_certificate_only_when_issued_and_valid(app, world):
    client = app.test_client()
    token = world["zainal"].token
    page = client.get(f"/r/{token}").get_data(as_text=True)
    assert "Unduh sertifikat" not in page
    assert client.get(f"/r/{token}/sertifikat.pdf").status_code == 404
    configured(world)
    certificate = next(c for c in services.issue(world["event"]) if c.registration_id == world["zainal"].id)
    page = client.get(f"/r/{token}").get_data(as_text=True)
    assert "Unduh sertifikat" in page and certificate.number in page
    download = client.get(f"/r/{token}/sertifikat.pdf")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert "Zainal Abidin, S.Sos." in pdf_pages(download.data)[0]
    services.revoke(certificate, reason="Dicabut untuk uji")
    assert client.get(f"/r/{token}/sertifikat.pdf").status_code == 404
    assert "Unduh sertifikat" not in client.get(f"/r/{token}").get_data(as_text=True)
    # Someone who did not attend has nothing to download.
    assert client.get(f"/r/{world['absent'].token}/sertifikat.pdf").status_code == 404


def test_the_personal_download_is_the_export_of_the_holders_certificate(app, world, monkeypatch):
    """/r/<token>/sertifikat.pdf answers with raker.exports.export(registration=…): the same bytes, named
    sertifikat.pdf, no audit row (the holder's own file); refused as the link refuses it."""
    from raker import exports
    from tests.documents import assert_same_file

    monkeypatch.setattr("reportlab.rl_config.invariant", 1)
    event, zainal = world["event"], world["zainal"]
    with pytest.raises(exports.ExportRefused) as refused:
        exports.export(event, "certificates", "pdf", registration=zainal.id)
    assert refused.value.status == 404  # not issued yet
    configured(world)
    certificate = next(c for c in services.issue(event) if c.registration_id == zainal.id)
    audited = db.session.scalar(select(func.count(AuditLog.id)))
    download = app.test_client().get(f"/r/{zainal.token}/sertifikat.pdf")
    result = exports.export(event, "certificates", "pdf", registration=zainal.id)
    assert (result.filename, result.mimetype, result.audit) == ("sertifikat.pdf", "application/pdf", None)
    assert_same_file(download, result)
    assert download.headers["Content-Disposition"] == 'attachment; filename="sertifikat.pdf"'
    assert db.session.scalar(select(func.count(AuditLog.id))) == audited
    services.revoke(certificate, reason="Dicabut untuk uji")
    with pytest.raises(exports.ExportRefused) as refused:
        exports.export(event, "certificates", "pdf", registration=zainal.id)
    assert refused.value.status == 404
    other = make_event(title="Rapat Kerja Lain")
    with pytest.raises(exports.ExportRefused):  # a registration of another meeting
        exports.export(other, "certificates", "pdf", registration=world["ani"].id)


def test_an_anonymised_holder_is_not_printed_as_data_dihapus(app, world):
    """After a deletion request is carried out, the secretariat's downloads do not print a certificate
    for "(data dihapus)"; the check page still answers for the number."""
    from raker.registration.privacy import anonymise

    configured(world)
    certificate = next(c for c in services.issue(world["event"]) if c.registration_id == world["ani"].id)
    anonymise(world["ani"])
    client = app.test_client(user=make_user("sekretariat"))
    everything = client.get(f"{base(world)}/semua.pdf")
    assert everything.status_code == 200
    pages = pdf_pages(everything.data)
    assert len(pages) == 3 and not any("data dihapus" in page for page in pages)
    paser = client.get(f"{base(world)}/semua.docx?delegation={world['paser'].id}")
    assert "data dihapus" not in " ".join(p.text for p in Document(io.BytesIO(paser.data)).paragraphs)
    assert client.get(f"{base(world)}/{certificate.id}.pdf").status_code == 302  # not printed
    assert client.get(f"/sertifikat/{certificate.verify_token}").status_code == 200


def test_an_id_too_big_for_the_column_is_not_found_not_a_500(app, world):
    configured(world)
    services.issue(world["event"])
    client = app.test_client(user=make_user("sekretariat"))
    huge = 2**70
    assert client.get(f"{base(world)}/{huge}.pdf").status_code == 404
    assert client.post(f"{base(world)}/{huge}/cabut", data={"reason": "Salah"}).status_code == 404
    assert client.post(f"{base(world)}/{huge}/pulihkan").status_code == 404
    assert client.get(f"{base(world)}/semua.pdf?delegation={huge}").status_code == 404  # no such delegation
    assert client.get(f"{base(world)}/semua.pdf?delegation=bukan-angka").status_code == 404
    other = add_delegation(
        make_event(title="Rapat Lain", start_date=DAY1),
        {"name": "Kota Samarinda", "region_code": "64.72", "kind": "kota"},
    )
    assert client.get(f"{base(world)}/semua.pdf?delegation={other.id}").status_code == 404  # another meeting's


# ---- the secretariat's page ---------------------------------------------------------------------


def test_only_the_secretariat_reaches_the_page(app, world):
    url = f"{base(world)}/"
    anonymous = app.test_client().get(url)
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]
    for role in (None, "petugas", "notulis", "kontak_delegasi"):  # None: an account with no role (a participant)
        assert app.test_client(user=make_user(role)).get(url).status_code == 403
    assert app.test_client(user=make_user("admin")).get(url).status_code == 200


def test_secretariat_sets_issues_revokes_and_downloads(app, world):
    client = app.test_client(user=make_user("sekretariat"))
    page = client.get(f"{base(world)}/").get_data(as_text=True)
    assert "Lengkapi dulu" in page and "jam pelajaran (JP)" in page
    refused = client.post(f"{base(world)}/terbitkan")
    assert refused.status_code == 409 and "Lengkapi dulu" in refused.get_data(as_text=True)

    form = {**SETTINGS, "signer_nip": "19680512 199003 1 002", "signed_on": ""}
    saved = client.post(f"{base(world)}/pengaturan", data=form)
    assert saved.status_code == 302
    settings = services.settings_for(world["event"])
    assert settings.hours == 16 and settings.signer_nip == SIGNER_NIP and settings.signed_on is None

    done = client.post(f"{base(world)}/terbitkan", follow_redirects=True)
    html = done.get_data(as_text=True)
    assert "4 sertifikat diterbitkan" in html and "800/004/SERT/BIRO-ORG/2021" in html
    assert 'id="count-issued">4<' in html and 'id="count-not-eligible">1<' in html

    certificate = db.session.scalars(select(Certificate).order_by(Certificate.sequence)).first()
    no_reason = client.post(f"{base(world)}/{certificate.id}/cabut", data={"reason": ""})
    assert no_reason.status_code == 409
    assert client.post(f"{base(world)}/{certificate.id}/cabut", data={"reason": "Salah"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).revoked

    everything = client.get(f"{base(world)}/semua.pdf")
    assert everything.status_code == 200 and len(PdfReader(io.BytesIO(everything.data)).pages) == 3  # revoked left out
    bontang = client.get(f"{base(world)}/semua.docx?delegation={world['bontang'].id}")
    names = docx_lines(bontang.data)
    assert "Budi Santoso, S.IP." in names and "Zainal Abidin, S.Sos." not in names
    assert client.get(f"{base(world)}/{certificate.id}.pdf").status_code == 302  # revoked: not printed
    assert client.post(f"{base(world)}/{certificate.id}/pulihkan").status_code == 302
    assert client.get(f"{base(world)}/{certificate.id}.pdf").status_code == 200


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"hours": "0"}, "hours", "1–100"),
        ({"hours": "101"}, "hours", "1–100"),
        ({"hours": "enam"}, "hours", ""),
        ({"signer_nip": "19680512 199013 1 002"}, "signer_nip", "Bulan TMT"),
        ({"signer_nip": "1234"}, "signer_nip", "18 angka"),
        ({"min_days": "3"}, "min_days", "rapat ini 2 hari"),
        ({"signer_rank": "V/a"}, "signer_rank", ""),
    ],
)
def test_bad_settings_are_refused_and_nothing_is_saved(app, world, changes, field, message):
    client = app.test_client(user=make_user("sekretariat"))
    before = table_counts()
    response = client.post(f"{base(world)}/pengaturan", data={**SETTINGS, "signed_on": "", **changes})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'class="error"' in html and message in html
    assert 'aria-invalid="true"' in html
    db.session.expire_all()
    assert table_counts() == before
    assert db.session.scalar(select(CertificateSettings)) is None


def test_settings_rules_without_http(world):
    event = world["event"]
    with pytest.raises(SettingsInvalid) as invalid:
        services.save_settings(
            event,
            {
                **SETTINGS,
                "hours": 0,
                "signer_nip": "19680512199003 1 000",
                "number_prefix": "x" * 40,
                "number_suffix": "y" * 40,
            },
        )
    assert set(invalid.value.fields) == {"hours", "signer_nip", "number_suffix"}
    settings = configured(world, signer_nip="19680512 199003 1 002", signer_name="  Dr.  Aji  ")
    assert settings.signer_nip == SIGNER_NIP and settings.signer_name == "Dr. Aji"
    assert services.number_for(settings, 7) == "800/007/SERT/BIRO-ORG/2021"
    assert services.number_for(settings, 1234) == "800/1234/SERT/BIRO-ORG/2021"


def test_masked_nip_and_compact_dates():
    assert mask_nip("198609262015052001") == "******** ****** 2 001"
    assert mask_nip(None) == ""
    assert format_day_span(DAY1, DAY2, "id") == "9–10 Agustus 2021"
    assert format_day_span(date(2021, 8, 31), date(2021, 9, 1), "id") == "31 Agustus – 1 September 2021"
    assert format_day_span(date(2021, 12, 31), date(2022, 1, 1), "id") == "31 Desember 2021 – 1 Januari 2022"
    assert format_day_span(DAY1, DAY1, "id") == "9 Agustus 2021"


def test_official_documents_write_a_span_of_days_with_sd():
    """Tata naskah dinas writes a span "s.d." (the certificate, the SK), not with a dash as a badge may."""
    assert format_day_span_sd(DAY1, DAY2) == "9 s.d. 10 Agustus 2021"
    assert format_day_span_sd(date(2021, 8, 31), date(2021, 9, 1)) == "31 Agustus s.d. 1 September 2021"
    assert format_day_span_sd(date(2021, 12, 31), date(2022, 1, 1)) == "31 Desember 2021 s.d. 1 Januari 2022"
    assert format_day_span_sd(DAY1, DAY1) == "9 Agustus 2021"


# ---- command line and demo ----------------------------------------------------------------------


def test_cli_writes_issued_certificates_and_refuses_when_there_are_none(runner, world, tmp_path):
    slug = world["event"].slug
    output = tmp_path / "sertifikat.pdf"
    none = runner.invoke(args=["export", "certificates", "--event", slug, "-o", str(output)])
    assert none.exit_code == 1 and "Belum ada sertifikat" in none.output and not output.exists()
    refused = runner.invoke(args=["export", "certificates", "--event", slug, "--issue", "-o", str(output)])
    assert refused.exit_code == 1 and "jam pelajaran (JP)" in refused.output
    configured(world)
    made = runner.invoke(
        args=["export", "certificates", "--event", slug, "--issue", "--delegation", "64.74", "-o", str(output)]
    )
    assert made.exit_code == 0, made.output
    assert "4 sertifikat baru diterbitkan" in made.output and "2 sertifikat ditulis" in made.output
    pages = pdf_pages(output.read_bytes())
    assert len(pages) == 2 and "Budi Santoso, S.IP." in pages[0] and "Dr. Yusmadi, M.Si." in pages[1]
    assert "http://127.0.0.1:5000/sertifikat/" in decode_pdf_page(output.read_bytes())[0]  # PUBLIC_BASE_URL
    docx = tmp_path / "sertifikat.docx"
    again = runner.invoke(args=["export", "certificates", "--event", slug, "--format", "docx", "-o", str(docx)])
    assert again.exit_code == 0 and "4 sertifikat ditulis" in again.output
    bad = runner.invoke(args=["export", "certificates", "--event", slug, "--delegation", "99.99", "-o", str(output)])
    assert bad.exit_code == 1 and "99.99" in bad.output


@pytest.mark.clocks
def test_demo_is_ready_to_issue_once_people_check_in(runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    event = db.session.scalar(select(Event))
    settings = services.settings_for(event)
    assert settings.hours == 16 and settings.signer_name == "Aji Sayid Faturrahman" and settings.signer_nip
    assert services.missing_settings(settings) == []
    assert runner.invoke(args=["seed-demo"]).exit_code == 0  # idempotent
    assert db.session.scalar(select(func.count(CertificateSettings.id))) == 1
    someone = db.session.scalar(
        select(Registration).where(Registration.role == "peserta", Registration.state == "approved")
    )
    check_in(event, someone, event.start_date)
    issued = services.issue(event)
    assert someone.id in {c.registration_id for c in issued}
    assert {c.role for c in issued} >= {"peserta", "narasumber"}  # the speakers of the demo programme too


# ---- issue 11 A.7: issuer of the kop, one issue date, a legible address under the QR ------------------


def _page(client, certificate) -> str:
    import re

    html = client.get(f"/sertifikat/{certificate.verify_token}").get_data(as_text=True)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_issuer_is_the_institution_of_the_kop_not_the_host_regency(app, world):
    event = world["event"]  # kop: PEMERINTAH PROVINSI KALIMANTAN TIMUR; host: Pemerintah Kabupaten Paser
    configured(world)
    issued = services.issue(event)
    client = app.test_client()
    page = pdf_pages(services.render(event, issued[:1], "pdf"))[0]
    assert "yang diselenggarakan oleh Pemerintah Provinsi Kalimantan Timur pada tanggal" in page
    assert "Kabupaten Paser pada tanggal" not in page
    assert "diterbitkan oleh Pemerintah Provinsi Kalimantan Timur melalui Raker" in _page(client, issued[0])
    event.letterhead_unit = "SEKRETARIAT DAERAH — BIRO ORGANISASI"
    db.session.commit()
    issuer = "Biro Organisasi Sekretariat Daerah Provinsi Kalimantan Timur"
    assert f"yang diselenggarakan oleh {issuer} pada tanggal" in pdf_pages(services.render(event, issued[:1], "pdf"))[0]
    assert any(
        f"yang diselenggarakan oleh {issuer} pada tanggal" in line
        for line in docx_lines(services.render(event, issued[:1], "docx"))
    )
    assert f"diterbitkan oleh {issuer} melalui Raker" in _page(client, issued[0])


@pytest.mark.parametrize("signed_on, printed", [(None, "10 Agustus 2021"), (date(2021, 8, 12), "12 Agustus 2021")])
def test_the_certificate_and_its_check_page_show_the_same_issue_date(app, world, signed_on, printed):
    event = world["event"]
    configured(world, signed_on=signed_on)
    certificate = services.issue(event)[0]  # issued today, long after the meeting: not the date printed
    assert f"Tana Paser, {printed}" in pdf_pages(services.render(event, [certificate], "pdf"))[0]
    assert f"Tana Paser, {printed}" in docx_lines(services.render(event, [certificate], "docx"))
    assert f"Diterbitkan {printed}" in _page(app.test_client(), certificate)


def _text_sizes(pdf: bytes) -> list[tuple[str, float]]:
    """(text, size in points as printed) of each text run on the first page."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = (abs(tm[0] * cm[0] + tm[1] * cm[2]) ** 2 + abs(tm[0] * cm[1] + tm[1] * cm[3]) ** 2) ** 0.5
            runs.append((text.strip(), size * scale))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize("long_texts", [False, True])
def test_the_address_under_the_qr_is_legible_and_its_token_whole(world, long_texts):
    if long_texts:  # the page's text shrinks to fit; the address under the QR does not
        world["event"].title = ("Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur " * 5)[:300]
        world["ani"].full_name = ("Prof. Dr. Ir. Hj. Andi Nurul Hikmah Rahmawati Saputri Permata Sari, S.E. " * 3)[:200]
        db.session.commit()
    configured(world)
    certificate = services.issue(world["event"])[0]
    runs = _text_sizes(services.render(world["event"], [certificate], "pdf"))
    token = [size for text, size in runs if text == certificate.verify_token]
    assert token and min(token) >= 6.5  # the whole token on one line, at least 6.5 pt
    assert all(size >= 6.5 for text, size in runs if "/sertifikat/" in text)
    lines = docx_lines(services.render(world["event"], [certificate], "docx"))
    assert certificate.verify_token in lines and "http://127.0.0.1:5000/sertifikat/" in lines


def test_download_buttons_wait_for_the_first_certificate_and_the_list_pages(app, world):
    """Before any certificate is issued "Semua sertifikat" is a disabled button saying why (it led to an
    error message); the list shows 50 a page, so 10,000 participants are not one 3 MB page."""
    client = app.test_client(user=make_user("sekretariat"))
    page = client.get(f"{base(world)}/").get_data(as_text=True)
    assert "semua.pdf" not in page and "semua.docx" not in page
    assert 'disabled aria-describedby="batch-why">Semua sertifikat (PDF)' in page
    assert "Dapat diunduh setelah sertifikat diterbitkan." in page
    one_delegation = client.get(f"{base(world)}/?delegation={world['paser'].id}").get_data(as_text=True)
    assert "semua.pdf" not in one_delegation and "belum memiliki sertifikat yang diterbitkan" in one_delegation
    configured(world)
    services.issue(world["event"])
    page = client.get(f"{base(world)}/").get_data(as_text=True)
    assert "semua.pdf" in page and "semua.docx" in page and "Dapat diunduh setelah" not in page

    for n in range(7, 62):  # 55 more approved people: 60 rows with the five of the world
        approved(world["event"], world["paser"], n)
    first = client.get(f"{base(world)}/").get_data(as_text=True)
    second = client.get(f"{base(world)}/?page=2").get_data(as_text=True)
    rows = lambda html: html.split('id="certificates"')[1].split("<tbody>")[1].split("</tbody>")[0].count("<tr>")  # noqa: E731
    assert rows(first) == 50 and rows(second) == 10
    assert "Menampilkan 1–50 dari 60" in first and "Menampilkan 51–60 dari 60" in second
    assert 'id="count-issued">4<' in second  # the counts are the meeting's, on every page


# ---- the page at scale: the rule in SQL, the counts by the database, one page loaded ------------


def test_the_rule_in_sql_agrees_with_the_rule_as_written_on_a_mixed_set(world):
    """The page counts and lists through the database (_eligible_sql) and issue() follows the same
    answers: on people who came enough days or not, before the meeting, undone, approved or not, data
    deleted, narasumber or moderator of a session held or cancelled, a holder since cancelled."""
    event, paser, bontang = world["event"], world["paser"], world["bontang"]
    day_before = DAY1 - timedelta(days=1)
    early = approved(event, paser, 7, full_name="Eko Datang Kemarin")
    check_in(event, early, day_before)  # outside the meeting's days: does not count
    erased = approved(event, bontang, 8, full_name="Fajar Dihapus")
    check_in(event, erased, DAY1)
    check_in(event, erased, DAY2)
    moderator = approved(event, bontang, 9, full_name="Gita Moderator", role="moderator")
    agenda.add_person(world["session"], {"role": "moderator", "registration_id": moderator.id})
    unheld = approved(event, paser, 10, full_name="Hadi Sesi Batal", role="narasumber")
    cancelled_session = agenda.create_session(
        event, {"title": "Sesi yang batal", "kind": "paparan", "starts_at": at(DAY2, 10), "ends_at": at(DAY2, 11)}
    )
    agenda.add_person(cancelled_session, {"role": "narasumber", "registration_id": unheld.id})
    cancelled_session.cancelled = True
    holder = approved(event, paser, 11, full_name="Indah Batal Setelah Terbit")
    check_in(event, holder, DAY1)
    check_in(event, holder, DAY2)
    db.session.commit()
    configured(world)
    services.issue(event)  # Indah gets hers while approved ...
    change_state(holder, "cancelled")  # ... then cancels: still listed (she holds one), no longer qualifies
    erased.anonymised_at = datetime(2021, 8, 11, tzinfo=UTC)
    db.session.commit()

    # (approved, data kept, speaker of a session held, meeting days checked in) as the rule reads them.
    facts = {
        "Zainal Abidin, S.Sos.": (True, True, False, 2),
        "Ani Rahmawati, S.E.": (True, True, False, 1),
        "Budi Santoso, S.IP.": (True, True, False, 1),  # day 2 undone
        "Dr. Yusmadi, M.Si.": (True, True, True, 0),
        "Citra Lestari": (True, True, False, 0),
        "Eko Datang Kemarin": (True, True, False, 0),
        "Fajar Dihapus": (True, False, False, 2),
        "Gita Moderator": (True, True, True, 0),
        "Hadi Sesi Batal": (True, True, False, 0),
        "Indah Batal Setelah Terbit": (False, True, False, 2),
    }
    for min_days in (1, 2):
        configured(world, min_days=min_days)
        expected = {
            name: is_approved and kept and (speaks or days >= min_days)
            for name, (is_approved, kept, speaks, days) in facts.items()
        }
        rows = services.candidates(event)
        assert {c.registration.full_name: c.eligible for c in rows} == expected  # "Dedi Pending" not listed
        settings = services.settings_for(event)
        paged = [
            c
            for n in (1, 2, 3, 4)
            for c in services.page_of(event, settings, services.Pages.of(n, len(rows), per_page=3))
        ]
        assert [(c.registration.id, c.eligible) for c in paged] == [(c.registration.id, c.eligible) for c in rows]
        active = [c for c in rows if c.registration.state == "approved" and c.registration.anonymised_at is None]
        certified = [c for c in rows if c.certificate]
        assert services.counts(event) == {
            "eligible": sum(expected.values()),
            "issued": sum(1 for c in certified if not c.certificate.revoked),
            "revoked": 0,
            "not_eligible": sum(1 for c in active if not c.eligible),
            "to_issue": sum(1 for c in rows if c.eligible and not c.certificate),
            "listed": len(facts),
            "listed_issued": len(certified),
        }
    # issue() gives certificates to exactly the ones the page counts as "to issue".
    configured(world, min_days=1)
    check_in(event, world["absent"], DAY2)  # Citra comes on the second day
    assert services.counts(event)["to_issue"] == 1
    assert [c.registration.full_name for c in services.issue(event)] == ["Citra Lestari"]


def test_the_page_counts_a_big_meeting_by_the_database_and_loads_one_page(app):
    """300 participants (half checked in, their certificates issued): the counts are the meeting's, the
    delegation's figures its own, and showing a page loads its 50 people, not the 300."""
    from tests.scale import DELEGATIONS, meeting_for_pages

    event = meeting_for_pages(300, "Rapat Kerja Uji Sertifikat")["event"]
    first_issued = db.session.scalars(select(Certificate).order_by(Certificate.sequence)).first()
    services.revoke(first_issued, reason="Salah cetak")
    figures = services.counts(event)
    assert figures == {
        "eligible": 150,
        "issued": 149,
        "revoked": 1,
        "not_eligible": 150,
        "to_issue": 0,  # the revoked one keeps its certificate: revoking is not un-issuing
        "listed": 300,
        "listed_issued": 149,
    }
    delegation = event.delegations[0]
    one = services.counts(event, delegation_id=delegation.id)
    assert one["listed"] == 300 // DELEGATIONS and one["eligible"] == 150  # the meeting's, with the delegation's rows
    assert services.counts(event, delegation_id=2**63)["listed"] == 0  # too big for the column: nobody, no error

    event_id = event.id
    db.session.expunge_all()
    shown = services.overview(db.session.get(Event, event_id), page=3)
    loaded = [o for o in db.session.identity_map.values() if isinstance(o, Registration)]
    assert len(shown.rows) == 50 and len(loaded) == 50
    assert (shown.pages.first_row, shown.pages.last_row, shown.pages.count) == (101, 150, 6)
    assert shown.counts == {k: v for k, v in figures.items() if not k.startswith("listed")}
    numbers = [c.certificate.sequence for c in shown.rows if c.certificate]
    assert numbers == sorted(numbers)  # the page in the order of the numbers


def test_the_pager_keeps_the_delegation_and_its_links_are_the_apps_own(app, world):
    client = app.test_client(user=make_user("sekretariat"))
    for n in range(7, 62):  # 55 more approved in Paser: 58 rows for Paser, 60 in all
        approved(world["event"], world["paser"], n)
    paser = world["paser"].id
    page = client.get(f"{base(world)}/?delegation={paser}&page=2").get_data(as_text=True)
    assert "Menampilkan 51–58 dari 58" in page
    pager = page.split('class="pager"')[1].split("</nav>")[0]
    links = [urlsplit(unescape(href)) for href in re.findall(r'href="([^"]+)"', pager)]
    assert links and all(not link.netloc and link.path == f"{base(world)}/" for link in links)
    queries = [parse_qs(link.query) for link in links]
    assert all(q["delegation"] == [str(paser)] for q in queries) and {q["page"][0] for q in queries} == {"1", "2"}
    assert 'rel="prev"' in pager and 'rel="next"' not in pager
    assert client.get(f"{base(world)}/?page=999999999999999999999").status_code == 200  # past the last: the last
    assert client.get(f"{base(world)}/?delegation=999999999999999999999").status_code == 200


def test_the_signers_jabatan_keeps_its_printed_lines(world):
    """ "a.n. SEKRETARIS DAERAH" over "ASISTEN ADMINISTRASI UMUM", as the letters' signer: saved in lines (the
    field is a textarea), each line's spaces tidied; before, every line ran into one."""
    settings = services.save_settings(
        world["event"], {**SETTINGS, "signer_position": " a.n.  SEKRETARIS DAERAH \r\n\r\nASISTEN ADMINISTRASI UMUM "}
    )
    assert settings.signer_position == "a.n. SEKRETARIS DAERAH\nASISTEN ADMINISTRASI UMUM"
