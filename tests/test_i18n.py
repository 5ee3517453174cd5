from datetime import UTC, date, datetime

from raker.i18n import format_clock, format_date_range, format_day, format_days_sd, format_long_date, format_moment
from tests.factories import make_event


def test_indonesian_day_without_leading_zero():
    assert format_day(date(2021, 8, 9), "id") == "Senin, 9 Agustus 2021"
    assert format_long_date(date(2021, 8, 9), "id") == "9 Agustus 2021"
    assert format_day(date(2021, 8, 9), "en") == "Monday, 9 August 2021"


def test_times_with_a_dot_in_the_event_zone():
    moment = datetime(2021, 8, 9, 1, 0, tzinfo=UTC)
    assert format_clock(moment, "Asia/Makassar", "id") == "09.00 WITA"
    assert format_clock(moment, "Asia/Jakarta", "id") == "08.00 WIB"
    assert format_clock(moment, "Asia/Jayapura", "id") == "10.00 WIT"
    assert format_clock(moment, "Asia/Makassar", "en") == "09:00 WITA"
    assert format_moment(moment, "Asia/Makassar", "id") == "Senin, 9 Agustus 2021 pukul 09.00 WITA"
    late = datetime(2021, 8, 9, 17, 30, tzinfo=UTC)  # already Tuesday in WITA
    assert format_moment(late, "Asia/Makassar", "id") == "Selasa, 10 Agustus 2021 pukul 01.30 WITA"


def test_date_range():
    assert format_date_range(date(2021, 8, 9), date(2021, 8, 9), "id") == "Senin, 9 Agustus 2021"
    assert (
        format_date_range(date(2021, 8, 9), date(2021, 8, 10), "id")
        == "Senin, 9 Agustus 2021 – Selasa, 10 Agustus 2021"
    )
    # official documents: "s.d.", and Indonesian whatever the page's language
    assert format_days_sd(date(2021, 8, 9), date(2021, 8, 10)) == "Senin, 9 Agustus 2021 s.d. Selasa, 10 Agustus 2021"
    assert format_days_sd(date(2021, 8, 9), date(2021, 8, 9)) == "Senin, 9 Agustus 2021"


def test_indonesian_by_default_english_on_request(client, app):
    make_event(start_date=date(2021, 8, 9))
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="id">' in page and "Rapat yang diumumkan" in page and "Senin, 9 Agustus 2021" in page
    switched = client.get("/lang/en", headers={"Referer": "http://localhost/"})
    assert switched.status_code == 302 and switched.headers["Location"] == "http://localhost/"
    english = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in english and "Monday, 9 August 2021" in english
    assert "Rapat yang diumumkan" not in english  # the English catalogue is compiled and used
    login = client.post("/auth/login", data={}).get_data(as_text=True)
    assert "Sign in" in login or "Log in" in login
    client.get("/lang/id")
    assert "Rapat yang diumumkan" in client.get("/").get_data(as_text=True)


def test_unknown_language_ignored_and_no_open_redirect(client):
    response = client.get("/lang/xx", headers={"Referer": "https://phishing.example/"})
    assert response.headers["Location"] == "/"
    assert '<html lang="id">' in client.get("/").get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_reference_no_outside_hosts(client, app):
    import re

    event = make_event()
    for url in ("/", f"/events/{event.slug}", "/auth/login"):
        page = client.get(url).get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', page), url


def test_the_english_catalogue_translates_each_text_once():
    """A text listed twice (as two branches' merges can leave it) gets one of its translations at random:
    'diterima' was both 'passed' and 'accepted'."""
    import re
    from collections import Counter
    from pathlib import Path

    catalogue = Path(__file__).parent.parent / "raker/translations/en/LC_MESSAGES/messages.po"
    entries = re.findall(
        r'^(?:msgctxt ("(?:[^"\\]|\\.)*")\n)?msgid ((?:"(?:[^"\\]|\\.)*"\n)+)', catalogue.read_text(), re.M
    )
    keys = Counter((context, text) for context, text in entries if text != '""\n')
    assert [key for key, count in keys.items() if count > 1] == []
