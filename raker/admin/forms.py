from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from ..events.services import EVENT_FIELDS
from ..forms import Form, as_choices
from ..i18n import TIMEZONE_CHOICES

STATUS_CHOICES = (
    ("draft", _l("Draf (belum tampil untuk umum)")),
    ("open", _l("Dibuka (pendaftaran berjalan)")),
    ("closed", _l("Ditutup (pendaftaran selesai)")),
    ("finished", _l("Selesai")),
)
PAPER_CHOICES = (("A4", _l("A4 (210 × 297 mm)")), ("F4", _l("F4 (215 × 330 mm)")))
APPROVAL_CHOICES = (
    ("moderated", _l("Disetujui sekretariat satu per satu")),
    ("auto", _l("Otomatis disetujui selama kuota ada")),
)
OVER_QUOTA_CHOICES = (("waitlist", _l("Masuk daftar tunggu")), ("refuse", _l("Ditolak")))
DELEGATION_KIND_CHOICES = (
    ("provinsi", _l("Provinsi")),
    ("kabupaten", _l("Kabupaten")),
    ("kota", _l("Kota")),
    ("kementerian_lembaga", _l("Kementerian/Lembaga")),
    ("lainnya", _l("Lainnya")),
)
REQUIRED = _l("Wajib diisi.")


def _text(label, max_len, required=False, area=False):
    validators = [DataRequired(REQUIRED)] if required else [Optional()]
    validators.append(Length(max=max_len, message=_l("Terlalu panjang (maksimal %(max)d karakter).")))
    return (TextAreaField if area else StringField)(label, validators=validators)


class EventForm(Form):
    title = _text(_l("Nama rapat"), 300, required=True)
    slug = StringField(
        _l("Alamat singkat (slug)"),
        validators=[Optional(), Length(max=70)],
        description=_l("Dipakai di alamat halaman. Kosongkan agar dibuat otomatis."),
    )
    theme = _text(_l("Tema"), 2000, area=True)
    description = _text(_l("Keterangan"), 5000, area=True)
    host_institution = _text(_l("Tuan rumah"), 300, required=True)
    organiser = _text(_l("Penyelenggara"), 300)
    organiser_city = _text(_l("Kota penyelenggara (tempat surat)"), 120)
    venue = _text(_l("Tempat"), 300, required=True)
    city = _text(_l("Kota/kabupaten tempat"), 120, required=True)
    address = _text(_l("Alamat tempat"), 300)
    start_date = DateField(
        _l("Tanggal mulai"), validators=[DataRequired(_l("Tanggal mulai wajib diisi dengan tanggal yang sah."))]
    )
    end_date = DateField(
        _l("Tanggal selesai"), validators=[DataRequired(_l("Tanggal selesai wajib diisi dengan tanggal yang sah."))]
    )
    timezone = SelectField(_l("Zona waktu"), choices=as_choices(TIMEZONE_CHOICES), default="Asia/Makassar")
    registration_opens_at = DateTimeLocalField(
        _l("Pendaftaran dibuka"), validators=[Optional()], format="%Y-%m-%dT%H:%M"
    )
    registration_closes_at = DateTimeLocalField(
        _l("Pendaftaran ditutup"), validators=[Optional()], format="%Y-%m-%dT%H:%M"
    )
    status = SelectField(_l("Status"), choices=as_choices(STATUS_CHOICES), default="draft")
    letterhead_government = _text(_l("Kop: nama pemerintah"), 200)
    letterhead_unit = _text(_l("Kop: nama unit kerja"), 200)
    letterhead_address = _text(_l("Kop: alamat"), 300)
    letterhead_phone = _text(_l("Kop: telepon"), 100)
    letterhead_email = _text(_l("Kop: email"), 200)
    letterhead_website = _text(_l("Kop: situs web"), 200)
    quota = IntegerField(
        _l("Kuota seluruh rapat"),
        validators=[Optional(), NumberRange(min=0, message=_l("Kuota tidak boleh negatif."))],
        description=_l("Kosongkan bila hanya kuota per delegasi yang berlaku."),
    )
    approval_mode = SelectField(
        _l("Persetujuan pendaftaran"), choices=as_choices(APPROVAL_CHOICES), default="moderated"
    )
    over_quota = SelectField(_l("Pendaftar di atas kuota"), choices=as_choices(OVER_QUOTA_CHOICES), default="waitlist")
    edit_deadline = DateTimeLocalField(
        _l("Batas peserta mengubah data"),
        validators=[Optional()],
        format="%Y-%m-%dT%H:%M",
        description=_l("Kosongkan: sama dengan penutupan pendaftaran."),
    )
    dress_code = _text(_l("Pakaian (untuk surat undangan)"), 200)
    logo = FileField(_l("Logo (PNG atau JPEG, maks. 1 MB)"))
    remove_logo = BooleanField(_l("Hapus logo"))
    paper_size = SelectField(_l("Ukuran kertas dokumen resmi"), choices=as_choices(PAPER_CHOICES), default="A4")

    def service_values(self) -> dict:
        """Form data in the shape services.create_event/update_event take (times made aware)."""
        tz = ZoneInfo(self.timezone.data)
        values = {}
        for name in EVENT_FIELDS:
            value = self[name].data
            if isinstance(value, datetime):  # datetime-local is the event's own wall-clock time
                value = value.replace(tzinfo=tz)
            elif value is None and isinstance(self[name], StringField):
                value = ""
            values[name] = value
        return values


class DelegationForm(Form):
    name = _text(_l("Nama delegasi"), 200, required=True)
    region_code = StringField(
        _l("Kode wilayah Kemendagri"),
        validators=[Optional(), Length(max=13)],
        description=_l("Contoh: 64.01 untuk Kabupaten Paser. Kosongkan untuk kementerian/lembaga."),
    )
    kind = SelectField(_l("Jenis"), choices=as_choices(DELEGATION_KIND_CHOICES))
    quota = IntegerField(
        _l("Kuota peserta"),
        validators=[Optional(), NumberRange(min=0, message=_l("Kuota tidak boleh negatif."))],
        description=_l("Kosongkan bila tanpa batas."),
    )
    contact_name = _text(_l("Nama kontak"), 200)
    contact_phone = _text(_l("Telepon kontak"), 32)
    contact_email = EmailField(
        _l("Email kontak"), validators=[Optional(), Email(_l("Alamat email tidak sah.")), Length(max=254)]
    )
    contact_user_email = EmailField(
        _l("Akun kontak delegasi (email pengguna)"),
        validators=[Optional(), Email(_l("Alamat email tidak sah."))],
        description=_l("Akun ini dapat melihat dan mengelola pendaftar delegasinya."),
    )


class InviteRegionsForm(Form):
    quota = IntegerField(
        _l("Kuota per delegasi"), validators=[Optional(), NumberRange(min=0, message=_l("Kuota tidak boleh negatif."))]
    )


class EventStaffForm(Form):
    """An admin grants one role on one meeting to an existing account."""

    email = EmailField(
        _l("Email pengguna"), validators=[DataRequired(REQUIRED), Email(_l("Alamat email tidak sah.")), Length(max=254)]
    )
    role = SelectField(_l("Peran pada rapat ini"), validators=[DataRequired(REQUIRED)])
