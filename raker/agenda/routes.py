"""The public agenda: the published susunan acara, its changes, PDF and calendar files, speakers' pages,
materials, and the speakers' confirmations. The secretariat's pages are in admin_routes.py; the reads are
in queries.py and the rules in services.py."""

from datetime import datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import exports, whatsapp
from ..events.services import event_by_slug
from ..jobs.web import file_response, refused
from ..models.user import SEKRETARIAT
from ..web import content_disposition
from . import queries, services
from .forms import ConfirmForm
from .services import AgendaError

bp = Blueprint("agenda", __name__)


def _is_staff(event) -> bool:
    return current_user.is_authenticated and current_user.has_event_role(event, SEKRETARIAT)


def _visible_event_or_404(slug: str):
    event = event_by_slug(slug)
    if event is None or not (event.is_public or _is_staff(event)):
        abort(404)  # a draft is visible only to the secretariat preparing it
    return event


@bp.route("/events/<slug>/agenda")
def public(slug):
    event = _visible_event_or_404(slug)
    version = services.latest_version(event)
    if version is None:
        return render_template(
            "agenda/public.html",
            event=event,
            version=None,
            days=[],
            running=[],
            upcoming=None,
            during=False,
            **queries.labels(),
        )
    items = queries.published_items(event, version.snapshot)
    during = event.today() in event.days
    running, upcoming = services.current_and_next(event) if during else ([], None)
    by_id = {item["id"]: item for item in items}
    return render_template(
        "agenda/public.html",
        event=event,
        version=version,
        days=queries.by_day(items),
        running=[by_id[i["id"]] for i in running if i["id"] in by_id],
        upcoming=by_id.get(upcoming["id"]) if upcoming else None,
        during=during,
        **queries.labels(),
    )


@bp.route("/events/<slug>/agenda/changes")
def changes(slug):
    event = _visible_event_or_404(slug)
    return render_template(
        "agenda/changes.html",
        event=event,
        versions=queries.versions(event),
        announced=services.announced,
        moment_of=lambda value: datetime.fromisoformat(value) if value else None,
        share_link=lambda version: whatsapp.share_link(whatsapp.agenda_changes_message(event, version)),
        **queries.labels(),
    )


@bp.route("/events/<slug>/agenda.pdf")
def pdf(slug):
    event = _visible_event_or_404(slug)
    if services.latest_version(event) is None and not _is_staff(event):
        abort(404)  # before publication only the secretariat sees the draft rundown
    return file_response(exports.export(event, "agenda", "pdf"))


@bp.route("/events/<slug>/agenda.ics")
def ics(slug):
    event = _visible_event_or_404(slug)
    return file_response(exports.export(event, "agenda", "ics"))


@bp.route("/events/<slug>/agenda/sessions/<int:session_id>.ics")
def session_ics(slug, session_id):
    event = _visible_event_or_404(slug)
    try:
        return file_response(exports.export(event, "agenda", "ics", session=session_id))
    except exports.ExportRefused as error:  # not a session of the published agenda
        return refused(error)


@bp.route("/events/<slug>/speakers/<int:person_id>")
def speaker(slug, person_id):
    event = _visible_event_or_404(slug)
    found = queries.person(event, person_id) or abort(404)
    own, published = queries.speaker_sessions(event, found)
    if own is None:
        abort(404)  # not (yet) a speaker of the published agenda
    items = queries.published_items(event, published)
    return render_template(
        "agenda/speaker.html", event=event, person=own, items=items, days=queries.by_day(items), **queries.labels()
    )


@bp.route("/events/<slug>/materials/<int:material_id>")
def material(slug, material_id):
    event = _visible_event_or_404(slug)
    row = queries.material(event, material_id) or abort(404)
    if row.session_id not in services.published_ids(event) and not _is_staff(event):
        abort(404)  # slides of a session not in the published agenda stay with the secretariat
    filename = "".join(c for c in row.filename if c.isalnum() or c in "._- ") or "materi.pdf"
    if not filename.lower().endswith(".pdf"):
        filename += ".pdf"
    return Response(
        row.data,
        mimetype="application/pdf",
        headers={"Content-Disposition": content_disposition(filename), "Cache-Control": "private, max-age=300"},
    )


@bp.route("/agenda/respond/<token>", methods=["GET", "POST"])
def respond(token):
    person = queries.person_by_token(token) or abort(404)
    session_item = person.session
    form = ConfirmForm()
    status = 200
    if request.method == "POST":
        answer = request.form.get("answer", "")
        if not form.validate_on_submit():
            flash(_("Formulir kedaluwarsa; silakan coba lagi."), "error")
            status = 400
        else:
            try:
                services.respond(person, answer)
            except AgendaError as exc:
                flash(str(exc), "error")
                status = 400
            else:
                flash(
                    _("Terima kasih, kesediaan Anda sudah kami catat.")
                    if answer == "confirmed"
                    else _("Terima kasih, sekretariat akan mencari pengganti atau mengatur ulang jadwal."),
                    "success",
                )
                return redirect(url_for("agenda.respond", token=token))
    return render_template(
        "agenda/respond.html",
        event=queries.meeting_of(person),
        person=person,
        session_item=session_item,
        form=form,
        **queries.labels(),
    ), status
