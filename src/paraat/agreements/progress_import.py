"""Moving off Excel: importing municipalities' progress lists (issue 13).

`progress_import(region=, data=, filename=, actor=, round_name=None, measured_on=None)` reads an
XLSX or CSV file through `paraat.core.tabular` — one row per municipality × action item, or one
sheet per municipality (the sheet's name is the municipality) — and records every status as an
attributed status update ("imported from <file> by <person>"), each in the audit trail. The rules:

- the header is found by its words (`COLUMN_WORDS`); a status is read from the words people
  write ("gereed", "loopt", "nog niet", "n.v.t.", see `STATUS_WORDS`);
- any problem refuses the whole file, nothing is written, every problem is listed with sheet,
  row, column and value, and the refusal is audited (as the action-list import);
- imported statuses record what the spreadsheet says: the transition table, which governs later
  edits, does not apply; they are not shared with the region (the confidentiality default);
- a track whose latest update already says what the row says is left alone, so the same file
  twice changes nothing;
- with `round_name` and `measured_on` the file is a past measurement round: the round is made
  (dated as measured), the statuses are recorded in it and it is closed through the real
  `services.round_close`, so its snapshot and results are frozen like any other. Import past
  rounds oldest first, before the current status; importing the same round again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.core import importflow, tabular
from paraat.regions.models import Municipality

from . import services
from .models import (
    MUNICIPAL_OWNER_TYPES,
    ActionItem,
    ItemProgress,
    MeasurementRound,
    SnapshotEntry,
    Status,
    StatusUpdate,
    Submission,
    SubmissionStatus,
)
from .services import agreement_set_current

logger = logging.getLogger(__name__)
Problem = tabular.Problem

# Column → header words (normalised: lower case, accents and punctuation removed).
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "municipality": ("gemeente", "gemeentenaam", "gemeentecode", "cbs code", "cbscode", "code"),
    "number": ("nr", "nummer", "#", "no", "actiepunt nr", "nr actiepunt", "actiepuntnummer"),
    "status": ("status", "stand", "voortgang", "stand van zaken", "voortgangsstatus"),
    "explanation": ("toelichting", "uitleg", "opmerking", "opmerkingen", "stand toelichting"),
    "bottleneck": ("knelpunt", "knelpunten", "belemmering", "belemmeringen"),
    "date": ("datum", "peildatum", "bijgewerkt", "datum stand", "laatst bijgewerkt"),
}
COLUMN_LABELS = {
    "municipality": "Gemeente",
    "number": "Nr",
    "status": "Status",
    "explanation": "Toelichting",
    "bottleneck": "Knelpunt",
    "date": "Datum",
}

# The words people write → status. Keys are compared normalised ("n.v.t." → "n v t").
STATUS_WORDS: dict[str, str] = {
    "gereed": Status.ACHIEVED,
    "afgerond": Status.ACHIEVED,
    "gerealiseerd": Status.ACHIEVED,
    "klaar": Status.ACHIEVED,
    "behaald": Status.ACHIEVED,
    "voltooid": Status.ACHIEVED,
    "op orde": Status.ACHIEVED,
    "achieved": Status.ACHIEVED,
    "loopt": Status.IN_PROGRESS,
    "lopend": Status.IN_PROGRESS,
    "in uitvoering": Status.IN_PROGRESS,
    "bezig": Status.IN_PROGRESS,
    "in progress": Status.IN_PROGRESS,
    "gestart": Status.STARTED,
    "opgestart": Status.STARTED,
    "begonnen": Status.STARTED,
    "in voorbereiding": Status.STARTED,
    "started": Status.STARTED,
    "nog niet": Status.NOT_STARTED,
    "nog niet gestart": Status.NOT_STARTED,
    "niet gestart": Status.NOT_STARTED,
    "niet begonnen": Status.NOT_STARTED,
    "not started": Status.NOT_STARTED,
    "n v t": Status.NOT_APPLICABLE,
    "nvt": Status.NOT_APPLICABLE,
    "niet van toepassing": Status.NOT_APPLICABLE,
    "not applicable": Status.NOT_APPLICABLE,
}
ACCEPTED_WORDS = (
    "gereed, afgerond, gerealiseerd, loopt, in uitvoering, gestart, in voorbereiding, "
    "nog niet, niet gestart, n.v.t., niet van toepassing"
)
_STATUS_OF = {tabular.normalise(word): status for word, status in STATUS_WORDS.items()}
_COLUMN_OF = {
    tabular.normalise(word): name for name, words in COLUMN_WORDS.items() for word in words
}


ProgressImportFailed = importflow.ImportRefused  # the file was refused whole, every problem


@dataclass
class ProgressRow:
    sheet: str
    row: int
    municipality: Municipality
    item: ActionItem
    status: str
    explanation: str
    bottleneck: str
    status_on: dt.date | None


@dataclass
class ProgressReport:
    recorded: int = 0
    unchanged: int = 0
    municipalities: list[str] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    round_name: str = ""
    measured_on: dt.date | None = None
    round_exists: bool = False  # the same past round was imported before
    dry_run: bool = False

    @property
    def changed_anything(self) -> bool:
        return bool(self.recorded) or bool(self.round_name and not self.round_exists)

    def lines(self) -> list[str]:
        """The report in the interface language (Dutch by default)."""
        out = []
        if self.round_name:
            if self.round_exists:
                out.append(
                    _("The measurement round “%(name)s” was imported before from this list.")
                    % {"name": self.round_name}
                )
            else:
                out.append(
                    _(
                        "Past measurement round “%(name)s”, measured on %(date)s, closed as "
                        "measured."
                    )
                    % {"name": self.round_name, "date": _date(self.measured_on)}
                )
        if not self.changed_anything:
            out.append(
                ngettext(
                    "Nothing changed: the %(count)s status was already recorded.",
                    "Nothing changed: all %(count)s statuses were already recorded.",
                    self.unchanged,
                )
                % {"count": self.unchanged}
            )
        else:
            out.append(
                ngettext(
                    "%(recorded)s status recorded, %(unchanged)s already up to date.",
                    "%(recorded)s statuses recorded, %(unchanged)s already up to date.",
                    self.recorded,
                )
                % {"recorded": self.recorded, "unchanged": self.unchanged}
            )
        if self.municipalities:
            out.append(_("Municipalities: %(names)s.") % {"names": ", ".join(self.municipalities)})
        if self.skipped_sheets:
            out.append(
                _("Sheets without a progress header, skipped: %(names)s.")
                % {"names": ", ".join(self.skipped_sheets)}
            )
        if self.dry_run:
            out.append(_("Trial run: nothing has been saved."))
        return out


def _date(day: dt.date | None) -> str:
    from django.utils.formats import date_format

    return date_format(day, "j F Y") if day else ""


# --- reading -------------------------------------------------------------------------------------


def status_of(text: str) -> str | None:
    return _STATUS_OF.get(tabular.normalise(text))


def _column_of(cell) -> str | None:
    return _COLUMN_OF.get(tabular.normalise(tabular.cell_text(cell)))


def _municipality_key(text: str) -> str:
    """Name or CBS code ("GM0200", "0200", "200") as one key."""
    norm = tabular.normalise(text)
    digits = norm.removeprefix("gm").strip()
    if digits.isdigit():
        return "GM" + digits.zfill(4)
    return norm.replace(" ", "")


def _parse_date(value) -> dt.date | bool | None:
    """A date cell or text (dd-mm-yyyy, yyyy-mm-dd); False when it cannot be read."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = tabular.cell_text(value)
    for pattern in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return False


def parse_progress(
    data: bytes, filename: str, *, region, items: dict[str, ActionItem]
) -> tuple[list[ProgressRow], list[Problem], list[str]]:
    """Every row understood, every problem, and the sheets skipped (nothing is written)."""
    book = tabular.read(data, filename)
    problems: list[Problem] = list(book.problems)
    if problems:
        return [], problems, []
    municipalities = {}
    for municipality in Municipality.objects.current().filter(region=region):
        municipalities[_municipality_key(municipality.code)] = municipality
        municipalities[_municipality_key(municipality.name)] = municipality
    rows: list[ProgressRow] = []
    skipped: list[str] = []
    seen: dict[tuple[int, int], tuple[str, int]] = {}
    for sheet in book.sheets:
        header = tabular.find_header(sheet, match=_column_of, required=("number", "status"))
        sheet_municipality = municipalities.get(_municipality_key(sheet.name))
        if header is None:
            if sheet_municipality is not None:
                problems.append(
                    Problem(sheet.name, None, "", "", _header_message())
                )  # a municipality's sheet must not be dropped silently
            elif any(row.filled for row in sheet.rows):
                skipped.append(sheet.name)
            continue
        if "municipality" not in header.columns and sheet_municipality is None:
            problems.append(
                Problem(
                    sheet.name,
                    header.row.number,
                    "",
                    sheet.name,
                    _(
                        "No municipality column, and the sheet's name is not a municipality of "
                        "this region: add a column Gemeente or name the sheet after the "
                        "municipality."
                    ),
                )
            )
            continue
        for row in sheet.rows_after(header):
            if not row.filled:
                continue
            found: list[Problem] = []

            def problem(name, value, message, found=found, row=row, header=header):
                label = header.label(name) if name in header.columns else COLUMN_LABELS[name]
                found.append(Problem(row.sheet, row.number, label, str(value), message))

            cells = {}
            for name, index in header.columns.items():
                value = row.value(index)
                if isinstance(value, tabular.Formula):
                    problem(name, value, _("A formula cannot be imported; paste its value."))
                    value = ""
                cells[name] = value
            number = tabular.cell_text(cells.get("number"))
            status_text = tabular.cell_text(cells.get("status"))
            if not number and not status_text:
                continue  # a heading or a footnote
            municipality = sheet_municipality
            if "municipality" in header.columns:
                name = tabular.cell_text(cells.get("municipality"))
                municipality = municipalities.get(_municipality_key(name)) if name else None
                if municipality is None:
                    problem(
                        "municipality",
                        name,
                        _("Unknown municipality: give a name or CBS code of this region."),
                    )
            item = items.get(number)
            if not number:
                problem("number", "", _("The action item number is missing."))
            elif item is None:
                problem("number", number, _("Unknown action item number."))
            elif item.owner_type not in MUNICIPAL_OWNER_TYPES:
                problem("number", number, _("This action item belongs to the region itself."))
            status = status_of(status_text)
            if status is None:
                problem(
                    "status",
                    status_text,
                    _("Unknown status; accepted words: %(words)s.") % {"words": ACCEPTED_WORDS},
                )
            status_on = _parse_date(cells.get("date"))
            if status_on is False:
                problem(
                    "date",
                    tabular.cell_text(cells.get("date")),
                    _("Not a date; write it as 18-12-2026."),
                )
            if not found and municipality is not None and item is not None:
                key = (municipality.pk, item.pk)
                if key in seen:
                    where = seen[key]
                    problem(
                        "number",
                        number,
                        _(
                            "%(municipality)s already has this item on sheet “%(sheet)s”, "
                            "row %(row)s."
                        )
                        % {"municipality": municipality.name, "sheet": where[0], "row": where[1]},
                    )
                seen[key] = (sheet.name, row.number)
            if found:
                problems.extend(found)
                continue
            rows.append(
                ProgressRow(
                    sheet=sheet.name,
                    row=row.number,
                    municipality=municipality,
                    item=item,
                    status=status,
                    explanation=tabular.cell_text(cells.get("explanation"), keep_lines=True),
                    bottleneck=tabular.cell_text(cells.get("bottleneck"), keep_lines=True),
                    status_on=status_on,
                )
            )
    if not rows and not problems:
        problems.append(Problem(filename, None, "", "", _header_message()))
    return rows, problems, skipped


def _header_message() -> str:
    return _(
        "No header row found in the first 15 rows: a row naming at least the columns Nr and "
        "Status (and Gemeente, unless each sheet is named after its municipality)."
    )


# --- importing -----------------------------------------------------------------------------------


def progress_import(
    *,
    region,
    data: bytes,
    filename: str,
    actor,
    round_name: str = "",
    measured_on: dt.date | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> ProgressReport:
    """Import a progress list as the current status, or as a past closed round.

    Raises ProgressImportFailed with every problem; then nothing has changed and the refusal
    is audited. With dry_run the report is the same but everything is rolled back.
    """

    round_name = (round_name or "").strip()
    report = ProgressReport(dry_run=dry_run, round_name=round_name, measured_on=measured_on)
    with importflow.import_guard(
        actor=actor, region=region, filename=filename, detail={"kind": "progress"}
    ) as attempt:
        problems = attempt.problems
        agreement_set = agreement_set_current(region=region)
        if agreement_set is None:
            problems.append(
                Problem(filename, None, "", "", _("Import the action list before its progress."))
            )
        if bool(round_name) != bool(measured_on):
            problems.append(
                Problem(
                    filename,
                    None,
                    "",
                    "",
                    _("A past round needs both a name and the date it was measured on."),
                )
            )
        if measured_on and measured_on > (today or timezone.localdate()):
            problems.append(
                Problem(
                    filename,
                    None,
                    "",
                    _date(measured_on),
                    _("A past round must have been measured today or earlier."),
                )
            )
        if not problems:
            items = {
                i.number: i
                for i in ActionItem.objects.active()
                .filter(agreement_set=agreement_set)
                .select_related("category")
            }
            rows, found, report.skipped_sheets = parse_progress(
                data, filename, region=region, items=items
            )
            problems.extend(found)
            report.municipalities = sorted({r.municipality.name for r in rows})
        if not problems:
            with attempt.writing(dry_run=dry_run):
                _apply(region, agreement_set, rows, report, actor, filename, today)
    return report


def _same(latest: StatusUpdate | None, row: ProgressRow) -> bool:
    if latest is None:
        return False
    return (
        latest.status == row.status
        and latest.explanation == row.explanation
        and latest.bottleneck == row.bottleneck
        and latest.status_on == row.status_on
    )


def _apply(region, agreement_set, rows, report, actor, filename, today) -> None:
    past = None
    if report.round_name:
        existing = MeasurementRound.objects.filter(region=region, name=report.round_name).first()
        if existing is not None:
            _check_same_round(existing, rows, report, filename)
            return
        later = (
            MeasurementRound.objects.filter(region=region, deadline__gte=report.measured_on)
            .order_by("deadline")
            .first()
        )
        if later is not None:
            raise importflow.Rollback(
                [
                    Problem(
                        filename,
                        None,
                        "",
                        _date(report.measured_on),
                        _(
                            "The round “%(name)s” (%(date)s) is not older than this one: import "
                            "past rounds oldest first, before the current status."
                        )
                        % {"name": later.name, "date": _date(later.deadline)},
                    )
                ]
            )
        past = MeasurementRound(
            region=region,
            agreement_set=agreement_set,
            name=report.round_name,
            opens_on=report.measured_on,
            deadline=report.measured_on,
            reminder_days_before=0,
            close_reason=_("Imported from %(file)s.") % {"file": filename},
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        past.full_clean()
        past.save()
        in_file = {r.municipality.pk for r in rows}
        Submission.objects.bulk_create(
            [
                Submission(
                    round=past,
                    region=region,
                    municipality=m,
                    status=SubmissionStatus.ACCEPTED if m.pk in in_file else SubmissionStatus.DRAFT,
                )
                for m in Municipality.objects.current_on(report.measured_on).filter(region=region)
            ]
        )
        audit_log(
            actor=actor,
            action=Action.CREATE,
            obj=past,
            region=region,
            detail={"imported_from": filename, "measured_on": report.measured_on.isoformat()},
        )
        round_ = past
    else:
        round_ = services.round_open_for(region, today=today)
        if round_ is not None and round_.agreement_set_id != agreement_set.pk:
            round_ = None
    _record_all(region, rows, report, actor, filename, round_, is_past=past is not None)
    if past is not None:
        services.round_close(measurement_round=past, actor=actor)
    audit_log(
        actor=actor,
        action=Action.IMPORT,
        obj=past or agreement_set,
        region=region,
        object_repr=filename[:200],
        detail={
            "kind": "progress",
            "file": filename,
            "round": report.round_name or None,
            "recorded": report.recorded,
            "unchanged": report.unchanged,
            "dry_run": report.dry_run,
        },
    )


def _record_all(region, rows, report, actor, filename, round_, *, is_past: bool) -> None:
    user = actor if getattr(actor, "is_authenticated", False) else None
    for row in rows:
        progress, _created = ItemProgress.objects.get_or_create(
            item=row.item, municipality=row.municipality, defaults={"region_id": region.pk}
        )
        progress = (
            ItemProgress.objects.select_for_update(of=("self",))
            .select_related("latest")
            .get(pk=progress.pk)
        )
        if _same(progress.latest, row):
            report.unchanged += 1
            continue
        if round_ is not None and not is_past:
            submission = Submission.objects.filter(
                round=round_, municipality=row.municipality
            ).first()
            if submission is not None and submission.is_locked_for_municipality:
                raise importflow.Rollback(
                    [
                        Problem(
                            row.sheet,
                            row.row,
                            "",
                            row.municipality.name,
                            _(
                                "%(municipality)s has submitted %(round)s; import its progress "
                                "after the round is closed, or after the CFG returns it."
                            )
                            % {"municipality": row.municipality.name, "round": round_.name},
                        )
                    ]
                )
        update = StatusUpdate.objects.create(
            item=row.item,
            region_id=region.pk,
            municipality=row.municipality,
            progress=progress,
            sequence=progress.version + 1,
            status=row.status,
            not_applicable_reason=row.explanation if row.status == Status.NOT_APPLICABLE else "",
            explanation=row.explanation,
            bottleneck=row.bottleneck,
            shared_with_region=False,
            round=round_,
            imported_from=filename[:255],
            status_on=row.status_on,
            created_by=user,
        )
        progress.latest = update
        progress.status = update.status
        progress.version = update.sequence
        progress.updated_at = update.created_at
        progress.save(update_fields=["latest", "status", "version", "updated_at"])
        audit_log(
            actor=actor,
            action=Action.UPDATE,
            obj=update,
            region=region,
            object_repr=f"{row.item.number} — {row.municipality}",
            detail={
                "status": update.status,
                "imported_from": filename,
                "round": round_.name if round_ else None,
                "shared_with_region": False,
            },
        )
        report.recorded += 1


def _check_same_round(existing, rows, report, filename) -> None:
    """The same past round again: nothing changes when the file says what the round froze."""
    frozen = {
        (e.municipality_id, e.item_id): e
        for e in SnapshotEntry.objects.filter(round=existing, municipality__isnull=False)
    }
    differing = [
        r
        for r in rows
        if (entry := frozen.get((r.municipality.pk, r.item.pk))) is None
        or (entry.status, entry.explanation, entry.bottleneck)
        != (r.status, r.explanation, r.bottleneck)
    ]
    if existing.is_open or differing:
        raise importflow.Rollback(
            [
                Problem(
                    filename,
                    None,
                    "",
                    existing.name,
                    _(
                        "A measurement round with this name already exists and differs from the "
                        "file; choose another name."
                    ),
                )
            ]
        )
    report.round_exists = True
    report.unchanged = len(rows)
