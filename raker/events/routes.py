"""Public event pages and the delegation contact's own pages."""

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from ..auth import roles_required
from ..extensions import db
from ..models import Delegation
from ..models.user import KONTAK_DELEGASI, SEKRETARIAT
from . import services

bp = Blueprint("events", __name__)


def _visible_event_or_404(slug: str):
    event = services.event_by_slug(slug)
    if event is None:
        abort(404)
    # A draft is visible only to the secretariat preparing it.
    if not event.is_public and not (current_user.is_authenticated and current_user.has_event_role(event, SEKRETARIAT)):
        abort(404)
    return event


@bp.route("/events/<slug>")
def detail(slug):
    event = _visible_event_or_404(slug)
    return render_template("events/detail.html", event=event, counts=services.delegation_counts(event))


@bp.route("/events/<slug>/logo")
def logo(slug):
    event = _visible_event_or_404(slug)
    if not event.logo:
        abort(404)
    response = Response(event.logo, mimetype=event.logo_mimetype)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.route("/my/delegations")
@roles_required(KONTAK_DELEGASI)
def my_delegations():
    rows = db.session.scalars(select(Delegation).where(Delegation.contact_user_id == current_user.id)).all()
    return render_template("events/my_delegations.html", delegations=rows)


@bp.route("/events/<slug>/delegations/<int:delegation_id>")
@login_required
def delegation_members(slug, delegation_id):
    event = _visible_event_or_404(slug)
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.event_id != event.id:
        abort(404)
    if not (current_user.has_event_role(event, SEKRETARIAT) or delegation.contact_user_id == current_user.id):
        abort(403)
    listing = services.delegation_members(delegation, request.args.get("page", type=int))
    from ..registration.services import may_restore

    restorable = {r.id for r in listing.members if may_restore(r, by=current_user)}
    return render_template(
        "events/delegation_members.html", event=event, delegation=delegation, listing=listing, restorable=restorable
    )
