"""gunicorn's access log writes no secret of a URL (raker/access_log.py): a personal link's token in the
request line or the Referer would let anyone reading the log open that delegate's page."""

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from raker.access_log import SECRET_PREFIXES

ROOT = Path(__file__).resolve().parent.parent


def test_every_url_with_a_token_is_redacted(app):
    """A new rule with a token in its path must be added to SECRET_PREFIXES, or its tokens reach the log."""
    secret = re.compile(r"<(?:[a-z]+:)?(?:[a-z_]*token)>")
    ruled = {rule.rule.split("<", 1)[0] for rule in app.url_map.iter_rules() if secret.search(rule.rule)}
    assert ruled and ruled <= set(SECRET_PREFIXES), sorted(ruled - set(SECRET_PREFIXES))


def test_gunicorn_logs_the_request_without_the_personal_token(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "access.log"
    env = {
        "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'raker.db'}",
        "SECRET_KEY": "uji-log-akses",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--access-logfile", str(log)]
        + ["--logger-class", "raker.access_log.RedactingLogger", "run:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/r/rahasiaPesertaAbc123/edit?dari=surat",
            headers={"Referer": f"http://127.0.0.1:{port}/agenda/respond/rahasiaNarasumberXyz"},
        )
        for _ in range(100):  # until gunicorn listens
            try:
                urllib.request.urlopen(request, timeout=5)
            except urllib.error.HTTPError:
                break  # answered (an unknown link is a 404): logged
            except OSError:
                time.sleep(0.1)
            else:
                break
        for _ in range(50):  # the access log is written after the answer
            if log.exists() and "/r/" in log.read_text():
                break
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=30)
    written = log.read_text()
    assert "GET /r/…/edit?dari=surat" in written and "/agenda/respond/…" in written, written
    assert "rahasiaPesertaAbc123" not in written and "rahasiaNarasumberXyz" not in written, written
