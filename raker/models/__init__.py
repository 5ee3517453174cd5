"""Typed SQLAlchemy 2.0 models. Import from here: `from raker.models import Event`."""
from .audit import AuditLog
from .event import DEFAULT_TIMEZONE, DELEGATION_KINDS, EVENT_STATUSES, PAPER_SIZES, Delegation, Event
from .registration import ASN_STATUSES, PARTICIPANT_ROLES, REGISTRATION_STATES, Registration
from .types import utcnow
from .user import ROLES, STAFF_ROLES, ApiToken, User, UserRole

__all__ = [
    "ASN_STATUSES", "AuditLog", "ApiToken", "DEFAULT_TIMEZONE", "DELEGATION_KINDS", "Delegation",
    "EVENT_STATUSES", "Event", "PAPER_SIZES", "PARTICIPANT_ROLES", "REGISTRATION_STATES",
    "ROLES", "Registration", "STAFF_ROLES", "User", "UserRole", "utcnow",
]
