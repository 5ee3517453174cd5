"""What the letters a secretariat signs share (berita acara, surat keterangan kehadiran): the signer
as typed at download or on the command line, checked before anything is printed, and the Nomor
made from a pattern. Format-neutral: the renderers in raker/pdf and raker/documents take the
document models built by the domains and never import this module's callers."""

from collections.abc import Mapping
from datetime import date

from .i18n import format_long_date
from .reference.nip import NipError, parse_nip
from .reference.ranks import RANK_NAMES
from .signer import Signer

SIGNER_FIELDS = ("position", "name", "rank", "nip")
MAX_FIELD = 200


class LetterRefused(Exception):
    """A letter that cannot be made (yet); the message is Indonesian, shown as it is. status: the
    HTTP status a page answers with (409: not yet, 400: bad input)."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


def signer_from(values: Mapping, *, default_position: str, prefix: str = "") -> Signer:
    """The signer typed in a form or on the CLI ({prefix}position, name, rank, nip). A wrong NIP or an
    unknown golongan is refused (LetterRefused, 400): a signed letter with a wrong NIP is worthless."""
    raw = {key: " ".join(str(values.get(f"{prefix}{key}") or "").split())[:MAX_FIELD] for key in SIGNER_FIELDS}
    nip = raw["nip"]
    if nip:
        try:
            nip = parse_nip(nip)
        except NipError as error:
            from flask_babel import gettext as _

            raise LetterRefused(_("NIP penanda tangan: %(error)s", error=_(str(error))), 400) from None
    rank = raw["rank"]
    if rank and rank not in RANK_NAMES:
        from flask_babel import gettext as _

        raise LetterRefused(_("Golongan penanda tangan tidak dikenal (contoh: IV/b)."), 400)
    return Signer(position=raw["position"] or default_position, name=raw["name"], rank=rank or None, nip=nip or None)


def clean_rank_and_nip(values: Mapping, prefix: str, clean: dict, errors: dict) -> None:
    """A settings form's signer golongan and NIP ({prefix}_rank, {prefix}_nip): the cleaned values into
    `clean` (None when empty), or what is wrong into `errors` under the same names."""
    from flask_babel import gettext as _

    rank = (values.get(f"{prefix}_rank") or "").strip()
    if rank and rank not in RANK_NAMES:
        errors[f"{prefix}_rank"] = _("Pangkat/golongan tidak dikenal.")
    clean[f"{prefix}_rank"] = rank or None
    nip = (values.get(f"{prefix}_nip") or "").strip()
    clean[f"{prefix}_nip"] = None
    if nip:
        try:
            clean[f"{prefix}_nip"] = parse_nip(nip)
        except NipError as exc:
            errors[f"{prefix}_nip"] = _(str(exc))


def printed_lines(text: str) -> list[str]:
    """The lines of a multi-line field as printed ("a.n. GUBERNUR …" over "SEKRETARIS DAERAH,", a tembusan
    line by line): each line's spaces tidied, empty lines dropped."""
    return [" ".join(line.split()) for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip()]


def number_from(pattern: str, *, n: int | None = None, year: int) -> str:
    """'000/{n}/SKH/{tahun}' -> '000/007/SKH/2021'; without {n} the pattern as typed."""
    text = " ".join((pattern or "").split())[:80]
    if n is not None:
        text = text.replace("{n}", f"{n:03d}")
    return text.replace("{tahun}", str(year))


def place_and_date(place: str, on: date) -> str:
    """'Tana Paser, 10 Agustus 2021' — official documents are always in Indonesian."""
    return f"{place}, {format_long_date(on, 'id')}"


def rank_and_grade(rank: str | None) -> str:
    from .reference.ranks import rank_label

    return rank_label(rank) or "-"
