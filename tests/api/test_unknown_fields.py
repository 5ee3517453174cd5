"""The API takes exactly what its document declares: a field it does not know is refused with a 400 naming
it (a client's typo such as "fullname" was silently dropped and the registration saved without it), the
document says `additionalProperties: false` for every request body, and a meeting's slug has the
pattern the app makes slugs with."""

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
    return event, paser, member, headers


def test_a_misspelt_field_is_refused_and_nothing_saved(client, world):
    event, paser, _, headers = world
    body = person(paser, 7) | {"delegation": paser.id, "fulname": "Budi Santoso"}
    before = table_counts()
    answer = client.post(f"/api/v1/events/{event.slug}/registrations", json=body, headers=headers)
    assert answer.status_code == 400
    assert answer.json["error"] == "validation_error"
    assert answer.json["fields"] == {"fulname": "Kolom tidak dikenal (lihat /api/v1/openapi.json)."}
    assert table_counts() == before


def test_an_unknown_field_with_control_characters_is_named_printably(client, world):
    event, paser, _, headers = world
    body = {
        "title": "Rapat",
        "host_institution": "Pemprov",
        "venue": "Gedung",
        "city": "Samarinda",
        "start_date": "2026-08-09",
        "end_date": "2026-08-10",
        "ca\x1bt": 1,
    }
    answer = client.post("/api/v1/events", json=body, headers=headers)
    assert answer.status_code == 400
    assert all("\x1b" not in name for name in answer.json.get("fields", {}))


def test_a_scan_in_a_batch_with_an_unknown_field_refuses_the_batch(client, world):
    event, _, member, headers = world
    scans = [
        {"code": "RK1:" + member.checkin_code, "nonce": "n-1"},
        {"code": "RK1:" + member.checkin_code, "nonce": "n-2", "signature": "…"},
    ]
    before = table_counts()
    answer = client.post(f"/api/v1/events/{event.slug}/checkins/batch", json={"scans": scans}, headers=headers)
    assert answer.status_code == 400 and "scans[1].signature" in answer.json["fields"]
    assert table_counts() == before


def test_the_document_declares_closed_bodies_and_the_slug_pattern(client):
    document = client.get("/api/v1/openapi.json").json
    schemas = document["components"]["schemas"]
    bodies = 0
    for path, operations in document["paths"].items():
        for op in operations.values():
            schema = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if schema is None:
                continue
            bodies += 1
            schema = schemas[schema["$ref"].rsplit("/", 1)[-1]] if "$ref" in schema else schema
            assert schema.get("additionalProperties") is False, path
            for param in op["parameters"]:
                if param["name"] == "slug":
                    assert param["schema"]["pattern"] == "^[a-z0-9]+(-[a-z0-9]+)*$"
    assert bodies >= 6
    assert schemas["ScanInput"]["additionalProperties"] is False


@pytest.mark.parametrize("slug", ["Rapat-Besar", "rapat--kerja", "rapat\x07"])
def test_a_slug_the_app_never_makes_is_no_meeting(client, world, slug):
    *_, headers = world
    answer = client.get(f"/api/v1/events/{slug}", headers=headers)
    assert answer.status_code in (400, 404)
    assert set(answer.json) >= {"error", "message"}


def test_a_misspelt_filter_is_refused_not_ignored(client, world):
    event, *_, headers = world
    answer = client.get(f"/api/v1/events/{event.slug}/registrations?stat=approved", headers=headers)
    assert answer.status_code == 400 and answer.json["fields"] == {
        "stat": "Parameter tidak dikenal (lihat /api/v1/openapi.json)."
    }
    assert client.get(f"/api/v1/events/{event.slug}/registrations?state=approved", headers=headers).status_code == 200


def test_a_required_text_of_only_nel_is_invalid_in_the_document_too(client):
    """The server strips NEL (U+0085) like a space, so "Jabatan wajib diisi" answered a position of only
    NEL, which the document's pattern (ECMAScript's \\s leaves NEL out) called valid: schemathesis found it."""
    import re

    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]["RegistrationInput"]
    for name in schema["required"]:
        pattern = schema["properties"][name].get("pattern")
        if pattern:
            assert re.match(pattern, "\x85") is None and re.match(pattern, "\x85Kepala Bagian\x85"), name
