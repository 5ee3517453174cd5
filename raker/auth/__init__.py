"""Accounts, roles and the access rules every route uses."""
from functools import wraps

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import User
from ..models.user import ADMIN, parse_session_id

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "sekretariat": _l("Sekretariat"),
    "petugas": _l("Petugas daftar ulang"),
    "notulis": _l("Notulis"),
    "perumus": _l("Tim perumus"),
    "kontak_delegasi": _l("Kontak delegasi"),
}


def init_login(login_manager) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Silakan masuk terlebih dahulu.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(login_id: str):
        parsed = parse_session_id(login_id)
        if parsed is None:
            return None
        # Roles joined in (one statement, not two): every page and every scan from the browser asks.
        user = db.session.get(User, parsed[0], options=[joinedload(User.role_rows)])
        if user is None or user.session_version != parsed[1]:
            return None  # a session or remember cookie from before a logout or password change
        return user


def renew_login(user: User) -> None:
    """Keep this browser signed in after the user's sessions were ended (password change, "log out
    everywhere" from here): a new session id, and a new remember cookie if it had one."""
    from flask import current_app, request
    from flask_login import login_user

    had_remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
    login_user(user, remember=had_remember)


def roles_required(*roles: str):
    """Login required, and one of `roles` (admin may do everything)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from ..extensions import login_manager

                return login_manager.unauthorized()
            if not current_user.has_role(ADMIN, *roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
