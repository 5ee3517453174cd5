"""The commission's draft on the personal link (/r/<token>/komisi): its members read it, its sekretaris and
pimpinan write it. Thin: the rules are in drafts.py."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..extensions import db, limiter
from ..rumusan import services as rumusan
from . import SidangRefused, drafts
from .commissions import commission_of
from .pleno_routes import _delegate

bp = Blueprint("komisi", __name__)


def _member(token):
    registration = _delegate(token)
    commission = commission_of(registration)
    if commission is None or registration.state != "approved":
        abort(404)
    return registration, commission


@bp.get("/r/<token>/komisi")
def page(token, status: int = 200):
    registration, commission = _member(token)
    return render_template(
        "sidang/draft.html",
        registration=registration,
        event=registration.event,
        commission=commission,
        points=drafts.points(commission),
        sub_points=drafts.sub_points,
        sub_letter=rumusan.sub_letter,
        writer=drafts.writable_commission(registration) is not None,
    ), status


def _back(token, exc: SidangRefused | None = None, anchor: int | None = None):
    if exc is not None:
        db.session.rollback()
        flash(exc.message, "error")
        return page(token, exc.status)
    return redirect(url_for(".page", token=token) + (f"#butir-{anchor}" if anchor else ""))


def _per_link() -> str:
    """The rate limit's key: the personal link, so one delegate's burst does not slow the others."""
    return "komisi:" + (request.view_args or {}).get("token", "")[:64]


@bp.post("/r/<token>/komisi")
@limiter.limit("60 per minute", key_func=_per_link)
def add(token):
    registration, commission = _member(token)
    try:
        drafts.add_point(
            commission, registration, request.form.get("text", ""), parent_id=request.form.get("parent_id")
        )
    except SidangRefused as exc:
        return _back(token, exc)
    flash(_("Butir ditambahkan ke rancangan %(name)s.", name=commission.name), "success")
    return _back(token)


@bp.post("/r/<token>/komisi/<int:item_id>")
@limiter.limit("60 per minute", key_func=_per_link)
def change(token, item_id):
    registration, commission = _member(token)
    action = request.form.get("action")
    try:
        if action == "drop":
            drafts.drop_point(commission, registration, item_id)
        elif action in drafts.MOVES:
            drafts.move_point(commission, registration, item_id, action)
        else:
            drafts.edit_point(commission, registration, item_id, request.form.get("text", ""))
    except SidangRefused as exc:
        return _back(token, exc)
    flash(_("Rancangan disimpan."), "success")
    return _back(token, anchor=item_id)


@bp.get("/r/<token>/komisi/<int:item_id>/riwayat")
def history(token, item_id):
    """Every version of a point or sub-point of the draft (who wrote it as which office, when, the note)
    and the word diff between two of them; the commission's members read it."""
    registration, commission = _member(token)
    try:
        item = drafts.history_of(commission, item_id)
    except SidangRefused as exc:
        abort(exc.status)
    numbers = [v.number for v in item.history]
    a = request.args.get("a", type=int) or (numbers[-2] if len(numbers) > 1 else numbers[0])
    b = request.args.get("b", type=int) or numbers[-1]
    if a not in numbers or b not in numbers:
        abort(404)
    return render_template(
        "sidang/draft_history.html",
        registration=registration,
        event=registration.event,
        commission=commission,
        item=item,
        a=a,
        b=b,
        diff=rumusan.diff(item, a, b),
    )
