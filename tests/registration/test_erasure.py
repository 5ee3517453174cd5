"""Erasure under UU PDP: after anonymising, no copy of the person is left anywhere in the database
(mail bodies and attachments, scan answers, audit details, agenda copies, uploads, the signature);
and the retention command that drops old mail contents and forgotten import uploads."""

import base64
import io
import re
import zlib
from datetime import date, datetime, time, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from raker.agenda import services as agenda
from raker.auth.services import issue_token
from raker.events.services import add_delegation
from raker.extensions import db
from raker.mail import queue, send_pending
from raker.models import CheckIn, ImportUpload, OutboxAttachment, OutboxMessage, Registration, Scan, utcnow
from tests.checkin.test_offline import signature_data_url
from tests.factories import make_event, make_user, person, register
from tests.pdf_samples import tiny_pdf

NAME = "Zulkarnain Uniqmark"
EMAIL = "zulkarnain.uniqmark@pemda-uji.example"
NIP = "197903142005011007"
NIP_SPACED = "19790314 200501 1 007"
PHONE_TYPED = "0813 7766 5544"
PHONE_DIGITS = "81377665544"  # in +6281377665544, 081377665544 …
MARKS = ("uniqmark", "zulkarnain", EMAIL, NIP, NIP_SPACED, PHONE_DIGITS, PHONE_TYPED)


def _pdf_text(data: bytes) -> str:
    try:
        return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    except Exception:  # noqa: BLE001 — not every %PDF- is readable; the raw streams are searched anyway
        return ""


def _inflate_streams(data: bytes) -> str:
    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            found.append(zlib.decompress(match.group(1)).decode("latin-1"))
        except zlib.error:
            pass
    return " ".join(found)


def _unzip(data: bytes) -> str:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return " ".join(archive.read(name).decode("latin-1") for name in archive.namelist())
    except zipfile.BadZipFile:
        return ""


def _as_text(value) -> str:
    """Every readable form of a stored value: bytes as latin-1, base64 and zlib payloads decoded,
    PDFs' text extracted, zip members (XLSX) read."""
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes):
        parts = [value.decode("latin-1"), _inflate_streams(value)]
        if value[:5] == b"%PDF-":
            parts.append(_pdf_text(value))
        if value[:4] == b"PK\x03\x04":
            parts.append(_unzip(value))
        return " ".join(parts)
    text = str(value)
    parts = [text]
    for chunk in re.findall(r"[A-Za-z0-9+/=\s]{40,}", text):
        try:
            parts.append(_as_text(base64.b64decode("".join(chunk.split()), validate=True)))
        except ValueError:
            pass
    return " ".join(parts)


def dump() -> dict[str, list[str]]:
    """Every row of every table, each as one lower-case string."""
    db.session.expire_all()
    tables = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table)).all()
        tables[table.name] = [" | ".join(_as_text(v) for v in row).lower() for row in rows]
    return tables


def hits(tables: dict[str, list[str]], marks=MARKS) -> list[tuple[str, str]]:
    return sorted(
        {(name, mark) for name, rows in tables.items() for row in rows for mark in marks if mark.lower() in row}
    )


def _form(group) -> dict:
    data = person(
        group,
        7,
        full_name=f"{NAME}, S.Sos.",
        nip=NIP_SPACED,
        email=EMAIL,
        phone=PHONE_TYPED,
        position="Analis Kebijakan",
        institution="Bagian Organisasi Setda Paser",
    )
    data = {k: str(v) for k, v in data.items()}
    data["consent"] = "y"
    data["assignment_letter"] = (io.BytesIO(tiny_pdf(f"Surat Tugas a.n. {NAME}")), "surat-tugas.pdf")
    return data


@pytest.fixture
def marked(mail_app):
    """A marked person through every path that copies personal data: the public form with mail to
    the SMTP server (approval with the badge PDF), a narasumber slot (agenda copy, speaker mail left
    unsent), a check-in scan and a signature, and a forgotten import upload holding their row."""
    app, mailbox = mail_app
    today = date.today()
    # The meeting runs from yesterday to tomorrow: today's WITA date is a meeting day at any hour.
    event = make_event(start_date=today - timedelta(days=1), end_date=today + timedelta(days=1))
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01", "quota": 5})
    public = app.test_client()
    response = public.post(f"/events/{event.slug}/register", data=_form(paser), content_type="multipart/form-data")
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration).where(Registration.email == EMAIL))
    secretary = make_user("sekretariat")
    staff = app.test_client(user=secretary)
    base = f"/admin/events/{event.slug}"
    assert staff.post(f"{base}/registrations/{registration.id}/state", data={"to": "approved"}).status_code == 302
    assert send_pending().sent == 2
    approval = [m for m in mailbox.to(EMAIL) if m["Subject"].startswith("Pendaftaran disetujui")][0]
    assert "tanda-peserta.pdf" in {part.get_filename() for part in approval.iter_attachments()}

    db.session.expire_all()
    session = agenda.create_session(
        event,
        {
            "title": "Paparan Kebijakan",
            "kind": "paparan",
            "starts_at": datetime.combine(today, time(9), tzinfo=event.tz),
            "ends_at": datetime.combine(today, time(10), tzinfo=event.tz),
        },
    )
    agenda.add_person(session, {"role": "narasumber", "registration_id": registration.id}, by=secretary)
    agenda.publish(event, by=secretary)  # the speaker mail stays in the outbox, unsent

    headers = {"Authorization": f"Bearer {issue_token(make_user('petugas'))}"}
    checkins = f"/api/v1/events/{event.slug}/checkins"
    scan = public.post(
        checkins,
        json={"code": "RK1:" + registration.checkin_code, "gate": "Pintu Utama", "nonce": "erasure-1"},
        headers=headers,
    )
    assert scan.status_code == 201 and NAME in scan.json["name"]
    signed = public.post(
        f"{checkins}/{scan.json['checkin_id']}/signature", json={"png": signature_data_url()}, headers=headers
    )
    assert signed.status_code == 200

    sheet = (f"Nama,NIP,Email,Nomor Ponsel,Delegasi\n{NAME},{NIP},{EMAIL},{PHONE_TYPED},Kabupaten Paser\n").encode()
    upload = staff.post(
        f"{base}/import", data={"file": (io.BytesIO(sheet), "peserta.csv")}, content_type="multipart/form-data"
    )
    assert upload.status_code == 302  # the mapping is never finished: the upload stays
    # this meeting's export, uploaded into the next meeting and left there too (XLSX)
    exported = staff.get(f"{base}/participants.xlsx").data
    following = make_event(title="Rapat Kerja Berikutnya")
    upload = staff.post(
        f"/admin/events/{following.slug}/import",
        data={"file": (io.BytesIO(exported), "peserta.xlsx")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302

    before = dump()
    for table in (
        "registrations",
        "outbox_messages",
        "scans",
        "audit_log",
        "session_people",
        "agenda_versions",
        "import_uploads",
        "assignment_letters",
    ):
        assert any(table == name for name, _mark in hits({table: before[table]})), table
    # the approval mail's badge and QR are rendered when sent: the outbox keeps no copy of the person in them
    assert before["outbox_attachments"] and not hits({"outbox_attachments": before["outbox_attachments"]})
    signature = db.session.scalar(select(CheckIn.signature_png))
    assert signature
    return app, mailbox, event, registration, staff, public, signature


def test_anonymising_leaves_no_copy_of_the_person_in_any_table(marked):
    app, mailbox, event, registration, staff, public, signature = marked
    assert public.post(f"/r/{registration.token}/deletion").status_code == 302
    page = staff.get(f"/admin/events/{event.slug}/participants").get_data(as_text=True)
    assert "Permintaan penghapusan data" in page
    assert staff.post(f"/admin/events/{event.slug}/registrations/{registration.id}/anonymise").status_code == 302

    tables = dump()
    assert hits(tables) == []
    raw = signature.decode("latin-1").lower()
    assert not any(raw in row for rows in tables.values() for row in rows)
    assert db.session.scalar(select(CheckIn.signature_png)) is None
    assert db.session.scalar(select(CheckIn.signed_at)) is not None  # that a signature was given stays
    assert db.session.scalar(select(ImportUpload)) is None
    assert db.session.scalar(select(OutboxAttachment)) is None
    # what stays: the check-in itself (counts for the SPJ), the scans, the record of each mail
    assert db.session.scalar(select(CheckIn.id)) is not None and db.session.scalar(select(Scan.id)) is not None
    statuses = dict(db.session.execute(select(OutboxMessage.kind, OutboxMessage.status)).all())
    assert statuses == {
        "registration.received": "sent",
        "registration.approved": "sent",
        "agenda.speaker": "cancelled",
        "registration.cancelled": "cancelled",
    }

    # the unsent mail to the erased person (their sessions; the cancellation) never goes out
    received = len(mailbox.messages)
    assert send_pending().sent == 0
    assert len(mailbox.messages) == received
    # the published agenda was changed the same way as the live one: publishing again finds nothing new
    with pytest.raises(agenda.AgendaError, match="Tidak ada perubahan"):
        agenda.publish(event)
    assert "(data dihapus)" in public.get(f"/events/{event.slug}/agenda").get_data(as_text=True)
    # the secretariat's pages still open for the erased row
    assert staff.get(f"/admin/events/{event.slug}/registrations/{registration.id}").status_code == 200
    assert staff.get(f"/admin/events/{event.slug}/participants").status_code == 200


def test_mail_erased_while_it_was_being_claimed_is_not_sent(mail_app):
    """Erasure empties the address of a message another process may just have claimed; a sender that
    then reads it sends nothing (and does not retry an empty address until it gives up)."""
    app, mailbox = mail_app
    event = make_event()
    message = _invitation(event, "tamu@uji.raker.example")
    message.to_address = ""
    db.session.commit()
    assert send_pending().sent == 0 and mailbox.messages == []
    db.session.expire_all()
    assert message.status == "cancelled" and message.attempts == 1


def test_anonymising_a_whole_finished_event_erases_the_same(marked):
    from raker.events.services import update_event

    app, mailbox, event, registration, staff, public, signature = marked
    update_event(event, {"status": "finished"})
    response = staff.post(f"/admin/events/{event.slug}/anonymise")
    assert response.status_code == 302
    assert hits(dump()) == []


def test_mail_about_other_people_is_kept(marked):
    """Erasing one person leaves the other participants' mail as it was."""
    app, mailbox, event, registration, staff, public, signature = marked
    paser = registration.delegation
    other = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.registration_id == register(event, paser, 2).id)
    )
    body = other.body_text
    staff.post(f"/admin/events/{event.slug}/registrations/{registration.id}/anonymise")
    db.session.expire_all()
    kept = db.session.get(OutboxMessage, other.id)
    assert kept.status == "pending" and kept.body_text == body and kept.to_address == "peserta2@uji.raker.example"


def test_audit_before_and_after_values_go_even_when_they_are_old(app):
    """Audit rows about the registration that keep before/after values (an email since changed, a
    typo in the name) lose them; rows about others that name the person keep only the rest."""
    from raker.audit import record
    from raker.models import AuditLog
    from raker.registration import privacy

    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    registration = register(event, paser, 7, full_name=NAME, email=EMAIL, nip=NIP, phone=PHONE_TYPED)
    record(
        "registration.update",
        registration,
        changes={
            "email": ["zul.lama@uji.raker.example", EMAIL],
            "full_name": {"before": "Zulkarnain Uniqmrk", "after": NAME},
            "phone": ["+6281300000000", "+62" + PHONE_DIGITS],
        },
    )
    other = register(event, paser, 8)
    note = record("registration.update", other, note=f"Sekamar dengan {NAME} ({EMAIL}), NIP {NIP_SPACED}")
    db.session.commit()
    privacy.anonymise(registration)
    rows = [str(row.details).lower() for row in db.session.scalars(select(AuditLog))]
    for gone in (*MARKS, "zul.lama", "uniqmrk", "81300000000"):
        assert not any(gone.lower() in row for row in rows), gone
    db.session.expire_all()
    assert db.session.get(AuditLog, note.id).details == {
        "note": "Sekamar dengan (data dihapus) ((data dihapus)), NIP (data dihapus)"
    }


def _age(days: int) -> datetime:
    return utcnow() - timedelta(days=days)


def _invitation(event, address: str) -> OutboxMessage:
    delegation = event.delegations[0] if event.delegations else add_delegation(event, {"name": "Kabupaten Paser"})
    return queue("invitation", address, "invitation", event=event, delegation=delegation)


def test_retention_drops_old_sent_mail_and_uploads_only(app, runner):
    event = make_event()
    old_sent, old_unsent, new_sent = (
        _invitation(event, f"{who}@uji.raker.example") for who in ("lama", "menunggu", "baru")
    )
    for message in (old_sent, old_unsent, new_sent):
        message.attachments.append(OutboxAttachment(filename="a.pdf", mimetype="application/pdf", data=b"%PDF-1.4"))
    old_sent.status, old_sent.sent_at, old_sent.created_at = "sent", _age(40), _age(40)
    old_unsent.created_at = _age(40)
    new_sent.status, new_sent.sent_at = "sent", _age(3)
    old_upload = ImportUpload(
        key="lama", event_id=event.id, filename="lama.csv", data=b"Nama\nBudi\n", created_at=_age(40)
    )
    new_upload = ImportUpload(
        key="baru", event_id=event.id, filename="baru.csv", data=b"Nama\nSiti\n", created_at=_age(3)
    )
    db.session.add_all([old_upload, new_upload])
    db.session.commit()
    ids = (old_sent.id, old_unsent.id, new_sent.id)

    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    assert "1 email terkirim" in result.output and "1 berkas impor" in result.output
    db.session.expire_all()
    gone, waiting, recent = (db.session.get(OutboxMessage, i) for i in ids)
    assert gone.body_text == "" and gone.attachments == [] and "lama@" not in gone.to_address
    assert gone.status == "sent" and gone.sent_at is not None  # the record that a mail went out stays
    assert waiting.body_text and len(waiting.attachments) == 1 and waiting.to_address == "menunggu@uji.raker.example"
    assert recent.body_text and len(recent.attachments) == 1
    assert [u.key for u in db.session.scalars(select(ImportUpload))] == ["baru"]

    again = runner.invoke(args=["retention", "run"])  # idempotent: nothing more to do
    assert again.exit_code == 0 and "0 email terkirim" in again.output and "0 berkas impor" in again.output

    shorter = runner.invoke(args=["retention", "run", "--days", "2"])
    assert "1 email terkirim" in shorter.output and "1 berkas impor" in shorter.output
    db.session.expire_all()
    assert db.session.get(OutboxMessage, new_sent.id).body_text == ""
    assert db.session.scalar(select(ImportUpload)) is None


def test_retention_erases_what_an_older_release_left_of_anonymised_people(marked):
    """Anonymised before this release: the row was overwritten but the mail, scans, signature and
    agenda copies stayed. The daily retention run erases them, by registration, once."""
    from raker.registration import privacy

    app, mailbox, event, registration, staff, public, signature = marked
    privacy._anonymise_row(registration)  # what anonymising did before: the registration row only
    for message in db.session.scalars(select(OutboxMessage)):
        message.sent_at = message.created_at = _age(60)  # long ago: retention empties these mails too
    db.session.commit()
    assert hits(dump()) != []
    runner = app.test_cli_runner()
    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0 and "1 pendaftaran yang sudah dianonimkan" in result.output, result.output
    # the speaker slot still knew the name and email: mail to that address, mentions and the
    # uploads holding that name are found through it
    assert hits(dump()) == []
    assert db.session.scalar(select(CheckIn.signature_png)) is None
    again = runner.invoke(args=["retention", "run"])
    assert "0 pendaftaran yang sudah dianonimkan" in again.output


def test_retention_days_from_the_configuration(app_factory):
    app = app_factory(RETENTION_DAYS=5)
    with app.app_context():
        event = make_event()
        message = _invitation(event, "enam@uji.raker.example")
        message.status, message.sent_at = "sent", _age(6)
        db.session.commit()
        output = app.test_cli_runner().invoke(args=["retention", "run"]).output
        assert "1 email terkirim" in output and "5 hari" in output
        bad = app.test_cli_runner().invoke(args=["retention", "run", "--days", "0"])
        assert bad.exit_code != 0 and "paling sedikit 1" in bad.output
