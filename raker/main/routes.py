from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import select, text

from ..events import services
from ..extensions import db
from ..models import Delegation
from ..models.user import ADMIN, SEKRETARIAT
from ..tte import services as tte

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    return render_template("main/index.html", events=services.public_events())


@bp.route("/dashboard")
@login_required
def dashboard():
    delegations = db.session.scalars(select(Delegation).where(Delegation.contact_user_id == current_user.id)).all()
    admin = current_user.has_role(ADMIN)
    grants = current_user.event_role_map()
    # Roles per meeting card; an admin may do everything everywhere.
    events = services.events_for(current_user)
    meeting_roles = {e.id: ({ADMIN} if admin else set()) | grants.get(e.id, set()) for e in events}
    may_create = current_user.has_role(ADMIN, SEKRETARIAT)
    return render_template(
        "main/dashboard.html",
        waiting=tte.waiting_for(current_user),
        events=events,
        delegations=delegations,
        meeting_roles=meeting_roles,
        may_create=may_create,
    )


@bp.route("/lang/<code>")
def set_language(code):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    target = request.referrer or ""
    # Back to the page the person was on, when it is ours.
    if target.startswith(request.host_url):
        return redirect(target)
    return redirect(url_for("main.index"))


@bp.route("/healthz")
def healthz():
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")
