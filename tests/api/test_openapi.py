"""The OpenAPI document is true to the URL map: every API route is in it, nothing else is."""

import re


def _api_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi_document":
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                routes.add((path, method.lower()))
    return routes


def test_document_lists_exactly_the_api_routes(client, app):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    documented = {(path, method) for path, ops in document["paths"].items() for method in ops}
    assert documented == _api_routes(app)


def test_operations_are_complete(client):
    document = client.get("/api/v1/openapi.json").json
    schemas = document["components"]["schemas"]
    for path, ops in document["paths"].items():
        for op in ops.values():
            assert op["summary"] and op["operationId"]
            assert {"401", "404", "429"} <= set(op["responses"])
            for parameter in op["parameters"]:
                assert parameter["in"] in ("path", "query")
                assert parameter["in"] == "query" or "{" + parameter["name"] + "}" in path
            for response in op["responses"].values():
                ref = response["content"]["application/json"]["schema"].get("$ref") or response["content"][
                    "application/json"
                ]["schema"].get("items", {}).get("$ref")
                if ref:
                    assert ref.split("/")[-1] in schemas
    assert document["paths"]["/api/v1/events"]["post"]["security"] == [{"bearerAuth": []}]
    assert "201" in document["paths"]["/api/v1/events"]["post"]["responses"]
    assert "security" not in document["paths"]["/api/v1/events"]["get"]
    filters = document["paths"]["/api/v1/events/{slug}/registrations"]["get"]["parameters"]
    assert {p["name"] for p in filters if p["in"] == "query"} == {"state", "delegation", "role", "limit", "after"}


def _string_schemas(schema, document, seen=()):
    if "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        if name not in seen:
            yield from _string_schemas(document["components"]["schemas"][name], document, seen + (name,))
        return
    if schema.get("type") == "string" and "enum" not in schema and "format" not in schema:
        yield schema
    for sub in (
        list(schema.get("properties", {}).values())
        + ([schema["items"]] if "items" in schema else [])
        + schema.get("oneOf", [])
    ):
        yield from _string_schemas(sub, document, seen)


def test_request_texts_declare_that_control_characters_are_refused(client):
    """A NUL byte made PostgreSQL answer 500: every free text a client sends says it may not hold one."""
    import re

    document = client.get("/api/v1/openapi.json").json
    texts = [
        schema
        for ops in document["paths"].values()
        for op in ops.values()
        if "requestBody" in op
        for schema in _string_schemas(op["requestBody"]["content"]["application/json"]["schema"], document)
    ]
    assert len(texts) > 20
    for schema in texts:
        if schema.get("description", "").startswith("data:image"):
            continue  # base64, checked as such
        assert "pattern" in schema, schema
        pattern = re.compile(schema["pattern"])
        assert not pattern.search("Budi\x00") and not pattern.search("Budi\x1b[31m"), schema
        assert not pattern.search("Budi\uffff"), schema
        assert pattern.search("Budi Santoso") or schema.get("minLength") is None


def test_undo_answer_and_refusals_match_the_document(client, app):
    from raker.auth.services import issue_token
    from raker.events.services import add_delegation
    from raker.registration import services as registration
    from tests.factories import make_event, make_user, register

    event = make_event()
    person = register(event, add_delegation(event, {"name": "Kabupaten Paser"}), 1)
    registration.change_state(person, "approved")
    headers = {"Authorization": f"Bearer {issue_token(make_user('sekretariat'))}"}
    url = f"/api/v1/events/{event.slug}/checkins"
    document = client.get("/api/v1/openapi.json").json
    post = document["paths"]["/api/v1/events/{slug}/checkins"]["post"]
    assert {"200", "201"} <= set(post["responses"])
    for wrong in (
        {"code": "RK1:" + person.checkin_code, "nonce": None},
        {"registration_id": person.id, "code": 12},
        {"code": "RK1:" + person.checkin_code, "scanned_at": 1700000000},
        {"code": "RK1:" + person.checkin_code, "scanned_at": ""},
        {"code": "RK1:X", "gate": ["Pintu"]},
    ):
        response = client.post(url, json=wrong, headers=headers)  # what the schema refuses, the server refuses
        assert response.status_code == 400 and response.json["message"], wrong
    event_body = {
        "title": "Rapat",
        "host_institution": "Pemkab",
        "venue": "Aula",
        "city": "Tana Paser",
        "start_date": "2027-03-01",
        "end_date": "2027-03-02",
        "registration_closes_at": "",
    }
    refused = client.post("/api/v1/events", json=event_body, headers=headers)
    assert refused.status_code == 400 and set(refused.json["fields"]) == {"registration_closes_at"}
    refused = client.post(
        "/api/v1/events", json={**event_body, "registration_closes_at": None, "slug": {}}, headers=headers
    )
    assert refused.status_code == 400 and set(refused.json["fields"]) == {"slug"}
    first = client.post(url, json={"code": "RK1:" + person.checkin_code, "nonce": "n-1"}, headers=headers)
    again = client.post(url, json={"code": "RK1:" + person.checkin_code}, headers=headers)
    assert first.status_code == 201 and again.status_code == 200 and again.json["status"] == "already_checked_in"
    undo = client.post(f"{url}/{first.json['checkin_id']}/undo", json={"reason": "salah orang"}, headers=headers)
    assert undo.status_code == 200 and undo.json["status"] == "undone" and undo.json["message"]
    undone = document["paths"]["/api/v1/events/{slug}/checkins/{checkin_id}/undo"]["post"]["responses"]["200"]
    required = document["components"]["schemas"][
        undone["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    ]["required"]
    assert set(required) <= set(undo.json)
