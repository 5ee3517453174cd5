"""Notulen: the skeleton, saving with revisions and edit conflicts, finalising and reopening, the
role rules, and the PDF and DOCX read back in order."""

import io
import re
from datetime import UTC, date, datetime

import pytest
from docx import Document
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from pypdf import PdfReader
from sqlalchemy import select

from raker.agenda import services as agenda
from raker.events.services import add_delegation
from raker.extensions import db
from raker.minutes import services
from raker.minutes.services import EditConflict, MinutesError, MissingParts
from raker.models import CheckIn, Minutes, MinutesRevision
from raker.registration.services import change_state
from tests.documents import assert_in_order, docx_lines
from tests.factories import make_event, make_user, register

DAY1 = date(2021, 8, 9)  # Senin


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2021, 8, 9, hour - 8, minute, tzinfo=UTC)  # WITA = UTC+8


@pytest.fixture
def world(app):
    event = make_event(start_date=DAY1, city="Tana Paser", letterhead_government="Pemerintah Kabupaten Paser")
    group = add_delegation(event, {"name": "Kabupaten Berau", "kind": "kabupaten", "region_code": "64.03"})
    moderator_reg = register(event, group, 1, full_name="Drs. Budi Santoso, M.Si.", rank="IV/b")
    notulis_reg = register(event, group, 2, full_name="Siti Aminah, S.Sos.", rank="III/c")
    other = register(event, group, 3)
    notulis_user = make_user("notulis", "notulis@uji.raker.example", name="Siti Aminah")
    other_notulis = make_user("notulis", "notulis2@uji.raker.example", name="Notulis Lain")
    session = agenda.create_session(
        event,
        {"title": "Paparan Inovasi Pelayanan Publik", "kind": "paparan", "starts_at": at(9), "ends_at": at(10, 30)},
    )
    agenda.add_person(session, {"role": "moderator", "registration_id": moderator_reg.id})
    agenda.add_person(session, {"role": "narasumber", "name": "Dr. Ani Wijaya", "position": "Deputi"})
    agenda.add_person(session, {"role": "notulis", "registration_id": notulis_reg.id, "user_id": notulis_user.id})
    for reg in (moderator_reg, notulis_reg, other):
        if reg.state != "approved":
            change_state(reg, "approved")
        db.session.add(CheckIn(event_id=event.id, registration_id=reg.id, day=DAY1, scanned_at=at(8)))
    db.session.commit()
    return {
        "event": event,
        "session": session,
        "notulis": notulis_user,
        "other_notulis": other_notulis,
        "moderator": moderator_reg,
        "notulis_reg": notulis_reg,
    }


def complete(**overrides) -> dict:
    content = {
        "leader": "Drs. Budi Santoso, M.Si.",
        "attendance_note": "3 orang (daftar hadir terlampir)",
        "opening": "Rapat dibuka pukul 09.00 WITA.",
        "discussion": ["Inovasi pelayanan publik berbasis TI.", "Kompetisi SiNovik tahun 2021."],
        "qa": [
            {
                "asker": "Rahmat",
                "delegation": "Kabupaten Berau",
                "question": "Bagaimana pendaftaran SiNovik?",
                "answer": "Melalui laman resmi.",
                "answerer": "Dr. Ani Wijaya",
            }
        ],
        "conclusions": ["Setiap perangkat daerah mengusulkan satu inovasi.", "Pendampingan oleh Biro Organisasi."],
        "closing": "Rapat ditutup pukul 10.30 WITA.",
    }
    content.update(overrides)
    return content


def base(world) -> str:
    return f"/admin/events/{world['event'].slug}/minutes"


def session_url(world, suffix: str = "") -> str:
    return f"{base(world)}/sessions/{world['session'].id}{suffix}"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# ---- services --------------------------------------------------------------------------------


def test_skeleton_from_agenda_and_attendance(world):
    minutes = services.get_or_create(world["session"])
    assert minutes.revision == 0 and minutes.state == "draft"
    assert minutes.content["leader"] == "Drs. Budi Santoso, M.Si."  # the moderator leads
    assert minutes.content["attendance_note"] == "3 orang (daftar hadir terlampir)"
    assert any("Dr. Ani Wijaya" in point for point in minutes.content["discussion"])
    assert services.get_or_create(world["session"]).id == minutes.id


def test_save_normalises_and_keeps_markup_as_text(world):
    minutes = services.get_or_create(world["session"])
    services.save(
        minutes,
        complete(
            opening="  <b>Tebal</b> & <font color=red>merah</font>  ",
            discussion=["  ", "Butir", ""],
            leader="  Budi   Santoso ",
        ),
        by=world["notulis"],
        base_revision=0,
    )
    assert minutes.content["opening"] == "<b>Tebal</b> & <font color=red>merah</font>"
    assert minutes.content["discussion"] == ["Butir"]
    assert minutes.content["leader"] == "Budi Santoso"
    assert minutes.revision == 1
    with pytest.raises(MinutesError):
        services.save(minutes, {"opening": "x" * 20001}, by=world["notulis"], base_revision=1)
    with pytest.raises(MinutesError):
        services.save(minutes, {"qa": ["not a row"]}, by=world["notulis"], base_revision=1)


def test_edit_conflict_keeps_both_revisions(world):
    minutes = services.get_or_create(world["session"])
    secretariat = make_user("sekretariat")
    services.save(minutes, complete(opening="Versi notulis."), by=world["notulis"], base_revision=0)
    with pytest.raises(EditConflict) as caught:
        services.save(minutes, complete(opening="Versi sekretariat."), by=secretariat, base_revision=0)
    conflict = caught.value
    assert conflict.current_revision == 1 and conflict.saved_by == "Siti Aminah"
    assert "-Versi notulis." in conflict.diff and "+Versi sekretariat." in conflict.diff
    assert [f["part"] for f in conflict.fields] == ["opening"]
    db.session.refresh(minutes)
    assert minutes.content["opening"] == "Versi notulis."  # nothing overwritten
    # after seeing the difference, the second editor saves on top of the current revision
    services.save(minutes, complete(opening="Versi sekretariat."), by=secretariat, base_revision=1)
    numbers = db.session.scalars(
        select(MinutesRevision.content).where(MinutesRevision.minutes_id == minutes.id).order_by(MinutesRevision.number)
    ).all()
    assert [c["opening"] for c in numbers] == ["Versi notulis.", "Versi sekretariat."]


def test_finalize_lists_missing_parts_then_locks_and_reopen_makes_a_revision(world):
    minutes = services.get_or_create(world["session"])
    services.save(
        minutes,
        {"leader": "", "opening": "", "discussion": [], "conclusions": []},
        by=world["notulis"],
        base_revision=0,
    )
    with pytest.raises(MissingParts) as caught:
        services.finalize(minutes, by=world["notulis"])
    assert caught.value.parts == ["leader", "opening", "discussion", "conclusions"]
    assert minutes.state == "draft"
    services.save(minutes, complete(), by=world["notulis"], base_revision=1)
    services.finalize(minutes, by=world["notulis"])
    assert minutes.state == "final" and minutes.revision == 3
    with pytest.raises(MinutesError):
        services.save(minutes, complete(opening="Ubah"), by=world["notulis"], base_revision=3)
    with pytest.raises(MinutesError):
        services.reopen(minutes, by=world["notulis"])  # only the secretariat reopens
    services.reopen(minutes, by=make_user("sekretariat"))
    assert minutes.state == "draft" and minutes.revision == 4
    notes = db.session.scalars(
        select(MinutesRevision.note).where(MinutesRevision.minutes_id == minutes.id).order_by(MinutesRevision.number)
    ).all()
    assert notes == ["save", "save", "final", "reopened"]


def test_can_edit_rules(world):
    session = world["session"]
    assert services.can_edit(world["notulis"], session)
    assert not services.can_edit(world["other_notulis"], session)
    assert services.can_edit(make_user("sekretariat"), session)
    assert services.can_edit(make_user("admin"), session)
    assert not services.can_edit(make_user("petugas"), session)


# ---- documents -------------------------------------------------------------------------------


def test_pdf_in_order_with_signatures(world):
    from raker.minutes.services import minutes_pdf

    minutes = services.get_or_create(world["session"])
    services.save(minutes, complete(), by=world["notulis"], base_revision=0)
    services.finalize(minutes, by=world["notulis"])
    text = pdf_text(minutes_pdf(world["event"], [minutes]))
    assert "DRAF" not in text
    assert_in_order(
        text,
        [
            "NOTULEN",
            "Rapat/Acara",
            "Paparan Inovasi Pelayanan Publik",
            "Hari/Tanggal",
            "Senin, 9 Agustus 2021",
            "Waktu",
            "pukul 09.00 s.d. 10.30 WITA",
            "Tempat",
            "Gedung Awa Mangkuruku",
            "Pimpinan Rapat",
            "Drs. Budi Santoso",
            "Narasumber",
            "Dr. Ani Wijaya",
            "Notulis",
            "Siti Aminah",
            "Peserta",
            "3 orang (daftar hadir terlampir)",
            "I. KATA PEMBUKAAN",
            "Rapat dibuka pukul 09.00 WITA.",
            "II. PEMBAHASAN",
            "1.",
            "Inovasi pelayanan publik berbasis TI.",
            "2.",
            "Kompetisi SiNovik",
            "III. TANYA JAWAB",
            "1.",
            "Penanya: Rahmat — Kabupaten Berau",
            "Pertanyaan:",
            "Bagaimana pendaftaran",
            "Jawaban oleh Dr. Ani Wijaya:",
            "Melalui laman resmi.",
            "IV. KESIMPULAN/KEPUTUSAN",
            "1.",
            "Setiap perangkat daerah",
            "2.",
            "Pendampingan",
            "V. PENUTUPAN",
            "Rapat ditutup",
            # the signature blocks side by side are extracted one column after the other
            "Pimpinan Rapat,",
            "Drs. Budi Santoso, M.Si.",
            "Pembina Tingkat I (IV/b)",
            "NIP. 19860926 201505 2 001",
            "Tana Paser, 9 Agustus 2021",
            "Notulis,",
            "Siti Aminah, S.Sos.",
            "Penata (III/c)",
            "NIP. 19860926 201505 1 002",
            "Halaman 1 dari 1",
        ],
    )


def test_docx_in_order_with_signatures(world):
    from raker.minutes.services import minutes_docx

    minutes = services.get_or_create(world["session"])
    services.save(minutes, complete(), by=world["notulis"], base_revision=0)
    data = minutes_docx(world["event"], [minutes])
    lines = docx_lines(data)
    text = "\n".join(lines)
    assert_in_order(
        text,
        [
            "PEMERINTAH KABUPATEN PASER",
            "DRAF",
            "NOTULEN",
            "Rapat/Acara",
            "Paparan Inovasi Pelayanan Publik",
            "Hari/Tanggal",
            "Senin, 9 Agustus 2021",
            "Waktu",
            "pukul 09.00 s.d. 10.30 WITA",
            "Pimpinan Rapat",
            "Drs. Budi Santoso",
            "Peserta",
            "3 orang (daftar hadir terlampir)",
            "I. KATA PEMBUKAAN",
            "Rapat dibuka",
            "II. PEMBAHASAN",
            "1.\tInovasi pelayanan publik",
            "2.\tKompetisi",
            "III. TANYA JAWAB",
            "1.\tPenanya: Rahmat — Kabupaten Berau",
            "Pertanyaan:",
            "Jawaban oleh Dr. Ani Wijaya:",
            "IV. KESIMPULAN/KEPUTUSAN",
            "1.\tSetiap perangkat daerah",
            "2.\tPendampingan",
            "V. PENUTUPAN",
            "Pimpinan Rapat,",
            "Drs. Budi Santoso, M.Si.",
            "Pembina Tingkat I (IV/b)",
            "NIP. 19860926 201505 2 001",
            "Tana Paser, 9 Agustus 2021",
            "Notulis,",
            "Siti Aminah, S.Sos.",
            "Penata (III/c)",
            "NIP. 19860926 201505 1 002",
        ],
    )
    section = Document(io.BytesIO(data)).sections[0]
    assert abs(section.page_height.mm - 297) < 1


def test_markup_printed_literally_in_pdf_and_docx(world):
    from raker.minutes.services import minutes_docx, minutes_pdf

    minutes = services.get_or_create(world["session"])
    services.save(
        minutes,
        complete(opening='<b>tebal</b> <font color="red">merah</font> & <br/> <para>', discussion=["<i>miring</i>"]),
        by=world["notulis"],
        base_revision=0,
    )
    text = pdf_text(minutes_pdf(world["event"], [minutes]))
    assert '<b>tebal</b> <font color="red">merah</font> & <br/> <para>' in text
    assert "<i>miring</i>" in text
    lines = docx_lines(minutes_docx(world["event"], [minutes]))
    assert '<b>tebal</b> <font color="red">merah</font> & <br/> <para>' in lines
    assert "1.\t<i>miring</i>" in lines


def test_long_text_flows_over_pages_on_f4(world):
    from raker.minutes.services import minutes_docx, minutes_pdf

    world["event"].paper_size = "F4"
    db.session.commit()
    minutes = services.get_or_create(world["session"])
    long_point = " ".join(f"kalimat{n}" for n in range(1600))
    services.save(
        minutes,
        complete(discussion=[long_point, "Butir kedua."], opening="\n\n".join(["Alinea."] * 40)),
        by=world["notulis"],
        base_revision=0,
    )
    reader = PdfReader(io.BytesIO(minutes_pdf(world["event"], [minutes])))
    assert len(reader.pages) >= 3
    assert abs(float(reader.pages[0].mediabox.height) - 330 / 25.4 * 72) < 1
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "kalimat1599" in text and "Butir kedua." in text
    total = len(reader.pages) - 1  # the last page: the attached daftar hadir, counted on its own
    assert f"Halaman {total} dari {total}" in text and reader.pages[-1].extract_text().count("Halaman 1 dari 1") == 1
    section = Document(io.BytesIO(minutes_docx(world["event"], [minutes]))).sections[0]
    assert abs(section.page_height.mm - 330) < 1 and abs(section.page_width.mm - 215) < 1


def test_compiled_in_agenda_order_with_draft_line(world):
    from raker.minutes.services import minutes_pdf

    event = world["event"]
    early = agenda.create_session(
        event, {"title": "Pembukaan Rapat Kerja", "kind": "pembukaan", "starts_at": at(8), "ends_at": at(9)}
    )
    agenda.create_session(event, {"title": "Ishoma", "kind": "ishoma", "starts_at": at(12), "ends_at": at(13)})
    late = services.get_or_create(world["session"])
    services.save(late, complete(), by=world["notulis"], base_revision=0)
    services.finalize(late, by=world["notulis"])
    services.get_or_create(early)
    listed = services.event_minutes(event)
    assert [m.session.title for m in listed] == ["Pembukaan Rapat Kerja", "Paparan Inovasi Pelayanan Publik"]
    text = pdf_text(minutes_pdf(event, listed))
    assert_in_order(
        text, ["DRAF", "Pembukaan Rapat Kerja", "Halaman 1 dari", "NOTULEN", "Paparan Inovasi Pelayanan Publik"]
    )
    assert text.count("DRAF") == 1
    from raker.minutes.services import minutes_docx

    lines = "\n".join(docx_lines(minutes_docx(event, listed)))
    assert_in_order(
        lines,
        [
            "DRAF",
            "NOTULEN",
            "Pembukaan Rapat Kerja",
            "PEMERINTAH KABUPATEN PASER",
            "NOTULEN",
            "Paparan Inovasi Pelayanan Publik",
        ],
    )
    assert lines.count("DRAF") == 1
    assert [m.session.title for m in services.event_minutes(event, final_only=True)] == [
        "Paparan Inovasi Pelayanan Publik"
    ]


# ---- pages -----------------------------------------------------------------------------------


def form_data(content: dict, base_revision: int) -> dict:
    data = {
        "base_revision": str(base_revision),
        "leader": content["leader"],
        "attendance_note": content["attendance_note"],
        "opening": content["opening"],
        "closing": content["closing"],
        "discussion": content["discussion"],
        "conclusions": content["conclusions"],
    }
    for key in services.QA_FIELDS:
        data[f"qa_{key}"] = [row[key] for row in content["qa"]]
    return data


def test_editor_pages_and_http_conflict(app, world):
    notulis = app.test_client(user=world["notulis"])
    secretariat = app.test_client(user=make_user("sekretariat"))
    page = notulis.get(session_url(world))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="base_revision" value="0"' in html and "minutes-editor.js" in html
    assert secretariat.get(session_url(world)).status_code == 200  # both opened revision 0

    saved = notulis.post(session_url(world), data=form_data(complete(opening="Versi notulis."), 0))
    assert saved.status_code == 302
    second = secretariat.post(session_url(world), data=form_data(complete(opening="Versi <sekretariat>."), 0))
    assert second.status_code == 409
    html = second.get_data(as_text=True)
    # both versions of the differing part, words marked, no raw unified diff
    assert "<del>notulis.</del>" in html and "<ins>&lt;sekretariat&gt;.</ins>" in html
    assert "+++" not in html and "@@" not in html
    assert "Versi <sekretariat>" not in html  # escaped
    assert 'name="base_revision" value="1"' in html  # may save again knowingly
    minutes = db.session.scalar(select(Minutes))
    db.session.refresh(minutes)
    assert minutes.content["opening"] == "Versi notulis." and minutes.revision == 1

    # autosave: JSON in, new revision out; a stale base gets 409 with the diff
    answer = notulis.post(
        session_url(world, "/autosave"), json={"base_revision": 1, "content": complete(opening="Otomatis.")}
    )
    assert answer.status_code == 200 and answer.get_json()["revision"] == 2
    stale = secretariat.post(
        session_url(world, "/autosave"), json={"base_revision": 1, "content": complete(opening="Basi.")}
    )
    assert stale.status_code == 409
    body = stale.get_json()
    assert body["conflict"] and body["revision"] == 2 and "+Basi." in body["diff"]
    assert body["saved_by"] == "Siti Aminah"

    history = notulis.get(session_url(world, "/revisions"))
    assert history.status_code == 200 and "simpan otomatis" in history.get_data(as_text=True)
    assert notulis.get(session_url(world, "/revisions/2")).status_code == 200
    assert notulis.get(session_url(world, "/revisions/9")).status_code == 404


def test_finalize_and_reopen_pages(app, world):
    notulis = app.test_client(user=world["notulis"])
    secretariat = app.test_client(user=make_user("sekretariat"))
    notulis.get(session_url(world))
    notulis.post(session_url(world), data=form_data(complete(leader="", conclusions=[]), 0))
    refused = notulis.post(session_url(world, "/finalize"), data={"base_revision": "1"})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "Pimpinan rapat" in html and "Kesimpulan/keputusan" in html
    notulis.post(session_url(world), data=form_data(complete(), 1))
    assert notulis.post(session_url(world, "/finalize"), data={"base_revision": "2"}).status_code == 302
    minutes = db.session.scalar(select(Minutes))
    db.session.refresh(minutes)
    assert minutes.state == "final"
    locked = notulis.post(session_url(world, "/autosave"), json={"base_revision": 3, "content": complete()})
    assert locked.status_code == 423
    assert notulis.post(session_url(world), data=form_data(complete(), 3)).status_code == 409
    assert notulis.post(session_url(world, "/reopen")).status_code == 403
    assert secretariat.post(session_url(world, "/reopen")).status_code == 302
    db.session.refresh(minutes)
    assert minutes.state == "draft" and minutes.revision == 4


def test_finalize_with_a_mangled_base_revision_is_refused_not_a_500(app, world):
    notulis = app.test_client(user=world["notulis"])
    notulis.get(session_url(world))
    notulis.post(session_url(world), data=form_data(complete(), 0))
    refused = notulis.post(session_url(world, "/finalize"), data={"base_revision": "abc"})
    assert refused.status_code == 302
    minutes = db.session.scalar(select(Minutes))
    db.session.refresh(minutes)
    assert minutes.state == "draft" and minutes.revision == 1


def test_role_matrix(app, world):
    event = world["event"]
    clients = {
        "notulis": app.test_client(user=world["notulis"]),
        "other_notulis": app.test_client(user=world["other_notulis"]),
        "sekretariat": app.test_client(user=make_user("sekretariat")),
        "petugas": app.test_client(user=make_user("petugas")),
        "perumus": app.test_client(user=make_user("perumus")),
    }
    services.get_or_create(world["session"])
    gets = [
        session_url(world),
        session_url(world, "/revisions"),
        session_url(world, ".pdf"),
        session_url(world, ".docx"),
    ]
    for url in gets:
        assert clients["notulis"].get(url).status_code == 200, url
        assert clients["sekretariat"].get(url).status_code == 200, url
        for who in ("other_notulis", "petugas", "perumus"):
            assert clients[who].get(url).status_code == 403, (who, url)
    autosave = session_url(world, "/autosave")
    for who in ("other_notulis", "petugas", "perumus"):
        assert clients[who].post(autosave, json={"base_revision": 0, "content": complete()}).status_code == 403
        assert clients[who].post(session_url(world), data=form_data(complete(), 0)).status_code == 403
        assert clients[who].post(session_url(world, "/finalize")).status_code == 403
    for url in (f"{base(world)}/all.pdf", f"{base(world)}/all.docx"):
        response = clients["sekretariat"].get(url)
        assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment")
        for who in ("notulis", "petugas", "perumus"):
            assert clients[who].get(url).status_code == 403
    listing = clients["notulis"].get(f"{base(world)}/")
    assert listing.status_code == 200 and "Paparan Inovasi Pelayanan Publik" in listing.get_data(as_text=True)
    other_list = clients["other_notulis"].get(f"{base(world)}/")
    assert other_list.status_code == 200 and "Paparan Inovasi" not in other_list.get_data(as_text=True)
    assert clients["petugas"].get(f"{base(world)}/").status_code == 403
    assert app.test_client().get(session_url(world)).status_code in (302, 401)
    assert clients["sekretariat"].get(f"/admin/events/{event.slug}/minutes/sessions/999999").status_code == 404


def test_a_sessions_download_is_the_export_of_its_notulen(app, world, monkeypatch):
    """/sessions/<id>.pdf and .docx answer with raker.exports.export(session=…): the same file, named
    notulen-<slug>-<id>; the page makes the notulen when nobody has opened it (one minutes.create row),
    export() makes nothing and refuses a session without notulen or of another meeting."""
    from raker import exports
    from raker.models import AuditLog
    from tests.documents import assert_same_file

    monkeypatch.setattr("reportlab.rl_config.invariant", 1)
    event, session = world["event"], world["session"]
    with pytest.raises(exports.ExportRefused) as refused:
        exports.export(event, "minutes", "pdf", session=session.id)
    assert refused.value.status == 404 and services.get(session) is None
    notulis = app.test_client(user=world["notulis"])
    for fmt in ("pdf", "docx"):
        download = notulis.get(session_url(world, f".{fmt}"))
        result = exports.export(event, "minutes", fmt, session=session.id)
        assert result.filename == f"notulen-{event.slug}-{session.id}.{fmt}" and result.audit is None
        assert_same_file(download, result)
        assert download.headers["Content-Disposition"] == f'attachment; filename="{result.filename}"'
        assert download.data.startswith(b"%PDF-" if fmt == "pdf" else b"PK")
    assert "Paparan Inovasi Pelayanan Publik" in pdf_text(notulis.get(session_url(world, ".pdf")).data)
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.event_id == event.id)).all()
    assert [a for a in actions if a.startswith(("minutes.", "export."))] == ["minutes.create"]
    other = make_event(title="Rapat Kerja Lain", start_date=DAY1)
    with pytest.raises(exports.ExportRefused):
        exports.export(other, "minutes", "pdf", session=session.id)


def test_stale_object_cannot_overwrite(world):
    """Two requests hold the same revision in memory: the database decides, one of them conflicts."""
    from sqlalchemy import update

    minutes = services.get_or_create(world["session"])
    # another process saved meanwhile; this request's object still says revision 0
    db.session.execute(
        update(Minutes).where(Minutes.id == minutes.id).values(revision=1).execution_options(synchronize_session=False)
    )
    assert minutes.revision == 0
    with pytest.raises(EditConflict):
        services.save(minutes, complete(), by=world["notulis"], base_revision=0)
    assert db.session.scalar(select(MinutesRevision.id)) is None


def test_attendance_count_refreshed_in_documents_and_export(world):
    from raker.models import Registration

    minutes = services.get_or_create(world["session"])
    services.save(
        minutes, complete(attendance_note="0 orang (daftar hadir terlampir)"), by=world["notulis"], base_revision=0
    )
    parts = services.document_parts(world["event"], minutes)
    assert dict(parts.header)["Peserta"] == "3 orang (daftar hadir terlampir)"
    services.save(
        minutes, complete(attendance_note="Seluruh kepala bagian organisasi"), by=world["notulis"], base_revision=1
    )
    assert (
        dict(services.document_parts(world["event"], minutes).header)["Peserta"] == "Seluruh kepala bagian organisasi"
    )
    assert services.export(world["event"], "pdf").startswith(b"%PDF")
    assert services.export(world["event"], "docx").startswith(b"PK")
    assert db.session.scalar(select(Registration.id)) is not None


def test_assigned_account_needs_the_notulis_role(world):
    petugas = make_user("petugas")
    world["session"].people[-1].user_id = petugas.id  # the agenda names a petugas account as notulis
    db.session.commit()
    assert not services.can_edit(petugas, world["session"])


STAFF = {"admin", "sekretariat"}
MINUTES_ROUTES = {
    ("minutes.index", "GET"): STAFF | {"notulis"},
    ("minutes.edit", "GET"): STAFF | {"notulis"},
    ("minutes.edit", "POST"): STAFF | {"notulis"},
    ("minutes.autosave", "POST"): STAFF | {"notulis"},
    ("minutes.resolve", "POST"): STAFF | {"notulis"},
    ("minutes.finalize", "POST"): STAFF | {"notulis"},
    ("minutes.reopen", "POST"): STAFF,
    ("minutes.history", "GET"): STAFF | {"notulis"},
    ("minutes.revision", "GET"): STAFF | {"notulis"},
    ("minutes.session_pdf", "GET"): STAFF | {"notulis"},
    ("minutes.session_docx", "GET"): STAFF | {"notulis"},
    ("minutes.all_pdf", "GET"): STAFF,
    ("minutes.all_docx", "GET"): STAFF,
}


def test_route_matrix_like_the_global_one(app, world):
    """Every minutes route, each identity, an empty form posted (as tests/test_roles.py does), on the
    session whose notulis is the 'notulis' account: allowed means neither 403 nor the login page."""
    from flask import url_for

    people = {
        "anonymous": None,
        "admin": make_user("admin"),
        "sekretariat": make_user("sekretariat"),
        "petugas": make_user("petugas"),
        "notulis": world["notulis"],
        "perumus": make_user("perumus"),
        "kontak": make_user("kontak_delegasi"),
    }
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("minutes.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == set(MINUTES_ROUTES)
    failures = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("minutes."):
            continue
        values = {"slug": world["event"].slug, "session_id": world["session"].id, "number": 1}
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for identity, user in people.items():
                client = app.test_client(user=user) if user else app.test_client()
                with app.test_request_context():
                    url = url_for(rule.endpoint, **{k: v for k, v in values.items() if k in rule.arguments})
                response = client.open(url, method=method, data={})
                assert response.status_code < 500, (url, identity)
                if response.status_code == 403:
                    outcome = "forbidden"
                elif response.status_code == 302 and "/auth/login" in response.headers["Location"]:
                    outcome = "login"
                else:
                    outcome = "allowed"
                expected = (
                    "allowed"
                    if identity in MINUTES_ROUTES[(rule.endpoint, method)]
                    else "login"
                    if identity == "anonymous"
                    else "forbidden"
                )
                if outcome != expected:
                    failures.append(f"{method} {url} as {identity}: {outcome} ({response.status_code})")
    assert not failures, "\n".join(failures)


def test_kop_with_logo_in_pdf_and_docx(world):
    from PIL import Image

    from raker.minutes.services import minutes_docx, minutes_pdf

    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "navy").save(buffer, "PNG")
    world["event"].logo, world["event"].logo_mimetype = buffer.getvalue(), "image/png"
    world["event"].letterhead_unit = "Sekretariat Daerah"
    db.session.commit()
    minutes = services.get_or_create(world["session"])
    text = pdf_text(minutes_pdf(world["event"], [minutes]))
    assert_in_order(text, ["PEMERINTAH KABUPATEN PASER", "SEKRETARIAT DAERAH", "NOTULEN"])
    doc = Document(io.BytesIO(minutes_docx(world["event"], [minutes])))
    assert len(doc.inline_shapes) == 2  # the notulen's kop and the attached daftar hadir's
    assert_in_order(
        "\n".join(docx_lines(minutes_docx(world["event"], [minutes]))),
        ["PEMERINTAH KABUPATEN PASER", "SEKRETARIAT DAERAH", "NOTULEN"],
    )


# ---- issue 11 A.4: the notulen as an official signs it ------------------------------------------

NOTULIS_NIP = "198609262015051001"


def _notulis_without_registration(world):
    """The notulis as the agenda often has them: a secretariat account, not a registered participant."""
    person = next(p for p in world["session"].people if p.role == "notulis")
    person.registration_id = None
    db.session.commit()


def test_notulis_rank_and_nip_typed_on_the_notulen_are_printed(world):
    _notulis_without_registration(world)
    minutes = services.get_or_create(world["session"])
    services.save(
        minutes,
        complete(notulis_rank="III/c", notulis_nip="19860926 201505 1 001"),
        by=world["notulis"],
        base_revision=0,
    )
    assert db.session.get(Minutes, minutes.id).content["notulis_nip"] == NOTULIS_NIP
    signature = ["Notulis,", "Siti Aminah", "Penata (III/c)", "NIP. 19860926 201505 1 001"]
    assert_in_order(pdf_text(services.minutes_pdf(world["event"], [minutes])), ["Rapat ditutup", *signature])
    assert_in_order(
        "\n".join(docx_lines(services.minutes_docx(world["event"], [minutes]))), ["Rapat ditutup", *signature]
    )


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"notulis_nip": "19860926201505100"}, "NIP notulis: NIP harus 18 angka."),
        ({"notulis_nip": "198613262015051001"}, "NIP notulis:"),
        ({"notulis_rank": "V/a"}, "Pangkat/golongan notulis tidak dikenal."),
    ],
)
def test_wrong_notulis_nip_or_rank_refused_nothing_saved(app, world, fields, message):
    minutes = services.get_or_create(world["session"])
    client = app.test_client(user=world["notulis"])
    page = client.get(session_url(world)).get_data(as_text=True)
    assert 'name="notulis_nip"' in page and '<option value="III/c"' in page
    response = client.post(session_url(world), data={**form_data(complete(), 0), **fields})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    response = client.post(
        session_url(world, "/autosave"), json={"content": {**complete(), **fields}, "base_revision": 0}
    )
    assert response.status_code == 400 and response.get_json()["error"].startswith(message)
    db.session.expire_all()
    assert db.session.get(Minutes, minutes.id).revision == 0
    assert db.session.scalar(select(MinutesRevision).where(MinutesRevision.minutes_id == minutes.id)) is None


def test_asker_delegation_printed_once(world):
    minutes = services.get_or_create(world["session"])
    services.save(
        minutes,
        complete(
            qa=[
                {
                    "asker": "Peserta dari Kabupaten Berau",
                    "delegation": "Kabupaten Berau",
                    "question": "Q1",
                    "answer": "A1",
                },
                {"asker": "Rahmat", "delegation": "Kota Samarinda", "question": "Q2", "answer": "A2"},
            ]
        ),
        by=world["notulis"],
        base_revision=0,
    )
    for text in (
        pdf_text(services.minutes_pdf(world["event"], [minutes])),
        "\n".join(docx_lines(services.minutes_docx(world["event"], [minutes]))),
    ):
        assert "Berau — Kabupaten Berau" not in text
        assert_in_order(
            text, ["1.", "Penanya: Peserta dari Kabupaten Berau", "Q1", "2.", "Penanya: Rahmat — Kota Samarinda", "Q2"]
        )


SECTION_HEADINGS = ("KATA PEMBUKAAN", "PEMBAHASAN", "TANYA JAWAB", "KESIMPULAN/KEPUTUSAN", "PENUTUPAN")


def test_signature_block_never_alone_on_a_page(world):
    """However long the text, the page with the signature block also has the closing's last paragraph."""
    from tests.documents import pdf_pages

    minutes = services.get_or_create(world["session"])
    revision, seen_break = 0, False
    for n in range(18, 52):
        services.save(
            minutes,
            complete(
                opening="\n\n".join(
                    [f"Alinea pembukaan nomor {i} yang cukup panjang untuk mengisi satu baris penuh." for i in range(n)]
                )
            ),
            by=world["notulis"],
            base_revision=revision,
        )
        revision = minutes.revision
        pages = pdf_pages(services.minutes_pdf(world["event"], [minutes]))
        signed = next(i for i, page in enumerate(pages) if "Tana Paser, 9 Agustus 2021" in page)
        assert "V. PENUTUPAN Rapat ditutup pukul 10.30 WITA." in pages[signed], n
        assert "Notulis," in pages[signed]
        for page in pages[:signed]:  # no section heading left at the foot of a page
            assert not page.rsplit("Halaman", 1)[0].rstrip().endswith(SECTION_HEADINGS), n
        seen_break = seen_break or signed > 0
    assert seen_break  # the text did grow over a page


def test_daftar_hadir_attached_when_the_notulen_says_so(world):
    from tests.documents import pdf_pages

    minutes = services.get_or_create(world["session"])
    services.save(minutes, complete(), by=world["notulis"], base_revision=0)
    pages = pdf_pages(services.minutes_pdf(world["event"], [minutes]))
    assert "3 orang (daftar hadir terlampir)" in pages[0]
    attached = pages[-1]
    assert "NOTULEN" not in attached
    assert_in_order(
        attached,
        [
            "DAFTAR HADIR",
            "Acara",
            "Paparan Inovasi Pelayanan Publik",
            "Hari/Tanggal",
            "Senin, 9 Agustus 2021",
            "Kabupaten Berau",
            "Drs. Budi Santoso, M.Si.",
            "Siti Aminah, S.Sos.",
            "Mengetahui",
            "Halaman 1 dari 1",
        ],
    )
    assert "Halaman 1 dari 1" in pages[0]  # the notulen keeps its own page count
    lines = docx_lines(services.minutes_docx(world["event"], [minutes]))
    assert_in_order(
        "\n".join(lines),
        [
            "NOTULEN",
            "Notulis,",
            "DAFTAR HADIR",
            "Paparan Inovasi Pelayanan Publik",
            "No",
            "Nama",
            "Tanda Tangan",
            "Kabupaten Berau",
            "Drs. Budi Santoso, M.Si.",
            "Siti Aminah, S.Sos.",
            "Mengetahui",
        ],
    )
    doc = Document(io.BytesIO(services.minutes_docx(world["event"], [minutes])))
    attached = doc.sections[1]  # from a new page, counted on its own as in the PDF
    assert len(doc.sections) == 2 and attached.start_type == WD_SECTION.NEW_PAGE
    assert attached._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def test_no_daftar_hadir_when_not_promised(world):
    minutes = services.get_or_create(world["session"])
    services.save(
        minutes, complete(attendance_note="Seluruh kepala bagian organisasi"), by=world["notulis"], base_revision=0
    )
    assert "DAFTAR HADIR" not in pdf_text(services.minutes_pdf(world["event"], [minutes]))
    assert "DAFTAR HADIR" not in "\n".join(docx_lines(services.minutes_docx(world["event"], [minutes])))


# ---- resolving a conflict part by part -------------------------------------------------------


def test_conflict_parts_mark_the_words_each_side_has_alone(world):
    stored = complete(opening="Rapat dibuka oleh Budi.\nPeserta lengkap.", discussion=["Satu.", "Dua."])
    mine = complete(opening="Rapat dibuka resmi oleh Ani.\nPeserta lengkap.", discussion=["Satu.", "Dua.", "Tiga."])
    parts = {p.key: p for p in services.conflict_parts(stored, mine)}
    assert [k for k, p in parts.items() if p.differs] == ["opening", "discussion"]
    assert [(s.text, s.changed) for s in parts["opening"].stored] == [
        ("Rapat dibuka oleh ", False),
        ("Budi.", True),
        ("\nPeserta lengkap.", False),
    ]
    assert [(s.text, s.changed) for s in parts["opening"].mine] == [
        ("Rapat dibuka ", False),
        ("resmi", True),
        (" oleh ", False),
        ("Ani.", True),
        ("\nPeserta lengkap.", False),
    ]
    assert "".join(s.text for s in parts["discussion"].mine) == "1. Satu.\n2. Dua.\n3. Tiga."
    assert [s.text for s in parts["discussion"].mine if s.changed] == ["3. Tiga."]


def test_resolve_takes_each_part_from_the_chosen_version_as_a_new_revision(world):
    minutes = services.get_or_create(world["session"])
    secretariat = make_user("sekretariat")
    services.save(
        minutes, complete(opening="Versi notulis.", closing="Ditutup notulis."), by=world["notulis"], base_revision=0
    )
    mine = complete(opening="Versi sekretariat.", closing="Ditutup sekretariat.")
    with pytest.raises(EditConflict) as caught:
        services.save(minutes, mine, by=secretariat, base_revision=0)
    assert caught.value.current_revision == 1
    services.resolve(
        minutes,
        caught.value.yours,
        {"opening": services.STORED, "closing": services.MINE},
        by=secretariat,
        base_revision=1,
    )
    db.session.refresh(minutes)
    assert minutes.revision == 2 and minutes.updated_by_id == secretariat.id
    assert minutes.content["opening"] == "Versi notulis." and minutes.content["closing"] == "Ditutup sekretariat."
    # the stored version is the one shown: a save meanwhile is a new conflict, with the merge as "yours"
    services.save(minutes, complete(opening="Lagi notulis."), by=world["notulis"], base_revision=2)
    with pytest.raises(EditConflict) as again:
        services.resolve(minutes, mine, {"opening": services.MINE}, by=secretariat, base_revision=2)
    assert again.value.current_revision == 3 and again.value.yours["opening"] == "Versi sekretariat."
    db.session.refresh(minutes)
    assert minutes.content["opening"] == "Lagi notulis."  # nothing overwritten
    with pytest.raises(MinutesError):
        services.resolve(minutes, mine, {"opening": "keduanya"}, by=secretariat, base_revision=3)
    with pytest.raises(MinutesError):
        services.parse_yours('{"opening": "a\\u0000b"}')
    with pytest.raises(MinutesError):
        services.parse_yours("bukan json")


def test_resolve_page_without_javascript(app, world):
    notulis = app.test_client(user=world["notulis"])
    secretariat = app.test_client(user=make_user("sekretariat"))
    notulis.post(session_url(world), data=form_data(complete(opening="Versi notulis."), 0))
    answer = secretariat.post(
        session_url(world), data=form_data(complete(opening="Versi sekretariat.", closing="Ditutup cepat."), 0)
    )
    assert answer.status_code == 409
    html = answer.get_data(as_text=True)
    assert 'name="choice_opening" value="stored"' in html and 'name="choice_closing" value="mine"' in html
    assert 'name="choice_leader"' not in html  # parts that are the same are not asked about
    yours = re.search(r'name="yours" value="([^"]*)"', html).group(1)
    import html as html_lib

    saved = secretariat.post(
        session_url(world, "/resolve"),
        data={
            "base_revision": "1",
            "yours": html_lib.unescape(yours),
            "choice_opening": "stored",
            "choice_closing": "mine",
        },
    )
    assert saved.status_code == 302
    minutes = db.session.scalar(select(Minutes))
    db.session.refresh(minutes)
    assert minutes.revision == 2
    assert (minutes.content["opening"], minutes.content["closing"]) == ("Versi notulis.", "Ditutup cepat.")
    bad = secretariat.post(session_url(world, "/resolve"), data={"base_revision": "2", "yours": "{"})
    assert bad.status_code == 400 and "tidak terbaca" in bad.get_data(as_text=True)
    db.session.refresh(minutes)
    assert minutes.revision == 2


def test_a_notulis_on_the_panitia_signs_with_the_panitias_pangkat_and_nip(world):
    """The demo's notulis (a secretariat account, not registered) signed with no pangkat or NIP though the
    panitia lists her with both; typed ones still win."""
    from raker.panitia import services as panitia

    _notulis_without_registration(world)
    panitia.add_member(
        world["event"],
        {"full_name": "Siti Aminah, S.Sos.", "place": "sekretariat", "rank": "III/b", "nip": "199212242017082001"},
    )
    minutes = services.get_or_create(world["session"])
    services.save(minutes, complete(), by=world["notulis"], base_revision=0)
    signature = ["Notulis,", "Siti Aminah, S.Sos.", "Penata Muda Tingkat I (III/b)", "NIP. 19921224 201708 2 001"]
    assert_in_order(pdf_text(services.minutes_pdf(world["event"], [minutes])), ["Rapat ditutup", *signature])
    services.save(
        minutes, complete(notulis_rank="III/c", notulis_nip=NOTULIS_NIP), by=world["notulis"], base_revision=1
    )
    text = pdf_text(services.minutes_pdf(world["event"], [minutes]))
    assert_in_order(text, ["Notulis,", "Siti Aminah", "Penata (III/c)", "NIP. 19860926 201505 1 001"])
    assert "III/b" not in text
