"""A remote signer shaped like BSrE's signing API (the one SRIKANDI and the regional TTE services use):

    POST {TTE_REMOTE_URL}            e.g. https://esign.example.go.id/api/sign/pdf
    HTTP Basic: TTE_REMOTE_USERNAME / TTE_REMOTE_PASSWORD (the application's account)
    multipart/form-data:
        file        the PDF
        nik         the signer's NIK (asked at signing, never stored)
        passphrase  the signer's passphrase (asked at signing, never stored)
        tampilan    "visible"
        image       "false"          (no specimen image: the QR and the text are the appearance)
        linkQR      the /verifikasi/<id> address the QR carries
        page        1-based page
        xAxis, yAxis, width, height  the signature block's rectangle in PDF points (origin bottom left)
    200 application/pdf: the signed PDF
    4xx/5xx application/json: {"error": "...", "status_code": 2031, ...}

Knows nothing of meetings: bytes and a placement in, bytes out."""

import requests
from flask import current_app
from flask_babel import gettext as _

from .signing import SigningRefused

REMOTE = "remote"


def sign_remote(pdf: bytes, *, nik: str, passphrase: str, page: int, box, url: str) -> bytes:
    nik = "".join(nik.split())
    if not (nik.isdigit() and len(nik) == 16):
        raise SigningRefused(REMOTE, _("NIK harus 16 angka."))
    if not passphrase:
        raise SigningRefused(REMOTE, _("Passphrase wajib diisi."))
    config = current_app.config
    x1, y1, x2, y2 = box
    fields = {
        "nik": nik,
        "passphrase": passphrase,
        "tampilan": "visible",
        "image": "false",
        "linkQR": url,
        "page": str(page + 1),
        "xAxis": f"{x1:.2f}",
        "yAxis": f"{y1:.2f}",
        "width": f"{x2 - x1:.2f}",
        "height": f"{y2 - y1:.2f}",
    }
    auth = (config["TTE_REMOTE_USERNAME"], config["TTE_REMOTE_PASSWORD"]) if config.get("TTE_REMOTE_USERNAME") else None
    try:
        response = requests.post(
            config["TTE_REMOTE_URL"],
            data=fields,
            auth=auth,
            files={"file": ("dokumen.pdf", pdf, "application/pdf")},
            timeout=config.get("TTE_REMOTE_TIMEOUT", 60),
        )
    except requests.RequestException:
        raise SigningRefused(REMOTE, _("Layanan tanda tangan elektronik tidak dapat dihubungi.")) from None
    if response.status_code == 200 and response.content.startswith(b"%PDF-"):
        return response.content
    try:
        message = str(response.json().get("error") or response.json().get("message") or "")[:300]
    except ValueError:
        message = ""
    raise SigningRefused(
        REMOTE, _("Layanan tanda tangan elektronik menolak: %(message)s", message=message or response.status_code)
    )
