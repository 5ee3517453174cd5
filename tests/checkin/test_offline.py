"""Offline work at the door: the compact bundle (codes and NIPs only hashed), manual check-ins chosen
in the phone's bundle and replayed through /checkins/batch, and signatures sent after their scan."""

import base64
import hashlib
import io
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook
from PIL import Image, ImageDraw
from sqlalchemy import func, select

from raker.auth.services import issue_token
from raker.checkin import services
from raker.checkin.attendance import attendance_rows, attendance_xlsx
from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import CheckIn, Registration, Scan
from raker.registration import services as registration
from raker.registration.privacy import anonymise
from tests.factories import make_event, make_user, register, table_counts


@pytest.fixture
def setup(app):
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    people = [register(event, paser, n) for n in (1, 2, 3, 4)]
    for person in people[:3]:
        registration.change_state(person, "approved")
    other = make_event(title="Rapat Lain")
    outsider = register(other, add_delegation(other, {"name": "Kota Bontang", "region_code": "64.74"}), 9)
    registration.change_state(outsider, "approved")
    headers = {"Authorization": f"Bearer {issue_token(make_user('petugas'))}"}
    return event, people, outsider, headers


def url(event, tail=""):
    return f"/api/v1/events/{event.slug}/checkins{tail}"


def rows_of(bundle: dict) -> dict[int, dict]:
    """The bundle's rows as dicts by registration id, with the names of delegation, role and state."""
    rows = {}
    for raw in bundle["participants"]:
        row = dict(zip(bundle["fields"], raw, strict=False))  # a row may leave off its trailing empty fields
        row.update(
            delegation=bundle["delegations"][row["delegation"]],
            role=bundle["roles"][row["role"]],
            state=bundle["states"][row["state"]],
        )
        rows[row["id"]] = row
    return rows


def manual(person_id, nonce, *, device="hp-1", gate="Meja 2", minutes_ago=1) -> dict:
    """A queued offline check-in of someone chosen in the phone's search, as scanner.js sends it."""
    when = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    return {
        "registration_id": person_id,
        "gate": gate,
        "nonce": nonce,
        "scanned_at": when.isoformat(),
        "device": device,
    }


def signature_data_url(size=(600, 240)) -> str:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(20, 200), (200, 40), (380, 200), (580, 40)], fill=(0, 0, 0, 255), width=6)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def test_bundle_hashes_codes_and_nips_and_lists_everyone_of_the_event(client, setup):
    event, people, outsider, headers = setup
    gone = register(event, people[0].delegation, 5)
    anonymise(gone)
    response = client.get(url(event, "/bundle"), headers=headers)
    text = response.get_data(as_text=True)
    for person in people:
        assert person.nip not in text and person.email not in text and person.phone not in text
        assert person.checkin_code is None or person.checkin_code not in text
    assert "19860926 201505" not in text  # nor the NIP grouped
    bundle = response.json
    assert bundle["version"] == 2 and bundle["timezone"] == "Asia/Makassar"
    rows = rows_of(bundle)
    assert set(rows) == {p.id for p in people}  # not the other meeting's, not the anonymised one
    first = rows[people[0].id]
    assert first["code"] == hashlib.sha256(("RK1:" + people[0].checkin_code).encode()).hexdigest()[:32]
    assert first["nip"] == hashlib.sha256(("raker-nip:" + people[0].nip).encode()).hexdigest()[:5]
    assert bundle["nip_hash"] == {"prefix": "raker-nip:", "chars": 5} and bundle["code_hash_chars"] == 32
    assert (first["name"], first["delegation"], first["role"], first["state"]) == (
        people[0].full_name,
        "Kabupaten Paser",
        "peserta",
        "approved",
    )
    assert first.get("checked_in") is None
    pending = rows[people[3].id]
    assert (pending["code"], pending["state"]) == ("", "pending")  # found by name offline, "not approved"

    answer = client.post(
        url(event), json={"code": "RK1:" + people[0].checkin_code, "gate": "Pintu Utama"}, headers=headers
    ).json
    [(day, first_in)] = rows_of(client.get(url(event, "/bundle"), headers=headers).json)[people[0].id][
        "checked_in"
    ].items()
    at = datetime.fromisoformat(answer["checked_in_at"])
    assert day == at.astimezone(event.tz).date().isoformat()
    assert first_in == [int(at.timestamp()), "Pintu Utama"]


def test_an_unchanged_bundle_is_a_304_and_every_change_of_its_content_changes_the_etag(app, client, setup):
    """Issue 15: every scanner phone refetches the whole bundle (1.2 MB at 10,000) at start and on each
    refresh. With the ETag it holds, an unchanged bundle is a 304 without a body after one SELECT of
    aggregates beyond the sign-in's, recorded as no export; whatever the rows carry changes the ETag."""
    from sqlalchemy import event as sa_event

    from raker.events.services import update_delegation
    from raker.models import AuditLog
    from raker.sidang import commissions as komisi

    event, people, _outsider, headers = setup
    first = client.get(url(event, "/bundle"), headers=headers)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-store" and etag

    def refetch(tag):
        statements = []
        with app.app_context():
            engine = db.engine
        listener = lambda *_args: statements.append(_args[2])  # noqa: E731
        sa_event.listen(engine, "before_cursor_execute", listener)
        try:
            answer = client.get(url(event, "/bundle"), headers={**headers, "If-None-Match": tag})
        finally:
            sa_event.remove(engine, "before_cursor_execute", listener)
        return answer, statements

    exports = db.session.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "export.bundle"))
    again, statements = refetch(etag)
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "no-store"
    [sign_in, key] = statements  # the bearer token's, then the bundle's aggregates and nothing else
    assert "api_tokens" in sign_in and "count(" in key and "checkins" in key
    assert db.session.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "export.bundle")) == exports
    assert refetch('"another"')[0].status_code == 200
    assert refetch(f"W/{etag}")[0].status_code == 304  # as nginx sends it back after gzipping the answer

    commission = komisi.create_commission(event, "Kelembagaan")
    second = komisi.create_commission(event, "Teknologi Informasi")
    staff = make_user("sekretariat", "sekretariat.etag@uji.raker.example")
    changes = [
        lambda: services.redeem(event, services.ScanInput(code="RK1:" + people[0].checkin_code, gate="Pleno")),
        lambda: setattr(people[1], "full_name", "Nama Baru, S.E.") or db.session.commit(),
        lambda: registration.change_state(people[3], "approved"),
        lambda: services.undo(
            db.session.scalar(select(CheckIn).where(CheckIn.registration_id == people[0].id)), by=staff, reason="Salah"
        ),
        lambda: update_delegation(people[0].delegation, {"name": "Kabupaten Paser Baru", "region_code": "64.01"}),
        lambda: komisi.assign(commission, people[2]),
        lambda: komisi.assign(second, people[2]),  # a move: the same row, another commission
        lambda: anonymise(people[1]),
    ]
    seen = {etag}
    for change in changes:
        change()
        answer, _statements = refetch(etag)
        assert answer.status_code == 200 and answer.headers["ETag"] not in seen, change
        etag = answer.headers["ETag"]
        seen.add(etag)
        assert refetch(etag)[0].status_code == 304


def test_nip_hash_ignores_the_grouping_and_is_short_on_purpose():
    assert services.nip_hash("19860926 201505 2 001") == services.nip_hash("198609262015052001")
    assert len(services.nip_hash("198609262015052001")) == 5  # 20 bits: many NIPs share each value


@pytest.mark.clocks
def test_manual_offline_check_in_is_decided_like_the_online_one(client, setup):
    event, people, _, headers = setup
    scans = [
        manual(people[0].id, "m-1", minutes_ago=3),
        manual(people[1].id, "m-2", minutes_ago=2),
        manual(people[0].id, "m-3", minutes_ago=1),
    ]  # the same person chosen twice on one phone
    results = client.post(url(event, "/batch"), json={"scans": scans}, headers=headers).json["results"]
    assert [r["status"] for r in results] == ["ok", "ok", "already_checked_in"]
    assert results[0]["name"] == people[0].full_name and results[0]["delegation"] == "Kabupaten Paser"
    assert results[2]["checkin_id"] == results[0]["checkin_id"] and results[2]["needs_review"] is False
    checkin = db.session.get(CheckIn, results[0]["checkin_id"])
    assert (checkin.method, checkin.offline, checkin.gate, checkin.device) == ("manual", True, "Meja 2", "hp-1")
    assert checkin.scanned_at == datetime.fromisoformat(scans[0]["scanned_at"])  # the phone's time, not arrival
    assert db.session.scalars(select(Scan.code).where(Scan.nonce == "m-1")).one() == f"manual:{people[0].id}"

    replay = client.post(url(event, "/batch"), json={"scans": scans}, headers=headers).json["results"]
    assert replay == results  # sent again (an answer lost on the way): the same answers, nothing new
    assert db.session.scalar(select(func.count(CheckIn.id))) == 2
    assert db.session.scalar(select(func.count(Scan.id))) == 3


def test_manual_and_badge_on_two_phones_count_once_and_are_flagged(client, setup):
    event, people, _, headers = setup
    badge = {
        "code": "RK1:" + people[0].checkin_code,
        "gate": "Pintu Utama",
        "nonce": "q-1",
        "device": "hp-a",
        "scanned_at": (datetime.now(UTC) - timedelta(minutes=1)).isoformat(),
    }
    assert (
        client.post(url(event, "/batch"), json={"scans": [badge]}, headers=headers).json["results"][0]["status"] == "ok"
    )
    earlier = manual(people[0].id, "m-9", device="hp-b", gate="Meja 2", minutes_ago=5)
    [answer] = client.post(url(event, "/batch"), json={"scans": [earlier]}, headers=headers).json["results"]
    assert answer["status"] == "already_checked_in" and answer["needs_review"] is True
    checkin = db.session.scalar(select(CheckIn))
    assert checkin.needs_review and checkin.gate == "Meja 2"  # the earlier scan is the first arrival
    assert db.session.scalar(select(func.count(CheckIn.id))) == 1


def test_forged_unknown_and_other_event_ids_check_nobody_in(client, setup):
    event, people, outsider, headers = setup
    highest = db.session.scalar(select(func.max(Registration.id)))
    scans = [manual(highest + 1000, "f-1"), manual(outsider.id, "f-2"), manual(people[3].id, "f-3")]
    results = client.post(url(event, "/batch"), json={"scans": scans}, headers=headers).json["results"]
    assert [r["status"] for r in results] == ["invalid", "wrong_event", "not_approved"]
    assert "name" not in results[0] and "name" not in results[1]  # nothing said about another meeting's person
    assert db.session.scalar(select(func.count(CheckIn.id))) == 0
    assert db.session.scalar(select(func.count(Scan.id))) == 3  # failed scans are recorded too
    # … and this meeting's scan log does not point at another meeting's participant.
    assert db.session.scalar(select(Scan.registration_id).where(Scan.nonce == "f-2")) is None


@pytest.mark.parametrize("forged", [0, -1, 2**31, 2**70, "12", True, 1.5, None])
def test_malformed_ids_are_refused_with_a_message_and_save_nothing(client, setup, forged):
    event, people, _, headers = setup
    client.get("/api/v1/me", headers=headers)  # the token's first use this hour is in the audit log
    before = table_counts()
    good = manual(people[0].id, "g-1")
    bad = {"registration_id": forged, "gate": "Meja 2", "nonce": "b-1"}
    response = client.post(url(event, "/batch"), json={"scans": [good, bad]}, headers=headers)
    assert response.status_code == 400 and response.json["message"]
    assert table_counts() == before


@pytest.mark.clocks
def test_signature_taken_offline_reaches_the_check_in_of_its_scan(client, setup):
    """What scanner.js does when the network is back: the batch answers with the check-in id, then the
    signature goes to that check-in. A signature taken after the sync sends the scan again (same
    nonce) to learn the id: the same answer, nothing counted twice."""
    event, people, _, headers = setup
    scans = [
        manual(people[0].id, "s-1"),
        {"code": "RK1:" + people[1].checkin_code, "gate": "Pintu Utama", "nonce": "s-2", "device": "hp-1"},
    ]
    first, second = client.post(url(event, "/batch"), json={"scans": scans}, headers=headers).json["results"]
    signed = client.post(
        url(event, f"/{first['checkin_id']}/signature"), json={"png": signature_data_url()}, headers=headers
    )
    assert signed.status_code == 200 and signed.json == {"status": "signed", "checkin_id": first["checkin_id"]}

    [again] = client.post(url(event, "/batch"), json={"scans": scans[1:]}, headers=headers).json["results"]
    assert again == second
    assert (
        client.post(
            url(event, f"/{again['checkin_id']}/signature"), json={"png": signature_data_url()}, headers=headers
        ).status_code
        == 200
    )
    assert db.session.scalar(select(func.count(CheckIn.id))) == 2

    [group] = attendance_rows(event, datetime.now(event.tz).date())
    signed_rows = {row.registration.id for row in group.rows if row.signature_png}
    assert signed_rows == {people[0].id, people[1].id}
    sheet = load_workbook(io.BytesIO(attendance_xlsx(event, datetime.now(event.tz).date()))).active
    assert len(sheet._images) == 2


def test_an_offline_signature_is_checked_like_an_online_one(client, setup):
    event, people, _, headers = setup
    [answer] = client.post(url(event, "/batch"), json={"scans": [manual(people[0].id, "v-1")]}, headers=headers).json[
        "results"
    ]
    target = url(event, f"/{answer['checkin_id']}/signature")
    huge = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * (600 * 1024)).decode()
    blank = Image.new("RGB", (600, 240), "white")
    buffer = io.BytesIO()
    blank.save(buffer, "PNG")
    for png, message in (
        (huge, "terlalu besar"),
        (base64.b64encode(buffer.getvalue()).decode(), "kosong"),
        (base64.b64encode(b"GIF89a....").decode(), "PNG"),
    ):
        refused = client.post(target, json={"png": png}, headers=headers)
        assert refused.status_code == 400 and message in refused.json["fields"]["png"]
    assert db.session.get(CheckIn, answer["checkin_id"]).signature_png is None
    other = make_event(title="Rapat Ketiga")
    elsewhere = f"/api/v1/events/{other.slug}/checkins/{answer['checkin_id']}/signature"
    assert client.post(elsewhere, json={"png": signature_data_url()}, headers=headers).status_code == 404


def test_a_queued_signature_never_replaces_one_already_given(client, setup):
    """Signed online at gate A; a phone at gate B that was offline sends its own signature later for the
    same check-in: the first signature stays on the daftar hadir, the phone is told why (409)."""
    event, people, _, headers = setup
    [answer] = client.post(url(event, "/batch"), json={"scans": [manual(people[0].id, "k-1")]}, headers=headers).json[
        "results"
    ]
    target = url(event, f"/{answer['checkin_id']}/signature")
    assert client.post(target, json={"png": signature_data_url()}, headers=headers).status_code == 200
    first = db.session.get(CheckIn, answer["checkin_id"]).signature_png
    queued = client.post(target, json={"png": signature_data_url((400, 160)), "keep_existing": True}, headers=headers)
    assert queued.status_code == 409 and queued.json["error"] == "signature_exists"
    assert "sudah menandatangani" in queued.json["message"]
    db.session.expire_all()
    assert db.session.get(CheckIn, answer["checkin_id"]).signature_png == first
    # The petugas signing again on purpose (online, not from the queue) still replaces it.
    assert client.post(target, json={"png": signature_data_url((400, 160))}, headers=headers).status_code == 200
    db.session.expire_all()
    assert db.session.get(CheckIn, answer["checkin_id"]).signature_png != first
    assert (
        client.post(target, json={"png": signature_data_url(), "keep_existing": "ya"}, headers=headers).status_code
        == 400
    )
