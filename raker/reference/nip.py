"""NIP (Nomor Induk Pegawai) checks.

18 digits: birth date yyyymmdd · TMT CPNS yyyymm · gender 1/2 · sequence 001-999.
There is no check digit, so we check structure and plausibility only. PPPK numbers
are 18 digits too but digits 13-14 are not a month, so they get the lighter check.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from .text import N_


class NipError(ValueError):
    """Raised with a message in Bahasa Indonesia that can be shown to the user."""


def normalise_nip(raw: str) -> str:
    return "".join(raw.split())


def format_nip(nip: str | None) -> str:
    """'198609262015051001' -> '19860926 201505 1 001'."""
    if not nip or len(nip) != 18 or not nip.isdigit():
        return nip or ""
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def mask_nip(nip: str | None) -> str:
    """Shown where a person must be told apart but the NIP is not needed (certificate check page,
    the scanner's search): only the last four digits: '******** ****** 1 001'."""
    if not nip:
        return ""
    grouped = format_nip(nip)
    hidden = len(grouped) - 5  # '1 001'
    return "".join("*" if ch.isdigit() and i < hidden else ch for i, ch in enumerate(grouped))


def _birth_date(digits: str) -> date:
    try:
        return date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise NipError(N_("8 digit pertama NIP harus tanggal lahir yang sah (tttt bb hh).")) from None


def parse_nip(raw: str, *, pppk: bool = False, today: date | None = None) -> str:
    """Return the normalised NIP or raise NipError saying what is wrong."""
    # Without a date given: today in WIT, the latest date in Indonesia. The server's (UTC) date is a
    # day behind it every evening, which would refuse a TMT or birth date that has already begun there.
    today = today or datetime.now(ZoneInfo("Asia/Jayapura")).date()
    nip = normalise_nip(raw)
    if not (nip.isascii() and nip.isdigit()) or len(nip) != 18:  # "²" and "١" are digits, not a NIP's
        raise NipError(N_("NIP harus 18 angka."))
    born = _birth_date(nip)
    if born.year < 1940 or born > today:
        raise NipError(N_("Tanggal lahir pada NIP tidak masuk akal."))
    if nip[14] not in "12":
        raise NipError(N_("Angka ke-15 NIP (jenis kelamin) harus 1 atau 2."))
    if nip[15:] == "000":
        raise NipError(N_("Nomor urut NIP (3 angka terakhir) tidak boleh 000."))
    if pppk:
        return nip
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12:
        raise NipError(N_("Bulan TMT CPNS pada NIP (angka ke-13 dan 14) harus 01–12."))
    if (tmt_year, tmt_month) > (today.year, today.month):
        raise NipError(N_("TMT CPNS pada NIP tidak boleh di masa depan."))
    if (tmt_year, tmt_month) < (born.year + 18, born.month):
        raise NipError(N_("TMT CPNS pada NIP tidak boleh sebelum usia 18 tahun."))
    return nip
