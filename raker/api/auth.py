"""Who is calling the API: a bearer token, or the browser session (then with a CSRF token)."""
from functools import wraps

from flask import abort, g, request
from flask_login import current_user

from ..extensions import csrf, db
from ..models import ApiToken, utcnow
from ..models.user import ADMIN
from . import bp

csrf.exempt(bp)


@bp.before_request
def identify_caller():
    g.api_user = None
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            abort(401, "Header Authorization harus berbentuk 'Bearer <token>'.")
        row = ApiToken.find_active(token.strip())
        if row is None or not row.user.active:
            abort(401, "Token API tidak dikenal atau sudah dicabut.")
        row.last_used_at = utcnow()
        db.session.commit()
        g.api_user = row.user
    elif current_user.is_authenticated:
        # Cookies travel with cross-site requests: a session-authenticated change needs CSRF.
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            csrf.protect()
        g.api_user = current_user._get_current_object()


def api_roles(*roles: str):
    """A token or session is required, with one of `roles` (admin may do everything)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = g.get("api_user")
            if user is None:
                abort(401)
            if roles and not user.has_role(ADMIN, *roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.api_roles = roles or ("*",)
        return wrapped

    return decorator
