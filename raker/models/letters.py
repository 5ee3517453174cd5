from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .types import UTCDateTime, utcnow

NUMBERING_MODES = ("single", "per_delegation")  # one Nomor with a Daftar Undangan, or one per delegation


class LetterSettings(Model):
    """What the secretariat saves once for the letters it sends before the meeting (surat undangan,
    permohonan narasumber) and the surat keterangan kehadiran: signers, place, date, Nomor patterns,
    waktu, tembusan, lampiran. The download, the emailed letters and the CLI all read this row."""

    __tablename__ = "letter_settings"
    __table_args__ = (CheckConstraint("numbering IN ('single', 'per_delegation')", name="numbering_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    # "a.n. GUBERNUR KALIMANTAN TIMUR\nSEKRETARIS DAERAH": one line each, as printed above the signature.
    signer_position: Mapped[str] = mapped_column(String(300), default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signer_rank: Mapped[str | None] = mapped_column(String(8))
    signer_nip: Mapped[str | None] = mapped_column(String(18))
    print_rank_nip: Mapped[bool] = mapped_column(default=True)  # some offices print only the name
    place: Mapped[str] = mapped_column(String(120), default="")  # empty = the organiser's city
    issued_on: Mapped[date | None] = mapped_column(Date)
    numbering: Mapped[str] = mapped_column(String(16), default="single")
    number_pattern: Mapped[str] = mapped_column(String(80), default="")
    speaker_number_pattern: Mapped[str] = mapped_column(String(80), default="")
    starts_at: Mapped[time | None] = mapped_column(Time)  # None = the first session of the agenda
    tembusan: Mapped[str] = mapped_column(Text, default="")  # one recipient a line
    attach_agenda: Mapped[bool] = mapped_column(default=False)
    # The surat keterangan kehadiran is signed by the head of the secretariat, not a.n. Gubernur.
    keterangan_position: Mapped[str] = mapped_column(String(300), default="")
    keterangan_name: Mapped[str] = mapped_column(String(200), default="")
    keterangan_rank: Mapped[str | None] = mapped_column(String(8))
    keterangan_nip: Mapped[str | None] = mapped_column(String(18))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class LetterNumber(Model):
    """The register of letters sent out (buku agenda surat keluar) for the letters Raker numbers one by one:
    each letter's serial is given the first time it is printed and kept, so a surat keterangan printed
    again, alone or in a batch, carries the same Nomor, and the Nomor run 1, 2, 3 without gaps."""

    __tablename__ = "letter_numbers"
    __table_args__ = (
        UniqueConstraint("event_id", "kind", "subject", name="uq_letter_numbers_event_id_kind_subject"),
        UniqueConstraint("event_id", "kind", "serial", name="uq_letter_numbers_event_id_kind_serial"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))  # "keterangan", "permohonan_narasumber"
    subject: Mapped[str] = mapped_column(String(220))  # whom the letter is about: "registration:12", "speaker:…"
    serial: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
