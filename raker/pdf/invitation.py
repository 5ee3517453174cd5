"""Surat undangan: one letter per delegation, all in one PDF, each on its own page with the kop."""
from collections.abc import Callable, Mapping, Sequence
from datetime import date, time

from reportlab.lib.units import cm
from reportlab.platypus import Indenter, KeepTogether, Paragraph, Spacer

from ..i18n import format_day, format_moment, tz_abbreviation
from .document import build_sections_pdf, label_value_table, link_markup, make_table, para
from .qr import QRFlowable
from .signature import Signer, signature_row
from .styles import MARGINS, get_styles, page_size
from ..terbilang import terbilang

QR_SIZE = 2.8 * cm
LABEL_WIDTH = 3 * cm
INDENT = 1 * cm  # the event details sit indented under the body text
CLOSING = "Demikian undangan ini disampaikan, atas perhatian dan kehadirannya diucapkan terima kasih."

def event_days(event) -> str:
    """'Senin, 9 Agustus 2021 s.d. Selasa, 10 Agustus 2021' (one day: just that day)."""
    first, last = format_day(event.start_date, "id"), format_day(event.end_date, "id")
    return first if event.start_date == event.end_date else f"{first} s.d. {last}"


def event_place(event) -> str:
    return ", ".join(part.strip() for part in (event.venue, event.address, event.city) if part and part.strip())


def addressee_lines(delegation) -> list[str]:
    """'Yth. <contact>' and the delegation, else its head ('Pimpinan …'); then 'di' / 'Tempat'."""
    contact = (delegation.contact_name or "").strip()
    if contact:
        lines = [f"Yth. {contact}", delegation.name]
    else:
        lines = [f"Yth. Pimpinan {delegation.name}"]
    return lines + ["di", "\u00a0\u00a0\u00a0\u00a0Tempat"]


def invitation_paragraph(event, delegation) -> str:
    if delegation.quota:
        send = f"mengirimkan utusan paling banyak {delegation.quota} ({terbilang(delegation.quota)}) orang"
    else:  # no quota set (or 0): no number to promise
        send = "mengirimkan utusan"
    return (f"Dalam rangka pelaksanaan {event.title}, dengan hormat kami mengundang {delegation.name} untuk "
            f"{send} guna menghadiri kegiatan tersebut, yang akan dilaksanakan pada:")


def _letter(event, delegation, *, number: str, register_url: str, signer: Signer | Mapping, issued_on: date,
            dress_code: str, starts_at: time, width: float) -> list:
    styles = get_styles()
    header = label_value_table(
        [("Nomor", number), ("Sifat", "Penting"), ("Lampiran", "-"), ("Hal", f"Undangan {event.title}")],
        width=width, label_width=2.3 * cm)
    details = [("Hari/tanggal", event_days(event)),
               ("Waktu", f"pukul {starts_at:%H.%M} {tz_abbreviation(event.timezone)} s.d. selesai"),
               ("Tempat", event_place(event)),
               ("Acara", event.title)]
    if (event.theme or "").strip():
        details.append(("Tema", event.theme))
    details.append(("Pakaian", dress_code))

    register = [para("Pendaftaran peserta dilakukan secara daring melalui tautan atau kode QR berikut"
                     + (f" paling lambat {format_moment(event.registration_closes_at, event.timezone, 'id')}"
                        if event.registration_closes_at else "") + ":", styles.body_left),
                Spacer(1, 4),
                Paragraph(link_markup(register_url), styles.cell)]
    register_table = make_table([[register, QRFlowable(register_url, QR_SIZE)]],
                                col_widths=[width - QR_SIZE - 0.4 * cm, QR_SIZE + 0.4 * cm], hAlign="LEFT",
                                commands=[("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                          ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])

    return [
        header,
        Spacer(1, 10),
        *[para(line, styles.body_left) for line in addressee_lines(delegation)],
        Spacer(1, 10),
        para(invitation_paragraph(event, delegation)),
        Spacer(1, 4),
        Indenter(left=INDENT),
        label_value_table(details, width=width - INDENT, label_width=LABEL_WIDTH),
        Indenter(left=-INDENT),
        Spacer(1, 4),
        register_table,
        Spacer(1, 4),
        KeepTogether([para(CLOSING), Spacer(1, 10),
                      signature_row([signer], width=width, place=event.city, on=issued_on)]),
    ]


def invitation_pdf(event, delegations: Sequence, *, number_for: Callable[[object], str],
                   register_url_for: Callable[[object], str], signer: Signer | Mapping | None = None,
                   issued_on: date | None = None, dress_code: str = "Pakaian Dinas Harian (PDH)",
                   starts_at: time = time(8, 0)) -> bytes:
    """One surat undangan per delegation, each on its own page(s) with the kop, in one PDF.

    signer: {"name", "position", "rank", "nip"}; without it a blank block titled with the host.
    issued_on: the date above the signature (default: today where the meeting is)."""
    issued_on = issued_on or event.today()  # the meeting's today, not the server's (UTC)
    signer = signer or Signer(position=event.host_institution)
    width = page_size(event)[0] - MARGINS.left - MARGINS.right
    letters = [_letter(event, delegation, number=number_for(delegation), register_url=register_url_for(delegation),
                       signer=signer, issued_on=issued_on, dress_code=dress_code, starts_at=starts_at, width=width)
               for delegation in delegations]
    return build_sections_pdf(event, letters, title=f"Undangan {event.title}", subject="Surat undangan")
