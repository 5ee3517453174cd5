"""Secretariat and administrator pages: events, delegations, participants, users, audit log."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..audit import record
from ..auth import ROLE_LABELS, roles_required
from ..auth import services as accounts
from ..auth.forms import UserCreateForm, UserEditForm
from ..events import services
from ..extensions import db
from ..i18n import tz_abbreviation
from ..models import EVENT_ROLES, Delegation, EventStaff, User
from ..models.user import ADMIN, KONTAK_DELEGASI, SEKRETARIAT
from ..web import refusal
from . import audit_log
from .forms import DelegationForm, EventForm, EventStaffForm, InviteRegionsForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _event_or_404(slug: str):
    return services.event_by_slug(slug) or abort(404)


def _delegation_or_404(event, delegation_id: int) -> Delegation:
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.event_id != event.id:
        abort(404)
    return delegation


def _uploaded_logo(form) -> bytes | None:
    upload = form.logo.data
    return upload.read() if upload and getattr(upload, "filename", "") else None


def _form_status(form) -> int:
    return 400 if form.errors else 200


@bp.route("/events")
@roles_required(SEKRETARIAT)
def events():
    # Only the meetings this secretary was granted (all of them for an admin).
    return render_template("admin/events.html", events=services.managed_events(current_user))


@bp.route("/events/new", methods=["GET", "POST"])
@roles_required(SEKRETARIAT, global_only=True)  # a sekretariat account may start a meeting, and is granted it
def event_new():
    form = EventForm()
    if form.validate_on_submit():
        try:
            event = services.create_event(
                form.service_values(), logo=_uploaded_logo(form), slug=form.slug.data, by=current_user
            )
        except services.EventError as exc:
            getattr(form, exc.field or "title").errors.append(str(exc))
        else:
            flash(_("Rapat %(title)s dibuat.", title=event.title), "success")
            return redirect(url_for("admin.event_detail", slug=event.slug))
    return render_template("admin/event_form.html", form=form, event=None), _form_status(form)


@bp.route("/events/<slug>")
@roles_required(SEKRETARIAT)
def event_detail(slug):
    event = _event_or_404(slug)
    return render_template(
        "admin/event_detail.html",
        event=event,
        counts=services.delegation_counts(event),
        invite_form=InviteRegionsForm(),
    )


@bp.route("/events/<slug>/edit", methods=["GET", "POST"])
@roles_required(SEKRETARIAT)
def event_edit(slug):
    event = _event_or_404(slug)
    form = EventForm(obj=event)
    if request.method == "GET":
        form.slug.data = event.slug
        for key in ("registration_opens_at", "registration_closes_at", "edit_deadline"):
            value = getattr(event, key)
            form[key].data = value.astimezone(event.tz).replace(tzinfo=None) if value else None
    if form.validate_on_submit():
        try:
            services.update_event(
                event,
                form.service_values(),
                logo=_uploaded_logo(form),
                remove_logo=form.remove_logo.data,
                slug=form.slug.data,
            )
        except services.EventError as exc:
            db.session.rollback()
            getattr(form, exc.field or "title").errors.append(str(exc))
        else:
            flash(_("Perubahan disimpan."), "success")
            return redirect(url_for("admin.event_detail", slug=event.slug))
    return render_template("admin/event_form.html", form=form, event=event), _form_status(form)


def _delegation_values(form: DelegationForm) -> dict:
    values = {key: form[key].data for key in services.DELEGATION_FIELDS}
    contact_email = (form.contact_user_email.data or "").strip()
    if contact_email:
        user = accounts.find_user(contact_email)
        if user is None or not user.has_role(KONTAK_DELEGASI):
            raise services.EventError(
                _("Tidak ada pengguna dengan peran kontak delegasi dan email ini."), "contact_user_email"
            )
        values["contact_user"] = user
    else:
        values["contact_user"] = None
    return values


@bp.route("/events/<slug>/delegations/new", methods=["GET", "POST"])
@roles_required(SEKRETARIAT)
def delegation_new(slug):
    event = _event_or_404(slug)
    form = DelegationForm()
    if form.validate_on_submit():
        try:
            services.add_delegation(event, _delegation_values(form))
        except services.EventError as exc:
            getattr(form, exc.field or "name").errors.append(str(exc))
        else:
            flash(_("Delegasi ditambahkan."), "success")
            return redirect(url_for("admin.event_detail", slug=event.slug))
    return render_template("admin/delegation_form.html", form=form, event=event, delegation=None), _form_status(form)


@bp.route("/events/<slug>/delegations/<int:delegation_id>/edit", methods=["GET", "POST"])
@roles_required(SEKRETARIAT)
def delegation_edit(slug, delegation_id):
    event = _event_or_404(slug)
    delegation = _delegation_or_404(event, delegation_id)
    form = DelegationForm(obj=delegation)
    if request.method == "GET" and delegation.contact_user:
        form.contact_user_email.data = delegation.contact_user.email
    if form.validate_on_submit():
        try:
            services.update_delegation(delegation, _delegation_values(form))
        except services.EventError as exc:
            db.session.rollback()
            getattr(form, exc.field or "name").errors.append(str(exc))
        else:
            flash(_("Delegasi disimpan."), "success")
            return redirect(url_for("admin.event_detail", slug=event.slug))
    return render_template("admin/delegation_form.html", form=form, event=event, delegation=delegation), _form_status(
        form
    )


@bp.route("/events/<slug>/delegations/<int:delegation_id>/delete", methods=["POST"])
@roles_required(SEKRETARIAT)
def delegation_delete(slug, delegation_id):
    event = _event_or_404(slug)
    delegation = _delegation_or_404(event, delegation_id)
    try:
        services.delete_delegation(delegation)
    except services.EventError as exc:
        return refusal(str(exc), url_for("admin.event_detail", slug=event.slug))
    flash(_("Delegasi dihapus."), "success")
    return redirect(url_for("admin.event_detail", slug=event.slug))


@bp.route("/events/<slug>/delegations/invite-kaltim", methods=["POST"])
@roles_required(SEKRETARIAT)
def invite_regions(slug):
    event = _event_or_404(slug)
    form = InviteRegionsForm()
    if not form.validate_on_submit():
        flash(" ".join(form.quota.errors) or _("Permintaan tidak sah."), "error")
        return redirect(url_for("admin.event_detail", slug=event.slug))
    result = services.invite_regions(event, default_quota=form.quota.data)
    flash(
        _(
            "%(added)d delegasi ditambahkan, %(skipped)d sudah ada.",
            added=len(result.added),
            skipped=len(result.skipped),
        ),
        "success",
    )
    return redirect(url_for("admin.event_detail", slug=event.slug))


def _audit_page(event=None):
    filters = audit_log.parse_filters(request.args)
    tz_name = event.timezone if event else audit_log.server_timezone()
    result = audit_log.page(filters, event=event, tz_name=tz_name)
    events_list = None if event else services.all_events()
    return render_template(
        "admin/audit.html",
        event=event,
        filters=filters,
        page=result,
        entries=audit_log.entries(result.rows, event=event),
        users=audit_log.users_in_log(event),
        actions=audit_log.action_choices(),
        events=events_list,
        tz_abbr=tz_abbreviation(tz_name),
        link_args={**({"slug": event.slug} if event else {}), **filters.args()},
    ), 400 if filters.errors else 200


def _audit_csv(event=None):
    filters = audit_log.parse_filters(request.args)
    if filters.errors:
        abort(400, " ".join(filters.errors))
    tz_name = event.timezone if event else audit_log.server_timezone()
    body, count = audit_log.export_csv(filters, event=event, tz_name=tz_name)
    # Reading the log is itself recorded: it names people and what they did.
    record(
        "audit.export",
        event or current_user._get_current_object(),
        event_id=event.id if event else None,
        count=count,
        filters=filters.args(),
    )
    db.session.commit()
    name = f"audit-{event.slug}.csv" if event else "audit.csv"
    return Response(
        body,
        mimetype="text/csv",  # Werkzeug adds the charset
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


@bp.route("/events/<slug>/audit")
@roles_required(SEKRETARIAT)
def audit(slug):
    return _audit_page(_event_or_404(slug))


@bp.route("/events/<slug>/audit.csv")
@roles_required(SEKRETARIAT)
def audit_csv(slug):
    return _audit_csv(_event_or_404(slug))


@bp.route("/audit")
@roles_required(ADMIN)
def audit_all():
    """Every meeting's rows and those of no meeting (logins, users, tokens)."""
    return _audit_page()


@bp.route("/audit.csv")
@roles_required(ADMIN)
def audit_all_csv():
    return _audit_csv()


@bp.route("/users")
@roles_required(ADMIN)
def users():
    rows = db.session.scalars(select(User).order_by(User.full_name)).all()
    grants: dict[int, list[EventStaff]] = {}
    for row in db.session.scalars(select(EventStaff).options(joinedload(EventStaff.event)).order_by(EventStaff.id)):
        grants.setdefault(row.user_id, []).append(row)
    return render_template("admin/users.html", users=rows, grants=grants)


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def user_new():
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.email.data, form.full_name.data, form.password.data, form.roles.data)
        except accounts.AccountError as exc:
            db.session.rollback()
            form.email.errors.append(str(exc))
        else:
            flash(_("Pengguna %(email)s dibuat.", email=user.email), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None), _form_status(form)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@roles_required(ADMIN)
def user_edit(user_id):
    user = db.session.get(User, user_id) or abort(404)
    form = UserEditForm(obj=user)
    if request.method == "GET":
        form.roles.data = sorted(user.roles)
    if form.validate_on_submit():
        if user.id == current_user.id and (ADMIN not in form.roles.data or not form.active.data):
            form.roles.errors.append(
                _("Anda tidak dapat mencabut peran administrator atau menonaktifkan akun sendiri.")
            )
        else:
            accounts.update_user(user, form.full_name.data, form.roles.data, form.active.data)
            flash(_("Pengguna disimpan."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user), _form_status(form)


@bp.route("/users/<int:user_id>/sessions/end", methods=["POST"])
@roles_required(ADMIN)
def user_end_sessions(user_id):
    """Sign a user out on every device (a lost phone, a colleague who left the team)."""
    user = db.session.get(User, user_id) or abort(404)
    accounts.end_sessions(user, by=current_user._get_current_object())
    if user.id == current_user.id:
        from ..auth import renew_login

        renew_login(user)  # the admin's own browser stays signed in
    flash(_("Semua sesi %(email)s telah diakhiri.", email=user.email), "success")
    return redirect(url_for("admin.users"))


def _staff_form() -> EventStaffForm:
    form = EventStaffForm()
    form.role.choices = [(role, str(ROLE_LABELS[role])) for role in EVENT_ROLES]
    return form


@bp.route("/events/<slug>/staff", methods=["GET", "POST"])
@roles_required(ADMIN)
def event_staff(slug):
    """Who works on this meeting, and as what (pretix teams, Indico event managers)."""
    event = _event_or_404(slug)
    form = _staff_form()
    if form.validate_on_submit():
        user = accounts.find_user(form.email.data)
        if user is None:
            form.email.errors.append(_("Tidak ada pengguna dengan email ini."))
        elif not user.active:
            form.email.errors.append(_("Akun ini nonaktif."))
        else:
            accounts.grant_event_role(event, user, form.role.data, by=current_user)
            flash(
                _("%(name)s kini %(role)s pada rapat ini.", name=user.full_name, role=ROLE_LABELS[form.role.data]),
                "success",
            )
            return redirect(url_for("admin.event_staff", slug=event.slug))
    return render_template(
        "admin/event_staff.html", event=event, form=form, rows=accounts.event_staff(event)
    ), _form_status(form)


@bp.route("/events/<slug>/staff/<int:staff_id>/remove", methods=["POST"])
@roles_required(ADMIN)
def event_staff_remove(slug, staff_id):
    event = _event_or_404(slug)
    row = db.session.get(EventStaff, staff_id)
    if row is None or row.event_id != event.id:
        abort(404)
    name, role = row.user.full_name, row.role
    accounts.revoke_event_role(row, by=current_user)
    flash(_("Peran %(role)s %(name)s pada rapat ini dicabut.", name=name, role=ROLE_LABELS[role]), "success")
    return redirect(url_for("admin.event_staff", slug=event.slug))
