"""Signatures of the delegations' representatives on the berita acara pengesahan (issue 14.7): signed on the
secretariat's tablet by someone of the delegation checked in on the adoption day, stored as the daftar
hadir's (1-bit PNG), printed with the name in the delegation's row of the PDF and the DOCX; a delegation
that has not signed keeps its blank line. Bad input is a message and a 4xx, nothing saved."""

import base64
import io
import zipfile

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import func, select

from raker.extensions import db
from raker.models import AuditLog, BeritaAcaraSignature
from raker.rumusan import berita_acara
from raker.sidang import SidangRefused, signatures
from tests.documents import assert_in_order, docx_text, pdf_text
from tests.factories import make_user


def drawn_png(width=600, height=240, ink=True) -> bytes:
    """What the pad sends: a transparent canvas with a black stroke."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    if ink:
        ImageDraw.Draw(image).line([(40, 180), (160, 60), (280, 170), (420, 50)], fill=(0, 0, 0, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def _count() -> int:
    return db.session.scalar(select(func.count(BeritaAcaraSignature.id)))


def test_a_representative_signs_and_the_berita_acara_prints_it(world, adopted):
    event, zainal, ani = world["event"], world["zainal"], world["ani"]
    staff = make_user("sekretariat", event=event)
    rows = signatures.signing_rows(event)  # day 2, the adoption's: Paser (Zainal, Ani) and Samarinda (Siti)
    assert [(r.delegation.name, [p.full_name for p in r.present]) for r in rows] == [
        ("Kabupaten Paser", ["Ani Rahmawati, S.E.", "Zainal Abidin, S.Sos."]),
        ("Kota Samarinda", ["Siti Rahmah, S.E."]),
    ]
    signatures.sign(event, ani, drawn_png(), by=staff)
    signatures.sign(event, zainal, drawn_png(), by=staff)  # the head signs instead: it replaces Ani's
    [row] = db.session.scalars(select(BeritaAcaraSignature)).all()
    assert row.registration_id == zainal.id and row.taken_by_id == staff.id
    with Image.open(io.BytesIO(row.signature_png)) as stored:
        assert stored.mode == "1" and stored.size == (600, 240)  # as the daftar hadir keeps them
    audit = db.session.scalars(select(AuditLog.details).where(AuditLog.action == "berita_acara.sign")).all()
    assert [(d["delegation"], d["replaced"]) for d in audit] == [("Kabupaten Paser", False), ("Kabupaten Paser", True)]

    document = berita_acara.build(event)
    assert [(d.name, d.representative, bool(d.signature_png)) for d in document.delegations] == [
        ("Kabupaten Paser", "Zainal Abidin, S.Sos.", True),
        ("Kota Samarinda", "", False),
    ]
    pdf = berita_acara.export(event, "pdf")
    assert_in_order(pdf_text(pdf), ["Tanda Tangan", "1", "Kabupaten Paser", "Zainal Abidin, S.Sos.", "Kota Samarinda"])
    assert pdf.count(b"/Subtype /Image") == 1  # the one signature (the kop has no logo here)
    docx = berita_acara.export(event, "docx")
    assert_in_order(docx_text(docx), ["Kabupaten Paser", "Zainal Abidin, S.Sos.", "1.", "Kota Samarinda"])
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        assert len([n for n in archive.namelist() if n.startswith("word/media/")]) == 1

    signatures.remove(event, world["paser"], by=staff)
    assert _count() == 0 and berita_acara.build(event).delegations[0].representative == ""


@pytest.mark.parametrize(
    ("who", "png", "status", "message"),
    [
        ("budi", drawn_png(), 403, "belum tercatat hadir pada hari sidang"),  # his day-2 check-in was undone
        ("absent", drawn_png(), 403, "belum tercatat hadir"),
        ("siti", drawn_png(ink=False), 400, "Tanda tangan kosong"),
        ("siti", b"GIF89a not a png", 400, "harus gambar PNG"),
    ],
)
def test_refusals_save_nothing(world, adopted, who, png, status, message):
    with pytest.raises(SidangRefused, match=message) as refused:
        signatures.sign(world["event"], world[who], png)
    assert refused.value.status == status and _count() == 0


def test_the_tablet_page(app, world, adopted):
    event, siti = world["event"], world["siti"]
    client = app.test_client(user=make_user("sekretariat", event=event))
    url = f"/admin/events/{event.slug}/pleno/tanda-tangan"
    page = client.get(url).get_data(as_text=True)
    assert 'id="ba-pad"' in page and "Siti Rahmah, S.E. (Kota Samarinda)" in page and "Citra Lestari" not in page
    assert "signature-pad.js" not in page and "berita-acara-sign.js" in page  # the pad comes by its import
    saved = client.post(url, data={"registration_id": siti.id, "png": data_url(drawn_png())})
    assert saved.status_code == 302 and _count() == 1
    assert "Ditandatangani Siti Rahmah, S.E." in client.get(url).get_data(as_text=True)
    for data, status, message in (
        ({"registration_id": siti.id, "png": ""}, 400, "Tanda tangan masih kosong."),
        ({"registration_id": siti.id, "png": "data:image/png;base64,!!!"}, 400, "harus gambar PNG"),
        ({"registration_id": "x", "png": data_url(drawn_png())}, 400, "Pilih wakil delegasi"),
        ({"registration_id": world["absent"].id, "png": data_url(drawn_png())}, 403, "belum tercatat hadir"),
    ):
        answer = client.post(url, data=data)
        assert answer.status_code == status and message in answer.get_data(as_text=True)
    assert _count() == 1
    gone = client.post(f"{url}/{world['samarinda'].id}/hapus")
    assert gone.status_code == 302 and _count() == 0
    assert client.post(f"{url}/{world['samarinda'].id}/hapus").status_code == 404
    assert app.test_client(user=make_user("petugas", event=event)).get(url).status_code == 403


def test_erasing_the_person_takes_their_signature_off_the_berita_acara(world, adopted):
    from raker.registration import privacy

    signatures.sign(world["event"], world["siti"], drawn_png())
    privacy.anonymise(world["siti"])
    assert _count() == 0
    assert [d.representative for d in berita_acara.build(world["event"]).delegations] == ["", ""]
