"""flask --app run.py seed-demo | users create/token/revoke-tokens/list"""
import click
from flask import current_app, url_for
from flask.cli import AppGroup

from .auth import services as accounts
from .extensions import db
from .models import ROLES

users_cli = AppGroup("users", help="Kelola akun pengguna dan token API.")


def _user_or_fail(email: str):
    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"Pengguna {email} tidak ditemukan.")
    return user


@users_cli.command("create")
@click.argument("email")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES),
              help="Peran; boleh diulang untuk beberapa peran.")
@click.option("--name", default="", help="Nama lengkap.")
@click.option("--password", default=None, help="Tanpa opsi ini kata sandi ditanyakan.")
def create_user(email, roles, name, password):
    """Buat akun EMAIL dengan peran --role."""
    if password is None:
        password = click.prompt("Kata sandi", hide_input=True, confirmation_prompt="Ulangi kata sandi")
    try:
        user = accounts.create_user(email, name, password, roles)
    except accounts.AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    click.echo(f"Pengguna {user.email} dibuat dengan peran {', '.join(sorted(user.roles))}.")


@users_cli.command("token")
@click.argument("email")
def issue_token(email):
    """Cetak token API baru untuk EMAIL (hanya ditampilkan sekali)."""
    click.echo(accounts.issue_token(_user_or_fail(email)))


@users_cli.command("revoke-tokens")
@click.argument("email")
def revoke_tokens(email):
    """Cabut semua token API milik EMAIL."""
    count = accounts.revoke_tokens(_user_or_fail(email))
    click.echo(f"{count} token dicabut.")


@users_cli.command("list")
def list_users():
    """Tampilkan semua pengguna dan perannya."""
    from sqlalchemy import select

    from .models import User

    for user in db.session.scalars(select(User).order_by(User.email)):
        state = "" if user.active else " (nonaktif)"
        click.echo(f"{user.email}\t{', '.join(sorted(user.roles))}{state}")


@click.command("seed-demo")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True,
              help="Alamat aplikasi, untuk mencetak tautan halaman rapat.")
def seed_demo_command(base_url):
    """Isi basis data dengan rapat kerja contoh (aman dijalankan berulang)."""
    from .demo import DEMO_PASSWORD, DEMO_USERS, seed_demo

    result = seed_demo()
    event = result.event
    if result.created:
        click.echo("Rapat contoh dibuat.")
    else:
        click.echo("Rapat contoh sudah ada; tidak ada yang diubah.")
    click.echo(f"Slug rapat: {event.slug}")
    with current_app.test_request_context(base_url=base_url):
        click.echo(f"Halaman rapat: {url_for('events.detail', slug=event.slug, _external=True)}")
    click.echo(f"Akun contoh (kata sandi semuanya: {DEMO_PASSWORD}):")
    for email, _name, roles in DEMO_USERS:
        click.echo(f"  {email:32} {', '.join(roles)}")


outbox_cli = AppGroup("outbox", help="Kotak keluar email.")


@outbox_cli.command("send")
@click.option("--limit", default=200, show_default=True, help="Paling banyak sekian pesan sekali jalan.")
def outbox_send(limit):
    """Kirim email yang menunggu (jalankan berkala, misalnya tiap menit dari cron)."""
    from .mail import send_pending

    report = send_pending(limit)
    click.echo(f"{report.sent} terkirim, {report.retrying} akan dicoba lagi, {report.failed} gagal.")
    if report.retrying or report.failed:
        raise SystemExit(1)


@outbox_cli.command("status")
def outbox_status():
    """Jumlah pesan per status."""
    from sqlalchemy import func, select

    from .models import OutboxMessage

    for status, count in db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)):
        click.echo(f"{status}\t{count}")


def register_cli(app) -> None:
    app.cli.add_command(outbox_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(seed_demo_command)
