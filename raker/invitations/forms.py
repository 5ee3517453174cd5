from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ..forms import RANK_CHOICES, Form, as_choices

NUMBERING_CHOICES = (
    ("single", _l("Satu nomor untuk semua delegasi, dengan Daftar Undangan terlampir")),
    ("per_delegation", _l("Nomor sendiri untuk setiap delegasi")),
)
FIELDS = (
    "signer_position",
    "signer_name",
    "signer_rank",
    "signer_nip",
    "print_rank_nip",
    "place",
    "issued_on",
    "numbering",
    "number_pattern",
    "speaker_number_pattern",
    "starts_at",
    "tembusan",
    "attach_agenda",
    "keterangan_position",
    "keterangan_name",
    "keterangan_rank",
    "keterangan_nip",
)


class LetterSettingsForm(Form):
    """Types only; the rules (NIP, golongan, lengths, {n}) are checked in services.clean_settings."""

    signer_position = TextAreaField(
        _l("Jabatan penanda tangan"),
        description=_l("Satu baris per baris cetak, misalnya a.n. GUBERNUR KALIMANTAN TIMUR lalu SEKRETARIS DAERAH."),
    )
    signer_name = StringField(_l("Nama penanda tangan"))
    signer_rank = SelectField(_l("Pangkat/golongan penanda tangan"), choices=as_choices(RANK_CHOICES), default="")
    signer_nip = StringField(_l("NIP penanda tangan"), description=_l("18 angka; boleh dengan spasi."))
    print_rank_nip = BooleanField(_l("Cetak pangkat dan NIP di bawah nama"), default=True)
    place = StringField(_l("Tempat surat"), description=_l("Kosongkan: kota penyelenggara."))
    issued_on = DateField(_l("Tanggal surat"), validators=[Optional()])
    numbering = SelectField(_l("Penomoran surat undangan"), choices=as_choices(NUMBERING_CHOICES), default="single")
    number_pattern = StringField(
        _l("Pola nomor surat undangan"),
        description=_l("{n}: nomor urut delegasi (satu nomor: dikosongkan untuk diisi tangan), {tahun}: tahun surat."),
    )
    speaker_number_pattern = StringField(_l("Pola nomor surat permohonan narasumber"))
    starts_at = StringField(_l("Waktu mulai (jam)"), description=_l("Kosongkan: dari sesi pertama susunan acara."))
    tembusan = TextAreaField(_l("Tembusan"), description=_l("Satu penerima per baris."))
    attach_agenda = BooleanField(_l("Lampirkan susunan acara"))
    keterangan_position = TextAreaField(
        _l("Jabatan penanda tangan surat keterangan kehadiran"),
        description=_l("Kepala sekretariat, misalnya Kepala Biro Organisasi."),
    )
    keterangan_name = StringField(_l("Nama"))
    keterangan_rank = SelectField(_l("Pangkat/golongan"), choices=as_choices(RANK_CHOICES), default="")
    keterangan_nip = StringField(_l("NIP"))

    def values(self) -> dict:
        return {name: self[name].data for name in FIELDS}
