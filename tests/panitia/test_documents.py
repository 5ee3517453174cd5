"""The kartu panitia, the SK panitia and the SK tim perumus as a reader checks them: the text in
order (names and roles on the cards; title, considerations, the diktum KESATU to KEEMPAT, the signer,
the lampiran's rows), the signer never alone on a page, every font embedded, and the DOCX read back."""

import shutil
import subprocess

import pytest
from pypdf import PdfReader

from raker.letters import LetterRefused
from raker.panitia import keputusan, services
from tests.documents import assert_in_order, docx_lines, flat, pdf_pages, pdf_text

SIGNER_LINES = [
    "SEKRETARIS DAERAH PROVINSI KALIMANTAN TIMUR,",
    "Dr. H. Ahmad Ridwan Hamzah, M.Si.",
    "Pembina Utama Madya (IV/d)",
    "NIP. 19681104 199403 1 003",
]


def test_kartu_sheet_holds_each_member_with_the_band_of_their_role(world):
    event = world["event"]
    pdf = services.export_kartu(event, "sheet")
    pages = pdf_pages(pdf)
    assert len(pages) == 2  # six cards, four to an F4 sheet
    assert_in_order(
        pages[0],
        [
            "Aji Sayid Faturrahman",
            "Asisten Administrasi Umum",
            "PANITIA",
            "Dr. Hj. Nurhayati Usman, M.Si.",
            "Kepala Bagian Kelembagaan",
            "PANITIA",
            "Andi Firmansyah, S.IP.",
            "Analis Protokol",
            "PROTOKOL",
            "Indah Permata Sari, S.Sos.",
            "Pranata Hubungan Masyarakat",
            "PEMBAWA ACARA",  # the word an official uses; "MC" was the band's before
        ],
    )
    assert_in_order(pages[1], ["Joko Susilo", "PENGEMUDI", "Sri Lestari", "Penerima Tamu", "PANITIA"])
    # The meeting, its dates and venue on every card.
    assert pages[0].count("Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur") == 4
    assert pages[0].count("10–11 Agustus 2026 · Gedung Awa Mangkuruku, Tana Paser") == 4
    paper = PdfReader(__import__("io").BytesIO(pdf)).pages[0].mediabox
    assert (round(float(paper.width) / 72 * 25.4), round(float(paper.height) / 72 * 25.4)) == (215, 330)


@pytest.mark.parametrize("layout, size_mm", [("cr80", (86, 54)), ("a6", (105, 148))])
def test_kartu_one_per_page(world, layout, size_mm):
    pdf = services.export_kartu(world["event"], layout)
    reader = PdfReader(__import__("io").BytesIO(pdf))
    assert len(reader.pages) == 6
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == size_mm
    assert_in_order(pdf_pages(pdf)[4], ["Joko Susilo", "Pengemudi", "PENGEMUDI"])


def test_kartu_colour_is_the_roles_setting(world):
    """The band is drawn in the colour set for the role (here MC in #123ABC)."""
    event = world["event"]
    from tests.panitia.conftest import SETTINGS

    keputusan.save_settings(event, {**SETTINGS, "colour_mc": "#123ABC"})
    pdf = services.export_kartu(event, "a6")
    content = PdfReader(__import__("io").BytesIO(pdf)).pages[3].get_contents().get_data().decode("latin-1")
    assert ".070588 .227451 .737255 rg" in content  # #12 #3A #BC, as reportlab writes it
    assert "PEMBAWA ACARA" in pdf_pages(pdf)[3]


def test_sk_panitia_reads_in_order(world):
    pages = pdf_pages(keputusan.export(world["event"], "panitia", "pdf"))
    text = " ".join(pages)
    assert_in_order(
        text,
        [
            "KEPUTUSAN SEKRETARIS DAERAH PROVINSI KALIMANTAN TIMUR",
            "NOMOR 000.1.2/117/B.Org/2026",
            "TENTANG",
            "PEMBENTUKAN PANITIA RAPAT KERJA BIDANG KETATALAKSANAAN SE-PROVINSI KALIMANTAN TIMUR TAHUN 2026",
            "SEKRETARIS DAERAH PROVINSI KALIMANTAN TIMUR,",
            "Menimbang : a. bahwa dalam rangka",
            "pada tanggal 10 s.d. 11 Agustus 2026",  # a span in a keputusan: "s.d.", not a dash
            "b. bahwa berdasarkan pertimbangan",
            "Mengingat : 1. Undang-Undang Nomor 23 Tahun 2014",
            "2. Peraturan Pemerintah Nomor 12 Tahun 2019",
            "MEMUTUSKAN:",
            "Menetapkan : KEPUTUSAN SEKRETARIS DAERAH",
            "KESATU : Membentuk Panitia Rapat Kerja",
            "sebagaimana tercantum dalam Lampiran",
            "KEDUA : Panitia sebagaimana dimaksud dalam Diktum KESATU mempunyai tugas:",
            "a. menyusun rencana",
            "e. melaporkan hasil pelaksanaan tugas",
            "KETIGA : Segala biaya",
            "dibebankan pada DPA Biro Organisasi Setda Provinsi Kalimantan Timur Tahun Anggaran 2026.",
            "KEEMPAT : Keputusan ini mulai berlaku pada tanggal ditetapkan.",
            "Ditetapkan di : Samarinda",
            "pada tanggal : 20 Juli 2026",
            *SIGNER_LINES,
            "LAMPIRAN",
            "KEPUTUSAN SEKRETARIS DAERAH PROVINSI KALIMANTAN TIMUR",
            "NOMOR : 000.1.2/117/B.Org/2026",
            "TANGGAL : 20 Juli 2026",
            "TENTANG : PEMBENTUKAN PANITIA",
            "SUSUNAN PANITIA RAPAT KERJA",
            "No Nama / NIP Kedudukan dalam Panitia Jabatan / Instansi",
            "1. Aji Sayid Faturrahman Pembina Utama Muda (IV/c) NIP. 19670412 199203 1 005 Pengarah Asisten Administrasi Umum",
            "2. Dr. Hj. Nurhayati Usman, M.Si.",
            "Ketua",
            "3. Andi Firmansyah, S.IP.",
            "Protokol",
            "4. Indah Permata Sari, S.Sos. Pembawa Acara Pranata Hubungan Masyarakat, Diskominfo Kabupaten Paser",
            "5. Joko Susilo",
            "Pengemudi",
            "6. Sri Lestari Penerima Tamu -",
            *SIGNER_LINES,
        ],
    )
    # The lampiran on its own page(s), the keputusan's signer not on the lampiran's first page.
    lampiran = next(n for n, page in enumerate(pages) if page.startswith("LAMPIRAN") or " LAMPIRAN KEPUTUSAN" in page)
    assert "KEEMPAT" not in pages[lampiran] and "MEMUTUSKAN" not in pages[lampiran]
    assert all(f"Halaman {n} dari {len(pages)}" in page for n, page in enumerate(pages, start=1))


def test_sk_tim_perumus_lists_the_drafting_team_with_their_roles(world):
    text = pdf_text(keputusan.export(world["event"], "perumus", "pdf"))
    assert_in_order(
        text,
        [
            "NOMOR 000.1.2/118/B.Org/2026",
            "PEMBENTUKAN TIM PERUMUS RAPAT KERJA BIDANG KETATALAKSANAAN",
            "KESATU : Membentuk Tim Perumus",
            "KEDUA : Tim Perumus sebagaimana dimaksud",
            "a. menghimpun bahan",
            "b. menyusun rancangan rumusan",
            "KETIGA",
            "KEEMPAT",
            "pada tanggal : 3 Agustus 2026",
            "SUSUNAN TIM PERUMUS",
            "No Nama / NIP Jabatan dalam Tim Jabatan / Instansi",
            "1. Yusmadi Pembina Tingkat I (IV/b)",
            "Ketua Kepala Biro Organisasi, Setda Provinsi Kalimantan Timur",
            "2. Siti Rahmah, S.E.",
            "Sekretaris Analis Organisasi",
            "3. Budi Santoso, S.IP.",
            "Anggota Analis Tata Laksana",
        ],
    )
    assert "Joko Susilo" not in text  # the committee is not the drafting team


def _signer_page(pages, lines):
    holding = [n for n, page in enumerate(pages) if all(line in page for line in lines)]
    return holding


def test_the_signer_is_never_alone_on_a_page(world):
    """Forty committee members: the lampiran runs over pages; the signer's block stays whole, with
    the last rows of the table above it; and the keputusan's own block keeps the last diktum."""
    event = world["event"]
    for n in range(34):
        services.add_member(
            event,
            {
                "full_name": f"Anggota Uji {n:02d}, S.Sos.",
                "place": "anggota",
                "position": "Analis Kebijakan Ahli Muda pada Biro Organisasi",
                "rank": "III/c",
                "nip": f"19900101201501{1 + n % 2}{n + 1:03d}",
            },
        )
    pages = pdf_pages(keputusan.export(event, "panitia", "pdf"))
    holding = _signer_page(pages, SIGNER_LINES)
    assert len(holding) == 2, holding  # once under the keputusan, once under the lampiran
    first, last = holding
    assert "KEEMPAT : Keputusan ini mulai berlaku" in pages[first]
    assert last == len(pages) - 1
    before = flat(pages[last]).split("SEKRETARIS DAERAH PROVINSI KALIMANTAN TIMUR,")[0]
    assert "Sri Lestari" in before  # the last row above the block, on its page
    assert "Joko Susilo" in pages[last - 1] or "Joko Susilo" in before
    # A page the table continues on starts with its header, the signer's page too.
    for page in pages[pages.index(next(p for p in pages if "SUSUNAN PANITIA" in p)) + 1 :]:
        assert "No Nama / NIP Kedudukan dalam Panitia Jabatan / Instansi" in page, page[:200]


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_every_font_is_embedded(world, tmp_path):
    event = world["event"]
    for name, pdf in (
        ("kartu", services.export_kartu(event, "sheet")),
        ("sk", keputusan.export(event, "panitia", "pdf")),
        ("perumus", keputusan.export(event, "perumus", "pdf")),
    ):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        rows = [
            line.split()
            for line in subprocess.run(
                ["pdffonts", str(path)], capture_output=True, text=True, check=True
            ).stdout.splitlines()[2:]
        ]
        assert rows and all(row[0].split("+")[-1].startswith("LiberationSans") for row in rows), (name, rows)
        assert all(row[-5] == "yes" for row in rows), (name, rows)


def test_docx_reads_back_in_the_same_order(world):
    lines = [flat(line) for line in docx_lines(keputusan.export(world["event"], "panitia", "docx"))]
    text = " ".join(lines)
    assert_in_order(
        text,
        [
            "KEPUTUSAN SEKRETARIS DAERAH PROVINSI KALIMANTAN TIMUR",
            "NOMOR 000.1.2/117/B.Org/2026",
            "TENTANG",
            "PEMBENTUKAN PANITIA",
            "SEKRETARIS DAERAH PROVINSI KALIMANTAN TIMUR,",
            "Menimbang : a. bahwa dalam rangka",
            "b. bahwa berdasarkan",
            "Mengingat : 1. Undang-Undang",
            "MEMUTUSKAN:",
            "Menetapkan : KEPUTUSAN",
            "KESATU : Membentuk Panitia",
            "KEDUA : Panitia sebagaimana",
            "a. menyusun rencana",
            "KETIGA : Segala biaya",
            "KEEMPAT : Keputusan ini mulai berlaku",
            "Ditetapkan di : Samarinda",
            "pada tanggal : 20 Juli 2026",
            *SIGNER_LINES,
            "LAMPIRAN",
            "NOMOR : 000.1.2/117/B.Org/2026",
            "TANGGAL : 20 Juli 2026",
            "No Nama / NIP Kedudukan dalam Panitia Jabatan / Instansi",
            "1. Aji Sayid Faturrahman",
            "Pengarah",
            "Asisten Administrasi Umum, Setda Provinsi",
            "6. Sri Lestari",
            "Penerima Tamu",
            *SIGNER_LINES,
        ],
    )
    perumus = " ".join(flat(line) for line in docx_lines(keputusan.export(world["event"], "perumus", "docx")))
    assert_in_order(
        perumus,
        [
            "PEMBENTUKAN TIM PERUMUS",
            "Jabatan dalam Tim",
            "1. Yusmadi",
            "Ketua",
            "2. Siti Rahmah, S.E.",
            "Sekretaris",
            "3. Budi Santoso, S.IP.",
            "Anggota",
        ],
    )


def test_a_stored_control_character_prints_nowhere(world):
    """A row saved before the input guard (or by hand in the database) with ESC and VT in it: every
    document still opens, without the characters."""
    from raker.extensions import db

    member = world["members"][0]
    member.full_name, member.position = "Joko\x1b[31m Susilo", "Peng\x0bemudi"
    db.session.commit()
    kartu = pdf_text(services.export_kartu(world["event"], "a6"))
    sk = pdf_text(keputusan.export(world["event"], "panitia", "pdf"))
    docx = " ".join(docx_lines(keputusan.export(world["event"], "panitia", "docx")))
    for text in (kartu, sk, docx):
        assert "Joko[31m Susilo" in text and "\x1b" not in text and "\x0b" not in text


def test_docx_rules_the_place_and_date_as_the_pdf_does(world):
    """A line under 'pada tanggal' over the signer, in the DOCX as in the PDF."""
    import io

    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(io.BytesIO(keputusan.export(world["event"], "panitia", "docx")))
    issued = next(t for t in doc.tables if t.rows[0].cells[0].text == "Ditetapkan di")
    last = issued.rows[-1]._tr
    assert last.findall(".//" + qn("w:tcBorders") + "/" + qn("w:bottom"))
    assert not issued.rows[0]._tr.findall(".//" + qn("w:tcBorders"))


TEMBUSAN = "1. Gubernur Kalimantan Timur (sebagai laporan);\nInspektur Provinsi Kalimantan Timur;\n\nYang bersangkutan."


@pytest.mark.parametrize("kind", keputusan.KINDS)
def test_the_tembusan_prints_after_the_signature_on_its_page(world, kind):
    """The settable tembusan (one recipient a line, a typed number dropped, blank lines left out) under
    the keputusan's signer, on the signer's page, numbered; the lampiran's signer has none."""
    from tests.panitia.conftest import SETTINGS

    event = world["event"]
    keputusan.save_settings(event, {**SETTINGS, f"{kind}_tembusan": TEMBUSAN})
    expected = [
        "Tembusan:",
        "1. Gubernur Kalimantan Timur (sebagai laporan);",
        "2. Inspektur Provinsi Kalimantan Timur;",
        "3. Yang bersangkutan.",
    ]
    pages = pdf_pages(keputusan.export(event, kind, "pdf"))
    signer_page = _signer_page(pages, SIGNER_LINES)[0]
    assert_in_order(flat(pages[signer_page]), [*SIGNER_LINES, *expected])
    assert all(flat(page).count("Tembusan:") == 0 for n, page in enumerate(pages) if n != signer_page)
    text = " ".join(flat(line) for line in docx_lines(keputusan.export(event, kind, "docx")))
    assert_in_order(text, [*SIGNER_LINES, *expected, "LAMPIRAN", *SIGNER_LINES])
    assert text.count("Tembusan:") == 1
    # The other keputusan keeps its own (empty) list.
    other = next(k for k in keputusan.KINDS if k != kind)
    assert "Tembusan" not in pdf_text(keputusan.export(event, other, "pdf"))


def test_no_tembusan_when_none_is_set(world):
    assert "Tembusan" not in pdf_text(keputusan.export(world["event"], "panitia", "pdf"))
    assert not any("Tembusan" in line for line in docx_lines(keputusan.export(world["event"], "panitia", "docx")))


@pytest.mark.rendering
def test_kartu_docx_is_the_sheet_of_the_pdf(world, tmp_path):
    """The kartu panitia as a DOCX: each card's name, jabatan and band word with the band shaded in the
    role's colour (MC in its own), no QR code; LibreOffice puts the PDF's four cards on each page."""
    from docx import Document
    from docx.oxml.ns import qn

    from tests.panitia.conftest import SETTINGS
    from tests.test_docx_libreoffice import soffice_pdfs

    event = world["event"]
    keputusan.save_settings(event, {**SETTINGS, "colour_mc": "#123ABC"})
    data = services.export_kartu(event, "sheet", fmt="docx")
    text = " ".join(flat(line) for line in docx_lines(data))
    for card in services.kartu(event):
        assert card.name in text and card.position in text and card.band_label in text
    body = Document(__import__("io").BytesIO(data)).element.body
    assert [shd.get(qn("w:fill")) for shd in body.iter(qn("w:shd"))] == [
        card.band_colour.lstrip("#") for card in services.kartu(event)
    ]
    assert "123ABC" in [shd.get(qn("w:fill")) for shd in body.iter(qn("w:shd"))]
    assert not list(body.iter(qn("a:blip")))  # no QR code, no logo in this meeting
    pdf = services.export_kartu(event, "sheet")
    ours, theirs = pdf_pages(pdf), pdf_pages(soffice_pdfs({"kartu": data}, tmp_path)["kartu"])
    assert len(ours) == len(theirs) == 2
    for mine, office in zip(ours, theirs, strict=True):
        names = [card.name for card in services.kartu(event) if card.name in mine]
        assert names and all(name in office for name in names), (names, office)
    with pytest.raises(LetterRefused):
        services.export_kartu(event, "cr80", fmt="docx")


def test_the_demos_people_sign_and_are_listed_alike_in_every_document(app):
    """The demo's SK panitia was signed by another Sekretaris Daerah (another name, pangkat and NIP) than
    its undangan, and its lampiran gave Aji Sayid Faturrahman and Yusmadi other NIPs than the daftar hadir."""
    from sqlalchemy import select

    from raker.extensions import db
    from raker.invitations import services as letters
    from raker.models import CommitteeMember, Registration
    from raker.panitia import keputusan
    from raker.reference.nip import format_nip
    from tests.demo_snapshot import seeded_demo

    event = seeded_demo().event
    signer = letters.letter_signer(event)
    sk = pdf_text(keputusan.export(event, "panitia", "pdf"))
    assert signer.name in sk and f"NIP. {format_nip(signer.nip)}" in sk
    registered = {
        r.full_name: r for r in db.session.scalars(select(Registration).where(Registration.event_id == event.id))
    }
    members = db.session.scalars(select(CommitteeMember).where(CommitteeMember.event_id == event.id)).all()
    both = [m for m in members if m.full_name in registered]
    assert len(both) >= 2
    for member in both:
        assert (registered[member.full_name].nip, registered[member.full_name].rank) == (member.nip, member.rank)
