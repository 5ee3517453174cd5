"""The demo: its tim perumus's ketua and sekretaris sign with the development CA (instance/tte), and
its rumusan, once adopted, is signed by both; pdfsig and pyHanko find every signature valid, and
invalid after a change."""

import pytest
from sqlalchemy import select

from raker.demo import DEMO_PASSWORD
from raker.extensions import db
from raker.models import TteDocument, User
from raker.rumusan import services as rumusan
from raker.tte import devca, services, signing
from raker.tte.demo import sign_adopted_rumusan
from tests.demo_rumusan import adopt
from tests.qr import decode_pdf_page
from tests.tte.conftest import assert_pdfsig_valid_and_trusted, nss_trusting, signer_account


@pytest.fixture
def demo(app_factory):
    application = app_factory()  # the dev CA of the instance folder, as `flask seed-demo` makes it
    with application.app_context():
        from tests.demo_snapshot import seeded_demo

        yield seeded_demo().event


def test_the_demo_has_its_signers_and_signs_the_rumusan_once_adopted(demo, tmp_path):
    names = {s.name: s.position for s in services.signers(demo)}
    team = {m.registration.full_name: m.role for m in rumusan.team(demo) if m.role in ("ketua", "sekretaris")}
    assert names == {name: role.title() for name, role in team.items()} and len(names) == 2
    # Each signs with an account of their own (the demo password), no role needed.
    accounts = [signer.user for signer in services.signers(demo)]
    assert all(user.email.startswith("ttd.") and user.check_password(DEMO_PASSWORD) for user in accounts)
    assert [user.roles for user in accounts] == [set(), set()]
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
    if kind == "laporan":  # signed by the signer saved for it (the demo saves none)
        from raker.report import services as report

        report.save_settings(demo, {key: value for key, value in params.items() if key.startswith("signer_")})
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
        user=signer_account(place["name"]),
    )
    signature = services.sign(document, signer, passphrase=devca.DEV_PASSPHRASE, by=signer.user)
    db.session.commit()
    # One signature, in the first block printed with this signer; their other blocks (each letter of the
    # undangan, an SK's lampiran) carry its stamp, inside the signed revision.
    mine = [i for i, p in enumerate(document.places) if p["name"] == place["name"] and p["nip"] == place["nip"]]
    assert signature.place == mine[0] and sorted(services.covered_places(document)) == mine
    assert len({(document.places[i]["page"], tuple(document.places[i]["box"])) for i in mine}) == len(mine)
    (check,) = signing.validate(document.pdf, services.trust_roots())
    assert check.valid and check.intact and check.trusted and check.signer_name == place["name"]
    assert check.covers_whole_file
    if len(mine) > 1:
        url = services.verification_url(document)
        for page in sorted({document.places[i]["page"] for i in mine[1:]}):
            assert url in decode_pdf_page(document.pdf, page + 1, dpi=200)  # (an undangan has its own QR too)
    nss = nss_trusting(devca.DevCA(services.tte_directory()), tmp_path / "nss")
    assert_pdfsig_valid_and_trusted(document.pdf, nss, tmp_path, signatures=1)


def test_flask_seed_demo_leaves_signed_documents_every_signature_valid_and_trusted(app_factory, tmp_path):
    """Every document `flask seed-demo` signs: the SK panitia and the SK tim perumus (final before the
    meeting) on the first run, through paraf by the secretariat and the signer's own account; the
    rumusan, by its ketua and sekretaris, on the run after its adoption (before, only a seed_demo() that
    found it adopted signed it, which never happens: the demo is seeded as a draft). For each, pdfsig
    against the development CA finds every signature valid and trusted, as pyHanko does, and not one
    valid after a changed byte."""
    application = app_factory()
    with application.app_context():
        runner = application.test_cli_runner()
        result = runner.invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        assert "Ditandatangani secara elektronik dengan CA pengembangan" in result.output
        event = db.session.scalars(select(TteDocument)).first().event
        secretariat = db.session.scalar(select(User).where(User.email == "sekretariat@raker.example"))
        documents = services.documents(event)
        assert sorted(d.kind for d in documents) == ["sk_panitia", "sk_tim_perumus"]
        for document in documents:
            assert [(p.verifier_id, p.approved_version) for p in document.parafs] == [(secretariat.id, 1)]
            # The keputusan and its lampiran: two blocks on two pages (a second build no longer doubles
            # them), one signature by the Sekretaris Daerah covering both.
            assert len({p["page"] for p in document.places}) == len(document.places) == 2
            assert len(document.signatures) == 1 and sorted(services.covered_places(document)) == [0, 1]
            signer = document.signatures[0].signer
            assert signer.user is not None and signer.user.email in result.output
        adopt(event)
        after_adoption = runner.invoke(args=["seed-demo"])
        assert after_adoption.exit_code == 0, after_adoption.output
        assert (
            "Rapat contoh sudah ada." in after_adoption.output and "tidak ada yang diubah" not in after_adoption.output
        )
        assert "dengan CA pengembangan (bukan untuk dokumen resmi): Rumusan." in after_adoption.output
        documents = services.documents(event)
        assert sorted(d.kind for d in documents) == ["rumusan", "sk_panitia", "sk_tim_perumus"]
        rumusan_document = next(d for d in documents if d.kind == "rumusan")
        team = {m.registration.full_name for m in rumusan.team(event) if m.role in ("ketua", "sekretaris")}
        assert {s.name for s in rumusan_document.signatures} == team and len(team) == 2
        nss = nss_trusting(devca.DevCA(services.tte_directory()), tmp_path / "nss")
        for document in db.session.scalars(select(TteDocument)):  # every signed demo document
            assert document.state == "signed" and document.signatures
            checks = signing.validate(document.pdf, services.trust_roots())
            assert len(checks) == len(document.signatures)
            assert all(c.valid and c.intact and c.trusted for c in checks) and checks[-1].covers_whole_file
            assert_pdfsig_valid_and_trusted(document.pdf, nss, tmp_path, signatures=len(document.signatures))
        again = runner.invoke(args=["seed-demo"])
        assert again.exit_code == 0 and "tidak ada yang diubah" in again.output
        assert len(db.session.scalars(select(TteDocument)).all()) == 3


@pytest.mark.parametrize("kind", ["sertifikat", "keterangan"])
def test_certificates_and_surat_keterangan_are_signed_by_who_each_page_names(demo, kind, tmp_path):
    """Three peserta checked in on the first day (beside the demo's plenary arrivals and speakers): the
    certificates (one a page, the speakers' too) and their surat keterangan, each file signed by the
    signer printed on its pages (the Sekretaris Daerah on the page about that signer), the stamp on every
    page."""
    from datetime import UTC, datetime

    from raker.certificates import services as certificates
    from raker.models import CheckIn, Registration

    people = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == demo.id, Registration.state == "approved", Registration.role == "peserta")
        .order_by(Registration.id)
        .limit(3)
    ).all()
    for person in people:
        db.session.add(
            CheckIn(event_id=demo.id, registration_id=person.id, day=demo.start_date, scanned_at=datetime.now(UTC))
        )
    db.session.commit()
    if kind == "sertifikat":
        with pytest.raises(services.TteRefused, match="Belum ada sertifikat yang diterbitkan"):
            services.prepare(demo, kind)
        assert certificates.issue(demo)
        db.session.commit()
    document = services.prepare(demo, kind)
    # everyone checked in has a surat keterangan: these three and the demo's own plenary arrivals
    present = db.session.scalars(select(CheckIn.registration_id).where(CheckIn.event_id == demo.id).distinct()).all()
    pages = len(certificates.issued(demo)) if kind == "sertifikat" else len(present)
    assert [p["page"] for p in document.places] == list(range(pages)) and pages >= 3
    # One signer on every page but the page about them: there the one above signs (the Sekretaris Daerah),
    # as nobody signs their own certificate or attests their own attendance.
    signers_of = {}
    for place in document.places:
        signers_of.setdefault((place["name"], place["nip"]), []).append(place)
    (main, main_places), (above, above_places) = sorted(signers_of.items(), key=lambda item: -len(item[1]))
    own = {"sertifikat": "Aji Sayid Faturrahman", "keterangan": "Yusmadi"}[kind]
    # (the surat keterangan of the Asisten and of the ministry's IV/c too: above the Kepala Biro's IV/b)
    assert main[0] == own and above[0] == "Dr. H. Muhammad Ridwan, M.Si." and above_places
    for number, place in enumerate((main_places[0], above_places[0]), start=1):
        signer = next((s for s in services.signers(demo) if s.nip == place["nip"]), None)  # the demo's signers
        if signer is None:
            signer = services.save_signer(
                demo,
                name=place["name"],
                position=place["position"],
                nip=place["nip"],
                p12=devca.issue(services.tte_directory(), place["name"], slug=f"uji-{kind}-{number}").read_bytes(),
                passphrase=devca.DEV_PASSPHRASE,
                user=signer_account(place["name"]),
            )
        services.sign(document, signer, passphrase=devca.DEV_PASSPHRASE, by=signer.user)
        db.session.commit()
    assert document.state == "signed"
    assert sorted(services.covered_places(document)) == list(range(pages))
    url = services.verification_url(document)
    assert url in decode_pdf_page(document.pdf, pages, dpi=200)  # the last page's stamp
    checks = signing.validate(document.pdf, services.trust_roots())
    assert len(checks) == 2 and all(c.valid and c.intact and c.trusted for c in checks)
    assert checks[-1].covers_whole_file
    nss = nss_trusting(devca.DevCA(services.tte_directory()), tmp_path / "nss")
    assert_pdfsig_valid_and_trusted(document.pdf, nss, tmp_path, signatures=2)


def test_the_laporan_is_signed_by_its_own_signer_not_by_the_attached_rumusans(demo):
    """The laporan carries the adopted rumusan as a lampiran, with the tim perumus's blocks: those are the
    rumusan's signers (it is signed as itself), not the laporan's. Before, every one of them was asked to
    sign the laporan, and its own unnamed block was not: the demo's laporan could be prepared with no
    signer of its own."""
    from raker.models import CommitteeMember
    from raker.report import services as report

    adopt(demo)
    # Without a signer of its own chosen, the SK panitia's penanggung jawab signs, alone.
    assert [(p["name"], p["nip"]) for p in services.prepare(demo, "laporan").places] == [
        ("Yusmadi", "197001011995031001")
    ]
    for member in db.session.scalars(select(CommitteeMember).where(CommitteeMember.event_id == demo.id)):
        db.session.delete(member)
    db.session.commit()
    with pytest.raises(services.TteRefused, match="belum mencantumkan nama penanda tangan"):
        services.prepare(demo, "laporan")
    values = {
        "signer_position": "Kepala Biro Organisasi",
        "signer_name": "Drs. H. Ahmad Fauzi, M.Si.",
        "signer_rank": "IV/b",
        "signer_nip": "197005051995031001",
    }
    report.save_settings(demo, values)
    db.session.commit()
    document = services.prepare(demo, "laporan")
    assert [(p["name"], p["nip"]) for p in document.places] == [(values["signer_name"], values["signer_nip"])]
