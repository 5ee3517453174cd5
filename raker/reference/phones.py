"""Phone numbers: parsed with Google's libphonenumber (the `phonenumbers` package), stored as E.164
(+6281234567890) whatever way they were typed, and offered to WhatsApp only when they can be a mobile."""

import phonenumbers
from flask_babel import gettext as _
from phonenumbers import NumberParseException, PhoneNumberType

# Numbers as Indonesians write them: 0812…, 62812…, +62 812-…, and the bare 812… of a form that
# already printed "+62" in front of the field.
DEFAULT_REGION = "ID"
_MAY_BE_MOBILE = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def parse(raw: str) -> phonenumbers.PhoneNumber | None:
    """The number, or None when it is no valid number at all."""
    if not raw or len(raw) > 40:
        return None
    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def may_be_mobile(number: phonenumbers.PhoneNumber) -> bool:
    return phonenumbers.number_type(number) in _MAY_BE_MOBILE


def normalise_mobile(raw: str) -> str:
    """An Indonesian mobile number in E.164; ValueError with the reason in Bahasa Indonesia."""
    number = parse(raw)
    if number is None:
        raise ValueError(_("Nomor ponsel tidak sah; contoh: 0812 3456 7890."))
    if number.country_code != 62:
        raise ValueError(_("Gunakan nomor ponsel Indonesia (+62); contoh: 0812 3456 7890."))
    if not may_be_mobile(number):
        raise ValueError(_("Ini nomor telepon rumah/kantor; isi nomor ponsel (WhatsApp), contoh: 0812 3456 7890."))
    return e164(number)


def normalise_any(raw: str) -> str:
    """Any valid number (a delegation's office line too) in E.164; '' stays ''."""
    if not raw.strip():
        return ""
    number = parse(raw)
    if number is None:
        raise ValueError(_("Nomor telepon tidak sah; contoh: 0812 3456 7890 atau (0541) 733333."))
    return e164(number)


def whatsapp_digits(stored: str | None) -> str | None:
    """The digits wa.me wants (E.164 without '+'), or None for a number that cannot be a mobile
    (a landline, a number typed wrong before numbers were checked, an erased one)."""
    number = parse(stored or "")
    if number is None or not may_be_mobile(number):
        return None
    return e164(number).removeprefix("+")


def display(stored: str | None) -> str:
    """+6281234567890 as people read it: 0812-3456-7890 (international for numbers abroad)."""
    number = parse(stored or "")
    if number is None:
        return stored or ""
    if number.country_code == 62:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
