"""A WSGI app served on 127.0.0.1 in a thread for the length of a `with` block (the BSrE-shaped
signing service, the timestamp server)."""

import threading

from werkzeug.serving import make_server


class LocalServer:
    path = "/"

    def __init__(self):
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}{self.path}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def app(self, environ, start_response):
        raise NotImplementedError

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
