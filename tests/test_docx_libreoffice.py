"""The Word files as LibreOffice shows them (issue 11 C): every DOCX of the demo converted to PDF by
Debian's LibreOffice (headless, one call for all files) and read back: no word of the DOCX broken
inside a table cell, each signature block on one page, the page count within one of our PDF's, and
"Halaman n dari N" on every page. Without soffice these skip, unless RAKER_REQUIRE_LIBREOFFICE=1
(CI sets it). The grid test below reads the DOCX XML and needs no LibreOffice."""

import fcntl
import io
import os
import pickle
import re
import shutil
import subprocess
import uuid
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table
from pypdf import PdfReader
from reportlab.graphics import renderPDF
from sqlalchemy import select

from raker.agenda import papan_nama
from raker.agenda.services import agenda_document
from raker.certificates import services as certificates
from raker.checkin import attendance, keterangan, tanda_terima
from raker.checkin.badges import badge_selection
from raker.demo import DEMO_TIMEZONE
from raker.documents.docx_certificate import certificate_docx
from raker.documents.docx_common import SCHEMA_ORDER, new_document, to_bytes
from raker.documents.drawing_png import drawing_png
from raker.exports import export
from raker.extensions import db
from raker.honorarium import services as honorarium
from raker.invitations import services as letters
from raker.letters import signer_from
from raker.minutes import services as minutes
from raker.minutes.services import minutes_docx, minutes_pdf
from raker.models import CheckIn, Registration
from raker.panitia import keputusan
from raker.panitia import services as panitia
from raker.pdf.certificate import certificate_pdf
from raker.pdf.charts import bar_chart
from raker.pdf.letterhead import letterhead_lines
from raker.registration.services import badge_file
from raker.report import document as report_document
from raker.report import services as report_services
from raker.rumusan.document import rumusan_docx, rumusan_pdf
from raker.signer import Signer
from tests.demo_rumusan import adopt
from tests.demo_snapshot import seeded_demo
from tests.documents import docx_lines, flat, pdf_pages
from tests.factories import make_event

pytestmark = pytest.mark.rendering

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
SIGNER = {"position": "Kepala Biro Organisasi", "name": "Yusmadi", "rank": "IV/b", "nip": "197001011995031001"}
REPORT_SIGNER = Signer(**SIGNER)
PAGE_NUMBER = re.compile(r"Halaman (\d+) dari (\d+)")
UNNUMBERED = ("sertifikat", "papan_nama", "tanda_peserta", "kartu_panitia")  # handed out (or folded, or cut) one
# by one: no page numbers, as on the PDF


@pytest.fixture
def demo(app):
    """The demo meeting, started yesterday, three people checked in on both days, a logo in its kop
    (the kop then sits in a table beside it)."""
    from PIL import Image

    today = datetime.now(ZoneInfo(DEMO_TIMEZONE)).date()
    event = seeded_demo(today - timedelta(days=1)).event
    logo = io.BytesIO()
    Image.new("RGB", (90, 110), "navy").save(logo, "PNG")
    event.logo, event.logo_mimetype = logo.getvalue(), "image/png"
    people = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.state == "approved", Registration.role == "peserta")
        .order_by(Registration.id)
        .limit(3)
    ).all()
    for person in people:
        for day in event.days:
            db.session.add(
                CheckIn(
                    event_id=event.id,
                    registration_id=person.id,
                    day=day,
                    scanned_at=datetime.combine(day, datetime.min.time()).replace(tzinfo=event.tz)
                    + timedelta(hours=7, minutes=45),
                )
            )
    db.session.commit()
    return event


@pytest.fixture
def documents(request, tmp_path_factory, worker_id):
    """The demo's documents (_documents), made once for the whole run: the first test to ask makes them
    and leaves them in a file beside the xdist workers' temporary directories; the others wait for it
    and read them (making them takes the better part of a minute, and four tests read them)."""
    base = tmp_path_factory.getbasetemp()
    shared = (base if worker_id == "master" else base.parent) / "docx-libreoffice-documents.pickle"
    with open(shared.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not shared.exists():
            made = _documents(request.getfixturevalue("demo"))
            partial = shared.with_suffix(".partial")
            partial.write_bytes(pickle.dumps(made))
            partial.replace(shared)
            return made
    return pickle.loads(shared.read_bytes())


def _documents(event):
    """The demo's notulen, rumusan, laporan, the certificates of three people, ten badges and the kartu
    panitia (a logo on each card), the two keputusan (SK panitia, SK tim perumus), Kabupaten Paser's
    surat undangan (with its Daftar Undangan and susunan acara), a surat permohonan narasumber, the
    susunan acara on its own and, the rumusan then adopted, the berita acara pengesahan, as
    {name: (docx, pdf)}."""
    issued = certificates.issue(event)[:3]
    settings = certificates.settings_for(event)
    parts = [certificates.document_parts(event, c, settings) for c in issued]
    listed = minutes.event_minutes(event)
    assert listed and parts, "the demo has notulen and certificates to print"
    from PIL import Image

    for index, (size, caption) in enumerate(
        (
            ((1200, 800), "Pembukaan oleh Asisten Administrasi Umum"),
            ((800, 1200), "Paparan SiNovik oleh Kementerian PAN-RB"),
            ((1200, 900), "Sidang Komisi A di Ruang Komisi A"),
        )
    ):
        photo = io.BytesIO()
        Image.new("RGB", size, ("navy", "maroon", "darkgreen")[index]).save(photo, "JPEG")
        report_services.add_photo(event, photo.getvalue(), caption)  # the laporan's lampiran dokumentasi
    paser = [d for d in event.delegations if d.region_code == "64.01"]
    speaker = [letters.speaker_requests(event)[0].key]
    made = {
        "undangan": (letters.export_invitations(event, "docx", paser), letters.export_invitations(event, "pdf", paser)),
        "permohonan": (
            letters.export_speaker_requests(event, "docx", speaker),
            letters.export_speaker_requests(event, "pdf", speaker),
        ),
        "notulen": (minutes_docx(event, listed), minutes_pdf(event, listed)),
        "rumusan": (rumusan_docx(event), rumusan_pdf(event)),
        "laporan": (
            report_document.render(event, "docx", signer=REPORT_SIGNER),
            report_document.render(event, "pdf", signer=REPORT_SIGNER),
        ),
        "sertifikat": (certificate_docx(event, parts), certificate_pdf(event, parts)),
        "sk-panitia": (keputusan.export(event, "panitia", "docx"), keputusan.export(event, "panitia", "pdf")),
        "sk-tim-perumus": (keputusan.export(event, "perumus", "docx"), keputusan.export(event, "perumus", "pdf")),
        "daftar_hadir": (
            attendance.export(event, "docx", day=event.start_date, signer=SIGNER),
            attendance.export(event, "pdf", day=event.start_date, signer=SIGNER),
        ),
        "honorarium": (honorarium.export(event, "docx"), honorarium.export(event, "pdf")),
        "tanda_terima": tuple(
            tanda_terima.export(
                event,
                fmt,
                item="Seminar kit",
                signer=signer_from(
                    {f"signer_{key}": value for key, value in SIGNER.items()},
                    default_position="Sekretariat",
                    prefix="signer_",
                ),
            )
            for fmt in ("docx", "pdf")
        ),
        "papan_nama": (papan_nama.export(event, "docx"), papan_nama.export(event, "pdf")),
        "susunan_acara": (agenda_document(event, "docx"), agenda_document(event, "pdf")),
        "tanda_peserta": tuple(badge_file(badge_selection(event)[:10], event, fmt=fmt) for fmt in ("docx", "pdf")),
        "kartu_panitia": tuple(panitia.export_kartu(event, "sheet", fmt=fmt) for fmt in ("docx", "pdf")),
    }
    # The berita acara pengesahan needs an adopted rumusan, which prints differently (and freezes the
    # laporan's lampiran): adopted only now, after every other document is made as it was.
    adopt(event)
    made["berita_acara"] = tuple(
        export(event, "berita-acara", fmt, chair=SIGNER, number="000.1.2/01/BA/Org").body for fmt in ("docx", "pdf")
    )
    return made


# Each kind raker.exports makes as DOCX, by its name in `documents` (the keterangan is in `parted`).
DOCUMENT_OF_KIND = {
    "badges": "tanda_peserta",
    "attendance": "daftar_hadir",
    "certificates": "sertifikat",
    "report": "laporan",
    "agenda": "susunan_acara",
    "minutes": "notulen",
    "rumusan": "rumusan",
    "honorarium": "honorarium",
    "kartu-panitia": "kartu_panitia",
    "sk-panitia": "sk-panitia",
    "sk-tim-perumus": "sk-tim-perumus",
    "berita-acara": "berita_acara",
    "undangan": "undangan",
    "permohonan-narasumber": "permohonan",
    "tanda-terima": "tanda_terima",
    "papan-nama": "papan_nama",
}
IN_PARTED = {"keterangan-hadir"}


def test_every_docx_raker_makes_is_checked(documents):
    """Every kind of raker.exports with a DOCX is among the documents these tests convert."""
    from raker.exports import KINDS

    with_docx = {name for name, found in KINDS.items() if "docx" in found.formats}
    assert with_docx - IN_PARTED == set(DOCUMENT_OF_KIND), sorted(with_docx ^ (set(DOCUMENT_OF_KIND) | IN_PARTED))
    assert set(DOCUMENT_OF_KIND.values()) == set(documents), sorted(set(documents) ^ set(DOCUMENT_OF_KIND.values()))


def test_every_table_grid_matches_its_cell_widths(documents):
    """LibreOffice lays out by w:tblGrid: it must hold the widths the cells ask for, in a fixed layout."""
    for name, (data, _) in documents.items():
        doc = Document(io.BytesIO(data))
        tables = doc.element.body.findall(".//" + qn("w:tbl"))
        assert tables, name
        for table in tables:
            grid = [int(col.get(qn("w:w"))) for col in table.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
            layout = table.find(qn("w:tblPr")).find(qn("w:tblLayout"))
            assert layout is not None and layout.get(qn("w:type")) == "fixed", name
            for row in table.findall(qn("w:tr")):
                column = 0
                for tc in row.findall(qn("w:tc")):  # a merged cell as wide as the grid columns it spans
                    span = tc.find(qn("w:tcPr")).find(qn("w:gridSpan"))
                    span = int(span.get(qn("w:val"))) if span is not None else 1
                    width = int(tc.find(qn("w:tcPr")).find(qn("w:tcW")).get(qn("w:w")))
                    assert width == sum(grid[column : column + span]), f"{name}: cell {width} but grid {grid}"
                    column += span
                assert column == len(grid), f"{name}: a row of {column} columns, grid {grid}"


def test_signature_rows_cannot_split_and_every_page_is_numbered(documents):
    for name, (data, _) in documents.items():
        doc = Document(io.BytesIO(data))
        for table in doc.tables:
            if any("NIP" in cell.text for row in table.rows for cell in row.cells):
                for row in table.rows:
                    assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None, name
        if name in UNNUMBERED:
            continue
        for section in doc.sections:
            footer = section.footer._element.xml
            assert "Halaman" in footer and " PAGE " in footer, name
            total = re.search(r" (NUMPAGES|PAGEREF (\S+)) ", footer)
            assert total, f"{name}: no page count in the footer"
            if total[2]:  # one of several documents in the file: the page number of its last page
                assert f'w:name="{total[2]}"' in doc.element.body.xml, name


def soffice_pdfs(files: dict[str, bytes], directory, suffix: str = "docx") -> dict[str, bytes]:
    """Every DOCX (or XLSX, with suffix="xlsx") converted in one LibreOffice run, with a profile of its
    own (parallel runs)."""
    if not SOFFICE:
        if os.environ.get("RAKER_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("soffice is missing (apt-get install libreoffice-writer-nogui)")
        pytest.skip("LibreOffice (soffice) is not installed")
    paths = []
    for name, data in files.items():
        path = directory / f"{name}.{suffix}"
        path.write_bytes(data)
        paths.append(str(path))
    profile = f"file:///tmp/lo-profile-{uuid.uuid4().hex}"
    try:
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(directory),
                *paths,
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    return {name: (directory / f"{name}.pdf").read_bytes() for name in files}


def signature_tables(data: bytes) -> list[list[str]]:
    """The lines (position to NIP, dotted blanks left out) of each table of signature blocks, that is
    each DOCX table (tables in cells too) one of whose cells holds a NIP line."""
    doc = Document(io.BytesIO(data))
    found = []
    for element in doc.element.body.iter(qn("w:tbl")):
        lines = []
        for row in Table(element, doc).rows:
            for cell in row.cells:
                text = [flat(p.text) for p in cell.paragraphs if p.text.strip()]
                if any(line.startswith("NIP") for line in text):
                    lines += [line for line in text if not set(line) <= set(". ")]
        if lines:
            found.append(lines)
    return found


def headings(data: bytes) -> set[str]:
    """The DOCX's headings: bold paragraphs of their own that are kept with the next."""
    return {
        flat(p.text)
        for p in Document(io.BytesIO(data)).paragraphs
        if p.text.strip() and p.paragraph_format.keep_with_next and all(r.bold for r in p.runs if r.text.strip())
    }


def last_lines(data: bytes) -> list[str]:
    """The last line of text of each page above its page number."""
    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        lines = [flat(line) for line in page.extract_text().splitlines() if line.strip()]
        lines = [line for line in lines if not PAGE_NUMBER.fullmatch(line)]
        out.append(lines[-1] if lines else "")
    return out


def text_heights(data: bytes) -> list[tuple[float, float, float]]:
    """Per page: the room above the first line of text and below the last one, and the page height."""
    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        ys = []
        page.extract_text(
            visitor_text=lambda text, cm, tm, font, size: text.strip() and ys.append(tm[5] * cm[3] + cm[5])
        )
        height = float(page.mediabox.height)
        out.append((height - max(ys), min(ys), height))
    return out


def chunks(data: bytes) -> list[tuple[float, str]]:
    """The text pieces of every page with the x (pt) they start at, in order."""
    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(
            visitor_text=lambda text, cm, tm, font, size: (
                text.strip() and out.append((tm[4] * cm[0] + cm[4], text.strip()))
            )
        )
    return out


@pytest.mark.parametrize("part", range(2))  # half the documents each, converted by two LibreOffice runs at once
def test_libreoffice_shows_what_the_docx_holds(demo, documents, tmp_path, part):
    mine = {name: documents[name] for name in sorted(documents)[part::2]}
    converted = soffice_pdfs({name: docx for name, (docx, _) in mine.items()}, tmp_path)
    for name, (docx, ours) in mine.items():
        pages = pdf_pages(converted[name])
        text = " ".join(pages)
        # Every word of the DOCX whole in LibreOffice's PDF: a word broken in a narrow cell
        # ("Kementeria/n") reads as two words there.
        # ("Kementeria/n") reads as two words there, so that word is seen fewer times than written.
        written = Counter(re.findall(r"[A-Za-z]{4,}", " ".join(docx_lines(docx))))
        seen = Counter(re.findall(r"[A-Za-z]{4,}", text))
        assert written - seen == Counter(), f"{name}: words broken or lost in LibreOffice: {written - seen}"
        # Nor a line ending inside a hyphenated word ("SE-" / "PROVINSI", "masing-" / "masing"): the PDFs break
        # at spaces only.
        lines = [
            line for page in PdfReader(io.BytesIO(converted[name])).pages for line in page.extract_text().splitlines()
        ]
        cut = [line.strip()[-30:] for line in lines if re.search(r"\w-\s*$", line)]
        assert not cut, f"{name}: lines broken after a hyphen in LibreOffice: {cut[:3]}"
        # Within a page of ours for each document the file holds (the compiled notulen holds each session's
        # notulen and daftar hadir: test_libreoffice_counts_each_document_of_a_file_from_page_1 holds each
        # to one page).
        firsts = [number for page in pdf_pages(ours) if (number := PAGE_NUMBER.search(page)) and number[1] == "1"]
        documents = max(1, len(firsts))
        assert abs(len(pages) - len(pdf_pages(ours))) <= documents, (
            f"{name}: {len(pages)} pages in LibreOffice, {len(pdf_pages(ours))} in the PDF"
        )
        for block in signature_tables(docx):
            holding = [page for page in pages if all(line in page for line in block)]
            assert holding, f"{name}: signature blocks {block} split across pages"
            rest = PAGE_NUMBER.sub("", holding[0])
            for line in block:
                rest = rest.replace(line, "", 1)
            assert len(rest.split()) >= 8, f"{name}: the signature blocks alone on a page: {rest!r}"
        titles = headings(docx)
        for number, line in enumerate(last_lines(converted[name])[:-1], 1):
            assert line not in titles, f"{name}: heading {line!r} alone at the foot of page {number}"
        if name == "sertifikat":  # its content centred on the landscape page, as on the PDF
            for page in text_heights(converted[name]):
                top, bottom, height = page
                assert abs(top - bottom) < 0.08 * height, f"{name}: {top:.0f} pt above the text, {bottom:.0f} pt below"
        elif name not in UNNUMBERED:
            assert_counted_per_part(name, converted[name], ours, kop_line(demo))
        if name == "undangan":  # the registration link whole on one line, as in the PDF
            link = [line for line in docx_lines(docx) if "/register?delegasi=" in line][0]
            lines = [
                line.strip() for line in PdfReader(io.BytesIO(converted[name])).pages[0].extract_text().splitlines()
            ]
            assert link in lines, f"{name}: the link {link!r} split by LibreOffice"
        if name == "rumusan":  # a sub-point's letter under its item's text, as in the PDF
            pieces = chunks(converted[name])
            numbers = [n for n, (_, text) in enumerate(pieces) if re.fullmatch(r"\d+\.", text)]
            number_x, text_x = pieces[numbers[0]][0], pieces[numbers[0] + 1][0]
            letters = [x for x, text in pieces if re.fullmatch(r"[a-z]\.", text)]
            assert letters and all(abs(x - text_x) < 1.5 for x in letters), (number_x, text_x, letters)
            assert all(x > number_x + 10 for x in letters)


def kop_line(event) -> str:
    """The kop's first line: each document of a file starts on a page that opens with it (a lampiran
    of the same document, the second page of a letter, do not)."""
    return flat(letterhead_lines(event)[0][1])


def footer_lines(data: bytes) -> list[list[str]]:
    """Each page's lines that read 'Halaman n dari N' in full ('Halaman 1 dari' or 'Halaman 1' does not)."""
    return [
        [flat(line) for line in page.extract_text().splitlines() if PAGE_NUMBER.fullmatch(flat(line))]
        for page in PdfReader(io.BytesIO(data)).pages
    ]


def assert_counted_per_part(name: str, converted: bytes, ours: bytes, kop: str) -> list[int]:
    """Every page of LibreOffice's PDF carries one 'Halaman n dari N', counted from 1 in each document
    the file holds, N that document's page count there (the whole file's for one document); the file
    holds as many documents as our PDF counts from 'Halaman 1', each of about the same length. Returns
    the page count of each document."""
    pages = pdf_pages(converted)
    starts = [index for index, page in enumerate(pages) if page.startswith(kop)]
    assert starts and starts[0] == 0, f"{name}: no kop on the first page"
    lengths = [end - start for start, end in zip(starts, [*starts[1:], len(pages)], strict=True)]
    expected = [[f"Halaman {n} dari {length}"] for length in lengths for n in range(1, length + 1)]
    assert footer_lines(converted) == expected, f"{name}: documents of {lengths} pages"
    numbers = [PAGE_NUMBER.search(page) for page in pdf_pages(ours)]
    assert all(numbers), name
    theirs = [int(number[2]) for number in numbers if number[1] == "1"]
    assert len(theirs) == len(lengths), f"{name}: {len(lengths)} documents in LibreOffice, {len(theirs)} in our PDF"
    assert all(abs(a - b) <= 1 for a, b in zip(lengths, theirs, strict=True)), (
        f"{name}: pages {lengths}, in our PDF {theirs}"
    )
    return lengths


@pytest.fixture
def parted(demo):
    """Files holding several documents, each counted from its page 1 in our PDF, as {name: (docx, pdf)}:
    the surat undangan of three delegations (each with its two lampiran), two surat permohonan
    narasumber, the surat keterangan of three people checked in, the compiled notulen (each session's
    notulen and its daftar hadir) and the laporan with its rumusan attached."""
    event = demo
    delegations = letters.invited(event)[:3]
    speakers = [request.key for request in letters.speaker_requests(event)[:2]]
    people = db.session.scalars(
        select(Registration)
        .where(Registration.id.in_(select(CheckIn.registration_id).where(CheckIn.event_id == event.id)))
        .order_by(Registration.id)
        .limit(3)
    ).all()
    listed = minutes.event_minutes(event)
    assert len(delegations) == 3 and len(speakers) == 2 and len(people) == 3 and len(listed) > 1
    return {
        "undangan": tuple(letters.export_invitations(event, fmt, delegations) for fmt in ("docx", "pdf")),
        "permohonan": tuple(letters.export_speaker_requests(event, fmt, speakers) for fmt in ("docx", "pdf")),
        "keterangan": tuple(keterangan.export(event, people, fmt, signer=REPORT_SIGNER) for fmt in ("docx", "pdf")),
        "notulen": (minutes_docx(event, listed), minutes_pdf(event, listed)),
        "laporan": tuple(report_document.render(event, fmt, signer=REPORT_SIGNER) for fmt in ("docx", "pdf")),
    }


def test_libreoffice_counts_each_document_of_a_file_from_page_1(demo, parted, tmp_path):
    """A file of several letters (one per delegation, speaker or person), the compiled notulen and the
    laporan: in LibreOffice each page says 'Halaman n dari N', n and N within its own letter, notulen,
    daftar hadir or lampiran, as our PDF counts them (the letters said 'Halaman n' without a total, the
    notulen and the laporan counted the whole file)."""
    converted = soffice_pdfs({name: docx for name, (docx, _) in parted.items()}, tmp_path)
    kop = kop_line(demo)
    lengths = {name: assert_counted_per_part(name, converted[name], ours, kop) for name, (_, ours) in parted.items()}
    assert len(lengths["undangan"]) == 3 and min(lengths["undangan"]) > 1  # a lampiran counted with its letter
    assert len(lengths["permohonan"]) == 2 and len(lengths["keterangan"]) == 3
    notulen = [minutes.document_parts(demo, m) for m in minutes.event_minutes(demo)]
    assert (
        len(lengths["notulen"]) == len(notulen) + sum(parts.attachment is not None for parts in notulen) > len(notulen)
    )
    assert len(lengths["laporan"]) == 2


def test_report_charts_are_the_pdf_drawings_as_pictures(demo, tmp_path):
    """The DOCX holds the laporan's two charts; each picture is the PDF's drawing: rasterised by
    poppler from reportlab's own PDF of it, the two images differ little."""
    from PIL import Image, ImageChops, ImageStat

    shapes = Document(io.BytesIO(report_document.render(demo, "docx", signer=REPORT_SIGNER))).inline_shapes
    assert len([shape for shape in shapes if shape.width > Cm(10)]) == 2  # the kops' logos are 2.3 cm
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    parts = report_document.build(demo)
    charts = [block for section in parts.sections for block in section.blocks if block.kind == "chart"]
    assert len(charts) == 2
    for index, drawing in enumerate([bar_chart(chart, 450) for chart in charts]):
        ours = Image.open(io.BytesIO(drawing_png(drawing, dpi=100))).convert("L")
        renderPDF.drawToFile(drawing, str(tmp_path / f"{index}.pdf"))
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "100",
                "-png",
                "-singlefile",
                str(tmp_path / f"{index}.pdf"),
                str(tmp_path / str(index)),
            ],
            check=True,
            timeout=60,
        )
        (tmp_path / f"{index}-ours.png").write_bytes(drawing_png(drawing, dpi=100))
        theirs = Image.open(tmp_path / f"{index}.png").convert("L").resize(ours.size)
        difference = ImageStat.Stat(ImageChops.difference(ours, theirs)).mean[0]
        assert difference < 6, f"chart {index}: mean difference {difference:.1f} of 255"


def test_a_table_made_without_the_helpers_gets_its_grid_on_saving(app):
    """A new writer's own table (cell widths set, no set_widths) is fixed when the file is written."""
    doc = new_document(make_event(), kop=False)
    table = doc.add_table(rows=2, cols=2)
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Cm(3), Cm(13)
    saved = Document(io.BytesIO(to_bytes(doc))).tables[0]._tbl
    grid = [int(col.get(qn("w:w"))) for col in saved.tblGrid.findall(qn("w:gridCol"))]
    assert grid == [round(Cm(3) / 635), round(Cm(13) / 635)]
    assert saved.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def test_properties_come_in_the_order_word_requires(documents):
    """Word may call a file corrupt when table, row or paragraph properties come out of
    the schema's order (LibreOffice does not mind, so its conversion cannot tell)."""
    for name, (data, _) in documents.items():
        body = Document(io.BytesIO(data)).element.body
        for tag, order in SCHEMA_ORDER.items():
            for element in body.iter(qn(tag)):
                sequence = [qn(t) for t in order]
                positions = [sequence.index(child.tag) for child in element if child.tag in sequence]
                children = [child.tag.split("}")[1] for child in element]
                assert positions == sorted(positions), f"{name}: {tag} children {children}"


# A section's properties in the order of ECMA-376's CT_SectPr (the header and footer references first).
SECTION_ORDER = (
    ("w:headerReference", "w:footerReference"),
    ("w:footnotePr",),
    ("w:endnotePr",),
    ("w:type",),
    ("w:pgSz",),
    ("w:pgMar",),
    ("w:paperSrc",),
    ("w:pgBorders",),
    ("w:lnNumType",),
    ("w:pgNumType",),
    ("w:cols",),
    ("w:formProt",),
    ("w:vAlign",),
    ("w:noEndnote",),
    ("w:titlePg",),
    ("w:textDirection",),
    ("w:bidi",),
    ("w:rtlGutter",),
    ("w:docGrid",),
    ("w:printerSettings",),
    ("w:sectPrChange",),
)


def test_each_section_restarts_its_numbering_once_in_the_schemas_order(parted):
    """A file of several documents has a section for each, numbered from 1 by one w:pgNumType where
    the schema puts it (it was appended after w:docGrid, twice from the third letter on: Word may call
    such a file corrupt)."""
    rank = {qn(tag): index for index, tags in enumerate(SECTION_ORDER) for tag in tags}
    for name, (data, _) in parted.items():
        sections = list(Document(io.BytesIO(data)).element.body.iter(qn("w:sectPr")))
        assert len(sections) > 1, name
        for index, section in enumerate(sections):
            positions = [rank[child.tag] for child in section]
            assert positions == sorted(positions), f"{name}: {[child.tag.split('}')[1] for child in section]}"
            numbering = section.findall(qn("w:pgNumType"))
            if index:
                assert len(numbering) == 1 and numbering[0].get(qn("w:start")) == "1", name


TIME_RANGE = re.compile(r"\d\d\.\d\d – \d\d\.\d\d")


def test_libreoffice_keeps_each_agenda_time_on_one_line(demo, documents, tmp_path):
    """The susunan acara's "07.30 – 08.30" on one line in LibreOffice, as in the PDF (at 0.16 of the
    width the column broke it after the dash), and the header "Waktu (WITA)" broken at its space if
    at all."""
    from raker.i18n import tz_abbreviation

    docx, _ = documents["susunan_acara"]
    times = [line for line in docx_lines(docx) if TIME_RANGE.fullmatch(line)]
    assert len(times) > 10, times
    converted = soffice_pdfs({"susunan_acara": docx}, tmp_path)["susunan_acara"]
    lines = [flat(line) for page in PdfReader(io.BytesIO(converted)).pages for line in page.extract_text().splitlines()]
    whole = Counter(time for line in lines for time in TIME_RANGE.findall(line))
    assert whole == Counter(times), f"broken over two lines: {sorted((Counter(times) - whole).elements())}"
    zone = tz_abbreviation(demo.timezone)
    headers = re.findall(rf"\S*{zone}\S*", "\n".join(lines))
    assert headers and set(headers) == {f"({zone})"}, headers
    assert sum("Waktu" in line.split() for line in lines) == len(headers)


def test_the_certificate_frame_is_a_page_border_and_a_picture_behind_the_text(documents):
    """The PDF's frame in the DOCX: its thick outer line a page border on every certificate's
    section, its gold and thin lines and corner ornaments a page-sized picture behind the text,
    anchored to the page in the header the sections share (the DOCX had a double line only)."""
    doc = Document(io.BytesIO(documents["sertifikat"][0]))
    sections = list(doc.sections)
    assert len(sections) == 3
    for section in sections:
        edges = section._sectPr.find(qn("w:pgBorders"))
        assert edges is not None and edges.get(qn("w:offsetFrom")) == "page"
        assert {edge.get(qn("w:val")) for edge in edges} == {"single"} and len(edges) == 4
    assert [section.header.is_linked_to_previous for section in sections] == [False, True, True]
    anchors = sections[0].header._element.findall(".//" + qn("wp:anchor"))
    assert len(anchors) == 1
    anchor = anchors[0]
    assert anchor.get("behindDoc") == "1" and anchor.find(qn("wp:wrapNone")) is not None
    for axis in ("wp:positionH", "wp:positionV"):
        position = anchor.find(qn(axis))
        assert position.get("relativeFrom") == "page" and position.find(qn("wp:posOffset")).text == "0"
    extent = anchor.find(qn("wp:extent"))
    assert (int(extent.get("cx")), int(extent.get("cy"))) == (sections[0].page_width, sections[0].page_height)
    ids = [
        element.get("id")
        for part in (doc.element, sections[0].header._element)
        for element in part.iter(qn("wp:docPr"))
    ]
    assert len(ids) == len(set(ids)) > 3, ids  # the QR codes' and the frame's: Word may refuse a file repeating one


def page_images(pdf: bytes, directory, name: str) -> list:
    """Each page of the PDF as poppler draws it at 100 dpi, in RGB."""
    from PIL import Image

    (directory / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", str(directory / f"{name}.pdf"), str(directory / name)], check=True, timeout=60
    )
    return [Image.open(path).convert("RGB") for path in sorted(directory.glob(f"{name}-*.png"))]


def test_libreoffice_shows_each_certificate_on_one_page_in_the_pdfs_frame(documents, tmp_path):
    """Each certificate one page in LibreOffice, with the PDF's frame round it: the band between the
    paper's edge and the text looks as in our PDF (blurred, to forgive anti-aliasing), the gold
    diamonds in the four corners."""
    from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageStat

    from raker.pdf.certificate import CONTENT_INSET, GOLD

    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    docx, ours = documents["sertifikat"]
    converted = soffice_pdfs({"sertifikat": docx}, tmp_path)["sertifikat"]
    numbers = re.findall(r"Nomor: (\S+)", " ".join(pdf_pages(ours)))
    pages = pdf_pages(converted)
    assert len(pages) == len(numbers) == 3
    for page, number in zip(pages, numbers, strict=True):
        assert page.count("SERTIFIKAT") == 1 and f"Nomor: {number}" in page, page[:200]
    gold = tuple(round(255 * part) for part in GOLD.rgb())
    for index, (theirs, mine) in enumerate(
        zip(page_images(converted, tmp_path, "lo"), page_images(ours, tmp_path, "ours"), strict=True)
    ):
        theirs = theirs.resize(mine.size)
        width, height = mine.size
        inset = round(CONTENT_INSET / 72 * 100) - 5  # the band, a little short of the text
        band = Image.new("L", mine.size, 255)
        ImageDraw.Draw(band).rectangle((inset, inset, width - inset, height - inset), fill=0)
        blurred = [image.filter(ImageFilter.GaussianBlur(2)) for image in (theirs, mine)]
        difference = max(ImageStat.Stat(ImageChops.difference(*blurred), band).mean)
        assert difference < 4.5, f"page {index + 1}: the frame differs from the PDF's by {difference:.1f} of 255"
        for left, top in ((0, 0), (width - inset, 0), (0, height - inset), (width - inset, height - inset)):
            corner = theirs.crop((left, top, left + inset, top + inset)).getcolors(inset * inset)
            near = sum(
                count for count, pixel in corner if sum(abs(a - b) for a, b in zip(pixel, gold, strict=True)) < 60
            )
            assert near > 20, f"page {index + 1}: no gold diamond in the corner at {left}, {top}"
