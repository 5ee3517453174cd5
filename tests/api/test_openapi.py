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
        for method, op in ops.items():
            assert op["summary"] and op["operationId"]
            assert {"401", "404", "429"} <= set(op["responses"])
            for parameter in op["parameters"]:
                assert "{" + parameter["name"] + "}" in path
            for response in op["responses"].values():
                ref = response["content"]["application/json"]["schema"].get("$ref") or \
                    response["content"]["application/json"]["schema"].get("items", {}).get("$ref")
                if ref:
                    assert ref.split("/")[-1] in schemas
    assert document["paths"]["/api/v1/events"]["post"]["security"] == [{"bearerAuth": []}]
    assert "201" in document["paths"]["/api/v1/events"]["post"]["responses"]
    assert "security" not in document["paths"]["/api/v1/events"]["get"]
