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
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from paraat.agreements import figures
from paraat.agreements import selectors as agreement_selectors
from paraat.agreements.choices import (
    MUNICIPAL_OWNER_TYPES,
    OwnerType,
    Quarter,
    RoundState,
    SubmissionStatus,
)
from paraat.agreements.figures import STANDING, Item, ItemFilter, Tally, percent
from paraat.core.progress import Status
from paraat.permissions import can_read_progress_text
from paraat.regions.models import Municipality, Region, SubRegion
from paraat.regions.selectors import sub_region_groups
from paraat.regions.selectors import sub_regions as region_sub_regions

if TYPE_CHECKING:  # the types agreements' selectors return
    from paraat.agreements.selectors import (
        AgreementSet,
        Evidence,
        MeasurementRound,
        RoundResult,
        StatusUpdate,
    )

__all__ = ["STANDING", "Quarter", "Tally", "percent"]


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
    """The filter state, as the filter form (`dashboard.forms`) validated it from the query
    string (so links can be shared and cached)."""

    category: int | None = None
    owner: str = ""
    due: Quarter | None = None
    round_id: int | None = None
    sub_region: int | None = None

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
        if self.sub_region:
            out["sub_region"] = str(self.sub_region)
        return out

    @property
    def item_filter(self) -> ItemFilter:
        return ItemFilter(self.category, self.owner, self.due)

    def keeps(self, item: Item) -> bool:
        return self.item_filter.keeps(item)


@dataclass
class FilterOptions:
    """What the filters offer, from the data the page is counted from: the filter form's
    choices (an option not offered here is not a valid value)."""

    categories: list[tuple[int, str]]
    due_quarters: list[Quarter]
    owners: list[tuple[str, str]]
    rounds: list[MeasurementRound] = field(default_factory=list)  # closed, newest first
    sub_regions: list[SubRegion] = field(default_factory=list)  # none: no sub-region filter


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
    sub_region: SubRegion | None = None


@dataclass
class SubRegionRow:
    """A sub-region's municipalities together (`sub_region` None: those in none)."""

    sub_region: SubRegion | None
    municipalities: int
    tally: Tally
    query: str = ""  # the page's filters with this sub-region chosen (set by the view)

    @property
    def name(self) -> str:
        return self.sub_region.name if self.sub_region else str(_("No sub-region"))


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
    # totals per sub-region over all the region's municipalities (empty: it has none)
    sub_regions: list[SubRegionRow] = field(default_factory=list)
    chosen_sub_region: SubRegion | None = None
    municipalities_in_region: int = 0

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
            self.municipalities_in_region - sum(self.submission_counts.values())
        )

    @property
    def has_sub_regions(self) -> bool:
        return bool(self.sub_regions)


def agreement_set_current(*, region) -> AgreementSet | None:
    return figures.agreement_set_current(region=region)


@dataclass
class OverviewSource:
    """What the region overview is counted from, loaded once: its filter options come from
    here, so the form offers exactly what the figures can be narrowed to."""

    region: Region
    agreement_set: AgreementSet | None
    municipalities: list[Municipality]
    rounds: list[MeasurementRound]
    closed: list[MeasurementRound]  # oldest first
    chosen: MeasurementRound | None
    results_by_round: dict[int, dict[int | None, RoundResult]]
    basis: figures.Basis
    threshold: int
    sub_regions: list[SubRegion]

    @property
    def options(self) -> FilterOptions:
        return FilterOptions(
            categories=self.basis.categories(),
            due_quarters=self.basis.due_quarters(),
            owners=[(str(value), str(label)) for value, label in OwnerType.choices],
            rounds=list(reversed(self.closed)),
            sub_regions=self.sub_regions,
        )


def overview_source(*, region: Region, round_id: object = None) -> OverviewSource:
    """Load the overview's data: live, or with `round_id` (as the query string gave it) the
    closed round's snapshot only. A `round_id` that is not a closed round of this region raises
    `UnknownRound`: refused, never live figures. Seven queries, whatever the size of the region.
    """
    agreement_set = agreement_set_current(region=region)
    threshold = agreement_set.lag_threshold if agreement_set else figures.DEFAULT_LAG_THRESHOLD
    fields = (
        "pk",
        "code",
        "name",
        "region_id",
        "sub_region_id",
        "centroid_lat",
        "centroid_lon",
        "boundary",
    )
    municipalities = list(
        Municipality.objects.current().filter(region=region).only(*fields).order_by("name")
    )
    rounds = agreement_selectors.rounds_with_submission_counts(region=region)
    closed = [r for r in rounds if r.state == RoundState.CLOSED]
    chosen = None
    if round_id not in (None, ""):
        chosen = next((r for r in closed if str(r.pk) == str(round_id).strip()), None)
        if chosen is None:
            raise UnknownRound(round_id)
    # the frozen round results: the trend, systematic lag, the chosen round's threshold
    results_by_round: dict[int, dict[int | None, RoundResult]] = defaultdict(dict)
    if closed:
        for result in agreement_selectors.round_results_for(rounds=closed):
            results_by_round[result.round_id][result.municipality_id] = result
    if chosen is not None:
        frozen = [r.lag_threshold for r in results_by_round.get(chosen.pk, {}).values()]
        threshold = next((t for t in frozen if t is not None), figures.DEFAULT_LAG_THRESHOLD)
        basis = figures.round_basis(measurement_round=chosen, lag_threshold=threshold)
        # a closed round shows everyone it froze, also a municipality archived since
        frozen_ids = {mid for mid in results_by_round.get(chosen.pk, {}) if mid is not None}
        archived = frozen_ids - {m.pk for m in municipalities}
        if archived:
            municipalities += Municipality.objects.filter(pk__in=archived).only(*fields)
            municipalities.sort(key=lambda m: m.name)
    elif agreement_set is not None:
        basis = figures.live_basis(
            region=region,
            agreement_set=agreement_set,
            municipality_ids=[m.pk for m in municipalities],
        )
    else:
        basis = figures.Basis(timezone.localdate(), [], {}, threshold)
    return OverviewSource(
        region,
        agreement_set,
        municipalities,
        rounds,
        closed,
        chosen,
        results_by_round,
        basis,
        threshold,
        region_sub_regions(region=region),
    )


def region_overview(
    *,
    region: Region,
    filters: Filters,
    url_for: Any = None,
    source: OverviewSource | None = None,
) -> Overview:
    """Everything the region overview shows, for the municipalities of the chosen sub-region
    (all without one), with totals per sub-region over all of them. Counted from `source`
    (loaded here when not given: see `overview_source`); no query of its own."""
    if source is None:
        source = overview_source(region=region, round_id=filters.round_id)
    agreement_set, basis, threshold = source.agreement_set, source.basis, source.threshold
    closed, results_by_round = source.closed, source.results_by_round
    subs = {s.pk: s for s in source.sub_regions}
    chosen_sub = subs.get(filters.sub_region) if filters.sub_region else None
    municipalities = [
        m for m in source.municipalities if chosen_sub is None or m.sub_region_id == chosen_sub.pk
    ]
    shown = {m.pk for m in municipalities}
    current_round = next((r for r in reversed(source.rounds) if r.is_open), None)
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
    every: dict[int | None, Tally] = {}  # every municipality's figures, for the sub-regions
    item_counts: Counter[tuple[int, str, bool]] = Counter()
    for m in source.municipalities:
        entries = basis.track(m.pk, keep)
        counted = m.pk in shown
        cell_counts = Counter((cat_index[e.item.category_id], e.status, e.due) for e in entries)
        cells = [tally() for _c in categories]
        own = tally()
        for (index, status, due), n in cell_counts.items():
            if counted:
                cells[index].add(status=status, due=due, count=n)
            own.add(status=status, due=due, count=n)
        every[m.pk] = own
        if counted:
            item_counts.update((e.item.pk, e.status, e.due) for e in entries)
            total.merge(own)
            rows.append(
                MunicipalityRow(
                    m,
                    own,
                    cells,
                    url_for(m) if url_for else "",
                    sub_region=subs.get(m.sub_region_id) if m.sub_region_id else None,
                )
            )
    for (item_pk, status, due), n in item_counts.items():
        row = per_item[item_pk]
        row.tally.add(status=status, due=due, count=n)
        if status == Status.NOT_STARTED:
            row.not_started += n
        elif status in (Status.STARTED, Status.IN_PROGRESS):
            row.in_progress += n
    sub_rows = [
        SubRegionRow(sub, len(ids), figures.total_of(every, ids, threshold))
        for sub, ids in (
            sub_region_groups(source.sub_regions, source.municipalities) if subs else []
        )
    ]

    # the region's own track
    own_total, own_items = tally(), []
    for entry in basis.track(None, keep):
        item_row = ItemRow(entry.item, tally(), region_status=entry.status)
        item_row.tally.add(status=entry.status, due=entry.due)
        own_total.add(status=entry.status, due=entry.due)
        own_items.append(item_row)
    for item_row in per_item.values():
        if item_row.item.owner_type == OwnerType.JOINT:
            item_row.region_status = basis.status(None, item_row.item.pk)

    # trend from the frozen round results (the shown municipalities together)
    trend = []
    for r in closed:
        by_municipality: dict[int | None, Tally] = {}
        for mid, result in results_by_round.get(r.pk, {}).items():
            if mid is None or mid in shown:
                by_municipality[mid] = figures.tally_of(result, threshold)
        own_point = by_municipality.pop(None, None)
        region_tally = figures.total_of(by_municipality, list(by_municipality), threshold)
        trend.append(TrendPoint(r, region_tally, own_point, by_municipality))

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
        chosen_round=source.chosen,
        rounds=source.rounds,
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
        sub_regions=sub_rows,
        chosen_sub_region=chosen_sub,
        municipalities_in_region=len(source.municipalities),
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
    for r in agreement_selectors.round_results_compared(first=first, second=second):
        results[r.municipality][r.round_id] = r
    municipalities = [
        Change(
            m.name,
            figures.tally_of(per[first.pk]).percent_achieved if per.get(first.pk) else None,
            figures.tally_of(per[second.pk]).percent_achieved if per.get(second.pk) else None,
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
    history: list[StatusUpdate]  # the latest HISTORY_SHOWN updates, newest first
    evidence: list[Evidence]
    overdue: bool
    text: StatusUpdate | None = None  # the latest update, when the viewer may read its text
    due: object = None  # the track's due quarter (the municipality's own where it has one)
    own_planning: object = None  # its `DueOverride` (own due quarter and reason), if any
    history_count: int = 0  # all its updates; the full history is on the track page

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def recent(self) -> list[StatusUpdate]:
        """The latest updates shown on the page."""
        return self.history

    @property
    def more_history(self) -> int:
        return max(0, self.history_count - len(self.history))


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


@dataclass
class MunicipalitySource:
    """What a municipality's page is counted from: the region's live basis."""

    municipality: Municipality
    agreement_set: AgreementSet | None
    threshold: int
    on: dt.date
    basis: figures.Basis

    @property
    def options(self) -> FilterOptions:
        """The categories of its own items and the owners a municipality's items have."""
        mine = self.basis.track(self.municipality.pk)
        return FilterOptions(
            categories=list(
                dict.fromkeys((e.item.category_id, e.item.category_name) for e in mine)
            ),
            due_quarters=[],
            owners=[
                (str(value), str(label))
                for value, label in OwnerType.choices
                if value in MUNICIPAL_OWNER_TYPES
            ],
        )


def municipality_source(*, municipality: Municipality) -> MunicipalitySource:
    """The live basis of the municipality's region (for its figures and the regional average).
    Three queries."""
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
    return MunicipalitySource(municipality, agreement_set, threshold, on, basis)


def municipality_page(
    *,
    municipality: Municipality,
    filters: Filters,
    viewer: Any = None,
    source: MunicipalitySource | None = None,
) -> MunicipalityPage:
    """A municipality's items with status, history, evidence and bottlenecks, its figures next
    to the region's, and its trend. Ten queries (eleven when it has its own planning). Text and
    evidence only as far as `viewer` may read them (`permissions.can_read_progress_text`);
    without a viewer, none."""

    region = municipality.region
    if source is None:
        source = municipality_source(municipality=municipality)
    agreement_set, threshold, on, basis = (
        source.agreement_set,
        source.threshold,
        source.on,
        source.basis,
    )
    keep = filters.item_filter
    entries = basis.track(municipality.pk, keep)
    mine = basis.track(municipality.pk)
    categories = source.options.categories
    items = [e.item for e in entries]
    # the latest HISTORY_SHOWN updates of each item, with how many it has in all: one query,
    # however long the history (the whole of it is on the track page)
    history: defaultdict[int, list[StatusUpdate]] = defaultdict(list)
    history_count: dict[int, int] = {}
    for update, in_all in agreement_selectors.status_updates_recent(
        municipality=municipality, item_ids=[i.pk for i in items], per_item=HISTORY_SHOWN
    ):
        history[update.item_id].append(update)
        history_count[update.item_id] = in_all
    evidence = defaultdict(list)
    for ev in agreement_selectors.evidence_readable(
        viewer=viewer, region=region, municipality=municipality, item_ids=[i.pk for i in items]
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
                history_count.get(item.pk, 0),
            )
        )
    own = basis.track_tally(municipality.pk, keep)
    # the region's average over all its municipalities, with the same item filter
    average = basis.municipalities_tally(keep)
    # trend: its frozen results next to the region's
    per_round: defaultdict[MeasurementRound, dict[int | None, RoundResult]] = defaultdict(dict)
    for result in agreement_selectors.round_results_closed(region=region):
        per_round[result.round][result.municipality_id] = result
    trend = []
    for rnd, results in per_round.items():
        region_tally = Tally(lag_threshold=threshold)
        own_tally = None
        for mid, r in results.items():
            t = figures.tally_of(r, threshold)
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
    if found is not None:  # an archived municipality's page stays; the average is of the current
        found.region = region
        found.peer_ids = [m.pk for m in peers if m.is_current]  # type: ignore[attr-defined]
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
    for row in agreement_selectors.item_counts_national(region_ids=ids):
        tallies[row["region_id"]].add(
            status=Status.NOT_STARTED,
            due=due(row["due_year"], row["due_quarter"]),
            count=n_by_region[row["region_id"]] * row["n"],
        )
    # … and those with progress move to their status
    for row in agreement_selectors.progress_counts_national(region_ids=ids):
        is_due = due(row["item__due_year"], row["item__due_quarter"])
        tally = tallies[row["region_id"]]
        tally.add(status=Status.NOT_STARTED, due=is_due, count=-row["n"])
        tally.add(status=row["status"], due=is_due, count=row["n"])
    latest = agreement_selectors.round_names_latest_closed(region_ids=ids)
    return [
        RegionFigures(
            region, region.n_municipalities, tallies[region.pk], latest.get(region.pk, "")
        )
        for region in regions
    ]
