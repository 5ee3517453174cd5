"""flask --app run.py seed-demo | users … | outbox send/status | retention run | export … | backup | restore"""

import sys

import click
from flask import current_app, url_for
from flask.cli import AppGroup

from .auth import services as accounts
from .extensions import db
from .models import EVENT_ROLES, ROLES

users_cli = AppGroup("users", help="Kelola akun pengguna dan token API.")


def _user_or_fail(email: str):
    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"Pengguna {email} tidak ditemukan.")
    return user


@users_cli.command("create")
@click.argument("email")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice(ROLES),
    help="Peran; boleh diulang untuk beberapa peran.",
)
@click.option("--name", default="", help="Nama lengkap.")
@click.option("--password", default=None, help="Tanpa opsi ini kata sandi ditanyakan.")
@click.option(
    "--event",
    "slugs",
    multiple=True,
    metavar="SLUG",
    help="Rapat tempat peran rapat (sekretariat, petugas, notulis, perumus) berlaku; boleh diulang.",
)
def create_user(email, roles, name, password, slugs):
    """Buat akun EMAIL dengan peran --role."""
    from .events.services import event_by_slug

    meetings = []
    for slug in slugs:  # checked before anything is saved
        meeting = event_by_slug(slug)
        if meeting is None:
            raise click.ClickException(f"Rapat {slug} tidak ditemukan.")
        meetings.append(meeting)
    meeting_roles = [r for r in roles if r in EVENT_ROLES]
    if meetings and not meeting_roles:
        raise click.ClickException("--event hanya untuk peran rapat: " + ", ".join(EVENT_ROLES) + ".")
    if password is None:
        password = click.prompt("Kata sandi", hide_input=True, confirmation_prompt="Ulangi kata sandi")
    try:
        user = accounts.create_user(email, name, password, roles)
    except accounts.AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    for meeting in meetings:
        for role in meeting_roles:
            accounts.grant_event_role(meeting, user, role, commit=False)
    db.session.commit()
    click.echo(f"Pengguna {user.email} dibuat dengan peran {', '.join(sorted(user.roles))}.")
    for meeting in meetings:
        click.echo(f"Peran {', '.join(meeting_roles)} pada rapat {meeting.slug}.")
    if meeting_roles and not meetings:
        click.echo(
            "Catatan: peran rapat berlaku hanya pada rapat yang ditugaskan (--event SLUG, atau halaman "
            "Staf rapat oleh administrator)."
        )


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

    from .models import Event, EventStaff, User

    grants: dict[int, list[str]] = {}
    for user_id, role, slug in db.session.execute(
        select(EventStaff.user_id, EventStaff.role, Event.slug)
        .join(Event, Event.id == EventStaff.event_id)
        .order_by(Event.slug, EventStaff.role)
    ):
        grants.setdefault(user_id, []).append(f"{role}@{slug}")
    for user in db.session.scalars(select(User).order_by(User.email)):
        state = "" if user.active else " (nonaktif)"
        meetings = f"\t{' '.join(grants[user.id])}" if user.id in grants else ""
        click.echo(f"{user.email}\t{', '.join(sorted(user.roles))}{state}{meetings}")


@click.command("seed-demo")
@click.option(
    "--base-url", default=None, help="Alamat aplikasi, untuk mencetak tautan halaman rapat (bawaan: PUBLIC_BASE_URL)."
)
def seed_demo_command(base_url):
    """Isi basis data dengan rapat kerja contoh (aman dijalankan berulang)."""
    from .demo import DEMO_PASSWORD, DEMO_USERS, seed_demo
    from .tte.demo import sign_demo_documents
    from .tte.kinds import KINDS

    result = seed_demo()
    event = result.event
    # The documents final before the meeting on the first run; the rumusan on the run after its adoption.
    signed = sign_demo_documents(event, DEMO_PASSWORD)
    db.session.commit()
    if result.created:
        click.echo("Rapat contoh dibuat.")
    elif signed:
        click.echo("Rapat contoh sudah ada.")
    else:
        click.echo("Rapat contoh sudah ada; tidak ada yang diubah.")
    if signed:
        titles = ", ".join(KINDS[document.kind].label for document in signed)
        click.echo(f"Ditandatangani secara elektronik dengan CA pengembangan (bukan untuk dokumen resmi): {titles}.")
    click.echo(f"Slug rapat: {event.slug}")
    from .mail import local_mailbox

    pages = [("Halaman rapat", "events.detail")]
    if local_mailbox():
        pages.append(("Email tidak dikirim keluar (SMTP_HOST belum diatur); bacalah di Kotak keluar", "outbox.index"))
    for label, endpoint in pages:
        if base_url:
            with current_app.test_request_context(base_url=base_url):
                click.echo(f"{label}: {url_for(endpoint, slug=event.slug, _external=True)}")
        else:
            from .urls import public_url

            click.echo(f"{label}: {public_url(endpoint, slug=event.slug)}")
    click.echo(f"Akun contoh (kata sandi semuanya: {DEMO_PASSWORD}):")
    for email, _name, roles in DEMO_USERS:
        click.echo(f"  {email:32} {', '.join(roles)}")
    from .tte.devca import DEV_PASSPHRASE
    from .tte.services import signers

    for signer in signers(event):
        if signer.user is not None:
            click.echo(f"  {signer.user.email:32} penanda tangan TTE {signer.name} (passphrase: {DEV_PASSPHRASE})")


outbox_cli = AppGroup("outbox", help="Kotak keluar email.")


@outbox_cli.command("send")
@click.option("--limit", default=200, show_default=True, help="Paling banyak sekian pesan sekali jalan.")
def outbox_send(limit):
    """Kirim email yang menunggu (jalankan berkala, misalnya tiap menit dari cron)."""
    from .mail import local_mailbox, send_pending

    if local_mailbox():
        click.echo(
            "SMTP_HOST belum diatur: email tidak dikirim keluar; bacalah di halaman Kotak keluar rapat "
            "(/admin/events/<slug>/outbox)."
        )
        return
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


retention_cli = AppGroup("retention", help="Retensi data pribadi (UU PDP).")


@retention_cli.command("run")
@click.option(
    "--days",
    type=int,
    default=None,
    help="Umur dalam hari; tanpa opsi ini RETENTION_DAYS dari konfigurasi (bawaan 30).",
)
def retention_run(days):
    """Kosongkan email terkirim (isi, lampiran, alamat) dan hapus berkas impor yang lebih lama dari
    sekian hari. Aman dijalankan berulang; jalankan harian dari cron."""
    from . import retention

    days = current_app.config["RETENTION_DAYS"] if days is None else days
    if days < 1:
        raise click.ClickException("--days / RETENTION_DAYS harus paling sedikit 1.")
    report = retention.run(days)
    click.echo(
        f"Retensi {report.days} hari: {report.mail} email terkirim dikosongkan (isi, lampiran, alamat), "
        f"{report.uploads} berkas impor dihapus, {report.leftovers} pendaftaran yang sudah dianonimkan "
        f"dibersihkan dari sisa salinannya, {report.job_files} berkas ekspor kedaluwarsa dihapus."
    )


export_cli = AppGroup("export", help="Ekspor dokumen rapat ke berkas.")


def _write(output: str, body: bytes, message: str) -> None:
    with open(output, "wb") as handle:
        handle.write(body)
    click.echo(message)


def _export(event, kind: str, fmt: str, output: str, message, **options) -> None:
    """raker.exports.export() to `output`, with a progress bar on stderr for the kinds that grow with the
    meeting; a refusal is the command's error. message(result) is what is echoed when written."""
    from . import exports

    found = exports.get(kind)
    try:
        if not found.long:
            result = exports.export(event, kind, fmt, **options)
        else:
            with click.progressbar(
                length=max(1, exports.size(event, kind, **options)),
                label=f"Menyusun {found.title.lower()}",
                file=sys.stderr,
            ) as bar:

                def progress(done: int, total: int) -> None:
                    bar.length = max(1, total)
                    bar.update(done - bar.pos)

                result = exports.export(event, kind, fmt, progress=progress, **options)
                bar.update((bar.length or 1) - bar.pos)  # length: at least 1, set above
    except exports.LetterRefused as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    _write(output, result.body, message(result))


def _event_or_fail(slug: str):
    from .events.services import event_by_slug

    event = event_by_slug(slug)
    if event is None:
        raise click.ClickException(f"Rapat dengan slug {slug!r} tidak ditemukan.")
    return event


def _card_options(command):
    """--layout and --format of the card sheets (tanda peserta, kartu panitia)."""
    command = click.option(
        "--format",
        "fmt",
        type=click.Choice(["pdf", "docx"]),
        default="pdf",
        show_default=True,
        help="docx: lembar A4/F4 seperti PDF-nya (hanya --layout a4).",
    )(command)
    return click.option(
        "--layout",
        type=click.Choice(["a4", "cr80", "a6"]),
        default="a4",
        show_default=True,
        help="a4: lembar kertas rapat (A4/F4) dengan garis potong; cr80: kartu ID; a6: satu per halaman.",
    )(command)


@export_cli.command("badges")
@click.option("--event", "slug", required=True, help="Slug rapat.")
@click.option("--delegation", "code", default=None, help="Kode wilayah (mis. 64.01) atau id delegasi.")
@_card_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_badges(slug, code, layout, fmt, output):
    """Tanda peserta (QR) semua peserta yang disetujui, atau satu delegasi."""
    if fmt == "docx" and layout != "a4":
        raise click.ClickException("Versi DOCX hanya dalam tata letak lembar (--layout a4).")
    event = _event_or_fail(slug)
    delegation_id = None
    if code:
        match = [d for d in event.delegations if code in (d.region_code, str(d.id))]
        if not match:
            raise click.ClickException(f"Delegasi {code!r} tidak ada pada rapat ini.")
        delegation_id = match[0].id
    _export(
        event,
        "badges",
        fmt,
        output,
        lambda result: f"{result.count} tanda peserta ditulis ke {output}.",
        delegation=delegation_id,
        layout="sheet" if layout == "a4" else layout,
    )


def _signer_option(options: dict) -> dict | None:
    """--signer-position/-name/-rank/-nip as a signer; None when none is given. The NIP is checked
    (18 digits, a real birth date) and the rank must be a known golongan (I/a … IV/e)."""
    from .reference.nip import NipError, parse_nip
    from .reference.ranks import RANK_NAMES

    signer = {key: (options.get(key) or "").strip() for key in ("position", "name", "rank", "nip")}
    if signer["nip"]:
        try:
            signer["nip"] = parse_nip(signer["nip"])
        except NipError as error:
            raise click.ClickException(f"NIP penanda tangan: {error}") from None
    if signer["rank"] and signer["rank"] not in RANK_NAMES:
        raise click.ClickException(f"Golongan penanda tangan {signer['rank']!r} tidak dikenal (mis. IV/b).")
    return signer if any(signer.values()) else None


@export_cli.command("attendance")
@click.option("--event", "slug", required=True, help="Slug rapat.")
@click.option("--day", default=None, help="Hari rapat, YYYY-MM-DD.")
@click.option(
    "--session",
    "session_id",
    type=int,
    default=None,
    help="Id sesi susunan acara (sidang komisi, pleno): daftar hadir sesi itu, bukan satu hari.",
)
@click.option(
    "--commission",
    "commission_number",
    default=None,
    help="Nomor komisi (2 atau II): hanya anggota komisi itu, untuk sidang komisi.",
)
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx", "xlsx"]), default="pdf", show_default=True)
@click.option("--signer-position", default="", help="Jabatan yang mengetahui (kosong: Penanggung Jawab Kegiatan).")
@click.option("--signer-name", default="", help="Nama yang mengetahui.")
@click.option("--signer-rank", default="", help="Golongan, mis. IV/b.")
@click.option("--signer-nip", default="", help="NIP yang mengetahui.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_attendance(
    slug, day, session_id, commission_number, fmt, signer_position, signer_name, signer_rank, signer_nip, output
):
    """Daftar hadir satu hari rapat (--day) atau satu sesi (--session), semua peserta atau satu komisi."""
    from datetime import date

    from .models import AgendaSession

    event = _event_or_fail(slug)
    if (day is None) == (session_id is None):
        raise click.ClickException("Pilih salah satu: --day YYYY-MM-DD atau --session ID.")
    signer = _signer_option({"position": signer_position, "name": signer_name, "rank": signer_rank, "nip": signer_nip})
    session, when = None, None
    if session_id is not None:
        session = db.session.get(AgendaSession, session_id)
        if session is None or session.event_id != event.id:
            raise click.ClickException(f"Sesi {session_id} tidak ada pada rapat ini.")
    else:
        try:
            when = date.fromisoformat(day)
        except ValueError:
            raise click.ClickException("--day harus tanggal YYYY-MM-DD.") from None
        if when not in event.days:
            raise click.ClickException(f"{day} bukan hari rapat ({event.start_date} s.d. {event.end_date}).")
    commission = None
    if commission_number is not None:
        from .sidang.commissions import commission_by_number

        commission = commission_by_number(event, commission_number)
        if commission is None:
            raise click.ClickException(f"Komisi {commission_number} tidak ada pada rapat ini.")
    what = f"sesi {session.title!r}" if session else day
    if commission is not None:
        what += f" {commission.name}"
    _export(
        event,
        "attendance",
        fmt,
        output,
        lambda result: f"Daftar hadir {what} ditulis ke {output}.",
        day=day,
        session=session_id,
        signer=signer,
        commission=commission.id if commission else None,
    )


@export_cli.command("agenda")
@click.option("--event", "slug", required=True, help="Slug rapat.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "docx", "ics"]),
    default=None,
    help="Bawaan: pdf; ics dengan --session.",
)
@click.option("--session", "session_id", type=int, default=None, help="Id satu sesi: entri kalender (ICS) sesi itu.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_agenda(slug, fmt, session_id, output):
    """Susunan acara yang diumumkan (PDF dengan kop, atau kalender ICS), atau kalender satu sesi."""
    if session_id is None:
        _export(
            _event_or_fail(slug), "agenda", fmt or "pdf", output, lambda result: f"Susunan acara ditulis ke {output}."
        )
        return
    _export(
        _event_or_fail(slug),
        "agenda",
        fmt or "ics",
        output,
        lambda result: f"Kalender sesi ditulis ke {output}.",
        session=session_id,
    )


@export_cli.command("minutes")
@click.option("--event", "slug", required=True, help="Slug rapat.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx"]), default="pdf", show_default=True)
@click.option("--final-only", is_flag=True, help="Hanya notulen yang sudah final.")
@click.option("--session", "session_id", type=int, default=None, help="Id satu sesi: notulen sesi itu saja.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_minutes(slug, fmt, final_only, session_id, output):
    """Notulen semua sesi, dihimpun menurut susunan acara, atau notulen satu sesi (apa pun statusnya)."""
    if session_id is not None and final_only:
        raise click.UsageError("--final-only tidak berlaku bersama --session (notulen satu sesi apa pun statusnya).")
    options = {"session": session_id} if session_id is not None else {"final_only": final_only}
    _export(
        _event_or_fail(slug),
        "minutes",
        fmt,
        output,
        lambda result: f"Notulen ditulis ke {output}.",
        **options,
    )


@export_cli.command("rumusan")
@click.option("--event", "slug", required=True, help="Slug rapat.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx"]), default="pdf", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_rumusan(slug, fmt, output):
    """Rumusan rapat (PDF dengan kop dan tanda tangan tim perumus, atau DOCX untuk Word)."""
    _export(_event_or_fail(slug), "rumusan", fmt, output, lambda result: f"Rumusan ditulis ke {output}.")


@export_cli.command("honorarium")
@click.option("--event", "slug", required=True, help="Slug rapat.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx", "xlsx"]), default="pdf", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_honorarium(slug, fmt, output):
    """Daftar penerimaan honorarium narasumber dan moderator (tarif dan penanda tangan dari pengaturan rapat)."""
    _export(
        _event_or_fail(slug),
        "honorarium",
        fmt,
        output,
        lambda result: f"Daftar penerimaan honorarium ditulis ke {output}.",
    )


@export_cli.command("kartu-panitia")
@click.option("--event", "slug", required=True, help="Slug rapat.")
@_card_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_kartu_panitia(slug, layout, fmt, output):
    """Kartu panitia semua anggota panitia (PDF atau DOCX; tanpa QR: daftar ulang hanya untuk peserta)."""
    _export(
        _event_or_fail(slug),
        "kartu-panitia",
        fmt,
        output,
        lambda result: f"Kartu panitia ditulis ke {output}.",
        layout="sheet" if layout == "a4" else layout,
    )


@export_cli.command("sk-panitia")
@click.option("--event", "slug", required=True, help="Slug rapat.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx"]), default="pdf", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_sk_panitia(slug, fmt, output):
    """Keputusan pembentukan panitia dengan lampiran susunan panitia (teks, nomor dan penanda tangan dari
    pengaturan rapat)."""
    _export(_event_or_fail(slug), "sk-panitia", fmt, output, lambda result: f"SK panitia ditulis ke {output}.")


@export_cli.command("sk-tim-perumus")
@click.option("--event", "slug", required=True, help="Slug rapat.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx"]), default="pdf", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_sk_tim_perumus(slug, fmt, output):
    """Keputusan pembentukan tim perumus dengan lampiran tim perumus rumusan."""
    _export(_event_or_fail(slug), "sk-tim-perumus", fmt, output, lambda result: f"SK tim perumus ditulis ke {output}.")


def _signer_options(prefix: str, who: str):
    """--{prefix}-position/-name/-rank/-nip, as on the download forms."""

    def decorate(command):
        for key, text in reversed(
            (("position", "Jabatan"), ("name", "Nama"), ("rank", "Golongan, mis. IV/b."), ("nip", "NIP"))
        ):
            command = click.option(f"--{prefix}-{key}", f"{prefix}_{key}", default="", help=f"{text} {who}.")(command)
        return command

    return decorate


@export_cli.command("berita-acara")
@click.option("--event", "slug", required=True, help="Slug rapat.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx"]), default="pdf", show_default=True)
@click.option("--number", default="", help="Nomor berita acara; {tahun} diganti tahun.")
@_signer_options("chair", "pimpinan sidang")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_berita_acara(slug, fmt, number, chair_position, chair_name, chair_rank, chair_nip, output):
    """Berita acara pengesahan rumusan (hanya setelah rumusan ditetapkan)."""
    chair = {"position": chair_position, "name": chair_name, "rank": chair_rank, "nip": chair_nip}
    _export(
        _event_or_fail(slug),
        "berita-acara",
        fmt,
        output,
        lambda result: f"Berita acara ditulis ke {output}.",
        chair=chair,
        number=number,
    )


@export_cli.command("keterangan-hadir")
@click.option("--event", "slug", required=True, help="Slug rapat.")
@click.option("--delegation", "code", default=None, help="Kode wilayah (mis. 64.01) atau id delegasi.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx"]), default="pdf", show_default=True)
@click.option("--number", default="", help="Pola nomor; {n} nomor peserta, {tahun} tahun (bawaan 000/{n}/SKH/{tahun}).")
@click.option("--date", "issued_on", default="", help="Tanggal surat tttt-bb-hh (bawaan: hari hadir terakhir).")
@_signer_options("signer", "penanda tangan (kepala sekretariat)")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_attendance_letters(
    slug, code, fmt, number, issued_on, signer_position, signer_name, signer_rank, signer_nip, output
):
    """Surat keterangan kehadiran (untuk SPPD), satu per peserta yang pernah daftar ulang."""
    from .certificates.services import delegation_of

    event = _event_or_fail(slug)
    delegation = delegation_of(event, code) if code else None
    if code and delegation is None:
        raise click.ClickException(f"Delegasi {code!r} tidak ada pada rapat ini.")
    values = {
        "number": number,
        "issued_on": issued_on,
        "signer_position": signer_position,
        "signer_name": signer_name,
        "signer_rank": signer_rank,
        "signer_nip": signer_nip,
    }
    _export(
        event,
        "keterangan-hadir",
        fmt,
        output,
        lambda result: f"{result.count} surat keterangan kehadiran ditulis ke {output}.",
        delegation=delegation.id if delegation else None,
        values=values,
    )


@export_cli.command("undangan")
@click.option("--event", "slug", required=True, help="Slug rapat.")
@click.option("--delegation", "code", default=None, help="Kode wilayah (mis. 64.01) atau id delegasi; bawaan: semua.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx"]), default="pdf", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_invitations(slug, code, fmt, output):
    """Surat undangan per delegasi dengan pengaturan surat yang tersimpan (penanda tangan, tanggal, nomor)."""
    from .certificates.services import delegation_of

    event = _event_or_fail(slug)
    if code and delegation_of(event, code) is None:
        raise click.ClickException(f"Delegasi {code!r} tidak ada pada rapat ini.")
    _export(
        event,
        "undangan",
        fmt,
        output,
        lambda result: f"{result.count} surat undangan ditulis ke {output}.",
        delegation=code,
    )


@export_cli.command("permohonan-narasumber")
@click.option("--event", "slug", required=True, help="Slug rapat.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx"]), default="pdf", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_speaker_requests(slug, fmt, output):
    """Surat permohonan narasumber, satu per narasumber dari luar penyelenggara, dari susunan acara."""
    _export(
        _event_or_fail(slug),
        "permohonan-narasumber",
        fmt,
        output,
        lambda result: f"{result.count} surat permohonan narasumber ditulis ke {output}.",
    )


@export_cli.command("tanda-terima")
@click.option("--event", "slug", required=True, help="Slug rapat.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx", "xlsx"]), default="pdf", show_default=True)
@click.option("--item", default="", help='Yang diterima (bawaan: Seminar kit), mis. "Bahan materi".')
@click.option("--delegation", "code", default="", help="Kode wilayah (mis. 64.01) atau id delegasi; kosong: semua.")
@click.option("--date", "signed_on", default="", help="Tanggal tttt-bb-hh (bawaan: hari pertama rapat).")
@click.option(
    "--per-delegation",
    is_flag=True,
    help="Satu delegasi per lembar: halaman baru (XLSX: sheet sendiri) dengan judul, jumlah dan tanda tangan sendiri.",
)
@_signer_options("signer", "yang mengetahui (sekretariat)")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_receipts(
    slug, fmt, item, code, signed_on, per_delegation, signer_position, signer_name, signer_rank, signer_nip, output
):
    """Tanda terima (seminar kit, bahan materi) per delegasi, dengan kolom tanda tangan."""
    values = {
        "item": item,
        "delegation": code,
        "signed_on": signed_on,
        "per_delegation": "1" if per_delegation else "",
        "signer_position": signer_position,
        "signer_name": signer_name,
        "signer_rank": signer_rank,
        "signer_nip": signer_nip,
    }
    _export(
        _event_or_fail(slug),
        "tanda-terima",
        fmt,
        output,
        lambda result: f"Tanda terima ditulis ke {output}.",
        values=values,
    )


@export_cli.command("papan-nama")
@click.option("--event", "slug", required=True, help="Slug rapat.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx"]), default="pdf", show_default=True)
@click.option("--no-speakers", is_flag=True, help="Tanpa narasumber dan moderator susunan acara.")
@click.option("--no-heads", is_flag=True, help="Tanpa ketua delegasi.")
@click.option(
    "--extra",
    "extra_file",
    type=click.File("r", encoding="utf-8"),
    default=None,
    help="Berkas nama tambahan, satu per baris: Nama | keterangan.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_table_tents(slug, fmt, no_speakers, no_heads, extra_file, output):
    """Papan nama meja (dilipat dua): narasumber, moderator, ketua delegasi dan nama tambahan."""
    values = {
        "speakers": "0" if no_speakers else "1",
        "heads": "0" if no_heads else "1",
        "extra": extra_file.read(200_000) if extra_file else "",
    }
    _export(
        _event_or_fail(slug),
        "papan-nama",
        fmt,
        output,
        lambda result: f"Papan nama ditulis ke {output}.",
        values=values,
    )


@export_cli.command("report")
@click.option("--event", "slug", required=True, help="Slug rapat.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx"]), default="pdf", show_default=True)
@click.option(
    "--signer-position",
    default="",
    help="Jabatan penanda tangan (kosong: yang disimpan, atau Penanggung Jawab Kegiatan).",
)
@click.option("--signer-name", default="", help="Nama penanda tangan.")
@click.option("--signer-rank", default="", help="Golongan, mis. IV/b.")
@click.option("--signer-nip", default="", help="NIP penanda tangan.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_report(slug, fmt, signer_position, signer_name, signer_rank, signer_nip, output):
    """Laporan pelaksanaan: dasar hukum s.d. penutup, lampiran dokumentasi dan rumusan. Tanpa --signer-*:
    penanda tangan yang disimpan di halaman laporan."""
    typed = {"position": signer_position, "name": signer_name, "rank": signer_rank, "nip": signer_nip}
    _export(_event_or_fail(slug), "report", fmt, output, lambda result: f"Laporan ditulis ke {output}.", signer=typed)


@export_cli.command("certificates")
@click.option("--event", "slug", required=True, help="Slug rapat.")
@click.option("--delegation", "code", default=None, help="Kode wilayah (mis. 64.01) atau id delegasi.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx"]), default="pdf", show_default=True)
@click.option(
    "--issue",
    "issue_first",
    is_flag=True,
    help="Terbitkan dulu sertifikat bagi yang baru memenuhi syarat (nomor baru tercatat tetap).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_certificates(slug, code, fmt, issue_first, output):
    """Sertifikat yang sudah diterbitkan (tidak dicabut), satu per halaman."""
    from .certificates import services as certificates

    event = _event_or_fail(slug)
    delegation = certificates.delegation_of(event, code) if code else None
    if code and delegation is None:
        raise click.ClickException(f"Delegasi {code!r} tidak ada pada rapat ini.")
    if issue_first:
        try:
            new = certificates.issue(event)
        except certificates.CertificateRefused as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from None
        click.echo(f"{len(new)} sertifikat baru diterbitkan.")
    if not certificates.issued_count(event, delegation_id=delegation.id if delegation else None):
        raise click.ClickException(
            "Belum ada sertifikat yang diterbitkan"
            + (f" untuk {delegation.name}" if delegation else "")
            + ". Terbitkan di halaman Sertifikat atau tambahkan --issue."
        )
    _export(
        event,
        "certificates",
        fmt,
        output,
        lambda result: f"{result.count} sertifikat ditulis ke {output}.",
        delegation=delegation.id if delegation else None,
    )


@export_cli.command("participants")
@click.option("--event", "slug", required=True, help="Slug rapat.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True)
@click.option("--state", default="", help="Hanya status ini (mis. approved).")
@click.option("--delegation", "code", default=None, help="Kode wilayah (mis. 64.01) atau id delegasi.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_participants(slug, fmt, state, code, output):
    """Daftar peserta (XLSX atau CSV), dengan saringan seperti di halaman peserta."""
    from .certificates.services import delegation_of

    event = _event_or_fail(slug)
    delegation = delegation_of(event, code) if code else None
    if code and delegation is None:
        raise click.ClickException(f"Delegasi {code!r} tidak ada pada rapat ini.")
    filters = {
        key: value
        for key, value in (("state", state), ("delegation", str(delegation.id) if delegation else ""))
        if value
    }
    _export(
        event,
        "participants",
        fmt,
        output,
        lambda result: f"{result.count} peserta ditulis ke {output}.",
        filters=filters,
    )


jobs_cli = AppGroup("jobs", help="Pekerjaan latar belakang (ekspor besar).")


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Berhenti setelah antrean kosong.")
def jobs_worker(burst):
    """Kerjakan antrean RQ (RAKER_REDIS_URL). Pekerjaan yang terhenti karena pekerja mati dijalankan ulang."""
    from .jobs.worker import work

    if not current_app.config.get("RAKER_REDIS_URL"):
        raise click.ClickException(
            "RAKER_REDIS_URL belum diatur: tanpa Redis pekerjaan dijalankan di dalam proses "
            "aplikasi sendiri, tidak perlu pekerja terpisah."
        )
    work(current_app._get_current_object(), burst=burst)  # type: ignore[attr-defined]  # the app behind the proxy


@jobs_cli.command("sweep")
def jobs_sweep():
    """Hapus berkas yang kedaluwarsa dan jalankan ulang pekerjaan yang pekerjanya berhenti."""
    from .jobs.services import sweep

    done = sweep()
    click.echo(f"{done['expired']} berkas kedaluwarsa dihapus, {done['requeued']} pekerjaan dijalankan ulang.")


@click.command("backup")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Berkas cadangan yang ditulis (hak baca hanya pemilik, 0600).",
)
def backup_command(output):
    """Cadangkan seluruh basis data ke satu berkas (termasuk logo, surat tugas, materi, tanda tangan)."""
    from . import backup

    try:
        manifest = backup.create_backup(db.engine, output)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    rows = sum(manifest["tables"].values())
    click.echo(
        f"Cadangan {backup.KIND_NAMES[manifest['database']]} ditulis ke {output}: "
        f"{len(manifest['tables'])} tabel, {rows} baris, revisi skema {manifest['revision'] or 'tidak diketahui'}."
    )
    if manifest["revision"] is None:
        click.echo(
            "Peringatan: basis data tanpa tabel alembic_version; jalankan `flask db stamp head` bila "
            "skemanya dibuat tanpa `flask db upgrade`.",
            err=True,
        )


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Timpa basis data yang sudah berisi data tanpa bertanya.")
def restore_command(file, yes):
    """Pulihkan seluruh basis data dari berkas cadangan FILE (isi basis data sekarang diganti)."""
    from . import backup

    try:
        archive = backup.read_backup(file)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        backup.check_restorable(archive, db.engine)
        db.session.remove()  # no open transaction of ours may hold the database during the restore
        present = sum(backup.row_counts(db.engine).values())
        if present and not yes:
            question = (
                f"Basis data tujuan berisi {present} baris; semuanya diganti isi cadangan "
                f"{archive.manifest.get('created_at', '')}. Lanjutkan?"
            )
            # No terminal (cron, a script) and no --yes: refuse rather than overwrite unasked.
            if not sys.stdin.isatty():
                raise click.ClickException(
                    f"Basis data tujuan berisi {present} baris. Pemulihan akan menimpanya; "
                    "jalankan di terminal untuk menjawab pertanyaan, atau tambahkan --yes."
                )
            if not click.confirm(question, default=False):
                raise click.ClickException("Dibatalkan; basis data tidak diubah.")
        counts = backup.restore_backup(archive, db.engine)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        archive.close()
    click.echo(
        f"Dipulihkan dari {file}: {len(counts)} tabel, {sum(counts.values())} baris, "
        f"revisi skema {archive.revision or 'tidak diketahui'}."
    )
    known, head = backup.known_revisions()
    if archive.revision and archive.revision != head:
        click.echo(f"Skema cadangan lebih lama dari versi ini ({head}): jalankan `flask db upgrade`.")


def register_cli(app) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(export_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(retention_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(seed_demo_command)
    from .tte.cli import tte_cli

    app.cli.add_command(tte_cli)
