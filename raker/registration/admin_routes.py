"""The secretariat's registration pages: list, filters, bulk decisions, one registration,
walk-in registration, export/import, invitations, personal-data requests."""

from flask import Blueprint, Response, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import whatsapp
from ..audit import record
from ..auth import roles_required
from ..events.scoped import event_scoped
from ..extensions import db
from ..forms import add_field_errors
from ..ids import id_from
from ..invalid import SettingsInvalid
from ..jobs.services import start as start_job
from ..jobs.web import deliver
from ..models import PARTICIPANT_ROLES, REGISTRATION_STATES, Registration
from ..models.user import SEKRETARIAT
from ..states import state_label
from ..web import content_disposition, refusal, save_settings_form
from . import imports, privacy, queries, services
from .forms import RegistrationForm
from .validation import FIELDS, RegistrationInvalid

bp = event_scoped(Blueprint("secretariat", __name__, url_prefix="/admin/events/<slug>"))


def _registration_or_404(registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != g.event.id:
        abort(404)
    return registration


@bp.route("/participants")
@roles_required(SEKRETARIAT)
def participants():
    event = g.event
    pages, rows = queries.page_of(event, request.args)
    filters = queries.filters_from(request.args)
    return render_template(
        "secretariat/participants.html",
        event=event,
        registrations=rows,
        pages=pages,
        filters=filters,
        counts=queries.state_counts(event, request.args),
        states=REGISTRATION_STATES,
        roles=PARTICIPANT_ROLES,
        deletion_requests=privacy.deletion_requests(event),
    )


@bp.route("/participants/bulk", methods=["POST"])
@roles_required(SEKRETARIAT)
def bulk():
    """The ticked rows, or with scope=filter every row the list's filters (in the query string) match."""
    event = g.event
    action = request.form.get("action")
    back = redirect(url_for("secretariat.participants", **queries.filters_from(request.args)))
    if request.form.get("scope") == "filter":
        ids = queries.matching_ids(event, request.args)
        expected = request.form.get("expected", type=int)
        if expected is not None and expected != len(ids):  # the list changed since the page was shown
            flash(
                _(
                    "Jumlah peserta yang cocok berubah dari %(a)d menjadi %(b)d; periksa daftar lalu ulangi.",
                    a=expected,
                    b=len(ids),
                ),
                "error",
            )
            return back
    else:
        ids = [n for i in request.form.getlist("ids") if (n := id_from(i)) is not None]
    if action not in services.BULK_ACTIONS or not ids:
        flash(_("Pilih peserta dan tindakan terlebih dahulu."), "error")
        return back
    try:
        result = services.change_states(
            event, ids, services.BULK_ACTIONS[action], by=current_user, reason=request.form.get("reason", "")
        )
    except services.RegistrationRefused as exc:
        flash(str(exc), "error")
        return back
    if result.done:
        flash(_("%(n)d pendaftaran diubah.", n=result.done), "success")
    for registration, message in result.refused[:20]:
        flash(f"{registration.full_name}: {message}", "error")
    if len(result.refused) > 20:
        flash(_("… dan %(n)d lainnya tidak dapat diubah.", n=len(result.refused) - 20), "error")
    return back


@bp.route("/participants.<any(xlsx, csv):fmt>")
@roles_required(SEKRETARIAT)
def export(fmt):
    """The participants of the filter as XLSX or CSV (an audited export of personal data); a job when big."""
    return deliver(g.event, "participants", fmt, filters=queries.filters_from(request.args))


@bp.route("/registrations/new", methods=["GET", "POST"])
@roles_required(SEKRETARIAT)
def new_registration():
    """Walk-in or phoned-in registration by the secretariat (also after registration closed)."""
    event = g.event
    form = RegistrationForm()
    form.delegation.choices = [("", _("— pilih delegasi —"))] + [(str(d.id), d.name) for d in event.delegations]
    approve = request.form.get("approve") == "y"
    if form.validate_on_submit():
        upload = form.assignment_letter.data
        letter = (upload.filename, upload.read()) if upload and upload.filename else None
        values = {name: form[name].data for name in FIELDS}
        try:
            registration = services.register(
                event, services.NewRegistration(values, letter), source="secretariat", by=current_user, approve=approve
            )
        except RegistrationInvalid as exc:
            add_field_errors(form, exc.fields)
        except services.RegistrationRefused as exc:
            flash(str(exc), "error")
        else:
            flash(
                _(
                    "%(name)s didaftarkan (%(state)s).",
                    name=registration.full_name,
                    state=state_label(registration.state),
                ),
                "success",
            )
            return redirect(url_for("secretariat.registration", registration_id=registration.id))
    status = 400 if request.method == "POST" else 200
    return render_template("secretariat/new_registration.html", event=event, form=form, approve=approve), status


@bp.route("/registrations/<int:registration_id>")
@roles_required(SEKRETARIAT)
def registration(registration_id):
    registration = _registration_or_404(registration_id)
    from ..admin.audit_log import registration_history
    from ..checkin.keterangan import attended_days

    history = registration_history(registration)

    return render_template(
        "secretariat/registration.html",
        event=g.event,
        registration=registration,
        history=history,
        transitions=sorted(services.allowed_transitions(registration)),
        attended=not registration.anonymised_at and bool(attended_days(registration)),
        **whatsapp.personal_links(registration),
    )


@bp.route("/registrations/<int:registration_id>/state", methods=["POST"])
@roles_required(SEKRETARIAT)
def change_state(registration_id):
    registration = _registration_or_404(registration_id)
    try:
        services.change_state(
            registration, request.form.get("to", ""), by=current_user, reason=request.form.get("reason", "")
        )
    except services.RegistrationRefused as exc:
        return refusal(str(exc), url_for("secretariat.registration", registration_id=registration.id))
    flash(_("Status diubah menjadi %(state)s.", state=state_label(registration.state)), "success")
    return redirect(url_for("secretariat.registration", registration_id=registration.id))


@bp.route("/registrations/<int:registration_id>/edit", methods=["GET", "POST"])
@roles_required(SEKRETARIAT)
def edit_registration(registration_id):
    registration = _registration_or_404(registration_id)
    event = g.event
    form = RegistrationForm(obj=registration)
    del form.consent, form.assignment_letter
    form.delegation.choices = [(str(d.id), d.name) for d in event.delegations]
    if request.method == "GET":
        form.delegation.data = str(registration.delegation_id)
    if form.validate_on_submit():
        values = {name: form[name].data for name in FIELDS}
        try:
            services.update_details(registration, values, by=current_user)
        except RegistrationInvalid as exc:
            db.session.rollback()
            add_field_errors(form, exc.fields)
        except services.RegistrationRefused as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            flash(_("Data disimpan."), "success")
            return redirect(url_for("secretariat.registration", registration_id=registration.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "secretariat/edit_registration.html", event=event, registration=registration, form=form
    ), status


@bp.route("/registrations/<int:registration_id>/resend", methods=["POST"])
@roles_required(SEKRETARIAT)
def resend(registration_id):
    registration = _registration_or_404(registration_id)
    services.resend_link(registration, by=current_user)
    flash(_("Email berisi tautan pribadi masuk Kotak keluar untuk %(email)s.", email=registration.email), "success")
    return redirect(url_for("secretariat.registration", registration_id=registration.id))


@bp.route("/registrations/<int:registration_id>/reissue-code", methods=["POST"])
@roles_required(SEKRETARIAT)
def reissue_code(registration_id):
    """A lost or copied badge: a new code; the old badge stops working at the door."""
    registration = _registration_or_404(registration_id)
    try:
        services.reissue_checkin_code(registration, by=current_user)
    except services.RegistrationRefused as exc:
        return refusal(str(exc), url_for("secretariat.registration", registration_id=registration.id))
    flash(_("Kode QR baru diterbitkan; tanda peserta lama tidak berlaku lagi."), "success")
    return redirect(url_for("secretariat.registration", registration_id=registration.id))


@bp.route("/registrations/<int:registration_id>/anonymise", methods=["POST"])
@roles_required(SEKRETARIAT)
def anonymise(registration_id):
    registration = _registration_or_404(registration_id)
    privacy.anonymise(registration, by=current_user)
    flash(_("Data pribadi pendaftaran ini telah dihapus."), "success")
    return redirect(url_for("secretariat.participants"))


@bp.route("/registrations/<int:registration_id>/assignment-letter")
@roles_required(SEKRETARIAT)
def assignment_letter(registration_id):
    registration = _registration_or_404(registration_id)
    letter = registration.assignment_letter or abort(404)
    record("export.assignment_letter", registration)
    db.session.commit()
    return Response(
        letter.data,
        mimetype="application/pdf",
        headers={"Content-Disposition": content_disposition("surat-tugas.pdf"), "Cache-Control": "no-store"},
    )


@bp.route("/anonymise", methods=["POST"])
@roles_required(SEKRETARIAT)
def anonymise_event():
    try:
        count = privacy.anonymise_event(g.event, by=current_user)
    except ValueError as exc:
        return refusal(str(exc), url_for("secretariat.participants"))
    flash(_("Data pribadi %(n)d pendaftaran telah dihapus.", n=count), "success")
    return redirect(url_for("secretariat.participants"))


@bp.route("/import", methods=["GET", "POST"])
@roles_required(SEKRETARIAT)
def import_upload():
    event = g.event
    if request.method == "POST":
        upload = request.files.get("file")
        if not upload or not upload.filename:
            flash(_("Pilih berkas XLSX atau CSV."), "error")
            return render_template("secretariat/import.html", event=event), 400
        try:
            stored = imports.store_upload(event, upload.filename, upload.read(), by=current_user)
        except imports.ImportFileError as exc:
            flash(str(exc), "error")
            return render_template("secretariat/import.html", event=event), 400
        return redirect(url_for("secretariat.import_mapping", key=stored.key))
    return render_template("secretariat/import.html", event=event)


@bp.route("/import/<key>", methods=["GET", "POST"])
@roles_required(SEKRETARIAT)
def import_mapping(key):
    event = g.event
    stored = imports.stored_upload(event, key) or abort(404)
    try:
        table = imports.read_table(stored.filename, stored.data)
    except imports.ImportFileError as exc:  # stored before a rule it now breaks: upload it again
        flash(str(exc), "error")
        return render_template("secretariat/import.html", event=event), 400
    mapping = imports.guess_mapping(table.headers)
    status = 200
    if request.method == "POST":
        mapping = {}
        for name in imports.IMPORT_FIELDS:
            raw = request.form.get(f"map_{name}", "")
            mapping[name] = int(raw) if raw.isdecimal() else None  # "²" is isdigit(), not int()
        approve = request.form.get("approve") == "y"
        try:
            if len(table.rows) > current_app.config["JOBS_INLINE_ROWS"]:  # thousands of rows: in the background
                imports.check_mapping(mapping, table.headers)
                job = start_job(
                    event,
                    "participants-import",
                    "csv",
                    {"upload": key, "mapping": mapping, "approve": approve},
                    by=current_user,
                    total=len(table.rows),
                )
                return redirect(url_for("jobs.show", slug=event.slug, key=job.key), 303)
            report = imports.finish_import(event, stored, table, mapping, by=current_user, approve=approve)
        except imports.ImportFileError as exc:
            flash(str(exc), "error")
            status = 400
        else:
            return render_template(
                "secretariat/import_report.html", event=event, report=report, filename=stored.filename
            )
    return render_template(
        "secretariat/import_mapping.html",
        event=event,
        table=table,
        mapping=mapping,
        fields=imports.IMPORT_FIELDS,
        required=imports.REQUIRED_IMPORT_FIELDS,
        field_label=imports.field_label,
        key=key,
    ), status


# ---- letters before the meeting (surat undangan, permohonan narasumber) --------------------


def _settings_form(settings):
    from ..invitations.forms import LetterSettingsForm
    from ..reference.nip import format_nip

    form = LetterSettingsForm(obj=settings)
    if request.method == "GET":
        for who in ("signer", "keterangan"):
            nip = getattr(settings, f"{who}_nip")
            form[f"{who}_nip"].data = format_nip(nip) if nip else ""
        form.starts_at.data = settings.starts_at.strftime("%H.%M") if settings.starts_at else ""
    return form


def _invitations_page(form=None, status: int = 200):
    from ..invitations import services as letters

    event = g.event
    settings = letters.settings_for(event)
    return render_template(
        "secretariat/invitations.html",
        event=event,
        settings=settings,
        form=form or _settings_form(settings),
        saved=letters.is_saved(settings),
        warnings=letters.unsaved_warnings(event, settings),
        addressee_of=lambda d: letters.addressee_of(event, d),
        default_addressee=lambda d: letters.default_addressee(event, d),
        waktu=letters.starting_time(event, settings),
        speakers=letters.speaker_requests(event),
    ), status


def _letter_file(kind: str, fmt: str, **options):
    """A letter from raker.exports: a delegation or speaker not found is a page saying so (404), a
    letter that cannot be made yet is a message on the invitations page."""
    from .. import exports
    from ..jobs.web import file_response, refused

    try:
        return file_response(exports.export(g.event, kind, fmt, **options))
    except exports.LetterRefused as error:  # ExportRefused, and the letters' own refusals
        db.session.rollback()
        if error.status == 404:
            return refused(error, url_for("secretariat.invitations"))
        flash(error.message, "error")
        return redirect(url_for("secretariat.invitations"))


@bp.route("/invitations")
@roles_required(SEKRETARIAT)
def invitations():
    return _invitations_page()


@bp.route("/invitations/settings", methods=["POST"])
@roles_required(SEKRETARIAT)
def invitation_settings():
    from ..invitations import services as letters
    from ..invitations.forms import LetterSettingsForm

    return save_settings_form(
        LetterSettingsForm(),
        lambda values: letters.save_settings(g.event, values, by=current_user),
        saved=_("Pengaturan surat disimpan: unduhan dan email memakai penanda tangan dan tanggal ini."),
        then=url_for("secretariat.invitations"),
        page=_invitations_page,
        unsaved=_("Pengaturan surat belum disimpan: periksa isian yang ditandai."),
    )


@bp.route("/invitations/addressee/<int:delegation_id>", methods=["POST"])
@roles_required(SEKRETARIAT)
def invitation_addressee(delegation_id):
    from ..invitations import services as letters
    from ..models import Delegation

    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.event_id != g.event.id:
        abort(404)
    try:
        letters.set_addressee(delegation, request.form.get("addressee", ""), by=current_user)
    except SettingsInvalid as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _invitations_page(status=400)
    flash(_("Tujuan surat %(name)s disimpan.", name=delegation.name), "success")
    return redirect(url_for("secretariat.invitations"))


@bp.route("/invitations.<any(pdf, docx):fmt>")
@roles_required(SEKRETARIAT)
def invitation_letters(fmt):
    """Every invited delegation's surat undangan in one file, or one delegation's (?delegation=ID)."""
    delegation = request.args.get("delegation", type=int)
    if request.args.get("delegation") and delegation is None:
        abort(404)
    return _letter_file("undangan", fmt, delegation=delegation)


@bp.route("/speaker-requests.<any(pdf, docx):fmt>")
@roles_required(SEKRETARIAT)
def speaker_requests(fmt):
    """Surat permohonan narasumber: all in one file, or one speaker's (?person=<key>)."""
    return _letter_file("permohonan-narasumber", fmt, person=request.args.get("person") or None)


@bp.route("/invitations/send", methods=["POST"])
@roles_required(SEKRETARIAT)
def send_invitations():
    """Email every invited delegation's contact its own letter (PDF attached), with the saved settings."""
    from ..invitations import mailing
    from ..letters import LetterRefused

    try:
        sent, missing = mailing.mail_invitations(g.event, by=current_user)
    except LetterRefused as exc:
        flash(exc.message, "error")
        return _invitations_page(status=exc.status)
    flash(_("%(n)d surat undangan masuk antrean email.", n=sent), "success")
    if missing:
        flash(_("Tanpa email kontak (unduh dan kirim manual): %(names)s.", names=", ".join(missing)), "error")
    return redirect(url_for("secretariat.invitations"))


@bp.route("/whatsapp")
@roles_required(SEKRETARIAT)
def whatsapp_list():
    """One after another: each delegation contact's invitation, or a delegation's participants' personal links."""
    event = g.event
    delegation_id = request.args.get("delegation", type=int)
    delegation = next((d for d in event.delegations if d.id == delegation_id), None)
    recipients = whatsapp.participant_recipients(delegation) if delegation else whatsapp.contact_recipients(event)
    return render_template("secretariat/whatsapp.html", event=event, delegation=delegation, recipients=recipients)
