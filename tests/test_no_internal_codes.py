"""No page shows an internal code where a person expects words (issue 12: "nothing in any page shows
an internal code or English state to an Indonesian user").

The demo meeting, with a few more changes behind it (states changed, a link re-sent, a check-in undone),
is walked as each kind of user follows its links (anonymous, admin, secretariat, gate staff, notulis,
perumus, delegation contact), in Indonesian and in English; the visible text of every page (no script,
style or attribute values, the values of options and hidden inputs being codes on purpose) is checked
against the codes the code base uses: every audit action key ("registration.state"), snake_case values
("kontak_delegasi", "non_asn", "link_resent"), a model's id where its name belongs ("Registration #172",
"butir #5"), and, on Indonesian pages, the English state names ("pending", "approved", "open" …) and
the lower-case ASN codes ("pns", "pppk")."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from sqlalchemy import select

from raker.admin.audit_log import ACTIONS
from raker.extensions import db
from raker.models import ASN_STATUSES, Registration
from raker.states import LABELS
from tests.demo_snapshot import seeded_demo

pytestmark = pytest.mark.rendering

PAGES_PER_ROUTE = 1
SKIP = ("/static/", "/api/", "/lang/", "/auth/logout")
USERS = ("admin", "sekretariat", "petugas", "notulis", "perumus", "kontak.paser")
# English state names that are Indonesian words too, or that no one would take for a code there.
INDONESIAN_TOO = {"final"}
ENGLISH_STATES = sorted(
    {state for states in LABELS.values() for state in states} - INDONESIAN_TOO | {"queued", "sent", "failed"}
)
SNAKE = re.compile(r"(?<!\{)\b[a-z]+(?:_[a-z]+)+\b(?!\})")  # not a {placeholder} the secretariat types
ID_FOR_NAME = re.compile(r"(?:\b[A-Z][a-zA-Z]+|butir|item|sesi|session) #\d+")


class _VisibleText(HTMLParser):
    """The text a browser would paint: no <script>, <style>, <template> or <head>."""

    SILENT = {"script", "style", "template", "head", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.parts, self.links = 0, [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.SILENT:
            self.depth += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in self.SILENT and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.parts.append(" ".join(data.split()))


def _codes_in(text: str, *, indonesian: bool) -> list[str]:
    found = [key for key in ACTIONS if key in text]
    found += SNAKE.findall(text)
    found += ID_FOR_NAME.findall(text)
    if indonesian:
        found += [word for word in ENGLISH_STATES if re.search(rf"(?<![\w/.-]){word}(?![\w/.-])", text)]
        found += [code for code in ASN_STATUSES if re.search(rf"(?<![\w/.-]){code}(?![\w/.-])", text)]
    return found


def _walk(client, app, starts: list[str], *, indonesian: bool, who: str, problems: list, reached: set) -> None:
    adapter = app.url_map.bind("localhost")
    opened: dict[str, int] = {}
    queue, seen = list(starts), set()
    while queue:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost") or url in seen or parts.path.startswith(SKIP):
            continue
        seen.add(url)
        try:
            endpoint, _ = adapter.match(parts.path, method="GET")
        except Exception:  # a form's action, an outside link
            continue
        if opened.get(endpoint, 0) >= PAGES_PER_ROUTE:
            continue
        opened[endpoint] = opened.get(endpoint, 0) + 1
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        reached.add(endpoint)
        page = _VisibleText()
        page.feed(response.get_data(as_text=True))
        text = " ".join(page.parts)
        codes = _codes_in(text, indonesian=indonesian)
        if codes:
            where = text[max(0, text.find(codes[0]) - 60) : text.find(codes[0]) + 60]
            problems.append(f"{who} {'id' if indonesian else 'en'} {url}: {sorted(set(codes))} … {where} …")
        for href in page.links:
            if not href.startswith(("#", "mailto:", "tel:", "https://wa.me", "javascript:")):
                queue.append(
                    urljoin("http://localhost" + parts.path, href).removeprefix("http://localhost").split("#")[0]
                )


@pytest.fixture
def demo(app):
    """The demo, with what puts codes in the audit log and the histories: a registration approved and
    then cancelled, another rejected, a link re-sent, a check-in undone."""
    from raker.checkin import services as checkin
    from raker.registration import services as registration

    event = seeded_demo().event
    pending = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.state == "pending")
        .order_by(Registration.id)
        .limit(2)
    ).all()
    registration.change_state(pending[0], "approved")
    registration.change_state(pending[0], "cancelled", reason="Berhalangan hadir")
    registration.change_state(pending[1], "rejected", reason="Bukan pejabat yang diundang")
    someone = db.session.scalar(
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.state == "approved",
            Registration.role == "peserta",
            Registration.checkin_code.is_not(None),
        )
        .limit(1)
    )
    scanned = checkin.redeem(event, checkin.ScanInput(code="RK1:" + someone.checkin_code, gate="Pintu Utama"))
    assert scanned["status"] == "ok"
    return event


# The walkers in two groups (two tests a language, so xdist's workers share the minute), each with pages its
# walk must reach: where codes used to show.
GROUPS = {
    "umum-admin-kontak": (
        (None, "admin", "kontak.paser"),
        {"admin.audit", "secretariat.participants", "rumusan.editor", "registration.personal", "events.my_delegations"},
    ),
    "staf": (("sekretariat", "petugas", "notulis", "perumus"), {"secretariat.participants", "rumusan.editor"}),
}
assert {who for walkers, _ in GROUPS.values() for who in walkers} == {None, *USERS}


@pytest.mark.parametrize("group", sorted(GROUPS))
@pytest.mark.parametrize("language", ["id", "en"])
def test_no_page_shows_an_internal_code(app, demo, language, group):
    from raker.auth.services import find_user

    event = demo
    token = db.session.scalar(
        select(Registration.token).where(Registration.event_id == event.id, Registration.state == "approved").limit(1)
    )
    problems: list[str] = []
    reached: set[str] = set()
    starts = ["/", f"/events/{event.slug}", f"/events/{event.slug}/agenda", f"/r/{token}"]
    walkers, must_reach = GROUPS[group]
    for who in walkers:
        client = app.test_client(user=find_user(f"{who}@raker.example") if who else None)
        with client.session_transaction() as session:
            session["lang"] = language
        _walk(
            client,
            app,
            starts
            + (
                []
                if who is None
                else [
                    "/dashboard",
                    f"/admin/events/{event.slug}",
                    f"/admin/events/{event.slug}/audit",
                    "/my/delegations",
                ]
            ),
            indonesian=language == "id",
            who=who or "anonim",
            problems=problems,
            reached=reached,
        )
    assert must_reach <= reached, sorted(reached)  # the walk saw the pages where codes used to show
    assert not problems, "\n".join(problems)
