"""The page after registering says what became of the mail with the personal link, as the outbox has it:
"akan dikirim" while queued, "sudah dikirim" once sent, "gagal dikirim, hubungi sekretariat" when it failed,
and, without a mail server, that it waits in the secretariat's outbox."""

import re

from sqlalchemy import select

from raker.events.services import add_delegation
from raker.extensions import db
from raker.mail import send_pending
from raker.models import OutboxMessage
from tests.factories import make_event
from tests.registration.test_pages import form_data


def _said(page: str) -> list[str]:
    """The sentences about the mail that are shown (the others are in the page, hidden)."""
    return [re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(r'<p data-when="\w+">(.*?)</p>', page, re.S)]


def _register(client, event, group, n=1, **overrides):
    response = client.post(f"/events/{event.slug}/register", data=form_data(group, n, **overrides))
    assert response.status_code == 302
    return response.headers["Location"]


def test_queued_then_sent(mail_app):
    app, _mailbox = mail_app
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    client = app.test_client()
    done = _register(client, event, paser)
    assert _said(client.get(done).get_data(as_text=True)) == [
        "Email berisi status pendaftaran dan tautan pribadi Anda akan dikirim dalam beberapa menit."
    ]
    assert client.get(f"/events/{event.slug}/register/done.json").json == {"delivery": "queued"}
    assert send_pending().sent == 1
    assert _said(client.get(done).get_data(as_text=True)) == [
        "Email berisi status pendaftaran dan tautan pribadi Anda sudah dikirim. Periksa email Anda."
    ]
    assert client.get(f"/events/{event.slug}/register/done.json").json == {"delivery": "sent"}


def test_failed(mail_app):
    app, _mailbox = mail_app
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    client = app.test_client()
    done = _register(client, event, paser)
    message = db.session.scalar(select(OutboxMessage))
    message.status, message.last_error = "failed", "SMTPRecipientsRefused: 550"
    db.session.commit()
    page = client.get(done).get_data(as_text=True)
    assert _said(page) == ["Email untuk Anda gagal dikirim; hubungi sekretariat untuk mendapatkan tautan pribadi Anda."]
    assert "550" not in page  # the error is the secretariat's to read
    assert client.get(f"/events/{event.slug}/register/done.json").json == {"delivery": "failed"}


def test_real_smtp_failures_end_as_failed(app_factory):
    from raker.mail import MAX_ATTEMPTS
    from raker.models import utcnow

    app = app_factory(SMTP_HOST="127.0.0.1", SMTP_PORT=1)  # nothing listens on port 1
    with app.app_context():
        event = make_event()
        paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
        client = app.test_client()
        done = _register(client, event, paser)
        for _ in range(MAX_ATTEMPTS):
            db.session.execute(OutboxMessage.__table__.update().values(next_attempt_at=utcnow()))
            db.session.commit()
            send_pending()
        assert "gagal dikirim; hubungi sekretariat" in _said(client.get(done).get_data(as_text=True))[0]


def test_without_a_mail_server_it_says_where_the_mail_is(app, client):
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    done = _register(client, event, paser)
    said = _said(client.get(done).get_data(as_text=True))
    assert len(said) == 1 and "belum diatur untuk mengirim email" in said[0] and "Kotak keluar sekretariat" in said[0]
    assert "sudah dikirim" not in said[0]
    assert client.get(f"/events/{event.slug}/register/done.json").json == {"delivery": "local"}


def test_a_duplicate_reads_like_a_new_registration(mail_app):
    app, _mailbox = mail_app
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    from tests.factories import register
    from tests.registration.test_no_oracle import age_outbox

    register(event, paser, 1)
    send_pending()
    age_outbox()  # registered a while ago: the duplicate re-sends the link
    first, second = app.test_client(), app.test_client()
    duplicate = first.get(_register(first, event, paser, 1)).get_data(as_text=True)
    new = second.get(_register(second, event, paser, 2)).get_data(as_text=True)
    assert duplicate == new and _said(new)[0].endswith("akan dikirim dalam beberapa menit.")


def test_status_needs_this_browsers_registration(app, client):
    event = make_event()
    assert client.get(f"/events/{event.slug}/register/done.json").status_code == 404
    forged = app.test_client()
    with forged.session_transaction() as session:
        session["registered_event"], session["registered_mail"] = event.id, "bm90LWEtcmVjZWlwdA=="
    assert forged.get(f"/events/{event.slug}/register/done.json").json == {"delivery": "local"}
