"""Reading spreadsheets and checking uploads: every problem is collected, nothing is guessed."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


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


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _unneutralise(text: str) -> str:
    """Undo the apostrophe the export puts before text that looks like a formula."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


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
    return _unneutralise(str(value).strip())


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
        cells = [_unneutralise(c.strip()) for c in cells]
        if number == 1:
            header = cells
            continue
        if any(cells):
            rows.append((number, cells))
    return Table(filename, header, rows)


# --- uploads -------------------------------------------------------------------------------

# What a document may be, recognised by its first bytes (the name and browser are not trusted).
ALLOWED_DOCUMENTS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
}


def sniff_content_type(head: bytes, upload) -> str | None:
    """The document type from the file's content, or None when it is not one we accept."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as z:
                names = set(z.namelist())
                if "mimetype" in names:
                    mimetype = z.read("mimetype").decode("ascii", "replace").strip()
                    return mimetype if mimetype in ALLOWED_DOCUMENTS else None
                if "[Content_Types].xml" in names:
                    if any(n.startswith("word/") for n in names):
                        return ALLOWED_DOCUMENTS_BY_EXT[".docx"]
                    if any(n.startswith("xl/") for n in names):
                        return ALLOWED_DOCUMENTS_BY_EXT[".xlsx"]
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
    return None


ALLOWED_DOCUMENTS_BY_EXT = {ext: ct for ct, ext in ALLOWED_DOCUMENTS.items()}


def check_document(upload) -> str:
    """Validate an uploaded document; return its content type or raise ValidationError (Dutch)."""
    limit = settings.PARAAT_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": settings.PARAAT_MAX_UPLOAD_MB}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head, upload)
    if content_type is None:
        raise ValidationError(
            _(
                "This type of file is not accepted. Upload a PDF, PNG, JPEG, Word, Excel or "
                "OpenDocument file."
            )
        )
    return content_type
