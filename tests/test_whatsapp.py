"""WhatsApp click-to-chat links: the number is the E.164 digits of a mobile, the prefilled text carries
the links a person needs, every link on the configured public address (never the request's host)."""

import html
import re
from datetime import datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from raker.agenda import services as agenda
from raker.checkin import services as checkin
from raker.checkin.services import ScanInput
from raker.events.services import add_delegation
from raker.extensions import db
from raker.models import Delegation
from raker.registration import privacy
from raker.registration import services as registrations
from tests.factories import make_event, make_user, register

BASE = "https://raker.uji.example"


def _links(page: str, css_class: str | None = None) -> list[str]:
    pattern = (
        r'<a class="[^"]*%s[^"]*"[^>]*href="([^"]+)"' % (css_class or "")
        if css_class
        else r'href="(https://wa\.me/[^"]+)"'
    )
    return [html.unescape(link) for link in re.findall(pattern, page)]


def _decode(link: str) -> tuple[str, str]:
    """(the number wa.me opens, the prefilled text)."""
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc) == ("https", "wa.me")
    return parts.path.strip("/"), parse_qs(parts.query)["text"][0]


@pytest.fixture
def world(app_factory):
    app = app_factory(PUBLIC_BASE_URL=BASE)
    with app.app_context():
        event = make_event(title="Rapat Kerja Bidang Ketatalaksanaan")
        paser = add_delegation(
            event,
            {
                "name": "Kabupaten Paser",
                "region_code": "64.01",
                "contact_name": "Sri Wahyuni",
                "contact_phone": "0812 5000 1234",
            },
        )
        berau = add_delegation(
            event,
            {
                "name": "Kabupaten Berau",
                "region_code": "64.03",
                "contact_name": "Hendra",
                "contact_phone": "(0554) 21234",
            },
        )
        add_delegation(event, {"name": "Kota Bontang", "region_code": "64.74"})
        staff = app.test_client(user=make_user("sekretariat", event=event))
        yield {"app": app, "event": event, "paser": paser, "berau": berau, "staff": staff}


def test_a_registrations_page_offers_its_personal_link_to_copy_and_by_whatsapp(world):
    event = world["event"]
    siti = register(event, world["paser"], 1, phone="0812 3456 0001")
    # a forged Host header changes nothing: links come from PUBLIC_BASE_URL
    page = (
        world["staff"]
        .get(f"/admin/events/{event.slug}/registrations/{siti.id}", headers={"X-Forwarded-Host": "jahat.example"})
        .get_data(as_text=True)
    )
    personal = f"{BASE}/r/{siti.token}"
    assert f'id="personal-url" type="text" readonly value="{personal}"' in page
    assert 'data-copy="personal-url"' in page and "js/copy.js" in page
    number, text = _decode(_links(page)[0])
    assert number == "6281234560001"
    assert personal in text and siti.full_name in text and "jahat.example" not in text
    assert "/qr.png" not in text  # no QR before approval
    registrations.change_state(siti, "approved")
    number, text = _decode(
        _links(world["staff"].get(f"/admin/events/{event.slug}/registrations/{siti.id}").get_data(as_text=True))[0]
    )
    assert f"{BASE}/r/{siti.token}/qr.png" in text and "Status: disetujui." in text
    assert world["app"].test_client().get(urlsplit(f"{BASE}/r/{siti.token}/qr.png").path).mimetype == "image/png"


def test_no_whatsapp_link_for_a_number_that_cannot_be_a_mobile(world):
    event = world["event"]
    budi = register(event, world["paser"], 2)
    budi.phone = "+62541733333"  # saved before numbers were checked: a Samarinda office line
    db.session.commit()
    page = world["staff"].get(f"/admin/events/{event.slug}/registrations/{budi.id}").get_data(as_text=True)
    assert _links(page) == [] and "tidak dapat dikirim lewat WhatsApp" in page
    assert f"{BASE}/r/{budi.token}" in page  # still there to copy
    privacy.anonymise(budi)
    gone = world["staff"].get(f"/admin/events/{event.slug}/registrations/{budi.id}").get_data(as_text=True)
    assert 'id="personal-link"' not in gone


def test_the_walk_through_lists_every_delegation_contact_with_the_invitation(world):
    event = world["event"]
    page = world["staff"].get(f"/admin/events/{event.slug}/whatsapp").get_data(as_text=True)
    items = re.findall(r'<li data-key="(d\d+)">(.*?)</li>', page, re.S)
    assert [key for key, _ in items] == [f"d{d.id}" for d in event.delegations]
    by_name = {re.search(r"<strong>([^<]+)</strong>", body).group(1): body for _, body in items}
    number, text = _decode(html.unescape(re.search(r'href="([^"]+)"', by_name["Kabupaten Paser"]).group(1)))
    assert number == "6281250001234"
    assert text.startswith("Yth. Sri Wahyuni (kontak Kabupaten Paser)")
    assert f"{BASE}/events/{event.slug}/register?delegasi=64.01" in text and event.title in text
    assert "wa.me" not in by_name["Kabupaten Berau"] and "Bukan nomor ponsel" in by_name["Kabupaten Berau"]
    assert "(0554) 21234" in by_name["Kabupaten Berau"]
    assert "Tidak ada nomor ponsel" in by_name["Kota Bontang"]
    assert f'data-list="{event.slug}.kontak"' in page and "js/wa-walk.js" in page


def test_the_walk_through_of_a_delegations_participants_sends_their_personal_links(world):
    event, paser = world["event"], world["paser"]
    people = [register(event, paser, n) for n in (1, 2, 3)]
    registrations.change_state(people[2], "cancelled")
    register(event, world["berau"], 4)
    page = world["staff"].get(f"/admin/events/{event.slug}/whatsapp?delegation={paser.id}").get_data(as_text=True)
    links = _links(page, "wa-link")
    assert len(links) == 2  # the cancelled one and Berau's are not listed
    for person, link in zip(people[:2], links, strict=True):
        number, text = _decode(link)
        assert number == "62" + person.phone.removeprefix("+62") and f"{BASE}/r/{person.token}" in text


def _approved(event, delegation, n: int, **overrides):
    person = register(event, delegation, n, **overrides)
    registrations.change_state(person, "approved")
    return person


def _reminder(world, link: str) -> tuple[str, str]:
    """The dashboard's reminder link opened: on to wa.me (number, prefilled text)."""
    response = world["staff"].get(link, headers={"X-Forwarded-Host": "jahat.example"})
    assert response.status_code == 302, response.status_code
    return _decode(response.headers["Location"])


@pytest.mark.clocks
def test_belum_hadir_reminder_to_the_contact_names_who_has_not_arrived(world):
    event, paser = world["event"], world["paser"]
    people = [register(event, paser, n) for n in (1, 2)]
    for person in people:
        registrations.change_state(person, "approved")
    checkin.redeem(event, ScanInput(code="RK1:" + people[0].checkin_code, gate="Pintu Utama"))
    page = world["staff"].get(f"/admin/events/{event.slug}/attendance/").get_data(as_text=True)
    row = page.split(f'data-delegation="{paser.id}"')[1].split("</tr>")[0]
    link = _links(row, "wa-reminder")[0]
    number, text = _reminder(world, link)
    assert number == "6281250001234" and "belum daftar ulang" in text
    from raker.i18n import format_day

    assert f"hari ini, {format_day(event.today(), 'id')}," in text  # the meeting's today, not the server's
    assert people[1].full_name in text and people[0].full_name not in text
    live = world["staff"].get(f"/admin/events/{event.slug}/attendance/live.json").json
    assert live["reminders"][str(paser.id)] == link
    # Berau's contact has a landline and Bontang none: no reminder offered, and none sent when asked for.
    for delegation in (world["berau"], db.session.scalars(db.select(Delegation).filter_by(name="Kota Bontang")).one()):
        _approved(event, delegation, 10 + delegation.id)
        assert (
            str(delegation.id)
            not in world["staff"].get(f"/admin/events/{event.slug}/attendance/live.json").json["reminders"]
        )
        refused = world["staff"].get(f"/admin/events/{event.slug}/attendance/ingatkan/{delegation.id}")
        assert refused.status_code == 302 and "wa.me" not in refused.headers["Location"]
    checkin.redeem(event, ScanInput(code="RK1:" + people[1].checkin_code, gate="Pintu Utama"))
    assert str(paser.id) not in world["staff"].get(f"/admin/events/{event.slug}/attendance/live.json").json["reminders"]
    # Everyone of Paser here: the link (from a page opened before) says so instead of writing a message.
    done = world["staff"].get(link, follow_redirects=True)
    assert done.request.path == f"/admin/events/{event.slug}/attendance/"
    assert "Semua peserta Kabupaten Paser sudah daftar ulang." in done.get_data(as_text=True)


@pytest.mark.clocks
def test_the_reminder_names_everyone_missing_though_the_dashboard_shows_ten(world):
    """The dashboard names the first 10 of a delegation not checked in and "dan N lainnya"; its reminder
    (written when opened) names all of them."""
    event, paser = world["event"], world["paser"]
    people = [_approved(event, paser, n, full_name=f"Peserta Uji {n:02d}") for n in range(1, 17)]
    checkin.redeem(event, ScanInput(code="RK1:" + people[0].checkin_code, gate="Pintu Utama"))
    missing = people[1:]  # by name
    page = world["staff"].get(f"/admin/events/{event.slug}/attendance/").get_data(as_text=True)
    row = page.split(f'data-delegation="{paser.id}"')[1].split("</tr>")[0]
    cell = html.unescape(row.split('data-field="missing">')[1].split("</td>")[0])
    assert cell == ", ".join(p.full_name for p in missing[:10]) + " … dan 5 lainnya"
    live = world["staff"].get(f"/admin/events/{event.slug}/attendance/live.json").json
    assert [m["name"] for m in live["missing"][str(paser.id)]] == [p.full_name for p in missing[:10]]
    assert live["missing_count"][str(paser.id)] == 15
    _, text = _reminder(world, _links(row, "wa-reminder")[0])
    listed = re.findall(r"^(\d+)\. (.+)$", text, re.M)
    assert listed == [(str(n), p.full_name) for n, p in enumerate(missing, 1)]
    assert people[0].full_name not in text


def test_the_reminder_is_of_the_meetings_own_delegations_and_days(world):
    event, paser = world["event"], world["paser"]
    _approved(event, paser, 1)
    other = make_event(title="Rapat Lain")
    elsewhere = add_delegation(other, {"name": "Kota Samarinda", "contact_phone": "0812 5000 9999"})
    staff = world["staff"]
    assert staff.get(f"/admin/events/{event.slug}/attendance/ingatkan/{elsewhere.id}").status_code == 404
    assert staff.get(f"/admin/events/{event.slug}/attendance/ingatkan/999999").status_code == 404
    base = f"/admin/events/{event.slug}/attendance/ingatkan/{paser.id}"
    assert staff.get(f"{base}?day=2020-01-01").status_code == 404
    assert staff.get(f"{base}?day=besok").status_code == 404
    assert staff.get(f"{base}?day={event.start_date.isoformat()}").status_code == 302


def test_agenda_changes_shared_by_whatsapp(world):
    event = world["event"]
    start = datetime.combine(event.start_date, time(9, 0), tzinfo=event.tz)
    agenda.create_session(
        event,
        {
            "title": "Pembukaan",
            "kind": "pembukaan",
            "starts_at": start,
            "ends_at": start + timedelta(hours=1),
            "room_id": None,
        },
    )
    agenda.publish(event)
    page = world["app"].test_client().get(f"/events/{event.slug}/agenda/changes").get_data(as_text=True)
    number, text = _decode(_links(page, "wa-share")[0])
    assert number == ""  # WhatsApp asks which chat or group
    assert "(versi 1)" in text and "BARU: Pembukaan" in text and f"{BASE}/events/{event.slug}/agenda" in text


def test_messages_stay_indonesian_when_the_secretariat_reads_english(world):
    event = world["event"]
    siti = register(event, world["paser"], 1, phone="0812 3456 0001")
    registrations.change_state(siti, "approved")
    world["staff"].get("/lang/en")
    page = world["staff"].get(f"/admin/events/{event.slug}/registrations/{siti.id}").get_data(as_text=True)
    assert "Copy link" in page and "Send by WhatsApp" in page  # the page in English
    _number, text = _decode(_links(page)[0])
    assert "Berikut tautan pribadi" in text and "Status: disetujui." in text
    from babel.dates import format_date

    indonesian, english = (format_date(event.start_date, "MMMM", locale=loc) for loc in ("id", "en"))
    assert indonesian in text and (english == indonesian or english not in text)
