"""Tanda terima (seminar kit, bahan materi) per delegation, as a secretariat hands it round: the
approved participants of each delegation numbered within it, what they received, a signature column
alternating left and right, "(lanjutan)" when a delegation runs over a page (PDF and XLSX), signed
"Mengetahui" by the secretariat; PDF, DOCX and XLSX; from the attendance page and the CLI. And the
daftar hadir workbook's own page breaks with "(lanjutan)"."""

import io

from docx import Document
from openpyxl import load_workbook
from reportlab.lib.units import cm

from raker.checkin import attendance, tanda_terima
from raker.documents import xlsx_lists
from raker.events import services as events
from raker.letters import LetterRefused
from tests.documents import _block_lines, docx_lines
from tests.factories import make_user

from .conftest import MEETING_DAY, assert_in_order, flat, page_texts, reader
from .test_attendance import SIGNER, approved, world  # noqa: F401 (fixture)

SIGNER_VALUES = {f"signer_{key}": value for key, value in SIGNER.items()}


def receipts(meeting, fmt, **values):
    return tanda_terima.export(meeting, fmt, **tanda_terima.options(meeting, {**SIGNER_VALUES, **values}))


def test_pdf_lists_each_delegation_numbered_within_it_and_signed_mengetahui(world):
    meeting, _ = world
    pages = page_texts(receipts(meeting, "pdf", item="Bahan materi", signed_on="2021-08-09"))
    assert len(pages) == 1
    assert_in_order(
        pages[0],
        [
            "TANDA TERIMA BAHAN MATERI",
            meeting.title,
            "Hari/Tanggal",
            "Senin, 9 Agustus 2021 s.d. Selasa, 10 Agustus 2021",
            "Tempat",
            "Gedung Awa Mangkuruku",
            "Yang diterima",
            "Bahan materi",
            "No",
            "Nama",
            "Jabatan",
            "Yang Diterima",
            "Tanda Tangan",
            "Kota Samarinda",
            "1",
            "Ahmad Fauzi, S.Sos.",
            "Kepala Bagian Organisasi & Tata Laksana",
            "Bahan materi",
            "1.",
            "2",
            "Zulkifli, S.T.",
            "2.",
            "Kabupaten Paser",
            "1",
            "Budi Santoso, M.Si.",
            "1.",
            "2",
            "Dewi Lestari, S.H.",
            "2.",
            "3",
            "Eko Prasetyo",
            "3.",
            "Jumlah penerima: 5 orang",
            "Tana Paser, 9 Agustus 2021",
            "Mengetahui,",
            "Kepala Biro Organisasi,",
            "Dr. H. Yusmadi, S.Sos., M.Si.",
            "Pembina Tingkat I (IV/b)",
            "NIP. 19860926 201505 1 001",
        ],
    )
    assert "Citra Pending" not in pages[0]  # not approved: receives nothing on this list


def test_signature_numbers_alternate_left_and_right(world):
    meeting, _ = world
    positions = {}

    def visit(text, cm_, tm, font, size):
        if text.strip() in ("1.", "2.", "3."):
            positions.setdefault(text.strip(), []).append(tm[4])

    reader(receipts(meeting, "pdf")).pages[0].extract_text(visitor_text=visit)
    odd, even = positions["1."][0], positions["2."][0]
    assert even - odd > 2 * cm  # the even number signs from the middle of the cell
    assert abs(positions["3."][0] - odd) < 1


def test_one_delegation_and_refusals(world):
    meeting, _ = world
    paser = next(d for d in meeting.delegations if d.region_code == "64.01")
    text = flat(" ".join(page_texts(receipts(meeting, "pdf", delegation="64.01"))))
    assert "Kabupaten Paser" in text and "Kota Samarinda" not in text and "Jumlah penerima: 3 orang" in text
    assert tanda_terima.options(meeting, {"delegation": str(paser.id)})["delegation_id"] == paser.id
    for values, message in (
        ({"delegation": "99.99"}, "Delegasi"),
        ({"signed_on": "9-8-2021"}, "Tanggal"),
        ({"signer_nip": "123"}, "NIP"),
        ({"item": "x" * 121}, "terlalu panjang"),
    ):
        try:
            tanda_terima.options(meeting, values)
        except LetterRefused as error:
            assert error.status == 400 and message in error.message
        else:
            raise AssertionError(values)


def many(meeting, count=70):
    paser = events.add_delegation(meeting, {"name": "Kabupaten Paser", "region_code": "64.01"})
    berau = events.add_delegation(meeting, {"name": "Kabupaten Berau", "region_code": "64.03"})
    for n in range(1, count + 1):
        approved(meeting, paser if n <= 50 else berau, n, full_name=f"Peserta Nomor {n:03d}")


def test_a_delegation_continued_on_the_next_page_says_lanjutan(meeting):
    many(meeting)
    pages = page_texts(receipts(meeting, "pdf"))
    assert len(pages) >= 3 and "(lanjutan)" not in pages[0]
    for page in pages[1:]:
        if "Peserta Nomor" not in page:
            continue
        first = int(page.split("Peserta Nomor ")[1][:3])
        if first == 51 and "Kabupaten Berau (lanjutan)" not in page:
            continue  # Berau starts on this page with its own row
        heading = "Kabupaten Paser" if first <= 50 else "Kabupaten Berau"
        assert_in_order(page, ["Tanda Tangan", f"{heading} (lanjutan)", f"Peserta Nomor {first:03d}"])
    assert "Mengetahui," in pages[-1] and "Peserta Nomor" in pages[-1]  # the sign-off is not alone


def test_docx_reads_back_in_order(world):
    meeting, _ = world
    lines = [flat(line) for line in docx_lines(receipts(meeting, "docx", item="Seminar kit"))]
    assert_in_order(
        " | ".join(lines),
        [
            "TANDA TERIMA SEMINAR KIT",
            meeting.title,
            "Yang diterima",
            "Seminar kit",
            "No",
            "Nama",
            "Tanda Tangan",
            "Kota Samarinda",
            "Ahmad Fauzi, S.Sos.",
            "Seminar kit",
            "1.",
            "Zulkifli, S.T.",
            "2.",
            "Kabupaten Paser",
            "Budi Santoso, M.Si.",
            "1.",
            "Eko Prasetyo",
            "3.",
            "Jumlah penerima: 5 orang",
            "Tana Paser, 9 Agustus 2021",
            "Mengetahui,",
            "Kepala Biro Organisasi,",
            "Dr. H. Yusmadi, S.Sos., M.Si.",
            "NIP. 19860926 201505 1 001",
        ],
    )
    table = Document(io.BytesIO(receipts(meeting, "docx"))).tables[-1]  # the list (the sign-off in its last row)
    odd, even = table.rows[2].cells[4].paragraphs[0], table.rows[3].cells[4].paragraphs[0]
    assert (odd.text.strip(), even.text.strip()) == ("1.", "2.")
    assert not odd.paragraph_format.left_indent and even.paragraph_format.left_indent > 0


def pages_of(sheet, header_row):
    """The sheet's rows page by page, split at its manual breaks."""
    breaks = sorted(b.id for b in sheet.row_breaks.brk)
    pages, current = [], []
    for row in range(header_row + 1, sheet.max_row + 1):
        current.append(row)
        if row in breaks:
            pages.append(current)
            current = []
    return pages + [current]


def assert_pages_fit(sheet, header_row, widths):
    """Each page's rows fit the printed page at the fit-to-width scale: no break of the application's
    own comes before ours."""
    scale = xlsx_lists.fit_scale(sheet.page_setup.paperSize, widths, sheet.page_margins.left, sheet.page_margins.right)
    height = xlsx_lists.PAPER_POINTS[sheet.page_setup.paperSize][1] - 72 * (
        sheet.page_margins.top + sheet.page_margins.bottom
    )
    for index, rows in enumerate(pages_of(sheet, header_row)[:-1]):
        used = sum(sheet.row_dimensions[row].height or 15 for row in rows)
        above = sum(sheet.row_dimensions[r].height or 15 for r in range(1, header_row)) if index == 0 else 0
        used += above + sheet.row_dimensions[header_row].height
        assert used * scale <= height, (index, used * scale, height)
        assert used * scale > 0.8 * height  # and pages are not left half empty


def test_xlsx_repeats_the_delegation_with_lanjutan_after_each_page_break(meeting):
    many(meeting)
    sheet = load_workbook(io.BytesIO(receipts(meeting, "xlsx"))).active
    header_row = 7
    assert [c.value for c in sheet[header_row]] == ["No", "Nama", "Jabatan", "Yang Diterima", "Tanda Tangan"]
    assert sheet.print_title_rows == "$7:$7" and sheet.oddFooter.center.text == "Halaman &P dari &N"
    pages = pages_of(sheet, header_row)
    assert len(pages) >= 2
    for rows in pages[1:]:
        first = sheet.cell(rows[0], 1).value
        assert first.endswith("(lanjutan)") or first in ("Kabupaten Paser", "Kabupaten Berau"), first
        assert isinstance(sheet.cell(rows[1], 1).value, int)  # a person follows at once
    for rows in pages:  # a delegation's row is never the last of a page
        assert not str(sheet.cell(rows[-1], 2).value or "").startswith("Kabupaten")
    names = [
        sheet.cell(r, 2).value
        for r in range(header_row + 1, sheet.max_row + 1)
        if str(sheet.cell(r, 2).value or "").startswith("Peserta Nomor")
    ]
    assert names == [f"Peserta Nomor {n:03d}" for n in range(1, 71)]
    numbers = [
        sheet.cell(r, 1).value
        for r in range(header_row + 1, sheet.max_row + 1)
        if isinstance(sheet.cell(r, 1).value, int)
    ]
    assert numbers == list(range(1, 51)) + list(range(1, 21))  # restarted in each delegation
    assert (
        sheet.cell(
            next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "Peserta Nomor 002"), 5
        ).alignment.horizontal
        == "center"
    )
    assert_pages_fit(sheet, header_row, (5, 32, 30, 18, 30))
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "Mengetahui," in cells and "Dr. H. Yusmadi, S.Sos., M.Si." in cells


def test_daftar_hadir_xlsx_breaks_pages_itself_with_lanjutan(meeting):
    many(meeting)
    sheet = load_workbook(io.BytesIO(attendance.attendance_xlsx(meeting, MEETING_DAY))).active
    header_row = 7
    assert sheet.cell(header_row, 7).value == "Tanda Tangan"
    pages = pages_of(sheet, header_row)
    assert len(pages) >= 2
    continued = [sheet.cell(rows[0], 1).value for rows in pages[1:]]
    assert "Kabupaten Paser (lanjutan)" in continued
    for rows, heading in zip(pages[1:], continued, strict=True):
        assert heading.startswith("Kabupaten"), heading
        assert isinstance(sheet.cell(rows[1], 1).value, int)
    assert_pages_fit(sheet, header_row, attendance.XLSX_WIDTHS)


def test_from_the_attendance_page(app, world):
    meeting, _ = world
    secretariat = app.test_client(user=make_user("sekretariat", "kit@uji.raker.example"))
    html = secretariat.get(f"/admin/events/{meeting.slug}/attendance/").get_data(as_text=True)
    base = f"/admin/events/{meeting.slug}/attendance/tanda-terima"
    for fmt in ("pdf", "docx", "xlsx"):
        assert f"{base}.{fmt}" in html
        response = secretariat.get(f"{base}.{fmt}?item=Seminar+kit&signer_name=Rahmawati")
        assert response.status_code == 200, fmt
        assert f"tanda-terima-{meeting.slug}.{fmt}" in response.headers["Content-Disposition"]
    assert "Rahmawati" in flat(" ".join(page_texts(secretariat.get(f"{base}.pdf?signer_name=Rahmawati").data)))
    bad = secretariat.get(f"{base}.pdf?signer_nip=12345")
    assert bad.status_code == 400 and "NIP" in bad.get_data(as_text=True)
    assert app.test_client(user=make_user("petugas", "pintu@uji.raker.example")).get(f"{base}.pdf").status_code == 403
    # Every delegate's name and jabatan: an export of personal data, in the audit log (a refused one is not).
    from sqlalchemy import select

    from raker.extensions import db
    from raker.models import AuditLog

    formats = db.session.scalars(select(AuditLog.details).where(AuditLog.action == "export.receipts")).all()
    assert sorted(d["format"] for d in formats) == ["docx", "pdf", "pdf", "xlsx"]


def test_cli_exports_every_format(app, world, tmp_path):
    meeting, _ = world
    runner = app.test_cli_runner()
    for fmt in ("pdf", "docx", "xlsx"):
        output = tmp_path / f"kit.{fmt}"
        result = runner.invoke(
            args=[
                "export",
                "tanda-terima",
                "--event",
                meeting.slug,
                "--format",
                fmt,
                "--item",
                "Bahan materi",
                "--delegation",
                "64.72",
                "--signer-name",
                "Rahmawati",
                "-o",
                str(output),
            ]
        )
        assert result.exit_code == 0, result.output
        assert output.stat().st_size > 1000
    text = flat(" ".join(page_texts((tmp_path / "kit.pdf").read_bytes())))
    assert "BAHAN MATERI" in text and "Zulkifli" in text and "Budi" not in text
    refused = runner.invoke(
        args=["export", "tanda-terima", "--event", meeting.slug, "--signer-nip", "1", "-o", str(tmp_path / "x.pdf")]
    )
    assert refused.exit_code == 1 and "NIP" in refused.output and not (tmp_path / "x.pdf").exists()


def test_daftar_hadir_docx_from_the_page_and_the_cli(app, world, tmp_path):
    meeting, _ = world
    secretariat = app.test_client(user=make_user("sekretariat", "hadir2@uji.raker.example"))
    url = f"/admin/events/{meeting.slug}/attendance/daftar-hadir/{MEETING_DAY.isoformat()}.docx"
    assert url in secretariat.get(f"/admin/events/{meeting.slug}/attendance/?day={MEETING_DAY}").get_data(as_text=True)
    response = secretariat.get(url + "?signer_name=Rahmawati")
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    lines = [flat(line) for line in docx_lines(response.data)]
    assert_in_order(
        " | ".join(lines),
        [
            "DAFTAR HADIR",
            meeting.title,
            "Hari/Tanggal",
            "Senin, 9 Agustus 2021",
            "Waktu",
            "Tempat",
            "No",
            "Nama",
            "NIP",
            "Jabatan",
            "Instansi/Delegasi",
            "Waktu hadir (WITA)",
            "Tanda Tangan",
            "Ket.",
            "Kota Samarinda",
            "1",
            "Ahmad Fauzi, S.Sos.",
            "08.05",
            "1.",
            "2",
            "Zulkifli, S.T.",
            "08.40",
            "2.",
            "Kabupaten Paser",
            "3",
            "Budi Santoso, M.Si.",
            "08.12",
            "3.",
            "Jumlah hadir: 3 dari 5 peserta",
            "Tana Paser, 9 Agustus 2021",
            "Mengetahui,",
            "Penanggung Jawab Kegiatan,",
            "Rahmawati",
        ],
    )
    # The two captured signatures are pictures in their cells.
    assert len(Document(io.BytesIO(response.data)).inline_shapes) == 2
    output = tmp_path / "hadir.docx"
    result = app.test_cli_runner().invoke(
        args=[
            "export",
            "attendance",
            "--event",
            meeting.slug,
            "--day",
            MEETING_DAY.isoformat(),
            "--format",
            "docx",
            "-o",
            str(output),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Ahmad Fauzi, S.Sos." in docx_lines(output.read_bytes())


def test_the_sign_off_never_stands_alone_on_the_last_page(meeting):
    """Whatever the length of the list, the last page holds the last person with the sign-off; when
    that person moves over, the column header and "(lanjutan)" go with them."""
    from raker.pdf.tanda_terima import tanda_terima_pdf

    moved = 0
    for count in range(14, 40):
        lines = [
            tanda_terima.ReceiptLine(n, f"Peserta Nomor {n:03d}", "Analis Tata Laksana", "Seminar kit")
            for n in range(1, count + 1)
        ]
        document = tanda_terima.build(meeting)
        document = type(document)(
            **{**document.__dict__, "sections": [tanda_terima.ReceiptSection("Kabupaten Paser", lines)]}
        )
        pages = page_texts(tanda_terima_pdf(meeting, document))
        assert f"Peserta Nomor {count:03d}" in pages[-1] and "Mengetahui," in pages[-1], count
        if len(pages) > 1 and f"Peserta Nomor {count - 1:03d}" not in pages[-1]:
            moved += 1
            assert_in_order(
                pages[-1],
                [
                    "Tanda Tangan",
                    "Kabupaten Paser (lanjutan)",
                    f"Peserta Nomor {count:03d}",
                    "Jumlah penerima",
                    "Mengetahui,",
                ],
            )
    assert moved  # some lengths put only the last person over the page


# ---- one delegation per sheet ------------------------------------------------------------------

RECEIPT_HEAD = ["TANDA TERIMA SEMINAR KIT", "Hari/Tanggal", "Yang diterima", "No", "Nama", "Tanda Tangan"]


def test_pdf_per_delegation_starts_each_delegation_on_a_page_of_its_own(world):
    """Each delegation is a receipt of its own: from a new page under the kop and the title, its own
    count and "Mengetahui" signer, its pages counted from 1."""
    meeting, _ = world
    pages = page_texts(receipts(meeting, "pdf", per_delegation="1"))
    assert len(pages) == 2
    samarinda, paser = pages
    assert_in_order(
        samarinda,
        [
            "PEMERINTAH PROVINSI KALIMANTAN TIMUR",
            *RECEIPT_HEAD,
            "Kota Samarinda",
            "Ahmad Fauzi, S.Sos.",
            "Zulkifli, S.T.",
            "Jumlah penerima: 2 orang",
            "Mengetahui,",
            "Dr. H. Yusmadi, S.Sos., M.Si.",
            "Halaman 1 dari 1",
        ],
    )
    assert_in_order(
        paser,
        [
            "PEMERINTAH PROVINSI KALIMANTAN TIMUR",
            *RECEIPT_HEAD,
            "Kabupaten Paser",
            "1",
            "Budi Santoso, M.Si.",
            "Eko Prasetyo",
            "Jumlah penerima: 3 orang",
            "Mengetahui,",
            "Dr. H. Yusmadi, S.Sos., M.Si.",
            "Halaman 1 dari 1",
        ],
    )
    assert "Kabupaten Paser" not in samarinda and "Kota Samarinda" not in paser
    # Without the option, one list: both delegations on the first page, one count.
    together = page_texts(receipts(meeting, "pdf"))
    assert len(together) == 1 and "Jumlah penerima: 5 orang" in together[0]


def first_delegation_row(page: str) -> str:
    """The delegation's row under the column header atop a page of the list."""
    import re

    return re.search(r"Tanda Tangan (.*?) \d+ Peserta Nomor", flat(page)).group(1)


def test_pdf_per_delegation_a_long_delegation_continues_and_the_next_starts_a_page(meeting):
    many(meeting)  # Paser 50 (over two pages), Berau 20
    pages = page_texts(receipts(meeting, "pdf", per_delegation="1"))
    berau = next(i for i, page in enumerate(pages) if "Kabupaten Berau" in page)
    assert berau >= 2
    tops = [first_delegation_row(page) for page in pages]
    assert tops[0] == "Kabupaten Paser"
    assert all(top == "Kabupaten Paser (lanjutan)" for top in tops[1:berau])
    assert tops[berau] == "Kabupaten Berau"  # at the top of its page, not after Paser's last person
    assert all(top == "Kabupaten Berau (lanjutan)" for top in tops[berau + 1 :])
    assert "TANDA TERIMA SEMINAR KIT" in pages[berau] and "Peserta Nomor 050" not in pages[berau]
    assert "Jumlah penerima: 50 orang" in pages[berau - 1] and "Jumlah penerima: 20 orang" in pages[-1]
    assert f"Halaman {berau} dari {berau}" in pages[berau - 1] and "Halaman 1 dari" in pages[berau]


def docx_parts(data: bytes) -> list[str]:
    """The DOCX's text section by section (a section ends at a paragraph holding its w:sectPr) and
    whether each section after the first starts on a new page."""
    from docx.enum.section import WD_SECTION
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(io.BytesIO(data))
    assert all(section.start_type == WD_SECTION.NEW_PAGE for section in doc.sections[1:])
    parts, current = [], []
    for block in doc.element.body.iterchildren():
        if block.tag == qn("w:tbl"):
            current += [
                line for row in Table(block, doc).rows for tc in row._tr.tc_lst for line in _block_lines(tc, doc)
            ]
        elif block.tag == qn("w:p"):
            current.append(Paragraph(block, doc).text)
            if block.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
                parts.append(" | ".join(current))
                current = []
    return [*parts, " | ".join(current)]


def test_docx_per_delegation_breaks_the_page_before_each_delegation(world):
    meeting, _ = world
    samarinda, paser = docx_parts(receipts(meeting, "docx", per_delegation="1"))
    for part, delegation, count in ((samarinda, "Kota Samarinda", 2), (paser, "Kabupaten Paser", 3)):
        assert_in_order(
            part,
            [
                "PEMERINTAH PROVINSI KALIMANTAN TIMUR",
                *RECEIPT_HEAD,
                delegation,
                f"Jumlah penerima: {count} orang",
                "Mengetahui,",
                "Dr. H. Yusmadi, S.Sos., M.Si.",
            ],
        )
    assert "Kabupaten Paser" not in samarinda and "Kota Samarinda" not in paser
    assert len(docx_parts(receipts(meeting, "docx"))) == 1  # without the option: one list


def test_xlsx_per_delegation_is_a_sheet_each(meeting):
    """Excel prints a sheet on its own pages: a receipt per sheet, named after its delegation, with the
    title, the column header repeated on its pages, its own breaks with "(lanjutan)" and sign-off."""
    many(meeting)
    workbook = load_workbook(io.BytesIO(receipts(meeting, "xlsx", per_delegation="1")))
    assert workbook.sheetnames == ["Kabupaten Paser", "Kabupaten Berau"]
    header_row = 7
    for sheet, delegation, count in (
        (workbook["Kabupaten Paser"], "Kabupaten Paser", 50),
        (workbook["Kabupaten Berau"], "Kabupaten Berau", 20),
    ):
        assert sheet.cell(1, 1).value == "TANDA TERIMA SEMINAR KIT"
        assert [c.value for c in sheet[header_row]] == ["No", "Nama", "Jabatan", "Yang Diterima", "Tanda Tangan"]
        assert sheet.print_title_rows == "$7:$7" and sheet.oddFooter.center.text == "Halaman &P dari &N"
        assert sheet.cell(header_row + 1, 1).value == delegation
        numbers = [
            sheet.cell(r, 1).value
            for r in range(header_row + 1, sheet.max_row + 1)
            if isinstance(sheet.cell(r, 1).value, int)
        ]
        assert numbers == list(range(1, count + 1))
        cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
        assert f"Jumlah penerima: {count} orang" in cells and "Mengetahui," in cells
        assert_pages_fit(sheet, header_row, (5, 32, 30, 18, 30))
    paser_pages = pages_of(workbook["Kabupaten Paser"], header_row)
    assert len(paser_pages) == 2 and workbook["Kabupaten Paser"].cell(paser_pages[1][0], 1).value == (
        "Kabupaten Paser (lanjutan)"
    )
    assert len(load_workbook(io.BytesIO(receipts(meeting, "xlsx"))).sheetnames) == 1  # without the option


def test_sheet_titles_are_what_excel_takes():
    titles = xlsx_lists.sheet_titles(
        ["Kabupaten Paser", "kabupaten paser", "Kab. Kutai Kartanegara / Tenggarong: Sekretariat [Daerah]", "'"]
    )
    assert titles[:2] == ["Kabupaten Paser", "kabupaten paser (2)"]
    assert len(titles[2]) <= 31 and not set(titles[2]) & set("[]:*?/\\")
    assert titles[3] == "Lembar"


def test_per_delegation_from_the_attendance_page_and_the_cli(app, world, tmp_path):
    meeting, _ = world
    secretariat = app.test_client(user=make_user("sekretariat", "kit3@uji.raker.example"))
    html = secretariat.get(f"/admin/events/{meeting.slug}/attendance/").get_data(as_text=True)
    form = html.split('id="tanda-terima"', 1)[1].split("</form>", 1)[0]
    assert 'type="checkbox" name="per_delegation" value="1"' in form
    base = f"/admin/events/{meeting.slug}/attendance/tanda-terima"
    assert len(page_texts(secretariat.get(f"{base}.pdf?per_delegation=1").data)) == 2
    assert len(page_texts(secretariat.get(f"{base}.pdf").data)) == 1
    docx = secretariat.get(f"{base}.docx?per_delegation=1")
    assert docx.status_code == 200 and len(docx_parts(docx.data)) == 2
    runner = app.test_cli_runner()
    for fmt in ("pdf", "xlsx"):
        output = tmp_path / f"kit.{fmt}"
        args = ["export", "tanda-terima", "--event", meeting.slug, "--format", fmt, "--per-delegation", "-o"]
        result = runner.invoke(args=[*args, str(output)])
        assert result.exit_code == 0, result.output
    assert len(page_texts((tmp_path / "kit.pdf").read_bytes())) == 2
    assert load_workbook(tmp_path / "kit.xlsx").sheetnames == ["Kota Samarinda", "Kabupaten Paser"]
