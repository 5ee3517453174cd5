"""Notulen pages: the list of sessions, the editor (with autosave and edit conflicts), finalising and
reopening, the revision history, and the PDF/DOCX downloads. Thin: the rules are in services.py.

Who: the secretariat (and admin) for every session; a user with the notulis role only for the sessions
where the agenda names their account as notulis (others 403). Everyone else 403, before any lookup.
Reopening and the compiled documents: the secretariat only."""

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import exports
from ..agenda.services import KIND_LABELS
from ..auth import roles_required
from ..events.scoped import event_scoped
from ..extensions import db
from ..forms import RANK_CHOICES
from ..jobs.web import deliver, file_response, refused
from ..models import AgendaSession
from ..models.user import NOTULIS, SEKRETARIAT
from . import services
from .services import EditConflict, MinutesError, MissingParts

bp = event_scoped(Blueprint("minutes", __name__, url_prefix="/admin/events/<slug>/minutes"))

EMPTY_ROWS = 1  # blank rows offered below the filled ones when the page works without JavaScript


def _session_or_404(session_id: int) -> AgendaSession:
    session = db.session.get(AgendaSession, session_id)
    if session is None or session.event_id != g.event.id or not services.needs_minutes(session):
        abort(404)
    return session


def _editable_session(session_id: int) -> AgendaSession:
    session = _session_or_404(session_id)
    if not services.can_edit(current_user, session):
        abort(403)
    return session


def content_from_form(form) -> dict:
    """The editor's fields (repeatable rows share a name) as content."""
    qa_keys = services.QA_FIELDS
    columns = [form.getlist(f"qa_{key}") for key in qa_keys]
    # The browser posts every field of every row; a ragged post (not from our page) keeps the rows
    # all fields reach rather than fail with a 500.
    rows = [dict(zip(qa_keys, values, strict=True)) for values in zip(*columns, strict=False)] if all(columns) else []
    return {
        "leader": form.get("leader", ""),
        "attendance_note": form.get("attendance_note", ""),
        "notulis_rank": form.get("notulis_rank", ""),
        "notulis_nip": form.get("notulis_nip", ""),
        "opening": form.get("opening", ""),
        "closing": form.get("closing", ""),
        "discussion": form.getlist("discussion"),
        "conclusions": form.getlist("conclusions"),
        "qa": rows,
    }


# ---- pages -------------------------------------------------------------------------------------


@bp.get("/")
@roles_required(SEKRETARIAT, NOTULIS)
def index():
    from ..agenda.services import sessions_on

    sessions = services.sessions_for(current_user, g.event)
    rows = [{"session": s, "minutes": services.get(s)} for s in sessions]
    return render_template(
        "minutes/index.html",
        event=g.event,
        rows=rows,
        progress=services.progress(g.event),
        is_secretariat=services.is_secretariat(current_user, g.event),
        kind_labels={k: _(v) for k, v in KIND_LABELS.items()},
        any_sessions=bool(sessions_on(g.event)),
    )


def _render_editor(
    session,
    minutes,
    content,
    base_revision,
    *,
    conflict: EditConflict | None = None,
    missing: list[str] | None = None,
    choices: dict | None = None,
    status: int = 200,
):
    return render_template(
        "minutes/editor.html",
        event=g.event,
        item=session,
        minutes=minutes,
        content=content,
        base_revision=base_revision,
        conflict=conflict,
        missing=missing or [],
        empty_rows=EMPTY_ROWS,
        conflict_parts=services.conflict_parts(conflict.current_content, conflict.yours) if conflict else [],
        choices=choices or {},
        part_labels={k: _(v) for k, v in services.PART_LABELS.items()},
        is_secretariat=services.is_secretariat(current_user, g.event),
        locked=minutes.state == "final",
        updated_by=services.user_name(minutes.updated_by_id),
        rank_choices=[(code, str(label)) for code, label in RANK_CHOICES],
    ), status


@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
@roles_required(SEKRETARIAT, NOTULIS)
def edit(session_id: int):
    session = _editable_session(session_id)
    minutes = services.get_or_create(session, by=current_user)
    if request.method == "GET":
        return _render_editor(session, minutes, minutes.content, minutes.revision)
    content = content_from_form(request.form)
    try:
        services.save(minutes, content, by=current_user, base_revision=request.form.get("base_revision"), note="save")
    except EditConflict as conflict:
        return _conflict_answer(session, minutes, conflict)
    except MinutesError as error:
        flash(str(error), "error")
        return _render_editor(
            session, minutes, content, minutes.revision, status=400 if minutes.state != "final" else 409
        )
    flash(_("Notulen disimpan (revisi %(n)d).", n=minutes.revision), "success")
    return redirect(url_for(".edit", session_id=session.id))


def _conflict_answer(session, minutes, conflict: EditConflict, choices: dict | None = None):
    flash(
        _(
            "Notulen ini sudah disimpan oleh %(name)s sementara Anda menyunting. Pilih per bagian versi mana "
            "yang dipakai, lalu simpan.",
            name=conflict.saved_by,
        ),
        "error",
    )
    return _render_editor(
        session, minutes, conflict.yours, conflict.current_revision, conflict=conflict, choices=choices, status=409
    )


@bp.post("/sessions/<int:session_id>/resolve")
@roles_required(SEKRETARIAT, NOTULIS)
def resolve(session_id: int):
    """The conflict form: per part "pakai milik saya" or "pakai yang tersimpan", saved as a new revision."""
    session = _editable_session(session_id)
    minutes = services.get_or_create(session, by=current_user)
    choices = {key: request.form.get(f"choice_{key}", services.MINE) for key in services.CONFLICT_PARTS}
    try:
        yours = services.parse_yours(request.form.get("yours", ""))
        services.resolve(minutes, yours, choices, by=current_user, base_revision=request.form.get("base_revision"))
    except EditConflict as conflict:  # saved again while this person was choosing
        return _conflict_answer(session, minutes, conflict, choices)
    except MinutesError as error:
        flash(str(error), "error")
        return _render_editor(
            session, minutes, minutes.content, minutes.revision, status=400 if minutes.state != "final" else 409
        )
    flash(_("Versi gabungan disimpan (revisi %(n)d).", n=minutes.revision), "success")
    return redirect(url_for(".edit", session_id=session.id))


@bp.post("/sessions/<int:session_id>/autosave")
@roles_required(SEKRETARIAT, NOTULIS)
def autosave(session_id: int):
    session = _editable_session(session_id)
    minutes = services.get_or_create(session, by=current_user)
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return jsonify(error=_("Data tidak sah.")), 400
    try:
        services.save(
            minutes, data.get("content"), by=current_user, base_revision=data.get("base_revision"), note="autosave"
        )
    except EditConflict as conflict:
        return jsonify(
            {
                **conflict.as_json(),
                "error": _(
                    "Notulen ini sudah disimpan oleh %(name)s. Perubahan Anda belum tersimpan.", name=conflict.saved_by
                ),
            }
        ), 409
    except MinutesError as error:
        return jsonify(error=str(error), locked=minutes.state == "final"), 423 if minutes.state == "final" else 400
    return jsonify(revision=minutes.revision, saved_at=minutes.updated_at.isoformat())


@bp.post("/sessions/<int:session_id>/finalize")
@roles_required(SEKRETARIAT, NOTULIS)
def finalize(session_id: int):
    session = _editable_session(session_id)
    minutes = services.get_or_create(session, by=current_user)
    try:
        services.finalize(minutes, by=current_user, base_revision=request.form.get("base_revision"))
    except MissingParts as error:
        flash(str(error), "error")
        return _render_editor(session, minutes, minutes.content, minutes.revision, missing=error.parts, status=400)
    except EditConflict as conflict:
        flash(
            _(
                "Notulen ini baru saja disimpan oleh %(name)s; periksa isinya sebelum memfinalkan.",
                name=conflict.saved_by,
            ),
            "error",
        )
        return redirect(url_for(".edit", session_id=session.id))
    except MinutesError as error:
        flash(str(error), "error")
        return redirect(url_for(".edit", session_id=session.id))
    flash(_("Notulen final dan terkunci."), "success")
    return redirect(url_for(".edit", session_id=session.id))


@bp.post("/sessions/<int:session_id>/reopen")
@roles_required(SEKRETARIAT)
def reopen(session_id: int):
    session = _session_or_404(session_id)
    minutes = services.get(session) or abort(404)
    try:
        services.reopen(minutes, by=current_user)
    except MinutesError as error:
        flash(str(error), "error")
    else:
        flash(_("Notulen dibuka kembali sebagai draf (revisi %(n)d).", n=minutes.revision), "success")
    return redirect(url_for(".edit", session_id=session.id))


@bp.get("/sessions/<int:session_id>/revisions")
@roles_required(SEKRETARIAT, NOTULIS)
def history(session_id: int):
    session = _editable_session(session_id)
    minutes = services.get_or_create(session, by=current_user)
    return render_template(
        "minutes/history.html", event=g.event, item=session, minutes=minutes, revisions=services.revisions(minutes)
    )


@bp.get("/sessions/<int:session_id>/revisions/<int:number>")
@roles_required(SEKRETARIAT, NOTULIS)
def revision(session_id: int, number: int):
    session = _editable_session(session_id)
    minutes = services.get(session) or abort(404)
    rows = {r.number: r for r in services.revisions(minutes)}
    shown = rows.get(number) or abort(404)
    previous = max((n for n in rows if n < number), default=None)
    changes = services.diff(
        rows[previous].content if previous else {},
        shown.content,
        theirs_label=f"revisi {previous or 0}",
        yours_label=f"revisi {number}",
    )
    return render_template(
        "minutes/revision.html",
        event=g.event,
        item=session,
        minutes=minutes,
        shown=shown,
        lines=services.as_text(shown.content),
        changes=changes,
    )


# ---- documents ---------------------------------------------------------------------------------


@bp.get("/sessions/<int:session_id>.pdf")
@roles_required(SEKRETARIAT, NOTULIS)
def session_pdf(session_id: int):
    return _session_file(session_id, "pdf")


@bp.get("/sessions/<int:session_id>.docx")
@roles_required(SEKRETARIAT, NOTULIS)
def session_docx(session_id: int):
    return _session_file(session_id, "docx")


def _session_file(session_id: int, fmt: str):
    """One session's notulen as its editor has it (made from the agenda if nobody has opened it yet)."""
    session = _editable_session(session_id)
    services.get_or_create(session, by=current_user)
    try:
        return file_response(exports.export(g.event, "minutes", fmt, session=session.id))
    except exports.ExportRefused as error:
        return refused(error)


@bp.get("/all.pdf")
@roles_required(SEKRETARIAT)
def all_pdf():
    return deliver(g.event, "minutes", "pdf", final_only=request.args.get("final") == "1")


@bp.get("/all.docx")
@roles_required(SEKRETARIAT)
def all_docx():
    return deliver(g.event, "minutes", "docx", final_only=request.args.get("final") == "1")
