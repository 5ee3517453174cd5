"""Ids typed into a form or a query string that are not ids: "²" passes str.isdigit() but int() refuses
it, and a number past INTEGER makes the database refuse the query. Each was a 500 somewhere; each is
now answered as an unknown id is (raker/ids.py): a message and a 4xx, or a redirect with a message."""

import pytest

from raker.auth.services import issue_token
from raker.events.services import add_delegation
from tests.factories import make_event, make_user

SUPERSCRIPT_TWO = "²"
PAST_INTEGER = "99999999999999999999"


@pytest.fixture
def staff(app):
    event = make_event()
    add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    admin = make_user("admin", "admin.ids@uji.raker.example")
    return event, app.test_client(user=admin), {"Authorization": f"Bearer {issue_token(admin)}"}


@pytest.mark.parametrize("odd", [SUPERSCRIPT_TWO, PAST_INTEGER])
@pytest.mark.parametrize(
    ("method", "path", "field"),
    [
        ("POST", "/admin/events/{slug}/pleno/pembicara/beri", "request_id"),
        ("POST", "/admin/events/{slug}/pleno/butir", "item_id"),
        ("POST", "/admin/events/{slug}/komisi/bagi", "per_commission"),
        ("POST", "/admin/events/{slug}/attendance/badges.pdf", "ids"),
        ("GET", "/admin/events/{slug}/audit", "user"),
        ("GET", "/admin/audit", "event"),
    ],
)
def test_pages_answer_an_odd_id_without_a_500(staff, method, path, field, odd):
    event, client, _headers = staff
    url = path.format(slug=event.slug)
    answer = client.get(url, query_string={field: odd}) if method == "GET" else client.post(url, data={field: odd})
    assert answer.status_code in (200, 302, 400, 404, 409), (url, field, answer.status_code)


@pytest.mark.parametrize("odd", [SUPERSCRIPT_TWO, PAST_INTEGER])
@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/events/{slug}/registrations", "delegation"),
        ("/api/v1/events/{slug}/registrations", "limit"),
        ("/api/v1/events/{slug}/registrations", "after"),
        ("/api/v1/events/{slug}/checkins/stats", "session_id"),
    ],
)
def test_the_api_refuses_an_odd_id_with_its_json_error(staff, path, field, odd):
    event, _client, headers = staff
    answer = _client.get(path.format(slug=event.slug), query_string={field: odd}, headers=headers)
    assert answer.status_code in (400, 422), (path, field, answer.status_code)
    assert set(answer.json) >= {"error", "message"}
