"""50 people press "Daftar" at the same moment for a delegation with 10 places."""

import threading
from collections import Counter

from sqlalchemy import func, select

from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import Registration
from raker.registration import services
from tests.factories import make_event, person

PEOPLE = 50
QUOTA = 10


def test_quota_holds_under_simultaneous_registrations(app_factory):
    app = app_factory()
    with app.app_context():
        event = make_event()
        delegation = add_delegation(event, {"name": "Kota Samarinda", "region_code": "64.72", "quota": QUOTA})
        event_id, delegation_id = event.id, delegation.id
        forms = [person(delegation, n) for n in range(1, PEOPLE + 1)]

    start = threading.Barrier(PEOPLE)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def submit(values):
        with app.app_context():
            try:
                from raker.models import Event

                event = db.session.get(Event, event_id)
                db.session.commit()  # hand the connection back: 50 threads share a pool of 15
                start.wait(timeout=30)
                registration = services.register(event, services.NewRegistration(values), source="form")
                outcomes.append(registration.state)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit, args=(values,)) for values in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    assert Counter(outcomes) == {"pending": QUOTA, "waitlisted": PEOPLE - QUOTA}
    with app.app_context():
        stored = dict(
            db.session.execute(
                select(Registration.state, func.count())
                .where(Registration.delegation_id == delegation_id)
                .group_by(Registration.state)
            ).all()
        )
        assert stored == {"pending": QUOTA, "waitlisted": PEOPLE - QUOTA}
        # first come, first served: the ten with places registered before every waiting one
        rows = db.session.scalars(
            select(Registration).where(Registration.event_id == event_id).order_by(Registration.id)
        ).all()
        assert [r.state for r in rows] == ["pending"] * QUOTA + ["waitlisted"] * (PEOPLE - QUOTA)


def test_same_person_twice_at_once_registers_once(app_factory):
    app = app_factory()
    with app.app_context():
        event = make_event()
        delegation = add_delegation(event, {"name": "Kota Bontang", "region_code": "64.74"})
        event_id, values = event.id, person(delegation, 1)
    start = threading.Barrier(8)
    outcomes: list[str] = []

    def submit():
        with app.app_context():
            from raker.models import Event

            event = db.session.get(Event, event_id)
            db.session.commit()
            start.wait(timeout=30)
            try:
                services.register(event, services.NewRegistration(dict(values)), source="form")
                outcomes.append("created")
            except services.DuplicateRegistration:
                outcomes.append("duplicate")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert Counter(outcomes) == {"created": 1, "duplicate": 7}
    with app.app_context():
        assert db.session.scalar(select(func.count(Registration.id))) == 1
