"""A delegation contact's "Batalkan" can be taken back until registration closes (issue 12 item 2):
through the transition table, with the quota, the audit row and the email; refused after the deadline."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from raker.admin.audit_log import registration_history
from raker.events.services import add_delegation, update_event
from raker.extensions import db
from raker.models import OutboxMessage, Registration, utcnow
from raker.registration import services
from tests.factories import make_event, make_user, register


@pytest.fixture
def event(app):
    return make_event(registration_closes_at=utcnow() + timedelta(days=3))


@pytest.fixture
def paser(event):
    return add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01", "quota": 2})


@pytest.fixture
def contact(event, paser):
    user = make_user("kontak_delegasi", "kontak.paser@uji.raker.example", name="Rahmawati")
    paser.contact_user_id = user.id
    db.session.commit()
    return user


def members_url(event, paser, registration=None, action=""):
    if registration is None:
        return f"/events/{event.slug}/delegations/{paser.id}"
    return f"/events/{event.slug}/delegations/{paser.id}/members/{registration.id}/{action}"


def test_restore_within_the_deadline_takes_the_place_back(event, paser, contact):
    budi = register(event, paser, 1, full_name="Budi Santoso")
    services.change_state(budi, "cancelled", by=contact, reason="keliru")
    assert services.may_restore(budi, by=contact)
    services.restore(budi, by=contact)
    assert budi.state == "pending"  # what a new registration would get: the secretariat still approves
    sentences = [entry.text for entry in registration_history(budi)]
    assert (
        sentences[-1]
        == "Rahmawati memulihkan pendaftaran Budi Santoso (Kabupaten Paser): dibatalkan → menunggu persetujuan (Dipulihkan oleh kontak delegasi.)"
    )
    assert (
        db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.registration_id == budi.id).order_by(OutboxMessage.id.desc())
        ).kind
        == "registration.received"
    )


def test_restore_respects_the_quota(event, paser, contact):
    budi = register(event, paser, 1)
    services.change_state(budi, "cancelled", by=contact)
    register(event, paser, 2)
    register(event, paser, 3)  # the two places are taken again
    services.restore(budi, by=contact)
    assert budi.state == "waitlisted"  # the meeting keeps a waiting list
    services.change_state(budi, "cancelled", by=contact)
    update_event(event, {"over_quota": "refuse"})
    with pytest.raises(services.RegistrationRefused, match="Kuota Kabupaten Paser sudah penuh"):
        services.restore(budi, by=contact)
    db.session.expire_all()
    assert budi.state == "cancelled"


def test_restore_refused_after_the_deadline_but_not_for_the_secretariat(event, paser, contact):
    budi = register(event, paser, 1)
    services.change_state(budi, "cancelled", by=contact)
    update_event(event, {"registration_closes_at": utcnow() - timedelta(minutes=1)})
    assert not services.may_restore(budi, by=contact)
    with pytest.raises(services.RegistrationRefused, match="Pendaftaran sudah ditutup"):
        services.restore(budi, by=contact)
    assert budi.state == "cancelled"
    services.restore(budi, by=make_user("sekretariat"))  # the secretariat may still take it back
    assert budi.state == "pending"


def test_an_anonymised_registration_is_never_restored(event, paser, contact):
    from raker.registration.privacy import anonymise

    budi = register(event, paser, 1)
    secretariat = make_user("sekretariat")
    anonymise(budi, by=secretariat)
    assert budi.state == "cancelled" and not services.may_restore(budi, by=contact)
    with pytest.raises(services.RegistrationRefused, match="sudah dihapus"):
        services.restore(budi, by=secretariat)


def test_contact_pages_confirm_cancel_and_offer_restore(app, event, paser, contact):
    budi = register(event, paser, 1, full_name="Budi Santoso")
    client = app.test_client(user=contact)
    page = client.get(members_url(event, paser)).get_data(as_text=True)
    assert 'data-confirm="Batalkan pendaftaran Budi Santoso? Tempatnya dilepas untuk orang lain.' in page
    assert "Pembatalan masih dapat dipulihkan sampai pendaftaran ditutup" in page and " WITA" in page
    assert client.post(members_url(event, paser, budi, "cancel")).status_code == 302
    page = client.get(members_url(event, paser)).get_data(as_text=True)
    assert "Pulihkan" in page and "dapat dipulihkan sampai pendaftaran ditutup" in page  # the flash says so too
    assert client.post(members_url(event, paser, budi, "restore")).status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, budi.id).state == "pending"
    # after the deadline: no button, and a forged request is refused on a page in Indonesian
    client.post(members_url(event, paser, budi, "cancel"))
    update_event(event, {"registration_closes_at": utcnow() - timedelta(minutes=1)})
    assert "Pulihkan" not in client.get(members_url(event, paser)).get_data(as_text=True)
    refused = client.post(members_url(event, paser, budi, "restore"))
    assert refused.status_code == 409 and "Pendaftaran sudah ditutup" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Registration, budi.id).state == "cancelled"
