"""The one reportlab toolkit for official documents (tata naskah dinas): fonts, styles, kop surat,
page layout, QR codes and signature blocks. Documents (invitation, badge, …) build on it.

Documents are always in Bahasa Indonesia: they are official letters, not UI, so their wording is
not translated.
"""

from .document import build_pdf, build_sections_pdf, escape_text, label_value_table, link_markup, para
from .fonts import register_fonts
from .letterhead import Letterhead
from .qr import QRFlowable, draw_qr, qr_png
from .signature import Signer, signature_block, signature_row
from .styles import get_styles, page_size

__all__ = [
    "Letterhead",
    "QRFlowable",
    "Signer",
    "build_pdf",
    "build_sections_pdf",
    "draw_qr",
    "escape_text",
    "get_styles",
    "label_value_table",
    "link_markup",
    "page_size",
    "para",
    "qr_png",
    "register_fonts",
    "signature_block",
    "signature_row",
]
