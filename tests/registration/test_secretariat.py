"""The secretariat's registration pages, export/import round trip, and the registration API."""

import csv
import io
import re
import time
import zipfile
from datetime import datetime

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select, update

from raker.auth.services import issue_token
from raker.events.services import add_delegation, update_event
from raker.extensions import db
from raker.models import ImportUpload, Registration
from raker.safe_text import neutralise
from tests.factories import make_event, make_user, person, register, table_counts


@pytest.fixture
def event(app):
    return make_event()


@pytest.fixture
def paser(event):
    return add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01", "quota": 20})


@pytest.fixture
def secretariat(app):
    return app.test_client(user=make_user("sekretariat"))


def test_list_filters_and_search(secretariat, event, paser):
    berau = add_delegation(event, {"name": "Kabupaten Berau", "region_code": "64.03"})
    register(event, paser, 1, full_name="Rahmawati, S.Sos.")
    register(event, berau, 2, full_name="Yohanes Pasaribu", role="narasumber")
    url = f"/admin/events/{event.slug}/participants"
    assert "Yohanes" not in secretariat.get(url + "?q=rahma").get_data(as_text=True)
    by_nip = secretariat.get(url + "?q=19860926 201505 2 001").get_data(as_text=True)
    assert "Rahmawati" in by_nip and "Yohanes" not in by_nip
    by_role = secretariat.get(url + "?role=narasumber").get_data(as_text=True)
    assert "Yohanes" in by_role and "Rahmawati" not in by_role
    by_delegation = secretariat.get(url + f"?delegation={berau.id}").get_data(as_text=True)
    assert "Yohanes" in by_delegation and "Rahmawati" not in by_delegation
    for foreign in (2**70, berau.id + 1000):  # too big for the column, or not this meeting's: nobody, no 500
        response = secretariat.get(url + f"?delegation={foreign}")
        assert response.status_code == 200
        assert "Yohanes" not in response.get_data(as_text=True) and "Rahmawati" not in response.get_data(as_text=True)
    assert "Rahmawati" not in secretariat.get(url + "?state=approved").get_data(as_text=True)
    from raker.checkin.services import ScanInput, redeem
    from raker.registration.services import change_state

    yohanes = db.session.scalar(select(Registration).where(Registration.full_name == "Yohanes Pasaribu"))
    change_state(yohanes, "approved")
    assert redeem(event, ScanInput(code="RK1:" + yohanes.checkin_code))["status"] == "ok"
    present = secretariat.get(url + "?present=yes").get_data(as_text=True)
    absent = secretariat.get(url + "?present=no").get_data(as_text=True)
    assert "Yohanes" in present and "Rahmawati" not in present
    assert "Rahmawati" in absent and "Yohanes" not in absent


def test_bulk_approve_and_reject(secretariat, event, paser):
    first, second, third = (register(event, paser, n) for n in (1, 2, 3))
    url = f"/admin/events/{event.slug}/participants/bulk"
    secretariat.post(url, data={"action": "approve", "ids": [first.id, second.id]})
    no_reason = secretariat.post(url, data={"action": "reject", "ids": [third.id]}, follow_redirects=True)
    assert "Alasan penolakan wajib diisi." in no_reason.get_data(as_text=True)
    secretariat.post(url, data={"action": "reject", "ids": [third.id], "reason": "Tidak membawa surat tugas"})
    db.session.expire_all()
    assert [r.state for r in (first, second, third)] == ["approved", "approved", "rejected"]
    assert first.checkin_code and second.checkin_code and first.checkin_code != second.checkin_code
    again = secretariat.post(url, data={"action": "approve", "ids": [first.id]}, follow_redirects=True)
    assert "tidak dapat diubah" in again.get_data(as_text=True)


def test_registration_page_state_change_and_history(secretariat, event, paser):
    registration = register(event, paser, 1)
    base = f"/admin/events/{event.slug}/registrations/{registration.id}"
    assert "19860926 201505 2 001" in secretariat.get(base).get_data(as_text=True)
    assert secretariat.post(base + "/state", data={"to": "approved"}).status_code == 302
    assert secretariat.post(base + "/state", data={"to": "pending"}).status_code == 409
    history = secretariat.get(base).get_data(as_text=True)
    assert "menunggu persetujuan → disetujui" in history
    edit = secretariat.post(base + "/edit", data={**person(paser, 1), "delegation": str(paser.id), "role": "moderator"})
    assert edit.status_code == 302
    db.session.expire_all()
    assert registration.role == "moderator"


def test_walk_in_registration_after_close(secretariat, event, paser):
    update_event(event, {"status": "closed"})
    data = {**person(paser, 5), "delegation": str(paser.id), "consent": "y", "approve": "y"}
    response = secretariat.post(f"/admin/events/{event.slug}/registrations/new", data=data)
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration))
    assert registration.state == "approved" and registration.source == "secretariat"


def test_export_xlsx_and_csv_neutralise_formulas(secretariat, event, paser):
    register(event, paser, 1, full_name='=HYPERLINK("http://jahat.example","klik")', notes="@SUM(A1:A9)")
    register(event, paser, 2)
    xlsx = secretariat.get(f"/admin/events/{event.slug}/participants.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["No", "Nama", "NIP"]
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names[0].startswith("'=HYPERLINK") or names[1].startswith("'=HYPERLINK")
    # A checked phone number (+62…) is a text cell with the text format, not a formula: no apostrophe
    # shows in Excel (issue 12 item 1); every other cell that looks like a formula is neutralised.
    phone = header.index("Ponsel")
    assert all(
        not isinstance(v, str) or not v.startswith(("=", "+", "-", "@"))
        for row in sheet.iter_rows(min_row=2, values_only=True)
        for i, v in enumerate(row)
        if i != phone
    )
    assert all(
        cell.data_type == "s" and cell.number_format == "@" and cell.value.startswith("+62")
        for cell in [row[phone] for row in sheet.iter_rows(min_row=2)]
    )
    nips = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "19860926 201505 1 002" in nips  # as text, grouped
    text = secretariat.get(f"/admin/events/{event.slug}/participants.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["No", "Nama"] and len(rows) == 3
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)
    assert neutralise("-1+1") == "'-1+1" and neutralise("Rahmawati") == "Rahmawati" and neutralise(5) == 5


def test_csv_neutralises_a_formula_after_a_list_separator(secretariat, event, paser):
    """Excel with the Indonesian list separator splits a CSV cell at ; (or ,): the part after it
    would run as a formula of its own."""
    register(event, paser, 1, notes='Hadir;=HYPERLINK("http://jahat.example","klik"), +62 812; @SUM(A1)')
    text = secretariat.get(f"/admin/events/{event.slug}/participants.csv").data.decode("utf-8-sig")
    notes = list(csv.reader(io.StringIO(text)))[1][13]
    parts = [part.strip() for part in re.split(r"[;,]", notes)]
    assert parts[0] == "Hadir" and all(not part.startswith(("=", "+", "-", "@")) for part in parts)
    assert notes == 'Hadir;\'=HYPERLINK("http://jahat.example","klik"), \'+62 812; \'@SUM(A1)'
    # the XLSX is not split by Excel: its cell stays as typed
    xlsx = secretariat.get(f"/admin/events/{event.slug}/participants.xlsx")
    cell = load_workbook(io.BytesIO(xlsx.data)).active["N2"].value
    assert cell == 'Hadir;=HYPERLINK("http://jahat.example","klik"), +62 812; @SUM(A1)'
    from raker.registration.imports import _unneutralise

    assert _unneutralise(notes) == cell  # our own guard is undone when the CSV is imported again


def _upload(secretariat, event, filename: str, data: bytes):
    response = secretariat.post(
        f"/admin/events/{event.slug}/import",
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )
    return response


def _sheet(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_import_round_trip_and_twice_is_harmless(secretariat, event, paser):
    register(event, paser, 1)
    register(event, paser, 2)
    exported = secretariat.get(f"/admin/events/{event.slug}/participants.xlsx").data
    other = make_event(title="Rapat Kerja Berikutnya")
    add_delegation(other, {"name": "Kabupaten Paser", "region_code": "64.01"})
    upload = _upload(secretariat, other, "peserta.xlsx", exported)
    assert upload.status_code == 302
    mapping_page = secretariat.get(upload.headers["Location"]).get_data(as_text=True)
    assert "Pemetaan kolom" in mapping_page
    # the exported headers are recognised: accept the guessed mapping as shown
    from raker.registration.imports import IMPORT_FIELDS, guess_mapping, read_table

    table = read_table("peserta.xlsx", exported)
    guessed = {f"map_{k}": "" if v is None else str(v) for k, v in guess_mapping(table.headers).items()}
    report = secretariat.post(upload.headers["Location"], data=guessed).get_data(as_text=True)
    assert "2 diimpor" in report and "0 ditolak" in report
    imported = db.session.scalars(select(Registration).where(Registration.event_id == other.id)).all()
    assert sorted(r.nip for r in imported) == ["198609262015051002", "198609262015052001"]
    assert {r.source for r in imported} == {"import"}
    before = table_counts()["registrations"]
    second = _upload(secretariat, other, "peserta.xlsx", exported)
    report = secretariat.post(second.headers["Location"], data=guessed).get_data(as_text=True)
    assert "0 diimpor" in report and "Sudah terdaftar" in report
    assert table_counts()["registrations"] == before
    assert set(IMPORT_FIELDS) >= {"full_name", "delegation"}


def test_import_reports_each_bad_row(secretariat, event, paser):
    data = _sheet(
        [
            ["Nama", "Delegasi", "NIP", "Pangkat", "Jabatan", "Instansi", "Email", "HP"],
            [
                "Siti Rahmah",
                "64.01",
                "19860926 201505 2 001",
                "iii/a",
                "Analis",
                "Setda Paser",
                "siti@uji.raker.example",
                "0812 1111 2222",
            ],
            [
                "Budi",
                "Kabupaten Antah",
                "19860926 201505 1 002",
                "III/b",
                "Analis",
                "Setda",
                "budi@uji.raker.example",
                "0812 1111 3333",
            ],
            ["Rina", "64.01", "123", "III/a", "Analis", "Setda", "rina@uji.raker.example", "0812 1111 4444"],
            ["=cmd|' /C calc'!A0", "64.01", "", "", "Analis", "Setda", "jahat@uji.raker.example", "0812 1111 5555"],
        ]
    )
    upload = _upload(secretariat, event, "daftar.xlsx", data)
    guessed_page = secretariat.get(upload.headers["Location"]).get_data(as_text=True)
    assert (
        "selected>Nama" in guessed_page.replace('" selected', " selected").replace('value="0" ', "")
        or "Nama" in guessed_page
    )
    from raker.registration.imports import guess_mapping, read_table

    mapping = {
        f"map_{k}": "" if v is None else str(v) for k, v in guess_mapping(read_table("d.xlsx", data).headers).items()
    }
    report = secretariat.post(upload.headers["Location"], data=mapping).get_data(as_text=True)
    assert "1 diimpor" in report and "3 ditolak" in report
    assert "Pilih delegasi yang terdaftar" in report and "NIP harus 18 angka." in report
    assert db.session.scalar(select(Registration)).rank == "III/a"


@pytest.mark.parametrize(
    "filename, data, message",
    [
        ("kosong.csv", b"Nama,Email\n", "paling sedikit satu baris data"),
        ("rusak.xlsx", b"PK\x03\x04 not really a zip", "tidak dapat dibaca"),
        ("gambar.png", b"\x89PNG\r\n\x1a\n\x00\x00binary", "XLSX atau CSV"),
    ],
)
def test_import_refuses_bad_files(secretariat, event, paser, filename, data, message):
    response = _upload(secretariat, event, filename, data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def _declaring(dimension: str) -> bytes:
    """A small real XLSX whose sheet declares `dimension` (as a crafted file would)."""
    source = zipfile.ZipFile(io.BytesIO(_sheet([["Nama", "Email"], ["Siti", "siti@uji.raker.example"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>'.encode(), data)
                assert dimension.encode() in data
                # and one cell in the declared last row: a reader that pads the rows between would
                # build every one of them, 16,384 cells wide
                last = dimension.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                data = data.replace(
                    b"</sheetData>",
                    f'<row r="{last}"><c r="A{last}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'.encode(),
                )
            target.writestr(info.filename, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "dimension, message",
    [
        ("A1:XFD20000", "Paling banyak 5000 baris"),
        ("A1:XFD1048576", "Paling banyak 5000 baris"),
        ("A1:XFD2", "Paling banyak 50 kolom"),
    ],
)
def test_import_refuses_a_sheet_declaring_a_huge_size_at_once(secretariat, event, paser, dimension, message):
    data = _declaring(dimension)
    assert len(data) < 8000
    from raker.registration.imports import ImportFileError, read_table

    started = time.perf_counter()
    with pytest.raises(ImportFileError):
        read_table("besar.xlsx", data)
    assert time.perf_counter() - started < 1  # the reading alone: the machine running the suite may be busy
    before = table_counts()
    response = _upload(secretariat, event, "besar.xlsx", data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert table_counts() == before


def _undeclared_rows(count: int) -> bytes:
    """An XLSX whose sheet has `count` rows and no <dimension>, as some writers make them."""
    source = zipfile.ZipFile(io.BytesIO(_sheet([["Nama", "Email"], ["Siti", "siti@uji.raker.example"]])))
    cells = b"".join(
        b'<c r="%s%%(n)d" t="inlineStr"><is><t>%s %%(n)d</t></is></c>' % (column, text)
        for column, text in ((b"A", b"Nama"), (b"B", b"Email"), (b"C", b"NIP"), (b"D", b"Delegasi"))
    )
    rows = b"".join(b'<row r="%d">' % n + cells % {b"n": n} + b"</row>" for n in range(1, count + 1))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"/>', b"", data)
                data = re.sub(rb"<sheetData>.*</sheetData>", b"<sheetData>" + rows + b"</sheetData>", data, flags=re.S)
            target.writestr(info.filename, data)
    return out.getvalue()


def test_import_refuses_a_long_sheet_without_a_declared_size_at_once(secretariat, event, paser):
    """Without a <dimension>, openpyxl parsed all 200,000 rows just to size the sheet (3.4 s of CPU)
    before the limit could say no; the rows are now counted as the sheet unpacks, up to the limit."""
    from raker.registration.imports import ImportFileError, read_table

    long = _undeclared_rows(200_000)
    started = time.process_time()
    with pytest.raises(ImportFileError, match="Paling banyak 5000 baris"):
        read_table("panjang.xlsx", long)
    assert time.process_time() - started < 1  # CPU of the reading alone (was 3.4 s)
    before = table_counts()
    response = _upload(secretariat, event, "panjang.xlsx", _undeclared_rows(6_000))  # small enough to post
    assert response.status_code == 400 and "Paling banyak 5000 baris" in response.get_data(as_text=True)
    assert table_counts() == before
    assert len(read_table("cukup.xlsx", _undeclared_rows(5_001)).rows) == 5_000  # the header and 5,000 rows


def test_import_bounds_cells_whatever_the_sheet_declares(secretariat, event, paser):
    wide = _sheet([[f"Kolom {i}" for i in range(60)], ["x"] * 60])
    source = zipfile.ZipFile(io.BytesIO(wide))
    undeclared = io.BytesIO()
    with zipfile.ZipFile(undeclared, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, re.sub(rb'<dimension ref="[^"]*"/>', b"", data))
    response = _upload(secretariat, event, "lebar.xlsx", undeclared.getvalue())
    assert response.status_code == 400 and "Paling banyak 50 kolom" in response.get_data(as_text=True)
    bomb = io.BytesIO()  # 1 kB zipped shared strings that unpack to 80 MB
    small = zipfile.ZipFile(io.BytesIO(_declaring("A1:B2")))  # built once: each build has its own timestamp
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for info in small.infolist():
            target.writestr(info.filename, small.read(info))
        target.writestr("xl/padding.xml", b" " * (80 * 1024 * 1024))
    response = _upload(secretariat, event, "bom.xlsx", bomb.getvalue())
    assert response.status_code == 400 and "terlalu besar" in response.get_data(as_text=True)


def test_import_csv_with_a_huge_field_or_control_characters(secretariat, event, paser):
    huge = b'Nama,Email\n"' + b"x" * (200 * 1024) + b'",a@uji.raker.example\n'
    response = _upload(secretariat, event, "panjang.csv", huge)
    assert response.status_code == 400 and "lebih dari 128 kB" in response.get_data(as_text=True)
    from raker.registration.imports import read_table

    table = read_table("d.csv", b"Nama,Email\nBudi\x1b[31m\x07,budi@uji.raker.example\n")
    assert table.rows == [["Budi[31m", "budi@uji.raker.example"]]


def test_import_needs_required_columns(secretariat, event, paser):
    upload = _upload(secretariat, event, "sedikit.csv", b"Nama,Email\nSiti,siti@uji.raker.example\n")
    response = secretariat.post(upload.headers["Location"], data={"map_full_name": "0", "map_email": "1"})
    assert response.status_code == 400
    assert "Kolom wajib belum dipetakan" in response.get_data(as_text=True)
    assert db.session.scalar(select(Registration)) is None


API_PERSON = {
    "full_name": "Dr. Siti Rahmah, M.Si.",
    "delegation": "64.01",
    "asn_status": "pns",
    "nip": "19860926 201505 2 001",
    "rank": "III/a",
    "position": "Analis Kebijakan Ahli Muda",
    "institution": "Bagian Organisasi Setda Kabupaten Paser",
    "email": "siti@uji.raker.example",
    "phone": "0812 3456 7890",
    "role": "peserta",
    "notes": "",
}


def test_api_registration(client, event, paser):
    response = client.post(f"/api/v1/events/{event.slug}/registrations", json=API_PERSON)
    assert response.status_code == 201 and "Periksa email Anda" in response.json["message"]
    assert "id" not in response.json and "state" not in response.json  # without a token: nothing to compare
    by_id = client.post(
        f"/api/v1/events/{event.slug}/registrations",
        json={
            **API_PERSON,
            "delegation": paser.id,
            "nip": "",
            "asn_status": "non_asn",
            "rank": "",
            "email": "lain@uji.raker.example",
        },
    )
    assert by_id.status_code == 201
    duplicate = client.post(f"/api/v1/events/{event.slug}/registrations", json=API_PERSON)
    assert (duplicate.status_code, duplicate.json) == (response.status_code, response.json)  # no oracle
    secretariat = {"Authorization": f"Bearer {issue_token(make_user('sekretariat', 'sek@uji.raker.example'))}"}
    told = client.post(f"/api/v1/events/{event.slug}/registrations", json=API_PERSON, headers=secretariat)
    assert told.status_code == 409 and told.json["error"] == "duplicate"
    bad = client.post(
        f"/api/v1/events/{event.slug}/registrations",
        json={**API_PERSON, "nip": "123", "email": "x", "delegation": "99.99", "rank": 7},
    )
    assert bad.status_code == 400 and set(bad.json["fields"]) == {"nip", "email", "delegation", "rank"}
    assert client.get(f"/api/v1/events/{event.slug}/registrations").status_code == 401
    staff = {"Authorization": f"Bearer {issue_token(make_user('sekretariat'))}"}
    listed = client.get(f"/api/v1/events/{event.slug}/registrations", headers=staff).json
    assert [r["full_name"] for r in listed] == ["Dr. Siti Rahmah, M.Si.", "Dr. Siti Rahmah, M.Si."]
    assert listed[0]["nip"] == "198609262015052001"
    update_event(event, {"status": "closed"})
    closed = client.post(
        f"/api/v1/events/{event.slug}/registrations", json={**API_PERSON, "email": "z@uji.raker.example", "nip": ""}
    )
    assert closed.status_code == 409 and closed.json["error"] == "registration_closed"


def test_api_quota_and_waiting_list(client, event):
    small = add_delegation(event, {"name": "Kota Bontang", "region_code": "64.74", "quota": 1})
    staff = {"Authorization": f"Bearer {issue_token(make_user('sekretariat'))}"}  # id and state: staff only
    states = [
        client.post(
            f"/api/v1/events/{event.slug}/registrations",
            headers=staff,
            json={
                **API_PERSON,
                "delegation": "64.74",
                "email": f"p{n}@uji.raker.example",
                "nip": f"19860926 201505 2 00{n}",
            },
        ).json["state"]
        for n in (1, 2)
    ]
    assert states == ["pending", "waitlisted"]
    assert small.quota == 1


@pytest.mark.clocks
def test_export_file_is_named_with_the_meetings_date(secretariat, event, paser):
    register(event, paser, 1)
    response = secretariat.get(f"/admin/events/{event.slug}/participants.csv")
    today_there = datetime.now(event.tz).date()  # e.g. at 00.30 WITA the server (UTC) is still on yesterday
    assert f'filename="peserta-{event.slug}-{today_there.isoformat()}.csv"' in response.headers["Content-Disposition"]
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # the charset said once


def test_participants_xlsx_keeps_every_text_as_typed(secretariat, event, paser):
    """Text cells stay text: "#N/A" typed in a note is no error value, a CR LF stays a CR LF and spaces at
    the ends are kept."""
    first, second = register(event, paser, 1), register(event, paser, 2)
    # as a row imported or written before the form tidied such text may hold it
    db.session.execute(
        update(Registration).where(Registration.id == first.id).values(notes="#N/A", position="  Analis  ")
    )
    db.session.execute(update(Registration).where(Registration.id == second.id).values(notes="Baris satu\r\nbaris dua"))
    db.session.commit()
    xlsx = secretariat.get(f"/admin/events/{event.slug}/participants.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    header = [c.value for c in sheet[1]]
    rows = {
        row[0].value: {name: cell for name, cell in zip(header, row, strict=True)} for row in sheet.iter_rows(min_row=2)
    }
    notes = {number: row["Catatan"] for number, row in rows.items()}
    assert [(notes[n].value[:12], notes[n].data_type) for n in (1, 2)] == [("#N/A", "s"), ("Baris satu\r\n", "s")]
    assert rows[1]["Jabatan"].value == "  Analis  "


@pytest.mark.parametrize("raw", ["²", "99999999999999999999"])
def test_a_mangled_bulk_id_or_column_number_is_refused_not_a_500(secretariat, event, paser, raw):
    """ "²" passes str.isdigit() but not int(), a number past INTEGER not the database: both were a 500."""
    first = register(event, paser, 1)
    url = f"/admin/events/{event.slug}/participants/bulk"
    response = secretariat.post(url, data={"action": "approve", "ids": [raw, str(first.id)]}, follow_redirects=True)
    assert response.status_code == 200
    db.session.expire_all()
    assert first.state == "approved"  # the sound id in the same post is decided
    upload = _upload(secretariat, event, "d.csv", b"Nama,Email\nSiti,siti@uji.raker.example\n")
    mapped = secretariat.post(upload.headers["Location"], data={"map_full_name": raw, "map_email": "1"})
    assert mapped.status_code == 400 and "Kolom wajib belum dipetakan" in mapped.get_data(as_text=True)


@pytest.mark.parametrize(
    "filename, data, message",
    [
        ("peserta.pdf", b"%PDF-1.4\nNama,Email\nSiti,siti@uji.raker.example\n%%EOF\n", "Berkas harus XLSX atau CSV."),
        ("peserta.csv", b"%PDF-1.4\nNama,Email\nSiti,siti@uji.raker.example\n%%EOF\n", "Berkas harus XLSX atau CSV."),
        ("foto.png", b"\x89PNG\r\n\x1a\nNama,Email\n", "Berkas harus XLSX atau CSV."),
        ("peserta.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Simpan ulang dari Excel sebagai .xlsx"),
        ("peserta.docx", b"Nama,Email\nSiti,siti@uji.raker.example\n", "Berkas harus XLSX atau CSV."),
    ],
)
def test_import_refuses_a_file_that_is_no_table_with_a_message(secretariat, event, filename, data, message):
    """A PDF or a picture picked by mistake (a text-only PDF decodes as cp1252 'CSV' and became a table of
    junk to map), an old .xls: refused on upload, with the reason, and nothing stored."""
    response = _upload(secretariat, event, filename, data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ImportUpload)) == 0


@pytest.mark.parametrize(
    "filename",
    ["peserta.CSV", "peserta", "Peserta Kab. Paser", "Daftar Peserta v1.2", "peserta.TSV", "x" * 230 + ".xlsx"],
)
def test_import_takes_a_list_whatever_its_name(secretariat, event, paser, filename):
    """A name in capitals, without a suffix, with a dot that is no suffix, or too long for its column (cut
    with its suffix kept, so the mapping step reads it as it was read on upload): the mapping page opens."""
    data = (
        _sheet([["Nama", "Email"], ["Siti Aminah", "siti@uji.raker.example"]])
        if filename.endswith(".xlsx")
        else b"Nama,Email\nSiti Aminah,siti@uji.raker.example\n"
    )
    upload = _upload(secretariat, event, filename, data)
    assert upload.status_code == 302, upload.get_data(as_text=True)[:300]
    mapping = secretariat.get(upload.headers["Location"])
    assert mapping.status_code == 200 and "Siti Aminah" in mapping.get_data(as_text=True)
    stored = db.session.scalar(select(ImportUpload))
    assert len(stored.filename) <= 200 and stored.filename.endswith(filename[-5:])
