"""Quorum from presence: which delegations have someone checked in today, against the meeting's rule."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, func, select

from ..event_settings import store
from ..extensions import db
from ..ids import number_from
from ..models import QUORUM_RULES, CheckIn, Delegation, Event, Registration, SidangSettings, User
from ..reference.text import N_
from . import SidangRefused
from .version import touch

RULE_LABELS = {
    "none": N_("tanpa kuorum"),
    "half": N_("lebih dari separuh delegasi"),
    "two_thirds": N_("dua pertiga delegasi"),
}


def settings_for(event: Event) -> SidangSettings:
    return db.session.scalar(select(SidangSettings).where(SidangSettings.event_id == event.id)) or SidangSettings(
        event_id=event.id, quorum="half", speaking_seconds=180
    )


SPEAKING_MINUTES = (1, 60)  # the speaking time a session may set, in whole minutes


def save_settings(event: Event, *, rule: str, speaking_minutes: str, by: User | None = None) -> SidangSettings:
    """The secretariat's rules for the sittings: the quorum and the speaking time per speaker (minutes).
    Refused with a message (nothing saved): an unknown rule, a time that is not 1–60 whole minutes."""
    if rule not in QUORUM_RULES:
        raise SidangRefused(_("Pilih aturan kuorum dari daftar."), "unknown_rule", 400)
    low, high = SPEAKING_MINUTES
    minutes = number_from(speaking_minutes, low, high)
    if minutes is None:
        raise SidangRefused(
            _("Waktu bicara diisi menit, %(low)s sampai %(high)s.", low=low, high=high), "bad_speaking_time", 400
        )
    touch(event.id)
    settings: SidangSettings = store(
        event, settings_for, {"quorum": rule, "speaking_seconds": minutes * 60}, by=by, action="sidang.settings"
    )
    return settings


def required(rule: str, total: int) -> int:
    """Delegations needed: more than half (7 of 13, 6 of 10), two thirds rounded up (9 of 13), or none."""
    if rule == "half":
        return total // 2 + 1
    if rule == "two_thirds":
        return -(-2 * total // 3)
    return 0


@dataclass(frozen=True)
class Quorum:
    rule: str
    total: int  # delegations of the meeting
    present: int  # with at least one approved member checked in on the day
    needed: int

    @property
    def met(self) -> bool:
        return self.present >= self.needed

    def refusal(self) -> str:
        message: str = _(
            "Kuorum belum tercapai: %(present)s dari %(total)s delegasi hadir, perlu %(needed)s.",
            present=self.present,
            total=self.total,
            needed=self.needed,
        )
        return message


def checked_in_on(event: Event, day: date) -> tuple[ColumnElement[bool], ...]:
    """Who counts as present that day: an approved participant with a check-in not undone (the
    conditions of a query joining CheckIn and Registration)."""
    return (
        CheckIn.event_id == event.id,
        CheckIn.day == day,
        CheckIn.undone_at.is_(None),
        Registration.state == "approved",
    )


def present_delegations(event: Event, day: date) -> set[int]:
    return set(
        db.session.scalars(
            select(Registration.delegation_id)
            .join(CheckIn, CheckIn.registration_id == Registration.id)
            .where(*checked_in_on(event, day))
            .distinct()
        )
    )


def present_participants(event: Event, day: date) -> int:
    return (
        db.session.scalar(
            select(func.count(func.distinct(CheckIn.registration_id)))
            .join(Registration, Registration.id == CheckIn.registration_id)
            .where(*checked_in_on(event, day))
        )
        or 0
    )


def quorum(event: Event, day: date | None = None, *, settings: SidangSettings | None = None) -> Quorum:
    """The meeting's delegations and those present on `day` (today), counted in one statement; `settings`
    when the caller has read them already (the live state)."""
    day = day or event.today()
    total = select(func.count(Delegation.id)).where(Delegation.event_id == event.id).scalar_subquery()
    present = (
        select(func.count(func.distinct(Registration.delegation_id)))
        .join(CheckIn, CheckIn.registration_id == Registration.id)
        .where(*checked_in_on(event, day))
        .scalar_subquery()
    )
    counts = db.session.execute(select(total, present)).one()
    rule = (settings or settings_for(event)).quorum
    n = counts[0] or 0
    return Quorum(rule=rule, total=n, present=counts[1] or 0, needed=required(rule, n))
