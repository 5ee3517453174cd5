"""Mail through a real SMTP server (aiosmtpd on localhost): queued in the transaction, sent after."""

import pytest
from sqlalchemy import select

from raker.checkin.codes import qr_text
from raker.events.services import add_delegation
from raker.extensions import db
from raker.mail import MAX_ATTEMPTS, send_pending
from raker.models import OutboxAttachment, OutboxMessage, Registration
from raker.registration import services
from tests.factories import make_event, make_user, register


@pytest.fixture
def event_and_delegation(mail_app):
    event = make_event()
    return event, add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01", "quota": 1})


def test_registration_mail_is_sent_once_after_commit(mail_app, event_and_delegation, runner=None):
    app, mailbox = mail_app
    event, paser = event_and_delegation
    registration = register(event, paser, 1)
    assert mailbox.messages == []  # nothing leaves before `outbox send`
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 0 and "1 terkirim" in result.output
    [message] = mailbox.to(registration.email)
    assert message["Subject"] == f"Pendaftaran diterima — {event.title}"
    assert message["From"] == "Sekretariat Raker <raker@uji.raker.example>"
    body = message.get_body(("plain",)).get_content()
    assert f"/r/{registration.token}" in body and "Kabupaten Paser" in body
    again = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert "0 terkirim" in again.output
    assert len(mailbox.messages) == 1  # never twice


def test_approval_mail_carries_qr_badge_and_calendar(mail_app, event_and_delegation):
    app, mailbox = mail_app
    event, paser = event_and_delegation
    registration = register(event, paser, 1)
    services.change_state(registration, "approved", by=make_user("sekretariat"))
    send_pending()
    approval = [m for m in mailbox.to(registration.email) if m["Subject"].startswith("Pendaftaran disetujui")][0]
    attachments = {part.get_filename(): part for part in approval.iter_attachments()}
    assert set(attachments) == {"kode-qr.png", "tanda-peserta.pdf", "susunan-acara.ics"}
    assert attachments["tanda-peserta.pdf"].get_content()[:5] == b"%PDF-"
    assert attachments["kode-qr.png"].get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    ics = attachments["susunan-acara.ics"].get_content()
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "BEGIN:VCALENDAR" in ics and event.title[:20] in ics.replace("\r\n ", "")
    from tests.qr import decode_png

    assert decode_png(attachments["kode-qr.png"].get_content()) == qr_text(registration)


def test_approval_names_its_attachments_and_the_mail_renders_them_when_sent(mail_app, event_and_delegation):
    """Nothing is rendered inside the approval (under the meeting-row lock): the outbox row says what to draw,
    and the badge that goes out shows the participant's data at the moment it is sent."""
    from tests.documents import pdf_text
    from tests.qr import decode_png

    app, mailbox = mail_app
    event, paser = event_and_delegation
    registration = register(event, paser, 1)
    services.change_state(registration, "approved", by=make_user("sekretariat"))
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "registration.approved"))
    assert {(a.filename, a.render, a.data) for a in message.attachments} == {
        ("kode-qr.png", "qr", None),
        ("tanda-peserta.pdf", "badge", None),
        ("susunan-acara.ics", "agenda", None),
    }
    registration.full_name = "Nama Baru Sesudah Disetujui"
    db.session.commit()
    send_pending()
    approval = [m for m in mailbox.to(registration.email) if m["Subject"].startswith("Pendaftaran disetujui")][0]
    attachments = {part.get_filename(): part.get_content() for part in approval.iter_attachments()}
    assert "Nama Baru Sesudah Disetujui" in pdf_text(attachments["tanda-peserta.pdf"])
    assert decode_png(attachments["kode-qr.png"]) == qr_text(registration)


def test_a_message_queued_with_bytes_is_sent_with_those_bytes(mail_app, event_and_delegation):
    """Rows written before attachments were rendered when sent keep their files."""
    app, mailbox = mail_app
    event, paser = event_and_delegation
    registration = register(event, paser, 1)
    message = OutboxMessage(
        kind="test",
        to_address=registration.email,
        subject="Lama",
        body_text="Isi\n",
        event_id=event.id,
        registration_id=registration.id,
    )
    message.attachments.append(OutboxAttachment(filename="lama.pdf", mimetype="application/pdf", data=b"%PDF-1.4 lama"))
    db.session.add(message)
    db.session.commit()
    send_pending()
    [sent] = [m for m in mailbox.to(registration.email) if m["Subject"] == "Lama"]
    assert [(p.get_filename(), p.get_content()) for p in sent.iter_attachments()] == [("lama.pdf", b"%PDF-1.4 lama")]


def test_an_approval_mail_whose_registration_is_gone_fails_with_a_reason(mail_app, event_and_delegation):
    app, mailbox = mail_app
    event, paser = event_and_delegation
    registration = register(event, paser, 1)
    services.change_state(registration, "approved", by=make_user("sekretariat"))
    email = registration.email
    db.session.delete(db.session.get(Registration, registration.id))
    db.session.commit()
    report = send_pending()
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "registration.approved"))
    assert message.status == "failed" and "sudah dihapus" in message.last_error and report.failed >= 1
    assert not [m for m in mailbox.to(email) if m["Subject"].startswith("Pendaftaran disetujui")]


def test_waiting_list_and_promotion_mails(mail_app, event_and_delegation):
    app, mailbox = mail_app
    event, paser = event_and_delegation
    first = register(event, paser, 1)
    second = register(event, paser, 2)
    services.change_state(first, "cancelled")
    send_pending()
    subjects = [m["Subject"] for m in mailbox.to(second.email)]
    assert subjects == [f"Masuk daftar tunggu — {event.title}", f"Anda mendapat tempat — {event.title}"]
    assert [m["Subject"] for m in mailbox.to(first.email)][-1] == f"Pendaftaran dibatalkan — {event.title}"


def test_rejection_mail_gives_the_reason(mail_app, event_and_delegation):
    app, mailbox = mail_app
    event, paser = event_and_delegation
    registration = register(event, paser, 1)
    services.change_state(registration, "rejected", reason="Surat tugas belum dilampirkan.")
    send_pending()
    rejection = mailbox.to(registration.email)[-1]
    assert "Surat tugas belum dilampirkan." in rejection.get_body(("plain",)).get_content()


def test_smtp_failure_is_retried_later_not_lost(app_factory, smtp_server):
    mailbox, port = smtp_server
    app = app_factory(SMTP_HOST="127.0.0.1", SMTP_PORT=1)  # nothing listens on port 1
    with app.app_context():
        event = make_event()
        paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
        registration = register(event, paser, 1)
        report = send_pending()
        assert (report.sent, report.retrying) == (0, 1)
        message = db.session.scalar(select(OutboxMessage))
        assert message.status == "pending" and message.attempts == 1 and "Error" in message.last_error
        assert message.next_attempt_at > message.created_at
        # the server comes back: the message goes once its back-off has passed
        app.config["SMTP_PORT"] = port
        assert send_pending().sent == 0  # still waiting out the back-off
        message.next_attempt_at = message.created_at
        db.session.commit()
        assert send_pending().sent == 1
        assert len(mailbox.to(registration.email)) == 1


def test_gives_up_after_max_attempts(app_factory):
    app = app_factory(SMTP_HOST="127.0.0.1", SMTP_PORT=1)
    with app.app_context():
        event = make_event()
        paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
        register(event, paser, 1)
        message = db.session.scalar(select(OutboxMessage))
        for _ in range(MAX_ATTEMPTS):
            message.next_attempt_at = message.created_at
            db.session.commit()
            send_pending()
        db.session.refresh(message)
        assert message.status == "failed" and message.attempts == MAX_ATTEMPTS
        result = app.test_cli_runner().invoke(args=["outbox", "status"])
        assert "failed\t1" in result.output


def test_a_claimed_message_is_not_sent_by_a_second_sender(mail_app, event_and_delegation):
    from raker.mail import _claim

    app, mailbox = mail_app
    event, paser = event_and_delegation
    register(event, paser, 1)
    message = db.session.scalar(select(OutboxMessage))
    assert _claim(message.id) is True  # first sender
    assert _claim(message.id) is False  # a second process finds it taken
    assert send_pending().sent == 0 and mailbox.messages == []


def test_send_after_request_when_configured(app_factory, smtp_server):
    mailbox, port = smtp_server
    app = app_factory(SMTP_HOST="127.0.0.1", SMTP_PORT=port, MAIL_SEND_AFTER_REQUEST=True)
    with app.app_context():
        event = make_event()
        paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
        from tests.factories import person

        form = {k: v for k, v in person(paser, 1).items()}
        form["consent"] = "y"
        response = app.test_client().post(f"/events/{event.slug}/register", data=form)
        assert response.status_code == 302
        response.close()
        assert [m["Subject"] for m in mailbox.to("peserta1@uji.raker.example")] == [
            f"Pendaftaran diterima — {event.title}"
        ]
