"""Daftar penerimaan honorarium: the arithmetic per golongan (PP No. 80/2010) with totals and
terbilang, the PDF read back, the XLSX's values, the secretariat's page and its refusals, the CLI."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from raker.agenda import services as agenda
from raker.extensions import db
from raker.honorarium import services
from raker.honorarium.services import SettingsInvalid
from raker.models import AgendaSession, HonorariumSettings
from tests.documents import assert_in_order, pdf_pages, pdf_text
from tests.factories import make_user, table_counts
from tests.honorarium.conftest import PPK_NIP, SETTINGS

# name -> (role, quantity, unit, gross, tax %, tax, net) at Rp900.000/jam, Rp700.000/sesi, others 6 %
EXPECTED = [
    ("Dr. Andi Wijaya, M.Si.", "Narasumber", 2, "jam", 1_800_000, Decimal(15), 270_000, 1_530_000),  # IV/b
    ("Siti Rahmah, S.Sos.", "Moderator", 2, "sesi", 1_400_000, Decimal(5), 70_000, 1_330_000),  # III/c, two sessions
    ("Budi Santoso", "Narasumber", 2, "jam", 1_800_000, Decimal(0), 0, 1_800_000),  # II/d; 2 h 30 min = 2 full hours
    ("Prof. Dr. Rina Kusuma, M.Si.", "Narasumber", 2, "jam", 1_800_000, Decimal(6), 108_000, 1_692_000),  # outside
    ("Joko Susilo", "Narasumber", 1, "jam", 900_000, Decimal(0), 0, 900_000),  # I/d
    ("Maria Ulfa", "Moderator", 1, "sesi", 700_000, Decimal(6), 42_000, 658_000),  # non-ASN
]


def _lines(document):
    return [(x.name, x.role, x.quantity, x.unit, x.gross, x.tax_percent, x.tax, x.net) for x in document.lines]


@pytest.fixture
def secretariat(app, world):
    return app.test_client(user=make_user("sekretariat", "sekretariat.honor@uji.raker.example", event=world["event"]))


def test_arithmetic_per_golongan_with_totals_and_terbilang(world):
    event = world["event"]
    services.save_settings(event, SETTINGS)
    document = services.build_document(event)
    # The notulis and the cancelled session are not paid; each person and role is one line.
    assert _lines(document) == EXPECTED
    assert [x.grade for x in document.lines] == [
        "Pembina Tingkat I (IV/b)",
        "Penata (III/c)",
        "Pengatur Tingkat I (II/d)",
        "Bukan PNS",
        "Juru Tingkat I (I/d)",
        "Bukan PNS",
    ]
    assert (document.total_gross, document.total_tax, document.total_net) == (8_400_000, 490_000, 7_910_000)
    assert document.gross_words == "delapan juta empat ratus ribu rupiah"
    assert document.net_words == "tujuh juta sembilan ratus sepuluh ribu rupiah"


def test_tax_rounds_half_up_to_the_rupiah_and_words_go_past_a_million():
    assert services.tax_of(1_150_010, Decimal(5)) == 57_501  # 57.500,5
    assert services.tax_of(700_010, Decimal("2.5")) == 17_500  # 17.500,25
    assert services.tax_of(700_020, Decimal("2.5")) == 17_501  # 17.500,5
    assert services.rupiah_in_words(1_700_000) == "satu juta tujuh ratus ribu rupiah"
    assert services.rupiah_in_words(2_001_000_015) == "dua miliar satu juta lima belas rupiah"
    assert services.rupiah_in_words(0) == "nol rupiah"
    assert services.golongan_of_rank("IV/b") == "IV" and services.golongan_of_rank("III/a") == "III"
    assert services.golongan_of_rank(None) == "" and services.golongan_of_rank("IX") == ""


def test_default_rate_for_others_is_2_5_percent(world):
    event = world["event"]
    services.save_settings(event, {**SETTINGS, "other_tax_percent": "", "moderator_rate": "700.020"})
    maria = services.build_document(event).lines[-1]
    assert (maria.gross, maria.tax_percent, maria.tax, maria.net) == (700_020, Decimal("2.5"), 17_501, 682_519)


def test_a_narasumber_level_has_its_own_rate(world):
    event = world["event"]
    services.save_settings(event, {**SETTINGS, "rate_eselon_2": "1.200.000", "rate_menteri": ""})
    andi, rina = services.build_document(event).lines[0], services.build_document(event).lines[3]
    services.set_person(event, andi.key, "IV", "eselon_2")
    services.set_person(event, rina.key, "", "menteri")  # no rate of its own: the general rate
    lines = services.build_document(event).lines
    assert (lines[0].rate, lines[0].gross, lines[0].tax, lines[0].category_label) == (
        1_200_000,
        2_400_000,
        360_000,
        "Eselon II/setingkat",
    )
    assert (lines[3].rate, lines[3].gross, lines[3].tax) == (900_000, 1_800_000, 108_000)
    assert_in_order(
        pdf_text(services.export(event, "pdf")),
        ["Narasumber (Eselon II/setingkat)", "1.200.000", "2.400.000", "360.000"],
    )
    with pytest.raises(SettingsInvalid, match="Tingkat narasumber tidak dikenal"):
        services.set_person(event, andi.key, "IV", "presiden")


def test_hours_as_jam_pelajaran_of_45_minutes(world):
    event = world["event"]
    services.save_settings(event, {**SETTINGS, "hour_minutes": 45})
    speakers = [
        (x.name, x.quantity, x.unit, x.gross) for x in services.build_document(event).lines if x.role == "Narasumber"
    ]
    # 120 min = 2 JP, 150 min = 3 JP (rounded down), 60 min = 1 JP
    assert speakers == [
        ("Dr. Andi Wijaya, M.Si.", 2, "JP", 1_800_000),
        ("Budi Santoso", 3, "JP", 2_700_000),
        ("Prof. Dr. Rina Kusuma, M.Si.", 3, "JP", 2_700_000),
        ("Joko Susilo", 1, "JP", 900_000),
    ]


def test_a_speaker_who_declined_is_not_paid(world):
    event = world["event"]
    session = db.session.scalar(select(AgendaSession).where(AgendaSession.title == "Tata Laksana"))
    agenda.respond([p for p in session.people if p.role == "narasumber"][0], "declined")
    assert "Joko Susilo" not in [x.name for x in services.build_document(event).lines]


def test_an_outside_speaker_marked_pns_pays_by_golongan(world):
    event = world["event"]
    services.save_settings(event, SETTINGS)
    outside = services.build_document(event).lines[3]
    services.set_person(event, outside.key, "IV")
    line = services.build_document(event).lines[3]
    assert (line.grade, line.tax_percent, line.tax, line.net) == ("PNS Golongan IV", Decimal(15), 270_000, 1_530_000)
    with pytest.raises(SettingsInvalid, match="bukan narasumber atau moderator"):
        services.set_person(event, "n:orang lain", "III")
    with pytest.raises(SettingsInvalid, match="Golongan harus"):
        services.set_person(event, outside.key, "V")


def test_pdf_reads_in_order_landscape_with_totals_terbilang_and_signers(world):
    event = world["event"]
    services.save_settings(event, SETTINGS)
    data = services.export(event, "pdf")
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = pdf_text(data)
    assert_in_order(
        text,
        [
            "PEMERINTAH KABUPATEN PASER",
            "DAFTAR PENERIMAAN HONORARIUM NARASUMBER DAN MODERATOR",
            "Rapat Kerja Bidang Ketatalaksanaan 2021",
            "Senin, 9 Agustus 2021 s.d. Selasa, 10 Agustus 2021",
            "DPA Biro Organisasi Tahun 2021",
            "No",
            "Nama / NIP",
            "Jabatan / Golongan",
            "Sesi",
            "Tarif (Rp)",
            "Bruto (Rp)",
            "PPh 21 (Rp)",
            "Neto (Rp)",
            "Tanda tangan",
            "Dr. Andi Wijaya, M.Si.",
            "Pembina Tingkat I (IV/b)",
            "Kebijakan Kelembagaan",
            "Agustus,",  # the month in full and the span "s.d.", as everywhere in the document
            "s.d.",
            "2 jam",
            "900.000",
            "1.800.000",
            "270.000",
            "(15 %)",
            "1.530.000",
            "Siti Rahmah, S.Sos.",
            "Moderator",
            "2 sesi",
            "700.000",
            "1.400.000",
            "70.000",
            "(5 %)",
            "Prof. Dr. Rina Kusuma, M.Si.",
            "Bukan PNS",
            "108.000",
            "(6 %)",
            "Maria Ulfa",
            "42.000",
            "658.000",
            "JUMLAH",
            "8.400.000",
            "490.000",
            "7.910.000",
            "Delapan juta empat ratus ribu rupiah",
            "Tujuh juta sembilan ratus sepuluh ribu rupiah",
            # Read block by block: the PPK on the left, then the treasurer under the place and date.
            "Setuju dibayar,",
            "Pejabat Pembuat Komitmen,",
            "Hj. Nurul Hidayah, S.E., M.M.",
            "Pembina (IV/a)",
            "NIP. 19720315 199803 1 004",
            "Samarinda, 10 Agustus 2021",
            "Lunas dibayar,",
            "Bendahara Pengeluaran,",
            "Rudi Hartono, A.Md.",
            "Penata Muda Tingkat I (III/b)",
            "NIP. 19881120 201001 1 003",
        ],
    )
    assert "NIP. 19860926 201505 2 001" in text  # the speaker's NIP, grouped and on one line
    assert "Batal" not in text and "Halaman 1 dari" in text


def test_xlsx_holds_numbers_in_rupiah_and_neutralised_text(world):
    event = world["event"]
    session = db.session.scalar(select(AgendaSession).where(AgendaSession.title == "Tata Laksana"))
    agenda.add_person(session, {"role": "moderator", "name": '=HYPERLINK("http://x")', "institution": "@SUM(1+1)"})
    services.save_settings(event, SETTINGS)
    sheet = load_workbook(io.BytesIO(services.export(event, "xlsx"))).active
    rows = list(sheet.iter_rows(min_row=7, values_only=True))
    first = rows[0]
    assert first[:3] == (1, "Dr. Andi Wijaya, M.Si.", "19860926 201505 2 001")
    assert first[7:14] == (2, "jam", 900_000, 1_800_000, 0.15, 270_000, 1_530_000)
    assert all(isinstance(value, int) for value in first[9:11] + first[12:14])
    assert '"Rp "' in sheet.cell(7, 11).number_format
    injected = rows[6]
    assert injected[1] == '\'=HYPERLINK("http://x")' and injected[3] == "'@SUM(1+1)"
    total = rows[7]
    assert total[0] == "JUMLAH" and (total[10], total[12], total[13]) == (9_100_000, 532_000, 8_568_000)
    words = [row for row in rows if row[0] == "Terbilang (neto)"][0]
    assert words[3] == "Delapan juta lima ratus enam puluh delapan ribu rupiah"
    flat = [value for row in rows for value in row if value]
    assert "Hj. Nurul Hidayah, S.E., M.M." in flat and "NIP. 19720315 199803 1 004" in flat


@pytest.mark.rendering
def test_calc_shows_rupiah_and_rates_with_indonesian_separators_in_any_locale(world, tmp_path):
    """Calc here runs en-US, where "#,##0" printed "Rp 1,800,000" and "0.00%" "2.50%": the sheet's own
    formats carry the dots and the decimal comma. The cells stay numbers for the treasurer's sums."""
    from tests.test_docx_libreoffice import soffice_pdfs
    from tests.test_xlsx_libreoffice import CALC

    if not CALC:
        pytest.skip("LibreOffice Calc is not installed")
    event = world["event"]
    services.save_settings(event, {**SETTINGS, "other_tax_percent": "2,5"})
    data = services.export(event, "xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.cell(7, 11).value == 1_800_000 and sheet.cell(7, 12).value == 0.15
    text = pdf_text(soffice_pdfs({"honorarium": data}, tmp_path, suffix="xlsx")["honorarium"])
    for shown in ("Rp 900.000", "Rp 1.800.000", "Rp 270.000", "Rp 45.000", "Rp 17.500", "Rp 0", "15%", "5%", "2,5%"):
        assert shown in text, shown
    total = services.build_document(event)
    assert f"Rp {total.total_gross:,}".replace(",", ".") in text
    assert f"Rp {total.total_net:,}".replace(",", ".") in text
    assert not re.search(r"\d,\d{3}\b", text) and "2.50%" not in text and "15.00%" not in text


def test_page_previews_saves_and_links_downloads(world, secretariat):
    event = world["event"]
    page = secretariat.get(f"/admin/events/{event.slug}/honorarium/")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Prof. Dr. Rina Kusuma, M.Si." in body and "Tarif belum diisi" in body
    assert f"/admin/events/{event.slug}/honorarium/honorarium.pdf" in body
    assert f"/admin/events/{event.slug}/honorarium/honorarium.xlsx" in body
    form = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in SETTINGS.items()}
    response = secretariat.post(f"/admin/events/{event.slug}/honorarium/pengaturan", data=form)
    assert response.status_code == 302
    stored = db.session.scalar(select(HonorariumSettings).where(HonorariumSettings.event_id == event.id))
    assert (stored.narasumber_rate, stored.moderator_rate, stored.other_tax_bp, stored.ppk_nip) == (
        900_000,
        700_000,
        600,
        PPK_NIP,
    )
    body = secretariat.get(f"/admin/events/{event.slug}/honorarium/").get_data(as_text=True)
    assert 'id="total-gross">8.400.000' in body and 'value="900.000"' in body and 'value="6"' in body
    outside = services.build_document(event).lines[3]
    assert (
        secretariat.post(
            f"/admin/events/{event.slug}/honorarium/orang", data={"key": outside.key, "golongan": "III"}
        ).status_code
        == 302
    )
    db.session.expire_all()  # the request saved it through its own session
    assert services.build_document(event).lines[3].tax == 90_000
    pdf = secretariat.get(f"/admin/events/{event.slug}/honorarium/honorarium.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and "8.400.000" in pdf_text(pdf.data)
    xlsx = secretariat.get(f"/admin/events/{event.slug}/honorarium/honorarium.xlsx")
    assert (
        xlsx.status_code == 200 and load_workbook(io.BytesIO(xlsx.data)).active["B7"].value == "Dr. Andi Wijaya, M.Si."
    )
    detail = secretariat.get(f"/admin/events/{event.slug}").get_data(as_text=True)
    assert f"/admin/events/{event.slug}/honorarium/" in detail


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("narasumber_rate", "-900000", "Tarif tidak boleh negatif."),
        ("moderator_rate", "-1", "Tarif tidak boleh negatif."),
        ("rate_eselon_1", "-1.000", "Tarif tidak boleh negatif."),
        ("rate_menteri", "17.000.000", "Tarif paling tinggi Rp10.000.000"),
        ("narasumber_rate", "90.000.000", "Tarif paling tinggi Rp10.000.000: periksa angkanya."),
        ("moderator_rate", "tujuh ratus ribu", "Tarif harus bilangan bulat rupiah"),
        ("narasumber_rate", "900000,50", "Tarif harus bilangan bulat rupiah"),
        ("other_tax_percent", "60", "Tarif PPh 21 harus 0–50 %."),
        ("other_tax_percent", "-5", "Tarif PPh 21 harus 0–50 %."),
        ("other_tax_percent", "enam", "Tarif PPh 21 harus angka persen"),
        ("other_tax_percent", "2,555", "paling banyak dua angka di belakang koma"),
        ("other_tax_percent", "NaN", "Tarif PPh 21 harus angka persen"),
        ("ppk_nip", "12345", "NIP"),
        ("hour_minutes", "50", "Pilihan tidak sah."),
    ],
)
def test_settings_refused_with_a_message_and_nothing_saved(world, secretariat, field, value, message):
    event = world["event"]
    before = table_counts()
    form = {**{k: (v.isoformat() if isinstance(v, date) else v) for k, v in SETTINGS.items()}, field: value}
    response = secretariat.post(f"/admin/events/{event.slug}/honorarium/pengaturan", data=form)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert message in body and "Pengaturan belum disimpan" in body
    assert table_counts() == before
    assert db.session.scalar(select(HonorariumSettings)) is None


def test_a_pns_without_pangkat_is_flagged_until_the_golongan_is_set(world, secretariat):
    event = world["event"]
    services.save_settings(event, SETTINGS)
    budi = world["people"]["ii"]
    budi.rank = None
    db.session.commit()
    line = services.build_document(event).lines[2]
    assert (line.name, line.needs_golongan, line.tax_percent) == ("Budi Santoso", True, Decimal(6))
    body = secretariat.get(f"/admin/events/{event.slug}/honorarium/").get_data(as_text=True)
    assert "PNS tanpa pangkat/golongan" in body and "Budi Santoso." in body
    services.set_person(event, line.key, "II")
    line = services.build_document(event).lines[2]
    assert (line.needs_golongan, line.tax_percent, line.grade) == (False, Decimal(0), "PNS Golongan II")


def test_golongan_refused_for_someone_not_on_the_list(world, secretariat):
    event = world["event"]
    before = table_counts()
    response = secretariat.post(
        f"/admin/events/{event.slug}/honorarium/orang", data={"key": "r:999999", "golongan": "IV"}
    )
    assert response.status_code == 400
    assert "bukan narasumber atau moderator rapat ini" in response.get_data(as_text=True)
    assert table_counts() == before


def test_cli_writes_pdf_and_xlsx(world, runner, tmp_path):
    event = world["event"]
    services.save_settings(event, SETTINGS)
    pdf, xlsx = tmp_path / "honor.pdf", tmp_path / "honor.xlsx"
    result = runner.invoke(args=["export", "honorarium", "--event", event.slug, "--format", "pdf", "-o", str(pdf)])
    assert result.exit_code == 0, result.output
    assert "Daftar penerimaan honorarium ditulis" in result.output
    assert_in_order(pdf_text(pdf.read_bytes()), ["DAFTAR PENERIMAAN HONORARIUM", "JUMLAH", "8.400.000"])
    result = runner.invoke(args=["export", "honorarium", "--event", event.slug, "--format", "xlsx", "-o", str(xlsx)])
    assert result.exit_code == 0, result.output
    assert load_workbook(xlsx).active["K7"].value == 1_800_000
    result = runner.invoke(args=["export", "honorarium", "--event", "tidak-ada", "-o", str(pdf)])
    assert result.exit_code != 0 and "tidak ditemukan" in result.output


def test_signatures_never_alone_on_a_page(world):
    """The last line and the total go over with terbilang and the signatures, under the column header."""
    event = world["event"]
    services.save_settings(event, SETTINGS)
    pages = pdf_pages(services.export(event, "pdf"))
    assert len(pages) == 2
    signing = [page for page in pages if "Setuju dibayar" in page]
    assert len(signing) == 1
    assert_in_order(
        signing[0],
        ["Nama / NIP", "Maria Ulfa", "JUMLAH", "8.400.000", "Terbilang (bruto)", "Setuju dibayar", "Lunas dibayar"],
    )
    assert "Joko Susilo" in pages[0] and "Maria Ulfa" not in pages[0]


def test_a_short_list_is_one_page_with_one_header(world):
    event = world["event"]
    for title in ("Sidang Komisi I", "Tata Laksana"):
        agenda.set_cancelled(db.session.scalar(select(AgendaSession).where(AgendaSession.title == title)), True)
    services.save_settings(event, SETTINGS)
    pages = pdf_pages(services.export(event, "pdf"))
    assert len(pages) == 1 and pages[0].count("Nama / NIP") == 1
    assert_in_order(pages[0], ["Dr. Andi Wijaya", "Siti Rahmah", "JUMLAH", "2.500.000", "Setuju dibayar"])


def test_the_demo_prints_the_honorarium_with_figures(runner, tmp_path):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    output = tmp_path / "honorarium.pdf"
    result = runner.invoke(
        args=["export", "honorarium", "--event", "raker-ketatalaksanaan-kaltim-2026", "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(output.read_bytes())
    # Dwiyoga (IV/c) speaks 1 h 45 min = 1 jam at Rp1.000.000, 15 % PPh 21; the opening speeches are not paid.
    assert_in_order(
        text,
        ["Dwiyoga P. Soediarto", "Pembina Utama Muda (IV/c)", "1 jam", "1.000.000", "150.000", "850.000", "JUMLAH"],
    )
    assert "Sambutan" not in text and "Aji Sayid Faturrahman" not in text


def test_pdf_on_f4_landscape_with_every_font_embedded(world, tmp_path):
    import subprocess

    from raker.events.services import update_event

    event = world["event"]
    update_event(event, {"paper_size": "F4"})
    services.save_settings(event, SETTINGS)
    path = tmp_path / "honorarium.pdf"
    path.write_bytes(services.export(event, "pdf"))
    box = PdfReader(path).pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (330, 215)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # the "emb" column
    assert "Helvetica" not in fonts


def test_docx_reads_back_in_order_landscape_from_the_page_and_the_cli(world, secretariat, runner, tmp_path):
    from docx import Document

    from tests.documents import docx_lines

    event = world["event"]
    services.save_settings(event, SETTINGS)
    body = secretariat.get(f"/admin/events/{event.slug}/honorarium/").get_data(as_text=True)
    url = f"/admin/events/{event.slug}/honorarium/honorarium.docx"
    assert url in body
    response = secretariat.get(url)
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    section = Document(io.BytesIO(response.data)).sections[0]
    assert section.page_width > section.page_height  # landscape, as the PDF
    text = " | ".join(" ".join(line.split()) for line in docx_lines(response.data))
    assert_in_order(
        text,
        [
            "PEMERINTAH KABUPATEN PASER",
            "DAFTAR PENERIMAAN HONORARIUM NARASUMBER DAN MODERATOR",
            "Rapat Kerja Bidang Ketatalaksanaan 2021",
            "Senin, 9 Agustus 2021 s.d. Selasa, 10 Agustus 2021",
            "DPA Biro Organisasi Tahun 2021",
            "No",
            "Nama / NIP",
            "Tanda tangan",
            "1",
            "Dr. Andi Wijaya, M.Si.",
            "Pembina Tingkat I (IV/b)",
            "Kebijakan Kelembagaan",
            "2 jam",
            "900.000",
            "1.800.000",
            "270.000",
            "(15 %)",
            "1.530.000",
            "1.",
            "Siti Rahmah, S.Sos.",
            "Moderator",
            "2 sesi",
            "700.000",
            "1.400.000",
            "70.000",
            "(5 %)",
            "2.",
            "Maria Ulfa",
            "42.000",
            "658.000",
            "6.",
            "JUMLAH",
            "8.400.000",
            "490.000",
            "7.910.000",
            "Delapan juta empat ratus ribu rupiah",
            "Tujuh juta sembilan ratus sepuluh ribu rupiah",
            "Setuju dibayar,",
            "Pejabat Pembuat Komitmen,",
            "Hj. Nurul Hidayah, S.E., M.M.",
            "Pembina (IV/a)",
            "NIP. 19720315 199803 1 004",
            "Samarinda, 10 Agustus 2021",
            "Lunas dibayar,",
            "Bendahara Pengeluaran,",
            "Rudi Hartono, A.Md.",
            "NIP. 19881120 201001 1 003",
        ],
    )
    output = tmp_path / "honor.docx"
    result = runner.invoke(args=["export", "honorarium", "--event", event.slug, "--format", "docx", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "Prof. Dr. Rina Kusuma, M.Si." in " ".join(docx_lines(output.read_bytes()))


def test_a_jabatan_that_names_its_instansi_is_printed_once(world):
    """The demo printed "Kepala Biro Organisasi Sekretariat Daerah Provinsi Kalimantan Timur, Biro
    Organisasi Sekretariat Daerah Provinsi Kalimantan Timur"; another jabatan keeps its instansi."""
    event = world["event"]
    world["people"]["iv"].position = "Kepala  Bagian Organisasi Setda Kabupaten Paser"
    db.session.commit()
    services.save_settings(event, SETTINGS)
    positions = {line.name: line.position for line in services.build_document(event).lines}
    assert positions["Dr. Andi Wijaya, M.Si."] == "Kepala Bagian Organisasi Setda Kabupaten Paser"
    assert positions["Joko Susilo"] == "Pengemudi, Bagian Organisasi Setda Kabupaten Paser"
    text = pdf_text(services.export(event, "pdf"))
    assert text.count("Bagian Organisasi Setda Kabupaten Paser") == len(positions) - 1  # the outside speaker's differs
