"""Write API of the programme app: keyword-only, takes the acting user, atomic, audited.

Concurrent edits use optimistic locking: the form carries the version it was based on; a save
against a newer version raises `StaleEdit` (core.concurrency) and changes nothing, so the
second writer keeps their input and is told what happened.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from paraat.accounts.models import Membership
from paraat.accounts.roles import Role
from paraat.agreements.selectors import action_items_region_own
from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.audit.services import changes as audit_changes
from paraat.audit.services import plain as audit_plain
from paraat.core.concurrency import check_version
from paraat.core.mail import mail_send
from paraat.core.uploads import check_upload
from paraat.core.workflow import Workflow
from paraat.regions.models import ProgrammePhase, Region
from paraat.regions.services import region_set_phase

from .evaluation import FIELD_KEYS as EVALUATION_KEYS
from .models import (
    ActionState,
    Activity,
    ActivityAttachment,
    ActivityUpdate,
    AgendaItem,
    BodyMember,
    CoreAmbition,
    Decision,
    DeferredWork,
    DocumentStatus,
    DocumentTransition,
    DocumentVersion,
    Evaluation,
    EvaluationVersion,
    Goal,
    Handover,
    Meeting,
    MeetingAction,
    MeetingComment,
    Milestone,
    Programme,
    ProgrammeResult,
    ReportSchedule,
    Risk,
    RiskMeasure,
    RiskRevision,
    StartDocument,
    StartDocumentTransition,
    StartDocumentVersion,
    ThemeTable,
    ThemeTableMember,
    VersionedDocument,
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


# --- versioned documents: start documents and evaluations (issue 18) ------------------------

# (from, to) -> the permission the move needs, on the document: "edit" (a start document's
# table lead and the coordinators; an evaluation's coordinators, the programme team), "adopt"
# (the steering group) or "return" (either of them). One table for every versioned document.
DOCUMENT_WORKFLOW = Workflow(
    moves={
        (DocumentStatus.CONCEPT, DocumentStatus.FOR_DECISION): "programme.edit_document",
        (DocumentStatus.FOR_DECISION, DocumentStatus.CONCEPT): "programme.return_document",
        (DocumentStatus.FOR_DECISION, DocumentStatus.ADOPTED): "programme.adopt_document",
        (DocumentStatus.ADOPTED, DocumentStatus.CONCEPT): "programme.edit_document",
    }
)


def allowed_transitions(*, document: VersionedDocument, user) -> list[str]:
    """The statuses this user may move the document to now."""
    if document.current_number == 0:
        return []
    return DOCUMENT_WORKFLOW.moves_for(user, document, document.status)


@transaction.atomic
def document_version_save(
    *, document: VersionedDocument, content: dict, expected_number: int | None, actor
) -> DocumentVersion:
    """Save a new version of a document (inside the caller's transaction); every earlier
    version is kept. Refused when someone saved in between, or when it is not a concept."""
    locked = type(document)._default_manager.select_for_update().get(pk=document.pk)
    _check(locked, expected_number, current="current_number")
    if locked.status != DocumentStatus.CONCEPT:
        raise ValidationError(
            _("Only a concept can be changed. Take the document back to concept first.")
        )
    locked.current_number += 1
    locked.save(update_fields=["current_number"])
    version = locked.versions.create(number=locked.current_number, content=content, saved_by=actor)
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        region=locked.owner_region,
        object_repr=f"{locked.document_name} v{version.number}",
        detail={"version": version.number},
    )
    document.current_number = locked.current_number
    return version


@transaction.atomic
def document_transition(
    *, document: VersionedDocument, to_status: str, note: str = "", actor
) -> DocumentTransition:
    """Move a document along DOCUMENT_WORKFLOW; adoption records who, when and which version."""
    if document.pk is None:  # a start document never saved (reading one writes nothing)
        raise ValidationError(_("Save a version of the document before changing its status."))
    locked = type(document)._default_manager.select_for_update().get(pk=document.pk)
    perm = (
        DOCUMENT_WORKFLOW.permission(locked.status, to_status)
        if DOCUMENT_WORKFLOW.allows(locked.status, to_status)
        else None
    )
    if perm is None:
        raise ValidationError(_("This status change is not possible."))
    if locked.current_number == 0:
        raise ValidationError(_("Save a version of the document before changing its status."))
    if not actor.has_perm(perm, locked):
        raise PermissionDenied(perm)
    transition = locked.transitions.create(
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
        region=locked.owner_region,
        object_repr=f"{locked.document_name} v{locked.current_number}",
        detail={"status": [transition.from_status, to_status], "note": note},
    )
    return transition


# --- start documents ------------------------------------------------------------------------


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
    return document_version_save(  # type: ignore[return-value]
        document=document,
        content=snapshot_content(table=table, fields=fields),
        expected_number=expected_number,
        actor=actor,
    )


def startdoc_transition(
    *, document: StartDocument, to_status: str, note: str = "", actor
) -> StartDocumentTransition:
    """Move the start document along the one document workflow."""
    return document_transition(  # type: ignore[return-value]
        document=document, to_status=to_status, note=note, actor=actor
    )


# --- evaluations (issue 18) -----------------------------------------------------------------

EVALUATION_FIELDS = ("title", "kind", "period_start", "period_end", "tlp")


@transaction.atomic
def evaluation_create(*, evaluation: Evaluation, actor) -> Evaluation:
    """Start an evaluation for a period; its written sections are then saved in versions."""
    evaluation.created_by = actor
    evaluation.full_clean()
    evaluation.save()
    audit_log(
        actor=actor,
        action=Action.CREATE,
        obj=evaluation,
        region=evaluation.region,
        detail={
            "changes": _changes(
                {}, {f: getattr(evaluation, f) for f in EVALUATION_FIELDS}, every_field=True
            )
        },
    )
    return evaluation


@transaction.atomic
def evaluation_save(
    *, evaluation: Evaluation, fields: dict, expected_number: int | None, actor
) -> EvaluationVersion:
    """Save a new version of the evaluation's conclusions and recommendations."""
    content = {k: (fields.get(k) or "").strip() for k in EVALUATION_KEYS}
    return document_version_save(  # type: ignore[return-value]
        document=evaluation, content=content, expected_number=expected_number, actor=actor
    )


# --- activities -----------------------------------------------------------------------------

ACTIVITY_FIELDS = ("table_id", "title", "description", "owner", "start", "end", "status")


def _check_action_items(activity: Activity, action_items: list, current: set[int]) -> None:
    """Only the region's own items; a new link only to an own or joint item of the current set."""
    if any(item.region_id != activity.region_id for item in action_items):
        raise ValidationError(
            {"action_items": _("An action item of another region cannot be linked.")}
        )
    new = {item.pk for item in action_items} - current
    linkable = action_items_region_own(region=activity.region).filter(pk__in=new)
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
    *,
    activity: Activity,
    date: datetime.date,
    status: str,
    text: str,
    actor,
    bottleneck: str = "",
    bottleneck_owner: str = "",
    files=(),
) -> ActivityUpdate:
    """Append a dated progress update, with a bottleneck (and who must act) and files; the
    activity takes its status. Every file passes core.uploads.check_upload first."""
    if not text.strip():
        raise ValidationError({"text": _("Describe the progress.")})
    bottleneck, bottleneck_owner = bottleneck.strip(), bottleneck_owner.strip()
    if bottleneck_owner and not bottleneck:
        raise ValidationError({"bottleneck": _("Describe the bottleneck, or leave both empty.")})
    if bottleneck and not bottleneck_owner:
        raise ValidationError({"bottleneck_owner": _("Say who must act on the bottleneck.")})
    checked = []
    for upload in files:
        try:
            checked.append((upload, check_upload(upload)))
        except ValidationError as e:
            raise ValidationError({"files": [f"{upload.name}: {m}" for m in e.messages]}) from e
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    update = ActivityUpdate.objects.create(
        activity=locked,
        date=date,
        status=status,
        text=text.strip(),
        bottleneck=bottleneck,
        bottleneck_owner=bottleneck_owner,
        author=actor,
    )
    names = []
    for upload, content_type in checked:
        ActivityAttachment.objects.create(
            update=update,
            region_id=locked.region_id,
            file=upload,
            original_name=upload.name[:255],
            content_type=content_type,
            size=upload.size,
            created_by=actor,
        )
        names.append(upload.name)
    old = locked.status
    locked.status = status
    locked.version += 1
    locked.save(update_fields=["status", "version"])
    activity.status, activity.version = status, locked.version
    detail: dict[str, Any] = {
        "progress": text.strip()[:500],
        "status": [old, status],
        "date": str(date),
    }
    if bottleneck:
        detail["bottleneck"] = {"text": bottleneck[:500], "who": bottleneck_owner}
    if names:
        detail["files"] = names
    audit_log(actor=actor, action=Action.UPDATE, obj=locked, region=locked.region, detail=detail)
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


# --- steering group meetings (issue 18) -----------------------------------------------------

MEETING_FIELDS = ("date", "location", "minutes", "tlp")


@transaction.atomic
def meeting_save(
    *, meeting: Meeting, expected_version: int | None = None, actor, **fields
) -> Meeting:
    """Create or change a meeting (date, location, minutes and their TLP label)."""
    created = meeting.pk is None
    if created:
        for key, value in fields.items():
            setattr(meeting, key, value)
        meeting.created_by = actor if getattr(actor, "is_authenticated", False) else None
        meeting.save()
        changes: dict[str, Any] = {k: str(fields[k])[:200] for k in fields if k != "minutes"}
    else:
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        check_version(locked, expected_version)
        changes = {
            k: [str(getattr(locked, k))[:200], str(v)[:200]]
            for k, v in fields.items()
            if getattr(locked, k) != v
        }
        for key, value in fields.items():
            setattr(locked, key, value)
        locked.version += 1
        locked.save()
        meeting = locked
    audit_log(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        obj=meeting,
        region=meeting.region,
        detail={"changes": changes},
    )
    return meeting


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    kind: str,
    actor,
    startdoc=None,
    risk=None,
    report=None,
) -> AgendaItem:
    for obj in (startdoc, risk, report):
        if obj is not None and obj.region_id != meeting.region_id:
            raise ValidationError(_("This belongs to another region."))
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    order = locked.agenda_items.count() + 1
    item = AgendaItem.objects.create(
        meeting=locked,
        order=order,
        title=title.strip(),
        kind=kind,
        startdoc=startdoc,
        risk=risk,
        report=report,
    )
    audit_log(
        actor=actor,
        action=Action.CREATE,
        obj=item,
        region=locked.region,
        detail={"meeting": str(locked.date), "title": item.title, "kind": kind},
    )
    return item


@transaction.atomic
def decision_add(*, meeting: Meeting, text: str, actor, agenda_item=None) -> Decision:
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the decision.")})
    decision = Decision.objects.create(meeting=meeting, agenda_item=agenda_item, text=text.strip())
    audit_log(
        actor=actor,
        action=Action.CREATE,
        obj=decision,
        region=meeting.region,
        detail={"meeting": str(meeting.date), "decision": decision.text[:500]},
    )
    return decision


@transaction.atomic
def meeting_action_add(
    *, meeting: Meeting, text: str, owner: str, due: datetime.date | None, actor
) -> MeetingAction:
    action = MeetingAction.objects.create(
        region_id=meeting.region_id, meeting=meeting, text=text.strip(), owner=owner, due=due
    )
    audit_log(
        actor=actor,
        action=Action.CREATE,
        obj=action,
        region=meeting.region,
        detail={"meeting": str(meeting.date), "action": action.text[:500], "owner": owner},
    )
    return action


ACTION_TRANSITIONS = {
    ActionState.OPEN: {ActionState.DONE, ActionState.CANCELLED},
    ActionState.DONE: {ActionState.OPEN},
    ActionState.CANCELLED: {ActionState.OPEN},
}


@transaction.atomic
def meeting_action_set_state(*, action: MeetingAction, state: str, actor) -> MeetingAction:
    locked = MeetingAction.objects.select_for_update().get(pk=action.pk)
    if state not in ACTION_TRANSITIONS.get(ActionState(locked.state), set()):
        raise ValidationError(_("This status change is not possible."))
    old = locked.state
    locked.state = state
    locked.closed_on = None if state == ActionState.OPEN else timezone.localdate()
    locked.save(update_fields=["state", "closed_on"])
    audit_log(
        actor=actor,
        action=Action.TRANSITION,
        obj=locked,
        region=locked.region,
        detail={"state": [old, state]},
    )
    return locked


@transaction.atomic
def meeting_comment_add(*, meeting: Meeting, text: str, actor) -> MeetingComment:
    if not text.strip():
        raise ValidationError({"text": _("Write a comment.")})
    comment = MeetingComment.objects.create(meeting=meeting, author=actor, text=text.strip())
    audit_log(
        actor=actor,
        action=Action.CREATE,
        obj=comment,
        region=meeting.region,
        detail={"meeting": str(meeting.date), "comment": comment.text[:500]},
    )
    return comment


# --- scale-up: the phase switch tells everyone concerned (issue 18) ---------------------------

PHASE_NOTIFIED_ROLES = (
    Role.ADMIN,
    Role.COORDINATOR,
    Role.CFG,
    Role.STEERING,
    Role.BOARD,
    Role.MUNICIPAL_CONTACT,
)


def phase_recipients(*, region) -> list[str]:
    """Staff, steering group, board and municipal contacts of the region (active accounts)."""

    return sorted(
        set(
            Membership.objects.filter(
                region=region,
                role__in=PHASE_NOTIFIED_ROLES,
                is_active=True,
                user__is_active=True,
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


@transaction.atomic
def phase_switch(*, region, phase: str, reason: str, actor):
    """Switch the phase (regions.services.region_set_phase) and, once committed, e-mail the
    region's staff, steering group, board and municipal contacts (core.mail.mail_send)."""

    change = region_set_phase(region=region, phase=phase, reason=reason, actor=actor)
    recipients = phase_recipients(region=region)
    subject = _("%(region)s: the resilience programme is now in the %(phase)s phase") % {
        "region": region.display_name,
        "phase": region.get_phase_display(),
    }
    body = _(
        "The resilience programme of %(region)s went from the %(old)s phase to the %(new)s "
        "phase.\n\nReason: %(reason)s\n\nWhat changes in this phase: %(url)s\n"
    ) % {
        "region": region.name,
        "old": ProgrammePhase(change.from_phase).label,
        "new": ProgrammePhase(change.to_phase).label,
        "reason": reason,
        "url": settings.SITE_URL.rstrip("/") + reverse("programme:phase", args=[region.slug]),
    }
    transaction.on_commit(
        lambda: mail_send(subject=subject, body=body, recipients=recipients), robust=True
    )
    return change


@transaction.atomic
def handover_record(
    *,
    region,
    to_part: str,
    contact: str,
    what: str,
    handed_over_on: datetime.date,
    actor,
    table=None,
    activity=None,
    to_detail: str = "",
) -> Handover:
    for obj in (table, activity):
        if obj is not None and obj.region_id != region.pk:
            raise ValidationError(_("This belongs to another region."))
    if table is None and activity is None:
        raise ValidationError(_("Choose the theme table or the activity that hands over."))
    handover = Handover.objects.create(
        region=region,
        table=table or (activity.table if activity else None),
        activity=activity,
        to_part=to_part,
        to_detail=to_detail,
        contact=contact,
        what=what.strip(),
        handed_over_on=handed_over_on,
    )
    audit_log(
        actor=actor,
        action=Action.CREATE,
        obj=handover,
        region=region,
        detail={"to": to_part, "detail": to_detail, "what": handover.what[:500]},
    )
    return handover


@transaction.atomic
def handover_take_back(*, handover: Handover, on: datetime.date, actor) -> Handover:
    locked = Handover.objects.select_for_update().get(pk=handover.pk)
    if locked.taken_back_on is not None:
        raise ValidationError(_("This was taken back already."))
    if on < locked.handed_over_on:
        raise ValidationError(_("It cannot be taken back before it was handed over."))
    locked.taken_back_on = on
    locked.save(update_fields=["taken_back_on"])
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        region=locked.region,
        detail={"taken_back_on": str(on)},
    )
    return locked


@transaction.atomic
def region_set_cycle_pause(*, region, pause: bool, actor) -> None:
    """The region setting: pause round reminders and submission tasks while scaled up."""

    locked = Region.objects.select_for_update().get(pk=region.pk)
    old = locked.pause_cycle_when_scaled
    locked.pause_cycle_when_scaled = pause
    locked.save(update_fields=["pause_cycle_when_scaled"])
    region.pause_cycle_when_scaled = pause
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        detail={"field": "pause_cycle_when_scaled", "from": old, "to": pause},
    )


# --- scheduled reports (issue 18) -----------------------------------------------------------
# The schedules are programme's data; making their reports is the reports app's
# (`paraat.reports.services.schedules_run`), a floor up, which calls these.


@transaction.atomic
def report_schedule_add(
    *, region, kind: str, format: str, audience: str, day_of_month: int, actor
) -> ReportSchedule:
    schedule = ReportSchedule.objects.create(
        region=region,
        kind=kind,
        format=format,
        audience=audience,
        day_of_month=day_of_month,
        created_by=actor,
    )
    audit_log(
        actor=actor,
        action=Action.CREATE,
        obj=schedule,
        region=region,
        detail={"kind": kind, "format": format, "audience": audience, "day": day_of_month},
    )
    return schedule


def report_schedule_claim(*, schedule_id: int, today: datetime.date) -> ReportSchedule | None:
    """Lock a schedule and, if it is due, mark it made for this month; None if it is not due
    (any more). Runs in the caller's transaction, which orders the report and writes the audit
    row before the lock is let go: running twice (or twice at once) makes nothing twice."""
    schedule = (
        ReportSchedule.objects.select_for_update().select_related("region").get(pk=schedule_id)
    )
    if not schedule.is_due(today):
        return None
    schedule.last_run_on = today
    schedule.save(update_fields=["last_run_on"])
    return schedule
