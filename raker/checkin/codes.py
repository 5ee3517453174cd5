"""The check-in code, in one place: what a badge's QR code holds ("RK1:" and 26 base32 characters),
how a new one is made and how a scan is read back. Registration gives a code on approval; the scanner,
the offline bundle and the badges read it here."""

import re
import secrets
from base64 import b32encode

QR_PREFIX = "RK1:"
CODE_PATTERN = re.compile(r"^RK1:([A-Z2-7]{26})$")


def new_checkin_code() -> str:
    """128 random bits in base32 (26 characters of the QR alphanumeric set: a small code)."""
    return b32encode(secrets.token_bytes(16)).decode().rstrip("=")


def qr_text(registration) -> str:
    return QR_PREFIX + registration.checkin_code
