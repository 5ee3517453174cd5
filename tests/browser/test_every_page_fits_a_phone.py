"""Every page of the demo meeting, as each kind of user opens it on a 360 px phone, is no wider than the screen.

The walk follows the links a person sees (from the home page, the dashboard, the meeting's admin page, a
personal link) the way they would tap them, opening up to two pages of each route; a route of the URL map
that the walk never reached and that is not listed below with its reason fails the test, so a new page
cannot slip past the check."""
import re
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

WIDTH = 360
PAGES_PER_ROUTE = 2
# GET routes that are not pages a phone lays out, or that no link of the demo leads to.
NOT_PAGES = {
    "static": "files", "main.set_language": "switches the language and goes back", "main.healthz": "monitoring",
    "events.logo": "image", "scanner.service_worker": "script", "scanner.session": "JSON",
    "registration.badge": "PDF", "registration.qr_image": "image", "registration.agenda": "ICS",
    "registration.my_data": "JSON", "registration.certificate": "PDF", "registration.attendance_letter": "PDF",
    "registration.confirm_email": "opened from an email", "registration.done": "shown after registering",
    "secretariat.export": "XLSX/CSV", "secretariat.assignment_letter": "PDF",
    "secretariat.invitations_pdf": "PDF", "secretariat.import_mapping": "after an upload",
    "attendance.live": "JSON", "attendance.attendance_list": "PDF/XLSX", "attendance.attendance_letter": "PDF",
    "attendance.attendance_letters": "PDF", "attendance.badges": "PDF",
    "agenda.pdf": "PDF", "agenda.ics": "ICS", "agenda.session_ics": "ICS", "agenda.material": "PDF",
    "agenda.respond": "opened from a speaker's email",
    "minutes.session_pdf": "PDF", "minutes.session_docx": "DOCX", "minutes.all_pdf": "PDF", "minutes.all_docx": "DOCX",
    "rumusan.pdf": "PDF", "rumusan.docx": "DOCX", "rumusan.berita_acara": "PDF/DOCX",
    "certificates_admin.one": "PDF", "certificates_admin.batch": "PDF/DOCX", "certificates.verify": "opened from a QR",
    "report.download": "PDF/DOCX", "honorarium.download": "PDF/XLSX", "admin.audit_csv": "CSV",
    "admin.audit_all_csv": "CSV", "agenda_admin.people_search": "JSON",
    "attendance.receipts": "PDF/DOCX/XLSX", "attendance.table_tents": "PDF/DOCX", "panitia.kartu": "PDF",
    "outbox.attachment": "a mail's attachment", "outbox.message": "opened from the outbox (the demo queues no mail)",
    "pleno.projector_state": "JSON", "pleno_admin.console_state": "JSON", "registration.done_status": "JSON",
    "report.photo": "image", "scanner.manifest": "JSON",
    "jobs.show": "a big export's progress (the demo is below JOBS_INLINE_ROWS)", "jobs.status": "JSON",
    "jobs.download": "a job's file",
}
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

    page.goto(base + "/auth/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/dashboard")


def _walk(page, app, base: str, starts: list[str], reached: dict, too_wide: list, who: str) -> None:
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
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            too_wide.append(f"{who} {parts.path}{'?' + parts.query if parts.query else ''}: {width} px "
                            f"{page.evaluate(WIDEST)}")
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            if href and not href.startswith(("#", "mailto:", "tel:", "https://wa.me")):
                queue.append(urljoin(page.url, href).split("#")[0])


def test_every_page_fits_a_360_px_phone(live_server, phone):
    app, base = live_server
    with app.app_context():
        from sqlalchemy import select

        from raker.demo import seed_demo
        from raker.extensions import db
        from raker.models import Minutes, MinutesRevision, Registration

        slug = seed_demo().event.slug
        token = db.session.scalar(select(Registration.token).where(Registration.state == "approved")
                                  .order_by(Registration.id).limit(1))
        revised = db.session.scalar(select(Minutes.session_id).join(MinutesRevision).limit(1))
    reached: dict[str, str] = {}
    too_wide: list[str] = []
    _walk(phone, app, base, [base + "/", base + f"/events/{slug}", base + f"/events/{slug}/agenda",
                             base + f"/r/{token}", base + "/auth/login"], reached, too_wide, "anonim")
    for email in ("admin@raker.example", "kontak.paser@raker.example"):
        _sign_in(phone, base, email)
        _walk(phone, app, base, [base + "/dashboard", base + f"/admin/events/{slug}", base + "/my/delegations",
                                 base + f"/admin/events/{slug}/minutes/sessions/{revised}/revisions"],
              reached, too_wide, email.split("@")[0])
        phone.context.clear_cookies()
    routes = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods
              and not rule.endpoint.startswith("api.")}  # the JSON API
    unreached = routes - set(reached) - set(NOT_PAGES)
    assert not unreached and not too_wide, f"never reached: {sorted(unreached)}\n" + "\n".join(too_wide)
    assert not [e for e in phone.console_errors if not re.search(r"Failed to load resource.*40[34]", e)]


def test_the_notulen_conflict_fits_a_360_px_phone(live_server, phone):
    """The conflict shown when someone else saved the notulen meanwhile (a POST, so the walk above
    cannot reach it) was 559 px wide: its comparison of long lines now wraps."""
    app, base = live_server
    with app.app_context():
        from sqlalchemy import select

        from raker.auth.services import find_user
        from raker.demo import seed_demo
        from raker.extensions import db
        from raker.minutes import services as minutes
        from raker.models import Minutes

        slug = seed_demo().event.slug
        draft = db.session.scalar(select(Minutes).where(Minutes.state == "draft").limit(1))
        session_id = draft.session_id
    _sign_in(phone, base, "admin@raker.example")
    phone.goto(f"{base}/admin/events/{slug}/minutes/sessions/{session_id}")
    with app.app_context():  # the notulis saves from another phone meanwhile
        draft = db.session.get(Minutes, draft.id)
        content = dict(draft.content, opening="Rapat dibuka oleh Asisten Administrasi Umum pukul 09.00 WITA "
                                              "dengan membacakan susunan acara dan tata tertib rapat kerja.")
        minutes.save(draft, content, by=find_user("notulis@raker.example"), base_revision=draft.revision)
    phone.locator("textarea[name=opening]").fill(
        "Rapat dibuka secara resmi oleh Sekretaris Daerah Provinsi Kalimantan Timur atas nama Gubernur, yang dalam "
        "sambutannya menekankan pentingnya-penguatan-peran-ketatalaksanaan-dan-inovasi-pelayanan-publik-SiNovik.")
    with phone.expect_response(lambda r: r.request.method == "POST") as answer:
        phone.get_by_role("button", name="Simpan", exact=True).click()
    assert answer.value.status == 409
    assert phone.locator("#minutes-conflict").is_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{width} px {phone.evaluate(WIDEST)}"
