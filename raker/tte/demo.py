"""The demo's electronic signatures: the ketua and sekretaris of the tim perumus get development-CA
certificates (instance/tte, passphrase raker-dev) as signers, and the rumusan, once adopted, is signed
by both. Idempotent; quick (two RSA keys the first time)."""

from sqlalchemy import select

from ..extensions import db
from ..models import TteDocument, TteSigner, User
from ..rumusan import services as rumusan_services
from . import devca, services

SIGNING_ROLES = ("ketua", "sekretaris")


def seed_demo_signers(event) -> list[TteSigner]:
    existing = {signer.name: signer for signer in services.signers(event)}
    members = [m for m in rumusan_services.team(event) if m.role in SIGNING_ROLES]
    directory = services.tte_directory()
    devca.make_ca(directory)
    made = []
    for member in members:
        person = member.registration
        if person.full_name in existing:
            made.append(existing[person.full_name])
            continue
        path = devca.DevCA(directory).p12(devca.slugify(person.full_name))
        if not path.exists():
            devca.issue(directory, person.full_name)
        made.append(
            services.save_signer(
                event,
                name=person.full_name,
                position=rumusan_services.ROLE_LABELS[member.role],
                rank=person.rank,
                nip=person.nip,
                user=db.session.get(User, member.user_id) if member.user_id else None,
                p12=path.read_bytes(),
                passphrase=devca.DEV_PASSPHRASE,
            )
        )
    return made


def sign_adopted_rumusan(event) -> TteDocument | None:
    """The adopted rumusan signed by its ketua and sekretaris (None while it is a draft, or when signed)."""
    rumusan = rumusan_services.rumusan_of(event)
    if rumusan is None or rumusan.state != "adopted":
        return None
    if db.session.scalar(select(TteDocument.id).where(TteDocument.event_id == event.id, TteDocument.kind == "rumusan")):
        return None
    signers = seed_demo_signers(event)
    document = services.prepare(event, "rumusan")
    for signer in signers:
        services.sign(document, signer, passphrase=devca.DEV_PASSPHRASE)
    return document


def seed_demo_tte(event) -> None:
    seed_demo_signers(event)
    sign_adopted_rumusan(event)
