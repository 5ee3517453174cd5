"""The secretariat's commissions page under /admin/events/<slug>/komisi: commissions with topic, room,
pimpinan and sekretaris; members by hand or split per delegation. Thin: the rules are in commissions.py."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth import roles_required
from ..events.scoped import event_scoped
from ..extensions import db
from ..ids import id_from
from ..models import AgendaSession, Commission, Registration, Room
from ..models.user import SEKRETARIAT
from . import SidangRefused, drafts
from . import commissions as komisi

bp = event_scoped(Blueprint("sidang_admin", __name__, url_prefix="/admin/events/<slug>/komisi"))


def _commission(commission_id: int):
    commission = db.session.get(Commission, commission_id)
    if commission is None or commission.event_id != g.event.id:
        abort(404)
    return commission


def _registration(raw) -> Registration:
    key = id_from(raw)
    registration = db.session.get(Registration, key) if key is not None else None
    if registration is None or registration.event_id != g.event.id:
        raise SidangRefused(_("Pilih peserta dari daftar."), "unknown_participant", 400)
    return registration


def _page(status: int = 200):
    commissions = komisi.commissions_of(g.event)
    # Counted by the database; listed for "Masukkan peserta" when few, else found by a search (?cari=).
    waiting = komisi.unassigned_count(g.event)
    term = request.args.get("cari", "")
    unassigned = komisi.unassigned(g.event, term) if term or waiting <= komisi.LIST_ALL_UP_TO else []
    rooms = db.session.scalars(select(Room).where(Room.event_id == g.event.id).order_by(Room.name)).all()
    sessions = db.session.scalars(
        select(AgendaSession)
        .where(AgendaSession.event_id == g.event.id, AgendaSession.kind == "komisi", AgendaSession.cancelled.is_(False))
        .order_by(AgendaSession.starts_at, AgendaSession.id)
    ).all()
    return render_template(
        "sidang/commissions.html",
        event=g.event,
        commissions=commissions,
        unassigned=unassigned,
        waiting=waiting,
        term=term,
        search=waiting > komisi.LIST_ALL_UP_TO,
        rooms=rooms,
        name=komisi.commission_name,
        sessions={c.id: komisi.sessions_of(c, sessions) for c in commissions},
        days={c.id: komisi.sitting_days(g.event, c, sessions) for c in commissions},
        points={c.id: drafts.points(c) for c in commissions},
    ), status


def _refused(exc: SidangRefused):
    db.session.rollback()
    flash(exc.message, "error")
    return _page(exc.status)


@bp.get("/")
@roles_required(SEKRETARIAT)
def index():
    return _page()


@bp.post("/")
@roles_required(SEKRETARIAT)
def create():
    try:
        commission = komisi.create_commission(
            g.event, request.form.get("topic", ""), room_id=request.form.get("room_id"), by=current_user
        )
    except SidangRefused as exc:
        return _refused(exc)
    flash(_("%(name)s dibuat.", name=komisi.commission_name(commission.number)), "success")
    return redirect(url_for(".index"))


@bp.post("/<int:commission_id>")
@roles_required(SEKRETARIAT)
def update(commission_id):
    commission = _commission(commission_id)
    try:
        komisi.update_commission(
            commission,
            topic=request.form.get("topic", ""),
            room_id=request.form.get("room_id"),
            chair_id=request.form.get("chair_id"),
            secretary_id=request.form.get("secretary_id"),
            by=current_user,
        )
    except SidangRefused as exc:
        return _refused(exc)
    flash(_("%(name)s disimpan.", name=komisi.commission_name(commission.number)), "success")
    return redirect(url_for(".index") + f"#komisi-{commission.number}")


@bp.post("/<int:commission_id>/anggota")
@roles_required(SEKRETARIAT)
def add_member(commission_id):
    commission = _commission(commission_id)
    try:
        komisi.assign(commission, _registration(request.form.get("registration_id")), by=current_user)
    except SidangRefused as exc:
        return _refused(exc)
    return redirect(url_for(".index") + f"#komisi-{commission.number}")


@bp.post("/anggota/<int:registration_id>/keluar")
@roles_required(SEKRETARIAT)
def remove_member(registration_id):
    try:
        komisi.unassign(_registration(registration_id), by=current_user)
    except SidangRefused as exc:
        return _refused(exc)
    return redirect(url_for(".index"))


@bp.post("/bagi")
@roles_required(SEKRETARIAT)
def split():
    raw = request.form.get("per_commission", "")
    try:
        counts = komisi.split_by_delegation(g.event, id_from(raw) or 0, by=current_user)
    except SidangRefused as exc:
        return _refused(exc)
    message = _("%(n)s peserta dibagi ke komisi.", n=counts["assigned"])
    if counts["left"]:
        message += " " + _(
            "%(n)s peserta belum mendapat tempat: tambah jumlah per delegasi atau masukkan sendiri.", n=counts["left"]
        )
    flash(message, "success")
    return redirect(url_for(".index"))


@bp.post("/impor")
@roles_required(SEKRETARIAT)
def import_file():
    """Seat participants from a CSV/XLSX (NIP or check-in code, Komisi); the report lists every row."""
    from ..registration.imports import ImportFileError, read_table

    upload = request.files.get("file")
    if not upload or not upload.filename:
        flash(_("Pilih berkas XLSX atau CSV."), "error")
        return _page(400)
    try:
        report = komisi.import_assignments(g.event, read_table(upload.filename, upload.read()), by=current_user)
    except ImportFileError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _page(400)
    return render_template(
        "secretariat/import_report.html",
        event=g.event,
        report=report,
        filename=upload.filename,
        back=(url_for(".index"), _("Komisi")),
    )
