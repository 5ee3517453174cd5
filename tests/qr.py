"""Decode QR codes the way a phone would: from pixels (zxing-cpp)."""

import io
import subprocess
import tempfile
from pathlib import Path

import zxingcpp
from PIL import Image


def decode_png(data: bytes) -> str | None:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)).convert("L"))
    return results[0].text if results else None


def decode_pdf_page(pdf: bytes, page: int = 1, dpi: int = 200) -> list[str]:
    """Render one PDF page with poppler's pdftoppm and read every QR code on it."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-f",
                str(page),
                "-l",
                str(page),
                "-png",
                str(source),
                str(Path(folder) / "page"),
            ],
            check=True,
        )
        [image_path] = Path(folder).glob("page*.png")
        with Image.open(image_path) as image:
            return [r.text for r in zxingcpp.read_barcodes(image.convert("L"))]
