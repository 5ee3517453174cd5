"""Daftar hadir as an official signs it: the Waktu line from the agenda, "(lanjutan)" when a
delegation runs over a page, no word broken in a cell, and the list of one session (sidang
komisi, pleno) from the attendance page and the CLI, with the "Mengetahui" signer from both."""

from datetime import datetime, time

import pytest

from raker.agenda import services as agenda
from raker.checkin.attendance import attendance_pdf, attendance_xlsx
from raker.events import services as events
from raker.extensions import db
from raker.models import Room
from tests.factories import make_user

from .conftest import MEETING_DAY, assert_in_order, flat, page_images, page_texts, reader, text_positions
from .test_attendance import SECOND_DAY, SIGNER, workbook_sheet, world  # noqa: F401 (fixture)


def session(event, title, day, start, end, *, kind="komisi", room=None, cancelled=False):
    def moment(clock):
        return datetime.combine(day, time(*clock), tzinfo=event.tz)

    created = agenda.create_session(
        event,
        {
            "title": title,
            "kind": kind,
            "starts_at": moment(start),
            "ends_at": moment(end),
            "room_id": room.id if room else None,
        },
    )
    if cancelled:
        created.cancelled = True
        db.session.commit()
    return created


def room(event, name) -> Room:
    row = Room(event_id=event.id, name=name, capacity=60, position=1)
    db.session.add(row)
    db.session.commit()
    return row


def pdf_text(pdf: bytes) -> str:
    return flat("\n".join(page_texts(pdf)))


# ---- Waktu ------------------------------------------------------------------------------------


def test_waktu_runs_from_the_first_session_to_the_last_of_that_day(world):
    meeting, _ = world
    session(meeting, "Daftar Ulang", MEETING_DAY, (7, 0), (8, 0), kind="daftar_ulang")  # the desk, not the meeting
    session(meeting, "Pembukaan", MEETING_DAY, (8, 0), (9, 30), kind="pembukaan")
    session(meeting, "Sidang Komisi", MEETING_DAY, (13, 0), (16, 30))
    session(meeting, "Malam Ramah Tamah", MEETING_DAY, (19, 0), (21, 0), cancelled=True)  # not held: not counted
    text = pdf_text(attendance_pdf(meeting, MEETING_DAY))
    assert_in_order(text, ["Hari/Tanggal", "Senin, 9 Agustus 2021", "Waktu", ": pukul 08.00 s.d. 16.30 WITA", "Tempat"])
    assert "........" not in text.split("Tempat")[0]
    assert workbook_sheet(attendance_xlsx(meeting, MEETING_DAY))["C4"].value == ": pukul 08.00 s.d. 16.30 WITA"
    # The second day has no session yet: the time is left to fill in by hand.
    assert "Waktu : pukul ........ WITA s.d. selesai" in pdf_text(attendance_pdf(meeting, SECOND_DAY))


# ---- page breaks and cells ----------------------------------------------------------------------


def test_a_delegation_continued_on_the_next_page_says_lanjutan(meeting):
    from .test_attendance import approved

    paser = events.add_delegation(meeting, {"name": "Kabupaten Paser", "region_code": "64.01"})
    berau = events.add_delegation(meeting, {"name": "Kabupaten Berau", "region_code": "64.03"})
    for n in range(1, 61):
        approved(meeting, paser if n <= 40 else berau, n, full_name=f"Peserta Nomor {n:03d}")
    pages = page_texts(attendance_pdf(meeting, MEETING_DAY))
    assert len(pages) >= 3
    assert "(lanjutan)" not in pages[0]
    for page in pages[1:]:
        if "Peserta Nomor" not in page:
            continue
        first_name = int(page.split("Peserta Nomor ")[1][:3])
        heading = "Kabupaten Paser" if first_name <= 40 else "Kabupaten Berau"
        # The column header, then the delegation marked as continued, then its next participant;
        # unless the page starts with a delegation of its own.
        starts_fresh = first_name == 41 and "Kabupaten Berau (lanjutan)" not in page
        if not starts_fresh:
            assert_in_order(page, ["Tanda Tangan", f"{heading} (lanjutan)", f"Peserta Nomor {first_name:03d}"])
    everything = "\n".join(pages)
    assert everything.count("Kabupaten Paser (lanjutan)") + everything.count("Kabupaten Berau (lanjutan)") >= 1
    assert flat(everything).count("Kabupaten Berau") >= 1


def test_no_word_is_broken_inside_a_cell(meeting):
    from .test_attendance import approved

    paser = events.add_delegation(meeting, {"name": "Kabupaten Paser", "region_code": "64.01"})
    approved(
        meeting,
        paser,
        1,
        full_name="Andi Muhammadsyahrulramadhan",
        position="Pengadministrasi Perkantoran",
        institution="Kesekretariatan DPRD Kabupaten Paser",
    )
    approved(
        meeting,
        paser,
        2,
        full_name="Nur Aisyah",
        position="Pengadministrasian Keuangan",
        institution="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    )
    pdf = attendance_pdf(meeting, MEETING_DAY)
    runs = [text for text, _, _ in text_positions(reader(pdf).pages[0])]
    words = " ".join(runs).split()
    for word in (
        "Muhammadsyahrulramadhan",
        "Pengadministrasi",
        "Pengadministrasian",
        "Kesekretariatan",
        "Kepegawaian",
        "Pengembangan",
    ):
        assert word in words, (word, runs)  # whole, on one line, not "Pengadministras" / "i"


# ---- per session --------------------------------------------------------------------------------


@pytest.fixture
def komisi(world):
    meeting, _ = world
    hall = room(meeting, "Ruang Sidang Komisi I")
    return session(meeting, "Sidang Komisi I: Penataan Kelembagaan", SECOND_DAY, (13, 0), (15, 30), room=hall)


def test_a_session_list_has_its_title_time_and_room_and_every_approved_participant(world, komisi):
    meeting, _ = world
    pdf = attendance_pdf(meeting, session=komisi, signer=SIGNER)
    text = pdf_text(pdf)
    assert_in_order(
        text,
        [
            "DAFTAR HADIR",
            meeting.title,
            "Acara : Sidang Komisi I: Penataan Kelembagaan",
            "Hari/Tanggal : Selasa, 10 Agustus 2021",
            "Waktu : pukul 13.00 s.d. 15.30 WITA",
            "Tempat : Ruang Sidang Komisi I, Gedung Awa Mangkuruku",
            "Kota Samarinda",
            "Ahmad Fauzi",
            "Zulkifli",
            "Kabupaten Paser",
            "Budi Santoso",
            "Dewi Lestari",
            "Eko Prasetyo",
            "Jumlah hadir: ........ dari 5 peserta",
            "Tana Paser, 10 Agustus 2021",
            "Mengetahui,",
            "Kepala Biro Organisasi",
            "Dr. H. Yusmadi",
            "Pembina Tingkat I (IV/b)",
            "NIP. 19860926 201505 1 001",
        ],
    )
    assert "Citra Pending" not in text
    # The day's door scans do not show who sat in the sidang: no times, no captured signatures.
    assert "08.30" not in text and "08.05" not in text and page_images(pdf, 1) == []
    sheet = workbook_sheet(attendance_xlsx(meeting, session=komisi))
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert_in_order(
        " | ".join(map(str, cells)),
        [
            "DAFTAR HADIR",
            "Acara",
            ": Sidang Komisi I: Penataan Kelembagaan",
            ": pukul 13.00 s.d. 15.30 WITA",
            "Ahmad Fauzi",
            "Eko Prasetyo",
        ],
    )


def test_session_list_from_the_attendance_page(app, world, komisi):
    meeting, _ = world
    lunch = session(meeting, "Ishoma", SECOND_DAY, (12, 0), (13, 0), kind="ishoma")  # nobody signs for lunch
    secretariat = app.test_client(user=make_user("sekretariat", "hadir@uji.raker.example"))
    page = secretariat.get(f"/admin/events/{meeting.slug}/attendance/?day={SECOND_DAY.isoformat()}")
    assert page.status_code == 200
    url = f"/admin/events/{meeting.slug}/attendance/daftar-hadir/sesi/{komisi.id}.pdf"
    html = page.get_data(as_text=True)
    assert url in html and "Sidang Komisi I: Penataan Kelembagaan" in html and 'name="signer_name"' in html
    assert f"/daftar-hadir/sesi/{lunch.id}.pdf" not in html
    response = secretariat.get(
        url + "?signer_position=Sekretaris+Daerah&signer_name=Drs.+Sri+Wahyuni&signer_rank=IV%2Fe"
    )
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "sesi-" in response.headers["Content-Disposition"]
    assert_in_order(
        pdf_text(response.data), ["Sidang Komisi I", "Mengetahui,", "Sekretaris Daerah,", "Drs. Sri Wahyuni", "(IV/e)"]
    )
    xlsx = secretariat.get(url.replace(".pdf", ".xlsx"))
    assert xlsx.status_code == 200 and xlsx.mimetype.endswith("spreadsheetml.sheet")

    assert app.test_client(user=make_user("petugas", "pintu@uji.raker.example")).get(url).status_code == 403
    assert secretariat.get(url.replace(f"/{komisi.id}.", "/999999.")).status_code == 404
    other = events.create_event(
        {
            **{
                k: getattr(meeting, k)
                for k in (
                    "title",
                    "theme",
                    "description",
                    "host_institution",
                    "venue",
                    "city",
                    "address",
                    "start_date",
                    "end_date",
                    "timezone",
                    "status",
                    "paper_size",
                )
            },
            "registration_opens_at": None,
            "registration_closes_at": None,
        }
    )
    foreign = session(other, "Sidang Lain", SECOND_DAY, (9, 0), (10, 0))
    assert secretariat.get(url.replace(f"/{komisi.id}.", f"/{foreign.id}.")).status_code == 404
    komisi.cancelled = True
    db.session.commit()
    assert secretariat.get(url).status_code == 404


# ---- CLI ----------------------------------------------------------------------------------------


def test_cli_prints_a_session_list_and_the_signer(runner, world, komisi, tmp_path):
    meeting, _ = world
    output = tmp_path / "sesi.pdf"
    result = runner.invoke(
        args=[
            "export",
            "attendance",
            "--event",
            meeting.slug,
            "--session",
            str(komisi.id),
            "--signer-position",
            "Kepala Biro Organisasi",
            "--signer-name",
            "Dr. H. Yusmadi",
            "--signer-rank",
            "IV/b",
            "--signer-nip",
            "198609262015051001",
            "-o",
            str(output),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Sidang Komisi I" in result.output
    assert_in_order(
        pdf_text(output.read_bytes()),
        [
            "Acara : Sidang Komisi I",
            "Waktu : pukul 13.00 s.d. 15.30 WITA",
            "Mengetahui,",
            "Kepala Biro Organisasi,",
            "Dr. H. Yusmadi",
            "Pembina Tingkat I (IV/b)",
            "NIP. 19860926 201505 1 001",
        ],
    )

    day = tmp_path / "hari.xlsx"
    result = runner.invoke(
        args=[
            "export",
            "attendance",
            "--event",
            meeting.slug,
            "--day",
            MEETING_DAY.isoformat(),
            "--format",
            "xlsx",
            "--signer-name",
            "Sri Wahyuni",
            "--signer-position",
            "Asisten",
            "-o",
            str(day),
        ]
    )
    assert result.exit_code == 0, result.output
    cells = [c for row in workbook_sheet(day.read_bytes()).iter_rows(values_only=True) for c in row if c]
    assert "Sri Wahyuni" in cells and "Asisten," in cells


@pytest.mark.parametrize(
    "args, message",
    [
        (["--signer-nip", "12345"], "NIP penanda tangan"),
        (["--signer-rank", "V/z"], "Golongan penanda tangan"),
        (["--session", "999999"], "Sesi 999999 tidak ada"),
        (["--day", "2021-08-09", "--session", "1"], "Pilih salah satu"),
        ([], "Pilih salah satu"),
    ],
)
def test_cli_refuses_bad_options_and_writes_nothing(runner, world, komisi, tmp_path, args, message):
    meeting, _ = world
    if args[:1] == ["--signer-nip"] or args[:1] == ["--signer-rank"]:
        args = ["--session", str(komisi.id), *args]
    output = tmp_path / "x.pdf"
    result = runner.invoke(args=["export", "attendance", "--event", meeting.slug, *args, "-o", str(output)])
    assert result.exit_code == 1 and message in result.output, result.output
    assert not output.exists()
