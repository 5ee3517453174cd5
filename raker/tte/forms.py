"""The signing pages' forms: types only; the rules are in services.py."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import PasswordField, SelectField, StringField

from ..forms import Form, as_choices, pns_rank_choices


class SignerForm(Form):
    name = StringField(_l("Nama (seperti dicetak di bawah tanda tangan)"))
    position = StringField(_l("Jabatan"))
    rank = SelectField(_l("Pangkat/golongan"), choices=pns_rank_choices, validate_choice=False)
    nip = StringField(
        _l("NIP"), description=_l("18 angka; boleh dengan spasi. Dicocokkan dengan blok tanda tangan dokumen.")
    )
    user_id = SelectField(_l("Akun pengguna"), coerce=str, validate_choice=False)
    method = SelectField(
        _l("Cara menandatangani"),
        choices=as_choices(
            [("p12", _l("Sertifikat PKCS#12 milik kantor")), ("remote", _l("Layanan TTE jarak jauh (BSrE)"))]
        ),
        default="p12",  # the page shows the choice only when a remote service is configured
    )
    p12 = FileField(_l("Berkas sertifikat (.p12 / .pfx)"))
    passphrase = PasswordField(
        _l("Passphrase sertifikat"), description=_l("Hanya untuk membaca sertifikat sekarang; tidak disimpan.")
    )


class LinkUserForm(Form):
    user_id = SelectField(_l("Akun yang menandatangani"), coerce=str, validate_choice=False)


class PrepareForm(Form):
    kind = SelectField(_l("Dokumen"), validate_choice=False)


class SignForm(Form):
    signer_id = SelectField(_l("Penanda tangan"), coerce=str, validate_choice=False)
    passphrase = PasswordField(
        _l("Passphrase"), description=_l("Ditanyakan setiap kali menandatangani; tidak disimpan.")
    )
    nik = StringField(
        _l("NIK (hanya untuk layanan TTE jarak jauh)"),
        description=_l("Dikirim ke layanan TTE untuk penandatanganan ini saja; tidak disimpan."),
    )


class ActionForm(Form):
    """A button (paraf, renew): the CSRF token only."""


class VerifyForm(Form):
    document = FileField(_l("Berkas PDF yang akan diperiksa"))
