"""Reading action lists from spreadsheets as officials really keep them, and writing them back.

`parse_action_list(data, filename, region=...)` reads XLSX or CSV bytes and returns every row it
understood plus EVERY problem it found (sheet, row, column, value). It never touches the
database; `services.action_list_import` decides and applies. The rules (issue 3):

- the header row is found in the first 15 rows by its words (case, accents and punctuation
  ignored), using the synonyms in `FIELD_SYNONYMS`; title and subtitle rows above it are skipped;
- a row with a single filled cell is a heading: it sets the category of the rows below it, unless
  a row names its own category; rows after the last action item (footnotes) are ignored;
- due quarters and owners are accepted in many spellings (`parse_due`, `parse_owner`);
- a remark in brackets in the owner cell ("(i.s.m. GGD)") is kept in the note.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from paraat.core.spreadsheets import neutralise, unneutralise

from .models import OwnerType, Quarter

HEADER_SEARCH_ROWS = 15

# Field → synonyms (normalised: lower case, no accents, punctuation removed).
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("nr", "nummer", "#", "no", "num"),
    "baseline": ("basisniveau", "norm", "wanneer op orde", "basis niveau"),
    "due": ("gereed", "planning", "kwartaal", "deadline", "uiterlijk", "fase", "termijn"),
    "owner": ("verantwoordelijk", "eigenaar", "wie", "trekker"),
    "category": ("thema", "categorie", "onderwerp", "verantwoordelijkheid", "taak"),
    "note": ("toelichting", "opmerking", "opmerkingen", "partners", "partner"),
    "text": ("actiepunt", "actie", "omschrijving", "maatregel", "actiepunten", "afspraak"),
}
FIELDS = ("number", "category", "text", "owner", "due", "baseline", "note")
REQUIRED_COLUMNS = ("number", "text")

FIELD_LABELS = {
    "number": "Nr",
    "category": "Categorie",
    "text": "Actiepunt",
    "owner": "Verantwoordelijk",
    "due": "Gereed",
    "baseline": "Basisniveau",
    "note": "Toelichting",
}


def normalise(value) -> str:
    """Lower case, accents removed, punctuation turned into spaces ('#' is kept)."""
    text = unicodedata.normalize("NFKD", str(value or ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^\w#]+", " ", text)
    return " ".join(text.split())


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- cell values -------------------------------------------------------------------------------


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
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    if keep_lines:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        return "\n".join(line for line in lines if line).strip()
    return " ".join(text.split())


ORDINALS = {
    "eerste": 1,
    "1e": 1,
    "1ste": 1,
    "tweede": 2,
    "2e": 2,
    "2de": 2,
    "derde": 3,
    "3e": 3,
    "3de": 3,
    "vierde": 4,
    "4e": 4,
    "4de": 4,
}
_ORD = "|".join(sorted(ORDINALS, key=len, reverse=True))
DUE_PATTERNS = [
    # Q1 2026, Q1-2026, Q1/2026, kw1 2026, K1 2026
    (re.compile(r"^(?:q|kw|k)\s*([1-4])\s*[-/ ]?\s*(\d{4})$"), "qy"),
    # 2026-Q1, 2026 Q1, 2026/kw1
    (re.compile(r"^(\d{4})\s*[-/ ]?\s*(?:q|kw|k)\s*([1-4])$"), "yq"),
    # kwartaal 1 2026
    (re.compile(r"^kwartaal\s*([1-4])\s*(\d{4})$"), "qy"),
    # 1e kwartaal 2026, eerste kwartaal 2026
    (re.compile(rf"^({_ORD})\s+kwartaal\s+(\d{{4}})$"), "oy"),
]
DATE_PATTERNS = [
    (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"), "dmy"),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"), "ymd"),
]


def parse_due(value) -> Quarter | None:
    """A due quarter from the many ways it is written; a date means its quarter.

    Returns None for an empty cell; raises ValueError when it cannot be read.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return Quarter.of(value.date())
    if isinstance(value, dt.date):
        return Quarter.of(value)
    raw = cell_text(value)
    if not raw:
        return None
    for pattern, kind in DATE_PATTERNS:
        match = pattern.match(raw.strip())
        if match:
            a, b, c = (int(g) for g in match.groups())
            day, month, year = (a, b, c) if kind == "dmy" else (c, b, a)
            return Quarter.of(dt.date(year, month, day))  # ValueError for 31-02-2026
    text = normalise(raw)
    for pattern, kind in DUE_PATTERNS:
        match = pattern.match(text)
        if match:
            a, b = match.groups()
            if kind == "qy":
                return Quarter(int(b), int(a))
            if kind == "yq":
                return Quarter(int(a), int(b))
            return Quarter(int(b), ORDINALS[a])
    raise ValueError(raw)


MUNICIPAL_WORDS = {"gemeente", "gemeenten", "gem", "gemeentes"}
REGION_WORDS = {"vnog", "veiligheidsregio", "regio", "vr"}
JOINT_WORDS = {"gezamenlijk", "beide", "samen", "gezamenlijke"}
CONNECTORS = {"en", "of", "i", "s", "m", "met", "de", "het"}
BRACKETS = re.compile(r"\(([^)]*)\)")


def parse_owner(value, *, region=None) -> tuple[str | None, str]:
    """(owner type, remark) from the owner cell. Owner None when empty; ValueError if unknown.

    "gemeente en VNOG", "VNOG en gemeenten", gezamenlijk and beide mean joint; a remark in
    brackets ("(i.s.m. GGD)") is returned separately so it can be kept in the note.
    """
    raw = cell_text(value)
    remark = "; ".join(part.strip() for part in BRACKETS.findall(raw) if part.strip())
    words = set(normalise(BRACKETS.sub(" ", raw)).split())
    if not words:
        if remark:
            raise ValueError(raw)
        return None, remark
    region_words = set(REGION_WORDS)
    if region is not None:
        region_words |= {normalise(region.code), normalise(region.short_name)} - {""}
    municipal = bool(words & MUNICIPAL_WORDS)
    regional = bool(words & region_words)
    joint = bool(words & JOINT_WORDS)
    unknown = words - MUNICIPAL_WORDS - region_words - JOINT_WORDS - CONNECTORS
    if unknown or not (municipal or regional or joint):
        raise ValueError(raw)
    if joint or (municipal and regional):
        return OwnerType.JOINT, remark
    return (OwnerType.MUNICIPALITY if municipal else OwnerType.REGION), remark


# --- reading -----------------------------------------------------------------------------------


@dataclass
class Problem:
    sheet: str
    row: int
    column: str  # "C (Gereed)" or "" for the whole row/sheet
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
            text += " " + _("(found: “%(value)s”)") % {"value": self.value}
        return text


@dataclass
class ParsedRow:
    sheet: str
    row: int
    number: str
    category: str
    text: str
    owner_type: str
    due: Quarter | None
    baseline: str
    note: str


@dataclass
class ParseResult:
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sheets_read: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class UnreadableFile(Exception):
    pass


def read_sheets(data: bytes, filename: str) -> list[tuple[str, list[list]]]:
    """[(sheet name, rows of cell values)] for an XLSX or CSV file."""
    name = filename.lower()
    if name.endswith(".csv") or name.endswith(".txt"):
        return [(filename.rsplit("/", 1)[-1], _read_csv(data))]
    if name.endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    raise UnreadableFile(_("Only .xlsx and .csv files can be imported."))


def _read_csv(data: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise UnreadableFile(_("The file's character encoding could not be read."))
    sample = text[:4096]
    first_lines = "\n".join(sample.splitlines()[:20])
    delimiter = ";" if first_lines.count(";") >= first_lines.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [[unneutralise(cell) for cell in row] for row in reader]


def _read_xlsx(data: bytes) -> list[tuple[str, list[list]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise UnreadableFile(_("The file is not a readable Excel workbook (.xlsx).")) from exc
    sheets = []
    for sheet in workbook.worksheets:
        rows = sheet.iter_rows(values_only=True)
        sheets.append((sheet.title, [[unneutralise(cell) for cell in row] for row in rows]))
    workbook.close()
    return sheets


def _match_field(cell) -> str | None:
    text = normalise(cell)
    if not text:
        return None
    tokens = text.split()
    for name in FIELD_SYNONYMS:  # dict order is the priority order
        for synonym in FIELD_SYNONYMS[name]:
            if text == synonym:
                return name
    for name in FIELD_SYNONYMS:
        for synonym in FIELD_SYNONYMS[name]:
            words = synonym.split()
            for start in range(len(tokens) - len(words) + 1):
                if tokens[start : start + len(words)] == words:
                    return name
    return None


def find_header(rows: list[list]) -> tuple[int, dict[str, int]] | None:
    """(row index, {field: column index}) of the header row within the first 15 rows."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for col, cell in enumerate(row):
            name = _match_field(cell)
            if name and name not in columns:
                columns[name] = col
        if all(name in columns for name in REQUIRED_COLUMNS) and len(columns) >= 3:
            return index, columns
    return None


def parse_action_list(data: bytes, filename: str, *, region=None, years=None) -> ParseResult:
    """Every action item row of the file, and every problem (nothing is written)."""
    result = ParseResult()
    try:
        sheets = read_sheets(data, filename)
    except UnreadableFile as exc:
        result.problems.append(Problem(filename, 0, "", "", str(exc)))
        return result
    seen: dict[str, tuple[str, int]] = {}
    for sheet_name, rows in sheets:
        header = find_header(rows)
        if header is None:
            continue
        result.sheets_read.append(sheet_name)
        _parse_sheet(sheet_name, rows, header, result, seen, region=region, years=years)
    if not result.sheets_read:
        result.problems.append(
            Problem(
                ", ".join(name for name, _rows in sheets) or filename,
                0,
                "",
                "",
                _(
                    "No header row found in the first 15 rows: a row naming at least the columns "
                    "number (Nr) and action (Actiepunt) is needed."
                ),
            )
        )
    elif not result.rows and not result.problems:
        result.problems.append(
            Problem(", ".join(result.sheets_read), 0, "", "", _("The file holds no action items."))
        )
    return result


def _parse_sheet(sheet_name, rows, header, result, seen, *, region, years):
    header_index, columns = header
    header_row = rows[header_index]

    def col_name(name: str) -> str:
        index = columns[name]
        label = cell_text(header_row[index]) if index < len(header_row) else ""
        return f"{column_letter(index)} ({label})" if label else column_letter(index)

    def get(row, name, *, keep_lines=False):
        index = columns.get(name)
        if index is None or index >= len(row):
            return None, ""
        return row[index], cell_text(row[index], keep_lines=keep_lines)

    body = rows[header_index + 1 :]
    filled = [[i for i, cell in enumerate(row) if cell_text(cell)] for row in body]
    # The last row with two or more filled cells ends the list; below it are footnotes.
    last_item = max((i for i, cells in enumerate(filled) if len(cells) >= 2), default=-1)
    category = ""
    for offset, row in enumerate(body[: last_item + 1]):
        row_number = header_index + 2 + offset  # 1-based, as the spreadsheet shows it
        cells = filled[offset]
        if not cells:
            continue
        if len(cells) == 1:
            category = cell_text(row[cells[0]])
            continue
        problems: list[Problem] = []

        def problem(name, value, message, problems=problems, row_number=row_number):
            problems.append(
                Problem(sheet_name, row_number, col_name(name), cell_text(value), message)
            )

        _raw, number = get(row, "number")
        number = number.rstrip(".").strip()
        if not number:
            problem("number", "", _("The number is missing."))
        elif len(number) > 20:
            problem("number", number, _("The number is longer than 20 characters."))
        elif number in seen:
            other_sheet, other_row = seen[number]
            problem(
                "number",
                number,
                _("The number also occurs in sheet “%(sheet)s”, row %(row)s.")
                % {"sheet": other_sheet, "row": other_row},
            )
        _raw, text = get(row, "text", keep_lines=True)
        if not text:
            problem("text", "", _("The action text is missing."))
        _raw, own_category = get(row, "category")
        row_category = own_category or category
        if not row_category:
            column = "category" if "category" in columns else "number"
            problem(
                column,
                "",
                _("No category: give the row a category or put a heading row above it."),
            )
        elif len(row_category) > 200:
            problem("category", row_category, _("The category is longer than 200 characters."))
        owner_type, remark = OwnerType.MUNICIPALITY, ""
        if "owner" in columns:
            raw, _owner_text = get(row, "owner")
            try:
                owner_type, remark = parse_owner(raw, region=region)
            except ValueError:
                problem(
                    "owner",
                    raw,
                    _(
                        "Unknown owner: write gemeente, regio (or VNOG, veiligheidsregio) or "
                        "gezamenlijk (or 'gemeente en regio')."
                    ),
                )
            else:
                if owner_type is None:
                    problem("owner", "", _("The owner is missing."))
        due = None
        if "due" in columns:
            raw, _due_text = get(row, "due")
            try:
                due = parse_due(raw)
            except ValueError:
                problem(
                    "due",
                    raw,
                    _("Unknown due quarter: write for example “Q1 2026” or a date."),
                )
            else:
                if due and years and not (years[0] <= due.year <= years[1]):
                    problem(
                        "due",
                        raw,
                        _("The due quarter lies outside the period %(start)s–%(end)s.")
                        % {"start": years[0], "end": years[1]},
                    )
        _raw, baseline = get(row, "baseline", keep_lines=True)
        _raw, note = get(row, "note", keep_lines=True)
        if remark and remark not in note:
            note = f"{note}\n{remark}".strip() if note else remark
        if number and number not in seen:
            seen[number] = (sheet_name, row_number)
        if problems:
            result.problems.extend(problems)
            continue
        result.rows.append(
            ParsedRow(
                sheet=sheet_name,
                row=row_number,
                number=number,
                category=row_category,
                text=text,
                owner_type=owner_type,
                due=due,
                baseline=baseline,
                note=note,
            )
        )


# --- writing -----------------------------------------------------------------------------------

OWNER_WORDS = {
    OwnerType.MUNICIPALITY: "gemeente",
    OwnerType.REGION: "regio",
    OwnerType.JOINT: "gezamenlijk",
}


def export_action_list(agreement_set, items) -> bytes:
    """XLSX with the import's columns, so an exported file imports again unchanged."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Actiepunten"
    sheet.append([agreement_set.name])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"{agreement_set.region.name} — export uit Paraat"])
    sheet.append([])
    sheet.append([FIELD_LABELS[name] for name in FIELDS] + ["Status"])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for item in items:
        due = item.due
        row = [
            item.number,
            item.category.name,
            item.text,
            OWNER_WORDS[item.owner_type],
            str(due) if due else "",
            item.baseline,
            item.note,
            "ingetrokken" if item.is_withdrawn else "",
        ]
        sheet.append([neutralise(value) for value in row])
    widths = [8, 30, 60, 16, 12, 40, 30, 12]
    for index, width in enumerate(widths):
        sheet.column_dimensions[column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
