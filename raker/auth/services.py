"""Account rules: authentication, passwords, sessions, users and API tokens."""

import functools
import gzip
from collections.abc import Iterable
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..audit import record
from ..extensions import db
from ..models import EVENT_ROLES, ROLES, ApiToken, Event, EventStaff, User, utcnow

MIN_PASSWORD_LENGTH = 12
# 20,000 passwords most often found in leaks (Royce Williams' list, as shipped by Django's
# CommonPasswordValidator, BSD licence), lower case, one per line.
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt.gz")


class AccountError(ValueError):
    """A refusal with a message that can be shown to the user."""


def normalise_email(raw: str) -> str:
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise AccountError(_("Alamat email tidak sah: %(email)s.", email=raw)) from None


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """The user, or None; either way the attempt is in the audit log (the address tried, never the password)."""
    user = find_user(email)
    if user is None or not user.active or not user.check_password(password):
        tried = "".join(ch for ch in (email or "").strip() if ch.isprintable())[:254]
        record("auth.login_failed", user, email=tried)
        db.session.commit()
        return None
    user.last_login_at = utcnow()
    record("auth.login", user, user=user)
    db.session.commit()
    return user


@functools.cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(_("Kata sandi minimal %(n)d karakter.", n=MIN_PASSWORD_LENGTH))
    if password.strip().lower() in common_passwords():
        raise AccountError(
            _("Kata sandi ini termasuk kata sandi yang paling sering dipakai dan mudah ditebak. Pilih kata sandi lain.")
        )


def create_user(email: str, full_name: str, password: str, roles: Iterable[str], *, by: User | None = None) -> User:
    email = normalise_email(email)
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise AccountError(
            _(
                "Peran tidak dikenal: %(roles)s. Pilihan: %(choices)s.",
                roles=", ".join(sorted(unknown)),
                choices=", ".join(ROLES),
            )
        )
    if find_user(email):
        raise AccountError(_("Pengguna %(email)s sudah ada.", email=email))
    check_password_strength(password)
    user = User(email=email, full_name=full_name.strip() or email)
    user.set_password(password)
    user.set_roles(roles)
    db.session.add(user)
    db.session.flush()
    record("user.create", user, user=by, roles=sorted(roles))
    db.session.commit()
    return user


def update_user(user: User, full_name: str, roles: Iterable[str], active: bool, *, by: User | None = None) -> None:
    before = sorted(user.roles)
    user.full_name = full_name.strip() or user.email
    user.set_roles(roles)
    user.active = active
    record("user.update", user, user=by, roles_before=before, roles_after=sorted(roles), active=active)
    # A role taken off the account is taken off every meeting too: the admin expects it gone.
    dropped = (set(before) - set(roles)) & set(EVENT_ROLES)
    if dropped:
        for row in db.session.scalars(
            select(EventStaff).where(EventStaff.user_id == user.id, EventStaff.role.in_(dropped))
        ):
            _revoke(row, by)
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    """A new password ends every session of the user (a stolen cookie dies with the old password);
    the route signs the browser that changed it in again."""
    if not user.check_password(current):
        raise AccountError(_("Kata sandi lama salah."))
    check_password_strength(new)
    user.set_password(new)
    user.end_sessions()
    record("user.password_change", user, user=user)
    db.session.commit()


def end_sessions(user: User, *, by: User | None, audit: bool = True) -> None:
    """Sign the user out on every device: every session and remember cookie issued so far is refused.
    `audit`: "log out everywhere" is recorded; a plain logout is not."""
    user.end_sessions()
    if audit:
        record("user.sessions_end", user, user=by)
    db.session.commit()


def issue_token(user: User) -> str:
    _, plain = ApiToken.issue(user)
    record("token.issue", user, user=user)
    db.session.commit()
    return plain


def revoke_tokens(user: User) -> int:
    now = utcnow()
    count = 0
    for token in user.tokens:
        if token.revoked_at is None:
            token.revoked_at = now
            count += 1
    record("token.revoke_all", user, user=user, count=count)
    db.session.commit()
    return count


def event_staff(event: Event) -> list[EventStaff]:
    return list(
        db.session.scalars(
            select(EventStaff)
            .join(EventStaff.user)
            .where(EventStaff.event_id == event.id)
            .order_by(EventStaff.role, User.full_name)
        )
    )


def grant_event_role(event: Event, user: User, role: str, *, by: User | None = None, commit: bool = True) -> EventStaff:
    """Make `user` `role` on this meeting (idempotent: granting twice keeps one row)."""
    if role not in EVENT_ROLES:
        raise AccountError(
            _("Peran rapat tidak dikenal: %(role)s. Pilihan: %(choices)s.", role=role, choices=", ".join(EVENT_ROLES))
        )
    row = db.session.scalar(
        select(EventStaff).where(
            EventStaff.event_id == event.id, EventStaff.user_id == user.id, EventStaff.role == role
        )
    )
    if role not in user.roles:
        # The account's roles say what a person may be assigned as; keep them a superset of the grants.
        before = sorted(user.roles)
        user.set_roles(user.roles | {role})
        record("user.update", user, user=by, roles_before=before, roles_after=sorted(user.roles), active=user.active)
    if row is None:
        row = EventStaff(event_id=event.id, user_id=user.id, role=role)
        db.session.add(row)
        db.session.flush()
        record("event_staff.grant", row, event_id=event.id, user=by, staff_user_id=user.id, email=user.email, role=role)
    if commit:
        db.session.commit()
    return row


def _revoke(row: EventStaff, by: User | None) -> None:
    record(
        "event_staff.revoke",
        row,
        event_id=row.event_id,
        user=by,
        staff_user_id=row.user_id,
        email=row.user.email,
        role=row.role,
    )
    db.session.delete(row)


def revoke_event_role(row: EventStaff, *, by: User | None = None) -> None:
    _revoke(row, by)
    db.session.commit()
