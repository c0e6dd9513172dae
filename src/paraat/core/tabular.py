"""One reader for every spreadsheet Paraat imports (XLSX and CSV): it never raises on a file.

Every import (action lists, support points, and later bulk invitations and progress) reads its
upload here, so one set of rules holds everywhere:

    book = tabular.read(data, filename)        # never raises; book.problems says what went wrong
    for sheet in book.sheets:
        header = tabular.find_header(sheet, match=my_field_of, required={"number", "text"})
        for row in sheet.rows_after(header):  # Row(sheet, number, cells)
            value = row.value(header.columns["number"])   # raw: str, int, float, date, Formula
            text = tabular.cell_text(value)

- XLSX (and XLSM): every worksheet, streamed (read-only); merged cells read as their top-left
  value with the others empty; a formula is returned as `Formula("=A1&B1")`, never computed, so
  an import refuses it where it expects a value (`Formula` is truthy text-like but not `str`).
- CSV (and TXT): UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252; the delimiter
  (`;`, `,` or tab) is the one that splits the first lines most consistently; a text cell that
  starts with `=` is a formula too (Excel would run it); an apostrophe written by
  `paraat.core.spreadsheets.neutralise` is removed again.
- Bad bytes (a broken zip, an old .xls, NUL bytes, a cell longer than `MAX_CELL_CHARS`, more
  than `MAX_ROWS` rows or `MAX_COLUMNS` columns, undecodable text) become `Problem`s with sheet,
  row, column letter and value, in Dutch by default, instead of exceptions.

The reader knows nothing about the meaning of columns; `find_header` finds the header row by its
words through a caller's `match(cell) -> field | None`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from paraat.core.spreadsheets import unneutralise

MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_ROWS = 20_000  # per sheet
MAX_COLUMNS = 200
HEADER_SEARCH_ROWS = 15
CSV_DELIMITERS = (";", ",", "\t")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class Formula(str):
    """A cell holding a formula ("=A1&B1"): shown as its text, refused where a value is needed."""

    __slots__ = ()


@dataclass
class Problem:
    """One thing wrong in a file: where (sheet, row, column), the value found, and why."""

    sheet: str
    row: int | None
    column: str  # "C (Gereed)", a column label, or "" for a whole row or sheet
    value: str
    message: str

    def __str__(self) -> str:
        where = _("sheet “%(sheet)s”") % {"sheet": self.sheet}
        if self.row:
            where += ", " + _("row %(row)s") % {"row": self.row}
        if self.column:
            where += ", " + _("column %(column)s") % {"column": self.column}
        text = f"{where}: {self.message}"
        if self.value:
            text += " " + _("(found: “%(value)s”)") % {"value": shorten(self.value)}
        return text


@dataclass
class Row:
    sheet: str
    number: int  # 1-based, as the spreadsheet program shows it
    cells: list

    def value(self, index: int | None):
        """The raw cell value at a column index (None when the row is shorter or index is None)."""
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]

    def text(self, index: int | None, *, keep_lines: bool = False) -> str:
        return cell_text(self.value(index), keep_lines=keep_lines)

    @property
    def filled(self) -> list[int]:
        """Indexes of the cells that hold something."""
        return [i for i, cell in enumerate(self.cells) if cell_text(cell)]


@dataclass
class Sheet:
    name: str
    rows: list[Row] = field(default_factory=list)  # every row read, empty ones included

    def rows_after(self, header: Header | None) -> list[Row]:
        if header is None:
            return list(self.rows)
        return self.rows[header.index + 1 :]


@dataclass
class Header:
    index: int  # position in Sheet.rows
    row: Row
    columns: dict[str, int]  # field → column index

    def label(self, name: str) -> str:
        """ "C (Gereed)": the column letter and its header text, for problems."""
        index = self.columns[name]
        label = self.row.text(index)
        return f"{column_letter(index)} ({shorten(label, 40)})" if label else column_letter(index)


@dataclass
class Book:
    filename: str
    sheets: list[Sheet] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# --- helpers -------------------------------------------------------------------------------------


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def normalise(value) -> str:
    """Lower case, accents removed, punctuation turned into spaces ('#' is kept)."""
    text = unicodedata.normalize("NFKD", str(value or ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^\w#]+", " ", text)
    return " ".join(text.split())


def shorten(text: str, limit: int = 80) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cell_text(value, *, keep_lines: bool = False) -> str:
    """A cell as text: numbers without '.0', dates as dd-mm-yyyy, whitespace tidied."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        value = int(value) if value.is_integer() else format(value, "g")
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    if keep_lines:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        return "\n".join(line for line in lines if line).strip()
    return " ".join(text.split())


def find_header(
    sheet: Sheet,
    *,
    match: Callable[[object], str | None],
    required: Iterable[str],
    minimum: int = 1,
    search_rows: int = HEADER_SEARCH_ROWS,
) -> Header | None:
    """The first row (of the first `search_rows`) naming every required field and ≥ `minimum`.

    `match(cell)` returns the field a header cell names, or None; the first column naming a
    field wins.
    """
    required = tuple(required)
    for index, row in enumerate(sheet.rows[:search_rows]):
        columns: dict[str, int] = {}
        for col, cell in enumerate(row.cells):
            if isinstance(cell, Formula):
                continue
            name = match(cell)
            if name and name not in columns:
                columns[name] = col
        if all(name in columns for name in required) and len(columns) >= minimum:
            return Header(index, row, columns)
    return None


# --- reading -------------------------------------------------------------------------------------


def read(data: bytes, filename: str) -> Book:
    """Every sheet of an XLSX or CSV file and every problem with its bytes; never raises."""
    book = Book(filename=filename)
    name = (filename or "").lower()
    try:
        if name.endswith((".csv", ".txt")):
            _read_csv(data, book)
        elif name.endswith((".xlsx", ".xlsm")):
            _read_xlsx(data, book)
        else:
            book.problems.append(
                Problem(filename, None, "", "", _("Only .xlsx and .csv files can be imported."))
            )
    except Exception:  # a reader library failing on strange bytes is a problem, not a crash
        book.sheets = []
        book.problems.append(
            Problem(filename, None, "", "", _("The file could not be read; it may be damaged."))
        )
    return book


def _check_cell(book: Book, sheet: str, number: int, col: int, value):
    """The value to keep (formula-marked, apostrophe removed); problems for bad content."""
    if isinstance(value, str) and not isinstance(value, Formula):
        if len(value) > MAX_CELL_CHARS:
            book.problems.append(
                Problem(
                    sheet,
                    number,
                    column_letter(col),
                    shorten(value, 40),
                    _("The cell holds more than %(count)s characters.") % {"count": MAX_CELL_CHARS},
                )
            )
            return value[:MAX_CELL_CHARS]
        if _CONTROL.search(value):
            book.problems.append(
                Problem(
                    sheet,
                    number,
                    column_letter(col),
                    shorten(_CONTROL.sub("?", value), 40),
                    _("The cell holds a control character (such as a NUL byte)."),
                )
            )
            return _CONTROL.sub("", value)
        return unneutralise(value)
    return value


def _limit_problems(book: Book, sheet: str, number: int, width: int) -> bool:
    """Problems for too many rows or columns; True when reading must stop."""
    if number > MAX_ROWS:
        book.problems.append(
            Problem(
                sheet,
                number,
                "",
                "",
                _("The sheet has more than %(count)s rows.") % {"count": MAX_ROWS},
            )
        )
        return True
    if width > MAX_COLUMNS:
        book.problems.append(
            Problem(
                sheet,
                number,
                column_letter(MAX_COLUMNS),
                "",
                _("The row has more than %(count)s columns.") % {"count": MAX_COLUMNS},
            )
        )
        return True
    return False


def _read_xlsx(data: bytes, book: Book) -> None:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # a broken zip, an old .xls, a CSV named .xlsx: openpyxl raises many kinds
        book.problems.append(
            Problem(
                book.filename,
                None,
                "",
                "",
                _("The file is not a readable Excel workbook (.xlsx)."),
            )
        )
        return
    try:
        for worksheet in workbook.worksheets:
            sheet = Sheet(str(worksheet.title))
            book.sheets.append(sheet)
            if not hasattr(worksheet, "iter_rows"):  # a chart sheet
                continue
            for number, cells in enumerate(worksheet.iter_rows(), start=1):
                values = []
                for col, cell in enumerate(cells):
                    if col > MAX_COLUMNS:
                        break
                    value = getattr(cell, "value", None)
                    if getattr(cell, "data_type", None) == "f" and isinstance(value, str):
                        value = Formula(value if value.startswith("=") else "=" + value)
                    elif value is not None and not isinstance(
                        value, str | int | float | bool | dt.date | dt.time | dt.timedelta
                    ):  # array formulas, rich text, errors
                        value = Formula(str(getattr(value, "text", value)))
                    values.append(_check_cell(book, sheet.name, number, col, value))
                while values and values[-1] in (None, ""):
                    values.pop()
                if _limit_problems(book, sheet.name, number, len(values)):
                    break
                sheet.rows.append(Row(sheet.name, number, values))
    finally:
        workbook.close()


def _decode(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most, most consistent columns."""
    lines = text.splitlines()[:20]
    best, best_score = ";", (-1, -1)
    for delimiter in CSV_DELIMITERS:
        counts = [line.count(delimiter) for line in lines if line.strip()]
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        score = (sum(1 for c in counts if c == common and c > 0), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes, book: Book) -> None:
    name = book.filename.rsplit("/", 1)[-1]
    text = _decode(data)
    if text is None:
        book.problems.append(
            Problem(name, None, "", "", _("The file's character encoding could not be read."))
        )
        return
    sheet = Sheet(name)
    book.sheets.append(sheet)
    delimiter = sniff_delimiter(text[:65536])
    # NUL bytes are reported per cell (the csv module refuses or passes them by version). The
    # default field limit (131,072) is above MAX_CELL_CHARS; a longer field is a problem.
    reader = csv.reader(
        io.StringIO(text.replace("\x00", "\x01"), newline=""), delimiter=delimiter, strict=False
    )
    number = 0  # records, as a spreadsheet program numbers them (a cell may span lines)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            number += 1
            book.problems.append(
                Problem(
                    name,
                    number,
                    "",
                    "",
                    _("This line cannot be read as CSV (a cell is too long or badly quoted)."),
                )
            )
            break
        number += 1
        values = []
        for col, raw in enumerate(cells):
            raw = raw.replace("\x01", "\x00")
            if raw.startswith("=") and len(raw) > 1:
                values.append(Formula(raw))
            else:
                values.append(_check_cell(book, name, number, col, raw))
        while values and values[-1] in (None, ""):
            values.pop()
        if _limit_problems(book, name, number, len(values)):
            break
        sheet.rows.append(Row(name, number, values))


def rows_of(book: Book) -> Iterator[Row]:
    """Every row of every sheet, in order."""
    for sheet in book.sheets:
        yield from sheet.rows


__all__ = [
    "Book",
    "Formula",
    "Header",
    "Problem",
    "Row",
    "Sheet",
    "cell_text",
    "column_letter",
    "find_header",
    "normalise",
    "read",
]
