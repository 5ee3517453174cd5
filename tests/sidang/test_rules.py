"""The rules of the sittings (quorum, speaking time) and who casts a delegation's vote: set by the
secretariat, or by the delegation's head from the personal link, one step only."""

import pytest
from sqlalchemy import func, select

from raker.checkin import services as checkin
from raker.checkin.services import ScanInput
from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import AuditLog, DelegationVoter, SidangSettings
from raker.registration import services as registration
from raker.sidang import SidangRefused, quorum, votes
from tests.factories import make_event, make_user, register


@pytest.fixture
def hall(app):
    event = make_event()
    paser = add_delegation(
        event, {"name": "Kabupaten Paser", "region_code": "64.01", "contact_email": "Ketua.Paser@uji.raker.example"}
    )
    members = [register(event, paser, n) for n in (1, 2, 3)]
    members[0].email = "ketua.paser@uji.raker.example"
    for person in members:
        registration.change_state(person, "approved")
    checkin.redeem(event, ScanInput(code="RK1:" + members[2].checkin_code, gate="Pleno"))
    chair = app.test_client(user=make_user("sekretariat", name="Pimpinan Sidang"))
    return event, members, chair


def test_the_secretariat_sets_quorum_and_speaking_time(app, hall):
    event, _, chair = hall
    base = f"/admin/events/{event.slug}/pleno/aturan"
    page = chair.get(base)
    assert page.status_code == 200 and "lebih dari separuh delegasi" in page.get_data(as_text=True)
    assert chair.post(base, data={"quorum": "two_thirds", "speaking_minutes": "5"}).status_code == 302
    settings = quorum.settings_for(event)
    assert (settings.quorum, settings.speaking_seconds) == ("two_thirds", 300)
    state = app.test_client().get(f"/events/{event.slug}/pleno/state.json").json
    assert state["speaking_seconds"] == 300 and state["quorum"]["needed"] == 1  # 2/3 of one delegation
    assert db.session.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "sidang.settings")) == 1


@pytest.mark.parametrize(
    "form, message",
    [
        ({"quorum": "semua", "speaking_minutes": "3"}, "Pilih aturan kuorum"),
        ({"quorum": "half", "speaking_minutes": "0"}, "Waktu bicara diisi menit, 1 sampai 60"),
        ({"quorum": "half", "speaking_minutes": "61"}, "Waktu bicara diisi menit"),
        ({"quorum": "half", "speaking_minutes": "2,5"}, "Waktu bicara diisi menit"),
        ({"quorum": "half"}, "Waktu bicara diisi menit"),
    ],
)
def test_bad_rules_are_refused_and_nothing_is_saved(app, hall, form, message):
    event, _, chair = hall
    answer = chair.post(f"/admin/events/{event.slug}/pleno/aturan", data=form)
    assert answer.status_code == 400 and message in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count(SidangSettings.id))) == 0


def test_the_secretariat_designates_and_clears_a_delegations_voter(app, hall):
    event, members, chair = hall
    url = f"/admin/events/{event.slug}/pleno/aturan/pemberi-suara/{members[0].delegation_id}"
    assert chair.post(url, data={"registration_id": members[2].id}).status_code == 302
    assert votes.designated(event)[members[0].delegation_id].id == members[2].id
    page = chair.get(f"/admin/events/{event.slug}/pleno/aturan").get_data(as_text=True)
    assert f'<option value="{members[2].id}" selected>' in page
    other = register(event, add_delegation(event, {"name": "Kota Samarinda", "region_code": "64.72"}), 9)
    wrong = chair.post(url, data={"registration_id": other.id})
    assert wrong.status_code == 400 and "Pilih anggota delegasi ini" in wrong.get_data(as_text=True)
    assert chair.post(url, data={"registration_id": ""}).status_code == 302
    assert db.session.scalar(select(func.count(DelegationVoter.id))) == 0
    assert db.session.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "vote.designate_clear")) == 1


def test_a_large_delegation_is_searched_instead_of_listing_every_member(app, hall, monkeypatch):
    """Issue 15: the voter lists printed every approved member of every delegation (10,000 options at a
    national meeting). Beyond LIST_ALL_UP_TO (200; 2 here, for three members) a delegation's row lists only
    its chosen voter and the matches of a search among its own members, without JavaScript (?delegasi=&cari=)
    and as one types (people.json?delegasi=); the voter is saved as before, and one of another delegation
    is refused with nothing saved."""
    from raker.sidang import commissions as komisi

    event, members, chair = hall
    paser = members[0].delegation_id
    base = f"/admin/events/{event.slug}/pleno/aturan"
    options = [f'<option value="{person.id}">{person.full_name}</option>' for person in members]
    few = chair.get(base).get_data(as_text=True)
    assert all(option in few for option in options) and 'name="cari"' not in few
    monkeypatch.setattr(komisi, "LIST_ALL_UP_TO", 2)
    many = chair.get(base).get_data(as_text=True)
    assert 'name="cari"' in many and f'name="delegasi" value="{paser}"' in many
    assert not any(option in many for option in options)
    found = chair.get(f"{base}?delegasi={paser}&cari={members[1].full_name}").get_data(as_text=True)
    assert options[1] in found and options[0] not in found and "1 anggota ditemukan" in found
    other = add_delegation(event, {"name": "Kota Samarinda", "region_code": "64.72"})
    outsider = register(event, other, 9)
    registration.change_state(outsider, "approved")
    people = f"/admin/events/{event.slug}/agenda/people.json"
    assert [p["id"] for p in chair.get(f"{people}?q=uji.raker&delegasi={other.id}").get_json()] == [outsider.id]
    assert outsider.id not in [p["id"] for p in chair.get(f"{people}?q=uji.raker&delegasi={paser}").get_json()]
    assert chair.get(f"{people}?q=uji.raker&delegasi=99999999999").get_json() == []
    url = f"{base}/pemberi-suara/{paser}"
    assert chair.post(url, data={"registration_id": members[1].id}).status_code == 302
    chosen = chair.get(base).get_data(as_text=True)  # the voter stays listed, chosen, without a search
    assert f'<option value="{members[1].id}" selected>{members[1].full_name}</option>' in chosen
    assert options[0] not in chosen and options[2] not in chosen
    forged = chair.post(url, data={"registration_id": outsider.id})
    assert forged.status_code == 400 and "Pilih anggota delegasi ini" in forged.get_data(as_text=True)
    assert votes.designated(event)[paser].id == members[1].id
    assert db.session.scalar(select(func.count(DelegationVoter.id))) == 1


def test_the_head_designates_from_the_personal_link_and_the_designee_cannot_pass_it_on(app, hall):
    event, (head, second, third), _ = hall
    phone = app.test_client()
    page = phone.get(f"/r/{head.token}/pleno/pemberi-suara")
    assert page.status_code == 200 and third.full_name in page.get_data(as_text=True)
    assert "Tunjuk pemberi suara delegasi" in phone.get(f"/r/{head.token}/pleno").get_data(as_text=True)
    assert phone.post(f"/r/{head.token}/pleno/pemberi-suara", data={"registration_id": third.id}).status_code == 302
    assert votes.designated(event)[head.delegation_id].id == third.id
    # The designee (and any other member) has no such page and cannot hand the vote on.
    assert phone.get(f"/r/{third.token}/pleno/pemberi-suara").status_code == 404
    assert "Tunjuk pemberi suara" not in phone.get(f"/r/{third.token}/pleno").get_data(as_text=True)
    assert phone.post(f"/r/{third.token}/pleno/pemberi-suara", data={"registration_id": second.id}).status_code == 404
    with pytest.raises(SidangRefused, match="Hanya ketua delegasi"):
        votes.designate_voter(second, by_member=third)
    assert votes.designated(event)[head.delegation_id].id == third.id
    # The designee votes; the head, not designated, cannot.
    checkin.redeem(event, ScanInput(code="RK1:" + head.checkin_code, gate="Pleno"))
    vote = votes.open_vote(event, "Butir A.1 disetujui?")
    with pytest.raises(SidangRefused, match="anggota yang ditunjuk"):
        votes.cast(vote, head, "setuju")
    votes.cast(vote, third, "setuju")
    assert votes.close_vote(vote).yes == 1
