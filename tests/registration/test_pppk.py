"""PPPK are not PNS (issue 12 item 9): golongan I–XVII (Perpres No. 98/2020) offered, accepted and
printed "Golongan IX"; a PNS pangkat refused for a PPPK and a PPPK golongan for a PNS — in the form,
the API, the import and the documents."""

import io

import pytest
from openpyxl import Workbook

from raker.auth.services import issue_token
from raker.checkin import keterangan
from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import CheckIn, Registration
from raker.reference.ranks import normalise_rank, rank_label
from raker.registration import services
from raker.registration.validation import RegistrationInvalid
from tests.documents import assert_in_order, docx_text, pdf_text
from tests.factories import make_event, make_user, person, register

PPPK_NIP = "199003152022212003"  # digits 13-14 are "21": not a month, right for PPPK


@pytest.fixture
def event(app):
    return make_event(title="Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur")


@pytest.fixture
def paser(event):
    return add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})


def pppk(paser, n=1, **overrides):
    return person(
        paser,
        n,
        **{"asn_status": "pppk", "nip": PPPK_NIP, "rank": "IX", "full_name": "Nurul Hidayah, S.Kom.", **overrides},
    )


def test_labels_and_normalising():
    assert rank_label("IX") == "Golongan IX" and rank_label("IV/b") == "Pembina Tingkat I (IV/b)"
    for typed in ("IX", "ix", "Golongan IX", "gol. IX", "Gol IX"):
        assert normalise_rank(typed) == "IX"
    assert normalise_rank("Penata Muda (III/a)") == "III/a" and normalise_rank("iii/A") == "III/a"


def test_pppk_golongan_accepted_and_pns_pangkat_refused(event, paser):
    registration = services.register(event, services.NewRegistration(pppk(paser)), source="public")
    assert registration.rank == "IX" and registration.nip == PPPK_NIP
    with pytest.raises(RegistrationInvalid) as refused:
        services.register(
            event, services.NewRegistration(pppk(paser, 2, rank="III/a", nip="199104162022212004")), source="public"
        )
    assert "PPPK memiliki golongan I–XVII" in refused.value.fields["rank"]
    with pytest.raises(RegistrationInvalid) as refused:
        services.register(event, services.NewRegistration(person(paser, 3, rank="IX")), source="public")
    assert "hanya untuk PPPK" in refused.value.fields["rank"]
    non_asn = services.register(
        event, services.NewRegistration(person(paser, 4, asn_status="non_asn", nip="", rank="III/a")), source="public"
    )
    assert non_asn.rank is None  # a choice left in the hidden field is dropped, not printed


def test_form_offers_golongan_for_pppk(client, event, paser):
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert '<optgroup label="Golongan PPPK"><option data-asn="pppk" value="I">Golongan I</option>' in page
    assert '<option data-asn="pppk" value="XVII">Golongan XVII</option>' in page
    assert '<optgroup label="Pangkat PNS"><option data-asn="pns" value="I/a">' in page
    data = {**pppk(paser), "delegation": str(paser.id), "consent": "y", "rank": "IV/a"}
    refused = client.post(f"/events/{event.slug}/register", data=data)
    assert refused.status_code == 400 and "PPPK memiliki golongan I–XVII" in refused.get_data(as_text=True)
    assert db.session.query(Registration).count() == 0
    assert client.post(f"/events/{event.slug}/register", data={**data, "rank": "IX"}).status_code == 302
    assert db.session.query(Registration).one().rank == "IX"


def test_api_takes_the_same_rule(client, event, paser):
    headers = {"Authorization": f"Bearer {issue_token(make_user('sekretariat'))}"}
    body = {key: value for key, value in pppk(paser).items()}
    refused = client.post(f"/api/v1/events/{event.slug}/registrations", json={**body, "rank": "III/a"}, headers=headers)
    assert refused.status_code == 400 and "PPPK" in refused.get_json()["fields"]["rank"]
    created = client.post(f"/api/v1/events/{event.slug}/registrations", json=body, headers=headers)
    assert created.status_code == 201
    assert db.session.get(Registration, created.get_json()["id"]).rank == "IX"


def test_import_reads_golongan_as_exported(app, event, paser):
    from raker.registration.imports import guess_mapping, read_table, run_import

    workbook = Workbook()
    workbook.active.append(
        ["Nama", "Delegasi", "Status ASN", "NIP", "Pangkat/Golongan", "Jabatan", "Instansi", "Email", "Ponsel"]
    )
    workbook.active.append(
        [
            "Nurul Hidayah, S.Kom.",
            "64.01",
            "PPPK",
            PPPK_NIP,
            "Golongan IX",
            "Pranata Komputer",
            "Diskominfo Kabupaten Paser",
            "nurul@uji.raker.example",
            "0812 3456 7001",
        ]
    )
    workbook.active.append(
        [
            "Andi Saputra",
            "64.01",
            "PPPK",
            "199104162022211005",
            "III/a",
            "Analis",
            "Bagian Organisasi",
            "andi@uji.raker.example",
            "0812 3456 7002",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table("peserta.xlsx", buffer.getvalue())
    report = run_import(event, table, guess_mapping(table.headers), by=make_user("sekretariat"), approve=False)
    assert [row.ok for row in report.rows] == [True, False]
    assert "PPPK memiliki golongan" in report.rows[1].message
    assert db.session.query(Registration).one().rank == "IX"


def test_documents_print_golongan_ix(event, paser):
    registration = register(event, paser, 1, **{k: v for k, v in pppk(paser).items() if k != "delegation"})
    services.change_state(registration, "approved")
    db.session.add(
        CheckIn(
            event_id=event.id, registration_id=registration.id, day=event.start_date, scanned_at=registration.created_at
        )
    )
    db.session.commit()
    expected = ["Nurul Hidayah, S.Kom.", "NI PPPK", "19900315 202221 2 003", "Pangkat/Gol.", ":", "Golongan IX"]
    assert_in_order(pdf_text(keterangan.export(event, [registration], "pdf")), expected)
    assert_in_order(docx_text(keterangan.export(event, [registration], "docx")), expected)
    assert "III/" not in pdf_text(keterangan.export(event, [registration], "pdf"))
