"""The remote signer shaped like BSrE's API, against a local server implementing its request and
response: the signed PDF comes back valid and placed in the block; its refusals reach the user."""

import pytest
from sqlalchemy import select

from raker.extensions import db
from raker.models import AuditLog, TteSignature
from raker.tte import services, signing
from raker.tte.services import TteRefused
from tests.tte.bsre_server import PASSWORD, USERNAME, BsreServer
from tests.tte.conftest import KETUA, PASSPHRASE, assert_nothing_keeps, signer_account

NIK = "6401010101800001"


@pytest.fixture
def bsre(dev_ca):
    with BsreServer({NIK: ("rahasia-bsre", dev_ca["files"][KETUA].read_bytes(), PASSPHRASE)}) as server:
        yield server


@pytest.fixture
def remote_signer(app, ready, bsre):
    app.config.update(TTE_REMOTE_URL=bsre.url, TTE_REMOTE_USERNAME=USERNAME, TTE_REMOTE_PASSWORD=PASSWORD)
    signer = services.save_signer(
        ready["event"],
        name=KETUA,
        position="Ketua",
        nip=ready["zainal"].nip,
        method="remote",
        user=signer_account(KETUA),
    )
    db.session.commit()
    return signer


def test_signed_through_the_remote_service(ready, remote_signer, bsre):
    document = services.prepare(ready["event"], "rumusan")
    place = document.places[0]
    services.sign(document, remote_signer, by=remote_signer.user, passphrase="rahasia-bsre", nik="6401 0101 0180 0001")
    db.session.commit()
    (sent,) = bsre.requests
    assert sent["nik"] == NIK and sent["tampilan"] == "visible" and sent["page"] == str(place["page"] + 1)
    assert float(sent["xAxis"]) == pytest.approx(place["box"][0]) and sent["linkQR"] == services.verification_url(
        document
    )
    (check,) = signing.validate(document.pdf, services.trust_roots())
    assert check.valid and check.intact and check.trusted and check.signer_name == KETUA
    assert document.signatures[0].method == "remote"


@pytest.mark.parametrize(
    "nik, passphrase, message",
    [
        (NIK, "salah", "Layanan tanda tangan elektronik menolak: Passphrase anda salah"),
        ("6401010101800009", "rahasia-bsre", "Layanan tanda tangan elektronik menolak: Pengguna tidak terdaftar"),
        ("123", "rahasia-bsre", "NIK harus 16 angka."),
    ],
)
def test_remote_refusals_sign_nothing(ready, remote_signer, nik, passphrase, message):
    document = services.prepare(ready["event"], "rumusan")
    db.session.commit()
    with pytest.raises(TteRefused) as refused:
        services.sign(document, remote_signer, by=remote_signer.user, passphrase=passphrase, nik=nik)
    assert refused.value.message == message
    assert db.session.scalars(select(TteSignature)).all() == []
    assert (
        db.session.scalars(select(AuditLog.details).where(AuditLog.action == "tte.sign_refused")).one()["message"]
        == message
    )


def test_remote_service_unreachable(app, ready, remote_signer, bsre):
    app.config["TTE_REMOTE_URL"] = "http://127.0.0.1:9/api/sign/pdf"  # the discard port: nothing listens
    document = services.prepare(ready["event"], "rumusan")
    with pytest.raises(TteRefused, match="tidak dapat dihubungi"):
        services.sign(document, remote_signer, by=remote_signer.user, passphrase="rahasia-bsre", nik=NIK)


def test_wrong_application_credentials(app, ready, remote_signer):
    app.config["TTE_REMOTE_PASSWORD"] = "keliru"
    document = services.prepare(ready["event"], "rumusan")
    with pytest.raises(TteRefused, match="menolak: Unauthorized"):
        services.sign(document, remote_signer, by=remote_signer.user, passphrase="rahasia-bsre", nik=NIK)


def test_a_returned_file_that_is_not_our_document_is_refused(app, ready, remote_signer, bsre, dev_ca):
    """A service answering with some other signed PDF (or a broken one) does not replace ours."""
    other = services.prepare(ready["event"], "rumusan")
    services.sign(other, remote_signer, by=remote_signer.user, passphrase="rahasia-bsre", nik=NIK)
    db.session.commit()
    stray = other.pdf
    bsre.app = lambda environ, start: start("200 OK", [("Content-Type", "application/pdf")]) and [stray]
    bsre._server.app = bsre.app
    document = services.prepare(ready["event"], "rumusan")
    with pytest.raises(TteRefused, match="mengembalikan berkas yang tidak sah"):
        services.sign(document, remote_signer, by=remote_signer.user, passphrase="rahasia-bsre", nik=NIK)
    assert b"/ByteRange" not in document.pdf


def test_a_second_remote_signature_keeps_the_first_valid(app, ready, dev_ca, nss, tmp_path):
    """The rumusan's ketua and sekretaris both sign through the service, one after the other: the second
    answer is the first signed file plus one incremental update, and both signatures stay valid for
    pyHanko and for pdfsig."""
    from tests.tte.conftest import SEKRETARIS, assert_pdfsig_valid_and_trusted

    niks = {KETUA: NIK, SEKRETARIS: "6401014107850002"}
    accounts = {
        NIK: ("rahasia-bsre", dev_ca["files"][KETUA].read_bytes(), PASSPHRASE),
        niks[SEKRETARIS]: ("rahasia-siti", dev_ca["files"][SEKRETARIS].read_bytes(), PASSPHRASE),
    }
    with BsreServer(accounts) as server:
        app.config.update(TTE_REMOTE_URL=server.url, TTE_REMOTE_USERNAME=USERNAME, TTE_REMOTE_PASSWORD=PASSWORD)
        signers = [
            services.save_signer(
                ready["event"],
                name=name,
                position=position,
                nip=registration.nip,
                method="remote",
                user=signer_account(name),
            )
            for name, position, registration in (
                (KETUA, "Ketua", ready["zainal"]),
                (SEKRETARIS, "Sekretaris", ready["siti"]),
            )
        ]
        document = services.prepare(ready["event"], "rumusan")
        first = None
        for signer in signers:
            passphrase = accounts[niks[signer.name]][0]
            services.sign(document, signer, by=signer.user, passphrase=passphrase, nik=niks[signer.name])
            db.session.commit()
            first = first or document.pdf
    assert document.state == "signed" and document.pdf.startswith(first) and len(server.requests) == 2
    checks = signing.validate(document.pdf, services.trust_roots())
    assert [c.signer_name for c in checks] == [KETUA, SEKRETARIS]
    assert all(c.intact and c.valid and c.trusted for c in checks)
    assert [c.covers_whole_file for c in checks] == [False, True]
    assert_pdfsig_valid_and_trusted(document.pdf, nss, tmp_path, signatures=2)


def test_a_remote_signer_printed_in_several_blocks_is_stamped_in_each(app_factory, nss, tmp_path):
    """The demo's SK panitia prints the Sekretaris Daerah under the keputusan and under its lampiran. The
    service draws its one visible signature in the first block; the stamp (QR to /verifikasi, the
    text) is drawn in the lampiran's block before the file is sent, inside the revision that signature
    signs. Before, the lampiran's block stayed empty though the page called it signed."""
    from raker.tte import devca
    from tests.qr import decode_pdf_page
    from tests.tte.conftest import assert_pdfsig_valid_and_trusted

    application = app_factory(PUBLIC_BASE_URL="https://raker.example.go.id")
    with application.app_context():
        from tests.demo_snapshot import seeded_demo

        event = seeded_demo().event
        document = services.prepare(event, "sk_panitia")
        first, second = document.places
        assert (first["name"], first["nip"]) == (second["name"], second["nip"]) and first["page"] != second["page"]
        p12 = devca.issue(services.tte_directory(), first["name"], slug="uji-remote-sk").read_bytes()
        with BsreServer({NIK: ("rahasia-bsre", p12, PASSPHRASE)}) as server:
            application.config.update(
                TTE_REMOTE_URL=server.url, TTE_REMOTE_USERNAME=USERNAME, TTE_REMOTE_PASSWORD=PASSWORD
            )
            signer = services.save_signer(
                event,
                name=first["name"],
                position=first["position"],
                nip=first["nip"],
                method="remote",
                user=signer_account(first["name"]),
            )
            unsigned = document.pdf
            services.sign(document, signer, by=signer.user, passphrase="rahasia-bsre", nik=NIK)
            db.session.commit()
        assert document.state == "signed" and sorted(services.covered_places(document)) == [0, 1]
        url = services.verification_url(document)
        assert url in decode_pdf_page(document.pdf, second["page"] + 1, dpi=200)  # the lampiran's stamp
        assert url not in decode_pdf_page(unsigned, second["page"] + 1, dpi=200)
        (check,) = signing.validate(document.pdf, services.trust_roots())
        assert check.valid and check.intact and check.trusted and check.covers_whole_file
        nssdir = nss_trusting_instance(tmp_path)
        assert_pdfsig_valid_and_trusted(document.pdf, nssdir, tmp_path, signatures=1)


def nss_trusting_instance(tmp_path):
    """An NSS database trusting the instance folder's development CA (the demo's)."""
    from raker.tte import devca
    from tests.tte.conftest import nss_trusting

    return nss_trusting(devca.DevCA(services.tte_directory()), tmp_path / "nss-instance")


def test_neither_nik_nor_passphrase_is_kept(ready, remote_signer):
    """Asked at each signing, sent to the service, stored nowhere: not in the signer, the document, the
    signature or the audit rows, refused or not."""
    document = services.prepare(ready["event"], "rumusan")
    db.session.commit()
    with pytest.raises(TteRefused):
        services.sign(document, remote_signer, by=remote_signer.user, passphrase="salah-sekali", nik=NIK)
    services.sign(document, remote_signer, by=remote_signer.user, passphrase="rahasia-bsre", nik=NIK)
    db.session.commit()
    assert_nothing_keeps(NIK, "rahasia-bsre", "salah-sekali")
