"""Account rules: authentication, passwords, users and API tokens."""
from flask_babel import gettext as _
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select

from ..audit import record
from ..extensions import db
from ..models import ROLES, ApiToken, User, utcnow

MIN_PASSWORD_LENGTH = 10


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


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(_("Kata sandi minimal %(n)d karakter.", n=MIN_PASSWORD_LENGTH))


def create_user(email: str, full_name: str, password: str, roles, *, by=None) -> User:
    email = normalise_email(email)
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise AccountError(_("Peran tidak dikenal: %(roles)s. Pilihan: %(choices)s.", roles=", ".join(sorted(unknown)), choices=", ".join(ROLES)))
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


def update_user(user: User, full_name: str, roles, active: bool, *, by=None) -> None:
    before = sorted(user.roles)
    user.full_name = full_name.strip() or user.email
    user.set_roles(roles)
    user.active = active
    record("user.update", user, user=by, roles_before=before, roles_after=sorted(roles), active=active)
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise AccountError(_("Kata sandi lama salah."))
    check_password_strength(new)
    user.set_password(new)
    record("user.password_change", user, user=user)
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
