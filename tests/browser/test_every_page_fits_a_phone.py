"""Every page of the demo meeting, as each kind of user opens it on a 360 px phone and on a 1280 px laptop,
is no wider than the screen; on the laptop no two controls overlap either.

The walk follows the links a person sees (from the home page, the dashboard, the meeting's admin page, a
personal link) the way they would tap them, opening up to two pages of each route; a route of the URL map
that the walk never reached and that is not listed below with its reason fails the test, so a new page
cannot slip past the check."""

import re
from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser.layout import page_width
from tests.browser.signing_in import log_in

from .axe import violations

pytestmark = [pytest.mark.browser, pytest.mark.rendering]

WIDTH = 360
PAGES_PER_ROUTE = 2
FILE = re.compile(r"\.(pdf|docx|xlsx|csv|ics|zip)$")
# GET routes that are not pages a phone lays out, or that no link of the demo leads to.
NOT_PAGES = {
    "static": "files",
    "main.set_language": "switches the language and goes back",
    "main.healthz": "monitoring",
    "events.logo": "image",
    "scanner.service_worker": "script",
    "scanner.session": "JSON",
    "registration.badge": "PDF",
    "registration.qr_image": "image",
    "registration.agenda": "ICS",
    "registration.my_data": "JSON",
    "registration.certificate": "PDF",
    "registration.attendance_letter": "PDF",
    "registration.confirm_email": "opened from an email",
    "registration.done": "shown after registering",
    "secretariat.export": "XLSX/CSV",
    "secretariat.assignment_letter": "PDF",
    "secretariat.invitations_pdf": "PDF",
    "secretariat.import_mapping": "after an upload",
    "attendance.live": "JSON",
    "attendance.reminder": "a redirect to WhatsApp (wa.me)",
    "attendance.attendance_list": "PDF/XLSX",
    "attendance.attendance_letter": "PDF",
    "attendance.attendance_letters": "PDF",
    "attendance.badges": "PDF/DOCX",
    "agenda.pdf": "PDF",
    "agenda_admin.docx": "DOCX",
    "agenda.ics": "ICS",
    "agenda.session_ics": "ICS",
    "agenda.material": "PDF",
    "agenda.respond": "opened from a speaker's email",
    "minutes.session_pdf": "PDF",
    "minutes.session_docx": "DOCX",
    "minutes.all_pdf": "PDF",
    "minutes.all_docx": "DOCX",
    "rumusan.pdf": "PDF",
    "rumusan.docx": "DOCX",
    "rumusan.berita_acara": "PDF/DOCX",
    "certificates_admin.one": "PDF",
    "certificates_admin.batch": "PDF/DOCX",
    "certificates.verify": "opened from a QR",
    "report.download": "PDF/DOCX",
    "honorarium.download": "PDF/XLSX",
    "admin.audit_csv": "CSV",
    "admin.audit_all_csv": "CSV",
    "agenda_admin.people_search": "JSON",
    "attendance.receipts": "PDF/DOCX/XLSX",
    "attendance.table_tents": "PDF/DOCX",
    "panitia.kartu": "PDF/DOCX",
    "outbox.attachment": "a mail's attachment",
    "outbox.message": "opened from the outbox (the demo queues no mail)",
    "pleno.projector_stream": "an event stream (tests/sidang/test_push.py)",
    "pleno_admin.console_stream": "an event stream (tests/sidang/test_push.py)",
    "pleno.voter_page": "linked for a delegation's head only, whom the demo's contacts are not (tests/sidang/test_rules.py)",
    "pleno.projector_state": "JSON",
    "pleno_admin.console_state": "JSON",
    "registration.done_status": "JSON",
    "report.photo": "image",
    "scanner.manifest": "JSON",
    "tte.download": "PDF",
    "tte_public.verify": "opened from a signed document's QR (test_tte_signing.py, 360 px)",
    "tte.document": "the demo prepares none while its rumusan is a draft (test_tte_signing.py, 360 px)",
    "jobs.show": "a big export's progress (the demo is below JOBS_INLINE_ROWS)",
    "jobs.status": "JSON",
    "jobs.download": "a job's file",
}
# Controls whose boxes cross: a button over a link, a label over a field. Inline links are compared
# line by line (getClientRects), so one wrapped across two lines is not its own neighbour; a control and
# what it holds (a label and its field, a summary and its text) are one. Hidden ones (the skip link until
# focused, the inside of a closed <details>, which Chromium lays out but does not paint) are left out, and
# a control in a scrolling box (the agenda's timeline) counts only with the part the box shows.
OVERLAPS = """() => {
  const controls = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')]
    .filter(el => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }));
  const clipped = (el, r) => {  // the part of r a scrolling or clipping ancestor shows
    let box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    for (let a = el.parentElement; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const c = a.getBoundingClientRect();
        box = { left: Math.max(box.left, c.left), top: Math.max(box.top, c.top),
                right: Math.min(box.right, c.right), bottom: Math.min(box.bottom, c.bottom) };
      }
    }
    return box;
  };
  const boxes = [];
  for (const el of controls) {
    for (const rect of el.getClientRects()) {
      const r = clipped(el, rect);
      if (r.right - r.left > 2 && r.bottom - r.top > 2 && r.right > 0 && r.bottom > 0 && r.left < innerWidth) {
        boxes.push([el, r]);
      }
    }
  }
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "'
    + (el.innerText || el.value || el.name || '').trim().slice(0, 30) + '"';
  const found = [];
  for (let i = 0; i < boxes.length && found.length < 4; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, ra] = boxes[i], [b, rb] = boxes[j];
      if (a === b || a.contains(b) || b.contains(a)) continue;
      if ((a.labels && [...a.labels].some(l => l.contains(b))) || (b.labels && [...b.labels].some(l => l.contains(a)))) continue;
      const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (x > 2 && y > 2) { found.push(name(a) + ' over ' + name(b)); break; }
    }
  }
  return found;
}"""
# A link or a small line in a table (a name, a session's title, its kind) broken inside a word takes more
# lines than it has words: the table's layout squeezed its column below the longest word ("Pem / buk / aan",
# "Sambutan/Ar / ahan" at 360 px).
BROKEN_WORDS = """() => [...document.querySelectorAll('table a, table small')]
  .filter(a => a.checkVisibility() && a.getClientRects().length > a.textContent.trim().split(/\\s+/).length)
  .slice(0, 3).map(a => `${a.textContent.trim().slice(0, 40)} (${a.getClientRects().length} lines)`)"""

WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 0.5 && !el.closest('.table-wrap, .scroll-x'))
    .slice(-4).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\\s+/g, '.') : '')
      + ' ' + Math.round(el.getBoundingClientRect().right) + 'px');
}"""


def _sign_in(page, base: str, email: str) -> None:
    from raker.demo import DEMO_PASSWORD

    log_in(page, base, email, DEMO_PASSWORD)


def _walk(
    page,
    app,
    base: str,
    starts: list[str],
    reached: dict,
    too_wide: list,
    who: str,
    *,
    width: int = WIDTH,
    overlaps: bool = False,
    axe: bool = False,
) -> None:
    adapter = app.url_map.bind("127.0.0.1")
    opened: dict[str, int] = {}
    queue, seen = list(starts), set()
    while queue:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc != urlsplit(base).netloc or url in seen:
            continue
        seen.add(url)
        try:
            endpoint, _ = adapter.match(parts.path, method="GET")
        except Exception:  # not a GET route (a form's action, a 404 link is caught by other tests)
            continue
        if endpoint in NOT_PAGES or endpoint.startswith("api.") or opened.get(endpoint, 0) >= PAGES_PER_ROUTE:
            continue
        opened[endpoint] = opened.get(endpoint, 0) + 1
        if FILE.search(parts.path):  # a download (PDF, DOCX, XLSX …), no page to lay out: not fetched, since
            reached.setdefault(endpoint, url)  # building one can outlast the page timeout on a busy machine
            continue
        try:
            response = page.goto(url)
        except Exception as error:  # a link to a file (PDF, DOCX, XLSX): a download, no page to fit
            if "Download is starting" not in str(error):
                raise
            reached.setdefault(endpoint, url)
            continue
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        reached.setdefault(endpoint, url)
        where = f"{who} {parts.path}{'?' + parts.query if parts.query else ''}"
        wide = page_width(page)
        if wide > width:
            too_wide.append(f"{where}: {wide} px {page.evaluate(WIDEST)}")
        if broken := page.evaluate(BROKEN_WORDS):
            too_wide.append(f"{where}: words broken in a table: {broken}")
        if overlaps and (crossing := page.evaluate(OVERLAPS)):
            too_wide.append(f"{where}: controls overlap: {crossing}")
        if axe and opened[endpoint] == 1:  # once per route: the rules read the template, not the rows
            too_wide += [
                f"{where}: axe {v['impact']} {v['id']}: {v['help']} {v['nodes'][:2]}" for v in violations(page, base)
            ]
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            if href and not href.startswith(("#", "mailto:", "tel:", "https://wa.me")):
                queue.append(urljoin(page.url, href).split("#")[0])


def _walk_the_demo(
    page,
    app,
    base: str,
    *,
    width: int,
    overlaps: bool = False,
    axe: bool = False,
    users=("admin@raker.example", "kontak.paser@raker.example"),
    anonymous: bool = True,
) -> tuple[dict, list]:
    """Every page the demo links to, anonymously (unless told not to) and as each of `users`: (reached
    endpoints, problems)."""
    with app.app_context():
        from sqlalchemy import select

        from raker.extensions import db
        from raker.models import Minutes, MinutesRevision, Registration
        from tests.demo_snapshot import seeded_demo

        slug = seeded_demo().event.slug
        token = db.session.scalar(
            select(Registration.token)  # a delegate (in a commission: its rancangan pages are walked too)
            .where(Registration.state == "approved", Registration.role == "peserta")
            .order_by(Registration.id)
            .limit(1)
        )
        revised = db.session.scalar(select(Minutes.session_id).join(MinutesRevision).limit(1))
    reached: dict[str, str] = {}
    too_wide: list[str] = []
    for _ in range(anonymous):
        _walk_anonymously(page, app, base, slug, token, reached, too_wide, width=width, overlaps=overlaps)
    for email in users:
        _sign_in(page, base, email)
        _walk(
            page,
            app,
            base,
            [
                base + "/dashboard",
                base + f"/admin/events/{slug}",
                base + "/my/delegations",
                base + f"/admin/events/{slug}/minutes/sessions/{revised}/revisions",
            ],
            reached,
            too_wide,
            email.split("@")[0],
            width=width,
            overlaps=overlaps,
            axe=axe,
        )
        page.context.clear_cookies()
    return reached, too_wide


def _walk_anonymously(page, app, base: str, slug: str, token: str, reached: dict, too_wide: list, **options) -> None:
    _walk(
        page,
        app,
        base,
        [
            base + "/",
            base + f"/events/{slug}",
            base + f"/events/{slug}/agenda",
            base + f"/r/{token}",
            base + "/auth/login",
        ],
        reached,
        too_wide,
        "anonim",
        **options,
    )


def _unreached(app, reached: dict) -> set[str]:
    routes = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.endpoint.startswith("api.")
    }  # the JSON API
    return routes - set(reached) - set(NOT_PAGES)


def test_every_page_fits_a_360_px_phone(live_server, phone):
    app, base = live_server
    reached, too_wide = _walk_the_demo(phone, app, base, width=WIDTH)
    unreached = _unreached(app, reached)
    assert not unreached and not too_wide, f"never reached: {sorted(unreached)}\n" + "\n".join(too_wide)
    assert not [e for e in phone.console_errors if not re.search(r"Failed to load resource.*40[34]", e)]


@pytest.fixture
def laptop(chromium):
    """A 1280 px laptop screen, collecting console errors."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    yield page
    context.close()


# The laptop walk in two tests, so xdist's workers share its minute and a half: anonymously and as the admin,
# who together reach every page; then as the secretariat, the gate staff and a delegation contact.
LAPTOP_WALKS = {
    "umum-admin": (True, ("admin@raker.example",)),
    "staf-kontak": (False, ("sekretariat@raker.example", "petugas@raker.example", "kontak.paser@raker.example")),
}


@pytest.mark.parametrize("walk", sorted(LAPTOP_WALKS))
def test_every_page_fits_a_1280_px_laptop_without_overlapping_controls(live_server, laptop, walk):
    """The same walk on a laptop, as the secretariat, the gate staff, the admin and a delegation contact:
    every page reached, none wider than the screen, no control over another, and (axe-core, WCAG 2.1 AA)
    no serious or critical violation on any page of their journeys (the public pages have their own
    test, tests/browser/test_accessibility.py)."""
    app, base = live_server
    anonymous, users = LAPTOP_WALKS[walk]
    reached, problems = _walk_the_demo(
        laptop, app, base, width=1280, overlaps=True, axe=True, users=users, anonymous=anonymous
    )
    unreached = _unreached(app, reached) if anonymous else set()  # the admin reaches every page
    assert not unreached and not problems, f"never reached: {sorted(unreached)}\n" + "\n".join(problems)
    assert not [e for e in laptop.console_errors if not re.search(r"Failed to load resource.*40[34]", e)]
    if not anonymous:  # each of them walked their own pages
        assert {"secretariat.participants", "scanner.page", "events.my_delegations"} <= set(reached)


def test_the_notulen_conflict_fits_a_360_px_phone(live_server, phone):
    """The conflict shown when someone else saved the notulen meanwhile (a POST, so the walk above
    cannot reach it) was 559 px wide: its comparison of long lines now wraps."""
    app, base = live_server
    with app.app_context():
        from sqlalchemy import select

        from raker.auth.services import find_user
        from raker.extensions import db
        from raker.minutes import services as minutes
        from raker.models import Minutes
        from tests.demo_snapshot import seeded_demo

        slug = seeded_demo().event.slug
        draft = db.session.scalar(select(Minutes).where(Minutes.state == "draft").limit(1))
        session_id = draft.session_id
    _sign_in(phone, base, "admin@raker.example")
    phone.goto(f"{base}/admin/events/{slug}/minutes/sessions/{session_id}")
    with app.app_context():  # the notulis saves from another phone meanwhile
        draft = db.session.get(Minutes, draft.id)
        content = dict(
            draft.content,
            opening="Rapat dibuka oleh Asisten Administrasi Umum pukul 09.00 WITA "
            "dengan membacakan susunan acara dan tata tertib rapat kerja.",
        )
        minutes.save(draft, content, by=find_user("notulis@raker.example"), base_revision=draft.revision)
    phone.locator("textarea[name=opening]").fill(
        "Rapat dibuka secara resmi oleh Sekretaris Daerah Provinsi Kalimantan Timur atas nama Gubernur, yang dalam "
        "sambutannya menekankan pentingnya-penguatan-peran-ketatalaksanaan-dan-inovasi-pelayanan-publik-SiNovik."
    )
    with phone.expect_response(lambda r: r.request.method == "POST") as answer:
        phone.get_by_role("button", name="Simpan", exact=True).click()
    assert answer.value.status == 409
    assert phone.locator("#minutes-conflict").is_visible()
    width = page_width(phone)
    assert width <= WIDTH, f"{width} px {phone.evaluate(WIDEST)}"
