"""The XLSX lists as LibreOffice Calc prints them (issue 11: the daftar hadir and the honorarium XLSX
are edited, then printed from the spreadsheet): converted headless to PDF and read page by page. Each
page is the meeting's paper (F4 in the demo; Calc falls back to US Letter when the sheet does not say),
the column header repeats on every page with its last column there (the columns fit the page width:
none is pushed to a page of its own), and a delegation that runs on over a page break is headed
"(lanjutan)" on the next. Skips without soffice or its Calc (Debian's libreoffice-calc-nogui), unless
RAKER_REQUIRE_LIBREOFFICE=1, as the DOCX conversions do."""

import io
import os
import re

import pytest
from pypdf import PdfReader

from raker.checkin import attendance
from raker.honorarium import services as honorarium
from tests.test_docx_libreoffice import SIGNER, demo, soffice_pdfs  # noqa: F401 (the fixture)

pytestmark = pytest.mark.rendering

F4_POINTS = (612, 936)  # Excel's paper 14, Folio 8.5 × 13 in: the F4 of the PDFs, to a point
HEADERS = {
    "daftar_hadir": ("No Nama NIP Jabatan Instansi/Delegasi", "Ket."),
    "honorarium": ("No Nama NIP Jabatan / Instansi Golongan Peran", "Tanda tangan"),
}


CALC = os.path.exists("/usr/lib/libreoffice/share/registry/calc.xcd")  # what the Calc package installs


def test_calc_prints_the_lists_on_the_meetings_paper_with_their_header_on_every_page(demo, tmp_path):
    if not CALC:
        if os.environ.get("RAKER_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice Calc is missing (apt-get install libreoffice-calc-nogui)")
        pytest.skip("LibreOffice Calc is not installed")
    files = {
        "daftar_hadir": attendance.export(demo, "xlsx", day=demo.start_date, signer=SIGNER),
        "honorarium": honorarium.export(demo, "xlsx"),
    }
    converted = soffice_pdfs(files, tmp_path, suffix="xlsx")
    delegations = {d.name for d in demo.delegations}
    for name, pdf in converted.items():
        pages = PdfReader(io.BytesIO(pdf)).pages
        if name == "daftar_hadir":
            assert len(pages) > 1, "the demo's day fills more than one page"
        for number, page in enumerate(pages, start=1):
            size = sorted((round(float(page.mediabox.width)), round(float(page.mediabox.height))))
            assert size == sorted(F4_POINTS), f"{name} page {number}: {size} pt, not F4"
            text = page.extract_text()
            first, last = HEADERS[name]
            assert first in text and last in text, f"{name} page {number} without its header: {text[:200]!r}"
            if name == "daftar_hadir" and number > 1:
                # The first row under the header is a delegation's heading, "(lanjutan)" when the
                # delegation began on the page before.
                lines = [line.strip() for line in text.splitlines() if line.strip()]
                after = lines[lines.index("(WITA)") + 1]
                continued = after.removesuffix(" (lanjutan)")
                assert continued in delegations, f"page {number} starts with {after!r}"
                previous = pages[number - 2].extract_text()
                began_before = (
                    re.search(rf"^{re.escape(continued)}$", previous, re.M) is not None
                    or f"{continued} (lanjutan)" in previous
                )
                assert after.endswith("(lanjutan)") == began_before, (number, after)
