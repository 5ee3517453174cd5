"""Check-in API: redeem one scan, a batch of offline scans, stats, the offline bundle, search,
undo, signatures. Staff token (petugas, sekretariat) or the browser session with CSRF."""

import base64
from datetime import datetime

from flask import abort, current_app, g, jsonify, request
from flask_babel import gettext as _

from ..audit import record_hourly
from ..auth import route_event
from ..checkin import services, sessions
from ..extensions import db
from ..ids import MAX_ID, id_from
from ..models import CheckIn
from ..models.user import PETUGAS, SEKRETARIAT
from ..reference.nip import mask_nip
from ..web import api_error
from . import payload
from .auth import api_roles
from .blueprint import bp
from .openapi import CONTROL, operation, text

MAX_BATCH = 500


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _event(slug: str):
    # The one the role check loaded (no second query on the scan path).
    return route_event({"slug": slug})


def _scan_input(data: dict, *, offline: bool) -> services.ScanInput:
    """Lenient about what it cannot know (a code that is no code gets an answer with a status), strict
    about the shape the document declares: a field of the wrong type is a 400, never a 500."""

    def text(name, limit):
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            abort(400, f"{name} harus teks.")
        return (value or "")[:limit]

    scanned_at = None
    raw_time = data.get("scanned_at")
    if raw_time is not None and not isinstance(raw_time, str):
        abort(400, "scanned_at harus teks waktu ISO 8601.")
    if raw_time is not None:
        try:
            scanned_at = datetime.fromisoformat(raw_time.replace("Z", "+00:00"))
        except ValueError:
            abort(400, "scanned_at harus waktu ISO 8601 dengan zona waktu, misalnya 2026-08-09T08:05:00+08:00.")
        if scanned_at.tzinfo is None:
            abort(400, "scanned_at harus menyertakan zona waktu.")
        if scanned_at.year < 2000:  # year 1 with +14:00 is before datetime's range in UTC: a 500
            abort(400, "scanned_at tidak masuk akal: waktu pindai sebelum tahun 2000.")
    nonce = data.get("nonce")
    # Absent is fine (no retry safety); null is not a nonce, as the document says.
    if "nonce" in data and (not isinstance(nonce, str) or not 1 <= len(nonce) <= 64):
        abort(400, "nonce harus teks 1–64 karakter.")
    registration_id = data.get("registration_id")
    for name in ("registration_id", "code"):
        if name in data and data[name] is None:  # the document declares them as integer / string
            abort(400, f"{name} tidak boleh null: kirim 'code' atau 'registration_id' dengan nilainya.")
    if registration_id is not None and (not isinstance(registration_id, int) or isinstance(registration_id, bool)):
        abort(400, "registration_id harus bilangan bulat.")
    # The id must fit the column, or SQLite overflows (a 500) before any rule runs.
    if registration_id is not None and not 1 <= registration_id <= MAX_ID:
        abort(400, "registration_id harus id pendaftaran: bilangan bulat positif.")
    code = data.get("code")
    if "code" in data and not isinstance(code, str):
        abort(400, "code harus teks yang terbaca dari QR.")
    if registration_id is None and not isinstance(code, str):
        abort(400, "Kirim 'code' (teks yang terbaca dari QR) atau 'registration_id'.")
    session_id = data.get("session_id")  # the scanner's room mode; absent or null at the gate
    if session_id is not None and (
        not isinstance(session_id, int) or isinstance(session_id, bool) or not 1 <= session_id <= MAX_ID
    ):
        abort(400, "session_id harus id sesi acara: bilangan bulat positif.")
    return services.ScanInput(
        code=code if isinstance(code, str) else None,
        registration_id=registration_id,
        gate=text("gate", 60),
        nonce=nonce,
        scanned_at=scanned_at,
        device=text("device", 60),
        offline=offline,
        session_id=session_id,
    )


def _unknown_sessions(event, items: list[services.ScanInput], field: str) -> None:
    """A scan for a session that is not this meeting's (or was cancelled) is refused before any is recorded."""
    for n, item in enumerate(items):
        if item.session_id is not None and sessions.session_for_scans(event, item.session_id) is None:
            raise payload.PayloadError({field.format(n=n): _(sessions.UNKNOWN_SESSION)})


@bp.route("/events/<slug>/checkins", methods=["POST"])
@api_roles(PETUGAS, SEKRETARIAT)
@operation(
    "Daftar ulang satu pindaian",
    ref("CheckinAnswer"),
    status=201,
    tags=("checkins",),
    request=ref("ScanInput"),
    also={
        200: (
            "Tidak dicatat: sudah daftar ulang, kode tidak sah, belum disetujui, dibatalkan, rapat lain, "
            "bukan hari rapat",
            ref("CheckinAnswer"),
        )
    },
    description="Selalu menjawab dengan `status`: ok (201) atau already_checked_in, invalid, not_approved, "
    "cancelled, wrong_event, not_today (200). Nonce yang sama menjawab sama tanpa membuat apa pun. "
    "Dengan `session_id` (pemindai di pintu ruang sidang) dicatat kehadiran sesi itu, sekali per "
    "peserta; `member` false: bukan anggota komisi sesi itu, tetap dicatat.",
)
def checkin(slug):
    # The meeting api_roles() loaded to check the petugas' grant (one query, fresh each request).
    event = route_event({"slug": slug})
    item = _scan_input(payload.json_object(), offline=False)
    _unknown_sessions(event, [item], "session_id")
    answer = services.redeem(event, item, user=g.api_user)
    return jsonify(answer), 201 if answer["status"] == "ok" else 200


@bp.route("/events/<slug>/checkins/batch", methods=["POST"])
@api_roles(PETUGAS, SEKRETARIAT)
@operation(
    "Kirim pindaian yang tertunda saat luring",
    {
        "type": "object",
        "required": ["results"],
        "properties": {"results": {"type": "array", "items": ref("CheckinAnswer")}},
    },
    tags=("checkins",),
    request={
        "type": "object",
        "required": ["scans"],
        "properties": {"scans": {"type": "array", "maxItems": MAX_BATCH, "items": ref("ScanInput")}},
    },
    description="Diproses menurut waktu pindai; duplikat dari perangkat lain ditandai untuk diperiksa, bukan ditolak. "
    "Daftar ulang manual saat luring (peserta dipilih dari data luring) dikirim dengan `registration_id`.",
)
def checkin_batch(slug):
    event = _event(slug)
    data = payload.json_object()
    scans = data.get("scans")
    if not isinstance(scans, list) or not all(isinstance(s, dict) for s in scans):
        abort(400, "'scans' harus daftar objek.")
    if len(scans) > MAX_BATCH:
        abort(413, f"Paling banyak {MAX_BATCH} pindaian sekali kirim.")
    # Offline manual check-ins (a search in the phone's bundle) name the registration by its id, as the
    # online search does. Every scan is checked before any is recorded: a bad one refuses the batch whole.
    unknown = {
        f"scans[{n}].{name}": message
        for n, scan in enumerate(scans)
        for name, message in payload.unknown_fields(scan, ref("ScanInput")).items()
    }
    if unknown:
        raise payload.PayloadError(unknown)
    items = [_scan_input(s, offline=True) for s in scans]
    _unknown_sessions(event, items, "scans[{n}].session_id")
    return jsonify({"results": services.redeem_batch(event, items, user=g.api_user)})


@bp.route("/events/<slug>/checkins/stats")
@api_roles(PETUGAS, SEKRETARIAT)
@operation(
    "Jumlah hadir",
    ref("CheckinStats"),
    tags=("checkins",),
    query=[{"name": "session_id", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}],
    description="Orang yang sudah daftar ulang (dihitung sekali) dibanding pendaftaran yang disetujui. Dengan "
    "`session_id` (pemindai di pintu ruang sesi) juga `session`: yang tercatat hadir di sesi itu dibanding "
    "anggota komisinya yang disetujui (sesi tanpa komisi: semua peserta yang disetujui).",
)
def checkin_stats(slug):
    event = _event(slug)
    answer = services.stats(event)
    raw = request.args.get("session_id")
    if raw is not None:
        session_key = id_from(raw)
        session = sessions.session_for_scans(event, session_key) if session_key is not None else None
        if session is None:
            raise payload.PayloadError({"session_id": _(sessions.UNKNOWN_SESSION)})
        answer["session"] = sessions.session_counter(session)
    return jsonify(answer)


@bp.route("/events/<slug>/checkins/bundle")
@api_roles(PETUGAS, SEKRETARIAT)
@operation(
    "Data luring untuk pemindai",
    {"type": "object"},
    tags=("checkins",),
    description="Format 2: baris larik menurut `fields`. Kode hanya sebagai SHA-256 teks QR (32 karakter hex), "
    "NIP hanya sebagai hash pendek (5 karakter hex dari SHA-256 atas `nip_hash.prefix` + 18 angka), "
    "dengan nama, delegasi, peran, status dan daftar ulang yang sudah tercatat.",
)
def checkin_bundle(slug):
    """With the ETag of the bundle the phone holds (If-None-Match), an unchanged one is a 304 after one
    SELECT of aggregates (services.bundle_key): the scanners refetch it at start and on every refresh.
    A 304 sends no names, so only a full answer is recorded as an export. No-store all the same: the
    phone keeps its copy in its own storage, not in the browser's HTTP cache."""
    event = _event(slug)
    etag = services.bundle_key(event)
    if request.if_none_match.contains_weak(etag):  # a gzipping proxy (nginx) turns it weak
        response = current_app.response_class(status=304)
    else:
        record_hourly("export.bundle", event, user=g.api_user, event_id=event.id)  # every participant's name
        response = jsonify(services.offline_bundle(event))
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/events/<slug>/checkins/search")
@api_roles(PETUGAS, SEKRETARIAT)
@operation(
    "Cari peserta (nama atau NIP) untuk daftar ulang manual",
    {"type": "array", "items": ref("SearchResult")},
    tags=("checkins",),
    query=[{"name": "q", "schema": {"type": "string", "pattern": f"^[^{CONTROL}]*$"}}],
    description="Nama (sebagian, minimal 2 huruf) atau NIP lengkap 18 angka (boleh dengan spasi); bagian NIP "
    "tidak dicari. Hasil menyebut delegasi, jabatan (`position`) dan NIP tersamar (`nip_masked`, "
    "misalnya `******** ****** 1 001`), tanpa NIP lengkap, email atau nomor telepon.",
)
def checkin_search(slug):
    event = _event(slug)
    rows = services.search(event, request.args.get("q", ""))
    today = event.today()
    return jsonify(
        [
            {
                "registration_id": r.id,
                "name": r.full_name,
                "delegation": r.delegation.name,
                "role": r.role,
                "position": r.position,
                "nip_masked": mask_nip(r.nip),  # tells namesakes apart, gives no NIP away
                "state": r.state,
                "checked_in_today": services.active_checkin(r.id, today) is not None,
            }
            for r in rows
        ]
    )


def _checkin_or_404(slug: str, checkin_id: int) -> CheckIn:
    event = _event(slug)
    checkin = db.session.get(CheckIn, checkin_id)
    if checkin is None or checkin.event_id != event.id:
        abort(404)
    return checkin


@bp.route("/events/<slug>/checkins/<int:checkin_id>/undo", methods=["POST"])
@api_roles(PETUGAS, SEKRETARIAT)
@operation(
    "Batalkan daftar ulang yang keliru (dicatat, tidak dihapus)",
    ref("CheckinUndone"),
    tags=("checkins",),
    request={
        "type": "object",
        "required": ["reason"],
        "properties": {"reason": text(None, required=True, description="dipotong pada 500 karakter")},
    },
)
def checkin_undo(slug, checkin_id):
    checkin = _checkin_or_404(slug, checkin_id)
    reason = payload.json_object().get("reason")
    try:
        services.undo(checkin, by=g.api_user, reason=reason if isinstance(reason, str) else "")
    except services.CheckinError as exc:
        if exc.code == "reason_required":
            return payload.PayloadError({"reason": str(exc)}).response()
        return api_error(409, str(exc), code=exc.code)
    return jsonify(
        {
            "status": "undone",
            "message": _("Daftar ulang dibatalkan."),
            "checkin_id": checkin.id,
            "undone_at": checkin.undone_at.isoformat() if checkin.undone_at else None,
        }
    )


@bp.route("/events/<slug>/checkins/<int:checkin_id>/signature", methods=["POST"])
@api_roles(PETUGAS, SEKRETARIAT)
@operation(
    "Simpan tanda tangan peserta (PNG) untuk daftar hadir",
    {
        "type": "object",
        "required": ["status", "checkin_id"],
        "properties": {"status": {"type": "string", "enum": ["signed"]}, "checkin_id": {"type": "integer"}},
    },
    tags=("checkins",),
    request={
        "type": "object",
        "required": ["png"],
        "properties": {
            "png": {"type": "string", "minLength": 1, "description": "data:image/png;base64,… atau base64"},
            "keep_existing": {
                "type": "boolean",
                "description": "true: jangan menimpa tanda tangan yang sudah "
                "ada (409 signature_exists); dipakai untuk tanda tangan yang dikirim dari antrean "
                "luring",
            },
        },
    },
)
def checkin_signature(slug, checkin_id):
    checkin = _checkin_or_404(slug, checkin_id)
    data = payload.json_object()
    raw = data.get("png")
    if not isinstance(raw, str) or not raw:
        return payload.PayloadError({"png": "Wajib diisi (gambar PNG base64)."}).response()
    keep_existing = data.get("keep_existing", False)
    if not isinstance(keep_existing, bool):
        return payload.PayloadError({"keep_existing": "Harus true atau false."}).response()
    try:
        png = base64.b64decode(raw.split(",", 1)[-1], validate=True)
        services.save_signature(checkin, png, replace=not keep_existing)
    except services.CheckinError as exc:
        if exc.code == "signature_exists":
            return api_error(409, str(exc), code=exc.code)
        return payload.PayloadError({"png": str(exc)}).response()
    except ValueError:  # not base64
        return payload.PayloadError({"png": "Bukan base64 yang sah."}).response()
    return jsonify({"status": "signed", "checkin_id": checkin.id})
