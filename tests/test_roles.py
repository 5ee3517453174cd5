"""The role matrix: every route of the URL map, as anonymous and as each role.

The expectations are written out here by hand, independent of the decorators in the code;
a route missing from this table fails the test, so a new route cannot skip the check.
Two meetings: the staff (sekretariat, petugas, notulis, perumus) are granted their role on
meeting A only; every route of meeting B refuses them, as it refuses A's delegation contacts."""

import io

import pytest
from flask import url_for
from PIL import Image

from raker.auth import services as accounts
from raker.checkin import services as checkin
from raker.events import services as events
from raker.extensions import db
from raker.models import ImportUpload
from raker.registration import services as registration
from tests.factories import make_event, make_user, register

EVERYONE = {"anonymous", "admin", "sekretariat", "petugas", "notulis", "perumus", "kontak", "kontak_lain"}
SIGNED_IN = EVERYONE - {"anonymous"}
STAFF = {"admin", "sekretariat"}
ADMIN = {"admin"}
RUMUSAN_EDIT = STAFF | {"perumus"}
RUMUSAN_READ = RUMUSAN_EDIT | {"kontak", "kontak_lain"}  # delegation contacts of this meeting may propose

EXPECTED: dict[tuple[str, str], set[str]] = {
    ("static", "GET"): EVERYONE,
    ("main.index", "GET"): EVERYONE,
    ("main.dashboard", "GET"): SIGNED_IN,
    ("main.set_language", "GET"): EVERYONE,
    ("main.healthz", "GET"): EVERYONE,
    ("auth.login", "GET"): EVERYONE,
    ("auth.login", "POST"): EVERYONE,
    ("auth.logout", "POST"): EVERYONE,
    ("auth.password", "GET"): SIGNED_IN,
    ("auth.password", "POST"): SIGNED_IN,
    ("auth.end_sessions", "POST"): SIGNED_IN,
    ("events.detail", "GET"): EVERYONE,
    ("events.logo", "GET"): EVERYONE,
    ("events.my_delegations", "GET"): {"admin", "kontak", "kontak_lain"},
    ("events.delegation_members", "GET"): STAFF | {"kontak"},
    ("admin.events", "GET"): STAFF,
    ("admin.event_new", "GET"): STAFF,
    ("admin.event_new", "POST"): STAFF,
    ("admin.event_detail", "GET"): STAFF,
    ("admin.event_edit", "GET"): STAFF,
    ("admin.event_edit", "POST"): STAFF,
    ("admin.delegation_new", "GET"): STAFF,
    ("admin.delegation_new", "POST"): STAFF,
    ("admin.delegation_edit", "GET"): STAFF,
    ("admin.delegation_edit", "POST"): STAFF,
    ("admin.delegation_delete", "POST"): STAFF,
    ("admin.invite_regions", "POST"): STAFF,
    ("admin.audit", "GET"): STAFF,
    ("admin.audit_csv", "GET"): STAFF,
    ("admin.audit_all", "GET"): ADMIN,  # every meeting, logins, users and tokens
    ("admin.audit_all_csv", "GET"): ADMIN,
    ("admin.event_staff", "GET"): ADMIN,
    ("admin.event_staff", "POST"): ADMIN,
    ("admin.event_staff_remove", "POST"): ADMIN,
    ("admin.users", "GET"): ADMIN,
    ("admin.user_new", "GET"): ADMIN,
    ("admin.user_new", "POST"): ADMIN,
    ("admin.user_edit", "GET"): ADMIN,
    ("admin.user_edit", "POST"): ADMIN,
    ("admin.user_end_sessions", "POST"): ADMIN,
    ("registration.register", "GET"): EVERYONE,
    ("registration.register", "POST"): EVERYONE,
    ("registration.done", "GET"): EVERYONE,
    ("registration.done_status", "GET"): EVERYONE,  # 404 without a registration in this browser's session
    # The personal link: whoever holds the unguessable token.
    ("registration.personal", "GET"): EVERYONE,
    ("registration.edit", "GET"): EVERYONE,
    ("registration.edit", "POST"): EVERYONE,
    ("registration.cancel", "POST"): EVERYONE,
    ("registration.confirm_email", "GET"): EVERYONE,
    ("registration.confirm_email", "POST"): EVERYONE,
    ("pleno_admin.index", "GET"): STAFF,
    ("pleno_admin.console_state", "GET"): STAFF,
    ("pleno_admin.console_stream", "GET"): STAFF,
    ("pleno_admin.set_item", "POST"): STAFF,
    ("pleno_admin.give_floor", "POST"): STAFF,
    ("pleno_admin.end_speaker", "POST"): STAFF,
    ("pleno_admin.move", "POST"): STAFF,
    ("pleno_admin.open_vote", "POST"): STAFF,
    ("pleno_admin.close_vote", "POST"): STAFF,
    ("pleno_admin.decide", "POST"): STAFF,
    ("pleno_admin.decide_amendment", "POST"): STAFF,
    ("pleno_admin.rules", "GET"): STAFF,
    ("pleno_admin.save_rules", "POST"): STAFF,
    ("pleno_admin.designate", "POST"): STAFF,
    ("pleno_admin.signing", "GET"): STAFF,
    ("pleno_admin.sign", "POST"): STAFF,
    ("pleno_admin.unsign", "POST"): STAFF,
    ("pleno.projector", "GET"): EVERYONE,
    ("pleno.projector_state", "GET"): EVERYONE,
    ("pleno.projector_stream", "GET"): EVERYONE,
    ("pleno.delegate_page", "GET"): EVERYONE,
    ("pleno.ask_floor", "POST"): EVERYONE,
    ("pleno.withdraw", "POST"): EVERYONE,
    ("pleno.cast_vote", "POST"): EVERYONE,
    ("pleno.amend", "POST"): EVERYONE,
    ("komisi.page", "GET"): EVERYONE,
    ("komisi.add", "POST"): EVERYONE,
    ("komisi.change", "POST"): EVERYONE,
    ("komisi.history", "GET"): EVERYONE,
    ("pleno.voter_page", "GET"): EVERYONE,
    ("pleno.designate_from_link", "POST"): EVERYONE,
    ("sidang_admin.index", "GET"): STAFF,
    ("sidang_admin.create", "POST"): STAFF,
    ("sidang_admin.update", "POST"): STAFF,
    ("sidang_admin.add_member", "POST"): STAFF,
    ("sidang_admin.remove_member", "POST"): STAFF,
    ("sidang_admin.split", "POST"): STAFF,
    ("sidang_admin.import_file", "POST"): STAFF,
    ("registration.badge", "GET"): EVERYONE,
    ("registration.qr_image", "GET"): EVERYONE,
    ("registration.agenda", "GET"): EVERYONE,
    ("registration.my_data", "GET"): EVERYONE,
    ("registration.request_deletion", "POST"): EVERYONE,
    ("registration.certificate", "GET"): EVERYONE,
    ("registration.attendance_letter", "GET"): EVERYONE,
    ("registration.team", "GET"): STAFF | {"kontak"},
    ("registration.team", "POST"): STAFF | {"kontak"},
    ("registration.member_action", "POST"): STAFF | {"kontak"},
    ("secretariat.participants", "GET"): STAFF,
    ("secretariat.bulk", "POST"): STAFF,
    ("secretariat.export", "GET"): STAFF,
    ("secretariat.new_registration", "GET"): STAFF,
    ("secretariat.new_registration", "POST"): STAFF,
    ("secretariat.registration", "GET"): STAFF,
    ("secretariat.change_state", "POST"): STAFF,
    ("secretariat.edit_registration", "GET"): STAFF,
    ("secretariat.edit_registration", "POST"): STAFF,
    ("secretariat.resend", "POST"): STAFF,
    ("secretariat.anonymise", "POST"): STAFF,
    ("secretariat.assignment_letter", "GET"): STAFF,
    ("secretariat.anonymise_event", "POST"): STAFF,
    ("secretariat.import_upload", "GET"): STAFF,
    ("secretariat.import_upload", "POST"): STAFF,
    ("secretariat.import_mapping", "GET"): STAFF,
    ("secretariat.import_mapping", "POST"): STAFF,
    ("secretariat.invitations", "GET"): STAFF,
    ("secretariat.invitation_letters", "GET"): STAFF,
    ("secretariat.invitation_settings", "POST"): STAFF,
    ("secretariat.invitation_addressee", "POST"): STAFF,
    ("secretariat.speaker_requests", "GET"): STAFF,
    ("secretariat.send_invitations", "POST"): STAFF,
    ("secretariat.whatsapp_list", "GET"): STAFF,
    ("outbox.index", "GET"): STAFF,
    ("outbox.message", "GET"): STAFF,
    ("outbox.retry", "POST"): STAFF,
    ("outbox.attachment", "GET"): STAFF,
    ("api.checkin", "POST"): STAFF | {"petugas"},
    ("api.checkin_batch", "POST"): STAFF | {"petugas"},
    ("api.checkin_stats", "GET"): STAFF | {"petugas"},
    ("api.checkin_bundle", "GET"): STAFF | {"petugas"},
    ("api.checkin_search", "GET"): STAFF | {"petugas"},
    ("api.checkin_undo", "POST"): STAFF | {"petugas"},
    ("api.checkin_signature", "POST"): STAFF | {"petugas"},
    ("secretariat.reissue_code", "POST"): STAFF,
    ("attendance.dashboard", "GET"): STAFF,
    ("attendance.live", "GET"): STAFF | {"petugas"},
    ("attendance.reminder", "GET"): STAFF,
    ("attendance.undo", "POST"): STAFF,
    ("attendance.reviewed", "POST"): STAFF,
    ("attendance.attendance_list", "GET"): STAFF,
    ("attendance.attendance_letter", "GET"): STAFF,
    ("attendance.attendance_letters", "GET"): STAFF,
    ("attendance.badges", "GET"): STAFF,
    ("attendance.badges", "POST"): STAFF,
    ("attendance.receipts", "GET"): STAFF,
    ("attendance.table_tents", "GET"): STAFF,
    ("attendance.table_tents", "POST"): STAFF,
    ("api.agenda", "GET"): EVERYONE,
    ("api.pleno_state", "GET"): EVERYONE,  # what the projector shows
    ("api.request_floor", "POST"): EVERYONE,  # the personal link's token decides (404 for a wrong one)
    ("api.withdraw", "POST"): EVERYONE,
    ("api.cast_vote", "POST"): EVERYONE,
    ("scanner.page", "GET"): STAFF | {"petugas"},
    ("scanner.session", "GET"): STAFF | {"petugas"},
    ("scanner.service_worker", "GET"): EVERYONE,
    ("scanner.manifest", "GET"): EVERYONE,  # browsers fetch a manifest without cookies
    ("agenda.public", "GET"): EVERYONE,
    ("agenda.changes", "GET"): EVERYONE,
    ("agenda.pdf", "GET"): EVERYONE,
    ("agenda.ics", "GET"): EVERYONE,
    ("agenda.session_ics", "GET"): EVERYONE,
    ("agenda.speaker", "GET"): EVERYONE,
    ("agenda.material", "GET"): EVERYONE,
    ("agenda.respond", "GET"): EVERYONE,
    ("agenda.respond", "POST"): EVERYONE,
    ("agenda_admin.editor", "GET"): STAFF,
    ("agenda_admin.docx", "GET"): STAFF,
    ("agenda_admin.create_session", "POST"): STAFF,
    ("agenda_admin.copy_day", "POST"): STAFF,
    ("agenda_admin.session", "GET"): STAFF,
    ("agenda_admin.session", "POST"): STAFF,
    ("agenda_admin.move", "POST"): STAFF,
    ("agenda_admin.cancel", "POST"): STAFF,
    ("agenda_admin.restore", "POST"): STAFF,
    ("agenda_admin.delete", "POST"): STAFF,
    ("agenda_admin.add_person", "POST"): STAFF,
    ("agenda_admin.people_search", "GET"): STAFF,
    ("agenda_admin.remove_person", "POST"): STAFF,
    ("agenda_admin.availability", "POST"): STAFF,
    ("agenda_admin.upload_material", "POST"): STAFF,
    ("agenda_admin.rooms", "GET"): STAFF,
    ("agenda_admin.rooms", "POST"): STAFF,
    ("agenda_admin.publish", "GET"): STAFF,
    ("agenda_admin.publish", "POST"): STAFF,
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
    ("rumusan.editor", "GET"): RUMUSAN_READ,
    ("rumusan.history", "GET"): RUMUSAN_READ,
    ("rumusan.take_item", "POST"): RUMUSAN_EDIT,
    ("rumusan.changes", "GET"): RUMUSAN_READ,
    ("rumusan.propose", "POST"): RUMUSAN_READ,
    ("rumusan.pdf", "GET"): RUMUSAN_READ,
    ("rumusan.docx", "GET"): RUMUSAN_READ,
    ("rumusan.berita_acara", "GET"): RUMUSAN_EDIT,
    ("rumusan.save_texts", "POST"): RUMUSAN_EDIT,
    ("rumusan.add_topic", "POST"): RUMUSAN_EDIT,
    ("rumusan.change_topic", "POST"): RUMUSAN_EDIT,
    ("rumusan.add_item", "POST"): RUMUSAN_EDIT,
    ("rumusan.change_item", "POST"): RUMUSAN_EDIT,
    ("rumusan.decide", "POST"): RUMUSAN_EDIT,
    ("rumusan.adopt", "POST"): RUMUSAN_EDIT,
    ("rumusan.team", "GET"): STAFF,
    ("rumusan.team", "POST"): STAFF,
    ("certificates.verify", "GET"): EVERYONE,
    ("certificates_admin.index", "GET"): STAFF,
    ("certificates_admin.save_settings", "POST"): STAFF,
    ("certificates_admin.issue", "POST"): STAFF,
    ("certificates_admin.revoke", "POST"): STAFF,
    ("certificates_admin.restore", "POST"): STAFF,
    ("certificates_admin.one", "GET"): STAFF,
    ("certificates_admin.batch", "GET"): STAFF,
    ("report.index", "GET"): STAFF,
    ("report.download", "GET"): STAFF,
    ("report.save_texts", "POST"): STAFF,
    ("report.add_photo", "POST"): STAFF,
    ("report.photo", "GET"): STAFF,
    ("report.edit_photo", "POST"): STAFF,
    ("report.delete_photo", "POST"): STAFF,
    ("honorarium.index", "GET"): STAFF,
    ("honorarium.save_settings", "POST"): STAFF,
    ("honorarium.set_person", "POST"): STAFF,
    ("honorarium.download", "GET"): STAFF,
    ("panitia.index", "GET"): STAFF,
    ("panitia.add_member", "POST"): STAFF,
    ("panitia.edit_member", "GET"): STAFF,
    ("panitia.edit_member", "POST"): STAFF,
    ("panitia.delete_member", "POST"): STAFF,
    ("panitia.move_member", "POST"): STAFF,
    ("panitia.import_staff", "POST"): STAFF,
    ("panitia.save_settings", "POST"): STAFF,
    ("panitia.kartu", "GET"): STAFF,
    ("panitia.keputusan_file", "GET"): STAFF,
    ("tte.index", "GET"): STAFF,
    ("tte.add_signer", "POST"): STAFF,
    ("tte.link_user", "POST"): STAFF,
    ("tte.prepare", "POST"): STAFF,
    ("tte.document", "GET"): STAFF,
    ("tte.paraf", "POST"): STAFF,
    ("tte.sign", "POST"): STAFF,
    ("tte.download", "GET"): STAFF,
    ("tte_public.verify", "GET"): EVERYONE,  # the QR's target on every signed document
    ("tte_public.verify", "POST"): EVERYONE,
    # Background jobs (big exports): the meeting's secretariat; another meeting's job is not found.
    ("jobs.index", "GET"): STAFF,
    ("jobs.show", "GET"): STAFF,
    ("jobs.status", "GET"): STAFF,
    ("jobs.download", "GET"): STAFF,
    ("api.registrations", "GET"): STAFF,
    ("api.registrations", "POST"): EVERYONE,
    ("api.events", "GET"): EVERYONE,
    ("api.events", "POST"): STAFF,
    ("api.event", "GET"): EVERYONE,
    ("api.delegations", "GET"): EVERYONE,
    ("api.me", "GET"): SIGNED_IN,
    ("api.users", "GET"): ADMIN,
    ("api.openapi_document", "GET"): EVERYONE,
}


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def _meeting(title: str, key: str, n: int, contacts=(None, None)):
    event = make_event(title=title)
    events.update_event(event, {}, logo=_png())
    paser = events.add_delegation(
        event, {"name": "Kabupaten Paser", "region_code": "64.01", "contact_user": contacts[0]}
    )
    events.add_delegation(event, {"name": "Kota Bontang", "region_code": "64.74", "contact_user": contacts[1]})
    registration = register(event, paser, n)
    db.session.add(
        ImportUpload(
            key=key, event_id=event.id, filename="peserta.csv", data=b"Nama,Email\nSiti,siti@uji.raker.example\n"
        )
    )
    db.session.commit()
    return {"event": event, "delegation": paser, "registration": registration, "key": key}


@pytest.fixture
def world(app):
    people = {"admin": make_user("admin")}
    people["kontak"] = make_user("kontak_delegasi", "kontak@uji.raker.example")
    people["kontak_lain"] = make_user("kontak_delegasi", "kontak.lain@uji.raker.example")
    a = _meeting("Rapat Kerja A", "impor-uji", 1, (people["kontak"], people["kontak_lain"]))
    people |= {role: make_user(role, event=a["event"]) for role in ("sekretariat", "petugas", "notulis", "perumus")}
    b = _meeting("Rapat Kerja B", "impor-uji-b", 2)
    # A's delegate approved and at the meeting today, whatever routes ran before (the matrix runs in parts):
    # the plenary's delegate doors (ask to speak, propose) then answer as to a delegate present.
    registration.change_state(a["registration"], "approved")
    scan = checkin.redeem(a["event"], checkin.ScanInput(registration_id=a["registration"].id, gate="Meja"))
    assert scan["status"] == "ok", scan
    db.session.commit()
    # Granted and revoked by the staff page's calls; not one of the identities tried.
    spare = make_user(None, "cadangan@uji.raker.example")
    return {"people": people, "spare": spare, "a": a, "b": b}


def _url_values(rule, world, meeting) -> dict:
    values = {
        "slug": meeting["event"].slug,
        "code": "en",
        "filename": "css/raker.css",
        "user_id": world["people"]["petugas"].id,
        "delegation_id": meeting["delegation"].id,
        "registration_id": meeting["registration"].id,
        "token": meeting["registration"].token,
        "action": "resend",
        "fmt": "csv",
        "key": meeting["key"],
        "checkin_id": 1,
        "session_id": 1,
        "person_id": 1,
        "material_id": 1,
        "signed": "bukan-tautan",
        "commission_id": 1,
        "request_id": 1,
        "vote_id": 1,
        "topic_id": 1,
        "item_id": 1,
        "proposal_id": 1,
        "number": 1,
        "certificate_id": 1,
        "message_id": 1,
        "attachment_id": 1,
        "member_id": 1,
        "kind": "panitia",
        "photo_id": 1,
        "document_id": 1,
        "signer_id": 1,
        "public_id": "tidak-dikenal",
        "day": meeting["event"].start_date.isoformat(),
    }
    if rule.endpoint == "attendance.attendance_list":
        values["fmt"] = "xlsx"
    if rule.endpoint == "certificates_admin.batch":
        values["fmt"] = "pdf"
    if rule.endpoint in (
        "rumusan.berita_acara",
        "attendance.attendance_letter",
        "attendance.attendance_letters",
        "attendance.receipts",
        "attendance.table_tents",
    ):
        values["fmt"] = "pdf"
    if rule.endpoint in (
        "report.download",
        "honorarium.download",
        "panitia.keputusan_file",
        "secretariat.invitation_letters",
        "secretariat.speaker_requests",
        "attendance.badges",
        "panitia.kartu",
    ):
        values["fmt"] = "pdf"
    if rule.endpoint in ("admin.delegation_delete", "admin.delegation_edit"):
        # Each allowed call deletes or rewrites one (an empty form clears the contact), so each gets its own.
        spare = events.add_delegation(meeting["event"], {"name": f"Cadangan {db.session.info.setdefault('n', 0)}"})
        db.session.info["n"] += 1
        values["delegation_id"] = spare.id
    if rule.endpoint == "admin.event_staff_remove":
        values["staff_id"] = accounts.grant_event_role(meeting["event"], world["spare"], "petugas").id
    return {name: values[name] for name in rule.arguments}


def _outcome(response, api: bool) -> str:
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    if response.status_code == 403:
        return "forbidden"
    if api and response.status_code == 401:
        return "login"
    if not api and response.status_code == 302 and "/auth/login" in response.headers["Location"]:
        return "login"
    return "allowed"


def test_every_route_is_in_the_table(app):
    routes = {
        (rule.endpoint, method) for rule in app.url_map.iter_rules() for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == set(EXPECTED), f"untested: {routes - set(EXPECTED)}; stale: {set(EXPECTED) - routes}"


def _on_meeting_b(allowed: set[str]) -> set[str]:
    # Staff of A and A's delegation contacts are nobody on B: B's pages are public ones or admin's.
    return allowed if "anonymous" in allowed else allowed & ADMIN


MATRIX_PARTS = 3  # the routes in three tests, so xdist's workers share the minute and a half


@pytest.mark.parametrize("part", range(MATRIX_PARTS))
def test_role_matrix(app, world, part):
    failures = []
    for rule in list(app.url_map.iter_rules())[part::MATRIX_PARTS]:
        api = rule.endpoint.startswith("api.")
        meetings = [("A", world["a"])] + ([("B", world["b"])] if "slug" in rule.arguments else [])
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for name, meeting in meetings:
                allowed = EXPECTED[(rule.endpoint, method)]
                if name == "B":
                    allowed = _on_meeting_b(allowed)
                for identity in sorted(EVERYONE):
                    user = world["people"].get(identity)
                    client = app.test_client(user=user) if user else app.test_client()
                    with app.test_request_context():
                        url = url_for(rule.endpoint, **_url_values(rule, world, meeting))
                    response = client.open(url, method=method, data={})
                    outcome = _outcome(response, api)
                    response.close()  # static files are streamed from an open file
                    if identity in allowed:
                        ok = outcome == "allowed"
                    else:
                        ok = outcome == ("login" if identity == "anonymous" else "forbidden")
                    if not ok:
                        failures.append(
                            f"{method} {rule.rule} on {name} as {identity}: {outcome} ({response.status_code})"
                        )
    assert not failures, "\n".join(failures)


def test_draft_event_is_hidden_from_the_public(app, world):
    draft = make_event(title="Rapat Draf", status="draft")
    world["people"]["sekretariat_draf"] = make_user("sekretariat", "sek.draf@uji.raker.example", event=draft)
    # The secretary of another meeting does not see this one's draft either.
    for identity, expected in (
        ("anonymous", 404),
        ("petugas", 404),
        ("sekretariat", 404),
        ("sekretariat_draf", 200),
        ("admin", 200),
    ):
        user = world["people"].get(identity)
        client = app.test_client(user=user) if user else app.test_client()
        assert client.get(f"/events/{draft.slug}").status_code == expected
        assert client.get(f"/api/v1/events/{draft.slug}").status_code == expected
