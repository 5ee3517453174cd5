"""No mail flood, no registration oracle (issue 10, item 2).

Before: 50 anonymous duplicate posts queued 50 mails to one victim, and the 409 told anyone
whether a NIP or email was registered."""

import re
from datetime import UTC, timedelta

import pytest
from sqlalchemy import func, select

from raker.events.services import add_delegation
from raker.extensions import db
from raker.mail import send_pending
from raker.models import OutboxMessage, Registration
from raker.registration import services
from tests.factories import make_event, make_user, person, register


def form_data(group, n=1, **overrides):
    data = dict(person(group, n, **overrides))
    data["delegation"] = str(data["delegation"])
    data["consent"] = "y"
    return data


def age_outbox(minutes=16):
    """As if the mail so far went out earlier (a link is re-sent at most once per 15 minutes)."""
    for message in db.session.scalars(select(OutboxMessage)):
        message.created_at -= timedelta(minutes=minutes)
    db.session.commit()


def registrations():
    return db.session.scalar(select(func.count(Registration.id)))


@pytest.fixture
def paser(mail_app):
    event = make_event()
    return add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01", "quota": 5})


def test_fifty_duplicates_send_the_victim_one_message(mail_app, paser):
    app, mailbox = mail_app
    event = paser.event
    victim = register(event, paser, 1)
    send_pending()
    mailbox.messages.clear()
    age_outbox()  # registered a while ago, so the first duplicate re-sends the link
    client = app.test_client()
    for attempt in range(50):  # by NIP (another email) and by email (another NIP, other case)
        overrides = (
            {"email": f"penyerang{attempt}@uji.raker.example"}
            if attempt % 2
            else {"nip": f"19900101 201501 1 {attempt + 1:03d}", "email": victim.email.upper()}
        )
        response = client.post(f"/events/{event.slug}/register", data=form_data(paser, 1, **overrides))
        assert response.status_code == 302
    send_pending()
    [message] = mailbox.to(victim.email)
    assert f"/r/{victim.token}" in message.get_body(("plain",)).get_content()
    assert len(mailbox.messages) == 1 and registrations() == 1


def test_no_second_link_right_after_registering(mail_app, paser):
    app, mailbox = mail_app
    event = paser.event
    victim = register(event, paser, 1)
    client = app.test_client()
    for _attempt in range(5):
        client.post(f"/events/{event.slug}/register", data=form_data(paser, 1))
    send_pending()
    assert [m["Subject"] for m in mailbox.to(victim.email)] == [f"Pendaftaran diterima — {event.title}"]


def _answer(client, event, data):
    """Everything a sender can observe: status, headers, session contents, the page it leads to."""
    response = client.post(f"/events/{event.slug}/register", data=data)
    app = client.application
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    session = app.session_interface.get_signing_serializer(app).loads(cookie.value) if cookie else None
    if session and "registered_mail" in session:
        # Which mail the "done" page reports on: sealed, so only its length can be compared (and must match).
        session["registered_mail"] = len(session["registered_mail"])
    headers = sorted((k, v) for k, v in response.headers.items() if k not in ("Set-Cookie", "Content-Length"))
    page = client.get(response.headers["Location"]) if response.status_code == 302 else response
    return response.status_code, headers, session, page.status_code, page.get_data(as_text=True)


def test_duplicate_answer_equals_the_new_registration_answer(mail_app, paser):
    app, _mailbox = mail_app
    event = paser.event
    existing = register(event, paser, 1)
    new = _answer(app.test_client(), event, form_data(paser, 2))
    by_nip = _answer(app.test_client(), event, form_data(paser, 1, email="orang.lain@uji.raker.example"))
    by_email = _answer(app.test_client(), event, form_data(paser, 3, email=existing.email))
    assert new[0] == 302 and new[2] == {"registered_event": event.id, "registered_mail": 28}
    assert "akan dikirim dalam beberapa menit" in new[4]
    assert by_nip == new and by_email == new
    assert existing.full_name not in new[4] and registrations() == 2


def test_duplicate_answer_equals_a_refusal_when_the_quota_is_full(mail_app):
    app, _mailbox = mail_app
    event = make_event(over_quota="refuse")
    bontang = add_delegation(event, {"name": "Kota Bontang", "region_code": "64.74", "quota": 1})
    register(event, bontang, 1)
    new = _answer(app.test_client(), event, form_data(bontang, 2))
    duplicate = _answer(app.test_client(), event, form_data(bontang, 1))
    assert new[0] == 409 and "Kuota Kota Bontang sudah penuh." in new[4]
    # the form comes back with what was typed, so compare all but that
    assert duplicate[:4] == new[:4]
    assert re.findall(r'<p class="flash[^"]*">[^<]*</p>', duplicate[4]) == re.findall(
        r'<p class="flash[^"]*">[^<]*</p>', new[4]
    )


def test_api_duplicate_answer_equals_the_new_registration_answer(mail_app, paser):
    app, _mailbox = mail_app
    event = paser.event
    client = app.test_client()
    data = {k: v for k, v in person(paser, 1).items()}
    new = client.post(f"/api/v1/events/{event.slug}/registrations", json=data)
    duplicate = client.post(f"/api/v1/events/{event.slug}/registrations", json={**data, "email": "x@uji.raker.example"})
    assert new.status_code == duplicate.status_code == 201 and new.json == duplicate.json
    assert "Periksa email Anda" in new.json["message"] and registrations() == 1


def test_thirty_first_registration_from_one_address_in_an_hour_is_429(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True)  # the default: 30 per hour
    with app.app_context():
        event = make_event()
        paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
        venue = app.test_client()
        venue.environ_base["REMOTE_ADDR"] = "203.0.113.7"  # one NAT address for a whole venue
        for n in range(1, 31):
            assert venue.post(f"/events/{event.slug}/register", data=form_data(paser, n)).status_code == 302, n
        refused = venue.post(f"/events/{event.slug}/register", data=form_data(paser, 31))
        assert refused.status_code == 429 and "Retry-After" in refused.headers
        assert "Terlalu banyak pendaftaran dari alamat jaringan ini" in refused.get_data(as_text=True)
        api = venue.post(f"/api/v1/events/{event.slug}/registrations", json=person(paser, 32))
        assert api.status_code == 429 and api.json["error"] == "too_many_requests"
        assert "Terlalu banyak pendaftaran dari alamat jaringan ini" in api.json["message"]
        # the form's GET still opens, and another address is not affected
        assert venue.get(f"/events/{event.slug}/register").status_code == 200
        other = app.test_client()
        other.environ_base["REMOTE_ADDR"] = "198.51.100.9"
        assert other.post(f"/events/{event.slug}/register", data=form_data(paser, 33)).status_code == 302
        # a token is no way around it on the form
        forged = venue.post(
            f"/events/{event.slug}/register", data=form_data(paser, 34), headers={"Authorization": "Bearer x"}
        )
        assert forged.status_code == 429
        assert registrations() == 31


def test_mails_per_recipient_address_are_capped_across_meetings(mail_app):
    app, mailbox = mail_app
    email = "sering.daftar@uji.raker.example"
    meetings = []
    for n in range(6):
        event = make_event(title=f"Rapat Kerja Uji {n}")
        group = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
        register(event, group, 1, email=email)
        meetings.append((event, group))
    send_pending()
    mailbox.messages.clear()
    age_outbox(minutes=61)
    client = app.test_client()
    for event, group in meetings:
        assert client.post(f"/events/{event.slug}/register", data=form_data(group, 1, email=email)).status_code == 302
    send_pending()
    assert len(mailbox.to(email)) == app.config["RECIPIENT_LINK_MAILS_PER_HOUR"] == 4


def test_contact_learns_no_name_of_another_delegations_member(app):
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    bontang = add_delegation(event, {"name": "Kota Bontang", "region_code": "64.74"})
    other = register(event, bontang, 1, full_name="Rahmawati Bontang")
    contact = make_user("kontak_delegasi", "kontak.paser@uji.raker.example")
    paser.contact_user = contact
    db.session.commit()
    client = app.test_client(user=contact)
    url = f"/events/{event.slug}/delegations/{paser.id}/register"
    for field, value in (("nip", other.nip), ("email", other.email)):
        row = {k: v for k, v in person(paser, 2).items() if k not in ("delegation", "institution", "notes")}
        row[field] = value
        data = {
            "institution": "Bagian Organisasi Setda Kabupaten Paser",
            **{f"members-0-{k}": v for k, v in row.items()},
        }
        response = client.post(url, data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 400 and "Sudah terdaftar pada rapat ini." in page, field
        assert "Rahmawati" not in page and "Bontang" not in page, field
    assert registrations() == 1


def test_contact_resends_a_link_at_most_once_per_fifteen_minutes(app):
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    member = register(event, paser, 1)
    age_outbox()
    contact = make_user("kontak_delegasi", "kontak.paser@uji.raker.example")
    paser.contact_user = contact
    db.session.commit()
    client = app.test_client(user=contact)
    url = f"/events/{event.slug}/delegations/{paser.id}/members/{member.id}/resend"
    first = client.post(url, follow_redirects=True).get_data(as_text=True)
    second = client.post(url, follow_redirects=True).get_data(as_text=True)
    assert "dikirim ulang" in first and "sudah dikirim dalam 15 menit terakhir" in second
    kinds = db.session.scalars(select(OutboxMessage.kind).order_by(OutboxMessage.id)).all()
    assert kinds == ["registration.received", "registration.link_resent"]
    # the secretariat's own button is not limited (it is recorded in the audit log)
    services.resend_link(member, by=make_user("sekretariat"))
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 3


def test_duplicates_at_the_same_moment_resend_once(app_factory):
    import threading

    app = app_factory()
    with app.app_context():
        event = make_event()
        paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
        register(event, paser, 1)
        age_outbox()
        event_id, values = event.id, person(paser, 1)
    start = threading.Barrier(10)
    outcomes: list[str] = []

    def submit():
        with app.app_context():
            from raker.models import Event

            event = db.session.get(Event, event_id)
            db.session.commit()
            start.wait(timeout=30)
            try:
                services.register(event, services.NewRegistration(dict(values)), source="form")
            except services.DuplicateRegistration:
                outcomes.append("duplicate")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == ["duplicate"] * 10
    with app.app_context():
        kinds = db.session.scalars(select(OutboxMessage.kind).order_by(OutboxMessage.id)).all()
        assert kinds == ["registration.received", "registration.link_resent"]


def test_new_and_duplicate_take_the_same_time(app_factory):
    import time

    app = app_factory(REGISTRATION_ANSWER_SECONDS=0.3)
    with app.app_context():
        event = make_event(approval_mode="auto")  # the new path renders a badge PDF: the slowest
        paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
        register(event, paser, 1)
        client = app.test_client()

        def timed(data):
            started = time.monotonic()
            assert client.post(f"/events/{event.slug}/register", data=data).status_code == 302
            return time.monotonic() - started

        new = min(timed(form_data(paser, n)) for n in (2, 3, 4))
        duplicate = min(timed(form_data(paser, 1)) for _ in range(3))
        assert 0.3 <= new < 0.45 and 0.3 <= duplicate < 0.45
        assert abs(new - duplicate) < 0.05


def test_own_personal_link_is_no_way_to_test_many_nips(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, PERSONAL_EDIT_RATE_LIMIT="3 per hour")
    with app.app_context():
        event = make_event()
        paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
        prober = register(event, paser, 1)
        client = app.test_client()
        answers = [
            client.post(
                f"/r/{prober.token}/edit", data=form_data(paser, 1, nip=f"19900101 201501 1 {n:03d}")
            ).status_code
            for n in range(1, 6)
        ]
        assert answers[:3] == [302, 302, 302] and answers[3:] == [429, 429]
        assert "Terlalu banyak" in client.post(f"/r/{prober.token}/edit", data=form_data(paser, 1)).get_data(
            as_text=True
        )
        assert client.get(f"/r/{prober.token}/edit").status_code == 200  # the page still opens


def _edit(client, registration, paser, n, **overrides):
    answer = client.post(f"/r/{registration.token}/edit", data=form_data(paser, n, **overrides))
    return answer.status_code, [
        m
        for m in client.get(f"/r/{registration.token}").get_data(as_text=True).split("\n")
        if "kami mengirim pesan ke" in m or "dipakai" in m
    ]


def _mails_to(address):
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == address).order_by(OutboxMessage.id)
    ).all()


def test_an_email_change_tells_the_editor_nothing_about_other_registrations(client, app):
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    prober, other = register(event, paser, 1), register(event, paser, 2)
    taken = _edit(client, prober, paser, 1, email=other.email)
    free = _edit(client, prober, paser, 1, email="alamat.baru@example.go.id")
    # The same answer for an address in use and a free one (before: 400 "Sudah dipakai pendaftaran lain").
    assert taken[0] == free[0] == 302
    assert [line.replace(other.email, "X") for line in taken[1]] == [
        line.replace("alamat.baru@example.go.id", "X") for line in free[1]
    ]
    db.session.expire_all()
    assert prober.email == person(paser, 1)["email"]  # nothing changes before the new address confirms
    # Only the owner of the address learns whether it is in use; neither mail carries the personal link.
    [note] = [m for m in _mails_to(other.email) if m.kind == "registration.email_change_taken"]
    assert "sudah dipakai pendaftaran lain" in note.body_text and prober.token not in note.body_text
    [confirmation] = _mails_to("alamat.baru@example.go.id")
    assert prober.token not in confirmation.body_text
    link = re.search(r"https?://\S+/email/konfirmasi/\S+", confirmation.body_text).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200 and "alamat.baru@example.go.id" in page.get_data(as_text=True)
    db.session.expire_all()
    assert prober.email == person(paser, 1)["email"]  # opening the link (a mail scanner does) changes nothing
    assert client.post("/" + path).status_code == 302
    db.session.expire_all()
    assert prober.email == "alamat.baru@example.go.id"
    [notice] = [m for m in _mails_to(person(paser, 1)["email"]) if m.kind == "registration.email_changed"]
    assert "alamat.baru@example.go.id" in notice.body_text
    # Used once: the registration's address is no longer the one the link was made for.
    assert client.post("/" + path).status_code == 400
    assert client.get("/email/konfirmasi/bukan-tautan").status_code == 400


def test_a_confirmation_link_expires(client, app):
    import time_machine

    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    prober = register(event, paser, 1)
    _edit(client, prober, paser, 1, email="alamat.baru@example.go.id")
    [confirmation] = _mails_to("alamat.baru@example.go.id")
    path = "/" + re.search(r"https?://\S+", confirmation.body_text).group(0).split("://", 1)[1].split("/", 1)[1]
    from datetime import datetime

    with time_machine.travel(datetime.now(UTC) + timedelta(hours=49), tick=False):
        answer = client.post(path)
    assert answer.status_code == 400 and "kedaluwarsa" in answer.get_data(as_text=True)


def test_the_nip_is_not_changed_through_the_personal_link(client, app):
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    prober, other = register(event, paser, 1), register(event, paser, 2)
    own_nip = prober.nip
    taken = client.post(f"/r/{prober.token}/edit", data=form_data(paser, 1, nip=other.nip))
    free = client.post(f"/r/{prober.token}/edit", data=form_data(paser, 1, nip="19900101 201501 1 001"))
    assert taken.status_code == free.status_code == 302  # before: 400 "Sudah dipakai" for the taken one
    db.session.expire_all()
    assert prober.nip == own_nip
    page = client.get(f"/r/{prober.token}/edit").get_data(as_text=True)
    assert 'name="nip"' not in page and "hanya dapat diubah oleh sekretariat" in page
