"""Pages and files that carry personal data are never kept by a browser cache or a proxy."""

from raker.auth.services import issue_token
from raker.events.services import add_delegation
from raker.registration import services as registration
from tests.factories import PASSWORD, make_event, make_user, register


def test_personal_pages_and_downloads_are_no_store(client, app):
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser"})
    person = register(event, paser, 1)
    registration.change_state(person, "approved")
    token = issue_token(make_user("petugas"))
    make_user("sekretariat", "sek@uji.raker.example")

    anonymous = [
        f"/r/{person.token}",
        f"/r/{person.token}/qr.png",
        f"/r/{person.token}/badge.pdf",
        f"/r/{person.token}/agenda.ics",
        f"/r/{person.token}/my-data.json",
    ]
    for url in anonymous:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers.get("Cache-Control") == "no-store", url
    api = client.get(
        f"/api/v1/events/{event.slug}/checkins/search?q=Peserta", headers={"Authorization": f"Bearer {token}"}
    )
    assert api.status_code == 200 and api.headers.get("Cache-Control") == "no-store"
    public = client.get(f"/events/{event.slug}")
    assert public.status_code == 200 and "no-store" not in public.headers.get("Cache-Control", "")

    client.post("/auth/login", data={"email": "sek@uji.raker.example", "password": PASSWORD})
    staff = [
        f"/admin/events/{event.slug}/participants",
        f"/admin/events/{event.slug}/registrations/{person.id}",
        f"/admin/events/{event.slug}/attendance/live.json",
        f"/admin/events/{event.slug}/audit",
        f"/admin/events/{event.slug}/participants.csv",
        f"/admin/events/{event.slug}/invitations.pdf",
        f"/events/{event.slug}",
        "/dashboard",
    ]
    for url in staff:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers.get("Cache-Control") == "no-store", url
    # The app's own scripts and styles stay cacheable, logged in or not.
    static = client.get("/static/css/raker.css")
    static.close()
    assert static.status_code == 200 and "no-store" not in static.headers.get("Cache-Control", "")
