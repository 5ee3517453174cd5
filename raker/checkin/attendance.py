"""Daftar hadir (attendance list) of one meeting day or one agenda session: the rows, the numbers,
the format-neutral AttendanceDocument both files are made from, and the XLSX.

Who is listed: every APPROVED registration of the event, present or not. The official list names
all expected participants; whoever did not check in keeps an empty time and signature cell, so the
printed list can still be signed by hand. Pending, waitlisted, rejected and cancelled registrations
are never listed. Delegations without an approved registration are left out (nothing to sign).

Order: delegations in their display order (Delegation.position), names within a delegation sorted
case-insensitively (in Python, so SQLite and PostgreSQL collations cannot disagree). Rows are
numbered 1…N across the whole list, not per delegation, as on the paper forms.

A check-in counts when it is active (not undone) for that day; the time present is its scan time
in the event's time zone ("08.05"). A check-in that was undone leaves the person listed without a
time or signature.

Per session (sidang komisi, pleno): the same approved participants, headed with the session's title,
time and room. Check-ins are per day, so a session list carries no scan times or captured signatures:
a scan at the door at 07.40 does not show who sat in the 13.00 sidang; it is signed in the room.

The PDF is drawn by raker.pdf.attendance.render_attendance from the document (export() below).
"""

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Row, select

from ..extensions import db
from ..i18n import format_clock, format_day, tz_abbreviation
from ..letters import place_and_date
from ..models import CheckIn, Delegation, Event, Registration
from ..reference.nip import format_nip

TITLE = "DAFTAR HADIR"
COLUMNS = ("No", "Nama", "NIP", "Jabatan", "Instansi/Delegasi", "Waktu hadir", "Tanda Tangan", "Ket.")
PROPOSED_SIGNER_TITLE = "Penanggung Jawab Kegiatan"


class AttendanceError(ValueError):
    """The list was asked for a day that is not a meeting day."""


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    number: int  # 1…N across the whole list; odd numbers sign on the left, even on the right
    registration: Row  # of PEOPLE: id, delegation_id, full_name, nip, position, institution
    checkin: Row | None  # of CHECKINS, the active check-in of that day; None when absent (or undone)
    time_present: str  # "08.05" in the event's time zone, "" when absent
    signature_png: bytes | None  # 1-bit PNG captured at check-in
    institution: str  # the Instansi/Delegasi cell: the unit kerja, else the delegation

    @property
    def present(self) -> bool:
        return self.checkin is not None

    @property
    def nip(self) -> str:
        """'19860926 201505 1 001'; empty for non-ASN participants."""
        return format_nip(self.registration.nip)


@dataclass(frozen=True)
class DelegationGroup:
    delegation: Delegation
    rows: list[AttendanceRow]

    @property
    def present(self) -> int:
        return sum(row.present for row in self.rows)

    @property
    def expected(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class DelegationCount:
    delegation: Delegation
    present: int
    expected: int


@dataclass(frozen=True)
class AttendanceSummary:
    day: date
    present: int
    expected: int
    by_delegation: list[DelegationCount]

    @property
    def line(self) -> str:
        """'Jumlah hadir: 5 dari 8 peserta' — printed under the list."""
        return f"Jumlah hadir: {self.present} dari {self.expected} peserta"


def column_titles(event: Event) -> list[str]:
    """COLUMNS with the time zone of the times: 'Waktu hadir (WITA)'."""
    return [f"{name} ({tz_abbreviation(event.timezone)})" if name == "Waktu hadir" else name for name in COLUMNS]


def check_day(event: Event, day: date) -> None:
    if day not in event.days:
        raise AttendanceError(f"{day.isoformat()} bukan hari pelaksanaan {event.title}.")


# What the lists print of a person and of a check-in, read as plain rows: 10,000 Registration and 5,000
# CheckIn objects (their state, the garbage collector walking them) cost more than writing the file.
PEOPLE = (
    Registration.id,
    Registration.delegation_id,
    Registration.full_name,
    Registration.nip,
    Registration.position,
    Registration.institution,
)
CHECKINS = (CheckIn.registration_id, CheckIn.id, CheckIn.scanned_at, CheckIn.signature_png)


def approved_by_delegation(event: Event) -> list[tuple[Delegation, list[Row]]]:
    """Approved registrations per delegation (rows of PEOPLE), delegations in display order, names
    sorted. Two statements whatever the size: the people, then their delegations."""
    people = db.session.execute(
        select(*PEOPLE)
        .join(Registration.delegation)
        .where(Registration.event_id == event.id, Registration.state == "approved")
        .order_by(Delegation.position, Delegation.id)
    ).all()
    by_delegation: dict[int, list[Row]] = {}
    for person in people:  # delegation order kept by dict insertion order
        by_delegation.setdefault(person.delegation_id, []).append(person)
    if not by_delegation:
        return []
    delegations = {d.id: d for d in db.session.scalars(select(Delegation).where(Delegation.id.in_(by_delegation)))}
    for members in by_delegation.values():
        members.sort(key=lambda r: (r.full_name.casefold(), r.id))
    return [(delegations[key], members) for key, members in by_delegation.items()]


def attendance_rows(event: Event, day: date | None, *, members: set[int] | None = None) -> list[DelegationGroup]:
    """The approved participants of `event` grouped by delegation, each with their check-in of `day`
    (day None: without check-ins, for a session's list); with `members` (registration ids), only
    those (a commission's list). Raises AttendanceError for a day outside the meeting."""
    checkins = {}
    if day is not None:
        check_day(event, day)
        checkins = {
            c.registration_id: c
            for c in db.session.execute(
                select(*CHECKINS).where(CheckIn.event_id == event.id, CheckIn.day == day, CheckIn.undone_at.is_(None))
            )
        }
    groups, number = [], 0
    for delegation, people in approved_by_delegation(event):
        people = [r for r in people if members is None or r.id in members]
        if not people:
            continue
        rows = []
        for registration in people:
            number += 1
            checkin = checkins.get(registration.id)
            rows.append(
                AttendanceRow(
                    number=number,
                    registration=registration,
                    checkin=checkin,
                    time_present=format_clock(checkin.scanned_at, event.timezone, "id", with_zone=False)
                    if checkin
                    else "",
                    signature_png=checkin.signature_png if checkin else None,
                    institution=(registration.institution or "").strip() or delegation.name,
                )
            )
        groups.append(DelegationGroup(delegation, rows))
    return groups


def attendance_summary(event: Event, day: date, *, groups: list[DelegationGroup] | None = None) -> AttendanceSummary:
    """Present / expected for the day, in total and per delegation. Pass `groups` from
    attendance_rows() to count them without asking the database again."""
    groups = attendance_rows(event, day) if groups is None else groups
    counts = [DelegationCount(group.delegation, group.present, group.expected) for group in groups]
    return AttendanceSummary(
        day=day, present=sum(c.present for c in counts), expected=sum(c.expected for c in counts), by_delegation=counts
    )


BLANK_TIME = "........"


def time_span(event: Event, sessions) -> str:
    """'pukul 08.00 s.d. 16.30 WITA': from the first start to the last end of `sessions` (cancelled ones
    left out); 'pukul ........ WITA s.d. selesai', to fill in by hand, without any."""
    sessions = [s for s in sessions if not s.cancelled]
    zone = tz_abbreviation(event.timezone)
    if not sessions:
        return f"pukul {BLANK_TIME} {zone} s.d. selesai"
    start = format_clock(min(s.starts_at for s in sessions), event.timezone, "id", with_zone=False)
    end = format_clock(max(s.ends_at for s in sessions), event.timezone, "id", with_zone=False)
    return f"pukul {start} s.d. {end} {zone}"


def day_time(event: Event, day: date, commission=None) -> str:
    """The Waktu line of a day's list, from that day's susunan acara. The check-in desk (daftar
    ulang, from 07.00) is not the meeting: the day runs from its first session after it. A
    commission's list runs over its own sidang that day (held in its room), when it sits that day."""
    from ..agenda.services import sessions_on
    from ..sidang.commissions import sessions_of

    sessions = [s for s in sessions_on(event, day) if s.kind != "daftar_ulang" and not s.cancelled]
    if commission is not None:
        sessions = sessions_of(commission, [s for s in sessions if s.kind == "komisi"]) or sessions
    return time_span(event, sessions)


def signer_fields(signer) -> dict | None:
    """The "Mengetahui" signer as {"position", "name", "rank", "nip"} (from a mapping or any object
    with those attributes); None without one."""
    if signer is None:
        return None
    get = signer.get if isinstance(signer, Mapping) else lambda key: getattr(signer, key, None)
    fields = {key: (get(key) or "").strip() for key in ("position", "name", "rank", "nip")}
    return fields if (fields["position"] or fields["name"]) else None


def signer_lines(signer) -> tuple[str, str, str | None, str | None]:
    """(position, name, rank, nip) of the signer; an empty block titled PROPOSED_SIGNER_TITLE without one."""
    fields = signer_fields(signer)
    if fields is None:
        return PROPOSED_SIGNER_TITLE, "", None, None
    return fields["position"] or PROPOSED_SIGNER_TITLE, fields["name"], fields["rank"] or None, fields["nip"] or None


# ---- the document -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttendanceLine:
    """One printed row."""

    number: int
    name: str
    nip: str  # grouped, "19860926 201505 1 001"; empty for non-ASN
    position: str
    institution: str
    time_present: str  # "08.05"; empty when absent and on a session's list
    signature_png: bytes | None


@dataclass(frozen=True)
class AttendanceSection:
    heading: str  # the delegation
    lines: list[AttendanceLine]


@dataclass(frozen=True)
class AttendanceDocument:
    """Everything printed on a daftar hadir, the same for the PDF and the XLSX."""

    title: str  # "DAFTAR HADIR"
    subtitle: str  # the meeting
    details: list[tuple[str, str]]  # Acara (a session's list), Hari/Tanggal, Waktu, Tempat
    columns: list[str]
    sections: list[AttendanceSection]
    summary: str  # "Jumlah hadir: 3 dari 5 peserta"
    signer: dict | None  # {"position", "name", "rank", "nip"}; None: a blank block to sign by hand
    signer_title: str  # position printed when the signer has none
    place: str
    signed_on: date
    file_title: str  # PDF metadata and workbook title
    sheet_title: str
    empty_text: str = "Belum ada peserta yang disetujui."

    @property
    def place_date(self) -> str:
        """'Tana Paser, 9 Agustus 2021' above the signature."""
        return place_and_date(self.place, self.signed_on)


def _sections(groups: list[DelegationGroup], *, with_checkins: bool) -> list[AttendanceSection]:
    return [
        AttendanceSection(
            group.delegation.name,
            [
                AttendanceLine(
                    number=row.number,
                    name=row.registration.full_name,
                    nip=row.nip,
                    position=row.registration.position or "",
                    institution=row.institution,
                    time_present=row.time_present if with_checkins else "",
                    signature_png=row.signature_png if with_checkins else None,
                )
                for row in group.rows
            ],
        )
        for group in groups
    ]


def _commission_fields(event: Event, commission) -> tuple[set[int] | None, list[tuple[str, str]], str]:
    """(member ids, the Acara line, the room before the venue) of a commission's list; nothing for the whole
    meeting's. `commission` is any object with name, topic, room and members (sidang's Commission)."""
    if commission is None:
        return None, [], ""
    if commission.event_id != event.id:
        raise AttendanceError("Komisi tidak ditemukan pada rapat ini.")
    acara = f"Sidang {commission.name}" + (f": {commission.topic}" if commission.topic else "")
    return (
        {m.registration_id for m in commission.members},
        [("Acara", acara)],
        commission.room.name if commission.room else "",
    )


def _mengetahui(event: Event, signer) -> dict | None:
    """Who signs "Mengetahui": the one chosen, else the SK panitia's penanggung jawab, on every daftar hadir
    (the day's, a session's, the one attached to a notulen), not dots under a name the SK gives."""
    chosen = signer_fields(signer)
    if chosen is not None:
        return chosen
    from ..panitia.services import in_charge

    return signer_fields(in_charge(event, PROPOSED_SIGNER_TITLE))


def day_document(event: Event, day: date, *, signer=None, commission=None) -> AttendanceDocument:
    """The list of one meeting day (a commission's members only, with `commission`). Raises
    AttendanceError for a day outside the meeting."""
    members, acara, room = _commission_fields(event, commission)
    groups = attendance_rows(event, day, members=members)
    summary = attendance_summary(event, day, groups=groups)
    suffix = f" {commission.name}" if commission is not None else ""
    return AttendanceDocument(
        title=TITLE,
        subtitle=event.title,
        details=[
            *acara,
            ("Hari/Tanggal", format_day(day, "id")),
            ("Waktu", day_time(event, day, commission)),
            ("Tempat", ", ".join(p for p in (room, event.place(address=True)) if p)),
        ],
        columns=column_titles(event),
        sections=_sections(groups, with_checkins=True),
        summary=summary.line,
        signer=_mengetahui(event, signer),
        signer_title=PROPOSED_SIGNER_TITLE,
        place=event.city,
        signed_on=day,
        file_title=f"Daftar Hadir{suffix} {event.title} {format_day(day, 'id')}",
        sheet_title=f"Daftar hadir{suffix} {day.isoformat()}",
    )


def session_day(event: Event, session) -> date:
    return session.starts_at.astimezone(event.tz).date()


def session_document(event: Event, session, *, signer=None, commission=None) -> AttendanceDocument:
    """The list of one agenda session: its title, time and room in the header, the approved
    participants to sign in the room (a commission's members only, with `commission`). Raises
    AttendanceError for another meeting's or a cancelled session."""
    if session is None or session.event_id != event.id:
        raise AttendanceError("Sesi tidak ditemukan pada rapat ini.")
    if session.cancelled:
        raise AttendanceError(f"Sesi {session.title!r} dibatalkan; daftar hadirnya tidak dicetak.")
    day = session_day(event, session)
    members, acara, room = _commission_fields(event, commission)
    groups = attendance_rows(event, None, members=members)
    expected = sum(len(group.rows) for group in groups)
    room = session.room.name if session.room else room
    place = event.place(address=True, room=room or None)
    # "Komisi I" is not named by "Sidang Komisi II": the name as a whole word
    named = commission is not None and re.search(rf"(?<!\w){re.escape(commission.name)}(?!\w)", session.title)
    title = session.title if commission is None or named else f"{session.title} ({commission.name})"
    return AttendanceDocument(
        title=TITLE,
        subtitle=event.title,
        details=[
            ("Acara", title),
            ("Hari/Tanggal", format_day(day, "id")),
            ("Waktu", time_span(event, [session])),
            ("Tempat", place),
        ],
        columns=column_titles(event),
        sections=_sections(groups, with_checkins=False),
        summary=f"Jumlah hadir: {BLANK_TIME} dari {expected} peserta",
        signer=_mengetahui(event, signer),
        signer_title=PROPOSED_SIGNER_TITLE,
        place=event.city,
        signed_on=day,
        file_title=f"Daftar Hadir {title} {format_day(day, 'id')}",
        sheet_title=f"Daftar hadir sesi {session.id}",
    )


def attendance_document(
    event: Event, *, day: date | None = None, session=None, signer=None, commission=None
) -> AttendanceDocument:
    if session is not None:
        return session_document(event, session, signer=signer, commission=commission)
    if day is None:
        raise ValueError("a daftar hadir is of a day or of a session")
    return day_document(event, day, signer=signer, commission=commission)


def export(
    event: Event, fmt: str, *, day: date | None = None, session=None, signer=None, commission=None, progress=None
) -> bytes:
    """The daftar hadir of a day or a session as "pdf", "docx" or "xlsx", of everyone or of one commission's
    members: for the attendance page, the commissions page and the CLI. progress(done, total): the
    rows drawn (PDF) or written (XLSX) so far, as the work goes on."""
    document = attendance_document(event, day=day, session=session, signer=signer, commission=commission)
    if fmt == "pdf":
        from ..pdf.attendance import render_attendance  # reportlab only when a PDF is made

        return render_attendance(document, event, progress=progress)
    if fmt == "docx":
        from ..documents.docx_attendance import attendance_docx

        return attendance_docx(document, event)
    if fmt == "xlsx":
        return document_xlsx(document, event, progress=progress)
    raise ValueError(f"unknown format: {fmt}")


def attendance_pdf(event: Event, day: date | None = None, *, session=None, signer=None) -> bytes:
    return export(event, "pdf", day=day, session=session, signer=signer)


def attendance_xlsx(event: Event, day: date | None = None, *, session=None, signer=None) -> bytes:
    return export(event, "xlsx", day=day, session=session, signer=signer)


# ---- XLSX --------------------------------------------------------------------------------------

XLSX_WIDTHS = (5, 30, 23, 26, 30, 10, 26, 10)  # characters, per COLUMNS
XLSX_ROW_HEIGHT = 33  # points: room for a signature
XLSX_HEADER_HEIGHT = 30  # the column header, two lines
SIGNATURE_COLUMN = 7  # G


def _pixels(width_chars: float) -> int:
    """Excel's column width (characters of the default font) in pixels."""
    return int(width_chars * 7 + 5)


def _signature_anchor(png: bytes, row: int, number: int):
    """An openpyxl Image of the signature inside the Tanda Tangan cell of `row` at the row's height,
    from the left half for odd numbers and the right half for even ones; None for an unreadable
    picture (the cell is then signed by hand)."""
    from openpyxl.drawing.image import Image as XlImage
    from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
    from openpyxl.drawing.xdr import XDRPositiveSize2D
    from openpyxl.utils.units import pixels_to_EMU

    from ..images import signature_picture

    picture = signature_picture(png)
    if picture is None:
        return None
    cell_width, cell_height = _pixels(XLSX_WIDTHS[SIGNATURE_COLUMN - 1]), int(XLSX_ROW_HEIGHT * 96 / 72)
    half = cell_width // 2
    label = 16  # the "1." printed in the half
    # The cell's full height, as in the PDF; it may run into the other half, empty in this row.
    box_width, box_height = cell_width - label - 4, cell_height - 4
    scale = min(box_width / picture.width, box_height / picture.height)
    width, height = max(1, int(picture.width * scale)), max(1, int(picture.height * scale))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    image = XlImage(buffer)
    image.width, image.height = width, height
    left = min((0 if number % 2 else half) + label, cell_width - width - 2)
    marker = AnchorMarker(
        col=SIGNATURE_COLUMN - 1,
        colOff=pixels_to_EMU(left),
        row=row - 1,
        rowOff=pixels_to_EMU((cell_height - height) // 2),
    )
    image.anchor = OneCellAnchor(_from=marker, ext=XDRPositiveSize2D(pixels_to_EMU(width), pixels_to_EMU(height)))
    return image


def _xlsx_line(row: int, item: AttendanceLine) -> tuple[list, list]:
    """One person's row of the workbook: odd numbers sign on the left, even ones from the middle;
    a captured signature is pictured in its half."""
    image = _signature_anchor(item.signature_png, row, item.number) if item.signature_png else None
    return (
        [
            (item.number, "centre"),
            (item.name, "wrap"),
            (item.nip, "wrap_text"),
            (item.position, "wrap"),
            (item.institution, "wrap"),
            (item.time_present, "centre_text"),
            (f"{item.number}.", "left" if item.number % 2 else "centre"),
            ("", "wrap"),
        ],
        [image] if image is not None else [],
    )


def document_xlsx(document: AttendanceDocument, event: Event, *, progress=None) -> bytes:
    """The daftar hadir as a workbook: title rows, the header, a bold row per delegation (repeated
    with "(lanjutan)" atop a printed page it continues on), one row per participant with their
    captured signature, the total, and the "Mengetahui" block (raker.documents.xlsx_lists)."""
    from ..documents.xlsx_lists import PAPER_CODES, ListSheet, list_workbook, signer_block

    position, name, rank, nip = signer_lines(document.signer)
    return list_workbook(
        ListSheet(
            title=document.title,
            subtitle=document.subtitle,
            details=document.details,
            columns=document.columns,
            widths=XLSX_WIDTHS,
            sections=document.sections,
            line_cells=_xlsx_line,
            line_height=XLSX_ROW_HEIGHT,
            header_height=XLSX_HEADER_HEIGHT,
            summary=document.summary,
            sign_off=signer_block(document.place_date, "Mengetahui,", position, name, rank, nip),
            sign_off_column=5,
            paper=PAPER_CODES.get(event.paper_size, 9),
            sheet_title=document.sheet_title,
            file_title=document.file_title,
        ),
        progress=progress,
    )
