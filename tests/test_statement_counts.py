"""Pages do not run more SQL statements for a bigger meeting: every secretariat and public page (GET,
HTML or JSON; not the file downloads) of a meeting of 20 participants and of one of 200, side by
side in one database, as the admin and as nobody. A statement count that grows with the rows is a
query per row (an N+1), which at a national meeting of 10,000 turns a page into thousands of round
trips. Counted with SQLAlchemy's before_cursor_execute event."""

import threading

from flask import url_for
from sqlalchemy import event as sa_event

from raker.extensions import db
from tests.factories import make_user
from tests.scale import meeting_for_pages, page_rules, page_url_values


def _count(app, client, url) -> tuple[int, int]:
    statements = []
    me = threading.get_ident()

    def listener(*_args):
        # The request's own statements: the test client runs it in this thread. A background thread
        # (the plenary's stream watcher, a job's heartbeat) may run its own at the same moment.
        if threading.get_ident() == me:
            statements.append(1)

    with app.app_context():
        engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", listener)
    try:
        response = client.get(url)
        response.close()
    finally:
        sa_event.remove(engine, "before_cursor_execute", listener)
    assert response.status_code < 500, f"{url}: {response.status_code}"
    return response.status_code, len(statements)


def test_statement_counts_do_not_grow_with_the_meeting(app):
    small, large = meeting_for_pages(20, "Rapat Kerja Kecil"), meeting_for_pages(200, "Rapat Kerja Besar")
    admin = make_user("admin", "admin.skala@uji.raker.example")
    grown, checked = [], 0
    for identity, client in (("admin", app.test_client(user=admin)), ("anonymous", app.test_client())):
        for rule in page_rules(app):
            counts = []
            for meeting in (small, large):
                with app.test_request_context():
                    url = url_for(rule.endpoint, **page_url_values(rule, meeting))
                counts.append((url, *_count(app, client, url)))
            (_, status_small, n_small), (url, status_large, n_large) = counts
            if status_small == status_large == 200:
                checked += 1
                if n_large > n_small:
                    grown.append(f"{identity} {rule.rule}: {n_small} statements at 20 participants, {n_large} at 200")
    assert checked > 40, f"only {checked} pages answered 200 on both meetings"
    assert not grown, "\n".join(grown)


def test_a_page_of_the_registrations_api_with_a_next_page_runs_no_more_statements(app):
    """At 10,000 participants the list comes a page at a time: the answer that carries a Link to the next
    page must not read its meeting and its last row again (the audit's commit expired them)."""
    meeting = meeting_for_pages(20, "Rapat Kerja Berhalaman")
    client = app.test_client(user=make_user("admin", "admin.halaman@uji.raker.example"))
    url = f"/api/v1/events/{meeting['event'].slug}/registrations"
    _count(app, client, url)  # warm-up: the first request of a client loads more than the next ones
    _, whole = _count(app, client, url + "?limit=50")
    _, paged = _count(app, client, url + "?limit=5")
    assert 'rel="next"' in client.get(url + "?limit=5").headers["Link"]
    assert paged == whole, f"{paged} statements for a page with a next page, {whole} for the whole list"
