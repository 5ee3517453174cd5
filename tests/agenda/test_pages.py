"""The agenda pages: the secretariat's editor, session and room forms, publishing, and the public
agenda, changelog, speaker pages, materials and confirmations. Through HTTP, as people use it."""

import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from raker.agenda import services
from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import AgendaSession, Availability, Room, SessionMaterial, SessionPerson
from raker.registration.services import change_state
from tests.factories import make_event, make_user, register, table_counts
from tests.pdf_samples import tiny_pdf

DAY1, DAY2 = date(2021, 8, 9), date(2021, 8, 10)  # Senin and Selasa


@pytest.fixture
def event(app):
    return make_event(start_date=DAY1)


@pytest.fixture
def secretariat(app):
    return app.test_client(user=make_user("sekretariat"))


def base(event) -> str:
    return f"/admin/events/{event.slug}/agenda"


def add_room(client, event, name, capacity=""):
    response = client.post(base(event) + "/rooms", data={"action": "add", "name": name, "capacity": capacity})
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(select(Room).where(Room.event_id == event.id, Room.name == name))


def add_session(client, event, **fields):
    data = {
        "day": DAY1.isoformat(),
        "starts": "09:00",
        "ends": "10:30",
        "room_id": "",
        "kind": "paparan",
        "title": "Paparan Kementerian PANRB",
        "description": "",
    }
    data.update(fields)
    return client.post(base(event) + "/sessions", data=data)


def created(client, event, **fields) -> AgendaSession:
    response = add_session(client, event, **fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalars(select(AgendaSession).order_by(AgendaSession.id.desc())).first()


def add_person(client, event, item, **fields):
    data = {"role": "narasumber", "registration_id": "", "name": "", "position": "", "institution": "", "email": ""}
    data.update(fields)
    return client.post(f"{base(event)}/sessions/{item.id}/people", data=data)


def publish(client, event, **fields):
    response = client.post(base(event) + "/publish", data={"note": "", **fields})
    assert response.status_code == 302, response.get_data(as_text=True)


def text(response) -> str:
    return response.get_data(as_text=True)


# ---- the secretariat --------------------------------------------------------------------------


def test_rooms_and_sessions_through_the_forms(secretariat, event):
    hall = add_room(secretariat, event, "Ruang Sidang Utama", "300")
    assert hall.capacity == 300
    renamed = secretariat.post(
        base(event) + "/rooms",
        data={"action": "rename", "room_id": hall.id, "name": "Gedung Awa Mangkuruku", "capacity": "250"},
    )
    assert renamed.status_code == 302
    db.session.expire_all()
    assert (hall.name, hall.capacity) == ("Gedung Awa Mangkuruku", 250)

    item = created(secretariat, event, room_id=str(hall.id), starts="09.00", ends="10:30")
    assert item.starts_at == datetime(2021, 8, 9, 1, 0, tzinfo=UTC)  # 09.00 WITA
    assert item.ends_at == datetime(2021, 8, 9, 2, 30, tzinfo=UTC)
    assert item.room_id == hall.id and item.kind == "paparan"

    page = secretariat.get(base(event) + "/")
    assert page.status_code == 200
    body = text(page)
    assert "Paparan Kementerian PANRB" in body and 'data-start="540"' in body and 'data-end="630"' in body
    assert "Gedung Awa Mangkuruku" in body and 'name="csrf-token"' in body and "agenda-editor.js" in body
    assert "style=" not in body  # the CSP forbids inline styles: the JS positions the blocks

    edited = secretariat.post(
        f"{base(event)}/sessions/{item.id}",
        data={
            "day": DAY2.isoformat(),
            "starts": "13:00",
            "ends": "14:00",
            "room_id": "",
            "kind": "pleno",
            "title": "Sidang Pleno I",
            "description": "Pembahasan",
        },
    )
    assert edited.status_code == 302
    db.session.expire_all()
    assert item.starts_at == datetime(2021, 8, 10, 5, 0, tzinfo=UTC) and item.room_id is None
    assert item.title == "Sidang Pleno I" and item.kind == "pleno"


def test_rooms_refusals(secretariat, event):
    hall = add_room(secretariat, event, "Ruang Sidang Utama")
    duplicate = secretariat.post(base(event) + "/rooms", data={"action": "add", "name": "ruang sidang utama"})
    assert duplicate.status_code == 400 and "sudah ada" in text(duplicate)
    empty = secretariat.post(base(event) + "/rooms", data={"action": "add", "name": "  "})
    assert empty.status_code == 400 and "Nama ruangan wajib diisi." in text(empty)
    unknown = secretariat.post(base(event) + "/rooms", data={"action": "delete", "room_id": "99999"})
    assert unknown.status_code == 409 and "Ruangan tidak dikenal" in text(unknown)
    created(secretariat, event, room_id=str(hall.id))
    before = table_counts()
    used = secretariat.post(base(event) + "/rooms", data={"action": "delete", "room_id": hall.id})
    assert used.status_code == 409 and "masih dipakai" in text(used)
    assert table_counts() == before
    spare_id = add_room(secretariat, event, "Ruang Komisi A").id
    assert secretariat.post(base(event) + "/rooms", data={"action": "delete", "room_id": spare_id}).status_code == 302
    assert db.session.scalar(select(Room.id).where(Room.id == spare_id)) is None


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"starts": "10:30", "ends": "09:00"}, "Waktu selesai harus setelah waktu mulai."),
        ({"starts": "09:00", "ends": "09:00"}, "Waktu selesai harus setelah waktu mulai."),
        ({"day": "2021-08-20"}, "Sesi harus berada pada hari rapat"),
        ({"day": "kemarin"}, "Tanggal tidak sah"),
        ({"room_id": "99999"}, "Ruangan tidak dikenal pada rapat ini."),
        ({"room_id": "abc"}, "Ruangan tidak dikenal pada rapat ini."),
        ({"starts": "25:99"}, "Jam tidak sah"),
        ({"ends": ""}, "Jam wajib diisi"),
        ({"title": "   "}, "Judul sesi wajib diisi."),
        ({"kind": "pesta"}, "Jenis sesi tidak dikenal."),
    ],
)
def test_bad_session_input_is_refused_and_nothing_saved(secretariat, event, fields, message):
    add_room(secretariat, event, "Ruang Sidang Utama")
    before = table_counts()
    response = add_session(secretariat, event, **fields)
    assert 400 <= response.status_code < 500
    assert message in text(response)
    assert table_counts() == before


def test_a_room_of_another_meeting_is_unknown(secretariat, event):
    other = make_event(title="Rapat Lain", start_date=DAY1)
    foreign = add_room(secretariat, other, "Aula Lain")
    before = table_counts()
    response = add_session(secretariat, event, room_id=str(foreign.id))
    assert response.status_code == 400 and "Ruangan tidak dikenal" in text(response)
    assert table_counts() == before


def test_bad_edit_is_refused_and_the_session_unchanged(secretariat, event):
    item = created(secretariat, event)
    before = table_counts()
    response = secretariat.post(
        f"{base(event)}/sessions/{item.id}",
        data={
            "day": DAY1.isoformat(),
            "starts": "11:00",
            "ends": "10:00",
            "room_id": "",
            "kind": "paparan",
            "title": "Baru",
        },
    )
    assert response.status_code == 400 and "Waktu selesai harus setelah waktu mulai." in text(response)
    db.session.expire_all()
    assert item.title == "Paparan Kementerian PANRB" and item.starts_at.hour == 1
    assert table_counts() == before


def test_materials_pdf_only(secretariat, event):
    item = created(secretariat, event)
    url = f"{base(event)}/sessions/{item.id}/materials"
    before = table_counts()
    fake = secretariat.post(
        url,
        data={"material_title": "Paparan", "file": (io.BytesIO(b"bukan pdf"), "paparan.pdf")},
        content_type="multipart/form-data",
    )
    assert fake.status_code == 400 and "Materi harus berkas PDF." in text(fake)
    missing = secretariat.post(url, data={"material_title": "Paparan"}, content_type="multipart/form-data")
    assert missing.status_code == 400 and "Pilih berkas PDF materi." in text(missing)
    assert table_counts() == before
    ok = secretariat.post(
        url,
        data={
            "material_title": "Paparan Reformasi Birokrasi",
            "file": (io.BytesIO(tiny_pdf("Materi")), "paparan-rb.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert ok.status_code == 302
    material = db.session.scalar(select(SessionMaterial))
    assert material.title == "Paparan Reformasi Birokrasi" and material.data.startswith(b"%PDF-")


def test_people_registered_and_outside(secretariat, event):
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    approved = register(event, paser, 1, full_name="Rahmawati, S.Sos.")
    change_state(approved, "approved")
    pending = register(event, paser, 2, full_name="Belum Disetujui")
    item = created(secretariat, event)
    page = text(secretariat.get(f"{base(event)}/sessions/{item.id}?cari=rahma"))
    assert 'optgroup label="Kabupaten Paser"' in page and "Rahmawati, S.Sos." in page
    assert (
        "Belum Disetujui" not in page
        and str(pending.id) not in page.split('name="registration_id"')[1].split("</select>")[0]
    )

    assert add_person(secretariat, event, item, role="notulis", registration_id=str(approved.id)).status_code == 302
    assert (
        add_person(
            secretariat,
            event,
            item,
            name="Dr. Dwiyoga P. Soediarto",
            position="Deputi",
            institution="Kementerian PANRB",
            email="deputi@uji.raker.example",
        ).status_code
        == 302
    )
    db.session.expire_all()
    roles = {(p.role, p.name, p.registration_id) for p in item.people}
    assert roles == {("notulis", "Rahmawati, S.Sos.", approved.id), ("narasumber", "Dr. Dwiyoga P. Soediarto", None)}

    before = table_counts()
    for fields, message in (
        ({"name": ""}, "Pilih peserta terdaftar atau isi nama orang luar."),
        ({"registration_id": "99999"}, "Peserta tidak dikenal pada rapat ini."),
        ({"role": "penari", "name": "X"}, "Peran tidak dikenal"),
    ):
        refused = add_person(secretariat, event, item, **fields)
        assert refused.status_code == 400 and message in text(refused)
    assert table_counts() == before

    outsider = next(p for p in item.people if p.registration_id is None)
    window = secretariat.post(
        f"{base(event)}/people/{outsider.id}/availability",
        data={"avail_day": DAY1.isoformat(), "avail_from": "13:00", "avail_to": "16:00"},
    )
    assert window.status_code == 302
    assert db.session.scalar(select(Availability)).person_key == "n:dr. dwiyoga p. soediarto"
    editor = text(secretariat.get(base(event) + "/"))
    assert "tidak tersedia" in editor  # 09.00 is outside 13.00–16.00
    before = table_counts()
    bad_window = secretariat.post(
        f"{base(event)}/people/{outsider.id}/availability",
        data={"avail_day": DAY1.isoformat(), "avail_from": "16:00", "avail_to": "13:00"},
    )
    assert bad_window.status_code == 400 and "Akhir ketersediaan harus setelah awalnya." in text(bad_window)
    assert table_counts() == before

    assert secretariat.post(f"{base(event)}/people/{outsider.id}/delete").status_code == 302
    assert db.session.scalar(select(SessionPerson.id).where(SessionPerson.id == outsider.id)) is None


def test_move_through_the_json_endpoint(secretariat, event):
    hall = add_room(secretariat, event, "Ruang Sidang Utama")
    komisi = add_room(secretariat, event, "Ruang Komisi A")
    item = created(secretariat, event, room_id=str(hall.id))
    url = f"{base(event)}/sessions/{item.id}/move"
    moved = secretariat.post(
        url, json={"starts_at": "2021-08-10T13:05", "ends_at": "2021-08-10T14:50", "room_id": str(komisi.id)}
    )
    assert moved.status_code == 200 and moved.get_json()["ok"] is True
    db.session.expire_all()
    assert item.starts_at == datetime(2021, 8, 10, 5, 5, tzinfo=UTC) and item.room_id == komisi.id
    to_no_room = secretariat.post(
        url, json={"starts_at": "2021-08-10T13:05", "ends_at": "2021-08-10T15:00", "room_id": ""}
    )
    assert to_no_room.status_code == 200
    db.session.expire_all()
    assert item.room_id is None

    before = table_counts()
    for payload, message in (
        ({"starts_at": "2021-08-10T15:00", "ends_at": "2021-08-10T14:00"}, "Waktu selesai harus setelah"),
        ({"starts_at": "2021-08-10T25:99", "ends_at": "2021-08-10T14:00"}, "Jam tidak sah"),
        ({"starts_at": "2021-08-11T09:00", "ends_at": "2021-08-11T10:00"}, "hari rapat"),
        ({"starts_at": "2021-08-10T09:00", "ends_at": "2021-08-10T10:00", "room_id": 99999}, "Ruangan tidak dikenal"),
        ({}, "Waktu tidak sah"),
    ):
        refused = secretariat.post(url, json=payload)
        assert refused.status_code == 400
        body = refused.get_json()
        assert message in body["message"] and body["error"]
    assert table_counts() == before
    db.session.expire_all()
    assert item.ends_at == datetime(2021, 8, 10, 7, 0, tzinfo=UTC)

    # a plain form (no JavaScript) gets a page, not JSON
    form = secretariat.post(url, data={"starts_at": "2021-08-09T08:00", "ends_at": "2021-08-09T09:00"})
    assert form.status_code == 302 and form.headers["Location"].endswith("?day=2021-08-09")
    bad_form = secretariat.post(url, data={"starts_at": "2021-08-09T09:00", "ends_at": "2021-08-09T08:00"})
    assert bad_form.status_code == 400 and "Waktu selesai harus setelah waktu mulai." in text(bad_form)


def test_copy_a_day(secretariat, event):
    hall = add_room(secretariat, event, "Ruang Sidang Utama")
    first = created(secretariat, event, room_id=str(hall.id), title="Sidang Komisi", kind="komisi")
    created(secretariat, event, starts="10:30", ends="10:45", title="Rehat Kopi", kind="rehat")
    add_person(secretariat, event, first, role="notulis", name="Siti Notulis")
    response = secretariat.post(
        base(event) + "/copy-day", data={"source": DAY1.isoformat(), "target": DAY2.isoformat()}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(f"?day={DAY2.isoformat()}")
    second_day = services.sessions_on(event, DAY2)
    assert [(s.title, s.starts_at.astimezone(event.tz).strftime("%H:%M")) for s in second_day] == [
        ("Sidang Komisi", "09:00"),
        ("Rehat Kopi", "10:30"),
    ]
    assert [p.name for p in second_day[0].people] == ["Siti Notulis"] and second_day[0].room_id == hall.id
    assert "Sidang Komisi" in text(secretariat.get(base(event) + f"/?day={DAY2.isoformat()}"))

    before = table_counts()
    for target in (DAY1.isoformat(), "2021-09-01", "bukan-tanggal"):
        refused = secretariat.post(base(event) + "/copy-day", data={"source": DAY1.isoformat(), "target": target})
        assert refused.status_code == 400
    assert table_counts() == before


def test_the_editor_lists_conflicts(secretariat, event):
    hall = add_room(secretariat, event, "Ruang Sidang Utama")
    first = created(secretariat, event, room_id=str(hall.id), title="Paparan Pertama")
    created(secretariat, event, room_id=str(hall.id), title="Paparan Kedua", starts="10:00", ends="11:00")
    add_person(secretariat, event, first, role="notulis", name="Siti Notulis")
    body = text(secretariat.get(base(event) + "/"))
    assert "Ruang Sidang Utama dipakai dua sesi sekaligus" in body
    assert "“Paparan Kedua” belum punya notulis." in body
    assert "“Paparan Pertama” belum punya notulis." not in body
    assert "has-warning" in body and "lanes-2" in body  # the two blocks side by side, marked


def test_editor_day_parameter_never_fails(secretariat, event):
    for day in ("2021-08-10", "2030-01-01", "rubbish"):
        assert secretariat.get(base(event) + f"/?day={day}").status_code == 200
    assert secretariat.get("/admin/events/tidak-ada/agenda/").status_code == 404
    assert secretariat.get(f"{base(event)}/sessions/99999").status_code == 404


# ---- publishing and the public pages ----------------------------------------------------------


def test_publish_then_public_page(secretariat, client, event):
    hall = add_room(secretariat, event, "Gedung Awa Mangkuruku")
    opening = created(
        secretariat,
        event,
        room_id=str(hall.id),
        title="Pembukaan oleh Gubernur",
        kind="pembukaan",
        starts="08:00",
        ends="09:00",
    )
    created(
        secretariat,
        event,
        day=DAY2.isoformat(),
        title="Pembacaan Rumusan",
        kind="pembacaan_rumusan",
        starts="14:30",
        ends="15:15",
    )
    add_person(secretariat, event, opening, role="pembawa_acara", name="Ahmad MC")

    waiting = client.get(f"/events/{event.slug}/agenda")
    assert waiting.status_code == 200 and "belum diumumkan" in text(waiting)
    assert "Pembukaan oleh Gubernur" not in text(waiting)

    page = text(secretariat.get(base(event) + "/publish"))
    assert "Pembukaan oleh Gubernur" in page and "Baru" in page
    publish(secretariat, event, note="Versi pertama")

    body = text(client.get(f"/events/{event.slug}/agenda"))
    assert "Senin, 9 Agustus 2021" in body and "Selasa, 10 Agustus 2021" in body
    assert "08.00" in body and "09.00" in body and "WITA" in body and "14.30" in body
    assert "Pembukaan oleh Gubernur" in body and "Gedung Awa Mangkuruku" in body and "Pembukaan" in body
    assert "Pembawa Acara" in body and "Ahmad MC" in body
    assert body.index("Pembukaan oleh Gubernur") < body.index("Pembacaan Rumusan")
    assert f"/events/{event.slug}/agenda.pdf" in body and f"/events/{event.slug}/agenda.ics" in body

    # drafts stay private until published again
    created(secretariat, event, title="Sesi Rahasia", starts="11:00", ends="12:00")
    assert "Sesi Rahasia" not in text(client.get(f"/events/{event.slug}/agenda"))

    pdf = client.get(f"/events/{event.slug}/agenda.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF-")
    ics = client.get(f"/events/{event.slug}/agenda.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    assert any(str(c.get("summary")) == "Pembukaan oleh Gubernur" for c in Calendar.from_ical(ics.data).walk("VEVENT"))
    one = client.get(f"/events/{event.slug}/agenda/sessions/{opening.id}.ics")
    assert one.status_code == 200 and one.mimetype == "text/calendar"
    entry = Calendar.from_ical(one.data).walk("VEVENT")[0]
    assert entry.decoded("dtstart") == datetime(2021, 8, 9, 0, 0, tzinfo=UTC)
    secret = db.session.scalar(select(AgendaSession).where(AgendaSession.title == "Sesi Rahasia"))
    assert client.get(f"/events/{event.slug}/agenda/sessions/{secret.id}.ics").status_code == 404
    assert client.get(f"/events/{event.slug}/agenda/sessions/99999.ics").status_code == 404


def test_a_sessions_calendar_is_the_export_of_that_session(secretariat, client, event):
    """/events/<slug>/agenda/sessions/<id>.ics answers with raker.exports.export(session=…): the same
    entry, named sesi-<id>.ics; a session not in the published agenda is refused by export() too."""
    from raker import exports
    from tests.documents import assert_same_file

    opening = created(secretariat, event, title="Pembukaan oleh Gubernur", starts="08:00", ends="09:00")
    with pytest.raises(exports.ExportRefused) as refused:  # not published yet
        exports.export(event, "agenda", "ics", session=opening.id)
    assert refused.value.status == 404
    publish(secretariat, event)
    result = exports.export(event, "agenda", "ics", session=opening.id)
    assert (result.filename, result.mimetype) == (f"sesi-{opening.id}.ics", "text/calendar")
    download = client.get(f"/events/{event.slug}/agenda/sessions/{opening.id}.ics")
    assert_same_file(download, result)
    assert download.headers["Content-Disposition"] == f'attachment; filename="sesi-{opening.id}.ics"'
    assert [str(e.get("summary")) for e in Calendar.from_ical(result.body).walk("VEVENT")] == [
        "Pembukaan oleh Gubernur"
    ]
    with pytest.raises(exports.ExportRefused):
        exports.export(event, "agenda", "pdf", session=opening.id)  # one session: a calendar entry only
    other = make_event(title="Rapat Kerja Lain", start_date=DAY1)
    with pytest.raises(exports.ExportRefused):
        exports.export(other, "agenda", "ics", session=opening.id)


def test_nothing_to_publish(secretariat, event):
    empty = secretariat.post(base(event) + "/publish", data={"note": ""})
    assert empty.status_code == 409 and "Susunan acara masih kosong." in text(empty)
    created(secretariat, event)
    publish(secretariat, event)
    again = secretariat.post(base(event) + "/publish", data={"note": ""})
    assert again.status_code == 409 and "Tidak ada perubahan sejak versi 1." in text(again)


def test_republish_shows_the_changelog(secretariat, client, event):
    moving = created(secretariat, event, title="Paparan Bappeda")
    cancelled = created(secretariat, event, title="Sambutan Bupati", kind="sambutan", starts="11:00", ends="11:30")
    publish(secretariat, event)

    secretariat.post(
        f"{base(event)}/sessions/{moving.id}/move",
        json={"starts_at": "2021-08-10T10:00", "ends_at": "2021-08-10T11:30"},
    )
    assert secretariat.post(f"{base(event)}/sessions/{cancelled.id}/cancel").status_code == 302
    refused = secretariat.post(f"{base(event)}/sessions/{cancelled.id}/delete")
    assert refused.status_code == 409 and "sudah diumumkan" in text(refused)
    created(secretariat, event, title="Tanya Jawab", kind="tanya_jawab", starts="13:00", ends="14:00")

    preview = text(secretariat.get(base(event) + "/publish"))
    assert "Perubahan sejak versi 1" in preview and "Pindah" in preview and "Dibatalkan" in preview
    publish(secretariat, event, note="Paparan Bappeda dipindah ke hari kedua.", notify="y")

    changes = text(client.get(f"/events/{event.slug}/agenda/changes"))
    assert changes.index("Versi 2") < changes.index("Versi 1")
    assert "Paparan Bappeda dipindah ke hari kedua." in changes
    assert "Pindah" in changes and "Selasa, 10 Agustus 2021 pukul 10.00 WITA" in changes
    assert "Dibatalkan" in changes and "Sambutan Bupati" in changes and "Baru" in changes

    body = text(client.get(f"/events/{event.slug}/agenda"))
    assert "<s>Sambutan Bupati</s>" in body and "Dibatalkan" in body and "is-cancelled" in body

    draft = created(secretariat, event, title="Belum Diumumkan", starts="15:00", ends="16:00")
    assert secretariat.post(f"{base(event)}/sessions/{draft.id}/delete").status_code == 302
    assert db.session.scalar(select(AgendaSession.id).where(AgendaSession.id == draft.id)) is None
    assert secretariat.post(f"{base(event)}/sessions/{cancelled.id}/restore").status_code == 302
    db.session.expire_all()
    assert cancelled.cancelled is False


def test_speaker_page_and_confirmation(secretariat, client, event):
    item = created(secretariat, event, title="Paparan Reformasi Birokrasi")
    add_person(
        secretariat,
        event,
        item,
        name="Dr. Dwiyoga P. Soediarto",
        position="Deputi Bidang Kelembagaan",
        institution="Kementerian PANRB",
        email="deputi@uji.raker.example",
    )
    speaker = db.session.scalar(select(SessionPerson))
    assert client.get(f"/events/{event.slug}/speakers/{speaker.id}").status_code == 404  # not published yet
    publish(secretariat, event)

    agenda = text(client.get(f"/events/{event.slug}/agenda"))
    assert f"/events/{event.slug}/speakers/{speaker.id}" in agenda
    page = client.get(f"/events/{event.slug}/speakers/{speaker.id}")
    assert page.status_code == 200
    assert "Dr. Dwiyoga P. Soediarto" in text(page) and "Paparan Reformasi Birokrasi" in text(page)
    assert "Deputi Bidang Kelembagaan" in text(page)
    assert client.get(f"/events/{event.slug}/speakers/99999").status_code == 404

    url = f"/agenda/respond/{speaker.token}"
    form = client.get(url)
    assert form.status_code == 200 and "Bersedia" in text(form) and "Berhalangan" in text(form)
    assert "Paparan Reformasi Birokrasi" in text(form)
    assert client.post(url, data={"answer": "confirmed"}).status_code == 302
    db.session.expire_all()
    assert speaker.confirmation == "confirmed"
    assert client.post(url, data={"answer": "declined"}).status_code == 302
    db.session.expire_all()
    assert speaker.confirmation == "declined"
    refused = client.post(url, data={"answer": "mungkin"})
    assert refused.status_code == 400 and "Jawaban tidak dikenal." in text(refused)
    db.session.expire_all()
    assert speaker.confirmation == "declined"
    assert client.get("/agenda/respond/token-palsu").status_code == 404
    assert "Berhalangan" in text(secretariat.get(f"{base(event)}/sessions/{item.id}"))


def test_draft_event_agenda_is_hidden(app, secretariat):
    draft = make_event(title="Rapat Draf", status="draft", start_date=DAY1)
    created(secretariat, draft)
    publish(secretariat, draft)
    anonymous = app.test_client()
    petugas = app.test_client(user=make_user("petugas"))
    for path in ("agenda", "agenda/changes", "agenda.pdf", "agenda.ics"):
        assert anonymous.get(f"/events/{draft.slug}/{path}").status_code == 404
        assert petugas.get(f"/events/{draft.slug}/{path}").status_code == 404
        assert secretariat.get(f"/events/{draft.slug}/{path}").status_code == 200
    assert anonymous.get("/events/tidak-ada/agenda").status_code == 404


def test_materials_download_only_when_published(secretariat, client, event):
    item = created(secretariat, event)
    secretariat.post(
        f"{base(event)}/sessions/{item.id}/materials",
        data={"material_title": "Paparan", "file": (io.BytesIO(tiny_pdf("Materi")), "paparan rb.pdf")},
        content_type="multipart/form-data",
    )
    material = db.session.scalar(select(SessionMaterial))
    url = f"/events/{event.slug}/materials/{material.id}"
    assert client.get(url).status_code == 404
    assert secretariat.get(url).status_code == 200  # the secretariat checks it before publishing
    publish(secretariat, event)
    download = client.get(url)
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;") and download.data.startswith(b"%PDF-")
    assert url in text(client.get(f"/events/{event.slug}/agenda"))
    assert client.get(f"/events/{event.slug}/materials/99999").status_code == 404
    other = make_event(title="Rapat Lain", start_date=DAY1)
    assert client.get(f"/events/{other.slug}/materials/{material.id}").status_code == 404


def test_material_with_a_non_latin_name_downloads_with_rfc_6266_filename(secretariat, client, event):
    from urllib.parse import unquote

    item = created(secretariat, event)
    secretariat.post(
        f"{base(event)}/sessions/{item.id}/materials",
        data={"material_title": "Paparan", "file": (io.BytesIO(tiny_pdf("Materi")), "materi-文件.pdf")},
        content_type="multipart/form-data",
    )
    publish(secretariat, event)
    download = client.get(f"/events/{event.slug}/materials/{db.session.scalar(select(SessionMaterial.id))}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    header = download.headers["Content-Disposition"]
    assert header.startswith("attachment; filename=\"materi-.pdf\"; filename*=UTF-8''")
    assert unquote(header.split("filename*=UTF-8''")[1]) == "materi-文件.pdf"
    header.encode("latin-1")  # what a WSGI server can send


def test_content_disposition_names_are_safe():
    from raker.web import content_disposition

    assert content_disposition("laporan-rapat.pdf") == 'attachment; filename="laporan-rapat.pdf"'
    assert content_disposition("sesi.pdf", inline=True) == 'inline; filename="sesi.pdf"'
    assert content_disposition('a"b\\c/d\r\nX-Evil: 1.pdf') == 'attachment; filename="ab-c-dX-Evil: 1.pdf"'
    assert content_disposition("Pembukaan – Sesi 1.docx") == (
        "attachment; filename=\"Pembukaan  Sesi 1.docx\"; filename*=UTF-8''Pembukaan%20%E2%80%93%20Sesi%201.docx"
    )


@pytest.mark.clocks
def test_now_and_next_during_the_meeting(secretariat, client, app):
    event = make_event(title="Rapat Hari Ini")  # starts today where it is held
    today = event.today()
    created(
        secretariat, event, day=today.isoformat(), starts="00:00", ends="23:55", title="Pameran Inovasi", kind="lainnya"
    )
    created(secretariat, event, day=(today + timedelta(days=1)).isoformat(), title="Penutupan", kind="penutupan")
    publish(secretariat, event)
    body = text(client.get(f"/events/{event.slug}/agenda"))
    assert "Sedang berlangsung" in body and "Berikutnya" in body and "Pameran Inovasi" in body
    now_box = body.split("agenda-now", 1)[1].split("</section>", 1)[0]
    assert "Penutupan" in now_box


def test_pages_need_the_secretariat(app, event):
    petugas = app.test_client(user=make_user("petugas"))
    assert petugas.get(base(event) + "/").status_code == 403
    anonymous = app.test_client().get(base(event) + "/")
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]


def _picker_options(page: str) -> list[str]:
    select_html = page.split('name="registration_id"')[1].split("</select>")[0]
    return [
        label for value, label in re.findall(r'<option[^>]* value="(\d*)"[^>]*>([^<]*)</option>', select_html) if value
    ]


def test_person_picker_searches_on_the_server_instead_of_listing_everyone(secretariat, event):
    """163 approved participants made the picker a 163-option select; now it lists the search's matches
    (without JavaScript: the Cari form reloads the page; with it: people.json as one types)."""
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    berau = add_delegation(event, {"name": "Kabupaten Berau", "region_code": "64.03"})
    for n in range(1, 31):
        change_state(register(event, paser if n % 2 else berau, n), "approved")
    rahma = register(event, paser, 40, full_name="Rahmawati, S.Sos.", position="Kepala Bagian")
    change_state(rahma, "approved")
    register(event, paser, 41, full_name="Rahmat Belum Disetujui")
    other = make_event(title="Rapat Lain")
    change_state(
        register(
            other,
            add_delegation(other, {"name": "Kota Bontang", "region_code": "64.74"}),
            42,
            full_name="Rahmadi Rapat Lain",
        ),
        "approved",
    )
    item = created(secretariat, event)
    url = f"{base(event)}/sessions/{item.id}"
    assert _picker_options(text(secretariat.get(url))) == []  # nobody until searched
    found = text(secretariat.get(url + "?cari=rahma"))
    assert _picker_options(found) == ["Rahmawati, S.Sos. — Kepala Bagian"]
    assert "1 peserta ditemukan" in found
    assert len(_picker_options(text(secretariat.get(url + "?cari=Peserta Uji")))) == 20  # at most 20
    assert "Tidak ada peserta disetujui yang cocok." in text(secretariat.get(url + "?cari=zzz"))
    people = secretariat.get(f"{base(event)}/people.json?q=RAHMA")
    assert people.status_code == 200 and people.is_json
    assert people.get_json() == [
        {"id": rahma.id, "name": "Rahmawati, S.Sos.", "position": "Kepala Bagian", "delegation": "Kabupaten Paser"}
    ]
    assert secretariat.get(f"{base(event)}/people.json?q=").get_json() == []
    assert secretariat.get(f"{base(event)}/people.json?q=19860926 201505 1 040").get_json()[0]["id"] == rahma.id
    # A refused form keeps the chosen person in the list (the search term is gone by then).
    refused = add_person(secretariat, event, item, role="penari", registration_id=str(rahma.id))
    assert refused.status_code == 400 and _picker_options(text(refused)) == ["Rahmawati, S.Sos. — Kepala Bagian"]


def test_first_version_says_what_it_announced(secretariat, client, event):
    """The changelog said "Versi 1 … Pengumuman pertama: 0 sesi." for the demo (its first version has no
    changes recorded): the first version lists its sessions and days, whatever its changes hold."""
    created(secretariat, event, title="Pembukaan", kind="pembukaan", starts="08:00", ends="09:00")
    created(secretariat, event, title="Paparan Kementerian PANRB")
    created(secretariat, event, title="Sidang Komisi", day=DAY2.isoformat(), starts="13:00", ends="15:00")
    publish(secretariat, event)
    from raker.models import AgendaVersion

    version = db.session.scalar(select(AgendaVersion))
    version.changes = []  # as the demo writes it
    db.session.commit()
    changes = text(client.get(f"/events/{event.slug}/agenda/changes"))
    assert "0 sesi" not in changes
    assert re.search(r"Pengumuman pertama: 3 sesi pada [^<]*9[^<]*10 Agustus 2021\.", changes)
    listed = changes.split("<summary>")[1]
    assert listed.index("Pembukaan") < listed.index("Paparan Kementerian PANRB") < listed.index("Sidang Komisi")
    assert "Selasa, 10 Agustus 2021 pukul 13.00 WITA" in listed


def test_the_secretariat_downloads_the_susunan_acara_as_word(secretariat, client, event):
    """The same rundown as the PDF, published version included: each day's heading, every session's time,
    title, people and room, in the Word file the secretariat edits; staff only (the public has the PDF)."""
    from pypdf import PdfReader

    from tests.documents import docx_lines

    hall = add_room(secretariat, event, "Gedung Awa Mangkuruku")
    opening = created(
        secretariat, event, room_id=str(hall.id), title="Pembukaan oleh Gubernur", kind="pembukaan",
        starts="08:00", ends="09:00",
    )  # fmt: skip
    add_person(secretariat, event, opening, role="narasumber", name="Dr. Yusmadi", position="Asisten Pemerintahan")
    created(secretariat, event, day=DAY2.isoformat(), title="Pembacaan Rumusan", kind="pembacaan_rumusan",
            starts="14:30", ends="15:15")  # fmt: skip
    publish(secretariat, event, note="Versi pertama")
    assert f"{base(event)}/susunan-acara.docx" in text(secretariat.get(base(event) + "/"))

    answer = secretariat.get(f"{base(event)}/susunan-acara.docx")
    assert answer.status_code == 200 and answer.mimetype.endswith("wordprocessingml.document")
    assert "susunan-acara-" in answer.headers["Content-Disposition"]
    lines = docx_lines(answer.data)
    published = PdfReader(io.BytesIO(client.get(f"/events/{event.slug}/agenda.pdf").data))
    pdf = " ".join(" ".join(page.extract_text().split()) for page in published.pages)
    for expected in ("SUSUNAN ACARA", "Versi 1", "Hari Pertama: Senin, 9 Agustus 2021", "Hari Kedua: Selasa, 10 Agustus 2021",
                     "08.00 – 09.00", "Pembukaan oleh Gubernur", "Dr. Yusmadi, Asisten Pemerintahan",
                     "Gedung Awa Mangkuruku", "14.30 – 15.15", "Pembacaan Rumusan", "Waktu (WITA)"):  # fmt: skip
        assert any(expected in line for line in lines), expected
        assert " ".join(expected.replace(",", "").split()[:2]) in pdf, expected  # the PDF says it too
    # Who opens the meeting is named by the acara: no "Narasumber:" before the name (a sambutan, a laporan
    # alike), in the Word file as in the PDF.
    assert not any("Narasumber: Dr. Yusmadi" in line for line in lines) and "Narasumber: Dr." not in pdf
    assert client.get(f"{base(event)}/susunan-acara.docx").status_code in (302, 401)  # not for the public
