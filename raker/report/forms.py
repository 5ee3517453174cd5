from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from ..forms import Form
from ..reference.nip import NipError, parse_nip
from ..reference.ranks import RANK_NAMES
from ..registration.forms import pns_rank_choices


class ReportSignerForm(Form):
    """Who signs the report, asked at download time (a GET form: nothing is stored)."""

    class Meta:
        csrf = False

    position = StringField(_l("Jabatan penanda tangan"), validators=[Optional(), Length(max=200)],
                           description=_l("Kosongkan untuk blok tanda tangan “Penanggung Jawab Kegiatan”."))
    name = StringField(_l("Nama"), validators=[Optional(), Length(max=200)])
    rank = SelectField(_l("Pangkat/golongan"), choices=pns_rank_choices, validate_choice=False)
    nip = StringField(_l("NIP"), validators=[Optional(), Length(max=30)])

    def validate_rank(self, field):
        if field.data and field.data not in RANK_NAMES:
            raise ValidationError(_l("Pangkat/golongan tidak dikenal."))

    def validate_nip(self, field):
        if field.data:
            try:
                field.data = parse_nip(field.data)
            except NipError as error:
                raise ValidationError(str(error)) from None

    def signer(self) -> dict | None:
        data = {key: (getattr(self, key).data or "").strip() for key in ("position", "name", "rank", "nip")}
        return data if any(data.values()) else None
