"""Support-point files are read by the one reader (paraat.core.tabular): its rules hold here."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from paraat.supportpoints.files import ImportRefused, read_table


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_in_every_delimiter_and_encoding(delimiter, encoding):
    text = delimiter.join(["Type", "Naam", "Gemeente", "Adres"]) + "\r\n"
    text += delimiter.join(["L-NSP", "Dorpshuis Aé", "Aadorp", "Kerkstraat 1"]) + "\r\n"
    table = read_table(SimpleUploadedFile("punten.csv", text.encode(encoding)))
    assert table.header == ["Type", "Naam", "Gemeente", "Adres"]
    assert table.rows == [(2, ["L-NSP", "Dorpshuis Aé", "Aadorp", "Kerkstraat 1"])]


@pytest.mark.parametrize(
    ("data", "row", "column"),
    [
        (b"Type;Naam\nL-NSP;=HYPERLINK(1)\n", 2, "B"),
        (b"Type;Naam\nL-NSP;Dorps\x00huis\n", 2, "B"),
        (b"Type;Naam\nL-NSP;" + b"x" * 200_000 + b"\n", 2, ""),
    ],
)
def test_formulas_and_bad_bytes_refuse_the_file_with_row_and_column(data, row, column):
    with pytest.raises(ImportRefused) as refused:
        read_table(SimpleUploadedFile("punten.csv", data))
    assert [(p.row, p.column) for p in refused.value.problems] == [(row, column)]


def test_broken_workbook_is_refused_not_raised():
    with pytest.raises(ImportRefused) as refused:
        read_table(SimpleUploadedFile("punten.xlsx", b"PK\x03\x04kapot"))
    assert len(refused.value.problems) == 1
