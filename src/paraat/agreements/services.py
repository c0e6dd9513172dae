"""Write API of the agreements app: atomic, keyword-only, takes the acting user, audits.

History is appended, never overwritten: item edits add an `ActionItemRevision`, progress adds a
`StatusUpdate`, submission moves add a `SubmissionEvent`, closing a round freezes a snapshot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paraat.accounts.models import Membership
from paraat.accounts.roles import Role
from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.audit.services import plain as audit_plain
from paraat.core.bulkinsert import insert_many
from paraat.core.concurrency import StaleEdit
from paraat.core.mail import mail_send
from paraat.core.workflow import Workflow
from paraat.regions.models import Contact, Municipality

from . import figures
from .evidence import evidence_check
from .models import (
    MUNICIPAL_OWNER_TYPES,
    REGION_OWNER_TYPES,
    ActionItem,
    ActionItemRevision,
    AgreementSet,
    Category,
    DueOverride,
    Evidence,
    FollowUp,
    ItemProgress,
    MeasurementRound,
    Quarter,
    ReminderLog,
    RevisionKind,
    RoundResult,
    RoundState,
    SnapshotEntry,
    Status,
    StatusUpdate,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)

DEFAULT_SET_NAME = "Bestuursafspraken weerbaarheid"

ITEM_FIELDS = ("number", "text", "owner_type", "due_year", "due_quarter", "baseline", "note")


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
        agreement_set=AgreementSet(
            region=region, name=DEFAULT_SET_NAME, lag_threshold=region.default_lag_threshold
        ),
        actor=actor,
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
        raise StaleEdit(
            locked, _("Someone else changed this action item while you were editing it.")
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
        detail={"changes": audit_plain(changes)},
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
    _revise(locked, kind=RevisionKind.WITHDRAWN, actor=actor, changes={"reason": [None, reason]})
    audit_log(
        actor=actor,
        action=Action.TRANSITION,
        obj=locked,
        region=locked.region,
        detail={"to": "withdrawn", "reason": reason},
    )
    return locked


@transaction.atomic
def action_item_restore(*, item: ActionItem, reason: str, actor) -> ActionItem:
    """Undo a withdrawal: the item is back in the lists and figures with the progress it had;
    the withdrawal and its reason stay in the item's history."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for restoring the action item."))
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    if not locked.is_withdrawn:
        raise ValidationError(_("This action item is not withdrawn."))
    withdrawn_reason = locked.withdrawn_reason
    locked.is_withdrawn = False
    locked.withdrawn_at = None
    locked.withdrawn_reason = ""
    locked.version += 1
    locked.save()
    _revise(
        locked,
        kind=RevisionKind.RESTORED,
        actor=actor,
        changes={"reason": [withdrawn_reason, ""], "restore_reason": [None, reason.strip()]},
    )
    audit_log(
        actor=actor,
        action=Action.TRANSITION,
        obj=locked,
        region=locked.region,
        detail={"to": "active", "reason": reason.strip()},
    )
    return locked


# --- spreadsheet import: see imports.py (action_list_import) -----------------------------------


# --- progress: status updates -------------------------------------------------------------------

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


PROGRESS_FIELDS = (
    "status",
    "not_applicable_reason",
    "explanation",
    "bottleneck",
    "bottleneck_party",
    "next_step",
    "next_step_date",
    "shared_with_region",
)


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
    round_ = round_open_for(item.region, today=today)
    if round_ is not None and round_.agreement_set_id != item.agreement_set_id:
        round_ = None
    _submission_lock(round_, municipality)
    latest = progress.latest
    data: dict[str, Any]
    if confirm:
        data = (
            {name: getattr(latest, name) for name in PROGRESS_FIELDS}
            if latest
            else {"status": Status.NOT_STARTED}
        )
    else:
        if status not in Status.values:
            raise ValidationError({"status": _("Choose a status.")})
        data = {"status": status, **{k: v for k, v in values.items() if k in PROGRESS_FIELDS}}
        current = progress.status
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
        if (
            current == Status.ACHIEVED
            and status != current
            and not data.get("explanation", "").strip()
        ):
            raise ValidationError(
                {"explanation": _("Explain why an achieved action item is no longer achieved.")}
            )
        if data.get("bottleneck", "").strip() and not data.get("bottleneck_party"):
            raise ValidationError({"bottleneck_party": _("Say who must act on the bottleneck.")})
    for name in PROGRESS_FIELDS:
        data.setdefault(name, {"next_step_date": None, "shared_with_region": False}.get(name, ""))
    data["shared_with_region"] = bool(data["shared_with_region"])
    if data["status"] != Status.NOT_APPLICABLE:
        data["not_applicable_reason"] = ""
    # A bottleneck is solved when the item is achieved, or when the person says so: the new
    # update carries no bottleneck (so it leaves every bottleneck list) and records the solving.
    solved = (
        not confirm
        and latest is not None
        and bool(latest.bottleneck)
        and (data["status"] == Status.ACHIEVED or bottleneck_solved)
    )
    if solved:
        data["bottleneck"], data["bottleneck_party"] = "", ""
    content_type = ""
    if evidence_file is not None:
        content_type = evidence_check(evidence_file)
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
        Evidence.objects.create(
            item=item,
            region_id=item.region_id,
            municipality=municipality,
            status_update=update,
            file=evidence_file or "",
            original_name=(evidence_file.name if evidence_file is not None else "")[:255],
            content_type=content_type,
            size=evidence_file.size if evidence_file is not None else 0,
            link=evidence_link,
            created_by=update.created_by,
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


# --- measurement rounds ------------------------------------------------------------------------

SUBMISSION_WORKFLOW = Workflow.from_moves(
    {
        SubmissionStatus.DRAFT: (SubmissionStatus.SUBMITTED, SubmissionStatus.NOT_SUBMITTED),
        SubmissionStatus.RETURNED: (SubmissionStatus.SUBMITTED, SubmissionStatus.NOT_SUBMITTED),
        SubmissionStatus.SUBMITTED: (SubmissionStatus.ACCEPTED, SubmissionStatus.RETURNED),
        SubmissionStatus.ACCEPTED: (),
        SubmissionStatus.NOT_SUBMITTED: (),
    }
)


def _move_submission(
    submission: Submission, to_status: str, *, actor, remark: str = "", save_event: bool = True
) -> SubmissionEvent:
    """Move a submission (unsaved) along the transition table and record the event (saved,
    unless `save_event` is false: then the caller bulk-inserts it)."""
    if not SUBMISSION_WORKFLOW.allows(submission.status, to_status):
        raise ValidationError(
            _("A submission cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": SubmissionStatus(submission.status).label,
                "to": SubmissionStatus(to_status).label,
            }
        )
    event = SubmissionEvent(
        submission=submission,
        from_status=submission.status,
        to_status=to_status,
        remark=remark,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if save_event:
        event.save()
    submission.status = to_status
    submission.version += 1
    return event


@transaction.atomic
def round_create(
    *,
    region,
    name: str,
    opens_on: dt.date,
    deadline: dt.date,
    actor,
    reminder_days_before: int | None = None,
    agreement_set: AgreementSet | None = None,
) -> MeasurementRound:
    if reminder_days_before is None:  # the region's default (region settings)
        reminder_days_before = region.default_reminder_days
    agreement_set = agreement_set or agreement_set_current(region=region)
    if agreement_set is None:
        raise ValidationError(_("Import or enter the action list before opening a round."))
    if deadline < opens_on:
        raise ValidationError({"deadline": _("The deadline must not be before the opening date.")})
    if MeasurementRound.objects.filter(region=region, state=RoundState.OPEN).exists():
        raise ValidationError(_("Close the open measurement round before opening a new one."))
    round_ = MeasurementRound(
        region=region,
        agreement_set=agreement_set,
        name=name.strip(),
        opens_on=opens_on,
        deadline=deadline,
        reminder_days_before=reminder_days_before,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    round_.full_clean()
    round_.save()
    Submission.objects.bulk_create(
        [
            Submission(round=round_, region=region, municipality=m)
            for m in Municipality.objects.current().filter(region=region)
        ]
    )
    audit_log(actor=actor, action=Action.CREATE, obj=round_, region=region)
    transaction.on_commit(lambda: _mail_round_opened(round_))
    return round_


def _round_items_done(submission: Submission) -> tuple[int, int]:
    """(items filled in or confirmed in the round, items the municipality must answer)."""
    items = (
        ActionItem.objects.active()
        .for_municipalities()
        .filter(agreement_set_id=submission.round.agreement_set_id)
    )
    total = items.count()
    done = (
        StatusUpdate.objects.filter(
            round=submission.round, municipality_id=submission.municipality_id, item__in=items
        )
        .values("item_id")
        .distinct()
        .count()
    )
    return done, total


@transaction.atomic
def submission_submit(*, submission: Submission, actor) -> Submission:
    """The municipality submits: every item must be filled in or confirmed in this round."""
    locked = Submission.objects.select_for_update().select_related("round").get(pk=submission.pk)
    if not locked.round.is_open:
        raise ValidationError(_("This measurement round is closed."))
    done, total = _round_items_done(locked)
    if done < total:
        raise ValidationError(
            ngettext(
                "%(open)s of %(total)s action items is not yet filled in or confirmed in this "
                "round.",
                "%(open)s of %(total)s action items are not yet filled in or confirmed in this "
                "round.",
                total - done,
            )
            % {"open": total - done, "total": total}
        )
    _move_submission(locked, SubmissionStatus.SUBMITTED, actor=actor)
    locked.submitted_at = timezone.now()
    locked.submitted_by = actor
    locked.save()
    audit_log(
        actor=actor,
        action=Action.TRANSITION,
        obj=locked,
        region=locked.round.region,
        detail={"to": locked.status},
    )
    transaction.on_commit(lambda: _mail_submitted(locked))
    return locked


@transaction.atomic
def submission_review(
    *,
    submission: Submission,
    accept: bool,
    remark: str = "",
    actor,
    version: int | None = None,
    items: list[str] | None = None,
) -> Submission:
    """The CFG accepts a submission or returns it with a remark (and the numbers of the
    action items it is about); the contacts are e-mailed."""
    locked = (
        Submission.objects.select_for_update()
        .select_related("round", "municipality")
        .get(pk=submission.pk)
    )
    if version is not None and locked.version != version:
        raise StaleEdit(locked, _("The submission changed while you were reviewing it."))
    if not locked.round.is_open:
        raise ValidationError(_("This measurement round is closed."))
    if not accept and not remark.strip():
        raise ValidationError({"remark": _("Say why the submission is returned.")})
    to_status = SubmissionStatus.ACCEPTED if accept else SubmissionStatus.RETURNED
    _move_submission(locked, to_status, actor=actor, remark=remark.strip())
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = actor
    locked.review_remark = remark.strip()
    locked.review_items = [] if accept else _known_numbers(locked, items or [])
    locked.save()
    audit_log(
        actor=actor,
        action=Action.TRANSITION,
        obj=locked,
        region=locked.round.region,
        detail={"to": locked.status, "remark": locked.review_remark, "items": locked.review_items},
    )
    recipients = municipality_contact_emails(locked.municipality)
    if recipients:
        transaction.on_commit(lambda: _mail_review(locked, recipients))
    return locked


def _known_numbers(submission: Submission, numbers: list[str]) -> list[str]:
    """The given item numbers that are active municipal items of the round, in list order."""
    known = list(
        ActionItem.objects.active()
        .for_municipalities()
        .filter(agreement_set_id=submission.round.agreement_set_id, number__in=numbers)
        .order_by("category__order", "order", "id")
        .values_list("number", flat=True)
    )
    if len(known) != len(set(numbers)):
        raise ValidationError({"items": _("Choose action items of this round.")})
    return known


@transaction.atomic
def round_close_confirmed(
    *,
    measurement_round: MeasurementRound,
    actor,
    reason: str = "",
    accept_submitted: bool = False,
    today: dt.date | None = None,
) -> MeasurementRound:
    """Close a round from the close page, after the CFG has seen the consequences.

    Before the deadline has passed a reason is required; it is kept on the round and in the
    audit trail. Submissions still waiting for review block closing unless the CFG accepts
    them together (`accept_submitted`); returned and unsubmitted ones count as not submitted.
    """
    today = today or timezone.localdate()
    locked = MeasurementRound.objects.select_for_update().get(pk=measurement_round.pk)
    if not locked.is_open:
        raise ValidationError(_("This measurement round is already closed."))
    reason = reason.strip()
    if today <= locked.deadline and not reason:
        raise ValidationError(
            {"reason": _("The deadline has not passed yet: say why the round closes early.")}
        )
    waiting = list(
        Submission.objects.select_for_update()
        .filter(round=locked, status=SubmissionStatus.SUBMITTED)
        .select_related("municipality")
        .order_by("municipality__name")
    )
    if waiting and not accept_submitted:
        raise ValidationError(
            {
                "accept_submitted": ngettext(
                    "%(count)s submission has not been reviewed: review it first, or accept "
                    "it here.",
                    "%(count)s submissions have not been reviewed: review them first, or accept "
                    "them together here.",
                    len(waiting),
                )
                % {"count": len(waiting)}
            }
        )
    for submission in waiting:
        submission_review(submission=submission, accept=True, actor=actor)
    returned = list(
        Submission.objects.filter(round=locked, status=SubmissionStatus.RETURNED)
        .order_by("municipality__name")
        .values_list("municipality__name", flat=True)
    )
    locked.close_reason = reason
    locked.save(update_fields=["close_reason"])
    closed = round_close(measurement_round=locked, actor=actor)
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=closed,
        region=closed.region,
        detail={
            "closed_on": today.isoformat(),
            "deadline": closed.deadline.isoformat(),
            "close_reason": reason,
            "accepted_together": [s.municipality.name for s in waiting],
            "returned_counted_as_not_submitted": returned,
        },
    )
    return closed


def site_link(name: str, **kwargs) -> str:
    """An absolute link for an e-mail: SITE_URL plus the page's path."""
    from django.conf import settings
    from django.urls import reverse

    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def _mail_render(template: str, context: dict, recipients: list[str]) -> None:
    """Render `agreements/email/<template>_subject.txt` and `_body.txt` in Dutch and send."""
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("nl"):
        subject = render_to_string(f"agreements/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"agreements/email/{template}_body.txt", context)
    mail_send(subject=subject, body=body, recipients=recipients)


def workspace_link(municipality) -> str:
    return site_link(
        "agreements:workspace",
        region_code=municipality.region.slug,
        municipality_code=municipality.code,
    )


def cfg_emails(region) -> list[str]:
    """The region's CFGs' addresses: they hear when a municipality submits."""
    return sorted(
        set(
            Membership.objects.filter(
                region=region, role=Role.CFG, is_active=True, user__is_active=True
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def _mail_round_opened(round_: MeasurementRound) -> None:
    """Every municipality's contacts hear that the round is open and when it closes."""
    municipalities = list(
        Municipality.objects.current().filter(region=round_.region_id).select_related("region")
    )
    addresses = _contact_emails_of(municipalities)
    for municipality in municipalities:
        recipients = addresses[municipality.pk]
        if recipients:
            context = {
                "round": round_,
                "municipality": municipality,
                "url": workspace_link(municipality),
            }
            _mail_render("round_opened", context, recipients)


def _mail_submitted(submission: Submission) -> None:
    recipients = cfg_emails(submission.round.region)
    if recipients:
        url = site_link(
            "agreements:submission_detail",
            region_code=submission.round.region.slug,
            pk=submission.round_id,
            municipality_code=submission.municipality.code,
        )
        context = {"submission": submission, "round": submission.round, "url": url}
        _mail_render("submitted", context, recipients)


def municipality_contact_emails(municipality) -> list[str]:
    """The municipal contacts' addresses (users with the role; else the contact cards)."""
    emails = sorted(
        set(
            Membership.objects.filter(
                municipality=municipality,
                role=Role.MUNICIPAL_CONTACT,
                is_active=True,
                user__is_active=True,
            ).values_list("user__email", flat=True)
        )
    )
    if not emails:
        emails = sorted(
            set(
                Contact.objects.filter(municipality=municipality)
                .exclude(email="")
                .values_list("email", flat=True)
            )
        )
    return emails


def _contact_emails_of(municipalities) -> dict[int, list[str]]:
    """`municipality_contact_emails` for many municipalities in two queries."""
    ids = [m.pk for m in municipalities]
    members: dict[int, set[str]] = {pk: set() for pk in ids}
    for mid, email in Membership.objects.filter(
        municipality__in=ids,
        role=Role.MUNICIPAL_CONTACT,
        is_active=True,
        user__is_active=True,
    ).values_list("municipality_id", "user__email"):
        members[mid].add(email)
    cards: dict[int, set[str]] = {pk: set() for pk in ids}
    for mid, email in (
        Contact.objects.filter(municipality__in=ids)
        .exclude(email="")
        .values_list("municipality_id", "email")
    ):
        cards[mid].add(email)
    return {pk: sorted(members[pk] or cards[pk]) for pk in ids}


def _mail_review(submission: Submission, recipients: list[str]) -> None:
    from django.template.loader import render_to_string

    context = {
        "submission": submission,
        "round": submission.round,
        "url": workspace_link(submission.municipality),
    }
    subject = render_to_string("agreements/email/review_subject.txt", context).strip()
    body = render_to_string("agreements/email/review_body.txt", context)
    mail_send(subject=subject, body=body, recipients=recipients)


@transaction.atomic
def round_close(*, measurement_round: MeasurementRound, actor) -> MeasurementRound:
    """Close a round and freeze its snapshot; non-submitters are recorded as not submitted.

    A fixed number of queries however many municipalities and items the region has (the
    national data set closes 125 rounds): submissions, events, snapshot entries and results are
    written in bulk, and the statuses and figures come from one `figures.live_basis`.
    """
    locked = (
        MeasurementRound.objects.select_for_update()
        .select_related("agreement_set")
        .get(pk=measurement_round.pk)
    )
    if not locked.is_open:
        raise ValidationError(_("This measurement round is already closed."))
    reference = locked.reference_date
    # those that existed when the round opened: one archived since keeps its result
    municipalities = list(
        Municipality.objects.current_on(locked.opens_on).filter(region=locked.region_id)
    )
    submissions = _submissions_close(locked, municipalities, actor=actor)
    items = list(
        ActionItem.objects.active()
        .filter(agreement_set_id=locked.agreement_set_id)
        .select_related("category")
    )
    basis = figures.live_basis(
        region=locked.region_id,
        on=reference,
        agreement_set=locked.agreement_set,
        municipality_ids=[m.pk for m in municipalities],
    )
    latest: dict[tuple[int, int | None], tuple[Any, ...]] = {
        (row[0], row[1]): row[2:]
        for row in ItemProgress.objects.filter(item__in=items, latest__isnull=False).values_list(
            "item_id",
            "municipality_id",
            "latest_id",
            "latest__not_applicable_reason",
            "latest__explanation",
            "latest__bottleneck",
            "latest__bottleneck_party",
            "latest__next_step",
            "latest__next_step_date",
            "latest__shared_with_region",
        )
    }
    no_update: tuple[Any, ...] = (None, "", "", "", "", "", None, False)
    entries = []
    results = []
    tracks: list = [(m, submissions[m.pk].status) for m in municipalities]
    tracks.append((None, SubmissionStatus.ACCEPTED))
    for municipality, submission_status in tracks:
        mid = municipality.pk if municipality else None
        track = basis.entries.get(mid, {})
        carried = submission_status == SubmissionStatus.NOT_SUBMITTED
        for item in items:
            entry = track.get(item.pk)
            if entry is None:
                continue
            update_id, na_reason, explanation, bottleneck, party, next_step, next_date, shared = (
                latest.get((item.pk, mid), no_update)
            )
            entries.append(
                SnapshotEntry.of_item(
                    round=locked,
                    municipality=municipality,
                    item=item,
                    status=entry.status,
                    due=entry.due_quarter,
                    not_applicable_reason=na_reason,
                    explanation=explanation,
                    bottleneck=bottleneck,
                    bottleneck_party=party,
                    next_step=next_step,
                    next_step_date=next_date,
                    status_update_id=update_id,
                    shared_with_region=shared,
                    is_carried_over=carried,
                    is_overdue=entry.overdue,
                )
            )
        tally = basis.track_tally(mid)
        results.append(
            RoundResult(
                round=locked,
                municipality=municipality,
                submission_status=submission_status,
                items_total=tally.items_total,
                items_achieved=tally.items_achieved,
                items_applicable=tally.items_applicable,
                items_due=tally.items_due,
                items_due_achieved=tally.items_due_achieved,
                items_overdue=tally.items_overdue,
                lag_threshold=locked.agreement_set.lag_threshold,
            )
        )
    insert_many(entries)
    insert_many(results)
    locked.state = RoundState.CLOSED
    locked.closed_at = timezone.now()
    locked.closed_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.save()
    audit_log(
        actor=actor,
        action=Action.TRANSITION,
        obj=locked,
        region=locked.region,
        detail={
            "to": "closed",
            "not_submitted": [
                s.municipality_id
                for s in submissions.values()
                if s.status == SubmissionStatus.NOT_SUBMITTED
            ],
        },
    )
    return locked


def _submissions_close(
    round_: MeasurementRound, municipalities: list, *, actor
) -> dict[int, Submission]:
    """Every municipality's submission of a closing round, locked; drafts and returned ones
    (and municipalities without one) move to "not submitted", with their events. Four queries."""
    submissions = {
        s.municipality_id: s for s in Submission.objects.select_for_update().filter(round=round_)
    }
    missing = [
        Submission(round=round_, region_id=round_.region_id, municipality=m)
        for m in municipalities
        if m.pk not in submissions
    ]
    if missing:
        Submission.objects.bulk_create(missing)
        if missing[0].pk is None:  # a database that does not return bulk-inserted keys
            created = Submission.objects.filter(
                round=round_, municipality__in=[s.municipality_id for s in missing]
            )
            missing = list(created.select_for_update())
        submissions.update({s.municipality_id: s for s in missing})
    moving = [
        submissions[m.pk]
        for m in municipalities
        if submissions[m.pk].status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
    ]
    events = [
        _move_submission(s, SubmissionStatus.NOT_SUBMITTED, actor=actor, save_event=False)
        for s in moving
    ]
    if moving:
        insert_many(events)
        Submission.objects.filter(pk__in=[s.pk for s in moving]).update(
            status=SubmissionStatus.NOT_SUBMITTED, version=F("version") + 1
        )
    return submissions


# --- reminders ---------------------------------------------------------------------------------


@dataclass
class ReminderResult:
    sent: list[tuple[str, str, list[str]]] = field(default_factory=list)  # round, municipality
    skipped_today: int = 0
    no_address: list[str] = field(default_factory=list)


def reminders_send(
    *, today: dt.date | None = None, days_before: int | None = None
) -> ReminderResult:
    """E-mail the contacts of municipalities that have not submitted an open round.

    Sent `reminder_days_before` days before the deadline (or `days_before`, when given) and on
    the deadline itself; a `ReminderLog` row per round, municipality and day makes a second run
    on the same day send nothing.
    """
    from django.template.loader import render_to_string
    from django.utils import translation

    today = today or timezone.localdate()
    result = ReminderResult()
    rounds = MeasurementRound.objects.filter(state=RoundState.OPEN, opens_on__lte=today)
    for round_ in rounds.select_related("region"):
        if round_.region.regular_cycle_paused:  # scaled up: the regular cycle waits
            continue
        before = round_.reminder_days_before if days_before is None else days_before
        if today not in (round_.deadline, round_.deadline - dt.timedelta(days=before)):
            continue
        waiting = Submission.objects.filter(
            round=round_, status__in=[SubmissionStatus.DRAFT, SubmissionStatus.RETURNED]
        ).select_related("municipality")
        for submission in waiting:
            municipality = submission.municipality
            recipients = municipality_contact_emails(municipality)
            if not recipients:
                result.no_address.append(municipality.name)
                continue
            with transaction.atomic():
                log, created = ReminderLog.objects.get_or_create(
                    round=round_,
                    municipality=municipality,
                    sent_on=today,
                    defaults={"recipients": recipients},
                )
                if not created:
                    result.skipped_today += 1
                    continue
                context = {
                    "round": round_,
                    "municipality": municipality,
                    "url": workspace_link(municipality),
                }
                with translation.override("nl"):
                    subject = render_to_string(
                        "agreements/email/reminder_subject.txt", context
                    ).strip()
                    body = render_to_string("agreements/email/reminder_body.txt", context)
                mail_send(subject=subject, body=body, recipients=recipients)
                audit_log(
                    actor="send_reminders",
                    action=Action.CREATE,
                    obj=log,
                    region=round_.region,
                    object_repr=f"{round_.name} — {municipality.name}",
                    detail={"reminder": True, "recipients": recipients},
                )
            result.sent.append((round_.name, municipality.name, recipients))
    return result


# --- a municipality's own planning and the follow-up log (issue 16) ---------------------------


def _municipal_item_check(item: ActionItem, municipality) -> None:
    if item.region_id != municipality.region_id or item.is_withdrawn:
        raise ValidationError(_("This action item is not on this municipality's list."))
    if item.owner_type not in MUNICIPAL_OWNER_TYPES:
        raise ValidationError(_("This action item is not on this municipality's list."))


@transaction.atomic
def due_override_set(
    *, item: ActionItem, municipality, due: Quarter | None, reason: str, actor
) -> DueOverride | None:
    """Give one municipality its own due quarter for an item, with a reason (plan §4.2), or
    (`due` None) take it back to the item's. Every figure reads it through
    `figures.due_quarter_of`; a closed round keeps what it froze."""
    _municipal_item_check(item, municipality)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for the municipality's own planning."))
    current = (
        DueOverride.objects.select_for_update().filter(item=item, municipality=municipality).first()
    )
    before = str(current.due) if current else None
    if due is None:
        if current is None:
            raise ValidationError(_("This municipality has no planning of its own for this item."))
        current.delete()
        result = None
    else:
        current = current or DueOverride(
            region_id=municipality.region_id, item=item, municipality=municipality
        )
        current.due_year, current.due_quarter = due.year, due.quarter
        current.reason = reason
        current.set_by = actor if getattr(actor, "is_authenticated", False) else None
        current.save()
        result = current
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=item,
        region=municipality.region,
        detail={
            "own_due_quarter": [before, str(due) if due else None],
            "municipality": municipality.code,
            "reason": reason,
        },
    )
    return result


@transaction.atomic
def follow_up_add(
    *,
    municipality,
    held_on: dt.date,
    with_whom: str,
    agreed: str,
    next_on: dt.date | None,
    actor,
) -> FollowUp:
    """Log one follow-up conversation with a municipality (plan §3.4, §5.2 item 4)."""
    if not with_whom.strip() or not agreed.strip():
        raise ValidationError(_("Say with whom you spoke and what was agreed."))
    if next_on is not None and next_on < held_on:
        raise ValidationError(_("The next follow-up cannot be before the conversation."))
    entry = FollowUp.objects.create(
        region_id=municipality.region_id,
        municipality=municipality,
        held_on=held_on,
        with_whom=with_whom.strip(),
        agreed=agreed.strip(),
        next_on=next_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_log(actor=actor, action=Action.CREATE, obj=entry, region=municipality.region)
    return entry
