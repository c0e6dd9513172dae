"""Read queries of the agreements app, for its own views and for other apps (dashboard, reports).

Definitions used throughout (also in the closed rounds' frozen `RoundResult`s):

- A municipality answers for items owned by municipalities or jointly (`MUNICIPAL_OWNER_TYPES`);
  the region's own track (municipality None) covers region and joint items.
- An item is **due** on a day when its due quarter has ended before that day. Items marked
  "not applicable" on a track do not count at all (neither due nor in the total).
- **share_due_achieved** = achieved due items / applicable due items (None when nothing is due);
  **share_achieved** = achieved items / applicable items; **overdue** = due, applicable and not
  achieved. A track without any status update counts as "not started".
- **Systematic lag**: share_due_achieved below the agreement set's `lag_threshold` (percent) in
  each of the two most recent closed rounds.

All functions run a fixed number of queries, whatever the number of municipalities or items.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from paraat.regions.models import Municipality

from .models import (
    MUNICIPAL_OWNER_TYPES,
    REGION_OWNER_TYPES,
    ActionItem,
    AgreementSet,
    Category,
    Evidence,
    ItemProgress,
    MeasurementRound,
    RoundResult,
    RoundState,
    SnapshotEntry,
    Status,
    StatusUpdate,
    Submission,
    SubmissionStatus,
    passed_quarters_q,
)


def agreement_set_current(*, region) -> AgreementSet | None:
    return AgreementSet.objects.filter(region=region, is_current=True).order_by("-id").first()


# --- figures -----------------------------------------------------------------------------------


@dataclass
class Figures:
    """Plan against reality for one track (a municipality, or the region itself)."""

    items_total: int = 0
    items_applicable: int = 0
    items_achieved: int = 0
    items_due: int = 0
    items_due_achieved: int = 0
    items_overdue: int = 0

    @property
    def share_due_achieved(self) -> float | None:
        return self.items_due_achieved / self.items_due if self.items_due else None

    @property
    def share_achieved(self) -> float | None:
        return self.items_achieved / self.items_applicable if self.items_applicable else None

    @property
    def percent_due_achieved(self) -> int | None:
        share = self.share_due_achieved
        return None if share is None else round(share * 100)

    @property
    def percent_achieved(self) -> int | None:
        share = self.share_achieved
        return None if share is None else round(share * 100)


def figures_by_municipality(
    *, region, on: dt.date | None = None, agreement_set: AgreementSet | None = None
) -> dict[int | None, Figures]:
    """Live figures for every municipality of the region (key: id) and the region (key: None).

    Three queries: the item counts, the progress counts grouped by track, the municipalities.
    """
    on = on or timezone.localdate()
    agreement_set = agreement_set or agreement_set_current(region=region)
    result: dict[int | None, Figures] = {}
    municipality_ids = list(Municipality.objects.filter(region=region).values_list("pk", flat=True))
    if agreement_set is None:
        return {mid: Figures() for mid in [*municipality_ids, None]}
    due_q = passed_quarters_q(on)
    items = ActionItem.objects.active().filter(agreement_set=agreement_set)
    counts = items.aggregate(
        municipal=Count("pk", filter=Q(owner_type__in=MUNICIPAL_OWNER_TYPES)),
        municipal_due=Count("pk", filter=Q(owner_type__in=MUNICIPAL_OWNER_TYPES) & due_q),
        regional=Count("pk", filter=Q(owner_type__in=REGION_OWNER_TYPES)),
        regional_due=Count("pk", filter=Q(owner_type__in=REGION_OWNER_TYPES) & due_q),
    )
    item_due_q = passed_quarters_q(on, prefix="item__")
    rows = (
        ItemProgress.objects.filter(item__in=items, region=region)
        .filter(
            Q(municipality__isnull=False, item__owner_type__in=MUNICIPAL_OWNER_TYPES)
            | Q(municipality__isnull=True, item__owner_type__in=REGION_OWNER_TYPES)
        )
        .values("municipality_id")
        .annotate(
            achieved=Count("pk", filter=Q(status=Status.ACHIEVED)),
            achieved_due=Count("pk", filter=Q(status=Status.ACHIEVED) & item_due_q),
            na=Count("pk", filter=Q(status=Status.NOT_APPLICABLE)),
            na_due=Count("pk", filter=Q(status=Status.NOT_APPLICABLE) & item_due_q),
        )
    )
    by_track = {row["municipality_id"]: row for row in rows}
    for mid in [*municipality_ids, None]:
        total, due = (
            (counts["municipal"], counts["municipal_due"])
            if mid is not None
            else (counts["regional"], counts["regional_due"])
        )
        row = by_track.get(mid, {"achieved": 0, "achieved_due": 0, "na": 0, "na_due": 0})
        applicable_due = due - row["na_due"]
        result[mid] = Figures(
            items_total=total,
            items_applicable=total - row["na"],
            items_achieved=row["achieved"],
            items_due=applicable_due,
            items_due_achieved=row["achieved_due"],
            items_overdue=applicable_due - row["achieved_due"],
        )
    return result


def figures_for_municipality(*, municipality, on: dt.date | None = None) -> Figures:
    return figures_by_municipality(region=municipality.region, on=on)[municipality.pk]


def closed_rounds(*, region, limit: int | None = None) -> list[MeasurementRound]:
    """The region's closed rounds, most recent (by deadline) first."""
    queryset = MeasurementRound.objects.filter(region=region, state=RoundState.CLOSED).order_by(
        "-deadline", "-id"
    )
    return list(queryset[:limit] if limit else queryset)


def round_results(*, measurement_round: MeasurementRound) -> list[RoundResult]:
    """The frozen figures of a closed round, per municipality (region track last)."""
    return list(
        RoundResult.objects.filter(round=measurement_round)
        .select_related("municipality")
        .order_by("municipality__name")
    )


@dataclass
class LagFlag:
    """A municipality behind plan in two consecutive closed rounds, with the items behind."""

    municipality: Municipality
    rounds: list[MeasurementRound]
    results: list[RoundResult]  # same order as rounds (most recent first)
    items_behind: list[SnapshotEntry] = field(default_factory=list)

    @property
    def round_percents(self) -> list[tuple[MeasurementRound, int | None]]:
        return list(zip(self.rounds, self.percents, strict=True))

    @property
    def percents(self) -> list[int | None]:
        return [
            None if r.share_due_achieved is None else round(r.share_due_achieved * 100)
            for r in self.results
        ]


def systematic_lag(*, region, threshold: int | None = None) -> list[LagFlag]:
    """Municipalities below the threshold (percent of due items achieved) in the last two
    closed rounds, with the overdue items of the latest round. Four queries at most."""
    rounds = closed_rounds(region=region, limit=2)
    if len(rounds) < 2:
        return []
    if threshold is None:
        threshold = rounds[0].agreement_set.lag_threshold
    results = defaultdict(dict)
    for result in RoundResult.objects.filter(
        round__in=rounds, municipality__isnull=False
    ).select_related("municipality"):
        results[result.municipality_id][result.round_id] = result
    flags = []
    for per_round in results.values():
        pair = [per_round.get(r.pk) for r in rounds]
        if any(r is None or r.share_due_achieved is None for r in pair):
            continue
        if all(r.share_due_achieved * 100 < threshold for r in pair):
            flags.append(LagFlag(pair[0].municipality, rounds, pair))
    if flags:
        behind = defaultdict(list)
        for entry in SnapshotEntry.objects.filter(
            round=rounds[0],
            municipality__in=[f.municipality for f in flags],
            is_overdue=True,
        ).order_by("category_order", "item_number"):
            behind[entry.municipality_id].append(entry)
        for flag in flags:
            flag.items_behind = behind[flag.municipality.pk]
    return sorted(flags, key=lambda f: f.municipality.name)


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


def action_items_for_export(*, agreement_set: AgreementSet):
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

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else Status.NOT_STARTED

    @property
    def status_label(self) -> str:
        return Status(self.status).label

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


WORKSPACE_FILTERS = ("all", "overdue", "open", "not_achieved", "bottleneck")


def workspace(
    *,
    region,
    municipality,
    on: dt.date | None = None,
    status: str = "",
    show: str = "all",
    measurement_round: MeasurementRound | None = None,
) -> list[WorkspaceGroup]:
    """A track's items grouped by category, overdue items first within each category.

    `municipality` None gives the region's own (and joint) items. Five queries.
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
        overdue = item.is_due_on(on) and current not in (Status.ACHIEVED, Status.NOT_APPLICABLE)
        row = WorkspaceRow(item, track, overdue, item.pk in done, evidence_counts.get(item.pk, 0))
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


def track(*, item: ActionItem, municipality) -> tuple[ItemProgress | None, list[StatusUpdate]]:
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


# --- rounds ------------------------------------------------------------------------------------


def rounds_for_region(*, region) -> list[MeasurementRound]:
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


def submissions_waiting(*, region) -> int:
    return Submission.objects.filter(
        round__region=region, round__state=RoundState.OPEN, status=SubmissionStatus.SUBMITTED
    ).count()


def snapshot_for(*, measurement_round: MeasurementRound, municipality) -> list[SnapshotEntry]:
    return list(
        SnapshotEntry.objects.filter(round=measurement_round, municipality=municipality).order_by(
            "category_order", "id"
        )
    )
