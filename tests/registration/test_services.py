"""Registration rules without HTTP: validation, states, quotas, waiting list, duplicates."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from raker.checkin.codes import qr_text
from raker.events.services import add_delegation, update_delegation, update_event
from raker.extensions import db
from raker.models import AuditLog, OutboxMessage, Registration
from raker.registration import services
from raker.registration.validation import RegistrationInvalid, normalise_phone
from tests.factories import make_event, make_user, person, register, table_counts


@pytest.fixture
def event(app):
    return make_event()


@pytest.fixture
def paser(event):
    return add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01", "quota": 3})


def outbox_kinds(email: str) -> list[str]:
    return list(
        db.session.scalars(
            select(OutboxMessage.kind).where(OutboxMessage.to_address == email).order_by(OutboxMessage.id)
        )
    )


def test_registration_is_pending_with_normalised_fields(event, paser):
    registration = register(
        event,
        paser,
        7,
        nip="19860926 201505 2 007",
        phone="0812-3456-0007",
        email="Peserta7@Uji.Raker.Example",
        full_name="  Dra.  Siti   Rahmah,  M.Si. ",
    )
    assert registration.state == "pending"
    assert registration.nip == "198609262015052007"
    assert registration.phone == "+6281234560007"
    assert registration.email == "peserta7@uji.raker.example"
    assert registration.full_name == "Dra. Siti Rahmah, M.Si."
    assert registration.checkin_code is None  # only approved registrations get one
    assert len(registration.token) >= 32
    assert outbox_kinds(registration.email) == ["registration.received"]
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "registration.create"))
    assert (audit.object_id, audit.to_state) == (registration.id, "pending")


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("0812 3456 7890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("(0812) 345 678", "+62812345678"),
    ],
)
def test_phone_normalised(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    "overrides, fields",
    [
        ({"nip": "1986092620150510"}, {"nip"}),
        ({"nip": "198609262015131001"}, {"nip"}),
        ({"nip": ""}, {"nip"}),
        ({"asn_status": "non_asn"}, {"nip"}),  # a NIP given by a non-ASN
        ({"asn_status": "honorer"}, {"asn_status"}),
        ({"rank": ""}, {"rank"}),  # PNS need a pangkat
        ({"rank": "V/a"}, {"rank"}),
        ({"email": "siti@"}, {"email"}),
        ({"phone": "021 555 1234"}, {"phone"}),
        ({"phone": "0812"}, {"phone"}),
        ({"full_name": "<script>alert(1)</script>"}, {"full_name"}),
        ({"full_name": ""}, {"full_name"}),
        ({"role": "bupati"}, {"role"}),
        ({"delegation": 999999}, {"delegation"}),
        ({"position": "", "institution": ""}, {"position", "institution"}),
        ({"full_name": "x" * 201}, {"full_name"}),
    ],
)
def test_bad_fields_are_named_and_nothing_saved(event, paser, overrides, fields):
    before = table_counts()
    with pytest.raises(RegistrationInvalid) as refused:
        register(event, paser, **overrides)
    assert set(refused.value.fields) == fields
    assert all(refused.value.fields.values())
    assert table_counts() == before


def test_pppk_number_accepted_and_non_asn_without_nip(event, paser):
    pppk = register(event, paser, 1, asn_status="pppk", nip="199003152022212003", rank="")
    assert pppk.nip == "199003152022212003" and pppk.rank is None
    honorer = register(event, paser, 2, asn_status="non_asn", nip="", rank="")
    assert honorer.nip is None


def test_assignment_letter_checked_by_content(event, paser):
    from tests.pdf_samples import tiny_pdf

    fake = services.NewRegistration(person(paser, 1), letter=("surat-tugas.pdf", b"<html>bukan pdf</html>"))
    with pytest.raises(RegistrationInvalid) as refused:
        services.register(event, fake, source="form")
    assert "PDF" in refused.value.fields["assignment_letter"]
    big = services.NewRegistration(person(paser, 1), letter=("besar.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024)))
    with pytest.raises(RegistrationInvalid, match="5 MB"):
        services.register(event, big, source="form")
    real = services.NewRegistration(person(paser, 1), letter=("tugas.jpg", tiny_pdf()))
    registration = services.register(event, real, source="form")
    assert registration.assignment_letter.data[:5] == b"%PDF-"


def test_duplicate_nip_or_email_refused_and_link_emailed_again(event, paser):
    first = register(event, paser, 1)
    for overrides in (
        {"email": "lain@uji.raker.example"},
        {"nip": "19860926 201505 2 099", "email": first.email.upper()},
    ):
        before = db.session.scalar(select(db.func.count(Registration.id)))
        with pytest.raises(services.DuplicateRegistration) as refused:
            register(event, paser, 1, **overrides)
        assert "dikirim ulang" in str(refused.value)
        assert first.token not in str(refused.value)  # the link itself is never shown
        assert db.session.scalar(select(db.func.count(Registration.id))) == before
    # the confirmation went out a moment ago: no second link within 15 minutes (issue 10, item 2)
    assert outbox_kinds(first.email) == ["registration.received"]
    for message in db.session.scalars(select(OutboxMessage)):
        message.created_at -= timedelta(minutes=16)
    db.session.commit()
    for _attempt in range(3):
        with pytest.raises(services.DuplicateRegistration):
            register(event, paser, 1)
    assert outbox_kinds(first.email) == ["registration.received", "registration.link_resent"]


def test_quota_then_waiting_list_then_promotion(event, paser):
    first, second, third = (register(event, paser, n) for n in (1, 2, 3))
    fourth = register(event, paser, 4)
    assert [r.state for r in (first, second, third, fourth)] == ["pending", "pending", "pending", "waitlisted"]
    assert outbox_kinds(fourth.email) == ["registration.waitlisted"]
    services.change_state(second, "rejected", reason="Bukan pejabat yang ditugaskan.")
    db.session.refresh(fourth)
    assert fourth.state == "pending"  # moved up at once, first come first served
    assert outbox_kinds(fourth.email) == ["registration.waitlisted", "registration.promoted"]
    fifth = register(event, paser, 5)
    assert fifth.state == "waitlisted"
    with pytest.raises(services.RegistrationRefused, match="penuh"):
        services.change_state(fifth, "approved")


def test_raising_a_quota_promotes_the_waiting_list(event, paser):
    waiting = [register(event, paser, n) for n in range(1, 6)][3:]
    assert [r.state for r in waiting] == ["waitlisted", "waitlisted"]
    update_delegation(paser, {"name": paser.name, "region_code": paser.region_code, "quota": 4})
    db.session.expire_all()
    assert [db.session.get(Registration, r.id).state for r in waiting] == ["pending", "waitlisted"]


def test_event_quota_applies_across_delegations(event, paser):
    berau = add_delegation(event, {"name": "Kabupaten Berau", "region_code": "64.03"})
    update_event(event, {"quota": 2})
    register(event, paser, 1)
    register(event, berau, 2)
    assert register(event, berau, 3).state == "waitlisted"


def test_refuse_policy(event, paser):
    update_event(event, {"over_quota": "refuse"})
    for n in (1, 2, 3):
        register(event, paser, n)
    before = table_counts()
    with pytest.raises(services.RegistrationRefused, match="Kuota Kabupaten Paser sudah penuh"):
        register(event, paser, 4)
    assert table_counts() == before


def test_automatic_approval_issues_a_checkin_code(event, paser):
    update_event(event, {"approval_mode": "auto"})
    registration = register(event, paser, 1)
    assert registration.state == "approved"
    code = registration.checkin_code
    assert len(code) == 26 and code.isalnum() and code.isupper()
    assert qr_text(registration) == "RK1:" + code
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "registration.approved"))
    assert sorted(a.filename for a in message.attachments) == ["kode-qr.png", "susunan-acara.ics", "tanda-peserta.pdf"]
    assert services.reissue_checkin_code(registration) != code


def test_transition_table(event, paser):
    registration = register(event, paser, 1)
    with pytest.raises(services.RegistrationRefused, match="Alasan penolakan"):
        services.change_state(registration, "rejected")
    services.change_state(registration, "approved", by=make_user("sekretariat"))
    with pytest.raises(services.RegistrationRefused, match="tidak dapat diubah"):
        services.change_state(registration, "pending")
    services.change_state(registration, "cancelled")
    with pytest.raises(services.RegistrationRefused):
        services.change_state(registration, "rejected", reason="x")
    rows = db.session.scalars(
        select(AuditLog)
        .where(AuditLog.object_id == registration.id, AuditLog.object_type == "Registration")
        .order_by(AuditLog.id)
    ).all()
    assert [(r.from_state, r.to_state) for r in rows] == [
        (None, "pending"),
        ("pending", "approved"),
        ("approved", "cancelled"),
    ]
    assert rows[1].user.email == "sekretariat@uji.raker.example"
    # a cancellation can be taken back (services.restore), to what a new registration would get
    assert services.TRANSITIONS["cancelled"] == {"pending", "approved", "waitlisted"}


@pytest.mark.clocks
def test_registration_window(event, paser):
    now = datetime.now(UTC)
    update_event(
        event, {"registration_opens_at": now + timedelta(days=1), "registration_closes_at": now + timedelta(days=2)}
    )
    with pytest.raises(services.RegistrationRefused, match="tidak sedang dibuka"):
        register(event, paser, 1)
    # the secretariat may still register walk-ins
    walk_in = services.register(
        event,
        services.NewRegistration(person(paser, 2)),
        source="secretariat",
        by=make_user("sekretariat"),
        approve=True,
    )
    assert walk_in.state == "approved"


@pytest.mark.clocks
def test_participant_edits_until_the_deadline(event, paser):
    registration = register(event, paser, 1)
    services.update_details(registration, {"position": "Kepala Subbagian Tata Laksana", "rank": "III/c"})
    assert (registration.position, registration.rank) == ("Kepala Subbagian Tata Laksana", "III/c")
    other = register(event, paser, 2)
    with pytest.raises(RegistrationInvalid) as clash:  # the secretariat is told; a participant is not (email_change)
        services.update_details(other, {"email": registration.email}, by=make_user("sekretariat"))
    assert "email" in clash.value.fields
    saved = services.update_details(other, {"email": registration.email})
    assert saved.email_pending == registration.email and other.email != registration.email
    update_event(event, {"edit_deadline": datetime.now(UTC) - timedelta(minutes=1)})
    with pytest.raises(services.RegistrationRefused, match="Batas waktu"):
        services.update_details(registration, {"position": "Lain"})


def test_team_registration_all_or_nothing(event, paser):
    contact = make_user("kontak_delegasi")
    rows = [
        (0, person(paser, 1)),
        (1, person(paser, 2, phone="12")),
        (2, person(paser, 3, email="peserta1@uji.raker.example")),
    ]
    before = table_counts()
    result = services.register_team(event, paser, rows, institution="Setda Paser", by=contact)
    assert result.created == [] and set(result.errors) == {1, 2}
    assert "phone" in result.errors[1] and "email" in result.errors[2]
    assert table_counts() == before
    good = [(i, person(paser, i + 1)) for i in range(4)]
    result = services.register_team(event, paser, good, institution="Setda Paser", by=contact)
    assert [r.state for r in result.created] == ["pending", "pending", "pending", "waitlisted"]
    assert {r.source for r in result.created} == {"contact"}
