"""Forms of the panitia page: types only; the rules (lengths, NIP, golongan, colours) are checked in
services.clean_member / clean_settings, so the CLI and the seed go through the same ones."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ..forms import RANK_CHOICES, Form, as_choices
from .services import KARTU_ROLES, PLACES

PLACE_CHOICES = tuple((place, _l(label)) for place, (label, _role) in PLACES.items())
MEMBER_FIELDS = ("full_name", "position", "institution", "rank", "nip", "place", "place_other")
SETTINGS_FIELDS = (
    "signer_office",
    "signer_name",
    "signer_rank",
    "signer_nip",
    "place",
    "budget",
    "panitia_number",
    "panitia_date",
    "panitia_menimbang",
    "panitia_mengingat",
    "panitia_tugas",
    "panitia_tembusan",
    "perumus_number",
    "perumus_date",
    "perumus_menimbang",
    "perumus_mengingat",
    "perumus_tugas",
    "perumus_tembusan",
)


class MemberForm(Form):
    full_name = StringField(_l("Nama lengkap dengan gelar"))
    position = StringField(_l("Jabatan"))
    institution = StringField(_l("Instansi/unit kerja"))
    # validate_choice off: services.clean_member refuses an unknown one with its own message.
    rank = SelectField(_l("Pangkat/golongan"), choices=as_choices(RANK_CHOICES), default="", validate_choice=False)
    nip = StringField(_l("NIP"), description=_l("Boleh kosong (bukan PNS); 18 angka, boleh dengan spasi."))
    place = SelectField(
        _l("Kedudukan dalam panitia"), choices=as_choices(PLACE_CHOICES), default="anggota", validate_choice=False
    )
    place_other = StringField(_l("Kedudukan lainnya"), description=_l('Diisi bila memilih "Lainnya".'))

    def values(self) -> dict:
        return {name: self[name].data for name in MEMBER_FIELDS}


class SettingsForm(Form):
    signer_office = StringField(
        _l("Jabatan yang menetapkan"),
        description=_l("Misalnya SEKRETARIS DAERAH PROVINSI KALIMANTAN TIMUR; kosongkan: diturunkan dari kop."),
    )
    signer_name = StringField(
        _l("Nama penanda tangan"), description=_l("Kosongkan: baris titik-titik untuk ditulis tangan.")
    )
    signer_rank = SelectField(
        _l("Pangkat/golongan penanda tangan"), choices=as_choices(RANK_CHOICES), default="", validate_choice=False
    )
    signer_nip = StringField(_l("NIP penanda tangan"))
    place = StringField(_l("Ditetapkan di"), description=_l("Kosongkan: kota tempat rapat."))
    budget = StringField(
        _l("Biaya dibebankan pada"), description=_l("Misalnya DPA Biro Organisasi Tahun Anggaran 2026.")
    )
    panitia_number = StringField(_l("Nomor SK panitia"), description=_l("{tahun} diganti tahun."))
    panitia_date = DateField(
        _l("Tanggal SK panitia"),
        validators=[Optional()],
        description=_l("Kosongkan: titik-titik untuk ditulis tangan."),
    )
    panitia_menimbang = TextAreaField(_l("Menimbang (satu butir satu baris)"), render_kw={"rows": 4})
    panitia_mengingat = TextAreaField(_l("Mengingat (satu butir satu baris)"), render_kw={"rows": 4})
    panitia_tugas = TextAreaField(_l("Tugas panitia (satu butir satu baris)"), render_kw={"rows": 5})
    panitia_tembusan = TextAreaField(
        _l("Tembusan SK panitia (satu penerima satu baris)"),
        render_kw={"rows": 3},
        description=_l("Dicetak di bawah tanda tangan; kosongkan bila tanpa tembusan."),
    )
    perumus_number = StringField(_l("Nomor SK tim perumus"), description=_l("{tahun} diganti tahun."))
    perumus_date = DateField(_l("Tanggal SK tim perumus"), validators=[Optional()])
    perumus_menimbang = TextAreaField(_l("Menimbang (satu butir satu baris)"), render_kw={"rows": 4})
    perumus_mengingat = TextAreaField(_l("Mengingat (satu butir satu baris)"), render_kw={"rows": 4})
    perumus_tugas = TextAreaField(_l("Tugas tim perumus (satu butir satu baris)"), render_kw={"rows": 4})
    perumus_tembusan = TextAreaField(
        _l("Tembusan SK tim perumus (satu penerima satu baris)"),
        render_kw={"rows": 3},
        description=_l("Dicetak di bawah tanda tangan; kosongkan bila tanpa tembusan."),
    )

    def values(self, form_data) -> dict:
        values = {name: self[name].data for name in SETTINGS_FIELDS}
        values.update({f"colour_{role}": form_data.get(f"colour_{role}", "") for role in KARTU_ROLES})
        return values
