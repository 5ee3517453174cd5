from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import Form, as_choices
from ..models import ROLES
from . import ROLE_LABELS


def strong_password(form, field) -> None:
    """The service's rule (length, not a common password), shown under the field."""
    from .services import AccountError, check_password_strength

    try:
        check_password_strength(field.data or "")
    except AccountError as exc:
        raise ValidationError(str(exc)) from None


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Email wajib diisi."))])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(_l("Kata sandi wajib diisi."))])
    remember = BooleanField(_l("Tetap masuk di perangkat ini"))


class PasswordChangeForm(Form):
    current = PasswordField(_l("Kata sandi lama"), validators=[DataRequired(_l("Kata sandi lama wajib diisi."))])
    new = PasswordField(
        _l("Kata sandi baru"),
        validators=[
            DataRequired(_l("Kata sandi baru wajib diisi.")),
            strong_password,
        ],
    )
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[
            EqualTo("new", message=_l("Kedua kata sandi baru tidak sama.")),
        ],
    )


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def role_choices():
    return as_choices((r, ROLE_LABELS[r]) for r in ROLES)


class UserCreateForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Email wajib diisi.")), Length(max=254)])
    full_name = StringField(_l("Nama lengkap"), validators=[DataRequired(_l("Nama wajib diisi.")), Length(max=200)])
    password = PasswordField(
        _l("Kata sandi awal"),
        validators=[
            DataRequired(_l("Kata sandi wajib diisi.")),
            strong_password,
        ],
    )
    roles = MultiCheckboxField(_l("Peran"), choices=role_choices)


class UserEditForm(Form):
    full_name = StringField(_l("Nama lengkap"), validators=[DataRequired(_l("Nama wajib diisi.")), Length(max=200)])
    roles = MultiCheckboxField(_l("Peran"), choices=role_choices)
    active = BooleanField(_l("Akun aktif"))
