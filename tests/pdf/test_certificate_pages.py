"""Certificates in a batch: what every page prints alike (the border, the kop's lines, the event,
the signature block) is one form XObject drawn once and referenced by each page; what differs
(name, number, QR) is drawn on the page itself."""

from raker.certificates import services as certificates
from tests.scale import ready_certificates, seed_meeting

from .conftest import page_texts, reader, text_positions


def test_a_batch_draws_what_its_pages_share_once(app):
    event = seed_meeting(8)
    ready_certificates(event)
    issued = certificates.issued(event)
    pdf = certificates.render(event, issued, "pdf")
    pages = reader(pdf).pages
    assert len(pages) == len(issued) >= 3
    shared = []
    for page in pages:
        xobjects = page["/Resources"].get("/XObject", {})
        shared.append({x.get_object().indirect_reference.idnum for x in xobjects.values()})
    assert len(shared[0]) >= 5 and all(found == shared[0] for found in shared)  # the same forms on every page
    texts = page_texts(pdf)
    names = [certificate.registration.full_name for certificate in issued]
    for text, name, certificate in zip(texts, names, issued, strict=True):
        assert "SERTIFIKAT" in text and name in text and certificate.number in text
        assert "Pindai untuk memeriksa keaslian" in text


def _documents(count: int, **overrides) -> list:
    from datetime import date

    from raker.certificates.services import CertificateDocument
    from raker.signer import Signer

    return [
        CertificateDocument(
            **{
                "number": f"800/{n:03d}/SERT/ORG",
                "name": f"Peserta Nomor {n:03d}, S.Sos.",
                "id_label": "NIP",
                "nip": "19860926 201505 1 002",
                "position": "Analis Tata Laksana",
                "institution": f"Bagian Organisasi Setda Kabupaten Uji {n:02d}",
                "role": "Peserta",
                "event_title": "Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur",
                "dates": "9–10 Agustus 2021",
                "issuer": "Biro Organisasi Sekretariat Daerah Provinsi Kalimantan Timur",
                "venue": "Gedung Awa Mangkuruku, Tana Paser",
                "hours": 16,
                "place": "Tana Paser",
                "signed_on": date(2021, 8, 10),
                "signer": Signer("Asisten Administrasi Umum", "Dr. H. Aji Sayid Faturrahman, M.Si.", "IV/c"),
                "verify_url": f"https://raker.example/sertifikat/token{n:05d}abcdefghijklmnop",
                "heading": ["PEMERINTAH PROVINSI KALIMANTAN TIMUR"],
                **overrides,
            }
        )
        for n in range(1, count + 1)
    ]


def test_what_differs_per_person_is_drawn_without_a_paragraph_each(meeting, monkeypatch):
    """A batch's cost per certificate is the canvas's: the number, name, NIP, jabatan, instansi and
    token are measured and written as text, not laid out by a Paragraph (and a KeepInFrame and two
    Tables) on every page; the Paragraphs made are the ones the batch shares."""
    from reportlab.platypus import Paragraph

    from raker.pdf.certificate import certificate_pdf

    made = []
    original = Paragraph.__init__

    def counting(self, *args, **kwargs):
        made.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Paragraph, "__init__", counting)
    counts = []
    for size in (2, 20):
        made.clear()
        pdf = certificate_pdf(meeting, _documents(size))
        counts.append(len(made))
        texts = page_texts(pdf)
        assert len(texts) == size
        assert f"Peserta Nomor {size:03d}, S.Sos." in texts[-1] and f"800/{size:03d}/SERT/ORG" in texts[-1]
    assert counts[1] == counts[0]


def test_a_long_name_breaks_as_a_paragraph_would_and_each_line_is_centred(meeting):
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph

    from raker.pdf.certificate import CONTENT_INSET, _styles, certificate_pdf, landscape
    from raker.pdf.fonts import BOLD

    name = "Prof. Dr. Ir. Hj. Andi Nurul Hikmah Rahmawati Saputri Permata Sari Wulandari, S.E., M.Si., M.Kes."
    pdf = certificate_pdf(meeting, _documents(1, name=name, institution="Badan Kepegawaian " * 12))
    width, _ = landscape(meeting)
    style = _styles()["name"]
    paragraph = Paragraph(name, style)
    paragraph.wrap(width - 2 * CONTENT_INSET, 1000)
    expected = [" ".join(words) for _, words in paragraph.blPara.lines]
    assert len(expected) == 2
    runs = text_positions(reader(pdf).pages[0])
    printed = [(text, x) for text, x, _ in runs if text in expected]
    assert [text for text, _ in printed] == expected
    for text, x in printed:
        assert abs(x + stringWidth(text, BOLD, 24) / 2 - width / 2) < 0.01 * mm
    assert "Badan Kepegawaian Badan" in page_texts(pdf)[0]


def test_a_name_with_a_word_wider_than_the_page_or_a_line_break_still_prints_whole(meeting):
    from raker.pdf.certificate import certificate_pdf

    long_word = "W" * 70
    pdf = certificate_pdf(meeting, _documents(2, name=f"Ani {long_word}", position="Kepala Bagian\nTata Laksana"))
    pages = [[line.strip() for line in text.splitlines()] for text in page_texts(pdf)]
    assert len(pages) == 2
    assert long_word in "".join(pages[0])  # split over two lines, as a Paragraph splits it
    assert pages[1][pages[1].index("Kepala Bagian") + 1] == "Tata Laksana"
