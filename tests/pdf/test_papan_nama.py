"""Papan nama meja: who gets a tent (the agenda's narasumber and moderators, each delegation's head,
names typed in), and the tent as it is folded: the text on both halves, the upper one turned 180°,
each name in one size that fits the face's width (measured with reportlab's stringWidth from the
PDF's own text positions), never a word split; PDF and DOCX, from the participants page and the CLI."""

import io

from docx import Document
from reportlab.pdfbase.pdfmetrics import stringWidth

from raker.agenda import papan_nama
from raker.agenda import services as agenda
from raker.events import services as events
from raker.extensions import db
from raker.letters import LetterRefused
from raker.pdf.fonts import BOLD
from raker.pdf.papan_nama import SIDE_MARGIN
from tests.documents import docx_lines, flat
from tests.factories import make_user

from .conftest import MEETING_DAY, page_texts, reader
from .test_attendance import approved
from .test_attendance_official import session

LONG_NAME = "Prof. Dr. Ir. Hj. Andi Nurhayati Syamsuddin, M.Eng., Ph.D."


def seated(meeting):
    """Paser: Budi (III/a) and Dewi (IV/a, the head); Samarinda: Ahmad (III/a) and Rina (III/d, the head);
    Budi speaks twice (narasumber and moderator), an outside narasumber, one who declined, and one in
    a cancelled session."""
    paser = events.add_delegation(meeting, {"name": "Kabupaten Paser", "region_code": "64.01"})
    samarinda = events.add_delegation(meeting, {"name": "Kota Samarinda", "region_code": "64.72"})
    people = {
        "budi": approved(meeting, paser, 1, full_name="Budi Santoso, M.Si.", rank="III/a"),
        "dewi": approved(meeting, paser, 2, full_name="Dewi Lestari, S.H.", rank="IV/a"),
        "ahmad": approved(meeting, samarinda, 3, full_name="Ahmad Fauzi, S.Sos.", rank="III/a"),
        "rina": approved(meeting, samarinda, 4, full_name="Rina Marlina", rank="III/d"),
    }
    first = session(meeting, "Paparan Kebijakan", MEETING_DAY, (9, 0), (10, 0), kind="paparan")
    second = session(meeting, "Sidang Komisi I", MEETING_DAY, (10, 0), (12, 0))
    dropped = session(meeting, "Sesi Batal", MEETING_DAY, (13, 0), (14, 0), cancelled=True)
    agenda.add_person(first, {"role": "moderator", "registration_id": people["budi"].id})
    agenda.add_person(first, {"role": "narasumber", "name": LONG_NAME, "institution": "Kementerian PANRB"})
    agenda.add_person(second, {"role": "narasumber", "registration_id": people["budi"].id})
    declined = agenda.add_person(second, {"role": "narasumber", "name": "Tidak Datang"})
    declined.confirmation = "declined"
    agenda.add_person(dropped, {"role": "narasumber", "name": "Sesi Dibatalkan"})
    db.session.commit()
    return people


def test_speakers_then_delegation_heads_then_typed_names(meeting):
    seated(meeting)
    extra = papan_nama.parse_extra("Drs. H. Ahmad Yani, M.Si. | Pimpinan Sidang\n\n  Ir. Siti Aminah  \n")
    tents = papan_nama.build(meeting, extra=extra).tents
    assert [(t.name, t.detail, t.role) for t in tents] == [
        ("Budi Santoso, M.Si.", "Bagian Organisasi Setda Kabupaten Paser", "Narasumber"),  # once, narasumber wins
        (LONG_NAME, "Kementerian PANRB", "Narasumber"),
        ("Dewi Lestari, S.H.", "Kabupaten Paser", "Ketua Delegasi"),  # IV/a over III/a
        ("Rina Marlina", "Kota Samarinda", "Ketua Delegasi"),
        ("Drs. H. Ahmad Yani, M.Si.", "Pimpinan Sidang", ""),
        ("Ir. Siti Aminah", "", ""),
    ]
    only_heads = papan_nama.build(meeting, **papan_nama.options({"speakers": "0"})).tents
    assert [t.name for t in only_heads] == ["Dewi Lestari, S.H.", "Rina Marlina"]


def test_a_head_on_the_speakers_table_gets_one_tent(meeting):
    people = seated(meeting)
    people["budi"].rank = "IV/c"
    db.session.commit()
    names = [t.name for t in papan_nama.build(meeting).tents]
    assert names.count("Budi Santoso, M.Si.") == 1 and "Dewi Lestari, S.H." not in names


def test_refusals(meeting):
    for text, message in (
        ("| tanpa nama", "tanpa nama"),
        ("x" * 201, "terlalu panjang"),
        ("\n".join(f"Nama {n}" for n in range(101)), "Paling banyak"),
    ):
        try:
            papan_nama.parse_extra(text)
        except LetterRefused as error:
            assert error.status == 400 and message in error.message
        else:
            raise AssertionError(text)
    try:
        papan_nama.build(meeting)  # nobody yet
    except LetterRefused as error:
        assert "Belum ada nama" in error.message
    else:
        raise AssertionError("an empty set of tents")


def chunks(pdf: bytes, page: int) -> list[tuple[str, float, float, float, bool]]:
    """(text, x, y, size, turned) of each piece of text on a page, from the PDF's text matrices."""
    out = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            a = tm[0] * cm[0] + tm[1] * cm[2]
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            out.append((text.strip(), x, y, abs(size * a), a < 0))

    reader(pdf).pages[page].extract_text(visitor_text=visit)
    return out


def test_each_tent_has_the_name_on_both_halves_fitting_the_face(meeting):
    seated(meeting)
    pdf = papan_nama.export(meeting, "pdf", extra=papan_nama.parse_extra("Ir. Siti Aminah | Pimpinan Sidang"))
    pages = page_texts(pdf)
    tents = papan_nama.build(meeting).tents
    assert len(pages) == len(tents) + 1
    width, height = (float(v) for v in reader(pdf).pages[0].mediabox.upper_right)
    assert width > height  # landscape: the fold runs along the long side
    sizes = set()
    for number, tent in enumerate([*tents, papan_nama.TableTent("Ir. Siti Aminah", "Pimpinan Sidang", "")]):
        assert flat(pages[number]).count(flat(tent.name).split()[0]) >= 2
        names = [c for c in chunks(pdf, number) if c[0] in tent.name and c[3] > 20]
        lower = [c for c in names if not c[4]]
        upper = [c for c in names if c[4]]
        # Both faces carry the whole name, word for word, the upper one turned (its x runs leftward).
        assert " ".join(c[0] for c in lower) == tent.name == " ".join(c[0] for c in upper)
        for text, x, y, size, turned in names:
            drawn = stringWidth(text, BOLD, size)
            left, right = (x - drawn, x) if turned else (x, x + drawn)
            assert left >= SIDE_MARGIN - 0.5 and right <= width - SIDE_MARGIN + 0.5, (text, left, right)
            assert (y > height / 2) == turned  # the turned copy is on the upper half
            sizes.add(round(size, 1))
    assert len(sizes) == 1 and sizes.pop() >= 40  # one size for the set, large enough to read across a table
    long_lines = [c[0] for c in chunks(pdf, 1) if not c[4] and c[3] > 20 and c[0] in LONG_NAME]
    assert len(long_lines) == 2 and " ".join(long_lines) == LONG_NAME  # wrapped at a space, no word split


def test_docx_has_each_tent_on_its_own_page_text_below_picture_above(meeting):
    seated(meeting)
    data = papan_nama.export(meeting, "docx")
    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    assert section.page_width > section.page_height
    table = doc.tables[0]
    tents = papan_nama.build(meeting).tents
    assert len(table.rows) == 2 * len(tents)
    assert sum(row.height for row in table.rows[:2]) <= section.page_height - section.top_margin - section.bottom_margin
    assert len(doc.inline_shapes) == len(tents)  # each upper face a picture
    lines = [flat(line) for line in docx_lines(data)]
    assert lines[:3] == ["NARASUMBER", "Budi Santoso, M.Si.", "Bagian Organisasi Setda Kabupaten Paser"]
    assert "Dewi Lestari, S.H." in lines and "KETUA DELEGASI" in lines


def test_from_the_participants_page_and_the_cli(app, meeting, tmp_path):
    seated(meeting)
    secretariat = app.test_client(user=make_user("sekretariat", "papan@uji.raker.example"))
    html = secretariat.get(f"/admin/events/{meeting.slug}/participants").get_data(as_text=True)
    url = f"/admin/events/{meeting.slug}/attendance/papan-nama"
    assert f"{url}.pdf" in html and f"{url}.docx" in html
    response = secretariat.post(f"{url}.pdf", data={"form": "1", "heads": "1", "extra": "Ir. Siti Aminah | MC"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = flat(" ".join(page_texts(response.data)))
    assert "Ir. Siti Aminah" in text and "Dewi Lestari" in text and "Budi Santoso" not in text  # speakers unticked
    assert secretariat.get(f"{url}.docx").status_code == 200
    assert secretariat.post(f"{url}.pdf", data={"form": "1", "extra": "|x"}).status_code == 400
    assert app.test_client(user=make_user("petugas", "pintu@uji.raker.example")).get(f"{url}.pdf").status_code == 403

    names = tmp_path / "tambahan.txt"
    names.write_text("Drs. H. Ahmad Yani, M.Si. | Pimpinan Sidang\n", encoding="utf-8")
    runner = app.test_cli_runner()
    for fmt in ("pdf", "docx"):
        output = tmp_path / f"papan.{fmt}"
        result = runner.invoke(
            args=[
                "export",
                "papan-nama",
                "--event",
                meeting.slug,
                "--format",
                fmt,
                "--no-heads",
                "--extra",
                str(names),
                "-o",
                str(output),
            ]
        )
        assert result.exit_code == 0, result.output
    text = flat(" ".join(page_texts((tmp_path / "papan.pdf").read_bytes())))
    assert "Ahmad Yani" in text and "Budi Santoso" in text and "Dewi Lestari" not in text


def test_a_long_office_wraps_at_spaces_within_the_face(meeting):
    from raker.pdf.fonts import REGULAR

    office = (
        "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah Provinsi Kalimantan Timur, Bidang Pemerintahan "
        "dan Pembangunan Manusia, Sub Bidang Aparatur"
    )
    pdf = papan_nama.export(
        meeting, "pdf", speakers=False, heads=False, extra=papan_nama.parse_extra(f"Ir. Siti Aminah | {office}")
    )
    width = float(reader(pdf).pages[0].mediabox.upper_right[0])
    pieces = [c for c in chunks(pdf, 0) if not c[4] and c[0] in office]
    assert len(pieces) == 2 and " ".join(c[0] for c in pieces) == office
    for text, x, _y, size, _turned in pieces:
        assert SIDE_MARGIN - 0.5 <= x and x + stringWidth(text, REGULAR, size) <= width - SIDE_MARGIN + 0.5
        assert size >= 12
