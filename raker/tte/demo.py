"""The demo's electronic signatures, made through the same services as in the browser, with the
development CA (instance/tte, passphrase raker-dev):

- signers with dev-CA certificates, each linked to an account of their own (ttd.<name>@raker.example,
  the demo password) since only a signer's own login signs as them: the ketua and sekretaris of the
  tim perumus, and the Sekretaris Daerah printed under the SK panitia, the SK tim perumus and the
  surat undangan;
- the documents final before the meeting (the SK panitia and the SK tim perumus) prepared, given their
  paraf by the secretariat and signed: by `flask seed-demo` (sign_final_documents), not by every
  seed_demo() (the tests' pages need no signatures, and rendering and signing take seconds);
- the rumusan, once adopted, signed by its ketua and sekretaris: by the next `flask seed-demo`
  (sign_demo_documents), or by themselves in the browser with their accounts.

Idempotent. The surat undangan is left to sign by hand: eleven letters, a signature each, about as long
again as both SKs together."""

import secrets

from sqlalchemy import select

from ..auth.services import find_user
from ..extensions import db
from ..models import TteDocument, TteSigner, User
from ..rumusan import services as rumusan_services
from . import devca, services

SIGNING_ROLES = ("ketua", "sekretaris")
# Signed by flask seed-demo: final before the meeting opens. The rumusan waits for its adoption.
FINAL_KINDS = ("sk_panitia", "sk_tim_perumus")
SECRETARIAT_EMAIL = "sekretariat@raker.example"
PARAF_LABEL = "Kepala Bagian Kelembagaan dan Analisis Jabatan"


def signer_email(name: str) -> str:
    return f"ttd.{devca.slugify(name.split(',')[0])}@raker.example"


def _account(name: str, password: str) -> User:
    """The signer's own login, with the demo password and no role: signing needs none."""
    email = signer_email(name)
    user = find_user(email)
    if user is None:
        user = User(email=email, full_name=name)
        user.set_password(password)
        user.set_roles(())
        db.session.add(user)
        db.session.flush()
    return user


def _signer(event, existing: dict, password: str, *, name: str, position: str, rank=None, nip=None) -> TteSigner:
    if name in existing:
        return existing[name]
    directory = services.tte_directory()
    devca.make_ca(directory)
    path = devca.DevCA(directory).p12(devca.slugify(name))
    if not path.exists():
        devca.issue(directory, name)
    signer = services.save_signer(
        event,
        name=name,
        position=position,
        rank=rank,
        nip=nip,
        user=_account(name, password),
        p12=path.read_bytes(),
        passphrase=devca.DEV_PASSPHRASE,
    )
    existing[name] = signer
    return signer


def seed_demo_signers(event, password: str) -> list[TteSigner]:
    """The ketua and sekretaris of the tim perumus, as signers."""
    existing = {signer.name: signer for signer in services.signers(event)}
    members = [m for m in rumusan_services.team(event) if m.role in SIGNING_ROLES]
    return [
        _signer(
            event,
            existing,
            password,
            name=m.registration.full_name,
            position=rumusan_services.ROLE_LABELS[m.role],
            rank=m.registration.rank,
            nip=m.registration.nip,
        )
        for m in members
    ]


def _signed_already(event, kind: str) -> bool:
    return (
        db.session.scalar(select(TteDocument.id).where(TteDocument.event_id == event.id, TteDocument.kind == kind))
        is not None
    )


def sign_final_documents(event, password: str) -> list[TteDocument]:
    """The SK panitia, SK tim perumus and undangan: prepared, a paraf by the secretariat, then signed by
    whoever the renderer printed in their blocks (a signer made for them, logged in as themself)."""
    secretariat = find_user(SECRETARIAT_EMAIL)
    existing = {signer.name: signer for signer in services.signers(event)}
    done = []
    for kind in FINAL_KINDS:
        if _signed_already(event, kind):
            continue
        verifiers = [(secretariat, PARAF_LABEL)] if secretariat is not None else []
        document = services.prepare(event, kind, verifiers=verifiers, by=secretariat)
        if secretariat is not None:
            services.approve(document, secretariat)
        for index in services.required_places(document):
            if index in services.covered_places(document):
                continue  # signed with an earlier block of the same signer
            place = document.places[index]
            signer = _signer(
                event,
                existing,
                password,
                name=place["name"],
                position=place["position"].splitlines()[-1].rstrip(","),
                nip=place.get("nip"),
            )
            services.sign(document, signer, passphrase=devca.DEV_PASSPHRASE, by=signer.user)
        done.append(document)
    return done


def sign_adopted_rumusan(event, password: str = "") -> TteDocument | None:
    """The adopted rumusan signed by its ketua and sekretaris (None while it is a draft, or when signed).
    Their accounts exist from seed-demo on; `password` only for one made now."""
    rumusan = rumusan_services.rumusan_of(event)
    if rumusan is None or rumusan.state != "adopted" or _signed_already(event, "rumusan"):
        return None
    signers = seed_demo_signers(event, password or secrets.token_urlsafe(16))
    document = services.prepare(event, "rumusan")
    for signer in signers:
        services.sign(document, signer, passphrase=devca.DEV_PASSPHRASE, by=signer.user)
    return document


def sign_demo_documents(event, password: str) -> list[TteDocument]:
    """What `flask seed-demo` signs, each run: the documents final before the meeting (the first run), and
    the rumusan once adopted (the run after its adoption). Nothing twice."""
    rumusan = sign_adopted_rumusan(event, password)
    return sign_final_documents(event, password) + ([rumusan] if rumusan is not None else [])


def seed_demo_tte(event, password: str) -> None:
    """In seed_demo(): the tim perumus's signers. `password`: of the signers' accounts (the demo's)."""
    seed_demo_signers(event, password)
    sign_adopted_rumusan(event, password)
