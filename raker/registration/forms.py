"""Registration forms. They only carry the fields; the rules live in validation.py/services.py
so the form, the team form, the API and the import accept exactly the same things."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    FormField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms import Form as PlainForm
from wtforms.validators import DataRequired

from ..forms import Form, as_choices, rank_choices

ASN_CHOICES = (("pns", _l("PNS")), ("pppk", _l("PPPK")), ("non_asn", _l("Non-ASN")))
ROLE_CHOICES = (
    ("peserta", _l("Peserta")),
    ("narasumber", _l("Narasumber")),
    ("moderator", _l("Moderator")),
    ("panitia", _l("Panitia")),
    ("undangan", _l("Undangan")),
)


class PersonFields:
    """The person's own fields, shared by the public form, the edit form and the team rows."""

    full_name = StringField(_l("Nama lengkap dengan gelar"), description=_l("Contoh: Dr. Siti Rahmah, S.Sos., M.Si."))
    asn_status = RadioField(
        _l("Status kepegawaian"), choices=as_choices(ASN_CHOICES), default="pns", validate_choice=False
    )
    nip = StringField(_l("NIP"), description=_l("18 angka, boleh dengan spasi: 19860926 201505 1 001"))
    rank = SelectField(_l("Pangkat/golongan"), choices=rank_choices, validate_choice=False)
    position = StringField(_l("Jabatan"))
    email = EmailField(_l("Email"))
    phone = TelField(_l("Nomor ponsel (WhatsApp)"), description=_l("Contoh: 0812 3456 7890"))


class RegistrationForm(Form, PersonFields):
    delegation = SelectField(_l("Delegasi"), coerce=str, validate_choice=False)
    institution = StringField(_l("Instansi / unit kerja"))
    role = SelectField(
        _l("Peran dalam rapat"), choices=as_choices(ROLE_CHOICES), default="peserta", validate_choice=False
    )
    assignment_letter = FileField(_l("Surat tugas (PDF, maksimal 5 MB, boleh menyusul)"))
    notes = TextAreaField(_l("Catatan (makanan, kebutuhan khusus)"))
    consent = BooleanField(
        _l(
            "Saya setuju data ini diolah sekretariat untuk keperluan rapat ini sesuai UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi."
        ),
        validators=[DataRequired(_l("Persetujuan pengolahan data wajib dicentang."))],
    )


class DetailsForm(Form, PersonFields):
    """What a participant may change through the personal link."""

    institution = StringField(_l("Instansi / unit kerja"))
    notes = TextAreaField(_l("Catatan (makanan, kebutuhan khusus)"))


class TeamMemberForm(PlainForm, PersonFields):
    asn_status = SelectField(_l("Status"), choices=as_choices(ASN_CHOICES), default="pns", validate_choice=False)
    role = SelectField(_l("Peran"), choices=as_choices(ROLE_CHOICES), default="peserta", validate_choice=False)


class TeamForm(Form):
    institution = StringField(_l("Instansi / unit kerja (untuk semua anggota)"))
    members = FieldList(FormField(TeamMemberForm), min_entries=5, max_entries=40)


def filled_rows(form: TeamForm) -> list[tuple[int, dict]]:
    """Team rows that are not left completely empty, with their position in the form."""
    rows = []
    for index, entry in enumerate(form.members.entries):
        data = {k: v for k, v in entry.data.items() if k != "csrf_token"}
        if any((v or "").strip() for k, v in data.items() if k not in ("asn_status", "role")):
            rows.append((index, data))
    return rows
