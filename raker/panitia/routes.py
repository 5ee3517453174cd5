"""The secretariat's panitia page under /admin/events/<slug>/panitia: the committee's members (add,
edit, reorder, delete, import from the meeting's staff accounts), the keputusan settings, and the
kartu panitia, SK panitia and SK tim perumus. Thin: the rules are in services.py and keputusan.py."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import roles_required
from ..events.scoped import event_scoped
from ..extensions import db
from ..forms import add_field_errors
from ..jobs.web import deliver
from ..models.user import SEKRETARIAT
from ..reference.nip import format_nip
from . import keputusan, services
from .forms import MemberForm, SettingsForm
from .services import CommitteeInvalid

bp = event_scoped(Blueprint("panitia", __name__, url_prefix="/admin/events/<slug>/panitia"))

FILE_NAMES = {"panitia": "sk-panitia", "perumus": "sk-tim-perumus"}  # the raker.exports kinds


def _settings_form(settings) -> SettingsForm:
    form = SettingsForm(obj=settings)
    if request.method == "GET":
        if settings.signer_nip:
            form.signer_nip.data = format_nip(settings.signer_nip)
        for name, text in keputusan.default_texts(g.event, settings.signer_office).items():
            if not getattr(settings, name):
                form[name].data = text  # what will print, to edit in place
    return form


def _member_errors(form, exc: CommitteeInvalid) -> None:
    for name, message in exc.fields.items():
        field = form[name] if name in form else form.full_name
        field.errors = list(field.errors) + [message]


def _page(*, member_form=None, settings_form=None, status: int = 200):
    settings = services.settings_for(g.event)
    members = services.members(g.event)
    from ..rumusan.services import team

    return render_template(
        "panitia/index.html",
        event=g.event,
        members=members,
        place_label=services.place_label,
        kartu_role=services.kartu_role,
        kartu_roles=services.KARTU_ROLES,
        colour=lambda role: services.kartu_colour(settings, role),
        team=team(g.event),
        member_form=member_form or MemberForm(formdata=None),
        settings=settings,
        settings_form=settings_form or _settings_form(settings),
        layouts=services.KARTU_LAYOUTS,
    ), status


@bp.get("/")
@roles_required(SEKRETARIAT)
def index():
    return _page()


@bp.post("/anggota")
@roles_required(SEKRETARIAT)
def add_member():
    form = MemberForm()
    if form.validate_on_submit():
        try:
            member = services.add_member(g.event, form.values(), by=current_user)
        except CommitteeInvalid as exc:
            db.session.rollback()
            _member_errors(form, exc)
        else:
            flash(_("%(name)s ditambahkan ke panitia.", name=member.full_name), "success")
            return redirect(url_for("panitia.index"))
    flash(_("Anggota belum disimpan: periksa isian yang ditandai."), "error")
    return _page(member_form=form, status=400)


def _member_or_404(member_id: int):
    return services.member_of(g.event, member_id) or abort(404)


@bp.route("/anggota/<int:member_id>", methods=["GET", "POST"])
@roles_required(SEKRETARIAT)
def edit_member(member_id):
    member = _member_or_404(member_id)
    form = MemberForm(obj=member)
    if request.method == "GET" and member.nip:
        form.nip.data = format_nip(member.nip)
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                services.update_member(member, form.values(), by=current_user)
            except CommitteeInvalid as exc:
                db.session.rollback()
                _member_errors(form, exc)
            else:
                flash(_("Data %(name)s disimpan.", name=member.full_name), "success")
                return redirect(url_for("panitia.index"))
        status = 400
        flash(_("Anggota belum disimpan: periksa isian yang ditandai."), "error")
    return render_template("panitia/member_form.html", event=g.event, member=member, form=form), status


@bp.post("/anggota/<int:member_id>/hapus")
@roles_required(SEKRETARIAT)
def delete_member(member_id):
    member = _member_or_404(member_id)
    name = member.full_name
    services.delete_member(member, by=current_user)
    flash(_("%(name)s dihapus dari panitia.", name=name), "success")
    return redirect(url_for("panitia.index"))


@bp.post("/anggota/<int:member_id>/pindah")
@roles_required(SEKRETARIAT)
def move_member(member_id):
    member = _member_or_404(member_id)
    direction = request.form.get("direction", "")
    if direction not in ("up", "down"):
        flash(_("Arah tidak dikenal."), "error")
        return redirect(url_for("panitia.index")), 400
    services.move_member(member, direction, by=current_user)
    return redirect(url_for("panitia.index"))


@bp.post("/impor-staf")
@roles_required(SEKRETARIAT)
def import_staff():
    added = services.import_staff(g.event, by=current_user)
    if added:
        flash(
            _(
                "%(count)d akun staf rapat ditambahkan sebagai Sekretariat: lengkapi jabatan, pangkat dan NIP-nya.",
                count=len(added),
            ),
            "success",
        )
    else:
        flash(_("Semua akun staf rapat sudah ada di panitia."), "info")
    return redirect(url_for("panitia.index"))


@bp.post("/pengaturan")
@roles_required(SEKRETARIAT)
def save_settings():
    form = SettingsForm()
    if form.validate_on_submit():
        try:
            keputusan.save_settings(g.event, form.values(request.form), by=current_user)
        except CommitteeInvalid as exc:
            db.session.rollback()
            add_field_errors(form, exc.fields)
        else:
            flash(_("Pengaturan SK dan kartu panitia disimpan."), "success")
            return redirect(url_for("panitia.index"))
    flash(_("Pengaturan belum disimpan: periksa isian yang ditandai."), "error")
    return _page(settings_form=form, status=400)


@bp.get("/kartu-panitia.<any(pdf, docx):fmt>")
@roles_required(SEKRETARIAT)
def kartu(fmt):
    return deliver(g.event, "kartu-panitia", fmt, layout=request.args.get("layout", "sheet"))


@bp.get("/sk-<any(panitia, perumus):kind>.<any(pdf, docx):fmt>")
@roles_required(SEKRETARIAT)
def keputusan_file(kind, fmt):
    return deliver(g.event, FILE_NAMES[kind], fmt)
