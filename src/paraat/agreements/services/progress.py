"""Progress on a track (one item for one municipality, or the region): status updates appended,
never overwritten, along `STATUS_WORKFLOW`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.core.concurrency import StaleEdit
from paraat.core.workflow import Workflow

from ..evidence import evidence_check
from ..models import (
    MUNICIPAL_OWNER_TYPES,
    PROGRESS_FIELDS,
    REGION_OWNER_TYPES,
    ActionItem,
    Category,
    Evidence,
    ItemProgress,
    MeasurementRound,
    RoundState,
    Status,
    StatusUpdate,
    Submission,
)

# The explicit transition table for an item's status on one track. Saving the same status again
# (new explanation, evidence, next step) is always allowed. Going back from "achieved" needs an
# explanation (checked in status_update_record).
STATUS_WORKFLOW = Workflow.from_moves(
    {
        Status.NOT_STARTED: (
            Status.STARTED,
            Status.IN_PROGRESS,
            Status.ACHIEVED,
            Status.NOT_APPLICABLE,
        ),
        Status.STARTED: (
            Status.NOT_STARTED,
            Status.IN_PROGRESS,
            Status.ACHIEVED,
            Status.NOT_APPLICABLE,
        ),
        Status.IN_PROGRESS: (Status.STARTED, Status.ACHIEVED, Status.NOT_APPLICABLE),
        Status.ACHIEVED: (Status.IN_PROGRESS,),
        Status.NOT_APPLICABLE: (Status.NOT_STARTED, Status.STARTED, Status.IN_PROGRESS),
    }
)


def status_transition_allowed(from_status: str, to_status: str) -> bool:
    return from_status == to_status or STATUS_WORKFLOW.allows(from_status, to_status)


def round_open_for(region, *, today: dt.date | None = None) -> MeasurementRound | None:
    """The region's open measurement round that has opened by `today`, if any."""
    today = today or timezone.localdate()
    return (
        MeasurementRound.objects.filter(region=region, state=RoundState.OPEN, opens_on__lte=today)
        .order_by("deadline")
        .first()
    )


def _track_check(item: ActionItem, municipality) -> None:
    if item.is_withdrawn:
        raise ValidationError(_("This action item has been withdrawn; progress cannot be added."))
    if municipality is not None:
        if item.owner_type not in MUNICIPAL_OWNER_TYPES:
            raise ValidationError(_("This action item belongs to the region, not a municipality."))
        if municipality.region_id != item.region_id:
            raise ValidationError(_("This municipality is not in the item's region."))
    elif item.owner_type not in REGION_OWNER_TYPES:
        raise ValidationError(_("This action item belongs to the municipalities."))


def _submission_lock(round_, municipality, *, for_update: bool = True) -> Submission | None:
    if round_ is None or municipality is None:
        return None
    queryset = Submission.objects.select_for_update() if for_update else Submission.objects
    submission, _created = queryset.get_or_create(
        round=round_, municipality=municipality, defaults={"region_id": round_.region_id}
    )
    if submission.is_locked_for_municipality:
        raise ValidationError(
            _(
                "The %(round)s submission has been submitted; it can only be changed after the "
                "CFG returns it."
            )
            % {"round": round_.name}
        )
    return submission


@transaction.atomic
def status_update_record(
    *,
    item: ActionItem,
    municipality,
    actor,
    expected_version: int,
    status: str | None = None,
    confirm: bool = False,
    evidence_file=None,
    evidence_link: str = "",
    today: dt.date | None = None,
    bottleneck_solved: bool = False,
    **values,
) -> StatusUpdate:
    """Append a status update to a track (one item for one municipality, or the region).

    `expected_version` is the track version the editor saw: if someone saved in between, a
    StaleEdit carries their update and nothing is written. With `confirm=True` the latest
    values are confirmed unchanged (one action, e.g. during a measurement round).
    """
    _track_check(item, municipality)
    progress = _progress_lock(item, municipality, expected_version=expected_version)
    round_ = _round_of_item(item, today=today)
    _submission_lock(round_, municipality)
    latest = progress.latest
    if confirm:
        data = _confirmed_values(latest)
    else:
        data = _checked_values(progress.status, status, values)
    data = _completed_values(data)
    solved = not confirm and _bottleneck_is_solved(latest, data, said_solved=bottleneck_solved)
    if solved:
        data["bottleneck"], data["bottleneck_party"] = "", ""
    content_type = evidence_check(evidence_file) if evidence_file is not None else ""
    update = StatusUpdate.objects.create(
        item=item,
        region_id=item.region_id,
        municipality=municipality,
        progress=progress,
        sequence=progress.version + 1,
        is_confirmation=confirm,
        bottleneck_solved=solved,
        round=round_,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **data,
    )
    if evidence_file is not None or evidence_link:
        _evidence_add(update, evidence_file, evidence_link, content_type=content_type)
    _progress_advance(progress, update)
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=update,
        region=item.region,
        object_repr=f"{item.number} — {municipality or item.region.display_name}",
        detail={
            "status": update.status,
            "confirmed": confirm,
            "bottleneck_solved": solved,
            "evidence": bool(evidence_file is not None or evidence_link),
            "round": round_.name if round_ else None,
            "shared_with_region": update.shared_with_region,
        },
    )
    return update


def _progress_lock(item: ActionItem, municipality, *, expected_version: int) -> ItemProgress:
    """The track's progress row, locked; StaleEdit when it moved on since the editor saw it."""
    progress, _created = ItemProgress.objects.get_or_create(
        item=item, municipality=municipality, defaults={"region_id": item.region_id}
    )
    progress = (
        ItemProgress.objects.select_for_update(of=("self",))
        .select_related("latest")
        .get(pk=progress.pk)
    )
    if progress.version != expected_version:
        raise StaleEdit(
            progress.latest,
            _("Someone else saved progress on this action item while you were editing it."),
        )
    return progress


def _round_of_item(item: ActionItem, *, today: dt.date | None) -> MeasurementRound | None:
    """The open round the update counts for: only a round of the item's own agreement set."""
    round_ = round_open_for(item.region, today=today)
    if round_ is not None and round_.agreement_set_id != item.agreement_set_id:
        return None
    return round_


def _confirmed_values(latest: StatusUpdate | None) -> dict[str, Any]:
    """The latest values again, for a confirmation; "not started" for a track without any."""
    if latest is None:
        return {"status": Status.NOT_STARTED}
    return {name: getattr(latest, name) for name in PROGRESS_FIELDS}


def _checked_values(current: str, status: str | None, values: dict) -> dict[str, Any]:
    """The new values, after the rules of a status change (ValidationError per field)."""
    if status not in Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    data = {"status": status, **{k: v for k, v in values.items() if k in PROGRESS_FIELDS}}
    if not status_transition_allowed(current, status):
        raise ValidationError(
            {
                "status": _("The status cannot go from “%(from)s” to “%(to)s”.")
                % {"from": Status(current).label, "to": Status(status).label}
            }
        )
    if status == Status.NOT_APPLICABLE and not data.get("not_applicable_reason", "").strip():
        raise ValidationError(
            {"not_applicable_reason": _("Say why this action item does not apply.")}
        )
    if current == Status.ACHIEVED and status != current and not data.get("explanation", "").strip():
        raise ValidationError(
            {"explanation": _("Explain why an achieved action item is no longer achieved.")}
        )
    if data.get("bottleneck", "").strip() and not data.get("bottleneck_party"):
        raise ValidationError({"bottleneck_party": _("Say who must act on the bottleneck.")})
    return data


def _completed_values(data: dict[str, Any]) -> dict[str, Any]:
    """Every progress field present; a reason for "not applicable" only with that status."""
    for name in PROGRESS_FIELDS:
        data.setdefault(name, {"next_step_date": None, "shared_with_region": False}.get(name, ""))
    data["shared_with_region"] = bool(data["shared_with_region"])
    if data["status"] != Status.NOT_APPLICABLE:
        data["not_applicable_reason"] = ""
    return data


def _bottleneck_is_solved(
    latest: StatusUpdate | None, data: dict[str, Any], *, said_solved: bool
) -> bool:
    """A bottleneck is solved when the item is achieved, or when the person says so: the new
    update then carries no bottleneck (so it leaves every bottleneck list) and records it."""
    return (
        latest is not None
        and bool(latest.bottleneck)
        and (data["status"] == Status.ACHIEVED or said_solved)
    )


def _evidence_add(update: StatusUpdate, evidence_file, link: str, *, content_type: str) -> None:
    Evidence.objects.create(
        item=update.item,
        region_id=update.region_id,
        municipality=update.municipality,
        status_update=update,
        file=evidence_file or "",
        original_name=(evidence_file.name if evidence_file is not None else "")[:255],
        content_type=content_type,
        size=evidence_file.size if evidence_file is not None else 0,
        link=link,
        created_by=update.created_by,
    )


def _progress_advance(progress: ItemProgress, update: StatusUpdate) -> None:
    """The track now stands at `update`: its latest, status and version."""
    progress.latest = update
    progress.status = update.status
    progress.version = update.sequence
    progress.updated_at = update.created_at
    progress.save(update_fields=["latest", "status", "version", "updated_at"])


@transaction.atomic
def category_confirm_unchanged(
    *, category: Category, municipality, actor, today: dt.date | None = None
) -> int:
    """Confirm every item of a category that is not yet filled in or confirmed in the round."""
    round_ = round_open_for(category.agreement_set.region, today=today)
    if round_ is None:
        raise ValidationError(_("There is no open measurement round."))
    _submission_lock(round_, municipality)
    done = set(
        StatusUpdate.objects.filter(round=round_, municipality=municipality).values_list(
            "item_id", flat=True
        )
    )
    items = (
        ActionItem.objects.active()
        .for_municipalities()
        .filter(category=category)
        .exclude(pk__in=done)
    )
    versions = dict(
        ItemProgress.objects.filter(municipality=municipality, item__in=items).values_list(
            "item_id", "version"
        )
    )
    count = 0
    for item in items:
        status_update_record(
            item=item,
            municipality=municipality,
            actor=actor,
            expected_version=versions.get(item.pk, 0),
            confirm=True,
            today=today,
        )
        count += 1
    return count
