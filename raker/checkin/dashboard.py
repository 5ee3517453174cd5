"""The secretariat's attendance pages: live dashboard, review of offline duplicates, undo,
badge batches and the daftar hadir downloads."""
from datetime import date

from flask import Blueprint, Response, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..audit import record
from ..auth import roles_required
from ..events.scoped import event_scoped
from ..extensions import db
from ..i18n import format_clock
from ..models import CheckIn, Registration
from ..models.user import PETUGAS, SEKRETARIAT
from ..web import content_disposition, refusal
from . import services
from .codes import qr_text

bp = event_scoped(Blueprint("attendance", __name__, url_prefix="/admin/events/<slug>/attendance"))
BADGE_LAYOUTS = ("sheet", "a6", "cr80")
MIMETYPES = {"pdf": "application/pdf",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _day(raw: str | None) -> date:
    """The requested meeting day; today's (event time) when it is a meeting day, else the first."""
    event = g.event
    if raw:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            abort(404)
        if day not in event.days:
            abort(404)
        return day
    return event.default_day()


@bp.route("/")
@roles_required(SEKRETARIAT)
def dashboard():
    event = g.event
    day = _day(request.args.get("day"))
    from ..agenda.services import sessions_on
    from ..models.agenda import NO_MINUTES_KINDS

    # A list to sign for each session people sit in; not for the check-in desk or the breaks.
    sessions = [s for s in sessions_on(event, day) if not s.cancelled and s.kind not in NO_MINUTES_KINDS]
    return render_template("checkin/dashboard.html", event=event, day=day, sessions=sessions,
                           **_dashboard_data(event, day))


def _dashboard_data(event, day: date) -> dict:
    stats = services.stats(event)
    missing = services.not_arrived(event, day)
    review = db.session.scalars(select(CheckIn).where(CheckIn.event_id == event.id, CheckIn.needs_review.is_(True),
                                                      CheckIn.undone_at.is_(None))).all()
    recent = db.session.scalars(select(CheckIn).where(CheckIn.event_id == event.id, CheckIn.day == day)
                                .order_by(CheckIn.received_at.desc()).limit(15)).all()
    from ..whatsapp import reminder_links

    return {"stats": stats, "missing": missing, "review": review, "recent": recent,
            "reminders": reminder_links(event, missing, day),
            "arrivals": services.arrival_axis(event, day),
            "present_today": next((d["checked_in"] for d in stats["by_day"] if d["day"] == day.isoformat()), 0)}


@bp.route("/live.json")
@roles_required(SEKRETARIAT, PETUGAS)
def live():
    """What the dashboard redraws every few seconds."""
    event = g.event
    day = _day(request.args.get("day"))
    data = _dashboard_data(event, day)
    return jsonify({
        "day": day.isoformat(), "present_today": data["present_today"], "stats": data["stats"],
        "arrivals": data["arrivals"],
        # Names only: the petugas at the door may read this. Whom to call is the delegation's contact
        # (as on the page); participants' own phones stay with the secretariat's participant pages.
        "missing": {str(k): [{"name": r.full_name} for r in v] for k, v in data["missing"].items()},
        "contacts": {str(d.id): {"name": d.contact_name, "phone": d.contact_phone}
                     for d in event.delegations if d.id in data["missing"]},
        "reminders": {str(k): v for k, v in data["reminders"].items()},  # wa.me to the contact, names as above
        "review": len(data["review"]),
        "recent": [{"name": c.registration.full_name, "delegation": c.registration.delegation.name,
                    "time": format_clock(c.scanned_at, event.timezone, with_zone=False), "gate": c.gate,
                    "undone": c.undone_at is not None} for c in data["recent"]],
    })


@bp.route("/checkins/<int:checkin_id>/undo", methods=["POST"])
@roles_required(SEKRETARIAT)
def undo(checkin_id):
    checkin = db.session.get(CheckIn, checkin_id)
    if checkin is None or checkin.event_id != g.event.id:
        abort(404)
    try:
        services.undo(checkin, by=current_user, reason=request.form.get("reason", ""))
    except services.CheckinError as exc:
        return refusal(str(exc), url_for("attendance.dashboard", day=checkin.day.isoformat()), 400)
    flash(_("Daftar ulang %(name)s dibatalkan.", name=checkin.registration.full_name), "success")
    return redirect(url_for("attendance.dashboard", day=checkin.day.isoformat()))


@bp.route("/checkins/<int:checkin_id>/reviewed", methods=["POST"])
@roles_required(SEKRETARIAT)
def reviewed(checkin_id):
    checkin = db.session.get(CheckIn, checkin_id)
    if checkin is None or checkin.event_id != g.event.id:
        abort(404)
    checkin.needs_review = False
    record("checkin.reviewed", checkin, user=current_user)
    db.session.commit()
    flash(_("Ditandai sudah diperiksa."), "success")
    return redirect(url_for("attendance.dashboard", day=checkin.day.isoformat()))


@bp.route("/daftar-hadir/<day>.<any(pdf, docx, xlsx):fmt>")
@bp.route("/daftar-hadir/sesi/<int:session_id>.<any(pdf, docx, xlsx):fmt>", defaults={"day": None})
@roles_required(SEKRETARIAT)
def attendance_list(day, fmt, session_id=None):
    """The daftar hadir of a day, or of one agenda session (sidang komisi, pleno)."""
    from ..models import AgendaSession
    from .attendance import AttendanceError, export

    event = g.event
    session, when = None, None
    if session_id is not None:
        session = db.session.get(AgendaSession, session_id)
        if session is None or session.event_id != event.id or session.cancelled:
            abort(404)
    else:
        when = _day(day)
    signer = {key: request.args.get(f"signer_{key}", "").strip()[:200] for key in ("position", "name", "rank", "nip")}
    try:
        body = export(event, fmt, day=when, session=session, signer=signer)
    except AttendanceError:
        abort(404)
    mimetype = MIMETYPES[fmt]
    name = f"sesi-{session.id}" if session else when.isoformat()
    # An export of personal data (names, NIPs, signatures): recorded in the audit log.
    record("export.attendance", event, event_id=event.id, format=fmt,
           **({"day": session.title, "session_id": session.id} if session else {"day": when.isoformat()}))
    db.session.commit()
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": content_disposition(f"daftar-hadir-{event.slug}-{name}.{fmt}"),
        "Cache-Control": "no-store"})


def _letters(event, registrations, fmt: str, name: str, args):
    """Surat keterangan kehadiran of `registrations` with the signer, Nomor and date from the form;
    a refusal (never checked in, a bad NIP) is a page with the message, nothing half-made."""
    from ..letters import LetterRefused
    from . import keterangan

    try:
        body = keterangan.export(event, registrations, fmt, **keterangan.options(args))
    except LetterRefused as error:
        return render_template("errors/error.html", status=error.status, message=error.message), error.status
    mimetype = "application/pdf" if fmt == "pdf" else \
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": content_disposition(f"{name}.{fmt}", inline=fmt == "pdf"), "Cache-Control": "no-store"})


@bp.route("/keterangan-hadir/<int:registration_id>.<any(pdf, docx):fmt>")
@roles_required(SEKRETARIAT)
def attendance_letter(registration_id, fmt):
    event = g.event
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id or registration.anonymised_at:
        abort(404)
    return _letters(event, [registration], fmt, f"keterangan-hadir-{registration.id}", request.args)


@bp.route("/keterangan-hadir.<any(pdf, docx):fmt>")
@roles_required(SEKRETARIAT)
def attendance_letters(fmt):
    """Everyone checked in of one delegation (or of the whole meeting), one letter each."""
    from . import keterangan

    event = g.event
    delegation_id = request.args.get("delegation", type=int)
    if delegation_id and not any(d.id == delegation_id for d in event.delegations):
        abort(404)
    people = keterangan.ever_checked_in(event, delegation_id)
    suffix = f"-{delegation_id}" if delegation_id else ""
    return _letters(event, people, fmt, f"keterangan-hadir-{event.slug}{suffix}", request.args)


@bp.route("/tanda-terima.<any(pdf, docx, xlsx):fmt>")
@roles_required(SEKRETARIAT)
def receipts(fmt):
    """Tanda terima (seminar kit, bahan materi) of every delegation or one, with what was received,
    the date and the "Mengetahui" signer from the form; a bad value is a page with the message."""
    from ..letters import LetterRefused
    from . import tanda_terima

    event = g.event
    try:
        body = tanda_terima.export(event, fmt, **tanda_terima.options(event, request.args))
    except LetterRefused as error:
        return render_template("errors/error.html", status=error.status, message=error.message), error.status
    record("export.receipts", event, event_id=event.id, format=fmt)  # names and jabatan of every delegate
    db.session.commit()
    return Response(body, mimetype=MIMETYPES[fmt], headers={
        "Content-Disposition": content_disposition(f"tanda-terima-{event.slug}.{fmt}", inline=fmt == "pdf"),
        "Cache-Control": "no-store"})


@bp.route("/papan-nama.<any(pdf, docx):fmt>", methods=["GET", "POST"])
@roles_required(SEKRETARIAT)
def table_tents(fmt):
    """Papan nama meja: the speakers, the delegation heads and names typed in (POST: a long list)."""
    from ..agenda import papan_nama
    from ..letters import LetterRefused

    event = g.event
    try:
        body = papan_nama.export(event, fmt, **papan_nama.options(request.form if request.method == "POST"
                                                                  else request.args))
    except LetterRefused as error:
        return render_template("errors/error.html", status=error.status, message=error.message), error.status
    record("export.table_tents", event, event_id=event.id, format=fmt)
    db.session.commit()
    return Response(body, mimetype=MIMETYPES[fmt], headers={
        "Content-Disposition": content_disposition(f"papan-nama-{event.slug}.{fmt}", inline=fmt == "pdf"),
        "Cache-Control": "no-store"})


def badge_selection(event, *, delegation_id=None, ids=None) -> list[Registration]:
    query = select(Registration).where(Registration.event_id == event.id, Registration.state == "approved",
                                       Registration.checkin_code.is_not(None))
    if delegation_id:
        query = query.where(Registration.delegation_id == delegation_id)
    if ids:
        query = query.where(Registration.id.in_(ids))
    return list(db.session.scalars(query.order_by(Registration.delegation_id, Registration.full_name)))


@bp.route("/badges.pdf", methods=["GET", "POST"])
@roles_required(SEKRETARIAT)
def badges():
    """All approved badges, one delegation's (?delegation=ID), or a selection (POST ids)."""
    from ..pdf.badge import badge_pdf

    event = g.event
    source = request.form if request.method == "POST" else request.args
    layout = source.get("layout", "sheet")
    if layout not in BADGE_LAYOUTS:
        abort(400, _("Tata letak tanda peserta tidak dikenal."))
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()] if request.method == "POST" else None
    rows = badge_selection(event, delegation_id=source.get("delegation", type=int), ids=ids)
    if not rows:
        flash(_("Tidak ada peserta disetujui untuk dicetak tanda pesertanya."), "error")
        return redirect(url_for("secretariat.participants", slug=event.slug))
    pdf = badge_pdf(rows, event=event, qr_text_for=qr_text, layout=layout)
    record("export.badges", event, event_id=event.id, count=len(rows), layout=layout)
    db.session.commit()
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": content_disposition(f"tanda-peserta-{event.slug}.pdf", inline=True), "Cache-Control": "no-store"})
