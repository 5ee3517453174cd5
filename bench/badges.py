"""Badge PDF speed: our badge_pdf() against the naive way (one qrcode PNG per badge on a canvas).

Run from the project root with the virtualenv active:

    python bench/badges.py              # full run (about a minute)
    python bench/badges.py --quick      # fewer repeats, sizes up to 2,000

No database: registrations and the event are plain dataclasses with the attributes the badge
uses. Prints figures and ratios, asserts nothing (targets in issue 5: 1,000 badges in at most
0.4 s, at least 10x faster than the baseline, linear to 10,000, peak memory under 300 MB).
Timings on a shared machine are noisy: the best of several repeats is the figure to compare,
the median shows the noise.
"""

import argparse
import gc
import io
import os
import platform
import resource
import secrets
import statistics
import subprocess
import sys
import time
import tracemalloc
from base64 import b32encode
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import qrcode  # noqa: E402
from qrcode.constants import ERROR_CORRECT_M  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from raker.pdf import qr  # noqa: E402
from raker.pdf.badge import ROLE_COLOURS, ROLE_LABELS, badge_pdf  # noqa: E402
from raker.pdf.document import embedded_font_only  # noqa: E402
from raker.pdf.fonts import BOLD, REGULAR  # noqa: E402
from raker.pdf.styles import BADGE_SIZE, page_size  # noqa: E402

QR_PREFIX = "RK1:"  # as raker.checkin.codes.qr_text() writes it


@dataclass
class Delegation:
    name: str


@dataclass
class Registration:
    full_name: str
    position: str
    role: str
    delegation: Delegation
    checkin_code: str


@dataclass
class Event:
    title: str
    logo: bytes | None
    paper_size: str = "A4"
    host_institution: str = "Biro Organisasi Setda Provinsi Kalimantan Timur"
    venue: str = "Gedung Awa Mangkuruku"
    city: str = "Tana Paser"
    start_date: date = date(2021, 8, 9)
    end_date: date = date(2021, 8, 10)


FIRST = [
    "Hendra",
    "Aji Sayid",
    "Nur",
    "Andi Baso",
    "Siti",
    "Muhammad",
    "Yusuf",
    "Rina",
    "Dewi",
    "Agus",
    "Bambang",
    "Fitriani",
    "Rahmat",
    "Sri Wahyuni",
    "Abdul",
    "Herlina",
    "Irwan",
    "Kartini",
    "Ahmad",
    "Lestari",
]
LAST = [
    "Saputra",
    "Faturrahman",
    "Aisyah",
    "Mappatunru",
    "Rahmawati",
    "Syahrul Ramadhan",
    "Hamzah",
    "Marlina",
    "Pratiwi",
    "Setiawan",
    "Suryadi",
    "Handayani",
    "Hidayat",
    "Nugroho",
    "Latif",
    "Simanjuntak",
    "Wijaya",
]
TITLES = ["", "Dr. ", "Ir. ", "H. ", "Hj. "]
DEGREES = ["", ", S.Sos.", ", S.E., M.M.", ", S.Sos., M.Si.", ", S.H.", ", S.T., M.T.", ", S.Kom."]
POSITIONS = [
    "Kepala Bagian Organisasi",
    "Kepala Subbagian Reformasi Birokrasi dan Akuntabilitas Kinerja",
    "Analis Kebijakan Ahli Muda",
    "Asisten Administrasi Umum Sekretariat Daerah Provinsi Kalimantan Timur",
    "Penata Kelola Sistem dan Teknologi Informasi",
    "Pengadministrasi Perkantoran",
    "Kepala Bidang Kelembagaan",
    "Analis Organisasi",
    "Sekretaris Daerah",
    "",
]
DELEGATIONS = [
    "Kabupaten Paser",
    "Kabupaten Kutai Kartanegara",
    "Kabupaten Berau",
    "Kabupaten Kutai Barat",
    "Kabupaten Kutai Timur",
    "Kabupaten Penajam Paser Utara",
    "Kabupaten Mahakam Ulu",
    "Kota Balikpapan",
    "Kota Samarinda",
    "Kota Bontang",
    "Provinsi Kalimantan Timur",
]
ROLES = ["peserta"] * 14 + ["narasumber", "moderator", "panitia", "panitia", "undangan", "undangan"]


def make_event(logo: bool = True) -> Event:
    data = None
    if logo:
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (240, 300), "white")
        ImageDraw.Draw(image).ellipse((10, 10, 230, 290), fill="darkgreen")
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        data = buffer.getvalue()
    return Event("Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur Tahun 2021", data)


def make_registrations(count: int) -> list[Registration]:
    """Varied, realistic badges; names unique (a number at the end), jabatan and delegation repeating."""
    out = []
    for i in range(count):
        name = (
            f"{TITLES[i % len(TITLES)]}{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]} {i}"
            f"{DEGREES[(i * 3) % len(DEGREES)]}"
        )
        out.append(
            Registration(
                name,
                POSITIONS[(i * 5) % len(POSITIONS)],
                ROLES[i % len(ROLES)],
                Delegation(DELEGATIONS[(i * 3) % len(DELEGATIONS)]),
                b32encode(secrets.token_bytes(16)).decode().rstrip("="),
            )
        )
    return out


def qr_text(registration: Registration) -> str:
    return QR_PREFIX + registration.checkin_code


def baseline_pdf(registrations, *, event) -> bytes:
    """The naive way of DESIGN.md: per badge, qrcode makes a PNG, reportlab reads it and draws it
    with the texts on an A6 page (plain canvas calls, no Paragraphs: a generous baseline)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, **embedded_font_only({"pagesize": BADGE_SIZE}))
    width, height = BADGE_SIZE
    logo = ImageReader(io.BytesIO(event.logo)) if event.logo else None
    for registration in registrations:
        if logo is not None:
            canvas.drawImage(logo, 6 * mm, height - 22 * mm, 16 * mm, 16 * mm, mask="auto", preserveAspectRatio=True)
        canvas.setFont(BOLD, 10)
        canvas.drawCentredString(width / 2 + 9 * mm, height - 15 * mm, event.title[:50])
        canvas.setFont(BOLD, 22)
        canvas.drawCentredString(width / 2, height - 60 * mm, registration.full_name)
        canvas.setFont(REGULAR, 10.5)
        canvas.drawCentredString(width / 2, height - 70 * mm, registration.position)
        canvas.setFont(BOLD, 11)
        canvas.drawCentredString(width / 2, height - 78 * mm, registration.delegation.name)
        code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=4)
        code.add_data(qr_text(registration))
        code.make(fit=True)
        png = io.BytesIO()
        code.make_image().save(png)
        png.seek(0)
        canvas.drawImage(ImageReader(png), (width - 40 * mm) / 2, 19 * mm, 40 * mm, 40 * mm)
        canvas.setFillColor(ROLE_COLOURS[registration.role])
        canvas.rect(0, 0, width, 16 * mm, stroke=0, fill=1)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.setFont(BOLD, 20)
        canvas.drawCentredString(width / 2, 5 * mm, ROLE_LABELS[registration.role])
        canvas.setFillColorRGB(0, 0, 0)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@dataclass
class Timing:
    wall: float  # seconds, what a user waits
    cpu: float  # seconds of this process on a CPU: less sensitive to other programs on the machine


def timed(function, repeats: int) -> list[Timing]:
    times = []
    for _ in range(repeats):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        times.append(Timing(time.perf_counter() - wall, time.process_time() - cpu))
    return times


def best(times: list[Timing], what: str = "wall") -> float:
    return min(getattr(t, what) for t in times)


def median(times: list[Timing], what: str = "wall") -> float:
    return statistics.median(getattr(t, what) for t in times)


def summary(times: list[Timing]) -> str:
    return (
        f"wall best {best(times) * 1000:8.1f} ms  median {median(times) * 1000:8.1f} ms   "
        f"cpu best {best(times, 'cpu') * 1000:8.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and sizes (a smoke run)")
    parser.add_argument("--no-logo", action="store_true", help="events without a logo")
    arguments = parser.parse_args()
    repeats = 3 if arguments.quick else 7
    sizes = [1000, 2000] if arguments.quick else [1000, 2000, 5000, 10000]

    event = make_event(logo=not arguments.no_logo)
    print(f"Raker badge benchmark — {datetime.now().isoformat(timespec='seconds')}")
    print(
        f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(
        f"event logo: {'yes' if event.logo else 'no'}; paper for sheets: {event.paper_size} "
        f"({page_size(event)[0] / mm:.0f} x {page_size(event)[1] / mm:.0f} mm)\n"
    )

    badges = make_registrations(1000)
    badge_pdf(badges[:10], event=event, qr_text_for=qr_text)  # warm up: fonts, version tables
    baseline_pdf(badges[:10], event=event)

    # 1. QR encoders alone, per code.
    texts = [qr_text(r) for r in badges]
    print("QR encoding, 1,000 check-in codes (version 2-M), best of repeats:")
    encoders = [("qr.encode (zxing-cpp → bits)", lambda: [qr.encode(t) for t in texts])]
    try:
        import zxingcpp

        encoders.append(
            (
                "zxing-cpp create_barcode",
                lambda: [zxingcpp.create_barcode(t, zxingcpp.BarcodeFormat.QRCode, ec_level="M") for t in texts],
            )
        )
    except ImportError:
        pass

    def qrcode_lib():
        for t in texts[:200]:
            code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
            code.add_data(t)
            code.make(fit=True)
            code.get_matrix()

    for name, function in encoders:
        fastest = best(timed(function, repeats))
        print(f"  {name:36s} {fastest * 1000:7.1f} ms   {fastest * 1e6 / len(texts):7.1f} µs/code")
    fastest = best(timed(qrcode_lib, max(2, repeats // 2))) * 5
    label = "qrcode (pure Python; 200, x5)"
    print(f"  {label:36s} {fastest * 1000:7.1f} ms   {fastest * 1e6 / len(texts):7.1f} µs/code\n")

    # 2. Side by side, 1,000 badges.
    print("1,000 badges, side by side (same run, same registrations):")
    runs = [("baseline: qrcode PNG per badge, A6", lambda: baseline_pdf(badges, event=event))]
    for layout in ("sheet", "a6", "cr80"):
        runs.append(
            (
                f"ours: layout={layout}",
                lambda layout=layout: badge_pdf(badges, event=event, qr_text_for=qr_text, layout=layout),
            )
        )
    # Interleave the repeats so a busy moment on the machine hits every variant alike.
    times = {name: [] for name, _ in runs}
    for _ in range(repeats):
        for name, function in runs:
            times[name] += timed(function, 1)
    sizes_in_bytes = {name: len(function()) for name, function in runs}
    for name, _ in runs:
        print(f"  {name:36s} {summary(times[name])}   {sizes_in_bytes[name] / 1e6:5.1f} MB")
    base = times[runs[0][0]]
    print("  ratio baseline / ours — wall best, wall median, cpu best:")
    for name, _ in runs[1:]:
        ours = times[name]
        print(
            f"    {name:34s} {best(base) / best(ours):5.1f}x  {median(base) / median(ours):5.1f}x  "
            f"{best(base, 'cpu') / best(ours, 'cpu'):5.1f}x"
        )
    print()

    # 3. Linearity.
    print(
        "Ours, time per badge by batch size (best of repeats; ratio to the per-badge time at "
        f"{sizes[0]:,}, 1.00 = linear):"
    )
    per_badge = {}
    for layout in ("sheet", "a6"):
        for size in sizes:
            batch = make_registrations(size)
            measured = timed(
                lambda: badge_pdf(batch, event=event, qr_text_for=qr_text, layout=layout),
                max(3, repeats * 1000 // size),
            )
            wall, cpu = best(measured) / size, best(measured, "cpu") / size
            per_badge[(layout, size)] = (wall, cpu)
            first_wall, first_cpu = per_badge[(layout, sizes[0])]
            print(
                f"  layout={layout:5s} {size:6,d} badges  wall {best(measured) * 1000:8.1f} ms "
                f"{wall * 1e6:6.1f} µs/badge ({wall / first_wall:4.2f})   cpu {best(measured, 'cpu') * 1000:8.1f} ms "
                f"{cpu * 1e6:6.1f} µs/badge ({cpu / first_cpu:4.2f})"
            )
    print()

    # 4. Memory for the largest batch, each in a fresh process so maxrss is this batch's own.
    print(f"Memory, {sizes[-1]:,} badges (each in a fresh process):")
    for layout in ("sheet", "a6"):
        for flag in ("--maxrss", "--tracemalloc"):
            command = [sys.executable, __file__, flag, layout, str(sizes[-1])]
            if arguments.no_logo:
                command.append("--no-logo")
            print("  " + subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip())


def memory(how: str, layout: str, size: int, logo: bool) -> None:
    event = make_event(logo=logo)
    batch = make_registrations(size)
    badge_pdf(batch[:10], event=event, qr_text_for=qr_text, layout=layout)  # fonts and tables loaded
    gc.collect()
    if how == "--tracemalloc":
        tracemalloc.start()
        pdf = badge_pdf(batch, event=event, qr_text_for=qr_text, layout=layout)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"layout={layout:5s} tracemalloc peak (Python allocations during badge_pdf): {peak / 1e6:6.1f} MB; "
            f"PDF {len(pdf) / 1e6:.1f} MB"
        )
    else:
        before = peak_rss_mb()
        pdf = badge_pdf(batch, event=event, qr_text_for=qr_text, layout=layout)
        after = peak_rss_mb()
        print(
            f"layout={layout:5s} peak RSS {after:6.1f} MB for the whole process (interpreter, libraries, "
            f"{size:,} registrations, the PDF), {after - before:6.1f} MB more than before badge_pdf; "
            f"PDF {len(pdf) / 1e6:.1f} MB"
        )


def peak_rss_mb() -> float:
    """Peak resident memory of this process. VmHWM, because ru_maxrss survives exec on Linux and
    would report the parent's peak in a freshly started child."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] in ("--maxrss", "--tracemalloc"):
        memory(sys.argv[1], sys.argv[2], int(sys.argv[3]), logo="--no-logo" not in sys.argv)
    else:
        main()
