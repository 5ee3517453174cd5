"""Cross-cutting web behaviour: error pages / JSON errors, security headers, template globals."""

from flask import abort, flash, has_request_context, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from .extensions import db
from .forms import add_field_errors
from .invalid import SettingsInvalid

# script/style only from our own origin: no inline code, no CDN. 'wasm-unsafe-eval' is for the
# QR decoder (zxing-wasm) on the scanner page.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


# Pages and files about people, seen without a login: the personal link and its downloads, the page
# after registering, the API. Everything a logged-in user sees is treated the same (staff pages list people).
PERSONAL_PREFIXES = ("/r/", "/api/")
PERSONAL_ENDPOINTS = {"registration.done", "registration.register"}


def carries_personal_data() -> bool:
    if request.endpoint == "static":
        return False
    return (
        request.path.startswith(PERSONAL_PREFIXES)
        or request.endpoint in PERSONAL_ENDPOINTS
        or current_user.is_authenticated
    )


def error_message(status: int) -> str:
    messages = {
        400: _("Permintaan tidak sah."),
        401: _("Perlu masuk (autentikasi) terlebih dahulu."),
        403: _("Anda tidak berhak membuka halaman ini."),
        404: _("Halaman atau data tidak ditemukan."),
        405: _("Metode ini tidak diizinkan untuk alamat ini."),
        413: _("Berkas atau data yang dikirim terlalu besar."),
        429: _("Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi."),
        500: _("Terjadi kesalahan di server. Tim teknis sudah dapat melihatnya di log."),
    }
    return messages.get(status, _("Permintaan tidak dapat diproses."))


ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "unprocessable_entity",
    429: "too_many_requests",
    500: "internal_error",
}


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """A Content-Disposition header value (RFC 6266): filename= in ASCII for old clients and, for
    any other name (a material called materi-文件.pdf was a 500: headers are Latin-1),
    filename*=UTF-8''… with the real one. Quotes, backslashes, slashes and control characters
    never reach the header."""
    import unicodedata
    from urllib.parse import quote

    from .safe_text import strip_control_characters

    name = strip_control_characters(filename).replace("/", "-").replace("\\", "-").replace('"', "")
    name = name.replace("\r", "").replace("\n", "").replace("\t", " ").strip() or "berkas"
    kind = "inline" if inline else "attachment"
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").strip() or "berkas"
    if ascii_name == name:
        return f'{kind}; filename="{name}"'
    return f"""{kind}; filename="{ascii_name}"; filename*=UTF-8''{quote(name, safe="!#$&+^`|~-._")}"""


def refusal(message: str, back_url: str, status: int = 409):
    """A refused action answered on the page itself: the reason, the way back, and the 4xx status.
    (A redirect sent with a 4xx status is not followed by a browser: it showed a bare English "Redirecting…".)"""
    return render_template("errors/error.html", status=status, message=message, back_url=back_url), status


def save_settings_form(form, save, *, saved: str, then: str, page, unsaved: str | None = None):
    """A settings form posted: `save(values)` and on to `then` with the `saved` message, or — the form
    invalid, or the domain refusing it field by field (SettingsInvalid: nothing saved) — `page(form, 400)`
    with each message under its field."""
    if form.validate_on_submit():
        try:
            save(form.values())
        except SettingsInvalid as exc:
            db.session.rollback()
            add_field_errors(form, exc.fields)
        else:
            flash(saved, "success")
            return redirect(then)
    flash(unsaved or _("Pengaturan belum disimpan: periksa isian yang ditandai."), "error")
    return page(form, 400)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def api_error(status: int, message: str | None = None, code: str | None = None, **extra):
    body = {"error": code or ERROR_CODES.get(status, "error"), "message": message or error_message(status)}
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="raker"'
    return response


def control_character_field() -> str | None:
    """Where the request carries a control character (a field, query or path name), if anywhere."""
    from .safe_text import first_bad_field, json_bad_path

    bad = (
        first_bad_field((request.view_args or {}).items())
        or first_bad_field(request.args.items(multi=True))
        or first_bad_field((name, upload.filename or "") for name, upload in request.files.items(multi=True))
    )
    if bad is None and request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if request.is_json:
            try:
                document = request.get_json(silent=True)
            except RecursionError:  # nested deeper than the parser goes: not a body we take
                abort(400, "Isi permintaan harus objek JSON yang sah.")
            bad = json_bad_path(document)
        else:
            bad = first_bad_field(request.form.items(multi=True))
    return None if bad is None else first_safe_name(bad)


def first_safe_name(name: str) -> str:
    from .safe_text import strip_control_characters

    return strip_control_characters(name)[:200] or "body"


def init_app(app) -> None:
    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException):
        status = exc.code or 500
        if isinstance(exc, SecurityError):
            # A Host outside TRUSTED_HOSTS: no URL can be built for it, so no page with links.
            message = _("Alamat server (Host) ini tidak dikenal aplikasi.")
            if wants_json():
                return api_error(400, message, code="untrusted_host")
            return app.response_class(message + "\n", status=400, mimetype="text/plain")
        if wants_json():
            # A message written for this refusal (abort(400, "...")) beats the generic one.
            custom = exc.description if exc.description != type(exc).description else None
            response = api_error(status, custom)
        else:
            message = error_message(status)
            if isinstance(exc, RateLimitExceeded) and exc.limit.error_message:
                message = exc.description  # written for this limit ("Terlalu banyak pendaftaran …")
            response = app.make_response((render_template("errors/error.html", status=status, message=message), status))
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            original = exc.get_response().headers.get(header)
            if original:
                response.headers[header] = original
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return handle_http_error(InternalServerError())

    @app.before_request
    def refuse_control_characters():
        # One guard for every form, query string, path part and JSON body, before any view
        # or database sees the text (see safe_text).
        bad = control_character_field()
        if bad is None:
            return None
        message = _(
            "Isian berisi karakter kendali yang tidak diizinkan (misalnya NUL atau ESC). "
            "Hapus karakter itu lalu kirim ulang."
        )
        if wants_json():
            return api_error(400, message, code="validation_error", fields={bad: message})
        return render_template("errors/error.html", status=400, message=message), 400

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        # Neither the browser's cache nor a proxy may keep a copy (a shared venue laptop, a kiosk).
        if carries_personal_data():
            response.headers["Cache-Control"] = "no-store"
        return response

    from .auth import ROLE_LABELS
    from .navigation import menu_for
    from .reference.nip import format_nip
    from .reference.phones import display as format_phone
    from .reference.ranks import rank_label

    app.jinja_env.filters.update(nip=format_nip, rank=rank_label, phone=format_phone)
    from .models import utcnow
    from .states import init_app as states_init_app
    from .urls import public_url

    app.jinja_env.globals.update(role_labels=ROLE_LABELS, public_url=public_url, now_utc=utcnow)
    states_init_app(app)

    @app.context_processor
    def navigation():
        if not has_request_context():  # emails rendered from the command line have no menu
            return {}
        return {"nav_items": menu_for(current_user)}
