"""The secretariat's honorarium page under /admin/events/<slug>/honorarium: the settings, the list as
it will print, and the PDF and XLSX. Thin: the arithmetic is in services.py."""

from decimal import Decimal

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import roles_required
from ..events.scoped import event_scoped
from ..extensions import db
from ..invalid import SettingsInvalid
from ..jobs.web import deliver
from ..models.user import SEKRETARIAT
from ..reference.nip import format_nip
from ..web import save_settings_form
from . import services
from .forms import CATEGORY_CHOICES, GOLONGAN_CHOICES, PersonForm, SettingsForm

bp = event_scoped(Blueprint("honorarium", __name__, url_prefix="/admin/events/<slug>/honorarium"))


def _settings_form(settings) -> SettingsForm:
    form = SettingsForm(obj=settings)
    if request.method == "GET":
        for name in services.RATE_FIELDS:
            form[name].data = services.rupiah(getattr(settings, name))[2:]
        form.other_tax_percent.data = services.percent_text(Decimal(settings.other_tax_bp) / 100)[:-2]  # '2,5', no ' %'
        for who in ("ppk", "treasurer"):
            nip = getattr(settings, f"{who}_nip")
            form[f"{who}_nip"].data = format_nip(nip) if nip else ""
    return form


def _page(form: SettingsForm | None = None, status: int = 200):
    settings = services.settings_for(g.event)
    return render_template(
        "honorarium/index.html",
        event=g.event,
        document=services.build_document(g.event, settings),
        settings=settings,
        form=form or _settings_form(settings),
        golongan_choices=GOLONGAN_CHOICES,
        category_choices=CATEGORY_CHOICES,
        percent=services.percent_text,
    ), status


@bp.get("/")
@roles_required(SEKRETARIAT)
def index():
    return _page()


@bp.post("/pengaturan")
@roles_required(SEKRETARIAT)
def save_settings():
    return save_settings_form(
        SettingsForm(),
        lambda values: services.save_settings(g.event, values, by=current_user),
        saved=_("Pengaturan honorarium disimpan."),
        then=url_for("honorarium.index"),
        page=_page,
    )


@bp.post("/orang")
@roles_required(SEKRETARIAT)
def set_person():
    form = PersonForm()
    if form.validate_on_submit():
        try:
            services.set_person(
                g.event, form.key.data or "", form.golongan.data or "", form.category.data or "", by=current_user
            )
        except SettingsInvalid as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return _page(status=400)
        flash(_("Golongan dan tingkat narasumber disimpan."), "success")
        return redirect(url_for("honorarium.index"))
    flash(_("Belum disimpan: pilihan tidak sah."), "error")
    return _page(status=400)


@bp.get("/honorarium.<any(pdf, docx, xlsx):fmt>")
@roles_required(SEKRETARIAT)
def download(fmt):
    return deliver(g.event, "honorarium", fmt)
