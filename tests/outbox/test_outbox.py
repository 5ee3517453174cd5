"""The "Kotak keluar" page: a meeting's mail with its state, a preview, retry and attachments, for that
meeting's secretariat only; and the quick start without a mail server, where this page is the mailbox."""

import re

import pytest
from sqlalchemy import select

from raker.checkin.codes import qr_text
from raker.events.services import add_delegation
from raker.extensions import db
from raker.mail import send_pending
from raker.models import AuditLog, OutboxMessage
from raker.outbox import services as outbox
from raker.registration import services as registrations
from tests.factories import make_event, make_user, register
from tests.qr import decode_png


@pytest.fixture
def two_meetings(app):
    a, b = make_event(title="Rapat Kerja A"), make_event(title="Rapat Kerja B")
    paser_a = add_delegation(a, {"name": "Kabupaten Paser", "region_code": "64.01"})
    paser_b = add_delegation(b, {"name": "Kabupaten Paser", "region_code": "64.01"})
    staff_a = make_user("sekretariat", "sek.a@uji.raker.example", event=a)
    staff_b = make_user("sekretariat", "sek.b@uji.raker.example", event=b)
    return {"a": a, "b": b, "paser_a": paser_a, "paser_b": paser_b, "staff_a": staff_a, "staff_b": staff_b}


def _approved(event, group, n):
    registration = register(event, group, n)
    registrations.change_state(registration, "approved")
    return registration


def _mail_of(registration, kind):
    return db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.registration_id == registration.id, OutboxMessage.kind == kind)
    )


def _set_state(message, status, error="", attempts=0):
    message.status, message.last_error, message.attempts = status, error, attempts
    db.session.commit()


def test_each_message_with_its_state_error_and_tries(app, two_meetings):
    a, paser = two_meetings["a"], two_meetings["paser_a"]
    sent, failed, cancelled = (register(a, paser, n) for n in (1, 2, 3))
    _set_state(_mail_of(sent, "registration.received"), "sent", attempts=1)
    _set_state(_mail_of(failed, "registration.received"), "failed", "SMTPRecipientsRefused: 550 mailbox unavailable", 6)
    _set_state(_mail_of(cancelled, "registration.received"), "cancelled")
    register(a, paser, 4)  # stays queued
    client = app.test_client(user=two_meetings["staff_a"])
    page = client.get(f"/admin/events/{a.slug}/outbox").get_data(as_text=True)
    rows = re.findall(r'<tr data-message="\d+">(.*?)</tr>', page, re.S)
    assert len(rows) == 4
    text = [re.sub(r"<[^>]+>|\s+", " ", row) for row in rows]
    assert "peserta4@uji.raker.example" in text[0] and "menunggu dikirim" in text[0]
    assert "dibatalkan" in text[1]
    assert "gagal" in text[2] and "550 mailbox unavailable" in text[2] and text[2].rstrip().endswith("6")
    assert "terkirim" in text[3] and "Pendaftaran diterima" in text[3]
    counts = dict(re.findall(r'data-state="(\w+)"[^>]*>[^<]*<strong>(\d+)</strong>', page))
    assert counts == {"pending": "1", "sending": "0", "sent": "1", "failed": "1", "cancelled": "1"}


def test_filter_by_state_and_search_and_fifty_a_page(app, two_meetings):
    a, paser = two_meetings["a"], two_meetings["paser_a"]
    first_registration = register(a, paser, 1)
    for n in range(2, 56):
        register(a, paser, n)
    _set_state(_mail_of(first_registration, "registration.received"), "failed", "timeout")
    client = app.test_client(user=two_meetings["staff_a"])
    first = client.get(f"/admin/events/{a.slug}/outbox").get_data(as_text=True)
    second = client.get(f"/admin/events/{a.slug}/outbox?page=2").get_data(as_text=True)
    assert first.count("<tr data-message=") == 50 and second.count("<tr data-message=") == 5
    assert "Halaman 1 dari 2" in first and 'rel="next"' in first and 'rel="prev"' in second
    failed = client.get(f"/admin/events/{a.slug}/outbox?state=failed").get_data(as_text=True)
    assert failed.count("<tr data-message=") == 1 and "peserta1@uji.raker.example" in failed
    found = client.get(f"/admin/events/{a.slug}/outbox?q=PESERTA17@").get_data(as_text=True)
    assert found.count("<tr data-message=") == 1 and "peserta17@uji.raker.example" in found
    assert client.get(f"/admin/events/{a.slug}/outbox?page=99&state=bogus").status_code == 200


def test_staff_see_only_their_meetings_mail(app, two_meetings):
    register(two_meetings["a"], two_meetings["paser_a"], 1)
    register(two_meetings["b"], two_meetings["paser_b"], 2)
    mine = app.test_client(user=two_meetings["staff_a"])
    page = mine.get(f"/admin/events/{two_meetings['a'].slug}/outbox").get_data(as_text=True)
    assert "peserta1@uji.raker.example" in page and "peserta2@uji.raker.example" not in page
    assert mine.get(f"/admin/events/{two_meetings['b'].slug}/outbox").status_code == 403


def test_preview_shows_the_text_and_attachments_and_the_secretariat_downloads_them(app, two_meetings):
    a = two_meetings["a"]
    registration = _approved(a, two_meetings["paser_a"], 1)
    message = _mail_of(registration, "registration.approved")
    client = app.test_client(user=two_meetings["staff_a"])
    page = client.get(f"/admin/events/{a.slug}/outbox/{message.id}").get_data(as_text=True)
    body = re.search(r'<pre class="mail-body card" id="mail-body">(.*?)</pre>', page, re.S).group(1)
    assert f"/r/{registration.token}" in body and registration.full_name in body
    names = re.findall(r'/attachments/\d+"[^>]*>([^<]+)</a>', page)
    assert names == ["kode-qr.png", "tanda-peserta.pdf", "susunan-acara.ics"]
    qr = next(x for x in message.attachments if x.filename == "kode-qr.png")
    response = client.get(f"/admin/events/{a.slug}/outbox/{message.id}/attachments/{qr.id}")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert decode_png(response.data) == qr_text(registration)  # rendered now: the row names what to draw
    assert "dibuat saat dikirim" in page
    ics = next(x for x in message.attachments if x.filename == "susunan-acara.ics")
    download = client.get(f"/admin/events/{a.slug}/outbox/{message.id}/attachments/{ics.id}")
    assert download.mimetype == "application/octet-stream" and "attachment" in download.headers["Content-Disposition"]
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "export.outbox_attachment")).details == {
        "filename": "kode-qr.png"
    }


def test_an_attachment_whose_registration_is_gone_is_refused_with_a_reason(app, two_meetings):
    a = two_meetings["a"]
    registration = _approved(a, two_meetings["paser_a"], 1)
    message = _mail_of(registration, "registration.approved")
    badge = next(x for x in message.attachments if x.filename == "tanda-peserta.pdf")
    message_id, badge_id = message.id, badge.id
    db.session.delete(registration)
    db.session.commit()
    client = app.test_client(user=two_meetings["staff_a"])
    refused = client.get(f"/admin/events/{a.slug}/outbox/{message_id}/attachments/{badge_id}")
    assert refused.status_code == 410 and refused.headers["Location"].endswith(f"/outbox/{message_id}")
    page = client.get(f"/admin/events/{a.slug}/outbox/{message_id}").get_data(as_text=True)
    assert "Pendaftaran lampiran ini sudah dihapus atau tidak lagi disetujui." in page


def test_another_meetings_secretariat_gets_no_attachment(app, two_meetings):
    a, b = two_meetings["a"], two_meetings["b"]
    message = _mail_of(_approved(a, two_meetings["paser_a"], 1), "registration.approved")
    attachment = message.attachments[0]
    other = app.test_client(user=two_meetings["staff_b"])
    assert other.get(f"/admin/events/{a.slug}/outbox/{message.id}/attachments/{attachment.id}").status_code == 403
    # through their own meeting's address: not found, as if it did not exist
    assert other.get(f"/admin/events/{b.slug}/outbox/{message.id}/attachments/{attachment.id}").status_code == 404
    assert other.get(f"/admin/events/{b.slug}/outbox/{message.id}").status_code == 404
    assert other.post(f"/admin/events/{b.slug}/outbox/{message.id}/retry").status_code == 404
    contact = make_user("kontak_delegasi", "kontak@uji.raker.example")
    assert (
        app.test_client(user=contact)
        .get(f"/admin/events/{a.slug}/outbox/{message.id}/attachments/{attachment.id}")
        .status_code
        == 403
    )
    assert (
        app.test_client().get(f"/admin/events/{a.slug}/outbox/{message.id}/attachments/{attachment.id}").status_code
        == 302
    )


def test_retry_queues_a_failed_message_again_and_never_a_sent_one(app, two_meetings):
    a, paser = two_meetings["a"], two_meetings["paser_a"]
    failed = _mail_of(register(a, paser, 1), "registration.received")
    sent = _mail_of(register(a, paser, 2), "registration.received")
    _set_state(failed, "failed", "ConnectionRefusedError: [Errno 111] Connection refused", 6)
    _set_state(sent, "sent", attempts=1)
    client = app.test_client(user=two_meetings["staff_a"])
    page = client.get(f"/admin/events/{a.slug}/outbox/{failed.id}").get_data(as_text=True)
    assert "Coba kirim lagi" in page and "Connection refused" in page
    response = client.post(f"/admin/events/{a.slug}/outbox/{failed.id}/retry")
    assert response.status_code == 302
    db.session.expire_all()
    again = db.session.get(OutboxMessage, failed.id)
    assert (again.status, again.attempts) == ("pending", 0)
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "outbox.retry"))
    assert audit.object_id == failed.id and audit.user_id == two_meetings["staff_a"].id
    assert "Coba kirim lagi" not in client.get(f"/admin/events/{a.slug}/outbox/{sent.id}").get_data(as_text=True)
    refused = client.post(f"/admin/events/{a.slug}/outbox/{sent.id}/retry")
    assert refused.status_code == 409
    assert "tidak pernah dikirim dua kali" in client.get(refused.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(OutboxMessage, sent.id).status == "sent"


def test_retry_refuses_mail_whose_recipient_was_erased(app, two_meetings):
    message = _mail_of(register(two_meetings["a"], two_meetings["paser_a"], 1), "registration.received")
    message.to_address, message.status = "", "cancelled"
    db.session.commit()
    assert not outbox.may_retry(message)
    with pytest.raises(outbox.OutboxRefused, match="sudah dihapus"):
        outbox.retry(message)


def test_retried_message_goes_out_through_smtp(mail_app):
    app, mailbox = mail_app
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    message = _mail_of(register(event, paser, 1), "registration.received")
    _set_state(message, "failed", "timeout", 6)
    assert send_pending().sent == 0
    outbox.retry(message)
    assert send_pending().sent == 1 and len(mailbox.to("peserta1@uji.raker.example")) == 1


def test_without_smtp_the_outbox_page_is_the_mailbox(app, two_meetings):
    a = two_meetings["a"]
    assert app.config["SMTP_HOST"] == ""  # the quick start's (and the tests') default outside production
    registration = register(a, two_meetings["paser_a"], 1)
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 0 and "SMTP_HOST belum diatur" in result.output and "Kotak keluar" in result.output
    message = _mail_of(registration, "registration.received")
    assert (message.status, message.attempts) == ("pending", 0)  # not tried, not failed
    client = app.test_client(user=two_meetings["staff_a"])
    page = client.get(f"/admin/events/{a.slug}/outbox").get_data(as_text=True)
    assert 'id="local-mailbox"' in page and "Kotak keluar inilah kotak suratnya" in page
    preview = client.get(f"/admin/events/{a.slug}/outbox/{message.id}").get_data(as_text=True)
    assert f"/r/{registration.token}" in preview and "tidak dikirim keluar" in preview
    assert "Kotak keluar" in client.get(f"/admin/events/{a.slug}").get_data(as_text=True)


def test_production_still_defaults_to_the_local_mail_server(app_factory):
    from config import ProductionConfig

    assert ProductionConfig.SMTP_HOST == "localhost"


def test_seed_demo_points_a_new_user_to_the_mailbox(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "Kotak keluar" in line)
    assert "SMTP_HOST belum diatur" in line and line.endswith("/outbox")
    assert line.split(": ")[-1].startswith(
        app.config["PUBLIC_BASE_URL"] + "/admin/events/raker-ketatalaksanaan-kaltim-"
    )


def test_the_preview_links_the_apps_own_addresses_only(app, two_meetings):
    a = two_meetings["a"]
    registration = register(a, two_meetings["paser_a"], 1, notes="lihat http://jahat.example/x")
    message = _mail_of(registration, "registration.received")
    message.body_text += "\n<script>alert(1)</script> http://jahat.example/login\n"
    db.session.commit()
    page = (
        app.test_client(user=two_meetings["staff_a"])
        .get(f"/admin/events/{a.slug}/outbox/{message.id}")
        .get_data(as_text=True)
    )
    personal = f"{app.config['PUBLIC_BASE_URL']}/r/{registration.token}"
    assert f'<a href="{personal}" rel="noopener" target="_blank">{personal}</a>' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert 'href="http://jahat.example' not in page


def test_the_attachments_are_the_files_export_makes_as_the_mail_has_always_had_them(app, two_meetings):
    """Rendered when sent by raker.exports.export(): the badge one A6 page (not the secretariat's
    sheet), the QR code 8 pixels a module (the personal link's is 10), the agenda the meeting's ICS."""
    import io

    from PIL import Image
    from pypdf import PdfReader

    from raker.exports import export
    from raker.mail import content

    a = two_meetings["a"]
    registration = _approved(a, two_meetings["paser_a"], 1)
    message = _mail_of(registration, "registration.approved")
    files = {x.filename: content(x) for x in message.attachments}
    [page] = PdfReader(io.BytesIO(files["tanda-peserta.pdf"])).pages
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (298, 420)  # A6
    mailed = Image.open(io.BytesIO(files["kode-qr.png"]))
    linked = Image.open(io.BytesIO(export(a, "qr", "png", registration=registration.id).body))
    assert mailed.width * 10 == linked.width * 8 and decode_png(files["kode-qr.png"]) == qr_text(registration)
    assert files["susunan-acara.ics"] == export(a, "agenda", "ics").body


def test_an_attachment_of_a_registration_no_longer_approved_is_refused(app, two_meetings):
    """Cancelled after the approval mail was queued: no badge or QR code goes out for it (export()
    prints them for approved participants only), the reason shown as for a deleted one."""
    from raker.mail import AttachmentGone, content

    a = two_meetings["a"]
    registration = _approved(a, two_meetings["paser_a"], 1)
    message = _mail_of(registration, "registration.approved")
    registrations.change_state(registration, "cancelled")
    for name in ("kode-qr.png", "tanda-peserta.pdf"):
        with pytest.raises(AttachmentGone, match="sudah dihapus atau tidak lagi disetujui"):
            content(next(x for x in message.attachments if x.filename == name))


def test_an_attachment_with_neither_bytes_nor_renderer_is_refused(app):
    """queue() always writes one of the two; a row with neither is refused with a reason (the mail
    marked failed, the download a 410), never mailed or served as an empty file."""
    from raker.mail import AttachmentGone, content
    from raker.models import OutboxAttachment

    empty = OutboxAttachment(filename="kosong.pdf", mimetype="application/pdf", data=None, render=None)
    with pytest.raises(AttachmentGone, match="kosong.pdf"):
        content(empty)
