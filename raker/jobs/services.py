"""The rules of a job: start it, run it (with progress and a heartbeat), re-queue it when its worker
stopped, expire its file. The queue itself (RQ or threads) is raker.jobs.queue; the work is
raker.exports.export(), the same call the pages and the CLI make."""

import logging
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from sqlalchemy import CursorResult, or_, select, update

from .. import exports
from ..audit import record
from ..extensions import db
from ..letters import LetterRefused
from ..models import Event, Job, User, utcnow
from . import queue

log = logging.getLogger(__name__)

FAILED_MESSAGE = (
    "Terjadi kesalahan saat menyusun berkas. Coba lagi; bila terulang, hubungi tim teknis (lihat log server)."
)
STOPPED_MESSAGE = "Pekerja berhenti {n} kali saat menyusun berkas ini; tidak dicoba lagi."
PROGRESS_EVERY = 0.5  # seconds between two progress writes


@dataclass(frozen=True)
class Work:
    """Background work that is not an export (an import): run(event, fmt, progress=, owner=, **options)
    returns an exports.ExportFile (the report of what was done) like an export does."""

    title: str
    formats: tuple[str, ...]
    run: Callable[..., exports.ExportFile]


WORK: dict[str, Work] = {}


def _import_participants(
    event: Event,
    fmt: str,
    *,
    progress: exports.Progress | None = None,
    owner: User | None = None,
    upload: str,
    mapping: dict[str, int | None],
    approve: bool,
) -> exports.ExportFile:
    """An uploaded participant list of thousands of rows, imported row by row as the page would."""
    from ..models import ImportUpload
    from ..registration import imports
    from ..registration.exports import import_report_csv

    stored = db.session.scalar(
        select(ImportUpload).where(ImportUpload.key == upload, ImportUpload.event_id == event.id)
    )
    if stored is None:
        raise exports.ExportRefused("Berkas impor sudah tidak ada (sudah diimpor atau dihapus oleh retensi).", 404)
    try:
        report = imports.finish_import(
            event,
            stored,
            imports.read_table(stored.filename, stored.data),
            mapping,
            by=owner,
            approve=approve,
            progress=progress,
        )
    except imports.ImportFileError as error:
        raise exports.ExportRefused(str(error), 400) from None
    # the rows are in; what follows only records the job's end
    return exports.ExportFile(
        f"hasil-impor-{event.slug}.csv",
        exports.MIMETYPES["csv"],
        import_report_csv(report),
        count=len(report.rows),
        note=f"{report.imported} baris diimpor, {report.refused} ditolak (rinciannya di berkas).",
    )


WORK["participants-import"] = Work("Impor peserta", ("csv",), _import_participants)


def _kind(kind: str) -> Work | exports.Kind:
    return WORK.get(kind) or exports.get(kind)


def result_folder() -> Path:
    folder = Path(current_app.instance_path) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def result_path(job: Job) -> Path:
    return result_folder() / f"{job.key}.{job.fmt}"


def start(
    event: Event, kind: str, fmt: str, options: dict[str, Any], *, by: User | None, total: int | None = None
) -> Job:
    """A queued job for exports.export(event, kind, fmt, **options); refused (ExportRefused) when the
    kind or format is unknown, before anything is saved."""
    found = _kind(kind)
    if fmt not in found.formats:
        raise exports.ExportRefused(f"Format {fmt!r} tidak tersedia untuk {found.title}.", 404)
    sweep()
    job = Job(
        key=secrets.token_hex(16),
        event_id=event.id,
        owner_id=getattr(by, "id", None),
        kind=kind,
        fmt=fmt,
        options=options,
        backend=queue.backend_name(),
        state="queued",
        total=total if total is not None else exports.size(event, kind, **options),
    )
    db.session.add(job)
    record("job.started", job, event_id=event.id, user=by, kind=found.title, format=fmt)
    db.session.commit()
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the app behind the proxy
    queue.enqueue(app, job.id, perform_in)
    return job


def _write_progress(job_id: int, **values: object) -> None:
    """Progress and heartbeat on their own connection: the export's session keeps its objects loaded."""
    with db.engine.begin() as connection:
        connection.execute(update(Job).where(Job.id == job_id, Job.state == "running").values(**values))


class _Heartbeat(threading.Thread):
    """Marks the job alive while a renderer draws for a long while without reporting progress."""

    def __init__(self, app: Flask, job_id: int, every: float) -> None:
        super().__init__(daemon=True, name=f"job-heartbeat-{job_id}")
        self.app, self.job_id, self.every = app, job_id, every
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            with self.app.app_context():
                _write_progress(self.job_id, heartbeat_at=utcnow())


def run(job_id: int) -> str | None:
    """Do the job's work; the state it ends in. A job already done, failed or running elsewhere (a fresh
    heartbeat: it was queued twice) is left alone."""
    now = utcnow()
    stale = now - timedelta(seconds=current_app.config["JOB_STALE_SECONDS"])
    # Claimed in one statement: of two workers handed the same job, one gets it.
    claimed: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]  # an UPDATE's result has a rowcount
        update(Job)
        .where(Job.id == job_id, or_(Job.state == "queued", (Job.state == "running") & (Job.heartbeat_at < stale)))
        .values(state="running", attempts=Job.attempts + 1, message=None, started_at=now, heartbeat_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if not claimed.rowcount:
        left = db.session.get(Job, job_id)
        return left.state if left else None
    job = db.session.get_one(Job, job_id)  # claimed above: the row is there
    event, owner, options = db.session.get(Event, job.event_id), job.owner, dict(job.options or {})
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY or done >= total:
            last[0] = now
            _write_progress(job_id, done=done, total=total, heartbeat_at=utcnow())

    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the app behind the proxy
    heartbeat = _Heartbeat(app, job_id, max(0.2, current_app.config["JOB_STALE_SECONDS"] / 4))
    heartbeat.start()
    try:
        if job.kind in WORK:
            result = WORK[job.kind].run(event, job.fmt, progress=progress, owner=owner, **options)
        else:
            result = exports.export(event, job.kind, job.fmt, progress=progress, **options)
    except LetterRefused as error:  # ExportRefused, and the domains' own refusals
        return _finish(job_id, "failed", message=error.message)
    except Exception:
        log.exception("job %s (%s %s) failed", job_id, job.kind, job.fmt)
        return _finish(job_id, "failed", message=FAILED_MESSAGE)
    finally:
        heartbeat.stopped.set()
        heartbeat.join()
    path = result_path(job)
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    partial.write_bytes(result.body)
    os.replace(partial, path)  # a reader never sees half a file
    return _finish(job_id, "done", result=result, owner=owner)


def _finish(
    job_id: int,
    state: str,
    *,
    message: str | None = None,
    result: exports.ExportFile | None = None,
    owner: User | None = None,
) -> str:
    db.session.rollback()  # whatever the export left in the session is not ours to commit
    job = db.session.get_one(Job, job_id)
    job.state, job.message, job.finished_at = state, message, utcnow()
    if result is not None:
        job.message = result.note
        job.filename, job.mimetype, job.inline, job.size = (
            result.filename,
            result.mimetype,
            result.inline,
            len(result.body),
        )
        job.done = job.total = max(job.total, result.count or 0, 1)
        job.expires_at = utcnow() + timedelta(hours=current_app.config["JOB_RESULT_HOURS"])
        audit(job.event, result, owner)
    db.session.commit()
    return state


def audit(event: Event, result: exports.ExportFile, user: User | None) -> None:
    """Exports of personal data are recorded (who exported what), from a page or from a job."""
    if result.audit:
        action, details = result.audit
        record(action, event, event_id=event.id, user=user, **details)


def sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Expire finished jobs' files; re-queue running jobs whose worker stopped (no heartbeat), and
    queued ones of a worker thread that is gone. Run at a worker's start, before each new job, by
    `flask jobs sweep` and by the retention run."""
    now = now or utcnow()
    expired = expire(now=now)
    cutoff = now - timedelta(seconds=current_app.config["JOB_STALE_SECONDS"])
    stale = or_(Job.state == "running", Job.backend == "thread")
    rows = db.session.scalars(
        select(Job).where(
            Job.state.in_(("queued", "running")),
            stale,
            or_(Job.heartbeat_at < cutoff, Job.heartbeat_at.is_(None) & (Job.created_at < cutoff)),
        )
    ).all()
    again = []
    for job in rows:
        if job.attempts >= current_app.config["JOB_MAX_ATTEMPTS"]:
            job.state, job.finished_at = "failed", now
            job.message = STOPPED_MESSAGE.format(n=job.attempts)
            continue
        job.state, job.heartbeat_at, job.backend = "queued", now, queue.backend_name()
        job.message = "Dijalankan ulang: pekerja sebelumnya berhenti."
        again.append(job.id)
    db.session.commit()
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the app behind the proxy
    for job_id in again:
        queue.enqueue(app, job_id, perform_in)
    return {"expired": expired, "requeued": len(again)}


def expire(*, now: datetime | None = None) -> int:
    """Remove the files of jobs past their expiry; the row stays (who exported what, when)."""
    now = now or utcnow()
    rows = db.session.scalars(select(Job).where(Job.state == "done", Job.expires_at < now)).all()
    for job in rows:
        result_path(job).unlink(missing_ok=True)
        job.state = "expired"
    db.session.commit()
    return len(rows)


def of_event(event: Event, key: str) -> Job | None:
    """The job `key` when it belongs to the meeting (another meeting's job is not found)."""
    if not key or len(key) > 32:
        return None
    return db.session.scalar(select(Job).where(Job.key == key, Job.event_id == event.id))


def recent(event: Event, limit: int = 20) -> list[Job]:
    return list(
        db.session.scalars(
            select(Job).where(Job.event_id == event.id).order_by(Job.created_at.desc(), Job.id.desc()).limit(limit)
        )
    )


def status(job: Job) -> dict[str, object]:
    return {
        "state": job.state,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "message": job.message,
        "filename": job.filename,
    }


def title(job: Job) -> str:
    known = job.kind in WORK or job.kind in exports.KINDS
    return f"{_kind(job.kind).title} ({job.fmt.upper()})" if known else job.kind


def perform_in(app: Flask, job_id: int) -> str | None:
    with app.app_context():
        try:
            return run(job_id)
        except Exception:  # run() records the failure; a crash here must not kill the worker thread
            log.exception("job %s could not be run", job_id)
            return None
        finally:
            db.session.remove()
