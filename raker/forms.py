"""Base form: Flask-WTF (CSRF) with WTForms' own messages in Bahasa Indonesia.

WTForms ships no Indonesian catalogue, so ours lives in raker/translations/id (domain wtforms)."""

from functools import lru_cache
from pathlib import Path

from babel import support
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path

from .reference.ranks import PPPK_GOLONGAN, RANKS, rank_label

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


@lru_cache(maxsize=8)
def wtforms_translations(locale: str) -> support.NullTranslations:
    directory = str(TRANSLATIONS) if locale == "id" else messages_path()
    return support.Translations.load(directory, [locale], domain="wtforms")


class Form(FlaskForm):
    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return wtforms_translations(str(get_locale() or "id"))


def as_choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


# A signer's pangkat on an official document, written as the signature block prints it: "Pembina (IV/a)".
RANK_CHOICES = (("", _l("— tanpa pangkat —")), *((code, f"{name} ({code})") for code, name in RANKS))


def rank_choices():
    """Pangkat for PNS and golongan for PPPK, each in its group; registration.js shows the group of the
    chosen employment status (without JavaScript both show, and the server checks which fits)."""
    return [
        SelectChoice("", _l("— pilih pangkat/golongan —")),
        *(SelectChoice(code, f"{code} — {name}", {"data-asn": "pns"}, str(_l("Pangkat PNS"))) for code, name in RANKS),
        *(
            SelectChoice(code, rank_label(code), {"data-asn": "pppk"}, str(_l("Golongan PPPK")))
            for code in PPPK_GOLONGAN
        ),
    ]


def pns_rank_choices():
    """Signers of official documents (notulis, report): PNS pangkat only."""
    return as_choices([("", _l("— pilih pangkat/golongan —"))] + [(code, f"{code} — {name}") for code, name in RANKS])


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
