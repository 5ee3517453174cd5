"""The signed lists' table (raker.pdf.lists) drawn straight onto the canvas: what is the same on
every page is written once."""

from raker.checkin.attendance import attendance_pdf
from raker.events import services as events

from .conftest import MEETING_DAY, page_texts, reader
from .test_attendance import approved


def test_the_column_header_is_one_form_shared_by_every_page(meeting):
    paser = events.add_delegation(meeting, {"name": "Kabupaten Paser", "region_code": "64.01"})
    for n in range(1, 91):
        approved(meeting, paser, n, full_name=f"Peserta Nomor {n:03d}")
    pdf = attendance_pdf(meeting, MEETING_DAY)
    pages = reader(pdf).pages
    assert len(pages) >= 3
    forms = []
    for page in pages:
        xobjects = page["/Resources"].get("/XObject", {})
        forms.append(
            {
                x.get_object().indirect_reference.idnum
                for x in xobjects.values()
                if x.get_object()["/Subtype"] == "/Form"
            }
        )
    assert len(forms[0]) == 1 and all(found == forms[0] for found in forms)  # one header, referenced on each page
    texts = page_texts(pdf)
    assert [text.count("Tanda Tangan") for text in texts] == [1] * len(texts)
    assert all("Peserta Nomor" in text for text in texts)
