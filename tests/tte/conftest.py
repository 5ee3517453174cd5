"""Signing tests: one development CA for the session (RSA keys take time), the letters' meeting with its
rumusan adopted and a tim perumus (ketua Zainal, sekretaris Siti), and their signers."""

import subprocess

import pytest

from raker.rumusan import services as rumusan
from raker.tte import devca, services
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


def make_signer(event, dev_ca, name, registration=None, **kwargs):
    return services.save_signer(
        event,
        name=name,
        position=kwargs.pop("position", "Ketua"),
        nip=registration.nip if registration is not None else kwargs.pop("nip", None),
        p12=dev_ca["files"][kwargs.pop("file", name)].read_bytes(),
        passphrase=PASSPHRASE,
        **kwargs,
    )


@pytest.fixture
def signers(ready, dev_ca):
    event = ready["event"]
    return {
        "ketua": make_signer(event, dev_ca, KETUA, ready["zainal"]),
        "sekretaris": make_signer(event, dev_ca, SEKRETARIS, ready["siti"], position="Sekretaris"),
    }


def pdfsig(path) -> str:
    """poppler's verifier (NSS): without an NSS database trusting the dev CA it reports the issuer as
    not trusted; the signature itself (digest and key) it checks fully."""
    return subprocess.run(["pdfsig", "-no-ocsp", str(path)], capture_output=True, text=True, timeout=60).stdout
