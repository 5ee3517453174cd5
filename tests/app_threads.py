"""No thread of a test's app outlives its database: the plenary's stream watchers stop (their open
streams end), the embedded job workers finish. A connection such a thread opened after the app's
engine was disposed stays in a pool nobody closes, and is collected, still open, during a later test
(psycopg's ResourceWarning, an error under pytest.ini) — far from the test that left the thread."""

import threading

from raker.jobs.queue import wait_for_threads
from raker.sidang import push

# The names the app gives its background threads (sidang/push.py, jobs/queue.py, jobs/services.py).
APP_THREADS = ("pleno-push-", "raker-job", "job-heartbeat-")


def stop(app) -> None:
    push.shutdown(app)
    wait_for_threads(app)


def still_running() -> list[str]:
    return sorted(t.name for t in threading.enumerate() if t.is_alive() and t.name.startswith(APP_THREADS))
