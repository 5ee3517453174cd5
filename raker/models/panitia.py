"""The committee (panitia) of a meeting: its members, who get a kartu panitia and are listed in the
SK panitia, and the settings row of the two keputusan (SK panitia, SK tim perumus)."""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .event import _in
from .types import JSONObject, UTCDateTime, utcnow

# A member's place in the committee, in the order a susunan panitia lists them; "lainnya" takes a
# text of its own (place_other).
COMMITTEE_PLACES = (
    "pengarah",
    "penanggung_jawab",
    "ketua",
    "wakil_ketua",
    "sekretaris",
    "bendahara",
    "anggota",
    "sekretariat",
    "protokol",
    "mc",
    "dokumentasi",
    "konsumsi",
    "perlengkapan",
    "keamanan",
    "kesehatan",
    "pengemudi",
    "lainnya",
)


class CommitteeMember(Model):
    """One member of a meeting's panitia. Not a registration: MC, protokol and drivers never register,
    and a committee member's NIP and pangkat are printed in the SK, so they are kept here."""

    __tablename__ = "committee_members"
    __table_args__ = (CheckConstraint(f"place IN ({_in(COMMITTEE_PLACES)})", name="place_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))  # with titles, as printed
    position: Mapped[str] = mapped_column(String(200), default="")  # jabatan
    institution: Mapped[str] = mapped_column(String(300), default="")  # instansi / unit kerja
    rank: Mapped[str | None] = mapped_column(String(8))  # golongan code, "III/c"
    nip: Mapped[str | None] = mapped_column(String(18))
    place: Mapped[str] = mapped_column(String(24), default="anggota")
    place_other: Mapped[str] = mapped_column(String(100), default="")  # the place when "lainnya"
    sort_order: Mapped[int] = mapped_column(default=0)
    # The staff account this member was imported from, so an import is not repeated.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class CommitteeSettings(Model):
    """What the secretariat sets for the two keputusan of a meeting and the kartu colours. Empty
    texts print the Indonesian defaults (raker/panitia/keputusan.py), which follow the meeting's
    title and dates; texts of several points hold one point a line."""

    __tablename__ = "committee_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    # "SEKRETARIS DAERAH PROVINSI KALIMANTAN TIMUR": in the title (KEPUTUSAN …) and over the signature.
    signer_office: Mapped[str] = mapped_column(String(200), default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signer_rank: Mapped[str | None] = mapped_column(String(8))
    signer_nip: Mapped[str | None] = mapped_column(String(18))
    place: Mapped[str] = mapped_column(String(120), default="")  # Ditetapkan di; empty = the meeting's city
    budget: Mapped[str] = mapped_column(String(300), default="")  # "DPA Biro Organisasi Setda … Tahun 2026"
    panitia_number: Mapped[str] = mapped_column(String(80), default="")
    panitia_date: Mapped[date | None] = mapped_column(Date)
    panitia_menimbang: Mapped[str] = mapped_column(Text, default="")
    panitia_mengingat: Mapped[str] = mapped_column(Text, default="")
    panitia_tugas: Mapped[str] = mapped_column(Text, default="")
    panitia_tembusan: Mapped[str] = mapped_column(Text, default="")  # one recipient a line, after the signature
    perumus_number: Mapped[str] = mapped_column(String(80), default="")
    perumus_date: Mapped[date | None] = mapped_column(Date)
    perumus_menimbang: Mapped[str] = mapped_column(Text, default="")
    perumus_mengingat: Mapped[str] = mapped_column(Text, default="")
    perumus_tugas: Mapped[str] = mapped_column(Text, default="")
    perumus_tembusan: Mapped[str] = mapped_column(Text, default="")
    # kartu role ("panitia", "protokol", "mc" …) -> "#RRGGBB"; absent = the default colour
    card_colours: Mapped[JSONObject] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
