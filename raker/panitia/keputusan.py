"""The SK panitia and the SK tim perumus: a keputusan (Permendagri No. 1 Tahun 2023) of the official
who forms the committee, e.g. the Sekretaris Daerah:

    KEPUTUSAN SEKRETARIS DAERAH PROVINSI KALIMANTAN TIMUR / NOMOR … / TENTANG / PEMBENTUKAN PANITIA …
    SEKRETARIS DAERAH PROVINSI KALIMANTAN TIMUR,
    Menimbang  : a. …  b. …
    Mengingat  : 1. …  2. …
                               MEMUTUSKAN:
    Menetapkan : KEPUTUSAN … TENTANG PEMBENTUKAN PANITIA ….
    KESATU     : Membentuk … sebagaimana tercantum dalam Lampiran …
    KEDUA      : … mempunyai tugas: a. … b. …
    KETIGA     : Segala biaya … dibebankan pada ….
    KEEMPAT    : Keputusan ini mulai berlaku pada tanggal ditetapkan.
    Ditetapkan di … / pada tanggal …, the signer; Tembusan: 1. … 2. … (when set);
    LAMPIRAN (its own page): the susunan with Nama/NIP, kedudukan, jabatan/instansi, signed again.

The texts (menimbang, mengingat, tugas), Nomor, date, place, budget line and signer come from the
meeting's settings (CommitteeSettings) or the Indonesian defaults below. The tim perumus is the
rumusan's drafting team (raker/rumusan: ketua, sekretaris, anggota). Built here as a format-neutral
model; raker.pdf.keputusan and raker.documents.docx_keputusan print it."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from ..i18n import format_day_span_sd, format_long_date
from ..letters import LetterRefused, number_from
from ..models import CommitteeSettings, Event, User
from ..reference.nip import format_nip
from ..reference.ranks import rank_label
from ..reference.text import position_at
from ..signer import Signer
from . import services

KINDS = ("panitia", "perumus")
KIND_WORDS = {"panitia": "PANITIA", "perumus": "TIM PERUMUS"}
DRAFTING_WORDS = {"ketua": "Ketua", "sekretaris": "Sekretaris", "anggota": "Anggota"}
DIKTUM_LABELS = ("KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM")
DEFAULT_NUMBER = {"panitia": "000.1.2/......./{tahun}", "perumus": "000.1.2/......./{tahun}"}
BLANK_DATE = "." * 24
DEFAULT_BUDGET = "Dokumen Pelaksanaan Anggaran (DPA) penyelenggara Tahun Anggaran {tahun}"
DEFAULT_MENGINGAT = (
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah sebagaimana telah beberapa kali diubah, "
    "terakhir dengan Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah Pengganti "
    "Undang-Undang Nomor 2 Tahun 2022 tentang Cipta Kerja menjadi Undang-Undang;",
    "Peraturan Pemerintah Nomor 12 Tahun 2019 tentang Pengelolaan Keuangan Daerah;",
    "Peraturan Menteri Dalam Negeri Nomor 1 Tahun 2023 tentang Tata Naskah Dinas di Lingkungan Pemerintah Daerah;",
)


@dataclass(frozen=True)
class Diktum:
    label: str  # "KESATU"
    text: str
    points: tuple[str, ...] = ()  # lettered a., b. under the text (the tugas)


@dataclass(frozen=True)
class LampiranRow:
    number: int
    name: str
    nip: str  # grouped, "" when none
    rank: str  # "Penata (III/c)", "" when none
    place: str  # kedudukan dalam panitia / jabatan dalam tim
    position: str  # jabatan / instansi


@dataclass(frozen=True)
class KeputusanDocument:
    """Everything printed on one keputusan with its lampiran, the same for the PDF and the DOCX."""

    kind: str
    title_lines: tuple[str, ...]  # KEPUTUSAN … / NOMOR … / TENTANG / PEMBENTUKAN …
    office: str  # the official, over the considerations ("SEKRETARIS DAERAH …,")
    menimbang: tuple[str, ...]
    mengingat: tuple[str, ...]
    menetapkan: str
    dictums: tuple[Diktum, ...]
    place: str
    date_text: str  # "1 Agustus 2026", or a dotted blank to write by hand
    signer: Signer
    tembusan: tuple[str, ...]  # after the signature, one recipient a line; () prints none
    lampiran_heading: tuple[tuple[str, str], ...]  # (label, value): NOMOR, TANGGAL, TENTANG
    lampiran_title: str
    table_header: tuple[str, str, str, str]
    rows: tuple[LampiranRow, ...]
    file_title: str


def default_office(event: Event) -> str:
    """'PEMERINTAH PROVINSI KALIMANTAN TIMUR' on the kop -> 'SEKRETARIS DAERAH PROVINSI KALIMANTAN TIMUR'."""
    government = " ".join(((event.letterhead_government or "").strip() or (event.host_institution or "")).split())
    words = government.upper()
    if words.startswith("PEMERINTAH "):
        return "SEKRETARIS DAERAH " + words.removeprefix("PEMERINTAH ")
    return "SEKRETARIS DAERAH"


def meeting_title(event: Event) -> str:
    """'RAPAT KERJA … TAHUN 2026', as the rumusan writes it."""
    from ..rumusan.adoption import document_title

    return document_title(event)


def _when_where(event: Event) -> str:
    dates = format_day_span_sd(event.start_date, event.end_date or event.start_date)
    place = event.place()
    return f"pada tanggal {dates} di {place}" if place else f"pada tanggal {dates}"


def default_menimbang(event: Event, kind: str, office: str) -> list[str]:
    title = event.title
    what = "Panitia" if kind == "panitia" else "Tim Perumus"
    purpose = "kelancaran persiapan dan penyelenggaraan" if kind == "panitia" else "merumuskan hasil pembahasan"
    return [
        f"bahwa dalam rangka {purpose} {title} yang dilaksanakan {_when_where(event)}, perlu dibentuk {what} {title};",
        f"bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan Keputusan "
        f"{office.title()} tentang Pembentukan {what} {title};",
    ]


def default_tugas(event: Event, kind: str) -> list[str]:
    title = event.title
    if kind == "panitia":
        return [
            f"menyusun rencana, jadwal dan susunan acara {title};",
            "menyiapkan undangan, tempat, perlengkapan, akomodasi dan konsumsi;",
            "melaksanakan pendaftaran dan daftar ulang peserta serta keprotokolan dan dokumentasi;",
            "menyusun notulen dan laporan pelaksanaan kegiatan;",
            "melaporkan hasil pelaksanaan tugas kepada pejabat yang menetapkan Keputusan ini.",
        ]
    return [
        "menghimpun bahan dan hasil sidang komisi serta sidang pleno;",
        f"menyusun rancangan rumusan hasil {title};",
        "menyampaikan rancangan rumusan dalam sidang pleno untuk dibahas dan disepakati;",
        "menyempurnakan rumusan sesuai hasil sidang pleno dan menyerahkannya kepada pejabat yang menetapkan "
        "Keputusan ini.",
    ]


def default_texts(event: Event, office: str = "") -> dict[str, str]:
    """The texts printed where a setting is left empty, one point a line (the settings form shows them)."""
    office = office or default_office(event)
    texts = {"budget": DEFAULT_BUDGET.format(tahun=event.start_date.year)}
    for kind in KINDS:
        texts[f"{kind}_menimbang"] = "\n".join(default_menimbang(event, kind, office))
        texts[f"{kind}_mengingat"] = "\n".join(DEFAULT_MENGINGAT)
        texts[f"{kind}_tugas"] = "\n".join(default_tugas(event, kind))
    return texts


def save_settings(event: Event, values: Mapping[str, Any], *, by: User | None = None) -> CommitteeSettings:
    """services.save_settings, but a text saved as its default is stored empty: it then follows the
    meeting's title and dates when they change."""
    clean = services.clean_settings(values)
    for name, text in default_texts(event, clean["signer_office"]).items():
        if clean.get(name) == text:
            clean[name] = ""
    return services.store_settings(event, clean, by=by)


def _position(position: str, institution: str) -> str:
    return position_at(position, institution) or "-"


def _panitia_rows(event: Event) -> list[LampiranRow]:
    return [
        LampiranRow(
            number=n,
            name=m.full_name,
            nip=format_nip(m.nip) if m.nip else "",
            rank=rank_label(m.rank) if m.rank else "",
            place=services.place_label(m),
            position=_position(m.position, m.institution),
        )
        for n, m in enumerate(services.members(event), start=1)
    ]


def _perumus_rows(event: Event) -> list[LampiranRow]:
    from ..rumusan.services import team

    rows = []
    for n, member in enumerate(team(event), start=1):
        registration = member.registration
        rows.append(
            LampiranRow(
                number=n,
                name=registration.full_name,
                nip=format_nip(registration.nip) if registration.nip else "",
                rank=rank_label(registration.rank) if registration.rank else "",
                place=DRAFTING_WORDS.get(member.role, member.role.title()),
                position=_position(registration.position, registration.institution or registration.delegation.name),
            )
        )
    return rows


def build(event: Event, kind: str) -> KeputusanDocument:
    """The keputusan of `kind` ('panitia' or 'perumus'). Refuses (LetterRefused, 409) without members:
    a keputusan forming an empty committee cannot be signed."""
    if kind not in KINDS:
        raise ValueError(f"unknown keputusan: {kind}")
    settings = services.settings_for(event)
    rows = _panitia_rows(event) if kind == "panitia" else _perumus_rows(event)
    if not rows:
        raise LetterRefused(
            _("Belum ada anggota panitia: tambahkan dulu pada halaman Panitia.")
            if kind == "panitia"
            else _("Tim perumus belum dibentuk: susun dulu pada halaman Rumusan.")
        )
    office = settings.signer_office or default_office(event)
    year = event.start_date.year
    what = KIND_WORDS[kind]
    title = meeting_title(event)
    about = f"PEMBENTUKAN {what} {title}"
    on = getattr(settings, f"{kind}_date")
    number = number_from(
        getattr(settings, f"{kind}_number") or DEFAULT_NUMBER[kind], year=(on or event.start_date).year
    )
    date_text = format_long_date(on, "id") if on else f"{BLANK_DATE} {year}"
    menimbang = services.points(getattr(settings, f"{kind}_menimbang")) or default_menimbang(event, kind, office)
    mengingat = services.points(getattr(settings, f"{kind}_mengingat")) or list(DEFAULT_MENGINGAT)
    tugas = services.points(getattr(settings, f"{kind}_tugas")) or default_tugas(event, kind)
    budget = settings.budget or DEFAULT_BUDGET.format(tahun=year)
    body = "Panitia" if kind == "panitia" else "Tim Perumus"
    texts = [
        (
            f"Membentuk {body} {event.title} dengan susunan keanggotaan sebagaimana tercantum dalam Lampiran yang "
            "merupakan bagian tidak terpisahkan dari Keputusan ini.",
            (),
        ),
        (f"{body} sebagaimana dimaksud dalam Diktum KESATU mempunyai tugas:", tuple(tugas)),
        (f"Segala biaya yang timbul akibat ditetapkannya Keputusan ini dibebankan pada {budget.rstrip('.')}.", ()),
        ("Keputusan ini mulai berlaku pada tanggal ditetapkan.", ()),
    ]
    # DIKTUM_LABELS has labels to spare: the first len(texts) are used.
    dictums = tuple(Diktum(label, text, pts) for label, (text, pts) in zip(DIKTUM_LABELS, texts, strict=False))
    signer = Signer(position=office, name=settings.signer_name, rank=settings.signer_rank, nip=settings.signer_nip)
    return KeputusanDocument(
        kind=kind,
        title_lines=(f"KEPUTUSAN {office}", f"NOMOR {number}", "TENTANG", about),
        office=f"{office},",
        menimbang=tuple(menimbang),
        mengingat=tuple(mengingat),
        menetapkan=f"KEPUTUSAN {office} TENTANG {about}.",
        dictums=dictums,
        place=settings.place or event.city,
        date_text=date_text,
        signer=signer,
        tembusan=tuple(services.points(getattr(settings, f"{kind}_tembusan"))),
        lampiran_heading=(("NOMOR", number), ("TANGGAL", date_text), ("TENTANG", about)),
        lampiran_title=f"SUSUNAN {what} {title}",
        table_header=(
            "No",
            "Nama / NIP",
            "Kedudukan dalam Panitia" if kind == "panitia" else "Jabatan dalam Tim",
            "Jabatan / Instansi",
        ),
        rows=tuple(rows),
        file_title=f"Keputusan tentang Pembentukan {body} {event.title}",
    )


FORMATS = ("pdf", "docx")


def export(event: Event, kind: str, fmt: str) -> bytes:
    """The keputusan as 'pdf' or 'docx', for the panitia page and `flask export sk-panitia|sk-tim-perumus`."""
    document = build(event, kind)
    if fmt == "pdf":
        from ..pdf.keputusan import keputusan_pdf

        return keputusan_pdf(event, document)
    if fmt == "docx":
        from ..documents.docx_keputusan import keputusan_docx

        return keputusan_docx(event, document)
    raise ValueError(f"unknown format: {fmt}")
