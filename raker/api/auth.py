"""Who is calling the API: a bearer token, or the browser session (then with a CSRF token)."""

from datetime import timedelta
from functools import wraps

from flask import abort, current_app, g, request
from flask_limiter.util import get_remote_address
from flask_login import current_user
from sqlalchemy import insert, or_, update

from ..auth import may, note_route_event, route_event
from ..extensions import csrf, db, limiter
from ..models import ApiToken, AuditLog, utcnow
from ..models.user import EVENT_ROLES
from .blueprint import bp

csrf.exempt(bp)
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def _rate_key() -> str:
    # Gates at a venue share one public IP behind NAT: count per token when there is one.
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return "token:" + header[7:].strip()[:16]
    return get_remote_address()


limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=_rate_key)(bp)


@bp.before_request
def identify_caller():
    g.api_user = None
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            abort(401, "Header Authorization harus berbentuk 'Bearer <token>'.")
        slug, roles = (request.view_args or {}).get("slug"), _meeting_roles()
        event = granted = None
        if slug is not None and roles:
            # A call on a meeting: the token, the meeting and the caller's grant on it in one statement.
            row, event, granted = ApiToken.find_active_on(token.strip(), slug, roles) or (None, None, False)
        else:
            row = ApiToken.find_active(token.strip())
        if row is None or not row.user.active:
            abort(401, "Token API tidak dikenal atau sudah dicabut.")
        if event is not None:
            note_route_event(event, row.user, roles, bool(granted))
        now = utcnow()
        # Noted at most once a minute: a write per request would slow every scan at the door. On a
        # connection of its own: a commit here would expire the request's objects (token, user).
        if row.last_used_at is None or now - row.last_used_at > TOKEN_USE_RESOLUTION:
            with db.engine.begin() as connection:
                _note_use(connection, row, now)
        g.api_user = row.user
    elif current_user.is_authenticated:
        # Cookies travel with cross-site requests: a session-authenticated change needs CSRF.
        if request.method not in ("GET", "HEAD", "OPTIONS") and current_app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()
        g.api_user = current_user._get_current_object()


def _meeting_roles() -> list[str]:
    """The meeting roles the view's api_roles() checks for this method (none for a public method or a
    view without the decorator)."""
    view = current_app.view_functions.get(request.endpoint or "")
    roles = getattr(view, "api_roles", {}).get(request.method, ())
    return [role for role in roles if role in EVENT_ROLES]


def _note_use(connection, token: ApiToken, now) -> None:
    """The last use, and the first use of each clock hour in the audit log. The conditional update
    decides which request writes that row, so two workers never both do."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    first_this_hour = connection.execute(
        update(ApiToken)
        .where(ApiToken.id == token.id, or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < hour))
        .values(last_used_at=now)
    ).rowcount
    if first_this_hour:
        connection.execute(
            insert(AuditLog).values(
                at=now,
                user_id=token.user_id,
                event_id=None,
                action="token.use",
                object_type="ApiToken",
                object_id=token.id,
                details={"path": request.path[:200], "address": get_remote_address()},
            )
        )
    else:
        connection.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))


def api_roles(*roles: str, methods=("GET", "POST", "PUT", "PATCH", "DELETE"), global_only: bool = False):
    """A token or session is required for `methods`, with one of `roles` (admin may do everything)
    on the meeting named by <slug>: a petugas of one meeting gets 403 on every other."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if request.method not in methods:
                return view(*args, **kwargs)
            user = g.get("api_user")
            if user is None:
                abort(401)
            if roles and not may(user, roles, route_event(kwargs), global_only=global_only):
                abort(403)
            return view(*args, **kwargs)

        # Per method, so one URL may be public for GET and staff-only for POST.
        # read by the OpenAPI document and the roles test: an attribute on the view function, as Flask's own
        wrapped.api_roles = {  # type: ignore[attr-defined]
            **getattr(view, "api_roles", {}),
            **{m: roles or ("*",) for m in methods},
        }
        return wrapped

    return decorator
