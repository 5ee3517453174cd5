"""Certificates in a batch: what every page prints alike (the border, the kop's lines, the event,
the signature block) is one form XObject drawn once and referenced by each page; what differs
(name, number, QR) is drawn on the page itself."""

from raker.certificates import services as certificates
from tests.scale import ready_certificates, seed_meeting

from .conftest import page_texts, reader


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
