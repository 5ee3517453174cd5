"""The honorarium of a meeting's narasumber and moderators, from the agenda.

Who: every narasumber and moderator of a session that is not cancelled and presents material
(paparan, pleno, komisi, tanya jawab, lainnya: not a sambutan, report or closing), a registered
participant or an outside person, unless they declined; one line per person and role (a moderator
who also speaks is paid twice, at two rates). How much: narasumber per hour, moderator per session (the Standar Biaya Umum pays them so).
A narasumber's hours are the session's length in full hours of 60 minutes (or jam pelajaran of 45,
a setting), at least 1 a session: rounding down never pays more than the agenda shows, which is
what an auditor checks.

PPh 21: final for PNS on honoraria paid from APBN/APBD (PP No. 80/2010): golongan I and II 0 %,
III 5 %, IV 15 %. Everyone else (PPPK, non-ASN, outside speakers not marked PNS) pays the one rate the
secretariat sets: the default 2,5 % is PMK No. 168/2023's rate for non-employees in the lowest bracket
(5 % x 50 % of the gross); a treasurer who applies another bracket or the surcharge sets it. Tax is
rounded half up to whole rupiah per line; totals are sums of the lines, as the treasurer adds them.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel.dates import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from .. import event_settings
from ..extensions import db
from ..i18n import format_clock, format_day
from ..invalid import SettingsInvalid
from ..letters import clean_rank_and_nip
from ..models import AgendaSession, Event, Registration, SessionPerson, User
from ..models.honorarium import MAX_RATE, MAX_TAX_BP, HonorariumSettings
from ..reference.nip import format_nip
from ..reference.ranks import RANK_NAMES, rank_label
from ..reference.text import position_at
from ..signer import Signer
from ..terbilang import terbilang

PAID_ROLES = ("narasumber", "moderator")
# Sessions where a narasumber presents material. Opening, sambutan, reports, the reading of the
# rumusan and the closing are officials' duties, not paid by the hour (nor breaks and check-in).
PAID_KINDS = ("paparan", "pleno", "komisi", "tanya_jawab", "lainnya")
GOLONGAN = ("I", "II", "III", "IV")
PNS_TAX_PERCENT = {"I": Decimal(0), "II": Decimal(0), "III": Decimal(5), "IV": Decimal(15)}  # PP No. 80/2010
DEFAULT_OTHER_TAX_BP = 250
DEFAULT_PPK_POSITION = "Pejabat Pembuat Komitmen"
DEFAULT_TREASURER_POSITION = "Bendahara Pengeluaran"
TEXT_LIMITS = {
    "budget_line": 300,
    "ppk_position": 200,
    "ppk_name": 200,
    "treasurer_position": 200,
    "treasurer_name": 200,
    "place": 120,
}
ROLE_WORDS = {"narasumber": "Narasumber", "moderator": "Moderator"}
# Narasumber levels of the Standar Biaya Umum, each with its own rate column; "" = the general rate.
CATEGORIES = {
    "": "Eselon III ke bawah/lainnya",
    "menteri": "Menteri/setingkat",
    "eselon_1": "Eselon I/setingkat",
    "eselon_2": "Eselon II/setingkat",
}
RATE_FIELDS = ("narasumber_rate", "rate_menteri", "rate_eselon_1", "rate_eselon_2", "moderator_rate")


# ---- money ------------------------------------------------------------------------------------


def tax_of(gross: int, percent: Decimal) -> int:
    """PPh 21 on one gross amount, half up to the whole rupiah: 5 % of 1.150.010 is 57.501 (57.500,5)."""
    return int((Decimal(gross) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def rupiah(amount: int) -> str:
    """'Rp1.350.000' with the Indonesian thousands dot."""
    return "Rp" + f"{amount:,}".replace(",", ".")


def percent_text(percent: Decimal) -> str:
    """'15 %', '2,5 %'."""
    text = f"{percent.normalize():f}".replace(".", ",")
    return f"{text} %"


_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def rupiah_in_words(amount: int) -> str:
    """'satu juta tujuh ratus ribu rupiah': the terbilang helper (below a million) for each group."""
    if amount < 0:
        raise ValueError("an amount from 0")
    words, rest = [], amount
    for size, name in _SCALES:
        count, rest = divmod(rest, size)
        if count:
            words.append(f"{terbilang(count)} {name}")
    if rest or not words:
        words.append(terbilang(rest))
    return " ".join(words) + " rupiah"


def golongan_of_rank(rank: str | None) -> str:
    """'IV/b' -> 'IV'; '' when there is no (known) pangkat."""
    return rank.split("/", 1)[0] if rank in RANK_NAMES else ""


# ---- settings ---------------------------------------------------------------------------------


def settings_for(event: Event) -> HonorariumSettings:
    """The event's settings; unsaved defaults when the secretariat has not saved any yet."""
    settings = db.session.scalar(select(HonorariumSettings).where(HonorariumSettings.event_id == event.id))
    if settings is None:
        settings = HonorariumSettings(
            event_id=event.id,
            narasumber_rate=0,
            rate_menteri=0,
            rate_eselon_1=0,
            rate_eselon_2=0,
            hour_minutes=60,
            moderator_rate=0,
            other_tax_bp=DEFAULT_OTHER_TAX_BP,
            budget_line="",
            ppk_position=DEFAULT_PPK_POSITION,
            ppk_name="",
            ppk_rank=None,
            ppk_nip=None,
            treasurer_position=DEFAULT_TREASURER_POSITION,
            treasurer_name="",
            treasurer_rank=None,
            treasurer_nip=None,
            place="",
            signed_on=None,
            golongan={},
            categories={},
        )
    return settings


def parse_rupiah(value: object) -> int | None:
    """'900000', '900.000', 'Rp 900.000' -> 900000; None when it is not a whole number of rupiah."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value or "").strip()
    if text.lower().startswith("rp"):
        text = text[2:]
    text = text.replace(".", "").replace(" ", "").replace("\u00a0", "")
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("-")
    if not digits.isdecimal() or len(digits) > 12:  # "²" is isdigit(), not int()
        return None
    return sign * int(digits)


def parse_percent(value: object) -> Decimal | None:
    """'2,5' or '2.5' (a percent) -> Decimal('2.5'); None when it is not a number."""
    text = str(value if value is not None else "").strip().rstrip("%").strip().replace(",", ".")
    if not text or len(text) > 10:
        return None
    try:
        number = Decimal(text)
    except ArithmeticError:
        return None
    return number if number.is_finite() else None


def clean_settings(event: Event, values: Mapping[str, Any]) -> dict[str, Any]:
    """The values as they will be stored, or SettingsInvalid naming every problem at once."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name in RATE_FIELDS:
        raw = values.get(name)
        amount = 0 if raw in (None, "") else parse_rupiah(raw)
        if amount is None:
            errors[name] = _("Tarif harus bilangan bulat rupiah, misalnya 900000 atau 900.000.")
        elif amount < 0:
            errors[name] = _("Tarif tidak boleh negatif.")
        elif amount > MAX_RATE:
            errors[name] = _("Tarif paling tinggi %(max)s: periksa angkanya.", max=rupiah(MAX_RATE))
        clean[name] = amount

    hour_minutes = values.get("hour_minutes")
    hour_minutes = 60 if hour_minutes in (None, "") else hour_minutes
    if str(hour_minutes) not in ("45", "60"):
        errors["hour_minutes"] = _("Satu jam harus 60 menit (jam) atau 45 menit (jam pelajaran).")
    else:
        clean["hour_minutes"] = int(hour_minutes)

    raw = values.get("other_tax_percent")
    percent = Decimal(DEFAULT_OTHER_TAX_BP) / 100 if raw in (None, "") else parse_percent(raw)
    if percent is None:
        errors["other_tax_percent"] = _("Tarif PPh 21 harus angka persen, misalnya 2,5.")
    elif not 0 <= percent <= MAX_TAX_BP / 100:
        errors["other_tax_percent"] = _("Tarif PPh 21 harus 0–%(max)d %%.", max=MAX_TAX_BP // 100)
    elif percent * 100 != (percent * 100).to_integral_value():
        errors["other_tax_percent"] = _("Tarif PPh 21 paling banyak dua angka di belakang koma.")
    else:
        clean["other_tax_bp"] = int(percent * 100)

    for name, limit in TEXT_LIMITS.items():
        text = " ".join(str(values.get(name) or "").split())
        if len(text) > limit:
            errors[name] = _("Terlalu panjang (maksimal %(max)d karakter).", max=limit)
        clean[name] = text
    clean["ppk_position"] = clean["ppk_position"] or DEFAULT_PPK_POSITION
    clean["treasurer_position"] = clean["treasurer_position"] or DEFAULT_TREASURER_POSITION

    for who in ("ppk", "treasurer"):
        clean_rank_and_nip(values, who, clean, errors)

    signed_on = values.get("signed_on")
    if signed_on is not None and not isinstance(signed_on, date):
        errors["signed_on"] = _("Tanggal tidak sah.")
    clean["signed_on"] = signed_on
    if errors:
        raise SettingsInvalid(errors)
    return clean


def _store(event: Event, changes: dict[str, Any], *, by: User | None, action: str) -> HonorariumSettings:
    settings: HonorariumSettings = event_settings.store(event, settings_for, changes, by=by, action=action)
    return settings


def save_settings(event: Event, values: Mapping[str, Any], *, by: User | None = None) -> HonorariumSettings:
    """Check and store the settings (all or nothing), with an audit row of what changed."""
    return _store(event, clean_settings(event, values), by=by, action="honorarium.settings")


def set_person(
    event: Event, key: str, golongan: str, category: str = "", *, by: User | None = None
) -> HonorariumSettings:
    """For one recipient: PNS of golongan I–IV for PPh 21, or not PNS (''), overriding the registration's
    pangkat; and their narasumber level for the rate. Only for people on this meeting's list."""
    if golongan not in ("", *GOLONGAN):
        raise SettingsInvalid({"golongan": _("Golongan harus I, II, III, IV atau bukan PNS.")})
    if category not in CATEGORIES:
        raise SettingsInvalid({"category": _("Tingkat narasumber tidak dikenal.")})
    if key not in {line.key for line in recipients(event)}:
        raise SettingsInvalid({"golongan": _("Orang ini bukan narasumber atau moderator rapat ini.")})
    settings = settings_for(event)
    golongan_map, categories = dict(settings.golongan or {}), dict(settings.categories or {})
    golongan_map[key] = golongan
    if category:
        categories[key] = category
    else:
        categories.pop(key, None)
    return _store(event, {"golongan": golongan_map, "categories": categories}, by=by, action="honorarium.person")


# ---- who is paid for what ---------------------------------------------------------------------


@dataclass
class Recipient:
    key: str  # person key, as the agenda uses it
    role: str
    name: str
    position: str
    institution: str
    registration: Registration | None
    sessions: list[AgendaSession] = field(default_factory=list)


def _person_key(person: SessionPerson) -> str:
    from ..agenda.services import person_key

    return person_key(person)


def recipients(event: Event) -> list[Recipient]:
    """Each narasumber and moderator with their sessions, in agenda order of their first session."""
    rows = db.session.execute(
        select(SessionPerson, AgendaSession)
        .join(AgendaSession, SessionPerson.session_id == AgendaSession.id)
        .where(
            AgendaSession.event_id == event.id,
            AgendaSession.cancelled.is_(False),
            AgendaSession.kind.in_(PAID_KINDS),
            SessionPerson.role.in_(PAID_ROLES),
            SessionPerson.confirmation != "declined",
        )
        .order_by(AgendaSession.starts_at, AgendaSession.id, SessionPerson.id)
    ).all()
    found: dict[tuple[str, str], Recipient] = {}
    for person, session in rows:
        key = _person_key(person)
        recipient = found.get((key, person.role))
        if recipient is None:
            registration = person.registration
            recipient = found[(key, person.role)] = Recipient(
                key=key,
                role=person.role,
                name=registration.full_name if registration else person.name,
                position=(registration.position if registration else person.position) or "",
                institution=(registration.institution if registration else person.institution) or "",
                registration=registration,
            )
        if session not in recipient.sessions:
            recipient.sessions.append(session)
    return list(found.values())


def session_hours(session: AgendaSession, hour_minutes: int = 60) -> int:
    minutes = int((session.ends_at - session.starts_at).total_seconds() // 60)
    return max(1, minutes // hour_minutes)


# ---- the document -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HonorariumLine:
    number: int
    key: str
    name: str
    nip: str  # grouped, "" when none
    position: str  # jabatan, instansi
    grade: str  # "Pembina Tingkat I (IV/b)", "Golongan IV", "Bukan PNS"
    golongan: str  # "I".."IV", "" when not PNS
    role: str  # "Narasumber" / "Moderator"
    category: str  # "eselon_2" …; "" = the general rate (and every moderator)
    category_label: str  # "Eselon II/setingkat"; "" when the general rate
    sessions: tuple[str, ...]
    quantity: int
    unit: str  # "jam" / "sesi"
    rate: int
    gross: int
    tax_percent: Decimal
    tax: int
    net: int
    registered: bool
    needs_golongan: bool = False  # registered as PNS without a pangkat: taxed at the other rate until set


@dataclass(frozen=True)
class HonorariumDocument:
    """Everything printed on the daftar penerimaan honorarium, the same for the PDF and the XLSX."""

    title: str
    event_title: str
    days: str
    venue: str
    budget_line: str
    lines: tuple[HonorariumLine, ...]
    total_gross: int
    total_tax: int
    total_net: int
    gross_words: str
    net_words: str
    place: str
    signed_on: date
    signers: tuple[Signer, Signer]  # Pejabat Pembuat Komitmen, Bendahara Pengeluaran
    heading: tuple[str, ...]  # kop government and unit lines (for the workbook)


TITLE = "DAFTAR PENERIMAAN HONORARIUM NARASUMBER DAN MODERATOR"


def _session_label(session: AgendaSession, event: Event) -> str:
    start, end = session.starts_at.astimezone(event.tz), session.ends_at.astimezone(event.tz)
    clock = [format_clock(t, event.timezone, "id", with_zone=False) for t in (start, end)]
    return f"{session.title} ({format_date(start, 'd MMMM', locale='id')}, {clock[0]} s.d. {clock[1]})"


def _grade(recipient: Recipient, golongan: str, override: bool) -> str:
    registration = recipient.registration
    if golongan and registration is not None and not override and registration.rank:
        return rank_label(registration.rank)
    if golongan:
        return f"PNS Golongan {golongan}"
    if registration is not None and registration.asn_status == "pppk":
        return f"PPPK {rank_label(registration.rank)}" if registration.rank else "PPPK"  # "PPPK Golongan IX"
    return "Bukan PNS"


def _treasurer(event: Event, settings: HonorariumSettings) -> Signer:
    """The Bendahara Pengeluaran saved in the settings; without a name, the SK panitia's bendahara (the
    PPK is no committee place: it stays as saved)."""
    if not settings.treasurer_name:
        from ..panitia.services import in_charge

        chosen = in_charge(event, settings.treasurer_position, place="bendahara")
        if chosen is not None:
            return Signer(**chosen)
    return Signer(settings.treasurer_position, settings.treasurer_name, settings.treasurer_rank, settings.treasurer_nip)


def build_document(event: Event, settings: HonorariumSettings | None = None) -> HonorariumDocument:
    from ..pdf.letterhead import letterhead_lines

    settings = settings or settings_for(event)
    overrides = settings.golongan or {}
    other_percent = Decimal(settings.other_tax_bp) / 100
    lines = []
    for number, recipient in enumerate(recipients(event), start=1):
        registration = recipient.registration
        registered_golongan = (
            golongan_of_rank(registration.rank) if registration is not None and registration.asn_status == "pns" else ""
        )
        override = recipient.key in overrides
        golongan = overrides[recipient.key] if override else registered_golongan
        unit = "jam" if settings.hour_minutes == 60 else "JP"
        category = (settings.categories or {}).get(recipient.key, "") if recipient.role == "narasumber" else ""
        if recipient.role == "narasumber":
            quantity = sum(session_hours(s, settings.hour_minutes) for s in recipient.sessions)
            # A level without its own rate is paid the general rate.
            rate = (getattr(settings, f"rate_{category}") if category else 0) or settings.narasumber_rate
        else:
            quantity, unit, rate = len(recipient.sessions), "sesi", settings.moderator_rate
        gross = quantity * rate
        percent = PNS_TAX_PERCENT[golongan] if golongan else other_percent
        tax = tax_of(gross, percent)
        nip = format_nip(registration.nip) if registration is not None and registration.nip else ""
        position = position_at(recipient.position, recipient.institution)
        lines.append(
            HonorariumLine(
                number=number,
                key=recipient.key,
                name=recipient.name,
                nip=nip,
                position=position,
                grade=_grade(recipient, golongan, override),
                golongan=golongan,
                role=ROLE_WORDS[recipient.role],
                category=category,
                category_label=CATEGORIES[category] if category else "",
                sessions=tuple(_session_label(s, event) for s in recipient.sessions),
                quantity=quantity,
                unit=unit,
                rate=rate,
                gross=gross,
                tax_percent=percent,
                tax=tax,
                net=gross - tax,
                registered=registration is not None,
                needs_golongan=(
                    registration is not None
                    and registration.asn_status == "pns"
                    and not override
                    and not registered_golongan
                ),
            )
        )
    total_gross, total_tax = sum(x.gross for x in lines), sum(x.tax for x in lines)
    first, last = format_day(event.start_date, "id"), format_day(event.end_date, "id")
    venue = event.place()
    return HonorariumDocument(
        title=TITLE,
        event_title=event.title,
        days=first if first == last else f"{first} s.d. {last}",
        venue=venue,
        budget_line=settings.budget_line,
        lines=tuple(lines),
        total_gross=total_gross,
        total_tax=total_tax,
        total_net=total_gross - total_tax,
        gross_words=rupiah_in_words(total_gross),
        net_words=rupiah_in_words(total_gross - total_tax),
        place=settings.place or event.city,
        signed_on=settings.signed_on or event.end_date,
        signers=(
            Signer(settings.ppk_position, settings.ppk_name, settings.ppk_rank, settings.ppk_nip),
            _treasurer(event, settings),
        ),
        heading=tuple(text for style, text in letterhead_lines(event) if style in ("kop_government", "kop_unit")),
    )


def export(event: Event, fmt: str) -> bytes:
    """The daftar penerimaan honorarium as 'pdf', 'docx' or 'xlsx' (the pages and the CLI both use this)."""
    document = build_document(event)
    if fmt == "pdf":
        from ..pdf.honorarium import honorarium_pdf

        return honorarium_pdf(event, document)
    if fmt == "docx":
        from ..documents.docx_honorarium import honorarium_docx

        return honorarium_docx(event, document)
    if fmt == "xlsx":
        from ..documents.xlsx_honorarium import honorarium_xlsx

        return honorarium_xlsx(event, document)
    raise ValueError(f"unknown format: {fmt}")
