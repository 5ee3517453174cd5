"""The rumusan: services (states, versions, proposals, diff, adoption), the PDF and DOCX, role rules."""

import hashlib
import io
from datetime import UTC, date, datetime, time

import pytest
import time_machine
from pypdf import PdfReader

from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import AuditLog, Event, Proposal
from raker.registration.services import change_state
from raker.rumusan import adoption, services
from raker.rumusan.demo import seed_demo_rumusan
from raker.rumusan.document import rumusan_docx, rumusan_pdf
from raker.rumusan.services import RumusanRefused
from tests.documents import assert_in_order, docx_text, pdf_pages, pdf_text
from tests.factories import make_event, make_user, register

MARKUP = "<b>tebal</b> & <font color=red>merah</font>"


@pytest.fixture
def event(app):
    return make_event(
        title="Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur", start_date=date(2021, 8, 9)
    )


@pytest.fixture
def paser(event):
    return add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})


@pytest.fixture
def samarinda(event):
    return add_delegation(event, {"name": "Kota Samarinda", "region_code": "64.72"})


@pytest.fixture
def people(event, paser):
    rows = [
        register(event, paser, n, full_name=name, rank=rank)
        for n, (name, rank) in enumerate(
            [("Yusmadi", "IV/b"), ("Siti Rahmah, S.E.", "III/c"), ("Budi Santoso", "III/b")], start=1
        )
    ]
    for row in rows:
        change_state(row, "approved")
    return rows


@pytest.fixture
def perumus(app):
    return make_user("perumus")


@pytest.fixture
def filled(event, people, perumus):
    services.set_team(event, [(people[0].id, "ketua"), (people[1].id, "sekretaris"), (people[2].id, "anggota")])
    rumusan = services.get_or_create(event)
    a = services.add_topic(rumusan, "Kelembagaan dan Tata Laksana", by=perumus)
    b = services.add_topic(rumusan, "Pelayanan Publik dan Inovasi", by=perumus)
    one = services.add_item(a, "Menyusun SOP administrasi pemerintahan.", by=perumus)
    two = services.add_item(a, "Memperkuat evaluasi kelembagaan dengan:", by=perumus)
    sub_a = services.add_item(a, "menyusun peta proses bisnis;", parent=two, by=perumus)
    sub_b = services.add_item(a, "menyelaraskan analisis jabatan.", parent=two, by=perumus)
    three = services.add_item(b, "Mengikuti kompetisi SiNovik.", by=perumus)
    dropped = services.add_item(b, "Butir yang dibuang.", by=perumus)
    services.set_item_state(dropped, "dropped", by=perumus)
    return {"rumusan": rumusan, "topics": (a, b), "items": (one, two, sub_a, sub_b, three), "dropped": dropped}


def agree_all(filled, perumus):
    for item in filled["items"]:
        services.set_item_state(item, "proposed", by=perumus)
        services.set_item_state(item, "adopted", by=perumus)


def adopt_in_plenary(filled, perumus):
    """The rumusan adopted in the plenary of the meeting's first day at 15.00 WITA: the quorum is counted
    from that day's check-ins, so a test checks someone in first."""
    event = db.session.get(Event, filled["rumusan"].event_id)
    with time_machine.travel(datetime.combine(event.start_date, time(15), tzinfo=event.tz), tick=False):
        return adoption.adopt(filled["rumusan"], by=perumus)


def adopt_all(filled, perumus):
    agree_all(filled, perumus)
    return adopt_in_plenary(filled, perumus)


def test_preamble_and_closing_prefilled(event, people):
    rumusan = services.get_or_create(event)
    assert rumusan.preamble.startswith("Rapat Kerja Bidang Ketatalaksanaan")
    assert "Senin, 9 Agustus 2021 s.d. Selasa, 10 Agustus 2021" in rumusan.preamble
    assert "diikuti oleh {jumlah_peserta} orang peserta dari {jumlah_delegasi} delegasi" in rumusan.preamble
    assert "diikuti oleh 3 orang peserta dari 1 delegasi, yaitu Kabupaten Paser." in pdf_text(rumusan_pdf(event))
    assert rumusan.preamble.rstrip().endswith("merumuskan hal-hal sebagai berikut:")
    assert rumusan.closing.startswith("Demikian rumusan ini dibuat")


def test_team_rules(event, people, samarinda):
    with pytest.raises(RumusanRefused, match="tepat satu ketua"):
        services.set_team(event, [(people[0].id, "anggota")])
    with pytest.raises(RumusanRefused, match="satu sekretaris"):
        services.set_team(event, [(people[0].id, "ketua"), (people[1].id, "sekretaris"), (people[2].id, "sekretaris")])
    pending = register(event, samarinda, 9)
    with pytest.raises(RumusanRefused, match="disetujui"):
        services.set_team(event, [(pending.id, "ketua")])
    team = services.set_team(event, [(people[2].id, "anggota"), (people[0].id, "ketua")])
    assert [m.role for m in team] == ["ketua", "anggota"]


def test_team_page_finds_a_new_member_by_search_not_from_a_list_of_everyone(app, event, people):
    """Issue 15: the page listed every approved participant in a select per row (2.7 MB at 10,000). It lists
    the team by name and finds a new member by name, NIP or email (at most 20 matches)."""
    secretariat = app.test_client(user=make_user("sekretariat"))
    services.set_team(event, [(people[0].id, "ketua"), (people[1].id, "anggota")])
    page = secretariat.get(url(event, "/team")).get_data(as_text=True)
    assert "Yusmadi" in page and "Siti Rahmah, S.E." in page
    assert "Budi Santoso" not in page  # not in the team, not searched for
    found = secretariat.get(url(event, "/team?cari=budi")).get_data(as_text=True)
    assert f'<option value="{people[2].id}">Budi Santoso — Kabupaten Paser</option>' in found
    assert "1 peserta ditemukan" in found
    # Budi joins as sekretaris, Siti leaves, Yusmadi stays ketua: one post of the page's pairs.
    answer = secretariat.post(
        url(event, "/team"),
        data={
            "registration_id": [str(people[0].id), str(people[1].id), str(people[2].id)],
            "role": ["ketua", "", "sekretaris"],
        },
    )
    assert answer.status_code == 302
    assert [(m.registration_id, m.role) for m in services.team(event)] == [
        (people[0].id, "ketua"),
        (people[2].id, "sekretaris"),
    ]


def test_states_versions_and_moves(filled, perumus):
    one, two = filled["items"][:2]
    with pytest.raises(RumusanRefused):
        services.set_item_state(one, "adopted", by=perumus)  # draft → adopted is not allowed
    services.set_item_state(one, "proposed", by=perumus)
    services.edit_item(one, "Menyusun dan menetapkan SOP administrasi pemerintahan.", by=perumus, note="rapat komisi")
    assert [(v.number, v.state) for v in one.history] == [(1, "draft"), (2, "proposed"), (3, "proposed")]
    assert one.history[-1].author_id == perumus.id and one.history[-1].note == "rapat komisi"
    assert db.session.query(AuditLog).filter(AuditLog.action == "rumusan.item_edit").count() == 1
    services.move_item(two, "up", by=perumus)
    topic = filled["topics"][0]
    assert [e["item"].id for e in services.numbered(filled["rumusan"])[0]["items"]] == [two.id, one.id]
    services.move_topic(filled["topics"][1], "up", by=perumus)
    assert [t["title"] for t in services.numbered(filled["rumusan"])][0] == "Pelayanan Publik dan Inovasi"
    assert topic.title == "Kelembagaan dan Tata Laksana"


def test_diff_between_versions(filled, perumus):
    one = filled["items"][0]
    services.edit_item(one, "Menyusun dan menetapkan SOP pelayanan.", by=perumus)
    difference = services.diff(one, 1, 2)
    assert "administrasi pemerintahan." in difference.removed[-1]
    assert any("dan menetapkan" in words for words in difference.added)
    assert "[−" in difference.text and "{+" in difference.text
    lines = adoption.document_diff(filled["rumusan"], one.history[0].created_at)
    assert any(line.startswith("− 1. Menyusun SOP") for line in lines)
    assert any(line.startswith("+ 1. Menyusun dan menetapkan") for line in lines)


def test_proposals_accepted_and_rejected(filled, perumus, event, samarinda):
    contact = make_user("kontak_delegasi", email="kontak.samarinda@uji.raker.example")
    samarinda.contact_user_id = contact.id
    db.session.commit()
    rumusan, one = filled["rumusan"], filled["items"][0]
    change = services.propose(
        rumusan, by=contact, item=one, text="Menyusun SOP paling lambat Desember.", reason="Perlu tenggat."
    )
    new = services.propose(
        rumusan, by=contact, topic=filled["topics"][1], text="Butir baru dari Samarinda.", reason="Belum tercakup."
    )
    assert change.delegation_id == samarinda.id
    outsider = make_user("petugas")
    with pytest.raises(RumusanRefused):
        services.propose(rumusan, by=outsider, item=one, text="x", reason="y")
    with pytest.raises(RumusanRefused, match="Alasan"):
        services.decide(change, True, reason="", by=perumus)
    services.decide(change, True, reason="Disepakati pleno.", by=perumus)
    assert one.text == "Menyusun SOP paling lambat Desember." and one.version == 2
    assert "Kota Samarinda" in one.history[-1].note and "Disepakati pleno." in one.history[-1].note
    services.decide(new, False, reason="Sudah tercakup butir B.1.", by=perumus)
    assert (change.state, new.state, new.decision_reason) == ("accepted", "rejected", "Sudah tercakup butir B.1.")
    with pytest.raises(RumusanRefused, match="sudah diputuskan"):
        services.decide(new, True, reason="lagi", by=perumus)
    added = services.propose(rumusan, by=perumus, topic=filled["topics"][0], text="Butir dari tim.", reason="Usul.")
    item = services.decide(added, True, reason="Setuju.", by=perumus)
    assert item.topic_id == filled["topics"][0].id and item.state == "proposed"


def test_adoption_blockers_freezing_and_fingerprint(filled, perumus, event, people):
    rumusan = filled["rumusan"]
    open_one = services.propose(rumusan, by=perumus, item=filled["items"][0], text="Teks lain.", reason="r")
    with pytest.raises(RumusanRefused) as refused:
        adoption.adopt(rumusan, by=perumus)
    # The proposal named by what it is about, as printed (its database id means nothing to a reader).
    assert "Usulan tim perumus untuk butir A.1 belum diputuskan." in refused.value.blockers
    assert not any("#" in b for b in refused.value.blockers)
    assert any("A.1" in b and "masih berstatus draf" in b for b in refused.value.blockers)
    assert any("A.2.a" in b for b in refused.value.blockers)
    services.decide(open_one, False, reason="Tidak perlu.", by=perumus)
    # Every item agreed, but nobody is in the hall: the plenary has no quorum (issue 14 item 5).
    agree_all(filled, perumus)
    with pytest.raises(RumusanRefused) as refused:
        adopt_in_plenary(filled, perumus)
    assert refused.value.blockers == ["Kuorum belum tercapai: 0 dari 1 delegasi hadir, perlu 1."]
    assert rumusan.state != "adopted" and rumusan.fingerprint is None
    _check_in(event, people[0])
    fingerprint = adopt_in_plenary(filled, perumus)
    assert rumusan.state == "adopted" and rumusan.adopted_at is not None
    assert fingerprint == hashlib.sha256(rumusan.adopted_text.encode("utf-8")).hexdigest() == rumusan.fingerprint
    assert_in_order(
        rumusan.adopted_text,
        [
            "RUMUSAN",
            "A. Kelembagaan",
            "1. Menyusun SOP",
            "2. Memperkuat",
            "a. menyusun peta",
            "b. menyelaraskan",
            "B. Pelayanan",
            "1. Mengikuti",
            "Demikian rumusan",
        ],
    )
    assert "dibuang" not in rumusan.adopted_text
    one, topic = filled["items"][0], filled["topics"][0]
    for attempt in (
        lambda: services.edit_item(one, "Ubah setelah penetapan", by=perumus),
        lambda: services.set_item_state(one, "proposed", by=perumus),
        lambda: services.add_item(topic, "Baru", by=perumus),
        lambda: services.add_topic(rumusan, "Topik baru", by=perumus),
        lambda: services.rename_topic(topic, "X", by=perumus),
        lambda: services.move_item(one, "down", by=perumus),
        lambda: services.set_texts(rumusan, preamble="x", closing="y", by=perumus),
        lambda: services.propose(rumusan, by=perumus, item=one, text="x", reason="y"),
        lambda: services.set_team(event, []),
        lambda: adoption.adopt(rumusan, by=perumus),
    ):
        with pytest.raises(RumusanRefused, match="sudah ditetapkan"):
            attempt()
    text = pdf_text(rumusan_pdf(event))
    assert "DRAF" not in text
    assert f"Sidik jari SHA-256: {fingerprint}" in text.replace("\n", " ")


def test_pdf_text_in_order(filled, event, people):
    text = pdf_text(rumusan_pdf(event))
    assert_in_order(
        text,
        [
            "RUMUSAN",
            "RAPAT KERJA BIDANG KETATALAKSANAAN SE-PROVINSI KALIMANTAN TIMUR TAHUN 2021",
            "DRAF",
            "Rapat Kerja Bidang",
            "merumuskan hal-hal sebagai berikut:",
            "A.",
            "Kelembagaan dan Tata Laksana",
            "1.",
            "Menyusun SOP",
            "2.",
            "Memperkuat evaluasi",
            "a.",
            "menyusun peta proses bisnis",
            "b.",
            "menyelaraskan analisis",
            "B.",
            "Pelayanan Publik dan Inovasi",
            "1.",
            "Mengikuti kompetisi SiNovik",
            "Demikian rumusan ini",
            "Tana Paser,",
            "TIM PERUMUS",
            "Ketua,",
            "Yusmadi",
            "Pembina Tingkat I (IV/b)",
            "NIP. 19860926 201505 2 001",
        ],
    )
    assert "Butir yang dibuang" not in text
    for person, rank in ((people[1], "Penata (III/c)"), (people[2], "Penata Muda Tingkat I (III/b)")):
        assert person.full_name in text and rank in text
    assert "Sekretaris," in text and "Anggota," in text
    assert "Sidik jari" not in text


def test_docx_parsed_back_in_order(filled, event):
    text = docx_text(rumusan_docx(event))
    assert_in_order(
        text,
        [
            "RUMUSAN",
            "TAHUN 2021",
            "DRAF",
            "merumuskan hal-hal sebagai berikut:",
            "A.\tKelembagaan dan Tata Laksana",
            "1.\tMenyusun SOP",
            "2.\tMemperkuat evaluasi",
            "a.\tmenyusun peta",
            "b.\tmenyelaraskan",
            "B.\tPelayanan Publik",
            "1.\tMengikuti",
            "Demikian rumusan",
            "Tana Paser,",
            "TIM PERUMUS",
            "Ketua,",
            "Yusmadi",
            "Pembina Tingkat I (IV/b)",
            "NIP. 19860926 201505 2 001",
        ],
    )
    assert "Butir yang dibuang" not in text


def test_markup_printed_literally(filled, event, perumus):
    item = filled["items"][0]
    services.edit_item(item, f"Butir {MARKUP} selesai.", by=perumus)
    services.rename_topic(filled["topics"][0], f"Topik {MARKUP}", by=perumus)
    text = pdf_text(rumusan_pdf(event)).replace("\n", " ")
    assert f"Butir {MARKUP} selesai." in text and f"Topik {MARKUP}" in text
    assert f"Butir {MARKUP} selesai." in docx_text(rumusan_docx(event))


def test_long_text_flows_over_pages(filled, event, perumus):
    services.edit_item(filled["items"][0], " ".join(["kalimat panjang"] * 900), by=perumus)
    reader = PdfReader(io.BytesIO(rumusan_pdf(event)))
    assert len(reader.pages) >= 3


def url(event, path=""):
    return f"/admin/events/{event.slug}/rumusan{path}"


def test_role_rules(app, filled, event, perumus, samarinda):
    contact = make_user("kontak_delegasi", email="kontak.samarinda@uji.raker.example")
    samarinda.contact_user_id = contact.id
    other_contact = make_user("kontak_delegasi", email="kontak.lain@uji.raker.example")
    db.session.commit()
    one = filled["items"][0]
    as_perumus, as_contact = app.test_client(user=perumus), app.test_client(user=contact)
    as_petugas, as_other = app.test_client(user=make_user("petugas")), app.test_client(user=other_contact)
    assert as_perumus.get(url(event, "/")).status_code == 200
    response = as_perumus.post(url(event, f"/items/{one.id}"), data={"action": "edit", "text": "Teks dari perumus."})
    assert response.status_code == 302
    page = as_contact.get(url(event, "/"))
    assert page.status_code == 200 and "Teks dari perumus." in page.get_data(as_text=True)
    assert as_contact.post(url(event, f"/items/{one.id}"), data={"action": "edit", "text": "x"}).status_code == 403
    assert as_contact.post(url(event, "/adopt")).status_code == 403
    assert (
        as_contact.post(
            url(event, "/proposals"),
            data={"target": f"item-{one.id}", "text": "Usul kontak.", "reason": "Alasan kontak."},
        ).status_code
        == 302
    )
    assert as_contact.get(url(event, "/rumusan.pdf")).status_code == 200
    assert as_contact.get(url(event, "/team")).status_code == 403
    for client in (as_petugas, as_other):
        assert client.get(url(event, "/")).status_code == 403
        assert (
            client.post(
                url(event, "/proposals"), data={"target": f"item-{one.id}", "text": "x", "reason": "y"}
            ).status_code
            == 403
        )
        assert client.get(url(event, "/rumusan.pdf")).status_code == 403
    assert app.test_client().get(url(event, "/")).status_code in (302, 401)
    db.session.expire_all()
    proposal = db.session.query(Proposal).one()
    assert proposal.delegation_id == samarinda.id and proposal.text == "Usul kontak."
    assert (
        as_contact.post(
            url(event, f"/proposals/{proposal.id}/decide"), data={"decision": "accept", "reason": "x"}
        ).status_code
        == 403
    )
    as_perumus.post(url(event, f"/proposals/{proposal.id}/decide"), data={"decision": "reject", "reason": "Tidak."})
    db.session.expire_all()
    assert proposal.state == "rejected"
    history = as_contact.get(url(event, f"/items/{one.id}/history?a=1&b=2")).get_data(as_text=True)
    assert "<del>− Menyusun SOP administrasi pemerintahan.</del>" in history
    assert "<ins>+ Teks dari perumus.</ins>" in history


def test_editor_pages_and_adopt_button(app, filled, event, perumus):
    secretariat = app.test_client(user=make_user("sekretariat"))
    page = secretariat.get(url(event, "/")).get_data(as_text=True)
    assert "Belum dapat ditetapkan" in page and "masih berstatus" in page
    assert secretariat.get(url(event, "/team")).status_code == 200
    assert app.test_client(user=perumus).get(url(event, "/team")).status_code == 403
    topic = filled["topics"][1]
    secretariat.post(url(event, f"/topics/{topic.id}/items"), data={"text": f"Baru {MARKUP}"})
    page = secretariat.get(url(event, "/")).get_data(as_text=True)
    assert "Baru &lt;b&gt;tebal&lt;/b&gt;" in page
    assert secretariat.get(url(event, "/changes?since=2000-01-01T00:00")).status_code == 200
    docx = secretariat.get(url(event, "/rumusan.docx"))
    assert docx.status_code == 200 and docx.data[:2] == b"PK"


def test_demo_rumusan(app):
    from raker.auth.services import find_user
    from raker.demo import DEMO_USERS
    from tests.demo_snapshot import seeded_demo

    event = seeded_demo(date(2026, 8, 10)).event
    users = {email: find_user(email) for email, _name, _roles in DEMO_USERS}
    rumusan = seed_demo_rumusan(event, users)
    assert seed_demo_rumusan(event, users) is rumusan
    team = services.team(event)
    assert [m.role for m in team] == ["ketua", "sekretaris", "anggota", "anggota", "anggota"]
    assert team[0].registration.full_name == "Yusmadi"
    assert "dibuka secara resmi oleh Asisten Administrasi Umum" in rumusan.preamble
    assert "mewakili Gubernur Kalimantan Timur" in rumusan.preamble
    structure = services.numbered(rumusan)
    assert [t["title"] for t in structure] == [
        "Kelembagaan dan Tata Laksana",
        "Pelayanan Publik dan Inovasi",
        "Pemanfaatan Teknologi Informasi",
    ]
    states = [e["state"] for t in structure for e in t["items"]]
    # mixed states: the plenary of day 2 (raker/sidang/demo.py) has agreed part of it already
    assert "proposed" in states and "draft" in states and states.count("adopted") >= 3
    open_proposals = services.proposals(rumusan, state="open")
    # Samarinda's written proposal, and Balikpapan's amendment waiting in the plenary
    assert [p.delegation.name for p in open_proposals] == ["Kota Samarinda", "Kota Balikpapan"]
    text = pdf_text(rumusan_pdf(event))
    assert_in_order(
        text,
        [
            "RUMUSAN",
            "DRAF",
            "A.",
            "Kelembagaan",
            "B.",
            "SiNovik",
            "C.",
            "Teknologi Informasi",
            "TIM PERUMUS",
            "Ketua,",
            "Yusmadi",
        ],
    )


EDITORS = {"admin", "sekretariat", "perumus"}
READERS = EDITORS | {"kontak", "kontak_lain"}
RUMUSAN_ROUTES = {
    ("rumusan.editor", "GET"): READERS,
    ("rumusan.save_texts", "POST"): EDITORS,
    ("rumusan.add_topic", "POST"): EDITORS,
    ("rumusan.change_topic", "POST"): EDITORS,
    ("rumusan.add_item", "POST"): EDITORS,
    ("rumusan.change_item", "POST"): EDITORS,
    ("rumusan.history", "GET"): READERS,
    ("rumusan.take_item", "POST"): EDITORS,
    ("rumusan.changes", "GET"): READERS,
    ("rumusan.propose", "POST"): READERS,
    ("rumusan.decide", "POST"): EDITORS,
    ("rumusan.adopt", "POST"): EDITORS,
    ("rumusan.team", "GET"): {"admin", "sekretariat"},
    ("rumusan.team", "POST"): {"admin", "sekretariat"},
    ("rumusan.pdf", "GET"): READERS,
    ("rumusan.docx", "GET"): READERS,
    ("rumusan.berita_acara", "GET"): EDITORS,
}


def test_rumusan_role_matrix(app, event, paser, samarinda):
    """The same identities as tests/test_roles.py: kontak and kontak_lain are contacts of this event's delegations."""
    from flask import url_for

    people = {role: make_user(role) for role in ("admin", "sekretariat", "petugas", "notulis", "perumus")}
    people["kontak"] = make_user("kontak_delegasi", "kontak@uji.raker.example")
    people["kontak_lain"] = make_user("kontak_delegasi", "kontak.lain@uji.raker.example")
    paser.contact_user_id, samarinda.contact_user_id = people["kontak"].id, people["kontak_lain"].id
    db.session.commit()
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("rumusan.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == set(RUMUSAN_ROUTES)
    failures = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("rumusan."):
            continue
        values = {name: {"slug": event.slug, "fmt": "pdf"}.get(name, 1) for name in rule.arguments}
        with app.test_request_context():
            target = url_for(rule.endpoint, **values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for identity in sorted(set(people) | {"anonymous"}):
                user = people.get(identity)
                response = (app.test_client(user=user) if user else app.test_client()).open(
                    target, method=method, data={}
                )
                assert response.status_code < 500, (rule.endpoint, identity)
                outcome = (
                    "forbidden"
                    if response.status_code == 403
                    else "login"
                    if response.status_code == 302 and "/auth/login" in response.headers["Location"]
                    else "allowed"
                )
                expected = (
                    "allowed"
                    if identity in RUMUSAN_ROUTES[(rule.endpoint, method)]
                    else "login"
                    if identity == "anonymous"
                    else "forbidden"
                )
                if outcome != expected:
                    failures.append(f"{method} {target} as {identity}: {outcome}")
    assert not failures, "\n".join(failures)


def test_accepted_change_sends_an_adopted_item_back_to_proposed(filled, perumus):
    one = filled["items"][0]
    services.set_item_state(one, "proposed", by=perumus)
    services.set_item_state(one, "adopted", by=perumus)
    proposal = services.propose(filled["rumusan"], by=perumus, item=one, text="Teks baru.", reason="Perbaikan.")
    services.decide(proposal, True, reason="Setuju.", by=perumus)
    assert (one.text, one.state) == ("Teks baru.", "proposed")
    assert [(v.text, v.state) for v in one.history[-2:]] == [("Teks baru.", "adopted"), ("Teks baru.", "proposed")]


def test_whole_document_diff_between_two_moments(app, filled, perumus, event):
    one = filled["items"][0]
    first = one.history[0].created_at
    services.edit_item(one, "Versi kedua.", by=perumus)
    middle = one.history[-1].created_at
    services.edit_item(one, "Versi ketiga.", by=perumus)
    lines = adoption.document_diff(filled["rumusan"], first, middle)
    assert "+ 1. Versi kedua." in lines and not any("ketiga" in line for line in lines)
    client = app.test_client(user=perumus)
    page = client.get(url(event, f"/changes?since={first.astimezone(event.tz):%Y-%m-%dT%H:%M:%S.%f}"))
    assert "+ 1. Versi ketiga." in page.get_data(as_text=True)


# ---- issue 11 A.5: figures from attendance, indentation, the signing kept with the last item ----------


def _check_in(event, registration, *, undone=False):
    from datetime import datetime

    from raker.models import CheckIn

    moment = datetime(event.start_date.year, event.start_date.month, event.start_date.day, 0, 30, tzinfo=UTC)
    db.session.add(
        CheckIn(
            event_id=event.id,
            registration_id=registration.id,
            day=event.start_date,
            scanned_at=moment,
            undone_at=moment if undone else None,
        )
    )
    db.session.commit()


def test_preamble_figures_are_those_of_attendance_when_printed(filled, event, people, samarinda, perumus):
    rumusan = filled["rumusan"]
    drafted = rumusan.preamble
    # The meeting grows after the draft: two more from Samarinda, one of whom never comes.
    late = [register(event, samarinda, n) for n in (4, 5, 6)]
    for row in late:
        change_state(row, "approved")
    for row in (people[0], people[1], late[0], late[1]):
        _check_in(event, row)
    _check_in(event, late[2], undone=True)  # scanned by mistake and undone: not present
    sentence = "diikuti oleh 4 orang peserta dari 2 delegasi, yaitu Kabupaten Paser dan Kota Samarinda."
    assert sentence in pdf_text(rumusan_pdf(event))
    assert sentence in docx_text(rumusan_docx(event))
    assert sentence in adoption.document_text(rumusan)
    assert db.session.get(type(rumusan), rumusan.id).preamble == drafted  # the stored wording is not rewritten
    # The secretariat's own wording around the figures is kept.
    services.set_texts(
        rumusan,
        preamble="Rapat dihadiri {jumlah_peserta} peserta ({jumlah_delegasi} delegasi).",
        closing=rumusan.closing,
        by=perumus,
    )
    assert "Rapat dihadiri 4 peserta (2 delegasi)." in pdf_text(rumusan_pdf(event))


def test_figures_baked_into_an_older_draft_are_printed_from_attendance(filled, event, people, perumus):
    rumusan = filled["rumusan"]
    services.set_texts(
        rumusan,
        closing=rumusan.closing,
        by=perumus,
        preamble=(
            "Rapat Kerja dilaksanakan di Tana Paser, diikuti oleh 161 orang peserta dari 12 delegasi, yaitu "
            "Provinsi Kalimantan Timur dan Kabupaten Paser.\n\nSetelah mendengarkan arahan, Rapat Kerja merumuskan:"
        ),
    )
    _check_in(event, people[2])
    text = pdf_text(rumusan_pdf(event))
    assert "diikuti oleh 1 orang peserta dari 1 delegasi, yaitu Kabupaten Paser. Setelah mendengarkan" in text
    assert "161" not in text


def _word_boxes(pdf: bytes, tmp_path) -> list[list[tuple[str, float, float]]]:
    """Per page, (word, x0, top) as poppler lays them out, in points from the top left."""
    import re
    import subprocess

    source = tmp_path / "rumusan.pdf"
    source.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(source), "-"], check=True, capture_output=True, text=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>'
    return [
        [(word, float(x0), float(y0)) for x0, y0, word in re.findall(pattern, page)]
        for page in html.split("<page ")[1:]
    ]


def test_items_indented_under_their_topic_and_sub_points_under_their_item(filled, event, tmp_path):
    words = _word_boxes(rumusan_pdf(event), tmp_path)[0]

    def x_of(word, after=None):
        return next(x for w, x, _top in words if w == word)

    topic_letter, topic_title = x_of("A."), x_of("Kelembagaan")
    item_number, item_text = x_of("1."), x_of("Menyusun")
    sub_letter, sub_text = x_of("a."), x_of("menyusun")
    assert abs(item_number - topic_title) < 1  # the item's number under the topic's title
    assert item_text > item_number + 15
    assert abs(sub_letter - item_text) < 1  # the sub-point's letter under the item's text
    assert sub_text > sub_letter + 12
    assert topic_letter < item_number - 15


@pytest.mark.parametrize("filler", [20, 22, 24, 26, 28, 30])
def test_place_date_and_tim_perumus_never_alone_on_the_last_page(filled, event, perumus, tmp_path, filler):
    topic = filled["topics"][1]
    for n in range(filler):
        services.add_item(
            topic, f"Butir pengisi nomor {n} tentang pelaksanaan program dan kegiatan perangkat daerah.", by=perumus
        )
    services.add_item(topic, "Butir terakhir rumusan.", by=perumus)
    pages = pdf_pages(rumusan_pdf(event))
    last = next(page for page in pages if "TIM PERUMUS" in page)
    assert "Tana Paser," in last and "Demikian rumusan" in last
    assert "Butir terakhir rumusan." in last


def test_a_topic_title_never_alone_at_a_page_foot(filled, event, perumus):
    """The demo's "C. Pemanfaatan Teknologi Informasi" ended page 1 with its items on page 2: whatever
    the length of topic A, topic B's title is on the page of its first item."""
    a = filled["topics"][0]
    tested = 0
    for n in range(36):
        services.add_item(
            a, f"Butir pengisi nomor {n} tentang pelaksanaan program dan kegiatan perangkat daerah.", by=perumus
        )
        pages = pdf_pages(rumusan_pdf(event))
        title = next(i for i, page in enumerate(pages) if "B. Pelayanan Publik dan Inovasi" in page)
        assert "Mengikuti kompetisi SiNovik." in pages[title], (n, pages[title][-200:])
        tested += title > 0
    assert tested  # topic B was pushed onto a later page at least once


def test_docx_keeps_the_last_item_with_the_signing(filled, event):
    from docx import Document

    doc = Document(io.BytesIO(rumusan_docx(event)))
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    start = next(i for i, p in enumerate(paragraphs) if "Mengikuti kompetisi" in p.text)
    chain = paragraphs[start:]
    assert [p.text for p in chain][:4] == [
        "1.\tMengikuti kompetisi SiNovik.",
        services.DEFAULT_CLOSING,
        chain[2].text,
        "TIM PERUMUS",
    ]
    assert chain[2].text.startswith("Tana Paser,")
    assert all(p.paragraph_format.keep_with_next for p in chain[:4])
    indents = {
        p.text.split("\t")[0]: (p.paragraph_format.left_indent, p.paragraph_format.first_line_indent)
        for p in doc.paragraphs
        if "\t" in p.text
    }
    from docx.shared import Cm

    assert abs(indents["2."][0] - Cm(1.6)) < Cm(0.05) and abs(indents["2."][0] + indents["2."][1] - Cm(0.8)) < Cm(0.05)
    assert abs(indents["b."][0] - Cm(2.3)) < Cm(0.05) and abs(indents["b."][0] + indents["b."][1] - Cm(1.6)) < Cm(0.05)


def test_an_adopted_rumusan_prints_the_attendance_it_was_adopted_with(filled, event, people, perumus):
    agree_all(filled, perumus)
    with time_machine.travel(datetime.combine(event.start_date, time(8), tzinfo=event.tz), tick=False):
        _check_in(event, people[0])
    fingerprint = adopt_in_plenary(filled, perumus)  # at 15.00
    with time_machine.travel(datetime.combine(event.start_date, time(16), tzinfo=event.tz), tick=False):
        _check_in(event, people[1])  # arrives after the pleno adopted the text
    rumusan = filled["rumusan"]
    assert adoption.fingerprint_of(adoption.document_text(rumusan)) == fingerprint
    assert "diikuti oleh 1 orang peserta dari 1 delegasi" in pdf_text(rumusan_pdf(event))


def test_editor_speaks_in_printed_numbers_and_translated_states(app, filled, event, perumus):
    """Issue 12 item 1: "Ubah butir #5" for item A.3 and states as "open" / "accepted"."""
    sub_a, three = filled["items"][2], filled["items"][4]
    rumusan = filled["rumusan"]
    first = services.propose(rumusan, by=perumus, item=sub_a, text="Menyusun peta proses bisnis digital;", reason="r")
    services.propose(rumusan, by=perumus, item=three, text="Mengikuti kompetisi inovasi.", reason="r")
    services.decide(first, True, reason="Disepakati pleno.", by=perumus)
    page = app.test_client(user=perumus).get(url(event, "/")).get_data(as_text=True)
    proposals = page.split('id="proposals"')[1].split("</table>")[0]
    assert "Ubah butir A.2.a" in proposals and "Ubah butir B.1" in proposals
    assert f"#{sub_a.id}" not in proposals and f"#{three.id}" not in proposals
    assert "Diterima: Disepakati pleno." in proposals and "Menunggu keputusan" in proposals
    assert ">open<" not in proposals and "accepted" not in proposals
    topics = page.split('id="topics"')[1].split('id="proposals"')[0]
    assert (
        "<strong>B.1</strong>" in topics and "Dihapus" in topics and "Draf" in topics
    )  # the dropped item has no number
    assert 'class="button small' in topics  # the controls are the app's buttons, not bare native ones
    from raker.admin.audit_log import sentence

    row = db.session.query(AuditLog).filter_by(action="rumusan.item_state", object_id=filled["dropped"].id).one()
    assert sentence(row) == "Perumus mengubah status butir rumusan (butir yang dihapus): draf → dihapus"
    edit = db.session.query(AuditLog).filter_by(action="rumusan.item_add", object_id=three.id).one()
    assert sentence(edit) == "Perumus menambah butir rumusan B.1: draf"
