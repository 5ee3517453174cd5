"""gunicorn's access log without the secrets some URLs carry: a delegate's personal link (/r/<token>), a
speaker's answer link, the delegate API's token and a certificate's check link open a person's data to
whoever holds them, and an access log is read by more people than the database (UU PDP). The token is
written as "…" in the request line, the path, the query and every header (the Referer repeats the
previous page's address).

    gunicorn --logger-class raker.access_log.RedactingLogger --access-logfile - run:app
"""

import re

from gunicorn.glogging import Logger

# The URL rules whose first part after the prefix is a secret (tests/test_access_log.py lists them from
# the app's own URL map, so a new rule with a token cannot be left out unnoticed).
SECRET_PREFIXES = ("/r/", "/agenda/respond/", "/api/v1/delegates/", "/sertifikat/")
_SECRET = re.compile("(" + "|".join(re.escape(p) for p in SECRET_PREFIXES) + r")[^/?#\s\"]+")


def redact(text: str) -> str:
    return _SECRET.sub(r"\1…", text)


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}
