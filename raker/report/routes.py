"""The laporan pelaksanaan for the secretariat: the figures, the texts and the signer (saved per
meeting), the photos of the lampiran dokumentasi, and the PDF and DOCX. Thin: what the report says is
in services.py and document.py."""

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import roles_required
from ..events.scoped import event_scoped
from ..extensions import db
from ..jobs.web import deliver
from ..models.user import SEKRETARIAT
from ..reference.nip import format_nip
from ..web import save_settings_form
from . import services
from .forms import CaptionForm, PhotoForm, ReportTextsForm

bp = event_scoped(Blueprint("report", __name__, url_prefix="/admin/events/<slug>/laporan"))


def _texts_form(report, settings) -> ReportTextsForm:
    form = ReportTextsForm(
        data={
            **services.texts(g.event, report, settings),
            "signer_position": settings.signer_position,
            "signer_name": settings.signer_name,
            "signer_rank": settings.signer_rank or "",
            "signer_nip": format_nip(settings.signer_nip) if settings.signer_nip else "",
        }
    )
    return form


def _page(*, form: ReportTextsForm | None = None, photo_form: PhotoForm | None = None, status: int = 200):
    event = g.event
    report = services.build_report(event)
    settings = services.settings_for(event)
    return render_template(
        "report/index.html",
        event=event,
        report=report,
        form=form or _texts_form(report, settings),
        photo_form=photo_form or PhotoForm(),
        caption_form=CaptionForm(),
        photos=services.photos(event),
        max_photos=services.MAX_PHOTOS,
    ), status


@bp.route("/")
@roles_required(SEKRETARIAT)
def index():
    return _page()


@bp.post("/teks")
@roles_required(SEKRETARIAT)
def save_texts():
    return save_settings_form(
        ReportTextsForm(),
        lambda values: services.save_settings(g.event, values, by=current_user),
        saved=_("Isi laporan disimpan."),
        then=url_for("report.index"),
        page=lambda form, status: _page(form=form, status=status),
        unsaved=_("Isi laporan belum disimpan: periksa isian yang ditandai."),
    )


@bp.post("/foto")
@roles_required(SEKRETARIAT)
def add_photo():
    form = PhotoForm()
    upload = request.files.get("photo")
    try:
        if not form.validate_on_submit():
            raise services.PhotoRefused(_("Formulir kedaluwarsa; muat ulang halaman lalu coba lagi."))
        if upload is None or not upload.filename:
            raise services.PhotoRefused(_("Pilih berkas foto (JPEG atau PNG)."))
        services.add_photo(g.event, services.read_upload(upload.stream), form.caption.data or "", by=current_user)
    except services.PhotoRefused as exc:
        db.session.rollback()
        form.photo.errors = [str(exc)]
        return _page(photo_form=form, status=400)
    flash(_("Foto ditambahkan ke lampiran dokumentasi."), "success")
    return redirect(url_for("report.index", _anchor="dokumentasi"))


def _photo_or_404(photo_id: int):
    return services.photo_of(g.event, photo_id) or abort(404)


@bp.get("/foto/<int:photo_id>.jpg")
@roles_required(SEKRETARIAT)
def photo(photo_id):
    return Response(_photo_or_404(photo_id).data, mimetype="image/jpeg", headers={"Cache-Control": "private, no-store"})


@bp.post("/foto/<int:photo_id>")
@roles_required(SEKRETARIAT)
def edit_photo(photo_id):
    item = _photo_or_404(photo_id)
    form = CaptionForm()
    try:
        if not form.validate_on_submit():
            raise services.PhotoRefused(_("Formulir kedaluwarsa; muat ulang halaman lalu coba lagi."))
        services.set_caption(item, form.caption.data or "", by=current_user)
    except services.PhotoRefused as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _page(status=400)
    flash(_("Keterangan foto disimpan."), "success")
    return redirect(url_for("report.index", _anchor="dokumentasi"))


@bp.post("/foto/<int:photo_id>/hapus")
@roles_required(SEKRETARIAT)
def delete_photo(photo_id):
    item = _photo_or_404(photo_id)
    if not CaptionForm().validate_on_submit():
        flash(_("Formulir kedaluwarsa; muat ulang halaman lalu coba lagi."), "error")
        return _page(status=400)
    services.delete_photo(item, by=current_user)
    flash(_("Foto dihapus dari lampiran dokumentasi."), "success")
    return redirect(url_for("report.index", _anchor="dokumentasi"))


@bp.route("/laporan.<any(pdf, docx):fmt>")
@roles_required(SEKRETARIAT)
def download(fmt):
    return deliver(g.event, "report", fmt)
