"""The report page's forms: types only; the rules (lengths, NIP, golongan, photo size and kind) are in
services.py."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField

from ..forms import Form, pns_rank_choices

TEXT_FIELDS = ("addressee", "legal_basis", "purpose", "obstacles", "follow_up", "closing")
SIGNER_FIELDS = ("signer_position", "signer_name", "signer_rank", "signer_nip")


class ReportTextsForm(Form):
    addressee = TextAreaField(
        _l("Kepada"),
        render_kw={"rows": 3},
        description=_l("Setiap baris alamat pada barisnya sendiri, misalnya “Yth. Gubernur Kalimantan Timur”."),
    )
    legal_basis = TextAreaField(
        _l("I. Dasar hukum"),
        render_kw={"rows": 5},
        description=_l("Satu dasar hukum per baris; nomornya dibuat otomatis."),
    )
    purpose = TextAreaField(
        _l("II. Maksud dan tujuan"), render_kw={"rows": 5}, description=_l("Baris kosong memisahkan paragraf.")
    )
    obstacles = TextAreaField(_l("VII. Kendala"), render_kw={"rows": 4})
    follow_up = TextAreaField(_l("VIII. Saran dan tindak lanjut"), render_kw={"rows": 5})
    closing = TextAreaField(_l("IX. Penutup"), render_kw={"rows": 3})
    signer_position = StringField(
        _l("Jabatan penanda tangan"), description=_l("Kosongkan untuk blok tanda tangan “Penanggung Jawab Kegiatan”.")
    )
    signer_name = StringField(_l("Nama penanda tangan"))
    signer_rank = SelectField(_l("Pangkat/golongan penanda tangan"), choices=pns_rank_choices, validate_choice=False)
    signer_nip = StringField(_l("NIP penanda tangan"), description=_l("18 angka; boleh dengan spasi."))

    def values(self) -> dict:
        return {name: self[name].data for name in (*TEXT_FIELDS, *SIGNER_FIELDS)}


class PhotoForm(Form):
    photo = FileField(_l("Foto (JPEG atau PNG, maksimal 10 MB)"))
    caption = StringField(_l("Keterangan foto"), description=_l("Misalnya “Pembukaan oleh Asisten Administrasi Umum”."))


class CaptionForm(Form):
    caption = StringField(_l("Keterangan foto"))
