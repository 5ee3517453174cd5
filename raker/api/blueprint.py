"""The API's blueprint, apart from the package so the modules that add views to it import no cycle."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
