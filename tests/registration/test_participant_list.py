"""The participants page at scale: 50 a page, counts per state, "all N matching the filter" for bulk
decisions (through the registration service, one transaction), and a statement count that does not
grow with the number of participants."""

import re

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import AuditLog, Registration
from raker.pagination import Pages
from raker.registration.services import change_state
from tests.factories import make_event, make_user, register


@pytest.fixture
def event(app):
    return make_event()


@pytest.fixture
def secretariat(app):
    return app.test_client(user=make_user("sekretariat"))


def _names(html: str) -> list[str]:
    return re.findall(r'aria-label="Pilih (Peserta Uji \d+), S\.Sos\."', html)


def _people(event, delegations, n, start=1):
    return [register(event, delegations[i % len(delegations)], start + i) for i in range(n)]


def test_fifty_a_page_with_counts_per_state_and_a_pager(secretariat, event):
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    people = _people(event, [paser], 120)
    for registration in people[:7]:
        change_state(registration, "approved")
    url = f"/admin/events/{event.slug}/participants"
    first = secretariat.get(url).get_data(as_text=True)
    assert len(_names(first)) == 50
    assert "Menampilkan 1–50 dari 120" in first
    assert re.search(r'Menunggu persetujuan <span class="count">113</span>', first)
    assert re.search(r'Disetujui <span class="count">7</span>', first)
    assert 'aria-current="page"><span class="visually-hidden">Halaman </span>1</a>' in first
    last = secretariat.get(url + "?page=3").get_data(as_text=True)
    assert len(_names(last)) == 20 and "Menampilkan 101–120 dari 120" in last
    # Every row once over the three pages, in the list's order.
    seen = [name for page in (1, 2, 3) for name in _names(secretariat.get(f"{url}?page={page}").get_data(as_text=True))]
    assert len(seen) == len(set(seen)) == 120
    # Past the end or nonsense: the last page or the first, never an empty page or a 500.
    assert "Menampilkan 101–120" in secretariat.get(url + "?page=999").get_data(as_text=True)
    assert "Menampilkan 1–50" in secretariat.get(url + "?page=-4").get_data(as_text=True)
    # A state tab keeps the other filters and counts under them.
    filtered = secretariat.get(url + "?q=Uji 11&state=pending").get_data(as_text=True)
    assert (
        f'href="/admin/events/{event.slug}/participants?q=Uji+11&amp;state=approved"' in filtered
        or f'href="/admin/events/{event.slug}/participants?state=approved&amp;q=Uji+11"' in filtered
    )
    assert "Terapkan ke semua 11 peserta yang cocok dengan saringan" in filtered  # 11, 110–119


def test_pager_window():
    assert Pages.of(1, 0).window() == [1]
    assert Pages.of(6, 1000).window() == [1, None, 4, 5, 6, 7, 8, None, 20]
    assert Pages.of(2, 120).window() == [1, 2, 3]


def test_bulk_applies_to_every_row_the_filter_matches(secretariat, event):
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    berau = add_delegation(event, {"name": "Kabupaten Berau", "region_code": "64.03"})
    people = _people(event, [paser, berau], 130)
    url = f"/admin/events/{event.slug}/participants/bulk?delegation={paser.id}&state=pending"
    response = secretariat.post(
        url, data={"action": "approve", "scope": "filter", "expected": 65}, follow_redirects=True
    )
    assert "65 pendaftaran diubah." in response.get_data(as_text=True)
    db.session.expire_all()
    assert {r.state for r in people if r.delegation_id == paser.id} == {"approved"}
    assert {r.state for r in people if r.delegation_id == berau.id} == {"pending"}
    # Through the service: each an audit row and an approval email with its own check-in code.
    assert (
        db.session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "registration.state"))
        == 65
    )
    assert len({r.checkin_code for r in people if r.delegation_id == paser.id}) == 65


def test_bulk_on_the_filter_refuses_when_the_list_changed(secretariat, event):
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    _people(event, [paser], 3)
    url = f"/admin/events/{event.slug}/participants/bulk?state=pending"
    register(event, paser, 4)  # registered while the secretariat looked at the list of 3
    response = secretariat.post(url, data={"action": "cancel", "scope": "filter", "expected": 3}, follow_redirects=True)
    assert "Jumlah peserta yang cocok berubah dari 3 menjadi 4" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).where(Registration.state == "cancelled")) == 0


def test_bulk_over_quota_approves_in_order_and_reports_the_rest(secretariat, event):
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01", "quota": 3})
    people = _people(event, [paser], 6)  # three hold the places, three wait
    assert [r.state for r in people] == ["pending"] * 3 + ["waitlisted"] * 3
    paser.quota = 4  # one more place, not yet given to anyone
    db.session.commit()
    response = secretariat.post(
        f"/admin/events/{event.slug}/participants/bulk?state=waitlisted",
        data={"action": "approve", "scope": "filter"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "1 pendaftaran diubah." in html and html.count("Kuota Kabupaten Paser sudah penuh.") == 2
    db.session.expire_all()
    # The first to register gets the place; the refused ones stay as they were, the change is kept.
    assert [r.state for r in people] == ["pending"] * 3 + ["approved", "waitlisted", "waitlisted"]


def test_bulk_reject_without_reason_changes_nobody(secretariat, event):
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    _people(event, [paser], 3)
    response = secretariat.post(
        f"/admin/events/{event.slug}/participants/bulk",
        data={"action": "reject", "scope": "filter"},
        follow_redirects=True,
    )
    assert "Alasan penolakan wajib diisi." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).where(Registration.state != "pending")) == 0


def _selects(client, url) -> int:
    statements = []

    def note(conn, cursor, sql, *args):
        statements.append(sql)

    sa_event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", note)
    return sum(s.lstrip().upper().startswith("SELECT") for s in statements)


def test_statements_per_page_do_not_grow_with_the_participants(secretariat, event):
    delegations = [add_delegation(event, {"name": f"Delegasi {n}", "region_code": f"64.{n:02d}"}) for n in range(1, 9)]
    _people(event, delegations[:1], 2)
    url = f"/admin/events/{event.slug}/participants"
    few = _selects(secretariat, url)
    _people(event, delegations, 140, start=3)  # more rows, more pages, a delegation per row
    many = _selects(secretariat, url)
    assert many == few, (few, many)
    assert _selects(secretariat, url + "?page=3") == few


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_exports_statements_do_not_grow_with_the_participants_or_their_delegations(secretariat, event, fmt):
    """The lists are read as rows joined with their delegation in one statement: no delegation loaded
    per row (the ORM objects' lazy loads were a statement per delegation)."""
    delegations = [add_delegation(event, {"name": f"Delegasi {n}", "region_code": f"64.{n:02d}"}) for n in range(1, 9)]
    _people(event, delegations[:1], 2)
    url = f"/admin/events/{event.slug}/participants.{fmt}"
    db.session.expire_all()
    few = _selects(secretariat, url)
    _people(event, delegations, 140, start=3)
    db.session.expire_all()
    assert _selects(secretariat, url) == few
