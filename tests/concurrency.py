"""Two doors at the same moment: the same scan sent from several threads released together."""

import threading
from collections import Counter

from raker.checkin import services
from raker.checkin.services import ScanInput
from raker.extensions import db


def scans_at_once(app, event_id: int, gates: list[str], **scan) -> Counter:
    """The statuses of one scan (ScanInput fields in `scan`) redeemed at each gate at once, each thread
    with its own session, all released by one barrier after their meeting is loaded."""
    start = threading.Barrier(len(gates))
    statuses = []

    def gate(name):
        with app.app_context():
            from raker.models import Event

            event = db.session.get(Event, event_id)
            db.session.commit()
            start.wait(timeout=10)
            statuses.append(services.redeem(event, ScanInput(gate=name, **scan))["status"])
            db.session.remove()

    threads = [threading.Thread(target=gate, args=(name,)) for name in gates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return Counter(statuses)
