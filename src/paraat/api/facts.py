"""The flat facts table for BI tools: one row per municipality × action item × round (every
closed round from its frozen snapshot, and the live state as the round "live")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from paraat.agreements.models import (
    ActionItem,
    ItemProgress,
    MeasurementRound,
    Quarter,
    RoundState,
    SnapshotEntry,
    Status,
)

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


def _is_due(due_year, due_quarter, day: dt.date) -> bool:
    return bool(due_year and due_quarter) and Quarter(due_year, due_quarter).end < day


def _row(
    *,
    round_id,
    round_name,
    day,
    region,
    municipality,
    item_id,
    number,
    text,
    category,
    owner,
    due_year,
    due_quarter,
    status,
) -> dict:
    applicable = status != Status.NOT_APPLICABLE
    achieved = status == Status.ACHIEVED
    due = applicable and _is_due(due_year, due_quarter, day)
    return {
        "round_id": round_id,
        "round_name": round_name,
        "round_date": day.isoformat(),
        "region_code": region.code,
        "region_name": region.name,
        "municipality_code": municipality[0],
        "municipality_name": municipality[1],
        "item_id": item_id,
        "item_number": number,
        "item_text": text,
        "category": category,
        "owner": owner,
        "due_year": due_year,
        "due_quarter": due_quarter,
        "status": status,
        "status_order": STATUS_ORDER.get(status, 0),
        "is_applicable": applicable,
        "is_achieved": achieved,
        "is_due": due,
        "is_overdue": due and not achieved,
    }


def fact_rows(*, region, round_ids: set[str] | None = None) -> Iterator[dict]:
    """Rows of one region in a stable order: closed rounds by closing date, then live."""
    municipalities = {m.pk: (m.code, m.name) for m in region.municipalities.order_by("code")}
    rounds = MeasurementRound.objects.filter(region=region, state=RoundState.CLOSED).order_by(
        "closed_at", "pk"
    )
    for measurement_round in rounds:
        if round_ids is not None and str(measurement_round.pk) not in round_ids:
            continue
        day = timezone.localdate(measurement_round.closed_at)
        entries = (
            SnapshotEntry.objects.filter(round=measurement_round, municipality__isnull=False)
            .order_by("municipality__code", "category_order", "item_number", "pk")
            .values_list(
                "municipality_id",
                "item_id",
                "item_number",
                "item_text",
                "category_name",
                "owner_type",
                "due_year",
                "due_quarter",
                "status",
            )
        )
        for mid, item_id, number, text, category, owner, year, quarter, status in entries:
            yield _row(
                round_id=str(measurement_round.pk),
                round_name=measurement_round.name,
                day=day,
                region=region,
                municipality=municipalities[mid],
                item_id=item_id,
                number=number,
                text=text,
                category=category,
                owner=owner,
                due_year=year,
                due_quarter=quarter,
                status=status,
            )
    if round_ids is not None and LIVE not in round_ids:
        return
    today = timezone.localdate()
    items = list(
        ActionItem.objects.active()
        .for_municipalities()
        .filter(region=region, agreement_set__is_current=True)
        .select_related("category")
        .order_by("category__order", "order", "pk")
    )
    statuses = {
        (mid, iid): status
        for mid, iid, status in ItemProgress.objects.filter(
            region=region, municipality__isnull=False
        ).values_list("municipality_id", "item_id", "status")
    }
    for mid, municipality in municipalities.items():
        for item in items:
            yield _row(
                round_id=LIVE,
                round_name=LIVE,
                day=today,
                region=region,
                municipality=municipality,
                item_id=item.pk,
                number=item.number,
                text=item.text,
                category=item.category.name,
                owner=item.owner_type,
                due_year=item.due_year,
                due_quarter=item.due_quarter,
                status=statuses.get((mid, item.pk), Status.NOT_STARTED),
            )
