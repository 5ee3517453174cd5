from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ..forms import RANK_CHOICES, Form, as_choices


class SettingsForm(Form):
    """Types only; the rules (JP 1–100, days, NIP, lengths) are checked in services.clean_settings."""

    hours = IntegerField(
        _l("Jumlah jam pelajaran (JP)"), validators=[Optional()], description=_l("1–100 JP, dicetak pada sertifikat.")
    )
    min_days = IntegerField(
        _l("Hadir paling sedikit (hari)"),
        validators=[Optional()],
        default=1,
        description=_l(
            "Hari rapat dengan daftar ulang yang sah (tidak dibatalkan). "
            "Narasumber dan moderator sesi selalu memenuhi syarat."
        ),
    )
    signer_position = TextAreaField(
        _l("Jabatan penanda tangan"),
        description=_l("Satu baris per baris cetak, misalnya a.n. SEKRETARIS DAERAH lalu ASISTEN ADMINISTRASI UMUM."),
    )
    signer_name = StringField(_l("Nama penanda tangan"))
    signer_rank = SelectField(_l("Pangkat/golongan penanda tangan"), choices=as_choices(RANK_CHOICES), default="")
    signer_nip = StringField(_l("NIP penanda tangan"), description=_l("18 angka; boleh dengan spasi."))
    number_prefix = StringField(_l("Nomor: awalan"))
    number_suffix = StringField(_l("Nomor: akhiran"))
    place = StringField(_l("Tempat penandatanganan"), description=_l("Kosongkan: kota tempat rapat."))
    signed_on = DateField(
        _l("Tanggal sertifikat"), validators=[Optional()], description=_l("Kosongkan: hari terakhir rapat.")
    )

    def values(self) -> dict:
        return {
            name: self[name].data
            for name in (
                "hours",
                "min_days",
                "signer_position",
                "signer_name",
                "signer_rank",
                "signer_nip",
                "number_prefix",
                "number_suffix",
                "place",
                "signed_on",
            )
        }
