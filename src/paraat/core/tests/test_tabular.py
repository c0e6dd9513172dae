"""The one spreadsheet reader: every encoding and delimiter officials use, and no bytes crash it."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from django.utils import translation

from paraat.core import tabular


def xlsx(rows, merge=None, title="Blad1") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def texts(book, sheet=0):
    return [[tabular.cell_text(c) for c in row.cells] for row in book.sheets[sheet].rows]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_csv_delimiters_and_encodings(delimiter, encoding):
    text = delimiter.join(["Nr", "Actiepunt", "Toelichting"]) + "\r\n"
    text += delimiter.join(["1.1", "Café inrichten", "één, twee"]) + "\r\n"
    if delimiter == ",":
        text = text.replace("één, twee", '"één, twee"')
    book = tabular.read(text.encode(encoding), "lijst.csv")
    assert book.problems == []
    assert texts(book) == [
        ["Nr", "Actiepunt", "Toelichting"],
        ["1.1", "Café inrichten", "één, twee"],
    ]


def test_xlsx_rows_keep_types_and_numbers_and_merged_cells_read_top_left():
    data = xlsx(
        [["Titel"], ["Nr", "Gereed", "Aantal"], ["1", dt.datetime(2026, 3, 1), 3.0]],
        merge="A1:C1",
    )
    book = tabular.read(data, "lijst.xlsx")
    assert book.problems == []
    rows = book.sheets[0].rows
    assert [r.number for r in rows] == [1, 2, 3]
    assert rows[0].cells[0] == "Titel" and rows[0].filled == [0]
    assert rows[2].text(1) == "01-03-2026"
    assert rows[2].text(2) == "3"
    assert rows[2].value(9) is None


def test_a_formula_is_marked_not_computed_in_xlsx_and_csv_and_a_neutralised_one_is_text():
    book = tabular.read(xlsx([["Nr", "Actie"], ["=A1&B1", "x"]]), "f.xlsx")
    cell = book.sheets[0].rows[1].cells[0]
    assert isinstance(cell, tabular.Formula) and cell == "=A1&B1"
    book = tabular.read(b"Nr;Actie\n=A1&B1;x\n'=SOM(1);y\n", "f.csv")
    rows = book.sheets[0].rows
    assert isinstance(rows[1].cells[0], tabular.Formula)
    assert rows[2].cells[0] == "=SOM(1)" and not isinstance(rows[2].cells[0], tabular.Formula)


def test_nul_byte_is_a_problem_with_row_and_column_not_an_exception():
    book = tabular.read(b"Nr;Actie\n1.1;Oefen\x00en\n", "nul.csv")
    assert [(p.row, p.column) for p in book.problems] == [(2, "B")]
    with translation.override("nl"):
        assert str(book.problems[0]).startswith("blad “nul.csv”, rij 2, kolom B: ")
        assert "stuurteken" in str(book.problems[0])


def test_a_cell_longer_than_the_csv_limit_is_a_problem():
    book = tabular.read(b"Nr;Actie\n1;" + b"x" * 200_000 + b"\n", "lang.csv")
    assert len(book.problems) == 1
    assert book.problems[0].row == 2


def test_a_cell_longer_than_excel_allows_is_a_problem():
    book = tabular.read(b"Nr;Actie\n1;" + b"x" * 40_000 + b"\n", "lang.csv")
    assert [(p.row, p.column) for p in book.problems] == [(2, "B")]


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 not really a zip",
        b"",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old .xls",
        b"Nr;Actie\n1;x\n",
    ],
)
def test_broken_workbooks_are_one_problem(data):
    book = tabular.read(data, "kapot.xlsx")
    assert book.sheets == []
    assert len(book.problems) == 1 and book.problems[0].sheet == "kapot.xlsx"


def test_a_truncated_workbook_is_a_problem():
    data = xlsx([["Nr", "Actie"]] + [[str(i), "tekst " * 20] for i in range(300)])
    for cut in (len(data) // 3, len(data) // 2, len(data) - 30):
        book = tabular.read(data[:cut], "half.xlsx")
        assert book.problems, cut


def test_empty_files_and_sheets_have_no_rows_and_no_problems():
    assert texts(tabular.read(b"", "leeg.csv")) == []
    book = tabular.read(xlsx([]), "leeg.xlsx")
    assert book.problems == [] and book.sheets[0].rows == []


def test_other_extensions_are_refused():
    book = tabular.read(b"%PDF-1.4", "lijst.pdf")
    assert len(book.problems) == 1


def test_find_header_by_words_below_title_rows():
    book = tabular.read(b"Titel\n\nNummer;Omschrijving;Wie\n1;x;gemeente\n", "l.csv")
    sheet = book.sheets[0]
    names = {"nummer": "number", "omschrijving": "text", "wie": "owner"}
    header = tabular.find_header(
        sheet, match=lambda c: names.get(tabular.normalise(c)), required=["number", "text"]
    )
    assert header.index == 2 and header.row.number == 3
    assert header.columns == {"number": 0, "text": 1, "owner": 2}
    assert header.label("owner") == "C (Wie)"
    assert [r.number for r in sheet.rows_after(header)] == [4]
    assert tabular.find_header(sheet, match=lambda c: None, required=["number"]) is None
