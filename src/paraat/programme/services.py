"""Write API of the programme app: keyword-only, takes the acting user, atomic, audited.

Concurrent edits use optimistic locking: the form carries the version it was based on; a save
against a newer version raises `StaleEdit` (core.concurrency) and changes nothing, so the
second writer keeps their input and is told what happened.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import paraat.permissions  # noqa: F401 — registers the rules this module checks
from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.audit.services import changes as audit_changes
from paraat.audit.services import plain as audit_plain
from paraat.core.concurrency import check_version
from paraat.core.workflow import Workflow

from .models import (
    Activity,
    ActivityUpdate,
    BodyMember,
    CoreAmbition,
    DeferredWork,
    DocumentStatus,
    Goal,
    Milestone,
    Programme,
    ProgrammeResult,
    Risk,
    RiskMeasure,
    RiskRevision,
    StartDocument,
    StartDocumentTransition,
    StartDocumentVersion,
    ThemeTable,
    ThemeTableMember,
)
from .startdoc import DEFERRED_KEYS, FIELD_KEYS, MEMBER_KEYS

CONFLICT = gettext_lazy(
    "Someone else saved this in the meantime. Your changes have not been saved yet: "
    "they are still in the form below. Compare with the current version, then save again."
)


def _check(locked, expected_version: int | None, current: str = "version") -> None:
    check_version(locked, expected_version, message=CONFLICT, current=current)


def _bump(locked, expected_version: int | None) -> None:
    _check(locked, expected_version)
    locked.version += 1


# One change-diff for the whole trail (audit.services): {field: [old, new]}, plain values.
_changes = audit_changes
_plain = audit_plain


# --- programme ------------------------------------------------------------------------------


@transaction.atomic
def programme_save(
    *,
    region,
    vision: str,
    results: list[dict],
    expected_version: int | None,
    actor,
    new_result: str = "",
) -> Programme:
    """Save the vision and the status of each result (`results`: dicts with pk/status/note)."""
    programme, _created = Programme.objects.get_or_create(region=region)
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    _bump(locked, expected_version)
    changes: dict[str, Any] = _changes({"vision": locked.vision}, {"vision": vision})
    locked.vision = vision
    locked.save()
    by_pk = {r.pk: r for r in ProgrammeResult.objects.select_for_update().filter(region=region)}
    for row in results:
        result = by_pk.get(row["pk"])
        if result is None:
            continue
        after = {"status": row["status"], "note": row["note"]}
        diff = _changes({"status": result.status, "note": result.note}, after)
        if diff:
            result.status, result.note = row["status"], row["note"]
            result.save(update_fields=["status", "note"])
            changes[f"result {result.number}"] = diff
    if new_result.strip():
        last = ProgrammeResult.objects.filter(region=region).order_by("-number").first()
        number = (last.number if last else 0) + 1
        ProgrammeResult.objects.create(region=region, number=number, title=new_result.strip())
        changes[f"result {number}"] = ["", new_result.strip()]
    audit_log(actor=actor, action=Action.UPDATE, obj=locked, region=region, detail=changes)
    return locked


@transaction.atomic
def ambitions_save(*, region, rows: list[dict], actor) -> None:
    """Save the core ambitions and their lettered goals. Goals keep their identity by letter,
    so the theme tables that serve them stay linked; removed goals are unlinked."""
    Programme.objects.select_for_update().get_or_create(region=region)
    before = {
        a.number: [a.title, [f"{g.letter}) {g.title}" for g in a.goals.all()]]
        for a in CoreAmbition.objects.filter(region=region).prefetch_related("goals")
    }
    keep = []
    for row in rows:
        ambition, _created = CoreAmbition.objects.update_or_create(
            region=region,
            number=row["number"],
            defaults={"title": row["title"], "description": row["description"]},
        )
        keep.append(ambition.pk)
        letters = []
        for letter, title in row["goals"]:
            Goal.objects.update_or_create(
                ambition=ambition, letter=letter, defaults={"title": title}
            )
            letters.append(letter)
        ambition.goals.exclude(letter__in=letters).delete()
    CoreAmbition.objects.filter(region=region).exclude(pk__in=keep).delete()
    after = {
        r["number"]: [r["title"], [f"{letter}) {title}" for letter, title in r["goals"]]]
        for r in rows
    }
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=region,
        object_repr=_("Core ambitions and goals"),
        detail={"before": before, "after": after},
    )


@transaction.atomic
def body_members_save(*, region, rows: list[dict], actor) -> None:
    """Replace the seats of the steering group and programme team (the audit trail keeps the
    earlier list)."""
    Programme.objects.select_for_update().get_or_create(region=region)
    existing = BodyMember.objects.filter(region=region)
    before = list(existing.values("body", "role", "organisation"))
    existing.delete()
    BodyMember.objects.bulk_create(
        BodyMember(region=region, order=i, **row) for i, row in enumerate(rows)
    )
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=region,
        object_repr=_("Steering group and programme team"),
        detail={"before": before, "after": rows},
    )


# --- theme tables ---------------------------------------------------------------------------

TABLE_FIELDS = ("name", "lead_id", "lead_role", "description", "order")


@transaction.atomic
def theme_table_save(
    *, table: ThemeTable, goals, expected_version: int | None, actor
) -> ThemeTable:
    created = table.pk is None
    before = {}
    if not created:
        locked = ThemeTable.objects.select_for_update().get(pk=table.pk)
        before = {f: getattr(locked, f) for f in TABLE_FIELDS}
        before["goals"] = sorted(locked.goals.values_list("pk", flat=True))
        _check(locked, expected_version)
        table.version = locked.version + 1
    table.full_clean()
    table.save()
    table.goals.set(goals)
    after = {f: getattr(table, f) for f in TABLE_FIELDS}
    after["goals"] = sorted(g.pk for g in goals)
    StartDocument.objects.get_or_create(table=table)
    audit_log(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        obj=table,
        region=table.region,
        detail={"changes": _changes(before, after)},
    )
    return table


@transaction.atomic
def table_members_save(
    *, table: ThemeTable, rows: list[dict], expected_version: int | None, actor
) -> None:
    """Replace the member list (rows with name/role/organisation/expertise); the audit trail
    and the start document versions keep what it was before."""
    locked = ThemeTable.objects.select_for_update().get(pk=table.pk)
    _bump(locked, expected_version)
    locked.save(update_fields=["version"])
    table.version = locked.version
    before = list(locked.members.values(*MEMBER_KEYS))
    locked.members.all().delete()
    ThemeTableMember.objects.bulk_create(
        ThemeTableMember(table=locked, **{k: row.get(k, "") for k in MEMBER_KEYS}) for row in rows
    )
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        region=locked.region,
        detail={"members": {"before": before, "after": rows}},
    )


# --- start documents ------------------------------------------------------------------------

# (from, to) -> who may make the move: "edit" (lead of the table, coordinators), "adopt"
# (steering group members) or "return" (either of them).
STARTDOC_WORKFLOW = Workflow(
    moves={
        (DocumentStatus.CONCEPT, DocumentStatus.FOR_DECISION): "programme.change_table",
        (DocumentStatus.FOR_DECISION, DocumentStatus.CONCEPT): "programme.return_startdocument",
        (DocumentStatus.FOR_DECISION, DocumentStatus.ADOPTED): "programme.adopt_startdocument",
        (DocumentStatus.ADOPTED, DocumentStatus.CONCEPT): "programme.change_table",
    }
)


def allowed_transitions(*, document: StartDocument, user) -> list[str]:
    """The statuses this user may move the document to now."""
    if document.current_number == 0:
        return []
    return STARTDOC_WORKFLOW.moves_for(user, document, document.status)


def snapshot_content(*, table: ThemeTable, fields: dict) -> dict:
    content = {k: (fields.get(k) or "").strip() for k in FIELD_KEYS}
    content["members"] = list(table.members.order_by("id").values(*MEMBER_KEYS))
    content["deferred_register"] = [
        {k: _plain(v) for k, v in row.items()}
        for row in table.deferred_work.order_by("id").values(*DEFERRED_KEYS)
    ]
    content["table_name"] = table.name
    content["lead"] = table.lead.get_full_name() if table.lead is not None else table.lead_role
    return content


@transaction.atomic
def startdoc_save(
    *, table: ThemeTable, fields: dict, expected_number: int | None, actor
) -> StartDocumentVersion:
    """Save a new version of the start document; every earlier version is kept."""
    document, _created = StartDocument.objects.get_or_create(table=table)
    locked = StartDocument.objects.select_for_update().get(pk=document.pk)
    _check(locked, expected_number, current="current_number")
    if locked.status != DocumentStatus.CONCEPT:
        raise ValidationError(
            _("Only a concept can be changed. Take the document back to concept first.")
        )
    locked.current_number += 1
    locked.save(update_fields=["current_number"])
    version = StartDocumentVersion.objects.create(
        document=locked,
        number=locked.current_number,
        content=snapshot_content(table=table, fields=fields),
        saved_by=actor,
    )
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        region=table.region,
        object_repr=f"{_('Start document')} {table.name} v{version.number}",
        detail={"version": version.number},
    )
    return version


@transaction.atomic
def startdoc_transition(
    *, document: StartDocument, to_status: str, note: str = "", actor
) -> StartDocumentTransition:
    """Move the document along the transition table; adoption records who and when."""
    locked = StartDocument.objects.select_for_update().select_related("table").get(pk=document.pk)
    perm = (
        STARTDOC_WORKFLOW.permission(locked.status, to_status)
        if STARTDOC_WORKFLOW.allows(locked.status, to_status)
        else None
    )
    if perm is None:
        raise ValidationError(_("This status change is not possible."))
    if locked.current_number == 0:
        raise ValidationError(_("Save the start document before changing its status."))
    if not actor.has_perm(perm, locked):
        raise PermissionDenied(perm)
    transition = StartDocumentTransition.objects.create(
        document=locked,
        from_status=locked.status,
        to_status=to_status,
        version_number=locked.current_number,
        note=note,
        actor=actor,
    )
    locked.status = to_status
    if to_status == DocumentStatus.ADOPTED:
        locked.adopted_at = timezone.now()
        locked.adopted_by = actor
        locked.adopted_number = locked.current_number
    locked.save()
    document.refresh_from_db()
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        region=locked.table.region,
        object_repr=f"{_('Start document')} {locked.table.name} v{locked.current_number}",
        detail={"status": [transition.from_status, to_status], "note": note},
    )
    return transition


# --- activities -----------------------------------------------------------------------------

ACTIVITY_FIELDS = ("table_id", "title", "description", "owner", "start", "end", "status")


def _check_action_items(activity: Activity, action_items: list, current: set[int]) -> None:
    """Only the region's own items; a new link only to an own or joint item of the current set."""
    from .forms import linkable_action_items

    if any(item.region_id != activity.region_id for item in action_items):
        raise ValidationError(
            {"action_items": _("An action item of another region cannot be linked.")}
        )
    new = {item.pk for item in action_items} - current
    linkable = linkable_action_items(activity.region).filter(pk__in=new)
    allowed = set(linkable.values_list("pk", flat=True))
    if new - allowed:
        raise ValidationError(
            {
                "action_items": _(
                    "Only the region's own and joint action items of the current agreements "
                    "can be linked."
                )
            }
        )


def _numbers(items) -> list[str]:
    return sorted(item.number for item in items)


@transaction.atomic
def activity_save(
    *,
    activity: Activity,
    milestones: list[dict],
    expected_version: int | None,
    actor,
    action_items=None,
) -> Activity:
    """Create or change an activity and replace its milestones (dicts: title, due, reached).

    `action_items`: the agreements' action items it carries out (replaces the links); None
    leaves the links as they are."""
    created = activity.pk is None
    before = {}
    current_items = [] if created else list(activity.action_items.all())
    if action_items is not None:
        action_items = list(action_items)
        _check_action_items(activity, action_items, {item.pk for item in current_items})
    if not created:
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        _check(locked, expected_version)
        before = {f: _plain(getattr(locked, f)) for f in ACTIVITY_FIELDS}
        before["milestones"] = [
            {"title": m.title, "due": m.due.isoformat(), "reached": m.reached}
            for m in locked.milestones.all()
        ]
        before["action_items"] = _numbers(current_items)
        activity.version = locked.version + 1
    if activity.start and activity.end and activity.end < activity.start:
        raise ValidationError({"end": _("The end date lies before the start date.")})
    activity.full_clean()
    activity.save()
    activity.milestones.all().delete()
    Milestone.objects.bulk_create(Milestone(activity=activity, **m) for m in milestones)
    if action_items is not None:
        activity.action_items.set(action_items)
    after = {f: _plain(getattr(activity, f)) for f in ACTIVITY_FIELDS}
    after["action_items"] = _numbers(action_items if action_items is not None else current_items)
    if created:
        before["action_items"] = []
    after["milestones"] = [
        {"title": m["title"], "due": _plain(m["due"]), "reached": m["reached"]} for m in milestones
    ]
    audit_log(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        obj=activity,
        region=activity.region,
        detail={"changes": _changes(before, after), "action_items": after["action_items"]},
    )
    return activity


@transaction.atomic
def activity_add_update(
    *, activity: Activity, date: datetime.date, status: str, text: str, actor
) -> ActivityUpdate:
    """Append a dated progress update; the activity takes its status."""
    if not text.strip():
        raise ValidationError({"text": _("Describe the progress.")})
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    update = ActivityUpdate.objects.create(
        activity=locked, date=date, status=status, text=text.strip(), author=actor
    )
    old = locked.status
    locked.status = status
    locked.version += 1
    locked.save(update_fields=["status", "version"])
    activity.status, activity.version = status, locked.version
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        region=locked.region,
        detail={"progress": text.strip()[:500], "status": [old, status], "date": str(date)},
    )
    return update


# --- deferred work --------------------------------------------------------------------------

DEFERRED_FIELDS = ("table_id", "task", "team", "impact", "accepted_by", "until")


@transaction.atomic
def deferred_save(*, item: DeferredWork, expected_version: int | None, actor) -> DeferredWork:
    created = item.pk is None
    before = {}
    if not created:
        locked = DeferredWork.objects.select_for_update().get(pk=item.pk)
        _check(locked, expected_version)
        before = {f: _plain(getattr(locked, f)) for f in DEFERRED_FIELDS}
        item.version = locked.version + 1
    item.full_clean()
    item.save()
    after = {f: _plain(getattr(item, f)) for f in DEFERRED_FIELDS}
    audit_log(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        obj=item,
        region=item.region,
        detail={"changes": _changes(before, after)},
    )
    return item


# --- risks and opportunities ----------------------------------------------------------------

RISK_FIELDS = (
    "kind",
    "number",
    "title",
    "description",
    "cause",
    "effect",
    "likelihood",
    "impact",
    "owner",
    "review_date",
    "state",
    "table_id",
)


def risk_snapshot(risk: Risk, measures: Iterable[Mapping[str, Any]]) -> dict:
    data = {f: _plain(getattr(risk, f)) for f in RISK_FIELDS}
    data["measures"] = [{"text": m["text"], "status": m["status"]} for m in measures]
    return data


@transaction.atomic
def risk_save(*, risk: Risk, measures: list[dict], expected_version: int | None, actor) -> Risk:
    """Create or change a risk or opportunity and its measures; a revision keeps each state."""
    created = risk.pk is None
    before = {}
    if not created:
        locked = Risk.objects.select_for_update().get(pk=risk.pk)
        _check(locked, expected_version)
        before = risk_snapshot(locked, list(locked.measures.values("text", "status")))
        risk.version = locked.version + 1
    elif not risk.number:
        last = Risk.objects.filter(region=risk.region, kind=risk.kind).order_by("-number").first()
        risk.number = (last.number if last else 0) + 1
    risk.full_clean()
    risk.save()
    risk.measures.all().delete()
    RiskMeasure.objects.bulk_create(RiskMeasure(risk=risk, **m) for m in measures)
    after = risk_snapshot(risk, measures)
    RiskRevision.objects.create(
        risk=risk,
        likelihood=risk.likelihood,
        impact=risk.impact,
        state=risk.state,
        snapshot=after,
        actor=actor,
    )
    audit_log(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        obj=risk,
        region=risk.region,
        detail={"changes": _changes(before, after)},
    )
    return risk
