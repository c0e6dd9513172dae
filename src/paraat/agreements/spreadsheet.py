"""Reading action lists from spreadsheets as officials really keep them, and writing them back.

`parse_action_list(data, filename, region=...)` reads XLSX or CSV bytes and returns every row it
understood plus EVERY problem it found (sheet, row, column, value). It never touches the
database; `imports.action_list_import` decides and applies. The rules (issue 3):

- the header row is found in the first 15 rows by its words (case, accents and punctuation
  ignored), using the synonyms in `FIELD_SYNONYMS`; title and subtitle rows above it are skipped;
- a row with a single filled cell is a heading: it sets the category of the rows below it, unless
  a row names its own category; rows after the last action item (footnotes) are ignored;
- due quarters and owners are accepted in many spellings (`parse_due`, `parse_owner`);
- a remark in brackets in the owner cell ("(i.s.m. GGD)") is kept in the note.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from paraat.core import tabular
from paraat.core.spreadsheets import neutralise

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


normalise = tabular.normalise
column_letter = tabular.column_letter
cell_text = tabular.cell_text


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

Problem = tabular.Problem


@dataclass
class ParsedRow:
    """One action item row. A field whose column is absent from the file is None: untouched."""

    sheet: str
    row: int
    number: str
    category: str
    text: str
    owner_type: str | None
    due: Quarter | None
    baseline: str | None
    note: str | None
    remark: str = ""  # a remark in brackets from the owner cell, kept in the note


@dataclass
class ParseResult:
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sheets_read: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)  # optional fields no sheet has a column for

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def absent_labels(self) -> list[str]:
        return [FIELD_LABELS[name] for name in self.absent]


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


def _header(sheet: tabular.Sheet) -> tabular.Header | None:
    return tabular.find_header(
        sheet,
        match=_match_field,
        required=REQUIRED_COLUMNS,
        minimum=3,
        search_rows=HEADER_SEARCH_ROWS,
    )


def find_header(rows: list[list]) -> tuple[int, dict[str, int]] | None:
    """(row index, {field: column index}) of the header row within the first 15 rows."""
    sheet = tabular.Sheet("", [tabular.Row("", i + 1, list(r)) for i, r in enumerate(rows)])
    header = _header(sheet)
    return (header.index, header.columns) if header else None


def parse_action_list(data: bytes, filename: str, *, region=None, years=None) -> ParseResult:
    """Every action item row of the file, and every problem (nothing is written; never raises)."""
    result = ParseResult()
    book = tabular.read(data, filename)
    result.problems.extend(book.problems)
    if book.problems:
        return result
    seen: dict[str, tuple[str, int]] = {}
    present: set[str] = set()
    for sheet in book.sheets:
        header = _header(sheet)
        if header is None:
            continue
        result.sheets_read.append(sheet.name)
        present |= set(header.columns)
        _parse_sheet(sheet, header, result, seen, region=region, years=years)
    if not result.sheets_read:
        result.problems.append(
            Problem(
                ", ".join(sheet.name for sheet in book.sheets) or filename,
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
    result.absent = [
        name for name in FIELDS if name not in present and name not in REQUIRED_COLUMNS
    ]
    if "category" in result.absent:
        result.absent.remove("category")  # headings give the category; a row without one is refused
    return result


def _parse_sheet(sheet, header, result, seen, *, region, years):
    columns = header.columns
    body = sheet.rows_after(header)
    filled = [row.filled for row in body]
    # The last row with two or more filled cells ends the list; below it are footnotes.
    last_item = max((i for i, cells in enumerate(filled) if len(cells) >= 2), default=-1)
    category = ""
    for offset, row in enumerate(body[: last_item + 1]):
        row_number = row.number
        cells = filled[offset]
        if not cells:
            continue
        if len(cells) == 1 and not isinstance(row.cells[cells[0]], tabular.Formula):
            category = tabular.cell_text(row.cells[cells[0]])
            continue
        problems: list[Problem] = []

        def problem(name, value, message, problems=problems, row_number=row_number):
            problems.append(
                Problem(
                    sheet.name, row_number, header.label(name), tabular.cell_text(value), message
                )
            )

        formulas = False
        for name, index in columns.items():
            raw = row.value(index)
            if isinstance(raw, tabular.Formula):
                formulas = True
                problem(
                    name,
                    str(raw),
                    _("A formula is not accepted here: type the value itself into the cell."),
                )
        if formulas:
            result.problems.extend(problems)
            continue

        def get(name, *, keep_lines=False, row=row):
            index = columns.get(name)
            return row.value(index), row.text(index, keep_lines=keep_lines)

        _raw, number = get("number")
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
        _raw, text = get("text", keep_lines=True)
        if not text:
            problem("text", "", _("The action text is missing."))
        _raw, own_category = get("category")
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
        owner_type, remark = None, ""
        if "owner" in columns:
            raw, _owner_text = get("owner")
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
            raw, _due_text = get("due")
            try:
                due = parse_due(raw)
            except (ValueError, OverflowError):
                problem(
                    "due",
                    raw,
                    _("Unknown due quarter: write for example “Q1 2026” or a date."),
                )
            else:
                if due is None:
                    problem(
                        "due", "", _("The due quarter is missing; it cannot be cleared by import.")
                    )
                elif years and not (years[0] <= due.year <= years[1]):
                    problem(
                        "due",
                        raw,
                        _("The due quarter lies outside the period %(start)s–%(end)s.")
                        % {"start": years[0], "end": years[1]},
                    )
                elif not 2000 <= due.year <= 2100:
                    problem(
                        "due", raw, _("Unknown due quarter: write for example “Q1 2026” or a date.")
                    )
        baseline = get("baseline", keep_lines=True)[1] if "baseline" in columns else None
        note = get("note", keep_lines=True)[1] if "note" in columns else None
        if number and number not in seen:
            seen[number] = (sheet.name, row_number)
        if problems:
            result.problems.extend(problems)
            continue
        result.rows.append(
            ParsedRow(
                sheet=sheet.name,
                row=row_number,
                number=number,
                category=row_category,
                text=text,
                owner_type=owner_type,
                due=due,
                baseline=baseline,
                note=note,
                remark=remark,
            )
        )


def note_with_remark(note: str, remark: str) -> str:
    """The note with the owner cell's bracketed remark added once."""
    if remark and remark not in note:
        return f"{note}\n{remark}".strip() if note else remark
    return note


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
