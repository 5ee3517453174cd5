"""The demo: its tim perumus's ketua and sekretaris sign with the development CA (instance/tte), and
its rumusan, once adopted, is signed by both; pdfsig and pyHanko find every signature valid, and
invalid after a change."""

import pytest
from sqlalchemy import select

from raker.extensions import db
from raker.models import TteDocument, User
from raker.rumusan import adoption
from raker.rumusan import services as rumusan
from raker.tte import devca, services, signing
from raker.tte.demo import sign_adopted_rumusan
from tests.tte.conftest import assert_pdfsig_valid_and_trusted, nss_trusting


@pytest.fixture
def demo(app_factory):
    application = app_factory()  # the dev CA of the instance folder, as `flask seed-demo` makes it
    with application.app_context():
        from raker.demo import seed_demo

        yield seed_demo().event


def adopt(event):
    document = rumusan.rumusan_of(event)
    perumus = db.session.scalar(select(User).where(User.email == "perumus@raker.example"))
    for proposal in rumusan.proposals(document, state="open"):
        rumusan.decide(proposal, False, reason="Tidak disepakati.", by=perumus)
    for topic in document.topics:
        for item in topic.items:
            for step in {"draft": ["proposed", "adopted"], "proposed": ["adopted"]}.get(item.state, []):
                rumusan.set_item_state(item, step, by=perumus)
    adoption.adopt(document, by=perumus)
    db.session.commit()


def test_the_demo_has_its_signers_and_signs_the_rumusan_once_adopted(demo, tmp_path):
    names = {s.name: s.position for s in services.signers(demo)}
    team = {m.registration.full_name: m.role for m in rumusan.team(demo) if m.role in ("ketua", "sekretaris")}
    assert names == {name: role.title() for name, role in team.items()} and len(names) == 2
    assert sign_adopted_rumusan(demo) is None  # a draft is not signed
    adopt(demo)
    document = sign_adopted_rumusan(demo)
    db.session.commit()
    assert document.state == "signed" and len(document.signatures) == 2
    checks = signing.validate(document.pdf, services.trust_roots())
    assert len(checks) == 2 and all(c.intact and c.valid and c.trusted for c in checks)
    nss = nss_trusting(devca.DevCA(services.tte_directory()), tmp_path / "nss")
    assert_pdfsig_valid_and_trusted(document.pdf, nss, tmp_path, signatures=2)
    assert sign_adopted_rumusan(demo) is None  # once only
    assert len(db.session.scalars(select(TteDocument)).all()) == 1


@pytest.mark.parametrize(
    "kind", ["undangan", "notulen", "daftar_hadir", "laporan", "sk_panitia", "sk_tim_perumus", "berita_acara"]
)
def test_every_official_pdf_of_the_demo_signs_in_its_block(demo, kind, tmp_path):
    if kind == "berita_acara":
        adopt(demo)
    params = {
        "chair_position": "Asisten Pemerintahan dan Kesejahteraan Rakyat",
        "chair_name": "Dr. H. Muhammad Sa'bani, M.Si.",
        "chair_nip": "196805121990031002",
        "chair_rank": "IV/c",
        "number": "000.1/77/BA/{tahun}",
        "signer_position": "Kepala Biro Organisasi",
        "signer_name": "Drs. H. Ahmad Fauzi, M.Si.",
        "signer_nip": "197005051995031001",
        "signer_rank": "IV/b",
    }
    document = services.prepare(demo, kind, params=params)
    place = document.places[services.required_places(document)[0]]
    path = devca.issue(services.tte_directory(), place["name"], slug=f"uji-{kind}")
    signer = services.save_signer(
        demo,
        name=place["name"],
        position=place["position"],
        nip=place["nip"],
        p12=path.read_bytes(),
        passphrase=devca.DEV_PASSPHRASE,
    )
    services.sign(document, signer, passphrase=devca.DEV_PASSPHRASE)
    db.session.commit()
    (check,) = signing.validate(document.pdf, services.trust_roots())
    assert check.valid and check.intact and check.trusted and check.signer_name == place["name"]
    nss = nss_trusting(devca.DevCA(services.tte_directory()), tmp_path / "nss")
    assert_pdfsig_valid_and_trusted(document.pdf, nss, tmp_path, signatures=1)
