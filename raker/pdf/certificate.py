"""Sertifikat: one certificate per page, landscape on the event's paper (A4 or F4), inside a
decorative border.

    [logo]  PEMERINTAH PROVINSI KALIMANTAN TIMUR / unit
                          SERTIFIKAT
                 Nomor: 800/001/SERT/BIRO-ORG/2021
                        diberikan kepada
                     Dr. Siti Rahmah, M.Si.
                  NIP. 19860926 201505 2 001
                  jabatan · instansi
                       sebagai Peserta
                 Rapat Kerja Bidang Ketatalaksanaan …
    yang diselenggarakan oleh … pada tanggal 9–10 Agustus 2021 di …,
                dengan jumlah 16 jam pelajaran (JP).
    [QR]                                        Tana Paser, 10 Agustus 2021
    https://…/sertifikat/<token>                Asisten Administrasi Umum,
                                                (name, pangkat, NIP)

The QR holds the absolute address of the public check page. Every piece of user text goes through
escape_text: a name typed with `<b>` is printed as typed.
"""

import io
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepInFrame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from ..images import fits
from .document import CREATOR, NO_PADDING, embedded_font_only, escape_text, make_table
from .fonts import BOLD, ITALIC, REGULAR
from .qr import QRFlowable
from .signature import signature_block, signature_places_collected
from .styles import get_styles, page_size

ACCENT = colors.HexColor("#0b4f6c")  # the app's colour
GOLD = colors.HexColor("#b08d2a")
BORDER_INSET = 9 * mm  # from the paper's edge to the outer line
CONTENT_INSET = 22 * mm  # from the paper's edge to the text
LOGO_HEIGHT = 2 * cm
QR_SIZE = 2.6 * cm
QR_COLUMN = 7 * cm
SIGNATURE_COLUMN = 9.5 * cm


def landscape(event) -> tuple[float, float]:
    width, height = page_size(event)
    return max(width, height), min(width, height)


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("certificate", parent=get_styles().body, alignment=TA_CENTER, fontSize=12, leading=15.5)
    return {
        "heading": ParagraphStyle("certificate_heading", parent=body, fontName=BOLD, fontSize=12, leading=15),
        "title": ParagraphStyle(
            "certificate_title", parent=body, fontName=BOLD, fontSize=38, leading=44, textColor=ACCENT, spaceBefore=4
        ),
        "number": ParagraphStyle("certificate_number", parent=body, spaceAfter=8),
        "given": ParagraphStyle("certificate_given", parent=body, fontName=ITALIC, fontSize=12),
        "name": ParagraphStyle(
            "certificate_name", parent=body, fontName=BOLD, fontSize=24, leading=30, spaceBefore=4, spaceAfter=4
        ),
        "body": body,
        "text": ParagraphStyle("certificate_text", parent=body, leftIndent=2 * cm, rightIndent=2 * cm),
        "event": ParagraphStyle(
            "certificate_event",
            parent=body,
            fontName=BOLD,
            fontSize=15,
            leading=19,
            textColor=ACCENT,
            spaceBefore=3,
            spaceAfter=3,
        ),
        # The address under the QR: 7 pt, legible when printed (an official may type it in).
        "small": ParagraphStyle("certificate_small", parent=body, fontName=REGULAR, fontSize=7, leading=8.5),
    }


def draw_border(canvas, doc) -> None:
    """A thick outer line, a gold line and a thin inner line, with ornaments at the corners: drawn
    once per PDF as a form XObject, referenced by every page."""
    width, height = doc.pagesize
    name = f"RakerCertificateBorder{width:.0f}x{height:.0f}"
    made = canvas.__dict__.setdefault("_raker_forms", set())
    if name not in made:
        canvas.beginForm(name, 0, 0, width, height)
        _draw_border(canvas, width, height)
        canvas.endForm()
        made.add(name)
    canvas.doForm(name)


def _draw_border(canvas, width: float, height: float) -> None:
    canvas.saveState()
    for inset, colour, line_width in (
        (BORDER_INSET, ACCENT, 3),
        (BORDER_INSET + 3 * mm, GOLD, 1.2),
        (BORDER_INSET + 4.5 * mm, ACCENT, 0.5),
    ):
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(line_width)
        canvas.rect(inset, inset, width - 2 * inset, height - 2 * inset, stroke=1, fill=0)
    # A gold diamond over each corner of the gold line, an accent bracket inside it.
    corner = BORDER_INSET + 3 * mm
    size, arm = 3.2 * mm, 12 * mm
    for cx, cy, dx, dy in (
        (corner, corner, 1, 1),
        (width - corner, corner, -1, 1),
        (corner, height - corner, 1, -1),
        (width - corner, height - corner, -1, -1),
    ):
        path = canvas.beginPath()
        path.moveTo(cx, cy + size)
        path.lineTo(cx + size, cy)
        path.lineTo(cx, cy - size)
        path.lineTo(cx - size, cy)
        path.close()
        canvas.setFillColor(GOLD)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(1.5)
        inner_x, inner_y = cx + dx * 4 * mm, cy + dy * 4 * mm
        canvas.line(inner_x, inner_y, inner_x + dx * arm, inner_y)
        canvas.line(inner_x, inner_y, inner_x, inner_y + dy * arm)
    canvas.restoreState()


def _logo(event) -> Image | None:
    if not fits(event.logo):
        return None
    image_width, image_height = ImageReader(io.BytesIO(event.logo)).getSize()
    scale = LOGO_HEIGHT / image_height
    return Image(io.BytesIO(event.logo), width=image_width * scale, height=LOGO_HEIGHT)


def _text(text: str, style) -> Paragraph:
    return Paragraph(escape_text(text), style)


class _Once(Flowable):
    """What is the same on many certificates of a batch (the kop's lines, "SERTIFIKAT", the event,
    its description, the signature block, the logo): laid out once per width and drawn once per
    PDF as a form XObject, each page referencing it (as badge.py does for badges). Made by
    _Shared; a long name that shrinks the page (KeepInFrame) lays it out at its own width, and a
    document whose signature places are collected (TTE) draws it in place."""

    def __init__(self, entry: dict):
        super().__init__()
        self.entry = entry
        self.hAlign = getattr(entry["flowable"], "hAlign", "LEFT")  # the logo is centred

    def wrap(self, avail_width, avail_height):
        sizes = self.entry["sizes"]
        if avail_width not in sizes:
            sizes[avail_width] = self.entry["flowable"].wrap(avail_width, avail_height)
        self.width, self.height = sizes[avail_width]
        self.avail_width = avail_width
        return self.width, self.height

    def getSpaceBefore(self):
        return self.entry["flowable"].getSpaceBefore()

    def getSpaceAfter(self):
        return self.entry["flowable"].getSpaceAfter()

    def draw(self):
        canvas, flowable = self.canv, self.entry["flowable"]
        if signature_places_collected():
            flowable.wrap(self.avail_width, self.height)
            flowable.drawOn(canvas, 0, 0)
            return
        forms = self.entry["forms"]
        key = (id(canvas), self.avail_width)
        if key not in forms:
            flowable.wrap(self.avail_width, self.height)  # laid out at this width (another may have come between)
            name = f"RakerCertificate{self.entry['index']}w{len(forms)}"
            # A roomy box: the form clips to it, and a line may reach past the measured size.
            canvas.beginForm(name, -self.width, -self.height, 2 * self.width, 2 * self.height)
            flowable.drawOn(canvas, 0, 0)
            canvas.endForm()
            forms[key] = name
        canvas.doForm(forms[key])


class _Shared:
    """The _Once flowables of one batch, by what they print."""

    def __init__(self):
        self.entries: dict = {}

    def __call__(self, key, make) -> _Once:
        entry = self.entries.get(key)
        if entry is None:
            entry = self.entries[key] = {"flowable": make(), "sizes": {}, "forms": {}, "index": len(self.entries)}
        return _Once(entry)

    def text(self, text: str, style) -> _Once:
        return self(("text", text, style.name), lambda: _text(text, style))


def certificate_story(event, doc, *, shared: _Shared | None = None, styles=None) -> list:
    """The flowables of one certificate above its footer (doc: raker.certificates.services.CertificateDocument).
    shared: the batch's flowables printed alike on every certificate."""
    styles = styles or _styles()
    shared = shared or _Shared()
    story = []
    logo = shared(("logo",), lambda: _logo(event)) if fits(event.logo) else None
    if logo is not None:
        story += [logo, Spacer(1, 3)]
    story += [shared.text(line, styles["heading"]) for line in doc.heading]
    story += [
        shared.text("SERTIFIKAT", styles["title"]),
        _text(f"Nomor: {doc.number}", styles["number"]),
        shared.text("diberikan kepada", styles["given"]),
        _text(doc.name, styles["name"]),
    ]
    if doc.nip:
        story.append(_text(f"{doc.id_label}. {doc.nip}", styles["body"]))
    story += [_text(line, styles["body"]) for line in (doc.position, doc.institution) if line]
    story += [
        Spacer(1, 6),
        Paragraph(f"sebagai <b>{escape_text(doc.role)}</b> pada", styles["body"]),
        shared.text(doc.event_title, styles["event"]),
        shared.text(
            f"yang diselenggarakan oleh {doc.issuer} pada tanggal {doc.dates} di {doc.venue}, "
            f"dengan jumlah {doc.hours} jam pelajaran (JP).",
            styles["text"],
        ),
        Spacer(1, 10),
    ]
    return story


def url_lines(url: str) -> list[str]:
    """The check page's address in two lines, split after '/sertifikat/' so the token is never cut."""
    head, slash, token = url.rpartition("/")
    return [head + slash, token] if head else [url]


def certificate_footer(doc, *, width: float, shared: _Shared | None = None, styles=None):
    """The QR with its address, and the signature: never shrunk with a long name (the address stays legible)."""
    styles = styles or _styles()
    shared = shared or _Shared()
    signer = doc.signer
    head, _, token = doc.verify_url.rpartition("/")
    qr = [
        QRFlowable(doc.verify_url, QR_SIZE),
        Spacer(1, 2),
        shared.text("Pindai untuk memeriksa keaslian:", styles["small"]),
        *[
            shared.text(line, styles["small"]) if head and index == 0 else _text(line, styles["small"])
            for index, line in enumerate(url_lines(doc.verify_url))
        ],
    ]
    block = shared(
        ("signature", signer, doc.place, doc.signed_on),
        lambda: signature_block(signer, place=doc.place, on=doc.signed_on, width=SIGNATURE_COLUMN - 0.5 * cm),
    )
    return make_table(
        [[qr, "", block]],
        col_widths=[QR_COLUMN, width - QR_COLUMN - SIGNATURE_COLUMN, SIGNATURE_COLUMN],
        commands=[
            *NO_PADDING,
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("ALIGN", (0, 0), (0, 0), "CENTER"),
            ("ALIGN", (2, 0), (2, 0), "CENTER"),
        ],
    )


def certificate_pdf(event, documents: Sequence) -> bytes:
    """Every certificate on its own page, in the order given, in one PDF."""
    buffer = io.BytesIO()
    pagesize = landscape(event)
    single = len(documents) == 1
    title = f"Sertifikat {documents[0].number}" if single else f"Sertifikat — {event.title}"
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=CONTENT_INSET,
        rightMargin=CONTENT_INSET,
        topMargin=CONTENT_INSET,
        bottomMargin=CONTENT_INSET,
        title=title,
        author=event.host_institution,
        subject=event.title,
        creator=CREATOR,
        producer=CREATOR,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="certificate",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="certificate", frames=[frame], onPage=draw_border)])
    story: list = []
    shared, styles = _Shared(), _styles()
    for index, document in enumerate(documents):
        if index:
            story.append(PageBreak())
        # A long name or title shrinks the page's text rather than spilling onto a second page;
        # a short one sits in the middle of the page.
        footer = certificate_footer(document, width=doc.width, shared=shared, styles=styles)
        footer_height = footer.wrap(doc.width, doc.height)[1]
        content = [
            KeepInFrame(
                doc.width,
                doc.height - 1 - footer_height,
                certificate_story(event, document, shared=shared, styles=styles),
                mode="shrink",
            ),
            footer,
        ]
        story.append(
            make_table(
                [[content]],
                col_widths=[doc.width],
                rowHeights=[doc.height - 1],
                commands=[*NO_PADDING, ("VALIGN", (0, 0), (-1, -1), "MIDDLE")],
            )
        )
    if not documents:
        story.append(_text("Belum ada sertifikat.", _styles()["body"]))

    def canvasmaker(*args, **kwargs):
        return Canvas(*args, **embedded_font_only(kwargs))

    doc.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()
