"""Accounts, roles and the access rules every route uses."""

from functools import wraps

from flask import abort, g, has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import User
from ..models.user import ADMIN, EVENT_ROLES, parse_session_id

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


def route_event(view_args: dict):
    """The meeting a request is about: the <slug> of its URL (404 when unknown), None outside any
    meeting. Loaded once per request (kept in the WSGI environ, which, unlike g, cannot outlive it)."""
    if "slug" not in view_args:
        rule = request.url_rule
        # A meeting's blueprint (events/scoped.py) has already taken the slug and loaded g.event.
        return g.get("event") if rule is not None and "slug" in rule.arguments else None
    cached = request.environ.get("raker.route_event")
    if cached is not None and cached.slug == view_args["slug"]:
        return cached
    from ..events.services import event_by_slug

    event = event_by_slug(view_args["slug"]) or abort(404)
    request.environ["raker.route_event"] = event
    return event


def note_route_event(event, user, roles, granted: bool) -> None:
    """The meeting of this request and whether `user` holds one of the meeting `roles` on it, read
    together with the caller (api.auth: one statement for token, meeting and grant). Kept in the
    WSGI environ like route_event's meeting: it cannot outlive the request, so a grant removed a
    moment ago stops working at the next request."""
    request.environ["raker.route_event"] = event
    request.environ["raker.event_grant"] = ((user.id, event.id, frozenset(roles)), granted)


def _holds_event_role(user, event, roles) -> bool:
    noted = request.environ.get("raker.event_grant") if has_request_context() else None
    if noted is not None and noted[0] == (user.id, event.id, frozenset(roles)):
        return bool(noted[1])
    return user.has_event_role(event, *roles)


def may(user, roles, event=None, *, global_only: bool = False) -> bool:
    """Admin may do everything. Meeting roles (sekretariat, petugas, notulis, perumus) count on
    `event` only; outside any meeting, a grant on some meeting is enough (a list then shows only
    those meetings) unless `global_only`. Other roles (kontak_delegasi) are global."""
    if user.has_role(ADMIN, *(r for r in roles if r not in EVENT_ROLES)):
        return True
    meeting_roles = [r for r in roles if r in EVENT_ROLES]
    if not meeting_roles:
        return False
    if global_only:
        return user.has_role(*meeting_roles)
    if event is not None:
        return _holds_event_role(user, event, meeting_roles)
    return user.has_role(*meeting_roles) or bool(user.staff_event_ids(*meeting_roles))


def roles_required(*roles: str, global_only: bool = False):
    """Login required, and one of `roles` (admin may do everything), on the route's meeting."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from ..extensions import login_manager

                return login_manager.unauthorized()
            if not may(current_user, roles, route_event(kwargs), global_only=global_only):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
