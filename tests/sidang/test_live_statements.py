"""The plenary's live state is built again for every change the console makes (push.py), with 200 phones
and the projectors waiting on it: a fixed, small number of SQL statements, whatever the length of the
speaker list, the number of amendments or the size of the rumusan (counted as tests/test_statement_counts.py
does, with SQLAlchemy's before_cursor_execute, in this thread only)."""

import threading

import pytest
from sqlalchemy import event as sa_event

from raker.checkin import services as checkin
from raker.checkin.services import ScanInput
from raker.events.services import add_delegation
from raker.extensions import db
from raker.registration import services as registration
from raker.rumusan import services as rumusan
from raker.sidang import amendments, decisions, live, speakers, votes
from tests.factories import make_event, make_user, register

# Statements for one build of the live state from a fresh session (as the push watcher has): settings, the
# item, the rumusan with its topics and items (3), the speakers, the quorum, the vote, speaking times, the
# amendments. It was 24 for 3 delegations and 46 for 12 (a lazy load per speaker, per topic, per amendment).
BUDGET = 10


def _hall(delegations: int, topics: int, items: int):
    event = make_event(title=f"Rapat Kerja {delegations}")
    chair = make_user("sekretariat", f"pimpinan{delegations}@uji.raker.example")
    people = []
    for n in range(delegations):
        delegation = add_delegation(event, {"name": f"Delegasi {n + 1}", "region_code": f"64.{n + 1:02d}"})
        person = register(event, delegation, n + 1)
        registration.change_state(person, "approved")
        checkin.redeem(event, ScanInput(code="RK1:" + person.checkin_code, gate="Pleno"))
        people.append(person)
    draft = rumusan.get_or_create(event)
    current = None
    for t in range(topics):
        topic = rumusan.add_topic(draft, f"Topik {t + 1}")
        for i in range(items):
            item = rumusan.add_item(topic, f"Butir {t + 1}.{i + 1} dengan:")
            for s in range(2):
                rumusan.add_item(topic, f"sub-butir {s + 1};", parent=item)
            current = current or item
    vote = votes.open_vote(event, "Setuju butir ini?", item=current, by=chair)
    votes.close_vote(vote, by=chair)
    decisions.set_current_item(event, current, by=chair)
    for n, person in enumerate(people):
        speakers.request_floor(event, person, "interupsi" if n == 1 else "bicara")
        if n < len(people) // 2:
            amendments.submit(event, person, f"Butir 1.1 dengan perubahan dari delegasi {n + 1}:")
    speakers.give_floor(event, by=chair)
    return event.id


def _statements(app, event_id) -> tuple[int, dict]:
    from raker.models import Event

    db.session.remove()  # a fresh session, as the watcher thread has for each look
    event = db.session.get(Event, event_id)
    counted = []
    me = threading.get_ident()

    def listener(*_args):
        if threading.get_ident() == me:
            counted.append(1)

    sa_event.listen(db.engine, "before_cursor_execute", listener)
    try:
        state = live.state(event)
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", listener)
    return len(counted), state


@pytest.mark.clocks
def test_the_live_state_costs_a_fixed_few_statements(app):
    small, large = _hall(3, 1, 2), _hall(12, 4, 6)
    n_small, state_small = _statements(app, small)
    n_large, state_large = _statements(app, large)
    assert len(state_large["waiting"]) == 11 and len(state_large["amendments"]) == 6
    assert state_large["item"]["subs"] and state_large["speaking"] and state_large["vote"]["state"] == "closed"
    assert (n_small, n_large) == (n_small, n_small), f"{n_small} statements for 3 delegations, {n_large} for 12"
    assert n_large <= BUDGET, f"{n_large} statements"
