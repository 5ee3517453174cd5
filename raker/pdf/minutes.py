"""Notulen (minutes of a session) as an official PDF; several sessions compiled in one file, each
starting on a new page with its own kop and page count.

    [kop]
                                   NOTULEN
    Rapat/Acara    : …            Hari/Tanggal : …   Waktu : …   Tempat : …
    Pimpinan Rapat : …            Narasumber : …     Notulis : …
    Peserta        : 57 orang (daftar hadir terlampir)
    I.   KATA PEMBUKAAN
    II.  PEMBAHASAN            1. …  2. …
    III. TANYA JAWAB           1. Penanya: … — delegation / Pertanyaan: … / Jawaban oleh …: …
    IV.  KESIMPULAN/KEPUTUSAN  1. …
    V.   PENUTUPAN
                                                 Tana Paser, 9 Agustus 2021
    Pimpinan Rapat,                              Notulis,
    (name, pangkat, NIP)                         (name, pangkat, NIP)

Every piece of user text goes through escape_text: `<b>` or `<font>` typed in a notulen is printed.
"""

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Spacer

from .attendance import attendance_story
from .document import build_sections_pdf, escape_text, label_value_table, para
from .paragraph import Paragraph
from .signature import signature_row
from .styles import MARGINS, get_styles, page_size

NUMBER_INDENT = 0.7 * cm
SECTION_TITLES = ("I. KATA PEMBUKAAN", "II. PEMBAHASAN", "III. TANYA JAWAB", "IV. KESIMPULAN/KEPUTUSAN", "V. PENUTUPAN")
DRAFT_LINE = "DRAF — belum final"


def _styles():
    base = get_styles()
    return {
        "numbered": ParagraphStyle(
            "minutes_numbered", parent=base.body, leftIndent=NUMBER_INDENT, bulletIndent=0, spaceAfter=3
        ),
        "indented": ParagraphStyle("minutes_indented", parent=base.body, leftIndent=NUMBER_INDENT, spaceAfter=3),
        "label": ParagraphStyle("minutes_label", parent=base.body_left, leftIndent=NUMBER_INDENT),
        "draft": ParagraphStyle("minutes_draft", parent=base.title, fontSize=11, leading=14, spaceAfter=2),
        "body": ParagraphStyle("minutes_body", parent=base.body, spaceAfter=4),
        "heading": ParagraphStyle("minutes_heading", parent=base.heading, keepWithNext=1),  # never alone at a foot
    }


def _paragraphs(text: str, style) -> list[Paragraph]:
    """Text split on blank lines into paragraphs (they flow over pages); single line breaks kept."""
    blocks = [b.strip() for b in (text or "").split("\n\n") if b.strip()]
    return [para(block, style) for block in blocks] or [para("-", style)]


def _numbered(items: list[str], styles) -> list:
    if not items:
        return [para("-", styles["indented"])]
    story = []
    for n, item in enumerate(items, 1):
        blocks = [b.strip() for b in item.split("\n\n") if b.strip()] or ["-"]
        story.append(Paragraph(escape_text(blocks[0]), styles["numbered"], bulletText=f"{n}."))
        story.extend(para(block, styles["indented"]) for block in blocks[1:])
    return story


def _qa(rows: list[dict], styles) -> list:
    if not rows:
        return [para("-", styles["indented"])]
    story = []
    for n, row in enumerate(rows, 1):
        who = row["asker_line"]
        story.append(Paragraph(escape_text(who), styles["numbered"], bulletText=f"{n}."))
        story.append(para("Pertanyaan:", styles["label"]))
        story.extend(_paragraphs(row.get("question") or "", styles["indented"]))
        answerer = row.get("answerer")
        story.append(para(f"Jawaban oleh {answerer}:" if answerer else "Jawaban:", styles["label"]))
        story.extend(_paragraphs(row.get("answer") or "", styles["indented"]))
    return story


def minutes_story(event, doc) -> list:
    """The flowables of one notulen from its MinutesDocument (raker/minutes/services.py)."""
    styles, base = _styles(), get_styles()
    width = page_size(event)[0] - MARGINS.left - MARGINS.right
    content = doc.content
    story = []
    if doc.draft:
        story.append(para(DRAFT_LINE, styles["draft"]))
    story.append(para(doc.title, base.title))
    story.append(label_value_table(doc.header, width=width, label_width=3.6 * cm))
    story.append(Spacer(1, 6))
    sections = [
        _paragraphs(content["opening"], styles["body"]),
        _numbered(content["discussion"], styles),
        _qa(content["qa"], styles),
        _numbered(content["conclusions"], styles),
        _paragraphs(content["closing"], styles["body"]),
    ]
    for title, body in zip(SECTION_TITLES, sections, strict=True):
        story.append(para(title, styles["heading"]))
        story.extend(body)
    signers = list(doc.signers)
    # The signature block goes with the last paragraph of the text, so it never stands alone on a page;
    # a one-paragraph PENUTUPAN takes its heading along, so the heading is not left at the page foot.
    keep = [story.pop()]
    if len(sections[-1]) == 1:
        keep.insert(0, story.pop())
    story.append(
        KeepTogether(
            [*keep, Spacer(1, 12), signature_row(signers, width=width, place=doc.place or None, on=doc.day, per_row=2)]
        )
    )
    return story


def render_minutes(event, documents) -> bytes:
    """One or more notulen (MinutesDocuments, agenda order as given) in one PDF on the event's paper;
    each promised daftar hadir follows its notulen as its own document (own kop, own page count)."""
    sections = []
    for doc in documents:
        sections.append(minutes_story(event, doc))
        if doc.attachment is not None:
            sections.append(attendance_story(doc.attachment, event))
    if not sections:
        sections = [[para("NOTULEN", get_styles().title), para("Belum ada notulen.", get_styles().body)]]
    title = "Notulen" if len(documents) != 1 else f"Notulen — {documents[0].session_title}"
    return build_sections_pdf(event, sections, title=title, subject=event.title)
