"""The pimpinan sidang's console (/admin/events/<slug>/pleno), the projector (/events/<slug>/pleno/layar)
and the delegate's plenary page on the personal link (/r/<token>/pleno). Thin: rules in speakers.py,
votes.py and decisions.py; every page follows the live state (live.py) by its event stream (push.py),
and polls state.json once a second when the stream fails."""

from flask import Blueprint, abort, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from ..auth import roles_required
from ..events.scoped import event_scoped
from ..events.services import event_by_slug
from ..extensions import db, limiter
from ..i18n import format_day
from ..ids import MAX_ID, id_from, number_from
from ..models import Delegation, Registration, RumusanItem, Vote
from ..models.user import SEKRETARIAT
from ..registration.queries import approved_people
from ..rumusan import services as rumusan
from ..rumusan.services import numbered
from . import SidangRefused, amendments, decisions, live, push, quorum, signatures, speakers, votes
from . import commissions as komisi

console = event_scoped(Blueprint("pleno_admin", __name__, url_prefix="/admin/events/<slug>/pleno"))
public = Blueprint("pleno", __name__)


def _json_state(event):
    return push.state_response(event)


def _event_stream(event):
    """Server-sent events: the state whenever it changes, for PLENO_STREAM_SECONDS, then a reconnect.
    The stream holds no database connection while it waits (the session is closed here)."""
    event_id = event.id
    last = request.headers.get("Last-Event-ID", "")[:32] or None
    db.session.close()
    response = current_app.response_class(push.stream(event_id, last), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


# ---- the console -------------------------------------------------------------------------------


def _open_items(event) -> list[tuple[str, RumusanItem]]:
    draft = rumusan.rumusan_of(event)
    if draft is None:
        return []
    rows = []
    for topic in numbered(draft):
        for entry in topic["items"]:
            if entry["item"].state in speakers.OPEN_ITEM_STATES:
                rows.append((f"{topic['letter']}.{entry['number']}", entry["item"]))
    return rows


def _back(exc: SidangRefused | None = None):
    if exc is not None:
        db.session.rollback()
        flash(exc.message, "error")
        if request.accept_mimetypes.best == "application/json":
            return jsonify({"error": exc.code, "message": exc.message}), exc.status
        return console_page(exc.status)
    return redirect(url_for(".index"))


@console.get("/")
@roles_required(SEKRETARIAT)
def index():
    return console_page()


def console_page(status: int = 200):
    decided = [(live.item_number(row.item), row) for row in decisions.decisions_of(g.event)]
    return render_template(
        "sidang/console.html",
        event=g.event,
        state=live.state(g.event),
        items=_open_items(g.event),
        decisions=decided,
        labels=decisions.DECISION_LABELS,
    ), status


@console.get("/state.json")
@roles_required(SEKRETARIAT)
def console_state():
    return _json_state(g.event)


@console.get("/stream")
@roles_required(SEKRETARIAT)
def console_stream():
    return _event_stream(g.event)


def _item(raw) -> RumusanItem | None:
    if raw in (None, ""):
        return None
    key = id_from(raw)
    item = db.session.get(RumusanItem, key) if key is not None else None
    if item is None:
        raise SidangRefused(_("Butir tidak ditemukan."), "not_found", 404)
    return item


@console.post("/butir")
@roles_required(SEKRETARIAT)
def set_item():
    try:
        decisions.set_current_item(g.event, _item(request.form.get("item_id")), by=current_user)
    except SidangRefused as exc:
        return _back(exc)
    return _back()


@console.post("/pembicara/beri")
@roles_required(SEKRETARIAT)
def give_floor():
    raw = request.form.get("request_id", "")
    try:
        speakers.give_floor(g.event, id_from(raw), by=current_user)
    except SidangRefused as exc:
        return _back(exc)
    return _back()


@console.post("/pembicara/selesai")
@roles_required(SEKRETARIAT)
def end_speaker():
    try:
        speakers.end_speaker(g.event, by=current_user)
    except SidangRefused as exc:
        return _back(exc)
    return _back()


@console.post("/pembicara/<int:request_id>/pindah")
@roles_required(SEKRETARIAT)
def move(request_id):
    position = number_from(request.form.get("to", ""), -MAX_ID, MAX_ID)
    try:
        if position is None:
            raise SidangRefused(_("Urutan tidak sah."), "bad_position", 400)
        speakers.move(g.event, request_id, position, by=current_user)
    except SidangRefused as exc:
        return _back(exc)
    return _back()


@console.post("/suara")
@roles_required(SEKRETARIAT)
def open_vote():
    form = request.form
    try:
        votes.open_vote(
            g.event,
            form.get("question", ""),
            item=speakers.current_item(g.event),
            electorate=form.get("electorate", "delegation"),
            secret=form.get("secret") == "1",
            majority=form.get("majority", "simple"),
            by=current_user,
        )
    except SidangRefused as exc:
        return _back(exc)
    return _back()


@console.post("/suara/<int:vote_id>/tutup")
@roles_required(SEKRETARIAT)
def close_vote(vote_id):
    vote = db.session.get(Vote, vote_id)
    if vote is None or vote.event_id != g.event.id:
        abort(404)
    try:
        votes.close_vote(vote, by=current_user)
    except SidangRefused as exc:
        return _back(exc)
    return _back()


@console.post("/putuskan")
@roles_required(SEKRETARIAT)
def decide():
    form = request.form
    item = speakers.current_item(g.event)
    try:
        if item is None:
            raise SidangRefused(_("Belum ada butir yang sedang dibahas."), "no_item")
        vote = None
        if form.get("decision") == "pemungutan_suara":
            vote = db.session.scalar(
                select(Vote)
                .where(Vote.event_id == g.event.id, Vote.item_id == item.id, Vote.state == "closed")
                .order_by(Vote.id.desc())
                .limit(1)
            )
        decisions.decide(
            g.event,
            item,
            form.get("decision", ""),
            text=form.get("text", ""),
            vote=vote,
            note=form.get("note", ""),
            by=current_user,
        )
    except SidangRefused as exc:
        return _back(exc)
    flash(_("Keputusan dicatat."), "success")
    return _back()


@console.post("/usulan/<int:proposal_id>")
@roles_required(SEKRETARIAT)
def decide_amendment(proposal_id):
    """The pimpinan accepts (accept=1: the item takes the proposed text) or rejects a live amendment."""
    accept = request.form.get("accept") == "1"
    try:
        amendments.decide(g.event, proposal_id, accept, note=request.form.get("note", ""), by=current_user)
    except SidangRefused as exc:
        return _back(exc)
    flash(_("Usulan perubahan diterima; bunyi butir diubah.") if accept else _("Usulan perubahan ditolak."), "success")
    return _back()


# ---- the rules of the sittings and the delegations' voters ------------------------------------


def _members(event, *delegation_ids) -> dict[int, list]:
    """Approved members by delegation (of the given delegations, or all), by name: rows of (id, full_name,
    delegation_id) for the voter lists, not whole registrations (thousands of them at a national meeting)."""
    query = select(Registration.id, Registration.full_name, Registration.delegation_id).where(
        Registration.event_id == event.id, Registration.state == "approved"
    )
    if delegation_ids:
        query = query.where(Registration.delegation_id.in_(delegation_ids))
    members: dict[int, list] = {}
    for person in db.session.execute(query.order_by(Registration.full_name)):
        members.setdefault(person.delegation_id, []).append(person)
    return members


def _delegations(event, chosen: dict[int, Registration]) -> list[tuple[Delegation, list, int | None]]:
    """Each delegation with the voter options its row lists and, when it searches instead, how many the
    search found (None for a delegation listed whole): all its approved members up to LIST_ALL_UP_TO (the
    commission page's bound); beyond it (a national meeting's hundreds a province) only the chosen voter
    and the matches of ?cari= when ?delegasi= names it."""
    sizes: dict[int, int] = {
        delegation_id: size
        for delegation_id, size in db.session.execute(
            select(Registration.delegation_id, func.count())
            .where(Registration.event_id == event.id, Registration.state == "approved")
            .group_by(Registration.delegation_id)
        )
    }
    small = [delegation_id for delegation_id, size in sizes.items() if size <= komisi.LIST_ALL_UP_TO]
    members = _members(event, *small) if small else {}
    searched = request.args.get("delegasi", type=int)
    term = request.args.get("cari", "")
    delegations = db.session.scalars(
        select(Delegation).where(Delegation.event_id == event.id).order_by(Delegation.position, Delegation.name)
    )
    rows: list[tuple[Delegation, list, int | None]] = []
    for delegation in delegations:
        size = sizes.get(delegation.id, 0)
        if size <= komisi.LIST_ALL_UP_TO:
            rows.append((delegation, members.get(delegation.id, []), None))
            continue
        voter = chosen.get(delegation.id)
        found = approved_people(event, term, delegation_id=delegation.id) if term and searched == delegation.id else []
        options = ([voter] if voter is not None else []) + [r for r in found if voter is None or r.id != voter.id]
        rows.append((delegation, options, len(found)))
    return rows


@console.get("/aturan")
@roles_required(SEKRETARIAT)
def rules(status: int = 200):
    voters = votes.designated(g.event)
    return render_template(
        "sidang/rules.html",
        event=g.event,
        settings=quorum.settings_for(g.event),
        rule_labels=quorum.RULE_LABELS,
        delegations=_delegations(g.event, voters),
        voters=voters,
        searched=request.args.get("delegasi", type=int),
        term=request.args.get("cari", ""),
    ), status


def _rules_refused(exc: SidangRefused):
    db.session.rollback()
    flash(exc.message, "error")
    return rules(exc.status)


@console.post("/aturan")
@roles_required(SEKRETARIAT)
def save_rules():
    try:
        quorum.save_settings(
            g.event,
            rule=request.form.get("quorum", ""),
            speaking_minutes=request.form.get("speaking_minutes", ""),
            by=current_user,
        )
    except SidangRefused as exc:
        return _rules_refused(exc)
    flash(_("Aturan sidang disimpan."), "success")
    return redirect(url_for(".rules"))


def _designate(delegation, raw, *, by=None, by_member=None) -> None:
    """The voter chosen on a form: a member's id, or empty for none (any member present)."""
    if raw in (None, ""):
        votes.clear_voter(delegation, by=by, by_member=by_member)
        return
    person_id = id_from(raw)
    person = db.session.get(Registration, person_id) if person_id else None
    if person is None or person.delegation_id != delegation.id:
        raise SidangRefused(_("Pilih anggota delegasi ini."), "unknown_participant", 400)
    votes.designate_voter(person, by=by, by_member=by_member)


@console.post("/aturan/pemberi-suara/<int:delegation_id>")
@roles_required(SEKRETARIAT)
def designate(delegation_id):
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.event_id != g.event.id:
        abort(404)
    try:
        _designate(delegation, request.form.get("registration_id"), by=current_user)
    except SidangRefused as exc:
        return _rules_refused(exc)
    flash(_("Pemberi suara delegasi %(name)s disimpan.", name=delegation.name), "success")
    return redirect(url_for(".rules") + f"#delegasi-{delegation.id}")


# ---- signatures on the berita acara (the secretariat's tablet) ----------------------------------


@console.get("/tanda-tangan")
@roles_required(SEKRETARIAT)
def signing(status: int = 200, chosen: int | None = None):
    day = signatures.signing_day(g.event)
    return render_template(
        "sidang/signatures.html",
        event=g.event,
        rows=signatures.signing_rows(g.event, day),
        day_text=format_day(day),
        chosen=chosen,
    ), status


def _signing_back(exc: SidangRefused, chosen: int | None = None):
    db.session.rollback()
    flash(exc.message, "error")
    return signing(exc.status, chosen)


@console.post("/tanda-tangan")
@roles_required(SEKRETARIAT)
@limiter.limit("60 per minute")
def sign():
    person_id = id_from(request.form.get("registration_id", ""))
    person = db.session.get(Registration, person_id) if person_id else None
    try:
        if person is None or person.event_id != g.event.id:
            raise SidangRefused(_("Pilih wakil delegasi dari daftar."), "no_signer", 400)
        signatures.sign(g.event, person, signatures.png_from_data_url(request.form.get("png", "")), by=current_user)
    except SidangRefused as exc:
        return _signing_back(exc, getattr(person, "id", None))
    flash(
        _(
            "Tanda tangan %(name)s untuk %(delegation)s disimpan.",
            name=person.full_name,
            delegation=person.delegation.name,
        ),
        "success",
    )
    return redirect(url_for(".signing") + f"#delegasi-{person.delegation_id}")


@console.post("/tanda-tangan/<int:delegation_id>/hapus")
@roles_required(SEKRETARIAT)
def unsign(delegation_id):
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.event_id != g.event.id:
        abort(404)
    try:
        signatures.remove(g.event, delegation, by=current_user)
    except SidangRefused as exc:
        return _signing_back(exc)
    flash(_("Tanda tangan %(delegation)s dihapus.", delegation=delegation.name), "success")
    return redirect(url_for(".signing"))


# ---- the projector and the delegate's phone ----------------------------------------------------


def _event(slug):
    return event_by_slug(slug) or abort(404)


@public.get("/events/<slug>/pleno/layar")
def projector(slug):
    event = _event(slug)
    # ?detik=N: how long each screen of an item too long for one stays up (3–60 s; 8 s when not given).
    seconds = request.args.get("detik", type=int)
    page_ms = min(max(seconds, 3), 60) * 1000 if seconds else None
    return render_template("sidang/projector.html", event=event, state=live.state(event), page_ms=page_ms)


@public.get("/events/<slug>/pleno/state.json")
def projector_state(slug):
    return _json_state(_event(slug))


@public.get("/events/<slug>/pleno/stream")
def projector_stream(slug):
    return _event_stream(_event(slug))


def _delegate(token) -> Registration:
    registration = db.session.scalar(select(Registration).where(Registration.token == token))
    if registration is None or registration.anonymised_at:
        abort(404)
    return registration


@public.get("/r/<token>/pleno")
def delegate_page(token, status: int = 200):
    registration = _delegate(token)
    return render_template(
        "sidang/delegate.html",
        registration=registration,
        event=registration.event,
        state=live.state(registration.event),
        is_head=votes.is_delegation_head(registration),
    ), status


def _delegate_back(token, exc: SidangRefused | None = None):
    if exc is not None:
        db.session.rollback()
        flash(exc.message, "error")
        return delegate_page(token, exc.status)
    return redirect(url_for(".delegate_page", token=token))


@public.get("/r/<token>/pleno/pemberi-suara")
def voter_page(token, status: int = 200):
    registration = _delegate(token)
    if not votes.is_delegation_head(registration):
        abort(404)  # only the head has this page; nothing to tell others
    delegation = registration.delegation
    return render_template(
        "sidang/voter.html",
        registration=registration,
        event=registration.event,
        delegation=delegation,
        members=_members(registration.event, delegation.id).get(delegation.id, []),
        voter=votes.designated(registration.event).get(delegation.id),
    ), status


@public.post("/r/<token>/pleno/pemberi-suara")
@limiter.limit("30 per minute", key_func=lambda: "voter:" + (request.view_args or {}).get("token", "")[:64])
def designate_from_link(token):
    registration = _delegate(token)
    try:
        _designate(registration.delegation, request.form.get("registration_id"), by_member=registration)
    except SidangRefused as exc:
        db.session.rollback()
        flash(exc.message, "error")
        if exc.code == "not_head":
            abort(404)
        return voter_page(token, exc.status)
    flash(_("Pemberi suara delegasi disimpan."), "success")
    return redirect(url_for(".voter_page", token=token))


@public.post("/r/<token>/pleno/bicara")
@limiter.limit("30 per minute", key_func=lambda: "pleno:" + (request.view_args or {}).get("token", "")[:64])
def ask_floor(token):
    registration = _delegate(token)
    try:
        speakers.request_floor(registration.event, registration, request.form.get("kind", "bicara"))
    except SidangRefused as exc:
        return _delegate_back(token, exc)
    flash(_("Anda masuk daftar pembicara."), "success")
    return _delegate_back(token)


@public.post("/r/<token>/pleno/tarik")
def withdraw(token):
    registration = _delegate(token)
    try:
        speakers.withdraw(registration.event, registration)
    except SidangRefused as exc:
        return _delegate_back(token, exc)
    return _delegate_back(token)


@public.post("/r/<token>/pleno/suara")
@limiter.limit("30 per minute", key_func=lambda: "vote:" + (request.view_args or {}).get("token", "")[:64])
def cast_vote(token):
    registration = _delegate(token)
    vote_id = id_from(request.form.get("vote_id", ""))
    vote = db.session.get(Vote, vote_id) if vote_id else None
    try:
        if vote is None or vote.event_id != registration.event_id:
            raise SidangRefused(_("Pemungutan suara tidak ditemukan."), "not_found", 404)
        votes.cast(vote, registration, request.form.get("choice", ""))
    except SidangRefused as exc:
        return _delegate_back(token, exc)
    flash(_("Suara Anda tercatat."), "success")
    return _delegate_back(token)


@public.post("/r/<token>/pleno/usul")
@limiter.limit("10 per minute", key_func=lambda: "amend:" + (request.view_args or {}).get("token", "")[:64])
def amend(token):
    registration = _delegate(token)
    try:
        amendments.submit(
            registration.event, registration, request.form.get("text", ""), request.form.get("reason", "")
        )
    except SidangRefused as exc:
        return _delegate_back(token, exc)
    flash(_("Usulan perubahan terkirim ke pimpinan sidang."), "success")
    return _delegate_back(token)
