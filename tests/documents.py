"""Reading our documents back the way a person reads them: the PDF's text page by page, the DOCX's
paragraphs and table cells in the order Word shows them, and parts that must come in order; and a
download compared with the file raker.exports.export() makes."""

import io
import zipfile

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader


def flat(text: str) -> str:
    """Whitespace runs (line wraps, tabs) as one space: wrapping is layout, not content."""
    return " ".join(text.split())


def assert_in_order(text: str, parts: list[str]) -> None:
    """Each part occurs in `text` after the previous one, line wraps ignored."""
    text, position = flat(text), 0
    for part in map(flat, parts):
        found = text.find(part, position)
        assert found >= 0, f"{part!r} not found after {text[:position][-60:]!r} in:\n{text}"
        position = found + len(part)


def pdf_pages(data: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    return " ".join(pdf_pages(data))


def _block_lines(element, doc) -> list[str]:
    out = []
    for block in element.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(block, doc).text)
        elif tag == "tbl":
            for row in Table(block, doc).rows:
                for tc in row._tr.tc_lst:  # a merged cell once (row.cells repeats it per grid column)
                    out.extend(_block_lines(tc, doc))  # tables inside a cell too
    return out


def docx_lines(data: bytes) -> list[str]:
    """Paragraphs and table cells' paragraphs (nested tables too) in document order, empty ones left out."""
    doc = Document(io.BytesIO(data))
    return [line for line in _block_lines(doc.element.body, doc) if line.strip()]


def docx_text(data: bytes) -> str:
    return "\n".join(docx_lines(data))


def comparable(body: bytes, mimetype: str):
    """A file's content without what changes from one rendering to the next: a DOCX's parts without
    the zip's dates, an ICS without its DTSTAMP (the moment it was written). A PDF is compared as it is:
    render both with reportlab's rl_config.invariant set (no creation date, a fixed document id)."""
    if mimetype.startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    if mimetype.startswith("text/calendar"):
        return [line for line in body.splitlines() if not line.startswith(b"DTSTAMP")]
    return body


def assert_same_file(response, result) -> None:
    """A download route answered with export()'s file (an ExportFile): name, type and content."""
    from raker.web import content_disposition

    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == result.mimetype
    assert response.headers["Content-Disposition"] == content_disposition(result.filename, inline=result.inline)
    assert response.headers["Cache-Control"] == "no-store"
    assert comparable(response.data, result.mimetype) == comparable(result.body, result.mimetype)
