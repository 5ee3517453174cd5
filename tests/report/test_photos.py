"""The lampiran dokumentasi: photos the secretariat uploads, captions, deleting; printed two to a row
in the PDF and the DOCX; refused cleanly when too big, too many, or not a picture."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from raker.auth.services import find_user
from raker.demo import DEMO_TIMEZONE
from raker.extensions import db
from raker.models import AuditLog, ReportPhoto
from raker.report import document, services
from tests.demo_snapshot import seeded_demo
from tests.documents import assert_in_order, docx_text, pdf_pages
from tests.factories import forget_checkins, make_event, make_user
from tests.pdf_samples import tiny_pdf


@pytest.fixture
def meeting(app):
    today = datetime.now(ZoneInfo(DEMO_TIMEZONE)).date()
    event = seeded_demo(today - timedelta(days=1)).event
    forget_checkins(event)  # the counts of pictures below: no arrivals chart from the demo's own check-ins
    return event


@pytest.fixture
def secretariat(app):
    return app.test_client(user=find_user("sekretariat@raker.example"))


def url(event, path=""):
    return f"/admin/events/{event.slug}/laporan{path}"


def jpeg(size=(1200, 800), colour="navy", *, orientation: int | None = None, gps: bool = False) -> bytes:
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "S", 2: (1.0, 53.0, 0.0)}  # GPSInfo: a position in Tana Paser
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes() if (orientation or gps) else b"")
    return out.getvalue()


def upload(client, event, data: bytes, caption: str = "", filename: str = "foto.jpg"):
    return client.post(
        url(event, "/foto"),
        data={"photo": (io.BytesIO(data), filename), "caption": caption},
        content_type="multipart/form-data",
    )


def photo_count(event) -> int:
    return db.session.scalar(select(func.count()).select_from(ReportPhoto).where(ReportPhoto.event_id == event.id))


def pdf_images(data: bytes) -> list[int]:
    return [len(page.images) for page in PdfReader(io.BytesIO(data)).pages]


def test_photos_printed_two_to_a_row_with_captions(meeting, secretariat):
    captions = ["Pembukaan oleh Asisten Administrasi Umum", "Paparan SiNovik", "Sidang Komisi A"]
    for index, caption in enumerate(captions):
        response = upload(secretariat, meeting, jpeg(colour=("navy", "maroon", "green")[index]), caption)
        assert response.status_code == 302
    pdf = document.render(meeting, "pdf")
    pages = pdf_pages(pdf)
    images = pdf_images(pdf)  # the demo has no logo: every image is a photo
    assert sum(images) == 3 and len([n for n in images if n]) == 1  # on one page: two rows of two
    photo_page = pages[images.index(3)]
    assert_in_order(photo_page, ["LAMPIRAN I LAPORAN PELAKSANAAN", "DOKUMENTASI KEGIATAN", *captions])
    text = " ".join(pages)
    assert_in_order(text, ["IX. PENUTUP", "DOKUMENTASI KEGIATAN", "LAMPIRAN II LAPORAN PELAKSANAAN: RUMUSAN"])
    # Two to a row: the first two side by side, the third under the first.
    reader = PdfReader(io.BytesIO(pdf))
    placed = []
    page = reader.pages[images.index(3)]
    page.extract_text(
        visitor_text=lambda t, cm, tm, font, size: (
            t.strip() in captions
            and placed.append((t.strip(), round(tm[4] * cm[0] + cm[4]), round(tm[5] * cm[3] + cm[5])))
        )
    )
    where = {caption: (x, y) for caption, x, y in placed}
    assert where[captions[0]][1] == where[captions[1]][1] and where[captions[0]][0] < where[captions[1]][0]
    assert where[captions[2]][1] < where[captions[0]][1]
    docx = document.render(meeting, "docx")
    shapes = Document(io.BytesIO(docx)).inline_shapes
    assert len(shapes) == 1 + 3  # the attendance chart (nobody checked in: no arrivals chart) and the photos
    assert_in_order(docx_text(docx), ["IX. PENUTUP", "DOKUMENTASI KEGIATAN", *captions, "RUMUSAN"])


def test_photo_stored_upright_small_and_without_exif(meeting, secretariat):
    phone = jpeg((3000, 2000), orientation=6, gps=True)
    assert upload(secretariat, meeting, phone, "Foto dari ponsel").status_code == 302
    photo = db.session.scalar(select(ReportPhoto).where(ReportPhoto.event_id == meeting.id))
    with Image.open(io.BytesIO(photo.data)) as stored:
        assert stored.format == "JPEG" and stored.size == (photo.width, photo.height)
        assert (photo.width, photo.height) == (1067, 1600)  # turned upright (EXIF 6), long side 1600
        assert not stored.getexif()  # no GPS position, no orientation left to apply twice
    assert photo.size == len(photo.data) < 200_000


def test_caption_edit_and_delete(meeting, secretariat):
    upload(secretariat, meeting, jpeg(), "Salah ketik")
    photo = db.session.scalar(select(ReportPhoto).where(ReportPhoto.event_id == meeting.id))
    assert secretariat.post(url(meeting, f"/foto/{photo.id}"), data={"caption": "Rapat pleno"}).status_code == 302
    db.session.expire_all()  # saved by the request's own session
    assert "Rapat pleno" in " ".join(pdf_pages(document.render(meeting, "pdf")))
    page = secretariat.get(url(meeting, "/")).get_data(as_text=True)
    assert url(meeting, f"/foto/{photo.id}.jpg") in page and 'value="Rapat pleno"' in page
    image = secretariat.get(url(meeting, f"/foto/{photo.id}.jpg"))
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert secretariat.post(url(meeting, f"/foto/{photo.id}/hapus")).status_code == 302
    assert photo_count(meeting) == 0
    assert sum(pdf_images(document.render(meeting, "pdf"))) == 0
    assert "DOKUMENTASI KEGIATAN" not in " ".join(pdf_pages(document.render(meeting, "pdf")))
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.action.like("report.photo%"))).all()
    assert sorted(actions) == ["report.photo_add", "report.photo_delete", "report.photo_edit"]


def big_png_header(width: int, height: int) -> bytes:
    """A small file that declares a huge picture (a decompression bomb)."""
    import struct
    import zlib

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "data, message",
    [
        (tiny_pdf(), "Foto harus berkas gambar JPEG atau PNG"),
        (b"GIF89a" + b"\x00" * 100, "Foto harus berkas gambar JPEG atau PNG"),
        (big_png_header(20000, 20000), "Foto terlalu besar dalam piksel"),
        (b"", "Pilih berkas foto"),
    ],
)
def test_bad_uploads_refused_with_message(meeting, secretariat, data, message):
    response = upload(secretariat, meeting, data, "Foto")
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert photo_count(meeting) == 0


def test_gif_refused_even_when_pillow_reads_it(meeting, secretariat):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "GIF")
    response = upload(secretariat, meeting, out.getvalue(), "Foto", filename="foto.gif")
    assert response.status_code == 400 and "JPEG atau PNG" in response.get_data(as_text=True)


def test_too_large_a_file_is_refused_without_reading_it_all(meeting, secretariat):
    class Counting(io.BytesIO):
        read_sizes: list = []

        def read(self, size=-1):
            self.read_sizes.append(size)
            return super().read(size)

    stream = Counting(b"\xff" * (services.MAX_PHOTO_BYTES + 5000))
    with pytest.raises(services.PhotoRefused, match="maksimal 10 MB"):
        services.read_upload(stream)
    assert stream.read_sizes == [services.MAX_PHOTO_BYTES + 1]
    from werkzeug.test import encode_multipart

    # The body built in memory: werkzeug's test client spools a big upload to a file it never closes.
    boundary, body = encode_multipart(
        {"photo": FileStorage(io.BytesIO(b"\xff" * (services.MAX_PHOTO_BYTES + 1)), "besar.jpg"), "caption": "Besar"}
    )
    response = secretariat.post(
        url(meeting, "/foto"), data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 400 and "maksimal 10 MB" in response.get_data(as_text=True)
    assert photo_count(meeting) == 0


def test_a_long_caption_and_the_thirteenth_photo_are_refused(meeting, secretariat):
    response = upload(secretariat, meeting, jpeg(), "x" * (services.MAX_CAPTION + 1))
    assert response.status_code == 400 and "Keterangan foto terlalu panjang" in response.get_data(as_text=True)
    for n in range(services.MAX_PHOTOS):  # each its own picture (reportlab stores one copy of identical ones)
        services.add_photo(meeting, jpeg((64, 48), (20 * n, 100, 200)), f"Foto {n + 1}")
    response = upload(secretariat, meeting, jpeg((64, 48)), "Satu lagi")
    assert response.status_code == 400 and "Paling banyak 12 foto" in response.get_data(as_text=True)
    assert photo_count(meeting) == services.MAX_PHOTOS
    pdf = document.render(meeting, "pdf")
    assert sum(pdf_images(pdf)) == services.MAX_PHOTOS
    assert len(Document(io.BytesIO(document.render(meeting, "docx"))).inline_shapes) == 1 + services.MAX_PHOTOS


def test_photos_are_per_meeting_and_per_secretariat(app, meeting, secretariat):
    other = make_event(slug="rapat-lain")
    photo = services.add_photo(other, jpeg(), "Rapat lain")
    assert secretariat.get(url(meeting, f"/foto/{photo.id}.jpg")).status_code == 404
    assert secretariat.post(url(meeting, f"/foto/{photo.id}/hapus")).status_code == 404
    assert secretariat.post(url(meeting, f"/foto/{photo.id}"), data={"caption": "x"}).status_code == 404
    for role in ("petugas", "notulis"):
        client = app.test_client(user=make_user(role))
        assert client.get(url(other, f"/foto/{photo.id}.jpg")).status_code == 403
        assert upload(client, other, jpeg(), "x").status_code == 403
    assert photo_count(other) == 1 and "Rapat lain" not in " ".join(pdf_pages(document.render(meeting, "pdf")))


def test_photos_go_with_their_meeting_and_stay_when_a_participant_is_erased(meeting):
    """Photos are of the meeting, not of a person: erasing a registration leaves them; deleting the
    meeting takes them (ON DELETE CASCADE)."""
    from raker.models import Event, Registration
    from raker.registration import privacy

    services.add_photo(meeting, jpeg(), "Peserta di ruang pleno")
    someone = db.session.scalar(select(Registration).where(Registration.event_id == meeting.id).limit(1))
    privacy.anonymise(someone)
    assert photo_count(meeting) == 1
    other = make_event(slug="rapat-dihapus")
    services.add_photo(other, jpeg(), "Rapat yang dihapus")
    db.session.delete(db.session.get(Event, other.id))
    db.session.commit()
    assert photo_count(other) == 0 and photo_count(meeting) == 1


@pytest.mark.parametrize("mode, kind", [("RGBA", "PNG"), ("P", "PNG"), ("L", "PNG"), ("CMYK", "JPEG")])
def test_other_picture_modes_stored_as_rgb_jpeg(meeting, mode, kind):
    out = io.BytesIO()
    Image.new(mode, (300, 200)).save(out, kind)
    photo = services.add_photo(meeting, out.getvalue(), f"{kind} {mode}")
    with Image.open(io.BytesIO(photo.data)) as stored:
        assert (stored.format, stored.mode, stored.size) == ("JPEG", "RGB", (300, 200))
