"""The committee (panitia) of a meeting: members with their place in it, the order they are listed
in, the kartu role and colour each one's card gets, and the settings row of the two keputusan.

The rules live here, tested without HTTP; the page (routes.py) parses a form and calls these."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import event_settings
from ..audit import record
from ..extensions import db
from ..letters import LetterRefused, clean_rank_and_nip
from ..models import COMMITTEE_PLACES, CommitteeMember, CommitteeSettings, Event, EventStaff, User
from ..safe_text import has_control_characters

# place -> (its name in the SK's lampiran, the kartu role its card shows)
PLACES: dict[str, tuple[str, str]] = {
    "pengarah": ("Pengarah", "panitia"),
    "penanggung_jawab": ("Penanggung Jawab", "panitia"),
    "ketua": ("Ketua", "panitia"),
    "wakil_ketua": ("Wakil Ketua", "panitia"),
    "sekretaris": ("Sekretaris", "panitia"),
    "bendahara": ("Bendahara", "panitia"),
    "anggota": ("Anggota", "panitia"),
    "sekretariat": ("Sekretariat", "panitia"),
    "protokol": ("Protokol", "protokol"),
    "mc": ("Pembawa Acara", "mc"),
    "dokumentasi": ("Dokumentasi", "dokumentasi"),
    "konsumsi": ("Konsumsi", "konsumsi"),
    "perlengkapan": ("Perlengkapan", "panitia"),
    "keamanan": ("Keamanan", "keamanan"),
    "kesehatan": ("Kesehatan", "kesehatan"),
    "pengemudi": ("Pengemudi", "pengemudi"),
    "lainnya": ("Lainnya", "panitia"),
}
assert tuple(PLACES) == COMMITTEE_PLACES

# kartu role -> (the word in the card's colour band, its default colour). Dark enough for white
# text, and apart from the participants' badge colours (raker/pdf/badge.py: blue, red, orange,
# purple), so a door keeper tells staff from delegates; PANITIA keeps the badges' green.
KARTU_ROLES: dict[str, tuple[str, str]] = {
    "panitia": ("PANITIA", "#1B7A3A"),
    "protokol": ("PROTOKOL", "#0B3D6E"),
    "mc": ("PEMBAWA ACARA", "#8E1B4F"),
    "dokumentasi": ("DOKUMENTASI", "#00695C"),
    "konsumsi": ("KONSUMSI", "#7A4A12"),
    "keamanan": ("KEAMANAN", "#263238"),
    "kesehatan": ("KESEHATAN", "#A31515"),
    "pengemudi": ("PENGEMUDI", "#4A4A4A"),
}
COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
MEMBER_LIMITS = {"full_name": 200, "position": 200, "institution": 300, "place_other": 100}
MAX_MEMBERS = 300


class CommitteeInvalid(ValueError):
    """Input that cannot be saved: field name -> Indonesian message. Nothing was saved."""

    def __init__(self, fields: dict[str, str]):
        super().__init__("; ".join(fields.values()))
        self.fields = fields


# ---- members ----------------------------------------------------------------------------------


def members(event: Event) -> list[CommitteeMember]:
    """The members as a susunan panitia lists them: by place (Pengarah first, drivers last), then in
    the order the secretariat set within the place."""
    rank = {place: n for n, place in enumerate(COMMITTEE_PLACES)}
    rows = db.session.scalars(select(CommitteeMember).where(CommitteeMember.event_id == event.id)).all()
    return sorted(rows, key=lambda m: (rank.get(m.place, len(rank)), m.sort_order, m.id))


def in_charge(event: Event, title: str, place: str = "penanggung_jawab") -> dict[str, str] | None:
    """The SK panitia's first member at `place` (its penanggung jawab, sekretaris, bendahara) as a signer
    titled `title` ("Penanggung Jawab Kegiatan"): a document's signer when the secretariat chose none, so
    the block is not left as dots under a name the SK already gives. None without one."""
    member = next((m for m in members(event) if m.place == place), None)
    if member is None:
        return None
    return {"position": title, "name": member.full_name, "rank": member.rank or "", "nip": member.nip or ""}


def member_of(event: Event, member_id: int) -> CommitteeMember | None:
    member = db.session.get(CommitteeMember, member_id)
    return member if member is not None and member.event_id == event.id else None


def place_label(member: CommitteeMember) -> str:
    """'Ketua', 'Pembawa Acara', or the text typed for "lainnya"."""
    if member.place == "lainnya":
        return member.place_other or PLACES["lainnya"][0]
    return PLACES.get(member.place, (member.place, ""))[0]


def kartu_role(member: CommitteeMember) -> str:
    return PLACES.get(member.place, ("", "panitia"))[1]


def clean_member(values: Mapping[str, Any]) -> dict[str, Any]:
    """The member as it will be stored, or CommitteeInvalid naming every problem at once. Names are
    written as typed (titles too: 'Dr. H. Andi, M.Si.'), spaces collapsed; the NIP is checked and the
    pangkat must be a known golongan, as in every signer form (letters.clean_rank_and_nip)."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name, limit in MEMBER_LIMITS.items():
        text = " ".join(str(values.get(name) or "").split())
        if has_control_characters(text):  # the request guard stops forms; this also covers the CLI and seeds
            errors[name] = _("Teks berisi karakter kendali yang tidak diizinkan.")
        elif len(text) > limit:
            errors[name] = _("Terlalu panjang (maksimal %(max)d karakter).", max=limit)
        clean[name] = text
    if not clean["full_name"] and "full_name" not in errors:
        errors["full_name"] = _("Nama wajib diisi.")
    place = str(values.get("place") or "")
    if place not in PLACES:
        errors["place"] = _("Kedudukan dalam panitia tidak dikenal.")
    clean["place"] = place
    if place == "lainnya" and not clean["place_other"] and "place_other" not in errors:
        errors["place_other"] = _('Tuliskan kedudukannya bila memilih "Lainnya".')
    if place != "lainnya":
        clean["place_other"] = ""
    rank_and_nip: dict[str, Any] = {}
    clean_rank_and_nip(
        {"member_rank": values.get("rank"), "member_nip": values.get("nip")}, "member", rank_and_nip, errors
    )
    clean["rank"], clean["nip"] = rank_and_nip["member_rank"], rank_and_nip["member_nip"]
    for old, new in (("member_rank", "rank"), ("member_nip", "nip")):
        if old in errors:
            errors[new] = errors.pop(old)
    if errors:
        raise CommitteeInvalid(errors)
    return clean


def _last_order(event_id: int, place: str) -> int:
    return (
        db.session.scalar(
            select(func.coalesce(func.max(CommitteeMember.sort_order), 0)).where(
                CommitteeMember.event_id == event_id, CommitteeMember.place == place
            )
        )
        or 0
    )


def add_member(
    event: Event, values: Mapping[str, Any], *, by: User | None = None, user_id: int | None = None
) -> CommitteeMember:
    """A new member, last of their place."""
    clean = clean_member(values)
    count = (
        db.session.scalar(select(func.count()).select_from(CommitteeMember).where(CommitteeMember.event_id == event.id))
        or 0
    )
    if count >= MAX_MEMBERS:
        raise CommitteeInvalid({"full_name": _("Panitia paling banyak %(max)d orang.", max=MAX_MEMBERS)})
    member = CommitteeMember(
        event_id=event.id, sort_order=_last_order(event.id, clean["place"]) + 1, user_id=user_id, **clean
    )
    db.session.add(member)
    db.session.flush()
    record("committee.member_add", member, event_id=event.id, user=by, name=member.full_name, place=place_label(member))
    db.session.commit()
    return member


def update_member(member: CommitteeMember, values: Mapping[str, Any], *, by: User | None = None) -> CommitteeMember:
    clean = clean_member(values)
    event_id = member.event_id
    if clean["place"] != member.place:  # to the end of the new place
        member.sort_order = _last_order(event_id, clean["place"]) + 1
    changed = sorted(name for name, value in clean.items() if getattr(member, name) != value)
    for name, value in clean.items():
        setattr(member, name, value)
    if changed:
        record("committee.member_edit", member, event_id=event_id, user=by, name=member.full_name, fields=changed)
    db.session.commit()
    return member


def delete_member(member: CommitteeMember, *, by: User | None = None) -> None:
    record("committee.member_delete", member, event_id=member.event_id, user=by, name=member.full_name)
    db.session.delete(member)
    db.session.commit()


def move_member(member: CommitteeMember, direction: str, *, by: User | None = None) -> bool:
    """Up or down one place among the members of the same place (the lampiran's order). False when
    it is already first or last there."""
    if direction not in ("up", "down"):
        raise CommitteeInvalid({"direction": _("Arah tidak dikenal.")})
    same = [m for m in members(db.session.get_one(Event, member.event_id)) if m.place == member.place]
    index = same.index(member)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(same):
        return False
    for n, m in enumerate(same):  # renumber first: imported rows may share an order
        m.sort_order = n + 1
    same[index].sort_order, same[other].sort_order = same[other].sort_order, same[index].sort_order
    record(
        "committee.member_move", member, event_id=member.event_id, user=by, name=member.full_name, direction=direction
    )
    db.session.commit()
    return True


def import_staff(event: Event, *, by: User | None = None) -> list[CommitteeMember]:
    """Every staff account of the meeting (sekretariat, petugas, notulis, perumus) not yet a member, as
    Sekretariat: the secretariat then adds their jabatan, pangkat and NIP. Accounts hold no NIP."""
    known = set(
        db.session.scalars(
            select(CommitteeMember.user_id).where(
                CommitteeMember.event_id == event.id, CommitteeMember.user_id.is_not(None)
            )
        )
    )
    users = db.session.scalars(
        select(User)
        .join(EventStaff, EventStaff.user_id == User.id)
        .where(EventStaff.event_id == event.id)
        .distinct()
        .order_by(User.full_name, User.id)
    ).all()
    added = []
    order = _last_order(event.id, "sekretariat")
    for user in users:
        if user.id in known or not (user.full_name or "").strip():
            continue
        order += 1
        member = CommitteeMember(
            event_id=event.id,
            full_name=" ".join(user.full_name.split())[:200],
            position="",
            institution="",
            rank=None,
            nip=None,
            place="sekretariat",
            place_other="",
            sort_order=order,
            user_id=user.id,
        )
        db.session.add(member)
        added.append(member)
    if added:
        db.session.flush()
        record(
            "committee.import_staff",
            event,
            event_id=event.id,
            user=by,
            count=len(added),
            names=[m.full_name for m in added],
        )
    db.session.commit()
    return added


# ---- settings ---------------------------------------------------------------------------------

SETTINGS_TEXTS = {
    "signer_office": 200,
    "signer_name": 200,
    "place": 120,
    "budget": 300,
    "panitia_number": 80,
    "perumus_number": 80,
}
SETTINGS_LONG_TEXTS = (
    "panitia_menimbang",
    "panitia_mengingat",
    "panitia_tugas",
    "panitia_tembusan",
    "perumus_menimbang",
    "perumus_mengingat",
    "perumus_tugas",
    "perumus_tembusan",
)
MAX_LONG_TEXT = 6000
MAX_POINTS = 20
MAX_POINT = 1000  # characters: a point is a row of the keputusan's table, and a row cannot break over pages


def settings_for(event: Event) -> CommitteeSettings:
    """The meeting's settings; unsaved empty ones (every text then its default) until the first save."""
    settings = db.session.scalar(select(CommitteeSettings).where(CommitteeSettings.event_id == event.id))
    if settings is None:
        settings = CommitteeSettings(
            event_id=event.id,
            signer_office="",
            signer_name="",
            signer_rank=None,
            signer_nip=None,
            place="",
            budget="",
            panitia_number="",
            panitia_date=None,
            perumus_number="",
            perumus_date=None,
            card_colours={},
            **{name: "" for name in SETTINGS_LONG_TEXTS},
        )
    return settings


def points(text: str) -> list[str]:
    """One point a line, blank lines and a typed 'a.' / '1.' at the start left out (the documents
    number the points themselves)."""
    out = []
    for line in (text or "").splitlines():
        line = re.sub(r"^\s*(?:[a-zA-Z]|\d{1,2})[.)]\s+", "", line).strip()
        if line:
            out.append(" ".join(line.split()))
    return out


def clean_settings(values: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name, limit in SETTINGS_TEXTS.items():
        text = " ".join(str(values.get(name) or "").split())
        if len(text) > limit:
            errors[name] = _("Terlalu panjang (maksimal %(max)d karakter).", max=limit)
        clean[name] = text
    for name in SETTINGS_LONG_TEXTS:
        text = str(values.get(name) or "").replace("\r\n", "\n").strip()
        if len(text) > MAX_LONG_TEXT:
            errors[name] = _("Terlalu panjang (maksimal %(max)d karakter).", max=MAX_LONG_TEXT)
        elif len(points(text)) > MAX_POINTS:
            errors[name] = _("Paling banyak %(max)d butir, satu butir satu baris.", max=MAX_POINTS)
        elif any(len(point) > MAX_POINT for point in points(text)):
            errors[name] = _("Satu butir paling panjang %(max)d karakter: pecah menjadi beberapa baris.", max=MAX_POINT)
        clean[name] = "\n".join(points(text))
    for name in ("panitia_date", "perumus_date"):
        value = values.get(name)
        if value in (None, ""):
            value = None
        elif isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                errors[name] = _("Tanggal tidak sah (format tttt-bb-hh).")
                value = None
        elif not isinstance(value, date):
            errors[name] = _("Tanggal tidak sah (format tttt-bb-hh).")
            value = None
        clean[name] = value
    clean_rank_and_nip(values, "signer", clean, errors)
    colours = {}
    for role in KARTU_ROLES:
        colour = str(values.get(f"colour_{role}") or "").strip()
        if not colour:
            continue
        if not COLOUR.fullmatch(colour):
            errors[f"colour_{role}"] = _("Warna harus kode #RRGGBB, misalnya #1B7A3A.")
        elif colour.upper() != KARTU_ROLES[role][1]:
            colours[role] = colour.upper()
    clean["card_colours"] = colours
    if errors:
        raise CommitteeInvalid(errors)
    return clean


def save_settings(event: Event, values: Mapping[str, Any], *, by: User | None = None) -> CommitteeSettings:
    """Check and store the settings (all or nothing), with an audit row of what changed."""
    return store_settings(event, clean_settings(values), by=by)


def store_settings(event: Event, clean: dict[str, Any], *, by: User | None = None) -> CommitteeSettings:
    settings: CommitteeSettings = event_settings.store(event, settings_for, clean, by=by, action="committee.settings")
    return settings


def kartu_colour(settings: CommitteeSettings, role: str) -> str:
    return (settings.card_colours or {}).get(role) or KARTU_ROLES.get(role, KARTU_ROLES["panitia"])[1]


# ---- kartu panitia ----------------------------------------------------------------------------


@dataclass(frozen=True)
class KartuPanitia:
    """One committee card, format-neutral (raker/pdf/kartu_panitia.py and raker/documents/docx_cards.py print it). No QR code: a kartu
    panitia is shown at the door, not scanned; check-in counts registered participants only, and a
    code no check-in accepts would only make the door staff try it."""

    name: str
    position: str  # jabatan, or the place in the committee when no jabatan is known
    place: str  # "Ketua", "Protokol"
    band_label: str  # "PANITIA", "PROTOKOL", "PEMBAWA ACARA" …
    band_colour: str  # "#RRGGBB"


def kartu(event: Event, selected: list[CommitteeMember] | None = None) -> list[KartuPanitia]:
    settings = settings_for(event)
    out = []
    for member in members(event) if selected is None else selected:
        role = kartu_role(member)
        out.append(
            KartuPanitia(
                name=member.full_name,
                position=member.position or place_label(member),
                place=place_label(member),
                band_label=KARTU_ROLES[role][0],
                band_colour=kartu_colour(settings, role),
            )
        )
    return out


KARTU_LAYOUTS = ("sheet", "cr80", "a6")


def export_kartu(
    event: Event, layout: str = "sheet", *, member_ids: list[int] | None = None, fmt: str = "pdf"
) -> bytes:
    """The kartu panitia as one PDF ('sheet': A4/F4 with cut marks, 'cr80', 'a6') or as a DOCX of
    the sheet (the same cards a page, to correct a name in Word before printing)."""
    if layout not in KARTU_LAYOUTS:
        raise LetterRefused(_("Tata letak kartu tidak dikenal."), 400)
    if fmt == "docx" and layout != "sheet":
        raise LetterRefused(_("Versi DOCX hanya dalam tata letak lembar (A4/F4)."), 400)
    chosen = members(event)
    if member_ids is not None:
        wanted = set(member_ids)
        chosen = [m for m in chosen if m.id in wanted]
    if not chosen:
        raise LetterRefused(_("Belum ada anggota panitia: tambahkan dulu pada halaman Panitia."))
    if fmt == "docx":
        from ..documents.docx_cards import kartu_docx

        return kartu_docx(event, kartu(event, chosen))
    from ..pdf.kartu_panitia import kartu_pdf

    return kartu_pdf(event, kartu(event, chosen), layout=layout)
