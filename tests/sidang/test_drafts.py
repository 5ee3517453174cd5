"""Commission drafts (issue 14): the sekretaris writes the commission's points (rumusan items with history),
the tim perumus takes them into the rumusan's topics, and each keeps where it came from ("dari Komisi II")
in the editor, the live state and its history; the import seats participants by NIP or check-in code with a
report per row; the badge carries the commission."""

import io

import pytest

from raker.extensions import db
from raker.pdf.badge import badge_pdf
from raker.registration.imports import ImportFileError, read_table
from raker.registration.services import qr_text
from raker.rumusan import services as rumusan
from raker.sidang import SidangRefused, decisions, drafts, live
from raker.sidang import commissions as komisi
from tests.factories import make_user, table_counts
from tests.pdf.conftest import flat, page_texts
from tests.sidang.test_commissions import meeting  # noqa: F401  (the fixture: two delegations of five)


@pytest.fixture
def commissions(meeting):  # noqa: F811
    event, people = meeting
    first, second = (komisi.create_commission(event, topic) for topic in ("Kelembagaan", "Pelayanan publik"))
    writer, chair, member = people["Kabupaten Paser"][:3]
    for person in (writer, chair, member):
        komisi.assign(second, person)
    komisi.update_commission(second, topic="Pelayanan publik", chair_id=chair.id, secretary_id=writer.id)
    return event, people, first, second, (writer, chair, member)


def test_the_sekretaris_drafts_and_the_tim_perumus_takes_the_point_with_its_origin(commissions):
    event, _, _, second, (writer, _, _) = commissions
    point = drafts.add_point(second, writer, "Setiap perangkat daerah menyusun standar pelayanan dengan:")
    sub = drafts.add_point(second, writer, "melibatkan masyarakat;", parent_id=point.id)
    drafts.edit_point(second, writer, point.id, "Setiap perangkat daerah menetapkan standar pelayanan dengan:")
    assert [p.id for p in drafts.points(second)] == [point.id]
    assert [n.note for n in point.history] == [
        "Ditulis dalam sidang komisi (sekretaris Komisi II)",
        "Diubah dalam sidang komisi (sekretaris Komisi II)",
    ]
    draft = rumusan.rumusan_of(event)
    assert rumusan.numbered(draft) == []  # not in the rumusan until taken
    assert [i.id for i in rumusan.commission_drafts(draft)] == [point.id]

    perumus = make_user("perumus", name="Ketua Tim Perumus")
    topic = rumusan.add_topic(draft, "Pelayanan Publik")
    rumusan.take_item(point, topic, by=perumus)
    db.session.expire_all()
    [entry] = rumusan.numbered(draft)[0]["items"]
    assert entry["item"].id == point.id and [s["item"].id for s in entry["subs"]] == [sub.id]
    assert rumusan.origin(entry["item"]) == "dari Komisi II"
    assert entry["item"].history[-1].note == "Diambil dari Komisi II ke topik Pelayanan Publik."
    assert rumusan.commission_drafts(draft) == []
    with pytest.raises(SidangRefused, match="sudah diambil"):
        drafts.edit_point(second, writer, point.id, "Teks lain.")
    # the plenary screens say where it came from
    decisions.set_current_item(event, entry["item"], by=perumus)
    assert live.state(event)["item"]["origin"] == "dari Komisi II"


def test_only_the_commission_officers_write_its_draft(commissions):
    event, people, first, second, (writer, chair, member) = commissions
    drafts.add_point(second, chair, "Pimpinan komisi juga menulis.")
    before = table_counts()
    with pytest.raises(SidangRefused, match="Hanya sekretaris dan pimpinan") as refused:
        drafts.add_point(second, member, "Anggota biasa tidak menulis.")
    assert refused.value.status == 403
    with pytest.raises(SidangRefused, match="Hanya sekretaris dan pimpinan"):
        drafts.add_point(first, writer, "Bukan komisinya.")
    with pytest.raises(SidangRefused, match="wajib diisi"):
        drafts.add_point(second, writer, "  ")
    assert table_counts() == before


def test_the_editor_and_history_pages_name_the_commission(app, commissions):
    event, _, _, second, (writer, _, _) = commissions
    point = drafts.add_point(second, writer, "Inovasi pelayanan direplikasi antardaerah.")
    client = app.test_client(user=make_user("perumus", name="Ketua Tim Perumus"))
    page = client.get(f"/admin/events/{event.slug}/rumusan/").get_data(as_text=True)
    assert "Rancangan komisi" in page and "Inovasi pelayanan direplikasi antardaerah." in page
    topic = rumusan.add_topic(rumusan.rumusan_of(event), "Pelayanan Publik")
    response = client.post(f"/admin/events/{event.slug}/rumusan/komisi/{point.id}/ambil", data={"topic_id": topic.id})
    assert response.status_code == 302
    page = client.get(f"/admin/events/{event.slug}/rumusan/").get_data(as_text=True)
    assert "dari Komisi II" in page
    history = client.get(f"/admin/events/{event.slug}/rumusan/items/{point.id}/history").get_data(as_text=True)
    assert "dari Komisi II" in history and "Diambil dari Komisi II ke topik Pelayanan Publik." in history


def test_the_sekretaris_writes_from_the_personal_link(commissions, client):
    event, _, _, second, (writer, _, member) = commissions
    response = client.post(f"/r/{writer.token}/komisi", data={"text": "Butir dari telepon sekretaris."})
    assert response.status_code == 302
    assert [p.text for p in drafts.points(second)] == ["Butir dari telepon sekretaris."]
    assert "Butir dari telepon sekretaris." in client.get(f"/r/{writer.token}/komisi").get_data(as_text=True)
    refused = client.post(f"/r/{member.token}/komisi", data={"text": "Tidak boleh."})
    assert refused.status_code == 403 and "Hanya sekretaris dan pimpinan" in refused.get_data(as_text=True)
    assert len(drafts.points(second)) == 1


def test_sub_points_one_by_one_edit_delete_reorder_with_history(commissions):
    """The sekretaris changes a draft's sub-points a., b. one at a time: edit one (a version in its history,
    noted with the office), move one up or down among its siblings, delete one (through the rumusan's
    transition table); each in the audit log with who did it. Refused with a message, nothing changed: a
    move of no direction, a dropped sub-point, a sub-point of a point already taken, someone not an officer."""
    from sqlalchemy import select

    from raker.models import AuditLog

    event, _, _, second, (writer, chair, member) = commissions
    point = drafts.add_point(second, writer, "Setiap perangkat daerah menyusun standar pelayanan dengan:")
    a, b, c = (
        drafts.add_point(second, writer, text, parent_id=point.id)
        for text in ("melibatkan masyarakat;", "mengumumkannya;", "mengevaluasinya setiap tahun.")
    )
    drafts.edit_point(second, writer, b.id, "mengumumkannya kepada masyarakat;")
    assert [v.note for v in b.history] == [
        "Ditulis dalam sidang komisi (sekretaris Komisi II)",
        "Diubah dalam sidang komisi (sekretaris Komisi II)",
    ]
    assert [s.text for s in drafts.sub_points(point)][1] == "mengumumkannya kepada masyarakat;"
    assert drafts.move_point(second, chair, c.id, "up") is True
    assert [s.id for s in drafts.sub_points(point)] == [a.id, c.id, b.id]
    assert drafts.move_point(second, writer, a.id, "up") is False  # already first: nothing changes
    drafts.drop_point(second, writer, a.id)
    db.session.expire_all()
    assert [s.id for s in drafts.sub_points(point)] == [c.id, b.id]
    assert a.state == "dropped" and a.history[-1].note == "Dihapus dalam sidang komisi (sekretaris Komisi II)"
    assert point.version == 1  # the point itself is untouched
    audit = [
        (row.action, row.object_id, row.details.get("by_participant"))
        for row in db.session.scalars(
            select(AuditLog).where(AuditLog.action.like("commission.draft_%")).order_by(AuditLog.id)
        )
    ][4:]
    assert audit == [
        ("commission.draft_edit", b.id, writer.full_name),
        ("commission.draft_move", c.id, chair.full_name),
        ("commission.draft_drop", a.id, writer.full_name),
    ]

    before = table_counts()
    with pytest.raises(SidangRefused, match="Arah pindah") as refused:
        drafts.move_point(second, writer, b.id, "sideways")
    assert refused.value.status == 400
    with pytest.raises(SidangRefused, match="sudah dihapus"):
        drafts.edit_point(second, writer, a.id, "dihidupkan lagi;")
    with pytest.raises(SidangRefused, match="Hanya sekretaris dan pimpinan"):
        drafts.move_point(second, member, b.id, "up")
    assert table_counts() == before
    rumusan.take_item(point, rumusan.add_topic(rumusan.rumusan_of(event), "Pelayanan Publik"), by=None)
    with pytest.raises(SidangRefused, match="sudah diambil"):
        drafts.edit_point(second, writer, b.id, "setelah diambil;")


def test_the_draft_page_edits_each_sub_point_and_shows_its_history(commissions, client):
    event, people, first, second, (writer, _, member) = commissions
    point = drafts.add_point(second, writer, "Inovasi pelayanan direplikasi dengan:")
    a = drafts.add_point(second, writer, "pendampingan Biro Organisasi;", parent_id=point.id)
    b = drafts.add_point(second, writer, "anggaran masing-masing daerah.", parent_id=point.id)
    page = client.get(f"/r/{writer.token}/komisi").get_data(as_text=True)
    assert "Butir 1 huruf a" in page and "Butir 1 huruf b" in page  # one form per sub-point
    assert page.count('name="action" value="drop"') == 3 and page.count('value="up"') == 1
    url = f"/r/{writer.token}/komisi/{b.id}"
    assert client.post(url, data={"action": "up"}).status_code == 302
    db.session.expire_all()
    assert [s.id for s in drafts.sub_points(point)] == [b.id, a.id]
    assert client.post(url, data={"action": "edit", "text": "anggaran daerah masing-masing."}).status_code == 302
    bad = client.post(url, data={"action": "edit", "text": "  "})
    assert bad.status_code == 400 and "wajib diisi" in bad.get_data(as_text=True)
    # a member reads the history with the word diff; a member of no commission finds nothing
    history = client.get(f"/r/{member.token}/komisi/{b.id}/riwayat").get_data(as_text=True)
    assert "Diubah dalam sidang komisi (sekretaris Komisi II)" in history
    assert "<ins>+ daerah masing-masing.</ins>" in history and "<del>− masing-masing daerah.</del>" in history
    assert client.get(f"/r/{member.token}/komisi/{b.id}/riwayat?a=9").status_code == 404
    outsider = people["Kabupaten Paser"][4]
    komisi.assign(first, outsider)
    assert client.get(f"/r/{outsider.token}/komisi/{b.id}/riwayat").status_code == 404
    reader = client.get(f"/r/{member.token}/komisi").get_data(as_text=True)
    assert 'value="drop"' not in reader and f"/komisi/{point.id}/riwayat" in reader


def _csv(rows: list[str]) -> bytes:
    return ("\n".join(rows) + "\n").encode()


def test_import_seats_by_nip_or_check_in_code_and_reports_each_row(commissions):
    event, people, first, second, _ = commissions
    samarinda = people["Kota Samarinda"]
    nip = samarinda[0].nip
    grouped = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    table = read_table(
        "komisi.csv",
        _csv(
            [
                "NIP;Komisi",
                f"{grouped};I",
                f"{samarinda[1].checkin_code};Komisi II",
                "199001012015051999;I",
                f"{samarinda[2].checkin_code};VII",
                f"{samarinda[2].checkin_code};²",  # isdigit(), not int(): was a 500
            ]
        ),
    )
    report = komisi.import_assignments(event, table)
    assert [(r.line, r.ok) for r in report.rows] == [(2, True), (3, True), (4, False), (5, False), (6, False)]
    assert report.rows[2].message == "NIP atau kode tidak dikenal pada rapat ini."
    assert report.rows[3].message == "Komisi VII tidak ada."
    assert komisi.commission_of(samarinda[0]).id == first.id and komisi.commission_of(samarinda[1]).id == second.id
    assert komisi.commission_of(samarinda[2]) is None
    with pytest.raises(ImportFileError, match="Komisi"):
        komisi.import_assignments(event, read_table("x.csv", _csv(["Nama;Kota", "A;B"])))


def test_import_page_shows_the_report(app, commissions):
    event, people, _, _, _ = commissions
    client = app.test_client(user=make_user("sekretariat"))
    person = people["Kota Samarinda"][3]
    body = _csv(["Kode,Komisi", f"{person.checkin_code},1", "RKR-TIDAK-ADA,1"])
    response = client.post(
        f"/admin/events/{event.slug}/komisi/impor",
        data={"file": (io.BytesIO(body), "komisi.csv")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "1 diimpor" in page and "1 ditolak" in page
    assert "NIP atau kode tidak dikenal pada rapat ini." in page
    before = table_counts()
    bad = client.post(
        f"/admin/events/{event.slug}/komisi/impor",
        data={"file": (io.BytesIO(b"Nama\nA\n"), "komisi.csv")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400 and "Komisi" in bad.get_data(as_text=True)
    assert table_counts() == before


def test_the_badge_names_the_commission(commissions):
    event, people, _, second, (writer, _, _) = commissions
    outsider = people["Kota Samarinda"][0]
    db.session.expire_all()
    registrations = [db.session.get(type(writer), writer.id), db.session.get(type(outsider), outsider.id)]
    for layout in ("a6", "cr80", "sheet"):
        texts = [flat(t) for t in page_texts(badge_pdf(registrations, event=event, qr_text_for=qr_text, layout=layout))]
        assert "KOMISI II" in texts[0]
        if layout != "sheet":
            assert "KOMISI" not in texts[1]


def test_daftar_hadir_of_a_commission_lists_its_members_only(app, commissions):
    event, people, first, second, (writer, chair, member) = commissions
    from docx import Document
    from openpyxl import load_workbook

    from raker.agenda import services as agenda
    from raker.checkin.attendance import export

    outsider = people["Kota Samarinda"][0].full_name
    pdf = flat(" ".join(page_texts(export(event, "pdf", day=event.start_date, commission=second))))
    assert "Sidang Komisi II: Pelayanan publik" in pdf and flat(writer.full_name) in pdf
    assert flat(outsider) not in pdf and "Jumlah hadir: 0 dari 3 peserta" in pdf
    sheet = load_workbook(io.BytesIO(export(event, "xlsx", day=event.start_date, commission=second))).active
    names = {cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    assert {writer.full_name, chair.full_name, member.full_name} <= names and outsider not in names
    docx = Document(io.BytesIO(export(event, "docx", day=event.start_date, commission=second)))
    words = " ".join(cell.text for table in docx.tables for row in table.rows for cell in row.cells)
    assert writer.full_name in words and outsider not in words

    # from the commissions page, per agenda session of kind komisi held in the commission's room
    from datetime import datetime, time

    room = agenda.add_room(event, "Ruang Komisi B", 40)
    komisi.update_commission(second, topic="Pelayanan publik", room_id=room.id)
    start = datetime.combine(event.start_date, time(13, 0), tzinfo=event.tz)
    session = agenda.create_session(
        event,
        {
            "title": "Sidang Komisi",
            "kind": "komisi",
            "starts_at": start,
            "ends_at": start.replace(hour=15),
            "room_id": room.id,
        },
    )
    # the commission's list of that day runs over its own sidang, not the whole day's programme
    morning = datetime.combine(event.start_date, time(8, 0), tzinfo=event.tz)
    agenda.create_session(
        event, {"title": "Pleno Pembukaan", "kind": "pleno", "starts_at": morning, "ends_at": morning.replace(hour=12)}
    )
    day_list = flat(" ".join(page_texts(export(event, "pdf", day=event.start_date, commission=second))))
    assert flat("Waktu : pukul 13.00 s.d. 15.00") in day_list, day_list
    staff = app.test_client(user=make_user("sekretariat"))
    page = staff.get(f"/admin/events/{event.slug}/komisi/").get_data(as_text=True)
    link = f"/admin/events/{event.slug}/attendance/daftar-hadir/sesi/{session.id}.pdf?komisi={second.id}"
    assert link.replace("&", "&amp;") in page
    response = staff.get(link)
    assert response.status_code == 200
    text = flat(" ".join(page_texts(response.data)))
    assert "Sidang Komisi (Komisi II)" in text and flat(outsider) not in text
    assert (
        staff.get(f"/admin/events/{event.slug}/attendance/daftar-hadir/sesi/{session.id}.pdf?komisi=999").status_code
        == 404
    )

    # and from the command line
    out = app.test_cli_runner().invoke(
        args=[
            "export",
            "attendance",
            "--event",
            event.slug,
            "--day",
            event.start_date.isoformat(),
            "--commission",
            "II",
            "-o",
            "/dev/null",
        ]
    )
    assert out.exit_code == 0 and "Komisi II" in out.output
    out = app.test_cli_runner().invoke(
        args=[
            "export",
            "attendance",
            "--event",
            event.slug,
            "--day",
            event.start_date.isoformat(),
            "--commission",
            "9",
            "-o",
            "/dev/null",
        ]
    )
    assert out.exit_code != 0 and "Komisi 9 tidak ada" in out.output


def test_a_commission_prints_the_daftar_hadir_of_the_sessions_in_its_room(app, commissions):
    """Komisi I meets in Ruang Komisi A: its list offers that room's session, not Komisi II's, and a
    session named for Komisi II is printed for Komisi I with the commission's name after it."""
    from datetime import datetime, time

    from raker.agenda import services as agenda

    event, people, first, second, _ = commissions
    room_a, room_b = (agenda.add_room(event, name, 40) for name in ("Ruang Komisi A", "Ruang Komisi B"))
    komisi.update_commission(first, topic="Kelembagaan", room_id=room_a.id)
    komisi.update_commission(second, topic="Pelayanan publik", room_id=room_b.id)
    start = datetime.combine(event.start_date, time(13, 0), tzinfo=event.tz)
    sessions = [
        agenda.create_session(
            event,
            {
                "title": title,
                "kind": "komisi",
                "starts_at": start,
                "ends_at": start.replace(hour=15),
                "room_id": room.id,
            },
        )
        for title, room in (("Sidang Komisi I: Kelembagaan", room_a), ("Sidang Komisi II: Pelayanan publik", room_b))
    ]
    page = (
        app.test_client(user=make_user("sekretariat")).get(f"/admin/events/{event.slug}/komisi/").get_data(as_text=True)
    )
    page = page.replace("&amp;", "&")
    offered = {
        (s.id, c.id)
        for s in sessions
        for c in (first, second)
        if f"/admin/events/{event.slug}/attendance/daftar-hadir/sesi/{s.id}.pdf?komisi={c.id}" in page
    }
    assert offered == {(sessions[0].id, first.id), (sessions[1].id, second.id)}

    from raker.checkin.attendance import session_document

    acara = lambda commission: dict(session_document(event, sessions[1], commission=commission).details)["Acara"]  # noqa: E731
    assert acara(first) == "Sidang Komisi II: Pelayanan publik (Komisi I)"
    assert acara(second) == "Sidang Komisi II: Pelayanan publik"


def test_the_demos_komisi_i_offers_only_its_own_sitting(app):
    """The demo's tim perumus works in a room of its own, as a session of its own kind: the commissions
    page offers Komisi I (Ruang Komisi A) the daftar hadir of 'Sidang Komisi I' only, not the perumusan."""
    from sqlalchemy import select

    from raker.models import AgendaSession, Room
    from tests.demo_snapshot import seeded_demo

    event = seeded_demo().event
    sessions = db.session.scalars(select(AgendaSession).where(AgendaSession.event_id == event.id)).all()
    perumusan = next(s for s in sessions if s.title == "Perumusan Hasil Rapat Kerja oleh Tim Perumus")
    commission_rooms = {c.room_id for c in komisi.commissions_of(event)}
    assert perumusan.kind == "lainnya" and perumusan.room_id not in commission_rooms
    assert db.session.get(Room, perumusan.room_id).name == "Ruang Tim Perumus"
    first = next(c for c in komisi.commissions_of(event) if c.name == "Komisi I")
    page = app.test_client(user=make_user("sekretariat")).get(f"/admin/events/{event.slug}/komisi/")
    html = page.get_data(as_text=True).replace("&amp;", "&")
    offered = [s.title for s in sessions if f"/attendance/daftar-hadir/sesi/{s.id}.pdf?komisi={first.id}" in html]
    assert offered == ["Sidang Komisi I: Kelembagaan dan Tata Laksana"]


def test_a_point_still_in_a_commissions_draft_is_not_moved_or_sourced_in_the_rumusan(app, commissions):
    """The rumusan's editor works on taken points only: a draft point is refused with a message there (the
    services once failed on it with an AttributeError), and the editor's pages answer 404 for it."""
    event, _, _, second, (writer, _, _) = commissions
    point = drafts.add_point(second, writer, "Setiap perangkat daerah menyusun standar pelayanan.")
    perumus = make_user("perumus", event=event, name="Ketua Tim Perumus")
    for attempt in (
        lambda: rumusan.move_item(point, "down", by=perumus),
        lambda: rumusan.set_sources(point, [], by=perumus),
    ):
        with pytest.raises(rumusan.RumusanRefused, match="masih di rancangan komisi"):
            attempt()
    client = app.test_client(user=perumus)
    taken_elsewhere = rumusan.add_item(rumusan.add_topic(rumusan.rumusan_of(event), "Pelayanan Publik"), "Butir lain.")
    items = f"/admin/events/{event.slug}/rumusan/items"
    assert client.post(f"{items}/{taken_elsewhere.id}", data={"action": "down"}).status_code == 302
    assert client.post(f"{items}/{point.id}", data={"action": "down"}).status_code == 404
    assert rumusan.sub_items(point) == []
