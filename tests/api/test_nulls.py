"""A field sent as null where the API document declares a string or an integer is refused with a 400
naming the field, and nothing is saved (the probe found null accepted as "empty" for these)."""

import pytest

from raker.auth.services import issue_token
from raker.events.services import add_delegation
from raker.registration import services as registration
from tests.factories import make_event, make_user, person, register, table_counts


@pytest.fixture
def world(app):
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    member = register(event, paser, 1)
    registration.change_state(member, "approved")
    headers = {"Authorization": f"Bearer {issue_token(make_user('sekretariat'))}"}
    app.test_client().get("/api/v1/me", headers=headers)  # the token's first use is audited: before counting
    return event, paser, headers


@pytest.mark.parametrize("name", ["registration_id", "code"])
def test_check_in_with_a_null_field_is_refused(client, world, name):
    event, _, headers = world
    before = table_counts()
    body = {"registration_id": 1, "code": "RK1:x"} | {name: None}
    answer = client.post(f"/api/v1/events/{event.slug}/checkins", json=body, headers=headers)
    assert answer.status_code == 400 and name in answer.json["message"]
    batch = client.post(f"/api/v1/events/{event.slug}/checkins/batch", json={"scans": [body]}, headers=headers)
    assert batch.status_code == 400
    assert table_counts() == before


@pytest.mark.parametrize("name", ["notes", "role", "nip", "rank", "position", "delegation"])
def test_registration_with_a_null_field_is_refused(client, world, name):
    event, paser, headers = world
    body = person(paser, 7) | {"delegation": paser.id, name: None}
    before = table_counts()
    answer = client.post(f"/api/v1/events/{event.slug}/registrations", json=body, headers=headers)
    assert answer.status_code == 400 and answer.json["error"] == "validation_error" and name in answer.json["fields"]
    assert table_counts() == before


@pytest.mark.parametrize("name", ["theme", "description", "address", "slug"])
def test_meeting_with_a_null_field_is_refused(client, world, name):
    _, _, headers = world
    body = {
        "title": "Rapat Uji Null",
        "host_institution": "Pemprov",
        "venue": "Gedung",
        "city": "Samarinda",
        "start_date": "2026-08-09",
        "end_date": "2026-08-10",
        name: None,
    }
    before = table_counts()
    answer = client.post("/api/v1/events", json=body, headers=headers)
    assert answer.status_code == 400 and name in answer.json.get("fields", {})
    assert table_counts() == before
