"""The letters a secretariat sends before the meeting (issue 11, A.1 and A.2): the surat undangan to each
region's head and the surat permohonan narasumber, from the letter settings saved once; read back as
a person reads them (PDF text in order, DOCX paragraphs), through the page, the mail and the CLI."""

import io
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from raker.agenda import services as agenda
from raker.events.services import add_delegation, update_event
from raker.extensions import db
from raker.invitations import services as letters
from raker.letters import LetterRefused
from raker.mail import send_pending
from raker.models import CheckIn, LetterSettings, OutboxMessage
from raker.registration.services import change_state
from tests.documents import assert_in_order, docx_lines, flat
from tests.factories import make_event, make_user, register, table_counts

ISSUED = date(2026, 11, 20)
SETTINGS = {
    "signer_position": "a.n. GUBERNUR KALIMANTAN TIMUR\nSEKRETARIS DAERAH",
    "signer_name": "Dr. H. Muhammad Ridwan, M.Si.",
    "signer_rank": "IV/e",
    "signer_nip": "19690512 199503 1 002",
    "print_rank_nip": "y",
    "issued_on": ISSUED.isoformat(),
    "numbering": "single",
    "number_pattern": "005/{n}/Org/{tahun}",
    "speaker_number_pattern": "005/{n}/Org.N/{tahun}",
    "tembusan": "Yth. Gubernur Kalimantan Timur (sebagai laporan);\nYth. Inspektur Provinsi Kalimantan Timur.",
    "attach_agenda": "y",
}
PUBLIC = "http://127.0.0.1:5000"


def wita(day: date, clock: str) -> datetime:
    from zoneinfo import ZoneInfo

    hour, minute = map(int, clock.split("."))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo("Asia/Makassar"))


@pytest.fixture
def world(app):
    event = make_event(
        title="Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur",
        timezone="Asia/Makassar",
        letterhead_government="PEMERINTAH PROVINSI KALIMANTAN TIMUR",
        letterhead_unit="SEKRETARIAT DAERAH",
        organiser="Biro Organisasi Setda Provinsi Kalimantan Timur",
        organiser_city="Samarinda",
        address="Jl. Jenderal Sudirman, Tanah Grogot",
    )
    province = add_delegation(event, {"name": "Provinsi Kalimantan Timur", "region_code": "64", "kind": "provinsi"})
    paser = add_delegation(
        event,
        {
            "name": "Kabupaten Paser",
            "region_code": "64.01",
            "kind": "kabupaten",
            "quota": 20,
            "contact_name": "Sri Wahyuni, S.E.",
            "contact_email": "organisasi@paser.raker.example",
        },
    )
    samarinda = add_delegation(
        event,
        {
            "name": "Kota Samarinda",
            "region_code": "64.72",
            "kind": "kota",
            "quota": 15,
            "contact_email": "organisasi@samarinda.raker.example",
        },
    )
    biro = add_delegation(
        event, {"name": "Biro Pemerintahan dan Otonomi Daerah Setda Provinsi Kalimantan Timur", "kind": "provinsi"}
    )
    staf_ahli = register(event, paser, 1, full_name="I Gusti Putu Suantara", position="Staf Ahli Bupati Paser")
    kepala_biro = register(event, province, 2, full_name="Yusmadi", position="Kepala Biro Organisasi", rank="IV/b")
    for person in (staf_ahli, kepala_biro):
        if person.state != "approved":
            change_state(person, "approved")
    day1, day2 = event.days
    agenda.create_session(
        event,
        {
            "title": "Daftar ulang peserta",
            "kind": "daftar_ulang",
            "starts_at": wita(day1, "07.30"),
            "ends_at": wita(day1, "08.30"),
        },
    )
    talk = agenda.create_session(
        event,
        {
            "title": "Pelayanan Publik Berbasis Teknologi Informasi",
            "kind": "paparan",
            "starts_at": wita(day1, "10.15"),
            "ends_at": wita(day1, "12.00"),
        },
    )
    pleno = agenda.create_session(
        event,
        {
            "title": "Sidang Pleno: Laporan Komisi",
            "kind": "pleno",
            "starts_at": wita(day2, "08.30"),
            "ends_at": wita(day2, "10.30"),
        },
    )
    agenda.add_person(talk, {"role": "narasumber", "registration_id": staf_ahli.id})
    agenda.add_person(talk, {"role": "moderator", "registration_id": kepala_biro.id})
    agenda.add_person(
        pleno, {"role": "narasumber", "registration_id": kepala_biro.id}
    )  # the organiser's own: no letter
    agenda.add_person(
        pleno,
        {
            "role": "narasumber",
            "name": "Prof. Dr. Aji Ratna Kusuma",
            "position": "Guru Besar Administrasi Publik",
            "institution": "Universitas Mulawarman",
        },
    )
    agenda.add_person(pleno, {"role": "narasumber", "registration_id": staf_ahli.id})
    return {
        "event": event,
        "province": province,
        "paser": paser,
        "samarinda": samarinda,
        "biro": biro,
        "staf_ahli": staf_ahli,
        "kepala_biro": kepala_biro,
        "day1": day1,
        "day2": day2,
    }


def client_of(app, event):
    return app.test_client(user=make_user("sekretariat", event=event))


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text().replace("\u00a0", " ") for page in PdfReader(io.BytesIO(data)).pages]


def test_addressed_to_each_regions_head_and_the_province_does_not_invite_itself(world):
    event = world["event"]
    assert letters.addressee_of(event, world["paser"]) == "Bupati Paser"
    assert letters.addressee_of(event, world["samarinda"]) == "Wali Kota Samarinda"
    assert letters.addressee_of(event, world["biro"]) == (
        "Kepala Biro Pemerintahan dan Otonomi Daerah Setda Provinsi Kalimantan Timur"
    )
    assert letters.addressee_of(event, world["province"]) is None
    assert letters.invited(event) == [world["paser"], world["samarinda"], world["biro"]]
    letters.set_addressee(world["samarinda"], "Yth. Sekretaris Daerah Kota Samarinda")  # edited per delegation
    assert letters.addressee_of(event, world["samarinda"]) == "Sekretaris Daerah Kota Samarinda"
    letters.set_addressee(world["samarinda"], "")
    assert letters.addressee_of(event, world["samarinda"]) == "Wali Kota Samarinda"


def test_the_undangan_reads_in_order_from_the_saved_settings(app, world):
    event = world["event"]
    client = client_of(app, event)
    saved = client.post(f"/admin/events/{event.slug}/invitations/settings", data=SETTINGS)
    assert saved.status_code == 302
    page = client.get(f"/admin/events/{event.slug}/invitations").get_data(as_text=True)
    assert "Dr. H. Muhammad Ridwan, M.Si." in page and "19690512 199503 1 002" in page
    assert "Penanda tangan belum disimpan" not in page
    response = client.get(f"/admin/events/{event.slug}/invitations.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = pdf_pages(response.data)
    assert len(pages) == 3 * 3  # three letters, each with its Daftar Undangan and susunan acara
    letter, distribution, programme = pages[:3]
    link = f"{PUBLIC}/events/{event.slug}/register?delegasi=64.01"
    assert_in_order(
        letter,
        [
            "PEMERINTAH PROVINSI KALIMANTAN TIMUR",
            "Nomor",
            "005/....../Org/2026",
            "Sifat",
            "Penting",
            "Lampiran",
            "2 (dua) berkas",
            "Hal",
            f"Undangan {event.title}",
            "Yth. Bupati Paser",
            "di",
            "Tempat",
            "dengan hormat kami mengundang Saudara untuk menugaskan utusan paling banyak 20 (dua puluh) orang dari "
            "Kabupaten Paser",
            "Waktu",
            "pukul 07.30 WITA s.d. selesai",  # from the agenda's first session
            link,
            "Demikian undangan ini disampaikan",
            "Samarinda, 20 November 2026",  # the organiser's city, not the venue's (Tana Paser)
            "a.n. GUBERNUR KALIMANTAN TIMUR",
            "SEKRETARIS DAERAH,",
            "Dr. H. Muhammad Ridwan, M.Si.",
            "Pembina Utama (IV/e)",
            "NIP. 19690512 199503 1 002",
            "Tembusan:",
            "1. Yth. Gubernur Kalimantan Timur (sebagai laporan);",
            "2. Yth. Inspektur Provinsi",
            "Halaman 1 dari 3",
        ],
    )
    assert any(line.strip() == link for line in letter.splitlines()), "the link is printed whole on one line"
    assert "Sri Wahyuni" not in letter and "Pemerintah Kabupaten Paser," not in letter
    assert_in_order(
        distribution,
        [
            "LAMPIRAN I SURAT GUBERNUR KALIMANTAN TIMUR",  # the letter is the governor's, signed a.n.
            "Nomor",
            "005/....../Org/2026",
            "Tanggal",
            "20 November 2026",
            "DAFTAR UNDANGAN",
            "1.",
            "Yth. Bupati Paser",
            "2.",
            "Yth. Wali Kota Samarinda",
            "3.",
            "Yth. Kepala Biro Pemerintahan",
            "Halaman 2 dari 3",
        ],
    )
    assert "Gubernur Kalimantan Timur" not in distribution.split("DAFTAR UNDANGAN")[1]
    assert_in_order(
        programme,
        [
            "LAMPIRAN II SURAT GUBERNUR KALIMANTAN TIMUR",
            "Nomor",
            "005/....../Org/2026",
            "SUSUNAN ACARA",
            format_day(world["day1"]),
            "07.30 – 08.30",
            "Daftar ulang peserta",
            "10.15 – 12.00",
            "Pelayanan Publik Berbasis Teknologi Informasi",
            "I Gusti Putu Suantara, Staf Ahli Bupati Paser (Narasumber)",  # with the jabatan
            format_day(world["day2"]),
            "08.30 – 10.30",
            "Halaman 3 dari 3",
        ],
    )
    assert_in_order(pages[3], ["Yth. Wali Kota Samarinda", "paling banyak 15 (lima belas) orang"])


def format_day(day: date) -> str:
    from raker.i18n import format_day as fmt

    return fmt(day, "id")


def test_per_delegation_numbers_a_typed_time_no_lampiran_and_no_rank_or_nip(app, world):
    event = world["event"]
    letters.save_settings(
        event,
        {**SETTINGS, "numbering": "per_delegation", "starts_at": "09.00", "attach_agenda": "", "print_rank_nip": ""},
    )
    pages = pdf_pages(letters.export_invitations(event, "pdf"))
    assert len(pages) == 3
    assert_in_order(
        pages[0],
        [
            f"005/{world['paser'].position:03d}/Org/2026",
            "Lampiran",
            "-",
            "Hal",
            "pukul 09.00 WITA s.d. selesai",
            "SEKRETARIS DAERAH,",
            "Dr. H. Muhammad Ridwan, M.Si.",
        ],
    )
    assert f"005/{world['samarinda'].position:03d}/Org/2026" in pages[1]
    assert "NIP." not in pages[0] and "Pembina" not in pages[0]
    assert "DAFTAR UNDANGAN" not in " ".join(pages)


def test_bad_settings_are_refused_with_nothing_saved(app, world):
    event = world["event"]
    client = client_of(app, event)
    before = table_counts()
    for bad, field_message in (
        ({"signer_nip": "19691312 199503 1 002"}, "NIP"),
        ({"signer_rank": "V/a"}, "Pilihan tidak sah."),
        ({"numbering": "per_delegation", "number_pattern": "005/Org/{tahun}"}, "{n}"),
        ({"starts_at": "25.00"}, "Jam tidak sah"),
        ({"tembusan": "\n".join(f"Yth. Pejabat {i}" for i in range(12))}, "paling banyak 10"),
    ):
        response = client.post(f"/admin/events/{event.slug}/invitations/settings", data={**SETTINGS, **bad})
        assert response.status_code == 400, bad
        assert field_message in response.get_data(as_text=True), bad
    assert table_counts() == before
    with pytest.raises(letters.SettingsInvalid):
        letters.set_addressee(world["paser"], "x" * 201)


def test_emailed_letters_use_the_saved_signer_and_date(mail_app):
    app, mailbox = mail_app
    event = make_event(letterhead_government="PEMERINTAH PROVINSI KALIMANTAN TIMUR", organiser_city="Samarinda")
    add_delegation(
        event,
        {
            "name": "Kota Bontang",
            "region_code": "64.74",
            "kind": "kota",
            "contact_email": "organisasi@bontang.raker.example",
        },
    )
    add_delegation(event, {"name": "Kota Balikpapan", "region_code": "64.71", "kind": "kota"})
    client = client_of(app, event)
    # Nothing saved yet: refused, nothing queued (the old page mailed unsigned letters dated today).
    page = client.get(f"/admin/events/{event.slug}/invitations").get_data(as_text=True)
    assert "Penanda tangan belum disimpan" in page
    refused = client.post(f"/admin/events/{event.slug}/invitations/send")
    assert refused.status_code == 409 and "Simpan dulu penanda tangan" in refused.get_data(as_text=True)
    assert db.session.query(OutboxMessage).count() == 0
    client.post(f"/admin/events/{event.slug}/invitations/settings", data=SETTINGS)
    page = client.post(f"/admin/events/{event.slug}/invitations/send", follow_redirects=True).get_data(as_text=True)
    assert "1 surat undangan masuk antrean email." in page and "Kota Balikpapan" in page
    send_pending()
    [message] = mailbox.to("organisasi@bontang.raker.example")
    assert message["Subject"] == f"Undangan {event.title}"
    assert "kepada Yth. Wali Kota Bontang" in message.get_body(("plain",)).get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "undangan-64.74.pdf"
    mailed = pdf_pages(attachment.get_content())
    assert_in_order(
        mailed[0],
        [
            "Yth. Wali Kota Bontang",
            "Samarinda, 20 November 2026",
            "a.n. GUBERNUR KALIMANTAN TIMUR",
            "SEKRETARIS DAERAH,",
            "Dr. H. Muhammad Ridwan, M.Si.",
            "NIP. 19690512 199503 1 002",
        ],
    )
    assert "DAFTAR UNDANGAN" in mailed[1]
    downloaded = pdf_pages(
        client.get(f"/admin/events/{event.slug}/invitations.pdf?delegation={event.delegations[0].id}").data
    )
    assert flat(downloaded[0]) == flat(mailed[0])  # the download and the mail are the same letter


def test_permohonan_narasumber_for_each_outside_speaker(app, world):
    event = world["event"]
    letters.save_settings(event, SETTINGS)
    requests = letters.speaker_requests(event)
    assert [(r.name, r.addressee) for r in requests] == [
        ("I Gusti Putu Suantara", "Bupati Paser"),
        ("Prof. Dr. Aji Ratna Kusuma", "Pimpinan Universitas Mulawarman"),
    ]  # not Yusmadi: the organiser's own
    client = client_of(app, event)
    response = client.get(f"/admin/events/{event.slug}/speaker-requests.pdf")
    assert response.status_code == 200
    pages = pdf_pages(response.data)
    assert len(pages) == 2
    assert_in_order(
        pages[0],
        [
            "Nomor",
            "005/001/Org.N/2026",
            "Hal",
            "Permohonan Narasumber",
            "Yth. Bupati Paser",
            "di",
            "Tempat",
            "menugaskan I Gusti Putu Suantara, Staf Ahli Bupati Paser, sebagai narasumber pada:",
            "Materi",
            "Pelayanan Publik Berbasis Teknologi Informasi",
            "Hari/tanggal",
            format_day(world["day1"]),
            "Waktu",
            "pukul 10.15 s.d. 12.00 WITA",
            "Materi",
            "Sidang Pleno: Laporan Komisi",
            "Hari/tanggal",
            format_day(world["day2"]),
            "pukul 08.30 s.d. 10.30 WITA",
            "Demikian permohonan ini disampaikan",
            "Samarinda, 20 November 2026",
            "a.n. GUBERNUR KALIMANTAN TIMUR",
            "SEKRETARIS DAERAH,",
            "Dr. H. Muhammad Ridwan, M.Si.",
            "Tembusan:",
            "Halaman 1 dari 1",
        ],
    )
    assert_in_order(
        pages[1],
        [
            "005/002/Org.N/2026",
            "Yth. Pimpinan Universitas Mulawarman",
            "Prof. Dr. Aji Ratna Kusuma, Guru Besar Administrasi Publik",
        ],
    )
    one = client.get(f"/admin/events/{event.slug}/speaker-requests.docx?person={requests[1].key}")
    assert one.status_code == 200
    lines = docx_lines(one.data)
    assert_in_order(
        " ".join(lines),
        [
            "005/002/Org.N/2026",  # alone, its Nomor as in the batch (it was 001, the first of the selection)
            "Permohonan Narasumber",
            "Yth. Pimpinan Universitas Mulawarman",
            "Sidang Pleno: Laporan Komisi",
            "SEKRETARIS DAERAH,",
        ],
    )
    assert client.get(f"/admin/events/{event.slug}/speaker-requests.pdf?person=n:nobody").status_code == 404


def test_the_undangan_docx_reads_back_as_the_pdf(app, world):
    event = world["event"]
    letters.save_settings(event, SETTINGS)
    response = client_of(app, event).get(f"/admin/events/{event.slug}/invitations.docx?delegation={world['paser'].id}")
    assert response.status_code == 200
    text = " ".join(docx_lines(response.data))
    assert_in_order(
        text,
        [
            "PEMERINTAH PROVINSI KALIMANTAN TIMUR",
            "Nomor",
            "005/....../Org/2026",
            "Lampiran",
            "2 (dua) berkas",
            "Yth. Bupati Paser",
            "pukul 07.30 WITA s.d. selesai",
            f"{PUBLIC}/events/{event.slug}/register?delegasi=64.01",
            "Samarinda, 20 November 2026",
            "a.n. GUBERNUR KALIMANTAN TIMUR",
            "SEKRETARIS DAERAH,",
            "Dr. H. Muhammad Ridwan, M.Si.",
            "NIP. 19690512 199503 1 002",
            "Tembusan:",
            "Yth. Gubernur Kalimantan Timur",
            "LAMPIRAN I SURAT GUBERNUR KALIMANTAN TIMUR",
            "Nomor",
            "DAFTAR UNDANGAN",
            "Yth. Wali Kota Samarinda",
            "LAMPIRAN II SURAT GUBERNUR KALIMANTAN TIMUR",
            "SUSUNAN ACARA",
            "Daftar ulang peserta",
        ],
    )
    assert "Lampiran surat" not in text  # a label without its value


def test_the_personal_links_surat_keterangan_is_signed_by_the_saved_head_of_the_secretariat(app, world):
    event, person = world["event"], world["staf_ahli"]
    db.session.add(
        CheckIn(
            event_id=event.id, registration_id=person.id, day=world["day1"], scanned_at=wita(world["day1"], "07.45")
        )
    )
    db.session.commit()
    client = app.test_client()
    blank = pdf_pages(client.get(f"/r/{person.token}/keterangan-hadir.pdf").data)[0]
    assert "Yusmadi" not in blank and "........" in blank
    letters.save_settings(
        event,
        {
            **SETTINGS,
            "keterangan_position": "Kepala Biro Organisasi",
            "keterangan_name": "Yusmadi",
            "keterangan_rank": "IV/b",
            "keterangan_nip": "19700101 199503 1 001",
        },
    )
    signed = pdf_pages(client.get(f"/r/{person.token}/keterangan-hadir.pdf").data)[0]
    assert_in_order(
        signed,
        [
            "Yang bertanda tangan di bawah ini",
            "Nama",
            "Yusmadi",
            "NIP",
            "19700101 199503 1 001",
            "Jabatan",
            "Kepala Biro Organisasi",
            "I Gusti Putu Suantara",
            "Kepala Biro Organisasi,",
            "Yusmadi",
            "Pembina Tingkat I (IV/b)",
        ],
    )


def test_cli_exports_both_letters(app, world, tmp_path):
    event = world["event"]
    letters.save_settings(event, SETTINGS)
    runner = app.test_cli_runner()
    out = tmp_path / "undangan.docx"
    result = runner.invoke(
        args=["export", "undangan", "--event", event.slug, "--delegation", "64.72", "--format", "docx", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "1 surat undangan" in result.output
    assert "Yth. Wali Kota Samarinda" in docx_lines(out.read_bytes())
    out = tmp_path / "permohonan.pdf"
    result = runner.invoke(args=["export", "permohonan-narasumber", "--event", event.slug, "-o", str(out)])
    assert result.exit_code == 0 and "2 surat permohonan narasumber" in result.output
    assert "Yth. Bupati Paser" in pdf_pages(out.read_bytes())[0]
    empty = make_event(title="Rapat Tanpa Delegasi")
    result = runner.invoke(args=["export", "undangan", "--event", empty.slug, "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "Belum ada delegasi untuk diundang." in result.output


def test_organiser_and_host_are_both_kept(world):
    event = world["event"]
    assert event.organiser_name == "Biro Organisasi Setda Provinsi Kalimantan Timur"
    assert event.host_institution == "Pemerintah Kabupaten Paser" and event.place_of_issue == "Samarinda"
    update_event(event, {"organiser": "", "organiser_city": ""})
    assert event.organiser_name == "Pemerintah Kabupaten Paser" and event.place_of_issue == event.city
    with pytest.raises(LetterRefused):
        letters.build_speaker_requests(make_event(title="Rapat Tanpa Acara"))
    assert db.session.query(LetterSettings).count() == 0
    assert letters.settings_for(event).issued_on is None
    assert letters.issue_date(event, letters.settings_for(event)) == event.today()


def test_saved_settings_and_addressees_read_in_the_audit_log(world):
    from sqlalchemy import select

    from raker.admin.audit_log import sentence
    from raker.models import AuditLog

    def last(action):
        return db.session.scalars(
            select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id.desc())
        ).first()

    rahmawati = make_user("sekretariat", "rahma@uji.raker.example", name="Rahmawati", event=world["event"])
    letters.save_settings(world["event"], SETTINGS, by=rahmawati)
    assert sentence(last("letters.settings")) == (
        "Rahmawati mengubah pengaturan surat undangan dan permohonan narasumber"
    )
    assert last("letters.settings").details["changed"]["issued_on"] == "2026-11-20"
    letters.set_addressee(world["samarinda"], "Sekretaris Daerah Kota Samarinda", by=rahmawati)
    assert sentence(last("letters.addressee")) == (
        "Rahmawati mengubah tujuan surat undangan Kota Samarinda: Sekretaris Daerah Kota Samarinda"
    )
    with pytest.raises(LetterRefused, match="tidak diundang"):
        letters.build_invitations(world["event"], [world["province"]])


def test_the_api_keeps_organiser_and_host(client, app):
    from tests.api.test_api import NEW_EVENT, bearer

    sent = {**NEW_EVENT, "organiser": "Biro Organisasi Setda Provinsi Kalimantan Timur", "organiser_city": "Samarinda"}
    token = bearer(make_user("sekretariat"))
    created = client.post("/api/v1/events", json=sent, headers=token)
    assert created.status_code == 201, created.json
    shown = client.get(f"/api/v1/events/{created.json['slug']}", headers=token).json
    assert (shown["organiser"], shown["organiser_city"]) == (
        "Biro Organisasi Setda Provinsi Kalimantan Timur",
        "Samarinda",
    )
    assert shown["host_institution"] == NEW_EVENT["host_institution"]


def test_one_lampiran_is_headed_without_a_numeral_and_a_unit_heads_own_letter_is_its_own(app, world):
    event = world["event"]
    letters.save_settings(event, {**SETTINGS, "numbering": "per_delegation", "attach_agenda": "y"})
    pages = pdf_pages(letters.export_invitations(event, "pdf", delegations=[world["paser"]]))
    assert len(pages) == 2
    assert_in_order(pages[1], ["LAMPIRAN SURAT GUBERNUR KALIMANTAN TIMUR", "Nomor", "SUSUNAN ACARA"])
    assert "LAMPIRAN I " not in pages[1]
    assert letters.issuer_of("Kepala Biro Organisasi,") == "Kepala Biro Organisasi"
    assert letters.issuer_of("a.n. SEKRETARIS DAERAH\nu.b. KEPALA BIRO ORGANISASI,") == "SEKRETARIS DAERAH"


def test_the_letter_downloads_are_the_exports_of_the_kinds(app, world, monkeypatch):
    """/invitations.<fmt> and /speaker-requests.<fmt> answer with raker.exports.export(): the same file,
    named as the page always named it (undangan.pdf, undangan-<region code>.docx,
    permohonan-narasumber.pdf), the PDF shown inline, no audit row (no personal data), secretariat only."""
    from sqlalchemy import func, select

    from raker import exports
    from raker.models import AuditLog
    from tests.documents import assert_same_file

    monkeypatch.setattr("reportlab.rl_config.invariant", 1)
    event, paser = world["event"], world["paser"]
    letters.save_settings(event, SETTINGS)
    client = client_of(app, event)
    base = f"/admin/events/{event.slug}"
    audited = db.session.scalar(select(func.count(AuditLog.id)))
    key = letters.speaker_requests(event)[1].key
    for url, kind, fmt, options, filename in (
        ("/invitations.pdf", "undangan", "pdf", {}, "undangan.pdf"),
        (
            f"/invitations.docx?delegation={paser.id}",
            "undangan",
            "docx",
            {"delegation": paser.id},
            "undangan-64.01.docx",
        ),
        ("/speaker-requests.pdf", "permohonan-narasumber", "pdf", {}, "permohonan-narasumber.pdf"),
        (
            f"/speaker-requests.docx?person={key}",
            "permohonan-narasumber",
            "docx",
            {"person": key},
            "permohonan-narasumber.docx",
        ),
    ):
        result = exports.export(event, kind, fmt, **options)
        assert (result.filename, result.inline) == (filename, fmt == "pdf")
        assert_same_file(client.get(base + url), result)
    assert exports.export(event, "undangan", "pdf").count == 3
    assert exports.export(event, "permohonan-narasumber", "pdf", person=key).count == 1
    assert db.session.scalar(select(func.count(AuditLog.id))) == audited
    # A delegation or speaker that is not there: a page saying so; a letter not possible yet: a message.
    missing = client.get(base + "/invitations.pdf?delegation=99999")
    assert missing.status_code == 404 and "Delegasi tidak ada pada rapat ini." in missing.get_data(as_text=True)
    assert client.get(base + "/invitations.pdf?delegation=paser").status_code == 404
    nobody = client.get(base + "/speaker-requests.pdf?person=n:nobody")
    assert nobody.status_code == 404 and "Narasumber tidak ditemukan" in nobody.get_data(as_text=True)
    own = client.get(base + f"/invitations.pdf?delegation={world['province'].id}")  # the organiser: not invited
    assert own.status_code == 302 and own.headers["Location"].endswith(f"{base}/invitations")
    petugas = app.test_client(user=make_user("petugas", "pintu-undangan@uji.raker.example", event=event))
    assert petugas.get(base + "/invitations.pdf").status_code == 403
    assert petugas.get(base + "/speaker-requests.pdf").status_code == 403
