"""The susunan acara as DOCX (python-docx), for the secretariat to edit in Word: the same rows as the PDF
(raker.pdf.agenda) from the agenda's snapshot dicts, a table per day whose header repeats on each page.
Imports nothing from the domains."""

from datetime import date, datetime

from docx.shared import Pt
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..i18n import format_day, tz_abbreviation
from ..pdf.agenda import COLUMNS, KIND_TITLES, day_heading, shown_people, shown_position
from ..session_roles import role_title
from .docx_common import (
    FONT_SIZE,
    cell_margins,
    heading,
    new_document,
    paragraph,
    plain,
    set_title,
    text_width,
    to_bytes,
)
from .docx_letters import grid_table

WIDEST_TIMES = "00.00 – 00.00"  # Arial's digits are all as wide: every time range is this wide
CELL_MARGIN = Pt(5.4)  # Table Grid's 0.19 cm each side, set on the table so the sum below holds
ROUNDING_SLACK = Pt(3)  # Word and LibreOffice measure in twips and round


def _column_widths(width) -> list[int]:
    """The PDF's COLUMNS, but the time column wide enough for "00.00 – 00.00" on one line in the cells'
    11 pt (the PDF's are 10 pt; at 0.16 of the width LibreOffice broke it after the dash), taken from
    the Acara column. Helvetica's metrics are Arial's (and LibreOffice's Liberation Sans)."""
    widths = [int(width * fraction) for fraction in COLUMNS]
    times = Pt(stringWidth(WIDEST_TIMES, "Helvetica", FONT_SIZE.pt)) + 2 * CELL_MARGIN + ROUNDING_SLACK
    wider = max(0, times - widths[0])
    widths[0] += wider
    widths[1] -= wider
    return widths


def _time(value: str, event) -> str:
    local = datetime.fromisoformat(value).astimezone(event.tz)
    return f"{local.hour:02d}.{local.minute:02d}"


def _what(item: dict) -> str:
    if item["cancelled"]:
        return f"{item['title']}\nDIBATALKAN"
    kind = KIND_TITLES.get(item["kind"], "")
    return item["title"] + (f"\n{kind}" if kind and kind.lower() not in item["title"].lower() else "")


def _who(item: dict) -> str:
    lines = [
        (f"{title}: " if (title := role_title(person["role"], item["kind"])) else "")
        + person["name"]
        + (f", {position}" if (position := shown_position(person)) else "")
        for person in shown_people(item)
    ]
    return "\n".join(lines) or "—"


def agenda_docx(event, items: list[dict], *, version: int | None = None) -> bytes:
    document = new_document(event)
    heading(document, "SUSUNAN ACARA")
    heading(document, event.title.upper())
    if event.theme:
        paragraph(document, f"Tema: “{event.theme}”")
    plain(document, event.place())
    if version:
        plain(document, f"Versi {version}", size=Pt(9))
    widths = _column_widths(text_width(document))
    zone = tz_abbreviation(event.timezone)
    days: dict[str, list[dict]] = {}
    for item in items:
        days.setdefault(item["day"], []).append(item)
    for day_number, (day, day_items) in enumerate(sorted(days.items()), start=1):
        heading(document, f"{day_heading(day_number)}: {format_day(date.fromisoformat(day), 'id')}", centred=False)
        rows = [
            (
                f"{_time(item['starts_at'], event)} – {_time(item['ends_at'], event)}",
                _what(item),
                _who(item),
                item["room"] or "—",
            )
            for item in sorted(day_items, key=lambda i: datetime.fromisoformat(i["starts_at"]))
        ]
        table = grid_table(document, (f"Waktu ({zone})", "Acara", "Pengisi", "Tempat"), rows, widths=widths)
        cell_margins(table, CELL_MARGIN)
    if not items:
        paragraph(document, "Susunan acara belum disusun.")
    set_title(document, f"Susunan Acara {event.title}")
    return to_bytes(document)
