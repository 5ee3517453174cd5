"""Checking one registration's fields. Shared by the web form, the contact's team form,
the API and the import, so they all accept and refuse the same things."""

from collections.abc import Mapping
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from ..models import ASN_STATUSES, PARTICIPANT_ROLES
from ..reference import phones
from ..reference.nip import NipError, parse_nip
from ..reference.ranks import is_known_rank, ranks_for

# A registered person's fields, the one list the forms, the API, the import and an edit read.
PERSON_FIELDS = ("full_name", "asn_status", "nip", "rank", "position", "institution", "email", "phone", "role", "notes")
FIELDS = ("delegation", *PERSON_FIELDS)


class RegistrationInvalid(ValueError):
    """Fields at fault, each with a message in Bahasa Indonesia."""

    def __init__(self, fields: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields


def normalise_phone(raw: str) -> str:
    """A participant's mobile (WhatsApp) number in E.164, however it was typed: '0812-3456-7890',
    '62 812 3456 7890', '+62812…', '812 3456 7890'. Landlines and numbers abroad are refused."""
    return phones.normalise_mobile(raw)


def _text(
    data: Mapping[str, Any],
    name: str,
    errors: dict[str, str],
    *,
    required: bool,
    max_len: int,
    label: str,
    markup_allowed: bool = False,
) -> str:
    value = data.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[name] = _("%(label)s harus berupa teks.", label=label)
        return ""
    value = " ".join(value.split())
    if required and not value:
        errors[name] = _("%(label)s wajib diisi.", label=label)
    elif len(value) > max_len:
        errors[name] = _("%(label)s terlalu panjang (maksimal %(n)d karakter).", label=label, n=max_len)
    elif not markup_allowed and ("<" in value or ">" in value):
        errors[name] = _("%(label)s tidak boleh memuat tanda < atau >.", label=label)
    return value


def clean_registration(data: Mapping[str, Any], delegations: Mapping[int, object]) -> dict[str, Any]:
    """Return normalised values or raise RegistrationInvalid naming every field at fault.

    `delegations` maps id -> Delegation of this event; data["delegation"] is an id (int or str)."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    raw_delegation = data.get("delegation") or ""
    try:
        clean["delegation"] = delegations[int(raw_delegation)]
    except (KeyError, TypeError, ValueError):
        errors["delegation"] = _("Pilih delegasi yang terdaftar pada rapat ini.")
    clean["full_name"] = _text(data, "full_name", errors, required=True, max_len=200, label=_("Nama lengkap"))
    asn = data.get("asn_status") or ""
    if asn not in ASN_STATUSES:
        errors["asn_status"] = _("Pilih status kepegawaian: PNS, PPPK atau non-ASN.")
    clean["asn_status"] = asn
    nip_raw = _text(data, "nip", errors, required=False, max_len=40, label="NIP")
    clean["nip"] = None
    if asn in ("pns", "pppk"):
        if not nip_raw:
            errors["nip"] = _("NIP wajib diisi untuk PNS dan PPPK.")
        else:
            try:
                clean["nip"] = parse_nip(nip_raw, pppk=asn == "pppk")
            except NipError as exc:
                errors["nip"] = _(str(exc))
    elif nip_raw and asn == "non_asn":
        errors["nip"] = _("NIP hanya diisi oleh PNS atau PPPK.")
    rank = _text(data, "rank", errors, required=False, max_len=8, label=_("Pangkat/golongan"))
    clean["rank"] = rank or None
    if "rank" in errors:
        pass
    elif rank and not is_known_rank(rank):
        errors["rank"] = _("Pangkat/golongan tidak dikenal; pilih dari daftar (misalnya III/a).")
    elif rank and asn == "pppk" and rank not in ranks_for("pppk"):
        errors["rank"] = _(
            "PPPK memiliki golongan I–XVII (Perpres No. 98 Tahun 2020), bukan pangkat PNS; pilih golongan, misalnya IX."
        )
    elif rank and asn == "pns" and rank not in ranks_for("pns"):
        errors["rank"] = _("Golongan I–XVII hanya untuk PPPK; pilih pangkat PNS, misalnya III/a.")
    elif asn == "non_asn":
        clean["rank"] = None  # non-ASN have none; a choice left in the hidden field is not theirs
    elif asn == "pns" and not rank:
        errors["rank"] = _("Pangkat/golongan wajib diisi untuk PNS.")
    clean["position"] = _text(data, "position", errors, required=True, max_len=200, label=_("Jabatan"))
    clean["institution"] = _text(
        data, "institution", errors, required=True, max_len=300, label=_("Instansi/unit kerja")
    )
    email_raw = _text(data, "email", errors, required=True, max_len=254, label=_("Email"))
    clean["email"] = email_raw.lower()
    if email_raw and "email" not in errors:
        try:
            clean["email"] = validate_email(email_raw, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            errors["email"] = _("Alamat email tidak sah.")
    phone_raw = _text(data, "phone", errors, required=True, max_len=32, label=_("Nomor ponsel"))
    clean["phone"] = ""
    if phone_raw and "phone" not in errors:
        try:
            clean["phone"] = normalise_phone(phone_raw)
        except ValueError as exc:
            errors["phone"] = str(exc)
    role = data.get("role") or "peserta"
    if role not in PARTICIPANT_ROLES:
        errors["role"] = _("Peran tidak dikenal; pilih peserta, narasumber, moderator, panitia atau undangan.")
    clean["role"] = role
    clean["notes"] = _text(data, "notes", errors, required=False, max_len=1000, label=_("Catatan"), markup_allowed=True)
    if errors:
        raise RegistrationInvalid(errors)
    return clean
