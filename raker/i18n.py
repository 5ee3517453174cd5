"""Locale choice and the Indonesian date/time formats used across the UI and documents."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask import current_app, request, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

# Babel's "full" pattern gives "Senin, 09 Agustus 2021" in Indonesian; this one does not.
DAY_PATTERN = "EEEE, d MMMM y"
DATE_PATTERN = "d MMMM y"

TIMEZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
TIMEZONE_CHOICES = (
    ("Asia/Makassar", _l("WITA — Waktu Indonesia Tengah (UTC+8)")),
    ("Asia/Jakarta", _l("WIB — Waktu Indonesia Barat (UTC+7)")),
    ("Asia/Jayapura", _l("WIT — Waktu Indonesia Timur (UTC+9)")),
)


def select_locale() -> str:
    chosen = session.get("lang") if request else None
    if isinstance(chosen, str) and chosen in current_app.config["LANGUAGES"]:
        return chosen
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def _locale() -> str:
    try:
        return str(get_locale() or "id")
    except RuntimeError:  # outside a request (CLI, documents): Indonesian
        return "id"


def tz_abbreviation(tz_name: str) -> str:
    return TIMEZONE_ABBREVIATIONS.get(tz_name, tz_name)


def format_day(value: date | datetime, locale: str | None = None) -> str:
    """'Senin, 9 Agustus 2021'."""
    return format_date(value, DAY_PATTERN, locale=locale or _locale())


def format_long_date(value: date | datetime, locale: str | None = None) -> str:
    """'9 Agustus 2021' (place and date above a signature)."""
    return format_date(value, DATE_PATTERN, locale=locale or _locale())


def format_clock(value: datetime, tz_name: str, locale: str | None = None, with_zone: bool = True) -> str:
    """'09.00 WITA' — Indonesian writes times with a dot; English gets a colon."""
    local = value.astimezone(ZoneInfo(tz_name))
    sep = ":" if (locale or _locale()) == "en" else "."
    text = f"{local.hour:02d}{sep}{local.minute:02d}"
    return f"{text} {tz_abbreviation(tz_name)}" if with_zone else text


def format_time_range(start: datetime, end: datetime, tz_name: str, locale: str | None = None) -> str:
    """'09.00 – 10.30 WITA': a span of time, the zone said once at its end."""
    return f"{format_clock(start, tz_name, locale, with_zone=False)} – {format_clock(end, tz_name, locale)}"


def format_moment(value: datetime | None, tz_name: str, locale: str | None = None) -> str:
    """'Senin, 9 Agustus 2021 pukul 09.00 WITA'."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(tz_name))
    loc = locale or _locale()
    joiner = " at " if loc == "en" else " pukul "
    return format_day(local, loc) + joiner + format_clock(value, tz_name, loc)


def format_date_range(start: date, end: date, locale: str | None = None) -> str:
    """One day: 'Senin, 9 Agustus 2021'; several: 'Senin, 9 Agustus 2021 – Selasa, 10 Agustus 2021'."""
    if start == end:
        return format_day(start, locale)
    return f"{format_day(start, locale)} – {format_day(end, locale)}"


def format_days_sd(start: date, end: date) -> str:
    """A span of days as official documents write it: 'Senin, 9 Agustus 2021 s.d. Selasa, 10 Agustus 2021'
    (always Indonesian); one day: 'Senin, 9 Agustus 2021'."""
    first = format_day(start, "id")
    return first if start == end else f"{first} s.d. {format_day(end, 'id')}"


def format_day_span(start: date, end: date, locale: str | None = None) -> str:
    """Compact dates as on a certificate: '9–10 Agustus 2021', '30 Agustus – 1 September 2021',
    '31 Desember 2021 – 1 Januari 2022'; one day '9 Agustus 2021'."""
    loc = locale or _locale()
    last = format_date(end, DATE_PATTERN, locale=loc)
    if start == end:
        return last
    if (start.year, start.month) == (end.year, end.month):
        return f"{format_date(start, 'd', locale=loc)}–{last}"
    first = format_date(start, "d MMMM" if start.year == end.year else DATE_PATTERN, locale=loc)
    return f"{first} – {last}"


def format_day_span_sd(start: date, end: date) -> str:
    """The same span as tata naskah dinas writes it (always Indonesian): '9 s.d. 10 Agustus 2021',
    '30 Agustus s.d. 1 September 2021', '31 Desember 2021 s.d. 1 Januari 2022'; one day '9 Agustus 2021'."""
    last = format_date(end, DATE_PATTERN, locale="id")
    if start == end:
        return last
    if (start.year, start.month) == (end.year, end.month):
        return f"{format_date(start, 'd', locale='id')} s.d. {last}"
    first = format_date(start, "d MMMM" if start.year == end.year else DATE_PATTERN, locale="id")
    return f"{first} s.d. {last}"


def day_in(value: datetime, event) -> str:
    """The Indonesian day of a UTC moment, in the event's time zone."""
    return format_day(value.astimezone(event.tz))


def iso_moment(value: str, event) -> str:
    return format_moment(datetime.fromisoformat(value), event.timezone)


def init_app(app) -> None:
    app.jinja_env.filters.update(
        day_in=day_in,
        iso_moment=iso_moment,
        day=format_day,
        long_date=format_long_date,
        clock=format_clock,
        moment=format_moment,
        tz_abbr=tz_abbreviation,
    )
    app.jinja_env.globals.update(
        date_range=format_date_range, time_range=format_time_range, day_span=format_day_span, current_locale=_locale
    )
