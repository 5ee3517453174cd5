"""Typed SQLAlchemy 2.0 models. Import from here: `from raker.models import Event`."""
from .agenda import (NO_MINUTES_KINDS, CONFIRMATIONS, SESSION_KINDS, SESSION_ROLES, AgendaSession, AgendaVersion,
                     Availability, Room, SessionMaterial, SessionPerson)
from .audit import AuditLog
from .minutes import (CERTIFICATE_ROLES, DRAFTING_ROLES, ITEM_STATES, MINUTES_STATES, PROPOSAL_STATES, Certificate,
                      CertificateSettings, DraftingMember, Minutes, MinutesRevision, Proposal, Rumusan, RumusanItem,
                      RumusanItemVersion, RumusanTopic)
from .checkin import SCAN_RESULTS, CheckIn, Scan, SessionAttendance
from .event import (APPROVAL_MODES, DEFAULT_TIMEZONE, DELEGATION_KINDS, EVENT_STATUSES, OVER_QUOTA_POLICIES,
                    PAPER_SIZES, Delegation, Event)
from .honorarium import HonorariumSettings
from .imports import ImportUpload
from .jobs import JOB_BACKENDS, JOB_STATES, Job
from .letters import NUMBERING_MODES, LetterSettings
from .outbox import OutboxAttachment, OutboxMessage
from .panitia import COMMITTEE_PLACES, CommitteeMember, CommitteeSettings
from .registration import (ASN_STATUSES, PARTICIPANT_ROLES, REGISTRATION_SOURCES, REGISTRATION_STATES,
                           AssignmentLetter, Registration)
from .report import ReportPhoto, ReportSettings
from .sidang import (CHOICES, DECISIONS, ELECTORATES, MAJORITIES, QUORUM_RULES, REQUEST_KINDS, REQUEST_STATES,
                     VOTE_STATES, Commission, CommissionMember, DelegationVoter, ItemDecision, SidangSettings,
                     SpeakerRequest, Vote, VoteCast)
from .tte import DOCUMENT_STATES, SIGNING_METHODS, TteDocument, TteParaf, TteSignature, TteSigner
from .types import utcnow
from .user import EVENT_ROLES, ROLES, STAFF_ROLES, ApiToken, EventStaff, User, UserRole

__all__ = [
    "CERTIFICATE_ROLES", "DRAFTING_ROLES", "ITEM_STATES", "MINUTES_STATES", "PROPOSAL_STATES", "Certificate",
    "CertificateSettings", "DraftingMember", "Minutes",
    "MinutesRevision", "Proposal", "Rumusan", "RumusanItem", "RumusanItemVersion", "RumusanTopic",
    "NO_MINUTES_KINDS", "CONFIRMATIONS", "SESSION_KINDS", "SESSION_ROLES", "AgendaSession", "AgendaVersion",
    "Availability", "Room", "SessionMaterial", "SessionPerson",
    "SCAN_RESULTS", "CheckIn", "Scan", "SessionAttendance",
    "COMMITTEE_PLACES", "CommitteeMember", "CommitteeSettings", "LetterSettings", "NUMBERING_MODES",
    "APPROVAL_MODES", "AssignmentLetter", "JOB_BACKENDS", "JOB_STATES", "Job", "HonorariumSettings", "ImportUpload", "OVER_QUOTA_POLICIES", "OutboxAttachment",
    "OutboxMessage", "REGISTRATION_SOURCES", "ASN_STATUSES", "AuditLog", "ApiToken", "DEFAULT_TIMEZONE", "DELEGATION_KINDS", "Delegation",
    "EVENT_STATUSES", "Event", "PAPER_SIZES", "PARTICIPANT_ROLES", "REGISTRATION_STATES",
    "CHOICES", "ELECTORATES", "MAJORITIES", "QUORUM_RULES", "VOTE_STATES", "Commission", "CommissionMember",
    "DelegationVoter", "SidangSettings", "Vote", "VoteCast", "DECISIONS", "REQUEST_KINDS", "REQUEST_STATES",
    "ItemDecision", "SpeakerRequest",
    "DOCUMENT_STATES", "SIGNING_METHODS", "TteDocument", "TteParaf", "TteSignature", "TteSigner",
    "EVENT_ROLES", "EventStaff", "ROLES", "Registration", "ReportPhoto", "ReportSettings", "STAFF_ROLES", "User", "UserRole", "utcnow",
]
