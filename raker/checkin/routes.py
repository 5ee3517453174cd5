"""The scanner page for petugas at the door (daftar ulang), and its service worker.

The page does everything in the browser: camera, QR decoding (native BarcodeDetector or the
vendored zxing-wasm polyfill), the calls to the check-in API, and an offline mode (bundle of
hashed codes and a queue of scans in IndexedDB). The service worker is served from a route
*under the page's path* so that its default scope (/events/<slug>/scanner/) covers the page
without a Service-Worker-Allowed header; it caches the page and its assets.
"""

import hashlib
import json
import mimetypes
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..auth import roles_required
from ..events.services import event_by_slug
from ..models.user import PETUGAS, SEKRETARIAT
from ..states import LABELS, PARTICIPANT_ROLE_LABELS, participant_role_label, state_label
from . import services
from .sessions import scanner_sessions

# zxing-wasm is compiled with streaming instantiation, which needs the right content type.
mimetypes.add_type("application/wasm", ".wasm")

bp = Blueprint("scanner", __name__)

VENDOR_DIR = "vendor/barcode-detector-3.2.2"
PONYFILL = f"{VENDOR_DIR}/ponyfill.js"
WASM = f"{VENDOR_DIR}/zxing_reader.wasm"
# Everything the page needs to start without a network (beside the page itself).
SCANNER_MODULES = (
    "scanner.js",
    "scanner-page.js",
    "scanner-store.js",
    "scanner-network.js",
    "scanner-decision.js",
    "scanner-offline.js",
    "scanner-sync.js",
    "scanner-feedback.js",
    "scanner-signature.js",
    "signature-pad.js",  # shared with the berita acara's signing page
)
STATIC_ASSETS = (
    "css/raker.css",
    "css/scanner.css",
    "img/raker-mark.svg",
    *(f"js/{name}" for name in SCANNER_MODULES),
    "js/confirm.js",
    PONYFILL,
    f"{VENDOR_DIR}/zxing-exported.js",
    WASM,
)
SW_SOURCE = "js/scanner-sw.js"

_version_cache: dict[tuple, str] = {}


def _event_or_404(slug: str):
    event = event_by_slug(slug)
    if event is None:
        abort(404)
    return event


def _static_folder() -> Path:
    folder = current_app.static_folder
    if folder is None:  # create_app always gives the app its static folder
        raise RuntimeError("the app has no static folder")
    return Path(folder)


def _assets_version() -> str:
    """A short hash of the cached files: a changed asset changes the service worker's bytes,
    so browsers install the new worker and drop the old cache."""
    folder = _static_folder()
    files = [folder / name for name in (*STATIC_ASSETS, SW_SOURCE)]
    key = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    if key not in _version_cache:
        digest = hashlib.sha256()
        for f in files:
            digest.update(f.read_bytes())
        _version_cache.clear()
        _version_cache[key] = digest.hexdigest()[:12]
    return _version_cache[key]


def _strings() -> dict[str, str]:
    """UI text used by scanner.js, translated on the server (Flask-Babel)."""
    return {
        "ok": _("Berhasil daftar ulang"),
        "already_checked_in": _("Sudah daftar ulang"),
        "invalid": _("Kode tidak dikenal"),
        "not_approved": _("Belum disetujui"),
        "cancelled": _("Dibatalkan"),
        "wrong_event": _("Rapat lain"),
        "not_today": _("Bukan hari rapat"),
        "unchecked": _("Belum dapat diperiksa"),
        "error": _("Gagal"),
        # the server's answers, for the phone's own decisions offline: the same words
        **{f"msg_{status}": _(message) for status, message in services.ANSWER_MESSAGES.items()},
        "first_at": _("Pertama pukul {time} di {gate}"),
        "first_at_nogate": _("Pertama pukul {time}"),
        "offline_mark": _("Luring — dikirim nanti"),
        "online": _("Daring"),
        "offline": _("Luring"),
        "queued": _("Antrean: {n}"),
        "queued_signatures": _("Antrean: {n} ({s} tanda tangan)"),
        "counter": _("Hadir: {n} / {m}"),
        "counter_session": _("Hadir di sesi: {n} / {m}"),
        "bundle_info": _("Data luring: {n} peserta, diperbarui pukul {time}"),
        "bundle_none": _("Data luring belum ada: buka halaman ini sekali saat daring."),
        "camera_starting": _("Menyiapkan kamera…"),
        "camera_ready": _("Arahkan kamera ke kode QR pada tanda peserta."),
        "camera_denied": _(
            "Akses kamera ditolak. Izinkan kamera untuk situs ini (lihat caranya di bawah), atau "
            "gunakan pencarian nama atau NIP."
        ),
        "gate_first": _("Isi nama pintu atau meja di atas dahulu; kamera menyala setelah nama disimpan."),
        "camera_missing": _("Kamera tidak ditemukan. Gunakan pencarian nama."),
        "camera_error": _("Kamera tidak dapat dibuka: {error}"),
        "decoder_error": _("Pembaca QR tidak dapat dimuat: {error}. Muat ulang halaman ini saat daring."),
        "search_no_bundle": _("Data luring belum ada di perangkat ini: pencarian memerlukan jaringan."),
        "search_nip_partial": _("Saat luring, ketik NIP lengkap (18 angka)."),
        "search_nip_whole": _("NIP hanya dicari bila lengkap: ketik 18 angka."),
        "search_local": _("Hasil dari data luring di perangkat ini."),
        "search_none": _("Tidak ada peserta yang cocok."),
        "search_short": _("Ketik sedikitnya 2 huruf."),
        "already_today": _("sudah hadir hari ini"),
        "session_expired": _("Sesi berakhir. Masuk lagi agar pindaian dapat dikirim."),
        "forbidden": _("Akun ini tidak berhak melakukan daftar ulang."),
        "server_error": _("Server menolak permintaan: {error}"),
        "synced": _("{n} pindaian luring terkirim."),
        "signatures_synced": _("{n} tanda tangan terkirim."),
        "signature_saved": _("Tanda tangan tersimpan."),
        "signature_kept": _("Tanda tangan disimpan di perangkat ini dan dikirim saat jaringan kembali."),
        "signature_empty": _("Tanda tangan masih kosong."),
        "signature_too_big": _("Gambar tanda tangan terlalu besar."),
        "signature_failed": _("Tanda tangan gagal disimpan: {error}"),
        "signature_dropped": _("Tanda tangan {name} tidak dapat dikirim: {error}"),
        "last": _("Terakhir: {name}"),
        "gate_required": _("Isi nama pintu atau meja dahulu."),
        # The room mode: a session's attendance at its door (checkin.sessions).
        "ok_session": _("Tercatat hadir di sesi"),
        "already_checked_in_session": _("Sudah tercatat di sesi ini"),
        "not_today_session": _("Bukan hari sesi ini"),
        "msg_ok_session": _("Tercatat hadir di sesi ini."),
        "msg_already_checked_in_session": _("Sudah tercatat hadir di sesi ini."),
        "msg_not_today_session": _("Sesi ini tidak berlangsung hari ini."),
        "not_member": _("Bukan anggota {commission} — tetap dicatat"),
        # States and roles by their names, from the one list of labels (raker/states.py).
        **{f"state_{state}": state_label(state) for state in LABELS["registration"]},
        **{f"role_{role}": participant_role_label(role) for role in PARTICIPANT_ROLE_LABELS},
    }


@bp.route("/events/<slug>/scanner/")
@roles_required(PETUGAS, SEKRETARIAT)
def page(slug):
    event = _event_or_404(slug)
    config = {
        "event": event.slug,
        "timezone": event.timezone,
        "days": [d.isoformat() for d in event.days],
        "api": url_for("api.checkin", slug=event.slug),  # + /batch, /stats, /bundle, /search
        "session": url_for("scanner.session", slug=event.slug),
        "serviceWorker": url_for("scanner.service_worker", slug=event.slug),
        "scope": url_for("scanner.page", slug=event.slug),
        "ponyfill": url_for("static", filename=PONYFILL),
        "wasm": url_for("static", filename=WASM),
        "user": current_user.full_name,
        # The sessions the phone can record at a room's door instead of the gate.
        "sessions": [s.as_config() for s in scanner_sessions(event)],
    }
    response = Response(render_template("checkin/scanner.html", event=event, config=config, strings=_strings()))
    # The browser's HTTP cache must not serve the page (with its CSRF token) to someone else;
    # the service worker keeps its own copy for offline use.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/events/<slug>/scanner/session")
@roles_required(PETUGAS, SEKRETARIAT)
def session(slug):
    """A fresh CSRF token for a page that was loaded from the service worker's cache or has
    been open for hours (the token in the page may have expired)."""
    _event_or_404(slug)
    response = jsonify({"csrf_token": generate_csrf(), "user": current_user.full_name})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/events/<slug>/scanner/sw.js")
def service_worker(slug):
    """The service worker, served under the page's path so its scope covers the page.

    Public on purpose: it holds no data, only the list of files to cache (the browser fetches
    it again to look for updates, also after the session has ended)."""
    event = _event_or_404(slug)
    static_folder = _static_folder()
    settings = {
        "version": _assets_version(),
        "scope": url_for("scanner.page", slug=event.slug),
        "page": url_for("scanner.page", slug=event.slug),
        "assets": [url_for("static", filename=name) for name in STATIC_ASSETS],
        "staticPrefix": url_for("static", filename=""),
    }
    source = (static_folder / SW_SOURCE).read_text(encoding="utf-8")
    body = f"self.RAKER_SCANNER = {json.dumps(settings)};\n{source}"
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


APP_ICONS = ((192, "img/app/raker-192.png"), (512, "img/app/raker-512.png"))  # made by scripts/make_app_icons.py
THEME_COLOUR = "#0b4f6c"  # the brand colour, as the pages' <meta name="theme-color">


@bp.route("/events/<slug>/scanner/manifest.webmanifest")
def manifest(slug):
    """The web app manifest: a volunteer adds the scanner to the home screen and opens it full screen.

    Public like sw.js: browsers fetch a manifest without cookies, and it holds only the meeting's
    title and addresses."""
    event = _event_or_404(slug)
    scanner = url_for("scanner.page", slug=event.slug)
    body = {
        "name": _("Pemindai daftar ulang · %(title)s", title=event.title),
        "short_name": _("Daftar ulang"),
        "description": _("Pindai tanda peserta di pintu masuk %(title)s.", title=event.title),
        "id": scanner,
        "start_url": scanner,
        "scope": scanner,
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "lang": str(get_locale() or "id"),
        "icons": [
            {
                "src": url_for("static", filename=path),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for size, path in APP_ICONS
        ],
    }
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response
