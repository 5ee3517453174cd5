"""Builders and readers for the PDF tests: a meeting with a kop, PDF text, fonts and QR codes."""

import io
import subprocess
from datetime import date

import pytest
import zxingcpp
from PIL import Image, ImageDraw
from pypdf import PdfReader

from raker.events import services as events
from tests.documents import assert_in_order, flat  # noqa: F401 (used by the tests here)
from tests.factories import make_event

MEETING_DAY = date(2021, 8, 9)  # a Monday: "Senin, 9 Agustus 2021"
GOVERNMENT = "PEMERINTAH PROVINSI KALIMANTAN TIMUR"


@pytest.fixture
def meeting(app):
    """The demo-like meeting on 9-10 August 2021 with a full kop and no logo."""
    return make_event(
        title="Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur",
        theme="Penguatan Peran Ketatalaksanaan dalam rangka Meningkatkan Kinerja Birokrasi",
        address="Jl. Jenderal Sudirman, Tanah Grogot",
        start_date=MEETING_DAY,
        letterhead_government=GOVERNMENT,
        letterhead_unit="Sekretariat Daerah",
        letterhead_address="Jl. Gajah Mada No. 2, Samarinda 75121",
        letterhead_phone="(0541) 733333",
        letterhead_email="biroorganisasi@kaltim.raker.example",
        letterhead_website="kaltimprov.raker.example",
    )


def logo_png() -> bytes:
    image = Image.new("RGB", (120, 150), "white")
    ImageDraw.Draw(image).ellipse((5, 5, 115, 145), fill="darkgreen")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def add_logo(event) -> None:
    events.update_event(event, {}, logo=logo_png())


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """Text of each page; no-break spaces read as spaces."""
    return [page.extract_text().replace("\u00a0", " ") for page in reader(pdf).pages]


def text_positions(page) -> list[tuple[str, float, float]]:
    """(text, x, y) of each text run on a page."""
    runs = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            runs.append((text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return runs


def font_dicts(pdf: bytes) -> list:
    """Every font referenced from any page (reportlab writes TrueType subsets as simple fonts)."""
    return [font.get_object() for page in reader(pdf).pages for font in page["/Resources"]["/Font"].values()]


def page_images(pdf: bytes, page: int) -> list:
    """Image XObjects drawn on a page (1-based)."""
    resources = reader(pdf).pages[page - 1]["/Resources"]
    xobjects = resources.get("/XObject", {})
    return [x for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]


def render(pdf: bytes, page: int, tmp_path, dpi: int = 200) -> Image.Image:
    """The page (1-based) as poppler draws it, as a printer or screen would."""
    source = tmp_path / "document.pdf"
    source.write_bytes(pdf)
    prefix = tmp_path / f"page{page}"
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page), "-l", str(page), str(source), str(prefix)],
        check=True,
    )
    with Image.open(f"{prefix}.png") as image:
        return image.convert("RGB")


def decode_qr(image: Image.Image) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
