"""Write API of the agreements app: atomic, keyword-only, takes the acting user, audits.

History is appended, never overwritten: item edits add an `ActionItemRevision`, progress adds a
`StatusUpdate`, submission moves add a `SubmissionEvent`, closing a round freezes a snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from paraat.audit.models import Action
from paraat.audit.services import audit_log

from . import spreadsheet
from .models import (
    ActionItem,
    ActionItemRevision,
    AgreementSet,
    Category,
    RevisionKind,
)

DEFAULT_SET_NAME = "Bestuursafspraken weerbaarheid"

ITEM_FIELDS = ("number", "text", "owner_type", "due_year", "due_quarter", "baseline", "note")


class ConflictError(Exception):
    """Someone else saved first (optimistic locking); nothing was written."""

    def __init__(self, message: str, current=None):
        super().__init__(message)
        self.current = current


def _item_data(item: ActionItem) -> dict:
    data = {name: getattr(item, name) for name in ITEM_FIELDS}
    data["category"] = item.category.name
    data["is_withdrawn"] = item.is_withdrawn
    return data


def _revise(item: ActionItem, *, kind: str, actor, changes: dict | None = None) -> None:
    ActionItemRevision.objects.create(
        item=item,
        version=item.version,
        kind=kind,
        data=_item_data(item),
        changes=changes or {},
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


# --- agreement sets and categories --------------------------------------------------------------


def agreement_set_current(*, region, create: bool = False, actor=None) -> AgreementSet | None:
    """The region's current agreement set (optionally created empty when there is none)."""
    found = AgreementSet.objects.filter(region=region, is_current=True).order_by("-id").first()
    if found or not create:
        return found
    return agreement_set_save(
        agreement_set=AgreementSet(region=region, name=DEFAULT_SET_NAME), actor=actor
    )


@transaction.atomic
def agreement_set_save(*, agreement_set: AgreementSet, actor) -> AgreementSet:
    created = agreement_set.pk is None
    agreement_set.full_clean()
    agreement_set.save()
    audit_log(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        obj=agreement_set,
        region=agreement_set.region,
    )
    return agreement_set


@transaction.atomic
def category_save(*, category: Category, actor) -> Category:
    created = category.pk is None
    if created and not category.order:
        top = category.agreement_set.categories.aggregate(m=Max("order"))["m"]
        category.order = (top or 0) + 1
    category.full_clean()
    category.save()
    audit_log(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        obj=category,
        region=category.agreement_set.region,
    )
    return category


# --- action items -------------------------------------------------------------------------------


@transaction.atomic
def action_item_create(*, agreement_set: AgreementSet, actor, **values) -> ActionItem:
    top = agreement_set.items.aggregate(m=Max("order"))["m"] or 0
    item = ActionItem(
        agreement_set=agreement_set, region=agreement_set.region, order=top + 1, **values
    )
    item.full_clean()
    item.save()
    _revise(item, kind=RevisionKind.CREATED, actor=actor)
    audit_log(actor=actor, action=Action.CREATE, obj=item, region=agreement_set.region)
    return item


@transaction.atomic
def action_item_update(*, item: ActionItem, version: int, actor, **values) -> ActionItem:
    """Change an item's fields; `version` is what the editor saw (optimistic locking)."""
    locked = ActionItem.objects.select_for_update().select_related("category").get(pk=item.pk)
    if locked.version != version:
        raise ConflictError(
            _("Someone else changed this action item while you were editing it."), locked
        )
    changes = {}
    for name, value in values.items():
        old = getattr(locked, name)
        if name == "category":
            if old.pk != value.pk:
                changes[name] = [old.name, value.name]
        elif old != value:
            changes[name] = [old, value]
        setattr(locked, name, value)
    if not changes:
        return locked
    locked.version += 1
    locked.full_clean()
    locked.save()
    _revise(locked, kind=RevisionKind.EDITED, actor=actor, changes=changes)
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        region=locked.region,
        detail={"changes": _jsonable(changes)},
    )
    return locked


@transaction.atomic
def action_item_withdraw(*, item: ActionItem, reason: str, actor) -> ActionItem:
    """Withdraw an item: it leaves the lists and figures, its progress history stays."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for withdrawing the action item."))
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    if locked.is_withdrawn:
        raise ValidationError(_("This action item has already been withdrawn."))
    locked.is_withdrawn = True
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_reason = reason.strip()
    locked.version += 1
    locked.save()
    _revise(locked, kind=RevisionKind.WITHDRAWN, actor=actor, changes={"reason": reason})
    audit_log(
        actor=actor,
        action=Action.TRANSITION,
        obj=locked,
        region=locked.region,
        detail={"to": "withdrawn", "reason": reason},
    )
    return locked


@transaction.atomic
def action_item_restore(*, item: ActionItem, actor) -> ActionItem:
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    if not locked.is_withdrawn:
        raise ValidationError(_("This action item is not withdrawn."))
    locked.is_withdrawn = False
    locked.withdrawn_at = None
    locked.version += 1
    locked.save()
    _revise(locked, kind=RevisionKind.RESTORED, actor=actor)
    audit_log(
        actor=actor,
        action=Action.TRANSITION,
        obj=locked,
        region=locked.region,
        detail={"to": "active"},
    )
    return locked


def _jsonable(changes: dict) -> dict:
    return {
        key: [v if isinstance(v, str | int | float | bool | None) else str(v) for v in pair]
        for key, pair in changes.items()
    }


# --- spreadsheet import -------------------------------------------------------------------------


class ImportFailed(Exception):
    """The file was refused whole; `problems` lists every one (sheet, row, column, value)."""

    def __init__(self, problems: list):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)  # numbers
    updated: dict[str, dict] = field(default_factory=dict)  # number → {field: [old, new]}
    unchanged: list[str] = field(default_factory=list)
    new_categories: list[str] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated or self.new_categories)

    def lines(self) -> list[str]:
        """The report in the interface language (Dutch by default)."""
        out = []
        if not self.changed_anything:
            out.append(
                _("Nothing changed: all %(count)s action items were already up to date.")
                % {"count": len(self.unchanged)}
            )
        else:
            out.append(
                _("%(created)s new, %(updated)s changed, %(unchanged)s unchanged action items.")
                % {
                    "created": len(self.created),
                    "updated": len(self.updated),
                    "unchanged": len(self.unchanged),
                }
            )
        if self.new_categories:
            out.append(_("New categories: %(names)s.") % {"names": ", ".join(self.new_categories)})
        if self.created:
            out.append(_("New: %(numbers)s.") % {"numbers": ", ".join(self.created)})
        labels = {
            "text": _("action"),
            "category": _("category"),
            "owner_type": _("owner"),
            "due": _("due quarter"),
            "baseline": _("baseline"),
            "note": _("note"),
        }
        for number, changes in self.updated.items():
            what = ", ".join(str(labels.get(name, name)) for name in changes)
            out.append(_("%(number)s: changed %(fields)s.") % {"number": number, "fields": what})
        if self.not_in_file:
            out.append(
                _("Not in the file, left as they are: %(numbers)s.")
                % {"numbers": ", ".join(self.not_in_file)}
            )
        if self.dry_run:
            out.append(_("Trial run: nothing has been saved."))
        return out


class _DryRun(Exception):
    pass


def action_list_import(
    *,
    region,
    data: bytes,
    filename: str,
    actor,
    dry_run: bool = False,
    agreement_set: AgreementSet | None = None,
) -> ImportReport:
    """Import an action list: all rows or nothing. Items are matched by number.

    Raises ImportFailed with every problem when any row is invalid; the database is unchanged.
    With dry_run the same report is returned but everything is rolled back.
    """
    current = agreement_set or agreement_set_current(region=region)
    years = None
    if current and current.period_start and current.period_end:
        years = (current.period_start, current.period_end)
    parsed = spreadsheet.parse_action_list(data, filename, region=region, years=years)
    if parsed.problems:
        audit_log(
            actor=actor,
            action=Action.IMPORT,
            region=region,
            result="failed",
            object_repr=filename,
            detail={"problems": len(parsed.problems)},
        )
        raise ImportFailed(parsed.problems)
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            _apply_import(region, parsed.rows, report, actor, agreement_set, filename)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _apply_import(region, rows, report, actor, agreement_set, filename) -> None:
    target = agreement_set or agreement_set_current(region=region, create=True, actor=actor)
    target = AgreementSet.objects.select_for_update().get(pk=target.pk)
    categories = {c.name: c for c in target.categories.all()}
    top_order = max((c.order for c in categories.values()), default=0)
    for row in rows:
        if row.category not in categories:
            top_order += 1
            categories[row.category] = Category.objects.create(
                agreement_set=target, name=row.category, order=top_order
            )
            report.new_categories.append(row.category)
    existing = {
        item.number: item
        for item in ActionItem.objects.select_for_update()
        .filter(agreement_set=target)
        .select_related("category")
    }
    item_order = max((i.order for i in existing.values()), default=0)
    for row in rows:
        values = {
            "text": row.text,
            "category": categories[row.category],
            "owner_type": row.owner_type,
            "due_year": row.due.year if row.due else None,
            "due_quarter": row.due.quarter if row.due else None,
            "baseline": row.baseline,
            "note": row.note,
        }
        item = existing.pop(row.number, None)
        if item is None:
            item_order += 1
            item = ActionItem(
                agreement_set=target, region=region, number=row.number, order=item_order, **values
            )
            item.full_clean()
            item.save()
            _revise(item, kind=RevisionKind.IMPORTED, actor=actor, changes={"created": True})
            report.created.append(row.number)
            continue
        changes = {}
        if item.due != row.due:
            changes["due"] = [str(item.due or ""), str(row.due or "")]
        for name, value in values.items():
            old = getattr(item, name)
            if name == "category":
                if old.pk != value.pk:
                    changes["category"] = [old.name, value.name]
            elif name not in ("due_year", "due_quarter") and old != value:
                changes[name] = [old, value]
            setattr(item, name, value)
        if not changes:
            report.unchanged.append(row.number)
            continue
        item.version += 1
        item.full_clean()
        item.save()
        _revise(item, kind=RevisionKind.IMPORTED, actor=actor, changes=_jsonable(changes))
        report.updated[row.number] = changes
    report.not_in_file = sorted(n for n, i in existing.items() if not i.is_withdrawn)
    audit_log(
        actor=actor,
        action=Action.IMPORT,
        obj=target,
        region=region,
        object_repr=filename,
        detail={
            "file": filename,
            "created": report.created,
            "updated": sorted(report.updated),
            "unchanged": len(report.unchanged),
            "dry_run": report.dry_run,
        },
    )
