"""PAdES signatures with pyHanko: bytes in, signed bytes out. Knows nothing about meetings: the caller
gives the PDF, where the signature goes (a page and a rectangle, from the renderer), the key, and the
text of the visible appearance.

    signer = load_pkcs12(p12_bytes, passphrase)
    check_certificate(signer, trust_roots, crls)
    signed = sign_pdf(pdf, signer, page=0, box=(x1, y1, x2, y2), field_name="ttd-1", lines=[...], url=...)
    checks = validate(signed, trust_roots)
"""

import asyncio
import functools
import hashlib
import io
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

# asn1crypto has no type information (no py.typed, no stubs package).
from asn1crypto import pem  # type: ignore[import-untyped]
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import QRStamp, QRStampStyle
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import (
    ExpiredError,
    InvalidCertificateError,
    NotYetValidError,
    PathBuildingError,
    PathValidationError,
    RevokedError,
)

# Reasons a signing is refused; the caller words them for people.
WRONG_PASSPHRASE = "wrong_passphrase"
EXPIRED = "expired"
REVOKED = "revoked"
UNTRUSTED = "untrusted"
NOT_PDF = "not_pdf"
KEY_USAGE = {"non_repudiation"}


class SigningRefused(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason, detail)
        self.reason, self.detail = reason, detail


@dataclass(frozen=True)
class SignatureCheck:
    """One signature of a PDF as pyHanko's validator sees it."""

    field_name: str
    signer_name: str
    signed_at: datetime | None
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature checks out
    trusted: bool  # the certificate chains to a trusted root
    covers_whole_file: bool  # nothing was added after this signature (the last one)
    timestamped: bool


def _off_any_loop(call, *args, **kwargs):
    """pyHanko's synchronous calls run their coroutines with asyncio.run(), which refuses to start inside
    a thread that already runs an event loop (an async server, a test harness): there the call runs in
    a thread of its own. Elsewhere it runs here."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tte") as pool:
        return pool.submit(call, *args, **kwargs).result()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_certificates(pem_bytes: bytes) -> list[asn1_x509.Certificate]:
    if pem.detect(pem_bytes):
        return [asn1_x509.Certificate.load(der) for _, _, der in pem.unarmor(pem_bytes, multiple=True)]
    return [asn1_x509.Certificate.load(pem_bytes)]


def load_crls(pem_bytes: bytes) -> list[bytes]:
    return [der for _, _, der in pem.unarmor(pem_bytes, multiple=True)] if pem.detect(pem_bytes) else [pem_bytes]


def load_pkcs12(data: bytes, passphrase: str) -> signers.SimpleSigner:
    """The key and certificate of a PKCS#12. A wrong passphrase, a file that is none, and one that holds
    a key without its certificate or a certificate without its key (pyHanko meets the missing one with
    an AttributeError) are refused alike."""
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=passphrase.encode())
    except (ValueError, TypeError, AttributeError) as error:
        raise SigningRefused(WRONG_PASSPHRASE) from error
    signing_certificate(signer)
    return signer


def signing_certificate(signer: signers.SimpleSigner) -> asn1_x509.Certificate:
    """The signer's certificate (load_pkcs12 refuses a file without one)."""
    cert = signer.signing_cert
    if cert is None:
        raise SigningRefused(WRONG_PASSPHRASE)
    return cert


def certificate_name(signer: signers.SimpleSigner) -> str:
    return signing_certificate(signer).subject.native.get("common_name", "")


def _context(trust_roots, crls=(), moment: datetime | None = None) -> ValidationContext:
    return ValidationContext(
        trust_roots=list(trust_roots), crls=list(crls), allow_fetching=False, revocation_mode="soft-fail", moment=moment
    )


def check_certificate(signer: signers.SimpleSigner, trust_roots, crls=(), *, moment: datetime | None = None) -> None:
    """Refuses a certificate that has expired, is not yet valid, is on a CRL or does not chain to a
    trusted root, before anything is signed with it."""
    registry = list(signer.cert_registry) if signer.cert_registry else []
    validator = CertificateValidator(
        signing_certificate(signer), intermediate_certs=registry, validation_context=_context(trust_roots, crls, moment)
    )
    try:
        _off_any_loop(asyncio.run, validator.async_validate_usage(KEY_USAGE))
    except RevokedError as error:
        raise SigningRefused(REVOKED, str(error)) from error
    except (ExpiredError, NotYetValidError) as error:
        raise SigningRefused(EXPIRED, str(error)) from error
    except (PathBuildingError, PathValidationError, InvalidCertificateError) as error:
        raise SigningRefused(UNTRUSTED, str(error)) from error


def _writer(pdf: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfReadError, ValueError, KeyError, IndexError) as error:
        raise SigningRefused(NOT_PDF, str(error)) from error


# The stamp's text in the documents' own font, embedded as a subset: pyHanko's default is a Courier it
# does not embed (pdffonts flags it, a print shop substitutes it) and which lacks letters past Latin-1.
# The file vendored for the PDFs (raker/pdf/fonts), named by its path: signing renders no document.
STAMP_FONT = Path(__file__).resolve().parent.parent / "pdf" / "fonts" / "LiberationSans-Regular.ttf"
PDF_GLYPH_UNITS = 1000  # a PDF font's widths (/W) and TJ adjustments are in thousandths of the em


@functools.cache
def _stamp_font_bytes() -> bytes:
    return STAMP_FONT.read_bytes()


class _StampText(GlyphAccumulator):
    """pyHanko's embedded-font engine measured in the PDF's thousandths of an em. pyHanko 0.38 writes
    a font's widths in the font's own units, right only for fonts of 1,000 units to the em: Liberation
    Sans has 2,048, and every letter came out twice as wide apart. So HarfBuzz shapes at 1,000 units and
    the widths are scaled to them."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.font_units = self.units_per_em
        self.units_per_em = PDF_GLYPH_UNITS
        self.hb_font.scale = (PDF_GLYPH_UNITS, PDF_GLYPH_UNITS)

    def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
        known = self._glyphs.get(glyph_id)
        if known is not None:
            return known
        cid, width = super()._get_cid_and_width(glyph_id)
        self._glyphs[glyph_id] = scaled = (cid, round(width * PDF_GLYPH_UNITS / self.font_units))
        return scaled


class _StampFont(GlyphAccumulatorFactory):
    """Makes _StampText engines, reading the font from memory: pyHanko's factory opens the font file for
    each stamp and never closes it (a ResourceWarning every time)."""

    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        handle = io.BytesIO(_stamp_font_bytes())
        return _StampText(writer=writer, font_handle=handle, font_size=self.font_size, obj_stream=obj_stream)


def _style(lines: list[str]) -> QRStampStyle:
    text = TextBoxStyle(font=_StampFont(str(STAMP_FONT)), font_size=10)
    # stamp_text is a %-format (pyHanko fills in %(url)s and %(ts)s): a "%" in a name stays one.
    stamp_text = "\n".join(lines).replace("%", "%%")
    return QRStampStyle(stamp_text=stamp_text, text_box_style=text, border_width=0, innsep=2, background=None)


Placement = tuple[int, tuple[float, float, float, float]]  # a 0-based page and a rectangle on it


def _draw_stamps(writer: IncrementalPdfFileWriter, style: QRStampStyle, url: str, stamps: Sequence[Placement]) -> None:
    for stamp_page, stamp_box in stamps:
        sx1, sy1, sx2, sy2 = stamp_box
        size = BoxConstraints(width=int(round(sx2 - sx1)), height=int(round(sy2 - sy1)))
        QRStamp(writer, url, style, text_params={"url": url}, box=size).apply(
            stamp_page, int(round(sx1)), int(round(sy1))
        )


def stamp_pdf(pdf: bytes, *, lines: list[str], url: str, stamps: Sequence[Placement]) -> bytes:
    """The signature's appearance (a QR code to `url` and `lines`) drawn in each (page, box) of `stamps`,
    as an incremental update that the signature made next covers: for a signing service that places
    one visible signature only."""
    if not stamps:
        return pdf
    writer = _writer(pdf)
    _draw_stamps(writer, _style(lines), url, stamps)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sign_pdf(
    pdf: bytes,
    signer: signers.Signer,
    *,
    page: int,
    box: tuple[float, float, float, float],
    field_name: str,
    lines: list[str],
    url: str,
    reason: str = "",
    location: str = "",
    timestamper=None,
    stamps: Sequence[Placement] = (),
) -> bytes:
    """PAdES B-B (B-T with a `timestamper`) as an incremental update: earlier signatures stay valid.
    The visible appearance fills `box` on `page` (0-based): a QR code to `url` and `lines`. The same
    appearance is drawn in each further (page, box) of `stamps`, in the revision this signature signs."""
    writer = _writer(pdf)
    x1, y1, x2, y2 = (int(round(v)) for v in box)
    spec = fields.SigFieldSpec(sig_field_name=field_name, on_page=page, box=(x1, y1, x2, y2))
    style = _style(lines)
    _draw_stamps(writer, style, url, stamps)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason or None,
        location=location or None,
        use_pades_lta=False,
    )
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style, timestamper=timestamper, new_field_spec=spec)
    out = _off_any_loop(pdf_signer.sign_pdf, writer, appearance_text_params={"url": url})
    return out.getvalue()


def validate(pdf: bytes, trust_roots) -> list[SignatureCheck]:
    """Every signature in the file, oldest first. A file that is not a PDF has none."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, IndexError, TypeError):
        return []
    context = _context(trust_roots)
    checks = []
    for sig in embedded:
        try:
            status = _off_any_loop(validate_pdf_signature, sig, context)
        except Exception:  # a signature too broken to read is an invalid one
            checks.append(SignatureCheck(sig.field_name, "", None, False, False, False, False, False))
            continue
        when = status.signer_reported_dt
        if status.timestamp_validity is not None:
            when = status.timestamp_validity.timestamp
        checks.append(
            SignatureCheck(
                field_name=sig.field_name,
                signer_name=status.signing_cert.subject.native.get("common_name", ""),
                signed_at=when.astimezone(UTC) if when else None,
                intact=status.intact,
                valid=status.valid,
                trusted=status.trusted,
                covers_whole_file=sig.coverage.name == "ENTIRE_FILE",
                timestamped=status.timestamp_validity is not None,
            )
        )
    return checks


def content_fingerprint(pdf: bytes) -> str:
    """SHA-256 of what the pages show (their content streams), not of the file: rendering the same
    document twice gives different file bytes (creation date, file id) but the same fingerprint."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    digest = hashlib.sha256()
    for index in range(reader.root["/Pages"]["/Count"]):
        page = reader.find_page_for_modification(index)[0]
        contents = page.get_object().get("/Contents")
        streams = contents if isinstance(contents, list) else [contents]
        for stream in streams:
            digest.update(stream.get_object().data)
    return digest.hexdigest()
