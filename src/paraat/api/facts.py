"""The flat facts table for BI tools: one row per municipality × action item × round (every
closed round from its frozen snapshot, and the live state as the round "live").

The rows come from the figures module's bases (`agreements.figures`): the same items, due rule
and statuses as every dashboard figure, so a BI tool counts what the dashboard counts."""

from __future__ import annotations

from collections.abc import Iterator

from paraat.agreements import figures
from paraat.agreements.models import Status

from .serializers import STATUS_ORDER

COLUMNS = [
    "round_id",
    "round_name",
    "round_date",
    "region_code",
    "region_name",
    "municipality_code",
    "municipality_name",
    "item_id",
    "item_number",
    "item_text",
    "category",
    "owner",
    "due_year",
    "due_quarter",
    "status",
    "status_order",
    "is_applicable",
    "is_achieved",
    "is_due",
    "is_overdue",
]
LIVE = "live"


def _rows(basis: figures.Basis, *, round_id: str, round_name: str, region, municipalities):
    for mid, municipality in municipalities.items():
        for entry in basis.track(mid):
            item, status = entry.item, entry.status
            applicable = status != Status.NOT_APPLICABLE
            due = entry.due_quarter
            yield {
                "round_id": round_id,
                "round_name": round_name,
                "round_date": basis.on.isoformat(),
                "region_code": region.code,
                "region_name": region.name,
                "municipality_code": municipality[0],
                "municipality_name": municipality[1],
                "item_id": item.pk,
                "item_number": item.number,
                "item_text": item.text,
                "category": item.category_name,
                "owner": item.owner_type,
                "due_year": due.year if due else None,
                "due_quarter": due.quarter if due else None,
                "status": status,
                "status_order": STATUS_ORDER.get(status, 0),
                "is_applicable": applicable,
                "is_achieved": status == Status.ACHIEVED,
                "is_due": applicable and entry.due,
                "is_overdue": entry.overdue,
            }


def fact_rows(*, region, round_ids: set[str] | None = None) -> Iterator[dict]:
    """Rows of one region in a stable order: closed rounds oldest first, then live; within a
    round by municipality code and list order."""
    municipalities = {m.pk: (m.code, m.name) for m in region.municipalities.order_by("code")}
    for measurement_round in reversed(figures.closed_rounds(region=region)):
        if round_ids is not None and str(measurement_round.pk) not in round_ids:
            continue
        basis = figures.round_basis(measurement_round=measurement_round)
        yield from _rows(
            basis,
            round_id=str(measurement_round.pk),
            round_name=measurement_round.name,
            region=region,
            municipalities=municipalities,
        )
    if round_ids is None or LIVE in round_ids:
        basis = figures.live_basis(region=region, municipality_ids=list(municipalities))
        yield from _rows(
            basis, round_id=LIVE, round_name=LIVE, region=region, municipalities=municipalities
        )
