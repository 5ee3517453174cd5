"""Signing tests: one development CA for the session (RSA keys take time), the letters' meeting with its
rumusan adopted and a tim perumus (ketua Zainal, sekretaris Siti), and their signers."""

import hashlib
import secrets
import subprocess
from pathlib import Path

import pytest

from raker.rumusan import services as rumusan
from raker.tte import devca, services
from tests.factories import make_user
from tests.letters.conftest import CHAIR, adopted, world  # noqa: F401 (fixtures)

KETUA, SEKRETARIS = "Zainal Abidin, S.Sos.", "Siti Rahmah, S.E."
OUTSIDER = "Orang Lain, S.H."
PASSPHRASE = devca.DEV_PASSPHRASE


@pytest.fixture(scope="session")
def dev_ca(tmp_path_factory):
    directory = tmp_path_factory.mktemp("tte-ca")
    files = devca.make_dev_ca(directory, [KETUA, SEKRETARIS, CHAIR["name"], OUTSIDER])
    return {"dir": directory, "files": files, "ca": devca.DevCA(directory)}


@pytest.fixture
def app(app_factory, dev_ca):
    application = app_factory(
        TTE_TRUST_ROOTS=str(dev_ca["ca"].ca_pem),
        TTE_CRLS=str(dev_ca["ca"].crl_pem),
        PUBLIC_BASE_URL="https://raker.example.go.id",
    )
    with application.app_context():
        yield application


@pytest.fixture
def team(world):
    rumusan.set_team(
        world["event"], [(world["zainal"].id, "ketua"), (world["siti"].id, "sekretaris"), (world["ani"].id, "anggota")]
    )
    return world


@pytest.fixture
def ready(team, adopted):
    """The meeting with its tim perumus, set before the rumusan was adopted."""
    return team


def signer_account(name: str):
    """The signer's own login (no role: a signer needs none to sign)."""
    return make_user(None, f"{devca.slugify(name)}-{secrets.token_hex(3)}@uji.raker.example", name=name)


def make_signer(event, dev_ca, name, registration=None, **kwargs):
    """A signer with a PKCS#12 of the dev CA, linked to an account of their own (kwargs user=None: none)."""
    return services.save_signer(
        event,
        name=name,
        position=kwargs.pop("position", "Ketua"),
        nip=registration.nip if registration is not None else kwargs.pop("nip", None),
        p12=dev_ca["files"][kwargs.pop("file", name)].read_bytes(),
        passphrase=PASSPHRASE,
        user=kwargs.pop("user") if "user" in kwargs else signer_account(name),
        **kwargs,
    )


def sign(document, signer, *, passphrase: str = PASSPHRASE, **kwargs):
    """The signer signs, logged in as themself."""
    return services.sign(document, signer, passphrase=passphrase, by=kwargs.pop("by", signer.user), **kwargs)


@pytest.fixture
def signers(ready, dev_ca):
    event = ready["event"]
    return {
        "ketua": make_signer(event, dev_ca, KETUA, ready["zainal"]),
        "sekretaris": make_signer(event, dev_ca, SEKRETARIS, ready["siti"], position="Sekretaris"),
    }


VALID = "Signature Validation: Signature is Valid."
TRUSTED = "Certificate Validation: Certificate is Trusted."


def nss_trusting(ca: devca.DevCA, directory: Path) -> str:
    """An NSS database (poppler's pdfsig reads one) that trusts the development CA, as `certutil`
    (libnss3-tools) builds it: "sql:<directory>" for pdfsig's -nssdir."""
    directory.mkdir(parents=True, exist_ok=True)
    nssdir = f"sql:{directory}"
    for command in (
        ["certutil", "-N", "--empty-password", "-d", nssdir],
        ["certutil", "-A", "-n", "raker-dev-ca", "-t", "CT,C,C", "-i", str(ca.ca_pem), "-d", nssdir],
    ):
        subprocess.run(command, check=True, capture_output=True, timeout=60)
    return nssdir


@pytest.fixture(scope="session")
def nss(dev_ca, tmp_path_factory) -> str:
    """The NSS database trusting the session's development CA."""
    return nss_trusting(dev_ca["ca"], tmp_path_factory.mktemp("nss"))


def pdfsig(path, nssdir: str) -> str:
    """poppler's verifier (NSS), an independent one, against the NSS database `nssdir` (nss_trusting).
    OCSP stays on, pdfsig's default: the dev CA's certificates name no OCSP responder, so nothing is
    fetched. (With -no-ocsp, NSS 3.87's revocation policy called the second of two signatures'
    certificates "Unknown issue" although the same certificate checks as trusted alone.)"""
    command = ["pdfsig", "-nssdir", nssdir, str(path)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60).stdout


def tamper(pdf: bytes) -> bytes:
    """One byte changed inside the range every signature covers: the first "Raker" (the producer in the
    document information, in the file as rendered, before any signature) becomes "Baker"."""
    index = pdf.index(b"Raker")
    return pdf[:index] + b"B" + pdf[index + 1 :]


def assert_pdfsig_valid_and_trusted(pdf: bytes, nssdir: str, tmp_path: Path, signatures: int) -> None:
    """pdfsig finds `signatures` signatures, every one valid with a certificate it trusts; and after one
    changed byte not one valid."""
    path = tmp_path / f"pdfsig-{hashlib.sha256(pdf).hexdigest()[:12]}.pdf"
    path.write_bytes(pdf)
    report = pdfsig(path, nssdir)
    assert report.count("Signature #") == signatures, report
    assert report.count(VALID) == signatures and report.count(TRUSTED) == signatures, report
    path.write_bytes(tamper(pdf))
    changed = pdfsig(path, nssdir)
    assert changed.count("Signature #") == signatures and "Signature is Valid" not in changed, changed
    assert changed.count("Signature Validation: Digest Mismatch.") == signatures, changed


def assert_nothing_keeps(*secrets: str) -> None:
    """No column of any table holds any of `secrets`, each column read as text (a JSON column's text,
    a binary one's as the database writes it)."""
    from sqlalchemy import Text, cast, select

    from raker.extensions import db

    for table in db.metadata.sorted_tables:
        for column in table.columns:
            for secret in secrets:
                found = db.session.execute(
                    select(column).select_from(table).where(cast(column, Text).contains(secret)).limit(1)
                ).first()
                assert found is None, f"{table.name}.{column.name} holds {secret!r}"
