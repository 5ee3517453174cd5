"""Public registration, the personal link, and a delegation contact's team registration."""

import json
import time

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..events.services import event_by_slug
from ..extensions import db, limiter
from ..forms import add_field_errors
from ..models import Delegation, Registration
from ..models.user import SEKRETARIAT
from ..states import state_label
from ..web import content_disposition, refusal
from . import services
from .forms import DetailsForm, RegistrationForm, TeamForm, filled_rows
from .validation import FIELDS, PERSON_FIELDS, RegistrationInvalid

bp = Blueprint("registration", __name__)

# Public registrations per client address, the form and the API together (one bucket). An API call
# with a token (staff) is not counted: the API refuses an unknown token with 401 before anything is
# saved. The form ignores Authorization, so there the header exempts nothing.
public_registration_limit = limiter.shared_limit(
    lambda: current_app.config["REGISTRATION_RATE_LIMIT"],
    scope="public-registration",
    methods=["POST"],
    exempt_when=lambda: request.blueprint == "api" and bool(request.headers.get("Authorization")),
    error_message=lambda: _(
        "Terlalu banyak pendaftaran dari alamat jaringan ini. Coba lagi nanti, "
        "atau minta kontak delegasi atau sekretariat mendaftarkan Anda."
    ),
)


def _open_event_or_404(slug: str):
    event = event_by_slug(slug)
    if event is None or not event.is_public:
        abort(404)
    return event


def _preselected_delegation(event, raw: str | None) -> str:
    """?delegasi= accepts the delegation's id or its region code (as printed in the invitation)."""
    for delegation in event.delegations:
        if raw and raw in (str(delegation.id), delegation.region_code):
            return str(delegation.id)
    return ""


@bp.route("/events/<slug>/register", methods=["GET", "POST"])
@public_registration_limit
def register(slug):
    event = _open_event_or_404(slug)
    form = RegistrationForm()
    form.delegation.choices = [("", _("— pilih delegasi —"))] + [(str(d.id), d.name) for d in event.delegations]
    if request.method == "GET":
        form.delegation.data = _preselected_delegation(event, request.args.get("delegasi"))
    open_now = event.registration_is_open()
    status = 200
    if request.method == "POST":
        if not open_now:
            return render_template("registration/form.html", event=event, form=form, open_now=open_now), 409
        form_ok = form.validate_on_submit()
        upload = form.assignment_letter.data
        letter = (upload.filename, upload.read()) if upload and upload.filename else None
        values = {name: form[name].data for name in FIELDS}
        if not form_ok:
            add_field_errors(form, services.problems(event, values, letter))  # show every problem at once
            status = 400
        else:
            started = time.monotonic()
            try:
                registration = services.register(event, services.NewRegistration(values, letter), source="form")
            except RegistrationInvalid as exc:
                add_field_errors(form, exc.fields)
                status = 400
            except services.DuplicateRegistration as exc:
                # Answered exactly like a new registration: the page must not tell whether a NIP or
                # email is registered. The person already registered got their link again.
                answer_no_sooner(started)
                return _check_your_email(event, services.link_mail_id(exc.existing_id))
            except services.RegistrationRefused as exc:
                answer_no_sooner(started)
                flash(str(exc), "error")
                status = 409
            else:
                answer_no_sooner(started)
                return _check_your_email(event, services.link_mail_id(registration.id))
    return render_template("registration/form.html", event=event, form=form, open_now=open_now), status


def answer_no_sooner(started: float) -> None:
    """Wait out REGISTRATION_ANSWER_SECONDS from `started` (time.monotonic()), after the commit."""
    remaining = current_app.config["REGISTRATION_ANSWER_SECONDS"] - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)


def _check_your_email(event, mail_id: int | None):
    """Same redirect and same session contents for a new registration and a duplicate: the mail
    that carries the personal link, whose state the "done" page tells."""
    from ..outbox.services import seal_mail_id

    session["registered_event"] = event.id
    session["registered_mail"] = seal_mail_id(mail_id)
    return redirect(url_for("registration.done", slug=event.slug))


def _delivery(event) -> str:
    from ..outbox.services import delivery_of_receipt

    return delivery_of_receipt(event, session.get("registered_mail"))


@bp.route("/events/<slug>/register/done")
def done(slug):
    event = _open_event_or_404(slug)
    if session.get("registered_event") != event.id:
        return redirect(url_for("registration.register", slug=event.slug))
    return render_template("registration/done.html", event=event, delivery=_delivery(event))


@bp.route("/events/<slug>/register/done.json")
def done_status(slug):
    """What the "done" page asks every few seconds while the mail waits in the outbox."""
    event = _open_event_or_404(slug)
    if session.get("registered_event") != event.id:
        abort(404)
    response = jsonify({"delivery": _delivery(event)})
    response.headers["Cache-Control"] = "no-store"
    return response


def _by_token(token: str) -> Registration:
    registration = db.session.scalar(select(Registration).where(Registration.token == token))
    if registration is None or registration.anonymised_at:
        abort(404)
    return registration


@bp.route("/r/<token>")
def personal(token):
    from ..certificates.services import downloadable
    from ..checkin.keterangan import attended_days
    from ..sidang.commissions import commission_name, commission_of

    registration = _by_token(token)
    return render_template(
        "registration/personal.html",
        registration=registration,
        event=registration.event,
        certificate=downloadable(registration),
        attended=bool(attended_days(registration)),
        commission=commission_of(registration),
        commission_name=commission_name,
    )


@bp.route("/r/<token>/edit", methods=["GET", "POST"])
# Saving another registration's NIP or email is refused ("sudah dipakai"): whoever registered
# themselves could probe NIPs through their own link, so saves per link are few.
@limiter.limit(
    lambda: current_app.config["PERSONAL_EDIT_RATE_LIMIT"],
    methods=["POST"],
    key_func=lambda: "edit:" + (request.view_args or {}).get("token", "")[:64],
    error_message=lambda: _("Terlalu banyak perubahan data lewat tautan ini. Coba lagi nanti."),
)
def edit(token):
    registration = _by_token(token)
    form = DetailsForm(obj=registration)
    if request.method == "GET" and registration.nip:
        from ..reference.nip import format_nip

        form.nip.data = format_nip(registration.nip)
    if form.validate_on_submit():
        values = {name: form[name].data for name in PERSON_FIELDS if name in form}
        try:
            saved = services.update_details(registration, values)
        except RegistrationInvalid as exc:
            db.session.rollback()
            add_field_errors(form, exc.fields)
        except services.RegistrationRefused as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for("registration.personal", token=token))
        else:
            flash(_("Data Anda disimpan."), "success")
            if saved.email_pending:
                flash(
                    _(
                        "Email belum diubah: kami mengirim pesan ke %(email)s. Buka tautan di pesan itu untuk "
                        "memakai alamat baru.",
                        email=saved.email_pending,
                    ),
                    "info",
                )
            return redirect(url_for("registration.personal", token=token))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "registration/edit.html", registration=registration, event=registration.event, form=form
    ), status


@bp.route("/email/konfirmasi/<signed>", methods=["GET", "POST"])
def confirm_email(signed):
    """The link mailed to a participant's new address. GET only shows what it will do (mail scanners
    open links); the button (POST) changes the address."""
    from . import email_change

    try:
        change = email_change.read(signed)
        if request.method == "POST":
            registration = email_change.confirm(change)
            flash(_("Email Anda sekarang %(email)s.", email=registration.email), "success")
            return redirect(url_for("registration.personal", token=registration.token))
    except email_change.EmailChangeInvalid as exc:
        db.session.rollback()
        return render_template("registration/email_confirm.html", problem=str(exc)), 400
    return render_template("registration/email_confirm.html", change=change, event=change.registration.event)


@bp.route("/r/<token>/cancel", methods=["POST"])
def cancel(token):
    registration = _by_token(token)
    try:
        services.cancel_by_participant(registration)
    except services.RegistrationRefused as exc:
        return refusal(str(exc), url_for("registration.personal", token=token))
    flash(_("Pendaftaran Anda dibatalkan."), "success")
    return redirect(url_for("registration.personal", token=token))


def _approved_or_404(registration: Registration) -> None:
    if registration.state != "approved" or not registration.checkin_code:
        abort(404)


@bp.route("/r/<token>/badge.pdf")
def badge(token):
    registration = _by_token(token)
    _approved_or_404(registration)
    return _personal_file("badges", "pdf", registration)


def _personal_file(kind: str, fmt: str, registration: Registration, **options):
    """A participant's own document from raker.exports (one person: never a job, never audited as staff's)."""
    from .. import exports
    from ..jobs.web import file_response, refused

    try:
        return file_response(exports.export(registration.event, kind, fmt, registration=registration.id, **options))
    except exports.LetterRefused as error:  # ExportRefused, and the domains' own refusals
        return refused(error)


@bp.route("/r/<token>/qr.png")
def qr_image(token):
    registration = _by_token(token)
    _approved_or_404(registration)
    return _personal_file("qr", "png", registration)


@bp.route("/r/<token>/agenda.ics")
def agenda(token):
    return _personal_file("agenda", "ics", _by_token(token))


@bp.route("/r/<token>/sertifikat.pdf")
def certificate(token):
    """The participant's own certificate, once issued and while not revoked (else 404)."""
    return _personal_file("certificates", "pdf", _by_token(token))


@bp.route("/r/<token>/keterangan-hadir.pdf")
def attendance_letter(token):
    """The participant's own surat keterangan kehadiran (for the SPPD) once checked in, signed by the
    head of the secretariat saved in the letter settings (blank until saved): a participant cannot
    choose who signs."""
    registration = _by_token(token)
    return _personal_file("keterangan-hadir", "pdf", registration, personal=True)


@bp.route("/r/<token>/my-data.json")
def my_data(token):
    """A participant's own data (right of access, UU PDP)."""
    from .privacy import personal_data

    registration = _by_token(token)
    body = json.dumps(personal_data(registration), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": content_disposition("data-saya.json"), "Cache-Control": "no-store"},
    )


@bp.route("/r/<token>/deletion", methods=["POST"])
def request_deletion(token):
    from .privacy import request_deletion as ask

    registration = _by_token(token)
    ask(registration)
    flash(
        _(
            "Permintaan penghapusan data dicatat. Sekretariat akan menghapus data Anda; "
            "catatan kehadiran untuk pertanggungjawaban keuangan disimpan tanpa identitas."
        ),
        "success",
    )
    return redirect(url_for("registration.personal", token=token))


def _team_delegation_or_403(slug: str, delegation_id: int):
    event = _open_event_or_404(slug)
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.event_id != event.id:
        abort(404)
    if not (current_user.has_event_role(event, SEKRETARIAT) or delegation.contact_user_id == current_user.id):
        abort(403)
    return event, delegation


@bp.route("/events/<slug>/delegations/<int:delegation_id>/register", methods=["GET", "POST"])
@login_required
def team(slug, delegation_id):
    """A delegation contact registers several members in one form: all rows or none."""
    event, delegation = _team_delegation_or_403(slug, delegation_id)
    rows_wanted = min(max(request.args.get("baris", 5, type=int), 1), 40)
    form = TeamForm(formdata=request.form if request.method == "POST" else None)
    if request.method == "GET":
        while len(form.members.entries) < rows_wanted:
            form.members.append_entry()
        form.institution.data = ""
    status = 200
    if request.method == "POST" and form.validate():
        rows = filled_rows(form)
        if not rows:
            flash(_("Isi paling sedikit satu baris anggota."), "error")
            status = 400
        else:
            results = services.register_team(
                event, delegation, rows, institution=form.institution.data or "", by=current_user
            )
            if results.errors:
                for index, fields in results.errors.items():
                    add_field_errors(form.members.entries[index], fields)
                flash(_("Belum ada yang disimpan: perbaiki baris yang ditandai."), "error")
                status = 400
            else:
                flash(
                    _("%(n)d anggota didaftarkan: %(summary)s.", n=len(results.created), summary=results.summary()),
                    "success",
                )
                return redirect(url_for("events.delegation_members", slug=event.slug, delegation_id=delegation.id))
    elif request.method == "POST":
        status = 400
    return render_template("registration/team.html", event=event, delegation=delegation, form=form), status


@bp.route("/events/<slug>/delegations/<int:delegation_id>/members/<int:registration_id>/<action>", methods=["POST"])
@login_required
def member_action(slug, delegation_id, registration_id, action):
    event, delegation = _team_delegation_or_403(slug, delegation_id)
    registration = db.session.get(Registration, registration_id)
    if (
        registration is None
        or registration.delegation_id != delegation.id
        or action not in ("cancel", "resend", "restore")
    ):
        abort(404)
    # Back to the page of the list the contact was on (?page=, None: the first).
    back = url_for(
        "events.delegation_members",
        slug=event.slug,
        delegation_id=delegation.id,
        page=request.args.get("page", type=int),
    )
    if action == "cancel":
        try:
            services.change_state(
                registration, "cancelled", by=current_user, reason=_("Dibatalkan oleh kontak delegasi.")
            )
            flash(
                _(
                    "Pendaftaran %(name)s dibatalkan. Masih dapat dipulihkan sampai pendaftaran ditutup.",
                    name=registration.full_name,
                ),
                "success",
            )
        except services.RegistrationRefused as exc:
            flash(str(exc), "error")
    elif action == "restore":
        try:
            services.restore(registration, by=current_user)
        except services.RegistrationRefused as exc:
            return refusal(str(exc), back)
        flash(
            _(
                "Pendaftaran %(name)s dipulihkan (%(state)s).",
                name=registration.full_name,
                state=state_label(registration.state),
            ),
            "success",
        )
    elif services.resend_link(registration, by=current_user):
        flash(_("Tautan pribadi dikirim ulang ke %(name)s.", name=registration.full_name), "success")
    else:
        flash(
            _(
                "Tautan pribadi %(name)s sudah dikirim dalam 15 menit terakhir; coba lagi nanti.",
                name=registration.full_name,
            ),
            "error",
        )
    return redirect(back)
