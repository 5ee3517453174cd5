"""RUMUSAN RAPAT KERJA …: preamble, topics A, B, C with numbered items and sub-points, closing,
place and date, and the tim perumus signing. All user text is escaped (printed literally).

Takes the model (raker.rumusan.document.RumusanDocument) and imports nothing from the domains."""

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Spacer

from ..signer import Signer
from .document import build_pdf, escape_text
from .paragraph import Paragraph
from .signature import signature_row
from .styles import MARGINS, get_styles, page_size

# Each level's number sits under the text of the level above (as a secretariat types it in Word):
# topic letter at the margin, item numbers under the topic title, sub-point letters under the item text.
NUMBER_INDENT = 0.8 * cm
SUB_INDENT = 0.7 * cm
ITEM_AT = NUMBER_INDENT
ITEM_TEXT_AT = 2 * NUMBER_INDENT
SUB_TEXT_AT = ITEM_TEXT_AT + SUB_INDENT
SIGNERS_PER_ROW = 2  # three to a row wraps the NIP on A4


def signers(doc) -> list[Signer]:
    return list(doc.team)


def _styles():
    styles = get_styles()
    item = ParagraphStyle(
        "rumusan_item", parent=styles.body, leftIndent=ITEM_TEXT_AT, bulletIndent=ITEM_AT, spaceAfter=3
    )
    sub = ParagraphStyle("rumusan_sub", parent=item, leftIndent=SUB_TEXT_AT, bulletIndent=ITEM_TEXT_AT)
    topic = ParagraphStyle(
        "rumusan_topic", parent=styles.heading, leftIndent=NUMBER_INDENT, bulletIndent=0, spaceBefore=8
    )
    centred = ParagraphStyle("rumusan_centre", parent=styles.body, alignment=TA_CENTER)
    right = ParagraphStyle("rumusan_right", parent=styles.body, alignment=TA_RIGHT)
    draft = ParagraphStyle("rumusan_draft", parent=styles.title, fontSize=11, leading=14)
    return styles, item, sub, topic, centred, right, draft


def rumusan_story(event, doc) -> list:
    """The rumusan's flowables (title to fingerprint), also attached to the laporan pelaksanaan."""
    styles, item_style, sub_style, topic_style, centred, right, draft_style = _styles()
    width = page_size(event)[0] - MARGINS.left - MARGINS.right
    story = [Paragraph(escape_text(doc.title), styles.title), Paragraph(escape_text(doc.subtitle), styles.title)]
    if doc.draft:
        story.append(Paragraph("DRAF", draft_style))
    story.append(Spacer(1, 8))
    for block in doc.preamble:
        story += [Paragraph(escape_text(block), styles.body), Spacer(1, 6)]
    # A topic's title is kept with its first item (with its sub-points): keepWithNext alone does not hold
    # it to a KeepTogether, and the last item is one, with the closing and the signing.
    last_item: list = []  # the last item with its sub-points (and its topic's title, when it is the first)
    titles: list = []  # topic titles waiting for their first item
    for topic in doc.topics:
        story += last_item
        last_item = []
        titles.append(Paragraph(escape_text(topic.title), topic_style, bulletText=f"{topic.letter}."))
        for entry in topic.items:
            story += [KeepTogether(last_item)] if last_item and last_item[0].style is topic_style else last_item
            last_item, titles = (
                [*titles, Paragraph(escape_text(entry.text), item_style, bulletText=f"{entry.number}.")],
                [],
            )
            for sub in entry.subs:
                last_item.append(Paragraph(escape_text(sub.text), sub_style, bulletText=f"{sub.letter}."))
    story += titles  # topics without an item
    team = signers(doc)
    # Place, date and TIM PERUMUS never open the last page alone: they go with the closing and the last item.
    signing = last_item + [
        Spacer(1, 8),
        Paragraph(escape_text(doc.closing), styles.body),
        Spacer(1, 12),
        Paragraph(escape_text(doc.place_date), right),
        Spacer(1, 8),
        Paragraph("<b>TIM PERUMUS</b>", centred),
        Spacer(1, 8),
    ]
    if team:
        signing.append(signature_row(team, width=width, per_row=SIGNERS_PER_ROW))
    story.append(KeepTogether(signing))
    if doc.fingerprint:
        story += [Spacer(1, 10), Paragraph(escape_text(f"Sidik jari SHA-256: {doc.fingerprint}"), styles.small)]
    return story


def render_rumusan_pdf(event, doc) -> bytes:
    return build_pdf(event, rumusan_story(event, doc), title=doc.pdf_title, subject="Rumusan rapat kerja")
