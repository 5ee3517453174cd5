"""Agenda rules without HTTP: conflicts (table-driven), publishing and the changelog, outputs."""

import io
from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from sqlalchemy import select

from raker.agenda import services
from raker.agenda.ics import agenda_ics, session_ics
from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import OutboxMessage, Room
from raker.registration import services as registration
from tests.factories import make_event, register, table_counts

START = date(2027, 8, 9)  # a Monday


@pytest.fixture
def event(app):
    event = make_event(start_date=START, title="Rapat Kerja Agenda Uji")
    for name in ("Aula Utama", "Ruang Komisi A"):
        db.session.add(Room(event_id=event.id, name=name))
    db.session.commit()
    return event


def room(name):
    return db.session.scalar(select(Room).where(Room.name == name))


def at(event, day: int, clock: str) -> datetime:
    hour, minute = map(int, clock.split("."))
    return datetime.combine(START + timedelta(days=day), time(hour, minute), tzinfo=event.tz)


def session(event, day, start, end, title, *, room_name="Aula Utama", kind="paparan", people=(), notulis=True):
    created = services.create_session(
        event,
        {
            "title": title,
            "kind": kind,
            "starts_at": at(event, day, start),
            "ends_at": at(event, day, end),
            "room_id": room(room_name).id if room_name else None,
        },
    )
    for role, name in people:
        services.add_person(created, {"role": role, "name": name})
    if notulis and kind not in ("ishoma", "rehat"):
        services.add_person(created, {"role": "notulis", "name": f"Notulis {title}"})
    return created


@pytest.mark.parametrize(
    "case, expected",
    [
        ("room_overlap", {"room"}),
        ("room_back_to_back", set()),
        ("other_room", set()),
        ("person_twice", {"person"}),
        ("person_back_to_back", set()),
        ("no_notulis", {"no_notulis"}),
        ("break_without_notulis", set()),
        ("outside_availability", {"availability"}),
        ("inside_availability", set()),
        ("cancelled_does_not_conflict", set()),
    ],
)
def test_conflict_cases(event, case, expected):
    if case == "room_overlap":
        session(event, 0, "09.00", "10.00", "A")
        session(event, 0, "09.30", "10.30", "B")
    elif case == "room_back_to_back":
        session(event, 0, "09.00", "10.00", "A")
        session(event, 0, "10.00", "11.00", "B")
    elif case == "other_room":
        session(event, 0, "09.00", "10.00", "A")
        session(event, 0, "09.00", "10.00", "B", room_name="Ruang Komisi A")
    elif case == "person_twice":
        session(event, 0, "09.00", "10.00", "A", people=[("narasumber", "Dwiyoga P. Soediarto")])
        session(
            event, 0, "09.45", "10.30", "B", room_name="Ruang Komisi A", people=[("moderator", "dwiyoga  p. SOEDIARTO")]
        )
    elif case == "person_back_to_back":
        session(event, 0, "09.00", "10.00", "A", people=[("narasumber", "Yusmadi")])
        session(event, 0, "10.00", "10.30", "B", room_name="Ruang Komisi A", people=[("narasumber", "Yusmadi")])
    elif case == "no_notulis":
        session(event, 0, "09.00", "10.00", "Paparan tanpa notulis", notulis=False)
    elif case == "break_without_notulis":
        session(event, 0, "12.00", "13.00", "Ishoma", kind="ishoma")
    elif case in ("outside_availability", "inside_availability"):
        created = session(event, 0, "09.00", "10.00", "Paparan Kementerian", people=[("narasumber", "Dwiyoga")])
        speaker = [p for p in created.people if p.role == "narasumber"][0]
        end = "12.00" if case == "inside_availability" else "09.30"
        services.add_availability(event, speaker, at(event, 0, "08.00"), at(event, 0, end))
    elif case == "cancelled_does_not_conflict":
        first = session(event, 0, "09.00", "10.00", "A")
        session(event, 0, "09.00", "10.00", "B")
        services.set_cancelled(first, True)
    assert {c.kind for c in services.conflicts(event)} == expected


def test_outside_event_days_after_the_dates_change(event):
    session(event, 1, "09.00", "10.00", "Hari kedua")
    from raker.events.services import update_event

    update_event(event, {"end_date": START})
    assert [c.kind for c in services.conflicts(event)] == ["outside"]


@pytest.mark.parametrize(
    "values, field",
    [
        ({"title": "", "starts_at": "09.00", "ends_at": "10.00"}, "title"),
        ({"title": "X", "starts_at": "10.00", "ends_at": "09.00"}, "ends_at"),
        ({"title": "X", "starts_at": "10.00", "ends_at": "10.00"}, "ends_at"),
        ({"title": "X", "starts_at": "09.00", "ends_at": "10.00", "day": 5}, "starts_at"),
        ({"title": "X", "starts_at": "09.00", "ends_at": "10.00", "day": -1}, "starts_at"),
        ({"title": "X", "starts_at": "09.00", "ends_at": "10.00", "room_id": 99999}, "room_id"),
        ({"title": "X", "starts_at": "09.00", "ends_at": "10.00", "kind": "karaoke"}, "kind"),
    ],
)
def test_bad_sessions_refused_and_nothing_saved(event, values, field):
    day = values.pop("day", 0)
    values["starts_at"] = at(event, day, values["starts_at"])
    values["ends_at"] = at(event, day, values["ends_at"])
    before = table_counts()
    with pytest.raises(services.AgendaError) as refused:
        services.create_session(event, values)
    assert refused.value.field == field and str(refused.value)
    assert table_counts() == before


def test_unknown_person_and_material_checks(event):
    created = session(event, 0, "09.00", "10.00", "Paparan")
    with pytest.raises(services.AgendaError, match="Peserta tidak dikenal"):
        services.add_person(created, {"role": "narasumber", "registration_id": 424242})
    with pytest.raises(services.AgendaError, match="Peran tidak dikenal"):
        services.add_person(created, {"role": "penyanyi", "name": "Siapa"})
    with pytest.raises(services.AgendaError):
        services.save_material(created, "Bahan", "bahan.pdf", b"PK\x03\x04 a docx, not a pdf")
    from tests.pdf_samples import tiny_pdf

    assert services.save_material(created, "Bahan paparan", "bahan.pdf", tiny_pdf()).size > 0


def test_registered_participant_as_speaker_keeps_their_details(event):
    delegation = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    person = register(event, delegation, 1, position="Staf Ahli Bupati")
    created = session(event, 0, "09.00", "10.00", "Sambutan", kind="sambutan")
    speaker = services.add_person(created, {"role": "narasumber", "registration_id": person.id})
    assert (speaker.name, speaker.position, speaker.email) == (person.full_name, "Staf Ahli Bupati", person.email)


def test_publish_changelog_and_emails(event):
    opening = session(event, 0, "08.30", "09.00", "Pembukaan", kind="pembukaan")
    talk = session(event, 0, "09.00", "10.00", "Paparan", people=[("narasumber", "Dwiyoga")])
    talk.people[0].email = "dwiyoga@menpan.raker.example"
    db.session.commit()
    first = services.publish(event, note="Versi awal")
    assert first.number == 1 and [c["type"] for c in first.changes] == ["new", "new"]
    speaker_mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "agenda.speaker")).all()
    assert [m.to_address for m in speaker_mail] == ["dwiyoga@menpan.raker.example"]
    assert "/agenda/respond/" in speaker_mail[0].body_text and "09.00" in speaker_mail[0].body_text
    with pytest.raises(services.AgendaError, match="Tidak ada perubahan"):
        services.publish(event)
    services.update_session(talk, {"starts_at": at(event, 0, "10.00"), "ends_at": at(event, 0, "11.00")})
    services.set_cancelled(opening, True)
    closing = session(event, 1, "12.00", "12.30", "Penutupan", kind="penutupan")
    delegation = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    participant = register(event, delegation, 1)
    registration.change_state(participant, "approved")
    second = services.publish(event, note="Paparan diundur", notify_participants=True)
    kinds = {c["title"]: c["type"] for c in second.changes}
    assert kinds == {"Paparan": "moved", "Pembukaan": "cancelled", "Penutupan": "new"}
    notice = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "agenda.changes"))
    assert notice.to_address == participant.email
    assert "PINDAH: Paparan" in notice.body_text and "DIBATALKAN: Pembukaan" in notice.body_text
    assert "Senin, 9 Agustus 2027 pukul 10.00 WITA" in notice.body_text
    assert closing.id in services.published_ids(event)
    with pytest.raises(services.AgendaError, match="sudah diumumkan"):
        services.delete_session(closing)


def test_copy_day(event):
    session(event, 0, "09.00", "10.00", "Sidang Komisi", kind="komisi", people=[("moderator", "Yusmadi")])
    copies = services.copy_day(event, START, START + timedelta(days=1))
    assert [(c.title, c.starts_at.astimezone(event.tz).date()) for c in copies] == [
        ("Sidang Komisi", START + timedelta(days=1))
    ]
    assert [p.name for p in copies[0].people] == [p.name for p in services.sessions_on(event, START)[0].people]
    with pytest.raises(services.AgendaError):
        services.copy_day(event, START, date(2030, 1, 1))


def test_ics_in_utc_and_pdf_in_order(event):
    session(event, 0, "09.00", "10.30", "Paparan Kementerian PAN-RB", people=[("narasumber", "Dwiyoga P. Soediarto")])
    session(event, 0, "08.30", "09.00", "Pembukaan", kind="pembukaan")
    session(event, 1, "11.45", "12.15", "Pembacaan Rumusan", kind="pembacaan_rumusan")
    services.publish(event)
    calendar = Calendar.from_ical(agenda_ics(event))
    entries = {e.get("summary"): e for e in calendar.walk("VEVENT")}
    start = entries["Paparan Kementerian PAN-RB"].decoded("dtstart")
    assert start == datetime(2027, 8, 9, 1, 0, tzinfo=UTC)  # 09.00 WITA
    assert b"DTSTART:20270809T010000Z" in agenda_ics(event)
    item = [i for i in services.latest_version(event).snapshot if i["title"] == "Pembacaan Rumusan"][0]
    one = Calendar.from_ical(session_ics(event, item))
    assert [e.get("summary") for e in one.walk("VEVENT")] == ["Pembacaan Rumusan"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(services.agenda_document(event, "pdf"))).pages)
    text = " ".join(text.split())
    order = [
        "SUSUNAN ACARA",
        "Hari Pertama: Senin, 9 Agustus 2027",
        "08.30 – 09.00",
        "Pembukaan",
        "09.00 – 10.30",
        "Paparan Kementerian PAN-RB",
        "Dwiyoga P. Soediarto",
        "Hari Kedua: Selasa, 10 Agustus 2027",
        "11.45 – 12.15",
        "Pembacaan Rumusan",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


def test_now_and_next(event):
    session(event, 0, "09.00", "10.00", "Satu")
    session(event, 0, "10.00", "11.00", "Dua")
    services.publish(event)
    running, upcoming = services.current_and_next(event, now=at(event, 0, "09.30"))
    assert [r["title"] for r in running] == ["Satu"] and upcoming["title"] == "Dua"
    running, upcoming = services.current_and_next(event, now=at(event, 1, "09.30"))
    assert running == [] and upcoming is None


def test_the_susunan_acara_does_not_repeat_a_role_as_the_jabatan(event):
    """A person whose jabatan was typed as the role ("Pembawa Acara") is named once, in the PDF and the DOCX."""
    from docx import Document

    opening = session(event, 0, "08.30", "09.00", "Pembukaan", kind="pembukaan")
    services.add_person(opening, {"role": "pembawa_acara", "name": "Rina Lestari, S.Sos.", "position": "Pembawa Acara"})
    services.add_person(opening, {"role": "narasumber", "name": "Yusmadi", "position": "Kepala Biro Organisasi"})
    services.publish(event)
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(services.agenda_document(event, "pdf"))).pages)
    pdf = " ".join(pdf.split())
    assert pdf.count("Pembawa Acara") == 1 and "Kepala Biro Organisasi" in pdf, pdf
    docx = Document(io.BytesIO(services.agenda_document(event, "docx")))
    words = " ".join(cell.text for table in docx.tables for row in table.rows for cell in row.cells)
    assert words.count("Pembawa Acara") == 1 and "Yusmadi, Kepala Biro Organisasi" in words, words


def test_the_calendar_is_stamped_when_its_information_was_made_not_when_downloaded(event):
    """DTSTAMP is the published version's time (the meeting's last change before publication), so the same
    agenda gives the same file at each download: a mailed susunan-acara.ics, rendered when sent, equals the
    download a second later (it did not when the clock's second was written)."""
    from sqlalchemy import update

    from raker.models import Event

    changed = datetime(2026, 11, 2, 1, 30, tzinfo=UTC)
    db.session.execute(update(Event).where(Event.id == event.id).values(updated_at=changed))
    db.session.commit()
    db.session.refresh(event)
    assert "DTSTAMP:20261102T013000Z" in agenda_ics(event).decode()
    opening = session(event, 0, "08.00", "09.00", "Pembukaan")
    version = services.publish(event)
    version.published_at = datetime(2026, 11, 20, 3, 0, 5, 123456, tzinfo=UTC)
    db.session.commit()
    body = agenda_ics(event).decode()
    assert body.count("DTSTAMP:20261120T030005Z") == body.count("BEGIN:VEVENT") == 1
    [item] = [i for i in version.snapshot if i["id"] == opening.id]
    assert "DTSTAMP:20261120T030005Z" in session_ics(event, item).decode()
    assert agenda_ics(event) == agenda_ics(event)
