"""The susunan acara (rundown) as an official PDF on the event's letterhead, from the agenda's snapshot rows."""

from datetime import date, datetime

from reportlab.lib import colors
from reportlab.platypus import Spacer

from ..i18n import format_day, tz_abbreviation
from ..session_roles import ROLE_TITLES, role_title
from .document import build_pdf, escape_text, make_table, para
from .paragraph import Paragraph
from .styles import MARGINS, get_styles, page_size

KIND_TITLES = {
    "daftar_ulang": "Daftar Ulang",
    "pembukaan": "Pembukaan",
    "laporan": "Laporan Penyelenggara",
    "sambutan": "Sambutan/Arahan",
    "paparan": "Paparan/Materi",
    "pleno": "Sidang Pleno",
    "komisi": "Sidang Komisi/Kelompok",
    "tanya_jawab": "Tanya Jawab",
    "ishoma": "Ishoma",
    "rehat": "Rehat Kopi",
    "pembacaan_rumusan": "Pembacaan Rumusan",
    "penutupan": "Penutupan",
    "lainnya": "",
}


COLUMNS = (0.16, 0.42, 0.28, 0.14)  # Waktu, Acara, Pengisi, Tempat: fractions of the text width (PDF and DOCX)
ORDINALS = {1: "Pertama", 2: "Kedua", 3: "Ketiga", 4: "Keempat", 5: "Kelima"}


def day_heading(number: int) -> str:
    return f"Hari {ORDINALS.get(number, number)}"


def shown_people(item: dict) -> list[dict]:
    """Who the rundown names, role by role; the notulis is internal, not in the rundown."""
    return [p for role in ("narasumber", "moderator", "pembawa_acara") for p in item["people"] if p["role"] == role]


def shown_position(person: dict) -> str:
    """The jabatan under a name, unless it only repeats the role printed before the name
    ("Pembawa Acara: Rina Lestari, S.Sos." over "Pembawa Acara")."""
    position = (person.get("position") or "").strip()
    return "" if position.casefold() == ROLE_TITLES[person["role"]].casefold() else position


def _time(value: str, event) -> str:
    local = datetime.fromisoformat(value).astimezone(event.tz)
    return f"{local.hour:02d}.{local.minute:02d}"


def _people(item: dict, styles) -> list[Paragraph]:
    lines = []
    for person in shown_people(item):
        who = escape_text(person["name"])
        if position := shown_position(person):
            who += f"<br/><font size=8>{escape_text(position)}</font>"
        title = role_title(person["role"], item["kind"])
        lines.append(Paragraph(f"<b>{title}:</b> {who}" if title else who, styles.cell))
    return lines or [para("—", styles.cell)]


def agenda_pdf(event, items: list[dict], *, version: int | None = None) -> bytes:
    """`items` are agenda snapshot dicts (raker.agenda.services.snapshot; the published agenda comes from
    raker.agenda.services.agenda_document): this renderer imports nothing from the domains."""
    styles = get_styles()
    width = page_size(event)[0] - MARGINS.left - MARGINS.right
    zone = tz_abbreviation(event.timezone)
    story = [Paragraph("SUSUNAN ACARA", styles.title), para(event.title.upper(), styles.title)]
    if event.theme:
        story.append(Paragraph(f"<i>Tema: “{escape_text(event.theme)}”</i>", styles.body_left))
    story.append(para(event.place(), styles.body_left))
    if version:
        story.append(Paragraph(f"<font size=9>Versi {version}</font>", styles.small))
    story.append(Spacer(1, 8))

    days: dict[str, list[dict]] = {}
    for item in items:
        days.setdefault(item["day"], []).append(item)
    columns = [fraction * width for fraction in COLUMNS]
    for day_number, (day, day_items) in enumerate(sorted(days.items()), start=1):
        header = f"{day_heading(day_number)}: {format_day(date.fromisoformat(day), 'id')}"
        rows = [
            [Paragraph(f"<b>{escape_text(header)}</b>", styles.cell), "", "", ""],
            [
                Paragraph(f"<b>Waktu ({zone})</b>", styles.cell),
                Paragraph("<b>Acara</b>", styles.cell),
                Paragraph("<b>Pengisi</b>", styles.cell),
                Paragraph("<b>Tempat</b>", styles.cell),
            ],
        ]
        commands = [
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dfe9ee")),
            ("BACKGROUND", (0, 1), (-1, 1), colors.HexColor("#f1f5f7")),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        for item in sorted(day_items, key=lambda i: datetime.fromisoformat(i["starts_at"])):
            kind = KIND_TITLES.get(item["kind"], "")
            title = escape_text(item["title"])
            what = f"<b>{title}</b>" + (
                f"<br/><font size=8>{kind}</font>" if kind and kind.lower() not in item["title"].lower() else ""
            )
            if item["cancelled"]:
                what = f"<strike>{title}</strike><br/><font size=8>DIBATALKAN</font>"
            rows.append(
                [
                    para(f"{_time(item['starts_at'], event)} – {_time(item['ends_at'], event)}", styles.cell),
                    Paragraph(what, styles.cell),
                    _people(item, styles),
                    para(item["room"] or "—", styles.cell),
                ]
            )
        story.append(make_table(rows, col_widths=columns, repeatRows=2, commands=commands))
        story.append(Spacer(1, 10))
    if not items:
        story.append(para("Susunan acara belum disusun.", styles.body_left))
    return build_pdf(event, story, title=f"Susunan Acara {event.title}", subject="Susunan acara")
