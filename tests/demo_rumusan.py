"""The demo's rumusan adopted, as the plenary would: the open proposals declined, every item moved on to
adopted, then rumusan.adoption.adopt by the demo's tim perumus account. Adoption needs the plenary's
quorum on the day (today): the demo has delegates checked in today when seeded on or just before it."""

from sqlalchemy import select

from raker.extensions import db
from raker.models import User
from raker.rumusan import adoption
from raker.rumusan import services as rumusan


def adopt(event) -> str:
    """Adopt the demo meeting's rumusan; its fingerprint."""
    document = rumusan.rumusan_of(event)
    perumus = db.session.scalar(select(User).where(User.email == "perumus@raker.example"))
    for proposal in rumusan.proposals(document, state="open"):
        rumusan.decide(proposal, False, reason="Tidak disepakati.", by=perumus)
    for topic in document.topics:
        for item in topic.items:
            for step in {"draft": ["proposed", "adopted"], "proposed": ["adopted"]}.get(item.state, []):
                rumusan.set_item_state(item, step, by=perumus)
    fingerprint = adoption.adopt(document, by=perumus)
    db.session.commit()
    return fingerprint
