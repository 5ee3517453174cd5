"""Pages and exports in the secretariat's words (issue 12 item 1, issue 13 item 1's labels): the history
of a registration as sentences, the participants XLSX with words, text phones and the meeting's zone."""

import io
from datetime import UTC

import pytest
from openpyxl import load_workbook

from raker.events.services import add_delegation
from raker.registration import services
from raker.states import LABELS, state_label
from tests.factories import make_event, make_user, register


@pytest.fixture
def event(app):
    return make_event(timezone="Asia/Makassar")


@pytest.fixture
def paser(event):
    return add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01", "quota": 20})


def test_history_reads_as_sentences_with_names_and_translated_states(app, event, paser):
    rahmawati = make_user("sekretariat", "rahmawati@uji.raker.example", name="Rahmawati")
    registration = register(event, paser, 1, full_name="Budi Santoso")
    services.change_state(registration, "cancelled", by=rahmawati)
    secretariat = app.test_client(user=rahmawati)
    page = secretariat.get(f"/admin/events/{event.slug}/registrations/{registration.id}").get_data(as_text=True)
    history = page.split('id="history"')[1].split("</ol>")[0]
    assert (
        "Rahmawati membatalkan pendaftaran Budi Santoso (Kabupaten Paser): menunggu persetujuan → dibatalkan" in history
    )
    assert "Budi Santoso (Kabupaten Paser) mendaftar: menunggu persetujuan" in history
    assert "registration.state" not in page and "Registration #" not in page and "pending" not in history
    assert " WITA" in history  # each time with its zone
    with secretariat.session_transaction() as session:
        session["lang"] = "en"
    english = secretariat.get(f"/admin/events/{event.slug}/registrations/{registration.id}").get_data(as_text=True)
    english_history = english.split('id="history"')[1].split("</ol>")[0]
    assert "awaiting approval → cancelled" in english_history and "registration.state" not in english


def test_every_label_has_an_english_translation(app):
    with app.test_request_context():
        from flask import session
        from flask_babel import refresh

        session["lang"] = "en"
        refresh()
        untranslated = [
            (kind, state)
            for kind, labels in LABELS.items()
            for state, label in labels.items()
            if state_label(state, kind) == label and label not in ("final", "moderator")
        ]
        assert untranslated == []
        assert state_label("pending", indonesian=True) == "menunggu persetujuan"  # documents stay Indonesian


def test_participants_xlsx_has_words_text_phones_and_the_meetings_zone(app, event, paser):
    registration = register(event, paser, 1, full_name="Budi Santoso", role="narasumber")
    services.change_state(registration, "approved")
    secretariat = app.test_client(user=make_user("sekretariat"))
    xlsx = secretariat.get(f"/admin/events/{event.slug}/participants.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    header = [cell.value for cell in sheet[1]]
    assert "Didaftarkan (WITA)" in header and "Didaftarkan (UTC)" not in header
    row = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    assert row["Status"].value == "Disetujui" and row["Peran"].value == "Narasumber"
    assert row["Ponsel"].value == "+6281234560001"  # no leading apostrophe in the cell
    assert row["Ponsel"].number_format == "@" and row["Ponsel"].data_type == "s"
    created = registration.created_at.astimezone(event.tz).strftime("%Y-%m-%d %H:%M")
    assert row["Didaftarkan (WITA)"].value == created
    assert registration.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M") != created  # WITA is UTC+8
    csv_text = secretariat.get(f"/admin/events/{event.slug}/participants.csv").data.decode("utf-8-sig")
    assert "Didaftarkan (WITA)" in csv_text and "Disetujui" in csv_text
    assert "'+6281234560001" in csv_text  # a CSV cell has no format: there the guard stays
