from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .types import JSONObject, UTCDateTime, utcnow

MAX_RATE = 10_000_000  # rupiah per hour or session; far above any Standar Biaya Umum, so a typo is refused
MAX_TAX_BP = 5000  # 50 %: no PPh 21 rate on one honorarium goes higher


class HonorariumSettings(Model):
    """What the secretariat sets for a meeting's daftar penerimaan honorarium: the regional standard
    cost (narasumber per hour, moderator per session), PPh 21 for those who are not PNS, and the two
    signers (Pejabat Pembuat Komitmen, Bendahara Pengeluaran). Money in whole rupiah; the tax rate in
    hundredths of a percent (250 = 2,5 %), so no float or Decimal column is needed."""

    __tablename__ = "honorarium_settings"
    __table_args__ = (
        CheckConstraint(f"narasumber_rate >= 0 AND narasumber_rate <= {MAX_RATE}", name="narasumber_rate_in_range"),
        CheckConstraint(f"moderator_rate >= 0 AND moderator_rate <= {MAX_RATE}", name="moderator_rate_in_range"),
        CheckConstraint(f"other_tax_bp >= 0 AND other_tax_bp <= {MAX_TAX_BP}", name="other_tax_bp_in_range"),
        CheckConstraint("hour_minutes IN (45, 60)", name="hour_minutes_known"),
        CheckConstraint(f"rate_menteri >= 0 AND rate_menteri <= {MAX_RATE}", name="rate_menteri_in_range"),
        CheckConstraint(f"rate_eselon_1 >= 0 AND rate_eselon_1 <= {MAX_RATE}", name="rate_eselon_1_in_range"),
        CheckConstraint(f"rate_eselon_2 >= 0 AND rate_eselon_2 <= {MAX_RATE}", name="rate_eselon_2_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    narasumber_rate: Mapped[int] = mapped_column(default=0)  # per hour; eselon III and below, and everyone else
    # The Standar Biaya Umum pays a narasumber by level; 0 = the rate above.
    rate_menteri: Mapped[int] = mapped_column(default=0)  # menteri, kepala daerah or equivalent
    rate_eselon_1: Mapped[int] = mapped_column(default=0)
    rate_eselon_2: Mapped[int] = mapped_column(default=0)
    # 60: a jam of a meeting; 45: a jam pelajaran (JP), where the regional standard pays training by JP.
    hour_minutes: Mapped[int] = mapped_column(default=60)
    moderator_rate: Mapped[int] = mapped_column(default=0)  # per session
    other_tax_bp: Mapped[int] = mapped_column(default=250)
    budget_line: Mapped[str] = mapped_column(String(300), default="")  # "DPA Biro Organisasi 2026, 5.1.02…"
    ppk_position: Mapped[str] = mapped_column(String(200), default="")
    ppk_name: Mapped[str] = mapped_column(String(200), default="")
    ppk_rank: Mapped[str | None] = mapped_column(String(8))
    ppk_nip: Mapped[str | None] = mapped_column(String(18))
    treasurer_position: Mapped[str] = mapped_column(String(200), default="")
    treasurer_name: Mapped[str] = mapped_column(String(200), default="")
    treasurer_rank: Mapped[str | None] = mapped_column(String(8))
    treasurer_nip: Mapped[str | None] = mapped_column(String(18))
    place: Mapped[str] = mapped_column(String(120), default="")  # empty = the event's city
    signed_on: Mapped[date | None] = mapped_column(Date)  # None = the last meeting day
    # person key ("r:<registration id>" / "n:<name>") -> golongan "I".."IV", or "" for not PNS:
    # outside speakers have no pangkat on record, and a registered PNS may have none entered.
    golongan: Mapped[JSONObject] = mapped_column(JSON, default=dict)
    # person key -> narasumber level ("menteri", "eselon_1", "eselon_2"); absent = the general rate
    categories: Mapped[JSONObject] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
