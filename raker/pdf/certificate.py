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
import types
from collections.abc import Sequence

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, Image, PageTemplate
from reportlab.platypus.flowables import _hmodel, _qsolve
from reportlab.platypus.paragraph import split as split_words

from ..images import fits
from ..safe_text import strip_control_characters
from .document import CREATOR, embedded_font_only, escape_text
from .fonts import BOLD, ITALIC, REGULAR
from .lists import _origin, _text_shower, word_width, word_widths
from .paragraph import Paragraph
from .qr import qr_path_operators
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
    """What is the same on many certificates of a batch (the kop's lines, "SERTIFIKAT", the role
    line, the event, its description, the signature block, the logo): laid out once per width and
    drawn once per PDF as a form XObject, each page referencing it (as badge.py does for badges).
    Made by _Shared; a long name that shrinks the page (_keep_in_frame) lays it out at its own
    width, and a document whose signature places are collected (TTE) draws it in place."""

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


# ---- the page, laid out and drawn straight onto the canvas ---------------------------------------
#
# What used to be a platypus story in a KeepInFrame in a one-cell Table, above a three-column Table
# (the footer), is measured and drawn here the way those flowables were: the same items, the same
# spaces between them (merged as KeepInFrame merges them), the same shrinking for long texts
# (KeepInFrame's own search for the scale), the same centring in the frame. What differs from one
# person to the next (number, name, NIP, jabatan, instansi, the token) is broken into lines with
# cached word widths and written as text operators; what the batch shares stays a _Once (a form
# XObject, drawn in place when TTE collects signature places).

FUZZ = rl_config._FUZZ
_UNBOUNDED = 0xFFFFFFF  # the height KeepInFrame offers its content


class _Flow:
    """A flowable (a _Once, the logo, a Paragraph) among the page's items."""

    __slots__ = ("flowable", "space_before", "space_after")

    def __init__(self, flowable: Flowable):
        self.flowable = flowable
        self.space_before = flowable.getSpaceBefore()
        self.space_after = flowable.getSpaceAfter()

    def size(self, canvas, width: float) -> tuple[float, float]:
        return self.flowable.wrapOn(canvas, width, _UNBOUNDED)

    def draw(self, canvas, x: float, y: float, width: float, used: float) -> None:
        self.flowable.drawOn(canvas, x, y, _sW=width - used)  # the logo is centred by its hAlign


class _Gap:
    """A Spacer(1, height)."""

    space_before = space_after = 0.0

    def __init__(self, height: float):
        self.height = height

    def size(self, canvas, width: float) -> tuple[float, float]:
        return 1, self.height

    def draw(self, canvas, x: float, y: float, width: float, used: float) -> None:
        pass


class _Text:
    """One person's line of text in a centred paragraph style: broken at spaces as that Paragraph
    breaks it (words measured once, cached), each line centred in the width, the first baseline one
    font size under the top, `leading` apart. A text with a line break, or with a word wider than
    the width (a Paragraph splits such a word), is left to a Paragraph."""

    __slots__ = ("text", "style", "space_before", "space_after", "_lines", "_paragraph")

    def __init__(self, text: str, style: ParagraphStyle):
        self.text = strip_control_characters(text)
        self.style = style
        self.space_before, self.space_after = style.spaceBefore, style.spaceAfter
        self._lines: dict[float, list[tuple[str, float]] | None] = {}
        self._paragraph: Paragraph | None = None

    def lines(self, width: float) -> list[tuple[str, float]] | None:
        """(line, its width) at this width, or None when a Paragraph must lay it out."""
        if width in self._lines:
            return self._lines[width]
        lines = self._lines[width] = _break_lines(self.text, self.style, width)
        return lines

    def paragraph(self) -> Paragraph:
        if self._paragraph is None:
            self._paragraph = _text(self.text, self.style)
        return self._paragraph

    def size(self, canvas, width: float) -> tuple[float, float]:
        lines = self.lines(width)
        if lines is None:
            return self.paragraph().wrapOn(canvas, width, _UNBOUNDED)
        return width, len(lines) * self.style.leading

    def draw(self, canvas, x: float, y: float, width: float, used: float) -> None:
        lines = self.lines(width)
        if lines is None:
            self.paragraph().drawOn(canvas, x, y)
            return
        style = self.style
        size, leading = style.fontSize, style.leading
        text = canvas.beginText()
        text.setFont(style.fontName, size, leading)
        show, code = _text_shower(canvas), text._code
        baseline = y + len(lines) * leading - size
        for line, line_width in lines:
            _origin(code, x + (width - line_width) / 2, baseline)
            show(code, text, line)
            baseline -= leading
        canvas.drawText(text)


def _break_lines(text: str, style: ParagraphStyle, width: float) -> list[tuple[str, float]] | None:
    """What Paragraph.breakLines makes of plain text (one font): words split where it splits them,
    a word added while the line stays within the width. None for what only a Paragraph lays out
    the same: a line break, a word wider than the width."""
    if "\n" in text or "\r" in text:
        return None
    font, size = style.fontName, style.fontSize
    widths = word_widths(font, size)
    space = word_width(" ", font, size, widths)
    lines: list[tuple[str, float]] = []
    line: list[str] = []
    used = 0.0
    for word in split_words(text):
        if not word:
            continue
        measured = widths.get(word)
        if measured is None:
            measured = word_width(word, font, size, widths)
        if measured > width:
            return None
        wider = used + space + measured if line else measured
        if line and wider > width:
            lines.append((" ".join(line), used))
            line, wider = [], measured
        line.append(word)
        used = wider
    if line:
        lines.append((" ".join(line), used))
    return lines


def _list_size(items: list, canvas, width: float) -> tuple[float, float]:
    """platypus' _listWrapOn of these items (fakeWidth, merged spaces)."""
    widest = total = previous_after = 0.0
    at_top = True
    for item in items:
        w, h = item.size(canvas, width)
        if h <= FUZZ:
            continue
        widest = max(widest, min(w, width))
        total += h
        if not at_top:
            total += max(item.space_before - previous_after, 0)
        at_top = False
        previous_after = item.space_after
        total += previous_after
    return widest, total - previous_after


def _draw_list(items: list, canvas, x: float, top: float, width: float) -> None:
    """KeepInFrame's drawing of its content (_Container.drawOn), top down from `top`."""
    y = top
    previous_after = 0.0
    drawn = [item for item in items if item.size(canvas, width)[1] >= FUZZ]
    for index, item in enumerate(drawn):
        used, height = item.size(canvas, width)
        if index:
            height += max(item.space_before - previous_after, 0)
        y -= height
        previous_after = item.space_after
        item.draw(canvas, x, y, width, used)
        if index < len(drawn) - 1:
            y -= previous_after


def _keep_in_frame(items: list, canvas, max_width: float, max_height: float) -> tuple[float, float, float]:
    """(width, height, scale) as KeepInFrame(mode="shrink").wrap finds them for these items."""
    width, height = _list_size(items, canvas, max_width)
    if width <= max_width + FUZZ and height <= max_height + FUZZ:
        return width - FUZZ, height - FUZZ, 1.0

    def at(scale):
        scale = float(scale)
        w, h = _list_size(items, canvas, scale * max_width)
        return w / scale, h / scale

    h0, s0 = height, 1.0
    if width > max_width + FUZZ:
        s1 = width / max_width
        width, height = at(s1)
        if height <= max_height + FUZZ:
            return width - FUZZ, height - FUZZ, s1
        s0, h0 = s1, height
    s1 = height / max_height
    width, height = at(s1)
    found = (width - FUZZ, height - FUZZ, s1)
    if height < min(0.95 * max_height, max_height - 10) or height >= max_height + FUZZ:
        h1 = height
        for f in 0, 0.01, 0.05, 0.10, 0.15:
            s = _qsolve(max_height * (1 - f), _hmodel(s0, s1, h0, h1))
            width, height = at(s)
            if height <= max_height + FUZZ and width <= max_width + FUZZ:
                found = (width - FUZZ, height - FUZZ, s)
                break
    return found


def _story(event, doc, shared: _Shared, styles) -> list:
    """The items above the footer, in reading order."""
    items: list = []
    if fits(event.logo):
        items += [_Flow(shared(("logo",), lambda: _logo(event))), _Gap(3)]
    items += [_Flow(shared.text(line, styles["heading"])) for line in doc.heading]
    items += [
        _Flow(shared.text("SERTIFIKAT", styles["title"])),
        _Text(f"Nomor: {doc.number}", styles["number"]),
        _Flow(shared.text("diberikan kepada", styles["given"])),
        _Text(doc.name, styles["name"]),
    ]
    if doc.nip:
        items.append(_Text(f"{doc.id_label}. {doc.nip}", styles["body"]))
    items += [_Text(line, styles["body"]) for line in (doc.position, doc.institution) if line]
    role = shared(("role", doc.role), lambda: Paragraph(f"sebagai <b>{escape_text(doc.role)}</b> pada", styles["body"]))
    items += [
        _Gap(6),
        _Flow(role),
        _Flow(shared.text(doc.event_title, styles["event"])),
        _Flow(
            shared.text(
                # The dates held together (no-break spaces): not "5 s.d. 6" over "Desember 2026".
                f"yang diselenggarakan oleh {doc.issuer} pada tanggal {doc.dates.replace(' ', NBSP)} di {doc.venue}, "
                f"dengan jumlah {doc.hours} jam pelajaran (JP).",
                styles["text"],
            )
        ),
        _Gap(10),
    ]
    return items


NBSP = "\u00a0"


def url_lines(url: str) -> list[str]:
    """The check page's address in two lines, split after '/sertifikat/' so the token is never cut."""
    head, slash, token = url.rpartition("/")
    return [head + slash, token] if head else [url]


class _Footer:
    """The QR with its address (left column) and the signature block (right column), bottoms
    aligned as the three-column Table aligned them; never shrunk with a long name."""

    def __init__(self, doc, *, canvas, width: float, shared: _Shared, styles):
        self.url = doc.verify_url
        signer = doc.signer
        head, _, _ = doc.verify_url.rpartition("/")
        self.address = [
            _Flow(shared.text("Pindai untuk memeriksa keaslian:", styles["small"])),
            *[
                _Flow(shared.text(line, styles["small"])) if head and index == 0 else _Text(line, styles["small"])
                for index, line in enumerate(url_lines(doc.verify_url))
            ],
        ]
        self.block = shared(
            ("signature", signer, doc.place, doc.signed_on),
            lambda: signature_block(signer, place=doc.place, on=doc.signed_on, width=SIGNATURE_COLUMN - 0.5 * cm),
        )
        self.width = width
        self.lines = [item.size(canvas, QR_COLUMN)[1] for item in self.address]
        self.qr_height = QR_SIZE + 2 + sum(self.lines)
        self.block_width, self.block_height = self.block.wrapOn(canvas, SIGNATURE_COLUMN, _UNBOUNDED)
        self.height = max(self.qr_height, self.block_height)

    def draw(self, canvas, x: float, y: float) -> None:
        top = y + self.qr_height
        canvas.addLiteral(qr_path_operators(self.url, x + (QR_COLUMN - QR_SIZE) / 2, top - QR_SIZE, QR_SIZE))
        top -= QR_SIZE + 2
        for item, height in zip(self.address, self.lines, strict=True):
            top -= height
            item.draw(canvas, x, top, QR_COLUMN, QR_COLUMN)
        column = x + self.width - SIGNATURE_COLUMN
        self.block.drawOn(canvas, column + (SIGNATURE_COLUMN - self.block_width) / 2, y)


def _draw_certificate(canvas, event, doc, *, frame: tuple[float, float, float, float], shared, styles) -> None:
    """One page: the border, then the story in the middle of the frame with the footer under it; a
    long name or title shrinks the story (as KeepInFrame did) rather than spilling onto a second page."""
    left, bottom, width, height = frame
    footer = _Footer(doc, canvas=canvas, width=width, shared=shared, styles=styles)
    items = _story(event, doc, shared, styles)
    story_width, story_height, scale = _keep_in_frame(items, canvas, width, height - 1 - footer.height)
    # The one cell (height - 1 high, a point under the frame's top) centres the story and the footer.
    top = bottom + 1 + (height - 1 + story_height + footer.height) / 2
    story_bottom = top - story_height
    if scale == 1.0:
        _draw_list(items, canvas, left, top, story_width)
    else:
        canvas.saveState()
        canvas.translate(left, story_bottom)
        canvas.scale(1.0 / scale, 1.0 / scale)
        _draw_list(items, canvas, 0, story_height * scale, story_width * scale)
        canvas.restoreState()
    footer.draw(canvas, left, story_bottom - footer.height)


def certificate_pdf(event, documents: Sequence) -> bytes:
    """Every certificate on its own page, in the order given, in one PDF."""
    if not documents:
        return _empty_pdf(event)
    buffer = io.BytesIO()
    pagesize = landscape(event)
    title = f"Sertifikat {documents[0].number}" if len(documents) == 1 else f"Sertifikat — {event.title}"
    canvas = Canvas(buffer, **embedded_font_only({"pagesize": pagesize}))
    canvas.setAuthor(event.host_institution)
    canvas.setTitle(title)
    canvas.setSubject(event.title)
    canvas.setCreator(CREATOR)
    canvas.setProducer(CREATOR)
    page = types.SimpleNamespace(pagesize=pagesize)
    frame = (CONTENT_INSET, CONTENT_INSET, pagesize[0] - 2 * CONTENT_INSET, pagesize[1] - 2 * CONTENT_INSET)
    shared, styles = _Shared(), _styles()
    for document in documents:
        draw_border(canvas, page)
        _draw_certificate(canvas, event, document, frame=frame, shared=shared, styles=styles)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _empty_pdf(event) -> bytes:
    """A page saying there are no certificates yet, in the certificates' frame and border."""
    buffer = io.BytesIO()
    pagesize = landscape(event)
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=CONTENT_INSET,
        rightMargin=CONTENT_INSET,
        topMargin=CONTENT_INSET,
        bottomMargin=CONTENT_INSET,
        title=f"Sertifikat — {event.title}",
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

    def canvasmaker(*args, **kwargs):
        return Canvas(*args, **embedded_font_only(kwargs))

    doc.build([_text("Belum ada sertifikat.", _styles()["body"])], canvasmaker=canvasmaker)
    return buffer.getvalue()
