from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import CheckConstraint, Date, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .types import UTCDateTime, utcnow

EVENT_STATUSES = ("draft", "open", "closed", "finished")
PAPER_SIZES = ("A4", "F4")
DELEGATION_KINDS = ("provinsi", "kabupaten", "kota", "kementerian_lembaga", "lainnya")
DEFAULT_TIMEZONE = "Asia/Makassar"
APPROVAL_MODES = ("moderated", "auto")  # secretariat approves each registration, or approval is automatic
OVER_QUOTA_POLICIES = ("waitlist", "refuse")  # a registration over quota waits for a place, or is refused


def _in(values: Iterable[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class Event(Model):
    """A working meeting (rapat kerja)."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(f"status IN ({_in(EVENT_STATUSES)})", name="status_known"),
        CheckConstraint(f"paper_size IN ({_in(PAPER_SIZES)})", name="paper_size_known"),
        CheckConstraint("end_date >= start_date", name="dates_ordered"),
        CheckConstraint(f"approval_mode IN ({_in(APPROVAL_MODES)})", name="approval_mode_known"),
        CheckConstraint(f"over_quota IN ({_in(OVER_QUOTA_POLICIES)})", name="over_quota_known"),
        CheckConstraint("quota IS NULL OR quota >= 0", name="quota_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    theme: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    host_institution: Mapped[str] = mapped_column(String(300))  # tuan rumah: Pemerintah Kabupaten Paser
    # Penyelenggara: the office whose kop heads the letters and whose city is their place of issue
    # (Biro Organisasi Setda Provinsi Kalimantan Timur, Samarinda); empty = the host, the venue's city.
    organiser: Mapped[str] = mapped_column(String(300), default="")
    organiser_city: Mapped[str] = mapped_column(String(120), default="")
    venue: Mapped[str] = mapped_column(String(300))
    city: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(300), default="")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    # Registration rules
    quota: Mapped[int | None] = mapped_column()  # all delegations together; None = no limit
    approval_mode: Mapped[str] = mapped_column(String(16), default="moderated")
    over_quota: Mapped[str] = mapped_column(String(16), default="waitlist")
    edit_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None = registration close
    dress_code: Mapped[str] = mapped_column(String(200), default="Pakaian Dinas Harian (PDH)")
    # Bumped under lock by every registration decision: serialises quota checks on SQLite and PostgreSQL.
    registration_serial: Mapped[int] = mapped_column(default=0)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Letterhead (kop surat) for official documents, per tata naskah dinas.
    letterhead_government: Mapped[str] = mapped_column(String(200), default="")  # PEMERINTAH KABUPATEN PASER
    letterhead_unit: Mapped[str] = mapped_column(String(200), default="")  # SEKRETARIAT DAERAH
    letterhead_address: Mapped[str] = mapped_column(String(300), default="")
    letterhead_phone: Mapped[str] = mapped_column(String(100), default="")
    letterhead_email: Mapped[str] = mapped_column(String(200), default="")
    letterhead_website: Mapped[str] = mapped_column(String(200), default="")
    # Logo kept in the database so several app instances behind a proxy share it.
    # Read when used (documents, the logo route): every request on a meeting loads its Event.
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    logo_mimetype: Mapped[str | None] = mapped_column(String(32))
    paper_size: Mapped[str] = mapped_column(String(2), default="A4")

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    delegations: Mapped[list["Delegation"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Delegation.position"
    )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def today(self) -> date:
        """The meeting's date now, in its own zone: the server's (UTC) date is a day behind WITA
        from 16.00 UTC on; never use date.today() for a meeting."""
        return utcnow().astimezone(self.tz).date()

    def default_day(self) -> date:
        """The day a page opens on: today when it is a meeting day, else the first day."""
        today = self.today()
        return today if today in self.days else self.start_date

    @property
    def is_public(self) -> bool:
        return self.status != "draft"

    @property
    def days(self) -> list[date]:
        from datetime import timedelta

        return [self.start_date + timedelta(days=i) for i in range((self.end_date - self.start_date).days + 1)]

    def registration_is_open(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        if self.status != "open":
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        if self.registration_closes_at and now >= self.registration_closes_at:
            return False
        return True

    def edits_allowed(self, now: datetime | None = None) -> bool:
        """Participants may change their own details until the edit deadline (or registration close)."""
        now = now or utcnow()
        deadline = self.edit_deadline or self.registration_closes_at
        return self.status in ("open", "closed") and (deadline is None or now < deadline)

    @property
    def organiser_name(self) -> str:
        return (self.organiser or "").strip() or self.host_institution

    @property
    def place_of_issue(self) -> str:
        """The city above a letter's signature: the organiser's, not the venue's."""
        return (self.organiser_city or "").strip() or self.city

    def place(self, *, address: bool = False, room: str | None = None) -> str:
        """Where the meeting is, for a document's "Tempat": 'Ruang Rapat II, Gedung Awa Mangkuruku, Jl.
        Jenderal Sudirman, Tana Paser'. A part already written in an earlier one (the city at the end
        of the address) is not written again."""
        parts = [room, self.venue, self.address if address else None, self.city]
        written: list[str] = []
        for part in (" ".join((p or "").split()) for p in parts):
            if part and not any(part.casefold() in earlier.casefold() for earlier in written):
                written.append(part)
        return ", ".join(written)

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class Delegation(Model):
    """A delegation (utusan) invited to an event: a region, a ministry, or another body."""

    __tablename__ = "delegations"
    __table_args__ = (
        UniqueConstraint("event_id", "name", name="uq_delegations_event_id_name"),
        UniqueConstraint("event_id", "region_code", name="uq_delegations_event_id_region_code"),
        CheckConstraint(f"kind IN ({_in(DELEGATION_KINDS)})", name="kind_known"),
        CheckConstraint("quota IS NULL OR quota >= 0", name="quota_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str | None] = mapped_column(String(13))
    kind: Mapped[str] = mapped_column(String(24))
    quota: Mapped[int | None] = mapped_column()
    position: Mapped[int] = mapped_column(default=0)  # display order
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(32), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # "Bupati Paser", "Wali Kota Samarinda": the surat undangan's "Yth."; empty = from the region (raker.invitations).
    addressee: Mapped[str] = mapped_column(String(200), default="")

    event: Mapped[Event] = relationship(back_populates="delegations")
    contact_user = relationship("User")

    def __repr__(self) -> str:
        return f"<Delegation {self.name}>"
