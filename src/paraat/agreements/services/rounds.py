"""Measurement rounds: open, submit, review along `SUBMISSION_WORKFLOW`, close and freeze."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.core.bulkinsert import insert_many
from paraat.core.concurrency import StaleEdit
from paraat.core.workflow import Workflow
from paraat.regions.models import Municipality

from .. import figures
from ..models import (
    ActionItem,
    AgreementSet,
    ItemProgress,
    MeasurementRound,
    RoundResult,
    RoundState,
    SnapshotEntry,
    StatusUpdate,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from .actionlist import agreement_set_current
from .mails import _mail_review, _mail_round_opened, _mail_submitted, municipality_contact_emails

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
        on=locked.reference_date,
        agreement_set=locked.agreement_set,
        municipality_ids=[m.pk for m in municipalities],
    )
    texts = _latest_texts(items)
    entries, results = [], []
    tracks: list = [(m, submissions[m.pk].status) for m in municipalities]
    tracks.append((None, SubmissionStatus.ACCEPTED))  # the region's own track
    for municipality, submission_status in tracks:
        entries += _snapshot_entries(
            locked, municipality, items, basis=basis, texts=texts, status=submission_status
        )
        results.append(_round_result(locked, municipality, basis=basis, status=submission_status))
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


# What a snapshot entry keeps of a track's latest update, in this order (`_latest_texts`).
_NO_UPDATE: tuple[Any, ...] = (None, "", "", "", "", "", None, False)


def _latest_texts(items: list[ActionItem]) -> dict[tuple[int, int | None], tuple[Any, ...]]:
    """Per (item, municipality) track: the latest update's id and texts, in one query."""
    return {
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


def _snapshot_entries(
    round_: MeasurementRound, municipality, items: list[ActionItem], *, basis, texts, status: str
) -> list[SnapshotEntry]:
    """The frozen rows of one track (unsaved): what the figures counted, with the texts; a
    non-submitter's rows are marked as carried over."""
    mid = municipality.pk if municipality else None
    track = basis.entries.get(mid, {})
    carried = status == SubmissionStatus.NOT_SUBMITTED
    entries = []
    for item in items:
        entry = track.get(item.pk)
        if entry is None:
            continue
        update_id, na_reason, explanation, bottleneck, party, next_step, next_date, shared = (
            texts.get((item.pk, mid), _NO_UPDATE)
        )
        entries.append(
            SnapshotEntry.of_item(
                round=round_,
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
    return entries


def _round_result(round_: MeasurementRound, municipality, *, basis, status: str) -> RoundResult:
    """One track's frozen figures (unsaved), from the same basis as its snapshot."""
    tally = basis.track_tally(municipality.pk if municipality else None)
    return RoundResult(
        round=round_,
        municipality=municipality,
        submission_status=status,
        items_total=tally.items_total,
        items_achieved=tally.items_achieved,
        items_applicable=tally.items_applicable,
        items_due=tally.items_due,
        items_due_achieved=tally.items_due_achieved,
        items_overdue=tally.items_overdue,
        lag_threshold=round_.agreement_set.lag_threshold,
    )


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
