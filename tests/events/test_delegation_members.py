"""A delegation's page of its members (the contact's list): 50 a page with a pager, the quota figures
for the whole delegation on every page, and an action on a member back to the page it was taken on.
A national meeting's delegation of 500 was one 625 kB page."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import event as sa_event

from raker.events.services import add_delegation, delegation_members
from raker.extensions import db
from raker.models import Delegation, Registration
from tests.factories import make_event, make_user, register


@pytest.fixture
def meeting(app):
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01", "quota": 52})
    bontang = add_delegation(event, {"name": "Kota Bontang", "region_code": "64.74"})
    contact = make_user("kontak_delegasi", "kontak.paser@uji.raker.example")
    paser.contact_user_id = contact.id
    db.session.commit()
    for n in range(1, 61):  # 52 take the quota's places (pending), 8 wait
        register(event, paser, n, full_name=f"Anggota Paser {n:02d}")
    register(event, bontang, 61, full_name="Anggota Bontang")
    return {"event": event, "paser": paser, "client": app.test_client(user=contact)}


def url(meeting, **query) -> str:
    base = f"/events/{meeting['event'].slug}/delegations/{meeting['paser'].id}"
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def names(html: str) -> list[str]:
    return re.findall(r"<tr><td>(Anggota [^<]+)</td>", html)


def test_fifty_a_page_with_the_delegations_figures_on_each(meeting):
    first = meeting["client"].get(url(meeting)).get_data(as_text=True)
    second = meeting["client"].get(url(meeting, page=2)).get_data(as_text=True)
    assert names(first) == [f"Anggota Paser {n:02d}" for n in range(1, 51)]
    assert names(second) == [f"Anggota Paser {n:02d}" for n in range(51, 61)]  # not Bontang's
    assert "Menampilkan 51–60 dari 60" in second
    for page in (first, second):
        assert 'id="holding-places">52<' in page and 'id="waitlisted">8<' in page
    pager = first.split('class="pager"')[1].split("</nav>")[0]
    links = [urlsplit(unescape(href)) for href in re.findall(r'href="([^"]+)"', pager)]
    assert links and all(not link.netloc and link.path == url(meeting) for link in links)  # the app's own links
    assert {parse_qs(link.query)["page"][0] for link in links} == {"1", "2"} and 'rel="next"' in pager
    past_the_end = meeting["client"].get(url(meeting, page=10**20)).get_data(as_text=True)
    assert names(past_the_end) == names(second)  # the last page, not an error


def test_the_page_loads_its_rows_only(meeting):
    paser_id = meeting["paser"].id
    db.session.expunge_all()
    paser = db.session.get(Delegation, paser_id)
    listing = delegation_members(paser, page=2)
    loaded = [o for o in db.session.identity_map.values() if isinstance(o, Registration)]
    assert len(listing.members) == len(loaded) == 10
    assert (listing.holding_places, listing.waitlisted, listing.pages.total) == (52, 8, 60)
    statements = []

    def count(*_args):
        statements.append(1)

    sa_event.listen(db.engine, "before_cursor_execute", count)
    try:
        delegation_members(paser, page=1)
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 2  # the counts, the page: whatever the delegation's size


def test_an_action_on_a_member_comes_back_to_the_same_page(meeting):
    page = meeting["client"].get(url(meeting, page=2)).get_data(as_text=True)
    action = re.search(r'action="([^"]+/cancel[^"]*)"', page).group(1)
    assert parse_qs(urlsplit(unescape(action)).query) == {"page": ["2"]}
    done = meeting["client"].post(unescape(action))
    assert done.status_code == 302 and urlsplit(done.headers["Location"]).query == "page=2"
    first = meeting["client"].get(url(meeting)).get_data(as_text=True)
    assert "/cancel?page" not in first  # on the first page the forms need no ?page=
