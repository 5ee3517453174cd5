"""One entry point for every file Raker prints: export(event, kind, fmt, **options).

The pages' download routes, `flask export <kind>` and the background jobs (raker.jobs) all call
export(); each kind asks its domain for the document (a format-neutral model) and the domain's render()
picks the renderer, so no route, command or job imports raker.pdf or raker.documents.

Options are plain values (numbers, strings, lists, a dict of form fields) so that a job can store them
as JSON and run the same export later in a worker. A kind that grows with the meeting (badges,
certificates, daftar hadir, the report, the participants list) has a size(): the number of rows it will
print, which decides whether a page answers at once or starts a job. progress(done, total), when given, is
called as the work goes on (per badge from the badge renderer, per row where a domain builds rows)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from .letters import LetterRefused

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIMETYPES = {
    "pdf": PDF,
    "docx": DOCX,
    "xlsx": XLSX,
    "csv": "text/csv",  # Werkzeug adds "; charset=utf-8" to a text type (naming it here said it twice)
    "ics": "text/calendar",
    "png": "image/png",
}

Progress = Callable[[int, int], None]


class ExportRefused(LetterRefused):
    """A file that cannot be made (nothing to print, a day that is not a meeting day, a bad option): the
    Indonesian message is shown as it is; status is the page's answer (404 not found, 409 not yet, 400 bad)."""


@dataclass(frozen=True)
class ExportFile:
    filename: str
    mimetype: str
    body: bytes
    inline: bool = False  # a PDF opened in the browser's viewer rather than saved
    count: int | None = None  # rows printed, for the audit log and the CLI's message
    audit: tuple | None = None  # (action, details) recorded when staff export personal data
    note: str | None = None  # shown beside the file on a job's page (an import's counts)

    def __iter__(self):  # filename, mimetype, body = export(...)
        return iter((self.filename, self.mimetype, self.body))


@dataclass(frozen=True)
class Kind:
    name: str
    title: str  # Indonesian, for the job page and the CLI
    formats: tuple[str, ...]
    build: Callable[..., ExportFile]
    size: Callable[..., int] | None = None  # rows it grows with; None: small whatever the meeting
    long: bool = False  # the CLI shows a progress bar
    personal: bool = False  # names, NIPs, contacts: every staff export is audited
    options: tuple[str, ...] = field(default=())


KINDS: dict[str, Kind] = {}


def kind(name: str, title: str, formats: tuple[str, ...], *, size=None, personal=False):
    def register(build):
        KINDS[name] = Kind(name, title, formats, build, size=size, long=size is not None, personal=personal)
        return build

    return register


def get(name: str) -> Kind:
    if name not in KINDS:
        raise ExportRefused(f"Jenis ekspor {name!r} tidak dikenal.", 404)
    return KINDS[name]


def export(event, kind_name: str, fmt: str, *, progress: Progress | None = None, **options) -> ExportFile:
    """The file of `kind_name` in `fmt` for the meeting; ExportRefused with the reason otherwise."""
    found = get(kind_name)
    if fmt not in found.formats:
        raise ExportRefused(f"Format {fmt!r} tidak tersedia untuk {found.title}.", 404)
    return found.build(event, fmt, progress=progress, **options)


def size(event, kind_name: str, **options) -> int:
    """How many rows the export will print (0 for the kinds that do not grow with the meeting)."""
    found = get(kind_name)
    return found.size(event, **options) if found.size else 0


def _steps(progress: Progress | None, total: int):
    """A progress reporter for work in `total` steps, called as step(n)."""

    def step(done: int) -> None:
        if progress is not None:
            progress(done, total)

    return step


def _file(name: str, fmt: str, body: bytes, *, inline: bool | None = None, count=None, audit=None) -> ExportFile:
    return ExportFile(f"{name}.{fmt}", MIMETYPES[fmt], body, fmt == "pdf" if inline is None else inline, count, audit)


def _id(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        raise ExportRefused("Nomor (id) tidak sah.", 400) from None


def _registration(event, registration):
    """The meeting's registration of that id, whose data is not deleted: a participant's own file."""
    from .extensions import db
    from .models import Registration

    found = db.session.get(Registration, _id(registration))
    if found is None or found.event_id != event.id or found.anonymised_at:
        raise ExportRefused("Peserta tidak ditemukan pada rapat ini.", 404)
    return found


# ---- badges ------------------------------------------------------------------------------------


def _badge_rows(event, delegation=None, ids=None, registration=None):
    from .checkin.badges import badge_selection

    if registration is not None:
        return badge_selection(event, ids=[_id(registration)])
    return badge_selection(event, delegation_id=_id(delegation), ids=[_id(i) for i in ids or ()] or None)


def _badge_size(event, delegation=None, ids=None, registration=None, **_options) -> int:
    return len(ids) if ids else len(_badge_rows(event, delegation, None, registration))


@kind("badges", "Tanda peserta", ("pdf", "docx"), size=_badge_size, personal=True)
def _badges(event, fmt, *, progress=None, delegation=None, ids=None, layout="sheet", registration=None):
    from .checkin.badges import BADGE_LAYOUTS
    from .registration.services import badge_file

    if layout not in BADGE_LAYOUTS:
        raise ExportRefused("Tata letak tanda peserta tidak dikenal.", 400)
    if fmt == "docx" and layout != "sheet":
        raise ExportRefused("Versi DOCX hanya dalam tata letak lembar (A4/F4).", 400)
    rows = _badge_rows(event, delegation, ids, registration)
    if not rows:
        raise ExportRefused("Tidak ada peserta disetujui untuk dicetak tanda pesertanya.", 404)
    body = badge_file(rows, event, layout=layout, fmt=fmt, progress=progress)
    name = "tanda-peserta" if registration is not None else f"tanda-peserta-{event.slug}"
    return _file(
        name,
        fmt,
        body,
        count=len(rows),
        audit=None
        if registration is not None
        else ("export.badges", {"count": len(rows), "layout": layout, "format": fmt}),
    )


@kind("qr", "Kode QR", ("png",))
def _qr(event, fmt, *, progress=None, registration=None, box_size=10):
    """box_size: pixels a module (the personal link's image 10, the approval mail's attachment 8)."""
    from .extensions import db
    from .models import Registration
    from .registration.services import qr_image

    found = db.session.get(Registration, _id(registration)) if registration is not None else None
    if found is None or found.event_id != event.id or found.state != "approved" or not found.checkin_code:
        raise ExportRefused("Kode QR tidak ditemukan.", 404)
    return _file("kode-qr", fmt, qr_image(found, box_size=int(box_size)), inline=True)


# ---- daftar hadir ------------------------------------------------------------------------------


def _attendance_target(event, day, session):
    from .extensions import db
    from .models import AgendaSession

    if session not in (None, ""):
        found = db.session.get(AgendaSession, _id(session))
        if found is None or found.event_id != event.id or found.cancelled:
            raise ExportRefused("Sesi tidak ditemukan pada rapat ini.", 404)
        return None, found
    try:
        when = day if isinstance(day, date) else date.fromisoformat(str(day))
    except ValueError:
        raise ExportRefused("Tanggal harus berbentuk TTTT-BB-HH.", 404) from None
    if when not in event.days:
        raise ExportRefused("Tanggal itu bukan hari rapat.", 404)
    return when, None


def _commission(event, commission):
    from .extensions import db
    from .models import Commission

    if commission in (None, ""):
        return None
    found = commission if isinstance(commission, Commission) else db.session.get(Commission, _id(commission))
    if found is None or found.event_id != event.id:
        raise ExportRefused("Komisi tidak ditemukan pada rapat ini.", 404)
    return found


def _approved_count(event, **_options) -> int:
    """Approved participants: the rows of a daftar hadir, the size of the report's lists."""
    from sqlalchemy import func, select

    from .extensions import db
    from .models import Registration

    return (
        db.session.scalar(
            select(func.count(Registration.id)).where(
                Registration.event_id == event.id, Registration.state == "approved"
            )
        )
        or 0
    )  # COUNT always answers a row


@kind("attendance", "Daftar hadir", ("pdf", "docx", "xlsx"), size=_approved_count, personal=True)
def _attendance(event, fmt, *, progress=None, day=None, session=None, signer=None, commission=None):
    """The daftar hadir of a day or a session; with `commission` (its id, or a Commission), of that
    commission's members only."""
    from .checkin import attendance

    when, found = _attendance_target(event, day, session)
    commission = _commission(event, commission)
    rows = _approved_count(event)
    step = _steps(progress, rows + 2)  # the list gathered, each row drawn, the file written
    step(0)

    def drawn(done: int, total: int) -> None:  # rows of the list (delegations' rows too), of its rows
        step(1 + rows * min(done, total) // max(total, 1))

    try:
        body = attendance.export(
            event, fmt, day=when, session=found, signer=signer, commission=commission, progress=drawn
        )
    except attendance.AttendanceError as error:
        raise ExportRefused(str(error), 404) from None
    step(rows + 2)
    name = f"sesi-{found.id}" if found else when.isoformat()
    details = {"day": found.title, "session_id": found.id} if found else {"day": when.isoformat()}
    if commission is not None:
        name = f"komisi-{commission.number}-{name}"
        details["commission"] = commission.name
    return _file(
        f"daftar-hadir-{event.slug}-{name}",
        fmt,
        body,
        inline=False,
        audit=("export.attendance", {"format": fmt, **details}),
    )


# ---- participants ------------------------------------------------------------------------------


def _participants_query(event, filters):
    """The participants page's filter (delegation, state, role, present, q) as stored in a job."""
    from werkzeug.datastructures import MultiDict

    from .registration import queries

    return queries.filtered_query(event, MultiDict(filters or {}))


def _participants_rows(event, filters):
    from .registration.exports import listed_rows

    return listed_rows(_participants_query(event, filters))


def _participants_size(event, filters=None, **_options) -> int:
    from sqlalchemy import func, select

    from .extensions import db

    return db.session.scalar(select(func.count()).select_from(_participants_query(event, filters).subquery())) or 0


@kind("participants", "Daftar peserta", ("xlsx", "csv"), size=_participants_size, personal=True)
def _participants(event, fmt, *, progress=None, filters=None):
    from .registration import exports as lists

    rows = _participants_rows(event, filters)
    step = _steps(progress, len(rows) + 2)  # the rows read, each row written, the file
    step(1)

    def written(done: int, _total: int) -> None:
        step(1 + done)

    body = (lists.export_csv if fmt == "csv" else lists.export_xlsx)(event, rows, progress=written)
    step(len(rows) + 2)
    return _file(
        f"peserta-{event.slug}-{event.today().isoformat()}",
        fmt,
        body,
        count=len(rows),
        audit=("registration.export", {"format": fmt, "count": len(rows)}),
    )


# ---- certificates ------------------------------------------------------------------------------


def _certificate_rows(event, delegation=None, certificate=None):
    from .certificates import services as certificates

    if certificate is not None:
        from .extensions import db
        from .models import Certificate

        found = db.session.get(Certificate, _id(certificate))
        if found is None or found.event_id != event.id:
            raise ExportRefused("Sertifikat tidak ditemukan.", 404)
        if found.revoked:
            raise ExportRefused(f"Sertifikat {found.number} sudah dicabut dan tidak dicetak.", 409)
        if found.registration.anonymised_at:
            raise ExportRefused(
                f"Data pemegang sertifikat {found.number} sudah dihapus: sertifikat tidak dicetak.", 409
            )
        return [found]
    found_delegation = certificates.delegation_of(event, str(delegation)) if delegation not in (None, "") else None
    if delegation not in (None, "") and found_delegation is None:
        raise ExportRefused("Delegasi tidak ada pada rapat ini.", 404)
    return certificates.issued(event, delegation_id=found_delegation.id if found_delegation else None), found_delegation


def _personal_certificate(event, registration):
    """The certificate a participant downloads from their link: issued to them and not revoked."""
    from .certificates import services as certificates

    found = certificates.downloadable(_registration(event, registration))
    if found is None:
        raise ExportRefused("Sertifikat tidak ditemukan.", 404)
    return found


def _certificates_size(event, delegation=None, certificate=None, registration=None, **_options) -> int:
    from .certificates import services as certificates

    if certificate is not None or registration is not None:
        return 1
    found = certificates.delegation_of(event, str(delegation)) if delegation not in (None, "") else None
    return certificates.issued_count(event, delegation_id=found.id if found else None)


@kind("certificates", "Sertifikat", ("pdf", "docx"), size=_certificates_size, personal=True)
def _certificates(event, fmt, *, progress=None, delegation=None, certificate=None, registration=None):
    """One certificate (`certificate`, its id), a participant's own from their link (`registration`, its
    id: named sertifikat.pdf, not audited as staff's), or every valid one (of one `delegation`)."""
    from .certificates import services as certificates

    if registration is not None:
        own = _personal_certificate(event, registration)
        return _file(
            "sertifikat", fmt, certificates.render(event, [own], fmt, progress=progress), inline=False, count=1
        )
    if certificate is not None:
        rows = _certificate_rows(event, certificate=certificate)
        body = certificates.render(event, rows, fmt, progress=progress)
        return _file(f"sertifikat-{rows[0].sequence:03d}", fmt, body, inline=False, count=1)
    rows, found = _certificate_rows(event, delegation)
    if not rows:
        raise ExportRefused("Belum ada sertifikat yang diterbitkan untuk diunduh.", 409)
    body = certificates.render(event, rows, fmt, progress=progress)
    suffix = f"-delegasi-{found.id}" if found else ""
    return _file(
        f"sertifikat-{event.slug}{suffix}",
        fmt,
        body,
        inline=False,
        count=len(rows),
        audit=("export.certificates", {"count": len(rows), "format": fmt}),
    )


# ---- the report --------------------------------------------------------------------------------


@kind("report", "Laporan pelaksanaan", ("pdf", "docx"), size=_approved_count)
def _report(event, fmt, *, progress=None, signer=None):
    from .letters import signer_from
    from .report import document
    from .report.services import PROPOSED_SIGNER_TITLE

    chosen = signer_from(signer, default_position=PROPOSED_SIGNER_TITLE) if signer and any(signer.values()) else None
    step = _steps(progress, 3)
    step(0)
    body = document.render(event, fmt, signer=chosen, progress=lambda done, _total: step(done))  # 1: figures gathered
    step(3)
    return _file(f"laporan-{event.slug}", fmt, body, inline=False)


# ---- the other documents: small whatever the meeting's size ------------------------------------


@kind("agenda", "Susunan acara", ("pdf", "docx", "ics"))
def _agenda(event, fmt, *, progress=None, registration=None, session=None):
    """registration: a participant's calendar from their link (the meeting's, named without the slug);
    session: one session of the published agenda, as a calendar entry (ICS only)."""
    from .agenda import ics

    if session not in (None, ""):
        from .agenda.queries import published_session

        if fmt != "ics":
            raise ExportRefused("Satu sesi hanya tersedia sebagai kalender (ICS).", 404)
        item = published_session(event, _id(session) or 0)
        if item is None:
            raise ExportRefused("Sesi tidak ditemukan pada susunan acara yang diterbitkan.", 404)
        return _file(f"sesi-{item['id']}", fmt, ics.session_ics(event, item))
    name = f"susunan-acara-{event.slug}"
    if registration is not None:
        _registration(event, registration)
        name = "susunan-acara"
    if fmt in ("pdf", "docx"):
        from .agenda.services import agenda_document

        return _file(name, fmt, agenda_document(event, fmt))
    return _file(name, fmt, ics.agenda_ics(event))


def _session_minutes(event, session):
    from .extensions import db
    from .minutes import services as minutes
    from .models import AgendaSession

    found = db.session.get(AgendaSession, _id(session))
    if found is None or found.event_id != event.id or not minutes.needs_minutes(found):
        raise ExportRefused("Sesi tidak ditemukan pada rapat ini.", 404)
    written = minutes.get(found)
    if written is None:
        raise ExportRefused("Notulen sesi ini belum dibuat.", 404)
    return written


@kind("minutes", "Notulen", ("pdf", "docx"))
def _minutes(event, fmt, *, progress=None, final_only=False, session=None):
    """The compiled notulen (`final_only`: the final ones), or one session's (`session`, its id) in
    whatever state it is, as its editor downloads it; it is not created here (the editor's page does)."""
    from .minutes import services as minutes

    if session not in (None, ""):
        written = _session_minutes(event, session)
        body = minutes.render(event, [written], fmt)
        return _file(f"notulen-{event.slug}-{written.session_id}", fmt, body, inline=False)
    return _file(f"notulen-{event.slug}", fmt, minutes.export(event, fmt, final_only=bool(final_only)), inline=False)


@kind("rumusan", "Rumusan", ("pdf", "docx"))
def _rumusan(event, fmt, *, progress=None):
    from .rumusan.document import render

    return _file(f"rumusan-{event.slug}", fmt, render(event, fmt))


@kind("honorarium", "Daftar penerimaan honorarium", ("pdf", "docx", "xlsx"))
def _honorarium(event, fmt, *, progress=None):
    from .honorarium.services import export as honorarium

    return _file(f"honorarium-{event.slug}", fmt, honorarium(event, fmt), inline=False)


@kind("kartu-panitia", "Kartu panitia", ("pdf", "docx"))
def _kartu_panitia(event, fmt, *, progress=None, layout="sheet"):
    from .panitia.services import export_kartu

    return _file(f"kartu-panitia-{event.slug}", fmt, export_kartu(event, layout, fmt=fmt))


def _keputusan(team: str, name: str, title: str):
    @kind(name, title, ("pdf", "docx"))
    def build(event, fmt, *, progress=None):
        from .panitia.keputusan import export as keputusan

        return _file(f"{name}-{event.slug}", fmt, keputusan(event, team, fmt))

    return build


_keputusan("panitia", "sk-panitia", "SK panitia")
_keputusan("perumus", "sk-tim-perumus", "SK tim perumus")


@kind("berita-acara", "Berita acara pengesahan rumusan", ("pdf", "docx"))
def _berita_acara(event, fmt, *, progress=None, chair=None, number=""):
    from .rumusan.berita_acara import export as berita_acara

    return _file(f"berita-acara-rumusan-{event.slug}", fmt, berita_acara(event, fmt, chair=chair, number=number))


@kind("keterangan-hadir", "Surat keterangan kehadiran", ("pdf", "docx"))
def _keterangan(
    event, fmt, *, progress=None, delegation=None, registration=None, values: Mapping | None = None, personal=False
):
    """personal: the participant's own letter from their link, signed as saved (they cannot choose)."""
    from .checkin import keterangan

    if registration is not None:
        found = _registration(event, registration)
        people, name = [found], ("keterangan-hadir" if personal else f"keterangan-hadir-{found.id}")
    else:
        delegation_id = _id(delegation)
        if delegation_id and not any(d.id == delegation_id for d in event.delegations):
            raise ExportRefused("Delegasi tidak ada pada rapat ini.", 404)
        people = keterangan.ever_checked_in(event, delegation_id)
        name = f"keterangan-hadir-{event.slug}" + (f"-{delegation_id}" if delegation_id else "")
    chosen = {} if personal else keterangan.options(values or {})
    body = keterangan.export(event, people, fmt, **chosen)
    return _file(name, fmt, body, inline=fmt == "pdf" and not personal, count=len(people))


def _letters_file(event, fmt: str, documents, filename: str, title: str, subject: str) -> ExportFile:
    from .invitations import services as letters

    body = letters.render(event, documents, fmt, title=f"{title} {event.title}", subject=subject)
    return ExportFile(filename, MIMETYPES[fmt], body, fmt == "pdf", len(documents))


@kind("undangan", "Undangan", ("pdf", "docx"))
def _undangan(event, fmt, *, progress=None, delegation=None):
    """Every invited delegation's surat undangan (undangan.pdf), or one delegation's (`delegation`: its
    id or region code, or the Delegation as the mail passes it; undangan-<region code>.pdf), as the
    invitations page and the mail name them."""
    from .certificates.services import delegation_of
    from .invitations import services as letters
    from .models import Delegation

    if isinstance(delegation, Delegation):
        found = delegation if delegation.event_id == event.id else None
    else:
        found = delegation_of(event, str(delegation)) if delegation not in (None, "") else None
    if delegation not in (None, "") and found is None:
        raise ExportRefused("Delegasi tidak ada pada rapat ini.", 404)
    chosen = [found] if found else None
    return _letters_file(
        event,
        fmt,
        letters.build_invitations(event, chosen),
        letters.invitation_filename(chosen, fmt),
        "Undangan",
        "Surat undangan",
    )


@kind("permohonan-narasumber", "Permohonan Narasumber", ("pdf", "docx"))
def _permohonan_narasumber(event, fmt, *, progress=None, person=None):
    """A letter to each speaker from outside the organiser, or to one (`person`: the key of a speaker
    of the agenda, as the invitations page lists them); permohonan-narasumber.pdf either way."""
    from .invitations import services as letters

    keys = None
    if person not in (None, ""):
        if not any(request.key == person for request in letters.speaker_requests(event)):
            raise ExportRefused("Narasumber tidak ditemukan pada susunan acara.", 404)
        keys = [str(person)]
    return _letters_file(
        event,
        fmt,
        letters.build_speaker_requests(event, keys),
        f"permohonan-narasumber.{fmt}",
        "Permohonan Narasumber",
        "Surat permohonan narasumber",
    )


@kind("tanda-terima", "Tanda terima", ("pdf", "docx", "xlsx"), personal=True)
def _tanda_terima(event, fmt, *, progress=None, values: Mapping | None = None):
    from .checkin import tanda_terima

    body = tanda_terima.export(event, fmt, **tanda_terima.options(event, values or {}))
    return _file(f"tanda-terima-{event.slug}", fmt, body, audit=("export.receipts", {"format": fmt}))


@kind("papan-nama", "Papan nama meja", ("pdf", "docx"), personal=True)
def _papan_nama(event, fmt, *, progress=None, values: Mapping | None = None):
    from .agenda import papan_nama

    body = papan_nama.export(event, fmt, **papan_nama.options(values or {}))
    return _file(f"papan-nama-{event.slug}", fmt, body, audit=("export.table_tents", {"format": fmt}))
