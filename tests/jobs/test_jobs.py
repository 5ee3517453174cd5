"""Long exports as background jobs (issue 15.3): through the embedded worker threads and a real RQ
worker on the local Redis, with progress, a failure's message, expiry, a worker killed mid-run, and
another meeting's staff kept out."""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from raker import exports
from raker.events import services as events
from raker.extensions import db
from raker.jobs import queue
from raker.jobs import services as jobs
from raker.models import AuditLog, Job, Registration, utcnow
from raker.registration.services import new_checkin_code
from tests.factories import make_event, make_user

REDIS_URL = "redis://127.0.0.1:6379/0"
ROOT = Path(__file__).resolve().parents[2]


def approved(event, delegation, count: int) -> None:
    """`count` approved participants written at once (the registration service mails a badge to each)."""
    db.session.add_all(
        Registration(
            event_id=event.id,
            delegation_id=delegation.id,
            full_name=f"Peserta Massal {n:05d}",
            asn_status="non_asn",
            position="Analis",
            institution=f"Dinas {n % 7}",
            email=f"massal{n}@uji.raker.example",
            state="approved",
            checkin_code=new_checkin_code(),
        )
        for n in range(count)
    )
    db.session.commit()


def meeting(title="Rapat Kerja Besar", count=120):
    event = make_event(title=title)
    delegation = events.add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    approved(event, delegation, count)
    return event


def wait_for(app, key: str, states=("done", "failed"), timeout=90.0) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with app.app_context():
            job = db.session.scalar(select(Job).where(Job.key == key))
            if job.state in states:
                db.session.expunge(job)
                return job
        time.sleep(0.1)
    raise AssertionError(f"job {key} not {states} after {timeout} s")


@pytest.fixture
def jobs_app(app_factory):
    """Every export a job (JOBS_INLINE_ROWS=0), worked by threads in this process."""
    application = app_factory(JOBS_INLINE_ROWS=0)
    with application.app_context():
        yield application
    queue.wait_for_threads(application)


def key_from(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return response.headers["Location"].rstrip("/").split("/")[-1]


def test_a_big_badge_batch_is_a_job_with_a_bar_then_the_file(jobs_app):
    event = meeting(count=150)
    secretary = make_user("sekretariat", event=event)
    client = jobs_app.test_client(user=secretary)
    response = client.get(f"/admin/events/{event.slug}/attendance/badges.pdf")
    key = key_from(response)
    page = client.get(f"/admin/events/{event.slug}/berkas/{key}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<progress" in html and "Tanda peserta (PDF)" in html and "job-progress.js" in html
    job = wait_for(jobs_app, key)
    assert job.state == "done", job.message
    assert (job.done, job.total) == (150, 150) and job.backend == "thread"
    status = client.get(f"/admin/events/{event.slug}/berkas/{key}/status.json").get_json()
    assert status["state"] == "done" and status["percent"] == 100 and status["download_url"].endswith("/unduh")
    done_page = client.get(f"/admin/events/{event.slug}/berkas/{key}").get_data(as_text=True)
    assert f"Unduh tanda-peserta-{event.slug}.pdf" in done_page and "http-equiv" not in done_page
    file = client.get(status["download_url"])
    assert file.status_code == 200 and file.mimetype == "application/pdf" and file.data.startswith(b"%PDF")
    assert f"tanda-peserta-{event.slug}.pdf" in file.headers["Content-Disposition"]
    # who exported what: the job's owner, as for a download at once
    rows = db.session.scalars(select(AuditLog).where(AuditLog.action == "export.badges")).all()
    assert [(row.user_id, row.details["count"]) for row in rows] == [(secretary.id, 150)]
    listing = client.get(f"/admin/events/{event.slug}/berkas/").get_data(as_text=True)
    assert f"tanda-peserta-{event.slug}.pdf" in listing and "Selesai" in listing


def test_a_small_export_is_answered_at_once(app_factory):
    application = app_factory()  # JOBS_INLINE_ROWS 500
    with application.app_context():
        event = meeting(count=3)
        client = application.test_client(user=make_user("sekretariat", event=event))
        response = client.get(f"/admin/events/{event.slug}/participants.xlsx")
        assert response.status_code == 200 and response.data.startswith(b"PK")
        assert db.session.scalar(select(Job.id)) is None


def test_the_page_without_javascript_refreshes_itself(jobs_app):
    event = meeting(count=5)
    with jobs_app.test_request_context():
        job = Job(
            key=uuid.uuid4().hex,
            event_id=event.id,
            kind="badges",
            fmt="pdf",
            options={},
            backend="thread",
            state="running",
            done=2,
            total=5,
        )
        db.session.add(job)
        db.session.commit()
    client = jobs_app.test_client(user=make_user("sekretariat", event=event))
    html = client.get(f"/admin/events/{event.slug}/berkas/{job.key}").get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert "Sedang disusun: 2 dari 5" in html and 'value="40"' in html


def test_a_failure_is_shown_with_its_message(jobs_app):
    event = meeting(count=2)
    client = jobs_app.test_client(user=make_user("sekretariat", event=event))
    # a day that stopped being a meeting day between the click and the work: the job fails with the reason
    with jobs_app.test_request_context():
        job = jobs.start(event, "attendance", "pdf", {"day": (event.end_date + timedelta(days=3)).isoformat()}, by=None)
    failed = wait_for(jobs_app, job.key)
    assert failed.state == "failed" and failed.message == "Tanggal itu bukan hari rapat."
    status = client.get(f"/admin/events/{event.slug}/berkas/{job.key}/status.json").get_json()
    assert status["state"] == "failed" and status["message"] == "Tanggal itu bukan hari rapat."
    assert status["download_url"] is None
    html = client.get(f"/admin/events/{event.slug}/berkas/{job.key}").get_data(as_text=True)
    assert "Gagal disusun." in html and "Tanggal itu bukan hari rapat." in html
    assert client.get(f"/admin/events/{event.slug}/berkas/{job.key}/unduh").status_code == 409


def test_a_bad_option_fails_the_job_with_an_indonesian_message(jobs_app):
    event = meeting(count=2)
    with jobs_app.test_request_context():
        job = jobs.start(event, "badges", "pdf", {"layout": "sheet", "ids": ["bukan-angka"]}, by=None)
    failed = wait_for(jobs_app, job.key)
    assert failed.state == "failed" and failed.message == "Nomor (id) tidak sah."


def test_the_file_expires_and_is_removed(jobs_app):
    event = meeting(count=4)
    client = jobs_app.test_client(user=make_user("sekretariat", event=event))
    with jobs_app.test_request_context():
        job = jobs.start(event, "participants", "csv", {"filters": {}}, by=None)
    done = wait_for(jobs_app, job.key)
    path = Path(jobs_app.instance_path) / "jobs" / f"{job.key}.csv"
    assert path.exists() and done.expires_at > utcnow() + timedelta(hours=23)
    assert client.get(f"/admin/events/{event.slug}/berkas/{job.key}/unduh").status_code == 200
    jobs.expire(now=utcnow() + timedelta(hours=25))
    assert not path.exists()
    assert db.session.get(Job, job.id).state == "expired"
    gone = client.get(f"/admin/events/{event.slug}/berkas/{job.key}/unduh")
    assert gone.status_code == 410 and "kedaluwarsa" in gone.get_data(as_text=True)
    # the retention run sweeps them too
    with jobs_app.test_request_context():
        other = jobs.start(event, "participants", "xlsx", {"filters": {}}, by=None)
    wait_for(jobs_app, other.key)
    from raker import retention

    assert retention.run(30, now=utcnow() + timedelta(days=2)).job_files == 1
    assert not (Path(jobs_app.instance_path) / "jobs" / f"{other.key}.xlsx").exists()


def test_another_meetings_staff_do_not_see_the_job(jobs_app):
    event = meeting(count=3)
    other = meeting("Rapat Kerja Lain", count=1)
    with jobs_app.test_request_context():
        job = jobs.start(event, "participants", "csv", {"filters": {}}, by=None)
    wait_for(jobs_app, job.key)
    theirs = jobs_app.test_client(user=make_user("sekretariat", "lain@uji.raker.example", event=other))
    for path in ("", "/status.json", "/unduh"):
        # on this meeting's address: not their meeting; on their own: no such job there
        assert theirs.get(f"/admin/events/{event.slug}/berkas/{job.key}{path}").status_code == 403
        assert theirs.get(f"/admin/events/{other.slug}/berkas/{job.key}{path}").status_code == 404
    assert job.key not in theirs.get(f"/admin/events/{other.slug}/berkas/").get_data(as_text=True)
    door = jobs_app.test_client(user=make_user("petugas", event=event))
    assert door.get(f"/admin/events/{event.slug}/berkas/{job.key}/unduh").status_code == 403


def test_the_badge_export_reports_progress_as_it_goes(app):
    event = meeting(count=250)
    seen = []
    result = exports.export(event, "badges", "pdf", progress=lambda done, total: seen.append((done, total)))
    assert result.count == 250 and result.body.startswith(b"%PDF")
    assert seen[0][0] < 250 and seen[-1] == (250, 250)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


@pytest.mark.parametrize(
    "kind, fmt, options",
    [
        ("attendance", "pdf", {"day": "first"}),
        ("attendance", "xlsx", {"day": "first"}),
        ("participants", "xlsx", {}),
        ("participants", "csv", {}),
        ("report", "pdf", {}),
    ],
)
def test_the_big_exports_report_progress_during_the_work_not_only_at_its_ends(app, kind, fmt, options):
    """The daftar hadir as its pages are drawn or its rows written, the participants list as its
    rows are written, the report once its figures are gathered: a job's bar moves in between."""
    event = meeting(count=600)
    if options.get("day") == "first":
        options = {"day": event.start_date.isoformat()}
    seen = []
    result = exports.export(event, kind, fmt, progress=lambda done, total: seen.append((done, total)), **options)
    assert result.body
    total = seen[-1][1]
    assert seen[-1] == (total, total) and seen[0][0] == min(done for done, _ in seen)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    between = {done for done, _ in seen if 0 < done < total}
    assert len(between) >= (1 if kind == "report" else 2), seen


# ---- a real RQ worker on the local Redis --------------------------------------------------------


def _redis_or_skip():
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    try:
        Redis.from_url(REDIS_URL).ping()
    except RedisDown:
        pytest.skip("no Redis at 127.0.0.1:6379")


@pytest.fixture
def rq_app(app_factory, database_url, tmp_path):
    _redis_or_skip()
    name = f"raker-test-{uuid.uuid4().hex[:10]}"
    application = app_factory(JOBS_INLINE_ROWS=0, RAKER_REDIS_URL=REDIS_URL, JOBS_QUEUE=name, JOB_STALE_SECONDS=2)
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "RAKER_INSTANCE_PATH": application.instance_path,
        "RAKER_REDIS_URL": REDIS_URL,
        "JOBS_QUEUE": name,
        "JOB_STALE_SECONDS": "2",
        "RAKER_ENV": "testing",
        "SECRET_KEY": "test-only-secret-key",
    }
    workers, logs = [], []

    def start_worker():
        logs.append(open(tmp_path / f"worker-{len(logs)}.log", "wb"))
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "run.py", "jobs", "worker"],
            cwd=ROOT,
            env=environment,
            stdout=logs[-1],
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        workers.append(process)
        return process

    with application.app_context():
        yield application, start_worker
    for process in workers:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    for log in logs:
        log.close()
    queue.rq_queue(application).delete(delete_jobs=True)


def test_a_job_runs_through_a_real_rq_worker(rq_app):
    application, start_worker = rq_app
    event = meeting(count=40)
    client = application.test_client(user=make_user("sekretariat", event=event))
    key = key_from(client.get(f"/admin/events/{event.slug}/attendance/daftar-hadir/{event.start_date}.xlsx"))
    assert db.session.scalar(select(Job.state).where(Job.key == key)) == "queued"  # no worker yet: it waits
    start_worker()
    job = wait_for(application, key)
    assert job.state == "done" and job.backend == "rq", job.message
    file = client.get(f"/admin/events/{event.slug}/berkas/{key}/unduh")
    assert file.status_code == 200 and file.data.startswith(b"PK")
    assert f"daftar-hadir-{event.slug}-{event.start_date}.xlsx" in file.headers["Content-Disposition"]


def test_a_job_killed_mid_run_is_requeued_and_finishes(rq_app):
    application, start_worker = rq_app
    event = meeting(count=1500)
    client = application.test_client(user=make_user("sekretariat", event=event))
    key = key_from(client.get(f"/admin/events/{event.slug}/attendance/badges.pdf"))
    first = start_worker()
    running = wait_for(application, key, states=("running", "done", "failed"))
    deadline = time.monotonic() + 60
    while running.state == "running" and running.done == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
        running = wait_for(application, key, states=("running", "done", "failed"))
    assert running.state == "running" and 0 < running.done < 1500, (running.state, running.done)  # progress moved
    os.killpg(first.pid, signal.SIGKILL)  # the worker dies mid-run
    first.wait()
    time.sleep(2.5)  # its heartbeat goes stale
    start_worker()  # a new worker sweeps: the job is queued again and done
    job = wait_for(application, key, timeout=120)
    assert job.state == "done" and job.attempts == 2 and (job.done, job.total) == (1500, 1500), job.message
    file = client.get(f"/admin/events/{event.slug}/berkas/{key}/unduh")
    assert file.status_code == 200 and file.data.startswith(b"%PDF")


def test_an_import_of_many_rows_runs_as_a_job_with_its_report(app_factory):
    import io

    application = app_factory(JOBS_INLINE_ROWS=20)
    with application.app_context():
        event = make_event(title="Rapat Kerja Impor")
        events.add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
        secretary = make_user("sekretariat", event=event)
        client = application.test_client(user=secretary)
        lines = ["Nama,Delegasi,Jabatan,Instansi,Email,HP"] + [
            f"Peserta Impor {n},64.01,Analis,Setda Paser,impor{n}@uji.raker.example,0812 2222 {n:04d}"
            for n in range(60)
        ]
        lines.append("Tanpa Delegasi,Kabupaten Antah,Analis,Setda,antah@uji.raker.example,0812 3333 0001")
        upload = client.post(
            f"/admin/events/{event.slug}/import",
            content_type="multipart/form-data",
            data={"file": (io.BytesIO("\n".join(lines).encode()), "peserta.csv")},
        )
        assert upload.status_code == 302
        mapping = {
            "map_full_name": "0",
            "map_delegation": "1",
            "map_position": "2",
            "map_institution": "3",
            "map_email": "4",
            "map_phone": "5",
        }
        key = key_from(client.post(upload.headers["Location"], data=mapping))
        job = wait_for(application, key)
        assert job.state == "done", job.message
        assert job.total == 61 and job.message == "60 baris diimpor, 1 ditolak (rinciannya di berkas)."
        assert db.session.query(Registration).filter_by(event_id=event.id, source="import").count() == 60
        page = client.get(f"/admin/events/{event.slug}/berkas/{key}").get_data(as_text=True)
        assert "Impor peserta (CSV)" in page and "60 baris diimpor, 1 ditolak" in page
        report = client.get(f"/admin/events/{event.slug}/berkas/{key}/unduh").data.decode("utf-8-sig")
        assert report.splitlines()[0] == "Baris,Nama,Hasil,Keterangan"
        assert "62,Tanpa Delegasi,ditolak," in report and "Pilih delegasi yang terdaftar" in report
        audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "registration.import"))
        assert audit.user_id == secretary.id and (audit.details["imported"], audit.details["refused"]) == (60, 1)
        # the upload is gone once imported: the same mapping page is not found
        assert client.get(upload.headers["Location"]).status_code == 404
        queue.wait_for_threads(application)
