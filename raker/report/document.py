"""The laporan pelaksanaan as printed: a format-neutral model built here once for the PDF and the DOCX.

    Yth. Gubernur … / melalui Sekretaris Daerah … / di Samarinda
                     LAPORAN PELAKSANAAN / RAPAT KERJA … TAHUN 2026
    I. DASAR HUKUM  II. MAKSUD DAN TUJUAN  III. WAKTU DAN TEMPAT  IV. PESERTA (tables, charts)
    V. SUSUNAN ACARA  VI. HASIL (notulen conclusions, rumusan, sertifikat)  VII. KENDALA
    VIII. SARAN DAN TINDAK LANJUT  IX. PENUTUP, place and date, signature
    LAMPIRAN I: dokumentasi (photos, two to a row)   LAMPIRAN II: the rumusan (its own document)

The renderers (raker/pdf/report.py, raker/documents/docx_report.py) take a ReportDocument, tell its
blocks apart by their `kind` and import nothing from the domains; render() below is the one place
that asks them to render."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from ..certificates.services import issuer_name
from ..i18n import format_day, format_days_sd, tz_abbreviation
from ..models import Event
from ..rumusan import adoption as rumusan_adoption
from ..rumusan import document as rumusan_document
from ..rumusan import services as rumusan_services
from ..signer import Signer
from . import services
from .services import Report

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
EXPECTED_COLOUR, PRESENT_COLOUR = "#b8c4d6", "#1f4e79"
DAY_COLOURS = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0")


# ---- blocks: what a section holds, in order ----------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Paragraphs of running text."""

    paragraphs: list[str]
    kind: ClassVar[str] = "text"


@dataclass(frozen=True)
class Numbered:
    """'1. …', '2. …' with a hanging indent."""

    items: list[str]
    kind: ClassVar[str] = "numbered"


@dataclass(frozen=True)
class Facts:
    """'Hari/Tanggal : …' rows."""

    rows: list[tuple[str, str]]
    kind: ClassVar[str] = "facts"


@dataclass(frozen=True)
class SubHeading:
    """A bold line kept with what follows ('A. Kehadiran per delegasi dan per hari')."""

    text: str
    kind: ClassVar[str] = "subheading"


@dataclass(frozen=True)
class Note:
    """A small explanatory line."""

    text: str
    kind: ClassVar[str] = "note"


@dataclass(frozen=True)
class DataTable:
    """A ruled table with a header row repeated on each page. widths in cm, one None taking the rest;
    `right`: the columns of figures; `total`: the last row is a sum (bold)."""

    header: list[str]
    rows: list[list[str]]
    widths: list[float | None]
    right: tuple[int, ...] = ()
    total: bool = False
    kind: ClassVar[str] = "table"


@dataclass(frozen=True)
class ChartSeries:
    name: str
    colour: str  # '#1f4e79'
    values: list[int]


@dataclass(frozen=True)
class Chart:
    """A bar chart with its caption. 'horizontal': one bar group per category, read top-down;
    'vertical': categories along the bottom (time slots)."""

    caption: str
    orientation: str
    categories: list[str]
    series: list[ChartSeries]
    kind: ClassVar[str] = "chart"


@dataclass(frozen=True)
class Section:
    number: str  # 'I'
    title: str  # 'DASAR HUKUM'
    blocks: list[Any]  # Text, Numbered, Facts, SubHeading, Note, DataTable, Chart: told apart by `kind`

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass(frozen=True)
class Photo:
    data: bytes  # JPEG
    caption: str
    width: int  # pixels
    height: int


@dataclass(frozen=True)
class ReportDocument:
    addressee: list[str]
    title_lines: list[str]
    sections: list[Section]  # the last one (PENUTUP) goes with the signature
    place: str  # above the signature, with the date
    signed_on: date
    signer: Signer
    photos_title: list[str]  # 'LAMPIRAN I …', 'DOKUMENTASI KEGIATAN'; empty without photos
    photos: list[Photo]
    attachment_title: str  # over the attached rumusan
    attachment: object | None  # raker.rumusan.document.RumusanDocument
    pdf_title: str
    subject: str = "Laporan pelaksanaan rapat kerja"


# ---- the parts -----------------------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    """Blank lines part paragraphs; single line breaks stay inside one."""
    return [block.strip() for block in (text or "").split("\n\n") if block.strip()] or ["-"]


def _lines(text: str) -> list[str]:
    """One legal basis a line; a number typed in front ('1.', '2)', 'a.') dropped: the renderer numbers them."""
    items = [re.sub(r"^\s*(?:\d+|[a-z])[.)]\s+", "", line).strip() for line in (text or "").split("\n")]
    return [item for item in items if item] or ["-"]


def _waktu(event: Event, report: Report) -> str:
    zone = tz_abbreviation(event.timezone)
    hours = [report.day_hours.get(day) for day in report.days]
    if not any(hours):
        return f"pukul ........ {zone} s.d. selesai"
    first = hours[0]
    if len(set(hours)) == 1 and first is not None:  # one span every day (any(hours): not None)
        start, end = first
        return f"pukul {start} s.d. {end} {zone}"
    return "; ".join(
        f"{format_day(day, 'id')}: pukul {span[0]} s.d. {span[1]} {zone}"
        for day, span in zip(report.days, hours, strict=True)
        if span
    )


def _when_and_where(event: Event, report: Report) -> Section:
    who, on_behalf = rumusan_services.opening(event)
    rows = [("Nama kegiatan", event.title)]
    if (event.theme or "").strip():
        rows.append(("Tema", event.theme.strip()))
    rows += [
        ("Hari/Tanggal", format_days_sd(event.start_date, event.end_date)),
        ("Waktu", _waktu(event, report)),
        ("Tempat", event.place(address=True)),
        ("Penyelenggara", (event.organiser or "").strip() or issuer_name(event)),
        ("Tuan rumah", event.host_institution),
        ("Dibuka oleh", (who + (f", mewakili {on_behalf}" if on_behalf else "")) if who else "-"),
    ]
    return Section("", "WAKTU DAN TEMPAT", [Facts(rows)])


def _attendance_table(report: Report) -> DataTable:
    header = [
        "No",
        "Delegasi",
        "Kuota",
        "Terdaftar",
        *[f"Hari {i}\n{day.strftime('%d/%m')}" for i, day in enumerate(report.days, 1)],
        "Hadir",
        "%",
    ]
    rows = [
        [
            str(n),
            row.name,
            "-" if row.quota is None else str(row.quota),
            str(row.expected),
            *[str(v) for v in row.per_day],
            str(row.any_day),
            services.percent_text(row.percent),
        ]
        for n, row in enumerate(report.delegations, 1)
    ]
    rows.append(
        [
            "",
            "Jumlah",
            "",
            str(report.total_expected),
            *[str(v) for v in report.total_per_day],
            str(report.total_any_day),
            services.percent_text(report.total_percent),
        ]
    )
    figures = len(header) - 2
    return DataTable(
        header=header, rows=rows, widths=[0.9, None, *[1.75] * figures], right=(0, *range(2, len(header))), total=True
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _participants(report: Report) -> Section:
    summary = (
        f"Rapat diikuti oleh {report.total_any_day} orang yang hadir dari {report.total_expected} orang "
        f"terdaftar, berasal dari {report.delegations_present} dari {len(report.delegations)} delegasi."
    )
    blocks: list[Any] = [
        Text([summary]),
        SubHeading("A. Kehadiran per delegasi dan per hari"),
        Note(
            "Peserta dihitung satu kali per hari berdasarkan daftar ulang (pindai QR) yang tidak dibatalkan; "
            "kolom Hadir menghitung peserta yang hadir sekurang-kurangnya satu hari."
        ),
        _attendance_table(report),
        Chart(
            "Grafik 1. Peserta terdaftar dan hadir per delegasi",
            "horizontal",
            [_shorten(row.name, 34) for row in report.delegations],
            [
                ChartSeries("Terdaftar", EXPECTED_COLOUR, [row.expected for row in report.delegations]),
                ChartSeries("Hadir", PRESENT_COLOUR, [row.any_day for row in report.delegations]),
            ],
        ),
    ]
    if report.roles:
        blocks += [
            SubHeading("B. Kehadiran per peran"),
            DataTable(
                header=["Peran", "Terdaftar", "Hadir"],
                rows=[[r.title, str(r.expected), str(r.any_day)] for r in report.roles],
                widths=[None, 2.5, 2.5],
                right=(1, 2),
            ),
        ]
    blocks.append(SubHeading(("C." if report.roles else "B.") + " Waktu kedatangan"))
    days = [day for day in report.days if report.arrivals.get(day)]
    if days:
        slots = sorted({label for day in days for label, _ in report.arrivals[day]})
        blocks.append(
            Chart(
                "Grafik 2. Kedatangan peserta per 30 menit",
                "vertical",
                slots,
                [
                    ChartSeries(
                        format_day(day, "id"),
                        DAY_COLOURS[i % len(DAY_COLOURS)],
                        [dict(report.arrivals[day]).get(slot, 0) for slot in slots],
                    )
                    for i, day in enumerate(days)
                ],
            )
        )
    else:
        blocks.append(Text(["Belum ada peserta yang melakukan daftar ulang."]))
    return Section("", "PESERTA", blocks)


def _agenda(report: Report) -> Section:
    if not report.sessions:
        return Section("", "SUSUNAN ACARA", [Text(["Susunan acara belum diisi."])])
    rows = [
        [
            str(n),
            f"{format_day(row.day, 'id')}\n{row.starts} s.d. {row.ends}",
            row.title + (f"\n{row.room}" if row.room else ""),
            "\n".join(row.people_lines) or "-",
            row.minutes_label,
        ]
        for n, row in enumerate(report.sessions, 1)
    ]
    return Section(
        "",
        "SUSUNAN ACARA",
        [
            DataTable(
                header=["No", "Hari/Waktu", "Acara", "Pengisi", "Notulen"],
                rows=rows,
                widths=[0.9, 3.3, None, 5.4, 1.9],
            )
        ],
    )


def _results(report: Report) -> Section:
    blocks: list[Any] = [SubHeading("A. Pokok-pokok kesimpulan sesi (dari notulen)")]
    concluded = [row for row in report.sessions if row.conclusions]
    for row in concluded:
        blocks += [
            SubHeading(row.title + ("" if row.minutes_state == "final" else " (notulen masih draf)")),
            Numbered(list(row.conclusions)),
        ]
    if not concluded:
        blocks.append(Text(["Belum ada kesimpulan sesi yang dicatat dalam notulen."]))
    blocks += [
        Note(services.minutes_line(report)),
        SubHeading("B. Rumusan"),
        Text(services.rumusan_lines(report)),
        SubHeading("C. Sertifikat"),
        Text([services.certificates_line(report)]),
    ]
    return Section("", "HASIL", blocks)


def _numbered_sections(sections: list[Section]) -> list[Section]:
    return [Section(ROMAN[i], s.title, s.blocks) for i, s in enumerate(sections)]


def build(event: Event, *, signer: Signer | None = None, on: date | None = None) -> ReportDocument:
    """The laporan of `event`; `signer` (the CLI's) instead of the saved one."""
    report = services.build_report(event)
    settings = services.settings_for(event)
    texts = services.texts(event, report, settings)
    sections = _numbered_sections(
        [
            Section("", "DASAR HUKUM", [Numbered(_lines(texts["legal_basis"]))]),
            Section("", "MAKSUD DAN TUJUAN", [Text(_paragraphs(texts["purpose"]))]),
            _when_and_where(event, report),
            _participants(report),
            _agenda(report),
            _results(report),
            Section("", "KENDALA", [Text(_paragraphs(texts["obstacles"]))]),
            Section("", "SARAN DAN TINDAK LANJUT", [Text(_paragraphs(texts["follow_up"]))]),
            Section("", "PENUTUP", [Text(_paragraphs(texts["closing"]))]),
        ]
    )
    photos = [Photo(data=p.data, caption=p.caption, width=p.width, height=p.height) for p in services.photos(event)]
    attachment = rumusan_document.build(event, report.rumusan) if report.rumusan is not None else None
    numbers = iter(("LAMPIRAN I", "LAMPIRAN II"))
    photos_title = [f"{next(numbers)} LAPORAN PELAKSANAAN", "DOKUMENTASI KEGIATAN"] if photos else []
    attachment_title = f"{next(numbers)} LAPORAN PELAKSANAAN: RUMUSAN RAPAT KERJA" if attachment else ""
    place = services.organiser_city(event) or event.city
    return ReportDocument(
        addressee=[line.strip() for line in texts["addressee"].split("\n") if line.strip()],
        title_lines=[services.TITLE, rumusan_adoption.document_title(event)],
        sections=sections,
        place=place,
        # A laporan reports a meeting held: dated its last day at the earliest, even when printed before.
        signed_on=on or max(event.today(), event.end_date),
        signer=signer or services.signer_of(event, settings),
        photos_title=photos_title,
        photos=photos,
        attachment_title=attachment_title,
        attachment=attachment,
        pdf_title=f"Laporan {event.title}",
    )


def render(
    event: Event,
    fmt: str,
    *,
    signer: Signer | None = None,
    on: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The laporan as 'pdf' (the rumusan attached with its own kop and page count) or 'docx', for the
    report page and `flask export report`. progress(done, total): 1 of 2 when the figures are
    gathered, before the file is drawn."""
    document = build(event, signer=signer, on=on)
    if progress is not None:
        progress(1, 2)
    if fmt == "pdf":
        from ..pdf.report import render_report_pdf

        return render_report_pdf(event, document)
    if fmt == "docx":
        from ..documents.docx_report import render_report_docx

        return render_report_docx(event, document)
    raise ValueError(f"unknown format: {fmt}")
