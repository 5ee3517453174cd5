"""The "Kotak keluar" page of a meeting: its mail, read and retried by its secretariat."""

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import roles_required
from ..events.scoped import event_scoped
from ..mail import local_mailbox
from ..models.outbox import OUTBOX_STATES
from ..models.user import SEKRETARIAT
from ..web import content_disposition
from . import services

bp = event_scoped(Blueprint("outbox", __name__, url_prefix="/admin/events/<slug>/outbox"))

# Shown in the browser rather than saved: what the app itself attaches (QR image, badge PDF).
INLINE_TYPES = ("image/png", "application/pdf")


@bp.route("")
@roles_required(SEKRETARIAT)
def index():
    state = request.args.get("state", "")
    term = request.args.get("q", "")
    page = services.list_messages(g.event, state=state, term=term, page=request.args.get("page", 1, type=int))
    filters = {k: v for k, v in (("state", state if state in OUTBOX_STATES else ""), ("q", term.strip())) if v}
    return render_template(
        "outbox/index.html",
        event=g.event,
        page=page,
        filters=filters,
        states=OUTBOX_STATES,
        state_label=services.state_label,
        may_retry=services.may_retry,
        local=local_mailbox(),
    )


@bp.route("/<int:message_id>")
@roles_required(SEKRETARIAT)
def message(message_id):
    found = services.message_of(g.event, message_id) or abort(404)
    return render_template(
        "outbox/message.html",
        event=g.event,
        message=found,
        state_label=services.state_label,
        body=services.linked_body(found),
        may_retry=services.may_retry(found),
        local=local_mailbox(),
        inline_types=INLINE_TYPES,
    )


@bp.route("/<int:message_id>/retry", methods=["POST"])
@roles_required(SEKRETARIAT)
def retry(message_id):
    found = services.message_of(g.event, message_id) or abort(404)
    back = redirect(url_for("outbox.message", message_id=found.id))
    try:
        services.retry(found, by=current_user)
    except services.OutboxRefused as exc:
        flash(str(exc), "error")
        return back, 409
    flash(_("Pesan masuk antrean lagi."), "success")
    return back


@bp.route("/<int:message_id>/attachments/<int:attachment_id>")
@roles_required(SEKRETARIAT)
def attachment(message_id, attachment_id):
    found = services.attachment_of(g.event, message_id, attachment_id) or abort(404)
    try:
        data = services.download_attachment(found, by=current_user)
    except services.OutboxRefused as exc:
        flash(str(exc), "error")
        return redirect(url_for("outbox.message", message_id=message_id)), 410
    inline = found.mimetype in INLINE_TYPES
    return Response(
        data,
        mimetype=found.mimetype if inline else "application/octet-stream",
        headers={
            "Content-Disposition": content_disposition(found.filename, inline=inline),
            "Cache-Control": "no-store",
        },
    )
