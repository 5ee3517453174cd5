import pytest

from raker.auth.services import issue_token
from raker.extensions import db
from raker.models import Event
from tests.factories import make_event, make_user, table_counts


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {issue_token(user)}"}


NEW_EVENT = {
    "title": "Rapat Kerja Bidang Organisasi",
    "host_institution": "Pemerintah Kota Bontang",
    "venue": "Auditorium 3 Dimensi",
    "city": "Bontang",
    "start_date": "2027-03-01",
    "end_date": "2027-03-02",
    "registration_closes_at": "2027-02-25T17:00:00+08:00",
}


def test_events_list_public_and_staff(client, app):
    make_event(title="Rapat Umum")
    make_event(title="Rapat Draf", status="draft")
    public = client.get("/api/v1/events")
    assert public.status_code == 200
    assert [e["title"] for e in public.json] == ["Rapat Umum"]
    event = public.json[0]
    assert event["timezone"] == "Asia/Makassar" and event["timezone_abbreviation"] == "WITA"
    assert event["registration_open"] is True
    staff = client.get("/api/v1/events", headers=bearer(make_user("sekretariat")))
    assert sorted(e["title"] for e in staff.json) == ["Rapat Draf", "Rapat Umum"]
    # A secretary of another meeting sees the announced meetings only, not this draft.
    other = make_user("sekretariat", "sek.lain@uji.raker.example", event=make_event(title="Rapat Lain"))
    assert sorted(e["title"] for e in client.get("/api/v1/events", headers=bearer(other)).json) == [
        "Rapat Lain",
        "Rapat Umum",
    ]


def test_event_and_delegations(client, app):
    from raker.events.services import invite_regions

    event = make_event()
    invite_regions(event, default_quota=15)
    detail = client.get(f"/api/v1/events/{event.slug}")
    assert detail.json["slug"] == event.slug and detail.json["venue"] == "Gedung Awa Mangkuruku"
    delegations = client.get(f"/api/v1/events/{event.slug}/delegations").json
    assert len(delegations) == 11
    assert delegations[1] == {
        "id": delegations[1]["id"],
        "name": "Kabupaten Paser",
        "region_code": "64.01",
        "kind": "kabupaten",
        "quota": 15,
        "registered": 0,
    }


def test_create_event(client, app):
    response = client.post("/api/v1/events", json=NEW_EVENT, headers=bearer(make_user("sekretariat")))
    assert response.status_code == 201, response.json
    assert response.json["slug"] == "rapat-kerja-bidang-organisasi-2027"
    assert response.headers["Location"].endswith("/api/v1/events/rapat-kerja-bidang-organisasi-2027")
    event = db.session.query(Event).one()
    assert event.status == "draft" and event.timezone == "Asia/Makassar"
    assert event.registration_closes_at.isoformat() == "2027-02-25T09:00:00+00:00"


def test_the_secretary_who_creates_a_meeting_runs_it(client, app):
    """Made by the API, a meeting's creator is its secretariat; a meeting role held on the account
    alone grants nothing on another meeting, nor the right to create one (only sekretariat)."""
    existing = make_event(title="Rapat Lain")
    secretary = bearer(make_user("sekretariat", "sek.baru@uji.raker.example", event=existing))
    slug = client.post("/api/v1/events", json=NEW_EVENT, headers=secretary).json["slug"]
    assert client.get(f"/api/v1/events/{slug}/registrations", headers=secretary).status_code == 200
    assert client.get(f"/api/v1/events/{slug}", headers=secretary).status_code == 200  # its own draft
    stranger = bearer(make_user("sekretariat", "sek.asing@uji.raker.example", event=existing))
    assert client.get(f"/api/v1/events/{slug}", headers=stranger).status_code == 404
    assert client.get(f"/api/v1/events/{slug}/registrations", headers=stranger).status_code == 403
    gate = bearer(make_user("petugas", "gerbang@uji.raker.example", event=existing))
    refused = client.post("/api/v1/events", json={**NEW_EVENT, "title": "Rapat Petugas"}, headers=gate)
    assert refused.status_code == 403 and refused.json["error"] == "forbidden"


@pytest.mark.parametrize(
    "change, fields",
    [
        ({"title": ""}, {"title"}),
        ({"start_date": "1 Maret 2027"}, {"start_date"}),
        ({"end_date": "2027-02-28"}, {"end_date"}),
        ({"timezone": "Europe/Berlin", "paper_size": "Letter"}, {"timezone", "paper_size"}),
        ({"registration_closes_at": "2027-02-25T17:00:00"}, {"registration_closes_at"}),
        ({"title": ["bukan", "teks"]}, {"title"}),
        ({"city": None, "venue": None}, {"city", "venue"}),
        ({"start_date": "0001-01-01", "end_date": "9999-12-31"}, {"start_date"}),
        ({"start_date": "1999-12-31", "end_date": "2000-01-01"}, {"start_date"}),
        ({"end_date": "2101-01-01"}, {"end_date"}),
        ({"start_date": "2027-03-01", "end_date": "2027-04-01"}, {"end_date"}),  # 32 days
        ({"registration_closes_at": "0001-01-01T00:00:00+08:00"}, {"registration_closes_at"}),
    ],
)
def test_create_event_bad_input_names_fields_and_saves_nothing(client, app, change, fields):
    headers = bearer(make_user("sekretariat"))
    client.get("/api/v1/me", headers=headers)  # the token's first use this hour is in the audit log
    before = table_counts()
    response = client.post("/api/v1/events", json={**NEW_EVENT, **change}, headers=headers)
    assert response.status_code == 400
    assert response.json["error"] == "validation_error"
    assert set(response.json["fields"]) == fields
    assert response.json["message"]
    after = table_counts()
    assert after["events"] == before["events"] and after["audit_log"] == before["audit_log"]


def test_a_meeting_of_31_days_within_2000_to_2100_is_fine(client, app):
    body = {**NEW_EVENT, "start_date": "2100-12-01", "end_date": "2100-12-31", "registration_closes_at": None}
    response = client.post("/api/v1/events", json=body, headers=bearer(make_user("sekretariat")))
    assert response.status_code == 201, response.json


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        ("{not json", "application/json", 400),
        ("[1, 2]", "application/json", 400),
        ("title=x", "application/x-www-form-urlencoded", 415),
        (b"\x00\xff\xfe binary junk", "application/octet-stream", 415),
    ],
)
def test_malformed_bodies(client, app, body, content_type, status):
    response = client.post(
        "/api/v1/events", data=body, content_type=content_type, headers=bearer(make_user("sekretariat"))
    )
    assert response.status_code == status
    assert set(response.json) >= {"error", "message"}


def test_json_errors_for_every_failure(client, app):
    cases = [
        (client.get("/api/v1/tidak-ada"), 404, "not_found"),
        (client.delete("/api/v1/events"), 405, "method_not_allowed"),
        (client.get("/api/v1/me"), 401, "unauthorized"),
        (client.get("/api/v1/me", headers={"Authorization": "Bearer rk_palsu"}), 401, "unauthorized"),
        (client.get("/api/v1/me", headers={"Authorization": "Basic dXNlcjpwYXNz"}), 401, "unauthorized"),
        (client.get("/api/v1/users", headers=bearer(make_user("petugas"))), 403, "forbidden"),
        (client.post("/api/v1/events", json=NEW_EVENT, headers=bearer(make_user("notulis"))), 403, "forbidden"),
        (client.get("/api/v1/events/tidak-ada"), 404, "not_found"),
    ]
    for response, status, code in cases:
        assert response.status_code == status
        assert response.is_json and response.json["error"] == code and response.json["message"]
    assert cases[0][0].json["message"] == "Halaman atau data tidak ditemukan."
    assert "Bearer" in cases[2][0].headers["WWW-Authenticate"]
    assert "dicabut" in cases[3][0].json["message"]
    assert cases[1][0].headers["Allow"]


def test_payload_too_large(app_factory):
    app = app_factory(MAX_CONTENT_LENGTH=1024)
    with app.app_context():
        headers = bearer(make_user("sekretariat"))
    response = app.test_client().post(
        "/api/v1/events", data="x" * 10_000, content_type="application/json", headers=headers
    )
    assert response.status_code == 413 and response.json["error"] == "payload_too_large"


def test_rate_limit_answers_429_json(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, API_RATE_LIMIT="5 per minute")
    client = app.test_client()
    codes = [client.get("/api/v1/events").status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    limited = client.get("/api/v1/events")
    assert limited.json["error"] == "too_many_requests" and limited.headers.get("Retry-After")


def test_unexpected_error_is_json_500_without_trace(app_factory):
    app = app_factory()

    @app.route("/api/v1/rusak")
    def broken():
        raise RuntimeError("rahasia internal")

    response = app.test_client().get("/api/v1/rusak")
    assert response.status_code == 500
    assert response.json["error"] == "internal_error"
    assert "rahasia" not in response.get_data(as_text=True) and "Traceback" not in response.get_data(as_text=True)


def test_session_post_to_api_needs_csrf(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        client = app.test_client(user=make_user("sekretariat"))
        response = client.post("/api/v1/events", json=NEW_EVENT)
        assert response.status_code == 400 and response.json["error"] == "bad_request"
        assert db.session.query(Event).count() == 0


def test_token_use_is_noted_and_a_revoked_token_stops_at_once(client, app):
    from raker.auth.services import revoke_tokens
    from raker.models import ApiToken

    user = make_user("sekretariat")
    headers = bearer(user)
    assert client.get("/api/v1/events", headers=headers).status_code == 200
    token = db.session.scalar(db.select(ApiToken))
    db.session.refresh(token)
    assert token.last_used_at is not None  # noted on a connection of its own, and kept
    # the same request still knows who called: a staff list, not the public one
    make_event(title="Rapat Draf", status="draft")
    assert [e["title"] for e in client.get("/api/v1/events", headers=headers).json] == ["Rapat Draf"]
    revoke_tokens(user)
    assert client.get("/api/v1/events", headers=headers).status_code == 401


def test_registration_filters_outside_the_choices_are_a_400(client, app):
    event = make_event()
    headers = bearer(make_user("sekretariat"))
    url = f"/api/v1/events/{event.slug}/registrations"
    assert client.get(url + "?state=pending", headers=headers).status_code == 200
    for query, field in (
        ("?state=semua", "state"),
        ("?role=", "role"),
        ("?delegation=abc", "delegation"),
        ("?delegation=99999999999", "delegation"),
    ):
        response = client.get(url + query, headers=headers)
        assert response.status_code == 400 and response.json["error"] == "validation_error", query
        assert set(response.json["fields"]) == {field}


def test_registrations_come_a_page_at_a_time_with_a_link_to_the_next(client, app):
    """Issue 15: the list answered every registration at once (10,000: a second and 5 MB). It answers at
    most ?limit= (1,000 by default) by id, with the next page's address in the Link header, from the
    configured public address, the filters kept; the last page has no Link."""
    from urllib.parse import urlsplit

    from raker.events.services import add_delegation
    from raker.registration.services import change_state
    from tests.factories import register

    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    people = [register(event, paser, n) for n in range(1, 7)]
    for person in people[:5]:
        change_state(person, "approved")
    headers = bearer(make_user("sekretariat", event=event))
    seen, url, pages = [], f"/api/v1/events/{event.slug}/registrations?state=approved&limit=2", 0
    while url:
        answer = client.get(url, headers=headers)
        assert answer.status_code == 200 and len(answer.json) <= 2
        seen += [row["id"] for row in answer.json]
        pages += 1
        link = answer.headers.get("Link")
        if link:
            following = link.split(">")[0].lstrip("<")
            assert following.startswith(app.config["PUBLIC_BASE_URL"] + "/api/v1/") and link.endswith('rel="next"')
            assert "state=approved" in following and "limit=2" in following
            url = urlsplit(following).path + "?" + urlsplit(following).query
        else:
            url = None
    assert seen == [p.id for p in people[:5]] and pages == 3
    everyone = client.get(f"/api/v1/events/{event.slug}/registrations", headers=headers)
    assert [row["id"] for row in everyone.json] == [p.id for p in people] and "Link" not in everyone.headers
    for bad in ("limit=0", "limit=1001", "limit=dua", "after=-1", "after=x"):
        refused = client.get(f"/api/v1/events/{event.slug}/registrations?{bad}", headers=headers)
        assert refused.status_code == 400 and refused.json["error"], bad
