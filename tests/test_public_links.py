"""Every absolute link comes from PUBLIC_BASE_URL, never from Host or X-Forwarded-Host (issue 10, item 1).

The attack: an anonymous duplicate registration sent with `Host: evil.example` made the app mail the
victim `http://evil.example/r/<their token>`."""

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from raker.events.services import add_delegation, invite_regions
from raker.extensions import db
from raker.mail import send_pending
from raker.models import OutboxMessage
from tests.factories import make_event, make_user, person, register
from tests.qr import decode_pdf_page

PUBLIC = "https://raker.example.go.id"


@pytest.fixture
def public_app(app_factory, smtp_server):
    """An app with a configured public address and a real SMTP server; yields (app, mailbox)."""
    mailbox, port = smtp_server

    def build(**settings):
        application = app_factory(SMTP_HOST="127.0.0.1", SMTP_PORT=port, PUBLIC_BASE_URL=PUBLIC, **settings)
        return application, mailbox

    return build


def form_data(group, n=1):
    data = dict(person(group, n))
    data["delegation"] = str(data["delegation"])
    data["consent"] = "y"
    return data


def victim_mail(app, mailbox, victim):
    with app.app_context():
        send_pending()
    return [m.get_body(("plain",)).get_content() for m in mailbox.to(victim.email)]


def age_outbox(minutes=16):
    """As if the mail so far went out earlier (a link is re-sent at most once per 15 minutes)."""
    for message in db.session.scalars(select(OutboxMessage)):
        message.created_at -= timedelta(minutes=minutes)
    db.session.commit()


def outbox_count():
    return db.session.scalar(select(func.count(OutboxMessage.id)))


def test_untrusted_host_is_refused_and_nothing_is_mailed(public_app):
    app, mailbox = public_app()
    with app.app_context():
        event = make_event()
        paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
        victim = register(event, paser, 1)
        before = outbox_count()
        client = app.test_client()
        for headers in ({"Host": "evil.example"}, {"Host": "evil.example:5000"}):
            response = client.post(f"/events/{event.slug}/register", data=form_data(paser, 1), headers=headers)
            assert response.status_code == 400
            assert "Host" in response.get_data(as_text=True) and victim.token not in response.get_data(as_text=True)
        api = client.post(f"/api/v1/events/{event.slug}/registrations", json={}, headers={"Host": "evil.example"})
        assert api.status_code == 400 and api.get_json()["error"] == "untrusted_host"
        assert outbox_count() == before


def test_duplicate_on_a_trusted_host_mails_the_public_address(public_app):
    app, mailbox = public_app()
    with app.app_context():
        event = make_event()
        paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
        victim = register(event, paser, 1)
        age_outbox()
        # "localhost" is trusted outside production, but is not the address people use
        app.test_client().post(f"/events/{event.slug}/register", data=form_data(paser, 1))
        bodies = victim_mail(app, mailbox, victim)
    assert len(bodies) == 2  # the confirmation, then the link again
    for body in bodies:
        assert f"{PUBLIC}/r/{victim.token}" in body and "localhost" not in body


def test_forwarded_host_behind_a_proxy_never_reaches_a_link(public_app):
    app, mailbox = public_app(TRUSTED_PROXIES=1)
    with app.app_context():
        event = make_event()
        paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
        victim = register(event, paser, 1)
        send_pending()
        mailbox.messages.clear()
        age_outbox()
        client = app.test_client()
        evil = client.post(
            f"/events/{event.slug}/register",
            data=form_data(paser, 1),
            headers={"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"},
        )
        assert evil.status_code == 400
        assert victim_mail(app, mailbox, victim) == []
        # what the proxy sends for a real visitor still works, and the link is the configured one
        client.post(
            f"/events/{event.slug}/register",
            data=form_data(paser, 1),
            headers={"X-Forwarded-Host": "raker.example.go.id", "X-Forwarded-Proto": "https"},
        )
        [body] = victim_mail(app, mailbox, victim)
    assert f"{PUBLIC}/r/{victim.token}" in body and "evil.example" not in body


def test_calendar_and_api_links_use_the_public_address(public_app):
    app, _mailbox = public_app()
    with app.app_context():
        event = make_event()
        paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
        registration = register(event, paser, 1)
        client = app.test_client()
        ics = client.get(f"/r/{registration.token}/agenda.ics", headers={"Host": "127.0.0.1:8080"})
        unfolded = ics.get_data(as_text=True).replace("\r\n ", "")
        assert ics.status_code == 200 and f"URL:{PUBLIC}/events/{event.slug}" in unfolded
        assert "127.0.0.1" not in unfolded
        api = client.get(f"/api/v1/events/{event.slug}")
        assert api.get_json()["url"] == f"{PUBLIC}/events/{event.slug}"


def test_invitation_letter_qr_code_uses_the_public_address(public_app):
    app, _mailbox = public_app()
    with app.app_context():
        event = make_event()
        invite_regions(event, default_quota=15)
        client = app.test_client(user=make_user("sekretariat"))
        paser = [d for d in event.delegations if d.region_code == "64.01"][0]
        response = client.get(f"/admin/events/{event.slug}/invitations.pdf?delegation={paser.id}")
        assert response.status_code == 200
        letter = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
        [link] = decode_pdf_page(response.data, page=1)
    assert f"{PUBLIC}/events/{event.slug}/register?delegasi=64.01" in [line.strip() for line in letter.splitlines()]
    assert "localhost" not in letter
    assert link == f"{PUBLIC}/events/{event.slug}/register?delegasi=64.01"
