"""What the door sees (issue 10, item 4): the petugas gets names, delegations and what tells namesakes
apart, never a participant's full NIP, email or phone, and a NIP is found only when typed whole."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from raker.auth.services import issue_token
from raker.events.services import add_delegation
from raker.reference.nip import format_nip
from raker.registration import services as registration
from tests.factories import make_event, make_user, register


@pytest.fixture
def gate(app):
    event = make_event()
    paser = add_delegation(
        event,
        {
            "name": "Kabupaten Paser",
            "region_code": "64.01",
            "contact_name": "Sri Wahyuni",
            "contact_phone": "+6281250001234",
        },
    )
    berau = add_delegation(event, {"name": "Kabupaten Berau", "region_code": "64.03"})
    # Namesakes in two delegations, with different jabatan.
    people = [
        register(event, paser, 1, full_name="Budi Santoso", position="Kepala Bagian Organisasi"),
        register(event, berau, 2, full_name="Budi Santoso", position="Analis Kebijakan"),
        register(event, paser, 3),
    ]
    for person in people:
        registration.change_state(person, "approved")
    petugas = make_user("petugas")
    headers = {"Authorization": f"Bearer {issue_token(petugas)}"}
    return event, people, petugas, headers


def secrets_of(person) -> list[str]:
    """Every spelling of the person's NIP, email and phone that must not reach the door."""
    phone = person.phone
    return [
        person.nip,
        format_nip(person.nip),
        person.email,
        phone,
        "".join(phone.split()),
        "".join(ch for ch in phone if ch.isdigit()),
    ]


def assert_no_secrets(text: str, people) -> None:
    for person in people:
        for secret in secrets_of(person):
            assert secret not in text, (secret, text[:500])


def url(event, tail=""):
    return f"/api/v1/events/{event.slug}/checkins{tail}"


def test_petugas_live_json_names_who_is_missing_with_the_contacts_phone_only(app, gate):
    event, people, petugas, _ = gate
    client = app.test_client(user=petugas)
    response = client.get(f"/admin/events/{event.slug}/attendance/live.json")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert_no_secrets(text, people)
    paser = str(people[0].delegation_id)
    assert [m["name"] for m in response.json["missing"][paser]] == ["Budi Santoso", "Peserta Uji 3, S.Sos."]
    assert response.json["contacts"][paser] == {"name": "Sri Wahyuni", "phone": "+6281250001234"}


@pytest.mark.parametrize("digits", [4, 8, 17])
def test_search_by_part_of_a_nip_finds_nobody(client, gate, digits):
    event, people, _, headers = gate
    for part in (people[0].nip[:digits], people[0].nip[-digits:]):
        response = client.get(url(event, f"/search?q={part}"), headers=headers)
        assert response.status_code == 200 and response.json == [], part


@pytest.mark.parametrize("typed", ["whole", "grouped"])
def test_search_by_the_full_nip_finds_the_person_with_a_masked_nip(client, gate, typed):
    event, people, _, headers = gate
    nip = people[0].nip
    query = nip if typed == "whole" else format_nip(nip)
    response = client.get(url(event, "/search"), query_string={"q": query}, headers=headers)
    assert [row["registration_id"] for row in response.json] == [people[0].id]
    [row] = response.json
    assert row["nip_masked"] == "******** ****** " + format_nip(nip)[-5:] == "******** ****** 2 001"
    assert row["delegation"] == "Kabupaten Paser" and row["position"] == "Kepala Bagian Organisasi"
    assert_no_secrets(response.get_data(as_text=True), people)


def test_namesakes_found_by_name_are_told_apart(client, gate):
    event, people, _, headers = gate
    response = client.get(url(event, "/search?q=budi"), headers=headers)
    rows = {(r["delegation"], r["position"], r["nip_masked"]) for r in response.json}
    assert rows == {
        ("Kabupaten Paser", "Kepala Bagian Organisasi", "******** ****** 2 001"),
        ("Kabupaten Berau", "Analis Kebijakan", "******** ****** 1 002"),
    }
    assert_no_secrets(response.get_data(as_text=True), people)


def test_no_scanner_answer_or_bundle_carries_a_nip_email_or_phone(client, gate):
    event, people, _, headers = gate
    registration.change_state(people[2], "cancelled", reason="Berhalangan")
    now = datetime.now(UTC)
    texts = [
        client.post(url(event), json={"code": "RK1:" + people[0].checkin_code, "gate": "A"}, headers=headers),
        client.post(url(event), json={"code": "RK1:" + people[0].checkin_code, "gate": "B"}, headers=headers),
        client.post(url(event), json={"registration_id": people[1].id, "gate": "Meja"}, headers=headers),
        client.post(url(event), json={"registration_id": people[2].id, "gate": "Meja"}, headers=headers),
        client.post(
            url(event, "/batch"),
            json={
                "scans": [
                    {
                        "code": "RK1:" + people[1].checkin_code,
                        "nonce": "o-1",
                        "device": "hp-2",
                        "scanned_at": (now - timedelta(minutes=5)).isoformat(),
                    }
                ]
            },
            headers=headers,
        ),
        client.get(url(event, "/bundle"), headers=headers),
        client.get(url(event, "/search?q=Peserta"), headers=headers),
        client.get(url(event, "/stats"), headers=headers),
    ]
    assert [r.status_code for r in texts] == [201, 200, 201, 200, 200, 200, 200, 200]
    assert texts[3].json["status"] == "cancelled" and texts[4].json["results"][0]["status"] == "already_checked_in"
    for response in texts:
        assert_no_secrets(response.get_data(as_text=True), people)
    bundle = texts[5].json
    assert len(bundle["participants"]) == 3 and "nip_masked" not in json.dumps(bundle)
