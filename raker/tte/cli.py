"""flask tte dev-ca: a development CA and signer certificates in the instance folder."""

import click
from flask.cli import AppGroup

tte_cli = AppGroup("tte", help="Tanda tangan elektronik.")


@tte_cli.command("dev-ca")
@click.option(
    "--signer",
    "names",
    multiple=True,
    help="Nama penanda tangan (boleh berulang). Bawaan: ketua dan sekretaris tim perumus setiap rapat.",
)
def dev_ca_command(names):
    """Buat CA pengembangan dan sertifikat PKCS#12 penanda tangan (bukan untuk dokumen resmi)."""
    from sqlalchemy import select

    from ..extensions import db
    from ..models import DraftingMember
    from . import devca
    from .services import tte_directory

    if not names:
        members = db.session.scalars(
            select(DraftingMember).where(DraftingMember.role.in_(("ketua", "sekretaris")))
        ).all()
        names = sorted({m.registration.full_name for m in members}) or ["Penanda Tangan Uji"]
    directory = tte_directory()
    files = devca.make_dev_ca(directory, list(names))
    click.echo(f"CA pengembangan: {devca.DevCA(directory).ca_pem}")
    click.echo(f"Daftar pencabutan (CRL): {devca.DevCA(directory).crl_pem}")
    for name, path in files.items():
        click.echo(f"  {name:32} {path}")
    click.echo(f"Passphrase setiap berkas: {devca.DEV_PASSPHRASE} (hanya untuk pengembangan dan demo).")
