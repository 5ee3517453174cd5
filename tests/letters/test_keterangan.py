"""Surat keterangan kehadiran: the letter read back (PDF and DOCX), only the days checked in (undone
ones left out), refused for someone never checked in, per person and per delegation from the
secretariat's pages, on the personal link, and on the command line."""

import pytest

from raker.checkin import keterangan
from raker.letters import LetterRefused
from raker.signer import Signer
from tests.documents import assert_in_order, docx_text, pdf_pages, pdf_text
from tests.factories import make_user

SIGNER = {
    "signer_position": "Kepala Bagian Tata Usaha Biro Organisasi",
    "signer_name": "Hj. Rina Wati, S.H.",
    "signer_rank": "IV/a",
    "signer_nip": "19700315 199503 2 001",
}
SIGNED = Signer(position=SIGNER["signer_position"], name=SIGNER["signer_name"], rank="IV/a", nip="197003151995032001")


def letter_of(world, name: str, *, number: int = 1, signed: bool = True) -> list[str]:
    """The letter's text in order; number: its place in the register of letters (the first printed is 1)."""
    person = world[name]
    parts = [
        "PEMERINTAH PROVINSI KALIMANTAN TIMUR",
        "SURAT KETERANGAN",
        f"Nomor: 000/{number:03d}/SKH/2021",
        "Yang bertanda tangan di bawah ini:",
    ]
    if signed:
        parts += [
            "Nama",
            ":",
            "Hj. Rina Wati, S.H.",
            "NIP",
            ":",
            "19700315 199503 2 001",
            "Pangkat/Gol.",
            ":",
            "Pembina (IV/a)",
            "Jabatan",
            ":",
            "Kepala Bagian Tata Usaha Biro Organisasi",
        ]
    else:
        parts += ["Nama", ":", "." * 40, "NIP", ":", "." * 40, "Jabatan", ":", "Kepala Sekretariat"]
    parts += [
        "dengan ini menerangkan bahwa:",
        "Nama",
        ":",
        person.full_name,
        "NIP",
        ":",
        f"{person.nip[:8]} {person.nip[8:14]} {person.nip[14]} {person.nip[15:]}",
        "Pangkat/Gol.",
        ":",
    ]
    return parts


def test_pdf_names_only_the_days_checked_in(world):
    pdf = keterangan.export(world["event"], [world["zainal"], world["budi"]], "pdf", signer=SIGNED)
    pages = pdf_pages(pdf)
    assert len(pages) == 2  # one letter each, each counted on its own
    assert_in_order(
        pages[0],
        letter_of(world, "zainal")
        + [
            "Penata Tingkat I (III/d)",
            "Jabatan",
            ":",
            "Kepala Bagian Organisasi",
            "Instansi",
            ":",
            "Bagian Organisasi Setda Kabupaten Paser",
            "telah hadir mengikuti Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur pada Senin, 9 Agustus "
            "2021 dan Selasa, 10 Agustus 2021 di Gedung Awa Mangkuruku, Jl. Jenderal Sudirman, Tana Paser.",
            "Demikian surat keterangan ini dibuat",
            "Tana Paser, 10 Agustus 2021",
            "Kepala Bagian Tata Usaha Biro Organisasi,",
            "Hj. Rina Wati, S.H.",
            "Pembina (IV/a)",
            "NIP. 19700315 199503 2 001",
            "Halaman 1 dari 1",
        ],
    )
    # Budi's day-2 check-in was undone: only day 1, and the letter dated that day.
    assert_in_order(
        pages[1],
        letter_of(world, "budi", number=2)
        + ["pada Senin, 9 Agustus 2021 di Gedung", "Tana Paser, 9 Agustus 2021", "Halaman 1 dari 1"],
    )
    assert "10 Agustus" not in pages[1]


def test_docx_reads_the_same(world):
    docx = keterangan.export(world["event"], [world["zainal"], world["budi"]], "docx", signer=SIGNED)
    text = docx_text(docx)
    assert_in_order(
        text,
        letter_of(world, "zainal")
        + ["pada Senin, 9 Agustus 2021 dan Selasa, 10 Agustus 2021", "Hj. Rina Wati, S.H."]
        + letter_of(world, "budi", number=2)
        + ["pada Senin, 9 Agustus 2021 di", "Tana Paser, 9 Agustus 2021"],
    )


def test_a_letter_keeps_its_nomor_and_the_nomor_run_without_gaps(world):
    """Numbered from the register of letters, not from the participants' ids (which left 001, 016, …):
    Budi's letter printed first is 001 and stays 001 in the delegation's batch printed after, where
    Zainal's gets the next, 002; printed again, both keep theirs."""
    event = world["event"]
    assert "Nomor: 000/001/SKH/2021" in pdf_text(keterangan.export(event, [world["budi"]], "pdf", signer=SIGNED))
    for _again in range(2):
        pages = pdf_pages(keterangan.export(event, [world["zainal"], world["budi"]], "pdf", signer=SIGNED))
        assert_in_order(pages[0], letter_of(world, "zainal", number=2))
        assert_in_order(pages[1], letter_of(world, "budi", number=1))


def test_someone_never_checked_in_is_refused(world):
    with pytest.raises(LetterRefused, match="Citra Lestari belum pernah tercatat daftar ulang"):
        keterangan.export(world["event"], [world["zainal"], world["absent"]], "pdf")


def base(world) -> str:
    return f"/admin/events/{world['event'].slug}/attendance"


@pytest.fixture
def secretariat(app, world):
    return app.test_client(user=make_user("sekretariat", "sek.sk@uji.raker.example", event=world["event"]))


def test_per_person_from_the_participant_page(world, secretariat):
    page = secretariat.get(f"/admin/events/{world['event'].slug}/registrations/{world['zainal'].id}")
    link = f"{base(world)}/keterangan-hadir/{world['zainal'].id}.pdf"
    assert link in page.get_data(as_text=True)
    response = secretariat.get(link, query_string={**SIGNER, "number": "000/{n}/SKH/{tahun}"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert_in_order(pdf_text(response.data), letter_of(world, "zainal"))
    docx = secretariat.get(f"{base(world)}/keterangan-hadir/{world['zainal'].id}.docx", query_string=SIGNER)
    assert docx.status_code == 200
    assert_in_order(docx_text(docx.data), letter_of(world, "zainal"))


def test_refusals_on_the_secretariat_pages(world, secretariat):
    never = secretariat.get(f"{base(world)}/keterangan-hadir/{world['absent'].id}.pdf", query_string=SIGNER)
    assert never.status_code == 409
    assert "Citra Lestari belum pernah tercatat daftar ulang" in never.get_data(as_text=True)
    bad_nip = secretariat.get(
        f"{base(world)}/keterangan-hadir/{world['zainal'].id}.pdf",
        query_string={**SIGNER, "signer_nip": "19700315 199513 2 001"},
    )
    assert bad_nip.status_code == 400 and "NIP penanda tangan" in bad_nip.get_data(as_text=True)
    bad_date = secretariat.get(
        f"{base(world)}/keterangan-hadir/{world['zainal'].id}.pdf", query_string={**SIGNER, "issued_on": "10-08-2021"}
    )
    assert bad_date.status_code == 400 and "Tanggal surat tidak sah" in bad_date.get_data(as_text=True)
    other = secretariat.get(f"{base(world)}/keterangan-hadir.pdf", query_string={"delegation": 999999})
    assert other.status_code == 404


def test_batch_per_delegation_from_the_attendance_page(world, secretariat):
    page = secretariat.get(f"{base(world)}/").get_data(as_text=True)
    assert f'action="{base(world)}/keterangan-hadir.pdf"' in page
    response = secretariat.get(
        f"{base(world)}/keterangan-hadir.pdf",
        query_string={**SIGNER, "delegation": world["paser"].id, "issued_on": "2021-08-11"},
    )
    assert response.status_code == 200
    pages = pdf_pages(response.data)
    # Paser's two people checked in, by name; the letters dated as asked.
    assert [("Ani Rahmawati" in p, "Zainal Abidin" in p) for p in pages] == [(True, False), (False, True)]
    assert all("Tana Paser, 11 Agustus 2021" in p for p in pages)
    # Bontang: Budi came on day 1; Citra never came and gets no letter.
    bontang = pdf_text(
        secretariat.get(f"{base(world)}/keterangan-hadir.pdf", query_string={"delegation": world["bontang"].id}).data
    )
    assert "Budi Santoso" in bontang and "Citra Lestari" not in bontang
    # Without a delegation: everyone ever checked in, one letter each.
    assert len(pdf_pages(secretariat.get(f"{base(world)}/keterangan-hadir.pdf").data)) == 4
    everyone = secretariat.get(f"{base(world)}/keterangan-hadir.docx")
    assert everyone.status_code == 200 and docx_text(everyone.data).count("SURAT KETERANGAN") == 4


def test_personal_link_once_checked_in(client, world):
    zainal = world["zainal"]
    page = client.get(f"/r/{zainal.token}").get_data(as_text=True)
    assert f"/r/{zainal.token}/keterangan-hadir.pdf" in page
    response = client.get(f"/r/{zainal.token}/keterangan-hadir.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    # The participant cannot choose the signer: the block is left to sign and stamp at the secretariat.
    assert_in_order(
        pdf_text(response.data),
        letter_of(world, "zainal", signed=False) + ["Kepala Sekretariat,", "." * 40, "NIP. " + "." * 30],
    )
    absent = world["absent"]
    assert f"/r/{absent.token}/keterangan-hadir.pdf" not in client.get(f"/r/{absent.token}").get_data(as_text=True)
    refused = client.get(f"/r/{absent.token}/keterangan-hadir.pdf")
    assert refused.status_code == 409 and "belum pernah tercatat daftar ulang" in refused.get_data(as_text=True)
    assert client.get("/r/no-such-token/keterangan-hadir.pdf").status_code == 404


def test_cli(runner, world, tmp_path):
    target = tmp_path / "sk.pdf"
    result = runner.invoke(
        args=[
            "export",
            "keterangan-hadir",
            "--event",
            world["event"].slug,
            "--delegation",
            "64.01",
            "--signer-position",
            SIGNER["signer_position"],
            "--signer-name",
            SIGNER["signer_name"],
            "--signer-rank",
            "IV/a",
            "--signer-nip",
            SIGNER["signer_nip"],
            "-o",
            str(target),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "2 surat keterangan kehadiran" in result.output
    pages = pdf_pages(target.read_bytes())
    assert_in_order(pages[1], letter_of(world, "zainal", number=2))  # the delegation's second letter
    docx = tmp_path / "sk.docx"
    result = runner.invoke(
        args=["export", "keterangan-hadir", "--event", world["event"].slug, "--format", "docx", "-o", str(docx)]
    )
    assert result.exit_code == 0, result.output
    assert "Citra Lestari" not in docx_text(docx.read_bytes())
    for bad, message in (
        (["--signer-nip", "12"], "NIP harus 18 angka"),
        (["--delegation", "99.99"], "99.99"),
        (["--date", "kemarin"], "Tanggal surat tidak sah"),
    ):
        result = runner.invoke(
            args=["export", "keterangan-hadir", "--event", world["event"].slug, *bad, "-o", str(tmp_path / "bad.pdf")]
        )
        assert result.exit_code != 0 and message in result.output
    assert not (tmp_path / "bad.pdf").exists()


def test_stored_text_prints_as_typed(world):
    """Markup and a pasted control character in stored data: printed literally, the character
    dropped, in both formats (an old row may hold what the forms now refuse)."""
    from raker.extensions import db

    zainal = world["zainal"]
    zainal.full_name, zainal.institution = "<b>Zainal</b> & Abidin", "Bagian\x0b Organisasi <font color=red>"
    db.session.commit()
    pdf = pdf_text(keterangan.export(world["event"], [zainal], "pdf", signer=SIGNED))
    docx = docx_text(keterangan.export(world["event"], [zainal], "docx", signer=SIGNED))
    for text in (pdf, docx):
        assert_in_order(
            text, ["Nama", ":", "<b>Zainal</b> & Abidin", "Instansi", ":", "Bagian Organisasi <font color=red>"]
        )
        assert "\x0b" not in text
