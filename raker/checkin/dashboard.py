"""The secretariat's attendance pages: live dashboard, review of offline duplicates, undo,
badge batches and the daftar hadir downloads."""

from datetime import date

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..audit import record
from ..auth import roles_required
from ..events.scoped import event_scoped
from ..extensions import db
from ..i18n import format_clock
from ..ids import id_from
from ..jobs.web import deliver
from ..models import CheckIn, Delegation
from ..models.user import PETUGAS, SEKRETARIAT
from ..web import refusal
from ..whatsapp import reminder_link, reminder_links
from . import services
from .badges import BADGE_LAYOUTS, badge_selection

bp = event_scoped(Blueprint("attendance", __name__, url_prefix="/admin/events/<slug>/attendance"))


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
    return render_template(
        "checkin/dashboard.html", event=event, day=day, sessions=sessions, **_dashboard_data(event, day)
    )


def _dashboard_data(event, day: date) -> dict:
    stats = services.stats(event)
    missing = services.not_arrived(event, day)
    # The people of the listed scans in the same round trip, not one query each.
    with_person = selectinload(CheckIn.registration)
    review = db.session.scalars(
        select(CheckIn)
        .options(with_person)
        .where(CheckIn.event_id == event.id, CheckIn.needs_review.is_(True), CheckIn.undone_at.is_(None))
    ).all()
    recent = db.session.scalars(
        select(CheckIn)
        .options(with_person)
        .where(CheckIn.event_id == event.id, CheckIn.day == day)
        .order_by(CheckIn.received_at.desc())
        .limit(15)
    ).all()
    return {
        "stats": stats,
        "missing": missing,
        "review": review,
        "recent": recent,
        "reminders": reminder_links(event, missing, day),
        # Each row's contact by id: a search of the list per row was quadratic (hundreds of kabupaten/kota).
        "delegations": {d.id: d for d in event.delegations},
        "arrivals": services.arrival_axis(event, day),
        "present_today": next((d["checked_in"] for d in stats["by_day"] if d["day"] == day.isoformat()), 0),
    }


@bp.route("/live.json")
@roles_required(SEKRETARIAT, PETUGAS)
def live():
    """What the dashboard redraws every few seconds."""
    event = g.event
    day = _day(request.args.get("day"))
    data = _dashboard_data(event, day)
    return jsonify(
        {
            "day": day.isoformat(),
            "present_today": data["present_today"],
            "stats": data["stats"],
            "arrivals": data["arrivals"],
            # Names only: the petugas at the door may read this. Whom to call is the delegation's contact
            # (as on the page); participants' own phones stay with the secretariat's participant pages.
            # The first names of each delegation (as on the page) and how many in all: "… dan 5 lainnya".
            "missing": {str(k): [{"name": name} for name in v.names] for k, v in data["missing"].items()},
            "missing_count": {str(k): v.count for k, v in data["missing"].items()},
            "contacts": {
                str(d.id): {"name": d.contact_name, "phone": d.contact_phone}
                for d in event.delegations
                if d.id in data["missing"]
            },
            # attendance.reminder of each: the secretariat's to send (the petugas would get a 403 there).
            "reminders": (
                {str(k): v for k, v in data["reminders"].items()}
                if current_user.has_event_role(event, SEKRETARIAT)
                else {}
            ),
            "review": len(data["review"]),
            "recent": [
                {
                    "name": c.registration.full_name,
                    "delegation": c.registration.delegation.name,
                    "time": format_clock(c.scanned_at, event.timezone, with_zone=False),
                    "gate": c.gate,
                    "undone": c.undone_at is not None,
                }
                for c in data["recent"]
            ],
        }
    )


@bp.route("/ingatkan/<int:delegation_id>")
@roles_required(SEKRETARIAT)
def reminder(delegation_id):
    """The WhatsApp reminder to a delegation's contact naming everyone of it not checked in on the day
    (the dashboard shows only the first names): on to wa.me with the message written."""
    event = g.event
    day = _day(request.args.get("day"))
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.event_id != event.id:
        abort(404)
    back = url_for("attendance.dashboard", day=day.isoformat())
    names = services.not_arrived_names(event, day, delegation.id)
    if not names:
        flash(_("Semua peserta %(delegation)s sudah daftar ulang.", delegation=delegation.name), "success")
        return redirect(back)
    link = reminder_link(event, delegation, names, day)
    if link is None:
        flash(_("Kontak %(delegation)s tidak punya nomor WhatsApp.", delegation=delegation.name), "error")
        return redirect(back)
    return redirect(link)


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
    """The daftar hadir of a day, or of one agenda session (sidang komisi, pleno), or of one
    commission's members (?komisi=ID); a job when it is big.
    An export of personal data (names, NIPs, signatures): recorded in the audit log."""
    signer = {key: request.args.get(f"signer_{key}", "").strip()[:200] for key in ("position", "name", "rank", "nip")}
    target = {"session": session_id} if session_id is not None else {"day": day}
    if request.args.get("komisi"):  # that commission's members only
        target["commission"] = request.args["komisi"]
    return deliver(g.event, "attendance", fmt, signer=signer, **target)


def _form_values(source) -> dict:
    """A form's fields as plain values (a job keeps them as JSON)."""
    return {key: source.get(key) for key in source}


@bp.route("/keterangan-hadir/<int:registration_id>.<any(pdf, docx):fmt>")
@roles_required(SEKRETARIAT)
def attendance_letter(registration_id, fmt):
    return deliver(g.event, "keterangan-hadir", fmt, registration=registration_id, values=_form_values(request.args))


@bp.route("/keterangan-hadir.<any(pdf, docx):fmt>")
@roles_required(SEKRETARIAT)
def attendance_letters(fmt):
    """Everyone checked in of one delegation (or of the whole meeting), one letter each."""
    return deliver(
        g.event,
        "keterangan-hadir",
        fmt,
        delegation=request.args.get("delegation", type=int),
        values=_form_values(request.args),
    )


@bp.route("/tanda-terima.<any(pdf, docx, xlsx):fmt>")
@roles_required(SEKRETARIAT)
def receipts(fmt):
    """Tanda terima (seminar kit, bahan materi) of every delegation or one, with what was received,
    the date and the "Mengetahui" signer from the form; a bad value is a page with the message."""
    return deliver(g.event, "tanda-terima", fmt, values=_form_values(request.args))


@bp.route("/papan-nama.<any(pdf, docx):fmt>", methods=["GET", "POST"])
@roles_required(SEKRETARIAT)
def table_tents(fmt):
    """Papan nama meja: the speakers, the delegation heads and names typed in (POST: a long list)."""
    return deliver(
        g.event, "papan-nama", fmt, values=_form_values(request.form if request.method == "POST" else request.args)
    )


@bp.route("/badges.<any(pdf, docx):fmt>", methods=["GET", "POST"])
@roles_required(SEKRETARIAT)
def badges(fmt):
    """All approved badges, one delegation's (?delegation=ID), or a selection (POST ids); a job when big.
    DOCX: the sheet, the same cards a page."""
    event = g.event
    source = request.form if request.method == "POST" else request.args
    layout = source.get("layout", "sheet")
    if layout not in BADGE_LAYOUTS:
        abort(400, _("Tata letak tanda peserta tidak dikenal."))
    if fmt == "docx" and layout != "sheet":
        abort(400, _("Versi DOCX hanya dalam tata letak lembar (A4/F4)."))
    ids = [i for i in map(id_from, request.form.getlist("ids")) if i is not None] if request.method == "POST" else None
    delegation = source.get("delegation", type=int)
    if not badge_selection(event, delegation_id=delegation, ids=ids, limit=1):
        flash(_("Tidak ada peserta disetujui untuk dicetak tanda pesertanya."), "error")
        return redirect(url_for("secretariat.participants", slug=event.slug))
    return deliver(event, "badges", fmt, delegation=delegation, ids=ids, layout=layout)
