"""The secretariat's agenda: the day editor, one session's page (people, availability, materials), rooms
and publishing. Thin: the reads are in queries.py, the rules in services.py, the day's layout in
timeline.py."""

from datetime import date, datetime

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import exports
from ..auth import roles_required
from ..events.scoped import event_scoped
from ..extensions import db
from ..forms import as_choices
from ..i18n import format_day
from ..ids import id_from
from ..jobs.web import file_response
from ..models import AgendaSession, SessionPerson
from ..models.user import SEKRETARIAT
from ..registration.queries import approved_people
from . import queries, services
from .forms import (
    SESSION_FIELD,
    AvailabilityForm,
    CopyDayForm,
    MaterialForm,
    PersonForm,
    PublishForm,
    RoomForm,
    SessionForm,
    parse_day,
    parse_local,
)
from .services import ROLE_LABELS, AgendaError
from .timeline import timeline

admin_bp = event_scoped(Blueprint("agenda_admin", __name__, url_prefix="/admin/events/<slug>/agenda"))


def _wants_json() -> bool:
    accept = request.accept_mimetypes
    return request.is_json or (accept.accept_json and not accept.accept_html)


def _session_or_404(session_id: int) -> AgendaSession:
    return queries.session(g.event, session_id) or abort(404)


def _person_or_404(person_id: int) -> SessionPerson:
    return queries.person(g.event, person_id) or abort(404)


def _apply_error(form, exc: AgendaError, names: dict | None = None) -> None:
    """Put a refusal under its field when the form has it, else as a flash message."""
    db.session.rollback()
    name = (names or {}).get(exc.field, exc.field)
    target = getattr(form, name, None) if (form is not None and name) else None
    if target is not None and hasattr(target, "errors"):
        target.errors = list(target.errors or []) + [str(exc)]
    flash(str(exc), "error")


def _form_errors_message(form) -> str:
    return next(
        (error for errors in form.errors.values() for error in (errors if isinstance(errors, list) else [errors])),
        _("Periksa kembali isian yang ditandai."),
    )


def _local_day(event, moment: datetime) -> date:
    return moment.astimezone(event.tz).date()


# ---- the day editor ----------------------------------------------------------------------------


def _editor_day(event, raw: str | None) -> date:
    if raw:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            return event.default_day()
        if day in event.days:
            return day
    return event.default_day()


def _editor(day: date, *, status: int = 200, form: SessionForm | None = None, copy_form: CopyDayForm | None = None):
    event = g.event
    rooms = queries.rooms(event)
    sessions = services.sessions_on(event, day)
    found = services.conflicts(event)
    warned: dict[int, list[str]] = {}
    for conflict in found:
        for session_id in conflict.session_ids:
            warned.setdefault(session_id, []).append(conflict.message)
    if form is None:
        form = SessionForm(formdata=None).setup(event, rooms)
        form.day.data = day.isoformat()
    if copy_form is None:
        copy_form = CopyDayForm(formdata=None)
    copy_form.source.data = day.isoformat()
    copy_form.target.choices = as_choices(
        [(d.isoformat(), f"{_('Hari')} {n} — {format_day(d)}") for n, d in enumerate(event.days, 1) if d != day]
    )
    version = services.latest_version(event)
    layout = timeline(day, event.tz, sessions, rooms, warned, no_room=_("Tanpa ruangan"))
    return render_template(
        "agenda/editor.html",
        event=event,
        day=day,
        rooms=rooms,
        sessions=sessions,
        conflicts=found,
        warned=warned,
        timeline=layout,
        form=form,
        copy_form=copy_form,
        version=version,
        unpublished=queries.has_unpublished_changes(event, version),
        **queries.labels(),
    ), status


@admin_bp.route("/")
@roles_required(SEKRETARIAT)
def editor():
    return _editor(_editor_day(g.event, request.args.get("day")))


@admin_bp.route("/susunan-acara.docx")
@roles_required(SEKRETARIAT)
def docx():
    """The susunan acara as Word, for the secretariat to edit (the public page offers the PDF)."""
    return file_response(exports.export(g.event, "agenda", "docx"))


@admin_bp.route("/sessions", methods=["POST"])
@roles_required(SEKRETARIAT)
def create_session():
    event = g.event
    form = SessionForm().setup(event, queries.rooms(event))
    day = _editor_day(event, form.day.data)
    if not form.validate_on_submit():
        flash(_form_errors_message(form), "error")
        return _editor(day, status=400, form=form)
    try:
        created = services.create_session(event, form.values(event), by=current_user)
    except AgendaError as exc:
        _apply_error(form, exc, SESSION_FIELD)
        return _editor(day, status=400, form=form)
    flash(_("Sesi “%(title)s” ditambahkan.", title=created.title), "success")
    return redirect(url_for("agenda_admin.editor", day=_local_day(event, created.starts_at).isoformat()))


@admin_bp.route("/copy-day", methods=["POST"])
@roles_required(SEKRETARIAT)
def copy_day():
    event = g.event
    form = CopyDayForm()
    raw_source = request.form.get("source")
    try:
        source = parse_day(raw_source, "source")
        target = parse_day(request.form.get("target"), "target")
        copies = services.copy_day(event, source, target, by=current_user)
    except AgendaError as exc:
        _apply_error(None, exc)
        return _editor(_editor_day(event, raw_source), status=400, copy_form=form)
    flash(_("%(n)d sesi disalin ke %(day)s.", n=len(copies), day=target.isoformat()), "success")
    return redirect(url_for("agenda_admin.editor", day=target.isoformat()))


# ---- one session -------------------------------------------------------------------------------


def _session_page(
    item: AgendaSession,
    *,
    status: int = 200,
    form: SessionForm | None = None,
    person_form: PersonForm | None = None,
    material_form: MaterialForm | None = None,
    availability_form: AvailabilityForm | None = None,
    availability_for: int | None = None,
):
    event = g.event
    rooms = queries.rooms(event)
    if form is None:
        form = SessionForm(formdata=None).setup(event, rooms)
        form.fill_from(event, item)
    if person_form is None:
        person_form = PersonForm(formdata=None)
    # Only the people the search found (and the one already chosen), never every participant in one select.
    chosen = person_form.registration_id.data
    registrations = approved_people(event, request.args.get("cari", ""), include_id=id_from(chosen))
    person_form.setup(registrations)
    material_form = material_form or MaterialForm(formdata=None)
    availability_form = availability_form or AvailabilityForm(formdata=None)
    windows_by_key = queries.availability_by_person(event, list(item.people))
    mine = [c for c in services.conflicts(event) if item.id in c.session_ids]
    published = item.id in services.published_ids(event)
    return render_template(
        "agenda/session.html",
        event=event,
        item=item,
        form=form,
        person_form=person_form,
        material_form=material_form,
        availability_form=availability_form,
        availability_for=availability_for,
        windows_by_key=windows_by_key,
        person_key=services.person_key,
        conflicts=mine,
        published=published,
        day=_local_day(event, item.starts_at),
        **queries.labels(),
    ), status


@admin_bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
@roles_required(SEKRETARIAT)
def session(session_id):
    item = _session_or_404(session_id)
    if request.method == "GET":
        return _session_page(item)
    form = SessionForm().setup(g.event, queries.rooms(g.event))
    if not form.validate_on_submit():
        flash(_form_errors_message(form), "error")
        return _session_page(item, status=400, form=form)
    try:
        services.update_session(item, form.values(g.event), by=current_user)
    except AgendaError as exc:
        _apply_error(form, exc, SESSION_FIELD)
        return _session_page(_session_or_404(session_id), status=400, form=form)
    flash(_("Sesi disimpan."), "success")
    return redirect(url_for("agenda_admin.session", session_id=item.id))


@admin_bp.route("/sessions/<int:session_id>/move", methods=["POST"])
@roles_required(SEKRETARIAT)
def move(session_id):
    """From the drag and drop (JSON) or a plain form: starts_at/ends_at local 'YYYY-MM-DDTHH:MM', room_id."""
    item = _session_or_404(session_id)
    event = g.event
    payload = request.get_json(silent=True) if request.is_json else request.form
    as_json = _wants_json()
    if payload is None or not hasattr(payload, "get"):
        payload = {}
    try:
        values: dict = {
            "starts_at": parse_local(event, payload.get("starts_at"), "starts_at"),
            "ends_at": parse_local(event, payload.get("ends_at"), "ends_at"),
        }
        if "room_id" in payload:
            room = payload.get("room_id")
            values["room_id"] = None if room in (None, "", 0) else str(room)
        services.update_session(item, values, by=current_user)
    except AgendaError as exc:
        db.session.rollback()
        if as_json:
            return jsonify({"error": exc.field or "invalid", "message": str(exc)}), 400
        flash(str(exc), "error")
        return _session_page(_session_or_404(session_id), status=400)
    if as_json:
        return jsonify(
            {
                "ok": True,
                "id": item.id,
                "starts_at": item.starts_at.isoformat(),
                "ends_at": item.ends_at.isoformat(),
                "room_id": item.room_id,
            }
        )
    flash(_("Sesi dipindahkan."), "success")
    return redirect(url_for("agenda_admin.editor", day=_local_day(event, item.starts_at).isoformat()))


@admin_bp.route("/sessions/<int:session_id>/cancel", methods=["POST"])
@roles_required(SEKRETARIAT)
def cancel(session_id):
    item = _session_or_404(session_id)
    services.set_cancelled(item, True, by=current_user)
    flash(_("Sesi dibatalkan. Umumkan ulang susunan acara agar peserta mengetahuinya."), "success")
    return redirect(url_for("agenda_admin.session", session_id=item.id))


@admin_bp.route("/sessions/<int:session_id>/restore", methods=["POST"])
@roles_required(SEKRETARIAT)
def restore(session_id):
    item = _session_or_404(session_id)
    services.set_cancelled(item, False, by=current_user)
    flash(_("Sesi diaktifkan kembali."), "success")
    return redirect(url_for("agenda_admin.session", session_id=item.id))


@admin_bp.route("/sessions/<int:session_id>/delete", methods=["POST"])
@roles_required(SEKRETARIAT)
def delete(session_id):
    item = _session_or_404(session_id)
    day = _local_day(g.event, item.starts_at)
    try:
        services.delete_session(item, by=current_user)
    except AgendaError as exc:
        _apply_error(None, exc)
        return _session_page(_session_or_404(session_id), status=409)
    flash(_("Sesi dihapus."), "success")
    return redirect(url_for("agenda_admin.editor", day=day.isoformat()))


@admin_bp.route("/sessions/<int:session_id>/people", methods=["POST"])
@roles_required(SEKRETARIAT)
def add_person(session_id):
    item = _session_or_404(session_id)
    form = PersonForm()
    try:
        if not form.validate_on_submit():
            raise AgendaError(_form_errors_message(form))
        person = services.add_person(item, form.values(), by=current_user)
    except AgendaError as exc:
        _apply_error(form, exc)
        return _session_page(_session_or_404(session_id), status=400, person_form=form)
    flash(
        _("%(name)s ditambahkan sebagai %(role)s.", name=person.name, role=_(ROLE_LABELS[person.role]).lower()),
        "success",
    )
    return redirect(url_for("agenda_admin.session", session_id=item.id))


@admin_bp.get("/people.json")
@roles_required(SEKRETARIAT)
def people_search():
    """The person picker's type-ahead: approved participants matching ?q= (name, email or NIP), at most 20;
    with ?delegasi=<id> only that delegation's (the voter picker of the aturan sidang)."""
    rows = approved_people(g.event, request.args.get("q", ""), delegation_id=request.args.get("delegasi", type=int))
    return jsonify(
        [{"id": r.id, "name": r.full_name, "position": r.position or "", "delegation": r.delegation.name} for r in rows]
    )


@admin_bp.route("/people/<int:person_id>/delete", methods=["POST"])
@roles_required(SEKRETARIAT)
def remove_person(person_id):
    person = _person_or_404(person_id)
    session_id = person.session_id
    services.remove_person(person, by=current_user)
    flash(_("Orang dihapus dari sesi."), "success")
    return redirect(url_for("agenda_admin.session", session_id=session_id))


@admin_bp.route("/people/<int:person_id>/availability", methods=["POST"])
@roles_required(SEKRETARIAT)
def availability(person_id):
    person = _person_or_404(person_id)
    form = AvailabilityForm()
    try:
        if not form.validate_on_submit():
            raise AgendaError(_form_errors_message(form))
        starts_at, ends_at = form.window(g.event)
        services.add_availability(g.event, person, starts_at, ends_at, by=current_user)
    except AgendaError as exc:
        _apply_error(form, exc)
        return _session_page(
            _session_or_404(person.session_id), status=400, availability_form=form, availability_for=person.id
        )
    flash(_("Ketersediaan %(name)s dicatat.", name=person.name), "success")
    return redirect(url_for("agenda_admin.session", session_id=person.session_id))


@admin_bp.route("/sessions/<int:session_id>/materials", methods=["POST"])
@roles_required(SEKRETARIAT)
def upload_material(session_id):
    item = _session_or_404(session_id)
    form = MaterialForm()
    upload = request.files.get("file")
    try:
        if not form.validate_on_submit():
            raise AgendaError(_form_errors_message(form))
        if upload is None or not upload.filename:
            raise AgendaError(_("Pilih berkas PDF materi."), "file")
        data = upload.read()
        services.save_material(item, form.material_title.data or "", upload.filename, data, by=current_user)
    except AgendaError as exc:
        _apply_error(form, exc)
        return _session_page(_session_or_404(session_id), status=400, material_form=form)
    flash(_("Materi diunggah."), "success")
    return redirect(url_for("agenda_admin.session", session_id=item.id))


# ---- rooms -------------------------------------------------------------------------------------


def _room_action(event, action: str, form: RoomForm) -> str:
    if action == "add":
        added = services.add_room(event, form.name.data, form.capacity.data, by=current_user)
        return _("Ruangan “%(name)s” ditambahkan.", name=added.name)
    room = queries.room(event, request.form.get("room_id", ""))
    if room is None:
        raise AgendaError(_("Ruangan tidak dikenal pada rapat ini."), "room_id")
    if action == "rename":
        services.update_room(room, form.name.data, form.capacity.data, by=current_user)
        return _("Ruangan disimpan.")
    if action == "delete":
        services.delete_room(room, by=current_user)
        return _("Ruangan dihapus.")
    raise AgendaError(_("Tindakan tidak dikenal."))


@admin_bp.route("/rooms", methods=["GET", "POST"])
@roles_required(SEKRETARIAT)
def rooms():
    event = g.event
    form = RoomForm()
    status = 200
    if request.method == "POST":
        try:
            if not form.validate_on_submit():
                raise AgendaError(_form_errors_message(form), "capacity")
            message = _room_action(event, request.form.get("action", "add"), form)
        except AgendaError as exc:
            _apply_error(form if request.form.get("action", "add") == "add" else None, exc)
            status = 409 if request.form.get("action") == "delete" else 400
        else:
            flash(message, "success")
            return redirect(url_for("agenda_admin.rooms"))
    room_list = queries.rooms(event)
    usage = queries.room_usage(event)
    add_form = (
        form if (request.method == "POST" and request.form.get("action", "add") == "add") else RoomForm(formdata=None)
    )
    return render_template("agenda/rooms.html", event=event, rooms=room_list, usage=usage, form=add_form), status


# ---- publishing --------------------------------------------------------------------------------


@admin_bp.route("/publish", methods=["GET", "POST"])
@roles_required(SEKRETARIAT)
def publish():
    event = g.event
    form = PublishForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                version = services.publish(
                    event, by=current_user, note=form.note.data or "", notify_participants=bool(form.notify.data)
                )
            except AgendaError as exc:
                _apply_error(None, exc)
                status = 409
            else:
                flash(_("Susunan acara versi %(n)d diumumkan.", n=version.number), "success")
                return redirect(url_for("agenda_admin.publish"))
        else:
            flash(_form_errors_message(form), "error")
            status = 400
    latest = services.latest_version(event)
    current = services.snapshot(event)
    pending = services.changes_between(latest.snapshot if latest else [], current)
    return render_template(
        "agenda/publish.html",
        event=event,
        form=form,
        latest=latest,
        changes=pending,
        conflicts=services.conflicts(event),
        count=len(current),
        recipients=services.publish_recipients(event),
        moment_of=lambda value: datetime.fromisoformat(value) if value else None,
        **queries.labels(),
    ), status
