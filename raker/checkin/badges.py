"""Which badges a batch prints: the approved participants with a check-in code (one delegation's, or
a selection), with what each badge shows loaded at once. Shared by the pages and raker.exports."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import CommissionMember, Registration

BADGE_LAYOUTS = ("sheet", "a6", "cr80")


def badge_selection(event, *, delegation_id=None, ids=None, limit: int | None = None) -> list[Registration]:
    query = select(Registration).where(
        Registration.event_id == event.id, Registration.state == "approved", Registration.checkin_code.is_not(None)
    )
    if delegation_id:
        query = query.where(Registration.delegation_id == delegation_id)
    if ids:
        query = query.where(Registration.id.in_(ids))
    # The commission printed on each badge, loaded for the whole batch at once.
    query = query.options(selectinload(Registration.commission_membership).joinedload(CommissionMember.commission))
    query = query.order_by(Registration.delegation_id, Registration.full_name)
    return list(db.session.scalars(query.limit(limit) if limit else query))
