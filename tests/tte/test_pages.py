"""The secretariat's signing pages (signers, prepare, paraf in order, sign) and the public /verifikasi page
with its upload: what a user sees, the refusals with their message, nothing half-saved."""

import io
import re

import pytest
from sqlalchemy import select

from raker.extensions import db
from raker.models import AuditLog, TteDocument, TteSigner
from tests.factories import make_user, table_counts
from tests.tte.conftest import (
    KETUA,
    OUTSIDER,
    PASSPHRASE,
    SEKRETARIS,
    assert_nothing_keeps,
    make_signer,
    sign,
    signer_account,
    tamper,
)


@pytest.fixture
def staff(ready):
    event = ready["event"]
    return {
        "kabag": make_user("sekretariat", "kabag@uji.raker.example", event=event, name="Kepala Bagian"),
        "kabiro": make_user("sekretariat", "kabiro@uji.raker.example", event=event, name="Kepala Biro"),
    }


def url(event, path=""):
    return f"/admin/events/{event.slug}/tte{path}"


def add_signer(client, event, dev_ca, name, nip, passphrase=PASSPHRASE, position="Ketua", user=None):
    return client.post(
        url(event, "/penanda-tangan"),
        content_type="multipart/form-data",
        data={
            "name": name,
            "position": position,
            "nip": nip,
            # no "method": without a remote service configured the page offers the certificate only
            "passphrase": passphrase,
            "user_id": str(user.id) if user is not None else "",
            "p12": (io.BytesIO(dev_ca["files"][name].read_bytes()), "ttd.p12"),
        },
    )


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_draft_to_paraf_to_signature_in_the_pages(app, ready, staff, dev_ca):
    event = ready["event"]
    kabag, kabiro = (app.test_client(user=staff[k]) for k in ("kabag", "kabiro"))
    accounts = {name: signer_account(name) for name in (KETUA, SEKRETARIS)}
    ketua, sekretaris = (app.test_client(user=accounts[name]) for name in (KETUA, SEKRETARIS))
    assert add_signer(kabag, event, dev_ca, KETUA, ready["zainal"].nip, user=accounts[KETUA]).status_code == 302
    assert (
        add_signer(
            kabag, event, dev_ca, SEKRETARIS, ready["siti"].nip, position="Sekretaris", user=accounts[SEKRETARIS]
        ).status_code
        == 302
    )
    page = text(kabag.get(url(event, "/")))
    assert KETUA in page and "berlaku s.d." in page
    response = kabag.post(
        url(event, "/dokumen"),
        data={
            "kind": "rumusan",
            "verifier_id": [str(staff["kabag"].id), str(staff["kabiro"].id), ""],
            "verifier_label": ["Kepala Bagian Tata Laksana", "Kepala Biro Organisasi", ""],
        },
    )
    assert response.status_code == 302
    document = db.session.scalars(select(TteDocument)).one()
    doc_url = url(event, f"/dokumen/{document.id}")
    signers = db.session.scalars(select(TteSigner).order_by(TteSigner.id)).all()
    assert [s.user_id for s in signers] == [accounts[KETUA].id, accounts[SEKRETARIS].id]

    # Signing before the paraf is complete, and the second verifier before the first: refused.
    refused = ketua.post(doc_url + "/tandatangani", data={"signer_id": signers[0].id, "passphrase": PASSPHRASE})
    assert refused.status_code == 409 and "Paraf belum lengkap: menunggu Kepala Bagian Tata Laksana" in text(refused)
    early = kabiro.post(doc_url + "/paraf")
    assert early.status_code == 403 and "Giliran paraf: Kepala Bagian Tata Laksana" in text(early)

    assert kabag.post(doc_url + "/paraf").status_code == 302
    assert kabiro.post(doc_url + "/paraf").status_code == 302
    page = text(ketua.get(doc_url))  # the signer opens the page sent to them
    assert "Kepala Bagian Tata Laksana — Kepala Bagian: paraf versi 1" in page
    assert "Kepala Biro Organisasi — Kepala Biro: paraf versi 1" in page
    assert "Disetujui: Kepala Bagian, Kepala Biro." in page

    # The secretariat does not sign for them, although it knows the passphrase.
    page = text(kabiro.get(doc_url))
    assert "Setiap penanda tangan menandatangani sendiri" in page and 'name="passphrase"' not in page
    for signer in signers:
        refused = kabiro.post(doc_url + "/tandatangani", data={"signer_id": signer.id, "passphrase": PASSPHRASE})
        assert refused.status_code == 403
        assert f"Hanya {signer.name} sendiri, masuk dengan akunnya, yang dapat menandatangani" in text(refused)
    # Nor one signer for the other.
    refused = ketua.post(doc_url + "/tandatangani", data={"signer_id": signers[1].id, "passphrase": PASSPHRASE})
    assert refused.status_code == 403 and f"Hanya {SEKRETARIS} sendiri" in text(refused)
    rows = db.session.scalars(select(AuditLog).where(AuditLog.action == "tte.sign_refused")).all()
    assert [row.user_id for row in rows][-3:] == [staff["kabiro"].id, staff["kabiro"].id, accounts[KETUA].id]

    wrong = ketua.post(doc_url + "/tandatangani", data={"signer_id": signers[0].id, "passphrase": "keliru"})
    assert wrong.status_code == 400 and "Passphrase salah" in text(wrong)
    for client, signer in ((ketua, signers[0]), (sekretaris, signers[1])):
        page = text(client.get(doc_url))
        assert page.count('<option value="') == 1 and f"{signer.name} — " in page  # only oneself to sign as
        answer = client.post(doc_url + "/tandatangani", data={"signer_id": signer.id, "passphrase": PASSPHRASE})
        assert answer.status_code == 302
    page = text(kabiro.get(doc_url))
    assert "Ditandatangani" in page and page.count("ditandatangani ") >= 2
    pdf = kabiro.get(doc_url + ".pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.count(b"/ByteRange") == 2
    # The signer sees the document, not the rest of the signing pages.
    assert ketua.get(url(event, "/")).status_code == 403
    assert ketua.get(doc_url + ".pdf").status_code == 200

    # The passphrase, right or wrong, was asked at each step and is kept nowhere.
    assert_nothing_keeps(PASSPHRASE, "keliru")

    # The public page the QR opens.
    public = app.test_client()
    page = text(public.get(f"/verifikasi/{document.public_id}"))
    assert document.title in page and KETUA in page and SEKRETARIS in page
    db.session.refresh(document)
    assert document.sha256 in page and "WITA" in page


def test_a_change_after_paraf_voids_the_chain(app, ready, staff, dev_ca):
    event = ready["event"]
    kabag = app.test_client(user=staff["kabag"])
    account = signer_account(KETUA)
    add_signer(kabag, event, dev_ca, KETUA, ready["zainal"].nip, user=account)
    kabag.post(
        url(event, "/dokumen"),
        data={"kind": "rumusan", "verifier_id": [str(staff["kabag"].id)], "verifier_label": ["Kepala Bagian"]},
    )
    document = db.session.scalars(select(TteDocument)).one()
    doc_url = url(event, f"/dokumen/{document.id}")
    assert kabag.post(doc_url + "/paraf").status_code == 302
    event.city = "Samarinda"  # the place and date over the signatures now print differently
    db.session.commit()
    signer = db.session.scalars(select(TteSigner)).one()
    ketua = app.test_client(user=account)
    response = ketua.post(doc_url + "/tandatangani", data={"signer_id": signer.id, "passphrase": PASSPHRASE})
    assert response.status_code == 409 and "Dokumen berubah setelah paraf" in text(response)
    page = text(kabag.get(doc_url))
    assert "Versi 2" in page and "Menunggu paraf" in page
    assert "Kepala Bagian — Kepala Bagian: paraf versi 1 pada" in page and ", batal " in page
    db.session.refresh(document)
    assert document.signatures == [] and b"/ByteRange" not in document.pdf
    assert db.session.scalars(select(AuditLog).where(AuditLog.action == "tte.paraf_voided")).all()
    # The attempt audited with the message the signer was shown, by the signer.
    (row,) = db.session.scalars(select(AuditLog).where(AuditLog.action == "tte.sign_refused")).all()
    assert row.details["message"] == "Dokumen berubah setelah paraf: paraf batal dan harus diulang."
    assert row.user_id == account.id and row.details["signer"] == KETUA


def test_the_secretariat_links_the_account_that_signs(app, ready, staff, dev_ca):
    from raker.tte import services

    event = ready["event"]
    client = app.test_client(user=staff["kabag"])
    ketua = services.save_signer(
        event, name=KETUA, position="Ketua", p12=dev_ca["files"][KETUA].read_bytes(), passphrase=PASSPHRASE
    )
    sekretaris = make_signer(event, dev_ca, SEKRETARIS, ready["siti"], position="Sekretaris")
    db.session.commit()
    account = signer_account(KETUA)
    link = url(event, f"/penanda-tangan/{ketua.id}/akun")
    page = text(client.get(url(event, "/")))
    assert f'id="link-{ketua.id}"' in page and f"{KETUA} ({account.email})" in page
    assert client.post(link, data={"user_id": str(account.id)}).status_code == 302
    db.session.refresh(ketua)
    assert ketua.user_id == account.id
    assert f"{KETUA} menandatangani dengan akun {KETUA}." in text(client.get(url(event, "/")))
    # One account signs as one signer of a meeting: the sekretaris's is taken.
    taken = client.post(link, data={"user_id": str(sekretaris.user_id)})
    assert taken.status_code == 409 and f"sudah terhubung ke penanda tangan {SEKRETARIS}" in text(taken)
    assert client.post(link, data={"user_id": "999999"}).status_code == 400
    assert client.post(link, data={"user_id": ""}).status_code == 302
    db.session.refresh(ketua)
    assert ketua.user_id is None
    rows = db.session.scalars(select(AuditLog).where(AuditLog.action == "tte.signer_linked")).all()
    assert [(row.details["old_user_id"], row.details["user_id"]) for row in rows] == [
        (None, account.id),
        (account.id, None),
    ]
    # Adding a signer with an account already taken is refused too, nothing saved.
    before = table_counts()
    response = add_signer(client, event, dev_ca, OUTSIDER, "196805121990031099", user=sekretaris.user)
    assert response.status_code == 409 and table_counts() == before


def test_signer_upload_with_a_wrong_passphrase_saves_nothing(app, ready, staff, dev_ca):
    event = ready["event"]
    client = app.test_client(user=staff["kabag"])
    before = table_counts()
    response = add_signer(client, event, dev_ca, KETUA, ready["zainal"].nip, passphrase="keliru")
    assert response.status_code == 400 and "Passphrase salah atau berkas PKCS#12 rusak." in text(response)
    assert table_counts() == before


@pytest.fixture
def signed(ready, signers):
    from raker.tte import services

    document = services.prepare(ready["event"], "rumusan")
    sign(document, signers["ketua"])
    sign(document, signers["sekretaris"])
    db.session.commit()
    return document


def check(client, document, data: bytes, filename="rumusan.pdf"):
    return client.post(
        f"/verifikasi/{document.public_id}",
        content_type="multipart/form-data",
        data={"document": (io.BytesIO(data), filename)},
    )


def test_verification_upload_sesuai_and_tidak_sesuai(app, signed):
    from raker.tte import signing

    client = app.test_client()
    same = text(check(client, signed, signed.pdf))
    assert "Sesuai: berkas ini adalah dokumen tersebut, tidak diubah." in same
    assert same.count("tanda tangan utuh") == 2 and "dari 2 tanda tangan" not in same
    # The file after the first signature (the signed file up to its first revision) is that document too,
    # and the page says a signature is missing from it.
    earlier = signed.signatures[0]
    first = next(
        signed.pdf[:end]
        for end in range(len(signed.pdf))
        if signed.pdf[end - 6 : end] == b"%%EOF\n" and signing.sha256(signed.pdf[:end]) == earlier.sha256
    )
    page = text(check(client, signed, first))
    assert "Sesuai: berkas ini adalah dokumen tersebut, tidak diubah." in page
    assert "versi sebelum semua tanda tangan dibubuhkan: memuat 1 dari 2 tanda tangan" in page
    changed = check(client, signed, tamper(signed.pdf))
    assert changed.status_code == 200
    page = text(changed)
    assert "Tidak sesuai: berkas ini bukan dokumen tersebut atau telah diubah." in page
    assert "tanda tangan rusak atau isi diubah" in page
    # Every check audited, a tampered file with its own SHA-256 and no match; nothing signed or changed.
    rows = db.session.scalars(select(AuditLog).where(AuditLog.action == "tte.verified").order_by(AuditLog.id)).all()
    assert [(row.details["sha256"], row.details["matches"]) for row in rows] == [
        (signed.sha256, True),
        (earlier.sha256, True),
        (signing.sha256(tamper(signed.pdf)), False),
    ]
    assert all(row.user_id is None for row in rows)
    db.session.refresh(signed)
    assert len(signed.signatures) == 2 and signing.sha256(signed.pdf) == signed.sha256


@pytest.mark.parametrize("case", ["not a pdf", "too big", "no file"])
def test_verification_upload_refusals(app, signed, case):
    app.config["TTE_MAX_UPLOAD"] = 100 * 1024  # small: a bigger body would be spooled to a file unread
    client = app.test_client()
    if case == "no file":
        response = client.post(f"/verifikasi/{signed.public_id}", data={})
        assert response.status_code == 400 and "Pilih berkas PDF." in text(response)
        return
    data = b"GIF89a bukan pdf" if case == "not a pdf" else b"%PDF-1.7\n" + b"0" * (300 * 1024)
    response = check(client, signed, data)
    assert response.status_code == (400 if case == "not a pdf" else 413)
    assert ("Berkas bukan PDF." if case == "not a pdf" else "Berkas terlalu besar (paling besar 100 KB).") in text(
        response
    )


def test_unknown_verification_code(app):
    response = app.test_client().get("/verifikasi/bukan-kode")
    assert response.status_code == 404 and "Dokumen tidak dikenal" in text(response)


def test_staff_of_another_meeting_cannot_open_a_document(app, signed):
    from tests.factories import make_event

    other = make_event(title="Rapat Lain")
    outsider = app.test_client(user=make_user("sekretariat", "lain@uji.raker.example", event=other))
    event = signed.event
    assert outsider.get(url(event, f"/dokumen/{signed.id}")).status_code == 403
    assert outsider.get(url(other, f"/dokumen/{signed.id}")).status_code == 404


def test_control_characters_are_dropped_from_signers_and_document_details(app, ready, dev_ca):
    from raker.tte import services

    event = ready["event"]
    signer = services.save_signer(
        event,
        name="Zainal\x1b Abidin,\x0b S.Sos.",
        position="Ketua\x00",
        nip="1986 0926 2015 05 1 001",
        p12=dev_ca["files"][KETUA].read_bytes(),
        passphrase=PASSPHRASE,
    )
    assert (signer.name, signer.position, signer.nip) == ("Zainal Abidin, S.Sos.", "Ketua", "198609262015051001")
    with pytest.raises(services.TteRefused, match="NIP harus 18 angka"):
        services.save_signer(event, name="X", position="Y", nip="123", p12=b"", passphrase="")


def test_verification_checks_are_rate_limited(app_factory):
    limited = app_factory(RATELIMIT_ENABLED=True, TTE_VERIFY_RATE_LIMIT="2 per hour")
    with limited.app_context():
        client = limited.test_client()
        answers = [client.post("/verifikasi/tidak-dikenal", data={}) for _ in range(3)]
    assert [a.status_code for a in answers] == [404, 404, 429]
    assert "Terlalu banyak pemeriksaan dari alamat ini." in answers[2].get_data(as_text=True)


def test_the_account_picker_lists_this_meetings_people_only(app, ready, staff, dev_ca):
    """A signer is linked to an account made only to sign or to this meeting's staff. The secretariat
    does not see another meeting's staff or the delegation contacts in the list, and a crafted id of
    one is refused like an unknown account, nothing linked."""
    from tests.factories import make_event

    event = ready["event"]
    client = app.test_client(user=staff["kabag"])
    ketua = make_signer(event, dev_ca, KETUA, user=None)
    db.session.commit()
    signing_only = signer_account(KETUA)
    other = make_event(title="Rapat Kerja Lain")
    elsewhere = make_user("sekretariat", "sek.lain@uji.raker.example", event=other, name="Sekretaris Rapat Lain")
    contact = make_user("kontak_delegasi", "kontak.lain@uji.raker.example", name="Kontak Delegasi Lain")
    page = text(client.get(url(event, "/")))
    assert f"{KETUA} ({signing_only.email})" in page and staff["kabag"].email in page
    assert elsewhere.email not in page and contact.email not in page
    link = url(event, f"/penanda-tangan/{ketua.id}/akun")
    for outsider in (elsewhere, contact):
        refused = client.post(link, data={"user_id": str(outsider.id)})
        assert refused.status_code == 400 and "Akun tidak dikenal." in text(refused)
    db.session.refresh(ketua)
    assert ketua.user_id is None
    before = table_counts()
    response = add_signer(client, event, dev_ca, OUTSIDER, "196805121990031099", user=elsewhere)
    assert response.status_code == 400 and table_counts() == before
    assert client.post(link, data={"user_id": str(signing_only.id)}).status_code == 302


def test_the_dashboard_says_what_waits_for_each_person(app, ready, staff, dev_ca):
    """Whoever signs in sees what waits for them: the verifier whose turn the paraf is, then each signer
    with a block still to sign; nobody else, and nothing once it is done."""
    from raker.tte import services

    event = ready["event"]
    ketua = make_signer(event, dev_ca, KETUA, ready["zainal"])
    sekretaris = make_signer(event, dev_ca, SEKRETARIS, ready["siti"], position="Sekretaris")
    document = services.prepare(
        event,
        "rumusan",
        verifiers=[(staff["kabag"], "Kepala Bagian Tata Laksana"), (staff["kabiro"], "Kepala Biro Organisasi")],
        by=staff["kabag"],
    )
    db.session.commit()
    people = {"kabag": staff["kabag"], "kabiro": staff["kabiro"], "ketua": ketua.user, "sekretaris": sekretaris.user}
    link = f'href="{url(event, f"/dokumen/{document.id}")}"'

    def waits() -> dict[str, str]:
        found = {}
        for who, user in people.items():
            page = text(app.test_client(user=user).get("/dashboard"))
            if "Menunggu Anda" in page:
                assert link in page and document.title in page
                found[who] = (
                    "paraf" if "Paraf Anda ditunggu" in page else "sign" if "Siap Anda tandatangani" in page else "?"
                )
        return found

    assert waits() == {"kabag": "paraf"}  # the second verifier and the signers wait their turn
    services.approve(document, staff["kabag"])
    db.session.commit()
    assert waits() == {"kabiro": "paraf"}
    services.approve(document, staff["kabiro"])
    db.session.commit()
    assert waits() == {"ketua": "sign", "sekretaris": "sign"}
    sign(document, ketua)
    db.session.commit()
    assert waits() == {"sekretaris": "sign"}
    sign(document, sekretaris)
    db.session.commit()
    assert waits() == {}


@pytest.mark.parametrize("content", ["a key without its certificate", "a certificate without its key", "no pkcs12"])
def test_a_pkcs12_missing_its_key_or_certificate_is_refused_not_a_500(app, ready, staff, dev_ca, content):
    """pyHanko meets the missing half with an AttributeError: the upload answered 500."""
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    key, certificate, _ = pkcs12.load_key_and_certificates(dev_ca["files"][KETUA].read_bytes(), PASSPHRASE.encode())
    data = {
        "a key without its certificate": lambda: pkcs12.serialize_key_and_certificates(
            b"ttd", key, None, None, BestAvailableEncryption(PASSPHRASE.encode())
        ),
        "a certificate without its key": lambda: pkcs12.serialize_key_and_certificates(
            b"ttd", None, certificate, None, BestAvailableEncryption(PASSPHRASE.encode())
        ),
        "no pkcs12": lambda: b"bukan berkas PKCS#12",
    }[content]()
    event = ready["event"]
    client = app.test_client(user=staff["kabag"])
    before = table_counts()
    response = client.post(
        url(event, "/penanda-tangan"),
        content_type="multipart/form-data",
        data={
            "name": KETUA,
            "position": "Ketua",
            "nip": ready["zainal"].nip,
            "method": "p12",
            "passphrase": PASSPHRASE,
            "user_id": "",
            "p12": (io.BytesIO(data), "ttd.p12"),
        },
    )
    assert response.status_code == 400 and "Passphrase salah atau berkas PKCS#12 rusak." in text(response)
    assert table_counts() == before


@pytest.mark.parametrize("signer_id", ["²", "99999999999999999999", "-1", ""])
def test_a_mangled_signer_id_is_refused_not_a_500(app, ready, signers, staff, signer_id):
    """str.isdigit() is true for "²" (int() refuses it) and for a number past INTEGER: both were a 500."""
    from raker.tte import services

    document = services.prepare(ready["event"], "rumusan")
    db.session.commit()
    client = app.test_client(user=staff["kabag"])
    response = client.post(
        url(ready["event"], f"/dokumen/{document.id}/tandatangani"),
        data={"signer_id": signer_id, "passphrase": PASSPHRASE},
    )
    assert response.status_code == 400 and "Pilih penanda tangan." in text(response)


@pytest.mark.parametrize("raw", ["²", "99999999999999999999"])
def test_a_mangled_account_or_verifier_id_is_refused_not_a_500(app, ready, signers, staff, dev_ca, raw):
    """The same for the account linked to a signer (an unknown account) and a verifier of a new
    document (left out, as a ragged post's stray verifier is)."""
    from raker.tte import services

    event = ready["event"]
    ketua = services.save_signer(
        event, name=KETUA, position="Ketua", p12=dev_ca["files"][KETUA].read_bytes(), passphrase=PASSPHRASE
    )
    db.session.commit()
    client = app.test_client(user=staff["kabag"])
    linked = client.post(url(event, f"/penanda-tangan/{ketua.id}/akun"), data={"user_id": raw})
    assert linked.status_code == 400 and "Akun tidak dikenal." in text(linked)
    prepared = client.post(
        url(event, "/dokumen"), data={"kind": "rumusan", "verifier_id": [raw], "verifier_label": ["Kepala Bagian"]}
    )
    assert prepared.status_code == 302
    document = db.session.scalars(select(TteDocument)).one()
    assert document.state == "signing" and not document.parafs
