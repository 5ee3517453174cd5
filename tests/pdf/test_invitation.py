"""Surat undangan: one letter per delegation on the kop, with the meeting's facts and a QR code."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from raker.events import services as events
from raker.i18n import format_long_date
from raker.invitations import services as letters
from raker.pdf.invitation import letters_pdf, link_lines
from raker.terbilang import terbilang

from .conftest import GOVERNMENT, assert_in_order, decode_qr, flat, font_dicts, page_images, page_texts, reader, render

SIGNER = {
    "signer_name": "Dr. H. Yusmadi, S.Sos., M.Si.",
    "signer_position": "Kepala Biro Organisasi",
    "signer_rank": "IV/b",
    "signer_nip": "198609262015051001",
    "print_rank_nip": True,
    "issued_on": date(2021, 7, 26),
    "numbering": "per_delegation",
}


def register_url(delegation) -> str:
    return letters.register_link(delegation.event, delegation)


@pytest.fixture
def delegations(meeting):
    return [
        events.add_delegation(
            meeting,
            {"name": "Kabupaten Paser", "region_code": "64.01", "quota": 20, "contact_name": "Sri Wahyuni, S.E."},
        ),
        events.add_delegation(
            meeting,
            {
                "name": "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
                "quota": None,
                "kind": "kementerian_lembaga",
            },
        ),
    ]


def make_pdf(meeting, delegations, settings=SIGNER):
    if settings:
        letters.save_settings(meeting, settings)
    return letters_pdf(meeting, letters.build_invitations(meeting, delegations), title="Undangan", subject="")


def test_one_letter_per_delegation_with_the_facts_in_order(meeting, delegations):
    pages = page_texts(make_pdf(meeting, delegations))
    assert len(pages) == len(delegations)
    for delegation, text in zip(delegations, pages, strict=True):
        assert_in_order(
            text,
            [
                GOVERNMENT,
                "Nomor",
                f"005/{delegation.position:03d}/Org/2021",
                "Sifat",
                "Penting",
                "Lampiran",
                "-",
                "Hal",
                "Undangan Rapat Kerja Bidang Ketatalaksanaan",
                "Yth.",
                "di",
                "Tempat",
                "Hari/tanggal",
                "Senin, 9 Agustus 2021 s.d. Selasa, 10 Agustus 2021",
                "Waktu",
                "pukul 08.00 WITA s.d. selesai",
                "Tempat",
                "Gedung Awa Mangkuruku, Jl. Jenderal Sudirman, Tanah Grogot, Tana Paser",
                "Acara",
                meeting.title,
                "Tema",
                meeting.theme,
                "Pakaian Dinas Harian (PDH)",
                register_url(delegation),
                "Demikian undangan ini disampaikan, atas perhatian dan kehadirannya diucapkan terima kasih.",
                "Tana Paser, 26 Juli 2021",
                "Kepala Biro Organisasi,",
                SIGNER["signer_name"],
                "Pembina Tingkat I (IV/b)",
                "NIP. 19860926 201505 1 001",
                "Halaman 1 dari 1",
            ],
        )


def test_addressed_to_the_head_not_the_contact_and_number_of_delegates(meeting, delegations):
    with_quota, without_quota = map(flat, page_texts(make_pdf(meeting, delegations)))
    assert_in_order(with_quota, ["Yth. Bupati Paser", "paling banyak 20 (dua puluh) orang dari Kabupaten Paser"])
    assert "Sri Wahyuni" not in with_quota
    assert "Yth. Pimpinan Kementerian Pendayagunaan" in without_quota
    assert "menugaskan utusan dari Kementerian" in without_quota
    assert "paling banyak" not in without_quota


def test_each_letter_has_its_own_number_link_and_qr_code(meeting, delegations, tmp_path):
    pdf = make_pdf(meeting, delegations)
    document = reader(pdf)
    for page_number, delegation in enumerate(delegations, start=1):
        assert decode_qr(render(pdf, page_number, tmp_path)) == [register_url(delegation)]
        links = {annotation.get_object()["/A"]["/URI"] for annotation in document.pages[page_number - 1]["/Annots"]}
        assert links == {register_url(delegation)}
    assert page_images(pdf, 1) == []  # the QR code is vector


def test_markup_in_user_text_is_printed_literally(meeting, delegations):
    markup = "<b>bold</b> & <font size=40>"
    events.update_event(meeting, {"title": f"Rapat {markup}"})
    events.update_delegation(delegations[0], {"name": f"Kabupaten {markup}", "region_code": "64.01", "quota": 20})
    letters.set_addressee(delegations[0], "Bupati A & B <i>")
    text = flat(page_texts(make_pdf(meeting, delegations[:1]))[0])
    assert f"Rapat {markup}" in text
    assert f"Kabupaten {markup}" in text
    assert "Yth. Bupati A & B <i>" in text


@pytest.mark.clocks
def test_without_saved_settings_a_blank_block_for_the_organiser_dated_today(meeting, delegations):
    events.update_event(
        meeting, {"organiser": "Biro Organisasi Setda Provinsi Kalimantan Timur", "organiser_city": "Samarinda"}
    )
    text = page_texts(make_pdf(meeting, delegations[:1], settings=None))[0]
    today_there = datetime.now(ZoneInfo(meeting.timezone)).date()
    assert_in_order(
        text,
        [
            f"Samarinda, {format_long_date(today_there, 'id')}",
            "Biro Organisasi Setda Provinsi Kalimantan Timur,",
            "........",
            "NIP. ....",
        ],
    )
    assert "Pemerintah Kabupaten Paser," not in text  # the host never signs under the province's kop


def test_one_day_meeting_deadline_and_other_zone(meeting, delegations):
    wit = ZoneInfo("Asia/Jayapura")
    events.update_event(
        meeting,
        {
            "end_date": meeting.start_date,
            "timezone": "Asia/Jayapura",
            "theme": "",
            "dress_code": "Batik",
            "registration_closes_at": datetime(2021, 8, 6, 16, 0, tzinfo=wit),
        },
    )
    text = flat(page_texts(make_pdf(meeting, delegations[:1]))[0])
    assert "Hari/tanggal : Senin, 9 Agustus 2021 Waktu" in text
    assert "s.d. Selasa" not in text
    assert "pukul 08.00 WIT s.d. selesai" in text
    assert "paling lambat Jumat, 6 Agustus 2021 pukul 16.00 WIT" in text
    assert "Tema" not in text
    # Registration open through the meeting (on the day, as the demo does): no deadline after the invitation's day.
    events.update_event(meeting, {"registration_closes_at": datetime(2021, 8, 9, 23, 59, tzinfo=wit)})
    text = flat(page_texts(make_pdf(meeting, delegations[:1]))[0])
    assert "paling lambat" not in text and "Pendaftaran peserta dilakukan secara daring" in text
    assert "Batik" in text


@pytest.mark.parametrize("paper", ["A4", "F4"])
def test_fits_one_page_on_either_paper_with_embedded_fonts(meeting, delegations, paper):
    events.update_event(meeting, {"paper_size": paper, "theme": "Penguatan Peran Ketatalaksanaan " * 6})
    pdf = make_pdf(meeting, delegations)
    assert len(reader(pdf).pages) == len(delegations)
    assert all("/FontDescriptor" in f and "/FontFile2" in f["/FontDescriptor"] for f in font_dicts(pdf))


def test_a_link_is_printed_whole_or_split_only_between_parameters():
    short = "https://raker.example.go.id/events/raker-2026/register?delegasi=64.01"
    assert link_lines(short, 400) == (10, [short])
    long = "https://raker.example.go.id/" + "x" * 120 + "/register?delegasi=64.01&lang=id"
    size, lines = link_lines(long, 300)
    assert size == 7 and lines == [long.split("?")[0], "?delegasi=64.01", "&lang=id"]


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (20, "dua puluh"),
        (25, "dua puluh lima"),
        (100, "seratus"),
        (115, "seratus lima belas"),
        (250, "dua ratus lima puluh"),
        (1000, "seribu"),
        (2021, "dua ribu dua puluh satu"),
    ],
)
def test_terbilang(n, words):
    assert terbilang(n) == words


def test_a_long_letter_takes_its_closing_with_the_signature_and_tembusan(meeting, delegations):
    """The theme pushes the letter over a page: the closing, place and date, signer lines and tembusan
    go over together (never a signature alone on the last page, nor a closing without it)."""
    events.update_event(meeting, {"theme": "Penguatan Peran Ketatalaksanaan dalam rangka Meningkatkan Kinerja " * 14})
    settings = {
        **SIGNER,
        "signer_position": "a.n. GUBERNUR KALIMANTAN TIMUR\nSEKRETARIS DAERAH",
        "tembusan": "Yth. Gubernur Kalimantan Timur (sebagai laporan);\nYth. Inspektur Provinsi.",
    }
    pages = page_texts(make_pdf(meeting, delegations[:1], settings))
    assert len(pages) == 2
    assert "Pakaian Dinas Harian" in pages[0]
    assert_in_order(
        pages[1],
        [
            "Demikian undangan ini disampaikan",
            "Tana Paser, 26 Juli 2021",
            "a.n. GUBERNUR KALIMANTAN TIMUR",
            "SEKRETARIS DAERAH,",
            SIGNER["signer_name"],
            "NIP. 19860926 201505 1 001",
            "Tembusan:",
            "2. Yth. Inspektur Provinsi.",
            "Halaman 2 dari 2",
        ],
    )
    assert "Demikian" not in pages[0]
