"""The row writer of the streamed sheets (raker.documents.xlsx_lists): a row is written as one XML string,
not through openpyxl's cells, so what openpyxl's cells did for a text is done here — read back with
openpyxl, the cells are what was written."""

import io

from markupsafe import Markup
from openpyxl import load_workbook

from raker.documents.xlsx_lists import table_workbook


def _sheet(rows, **options):
    body = table_workbook(
        sheet_title="Peserta",
        file_title="=Peserta",
        headers=["No", "Teks", "NIP"],
        widths=[5, 30, 24],
        rows=rows,
        text_columns={2},
        **options,
    )
    return load_workbook(io.BytesIO(body))


def test_a_table_reads_back_as_written():
    workbook = _sheet(
        [
            [1, "Budi & <Ani>", "19860926 201505 1 002"],
            [2, " spasi ", ""],
            [3, "x" * 40_000, None],
            [4, "Baris\r\nkedua\tdan tab", "#N/A"],
            [5, 2.5, True],
        ]
    )
    sheet = workbook.active
    assert sheet.title == "Peserta" and sheet.freeze_panes == "A2" and workbook.properties.title == "'=Peserta"
    assert [c.value for c in sheet[1]] == ["No", "Teks", "NIP"]
    assert (
        sheet["A1"].font.b and sheet["A1"].font.color.rgb == "00FFFFFF" and sheet["A1"].fill.fgColor.rgb == "000B4F6C"
    )
    assert [sheet.column_dimensions[c].width for c in "ABC"] == [5, 30, 24]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert values[0] == [1, "Budi & <Ani>", "19860926 201505 1 002"]
    assert values[1] == [2, " spasi ", None]
    assert len(values[2][1]) == 32_767  # Excel's limit, where openpyxl cut it too
    assert values[3] == [4, "Baris\r\nkedua\tdan tab", "#N/A"] and sheet["C5"].data_type == "s"
    assert values[4] == [5, 2.5, True]
    assert all(sheet.cell(row, 3).number_format == "@" for row in range(2, 7))
    assert sheet["B2"].number_format == "General"


def test_the_lists_guard_every_kind_of_text():
    """The daftar hadir's cells pass neutralise() whatever their type: a str subclass too."""
    from raker.documents.xlsx_lists import _row_xml

    xml = _row_xml(7, [(Markup("=HYPERLINK(1)"), None), (5, None), ("+62", None)], {None: ""}, None, False)
    assert "<t>'=HYPERLINK(1)</t>" in xml and "<t>'+62</t>" in xml and "<v>5</v>" in xml
    assert _row_xml(7, [("=1", None)], {None: ""}, None, True).count("'") == 0  # the caller guarded it
