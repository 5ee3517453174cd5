"""Live amendments in the plenary (issue 14): a present delegation proposes a new wording of the item under
discussion from the personal link; the live state carries it as a word diff; the pimpinan accepts (the
item's text changes with a version in its history) or rejects; refusals save nothing; all audited."""

import pytest
from sqlalchemy import select

from raker.extensions import db
from raker.models import AuditLog, Proposal
from raker.rumusan import services as rumusan
from raker.sidang import SidangRefused, amendments, decisions, live
from tests.factories import table_counts
from tests.sidang.test_plenary import plenary  # noqa: F401  (the fixture: three delegations, two present)

NEW_TEXT = "Evaluasi kelembagaan perangkat daerah dilaksanakan setiap tahun."


def test_an_amendment_is_shown_as_a_word_diff_and_accepting_changes_the_item(plenary):  # noqa: F811
    event, (paser, berau, _), items, chair = plenary
    decisions.set_current_item(event, items[0], by=chair)
    proposal = amendments.submit(event, paser, NEW_TEXT, "Agar berkala.")
    state = live.state(event)
    [shown] = state["amendments"]
    assert shown["delegation"] == "Kabupaten Paser" and shown["text"] == NEW_TEXT
    assert ["delete", "daerah."] in shown["diff"] and ["insert", "daerah dilaksanakan setiap tahun."] in shown["diff"]

    amendments.decide(event, proposal.id, True, by=chair)
    item = db.session.get(type(items[0]), items[0].id)
    assert item.text == NEW_TEXT and item.version == 2
    last = item.history[-1]
    assert last.text == NEW_TEXT and "Kabupaten Paser" in last.note and "Diterima pimpinan sidang pleno" in last.note
    assert db.session.get(Proposal, proposal.id).state == "accepted"
    assert live.state(event)["amendments"] == [] and live.state(event)["item"]["text"] == NEW_TEXT
    actions = [row.action for row in db.session.scalars(select(AuditLog).order_by(AuditLog.id))]
    assert "sidang.amend" in actions and actions[-1] == "rumusan.proposal_decide"


def test_rejecting_keeps_the_text(plenary):  # noqa: F811
    event, (paser, berau, _), items, chair = plenary
    decisions.set_current_item(event, items[0], by=chair)
    proposal = amendments.submit(event, berau, NEW_TEXT)
    amendments.decide(event, proposal.id, False, note="Sudah diatur dalam butir lain.", by=chair)
    item = db.session.get(type(items[0]), items[0].id)
    assert item.text == "Evaluasi kelembagaan perangkat daerah." and item.version == 1
    row = db.session.get(Proposal, proposal.id)
    assert row.state == "rejected" and row.decision_reason == "Sudah diatur dalam butir lain."
    with pytest.raises(SidangRefused, match="sudah diputuskan"):
        amendments.decide(event, proposal.id, True, by=chair)


@pytest.mark.clocks  # "present today" is the meeting's today, in its own zone
def test_refused_amendments_save_nothing(plenary):  # noqa: F811
    event, (paser, berau, samarinda), items, chair = plenary
    with pytest.raises(SidangRefused, match="Belum ada butir") as no_item:
        amendments.submit(event, paser, NEW_TEXT)
    assert no_item.value.status == 409
    decisions.set_current_item(event, items[0], by=chair)
    before = table_counts()
    with pytest.raises(SidangRefused, match="belum tercatat hadir") as absent:
        amendments.submit(event, samarinda, NEW_TEXT)  # Samarinda did not check in today
    assert absent.value.status == 403
    with pytest.raises(SidangRefused, match="Tulis bunyi") as empty:
        amendments.submit(event, paser, "   ")
    assert empty.value.status == 400
    with pytest.raises(SidangRefused, match="sama dengan bunyi butir"):
        amendments.submit(event, paser, "  Evaluasi kelembagaan   perangkat daerah. ")
    assert table_counts() == before
    amendments.submit(event, paser, NEW_TEXT)
    with pytest.raises(SidangRefused, match="sudah mengusulkan"):
        amendments.submit(event, paser, NEW_TEXT + " Lagi.")


def test_no_amendment_on_a_closed_item(plenary):  # noqa: F811
    event, (paser, berau, _), items, chair = plenary
    decisions.set_current_item(event, items[1], by=chair)
    pending = amendments.submit(event, berau, "Penyederhanaan birokrasi tahun 2028.")
    decisions.decide(event, items[1], "ditunda", by=chair)  # postponed: still current, still open
    rumusan.set_item_state(items[1], "proposed", by=chair)
    rumusan.set_item_state(items[1], "adopted", by=chair)  # decided meanwhile in the editor
    before = table_counts()
    with pytest.raises(SidangRefused, match="sudah diputuskan") as closed:
        amendments.submit(event, paser, "Penyederhanaan birokrasi tahun 2029.")
    assert closed.value.status == 409
    with pytest.raises(SidangRefused, match="sudah diputuskan"):
        amendments.decide(event, pending.id, True, by=chair)
    assert table_counts() == before


def test_phone_and_console_routes(app, plenary):  # noqa: F811
    event, (paser, berau, samarinda), items, chair = plenary
    decisions.set_current_item(event, items[0], by=chair)
    phone = app.test_client()
    before = table_counts()
    refused = phone.post(f"/r/{samarinda.token}/pleno/usul", data={"text": NEW_TEXT})
    assert refused.status_code == 403 and "belum tercatat hadir" in refused.get_data(as_text=True)
    assert table_counts() == before
    assert phone.post(f"/r/{paser.token}/pleno/usul", data={"text": NEW_TEXT, "reason": "Berkala."}).status_code == 302
    [proposal] = amendments.pending(event)
    console = app.test_client(user=chair)
    page = console.get(f"/admin/events/{event.slug}/pleno/").get_data(as_text=True)
    assert "Usulan perubahan dari Kabupaten Paser" in page and "<ins>daerah dilaksanakan setiap tahun.</ins>" in page
    assert console.post(f"/admin/events/{event.slug}/pleno/usulan/99999", data={"accept": "1"}).status_code == 404
    accepted = console.post(
        f"/admin/events/{event.slug}/pleno/usulan/{proposal.id}", data={"accept": "1"}, follow_redirects=True
    )
    assert "Usulan perubahan diterima" in accepted.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(items[0]), items[0].id).text == NEW_TEXT
