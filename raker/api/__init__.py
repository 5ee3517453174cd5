"""JSON API under /api/v1: bearer-token auth, JSON errors, an OpenAPI document built from the routes."""

from . import auth, checkins, pleno, routes  # noqa: F401  (registers the hooks and views on bp)
from .blueprint import bp
from .payload import PayloadError, unknown_query_parameters


@bp.before_request
def refuse_unknown_query_parameters():
    unknown = unknown_query_parameters()
    if unknown:
        return PayloadError(unknown).response()


@bp.errorhandler(PayloadError)
def _payload_refused(error: PayloadError):
    return error.response()
