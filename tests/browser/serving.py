"""The app served on a local port for a real browser, and stopped so that nothing of it outlives the
test: the plenary's watchers end their open streams, the embedded job workers finish, and every
request still being answered (a late fetch of the page just left) ends — a connection any of them
held would otherwise go back to an engine already disposed, and psycopg would report it, collected
still open, during some later test."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import ThreadedWSGIServer

from tests import app_threads


class _TestServer(ThreadedWSGIServer):
    """werkzeug's threaded server, keeping its request threads so the test can wait for them."""

    def __init__(self, wsgi) -> None:
        super().__init__("127.0.0.1", 0, wsgi)
        self.request_threads: list[threading.Thread] = []

    def process_request(self, request, client_address) -> None:
        thread = threading.Thread(target=self.process_request_thread, args=(request, client_address), daemon=True)
        self.request_threads = [t for t in self.request_threads if t.is_alive()] + [thread]
        thread.start()

    def still_answering(self, timeout: float = 15) -> list[str]:
        for thread in self.request_threads:
            thread.join(timeout=timeout)
        return [t.name for t in self.request_threads if t.is_alive()]


@contextmanager
def serving(app, wsgi=None) -> Iterator[str]:
    """Serve `app` (or `wsgi`, a middleware around it); yields the base URL."""
    server = _TestServer(wsgi or app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        app_threads.stop(app)
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
    answering = server.still_answering()
    assert not answering, f"requests still answered after the test: {answering}"
