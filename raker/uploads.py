"""Checks of uploaded files, shared by every domain that takes one (a surat tugas, a session's material):
the size is bounded and the content, not the name, decides what a file is."""

import io

from flask_babel import gettext as _

MAX_LETTER_BYTES = 5 * 1024 * 1024


def check_pdf(data: bytes, what: str | None = None) -> None:
    """An uploaded document must really be a PDF (by its content, not its name) of at most 5 MB.
    `what` names it in the messages (default: the surat tugas)."""
    what = what or _("Surat tugas")
    if len(data) > MAX_LETTER_BYTES:
        raise ValueError(_("%(what)s terlalu besar (maksimal 5 MB).", what=what))
    if not data.lstrip()[:5] == b"%PDF-":
        raise ValueError(_("%(what)s harus berkas PDF.", what=what))
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        pages = len(PdfReader(io.BytesIO(data)).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        raise ValueError(_("%(what)s bukan PDF yang sah atau rusak.", what=what)) from None
    if pages < 1:
        raise ValueError(_("%(what)s (PDF) tidak berisi halaman.", what=what))
