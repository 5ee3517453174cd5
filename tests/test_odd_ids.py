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


PAST_INTEGER_70 = str(2**70)


@pytest.fixture
def demo_ids(app):
    """The demo meeting's ids for the forms of the rumusan, the commissions and the plenary."""
    from sqlalchemy import select

    from raker.extensions import db
    from raker.models import Commission, Delegation, Registration, RumusanItem, RumusanTopic, SpeakerRequest
    from tests.demo_snapshot import seeded_demo

    event = seeded_demo().event

    def first(model, *where):
        return db.session.scalar(select(model.id).where(*where).order_by(model.id).limit(1))

    token = db.session.scalar(
        select(Registration.token).where(Registration.event_id == event.id, Registration.state == "approved").limit(1)
    )
    return {
        "slug": event.slug,
        "token": token,
        "commission": first(Commission, Commission.event_id == event.id),
        "topic": first(RumusanTopic),
        "point": first(RumusanItem, RumusanItem.commission_id.is_not(None)),
        "request": first(SpeakerRequest) or 1,
        "delegation": first(Delegation, Delegation.event_id == event.id),
    }


@pytest.mark.parametrize("odd", [SUPERSCRIPT_TWO, PAST_INTEGER_70])
@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/r/{token}/pleno/suara", {"vote_id": "{odd}", "choice": "setuju"}),
        ("/r/{token}/pleno/pemberi-suara", {"registration_id": "{odd}"}),
        ("/admin/events/{slug}/rumusan/proposals", {"target": "item-{odd}", "text": "Usul", "reason": "Alasan"}),
        ("/admin/events/{slug}/rumusan/proposals", {"target": "topic-{odd}", "text": "Usul", "reason": "Alasan"}),
        ("/admin/events/{slug}/rumusan/komisi/{point}/ambil", {"topic_id": "{odd}"}),
        ("/admin/events/{slug}/rumusan/topics/{topic}/items", {"text": "Butir", "parent_id": "{odd}"}),
        ("/admin/events/{slug}/rumusan/topics/{topic}/items", {"text": "Butir", "session_id": "{odd}"}),
        ("/admin/events/{slug}/rumusan/team", {"registration_id": "{odd}", "role": "anggota"}),
        ("/admin/events/{slug}/komisi/{commission}", {"topic": "Topik", "room_id": "{odd}"}),
        ("/admin/events/{slug}/komisi/{commission}", {"topic": "Topik", "chair_id": "{odd}"}),
        ("/admin/events/{slug}/komisi/{commission}", {"topic": "Topik", "secretary_id": "{odd}"}),
        ("/admin/events/{slug}/pleno/pembicara/{request}/pindah", {"to": "{odd}"}),
        ("/admin/events/{slug}/pleno/pembicara/{request}/pindah", {"to": "-{odd}"}),
        ("/admin/events/{slug}/pleno/aturan", {"speaking_minutes": "{odd}"}),
        ("/admin/events/{slug}/pleno/aturan/pemberi-suara/{delegation}", {"registration_id": "{odd}"}),
        ("/admin/events/{slug}/pleno/tanda-tangan", {"registration_id": "{odd}"}),
        ("/admin/events/{slug}/honorarium/pengaturan", {"narasumber_rate": "{odd}"}),
        (
            "/admin/events/{slug}/delegations/{delegation}/edit",
            {"name": "Kabupaten Paser", "kind": "kabupaten", "quota": "{odd}"},
        ),
    ],
)
def test_the_meetings_forms_answer_an_odd_number_without_a_500(app, demo_ids, path, fields, odd):
    """Found by a probe of every form (2026-12-03): each of these was a 500 ("²" passed str.isdigit(),
    2**70 overflowed SQLite's INTEGER)."""
    admin = make_user("admin", "admin.formulir@uji.raker.example")
    client = app.test_client(user=admin)
    url = path.format(**demo_ids)
    data = {name: value.format(odd=odd) for name, value in fields.items()}
    answer = client.post(url, data=data)
    assert answer.status_code in (200, 302, 303, 400, 403, 404, 409, 422), (url, data, answer.status_code)
