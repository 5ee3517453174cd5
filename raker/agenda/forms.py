"""Agenda forms. They only carry and parse the fields (local wall-clock times in the event's zone);
the rules (times inside the event, known rooms and people, PDFs only) live in services.py."""

import re
from datetime import date, datetime, time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from ..forms import Form, as_choices
from ..i18n import format_day
from .services import KIND_LABELS, ROLE_LABELS, AgendaError

CLOCK = re.compile(r"^\s*(\d{1,2})[.:](\d{2})\s*$")


def parse_clock(raw, field: str) -> time:
    """'09:00' or '09.00' (Indonesian) → time; anything else is refused with a message."""
    match = CLOCK.match(str(raw or ""))
    if not match:
        if not (raw or "").strip():
            raise AgendaError(_("Jam wajib diisi (JJ:MM, misalnya 09:00)."), field)
        raise AgendaError(_("Jam tidak sah: gunakan JJ:MM, misalnya 09:00."), field)
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise AgendaError(_("Jam tidak sah: gunakan JJ:MM, misalnya 09:00."), field)
    return time(hour, minute)


def parse_day(raw, field: str = "day") -> date:
    try:
        return date.fromisoformat(str(raw or "").strip())
    except ValueError:
        raise AgendaError(_("Tanggal tidak sah (TTTT-BB-HH)."), field) from None


def local_moment(event, day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=event.tz)


def parse_local(event, raw, field: str) -> datetime:
    """'YYYY-MM-DDTHH:MM' (or with a space) in the event's zone → aware datetime."""
    text = str(raw or "").strip().replace(" ", "T")
    if "T" not in text:
        raise AgendaError(_("Waktu tidak sah: gunakan TTTT-BB-HHTJJ:MM."), field)
    day_text, clock_text = text.split("T", 1)
    if len(clock_text) == 8 and clock_text.endswith(":00"):  # seconds, as some browsers send them
        clock_text = clock_text[:5]
    return local_moment(event, parse_day(day_text, field), parse_clock(clock_text, field))


def day_choices(event):
    return as_choices([(d.isoformat(), format_day(d)) for d in event.days])


def room_choices(rooms):
    return as_choices([("", _("— tanpa ruangan —"))] + [(str(r.id), r.name) for r in rooms])


def kind_choices():
    return as_choices([(key, _(label)) for key, label in KIND_LABELS.items()])


def role_choices():
    return as_choices([(key, _(label)) for key, label in ROLE_LABELS.items()])


class SessionForm(Form):
    day = SelectField(_l("Hari"), validate_choice=False)
    starts = StringField(
        _l("Mulai (JJ:MM)"),
        render_kw={
            "inputmode": "numeric",
            "placeholder": "09:00",
            "maxlength": 5,
            "pattern": r"\d{1,2}[.:]\d{2}",
            "autocomplete": "off",
        },
    )
    ends = StringField(
        _l("Selesai (JJ:MM)"),
        render_kw={
            "inputmode": "numeric",
            "placeholder": "10:30",
            "maxlength": 5,
            "pattern": r"\d{1,2}[.:]\d{2}",
            "autocomplete": "off",
        },
    )
    room_id = SelectField(_l("Ruangan"), validate_choice=False)
    kind = SelectField(_l("Jenis sesi"), validate_choice=False, default="paparan")
    title = StringField(_l("Judul sesi"), render_kw={"maxlength": 300})
    description = TextAreaField(_l("Keterangan"), render_kw={"rows": 3})

    def setup(self, event, rooms):
        self.day.choices = day_choices(event)
        self.room_id.choices = room_choices(rooms)
        self.kind.choices = kind_choices()
        return self

    def fill_from(self, event, session):
        start, end = session.starts_at.astimezone(event.tz), session.ends_at.astimezone(event.tz)
        self.day.data = start.date().isoformat()
        self.starts.data = f"{start:%H:%M}"
        self.ends.data = f"{end:%H:%M}"
        self.room_id.data = str(session.room_id or "")
        self.kind.data = session.kind
        self.title.data = session.title
        self.description.data = session.description

    def values(self, event) -> dict:
        """The service's input; an end at or before the start on the same day is left to the service."""
        day = parse_day(self.day.data, "day")
        starts_at = local_moment(event, day, parse_clock(self.starts.data, "starts"))
        ends_at = local_moment(event, day, parse_clock(self.ends.data, "ends"))
        return {
            "title": self.title.data,
            "kind": self.kind.data,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "room_id": self.room_id.data or None,
            "description": self.description.data or "",
        }


# The service names the field at fault; these are the form's names for them.
SESSION_FIELD = {
    "starts_at": "starts",
    "ends_at": "ends",
    "room_id": "room_id",
    "title": "title",
    "kind": "kind",
    "day": "day",
    "starts": "starts",
    "ends": "ends",
}


class PersonForm(Form):
    role = SelectField(_l("Peran"), validate_choice=False, default="narasumber")
    registration_id = SelectField(
        _l("Peserta terdaftar"),
        validate_choice=False,
        description=_l("Cari dulu peserta yang sudah disetujui lalu pilih, atau isi data orang luar di bawah."),
    )
    name = StringField(_l("Nama lengkap dengan gelar (orang luar)"), render_kw={"maxlength": 200})
    position = StringField(_l("Jabatan"), render_kw={"maxlength": 200})
    institution = StringField(_l("Instansi"), render_kw={"maxlength": 300})
    email = EmailField(_l("Email (untuk konfirmasi narasumber)"), render_kw={"maxlength": 254})

    def setup(self, registrations):
        self.role.choices = role_choices()
        # grouped by delegation (<optgroup>), so a long list stays searchable by typing
        choices = [SelectChoice("", _("— orang luar (isi di bawah) —"))]
        for registration in registrations:
            label = registration.full_name + (f" — {registration.position}" if registration.position else "")
            choices.append(SelectChoice(str(registration.id), label, optgroup=registration.delegation.name))
        self.registration_id.choices = choices
        return self

    def values(self) -> dict:
        return {
            "role": self.role.data,
            "registration_id": self.registration_id.data or None,
            "name": self.name.data,
            "position": self.position.data,
            "institution": self.institution.data,
            "email": self.email.data,
        }


class AvailabilityForm(Form):
    avail_day = SelectField(_l("Hari"), validate_choice=False)
    avail_from = StringField(_l("Dari (JJ:MM)"))
    avail_to = StringField(_l("Sampai (JJ:MM)"))

    def window(self, event) -> tuple[datetime, datetime]:
        day = parse_day(self.avail_day.data, "avail_day")
        if day not in event.days:
            raise AgendaError(_("Pilih salah satu hari rapat."), "avail_day")
        return (
            local_moment(event, day, parse_clock(self.avail_from.data, "avail_from")),
            local_moment(event, day, parse_clock(self.avail_to.data, "avail_to")),
        )


class MaterialForm(Form):
    material_title = StringField(_l("Judul materi"), render_kw={"maxlength": 200})
    file = FileField(_l("Berkas materi (PDF, maksimal 5 MB)"), render_kw={"accept": "application/pdf,.pdf"})


class CopyDayForm(Form):
    source = HiddenField()
    target = SelectField(_l("Salin ke hari"), validate_choice=False)


class RoomForm(Form):
    name = StringField(_l("Nama ruangan"), render_kw={"maxlength": 120})
    capacity = IntegerField(
        _l("Kapasitas (orang)"), validators=[Optional()], render_kw={"min": 0, "inputmode": "numeric"}
    )


class PublishForm(Form):
    note = TextAreaField(
        _l("Catatan perubahan (tampil di riwayat dan email)"), render_kw={"rows": 3, "maxlength": 2000}
    )
    notify = BooleanField(_l("Kirim email perubahan ke peserta"))


class ConfirmForm(Form):
    """Only the CSRF token: the button pressed carries the answer."""
