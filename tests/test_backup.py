"""flask backup / flask restore: a round trip gives back every row of every table (logos, surat
tugas and signatures included), and a restore that would lose data or cannot be trusted is refused."""

import io
import json
import os
import stat
import tarfile

import pytest
from flask_migrate import upgrade
from PIL import Image, ImageDraw
from sqlalchemy import inspect, select, text

from raker import create_app
from raker.checkin.services import save_signature
from raker.events.services import read_logo
from raker.extensions import db
from raker.models import AssignmentLetter, CheckIn, Event, Registration, ReportPhoto
from raker.models.types import utcnow


@pytest.fixture
def build(fresh_database, tmp_path):
    """build(migrate=True) -> an app on a new database of the backend under test."""
    apps = []

    def make(migrate: bool = True, url: str | None = None):
        app = create_app(
            {
                "RAKER_ENV": "testing",
                "SQLALCHEMY_DATABASE_URI": url or fresh_database(),
                "INSTANCE_PATH": str(tmp_path / f"instance{len(apps)}"),
            }
        )
        apps.append(app)
        if migrate:
            with app.app_context():
                upgrade()
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def cli(app, *args, **kwargs):
    """Run a flask command as the test runner does, inside the app's context."""
    with app.app_context():
        result = app.test_cli_runner().invoke(args=list(args), **kwargs)
        db.session.remove()
    return result


def _png(size=(300, 120), mode="RGB") -> bytes:
    image = Image.new(mode, size, "white")
    ImageDraw.Draw(image).line([(10, 100), (150, 20), (290, 90)], fill="black", width=6)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def snapshot(app) -> dict:
    """Every row of every table, in primary-key order, and the schema revision."""
    with app.app_context():
        db.session.remove()
        with db.engine.connect() as conn:
            names = set(inspect(conn).get_table_names())
            rows = {
                t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
                for t in db.metadata.sorted_tables
                if t.name in names
            }
            rows["alembic_version"] = (
                [tuple(r) for r in conn.execute(text("SELECT version_num FROM alembic_version"))]
                if "alembic_version" in names
                else None
            )
        return {"tables": names, "rows": rows}


def fill(app) -> dict:
    """The demo meeting plus a logo, a surat tugas and a signature on the daftar hadir."""
    result = cli(app, "seed-demo")
    assert result.exit_code == 0, result.output
    with app.app_context():
        event = db.session.scalar(select(Event))
        logo = _png((400, 400))
        event.logo, event.logo_mimetype = read_logo(logo)
        registration = db.session.scalars(
            select(Registration).where(
                Registration.event_id == event.id, Registration.state == "approved", Registration.role == "peserta"
            )
        ).first()
        letter = b"%PDF-1.4\n% surat tugas uji\n" + os.urandom(2048)
        db.session.add(
            AssignmentLetter(registration=registration, filename="surat-tugas.pdf", size=len(letter), data=letter)
        )
        checkin = CheckIn(
            event_id=event.id,
            registration_id=registration.id,
            day=event.start_date,
            scanned_at=utcnow(),
            gate="Pintu Utama",
        )
        db.session.add(checkin)
        db.session.commit()
        save_signature(checkin, _png(mode="RGBA"))
        from raker.report.services import add_photo

        photo = add_photo(event, _png((300, 200)), "Pembukaan rapat")  # the laporan's lampiran dokumentasi
        facts = {
            "event_id": event.id,
            "logo": event.logo,
            "letter": letter,
            "checkin_id": checkin.id,
            "signature": checkin.signature_png,
            "registration_id": registration.id,
            "photo_id": photo.id,
            "photo": photo.data,
        }
        assert facts["signature"]
        db.session.remove()
    return facts


def damage(app, facts) -> None:
    """What a bad day does after the backup: rows changed, deleted and added."""
    with app.app_context():
        event = db.session.get(Event, facts["event_id"])
        event.title = "Judul yang tertimpa"
        event.logo = None
        db.session.get(CheckIn, facts["checkin_id"]).signature_png = None
        db.session.delete(db.session.get(ReportPhoto, facts["photo_id"]))
        db.session.delete(db.session.get(Registration, facts["registration_id"]))
        db.session.commit()
        db.session.remove()
    created = cli(app, "users", "create", "baru@uji.raker.example", "--role", "petugas", "--password", "x" * 12)
    assert created.exit_code == 0, created.output
    with app.app_context():  # a table a later migration added: the restored schema is the backup's
        with db.engine.begin() as conn:
            conn.execute(text("CREATE TABLE fitur_baru (id INTEGER PRIMARY KEY, catatan TEXT)"))
            conn.execute(text("INSERT INTO fitur_baru (id, catatan) VALUES (1, 'sesudah cadangan')"))


def test_round_trip_restores_every_row(build, tmp_path):
    app = build()
    facts = fill(app)
    before = snapshot(app)
    assert before["rows"]["alembic_version"] and sum(len(r) for r in before["rows"].values() if r) > 300
    archive = tmp_path / "raker.backup"

    made = cli(app, "backup", "-o", str(archive))
    assert made.exit_code == 0, made.output
    assert "Cadangan" in made.output and before["rows"]["alembic_version"][0][0] in made.output
    assert stat.S_IMODE(os.stat(archive).st_mode) == 0o600  # personal data: owner only
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no partial file left

    damage(app, facts)
    assert snapshot(app) != before and "fitur_baru" in snapshot(app)["tables"]

    restored = cli(app, "restore", str(archive), "--yes")
    assert restored.exit_code == 0, restored.output
    assert "Dipulihkan" in restored.output
    assert snapshot(app) == before  # table names included: fitur_baru is gone
    with app.app_context():  # the app works on the restored database, bytes included
        assert db.session.get(Event, facts["event_id"]).logo == facts["logo"]
        assert db.session.get(CheckIn, facts["checkin_id"]).signature_png == facts["signature"]
        assert db.session.get(Registration, facts["registration_id"]).assignment_letter.data == facts["letter"]
        assert db.session.get(ReportPhoto, facts["photo_id"]).data == facts["photo"]
    assert (
        app.test_client()
        .post("/auth/login", data={"email": "sekretariat@raker.example", "password": "raker-demo-2026"})
        .status_code
        == 302
    )

    # Restoring onto a new, empty server (how a restore is tested): same rows, no question asked.
    spare = build(migrate=False)
    into_empty = cli(spare, "restore", str(archive))
    assert into_empty.exit_code == 0, into_empty.output
    assert snapshot(spare) == before


def test_restore_asks_before_overwriting_data(build, tmp_path):
    app = build()
    facts = fill(app)
    archive = tmp_path / "raker.backup"
    assert cli(app, "backup", "-o", str(archive)).exit_code == 0
    damage(app, facts)
    after_damage = snapshot(app)

    # The test runner has no terminal: without --yes nothing is overwritten.
    refused = cli(app, "restore", str(archive))
    assert refused.exit_code == 1
    assert "berisi" in refused.output and "--yes" in refused.output
    assert snapshot(app) == after_damage


def test_restore_refuses_a_backup_from_a_newer_schema(build, tmp_path):
    newer = build()
    fill(newer)
    with newer.app_context():  # as if a later Raker, with a migration this code lacks, made the backup
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    archive = tmp_path / "newer.backup"
    assert cli(newer, "backup", "-o", str(archive)).exit_code == 0

    target = build()
    fill(target)
    before = snapshot(target)
    for args in (["restore", str(archive)], ["restore", str(archive), "--yes"]):
        refused = cli(target, *args)
        assert refused.exit_code == 1
        assert "revisi skema ffffffffffff" in refused.output and "lebih baru" in refused.output
    assert snapshot(target) == before


def test_restore_refuses_missing_and_wrong_files(build, tmp_path):
    app = build()
    fill(app)
    before = snapshot(app)

    missing = cli(app, "restore", str(tmp_path / "tidak-ada.backup"), "--yes")
    assert missing.exit_code == 1 and "tidak ada" in missing.output

    text_file = tmp_path / "catatan.txt"
    text_file.write_text("bukan cadangan")
    pdf = tmp_path / "laporan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + os.urandom(500))
    other_tar = tmp_path / "lain.tar.gz"
    with tarfile.open(other_tar, "w:gz") as archive:
        archive.add(text_file, arcname="catatan.txt")
    bad_manifest = tmp_path / "palsu.backup"
    with tarfile.open(bad_manifest, "w:gz") as archive:
        body = json.dumps({"format": "sesuatu-lain"}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(body)
        archive.addfile(info, io.BytesIO(body))
    for wrong in (text_file, pdf, other_tar, bad_manifest):
        result = cli(app, "restore", str(wrong), "--yes")
        assert result.exit_code == 1, wrong
        assert "bukan berkas cadangan Raker" in result.output, result.output

    # A real backup cut short (a full disk, an interrupted copy) is refused too.
    archive = tmp_path / "raker.backup"
    assert cli(app, "backup", "-o", str(archive)).exit_code == 0
    cut = tmp_path / "terpotong.backup"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    result = cli(app, "restore", str(cut), "--yes")
    assert result.exit_code == 1 and ("rusak" in result.output or "bukan berkas cadangan" in result.output), (
        result.output
    )
    assert snapshot(app) == before


def test_backup_says_what_is_missing_on_postgresql(build, tmp_path, monkeypatch, is_postgres):
    if not is_postgres:
        pytest.skip("pg_dump is for PostgreSQL only")
    app = build()
    fill(app)
    empty = tmp_path / "kosong"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    archive = tmp_path / "raker.backup"
    result = cli(app, "backup", "-o", str(archive))
    assert result.exit_code == 1 and "pg_dump tidak ditemukan" in result.output
    assert "postgresql-client" in result.output and not archive.exists()

    # An operator's old client on the PATH: pg_dump 9.6 cannot dump a newer server.
    old = tmp_path / "lama"
    old.mkdir()
    (old / "pg_dump").write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    (old / "pg_dump").chmod(0o755)
    monkeypatch.setenv("PATH", f"{old}:/usr/bin:/bin")
    result = cli(app, "backup", "-o", str(archive))
    assert result.exit_code == 1 and "terlalu lama" in result.output and "9.6" in result.output
    assert not archive.exists()


def test_restore_refuses_a_backup_of_the_other_kind_of_database(build, tmp_path, is_postgres):
    app = build()
    fill(app)
    archive = tmp_path / "raker.backup"
    assert cli(app, "backup", "-o", str(archive)).exit_code == 0
    other = tmp_path / "lain.backup"  # the same backup, declared as made on the other kind of database
    with tarfile.open(archive) as source, tarfile.open(other, "w:gz") as target:
        manifest = json.loads(source.extractfile("manifest.json").read())
        manifest["database"] = "sqlite" if is_postgres else "postgresql"
        body = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(body)
        target.addfile(info, io.BytesIO(body))
        dump = source.extractfile("database.pgdump" if is_postgres else "database.sqlite3").read()
        info = tarfile.TarInfo("database.sqlite3" if is_postgres else "database.pgdump")
        info.size = len(dump)
        target.addfile(info, io.BytesIO(dump))
    before = snapshot(app)
    result = cli(app, "restore", str(other), "--yes")
    assert result.exit_code == 1 and "pulihkan ke basis data sejenis" in result.output, result.output
    assert snapshot(app) == before


def test_backup_refuses_a_folder_that_does_not_exist(build, tmp_path):
    app = build()
    result = cli(app, "backup", "-o", str(tmp_path / "tidak-ada" / "raker.backup"))
    assert result.exit_code == 1 and "tidak ada" in result.output
    assert not (tmp_path / "tidak-ada").exists()


def test_nightly_script_writes_a_private_backup_and_keeps_n_days(build, tmp_path):
    import subprocess
    import time
    from pathlib import Path

    app = build()
    fill(app)
    folder = tmp_path / "cadangan"
    folder.mkdir(mode=0o755)
    old, recent, other = (
        folder / "raker-20260101T021500Z.backup",
        folder / "raker-kemarin.backup",
        folder / "catatan.txt",
    )
    for path, days in ((old, 20), (recent, 3), (other, 40)):
        path.write_bytes(b"lama")
        stamp = time.time() - days * 86400
        os.utime(path, (stamp, stamp))
    env_file = tmp_path / "raker.env"  # cron's environment is nearly empty: the settings come from here
    env_file.write_text(
        f"RAKER_ENV=testing\nDATABASE_URL={app.config['SQLALCHEMY_DATABASE_URI']}\n"
        f"RAKER_INSTANCE_PATH={tmp_path / 'instance-cron'}\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        ["bash", str(root / "scripts" / "backup.sh")],
        capture_output=True,
        text=True,
        timeout=300,
        env={
            "PATH": os.environ["PATH"],
            "HOME": str(tmp_path),
            "RAKER_ENV_FILE": str(env_file),
            "BACKUP_DIR": str(folder),
            "KEEP_DAYS": "14",
        },
    )
    assert done.returncode == 0, done.stderr
    made = sorted(p for p in folder.glob("raker-2*.backup") if p != old)
    assert len(made) == 1 and "Cadangan" in done.stdout
    assert stat.S_IMODE(made[0].stat().st_mode) == 0o600 and stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert not old.exists() and recent.exists() and other.exists()  # only our own files older than 14 days go

    spare = build(migrate=False)  # and the file restores
    assert cli(spare, "restore", str(made[0])).exit_code == 0
    assert snapshot(spare) == snapshot(app)


def _restore_at_a_terminal(app, archive, answer: str, tmp_path) -> tuple[int, str]:
    """`flask restore` run by a person at a terminal (a pseudo-terminal), answering the question."""
    import pty
    import select as wait
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "RAKER_ENV": "testing",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "RAKER_INSTANCE_PATH": str(tmp_path / "tty"),
    }
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [str(root / ".venv" / "bin" / "flask"), "--app", str(root / "run.py"), "restore", str(archive)],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=env,
        cwd=root,
    )
    os.close(terminal)
    output, answered = b"", False
    try:
        while True:
            ready, _, _ = wait.select([controller], [], [], 120)
            if not ready:
                raise AssertionError(f"no answer from flask restore: {output!r}")
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closed: the command has ended
                break
            if not chunk:
                break
            output += chunk
            if not answered and b"Lanjutkan?" in output:
                os.write(controller, answer.encode() + b"\n")
                answered = True
    finally:
        os.close(controller)
    return process.wait(timeout=120), output.decode(errors="replace")


def test_restore_at_a_terminal_asks_first(build, tmp_path):
    app = build()
    facts = fill(app)
    before = snapshot(app)
    archive = tmp_path / "raker.backup"
    assert cli(app, "backup", "-o", str(archive)).exit_code == 0
    damage(app, facts)
    after_damage = snapshot(app)

    code, output = _restore_at_a_terminal(app, archive, "n", tmp_path)
    assert code == 1 and "Lanjutkan?" in output and "Dibatalkan" in output, output
    assert snapshot(app) == after_damage

    code, output = _restore_at_a_terminal(app, archive, "y", tmp_path)
    assert code == 0 and "Dipulihkan" in output, output
    assert snapshot(app) == before
