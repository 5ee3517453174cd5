"""Small real files for upload tests."""

import io

from reportlab.pdfgen import canvas


def tiny_pdf(text: str = "Surat Tugas") -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.save()
    return buffer.getvalue()
