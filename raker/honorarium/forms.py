from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Optional

from ..forms import RANK_CHOICES, Form, as_choices

GOLONGAN_CHOICES = (
    ("", _l("Bukan PNS (tarif lainnya)")),
    ("I", "PNS golongan I"),
    ("II", "PNS golongan II"),
    ("III", "PNS golongan III"),
    ("IV", "PNS golongan IV"),
)
HOUR_CHOICES = ((60, _l("60 menit (jam)")), (45, _l("45 menit (jam pelajaran, JP)")))
CATEGORY_CHOICES = (
    ("", _l("Eselon III ke bawah/lainnya")),
    ("menteri", _l("Menteri/setingkat")),
    ("eselon_1", _l("Eselon I/setingkat")),
    ("eselon_2", _l("Eselon II/setingkat")),
)
FIELDS = (
    "narasumber_rate",
    "rate_menteri",
    "rate_eselon_1",
    "rate_eselon_2",
    "hour_minutes",
    "moderator_rate",
    "other_tax_percent",
    "budget_line",
    "ppk_position",
    "ppk_name",
    "ppk_rank",
    "ppk_nip",
    "treasurer_position",
    "treasurer_name",
    "treasurer_rank",
    "treasurer_nip",
    "place",
    "signed_on",
)


class SettingsForm(Form):
    """Text in, rules in services.clean_settings (rupiah with thousands dots, a percent with a comma)."""

    narasumber_rate = StringField(
        _l("Tarif narasumber per jam (Rp)"),
        description=_l("Menurut Standar Biaya Umum daerah: eselon III ke bawah dan lainnya."),
    )
    hour_minutes = SelectField(
        _l("Satu jam narasumber"),
        choices=as_choices(HOUR_CHOICES),
        default=60,
        coerce=int,
        description=_l("Lama sesi dibulatkan ke bawah ke jam penuh, paling sedikit 1 jam per sesi."),
    )
    rate_menteri = StringField(
        _l("Narasumber menteri/setingkat per jam (Rp)"), description=_l("Kosongkan atau 0: tarif narasumber di atas.")
    )
    rate_eselon_1 = StringField(_l("Narasumber eselon I/setingkat per jam (Rp)"))
    rate_eselon_2 = StringField(_l("Narasumber eselon II/setingkat per jam (Rp)"))
    moderator_rate = StringField(_l("Tarif moderator per sesi (Rp)"))
    other_tax_percent = StringField(
        _l("PPh 21 bukan PNS (%)"),
        description=_l(
            "PNS: PPh 21 final menurut golongan (I–II 0 %, III 5 %, IV 15 %). Lainnya: tarif ini, "
            "misalnya 2,5 (5 % × 50 % bruto)."
        ),
    )
    budget_line = StringField(_l("Beban anggaran"), description=_l("Misalnya DPA dan kode rekening; boleh kosong."))
    ppk_position = StringField(_l("Jabatan penanda tangan kiri"))
    ppk_name = StringField(_l("Nama Pejabat Pembuat Komitmen"))
    ppk_rank = SelectField(_l("Pangkat/golongan"), choices=as_choices(RANK_CHOICES), default="")
    ppk_nip = StringField(_l("NIP"))
    treasurer_position = StringField(_l("Jabatan penanda tangan kanan"))
    treasurer_name = StringField(_l("Nama Bendahara Pengeluaran"))
    treasurer_rank = SelectField(_l("Pangkat/golongan"), choices=as_choices(RANK_CHOICES), default="")
    treasurer_nip = StringField(_l("NIP"))
    place = StringField(_l("Tempat penandatanganan"), description=_l("Kosongkan: kota tempat rapat."))
    signed_on = DateField(_l("Tanggal"), validators=[Optional()], description=_l("Kosongkan: hari terakhir rapat."))

    def values(self) -> dict:
        return {name: self[name].data for name in FIELDS}


class PersonForm(Form):
    key = StringField()
    golongan = SelectField(_l("Golongan untuk PPh 21"), choices=as_choices(GOLONGAN_CHOICES), default="")
    category = SelectField(_l("Tingkat narasumber"), choices=as_choices(CATEGORY_CHOICES), default="")
