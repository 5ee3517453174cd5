"""Phone numbers through libphonenumber: stored as E.164 however they were typed (form, API, import,
a delegation's contact), and a WhatsApp link only for a number that can be a mobile."""

import pytest
from sqlalchemy import select

from raker.events import services as events
from raker.extensions import db
from raker.models import Delegation, Registration
from raker.reference import phones
from raker.registration import imports
from raker.registration.validation import normalise_phone
from tests.factories import make_event, make_user, person, table_counts


@pytest.mark.parametrize(
    "typed",
    [
        "0812 3456 7890",
        "0812-3456-7890",
        "62812 3456 7890",
        "6281234567890",
        "+62 812-3456-7890",
        "+62 (812) 3456 7890",
        "812 3456 7890",
        "81234567890",
    ],
)
def test_a_mobile_however_typed_is_stored_as_e164(typed):
    assert normalise_phone(typed) == "+6281234567890"
    assert phones.whatsapp_digits(normalise_phone(typed)) == "6281234567890"


@pytest.mark.parametrize(
    "typed, message",
    [
        ("(0541) 733333", "nomor telepon rumah/kantor"),  # Samarinda's area code: a landline
        ("021 555 1234", "nomor telepon rumah/kantor"),  # Jakarta
        ("+60 12-345 6789", "Indonesia"),  # a Malaysian mobile
        ("0812", "tidak sah"),
        ("12", "tidak sah"),
        ("0812 3456 7890 1234", "tidak sah"),
        ("nol delapan", "tidak sah"),
    ],
)
def test_a_participants_number_must_be_an_indonesian_mobile(typed, message):
    with pytest.raises(ValueError, match=message):
        normalise_phone(typed)


def test_landlines_are_kept_for_contacts_but_get_no_whatsapp_link():
    assert phones.normalise_any("(0541) 733333") == "+62541733333"
    assert phones.whatsapp_digits("+62541733333") is None
    assert phones.display("+62541733333") == "(0541) 733333" and phones.display("+6281234567890") == "0812-3456-7890"
    # numbers saved before they were checked, or erased: no link rather than a wrong one
    assert phones.whatsapp_digits("0812-3456-7890") == "6281234567890"
    assert phones.whatsapp_digits("12345") is None and phones.whatsapp_digits("") is None
    assert phones.whatsapp_digits(None) is None


@pytest.fixture
def paser(app):
    event = make_event()
    return events.add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})


def test_the_form_stores_e164(client, paser):
    from tests.registration.test_pages import form_data

    response = client.post(f"/events/{paser.event.slug}/register", data=form_data(paser, 1, phone="+62 812-3456-0001"))
    assert response.status_code == 302
    assert db.session.scalar(select(Registration.phone)) == "+6281234560001"


def test_the_form_refuses_a_landline_with_the_reason(client, paser):
    from tests.registration.test_pages import form_data

    before = table_counts()
    response = client.post(f"/events/{paser.event.slug}/register", data=form_data(paser, 1, phone="(0541) 733333"))
    assert response.status_code == 400
    assert "Ini nomor telepon rumah/kantor; isi nomor ponsel (WhatsApp)" in response.get_data(as_text=True)
    assert table_counts() == before


def test_the_api_stores_e164(client, paser):
    data = {**person(paser, 1, phone="812 3456 0002"), "delegation": "64.01"}
    assert client.post(f"/api/v1/events/{paser.event.slug}/registrations", json=data).status_code == 201
    assert db.session.scalar(select(Registration.phone)) == "+6281234560002"
    refused = client.post(
        f"/api/v1/events/{paser.event.slug}/registrations",
        json={**person(paser, 2, phone="021 555 1234"), "delegation": "64.01"},
    )
    assert refused.status_code == 400 and "rumah/kantor" in refused.json["fields"]["phone"]


def test_the_import_stores_e164_and_reports_a_landline(paser):
    rows = [
        "Nama,Delegasi,Status ASN,NIP,Pangkat,Jabatan,Instansi,Email,Ponsel",
        "Siti Rahmah,64.01,PNS,19860926 201505 2 001,III/a,Analis,Setda Paser,siti@uji.raker.example,62 812 3456 0003",
        "Budi Santoso,64.01,PNS,19860926 201505 1 002,III/a,Analis,Setda Paser,budi@uji.raker.example,(0543) 21000",
    ]
    table = imports.read_table("peserta.csv", "\n".join(rows).encode())
    report = imports.run_import(
        paser.event, table, imports.guess_mapping(table.headers), by=make_user("sekretariat"), approve=False
    )
    assert report.imported == 1 and report.refused == 1
    assert db.session.scalar(select(Registration.phone)) == "+6281234560003"
    assert "rumah/kantor" in str(report.rows)


def test_a_delegations_contact_number_is_stored_as_e164(paser):
    bontang = events.add_delegation(
        paser.event, {"name": "Kota Bontang", "region_code": "64.74", "contact_phone": "0548 21234"}
    )
    assert bontang.contact_phone == "+6254821234"
    events.update_delegation(
        paser, {"name": "Kabupaten Paser", "region_code": "64.01", "contact_phone": "0812-5000-1234"}
    )
    assert paser.contact_phone == "+6281250001234"
    with pytest.raises(events.EventError, match="Nomor telepon tidak sah") as refused:
        events.update_delegation(paser, {"name": "Kabupaten Paser", "region_code": "64.01", "contact_phone": "12"})
    assert refused.value.field == "contact_phone"
    db.session.rollback()
    assert db.session.get(Delegation, paser.id).contact_phone == "+6281250001234"


def test_the_delegation_form_shows_a_bad_number(app, paser):
    client = app.test_client(user=make_user("admin"))
    response = client.post(
        f"/admin/events/{paser.event.slug}/delegations/{paser.id}/edit",
        data={"name": "Kabupaten Paser", "region_code": "64.01", "contact_phone": "telepon"},
    )
    assert response.status_code == 400 and "Nomor telepon tidak sah" in response.get_data(as_text=True)
