"""A development certificate authority for the demo and the tests (`flask tte dev-ca`): a root CA, one
PKCS#12 per signer, an expired and a revoked one, and the CA's CRL. Never for real documents: the
passphrase of every file is the same and printed.

Written with cryptography (as pyHanko uses it); nothing here knows about meetings."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

DEV_PASSPHRASE = "raker-dev"
CA_NAME = "Raker Development CA (bukan untuk dokumen resmi)"
KEY_SIZE = 2048
CRL_URL = "http://raker-dev-ca.invalid/crl.pem"


@dataclass(frozen=True)
class DevCA:
    directory: Path

    @property
    def ca_pem(self) -> Path:
        return self.directory / "ca.pem"

    @property
    def crl_pem(self) -> Path:
        return self.directory / "crl.pem"

    def p12(self, slug: str) -> Path:
        return self.directory / f"{slug}.p12"


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "penanda-tangan"


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Raker (pengembangan)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _load(directory: Path):
    key = serialization.load_pem_private_key((directory / "ca.key.pem").read_bytes(), password=None)
    return key, x509.load_pem_x509_certificate((directory / "ca.pem").read_bytes())


def make_ca(directory: Path, *, now: datetime | None = None) -> DevCA:
    """The root CA (kept when it already exists, so certificates made before still chain to it)."""
    directory.mkdir(parents=True, exist_ok=True)
    ca = DevCA(directory)
    if ca.ca_pem.exists() and (directory / "ca.key.pem").exists():
        return ca
    now = now or datetime.now(UTC)
    key = _key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(CA_NAME))
        .issuer_name(_name(CA_NAME))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    path = directory / "ca.key.pem"
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    path.chmod(0o600)
    ca.ca_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    write_crl(directory, [], now=now)
    return ca


def issue(
    directory: Path,
    common_name: str,
    *,
    slug: str | None = None,
    days: int = 730,
    now: datetime | None = None,
    passphrase: str = DEV_PASSPHRASE,
) -> Path:
    """A signer certificate (digital signature and non-repudiation) with its key in a PKCS#12 file.
    A negative `days` makes one that has already expired."""
    ca_key, ca_cert = _load(directory)
    now = now or datetime.now(UTC)
    key = _key()
    start, end = (
        (now - timedelta(days=1), now + timedelta(days=days))
        if days > 0
        else (now + timedelta(days=days * 2), now + timedelta(days=days))
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        # Where a validator would fetch the CRL; Raker hands it the file instead (no network needed).
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(CRL_URL)],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        common_name.encode(), key, cert, [ca_cert], serialization.BestAvailableEncryption(passphrase.encode())
    )
    path = DevCA(directory).p12(slug or slugify(common_name))
    path.write_bytes(data)
    path.chmod(0o600)
    return path


def revoke(directory: Path, p12_path: Path, *, passphrase: str = DEV_PASSPHRASE, now: datetime | None = None) -> None:
    """Put the certificate in `p12_path` on the CA's CRL."""
    _, cert, _ = pkcs12.load_key_and_certificates(p12_path.read_bytes(), passphrase.encode())
    if cert is None:
        raise ValueError(f"{p12_path} holds no certificate")
    crl = x509.load_pem_x509_crl(DevCA(directory).crl_pem.read_bytes())
    serials = [entry.serial_number for entry in crl] + [cert.serial_number]
    write_crl(directory, serials, now=now)


def write_crl(directory: Path, serials: list[int], *, now: datetime | None = None) -> None:
    ca_key, ca_cert = _load(directory)
    now = now or datetime.now(UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_cert.subject)
        .last_update(now - timedelta(minutes=5))
        .next_update(now + timedelta(days=30))
    )
    for serial in serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(now - timedelta(minutes=1)).build()
        )
    builder = builder.add_extension(x509.CRLNumber(len(serials) + 1), critical=False).add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
    )
    DevCA(directory).crl_pem.write_bytes(builder.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))


def make_dev_ca(directory: Path, signers: list[str], *, now: datetime | None = None) -> dict[str, Path]:
    """The CA, a PKCS#12 per signer name, plus `kedaluwarsa.p12` (expired) and `dicabut.p12` (revoked)."""
    make_ca(directory, now=now)
    files = {name: issue(directory, name, now=now) for name in signers}
    files["kedaluwarsa"] = issue(directory, "Sertifikat Kedaluwarsa", slug="kedaluwarsa", days=-10, now=now)
    files["dicabut"] = issue(directory, "Sertifikat Dicabut", slug="dicabut", now=now)
    revoke(directory, files["dicabut"], now=now)
    return files


def issue_tsa(directory: Path, *, now: datetime | None = None) -> tuple[Path, Path]:
    """A timestamping certificate of the dev CA (tsa.pem, tsa.key.pem), for a local RFC 3161 server."""
    ca_key, ca_cert = _load(directory)
    now = now or datetime.now(UTC)
    key = _key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Raker Development TSA"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    cert_path, key_path = directory / "tsa.pem", directory / "tsa.key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_path.chmod(0o600)
    return cert_path, key_path
