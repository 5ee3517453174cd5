"""Backup and restore of the whole database in one file (`flask backup`, `flask restore`).

A backup is a tar archive (gzipped for SQLite) with two members: `manifest.json` (format, database kind,
Alembic schema revision, rows per table) and the dump — the SQLite file copied through
sqlite3's online backup API, or pg_dump's custom-format archive. Logos, surat tugas, session
materials, signatures, mail attachments and the report's photos are stored in the database, so the dump holds them.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import func, inspect, select, table, text
from sqlalchemy.engine import Engine, make_url

log = logging.getLogger(__name__)

FORMAT = "raker-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
KIND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in Indonesian."""


@dataclass
class Backup:
    """A backup file read and checked, its dump extracted to a temporary folder."""

    path: Path
    manifest: dict
    dump: Path
    workdir: tempfile.TemporaryDirectory = field(repr=False)

    @property
    def revision(self) -> str | None:
        return self.manifest.get("revision")

    def close(self) -> None:
        self.workdir.cleanup()


# ---- facts about a database ---------------------------------------------------------------------


def kind(engine: Engine) -> str:
    name = engine.dialect.name
    if name not in DUMPS:
        raise BackupError(f"Basis data {name} tidak didukung; hanya SQLite dan PostgreSQL.")
    return name


def _revision(conn) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _row_counts(conn) -> dict[str, int]:
    names = sorted(n for n in inspect(conn).get_table_names() if n != "alembic_version")
    return {n: conn.execute(select(func.count()).select_from(table(n))).scalar_one() for n in names}


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return _row_counts(conn)


def known_revisions() -> tuple[set[str], str | None]:
    """Every schema revision this version of Raker knows, and its head."""
    from alembic.script import ScriptDirectory
    from flask import current_app

    config = current_app.extensions["migrate"].migrate.get_config()
    script = ScriptDirectory.from_config(config)
    return {s.revision for s in script.walk_revisions()}, script.get_current_head()


# ---- PostgreSQL client tools --------------------------------------------------------------------


def _major(version_text: str) -> int | None:
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", version_text) or re.search(r"\b(\d+)\.\d+", version_text)
    return int(match.group(1)) if match else None


def pg_tool(name: str, server_major: int) -> str:
    """The path of pg_dump/pg_restore, refused when missing or older than the server: an older
    pg_dump refuses a newer server, and an older pg_restore cannot read a newer archive."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} tidak ditemukan di PATH. Pasang alat klien PostgreSQL versi {server_major} "
            f"atau lebih baru (Debian/Ubuntu: apt-get install postgresql-client)."
        )
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30, check=False).stdout
    except OSError as exc:
        raise BackupError(f"{name} tidak dapat dijalankan: {exc}") from None
    major = _major(out)
    if major is None or major < server_major:
        found = out.strip() or "versi tidak diketahui"
        raise BackupError(
            f"{name} terlalu lama ({found}) untuk server PostgreSQL {server_major}. "
            f"Pasang postgresql-client-{server_major} atau lebih baru."
        )
    return path


def _server_major(conn) -> int:
    return int(conn.execute(text("SHOW server_version_num")).scalar()) // 10000


def _libpq(engine: Engine) -> tuple[str, dict]:
    """A libpq connection string without the password, which goes in PGPASSWORD (not in `ps`)."""
    url = make_url(engine.url.render_as_string(hide_password=False))
    parts: dict[str, object] = {"host": url.host, "port": url.port, "user": url.username, "dbname": url.database}
    parts.update(url.query)  # sslmode and friends
    conninfo = " ".join(f"{k}='{str(v)}'" for k, v in parts.items() if v not in (None, ""))
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    return conninfo, env


def _run(args: list[str], env: dict, what: str) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{what} gagal: " + (" / ".join(detail[-5:]) or f"kode keluar {done.returncode}"))


# ---- backup -------------------------------------------------------------------------------------


def _dump_sqlite(engine: Engine, target: Path) -> tuple[str | None, dict]:
    source_path = engine.url.database
    if not source_path or source_path == ":memory:":
        raise BackupError("Basis data SQLite di memori tidak dapat dicadangkan.")
    if not Path(source_path).is_file():
        raise BackupError(f"Berkas basis data {source_path} tidak ada.")
    source = sqlite3.connect(source_path, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # a consistent snapshot while the app keeps writing
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        source.close()
        copy.close()
    snapshot = sqlite3.connect(target)
    try:
        names = [
            r[0]
            for r in snapshot.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        revision = (
            (snapshot.execute("SELECT version_num FROM alembic_version").fetchone() or [None])[0]
            if "alembic_version" in names
            else None
        )
        counts = {
            n: snapshot.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names if n != "alembic_version"
        }
    finally:
        snapshot.close()
    return revision, counts


def _dump_postgresql(engine: Engine, target: Path) -> tuple[str | None, dict, dict]:
    with engine.connect() as conn:
        server = _server_major(conn)
    pg_dump = pg_tool("pg_dump", server)
    conninfo, env = _libpq(engine)
    # The counts and the revision are read in the very snapshot pg_dump dumps, so the manifest
    # describes the dump exactly even while registrations keep arriving.
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        with conn.begin():
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar()
            revision, counts = _revision(conn), _row_counts(conn)
            _run(
                [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}", f"--dbname={conninfo}"],
                env,
                "pg_dump",
            )
    return revision, counts, {"server_major": server}


def create_backup(engine: Engine, output: str | os.PathLike) -> dict:
    """Write a backup of the whole database to `output` (mode 0600, replaced atomically)."""
    output = Path(output)
    if output.is_dir():
        raise BackupError(f"{output} adalah folder; beri nama berkas, mis. {output / 'raker.backup'}.")
    if not output.parent.is_dir():
        raise BackupError(f"Folder {output.parent} tidak ada.")
    which = kind(engine)
    # The dump is staged beside the output (a private 0700 folder), not in /tmp, which may be a
    # small tmpfs or readable by others' tools.
    with tempfile.TemporaryDirectory(prefix=".raker-backup-", dir=output.parent) as workdir:
        dump = Path(workdir) / DUMPS[which]
        extra: dict[str, object] = {}
        if which == "sqlite":
            revision, counts = _dump_sqlite(engine, dump)
        else:
            revision, counts, extra = _dump_postgresql(engine, dump)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "database": which,
            "revision": revision,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "tables": counts,
            **extra,
        }
        partial = output.with_name(f".{output.name}.{os.getpid()}.partial")
        # Personal data: readable by the owner only, from the first byte on.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            # pg_dump -Fc is compressed already; the SQLite file is not.
            mode: Literal["w:gz", "w"] = "w:gz" if which == "sqlite" else "w"
            with os.fdopen(fd, "wb") as handle, tarfile.open(fileobj=handle, mode=mode) as archive:
                body = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(body), 0o600, int(datetime.now(UTC).timestamp())
                archive.addfile(info, io.BytesIO(body))
                archive.add(dump, arcname=DUMPS[which], recursive=False)
            os.chmod(partial, 0o600)
            os.replace(partial, output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    log.info(
        "backup job done",
        extra={"job": "backup", "database": which, "revision": revision, "rows": sum(counts.values())},
    )
    return manifest


# ---- restore ------------------------------------------------------------------------------------


def read_backup(path: str | os.PathLike) -> Backup:
    """Open and check a backup file; its dump is extracted to a temporary folder (close() it)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Berkas cadangan {path} tidak ada.")
    not_ours = f"{path} bukan berkas cadangan Raker (buat dengan: flask backup -o BERKAS)."
    try:
        archive = tarfile.open(path, mode="r:*")
    except (tarfile.TarError, OSError, EOFError):
        raise BackupError(not_ours) from None
    workdir = tempfile.TemporaryDirectory(prefix="raker-restore-")
    try:
        with archive:
            try:
                member = archive.extractfile(MANIFEST)  # None when the name is not a file (a folder)
                if member is None:
                    raise BackupError(not_ours)
                manifest = json.loads(member.read())
            except (KeyError, ValueError, tarfile.TarError, OSError, EOFError):
                raise BackupError(not_ours) from None
            if (
                not isinstance(manifest, dict)
                or manifest.get("format") != FORMAT
                or manifest.get("database") not in DUMPS
                or not isinstance(manifest.get("tables"), dict)
            ):
                raise BackupError(not_ours)
            if manifest.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    f"Format cadangan versi {manifest.get('format_version')} tidak dikenal versi "
                    f"Raker ini (versi {FORMAT_VERSION}). Pasang versi Raker yang membuatnya."
                )
            name = DUMPS[manifest["database"]]
            dump = Path(workdir.name) / name
            # Members are copied by name into our own folder: no path from the archive is trusted.
            try:
                member = archive.extractfile(name)
                if member is None:
                    raise KeyError(name)
                with member, open(dump, "wb") as out:
                    shutil.copyfileobj(member, out)
            except (KeyError, tarfile.TarError, OSError, EOFError):
                raise BackupError(f"{path} rusak atau tidak lengkap: {name} tidak terbaca.") from None
    except BaseException:
        workdir.cleanup()
        raise
    return Backup(path=path, manifest=manifest, dump=dump, workdir=workdir)


def check_restorable(backup: Backup, engine: Engine) -> None:
    """Refuse a backup for another kind of database or from a schema this code does not know."""
    which = kind(engine)
    if backup.manifest["database"] != which:
        raise BackupError(
            f"Cadangan ini dari {KIND_NAMES[backup.manifest['database']]}, sedangkan basis data "
            f"tujuan {KIND_NAMES[which]}; pulihkan ke basis data sejenis."
        )
    known, head = known_revisions()
    if backup.revision is not None and backup.revision not in known:
        raise BackupError(
            f"Cadangan berasal dari revisi skema {backup.revision} yang lebih baru dari (tidak dikenal "
            f"oleh) versi Raker ini (revisi terbaru: {head}). Pasang versi Raker yang membuat "
            f"cadangan itu, lalu pulihkan lagi."
        )


def _restore_sqlite(backup: Backup, engine: Engine) -> None:
    target = engine.url.database
    if not target or target == ":memory:":
        raise BackupError("Tidak dapat memulihkan ke basis data SQLite di memori.")
    source = sqlite3.connect(f"file:{backup.dump}?mode=ro", uri=True)
    try:
        if source.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"Basis data di dalam {backup.path} rusak.")
    except sqlite3.DatabaseError:
        source.close()
        raise BackupError(f"Basis data di dalam {backup.path} rusak.") from None
    engine.dispose()
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    dest = sqlite3.connect(target, timeout=30)
    try:
        # Page by page into the live file, under its lock: other connections see the old
        # database or the restored one, never a mixture; tables absent from the backup go too.
        source.backup(dest)
    finally:
        source.close()
        dest.close()


def _restore_postgresql(backup: Backup, engine: Engine) -> None:
    with engine.connect() as conn:
        server = _server_major(conn)
    pg_restore = pg_tool("pg_restore", server)
    conninfo, env = _libpq(engine)
    engine.dispose()
    # One transaction: on any error the database stays as it was. --no-owner/--no-acl let the
    # backup of one server be restored by another role on another server.
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={conninfo}",
            str(backup.dump),
        ],
        env,
        "pg_restore",
    )
    # Tables of a newer schema that the backup does not have would otherwise survive the restore.
    keep = set(backup.manifest["tables"]) | ({"alembic_version"} if backup.revision else set())
    with engine.begin() as conn:
        for name in inspect(conn).get_table_names():
            if name not in keep:
                conn.execute(text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))


def restore_backup(backup: Backup, engine: Engine) -> dict[str, int]:
    """Replace the database's whole content with the backup's; returns the rows per table."""
    check_restorable(backup, engine)
    if backup.manifest["database"] == "sqlite":
        _restore_sqlite(backup, engine)
    else:
        _restore_postgresql(backup, engine)
    engine.dispose()
    counts = row_counts(engine)
    if counts != backup.manifest["tables"]:
        differ = sorted(
            n for n in set(counts) | set(backup.manifest["tables"]) if counts.get(n) != backup.manifest["tables"].get(n)
        )
        raise BackupError(
            "Pemulihan selesai tetapi jumlah baris tidak sama dengan cadangan pada tabel: "
            + ", ".join(differ)
            + ". Periksa basis data sebelum dipakai."
        )
    log.info(
        "restore job done",
        extra={
            "job": "restore",
            "database": backup.manifest["database"],
            "revision": backup.manifest["revision"],
            "rows": sum(counts.values()),
        },
    )
    return counts
