"""How the letters fall on pages: a berita acara with many delegations (the chair's block whole on
one page, the table's title never alone, its header on every page), every font embedded, and the
DOCX converted by LibreOffice (columns kept, one letter per page, page numbers)."""

import shutil
import subprocess

import pytest

from raker.checkin import keterangan
from raker.events.services import add_delegation
from raker.rumusan import berita_acara
from tests.documents import assert_in_order, flat, pdf_pages
from tests.letters.conftest import CHAIR, DAY2, approved, check_in
from tests.letters.test_keterangan import SIGNED

CHAIR_BLOCK = [
    "Demikian berita acara ini dibuat",
    "Tana Paser, 10 Agustus 2021",
    "Pimpinan Sidang,",
    "Dr. H. Muhammad Sa'bani, M.Si.",
    "NIP. 19680512 199003 1 002",
]


@pytest.fixture
def crowded(world, adopted):
    """Ten more delegations present on the adoption day: twelve rows, more than one page."""
    for n in range(10):
        group = add_delegation(
            world["event"], {"name": f"Kabupaten Uji {n:02d}", "region_code": f"64.{20 + n}", "kind": "kabupaten"}
        )
        check_in(world["event"], approved(world["event"], group, 40 + n), DAY2)
    return world


def test_many_delegations_flow_over_pages_with_the_blocks_kept_whole(crowded):
    pages = pdf_pages(berita_acara.export(crowded["event"], "pdf", chair=CHAIR))
    assert len(pages) == 2
    # The chair's block (closing to NIP) on one page.
    assert [all(part in page for part in CHAIR_BLOCK) for page in pages].count(True) == 1
    # The table's title with its header and first rows; the header again on the next page.
    first = next(page for page in pages if "Wakil delegasi yang hadir:" in page)
    assert_in_order(first, ["Wakil delegasi yang hadir:", "No Delegasi Nama Tanda Tangan", "1 Kabupaten Paser"])
    assert_in_order(pages[1], ["No Delegasi Nama Tanda Tangan", "Kabupaten Uji 09", "Halaman 2 dari 2"])
    assert "sidik jari SHA-256:" in pages[0]


def _fonts(pdf: bytes, tmp_path) -> list[list[str]]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    return [line.split() for line in lines[2:]]


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_every_font_is_embedded(crowded, tmp_path):
    for pdf in (
        berita_acara.export(crowded["event"], "pdf", chair=CHAIR),
        keterangan.export(crowded["event"], [crowded["zainal"], crowded["budi"]], "pdf", signer=SIGNED),
    ):
        fonts = _fonts(pdf, tmp_path)
        assert fonts and all(row[0].split("+")[-1].startswith("LiberationSans") for row in fonts), fonts
        assert all(row[-5] == "yes" for row in fonts), fonts  # the "emb" column


def _libreoffice(docx: bytes, tmp_path) -> list[str]:
    source = tmp_path / "doc.docx"
    source.write_bytes(docx)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    return pdf_pages((tmp_path / "doc.pdf").read_bytes())


@pytest.mark.rendering
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_docx_in_libreoffice(crowded, tmp_path):
    event = crowded["event"]
    pdf_count = len(pdf_pages(berita_acara.export(event, "pdf", chair=CHAIR)))
    pages = _libreoffice(berita_acara.export(event, "docx", chair=CHAIR), tmp_path)
    assert abs(len(pages) - pdf_count) <= 1
    # The colon right after the label, the value beside it (a fixed grid, not three equal columns).
    assert "Nama : Dr. H. Muhammad Sa'bani, M.Si." in pages[0]
    assert [all(part in page for part in CHAIR_BLOCK) for page in pages].count(True) == 1
    assert all(f"Halaman {n} dari {len(pages)}" in page for n, page in enumerate(pages, start=1))
    assert "No Delegasi Nama Tanda Tangan" in pages[-1]

    letters = _libreoffice(
        keterangan.export(event, [crowded["zainal"], crowded["budi"]], "docx", signer=SIGNED), tmp_path
    )
    assert len(letters) == 2
    for page, name in zip(letters, ("Zainal Abidin, S.Sos.", "Budi Santoso, S.IP."), strict=True):
        assert_in_order(
            page,
            [
                "SURAT KETERANGAN",
                "Nama : Hj. Rina Wati, S.H.",
                f"Nama : {name}",
                "telah hadir mengikuti",
                "Hj. Rina Wati, S.H.",
                "NIP. 19700315 199503 2 001",
                "Halaman 1 dari 1",
            ],
        )
    assert flat(letters[1]).endswith("Halaman 1 dari 1")
