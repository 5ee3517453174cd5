"""The remote signer shaped like BSrE's API, against a local server implementing its request and
response: the signed PDF comes back valid and placed in the block; its refusals reach the user."""

import pytest
from sqlalchemy import select

from raker.extensions import db
from raker.models import AuditLog, TteSignature
from raker.tte import services, signing
from raker.tte.services import TteRefused
from tests.tte.bsre_server import PASSWORD, USERNAME, BsreServer
from tests.tte.conftest import KETUA, PASSPHRASE, signer_account

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
