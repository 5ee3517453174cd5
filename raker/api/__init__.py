"""JSON API under /api/v1: bearer-token auth, JSON errors, an OpenAPI document built from the routes."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import auth, checkins, routes  # noqa: E402,F401  (registers the hooks and views on bp)
from .payload import PayloadError  # noqa: E402


@bp.errorhandler(PayloadError)
def _payload_refused(error: PayloadError):
    return error.response()
