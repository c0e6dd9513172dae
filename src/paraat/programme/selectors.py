"""Read queries of the programme app for views and reports (bounded query counts)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from .models import (
    Activity,
    ActivityUpdate,
    BodyMember,
    CoreAmbition,
    DeferredWork,
    Goal,
    Programme,
    ProgrammeResult,
    Risk,
    RiskKind,
    RiskRevision,
    RiskState,
    StartDocument,
    ThemeTable,
)

ACTION_ITEMS = "action_items"


def programme_overview(*, region) -> dict:
    programme = Programme.objects.filter(region=region).first()
    ambitions = CoreAmbition.objects.filter(region=region).prefetch_related(
        Prefetch("goals", queryset=Goal.objects.order_by("letter"))
    )
    bodies = list(BodyMember.objects.filter(region=region))
    return {
        "programme": programme,
        "ambitions": ambitions,
        "results": ProgrammeResult.objects.filter(region=region),
        "steering_group": [m for m in bodies if m.body == "steering_group"],
        "programme_team": [m for m in bodies if m.body == "programme_team"],
        "tables": theme_tables(region=region),
    }


def theme_tables(*, region) -> QuerySet[ThemeTable]:
    return (
        ThemeTable.objects.filter(region=region)
        .select_related("lead", "startdoc")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.select_related("ambition")),
        )
        .annotate(
            n_members=Count("members", distinct=True),
            n_activities=Count("activities", distinct=True),
            n_deferred=Count("deferred_work", distinct=True),
        )
    )


def theme_table_detail(*, region, pk: int) -> ThemeTable | None:
    return (
        ThemeTable.objects.filter(region=region, pk=pk)
        .select_related("lead", "startdoc", "startdoc__adopted_by")
        .prefetch_related(
            "members",
            Prefetch("goals", queryset=Goal.objects.select_related("ambition")),
            Prefetch(
                "activities", queryset=Activity.objects.prefetch_related("milestones", ACTION_ITEMS)
            ),
            "deferred_work",
            Prefetch("risks", queryset=Risk.objects.filter(state=RiskState.OPEN)),
        )
        .first()
    )


def startdoc_for(*, table: ThemeTable) -> StartDocument:
    document, _ = StartDocument.objects.get_or_create(table=table)
    return document


def activities_for_action_item(*, action_item):
    """The activities that carry out an agreements' action item, with their table."""
    return (
        Activity.objects.filter(region_id=action_item.region_id, action_items=action_item)
        .select_related("table")
        .order_by("table__order", "table__name", "start", "id")
    )


def activities(*, region, table: str | None = None, status: str | None = None):
    qs = (
        Activity.objects.filter(region=region)
        .select_related("table")
        .prefetch_related("milestones", ACTION_ITEMS)
        .annotate(n_updates=Count("updates"))
    )
    if table == "team":
        qs = qs.filter(table__isnull=True)
    elif table:
        qs = qs.filter(table_id=table)  # type: ignore[misc]  # the id as the query string gave it
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("table__order", "table__name", "start", "id")


def activity_detail(*, region, pk: int) -> Activity | None:
    return (
        Activity.objects.filter(region=region, pk=pk)
        .select_related("table", "table__lead")
        .prefetch_related(
            "milestones",
            ACTION_ITEMS,
            Prefetch("updates", queryset=ActivityUpdate.objects.select_related("author")),
        )
        .first()
    )


def group_by_table(items) -> list[tuple[ThemeTable | None, list]]:
    """Items grouped by theme table, in order; the programme team (no table) first."""
    groups: dict = {}
    for item in items:
        groups.setdefault(item.table, []).append(item)
    return sorted(
        groups.items(), key=lambda kv: (kv[0] is not None, kv[0] and kv[0].order, str(kv[0] or ""))
    )


@dataclass
class Timeline:
    start: datetime.date
    end: datetime.date
    months: list[tuple[datetime.date, float, float]] = field(default_factory=list)  # (m, x, w)
    rows: list[dict] = field(default_factory=list)
    width: int = 960
    label_width: int = 300
    row_height: int = 26
    today_x: float | None = None

    @property
    def height(self) -> int:
        return 40 + self.row_height * len(self.rows) + 10


def _month_start(d: datetime.date) -> datetime.date:
    return d.replace(day=1)


def _add_month(d: datetime.date) -> datetime.date:
    return d.replace(year=d.year + (d.month == 12), month=d.month % 12 + 1, day=1)


def timeline(*, region, today: datetime.date | None = None) -> tuple[Timeline, list]:
    """The dated activities of all tables laid out on one time axis (server-rendered SVG)."""
    today = today or datetime.date.today()
    items = list(activities(region=region))
    dated = [a for a in items if a.start and a.end]
    if dated:
        start = _month_start(min(a.start for a in dated))
        end = _add_month(max(a.end for a in dated))
    else:
        start = _month_start(today)
        end = _add_month(_add_month(start))
    tl = Timeline(start=start, end=end)
    span = (end - start).days or 1
    chart_w = tl.width - tl.label_width - 10

    def x_of(d: datetime.date) -> float:
        return round(tl.label_width + chart_w * (d - start).days / span, 1)

    m = start
    while m < end:
        nxt = _add_month(m)
        tl.months.append((m, x_of(m), round(x_of(nxt) - x_of(m), 1)))
        m = nxt
    if start <= today <= end:
        tl.today_x = x_of(today)
    y = 40
    for table, acts in group_by_table(dated):
        tl.rows.append({"heading": True, "label": table.name if table else None, "y": y})
        y += tl.row_height
        for a in acts:
            x1, x2 = x_of(a.start), x_of(a.end)
            tl.rows.append(
                {
                    "heading": False,
                    "activity": a,
                    "y": y,
                    "x": x1,
                    "w": max(round(x2 - x1, 1), 3),
                    "milestones": [(x_of(ms.due), ms) for ms in a.milestones.all()],
                }
            )
            y += tl.row_height
    return tl, group_by_table(items)


def deferred_work(*, region, table: ThemeTable | None = None):
    qs = DeferredWork.objects.filter(region=region).select_related("table")
    if table is not None:
        qs = qs.filter(table=table)
    return qs.order_by("table__order", "table__name", "id")


def risks(*, region, kind: str | None = None) -> QuerySet[Risk]:
    qs = Risk.objects.filter(region=region).select_related("table").prefetch_related("measures")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind", "number")


def risk_code(risk: Risk) -> str:
    return f"{'B' if risk.kind == RiskKind.THREAT else 'K'}{risk.number}"


def heat_map(risk_list) -> list[dict]:
    """Rows likelihood 5..1, columns impact 1..5; each cell lists the open risks in it."""
    rows = []
    for likelihood in range(5, 0, -1):
        cells = []
        for impact in range(1, 6):
            score = likelihood * impact
            band = "high" if score >= 15 else "medium" if score >= 8 else "low"
            items = [
                r
                for r in risk_list
                if r.state == RiskState.OPEN and r.likelihood == likelihood and r.impact == impact
            ]
            cells.append({"impact": impact, "score": score, "band": band, "risks": items})
        rows.append({"likelihood": likelihood, "cells": cells})
    return rows


def risk_changes_since(*, region, since: datetime.date) -> list[dict]:
    """What changed in the register after `since` (the previous report's date): new risks,
    changed likelihood/impact/score or state, and changed measures."""
    risk_list = list(risks(region=region))
    ids = [r.pk for r in risk_list]
    revisions = RiskRevision.objects.filter(risk_id__in=ids).order_by("risk_id", "at", "id")
    before: dict[int, RiskRevision] = {}
    changed_after: set[int] = set()
    for rev in revisions:
        if rev.at.date() < since:
            before[rev.risk_id] = rev
        else:
            changed_after.add(rev.risk_id)
    changes = []
    for r in risk_list:
        if r.pk not in changed_after:
            continue
        old = before.get(r.pk)
        if old is None:
            changes.append({"risk": r, "new": True, "old": None, "notes": []})
            continue
        snap = old.snapshot
        notes = []
        if old.likelihood != r.likelihood or old.impact != r.impact:
            notes.append(
                {
                    "kind": "score",
                    "old": f"{old.likelihood} × {old.impact} = {old.likelihood * old.impact}",
                    "new": f"{r.likelihood} × {r.impact} = {r.score}",
                    "up": r.score > old.likelihood * old.impact,
                }
            )
        if old.state != r.state:
            notes.append({"kind": "state", "old": old.state, "new": r.state})
        now_measures = [{"text": m.text, "status": m.status} for m in r.measures.all()]
        if snap.get("measures", []) != now_measures:
            notes.append({"kind": "measures", "old": snap.get("measures", []), "new": now_measures})
        for key in ("title", "description", "cause", "effect", "owner"):
            if snap.get(key) != getattr(r, key):
                notes.append({"kind": "text", "field": key})
                break
        if notes:
            changes.append({"risk": r, "new": False, "old": old, "notes": notes})
    return changes
