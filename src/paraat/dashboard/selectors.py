"""Read queries of the dashboard: the region overview, the municipality page, round comparison
and the national view.

Definitions are those of `paraat.agreements` (see the docstring of `agreements/selectors.py`):

- a municipality answers for municipal and joint items, the region's own track (municipality
  None) for region and joint items; withdrawn items do not count;
- an item is **due** when its due quarter ended before the reference day (today, or the deadline
  of the chosen closed round); items marked "not applicable" on a track count nowhere;
- **share achieved** = achieved / applicable items; **share of due items achieved** = achieved due
  items / applicable due items; **overdue** = due, applicable and not achieved; a track without a
  status counts as "not started";
- **systematic lag**: share of due items achieved below the agreement set's `lag_threshold` in
  each of the two most recent closed rounds (computed here from the frozen `RoundResult`s that
  the overview loads anyway, so it costs no extra query; same rule as
  `agreements.selectors.systematic_lag`).

The dashboard needs these figures *filtered* (category, owner type, due quarter) and *per
category*, which the agreements selectors do not offer, so `Tally` is computed here from one
query of statuses. Its field names equal those of `agreements.selectors.Figures` so the two can
be unified. Without filters the totals equal `agreements.selectors.figures_by_municipality`.

A closed round's figures come from its frozen snapshot (`SnapshotEntry`), never from live data.
Every function runs a fixed number of queries, whatever the number of municipalities or items.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from paraat.agreements.models import (
    MUNICIPAL_OWNER_TYPES,
    REGION_OWNER_TYPES,
    ActionItem,
    AgreementSet,
    Evidence,
    ItemProgress,
    MeasurementRound,
    OwnerType,
    Quarter,
    RoundResult,
    RoundState,
    SnapshotEntry,
    Status,
    StatusUpdate,
    SubmissionStatus,
    passed_quarters_q,
)
from paraat.regions.models import Municipality, Region

# --- standing against plan --------------------------------------------------------------------

# Level 3 = on plan … 0 = far behind; None = nothing due yet. The level picks a colour AND a
# symbol and a word, so the meaning never depends on colour alone.
STANDING = {
    3: ("✓", gettext_lazy("on plan")),
    2: ("◐", gettext_lazy("slightly behind")),
    1: ("!", gettext_lazy("behind")),
    0: ("!!", gettext_lazy("far behind")),
    None: ("–", gettext_lazy("nothing due yet")),
}
SLIGHTLY_BEHIND_FROM = 75  # percent of due items achieved


def standing_level(share_due: float | None, lag_threshold: int) -> int | None:
    """How a track stands against plan, from its share of due items achieved.

    All due items achieved: 3 (on plan); at least 75 %: 2; at least the lag threshold: 1;
    below it: 0; nothing due: None.
    """
    if share_due is None:
        return None
    percent = share_due * 100
    if percent >= 100:
        return 3
    if percent >= SLIGHTLY_BEHIND_FROM:
        return 2
    if percent >= lag_threshold:
        return 1
    return 0


_LABELS: dict[tuple[str, int | None], str] = {}


def standing_label(level: int | None) -> str:
    """The standing in words, in the active language (translated once per language)."""
    key = (get_language(), level)
    if key not in _LABELS:
        _LABELS[key] = str(STANDING[level][1])
    return _LABELS[key]


def percent(share: float | None) -> int | None:
    return None if share is None else round(share * 100)


@dataclass
class Tally:
    """Plan against reality for a set of tracks and items (same names as agreements' Figures)."""

    items_total: int = 0
    items_applicable: int = 0
    items_achieved: int = 0
    items_due: int = 0
    items_due_achieved: int = 0
    lag_threshold: int = 50

    @property
    def items_overdue(self) -> int:
        return self.items_due - self.items_due_achieved

    @property
    def share_achieved(self) -> float | None:
        return self.items_achieved / self.items_applicable if self.items_applicable else None

    @property
    def share_due_achieved(self) -> float | None:
        return self.items_due_achieved / self.items_due if self.items_due else None

    @property
    def percent_achieved(self) -> int | None:
        return percent(self.share_achieved)

    @property
    def percent_due_achieved(self) -> int | None:
        return percent(self.share_due_achieved)

    @property
    def level(self) -> int | None:
        return standing_level(self.share_due_achieved, self.lag_threshold)

    @property
    def symbol(self) -> str:
        return STANDING[self.level][0]

    @property
    def standing(self) -> str:
        return standing_label(self.level)

    def add(self, *, achieved: bool, applicable: bool, due: bool) -> None:
        self.items_total += 1
        if not applicable:
            return
        self.items_applicable += 1
        self.items_achieved += achieved
        if due:
            self.items_due += 1
            self.items_due_achieved += achieved

    def merge(self, other: Tally) -> None:
        self.items_total += other.items_total
        self.items_applicable += other.items_applicable
        self.items_achieved += other.items_achieved
        self.items_due += other.items_due
        self.items_due_achieved += other.items_due_achieved


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

    def keeps(self, item: _Item) -> bool:
        if self.category and item.category_id != self.category:
            return False
        if self.owner and item.owner_type != self.owner:
            return False
        return not (self.due and item.due != self.due)


# --- the region overview ------------------------------------------------------------------------


@dataclass
class _Item:
    pk: int
    number: str
    text: str
    owner_type: str
    due: Quarter | None
    category_id: int
    category_name: str
    category_order: int

    def is_due_on(self, day: dt.date) -> bool:
        return self.due is not None and self.due.end < day

    @property
    def owner_label(self) -> str:
        return str(OwnerType(self.owner_type).label)


@dataclass
class ItemRow:
    """One item across all municipalities (or the region's own track for region items)."""

    item: _Item
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
    by_municipality: dict[int, Tally]


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

    @property
    def lag_threshold(self) -> int:
        return self.agreement_set.lag_threshold if self.agreement_set else 50

    @property
    def levels(self) -> list[tuple[int | None, str, str]]:
        return [(level, symbol, str(label)) for level, (symbol, label) in STANDING.items()]

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
    return AgreementSet.objects.filter(region=region, is_current=True).order_by("-id").first()


def _items(agreement_set) -> list[_Item]:
    rows = (
        ActionItem.objects.active()
        .filter(agreement_set=agreement_set)
        .order_by("category__order", "order", "id")
        .values_list(
            "pk",
            "number",
            "text",
            "owner_type",
            "due_year",
            "due_quarter",
            "category_id",
            "category__name",
            "category__order",
        )
    )
    return [
        _Item(
            pk,
            number,
            text,
            owner,
            Quarter(year, quarter) if year and quarter else None,
            cat,
            cat_name,
            cat_order,
        )
        for pk, number, text, owner, year, quarter, cat, cat_name, cat_order in rows
    ]


def _statuses(*, region, agreement_set, chosen_round) -> dict[tuple[int | None, int], str]:
    """{(municipality id or None, item id): status}: live, or frozen in the chosen round."""
    if chosen_round is not None:
        rows = SnapshotEntry.objects.filter(round=chosen_round).values_list(
            "municipality_id", "item_id", "status"
        )
    else:
        rows = ItemProgress.objects.filter(
            region=region, item__agreement_set=agreement_set, item__is_withdrawn=False
        ).values_list("municipality_id", "item_id", "status")
    return {(mid, iid): status for mid, iid, status in rows}


def _lagging(results_by_round, closed, municipalities, threshold) -> list[Municipality]:
    """Below the threshold in each of the two latest closed rounds (agreements' rule)."""
    if len(closed) < 2:
        return []
    last_two = closed[-2:]
    out = []
    for m in municipalities:
        shares = [results_by_round.get(r.pk, {}).get(m.pk) for r in last_two]
        if all(s is not None and s.share_due_achieved is not None for s in shares) and all(
            s.share_due_achieved * 100 < threshold for s in shares
        ):
            out.append(m)
    return out


def region_overview(*, region: Region, filters: Filters, url_for=None) -> Overview:
    """Everything the region overview shows. Eight queries, whatever the size of the region."""
    agreement_set = agreement_set_current(region=region)
    threshold = agreement_set.lag_threshold if agreement_set else 50
    municipalities = list(
        Municipality.objects.filter(region=region)
        .only("pk", "code", "name", "region_id", "centroid_lat", "centroid_lon", "boundary")
        .order_by("name")
    )
    rounds = list(
        MeasurementRound.objects.filter(region=region)
        .annotate(
            **{
                f"n_{value}": Count("submissions", filter=Q(submissions__status=value))
                for value in SubmissionStatus.values
            }
        )
        .order_by("deadline", "id")
    )
    closed = [r for r in rounds if r.state == RoundState.CLOSED]
    chosen = next((r for r in closed if r.pk == filters.round_id), None)
    if chosen is None:
        filters.round_id = None
    on = chosen.reference_date if chosen else timezone.localdate()
    current_round = next((r for r in reversed(rounds) if r.is_open), None)
    items = _items(agreement_set) if agreement_set else []
    all_categories = list(dict.fromkeys((i.category_id, i.category_name) for i in items))
    due_quarters = sorted({i.due for i in items if i.due})
    kept = [i for i in items if filters.keeps(i)]
    categories = list(dict.fromkeys((i.category_id, i.category_name) for i in kept))
    statuses = (
        _statuses(region=region, agreement_set=agreement_set, chosen_round=chosen)
        if agreement_set
        else {}
    )

    def tally():
        return Tally(lag_threshold=threshold)

    # municipalities × categories
    cat_index = {cid: n for n, (cid, _name) in enumerate(categories)}
    municipal_items = [i for i in kept if i.owner_type in MUNICIPAL_OWNER_TYPES]
    rows, total = [], tally()
    per_item = {i.pk: ItemRow(i, tally()) for i in municipal_items}
    for m in municipalities:
        cells = [tally() for _c in categories]
        own = tally()
        for item in municipal_items:
            status = statuses.get((m.pk, item.pk), Status.NOT_STARTED)
            facts = {
                "achieved": status == Status.ACHIEVED,
                "applicable": status != Status.NOT_APPLICABLE,
                "due": item.is_due_on(on),
            }
            cells[cat_index[item.category_id]].add(**facts)
            own.add(**facts)
            row = per_item[item.pk]
            row.tally.add(**facts)
            if status == Status.NOT_STARTED:
                row.not_started += 1
            elif status in (Status.STARTED, Status.IN_PROGRESS):
                row.in_progress += 1
        total.merge(own)
        rows.append(MunicipalityRow(m, own, cells, url_for(m) if url_for else ""))

    # the region's own track
    own_total, own_items = tally(), []
    for item in kept:
        if item.owner_type not in REGION_OWNER_TYPES:
            continue
        status = statuses.get((None, item.pk), Status.NOT_STARTED)
        row = ItemRow(item, tally(), region_status=status)
        facts = {
            "achieved": status == Status.ACHIEVED,
            "applicable": status != Status.NOT_APPLICABLE,
            "due": item.is_due_on(on),
        }
        row.tally.add(**facts)
        own_total.add(**facts)
        own_items.append(row)
    for row in per_item.values():
        if row.item.owner_type == OwnerType.JOINT:
            row.region_status = statuses.get((None, row.item.pk), Status.NOT_STARTED)

    # trend from the frozen round results
    results_by_round: dict[int, dict[int | None, RoundResult]] = defaultdict(dict)
    if closed:
        for result in RoundResult.objects.filter(round__in=closed):
            results_by_round[result.round_id][result.municipality_id] = result
    trend = []
    for r in closed:
        region_tally, by_municipality = tally(), {}
        for mid, result in results_by_round.get(r.pk, {}).items():
            t = tally()
            t.items_total = result.items_total
            t.items_applicable = result.items_applicable
            t.items_achieved = result.items_achieved
            t.items_due = result.items_due
            t.items_due_achieved = result.items_due_achieved
            by_municipality[mid] = t
            if mid is not None:
                region_tally.merge(t)
        trend.append(TrendPoint(r, region_tally, by_municipality.pop(None, None), by_municipality))

    for row in rows:
        row.trend = [p.by_municipality.get(row.municipality.pk) for p in trend]

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
    return Overview(
        region=region,
        agreement_set=agreement_set,
        filters=filters,
        on=on,
        chosen_round=chosen,
        rounds=rounds,
        closed=closed,
        categories=categories,
        all_categories=all_categories,
        due_quarters=due_quarters,
        municipalities=rows,
        total=total,
        own=own_total,
        own_items=own_items,
        items=items_sorted,
        trend=trend,
        lagging=_lagging(results_by_round, closed, municipalities, threshold),
        current_round=current_round,
        submission_counts=submission_counts,
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
    results = defaultdict(dict)
    for r in RoundResult.objects.filter(
        round__in=[first, second], municipality__isnull=False
    ).select_related("municipality"):
        results[r.municipality][r.round_id] = r
    municipalities = [
        Change(
            m.name,
            percent(per.get(first.pk).share_achieved) if per.get(first.pk) else None,
            percent(per.get(second.pk).share_achieved) if per.get(second.pk) else None,
            url_for(m) if url_for else "",
        )
        for m, per in sorted(results.items(), key=lambda kv: kv[0].name)
    ]
    per_item = defaultdict(dict)
    labels = {}
    for row in (
        SnapshotEntry.objects.filter(round__in=[first, second], municipality__isnull=False)
        .values("round_id", "item_id", "item_number", "item_text", "category_order")
        .annotate(
            achieved=Count("pk", filter=Q(status=Status.ACHIEVED)),
            applicable=Count("pk", filter=~Q(status=Status.NOT_APPLICABLE)),
        )
    ):
        share = row["achieved"] / row["applicable"] if row["applicable"] else None
        per_item[row["item_id"]][row["round_id"]] = percent(share)
        if row["item_id"] not in labels or row["round_id"] == second.pk:
            labels[row["item_id"]] = (
                row["category_order"],
                row["item_number"],
                f"{row['item_number']} {row['item_text'][:80]}",
            )
    items = [
        Change(labels[iid][2], per.get(first.pk), per.get(second.pk))
        for iid, per in sorted(per_item.items(), key=lambda kv: labels[kv[0]][:2])
    ]
    return Comparison(first, second, municipalities, items)


# --- the municipality page ----------------------------------------------------------------------


@dataclass
class TrackRow:
    item: ActionItem
    status: str
    latest: StatusUpdate | None
    history: list[StatusUpdate]
    evidence: list[Evidence]
    overdue: bool
    text: StatusUpdate | None = None  # the latest update, when the viewer may read its text

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
    to the region's, and its trend. Seven queries. Text and evidence only as far as `viewer`
    may read them (`permissions.can_read_progress_text`); without a viewer, none."""
    from paraat.permissions import can_read_progress_text, progress_text_q

    region = municipality.region
    agreement_set = agreement_set_current(region=region)
    threshold = agreement_set.lag_threshold if agreement_set else 50
    on = timezone.localdate()
    all_items = []
    if agreement_set is not None:
        all_items = list(
            ActionItem.objects.active()
            .filter(agreement_set=agreement_set, owner_type__in=MUNICIPAL_OWNER_TYPES)
            .select_related("category")
            .order_by("category__order", "order", "id")
        )
    categories = list(dict.fromkeys((i.category_id, i.category.name) for i in all_items))
    items = [
        i
        for i in all_items
        if (not filters.category or i.category_id == filters.category)
        and (not filters.owner or i.owner_type == filters.owner)
        and (not filters.due or i.due == filters.due)
    ]
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
    own = Tally(lag_threshold=threshold)
    rows = []
    for item in items:
        updates = history.get(item.pk, [])
        status = updates[0].status if updates else Status.NOT_STARTED
        achieved = status == Status.ACHIEVED
        applicable = status != Status.NOT_APPLICABLE
        due = item.is_due_on(on)
        own.add(achieved=achieved, applicable=applicable, due=due)
        latest = updates[0] if updates else None
        rows.append(
            TrackRow(
                item,
                status,
                latest,
                updates,
                evidence.get(item.pk, []),
                due and applicable and not achieved,
                latest if latest and can_read_progress_text(viewer, latest) else None,
            )
        )
    # the region's average over all its municipalities, with the same item filter
    average = Tally(lag_threshold=threshold)
    if items:
        n_municipalities = getattr(municipality, "n_peers", None)
        if n_municipalities is None:
            n_municipalities = Municipality.objects.filter(region=region).count()
        due_ids = {i.pk for i in items if i.is_due_on(on)}
        is_due = Q(item__in=due_ids) if due_ids else Q(pk__isnull=True)
        counts = ItemProgress.objects.filter(
            region=region, municipality__isnull=False, item__in=[i.pk for i in items]
        ).aggregate(
            achieved=Count("pk", filter=Q(status=Status.ACHIEVED)),
            achieved_due=Count("pk", filter=Q(status=Status.ACHIEVED) & is_due),
            na=Count("pk", filter=Q(status=Status.NOT_APPLICABLE)),
            na_due=Count("pk", filter=Q(status=Status.NOT_APPLICABLE) & is_due),
        )
        average.items_total = n_municipalities * len(items)
        average.items_applicable = average.items_total - counts["na"]
        average.items_achieved = counts["achieved"]
        average.items_due = n_municipalities * len(due_ids) - counts["na_due"]
        average.items_due_achieved = counts["achieved_due"]
    # trend: its frozen results next to the region's
    per_round = defaultdict(dict)
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
        mine = None
        for mid, r in results.items():
            t = Tally(
                r.items_total,
                r.items_applicable,
                r.items_achieved,
                r.items_due,
                r.items_due_achieved,
                threshold,
            )
            region_tally.merge(t)
            if mid == municipality.pk:
                mine = t
        trend.append((rnd, mine, region_tally))
    return MunicipalityPage(municipality, agreement_set, on, own, average, rows, trend, categories)


def municipality_in_region(*, region: Region, code: str) -> Municipality | None:
    """The municipality with its region and the number of municipalities in that region."""
    peers = (
        Municipality.objects.filter(region=OuterRef("region"))
        .order_by()
        .values("region")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Municipality.objects.select_related("region")
        .annotate(n_peers=Subquery(peers))
        .filter(region=region, code__iexact=code)
        .first()
    )


# --- the national view --------------------------------------------------------------------------


@dataclass
class RegionFigures:
    region: Region
    municipalities: int
    tally: Tally
    latest_round: str = ""


def national_figures(*, on: dt.date | None = None) -> list[RegionFigures]:
    """Aggregate figures of every region that shares nationally; never a municipality's.

    Four queries: regions with their municipality count, item counts per region, progress
    counts per region, latest closed round per region.
    """
    on = on or timezone.localdate()
    regions = list(
        Region.objects.filter(share_nationally=True)
        .annotate(n_municipalities=Count("municipalities", distinct=True))
        .order_by("code")
    )
    ids = [r.pk for r in regions]
    due_q = passed_quarters_q(on)
    item_counts = {
        row["region_id"]: row
        for row in ActionItem.objects.active()
        .filter(
            region_id__in=ids,
            agreement_set__is_current=True,
            owner_type__in=MUNICIPAL_OWNER_TYPES,
        )
        .values("region_id")
        .annotate(n=Count("pk"), n_due=Count("pk", filter=due_q))
    }
    item_due_q = passed_quarters_q(on, prefix="item__")
    progress = {
        row["region_id"]: row
        for row in ItemProgress.objects.filter(
            region_id__in=ids,
            municipality__isnull=False,
            item__is_withdrawn=False,
            item__agreement_set__is_current=True,
            item__owner_type__in=MUNICIPAL_OWNER_TYPES,
        )
        .values("region_id")
        .annotate(
            achieved=Count("pk", filter=Q(status=Status.ACHIEVED)),
            achieved_due=Count("pk", filter=Q(status=Status.ACHIEVED) & item_due_q),
            na=Count("pk", filter=Q(status=Status.NOT_APPLICABLE)),
            na_due=Count("pk", filter=Q(status=Status.NOT_APPLICABLE) & item_due_q),
        )
    }
    latest = {}
    for rnd in MeasurementRound.objects.filter(region_id__in=ids, state=RoundState.CLOSED).order_by(
        "region_id", "deadline", "id"
    ):
        latest[rnd.region_id] = rnd.name
    out = []
    for region in regions:
        items = item_counts.get(region.pk, {"n": 0, "n_due": 0})
        done = progress.get(region.pk, {"achieved": 0, "achieved_due": 0, "na": 0, "na_due": 0})
        n = region.n_municipalities
        tally = Tally(
            items_total=n * items["n"],
            items_applicable=n * items["n"] - done["na"],
            items_achieved=done["achieved"],
            items_due=n * items["n_due"] - done["na_due"],
            items_due_achieved=done["achieved_due"],
        )
        out.append(RegionFigures(region, n, tally, latest.get(region.pk, "")))
    return out
