"""rumusan pages: the editor for the tim perumus (and sekretariat/admin), proposals from delegation
contacts, history with diffs, the tim perumus composition, adoption, PDF and DOCX downloads."""

from datetime import UTC, datetime
from functools import wraps

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth import roles_required
from ..events.scoped import event_scoped
from ..extensions import db
from ..ids import MAX_ID, id_from
from ..jobs.web import deliver
from ..models import AgendaSession
from ..models.minutes import DRAFTING_ROLES, Proposal, RumusanItem, RumusanTopic
from ..models.user import SEKRETARIAT
from ..registration.queries import approved_people
from . import adoption, services
from .services import RumusanRefused

bp = event_scoped(Blueprint("rumusan", __name__, url_prefix="/admin/events/<slug>/rumusan"))


def _login():
    if not current_user.is_authenticated:
        from ..extensions import login_manager

        return login_manager.unauthorized()
    return None


def editor_required(view):
    """Perumus, tim perumus members, sekretariat and admin."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        return _login() or (view(*args, **kwargs) if services.can_edit(current_user, g.event) else abort(403))

    return wrapped


def reader_required(view):
    """Editors and the event's delegation contacts (they see the draft and propose)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        return _login() or (view(*args, **kwargs) if services.can_propose(current_user, g.event) else abort(403))

    return wrapped


def _rumusan():
    return services.get_or_create(g.event, by=current_user)


def _topic(topic_id: int | None) -> RumusanTopic:
    topic = db.session.get(RumusanTopic, topic_id) if topic_id and 0 < topic_id <= MAX_ID else None
    if topic is None or topic.rumusan.event_id != g.event.id:
        abort(404)
    return topic


def _item(item_id: int | None, *, drafts: bool = False) -> RumusanItem:
    """An item of this meeting's rumusan; with drafts, also a point still in a commission's draft."""
    item = db.session.get(RumusanItem, item_id) if item_id and 0 < item_id <= MAX_ID else None
    if item is None or (item.topic is None and not drafts):
        abort(404)
    try:
        rumusan = services.rumusan_of_item(item)
    except RumusanRefused:
        abort(404)
    if rumusan.event_id != g.event.id:
        abort(404)
    return item


def _back(anchor: str = ""):
    return redirect(url_for("rumusan.editor") + (f"#{anchor}" if anchor else ""))


def _refused(error: RumusanRefused):
    flash(error.message, "error")
    for blocker in error.blockers:
        flash(blocker, "error")


def _sessions():
    return db.session.scalars(
        select(AgendaSession)
        .where(AgendaSession.event_id == g.event.id)
        .order_by(AgendaSession.starts_at, AgendaSession.id)
    ).all()


@bp.get("/")
@reader_required
def editor():
    rumusan = _rumusan()
    editing = services.can_edit(current_user, g.event)
    own = services.contact_delegations(current_user, g.event)
    all_proposals = (
        services.proposals(rumusan) if editing else services.proposals(rumusan, delegation_ids=[d.id for d in own])
    )
    sessions = {s.id: s for s in _sessions()}
    structure = services.numbered(rumusan, include_dropped=editing)
    return render_template(
        "rumusan/editor.html",
        event=g.event,
        rumusan=rumusan,
        editing=editing,
        printed_preamble=services.preamble_text(rumusan, g.event),
        structure=structure,
        proposals=all_proposals,
        topic_letters={topic["topic"].id: topic["letter"] for topic in structure},
        blockers=adoption.adoption_blockers(rumusan) if rumusan.state != "adopted" else [],
        team=services.team(g.event),
        sessions=sessions,
        delegations=own,
        transitions=services.TRANSITIONS,
        references=services.printed_references(rumusan),
        sub_items=services.sub_items,
        origin=services.origin,
        commission_drafts=services.commission_drafts(rumusan),
        draft_children=services.draft_children,
    )


@bp.post("/texts")
@editor_required
def save_texts():
    try:
        services.set_texts(
            _rumusan(),
            preamble=request.form.get("preamble", ""),
            closing=request.form.get("closing", ""),
            by=current_user,
        )
        flash(_("Pembukaan dan penutup disimpan."), "success")
    except RumusanRefused as error:
        _refused(error)
    return _back("texts")


@bp.post("/topics")
@editor_required
def add_topic():
    try:
        services.add_topic(_rumusan(), request.form.get("title", ""), by=current_user)
    except RumusanRefused as error:
        _refused(error)
    return _back("topics")


@bp.post("/topics/<int:topic_id>")
@editor_required
def change_topic(topic_id: int):
    topic = _topic(topic_id)
    action = request.form.get("action")
    try:
        if action == "rename":
            services.rename_topic(topic, request.form.get("title", ""), by=current_user)
        elif action in ("up", "down"):
            services.move_topic(topic, action, by=current_user)
        elif action == "delete":
            services.delete_topic(topic, by=current_user)
        else:
            abort(400)
    except RumusanRefused as error:
        _refused(error)
    return _back("topics")


@bp.post("/topics/<int:topic_id>/items")
@editor_required
def add_item(topic_id: int):
    topic = _topic(topic_id)
    parent_id = request.form.get("parent_id", type=int)
    parent = _item(parent_id) if parent_id else None
    session_id = request.form.get("session_id", "").strip()
    sources = [{"session_id": session_id, "point": request.form.get("point", "")}] if session_id else []
    try:
        item = services.add_item(topic, request.form.get("text", ""), parent=parent, sources=sources, by=current_user)
        return _back(f"item-{item.id}")
    except RumusanRefused as error:
        _refused(error)
    return _back(f"topic-{topic.id}")


@bp.post("/items/<int:item_id>")
@editor_required
def change_item(item_id: int):
    item = _item(item_id)
    action = request.form.get("action")
    try:
        if action == "edit":
            services.edit_item(item, request.form.get("text", ""), note=request.form.get("note", ""), by=current_user)
        elif action == "state":
            services.set_item_state(
                item, request.form.get("state", ""), note=request.form.get("note", ""), by=current_user
            )
        elif action in ("up", "down"):
            services.move_item(item, action, by=current_user)
        elif action == "sources":
            ids = request.form.getlist("session_id", type=int)
            points = request.form.getlist("point")
            services.set_sources(
                item,
                [
                    {"session_id": sid, "point": points[n] if n < len(points) else ""}
                    for n, sid in enumerate(ids)
                    if sid
                ],
                by=current_user,
            )
        else:
            abort(400)
    except RumusanRefused as error:
        _refused(error)
    return _back(f"item-{item.id}")


@bp.get("/items/<int:item_id>/history")
@reader_required
def history(item_id: int):
    item = _item(item_id, drafts=True)
    numbers = [v.number for v in item.history]
    a = request.args.get("a", type=int) or (numbers[-2] if len(numbers) > 1 else numbers[0])
    b = request.args.get("b", type=int) or numbers[-1]
    try:
        difference = services.diff(item, a, b)
    except RumusanRefused:
        abort(404)
    return render_template(
        "rumusan/history.html",
        event=g.event,
        item=item,
        a=a,
        b=b,
        diff=difference,
        reference=services.printed_references(services.rumusan_of_item(item)).get(item.id),
        origin=services.origin(item),
    )


@bp.post("/komisi/<int:item_id>/ambil")
@editor_required
def take_item(item_id: int):
    """Take a commission's point (with its sub-points) into one of the rumusan's topics."""
    item = _item(item_id, drafts=True)
    topic_id = id_from(request.form.get("topic_id", ""))
    topic = _topic(topic_id) if topic_id else None
    try:
        if topic is None:
            raise RumusanRefused(_("Pilih topik tujuan."))
        services.take_item(item, topic, by=current_user)
        flash(_("Butir %(origin)s diambil ke rumusan.", origin=services.origin(item)), "success")
    except RumusanRefused as error:
        _refused(error)
    return _back(f"item-{item.id}")


@bp.get("/changes")
@reader_required
def changes():
    rumusan = _rumusan()
    since_raw, until_raw = request.args.get("since", ""), request.args.get("until", "")
    lines = []
    if since_raw:
        since = _moment(since_raw)
        until = _moment(until_raw) if until_raw else None
        lines = adoption.document_diff(rumusan, since, until)
    return render_template("rumusan/changes.html", event=g.event, since=since_raw, until=until_raw, lines=lines)


def _moment(raw: str) -> datetime:
    """A datetime-local value, read in the meeting's time zone."""
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        abort(400)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=g.event.tz)
    return moment.astimezone(UTC)


@bp.post("/proposals")
@reader_required
def propose():
    rumusan = _rumusan()
    target = request.form.get("target", "")
    item = topic = None
    if target.startswith("item-"):
        item = _item(id_from(target[5:]))
    elif target.startswith("topic-"):
        topic = _topic(id_from(target[6:]))
    delegation = None
    if request.form.get("delegation_id", type=int):
        delegation = next(
            (
                d
                for d in services.contact_delegations(current_user, g.event)
                if d.id == request.form.get("delegation_id", type=int)
            ),
            None,
        )
    try:
        services.propose(
            rumusan,
            by=current_user,
            text=request.form.get("text", ""),
            reason=request.form.get("reason", ""),
            item=item,
            topic=topic,
            delegation=delegation,
        )
        flash(_("Usulan terkirim ke tim perumus."), "success")
    except RumusanRefused as error:
        _refused(error)
    return _back("proposals")


@bp.post("/proposals/<int:proposal_id>/decide")
@editor_required
def decide(proposal_id: int):
    rumusan = _rumusan()
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.rumusan_id != rumusan.id:
        abort(404)
    decision = request.form.get("decision")
    if decision not in ("accept", "reject"):
        abort(400)
    try:
        services.decide(proposal, decision == "accept", reason=request.form.get("reason", ""), by=current_user)
    except RumusanRefused as error:
        _refused(error)
    return _back("proposals")


@bp.post("/adopt")
@editor_required
def adopt():
    try:
        fingerprint = adoption.adopt(_rumusan(), by=current_user)
        flash(_("Rumusan ditetapkan. Sidik jari SHA-256: %(fp)s", fp=fingerprint), "success")
    except RumusanRefused as error:
        _refused(error)
    return _back()


@bp.route("/team", methods=["GET", "POST"])
@roles_required(SEKRETARIAT)
def team():
    rumusan = _rumusan()
    if request.method == "POST":
        members = []
        # The page posts both per member; a ragged post (not from our page) keeps its pairs, not a 500.
        for rid, role in zip(request.form.getlist("registration_id"), request.form.getlist("role"), strict=False):
            if (member := id_from(rid.strip())) and role in DRAFTING_ROLES:
                members.append((member, role))
        try:
            services.set_team(g.event, members, by=current_user)
            flash(_("Susunan tim perumus disimpan."), "success")
            return redirect(url_for("rumusan.team"))
        except RumusanRefused as error:
            _refused(error)
    # The members are listed as they are; a new one is found by a search (at most 20 matches), not picked
    # from a list of every participant (10,000 at a national meeting: 2.7 MB of options).
    term = request.args.get("cari", "")
    return render_template(
        "rumusan/team.html",
        event=g.event,
        rumusan=rumusan,
        team=services.team(g.event),
        term=term,
        found=approved_people(g.event, term),
        roles=DRAFTING_ROLES,
        role_labels=services.ROLE_LABELS,
    )


@bp.get("/rumusan.pdf")
@reader_required
def pdf():
    return deliver(g.event, "rumusan", "pdf")


@bp.get("/rumusan.docx")
@reader_required
def docx():
    return deliver(g.event, "rumusan", "docx")


@bp.get("/berita-acara.<any(pdf, docx):fmt>")
@editor_required
def berita_acara(fmt):
    """The berita acara pengesahan of the adopted rumusan; the chair (pimpinan sidang) and the Nomor
    as typed on the rumusan page."""
    from ..letters import SIGNER_FIELDS

    chair = {key: request.args.get(f"chair_{key}", "") for key in SIGNER_FIELDS}
    return deliver(g.event, "berita-acara", fmt, chair=chair, number=request.args.get("number", ""))
