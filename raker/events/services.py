"""Event and delegation rules."""

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from PIL import UnidentifiedImageError
from sqlalchemy import Select, bindparam, func, select

from ..audit import record
from ..extensions import db
from ..images import MAX_SIDE, ImageTooLarge, open_image
from ..models import Delegation, Event, EventStaff, Registration, User
from ..models.user import ADMIN, SEKRETARIAT
from ..pagination import Pages
from ..reference import phones
from ..reference.regions import KALTIM_DELEGATION_REGIONS, Region, region_kind_from_code

MAX_LOGO_BYTES = 1024 * 1024
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
MAX_EVENT_DAYS = 31
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}

EVENT_FIELDS = (
    "title",
    "theme",
    "description",
    "host_institution",
    "organiser",
    "organiser_city",
    "venue",
    "city",
    "address",
    "start_date",
    "end_date",
    "timezone",
    "registration_opens_at",
    "registration_closes_at",
    "status",
    "letterhead_government",
    "letterhead_unit",
    "letterhead_address",
    "letterhead_phone",
    "letterhead_email",
    "letterhead_website",
    "paper_size",
    "quota",
    "approval_mode",
    "over_quota",
    "edit_deadline",
    "dress_code",
)
DELEGATION_FIELDS = ("name", "region_code", "kind", "quota", "contact_name", "contact_phone", "contact_email")
MAX_QUOTA = 100_000  # places: beyond any meeting, and within the INTEGER column (2**70 was a 500)


def _check_quota(quota: int | None) -> None:
    if quota is not None and quota < 0:
        raise EventError(_("Kuota tidak boleh negatif."), "quota")
    if quota is not None and quota > MAX_QUOTA:
        raise EventError(_("Kuota paling banyak %(n)s peserta.", n=f"{MAX_QUOTA:,}".replace(",", ".")), "quota")


class EventError(ValueError):
    """A refusal with a message (and optionally the field at fault) for the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:70].rstrip("-") or "rapat"


def unique_slug(base: str, exclude_id: int | None = None) -> str:
    slug, n = base, 2
    while True:
        query = select(Event.id).where(Event.slug == slug)
        if exclude_id:
            query = query.where(Event.id != exclude_id)
        if db.session.scalar(query) is None:
            return slug
        slug, n = f"{base}-{n}", n + 1


def read_logo(data: bytes) -> tuple[bytes, str]:
    """Check an uploaded logo by its content (not its file name); return bytes and MIME type."""
    if len(data) > MAX_LOGO_BYTES:
        raise EventError(_("Logo terlalu besar (maksimal 1 MB)."), "logo")
    try:
        with open_image(data) as image:
            image.verify()
            kind = image.format
    except ImageTooLarge:
        raise EventError(
            _("Logo terlalu besar: paling banyak %(side)d × %(side)d piksel.", side=MAX_SIDE), "logo"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise EventError(_("Logo harus berkas gambar PNG atau JPEG yang sah."), "logo") from None
    if kind not in LOGO_FORMATS:
        raise EventError(_("Logo harus berkas gambar PNG atau JPEG yang sah."), "logo")
    return data, LOGO_FORMATS[kind]


def _check_event(values: dict[str, Any]) -> None:
    for name in ("start_date", "end_date"):
        # a meeting from 0001-01-01 to 9999-12-31 was accepted, and its statistics then walked every day
        if not FIRST_DAY <= values[name] <= LAST_DAY:
            raise EventError(
                _("Tanggal rapat harus antara tahun %(first)d dan %(last)d.", first=FIRST_DAY.year, last=LAST_DAY.year),
                name,
            )
    if values["end_date"] < values["start_date"]:
        raise EventError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."), "end_date")
    if (values["end_date"] - values["start_date"]).days + 1 > MAX_EVENT_DAYS:
        raise EventError(_("Rapat paling lama %(n)d hari.", n=MAX_EVENT_DAYS), "end_date")
    for name in ("registration_opens_at", "registration_closes_at", "edit_deadline"):
        moment = values.get(name)
        if moment is not None and not FIRST_DAY.year <= moment.year <= LAST_DAY.year:
            raise EventError(
                _("Tanggal harus antara tahun %(first)d dan %(last)d.", first=FIRST_DAY.year, last=LAST_DAY.year), name
            )
    _check_quota(values.get("quota"))
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    if opens and closes and closes <= opens:
        raise EventError(_("Penutupan pendaftaran harus setelah pembukaannya."), "registration_closes_at")


def create_event(
    values: dict[str, Any], *, logo: bytes | None = None, slug: str | None = None, by: User | None = None
) -> Event:
    _check_event(values)
    event = Event(**{k: values[k] for k in EVENT_FIELDS if k in values})
    event.slug = unique_slug(slugify(slug or f"{values['title']} {values['start_date'].year}"))
    if logo:
        event.logo, event.logo_mimetype = read_logo(logo)
    db.session.add(event)
    db.session.flush()
    record("event.create", event, event_id=event.id, to_state=event.status, user=by)
    if by is not None and not by.has_role(ADMIN):
        # Whoever creates a meeting runs it (an admin already may do everything).
        staff = EventStaff(event_id=event.id, user_id=by.id, role=SEKRETARIAT)
        db.session.add(staff)
        db.session.flush()
        record(
            "event_staff.grant",
            staff,
            event_id=event.id,
            user=by,
            staff_user_id=by.id,
            email=by.email,
            role=SEKRETARIAT,
        )
    db.session.commit()
    return event


def update_event(
    event: Event,
    values: dict[str, Any],
    *,
    logo: bytes | None = None,
    remove_logo: bool = False,
    slug: str | None = None,
    by: User | None = None,
) -> Event:
    _check_event({**{key: getattr(event, key) for key in EVENT_FIELDS}, **values})
    new_logo = read_logo(logo) if logo else None  # validate before touching the row
    before = event.status
    for key in EVENT_FIELDS:
        if key in values:
            setattr(event, key, values[key])
    if slug and slugify(slug) != event.slug:
        event.slug = unique_slug(slugify(slug), exclude_id=event.id)
    if new_logo:
        event.logo, event.logo_mimetype = new_logo
    elif remove_logo:
        event.logo, event.logo_mimetype = None, None
    record("event.update", event, event_id=event.id, from_state=before, to_state=event.status, user=by)
    db.session.commit()
    _fill_freed_places(event, by)
    return event


def _fill_freed_places(event: Event, by: User | None) -> None:
    """A raised quota frees places: the waiting list moves up at once."""
    from ..registration.services import fill_freed_places

    fill_freed_places(event, by=by)


def _check_delegation(event: Event, values: dict[str, Any], exclude_id: int | None = None) -> dict[str, Any]:
    values = dict(values)
    values["name"] = (values.get("name") or "").strip()
    if not values["name"]:
        raise EventError(_("Nama delegasi wajib diisi."), "name")
    code = (values.get("region_code") or "").strip() or None
    values["region_code"] = code
    values["kind"] = values.get("kind") or (region_kind_from_code(code) if code else None) or "lainnya"
    if code and region_kind_from_code(code) is None:
        raise EventError(_("Kode wilayah harus berbentuk kode Kemendagri, misalnya 64 atau 64.01."), "region_code")
    _check_quota(values.get("quota"))
    try:  # an office line is a fine contact; only a mobile gets a WhatsApp link
        values["contact_phone"] = phones.normalise_any(values.get("contact_phone") or "")
    except ValueError as exc:
        raise EventError(str(exc), "contact_phone") from None
    for field, value, message in (
        ("name", values["name"], _("Delegasi dengan nama ini sudah ada pada rapat ini.")),
        ("region_code", code, _("Delegasi dengan kode wilayah ini sudah ada pada rapat ini.")),
    ):
        if value is None:
            continue
        query = select(Delegation.id).where(Delegation.event_id == event.id, getattr(Delegation, field) == value)
        if exclude_id:
            query = query.where(Delegation.id != exclude_id)
        if db.session.scalar(query):
            raise EventError(message, field)
    return values


def _apply_delegation_values(delegation: Delegation, values: dict[str, Any]) -> None:
    nullable = ("region_code", "quota")
    for key in DELEGATION_FIELDS:
        value = values.get(key)
        setattr(delegation, key, value if value is not None or key in nullable else "")
    if "contact_user" in values:
        delegation.contact_user = values["contact_user"]


def add_delegation(event: Event, values: dict[str, Any], *, by: User | None = None) -> Delegation:
    values = _check_delegation(event, values)
    position = db.session.scalar(select(func.max(Delegation.position)).where(Delegation.event_id == event.id)) or 0
    delegation = Delegation(event=event, position=position + 1)
    _apply_delegation_values(delegation, values)
    db.session.add(delegation)
    db.session.flush()
    record("delegation.create", delegation, user=by, name=delegation.name)
    db.session.commit()
    return delegation


def update_delegation(delegation: Delegation, values: dict[str, Any], *, by: User | None = None) -> Delegation:
    values = _check_delegation(delegation.event, values, exclude_id=delegation.id)
    _apply_delegation_values(delegation, values)
    record("delegation.update", delegation, user=by, name=delegation.name)
    db.session.commit()
    _fill_freed_places(delegation.event, by)
    return delegation


def delete_delegation(delegation: Delegation, *, by: User | None = None) -> None:
    registered = db.session.scalar(
        select(func.count(Registration.id)).where(Registration.delegation_id == delegation.id)
    )
    if registered:
        raise EventError(
            _(
                "%(name)s tidak dapat dihapus karena sudah memiliki %(n)d pendaftar. Pindahkan "
                "pendaftarnya ke delegasi lain atau batalkan pendaftarannya lebih dahulu.",
                name=delegation.name,
                n=registered,
            )
        )
    record("delegation.delete", delegation, user=by, name=delegation.name)
    db.session.delete(delegation)
    db.session.commit()


@dataclass
class InviteResult:
    added: list[str]
    skipped: list[str]


def invite_regions(
    event: Event,
    regions: tuple[Region, ...] = KALTIM_DELEGATION_REGIONS,
    *,
    default_quota: int | None = None,
    by: User | None = None,
) -> InviteResult:
    """Add one delegation per region in one step; regions already present are skipped."""
    existing_codes = set(db.session.scalars(select(Delegation.region_code).where(Delegation.event_id == event.id)))
    existing_names = set(db.session.scalars(select(Delegation.name).where(Delegation.event_id == event.id)))
    position = max((d.position for d in event.delegations), default=0)
    result = InviteResult([], [])
    for region in regions:
        if region.code in existing_codes or region.name in existing_names:
            result.skipped.append(region.name)
            continue
        position += 1
        delegation = Delegation(
            event=event,
            name=region.name,
            region_code=region.code,
            kind=region.kind,
            quota=default_quota,
            position=position,
        )
        db.session.add(delegation)
        result.added.append(region.name)
    db.session.flush()
    record("delegation.invite_regions", event, event_id=event.id, user=by, added=result.added)
    db.session.commit()
    return result


def event_by_slug(slug: str) -> Event | None:
    return db.session.scalar(_event_by_slug(), {"slug": slug})


@functools.cache
def _event_by_slug() -> Select[tuple[Event]]:
    """Built once: every request on a meeting's pages and API (each scan at the door) runs it."""
    return select(Event).where(Event.slug == bindparam("slug"))


def public_events() -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.status != "draft").order_by(Event.start_date.desc())))


def all_events() -> list[Event]:
    return list(db.session.scalars(select(Event).order_by(Event.start_date.desc())))


def managed_events(user: User) -> list[Event]:
    """The meetings `user` is secretariat of (all of them for an admin): /admin/events."""
    if user.has_role(ADMIN):
        return all_events()
    return list(
        db.session.scalars(
            select(Event).where(Event.id.in_(user.staff_event_ids(SEKRETARIAT))).order_by(Event.start_date.desc())
        )
    )


def events_for(user: "User | AnonymousUserMixin | None") -> list[Event]:
    """Announced meetings, and the drafts `user` is secretariat of (all for an admin)."""
    if user is not None and getattr(user, "is_authenticated", False) and user.has_role(ADMIN):
        return all_events()
    managed = (
        user.staff_event_ids(SEKRETARIAT) if user is not None and getattr(user, "is_authenticated", False) else set()
    )
    return list(
        db.session.scalars(
            select(Event).where((Event.status != "draft") | Event.id.in_(managed)).order_by(Event.start_date.desc())
        )
    )


def delegation_counts(event: Event) -> dict[int, dict[str, int]]:
    """Registrations per delegation and state, for the lists."""
    rows = db.session.execute(
        select(Registration.delegation_id, Registration.state, func.count())
        .where(Registration.event_id == event.id)
        .group_by(Registration.delegation_id, Registration.state)
    )
    counts: dict[int, dict[str, int]] = {}
    for delegation_id, state, n in rows:
        counts.setdefault(delegation_id, {})[state] = n
    return counts


@dataclass(frozen=True)
class MembersPage:
    """One page of a delegation's members (50, by name) and the delegation's figures, all its members."""

    pages: Pages
    members: list[Registration]
    holding_places: int  # pending or approved: what counts against the quota
    waitlisted: int


def delegation_members(delegation: Delegation, page: int | None = None) -> MembersPage:
    """The delegation contact's list: the counts by the database (one query), then only the page's rows."""
    from ..registration.services import HOLDS_PLACE

    states: dict[str, int] = {
        state: n
        for state, n in db.session.execute(
            select(Registration.state, func.count())
            .where(Registration.delegation_id == delegation.id)
            .group_by(Registration.state)
        )
    }
    pages = Pages.of(page, sum(states.values()))
    members = db.session.scalars(
        select(Registration)
        .where(Registration.delegation_id == delegation.id)
        .order_by(Registration.full_name, Registration.id)
        .limit(pages.per_page)
        .offset(pages.offset)
    ).all()
    return MembersPage(
        pages, list(members), sum(states.get(state, 0) for state in HOLDS_PLACE), states.get("waitlisted", 0)
    )
