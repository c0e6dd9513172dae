"""Read queries of the dashboard: the region overview, the municipality page, round comparison
and the national view.

Every figure (achieved, due, overdue, shares, standing against plan, systematic lag) comes from
`paraat.agreements.figures`, the one module that computes them; see its docstring for the
definitions. A closed round (`?round=<id>`) is read ONLY from its frozen snapshot and results
(`figures.round_basis`, `RoundResult`): no live action item, category or status reaches it.
Every function runs a fixed number of queries, whatever the number of municipalities or items.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from paraat.agreements import figures
from paraat.agreements import selectors as agreement_selectors
from paraat.agreements.figures import STANDING, Item, ItemFilter, Tally, percent
from paraat.agreements.models import (
    MUNICIPAL_OWNER_TYPES,
    ActionItem,
    AgreementSet,
    Evidence,
    ItemProgress,
    MeasurementRound,
    OwnerType,
    Quarter,
    RoundResult,
    RoundState,
    Status,
    StatusUpdate,
    SubmissionStatus,
)
from paraat.regions.models import Municipality, Region

__all__ = ["STANDING", "Tally", "percent"]


class UnknownRound(LookupError):
    """`?round=<id>` names no closed round of this region: refused, never live figures."""


# --- filters ------------------------------------------------------------------------------------


def parse_quarter(value: str) -> Quarter | None:
    """ "2026-2" → Q2 2026; anything else → None."""
    try:
        year, quarter = (int(part) for part in value.split("-"))
        return Quarter(year, quarter)
    except (ValueError, TypeError):
        return None


@dataclass
class Filters:
    """The filter state, read from the query string (so links can be shared)."""

    category: int | None = None
    owner: str = ""
    due: Quarter | None = None
    round_id: int | None = None
    raw: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_query(cls, query) -> Filters:
        def number(name):
            try:
                return int(query.get(name, ""))
            except ValueError:
                return None

        owner = query.get("owner", "")
        return cls(
            category=number("category"),
            owner=owner if owner in OwnerType.values else "",
            due=parse_quarter(query.get("due", "")),
            round_id=number("round"),
            raw={"round": query.get("round", "")},
        )

    @property
    def narrows_items(self) -> bool:
        return bool(self.category or self.owner or self.due)

    def as_query(self) -> dict[str, str]:
        out = {}
        if self.category:
            out["category"] = str(self.category)
        if self.owner:
            out["owner"] = self.owner
        if self.due:
            out["due"] = f"{self.due.year}-{self.due.quarter}"
        if self.round_id:
            out["round"] = str(self.round_id)
        return out

    @property
    def item_filter(self) -> ItemFilter:
        return ItemFilter(self.category, self.owner, self.due)

    def keeps(self, item) -> bool:
        return self.item_filter.keeps(item)


# --- the region overview ------------------------------------------------------------------------


@dataclass
class ItemRow:
    """One item across all municipalities (or the region's own track for region items)."""

    item: Item
    tally: Tally
    not_started: int = 0
    in_progress: int = 0  # started or in progress
    region_status: str = ""  # the region's own track, for region and joint items

    @property
    def region_status_label(self) -> str:
        return str(Status(self.region_status).label) if self.region_status else ""


@dataclass
class MunicipalityRow:
    municipality: Municipality
    tally: Tally
    cells: list[Tally]  # per category, in the order of Overview.categories
    url: str = ""
    trend: list[Tally | None] = field(default_factory=list)  # per closed round, oldest first
    spark: str = ""


@dataclass
class TrendPoint:
    round: MeasurementRound
    region: Tally  # all municipalities together
    own: Tally | None  # the region's own track
    by_municipality: dict[int | None, Tally]


@dataclass
class Overview:
    region: Region
    agreement_set: AgreementSet | None
    filters: Filters
    on: dt.date
    chosen_round: MeasurementRound | None
    rounds: list[MeasurementRound]
    closed: list[MeasurementRound]  # oldest first
    categories: list[tuple[int, str]]  # shown in the matrix (after the category filter)
    all_categories: list[tuple[int, str]]
    due_quarters: list[Quarter]
    municipalities: list[MunicipalityRow]
    total: Tally  # all municipalities together
    own: Tally  # the region's own track (region and joint items)
    own_items: list[ItemRow]
    items: list[ItemRow]  # municipal and joint items across municipalities, weakest first
    trend: list[TrendPoint]
    lagging: list[Municipality]
    current_round: MeasurementRound | None
    submission_counts: dict[str, int] = field(default_factory=dict)
    threshold: int = figures.DEFAULT_LAG_THRESHOLD  # a closed round's: frozen with it

    @property
    def lag_threshold(self) -> int:
        return self.threshold

    @property
    def levels(self) -> list[tuple[int | None, str, str]]:
        return [(level, symbol, str(label)) for level, (symbol, label) in STANDING.items()]

    @property
    def category_columns(self) -> list[tuple[str, str]]:
        """The matrix's categories as (short label, name): a number that stays the same when
        the category filter narrows the columns, so the matrix fits a laptop screen."""
        number = {cid: str(n) for n, (cid, _name) in enumerate(self.all_categories, start=1)}
        return [(number.get(cid, "?"), name) for cid, name in self.categories]

    @property
    def municipalities_list(self) -> list[Municipality]:
        return [r.municipality for r in self.municipalities]

    @property
    def behind(self) -> list[MunicipalityRow]:
        return [r for r in self.municipalities if r.tally.level in (0, 1)]

    @property
    def submission_rows(self) -> list[tuple[str, int]]:
        return [
            (str(label), self.submission_counts.get(value, 0))
            for value, label in SubmissionStatus.choices
        ]

    @property
    def submissions_not_yet(self) -> int:
        return self.submission_counts.get(SubmissionStatus.DRAFT, 0) + (
            len(self.municipalities) - sum(self.submission_counts.values())
        )


def agreement_set_current(*, region) -> AgreementSet | None:
    return figures.agreement_set_current(region=region)


def region_overview(*, region: Region, filters: Filters, url_for=None) -> Overview:
    """Everything the region overview shows. Seven queries, whatever the size of the region.

    With `filters.round_id` the figures are those of that closed round, from its snapshot only;
    an id that is not a closed round of this region raises `UnknownRound`."""
    agreement_set = agreement_set_current(region=region)
    threshold = agreement_set.lag_threshold if agreement_set else figures.DEFAULT_LAG_THRESHOLD
    municipalities = list(
        Municipality.objects.filter(region=region)
        .only("pk", "code", "name", "region_id", "centroid_lat", "centroid_lon", "boundary")
        .order_by("name")
    )
    rounds = list(
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
    closed = [r for r in rounds if r.state == RoundState.CLOSED]
    chosen = None
    if filters.round_id is not None:
        chosen = next((r for r in closed if r.pk == filters.round_id), None)
        if chosen is None:
            raise UnknownRound(filters.round_id)
    current_round = next((r for r in reversed(rounds) if r.is_open), None)
    # the frozen round results: the trend, systematic lag, the chosen round's threshold
    results_by_round: dict[int, dict[int | None, RoundResult]] = defaultdict(dict)
    if closed:
        for result in RoundResult.objects.filter(round__in=closed):
            results_by_round[result.round_id][result.municipality_id] = result
    if chosen is not None:
        frozen = [r.lag_threshold for r in results_by_round.get(chosen.pk, {}).values()]
        threshold = next((t for t in frozen if t is not None), figures.DEFAULT_LAG_THRESHOLD)
        basis = figures.round_basis(measurement_round=chosen, lag_threshold=threshold)
    elif agreement_set is not None:
        basis = figures.live_basis(
            region=region,
            agreement_set=agreement_set,
            municipality_ids=[m.pk for m in municipalities],
        )
    else:
        basis = figures.Basis(timezone.localdate(), [], {}, threshold)
    keep = filters.item_filter

    def tally():
        return Tally(lag_threshold=threshold)

    # municipalities × categories
    categories = basis.categories(keep)
    cat_index = {cid: n for n, (cid, _name) in enumerate(categories)}
    per_item = {
        i.pk: ItemRow(i, tally())
        for i in basis.items
        if i.owner_type in MUNICIPAL_OWNER_TYPES and keep.keeps(i)
    }
    # Counted first (a Counter per municipality and one per item), then added to the tallies
    # once per distinct (status, due) — the same sums as adding every entry, with a fraction of
    # the Python calls on a large region (the profile of issue 19 pointed here).
    rows, total = [], tally()
    item_counts: Counter[tuple[int, str, bool]] = Counter()
    for m in municipalities:
        entries = basis.track(m.pk, keep)
        cell_counts = Counter((cat_index[e.item.category_id], e.status, e.due) for e in entries)
        item_counts.update((e.item.pk, e.status, e.due) for e in entries)
        cells = [tally() for _c in categories]
        own = tally()
        for (index, status, due), n in cell_counts.items():
            cells[index].add(status=status, due=due, count=n)
            own.add(status=status, due=due, count=n)
        total.merge(own)
        rows.append(MunicipalityRow(m, own, cells, url_for(m) if url_for else ""))
    for (item_pk, status, due), n in item_counts.items():
        row = per_item[item_pk]
        row.tally.add(status=status, due=due, count=n)
        if status == Status.NOT_STARTED:
            row.not_started += n
        elif status in (Status.STARTED, Status.IN_PROGRESS):
            row.in_progress += n

    # the region's own track
    own_total, own_items = tally(), []
    for entry in basis.track(None, keep):
        row = ItemRow(entry.item, tally(), region_status=entry.status)
        row.tally.add(status=entry.status, due=entry.due)
        own_total.add(status=entry.status, due=entry.due)
        own_items.append(row)
    for row in per_item.values():
        if row.item.owner_type == OwnerType.JOINT:
            row.region_status = basis.status(None, row.item.pk)

    # trend from the frozen round results
    trend = []
    for r in closed:
        region_tally = tally()
        by_municipality: dict[int | None, Tally] = {}
        for mid, result in results_by_round.get(r.pk, {}).items():
            t = Tally.of_result(result, threshold)
            by_municipality[mid] = t
            if mid is not None:
                region_tally.merge(t)
        trend.append(TrendPoint(r, region_tally, by_municipality.pop(None, None), by_municipality))

    for mrow in rows:
        mrow.trend = [p.by_municipality.get(mrow.municipality.pk) for p in trend]

    submission_counts = {}
    if current_round is not None:
        submission_counts = {
            value: getattr(current_round, f"n_{value}")
            for value in SubmissionStatus.values
            if getattr(current_round, f"n_{value}")
        }

    items_sorted = sorted(
        per_item.values(),
        key=lambda r: (
            r.tally.share_achieved if r.tally.share_achieved is not None else 2,
            -r.tally.items_overdue,
            r.item.category_order,
            r.item.number,
        ),
    )
    lagging_ids = set(
        figures.lagging_ids(results_by_round, list(reversed(closed)), agreement_set.lag_threshold)
        if agreement_set
        else []
    )
    return Overview(
        region=region,
        agreement_set=agreement_set,
        filters=filters,
        on=basis.on,
        chosen_round=chosen,
        rounds=rounds,
        closed=closed,
        categories=categories,
        all_categories=basis.categories(),
        due_quarters=basis.due_quarters(),
        municipalities=rows,
        total=total,
        own=own_total,
        own_items=own_items,
        items=items_sorted,
        trend=trend,
        lagging=[m for m in municipalities if m.pk in lagging_ids],
        current_round=current_round,
        submission_counts=submission_counts,
        threshold=threshold,
    )


# --- comparing two rounds -----------------------------------------------------------------------


@dataclass
class Change:
    label: str
    before: int | None  # percent achieved
    after: int | None
    url: str = ""

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def direction(self) -> str:
        delta = self.delta
        if delta is None:
            return _("no comparison")
        if delta > 0:
            return _("up")
        if delta < 0:
            return _("down")
        return _("unchanged")

    @property
    def arrow(self) -> str:
        delta = self.delta
        if not delta:
            return "="
        return "▲" if delta > 0 else "▼"


@dataclass
class Comparison:
    first: MeasurementRound
    second: MeasurementRound
    municipalities: list[Change]
    items: list[Change]

    @property
    def up(self) -> int:
        return sum(1 for c in self.municipalities if (c.delta or 0) > 0)

    @property
    def down(self) -> int:
        return sum(1 for c in self.municipalities if (c.delta or 0) < 0)


def compare_rounds(*, region, first, second, url_for=None) -> Comparison:
    """Share achieved per municipality (frozen results) and per item (share of municipalities
    that achieved it, from the frozen snapshots) in two closed rounds. Three queries."""
    results: defaultdict[Any, dict[int, RoundResult]] = defaultdict(dict)
    for r in RoundResult.objects.filter(
        round__in=[first, second], municipality__isnull=False
    ).select_related("municipality"):
        results[r.municipality][r.round_id] = r
    municipalities = [
        Change(
            m.name,
            per[first.pk].tally.percent_achieved if per.get(first.pk) else None,
            per[second.pk].tally.percent_achieved if per.get(second.pk) else None,
            url_for(m) if url_for else "",
        )
        for m, per in sorted(results.items(), key=lambda kv: kv[0].name)
    ]
    per_item: dict[int, dict[int, int | None]] = defaultdict(dict)
    labels = {}
    for rnd in (first, second):
        # shares only: the standing (and so the threshold) is not shown here
        basis = figures.round_basis(
            measurement_round=rnd, lag_threshold=figures.DEFAULT_LAG_THRESHOLD
        )
        tallies: dict[int, Tally] = {}
        for mid in basis.entries:
            if mid is None:
                continue
            for entry in basis.track(mid):
                tallies.setdefault(entry.item.pk, Tally()).add(status=entry.status, due=entry.due)
        for iid, tally in tallies.items():
            item = basis.by_pk[iid]
            per_item[iid][rnd.pk] = tally.percent_achieved
            labels[iid] = (item.category_order, item.number, f"{item.number} {item.text[:80]}")
    items = [
        Change(labels[iid][2], per.get(first.pk), per.get(second.pk))
        for iid, per in sorted(per_item.items(), key=lambda kv: labels[kv[0]][:2])
    ]
    return Comparison(first, second, municipalities, items)


# --- the municipality page ----------------------------------------------------------------------


@dataclass
class TrackRow:
    item: Item
    status: str
    latest: StatusUpdate | None
    history: list[StatusUpdate]
    evidence: list[Evidence]
    overdue: bool
    text: StatusUpdate | None = None  # the latest update, when the viewer may read its text
    due: object = None  # the track's due quarter (the municipality's own where it has one)
    own_planning: object = None  # its `DueOverride` (own due quarter and reason), if any

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def recent(self) -> list[StatusUpdate]:
        """The latest updates shown on the page; the full history is on the track page."""
        return self.history[:HISTORY_SHOWN]

    @property
    def more_history(self) -> int:
        return max(0, len(self.history) - HISTORY_SHOWN)


HISTORY_SHOWN = 3


@dataclass
class MunicipalityPage:
    municipality: Municipality
    agreement_set: AgreementSet | None
    on: dt.date
    tally: Tally
    region_average: Tally  # all municipalities of the region together
    rows: list[TrackRow]
    trend: list[tuple[MeasurementRound, Tally | None, Tally]]  # own, region; oldest first
    categories: list[tuple[int, str]] = field(default_factory=list)  # for the filter

    @property
    def bottlenecks(self) -> list[TrackRow]:
        return [r for r in self.rows if r.text and r.text.bottleneck]

    @property
    def overdue(self) -> list[TrackRow]:
        return [r for r in self.rows if r.overdue]


def municipality_page(
    *, municipality: Municipality, filters: Filters, viewer=None
) -> MunicipalityPage:
    """A municipality's items with status, history, evidence and bottlenecks, its figures next
    to the region's, and its trend. Ten queries (eleven when it has its own planning). Text and
    evidence only as far as `viewer` may read them (`permissions.can_read_progress_text`);
    without a viewer, none."""
    from paraat.permissions import can_read_progress_text, progress_text_q

    region = municipality.region
    agreement_set = agreement_set_current(region=region)
    threshold = agreement_set.lag_threshold if agreement_set else figures.DEFAULT_LAG_THRESHOLD
    on = timezone.localdate()
    basis = (
        figures.live_basis(
            region=region,
            on=on,
            agreement_set=agreement_set,
            municipality_ids=getattr(municipality, "peer_ids", None),
        )
        if agreement_set is not None
        else figures.Basis(on, [], {}, threshold)
    )
    keep = filters.item_filter
    entries = basis.track(municipality.pk, keep)
    mine = basis.track(municipality.pk)
    categories = list(dict.fromkeys((e.item.category_id, e.item.category_name) for e in mine))
    items = [e.item for e in entries]
    history = defaultdict(list)
    for update in (
        StatusUpdate.objects.filter(municipality=municipality, item__in=[i.pk for i in items])
        .select_related("created_by", "round")
        .order_by("item_id", "-sequence")
    ):
        history[update.item_id].append(update)
    evidence = defaultdict(list)
    for ev in Evidence.objects.filter(
        progress_text_q(viewer, region, shared_field="status_update__shared_with_region"),
        municipality=municipality,
        item__in=[i.pk for i in items],
    ):
        evidence[ev.item_id].append(ev)
    # the reasons of its own planning, only when the basis found any (then one query more)
    planning = (
        agreement_selectors.own_planning(municipality=municipality, agreement_set=agreement_set)
        if any(e.due_quarter != e.item.due for e in mine)
        else {}
    )
    rows = []
    for entry in entries:
        item = entry.item
        updates = history.get(item.pk, [])
        latest = updates[0] if updates else None
        rows.append(
            TrackRow(
                item,
                entry.status,
                latest,
                updates,
                evidence.get(item.pk, []),
                entry.overdue,
                latest if latest and can_read_progress_text(viewer, latest) else None,
                entry.due_quarter,
                planning.get(item.pk),
            )
        )
    own = basis.track_tally(municipality.pk, keep)
    # the region's average over all its municipalities, with the same item filter
    average = basis.municipalities_tally(keep)
    # trend: its frozen results next to the region's
    per_round: defaultdict[MeasurementRound, dict[int | None, RoundResult]] = defaultdict(dict)
    for result in (
        RoundResult.objects.filter(
            round__region=region, round__state=RoundState.CLOSED, municipality__isnull=False
        )
        .select_related("round")
        .order_by("round__deadline", "round_id")
    ):
        per_round[result.round][result.municipality_id] = result
    trend = []
    for rnd, results in per_round.items():
        region_tally = Tally(lag_threshold=threshold)
        own_tally = None
        for mid, r in results.items():
            t = Tally.of_result(r, threshold)
            region_tally.merge(t)
            if mid == municipality.pk:
                own_tally = t
        trend.append((rnd, own_tally, region_tally))
    return MunicipalityPage(municipality, agreement_set, on, own, average, rows, trend, categories)


def region_municipalities(*, region: Region) -> list[Municipality]:
    """The region's municipalities. One query."""
    return list(Municipality.objects.filter(region=region))


def municipality_in_region(
    *, region: Region, code: str, peers: list[Municipality] | None = None
) -> Municipality | None:
    """The municipality with its region and the ids of all the region's municipalities
    (`peer_ids`, for the regional average). One query, none when `peers` (the region's
    municipalities, e.g. from the cache) are given."""
    if peers is None:
        peers = region_municipalities(region=region)
    found = next((m for m in peers if m.code.casefold() == code.casefold()), None)
    if found is not None:
        found.region = region
        found.peer_ids = [m.pk for m in peers]  # type: ignore[attr-defined]
    return found


# --- the national view --------------------------------------------------------------------------


@dataclass
class RegionFigures:
    region: Region
    municipalities: int
    tally: Tally
    latest_round: str = ""


def national_figures(*, on: dt.date | None = None) -> list[RegionFigures]:
    """Aggregate figures of every region that shares nationally; never a municipality's.

    Four queries: regions with their municipality count, item counts per region and due
    quarter, progress counts per region, due quarter and status, latest closed round per region.
    Tracks are counted in groups of one due quarter, with `figures`' rules.
    """
    on = on or timezone.localdate()
    regions = list(
        Region.objects.filter(share_nationally=True)
        .annotate(n_municipalities=Count("municipalities", distinct=True))
        .order_by("code")
    )
    ids = [r.pk for r in regions]
    n_by_region = {r.pk: r.n_municipalities for r in regions}
    tallies = {r.pk: Tally() for r in regions}

    def due(year, quarter):
        return figures.is_due(Quarter(year, quarter) if year and quarter else None, on)

    # every municipal track starts "not started" …
    for row in (
        ActionItem.objects.active()
        .filter(
            region_id__in=ids,
            agreement_set__is_current=True,
            owner_type__in=MUNICIPAL_OWNER_TYPES,
        )
        .values("region_id", "due_year", "due_quarter")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        tallies[row["region_id"]].add(
            status=Status.NOT_STARTED,
            due=due(row["due_year"], row["due_quarter"]),
            count=n_by_region[row["region_id"]] * row["n"],
        )
    # … and those with progress move to their status
    for row in (
        ItemProgress.objects.filter(
            region_id__in=ids,
            municipality__isnull=False,
            item__is_withdrawn=False,
            item__agreement_set__is_current=True,
            item__owner_type__in=MUNICIPAL_OWNER_TYPES,
        )
        .exclude(status=Status.NOT_STARTED)
        .values("region_id", "item__due_year", "item__due_quarter", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        is_due = due(row["item__due_year"], row["item__due_quarter"])
        tally = tallies[row["region_id"]]
        tally.add(status=Status.NOT_STARTED, due=is_due, count=-row["n"])
        tally.add(status=row["status"], due=is_due, count=row["n"])
    latest = {}
    for rnd in MeasurementRound.objects.filter(region_id__in=ids, state=RoundState.CLOSED).order_by(
        "region_id", "deadline", "id"
    ):
        latest[rnd.region_id] = rnd.name
    return [
        RegionFigures(
            region, region.n_municipalities, tallies[region.pk], latest.get(region.pk, "")
        )
        for region in regions
    ]
