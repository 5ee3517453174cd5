"""The worker side: perform(job_id) is what RQ runs (and the embedded threads); `flask jobs worker`
sweeps (re-queues what a stopped worker left) and then works the queue."""

import logging

from flask import has_app_context

log = logging.getLogger(__name__)
_app = None


def _application():
    """The app of a bare `rq worker` process, made once from the environment (DATABASE_URL, …)."""
    global _app
    if _app is None:
        from raker import create_app

        _app = create_app()
    return _app


def perform(job_id: int):
    from . import services

    if has_app_context():
        from flask import current_app

        return services.perform_in(current_app._get_current_object(), job_id)  # type: ignore[attr-defined]  # the app behind the proxy
    return services.perform_in(_application(), job_id)


def work(app, *, burst: bool = False) -> None:
    """Sweep, then work the RQ queue in this process (SimpleWorker: a job killed with its worker is
    found by the next sweep through its stale heartbeat and re-queued)."""
    from rq import SimpleWorker

    from . import services
    from .queue import rq_queue

    services.sweep()
    queue = rq_queue(app)
    SimpleWorker([queue], connection=queue.connection).work(burst=burst, with_scheduler=False)
