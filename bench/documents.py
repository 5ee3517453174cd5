"""Big documents: time per row at two meeting sizes (linearity), PDFs against reportlab's floor.

    python bench/documents.py            # 1,000 and 10,000 participants (several minutes)
    python bench/documents.py --quick    # 500 and 2,000
    python bench/documents.py --only attendance-pdf,certificates-docx --sizes 1000,4000

For each size a fresh SQLite database gets a meeting seeded by tests/scale.py (half the participants
checked in on day 1, certificates issued to them), then every document is made the way the app makes
it (the domain builds the document model from the database, the renderer writes the file), timed in
wall and CPU seconds. Printed per document: time per row at each size and the ratio of the per-row
time at the largest size to the smallest (1.00 = linear); for PDFs also the floor — reportlab's
canvas drawing the same rows' text line by line on pages of the same size, in the same run — and our
time over it. Targets (issue 15) are printed as MET / NOT MET at the end. SQLite only: the work
measured is Python's; the pages bench (bench/pages.py) covers PostgreSQL.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

LINEAR = 1.35  # per-row time at the largest size over the smallest: above this it is not linear


def timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    body = function()
    return body, time.perf_counter() - wall, time.process_time() - cpu


def pdf_floor(lines: list[list[str]]) -> bytes:
    """The least a PDF of these rows can cost with reportlab: its canvas writing each row's cells as
    strings at fixed places, 40 rows an A4 page, in our embedded font — no tables, no wrapping."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from raker.pdf.fonts import REGULAR, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=REGULAR)
    for start in range(0, len(lines), 40):
        canvas.setFont(REGULAR, 8)
        y = 800
        for cells in lines[start : start + 40]:
            x = 40
            for text in cells:
                canvas.drawString(x, y, text)
                x += 70
            y -= 19
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def documents(event):
    """(name, kind, make, rows) — make() returns the file's bytes, rows the number of rows it lists."""
    from sqlalchemy import select
    from werkzeug.datastructures import MultiDict

    from raker.certificates import services as certificates
    from raker.checkin.attendance import export as attendance_export
    from raker.extensions import db
    from raker.models import Registration
    from raker.registration import exports, queries
    from raker.report.document import render as report_render

    day = event.start_date
    issued = lambda: certificates.issued(event)  # noqa: E731
    everyone = lambda: exports.listed_rows(queries.filtered_query(event, MultiDict()))  # noqa: E731
    approved = db.session.scalar(
        select(db.func.count()).select_from(Registration).where(Registration.event_id == event.id)
    )
    count_issued = len(issued())
    return [
        ("attendance-pdf", "pdf", lambda: attendance_export(event, "pdf", day=day), approved),
        ("attendance-xlsx", "xlsx", lambda: attendance_export(event, "xlsx", day=day), approved),
        ("certificates-pdf", "pdf", lambda: certificates.render(event, issued(), "pdf"), count_issued),
        ("certificates-docx", "docx", lambda: certificates.render(event, issued(), "docx"), count_issued),
        ("participants-xlsx", "xlsx", lambda: exports.export_xlsx(event, everyone()), approved),
        ("participants-csv", "csv", lambda: exports.export_csv(event, everyone()), approved),
        ("report-pdf", "pdf", lambda: report_render(event, "pdf"), approved),
        ("report-docx", "docx", lambda: report_render(event, "docx"), approved),
    ]


def floor_lines(event) -> list[list[str]]:
    from raker.checkin.attendance import attendance_document

    document = attendance_document(event, day=event.start_date)
    return [
        [str(line.number), line.name, line.nip or "", line.position, line.institution, line.time_present]
        for section in document.sections
        for line in section.lines
    ]


def measure(size: int, only: set[str] | None, skip: dict[str, int]) -> dict:
    from checkin import new_database

    from raker import create_app
    from raker.extensions import db
    from tests.scale import ready_certificates, seed_meeting

    url, _ = new_database("sqlite")
    app = create_app(
        {"RAKER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url, "PUBLIC_BASE_URL": "https://raker.example"}
    )
    results = {}
    with app.app_context(), app.test_request_context():
        db.create_all()
        began = time.perf_counter()
        event = seed_meeting(size)
        ready_certificates(event)
        print(
            f"  seeded {size:,} participants ({size // 2:,} checked in, certificates issued) in "
            f"{time.perf_counter() - began:.1f} s; load {load_average()}",
            flush=True,
        )
        lines = floor_lines(event)
        for name, kind, make, rows in documents(event):
            if only and name not in only:
                continue
            if name in skip and rows > skip[name]:
                print(f"  {name:18} skipped above {skip[name]:,} rows (--max {name}={skip[name]})")
                continue
            db.session.expire_all()  # every document reads the database afresh, as a request would
            body, wall, cpu = timed(make)
            entry = {"rows": rows, "wall": wall, "cpu": cpu, "bytes": len(body)}
            if kind == "pdf" and name != "report-pdf":
                _, floor_wall, floor_cpu = timed(lambda: pdf_floor(lines[:rows]))
                entry["floor_cpu"] = floor_cpu
            results[name] = entry
            extra = (
                f"   floor {entry['floor_cpu']:6.2f} s cpu, ours / floor {cpu / entry['floor_cpu']:5.1f}x"
                if "floor_cpu" in entry
                else ""
            )
            print(
                f"  {name:18} {rows:6,} rows  wall {wall:7.2f} s  cpu {cpu:7.2f} s  "
                f"{cpu / max(rows, 1) * 1e6:8.0f} µs/row  {len(body) / 1e6:6.1f} MB{extra}",
                flush=True,
            )
        db.session.remove()
        db.engine.dispose()
    return results


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def verdict(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="sizes 500 and 2,000")
    parser.add_argument("--sizes", default=None, help="comma-separated meeting sizes (default 1000,10000)")
    parser.add_argument("--only", default=None, help="comma-separated document names")
    parser.add_argument(
        "--max",
        action="append",
        default=[],
        metavar="NAME=ROWS",
        help="skip a document above this many rows (for code that is still quadratic)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in (args.sizes or ("500,2000" if args.quick else "1000,10000")).split(",")]
    only = set(args.only.split(",")) if args.only else None
    skip = {name: int(rows) for name, rows in (item.split("=") for item in args.max)}
    os.environ.setdefault("RAKER_TEST_DATABASE", "sqlite")
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  sizes {sizes}  load {load_average()}  "
        f"cores {os.cpu_count()}"
    )
    runs = {}
    for size in sizes:
        print(f"\n{size:,} participants:")
        runs[size] = measure(size, only, skip)

    small, large = sizes[0], sizes[-1]
    print(
        f"\nLinearity: per-row cpu at {large:,} over per-row cpu at {small:,} (1.00 = linear; "
        f"NOT MET above {LINEAR:.2f}):"
    )
    linear = {}
    for name in runs[small]:
        if name not in runs[large]:
            continue
        a, b = runs[small][name], runs[large][name]
        ratio = (b["cpu"] / b["rows"]) / (a["cpu"] / a["rows"])
        linear[name] = ratio
        print(f"  {name:18} {ratio:5.2f}")

    print("\nTargets (issue 15):")
    top = runs[large]

    def target(text, ok):
        print(f"  {verdict(ok):8} {text}")

    def cpu(name):
        return top[name]["cpu"] if name in top else float("nan")

    if "attendance-pdf" in top:
        target(
            f"daftar hadir PDF for {large:,} under 5 s cpu: {cpu('attendance-pdf'):.2f} s "
            f"(scaled to 10,000: {cpu('attendance-pdf') / top['attendance-pdf']['rows'] * 10000:.2f} s)",
            cpu("attendance-pdf") / top["attendance-pdf"]["rows"] * 10000 < 5,
        )
    for name in ("attendance-pdf", "certificates-pdf", "certificates-docx", "attendance-xlsx", "participants-xlsx"):
        if name in linear:
            target(f"{name} linear: {linear[name]:.2f}", linear[name] <= LINEAR)
    if "certificates-pdf" in top:
        per10k = cpu("certificates-pdf") / top["certificates-pdf"]["rows"] * 10000
        target(
            f"10,000 certificates as PDF under 30 s: {per10k:.1f} s (from {top['certificates-pdf']['rows']:,})",
            per10k < 30,
        )
    for name in ("attendance-xlsx", "participants-xlsx"):
        if name in top:
            per10k = cpu(name) / top[name]["rows"] * 10000
            target(f"{name} 10,000 rows under 2 s: {per10k:.2f} s (from {top[name]['rows']:,})", per10k < 2)


if __name__ == "__main__":
    main()
