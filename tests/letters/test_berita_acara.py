"""Berita acara pengesahan rumusan: the PDF and DOCX read back, refused before adoption, the chair
set at download and on the command line, who may download it."""

import pytest

from raker.rumusan import berita_acara
from tests.documents import assert_in_order, docx_text, pdf_pages, pdf_text
from tests.factories import make_user
from tests.letters.conftest import CHAIR

FIELDS = {f"chair_{key}": value for key, value in CHAIR.items()}


def url(world, fmt="pdf") -> str:
    return f"/admin/events/{world['event'].slug}/rumusan/berita-acara.{fmt}"


def expected_parts(adopted) -> list[str]:
    return [
        "PEMERINTAH PROVINSI KALIMANTAN TIMUR",
        "BERITA ACARA",
        "PENGESAHAN RUMUSAN",
        "RAPAT KERJA BIDANG KETATALAKSANAAN SE-PROVINSI KALIMANTAN TIMUR TAHUN 2021",
        "Nomor: 000.1/77/BA/2021",
        "Pada hari ini Selasa tanggal sepuluh bulan Agustus tahun dua ribu dua puluh satu, bertempat di "
        "Gedung Awa Mangkuruku, Jl. Jenderal Sudirman, Tana Paser, telah dilaksanakan sidang pleno",
        "dipimpin oleh:",
        "Nama",
        "Dr. H. Muhammad Sa'bani, M.Si.",
        "NIP",
        "19680512 199003 1 002",
        "Jabatan",
        "Asisten Pemerintahan dan Kesejahteraan Rakyat",
        # Day 2: Paser (2 people) and Samarinda (1); Bontang's day-2 check-in was undone.
        "Sidang dihadiri oleh 2 (dua) delegasi dengan 3 (tiga) orang peserta",
        "musyawarah untuk mufakat memutuskan:",
        "Menetapkan Rumusan RAPAT KERJA BIDANG KETATALAKSANAAN SE-PROVINSI KALIMANTAN TIMUR TAHUN 2021, yang "
        "terdiri atas 2 (dua) pokok bahasan, 3 (tiga) butir dan 2 (dua) sub-butir.",
        "sidik jari SHA-256:",
        adopted.fingerprint,
        "Demikian berita acara ini dibuat",
        "Tana Paser, 10 Agustus 2021",
        "Pimpinan Sidang,",
        "Dr. H. Muhammad Sa'bani, M.Si.",
        "Pembina Utama Muda (IV/c)",
        "NIP. 19680512 199003 1 002",
        "Wakil delegasi yang hadir:",
        "No",
        "Delegasi",
        "Nama",
        "Tanda Tangan",
        "1",
        "Kabupaten Paser",
        "2",
        "Kota Samarinda",
    ]


def test_pdf_reads_as_a_berita_acara(world, adopted):
    pdf = berita_acara.export(world["event"], "pdf", chair=CHAIR, number="000.1/77/BA/{tahun}")
    assert_in_order(pdf_text(pdf), expected_parts(adopted))
    text = pdf_text(pdf)
    assert "Kota Bontang" not in text
    assert pdf_pages(pdf)[-1].endswith(f"Halaman {len(pdf_pages(pdf))} dari {len(pdf_pages(pdf))}")


def test_docx_reads_the_same(world, adopted):
    docx = berita_acara.export(world["event"], "docx", chair=CHAIR, number="000.1/77/BA/{tahun}")
    assert_in_order(docx_text(docx), expected_parts(adopted))
    assert "Kota Bontang" not in docx_text(docx)


def test_without_a_chair_the_lines_are_left_to_fill_by_hand(world, adopted):
    text = pdf_text(berita_acara.export(world["event"], "pdf"))
    assert_in_order(
        text,
        [
            "dipimpin oleh:",
            "Nama : " + "." * 40,
            "NIP : " + "." * 40,
            "Jabatan : " + "." * 40,
            "Pimpinan Sidang,",
            "." * 40,
            "NIP. " + "." * 30,
        ],
    )
    assert "000/......./BA/2021" in text


def test_refused_while_the_rumusan_is_not_adopted(app, world):
    sekretariat = make_user("sekretariat", "sek.ba@uji.raker.example", event=world["event"])
    client = app.test_client(user=sekretariat)
    for fmt in ("pdf", "docx"):
        response = client.get(url(world, fmt))
        assert response.status_code == 409
        assert "Rumusan belum ditetapkan" in response.get_data(as_text=True)
    # The rumusan page offers no berita acara yet.
    assert "berita-acara.pdf" not in client.get(f"/admin/events/{world['event'].slug}/rumusan/").get_data(as_text=True)


def test_download_with_the_chair_typed_on_the_rumusan_page(app, world, adopted):
    sekretariat = make_user("sekretariat", "sek.ba@uji.raker.example", event=world["event"])
    client = app.test_client(user=sekretariat)
    page = client.get(f"/admin/events/{world['event'].slug}/rumusan/").get_data(as_text=True)
    assert 'action="' + url(world) + '"' in page and 'name="chair_nip"' in page
    response = client.get(url(world), query_string={**FIELDS, "number": "000.1/77/BA/{tahun}"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert_in_order(pdf_text(response.data), expected_parts(adopted))
    docx = client.get(url(world, "docx"), query_string={**FIELDS, "number": "000.1/77/BA/{tahun}"})
    assert docx.status_code == 200
    assert_in_order(docx_text(docx.data), expected_parts(adopted))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("chair_nip", "1968051219900310", "NIP harus 18 angka"),
        ("chair_rank", "V/z", "Golongan penanda tangan tidak dikenal"),
    ],
)
def test_a_wrong_chair_is_refused_with_a_message(app, world, adopted, field, value, message):
    sekretariat = make_user("sekretariat", "sek.ba@uji.raker.example", event=world["event"])
    response = app.test_client(user=sekretariat).get(url(world), query_string={**FIELDS, field: value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_delegation_contacts_read_the_rumusan_but_do_not_print_its_berita_acara(app, world, adopted):
    contact = make_user("kontak_delegasi", "kontak.ba@uji.raker.example")
    world["paser"].contact_user_id = contact.id
    from raker.extensions import db

    db.session.commit()
    client = app.test_client(user=contact)
    assert client.get(f"/admin/events/{world['event'].slug}/rumusan/rumusan.pdf").status_code == 200
    assert client.get(url(world)).status_code == 403


def test_cli(runner, world, adopted, tmp_path):
    target = tmp_path / "ba.pdf"
    result = runner.invoke(
        args=[
            "export",
            "berita-acara",
            "--event",
            world["event"].slug,
            "--number",
            "000.1/77/BA/{tahun}",
            "--chair-position",
            CHAIR["position"],
            "--chair-name",
            CHAIR["name"],
            "--chair-rank",
            "IV/c",
            "--chair-nip",
            "19680512 199003 1 002",
            "-o",
            str(target),
        ]
    )
    assert result.exit_code == 0, result.output
    assert_in_order(pdf_text(target.read_bytes()), expected_parts(adopted))
    docx = tmp_path / "ba.docx"
    result = runner.invoke(
        args=["export", "berita-acara", "--event", world["event"].slug, "--format", "docx", "-o", str(docx)]
    )
    assert result.exit_code == 0, result.output
    assert adopted.fingerprint in docx_text(docx.read_bytes())
    bad = runner.invoke(
        args=[
            "export",
            "berita-acara",
            "--event",
            world["event"].slug,
            "--chair-nip",
            "123",
            "-o",
            str(tmp_path / "bad.pdf"),
        ]
    )
    assert bad.exit_code != 0 and "NIP harus 18 angka" in bad.output
    assert not (tmp_path / "bad.pdf").exists()


def test_cli_refuses_before_adoption(runner, world, tmp_path):
    result = runner.invoke(
        args=["export", "berita-acara", "--event", world["event"].slug, "-o", str(tmp_path / "ba.pdf")]
    )
    assert result.exit_code != 0 and "Rumusan belum ditetapkan" in result.output
    assert not (tmp_path / "ba.pdf").exists()


def test_adoption_day_decides_who_was_present(world, adopted):
    """Adopted on day 1 instead: Paser (Zainal) and Bontang (Budi) were checked in that day."""
    from raker.extensions import db
    from tests.letters.conftest import DAY1, at

    adopted.adopted_at = at(DAY1, 16)
    db.session.commit()
    text = pdf_text(berita_acara.export(world["event"], "pdf"))
    assert_in_order(
        text,
        [
            "Pada hari ini Senin tanggal sembilan bulan Agustus",
            "2 (dua) delegasi dengan 2 (dua) orang",
            "Tana Paser, 9 Agustus 2021",
            "1",
            "Kabupaten Paser",
            "2",
            "Kota Bontang",
        ],
    )
    assert "Kota Samarinda" not in text


def test_the_plenarys_decisions_are_listed_with_the_votes(world):
    """Each item's decision from the sidang pleno, the vote's counts where a vote decided it."""
    from raker.rumusan import adoption
    from raker.rumusan import services as rumusan
    from raker.sidang import decisions, quorum, votes
    from tests.letters.conftest import check_in

    event = world["event"]
    quorum.save_settings(event, rule="none", speaking_minutes="3")
    document = rumusan.get_or_create(event)
    topic = rumusan.add_topic(document, "Kelembagaan dan Tata Laksana")
    one = rumusan.add_item(topic, "Menyusun SOP administrasi pemerintahan.")
    two = rumusan.add_item(topic, "Memperkuat evaluasi kelembagaan.")
    decisions.set_current_item(event, one)
    decisions.decide(event, one, "disepakati")
    decisions.set_current_item(event, two)
    for person in (world["zainal"], world["siti"]):
        check_in(event, person, event.today())
    vote = votes.open_vote(event, "Butir A.2 disetujui?", item=two)
    for person in (world["zainal"], world["siti"]):
        votes.cast(vote, person, "setuju")
    votes.close_vote(vote)
    decisions.decide(event, two, "pemungutan_suara", vote=vote)
    adoption.adopt(document, by=make_user("perumus", event=event))
    expected = [
        "musyawarah untuk mufakat memutuskan:",
        "Keputusan sidang atas tiap butir:",
        "Butir",
        "Keputusan",
        "Hasil pemungutan suara",
        "A.1",
        "disepakati",
        "musyawarah untuk mufakat",
        "A.2",
        "diputuskan dengan pemungutan suara",
        "setuju 2, tidak setuju 0, abstain 0 dari 2 delegasi hadir — diterima",
        "sidik jari SHA-256:",
        document.fingerprint,
    ]
    assert_in_order(pdf_text(berita_acara.export(event, "pdf")), expected)
    assert_in_order(docx_text(berita_acara.export(event, "docx")), expected)


def test_a_long_delegation_name_has_the_rows_height_it_needs(world, adopted):
    """The demo's "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi" took three lines
    in a row of fixed height and ran over its lines; a short name keeps the room for a signature."""
    from raker.extensions import db
    from raker.pdf.berita_acara import SIGNING_ROW, delegations_table

    world["samarinda"].name = "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"
    db.session.commit()
    document = berita_acara.build(world["event"])
    width = 16 * 28.35
    table = delegations_table(document, width=width)
    table.wrap(width, 10_000)
    names = {row[1].text: height for row, height in zip(table._cellvalues[1:], table._rowHeights[1:], strict=True)}
    for row, height in zip(table._cellvalues[1:], table._rowHeights[1:], strict=True):
        name = row[1]
        needed = name.wrap(table._colWidths[1] - 12, 10_000)[1] + 6
        assert height >= needed, (name.text, height, needed)
    assert names["Kabupaten Paser"] == SIGNING_ROW
    assert names[world["samarinda"].name] > SIGNING_ROW
    text = pdf_text(berita_acara.export(world["event"], "pdf"))
    assert "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi" in text
