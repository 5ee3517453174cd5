"""PAdES signing of the official PDFs: the appearance in the signature block, several signatures as
incremental updates, every one valid for pyHanko's validator and for poppler's pdfsig, and invalid for
both after one changed byte; refusals audited with nothing signed."""

import io
import re
import subprocess

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from raker.extensions import db
from raker.models import AuditLog, TteSignature
from raker.tte import services, signing
from raker.tte.services import TteRefused
from tests.factories import table_counts
from tests.qr import decode_pdf_page
from tests.tte.conftest import (
    CHAIR,
    KETUA,
    OUTSIDER,
    PASSPHRASE,
    SEKRETARIS,
    assert_pdfsig_valid_and_trusted,
    make_signer,
    pdfsig,
    sign,
    signer_account,
    tamper,
)


def signed_rumusan(ready, signers):
    document = services.prepare(ready["event"], "rumusan")
    sign(document, signers["ketua"])
    sign(document, signers["sekretaris"])
    db.session.commit()
    return document


def name_positions(pdf: bytes, page: int, name: str) -> list[tuple[float, float]]:
    found = []

    def visit(text, cm, tm, font, size):
        if name in text:  # the text matrix in user space (the table cell's translation applied)
            found.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return found


def test_rumusan_signed_by_ketua_and_sekretaris_every_signature_valid(ready, signers, nss, tmp_path):
    document = signed_rumusan(ready, signers)
    assert document.state == "signed"
    checks = signing.validate(document.pdf, services.trust_roots())
    assert [(c.field_name, c.signer_name) for c in checks] == [("ttd-1", KETUA), ("ttd-2", SEKRETARIS)]
    assert all(c.intact and c.valid and c.trusted for c in checks)
    assert [c.covers_whole_file for c in checks] == [False, True]  # the second is an incremental update
    assert_pdfsig_valid_and_trusted(document.pdf, nss, tmp_path, signatures=2)
    path = tmp_path / "rumusan.pdf"
    path.write_bytes(document.pdf)
    report = pdfsig(path, nss)
    assert f"Signer Certificate Common Name: {KETUA}" in report and "Signature Type: ETSI.CAdES.detached" in report
    assert document.sha256 == signing.sha256(document.pdf) == document.signatures[-1].sha256


def test_the_appearance_sits_in_each_signature_block(ready, signers):
    document = signed_rumusan(ready, signers)
    reader = PdfReader(io.BytesIO(document.pdf))
    widgets = {}
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/FT") == "/Sig" or annotation.get("/Parent", {}).get("/FT") == "/Sig":
                widgets[str(annotation.get("/T"))] = (number, [float(v) for v in annotation["/Rect"]])
    for signature in document.signatures:
        place = document.places[signature.place]
        page, rect = widgets[signature.field_name]
        assert page == place["page"] and rect == pytest.approx([round(v) for v in place["box"]], abs=1)
        # The printed name is right under the box, in its column.
        ((x, y),) = name_positions(document.pdf, page, signature.name)
        assert rect[0] - 1 <= x <= rect[2] and rect[1] - 25 < y < rect[1]
    assert document.places[0]["name"] == KETUA and document.places[1]["name"] == SEKRETARIS


def annotations(pdf: bytes) -> list:
    return [a.get_object() for page in PdfReader(io.BytesIO(pdf)).pages for a in page.get("/Annots") or []]


def stamp_texts(pdf: bytes, tmp_path) -> list[str]:
    """Each signature stamp's text as poppler reads it inside the stamp's rectangle (the appearance is
    drawn with the page; its text is glyph ids of the embedded font, not legible in the stream itself)."""
    path = tmp_path / "stamped.pdf"
    path.write_bytes(pdf)
    texts = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        height = float(page.mediabox.height)
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/FT") != "/Sig" or "/AP" not in annotation:
                continue
            x1, y1, x2, y2 = (float(v) for v in annotation["/Rect"])
            area = [str(round(v)) for v in (x1, height - y2, x2 - x1, y2 - y1)]
            command = ["pdftotext", "-f", str(number), "-l", str(number), "-r", "72", "-x", area[0], "-y", area[1]]
            command += ["-W", area[2], "-H", area[3], str(path), "-"]
            texts.append(" ".join(subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()))
    return texts


def test_the_stamp_says_who_signed_and_links_the_verification_page(ready, signers, tmp_path):
    document = signed_rumusan(ready, signers)
    url = services.verification_url(document)
    assert url == f"https://raker.example.go.id/verifikasi/{document.public_id}"
    texts = stamp_texts(document.pdf, tmp_path)
    assert any(f"Ditandatangani secara elektronik {KETUA} Ketua" in text for text in texts), texts
    assert any(f"Ditandatangani secara elektronik {SEKRETARIS} Sekretaris" in text for text in texts), texts
    page = document.places[0]["page"] + 1
    assert decode_pdf_page(document.pdf, page, dpi=300) == [url, url]  # a phone scanning either stamp


def test_every_font_of_a_signed_document_is_embedded(ready, signers, tmp_path):
    """The stamps pyHanko draws bring their own font: Liberation Sans, embedded (its default Courier is
    not, and pdffonts listed it twice on every signed SK)."""
    from tests.pdf.test_fonts import BASE14, pdffonts

    path = tmp_path / "rumusan.pdf"
    path.write_bytes(signed_rumusan(ready, signers).pdf)
    fonts = pdffonts(path)
    assert fonts and all(font["emb"] == "yes" for font in fonts), fonts
    assert not [font for font in fonts if font["name"].split("+")[-1].lower().startswith(BASE14)], fonts


def test_one_changed_byte_makes_both_verifiers_report_it_invalid(ready, signers, nss, tmp_path):
    document = signed_rumusan(ready, signers)
    changed = tamper(document.pdf)
    checks = signing.validate(changed, services.trust_roots())
    assert checks and not any(c.intact for c in checks)
    path = tmp_path / "ubah.pdf"
    path.write_bytes(changed)
    report = pdfsig(path, nss)
    assert "Signature is Valid" not in report
    assert report.count("Signature Validation: Digest Mismatch.") == 2


def test_berita_acara_signed_by_the_chair(world, adopted, dev_ca, nss, tmp_path):
    event = world["event"]
    chair = make_signer(event, dev_ca, CHAIR["name"], nip=CHAIR["nip"], position="Pimpinan Sidang")
    params = {f"chair_{key}": value for key, value in CHAIR.items()} | {"number": "000.1/77/BA/{tahun}"}
    document = services.prepare(event, "berita_acara", params=params)
    sign(document, chair)
    db.session.commit()
    assert document.state == "signed"
    (check,) = signing.validate(document.pdf, services.trust_roots())
    assert check.valid and check.intact and check.trusted and check.signer_name == CHAIR["name"]
    assert_pdfsig_valid_and_trusted(document.pdf, nss, tmp_path, signatures=1)


@pytest.mark.parametrize(
    "case",
    [
        "wrong passphrase",
        "expired",
        "revoked",
        "untrusted",
        "not printed in the document",
        "another user signing as the signer",
        "not logged in",
        "a signer without an account",
    ],
)
def test_refusals_sign_nothing_and_are_audited(ready, signers, dev_ca, case, tmp_path):
    event = ready["event"]
    document = services.prepare(event, "rumusan")
    db.session.commit()
    signer, passphrase, message = signers["ketua"], PASSPHRASE, ""
    by = signer.user
    if case == "another user signing as the signer":  # the sekretaris, a signer too, and the secretariat
        by, message = signers["sekretaris"].user, f"Hanya {KETUA} sendiri, masuk dengan akunnya"
    elif case == "not logged in":
        by, message = None, f"Hanya {KETUA} sendiri"
    elif case == "a signer without an account":
        signer.user_id = None
        db.session.commit()
        message = f"{KETUA} belum terhubung ke akun pengguna"
    elif case == "wrong passphrase":
        passphrase, message = "salah", "Passphrase salah"
    elif case == "untrusted":  # a certificate of another CA than the configured trust roots
        from raker.tte import devca

        other = devca.make_ca(tmp_path / "lain")
        signer.p12 = devca.issue(other.directory, KETUA).read_bytes()
        db.session.commit()
        message = "tidak diterbitkan oleh CA yang dipercaya"
    elif case in ("expired", "revoked"):
        signer.p12 = dev_ca["files"]["kedaluwarsa" if case == "expired" else "dicabut"].read_bytes()
        db.session.commit()
        message = "kedaluwarsa" if case == "expired" else "dicabut"
    else:
        signer = make_signer(event, dev_ca, OUTSIDER, nip="196805121990031099")
        db.session.commit()
        by, message = signer.user, "tidak tercantum sebagai penanda tangan"
    before, pdf = table_counts(), document.pdf
    with pytest.raises(TteRefused) as refused:
        sign(document, signer, passphrase=passphrase, by=by)
    assert message in refused.value.message
    db.session.expire_all()
    assert document.pdf == pdf and db.session.scalars(select(TteSignature)).all() == []
    after = table_counts()
    assert after.pop("audit_log") == before.pop("audit_log") + 1 and after == before
    row = db.session.scalars(select(AuditLog).where(AuditLog.action == "tte.sign_refused")).one()
    assert message in row.details["message"] and row.user_id == (by.id if by is not None else None)


def test_a_signer_signs_once_and_a_full_document_no_more(ready, signers):
    document = services.prepare(ready["event"], "rumusan")
    sign(document, signers["ketua"])
    db.session.commit()
    with pytest.raises(TteRefused, match=f"{KETUA} sudah menandatangani dokumen ini"):
        sign(document, signers["ketua"])
    assert len(document.signatures) == 1


def test_a_signer_signs_only_one_block_and_a_full_document_no_more(ready, signers):
    document = signed_rumusan(ready, signers)
    with pytest.raises(TteRefused, match="sudah ditandatangani"):
        sign(document, signers["ketua"])


def test_b_t_with_a_timestamp_when_a_server_is_configured(app, ready, signers, dev_ca, nss, tmp_path):
    from raker.tte import devca
    from tests.tte.tsa_server import TsaServer

    with TsaServer(*devca.issue_tsa(dev_ca["dir"])) as tsa:
        app.config["TTE_TSA_URL"] = tsa.url
        document = services.prepare(ready["event"], "rumusan")
        signature = sign(document, signers["ketua"])
        db.session.commit()
    assert tsa.requests >= 1 and signature.timestamped  # pyHanko asks once more to size the signature
    (check,) = signing.validate(document.pdf, services.trust_roots())
    assert check.timestamped and check.valid and check.intact and check.trusted
    assert_pdfsig_valid_and_trusted(document.pdf, nss, tmp_path, signatures=1)


def test_without_a_timestamp_server_the_signature_is_b_b(ready, signers):
    document = services.prepare(ready["event"], "rumusan")
    assert sign(document, signers["ketua"]).timestamped is False
    (check,) = signing.validate(document.pdf, services.trust_roots())
    assert not check.timestamped and check.signed_at is not None


@pytest.mark.clocks
def test_the_stamp_dates_the_signature_where_the_meeting_is(app, ready, tmp_path):
    """Around midnight the stamp's date is the meeting's own date, not the server's (UTC)."""
    from datetime import datetime

    from raker.i18n import format_long_date
    from raker.tte import devca

    ca = devca.make_ca(tmp_path / "ca")  # made at the test's moment, so its certificates are valid then
    app.config.update(TTE_TRUST_ROOTS=str(ca.ca_pem), TTE_CRLS=str(ca.crl_pem))
    event = ready["event"]
    signer = services.save_signer(
        event,
        name=KETUA,
        position="Ketua",
        nip=ready["zainal"].nip,
        p12=devca.issue(ca.directory, KETUA).read_bytes(),
        passphrase=PASSPHRASE,
        user=signer_account(KETUA),
    )
    document = services.prepare(event, "rumusan")
    sign(document, signer)
    expected = format_long_date(datetime.now(event.tz).date(), "id")
    assert expected in stamp_texts(document.pdf, tmp_path)[0]


def test_a_changed_byte_in_the_last_revision_breaks_the_signature_that_covers_it(ready, signers, nss, tmp_path):
    """The sekretaris's signing time in the file (inside the last incremental update, which only the
    second signature covers) changed by one digit: both verifiers call the second signature invalid;
    the first still signs its own revision, which is no longer the whole file."""
    document = signed_rumusan(ready, signers)
    # The last signature dictionary's /M (D:2026…), its colon written \072 by pyHanko: the year's last digit.
    *_, when = re.finditer(rb"/M \((?:D:|D\\072)(\d{4})", document.pdf)
    index = when.start(1) + 3
    digit = document.pdf[index : index + 1]
    changed = document.pdf[:index] + (b"1" if digit != b"1" else b"2") + document.pdf[index + 1 :]
    first, second = signing.validate(changed, services.trust_roots())
    assert first.intact and first.valid and not first.covers_whole_file
    assert not second.intact
    path = tmp_path / "revisi-akhir.pdf"
    path.write_bytes(changed)
    report = pdfsig(path, nss)
    assert report.count("Signature Validation: Digest Mismatch.") == 1, report
    assert report.count("Signature Validation: Signature is Valid.") == 1, report
    assert report.index("Signature is Valid.") < report.index("Digest Mismatch.")  # the first one, the second not
