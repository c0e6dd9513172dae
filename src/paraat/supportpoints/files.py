"""Reading spreadsheets and checking uploads: every problem is collected, nothing is guessed."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from paraat.core import importflow, tabular
from paraat.core.uploads import check_upload

# One problem type for every import: sheet, row, column, value, message (paraat.core.tabular).
Problem = tabular.Problem


ImportRefused = importflow.ImportRefused  # the whole import was refused, with every reason


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
    return str(value).strip()  # tabular already removed a neutralising apostrophe


def read_table(upload) -> Table:
    """The first sheet of an .xlsx or a .csv, read by paraat.core.tabular (its encodings and
    delimiters); the first row is the header. Unreadable bytes and formulas refuse the file."""
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
    name = upload.name or ""
    if not name.lower().endswith((".xlsx", ".csv")):
        raise ImportRefused([Problem(name, None, "", "", _("Upload an .xlsx or .csv file."))])
    book = tabular.read(upload.read(), name)
    problems = list(book.problems)
    if problems or not book.sheets:
        raise ImportRefused(problems or [Problem(name, None, "", "", _("The file is empty."))])
    sheet = book.sheets[0]
    header: list[str] = []
    rows = []
    for row in sheet.rows:
        for col, value in enumerate(row.cells):
            if isinstance(value, tabular.Formula):
                problems.append(
                    Problem(
                        sheet.name,
                        row.number,
                        tabular.column_letter(col),
                        str(value),
                        _("A formula is not accepted here: type the value itself into the cell."),
                    )
                )
        cells = [_cell_text(v) for v in row.cells]
        if row.number == 1:
            header = cells
        elif any(cells):
            rows.append((row.number, cells))
    if problems:
        raise ImportRefused(problems)
    return Table(sheet.name, header, rows)


# --- uploads -------------------------------------------------------------------------------


# What a document may be, recognised by its first bytes (the name and browser are not trusted).
def check_document(upload) -> str:
    """Documents follow Paraat's one upload rule, the same as evidence (paraat.core.uploads)."""
    return check_upload(upload)
