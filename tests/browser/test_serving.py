"""The browser tests' server ends every request it was answering before the test's app goes."""

import threading
import time
import urllib.request

from tests.browser.serving import serving


def test_a_request_still_answered_when_the_test_ends_finishes_before_the_app_goes(app_factory):
    app = app_factory()
    answered = []

    def slow(environ, start_response):
        time.sleep(1)  # a late fetch of the page the browser just left
        response = app(environ, start_response)
        answered.append(environ["PATH_INFO"])
        return response

    with serving(app, slow) as base:
        fetch = threading.Thread(target=lambda: urllib.request.urlopen(base + "/healthz").read(), daemon=True)
        fetch.start()
        time.sleep(0.2)  # the request has reached the server
    assert answered == ["/healthz"]  # and the engine can be disposed: nothing holds a connection
    fetch.join(timeout=5)
