"""Absolute links for mail, PDFs, QR codes and ICS — always on the configured public address.

Never built from the request: Host and X-Forwarded-Host are chosen by whoever sends the request,
and a link mailed to a participant carries their personal token (issue 10, item 1)."""

from urllib.parse import urlsplit

from flask import current_app


def public_url(endpoint: str, **values) -> str:
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme or "https"
    )
    current_app.inject_url_defaults(endpoint, values)
    return adapter.build(endpoint, values, force_external=True)
