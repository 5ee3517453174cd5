import io
from datetime import UTC, date, datetime

import pytest
from PIL import Image

from raker.events import services
from raker.extensions import db
from raker.models import AuditLog, Registration
from tests.factories import make_event, table_counts


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "green").save(buffer, "PNG")
    return buffer.getvalue()


def test_slug_from_title_and_year_and_unique(app):
    first = make_event(title="Rapat Kerja Ketatalaksanaan Se-Kaltim", start_date=date(2027, 8, 9))
    second = make_event(title="Rapat Kerja Ketatalaksanaan Se-Kaltim", start_date=date(2027, 8, 9))
    assert first.slug == "rapat-kerja-ketatalaksanaan-se-kaltim-2027"
    assert second.slug == "rapat-kerja-ketatalaksanaan-se-kaltim-2027-2"


def test_event_dates_and_registration_window_checked(app):
    before = table_counts()
    with pytest.raises(services.EventError, match="Tanggal selesai") as refused:
        make_event(start_date=date(2027, 8, 10), end_date=date(2027, 8, 9))
    assert refused.value.field == "end_date"
    with pytest.raises(services.EventError, match="Penutupan pendaftaran"):
        make_event(
            registration_opens_at=datetime(2027, 8, 1, tzinfo=UTC),
            registration_closes_at=datetime(2027, 7, 1, tzinfo=UTC),
        )
    assert table_counts() == before


def test_registration_window(app):
    event = make_event(
        registration_opens_at=datetime(2027, 8, 1, tzinfo=UTC), registration_closes_at=datetime(2027, 8, 8, tzinfo=UTC)
    )
    assert not event.registration_is_open(datetime(2027, 7, 31, 23, 59, tzinfo=UTC))
    assert event.registration_is_open(datetime(2027, 8, 1, tzinfo=UTC))
    assert not event.registration_is_open(datetime(2027, 8, 8, tzinfo=UTC))
    services.update_event(event, {"status": "closed"})
    assert not event.registration_is_open(datetime(2027, 8, 2, tzinfo=UTC))


def test_logo_checked_by_content(app):
    event = make_event()
    services.update_event(event, {}, logo=png_bytes())
    assert event.logo_mimetype == "image/png"
    with pytest.raises(services.EventError, match="PNG atau JPEG"):
        services.update_event(event, {"title": "Judul baru"}, logo=b"%PDF-1.4 pretending to be a picture")
    db.session.rollback()
    assert event.title == "Rapat Kerja Uji"  # the refused update left the event as it was
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    with pytest.raises(services.EventError, match="PNG atau JPEG"):
        services.read_logo(gif.getvalue())
    with pytest.raises(services.EventError, match="1 MB"):
        services.read_logo(b"\x89PNG" + b"0" * (services.MAX_LOGO_BYTES + 1))


def test_invite_kaltim_regions_once(app):
    event = make_event()
    services.add_delegation(event, {"name": "Kementerian PANRB", "kind": "kementerian_lembaga"})
    result = services.invite_regions(event, default_quota=20)
    assert len(result.added) == 11 and result.skipped == []
    assert [d.name for d in event.delegations][:3] == [
        "Kementerian PANRB",
        "Provinsi Kalimantan Timur",
        "Kabupaten Paser",
    ]
    assert {d.kind for d in event.delegations} == {"kementerian_lembaga", "provinsi", "kabupaten", "kota"}
    again = services.invite_regions(event)
    assert again.added == [] and len(again.skipped) == 11
    assert len(event.delegations) == 12


@pytest.mark.parametrize(
    "values, field",
    [
        ({"name": "  "}, "name"),
        ({"name": "Kabupaten Paser"}, "name"),
        ({"name": "Paser lagi", "region_code": "64.01"}, "region_code"),
        ({"name": "Kode aneh", "region_code": "64.70"}, "region_code"),
        ({"name": "Kode aneh", "region_code": "Paser"}, "region_code"),
        ({"name": "Kuota minus", "quota": -1}, "quota"),
    ],
)
def test_delegation_refusals(app, values, field):
    event = make_event()
    services.add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    before = table_counts()
    with pytest.raises(services.EventError) as refused:
        services.add_delegation(event, values)
    assert refused.value.field == field
    db.session.rollback()
    assert table_counts() == before


def test_delegation_kind_follows_region_code(app):
    event = make_event()
    assert services.add_delegation(event, {"name": "Kota Samarinda", "region_code": "64.72"}).kind == "kota"
    assert services.add_delegation(event, {"name": "BPKP", "region_code": ""}).kind == "lainnya"


def test_delegation_with_registrations_cannot_be_deleted(app):
    event = make_event()
    delegation = services.add_delegation(event, {"name": "Kabupaten Berau", "region_code": "64.03"})
    db.session.add(
        Registration(
            event=event,
            delegation=delegation,
            full_name="Siti Rahmah",
            asn_status="non_asn",
            email="siti@uji.raker.example",
        )
    )
    db.session.commit()
    with pytest.raises(services.EventError, match="1 pendaftar"):
        services.delete_delegation(delegation)
    empty = services.add_delegation(event, {"name": "Kota Bontang", "region_code": "64.74"})
    services.delete_delegation(empty)
    assert [d.name for d in event.delegations] == ["Kabupaten Berau"]


def test_changes_are_audited(app):
    event = make_event()
    services.update_event(event, {"status": "closed"})
    rows = db.session.query(AuditLog).filter_by(event_id=event.id).order_by(AuditLog.id).all()
    assert [(r.action, r.from_state, r.to_state) for r in rows] == [
        ("event.create", None, "open"),
        ("event.update", "open", "closed"),
    ]
