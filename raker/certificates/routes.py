"""Certificate pages: the secretariat's page (settings, issuing, the list, revoking, downloads) under
/admin/events/<slug>/sertifikat, and the public check page /sertifikat/<token> the QR code opens.
Thin: the rules are in services.py."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import roles_required
from ..events.scoped import event_scoped
from ..extensions import db
from ..jobs.web import deliver
from ..models.minutes import Certificate
from ..models.user import SEKRETARIAT
from ..reference.nip import mask_nip
from ..web import save_settings_form
from . import services
from .forms import SettingsForm
from .services import CertificateRefused

bp = Blueprint("certificates", __name__)
admin_bp = event_scoped(Blueprint("certificates_admin", __name__, url_prefix="/admin/events/<slug>/sertifikat"))


def _certificate_or_404(certificate_id: int) -> Certificate:
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.event_id != g.event.id:
        abort(404)
    return certificate


def _settings_form(settings) -> SettingsForm:
    form = SettingsForm(obj=settings)
    if request.method == "GET" and settings.signer_nip:
        from ..reference.nip import format_nip

        form.signer_nip.data = format_nip(settings.signer_nip)
    return form


def _page(form: SettingsForm | None = None, status: int = 200):
    delegation = request.args.get("delegation", type=int)
    overview = services.overview(g.event, delegation_id=delegation, page=request.args.get("page", type=int))
    return render_template(
        "certificates/admin.html",
        event=g.event,
        overview=overview,
        rows=overview.rows,
        pages=overview.pages,
        shown_issued=overview.listed_issued,
        counts=overview.counts,
        delegation=delegation,
        form=form or _settings_form(overview.settings),
        example=services.number_for(overview.settings, overview.settings.last_sequence + 1),
    ), status


@admin_bp.get("/")
@roles_required(SEKRETARIAT)
def index():
    return _page()


@admin_bp.post("/pengaturan")
@roles_required(SEKRETARIAT)
def save_settings():
    return save_settings_form(
        SettingsForm(),
        lambda values: services.save_settings(g.event, values, by=current_user),
        saved=_("Pengaturan sertifikat disimpan."),
        then=url_for("certificates_admin.index"),
        page=_page,
    )


@admin_bp.post("/terbitkan")
@roles_required(SEKRETARIAT)
def issue():
    try:
        new = services.issue(g.event, by=current_user)
    except CertificateRefused as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _page(status=409)
    if new:
        flash(
            _(
                "%(n)d sertifikat diterbitkan: nomor %(first)s s.d. %(last)s.",
                n=len(new),
                first=new[0].number,
                last=new[-1].number,
            ),
            "success",
        )
    else:
        flash(_("Tidak ada sertifikat baru: semua yang memenuhi syarat sudah memilikinya."), "info")
    return redirect(url_for("certificates_admin.index"))


def _change(certificate_id: int, change, done: str):
    """Revoke or restore: the page again with the reason when the rules refuse (409)."""
    certificate = _certificate_or_404(certificate_id)
    try:
        change(certificate)
    except CertificateRefused as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _page(status=409)
    flash(done % {"number": certificate.number}, "success")
    return redirect(url_for("certificates_admin.index"))


@admin_bp.post("/<int:certificate_id>/cabut")
@roles_required(SEKRETARIAT)
def revoke(certificate_id):
    return _change(
        certificate_id,
        lambda c: services.revoke(c, by=current_user, reason=request.form.get("reason", "")),
        _("Sertifikat %(number)s dicabut."),
    )


@admin_bp.post("/<int:certificate_id>/pulihkan")
@roles_required(SEKRETARIAT)
def restore(certificate_id):
    return _change(
        certificate_id, lambda c: services.restore(c, by=current_user), _("Sertifikat %(number)s berlaku kembali.")
    )


@admin_bp.get("/<int:certificate_id>.pdf")
@roles_required(SEKRETARIAT)
def one(certificate_id):
    certificate = _certificate_or_404(certificate_id)
    if certificate.revoked:
        flash(_("Sertifikat %(number)s sudah dicabut dan tidak dicetak.", number=certificate.number), "error")
        return redirect(url_for("certificates_admin.index"))
    if certificate.registration.anonymised_at:
        flash(
            _(
                "Data pemegang sertifikat %(number)s sudah dihapus: sertifikat tidak dicetak.",
                number=certificate.number,
            ),
            "error",
        )
        return redirect(url_for("certificates_admin.index"))
    return deliver(g.event, "certificates", "pdf", certificate=certificate.id)


@admin_bp.get("/semua.<any(pdf, docx):fmt>")
@roles_required(SEKRETARIAT)
def batch(fmt):
    """Every valid certificate (or one delegation's, ?delegation=ID) in one file."""
    code = request.args.get("delegation")
    delegation = services.delegation_of(g.event, code) if code else None
    if code and delegation is None:
        abort(404)  # not this meeting's delegation (never a query with an id too big for the column)
    delegation_id = delegation.id if delegation else None
    if not services.issued_count(g.event, delegation_id=delegation_id):
        flash(_("Belum ada sertifikat yang diterbitkan untuk diunduh."), "error")
        return redirect(url_for("certificates_admin.index"))
    return deliver(g.event, "certificates", fmt, delegation=delegation_id and str(delegation_id))


@bp.get("/sertifikat/<token>")
def verify(token):
    """Public: is this certificate genuine? No login; the NIP only partly shown."""
    certificate = services.verify(token)
    headers = {"X-Robots-Tag": "noindex, nofollow", "Cache-Control": "no-store"}  # revoking shows at once
    if certificate is None:
        return render_template("certificates/verify.html", certificate=None), 404, headers
    event = certificate.registration.event
    return (
        render_template(
            "certificates/verify.html",
            certificate=certificate,
            event=event,
            issuer=services.issuer_name(event),
            issued_on=services.issued_on(event, services.settings_for(event)),
            registration=certificate.registration,
            masked_nip=mask_nip(certificate.registration.nip),
        ),
        200,
        headers,
    )
