"""Read queries of the agreements app, for its own views and for other apps (dashboard, reports).

Progress figures (achieved, due, overdue, their shares, standing, systematic lag) are computed in
one module only, `figures.py`; read them there. A municipality answers for items owned by
municipalities or jointly (`MUNICIPAL_OWNER_TYPES`); the region's own track (municipality None)
covers region and joint items.

All functions run a fixed number of queries, whatever the number of municipalities or items.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from paraat.permissions import progress_text_q

from . import figures
from .models import (
    MUNICIPAL_OWNER_TYPES,
    REGION_OWNER_TYPES,
    ActionItem,
    AgreementSet,
    Category,
    DueOverride,
    Evidence,
    FollowUp,
    ItemProgress,
    MeasurementRound,
    Party,
    RoundResult,
    RoundState,
    SnapshotEntry,
    Status,
    StatusUpdate,
    Submission,
    SubmissionStatus,
)

if TYPE_CHECKING:
    from paraat.regions.models import Municipality, Region


def agreement_set_current(*, region: Region) -> AgreementSet | None:
    return AgreementSet.objects.filter(region=region, is_current=True).order_by("-id").first()


# --- figures: see `figures.py` -----------------------------------------------------------------


def closed_rounds(*, region: Region, limit: int | None = None) -> list[MeasurementRound]:
    """The region's closed rounds, most recent (by deadline) first."""
    return figures.closed_rounds(region=region, limit=limit)


def round_results(*, measurement_round: MeasurementRound) -> list[RoundResult]:
    """The frozen figures of a closed round, per municipality (region track last)."""
    return list(
        RoundResult.objects.filter(round=measurement_round)
        .select_related("municipality")
        .order_by("municipality__name")
    )


# --- the action list ---------------------------------------------------------------------------


def categories_with_items(
    *, agreement_set: AgreementSet, include_withdrawn: bool = False
) -> list[Category]:
    items = ActionItem.objects.order_by("order", "id")
    if not include_withdrawn:
        items = items.filter(is_withdrawn=False)
    return list(
        agreement_set.categories.order_by("order", "name").prefetch_related(
            Prefetch("items", queryset=items, to_attr="item_list")
        )
    )


def categories_current(*, region: Region) -> QuerySet[Category]:
    """The categories of the region's current action list, the only ones a form offers (a
    queryset for a choice field, which other apps may widen with `|`). One query when read."""
    return Category.objects.filter(
        agreement_set__region=region, agreement_set__is_current=True
    ).order_by("agreement_set_id", "order", "name")


def action_items_current(*, region: Region) -> QuerySet[ActionItem]:
    """The items of the region's current action list that are not withdrawn, with their
    category, in the list's order (a queryset for a choice field). One query when read."""
    return (
        ActionItem.objects.filter(region=region, agreement_set__is_current=True, is_withdrawn=False)
        .select_related("category")
        .order_by("agreement_set_id", "category__order", "order", "id")
    )


def action_items_region_own(*, region: Region) -> QuerySet[ActionItem]:
    """The region's own and joint items of its current action list, not withdrawn: those a
    programme activity may carry out (a queryset for a choice field and for checking a link).
    One query when read."""
    return ActionItem.objects.filter(
        region=region,
        is_withdrawn=False,
        agreement_set__is_current=True,
        owner_type__in=REGION_OWNER_TYPES,
    ).select_related("category")


def action_items_for_export(*, agreement_set: AgreementSet) -> QuerySet[ActionItem]:
    return (
        ActionItem.objects.filter(agreement_set=agreement_set)
        .select_related("category")
        .order_by("category__order", "order", "id")
    )


# --- the workspace -----------------------------------------------------------------------------


@dataclass
class WorkspaceRow:
    item: ActionItem
    progress: ItemProgress | None
    overdue: bool
    done_in_round: bool
    evidence_count: int = 0
    own_planning: DueOverride | None = None  # the municipality's own due quarter (issue 16)

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else Status.NOT_STARTED

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def latest(self) -> StatusUpdate | None:
        return self.progress.latest if self.progress else None

    @property
    def version(self) -> int:
        return self.progress.version if self.progress else 0


@dataclass
class WorkspaceGroup:
    category: Category
    rows: list[WorkspaceRow]

    @property
    def open_in_round(self) -> int:
        return sum(1 for r in self.rows if not r.done_in_round)


# what the workspace's "show" filter offers ("open" only while a round is open), in its order
WORKSPACE_FILTERS = {
    "all": _("all action items"),
    "overdue": _("only overdue"),
    "not_achieved": _("not yet achieved"),
    "bottleneck": _("with a bottleneck"),
    "open": _("still to do in this round"),
}


def own_planning(
    *, municipality: Municipality, agreement_set: AgreementSet | None = None
) -> dict[int, DueOverride]:
    """A municipality's own due quarters (item id → `DueOverride`, with its reason), for the
    pages that say where it has its own planning. One query."""
    rows = DueOverride.objects.filter(municipality=municipality)
    if agreement_set is not None:
        rows = rows.filter(item__agreement_set=agreement_set)
    return {o.item_id: o for o in rows}


def workspace(
    *,
    region: Region,
    municipality: Municipality | None,
    on: dt.date | None = None,
    status: str = "",
    show: str = "all",
    measurement_round: MeasurementRound | None = None,
) -> list[WorkspaceGroup]:
    """A track's items grouped by category, overdue items first within each category.

    `municipality` None gives the region's own (and joint) items. Six queries.
    """
    on = on or timezone.localdate()
    agreement_set = agreement_set_current(region=region)
    if agreement_set is None:
        return []
    owner_types = MUNICIPAL_OWNER_TYPES if municipality is not None else REGION_OWNER_TYPES
    items = list(
        ActionItem.objects.active()
        .filter(agreement_set=agreement_set, owner_type__in=owner_types)
        .select_related("category")
        .order_by("category__order", "order", "id")
    )
    progress = {
        p.item_id: p
        for p in ItemProgress.objects.filter(
            item__in=items, municipality=municipality
        ).select_related("latest", "latest__created_by")
    }
    evidence_counts = dict(
        Evidence.objects.filter(item__in=items, municipality=municipality)
        .values("item_id")
        .annotate(n=Count("pk"))
        .values_list("item_id", "n")
    )
    own = {}
    if municipality is not None:
        own = own_planning(municipality=municipality, agreement_set=agreement_set)
    done = set()
    if measurement_round is not None and municipality is not None:
        done = set(
            StatusUpdate.objects.filter(
                round=measurement_round, municipality=municipality
            ).values_list("item_id", flat=True)
        )
    groups: dict[int, WorkspaceGroup] = {}
    for item in items:
        track = progress.get(item.pk)
        current = track.status if track else Status.NOT_STARTED
        planning = own.get(item.pk)
        mid = getattr(municipality, "pk", None)
        overrides: figures.DueOverrides | None = (
            {(item.pk, mid): planning.due}
            if planning and mid is not None and planning.due
            else None
        )
        due = figures.is_due(figures.due_quarter_of(item, mid, overrides), on)
        overdue = figures.is_overdue(status=current, due=due)
        row = WorkspaceRow(
            item, track, overdue, item.pk in done, evidence_counts.get(item.pk, 0), planning
        )
        if status and current != status:
            continue
        if show == "overdue" and not overdue:
            continue
        if show == "open" and row.done_in_round:
            continue
        if show == "not_achieved" and current == Status.ACHIEVED:
            continue
        if show == "bottleneck" and not (row.latest and row.latest.bottleneck):
            continue
        group = groups.setdefault(item.category_id, WorkspaceGroup(item.category, []))
        group.rows.append(row)
    for group in groups.values():
        group.rows.sort(key=lambda r: (not r.overdue, r.item.order, r.item.pk))
    return list(groups.values())


def track(
    *, item: ActionItem, municipality: Municipality | None
) -> tuple[ItemProgress | None, list[StatusUpdate]]:
    """The current progress and the full history (newest first) of one track, with evidence."""
    progress = (
        ItemProgress.objects.filter(item=item, municipality=municipality)
        .select_related("latest", "latest__created_by")
        .first()
    )
    history = list(
        StatusUpdate.objects.filter(item=item, municipality=municipality)
        .select_related("created_by", "round")
        .prefetch_related("evidence")
        .order_by("-sequence")
    )
    return progress, history


def bottlenecks_current(
    *,
    region: Region,
    municipality: Municipality | None = None,
    steering_group: bool = False,
    limit: int = 200,
) -> list[ItemProgress]:
    """The tracks whose latest update names a bottleneck (of one municipality, when given),
    with that update, the item and the municipality; `steering_group` keeps those the region, a
    partner or the nation must act on. By municipality and item, at most `limit`. One query."""
    qs = ItemProgress.objects.filter(region=region, latest__isnull=False).exclude(
        latest__bottleneck=""
    )
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    if steering_group:
        qs = qs.filter(latest__bottleneck_party__in=[Party.REGION, Party.NATIONAL, Party.PARTNER])
    return list(
        qs.select_related("latest", "item", "municipality").order_by(
            "municipality__name", "item__order", "item__id"
        )[:limit]
    )


# --- rounds ------------------------------------------------------------------------------------


def rounds_for_region(*, region: Region) -> list[MeasurementRound]:
    return list(
        MeasurementRound.objects.filter(region=region)
        .annotate(
            n_submitted=Count(
                "submissions",
                filter=Q(
                    submissions__status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED]
                ),
            ),
            n_submissions=Count("submissions"),
        )
        .order_by("-deadline", "-id")
    )


@dataclass
class SubmissionRow:
    submission: Submission
    done: int
    total: int


def round_overview(*, measurement_round: MeasurementRound) -> list[SubmissionRow]:
    """Each municipality's submission with how many items it filled in or confirmed. 3 queries."""
    total = (
        ActionItem.objects.active()
        .for_municipalities()
        .filter(agreement_set_id=measurement_round.agreement_set_id)
        .count()
    )
    done = dict(
        StatusUpdate.objects.filter(
            round=measurement_round, item__is_withdrawn=False, municipality__isnull=False
        )
        .values("municipality_id")
        .annotate(n=Count("item_id", distinct=True))
        .values_list("municipality_id", "n")
    )
    submissions = (
        Submission.objects.filter(round=measurement_round)
        .select_related("municipality", "submitted_by", "reviewed_by")
        .order_by("municipality__name")
    )
    return [SubmissionRow(s, done.get(s.municipality_id, 0), total) for s in submissions]


def submissions_waiting(*, region: Region) -> int:
    return Submission.objects.filter(
        round__region=region, round__state=RoundState.OPEN, status=SubmissionStatus.SUBMITTED
    ).count()


def snapshot_for(
    *, measurement_round: MeasurementRound, municipality: Municipality | None
) -> list[SnapshotEntry]:
    return list(
        SnapshotEntry.objects.filter(round=measurement_round, municipality=municipality).order_by(
            "category_order", "item_order", "id"
        )
    )


def follow_ups(*, municipality: Municipality, limit: int | None = None) -> list[FollowUp]:
    """A municipality's follow-up log, newest first. One query."""
    rows = FollowUp.objects.filter(municipality=municipality).select_related("created_by")
    return list(rows[:limit] if limit else rows)


def follow_ups_latest(*, region: Region, limit: int = 10) -> list[FollowUp]:
    """The region's latest follow-up conversations (all municipalities), for the progress
    report. One query."""
    return list(
        FollowUp.objects.filter(region=region)
        .select_related("municipality")
        .order_by("-held_on", "-id")[:limit]
    )


def follow_ups_due(*, region: Region, on: dt.date) -> list[FollowUp]:
    """The latest follow-up of each municipality whose next follow-up date has come (a later
    conversation replaces the planned one). Two queries."""
    latest: dict[int, FollowUp] = {}
    for entry in (
        FollowUp.objects.filter(region=region)
        .select_related("municipality")
        .order_by("municipality_id", "-held_on", "-id")
    ):
        latest.setdefault(entry.municipality_id, entry)
    due = [e for e in latest.values() if e.next_on is not None and e.next_on <= on]
    return sorted(due, key=lambda e: (e.next_on, e.municipality.name))


def follow_ups_between(*, region: Region, start: dt.date, end: dt.date) -> list[FollowUp]:
    """The follow-up conversations held in a period (the evaluation's), by municipality and
    date. One query."""
    return list(
        FollowUp.objects.filter(region=region, held_on__gte=start, held_on__lte=end)
        .select_related("municipality")
        .order_by("municipality__name", "held_on", "id")
    )


def action_list_exists(*, region: Region) -> bool:
    """Whether the region has action items (imported or entered): a getting-started step."""
    return ActionItem.objects.filter(region=region).exists()


def rounds_exist(*, region: Region) -> bool:
    """Whether the region has planned a measurement round: a getting-started step."""
    return MeasurementRound.objects.filter(region=region).exists()


# --- the dashboard's reads ---------------------------------------------------------------------


def rounds_with_submission_counts(*, region: Region) -> list[MeasurementRound]:
    """The region's rounds, oldest (by deadline) first, with their agreement set and, per
    submission status, how many submissions have it (`n_<status>`). One query."""
    return list(
        MeasurementRound.objects.filter(region=region)
        .select_related("agreement_set")
        .annotate(
            **{
                f"n_{value}": Count("submissions", filter=Q(submissions__status=value))
                for value in SubmissionStatus.values
            }
        )
        .order_by("deadline", "id")
    )


def round_results_for(*, rounds: list[MeasurementRound]) -> list[RoundResult]:
    """The frozen results of these rounds (the region's own track's too). One query."""
    return list(RoundResult.objects.filter(round__in=rounds))


def round_results_compared(
    *, first: MeasurementRound, second: MeasurementRound
) -> list[RoundResult]:
    """The municipalities' frozen results of two rounds, with the municipality. One query."""
    return list(
        RoundResult.objects.filter(
            round__in=[first, second], municipality__isnull=False
        ).select_related("municipality")
    )


def round_results_closed(*, region: Region) -> list[RoundResult]:
    """The municipalities' frozen results of every closed round of the region, with the round,
    oldest round first. One query."""
    return list(
        RoundResult.objects.filter(
            round__region=region, round__state=RoundState.CLOSED, municipality__isnull=False
        )
        .select_related("round")
        .order_by("round__deadline", "round_id")
    )


def status_updates_recent(
    *, municipality: Municipality, item_ids: list[int], per_item: int
) -> list[tuple[StatusUpdate, int]]:
    """The latest `per_item` updates of each of these items of a municipality's, newest first
    per item, with who made them and in which round, each with how many updates its item has in
    all. One query, however long the history."""
    updates = (
        StatusUpdate.objects.filter(municipality=municipality, item__in=item_ids)
        .annotate(
            newest=Window(RowNumber(), partition_by=[F("item_id")], order_by=F("sequence").desc()),
            in_all=Window(Count("id"), partition_by=[F("item_id")]),
        )
        .filter(newest__lte=per_item)
        .select_related("created_by", "round")
        .order_by("item_id", "-sequence")
    )
    return [(update, update.in_all) for update in updates]


def evidence_readable(
    *, viewer: object, region: Region, municipality: Municipality, item_ids: list[int]
) -> list[Evidence]:
    """The evidence of these items of a municipality's that `viewer` may read
    (`permissions.progress_text_q`: without a viewer, none beyond what is shared). One query."""
    return list(
        Evidence.objects.filter(
            progress_text_q(viewer, region, shared_field="status_update__shared_with_region"),
            municipality=municipality,
            item__in=item_ids,
        )
    )


def _counted_nationally(path: str = "") -> Q:
    """The items the national view counts: of a region's current action list, not withdrawn,
    a municipality's (or joint). `path` reaches them from another model ("item__")."""
    return Q(
        **{
            f"{path}is_withdrawn": False,
            f"{path}agreement_set__is_current": True,
            f"{path}owner_type__in": MUNICIPAL_OWNER_TYPES,
        }
    )


def item_counts_national(*, region_ids: list[int]) -> list[dict[str, Any]]:
    """Per region and due quarter (`region_id`, `due_year`, `due_quarter`, `n`), how many items
    of its current action list are not withdrawn and are municipalities' (or joint). One query."""
    return list(
        ActionItem.objects.filter(_counted_nationally(), region_id__in=region_ids)
        .values("region_id", "due_year", "due_quarter")
        .annotate(n=Count("pk"))
        .order_by()
    )


def progress_counts_national(*, region_ids: list[int]) -> list[dict[str, Any]]:
    """Per region, due quarter and status other than "not started" (`region_id`,
    `item__due_year`, `item__due_quarter`, `status`, `n`), how many municipal tracks of those
    items (`item_counts_national`) have it. One query."""
    return list(
        ItemProgress.objects.filter(
            _counted_nationally("item__"), region_id__in=region_ids, municipality__isnull=False
        )
        .exclude(status=Status.NOT_STARTED)
        .values("region_id", "item__due_year", "item__due_quarter", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )


def round_names_latest_closed(*, region_ids: list[int]) -> dict[int, str]:
    """The name of each region's latest (by deadline) closed round. One query."""
    latest = {}
    for rnd in MeasurementRound.objects.filter(
        region_id__in=region_ids, state=RoundState.CLOSED
    ).order_by("region_id", "deadline", "id"):
        latest[rnd.region_id] = rnd.name
    return latest
