"""The letters a secretariat sends before the meeting: the surat undangan to each region's head and
the surat permohonan narasumber to each outside speaker's institution.

Both read one saved LetterSettings row (signer, place, date, Nomor patterns, waktu, tembusan,
lampiran), so the download, the emailed letters and `flask export` print the same letter. Built here
as format-neutral models (LetterDocument); raker.pdf.invitation and raker.documents.docx_invitation
print them and import nothing from here."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from .. import event_settings
from ..agenda.services import sessions_on
from ..extensions import db
from ..i18n import format_day, format_long_date, format_moment, tz_abbreviation
from ..invalid import SettingsInvalid
from ..letter_register import serials
from ..letters import LetterRefused, clean_rank_and_nip, number_from, place_and_date, printed_lines
from ..models import AgendaSession, Delegation, Event, LetterSettings, SessionPerson, User
from ..models.letters import NUMBERING_MODES
from ..reference.regions import region_kind_from_code
from ..session_roles import with_role
from ..signer import Signer, is_the_person, outranks
from ..terbilang import terbilang

DEFAULT_NUMBER = "005/{n}/Org/{tahun}"
DEFAULT_SPEAKER_NUMBER = "005/{n}/Org/{tahun}"
SPEAKER_REGISTER_KIND = "permohonan_narasumber"  # its serials in the register of letters (letter_register)
BLANK_NUMBER = "......"  # one Nomor for all: the agenda clerk writes it in when the letter is signed
NATURE = "Penting"
INVITATION_CLOSING = "Demikian undangan ini disampaikan, atas perhatian dan kehadirannya diucapkan terima kasih."
SPEAKER_CLOSING = "Demikian permohonan ini disampaikan, atas perhatian dan kerja samanya diucapkan terima kasih."
DEFAULT_DRESS = "Pakaian Dinas Harian (PDH)"
# Units of a provincial government addressed through their head: "Kepala Biro Pemerintahan …".
UNIT_WORDS = ("Biro", "Dinas", "Badan", "Inspektorat", "Sekretariat", "Satuan", "Kantor", "Bagian")
# Sessions where a narasumber presents (not a sambutan, report or closing): the honorarium's list.
SPEAKER_KINDS = ("paparan", "pleno", "komisi", "tanya_jawab", "lainnya")
TEXT_LIMITS = {
    "signer_position": 300,
    "signer_name": 200,
    "place": 120,
    "number_pattern": 80,
    "speaker_number_pattern": 80,
    "tembusan": 2000,
    "keterangan_position": 300,
    "keterangan_name": 200,
}
MAX_TEMBUSAN = 10


@dataclass(frozen=True)
class Attachment:
    """A lampiran after the letter: the Daftar Undangan, the susunan acara. `rows` under `columns`;
    `widths` are fractions of the text width; a row whose only text is its first cell is a heading."""

    title: str
    reference: list[tuple[str, str]]  # the letter's Nomor / Tanggal / Hal
    columns: tuple[str, ...]
    widths: tuple[float, ...]
    rows: list[tuple[str, ...]]
    heading: str = "LAMPIRAN"  # "LAMPIRAN I SURAT GUBERNUR KALIMANTAN TIMUR", above the reference


def issuer_of(position: str) -> str:
    """Whose letter it is, from the signer's lines: "a.n. GUBERNUR KALIMANTAN TIMUR / SEKRETARIS DAERAH"
    is the governor's letter (signed on his behalf), "Kepala Biro Organisasi" the head's own."""
    lines = [line.strip().rstrip(",") for line in (position or "").splitlines() if line.strip()]
    if not lines:
        return ""
    first = lines[0]
    for mark in ("a.n.", "an.", "u.b.", "ub."):
        if first.casefold().startswith(mark):
            first = first[len(mark) :].strip()
            break
    return first


def headed(attachments: list[Attachment], issuer: str) -> list[Attachment]:
    """Each lampiran headed as tata naskah dinas heads it: "LAMPIRAN SURAT <ISSUER>", numbered I, II, …
    when there are more than one (the letter's own Lampiran line counts them)."""
    numerals = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
    of = f" SURAT {issuer.upper()}" if issuer else " SURAT"
    return [
        replace(item, heading=f"LAMPIRAN{f' {numerals[i]}' if len(attachments) > 1 else ''}{of}")
        for i, item in enumerate(attachments)
    ]


@dataclass(frozen=True)
class LetterDocument:
    """One surat dinas as printed, the same for the PDF and the DOCX."""

    number: str
    nature: str
    attachment: str  # the Lampiran line: "-" or "2 (dua) berkas"
    subject: str
    addressee: list[str]  # "Yth. Bupati Paser", "di", "Tempat"
    body: str
    details: list[tuple[str, str]]  # the facts indented under the body (Hari/tanggal, Waktu, …)
    closing: str
    place_date: str
    signer: Signer
    tembusan: list[str] = field(default_factory=list)
    after_details: str = ""  # the registration sentence of an undangan
    link: str = ""  # its link, printed whole on one line, with a QR code beside it
    attachments: list[Attachment] = field(default_factory=list)
    name: str = ""  # for file names and titles
    detail_groups: list[list[tuple[str, str]]] = field(default_factory=list)  # more sessions of one speaker


# ---- settings ---------------------------------------------------------------------------------


def settings_for(event: Event) -> LetterSettings:
    """The meeting's letter settings; unsaved defaults (nobody signs yet) when none were saved."""
    settings = db.session.scalar(select(LetterSettings).where(LetterSettings.event_id == event.id))
    if settings is None:
        settings = LetterSettings(
            event_id=event.id,
            signer_position="",
            signer_name="",
            signer_rank=None,
            signer_nip=None,
            print_rank_nip=True,
            place="",
            issued_on=None,
            numbering="single",
            number_pattern=DEFAULT_NUMBER,
            speaker_number_pattern=DEFAULT_SPEAKER_NUMBER,
            starts_at=None,
            tembusan="",
            attach_agenda=False,
            keterangan_position="",
            keterangan_name="",
            keterangan_rank=None,
            keterangan_nip=None,
        )
    return settings


def is_saved(settings: LetterSettings) -> bool:
    return settings.id is not None


def clean_settings(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values as they will be stored, or SettingsInvalid naming every problem at once."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name, limit in TEXT_LIMITS.items():
        raw = str(values.get(name) or "")
        # Positions and tembusan keep their lines ("a.n. GUBERNUR …" / "SEKRETARIS DAERAH,").
        text = (
            "\n".join(printed_lines(raw))
            if name in ("signer_position", "keterangan_position", "tembusan")
            else " ".join(raw.split())
        )
        if len(text) > limit:
            errors[name] = _("Terlalu panjang (maksimal %(max)d karakter).", max=limit)
        clean[name] = text
    if len(printed_lines(clean["tembusan"])) > MAX_TEMBUSAN:
        errors["tembusan"] = _("Tembusan paling banyak %(max)d baris.", max=MAX_TEMBUSAN)
    clean["number_pattern"] = clean["number_pattern"] or DEFAULT_NUMBER
    clean["speaker_number_pattern"] = clean["speaker_number_pattern"] or DEFAULT_SPEAKER_NUMBER
    numbering = values.get("numbering") or "single"
    if numbering not in NUMBERING_MODES:
        errors["numbering"] = _("Penomoran tidak dikenal.")
    elif numbering == "per_delegation" and "{n}" not in clean["number_pattern"]:
        errors["number_pattern"] = _("Nomor per delegasi memerlukan {n} di pola nomor.")
    clean["numbering"] = numbering
    for who in ("signer", "keterangan"):
        clean_rank_and_nip(values, who, clean, errors)
    for name in ("issued_on", "starts_at"):
        value = values.get(name)
        kind = date if name == "issued_on" else time
        if value in (None, ""):
            value = None
        elif isinstance(value, str):
            try:
                value = kind.fromisoformat(value.strip().replace(".", ":"))
            except ValueError:
                value = None
                errors[name] = _("Tanggal tidak sah.") if kind is date else _("Jam tidak sah (contoh: 08.00).")
        elif not isinstance(value, kind) or isinstance(value, datetime):
            errors[name] = _("Tanggal tidak sah.") if kind is date else _("Jam tidak sah (contoh: 08.00).")
            value = None
        clean[name] = value
    for name in ("print_rank_nip", "attach_agenda"):
        clean[name] = values.get(name) in (True, "y", "1", "on", "true")
    if errors:
        raise SettingsInvalid(errors)
    return clean


def save_settings(event: Event, values: Mapping[str, Any], *, by: User | None = None) -> LetterSettings:
    """Check and store the settings (all or nothing), with an audit row of what changed."""
    settings: LetterSettings = event_settings.store(
        event, settings_for, clean_settings(values), by=by, action="letters.settings"
    )
    return settings


def set_addressee(delegation: Delegation, text: str, *, by: User | None = None) -> Delegation:
    """The "Yth." of one delegation's undangan ("Bupati Paser"); empty = from its region again."""
    from ..audit import record

    text = " ".join(str(text or "").split())
    if text.lower().startswith("yth."):
        text = text[4:].strip()
    if len(text) > 200:
        raise SettingsInvalid({"addressee": _("Terlalu panjang (maksimal %(max)d karakter).", max=200)})
    before = delegation.addressee
    delegation.addressee = text
    if before != text:
        record(
            "letters.addressee",
            delegation,
            event_id=delegation.event_id,
            user=by,
            addressee=text or default_addressee(delegation.event, delegation) or "-",
        )
    db.session.commit()
    return delegation


def _signer(settings: LetterSettings, prefix: str, default_position: str) -> Signer:
    position = getattr(settings, f"{prefix}_position") or default_position
    name = getattr(settings, f"{prefix}_name")
    if not settings.print_rank_nip:
        return Signer(position=position, name=name)
    return Signer(
        position=position, name=name, rank=getattr(settings, f"{prefix}_rank"), nip=getattr(settings, f"{prefix}_nip")
    )


def letter_signer(event: Event, settings: LetterSettings | None = None) -> Signer:
    """Who signs the undangan and the permohonan: the saved signer, else a blank block titled with
    the organiser (never the host regency under a province kop)."""
    return _signer(settings or settings_for(event), "signer", event.organiser_name)


def signer_for(event: Event, signer: Signer, name: str, nip: str | None, rank: str | None = None) -> Signer:
    """`signer`, unless the document is about them or about someone above them (a higher pangkat): nobody
    attests their own attendance or signs their own certificate, nor a subordinate their superior's. Then
    the one above signs, who signs the letters a.n. Gubernur (the saved undangan signer); when that is the
    same person too or none is saved, the block is left blank to sign by hand."""
    if not is_the_person(signer, name, nip) and not outranks(rank, signer):
        return signer
    above = letter_signer(event)
    if above.name and not is_the_person(above, name, nip):
        return above
    return Signer(position=above.position if above.name else signer.position)


def keterangan_signer(event: Event, default_position: str) -> Signer | None:
    """The saved signer of the surat keterangan kehadiran (the head of the secretariat), or None."""
    settings = settings_for(event)
    if not (settings.keterangan_name or settings.keterangan_position):
        return None
    return _signer(settings, "keterangan", default_position)


def issue_date(event: Event, settings: LetterSettings) -> date:
    return settings.issued_on or event.today()  # the meeting's today, not the server's (UTC)


def issue_place(event: Event, settings: LetterSettings) -> str:
    return settings.place or event.place_of_issue


def unsaved_warnings(event: Event, settings: LetterSettings) -> list[str]:
    """What the page says before anything is sent: a letter without a saved signer or date."""
    warnings: list[str] = []
    if not settings.signer_name:
        warnings.append(_("Penanda tangan belum disimpan: surat dicetak dengan nama dan NIP kosong."))
    if not settings.issued_on:
        warnings.append(_("Tanggal surat belum disimpan: surat bertanggal hari dibuat."))
    return warnings


# ---- who is invited, addressed how ------------------------------------------------------------


def _own_government(event: Event, delegation: Delegation) -> bool:
    """The organiser's own government (the province inviting the province): no undangan."""
    kop = " ".join((event.letterhead_government or "").upper().split())
    return bool(kop) and kop == f"PEMERINTAH {' '.join(delegation.name.upper().split())}"


def _without(prefix: str, name: str) -> str:
    return name[len(prefix) :].strip() if name.lower().startswith(prefix.lower()) else name


def default_addressee(event: Event, delegation: Delegation) -> str | None:
    """'Bupati Paser', 'Wali Kota Samarinda', 'Kepala Biro …', 'Gubernur Kalimantan Timur' from the
    region code (kabupaten 01–69, kota 71–99) or the kind; None for the organiser's own government."""
    name = " ".join(delegation.name.split())
    if _own_government(event, delegation):
        return None
    if name.split(" ", 1)[0] in UNIT_WORDS:
        return f"Kepala {name}"
    kind = region_kind_from_code(delegation.region_code or "") or delegation.kind
    if kind == "kabupaten":
        return f"Bupati {_without('Kabupaten', name)}"
    if kind == "kota":
        return f"Wali Kota {_without('Kota', name)}"
    if kind == "provinsi":
        return f"Gubernur {_without('Provinsi', name)}"
    return f"Pimpinan {name}"


def addressee_of(event: Event, delegation: Delegation) -> str | None:
    return (delegation.addressee or "").strip() or default_addressee(event, delegation)


def invited(event: Event) -> list[Delegation]:
    """The delegations that get an undangan, in the meeting's order: the organiser does not invite itself
    (unless the secretariat typed an addressee for it)."""
    return [d for d in event.delegations if addressee_of(event, d)]


# ---- the undangan -----------------------------------------------------------------------------


def event_days(event: Event) -> str:
    """'Senin, 9 Agustus 2021 s.d. Selasa, 10 Agustus 2021' (one day: just that day)."""
    first, last = format_day(event.start_date, "id"), format_day(event.end_date, "id")
    return first if event.start_date == event.end_date else f"{first} s.d. {last}"


def _clock(moment: datetime | time, event: Event) -> str:
    local = moment.astimezone(event.tz) if isinstance(moment, datetime) else moment
    return f"{local.hour:02d}.{local.minute:02d}"


def starting_time(event: Event, settings: LetterSettings) -> str:
    """The saved time, else the first session of the first day (daftar ulang included: that is when
    delegates must be there), else 08.00."""
    if settings.starts_at:
        return _clock(settings.starts_at, event)
    first = next((s for s in sessions_on(event, event.start_date) if not s.cancelled), None)
    return _clock(first.starts_at, event) if first else "08.00"


def _named(person: SessionPerson) -> str:
    """'I Gusti Putu Suantara, Staf Ahli Bupati Paser Bidang Pemerintahan': the name and the jabatan."""
    position = ((person.registration.position if person.registration else person.position) or "").strip()
    return f"{person.name}, {position}" if position else person.name


def _number(pattern: str, n: int | None, year: int) -> str:
    text = pattern.replace("{n}", BLANK_NUMBER) if n is None else pattern
    return number_from(text, n=n, year=year)


def _counted_attachments(count: int) -> str:
    return f"{count} ({terbilang(count)}) berkas" if count else "-"


def _reference(number: str, issued: date, subject: str) -> list[tuple[str, str]]:
    return [("Nomor", number), ("Tanggal", format_long_date(issued, "id")), ("Hal", subject)]


def agenda_rows(event: Event) -> list[tuple[str, ...]]:
    """The susunan acara as a lampiran: a heading row per day, then time, acara, pengisi."""
    rows: list[tuple[str, ...]] = []
    day = None
    for session in sessions_on(event):
        if session.cancelled:
            continue
        local_day = session.starts_at.astimezone(event.tz).date()
        if local_day != day:
            day = local_day
            rows.append((format_day(day, "id"), "", ""))
        people = [  # with the jabatan: "I Gusti Putu Suantara" alone reads as if he were the Bupati
            with_role(_named(p), p.role, session.kind)
            for p in session.people
            if p.role in ("narasumber", "moderator") and p.confirmation != "declined"
        ]
        rows.append(
            (
                f"{_clock(session.starts_at, event)} – {_clock(session.ends_at, event)}",
                session.title,
                "; ".join(people) or "-",
            )
        )
    return rows


def _agenda_attachment(event: Event, reference: list[tuple[str, str]]) -> Attachment:
    return Attachment(
        title="SUSUNAN ACARA",
        reference=reference,
        columns=(f"Waktu ({tz_abbreviation(event.timezone)})", "Acara", "Pengisi"),
        widths=(0.2, 0.45, 0.35),
        rows=agenda_rows(event),
    )


def invitation_body(event: Event, delegation: Delegation) -> str:
    if delegation.quota:
        send = f"menugaskan utusan paling banyak {delegation.quota} ({terbilang(delegation.quota)}) orang"
    else:  # no quota set (or 0): no number to promise
        send = "menugaskan utusan"
    return (
        f"Dalam rangka pelaksanaan {event.title}, dengan hormat kami mengundang Saudara untuk {send} dari "
        f"{delegation.name} guna menghadiri kegiatan tersebut, yang akan dilaksanakan pada:"
    )


def register_link(event: Event, delegation: Delegation) -> str:
    from ..urls import public_url

    return public_url("registration.register", slug=event.slug, delegasi=delegation.region_code or delegation.id)


def build_invitations(
    event: Event, delegations: Sequence[Delegation] | None = None, settings: LetterSettings | None = None
) -> list[LetterDocument]:
    """One letter per invited delegation (the saved settings), each with its lampiran."""
    settings = settings or settings_for(event)
    everyone = invited(event)
    chosen = everyone if delegations is None else [d for d in delegations if d in everyone]
    if not chosen:
        raise LetterRefused(
            _("Belum ada delegasi untuk diundang.")
            if delegations is None
            else _(
                "Delegasi ini tidak diundang (penyelenggara sendiri): isi tujuan suratnya di halaman "
                "surat undangan bila perlu diundang."
            )
        )
    issued = issue_date(event, settings)
    subject = f"Undangan {event.title}"
    single = settings.numbering == "single"
    details = [
        ("Hari/tanggal", event_days(event)),
        ("Waktu", f"pukul {starting_time(event, settings)} {tz_abbreviation(event.timezone)} s.d. selesai"),
        ("Tempat", event.place(address=True)),
        ("Acara", event.title),
    ]
    if (event.theme or "").strip():
        details.append(("Tema", event.theme))
    details.append(("Pakaian", event.dress_code or DEFAULT_DRESS))
    # A deadline is one before the meeting: registration left open through the meeting days (on-site
    # registration, the demo) is no date to print in a letter that invites to them.
    closes_at = event.registration_closes_at
    before_meeting = closes_at is not None and closes_at.astimezone(event.tz).date() < event.start_date
    closes = f" paling lambat {format_moment(closes_at, event.timezone, 'id')}" if before_meeting else ""
    distribution: list[tuple[str, ...]] = [
        (f"{i}.", f"Yth. {addressee_of(event, d)}") for i, d in enumerate(everyone, start=1)
    ]
    documents = []
    for delegation in chosen:
        number = _number(settings.number_pattern, None if single else delegation.position, issued.year)
        reference = _reference(number, issued, subject)
        attachments = []
        if single:
            attachments.append(
                Attachment(
                    title="DAFTAR UNDANGAN",
                    reference=reference,
                    columns=("No.", "Kepada"),
                    widths=(0.1, 0.9),
                    rows=distribution,
                )
            )
        if settings.attach_agenda:
            attachments.append(_agenda_attachment(event, reference))
        signer = letter_signer(event, settings)
        attachments = headed(attachments, issuer_of(signer.position))
        documents.append(
            LetterDocument(
                number=number,
                nature=NATURE,
                attachment=_counted_attachments(len(attachments)),
                subject=subject,
                addressee=[f"Yth. {addressee_of(event, delegation)}", "di", "Tempat"],
                body=invitation_body(event, delegation),
                details=details,
                after_details=(
                    f"Pendaftaran peserta dilakukan secara daring melalui tautan atau kode QR berikut{closes}:"
                ),
                link=register_link(event, delegation),
                closing=INVITATION_CLOSING,
                place_date=place_and_date(issue_place(event, settings), issued),
                signer=signer,
                tembusan=printed_lines(settings.tembusan),
                attachments=attachments,
                name=delegation.region_code or str(delegation.id),
            )
        )
    return documents


# ---- the permohonan narasumber ----------------------------------------------------------------


@dataclass
class SpeakerRequest:
    key: str
    name: str
    position: str
    institution: str
    addressee: str
    sessions: list[AgendaSession]


def _speaker_addressee(event: Event, person: SessionPerson) -> str | None:
    """To the head of the speaker's institution: the delegation's addressee (Bupati Paser, Menteri …);
    None for the organiser's own people (asked by nota dinas, not by letter)."""
    registration = person.registration
    if registration is not None:
        delegation = registration.delegation
        if _own_government(event, delegation):
            return None
        return addressee_of(event, delegation)
    institution = " ".join((person.institution or "").split())
    return f"Pimpinan {institution}" if institution else None


def speaker_requests(event: Event) -> list[SpeakerRequest]:
    """Each outside narasumber with their sessions (not cancelled, not declined), in agenda order."""
    from ..agenda.services import person_key

    rows = db.session.execute(
        select(SessionPerson, AgendaSession)
        .join(AgendaSession, SessionPerson.session_id == AgendaSession.id)
        .where(
            AgendaSession.event_id == event.id,
            AgendaSession.cancelled.is_(False),
            AgendaSession.kind.in_(SPEAKER_KINDS),
            SessionPerson.role == "narasumber",
            SessionPerson.confirmation != "declined",
        )
        .order_by(AgendaSession.starts_at, AgendaSession.id, SessionPerson.id)
    ).all()
    found: dict[str, SpeakerRequest] = {}
    for person, session in rows:
        key = person_key(person)
        if key not in found:
            addressee = _speaker_addressee(event, person)
            if addressee is None:
                continue
            registration = person.registration
            found[key] = SpeakerRequest(
                key=key,
                name=registration.full_name if registration else person.name,
                position=(registration.position if registration else person.position) or "",
                institution=(registration.institution if registration else person.institution) or "",
                addressee=addressee,
                sessions=[],
            )
        if key in found:
            found[key].sessions.append(session)
    return list(found.values())


def _session_rows(event: Event, session: AgendaSession) -> list[tuple[str, str]]:
    place = event.place(room=session.room.name if session.room else None)
    # The session's own title is the materi asked for; the agenda's kind ("Paparan/Materi") is the app's word.
    return [
        ("Materi", session.title),
        ("Hari/tanggal", format_day(session.starts_at.astimezone(event.tz).date(), "id")),
        (
            "Waktu",
            f"pukul {_clock(session.starts_at, event)} s.d. {_clock(session.ends_at, event)} "
            f"{tz_abbreviation(event.timezone)}",
        ),
        ("Tempat", place),
    ]


def build_speaker_requests(
    event: Event, keys: Sequence[str] | None = None, settings: LetterSettings | None = None
) -> list[LetterDocument]:
    settings = settings or settings_for(event)
    requests = [r for r in speaker_requests(event) if keys is None or r.key in keys]
    if not requests:
        raise LetterRefused(_("Belum ada narasumber dari luar penyelenggara di susunan acara."))
    issued = issue_date(event, settings)
    has_n = "{n}" in settings.speaker_number_pattern
    # Each request's {n} from the register of letters: the same Nomor whether printed alone or with the rest.
    given = serials(event, SPEAKER_REGISTER_KIND, [r.key for r in requests]) if has_n else {}
    documents = []
    for request in requests:
        who = ", ".join(part for part in (request.name, request.position) if part)
        body = (
            f"Dalam rangka pelaksanaan {event.title} yang akan diselenggarakan pada {event_days(event)} di "
            f"{event.place(address=True)}, dengan hormat kami mohon kesediaan Saudara untuk menugaskan {who}, "
            f"sebagai narasumber pada:"
        )
        groups = [_session_rows(event, session) for session in request.sessions]
        documents.append(
            LetterDocument(
                number=_number(settings.speaker_number_pattern, given.get(request.key), issued.year),
                nature=NATURE,
                attachment="-",
                subject="Permohonan Narasumber",
                addressee=[f"Yth. {request.addressee}", "di", "Tempat"],
                body=body,
                details=groups[0],
                detail_groups=groups[1:],
                closing=SPEAKER_CLOSING,
                place_date=place_and_date(issue_place(event, settings), issued),
                signer=letter_signer(event, settings),
                tembusan=printed_lines(settings.tembusan),
                name=request.name,
            )
        )
    return documents


# ---- files ------------------------------------------------------------------------------------


def render(event: Event, documents: Sequence[LetterDocument], fmt: str, *, title: str, subject: str) -> bytes:
    if fmt == "pdf":
        from ..pdf.invitation import letters_pdf

        return letters_pdf(event, documents, title=title, subject=subject)
    if fmt == "docx":
        from ..documents.docx_invitation import letters_docx

        return letters_docx(event, documents, title=title)
    raise ValueError(f"unknown format: {fmt}")


def export_invitations(event: Event, fmt: str, delegations: Sequence[Delegation] | None = None) -> bytes:
    return render(
        event, build_invitations(event, delegations), fmt, title=f"Undangan {event.title}", subject="Surat undangan"
    )


def export_speaker_requests(event: Event, fmt: str, keys: Sequence[str] | None = None) -> bytes:
    return render(
        event,
        build_speaker_requests(event, keys),
        fmt,
        title=f"Permohonan Narasumber {event.title}",
        subject="Surat permohonan narasumber",
    )


def invitation_filename(delegations: Sequence[Delegation] | None, fmt: str) -> str:
    if delegations and len(delegations) == 1:
        return f"undangan-{delegations[0].region_code or delegations[0].id}.{fmt}"
    return f"undangan.{fmt}"
