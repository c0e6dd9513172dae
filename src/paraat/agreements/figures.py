"""Progress figures: the one place where "achieved, due, overdue" and their shares are computed.

Every page, export, report and the round closing read progress through this module, so that a
figure means the same everywhere and a closed round never changes.

- A municipality answers for items owned by municipalities or jointly (`MUNICIPAL_OWNER_TYPES`);
  the region's own track (municipality None) covers region and joint items; withdrawn items do
  not count.
- A track's item is **due** on a day when its due quarter ended before that day (`is_due`); the
  due quarter of a track comes from `due_quarter_of`: the municipality's own due quarter for the
  item where the CFG or a coordinator gave one (`DueOverride`), else the item's. Items marked
  "not applicable" on a track count nowhere.
- **share achieved** = achieved / applicable items; **share of due items achieved** = achieved due
  items / applicable due items (None when nothing is due); **overdue** = due, applicable and not
  achieved. A track without any status update counts as "not started".
- **Standing against plan** follows from the share of due items achieved (`standing_level`).
- **Systematic lag** (`is_lagging`): a share of due items achieved below the agreement set's
  `lag_threshold` (percent) in each of the two most recent closed rounds.

Two entry points give a `Basis` (the tracks, items and statuses the figures are counted from):
`live_basis` (today or another day, from the live action list and progress) and `round_basis`
(a closed round, ONLY from its `SnapshotEntry` rows: nothing live is read). Each runs a fixed
number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy

from paraat.regions.models import Municipality

from .models import (
    MUNICIPAL_OWNER_TYPES,
    REGION_OWNER_TYPES,
    ActionItem,
    AgreementSet,
    DueOverride,
    ItemProgress,
    MeasurementRound,
    OwnerType,
    Quarter,
    RoundResult,
    RoundState,
    SnapshotEntry,
    Status,
)

if TYPE_CHECKING:
    from paraat.regions.models import Municipality, Region

# --- the rules -----------------------------------------------------------------------------------


def is_due(due: Quarter | None, on: dt.date) -> bool:
    """The "is due" rule: the due quarter ended before `on`."""
    return due is not None and due.end < on


DueOverrides = dict[tuple[int, int], Quarter]  # (item id, municipality id) → own due quarter


def due_overrides(
    *, agreement_set_id: int | None = None, municipality_ids: Iterable[int] | None = None
) -> DueOverrides:
    """Every municipality's own due quarters (`DueOverride`) of one agreement set, loaded once
    per basis (one query) so that `due_quarter_of` never queries per row."""
    rows = DueOverride.objects.all()
    if agreement_set_id is not None:
        rows = rows.filter(item__agreement_set_id=agreement_set_id)
    if municipality_ids is not None:
        rows = rows.filter(municipality_id__in=list(municipality_ids))
    return {
        (iid, mid): Quarter(year, quarter)
        for iid, mid, year, quarter in rows.values_list(
            "item_id", "municipality_id", "due_year", "due_quarter"
        )
    }


def due_quarter_of(
    item: Item | ActionItem, municipality_id: int | None, overrides: DueOverrides | None = None
) -> Quarter | None:
    """The due quarter of one track: the municipality's own due quarter for the item where it
    has one (from `overrides`, see `due_overrides`), else the item's. The region's own track
    always has the item's. Round closing freezes whatever this answers into the snapshot."""
    if overrides and municipality_id is not None:
        own = overrides.get((item.pk, municipality_id))
        if own is not None:
            return own
    return item.due


def owner_types_of(municipality_id: int | None) -> tuple[str, ...]:
    return MUNICIPAL_OWNER_TYPES if municipality_id is not None else REGION_OWNER_TYPES


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
DEFAULT_LAG_THRESHOLD = 50


def standing_level(share_due: float | None, lag_threshold: int) -> int | None:
    """All due items achieved: 3 (on plan); at least 75 %: 2; at least the lag threshold: 1;
    below it: 0; nothing due: None."""
    if share_due is None:
        return None
    value = share_due * 100
    if value >= 100:
        return 3
    if value >= SLIGHTLY_BEHIND_FROM:
        return 2
    if value >= lag_threshold:
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


def is_lagging(shares_due: list[float | None], threshold: int) -> bool:
    """The systematic-lag rule: below the threshold in each of the two latest closed rounds
    (`shares_due`: share of due items achieved, one per round, most recent first)."""
    last_two = shares_due[:2]
    return len(last_two) == 2 and all(s is not None and s * 100 < threshold for s in last_two)


# --- the tally -----------------------------------------------------------------------------------


@dataclass
class Tally:
    """Plan against reality for a set of tracks and items."""

    items_total: int = 0
    items_applicable: int = 0
    items_achieved: int = 0
    items_due: int = 0  # applicable and due
    items_due_achieved: int = 0
    lag_threshold: int = DEFAULT_LAG_THRESHOLD

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

    def add(self, *, status: str, due: bool, count: int = 1) -> None:
        """Count `count` track items with this status, due or not (a negative count takes
        them out again)."""
        self.items_total += count
        if status == Status.NOT_APPLICABLE:
            return
        achieved = count if status == Status.ACHIEVED else 0
        self.items_applicable += count
        self.items_achieved += achieved
        if due:
            self.items_due += count
            self.items_due_achieved += achieved

    def merge(self, other: Tally) -> Tally:
        self.items_total += other.items_total
        self.items_applicable += other.items_applicable
        self.items_achieved += other.items_achieved
        self.items_due += other.items_due
        self.items_due_achieved += other.items_due_achieved
        return self


def tally_of(result: RoundResult, lag_threshold: int | None = None) -> Tally:
    """A closed round's frozen figures of one municipality (or of the region itself), measured
    against the threshold frozen with them (else `lag_threshold`, else the default)."""
    return Tally(
        result.items_total,
        result.items_applicable,
        result.items_achieved,
        result.items_due,
        result.items_due_achieved,
        result.lag_threshold or lag_threshold or DEFAULT_LAG_THRESHOLD,
    )


def total_of(
    tallies: Mapping[int | None, Tally],
    ids: Iterable[int | None],
    lag_threshold: int = DEFAULT_LAG_THRESHOLD,
) -> Tally:
    """A group of municipalities together (a sub-region, a selection): their tallies merged,
    so a group's share is counted over its items, never averaged over its members."""
    total = Tally(lag_threshold=lag_threshold)
    for mid in ids:
        if mid in tallies:
            total.merge(tallies[mid])
    return total


def is_overdue(*, status: str, due: bool) -> bool:
    return due and status not in (Status.ACHIEVED, Status.NOT_APPLICABLE)


# --- what the figures are counted from ---------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """An action item as the figures see it: live, or as frozen in a closed round."""

    pk: int
    number: str
    text: str
    owner_type: str
    due: Quarter | None
    category_id: int
    category_name: str
    category_order: int
    order: int = 0

    @property
    def owner_label(self) -> str:
        return str(OwnerType(self.owner_type).label)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.category_order, self.order, self.pk)


@dataclass
class Entry:
    """One track's item: its status and (per track) due quarter."""

    item: Item
    municipality_id: int | None
    status: str
    due_quarter: Quarter | None
    due: bool  # due on the basis' day

    @property
    def overdue(self) -> bool:
        return is_overdue(status=self.status, due=self.due)


@dataclass
class ItemFilter:
    """Which items count: a category, an owner type, a due quarter (empty: all)."""

    category: int | None = None
    owner: str = ""
    due: Quarter | None = None

    def keeps(self, item: Item) -> bool:
        if self.category and item.category_id != self.category:
            return False
        if self.owner and item.owner_type != self.owner:
            return False
        return not (self.due and item.due != self.due)


ALL = ItemFilter()


@dataclass
class Basis:
    """The tracks of a region on one day (live) or as a closed round froze them."""

    on: dt.date
    items: list[Item]  # in list order (category, order)
    entries: dict[int | None, dict[int, Entry]]  # track (municipality id or None) → item → entry
    lag_threshold: int = DEFAULT_LAG_THRESHOLD
    measurement_round: MeasurementRound | None = None
    by_pk: dict[int, Item] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_pk = {i.pk: i for i in self.items}

    def tally(self) -> Tally:
        return Tally(lag_threshold=self.lag_threshold)

    def track(self, municipality_id: int | None, keep: ItemFilter = ALL) -> list[Entry]:
        """One track's entries, in list order, for the items the filter keeps."""
        return [e for e in self.entries.get(municipality_id, {}).values() if keep.keeps(e.item)]

    def status(self, municipality_id: int | None, item_pk: int) -> str:
        entry = self.entries.get(municipality_id, {}).get(item_pk)
        return entry.status if entry else ""

    def track_tally(self, municipality_id: int | None, keep: ItemFilter = ALL) -> Tally:
        tally = self.tally()
        # counted per (status, due) first: the same sums with far fewer calls on a large region
        counts = Counter((e.status, e.due) for e in self.track(municipality_id, keep))
        for (status, due), n in counts.items():
            tally.add(status=status, due=due, count=n)
        return tally

    def tallies(self, keep: ItemFilter = ALL) -> dict[int | None, Tally]:
        """Every track's figures: municipalities by id, the region itself under None."""
        return {mid: self.track_tally(mid, keep) for mid in self.entries}

    def municipalities_tally(self, keep: ItemFilter = ALL) -> Tally:
        """All municipalities together (the region's own track left out)."""
        total = self.tally()
        for mid in self.entries:
            if mid is not None:
                total.merge(self.track_tally(mid, keep))
        return total

    def categories(self, keep: ItemFilter = ALL) -> list[tuple[int, str]]:
        kept = (i for i in self.items if keep.keeps(i))
        return list(dict.fromkeys((i.category_id, i.category_name) for i in kept))

    def due_quarters(self) -> list[Quarter]:
        return sorted({i.due for i in self.items if i.due})


def _entries(
    items: Iterable[Item],
    tracks: Iterable[int | None],
    status_of: Callable[[int | None, Item], str],
    due_of: Callable[[Item, int | None], Quarter | None],
    on: dt.date,
) -> dict[int | None, dict[int, Entry]]:
    items = list(items)
    out: dict[int | None, dict[int, Entry]] = {}
    # `is_due` once per item, not per track (a municipality's own due quarter is the exception)
    item_due = {item.pk: is_due(item.due, on) for item in items}
    for mid in tracks:
        owners = owner_types_of(mid)
        track = out.setdefault(mid, {})
        for item in items:
            if item.owner_type in owners:
                due = due_of(item, mid)
                is_it_due = item_due[item.pk] if due is item.due else is_due(due, on)
                track[item.pk] = Entry(item, mid, status_of(mid, item), due, is_it_due)
    return out


def _live_items(agreement_set: AgreementSet) -> list[Item]:
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
            "order",
        )
    )
    return [
        Item(
            pk,
            number,
            text,
            owner,
            Quarter(year, quarter) if year and quarter else None,
            cat,
            cat_name,
            cat_order,
            order,
        )
        for pk, number, text, owner, year, quarter, cat, cat_name, cat_order, order in rows
    ]


def agreement_set_current(*, region: Region | int) -> AgreementSet | None:
    return AgreementSet.objects.filter(region=region, is_current=True).order_by("-id").first()


def live_basis(
    *,
    region: Region | int,
    on: dt.date | None = None,
    agreement_set: AgreementSet | None = None,
    municipality_ids: list[int] | None = None,
    municipality: Municipality | None = None,
) -> Basis:
    """Live figures' basis: the current action list and every track's current status, with
    the items due by `on` (default today) counted as due. `municipality` narrows to one
    municipality's track (and the region's). Four queries (two when the set and the
    municipalities are given)."""
    on = on or timezone.localdate()
    agreement_set = agreement_set or agreement_set_current(region=region)
    if agreement_set is None:
        return Basis(on, [], {})
    if municipality is not None:
        municipality_ids = [municipality.pk]
    elif municipality_ids is None:
        municipality_ids = list(
            Municipality.objects.current().filter(region=region).values_list("pk", flat=True)
        )
    items = _live_items(agreement_set)
    progress = ItemProgress.objects.filter(
        region=region, item__agreement_set=agreement_set, item__is_withdrawn=False
    )
    if municipality is not None:
        progress = progress.filter(Q(municipality=municipality) | Q(municipality__isnull=True))
    statuses: dict[tuple[int | None, int], str] = {
        (mid, iid): status
        for mid, iid, status in progress.values_list("municipality_id", "item_id", "status")
    }

    def status_of(mid: int | None, item: Item) -> str:
        return statuses.get((mid, item.pk), Status.NOT_STARTED)

    overrides = due_overrides(
        agreement_set_id=agreement_set.pk,
        municipality_ids=[municipality.pk] if municipality is not None else None,
    )

    def due_of(item: Item, mid: int | None) -> Quarter | None:
        return due_quarter_of(item, mid, overrides)

    return Basis(
        on,
        items,
        _entries(items, [*municipality_ids, None], status_of, due_of, on),
        agreement_set.lag_threshold,
    )


def closed_round(*, region: Region, round_id: object) -> MeasurementRound | None:
    """The region's closed round with this id, or None."""
    try:
        pk = int(round_id)  # type: ignore[call-overload]  # whatever the URL or form gave
    except (TypeError, ValueError):
        return None
    return (
        MeasurementRound.objects.filter(region=region, state=RoundState.CLOSED, pk=pk)
        .select_related("agreement_set")
        .first()
    )


def frozen_threshold(measurement_round: MeasurementRound) -> int:
    """The lag threshold a closed round was measured against (frozen in its results)."""
    value = (
        RoundResult.objects.filter(round=measurement_round, lag_threshold__isnull=False)
        .values_list("lag_threshold", flat=True)
        .first()
    )
    return value if value is not None else DEFAULT_LAG_THRESHOLD


def round_basis(
    *,
    measurement_round: MeasurementRound,
    municipality: Municipality | None = None,
    lag_threshold: int | None = None,
) -> Basis:
    """A closed round's basis, ONLY from its snapshot and results: the items, categories, due
    quarters, statuses and lag threshold as they stood when it closed. Two queries (one when
    the caller has the frozen threshold)."""
    entries = SnapshotEntry.objects.filter(round=measurement_round)
    if municipality is not None:
        entries = entries.filter(Q(municipality=municipality) | Q(municipality__isnull=True))
    rows = entries.order_by("category_order", "item_order", "item_id").values_list(
        "municipality_id",
        "item_id",
        "item_number",
        "item_text",
        "owner_type",
        "due_year",
        "due_quarter",
        "category_id",
        "category_name",
        "category_order",
        "item_order",
        "status",
    )
    items: dict[int, Item] = {}
    synthetic: dict[str, int] = {}  # entries frozen before categories were: keyed by name
    out: dict[int | None, dict[int, Entry]] = {}
    on = measurement_round.reference_date
    for mid, iid, number, text, owner, year, quarter, cid, cname, corder, iorder, status in rows:
        due = Quarter(year, quarter) if year and quarter else None
        if cid is None:
            cid = synthetic.setdefault(cname, -1 - len(synthetic))
        item = items.get(iid)
        if item is None:
            item = items[iid] = Item(iid, number, text, owner, due, cid, cname, corder, iorder)
        out.setdefault(mid, {})[iid] = Entry(item, mid, status, due, is_due(due, on))
    return Basis(
        on,
        sorted(items.values(), key=lambda i: i.sort_key),
        out,
        lag_threshold if lag_threshold is not None else frozen_threshold(measurement_round),
        measurement_round,
    )


def live_tallies(
    *, region: Region, on: dt.date | None = None, agreement_set: AgreementSet | None = None
) -> dict[int | None, Tally]:
    """Live figures of every municipality (key: id) and of the region itself (key: None)."""
    return live_basis(region=region, on=on, agreement_set=agreement_set).tallies()


# --- systematic lag ------------------------------------------------------------------------------


def closed_rounds(*, region: Region, limit: int | None = None) -> list[MeasurementRound]:
    """The region's closed rounds, most recent (by deadline) first."""
    queryset = (
        MeasurementRound.objects.filter(region=region, state=RoundState.CLOSED)
        .select_related("agreement_set")
        .order_by("-deadline", "-id")
    )
    return list(queryset[:limit] if limit else queryset)


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
        return [tally_of(r).percent_due_achieved for r in self.results]


def lagging_ids(
    results_by_round: dict[int, dict[int | None, RoundResult]],
    rounds: list[MeasurementRound],
    threshold: int,
) -> list[int]:
    """Ids of the municipalities that lag systematically, from the frozen results of the closed
    rounds (`rounds` most recent first; `results_by_round`: round id → municipality id → result)."""
    if len(rounds) < 2:
        return []
    municipality_ids = {mid for per in results_by_round.values() for mid in per if mid is not None}
    out = []
    for mid in municipality_ids:
        pair = [results_by_round.get(r.pk, {}).get(mid) for r in rounds[:2]]
        if is_lagging([tally_of(r).share_due_achieved if r else None for r in pair], threshold):
            out.append(mid)
    return out


def systematic_lag(*, region: Region, threshold: int | None = None) -> list[LagFlag]:
    """Municipalities below the threshold (percent of due items achieved) in the last two
    closed rounds, with the overdue items of the latest round. Three queries at most."""
    rounds = closed_rounds(region=region, limit=2)
    if len(rounds) < 2:
        return []
    if threshold is None:
        threshold = rounds[0].agreement_set.lag_threshold
    results: dict[int, dict[int | None, RoundResult]] = {}
    for result in RoundResult.objects.filter(
        round__in=rounds, municipality__isnull=False
    ).select_related("municipality"):
        results.setdefault(result.round_id, {})[result.municipality_id] = result
    flags = [
        LagFlag(
            results[rounds[0].pk][mid].municipality,  # type: ignore[arg-type]  # never None here
            rounds,
            [results[r.pk][mid] for r in rounds],
        )
        for mid in lagging_ids(results, rounds, threshold)
    ]
    if flags:
        behind: dict[int, list[SnapshotEntry]] = {}
        for entry in SnapshotEntry.objects.filter(
            round=rounds[0],
            municipality__in=[f.municipality for f in flags],
            is_overdue=True,
        ).order_by("category_order", "item_order", "item_number"):
            behind.setdefault(entry.municipality_id, []).append(entry)
        for flag in flags:
            flag.items_behind = behind.get(flag.municipality.pk, [])
    return sorted(flags, key=lambda f: f.municipality.name)
