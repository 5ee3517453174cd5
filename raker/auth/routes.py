from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import limiter
from . import renew_login, services
from .forms import LoginForm, PasswordChangeForm

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths, so the login form is no open redirect."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("main.dashboard")


def _failed(response) -> bool:
    return response.status_code == 401


def _account_key() -> str:
    # The email typed, normalised as find_user compares it: spelling it differently is no way round.
    return "akun:" + request.form.get("email", "").strip().lower()[:254]


# Only failed attempts count. Per address generously (a venue's staff share one NAT address: one
# person's typos must not lock out the rest), per account strictly (guessing one account's password
# from many addresses stops after a few tries, while its owner's colleagues still sign in).
@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], deduct_when=_failed)
@limiter.limit(
    lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"], methods=["POST"], deduct_when=_failed, key_func=_account_key
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        flash(_("Email atau kata sandi salah."), "error")
        return render_template("auth/login.html", form=form), 401
    status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        # Server-side: a copy of this session or remember cookie must not keep working.
        services.end_sessions(current_user._get_current_object(), by=current_user, audit=False)
    logout_user()
    flash(_("Anda telah keluar."), "info")
    response = redirect(url_for("main.index"))
    # The scanner keeps names in the phone's storage for offline use: a logout clears them.
    response.headers["Clear-Site-Data"] = '"storage"'
    return response


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.new.data)
        except services.AccountError as exc:
            form.current.errors.append(str(exc))
        else:
            renew_login(current_user._get_current_object())  # every other session has ended
            flash(_("Kata sandi berhasil diubah. Sesi di perangkat lain telah diakhiri."), "success")
            return redirect(url_for("main.dashboard"))
    status = 400 if form.errors else 200
    return render_template("auth/password.html", form=form), status


@bp.route("/sessions/end", methods=["POST"])
@login_required
def end_sessions():
    """Log out everywhere: every other device (a lost phone, a shared computer) is signed out; this
    browser stays signed in with a new session."""
    user = current_user._get_current_object()
    services.end_sessions(user, by=user)
    renew_login(user)
    flash(_("Semua sesi lain telah diakhiri; perangkat ini tetap masuk."), "success")
    return redirect(url_for("auth.password"))
