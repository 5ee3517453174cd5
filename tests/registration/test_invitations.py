import io
from datetime import UTC, datetime

import time_machine
from pypdf import PdfReader

from raker.events.services import add_delegation, invite_regions
from raker.invitations import services as letters
from raker.mail import send_pending
from tests.factories import make_event, make_user
from tests.qr import decode_pdf_page

SIGNER = {
    "signer_position": "Kepala Biro Organisasi",
    "signer_name": "Yusmadi",
    "signer_rank": "IV/b",
    "signer_nip": "19700101 199503 1 001",
    "issued_on": "2026-11-20",
    "numbering": "per_delegation",
    "number_pattern": "005/{n}/Org/{tahun}",
    "print_rank_nip": "y",
}


def test_invitation_letters_for_every_delegation(app):
    event = make_event()  # its kop names no government: the province (64) is invited too, by its governor
    invite_regions(event, default_quota=15)
    client = app.test_client(user=make_user("sekretariat"))
    assert client.post(f"/admin/events/{event.slug}/invitations/settings", data=SIGNER).status_code == 302
    response = client.get(f"/admin/events/{event.slug}/invitations.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 11
    assert "Yth. Gubernur Kalimantan Timur" in reader.pages[0].extract_text()
    paser = reader.pages[1].extract_text()
    for expected in (
        "Yth. Bupati Paser",
        "005/002/Org/2026",
        "15 (lima belas)",
        "Yusmadi",
        "Pembina Tingkat I (IV/b)",
        "20 November 2026",
        f"/events/{event.slug}/register?delegasi=64.01",
    ):
        assert expected in paser.replace("\n", " "), expected
    [link] = decode_pdf_page(response.data, page=2)
    assert link.endswith(f"/events/{event.slug}/register?delegasi=64.01")
    # the link opens the form with the delegation chosen
    form = client.get(link.split("127.0.0.1:5000", 1)[1]).get_data(as_text=True)  # PUBLIC_BASE_URL
    paser_id = [d for d in event.delegations if d.region_code == "64.01"][0].id
    assert f'value="{paser_id}" selected' in form or f'selected value="{paser_id}"' in form


def test_invitations_are_emailed_to_delegation_contacts(mail_app):
    app, mailbox = mail_app
    event = make_event()
    add_delegation(
        event, {"name": "Kota Bontang", "region_code": "64.74", "contact_email": "organisasi@bontang.raker.example"}
    )
    add_delegation(event, {"name": "Kota Samarinda", "region_code": "64.72"})
    client = app.test_client(user=make_user("sekretariat"))
    client.post(f"/admin/events/{event.slug}/invitations/settings", data=SIGNER)
    page = client.post(f"/admin/events/{event.slug}/invitations/send", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "1 surat undangan masuk antrean email." in text and "Kota Samarinda" in text
    send_pending()
    [message] = mailbox.to("organisasi@bontang.raker.example")
    assert message["Subject"] == f"Undangan {event.title}"
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "undangan-64.74.pdf"
    assert "Yth. Wali Kota Bontang" in PdfReader(io.BytesIO(attachment.get_content())).pages[0].extract_text()


@time_machine.travel(datetime(2026, 12, 31, 16, 30, tzinfo=UTC), tick=False)  # 00.30 WITA, 1 January 2027
def test_the_number_carries_the_year_where_the_meeting_is(app):
    event = make_event()  # today in WITA: already 2027, while the server (UTC) is still in 2026
    invite_regions(event, default_quota=15)
    letters.save_settings(event, {**SIGNER, "issued_on": ""})  # no date saved: the meeting's today
    client = app.test_client(user=make_user("sekretariat"))
    response = client.get(f"/admin/events/{event.slug}/invitations.pdf")
    paser = PdfReader(io.BytesIO(response.data)).pages[1].extract_text()
    assert "005/002/Org/2027" in paser and "1 Januari 2027" in paser
