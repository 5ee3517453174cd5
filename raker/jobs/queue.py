"""Where jobs wait: RQ on Redis when RAKER_REDIS_URL is set (production: `flask jobs worker`, or
`rq worker` with the same environment), else a small pool of worker threads in the app's own process
(the quick start: nothing more to start). RQ calls worker.perform(job_id); a thread calls the runner
the caller (services) hands in, so this module imports neither."""

from concurrent.futures import ThreadPoolExecutor

from flask import current_app

POOL_KEY = "raker_jobs_pool"


def backend_name() -> str:
    return "rq" if current_app.config.get("RAKER_REDIS_URL") else "thread"


def rq_queue(app):
    from redis import Redis
    from rq import Queue

    return Queue(app.config["JOBS_QUEUE"], connection=Redis.from_url(app.config["RAKER_REDIS_URL"]))


def enqueue(app, job_id: int, run_in_app) -> None:
    """Queue the job; run_in_app(app, job_id) is what an embedded thread runs."""
    if app.config.get("RAKER_REDIS_URL"):
        # The row is the truth (state, progress, file); RQ only carries the id. A killed worker's job is
        # re-queued by services.sweep(), not by RQ's retry.
        rq_queue(app).enqueue_call(
            "raker.jobs.worker.perform",
            args=(job_id,),
            timeout=6 * 3600,
            result_ttl=0,
            failure_ttl=24 * 3600,
            description=f"raker job {job_id}",
        )
        return
    pool = app.extensions.get(POOL_KEY)
    if pool is None:
        pool = app.extensions[POOL_KEY] = ThreadPoolExecutor(
            max_workers=app.config["JOBS_THREADS"], thread_name_prefix="raker-job"
        )
    pool.submit(run_in_app, app, job_id)


def wait_for_threads(app) -> None:
    """Let the embedded workers finish (tests, and an orderly shutdown)."""
    pool = app.extensions.pop(POOL_KEY, None)
    if pool is not None:
        pool.shutdown(wait=True)
