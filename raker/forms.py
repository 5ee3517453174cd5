"""Base form: Flask-WTF (CSRF) with WTForms' own messages in Bahasa Indonesia.

WTForms ships no Indonesian catalogue, so ours lives in raker/translations/id (domain wtforms)."""
from functools import lru_cache
from pathlib import Path

from babel import support
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


@lru_cache(maxsize=8)
def wtforms_translations(locale: str) -> support.Translations:
    directory = str(TRANSLATIONS) if locale == "id" else messages_path()
    return support.Translations.load(directory, [locale], domain="wtforms")


class Form(FlaskForm):
    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return wtforms_translations(str(get_locale() or "id"))


def as_choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def add_field_errors(form, fields: dict[str, str]) -> None:
    """A service's refusal {field name: message} shown on the form's fields; a message for a field the
    form does not have is flashed instead, so no refusal is lost."""
    from flask import flash

    for name, message in fields.items():
        target = getattr(form, name, None)
        if target is not None:
            target.errors = list(target.errors) + [message]
        else:
            flash(message, "error")
