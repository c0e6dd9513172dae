"""Reading spreadsheets and checking uploads: every problem is collected, nothing is guessed."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from paraat.core.spreadsheets import unneutralise
from paraat.core.uploads import check_upload


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an imported file: where (sheet, row, column), the value, and why."""

    sheet: str
    row: int | None
    column: str
    value: str
    message: str


class ImportRefused(Exception):
    """The whole import was refused; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class Table:
    sheet: str
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as the user sees it, cells)


def _cell_text(value) -> str:
    import datetime

    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unneutralise(str(value).strip())


def read_table(upload) -> Table:
    """Read the first sheet of an .xlsx or a .csv (comma or semicolon, UTF-8 or Windows-1252)."""
    name = (upload.name or "").lower()
    limit = settings.PARAAT_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size and upload.size > limit:
        raise ImportRefused(
            [
                Problem(
                    upload.name,
                    None,
                    "",
                    "",
                    _("The file is larger than %(mb)s MB.") % {"mb": settings.PARAAT_MAX_UPLOAD_MB},
                )
            ]
        )
    data = upload.read()
    if name.endswith(".xlsx"):
        return _read_xlsx(data, upload.name)
    if name.endswith(".csv"):
        return _read_csv(data, upload.name)
    raise ImportRefused([Problem(upload.name, None, "", "", _("Upload an .xlsx or .csv file."))])


def _read_xlsx(data: bytes, filename: str) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ImportRefused(
            [Problem(filename, None, "", "", _("This is not a readable Excel (.xlsx) file."))]
        ) from None
    sheet = workbook.worksheets[0]
    rows = []
    header: list[str] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_cell_text(v) for v in values]
        if number == 1:
            header = cells
            continue
        if any(cells):
            rows.append((number, cells))
    workbook.close()
    return Table(sheet.title, header, rows)


def _read_csv(data: bytes, filename: str) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] = []
    rows = []
    for number, cells in enumerate(reader, start=1):
        cells = [unneutralise(c.strip()) for c in cells]
        if number == 1:
            header = cells
            continue
        if any(cells):
            rows.append((number, cells))
    return Table(filename, header, rows)


# --- uploads -------------------------------------------------------------------------------


# What a document may be, recognised by its first bytes (the name and browser are not trusted).
def check_document(upload) -> str:
    """Documents follow Paraat's one upload rule, the same as evidence (paraat.core.uploads)."""
    return check_upload(upload)
