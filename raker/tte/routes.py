"""Signing pages: the secretariat's (signers, documents prepared for signing, paraf, signing) under
/admin/events/<slug>/tte, and the public /verifikasi/<id> the QR of every signed document opens.
Thin: the rules are in services.py."""

from functools import wraps

from flask import Blueprint, Response, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import may, roles_required
from ..events.scoped import event_scoped
from ..extensions import db, limiter
from ..forms import as_choices
from ..ids import id_from
from ..models import User
from ..models.user import SEKRETARIAT
from ..web import content_disposition
from . import services
from .forms import ActionForm, LinkUserForm, PrepareForm, SignerForm, SignForm, VerifyForm
from .kinds import KINDS
from .services import TteRefused

bp = event_scoped(Blueprint("tte", __name__, url_prefix="/admin/events/<slug>/tte"))
public = Blueprint("tte_public", __name__)


def _user_choices():
    return as_choices(
        [("", _("— tanpa akun —"))]
        + [(str(u.id), f"{u.full_name} ({u.email})") for u in services.signer_user_choices(g.event)]
    )


def _chosen_account(raw: str | None) -> tuple[User | None, bool]:
    """The account picked for a signer, and whether it may be picked (one of the meeting's choices; a
    crafted id of another meeting's staff is refused like an unknown one)."""
    raw = raw or ""
    if not raw:
        return None, True
    number = id_from(raw)
    user = db.session.get(User, number) if number is not None else None
    return user, user is not None and user in services.signer_user_choices(g.event)


def _signer_form() -> SignerForm:
    form = SignerForm()
    form.user_id.choices = _user_choices()
    return form


def secretariat_or_signer(view):
    """The meeting's secretariat, or a signer of the meeting logged in with their own account (who
    opens the document sent to them and signs it; nothing else of the signing pages)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            from ..extensions import login_manager

            return login_manager.unauthorized()
        if not (may(current_user, (SEKRETARIAT,), g.event) or services.signers_of_user(g.event, current_user)):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _prepare_form() -> PrepareForm:
    form = PrepareForm()
    form.kind.choices = as_choices((key, kind.label) for key, kind in KINDS.items())
    return form


def _index(*, signer_form=None, prepare_form=None, status=200):
    return render_template(
        "tte/index.html",
        event=g.event,
        signers=services.signers(g.event),
        documents=services.documents(g.event),
        signer_form=signer_form or _signer_form(),
        link_form=LinkUserForm(),
        user_choices=_user_choices(),
        prepare_form=prepare_form or _prepare_form(),
        kinds=KINDS,
        verifiers=services.verifier_choices(g.event),
        remote=bool(current_app.config.get("TTE_REMOTE_URL")),
    ), status


def _document_or_404(document_id: int):
    """The meeting's document; to a signer who is not of the secretariat, only one they sign."""
    document = services.document_of(g.event, document_id) or abort(404)
    if not may(current_user, (SEKRETARIAT,), g.event) and not any(
        services.printed_in(document, signer) for signer in services.signers_of_user(g.event, current_user)
    ):
        abort(403)
    return document


@bp.get("/")
@roles_required(SEKRETARIAT)
def index():
    return _index()


@bp.post("/penanda-tangan")
@roles_required(SEKRETARIAT)
def add_signer():
    form = _signer_form()
    if not form.validate_on_submit():
        flash(_("Formulir kedaluwarsa; muat ulang halaman lalu coba lagi."), "error")
        return _index(signer_form=form, status=400)
    user, allowed = _chosen_account(form.user_id.data)
    if not allowed:
        flash(_("Akun tidak dikenal."), "error")
        return _index(signer_form=form, status=400)
    upload = request.files.get("p12")
    try:
        p12 = (
            services.read_bounded(upload.stream, current_app.config["TTE_MAX_UPLOAD"])
            if upload and upload.filename
            else None
        )
        services.save_signer(
            g.event,
            name=form.name.data,
            position=form.position.data,
            rank=form.rank.data,
            nip=form.nip.data,
            user=user,
            method=form.method.data,
            p12=p12,
            passphrase=form.passphrase.data or "",
            by=current_user,
        )
    except TteRefused as error:
        db.session.rollback()
        form.p12.errors = [error.message]
        return _index(signer_form=form, status=error.status)
    db.session.commit()
    flash(_("Penanda tangan disimpan."), "success")
    return redirect(url_for("tte.index"))


@bp.post("/penanda-tangan/<int:signer_id>/akun")
@roles_required(SEKRETARIAT)
def link_user(signer_id: int):
    """Which account signs as this signer: only its owner, logged in, may."""
    signer = services.signer_of(g.event, signer_id) or abort(404)
    form = LinkUserForm()
    if not form.validate_on_submit():
        flash(_("Formulir kedaluwarsa; muat ulang halaman lalu coba lagi."), "error")
        return _index(status=400)
    user, allowed = _chosen_account(form.user_id.data)
    if not allowed:
        flash(_("Akun tidak dikenal."), "error")
        return _index(status=400)
    try:
        services.link_user(signer, user, by=current_user)
    except TteRefused as error:
        db.session.rollback()
        flash(error.message, "error")
        return _index(status=error.status)
    db.session.commit()
    if user is None:
        flash(_("%(name)s tidak lagi terhubung ke akun pengguna.", name=signer.name), "success")
    else:
        flash(_("%(name)s menandatangani dengan akun %(user)s.", name=signer.name, user=user.full_name), "success")
    return redirect(url_for("tte.index"))


@bp.post("/dokumen")
@roles_required(SEKRETARIAT)
def prepare():
    form = _prepare_form()
    if not form.validate_on_submit():
        flash(_("Formulir kedaluwarsa; muat ulang halaman lalu coba lagi."), "error")
        return _index(prepare_form=form, status=400)
    staff = {user.id: user for user in services.verifier_choices(g.event)}
    # The page posts both per verifier; a ragged post (not from our page) keeps its pairs, not a 500.
    verifiers = [
        (staff[number], label)
        for uid, label in zip(request.form.getlist("verifier_id"), request.form.getlist("verifier_label"), strict=False)
        if (number := id_from(uid)) is not None and number in staff
    ]
    try:
        document = services.prepare(
            g.event, form.kind.data, params=request.form.to_dict(), verifiers=verifiers, by=current_user
        )
    except TteRefused as error:
        db.session.rollback()
        form.kind.errors = [error.message]
        return _index(prepare_form=form, status=error.status)
    db.session.commit()
    flash(_("Dokumen disiapkan untuk ditandatangani."), "success")
    return redirect(url_for("tte.document", document_id=document.id))


def _document_page(document, *, sign_form=None, status=200):
    form = sign_form or SignForm()
    # One signs as oneself only: the logged-in user's own signer.
    own = services.signers_of_user(g.event, current_user)
    form.signer_id.choices = as_choices((str(s.id), f"{s.name} — {s.position}") for s in own)
    return render_template(
        "tte/document.html",
        event=g.event,
        document=document,
        sign_form=form,
        action_form=ActionForm(),
        chain=services.current_chain(document),
        history=[step for step in document.parafs if step.voided_at],
        pending=services.next_step(document),
        verify_url=services.verification_url(document),
        kind=KINDS[document.kind],
        own_signers=own,
        covered=services.covered_places(document),
        secretariat=may(current_user, (SEKRETARIAT,), g.event),
    ), status


@bp.get("/dokumen/<int:document_id>")
@secretariat_or_signer
def document(document_id: int):
    return _document_page(_document_or_404(document_id))


@bp.post("/dokumen/<int:document_id>/paraf")
@roles_required(SEKRETARIAT)
def paraf(document_id: int):
    document = _document_or_404(document_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.approve(document, current_user)
    except TteRefused as error:
        flash(error.message, "error")
        return _document_page(document, status=error.status)
    db.session.commit()
    flash(_("Paraf dicatat."), "success")
    return redirect(url_for("tte.document", document_id=document.id))


@bp.post("/dokumen/<int:document_id>/tandatangani")
@secretariat_or_signer
def sign(document_id: int):
    document = _document_or_404(document_id)
    form = SignForm()
    form.signer_id.choices = []
    signer = services.signer_of(g.event, form.signer_id.data)
    if not form.validate_on_submit() or signer is None:
        flash(_("Pilih penanda tangan."), "error")
        return _document_page(document, sign_form=form, status=400)
    try:
        services.sign(document, signer, passphrase=form.passphrase.data or "", nik=form.nik.data or "", by=current_user)
    except TteRefused as error:
        flash(error.message, "error")
        return _document_page(services.document_of(g.event, document_id), sign_form=form, status=error.status)
    db.session.commit()
    flash(_("Dokumen ditandatangani secara elektronik oleh %(name)s.", name=signer.name), "success")
    return redirect(url_for("tte.document", document_id=document.id))


@bp.get("/dokumen/<int:document_id>.pdf")
@secretariat_or_signer
def download(document_id: int):
    document = _document_or_404(document_id)
    filename = f"{document.kind.replace('_', '-')}-{g.event.slug}-v{document.version}.pdf"
    return Response(
        document.pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": content_disposition(filename, inline=True), "Cache-Control": "no-store"},
    )


@public.route("/verifikasi/<public_id>", methods=["GET", "POST"])
# Each check reads and hashes an upload and writes an audit row: a public page keeps them few.
@limiter.limit(
    lambda: current_app.config["TTE_VERIFY_RATE_LIMIT"],
    methods=["POST"],
    error_message=lambda: _("Terlalu banyak pemeriksaan dari alamat ini. Coba lagi nanti."),
)
def verify(public_id: str):
    document = services.by_public_id(public_id[:32])
    if document is None:
        return render_template("tte/verify.html", document=None), 404
    form, result, status = VerifyForm(), None, 200
    if request.method == "POST":
        limit = current_app.config["TTE_MAX_UPLOAD"]
        try:
            # Refused from its declared length, before the body is read at all.
            if request.content_length and request.content_length > limit + 64 * 1024:
                raise services.too_big(limit)
            if not form.validate_on_submit():
                raise TteRefused(_("Formulir kedaluwarsa; muat ulang halaman lalu coba lagi."))
            upload = request.files.get("document")
            if upload is None or not upload.filename:
                raise TteRefused(_("Pilih berkas PDF."))
            result = services.check_upload(document, services.read_upload(upload.stream, limit))
            db.session.commit()
        except TteRefused as error:
            db.session.rollback()
            form.document.errors = [error.message]
            status = error.status
    return render_template(
        "tte/verify.html",
        document=document,
        event=document.event,
        form=form,
        result=result,
        signatures=document.signatures,
    ), status
