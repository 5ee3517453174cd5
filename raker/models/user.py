import functools
import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Select, String, UniqueConstraint, bindparam, select
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import Model, db
from .types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from .event import Event

# Global roles. A delegation contact is additionally linked to its delegation(s). The meeting
# roles below grant rights only on the meetings a user is staff of (EventStaff); held globally they
# only mark the account's kind ("may be assigned"), and a global sekretariat may create meetings.
ADMIN = "admin"
SEKRETARIAT = "sekretariat"
PETUGAS = "petugas"
NOTULIS = "notulis"
PERUMUS = "perumus"
KONTAK_DELEGASI = "kontak_delegasi"
ROLES = (ADMIN, SEKRETARIAT, PETUGAS, NOTULIS, PERUMUS, KONTAK_DELEGASI)
# Roles allowed to see personal data and run the meeting's administration.
STAFF_ROLES = (ADMIN, SEKRETARIAT)
# Roles granted per meeting, as pretix teams and Indico event managers are.
EVENT_ROLES = (SEKRETARIAT, PETUGAS, NOTULIS, PERUMUS)

_role_list = ", ".join(f"'{r}'" for r in ROLES)
_event_role_list = ", ".join(f"'{r}'" for r in EVENT_ROLES)


def session_id(user_id: int, version: int) -> str:
    """The login id in the session and the remember cookie: "<user id>:<session version>"."""
    return f"{user_id}:{version or 1}"


def parse_session_id(value: str) -> tuple[int, int] | None:
    user_id, _, version = str(value).partition(":")
    if not (user_id.isdecimal() and version.isdecimal()):
        return None  # also a bare id from a cookie issued before session versions: refused
    return int(user_id), int(version)


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Part of the login id that the session and the remember cookie carry (get_id): raising it
    # (logout, password change, "log out everywhere") makes every cookie issued before worthless,
    # on every device, although the cookies themselves are signed and cannot be recalled.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")

    role_rows: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="user", cascade="all, delete-orphan")

    def get_id(self) -> str:
        return session_id(self.id, self.session_version)

    def end_sessions(self) -> None:
        self.session_version = (self.session_version or 1) + 1

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def roles(self) -> set[str]:
        return {r.role for r in self.role_rows}

    def has_role(self, *roles: str) -> bool:
        """Global roles only; for anything inside a meeting use has_event_role."""
        return bool(self.roles.intersection(roles))

    def has_event_role(self, event: "Event | int | None", *roles: str) -> bool:
        """One of `roles` on this meeting (admin always). One indexed lookup, no cache: a grant
        removed a moment ago must not keep working for the rest of a long-lived session."""
        if ADMIN in self.roles:
            return True
        if event is None or self.id is None or not set(roles) & set(EVENT_ROLES):
            return False
        event_id = getattr(event, "id", event)  # a meeting or its id
        granted = db.session.scalar(_grant_query(), {"user_id": self.id, "event_id": event_id, "roles": list(roles)})
        return granted is not None

    def staff_event_ids(self, *roles: str) -> set[int]:
        """The meetings this user holds one of `roles` on (for lists such as /admin/events)."""
        if self.id is None:
            return set()
        return set(
            db.session.scalars(
                select(EventStaff.event_id).where(
                    EventStaff.user_id == self.id, EventStaff.role.in_(roles or EVENT_ROLES)
                )
            )
        )

    def event_role_map(self) -> dict[int, set[str]]:
        """{event id: roles} of every grant, in one query (the dashboard's cards)."""
        grants: dict[int, set[str]] = {}
        for event_id, role in (
            db.session.execute(select(EventStaff.event_id, EventStaff.role).where(EventStaff.user_id == self.id))
            if self.id
            else ()
        ):
            grants.setdefault(event_id, set()).add(role)
        return grants

    def set_roles(self, roles: Iterable[str]) -> None:
        wanted = set(roles)
        self.role_rows = [r for r in self.role_rows if r.role in wanted]
        for role in sorted(wanted - self.roles):
            self.role_rows.append(UserRole(role=role))

    def set_password(self, password: str) -> None:
        from flask import current_app

        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class UserRole(Model):
    __tablename__ = "user_roles"
    __table_args__ = (
        UniqueConstraint("user_id", "role", name="uq_user_roles_user_id_role"),
        CheckConstraint(f"role IN ({_role_list})", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    user: Mapped[User] = relationship(back_populates="role_rows")


class EventStaff(Model):
    """A user's role on one meeting (petugas, notulis, perumus, sekretariat)."""

    __tablename__ = "event_staff"
    __table_args__ = (
        # Leads with event_id, user_id: the check before every scan is one index probe.
        UniqueConstraint("event_id", "user_id", "role", name="uq_event_staff_event_id_user_id_role"),
        CheckConstraint(f"role IN ({_event_role_list})", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user: Mapped[User] = relationship()
    event = relationship("Event")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user: Mapped[User] = relationship(back_populates="tokens")

    @classmethod
    def issue(cls, user: User) -> tuple["ApiToken", str]:
        plain = "rk_" + secrets.token_urlsafe(32)
        token = cls(user=user, token_hash=hash_token(plain))
        db.session.add(token)
        return token, plain

    @classmethod
    def find_active(cls, plain: str) -> "ApiToken | None":
        # One statement (token, user and roles joined): it runs before every API call, scans included.
        return db.session.execute(_token_query(), {"token_hash": hash_token(plain)}).unique().scalar_one_or_none()

    @classmethod
    def find_active_on(
        cls, plain: str, slug: str, roles: Iterable[str]
    ) -> "tuple[ApiToken, Event | None, bool] | None":
        """The active token (user and roles joined) and, in the same statement, the meeting named
        `slug` (None if none is) and whether the user holds one of the meeting `roles` on it: what a
        call on a meeting checks first (every scan at the door), one round trip instead of three. The
        grant is read fresh with the token, as User.has_event_role reads it: nothing is cached."""
        row = (
            db.session.execute(
                _token_on_event_query(), {"token_hash": hash_token(plain), "slug": slug, "roles": list(roles)}
            )
            .unique()
            .one_or_none()
        )
        return None if row is None else (row[0], row[1], bool(row[2]))


# The statements run before every API call (scans at the door included), built once: building an ORM
# select with its loader options costs more CPU than running it (bench/checkin_profile.py).


@functools.cache
def _token_query() -> Select[tuple[ApiToken]]:
    return (
        select(ApiToken)
        .options(joinedload(ApiToken.user, innerjoin=True).joinedload(User.role_rows))
        .where(ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None))
    )


@functools.cache
def _token_on_event_query() -> "Select[tuple[ApiToken, Event, bool]]":
    from .event import Event

    granted = (
        select(EventStaff.id)
        .where(
            EventStaff.user_id == ApiToken.user_id,
            EventStaff.event_id == Event.id,
            EventStaff.role.in_(bindparam("roles", expanding=True)),
        )
        .exists()
    )
    return (
        select(ApiToken, Event, granted)
        .outerjoin(Event, Event.slug == bindparam("slug"))
        .options(joinedload(ApiToken.user, innerjoin=True).joinedload(User.role_rows))
        .where(ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None))
    )


@functools.cache
def _grant_query() -> Select[tuple[int]]:
    return (
        select(EventStaff.id)
        .where(
            EventStaff.user_id == bindparam("user_id"),
            EventStaff.event_id == bindparam("event_id"),
            EventStaff.role.in_(bindparam("roles", expanding=True)),
        )
        .limit(1)
    )
