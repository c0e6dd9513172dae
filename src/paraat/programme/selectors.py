"""Read queries of the programme app for views and reports (bounded query counts)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet, TextChoices
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from paraat.regions.models import Region

from .evaluation import SECTIONS
from .models import (
    ActionState,
    Activity,
    ActivityUpdate,
    AgendaItem,
    AgendaKind,
    BodyMember,
    CoreAmbition,
    Decision,
    DeferredWork,
    Evaluation,
    EvaluationVersion,
    Goal,
    Handover,
    Meeting,
    MeetingAction,
    MeetingComment,
    Programme,
    ProgrammeResult,
    ReportSchedule,
    Risk,
    RiskKind,
    RiskRevision,
    RiskState,
    StartDocument,
    StartDocumentTransition,
    StartDocumentVersion,
    Status,
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


def theme_table_choices(*, region) -> QuerySet[ThemeTable]:
    """The region's theme tables in their order, for a choice field (the knowledge desk routes
    a question to one). One query."""
    return ThemeTable.objects.filter(region=region).order_by("order", "name")


def risks_open_of(risk_list) -> list[Risk]:
    """The open risks and opportunities among `risk_list` (from `risks`); no query."""
    return [r for r in risk_list if r.state == RiskState.OPEN]


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


def programme_of(*, region) -> Programme:
    """The region's programme, or an unsaved one with its defaults before the first save
    (reading writes nothing: programme_save creates it)."""
    return Programme.objects.filter(region=region).first() or Programme(region=region)


def startdoc_for(*, table: ThemeTable) -> StartDocument:
    """The table's start document, or an unsaved empty one (status concept, no versions) for
    a table that has none yet: reading writes nothing, startdoc_save creates it."""
    return StartDocument.objects.filter(table=table).first() or StartDocument(table=table)


def startdoc_versions(*, document: StartDocument) -> QuerySet[StartDocumentVersion]:
    """A start document's saved versions (none for an unsaved document)."""
    return StartDocumentVersion.objects.filter(document__table_id=document.table_id)


def startdoc_transitions(*, document: StartDocument) -> QuerySet[StartDocumentTransition]:
    return StartDocumentTransition.objects.filter(document__table_id=document.table_id)


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


def activity_detail(*, region, pk: int, today: datetime.date | None = None) -> Activity | None:
    """One activity with milestones, updates (and their files) and its `.schedule`."""
    activity = (
        Activity.objects.filter(region=region, pk=pk)
        .select_related("table", "table__lead")
        .prefetch_related(
            "milestones",
            ACTION_ITEMS,
            Prefetch(
                "updates",
                queryset=ActivityUpdate.objects.select_related("author").prefetch_related(
                    "attachments"
                ),
            ),
        )
        .first()
    )
    if activity is not None:
        activity.schedule = activity_schedule(activity, today=today or timezone.localdate())  # type: ignore[attr-defined]  # set by with_schedule()
    return activity


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


# --- schedule: the one rule for "overdue" and "behind" (issue 18) -----------------------------

DONE_STATUSES = frozenset({Status.ACHIEVED, Status.NOT_APPLICABLE})


class Schedule(TextChoices):
    ON_SCHEDULE = "on_schedule", gettext_lazy("on schedule")
    BEHIND = "behind", gettext_lazy("behind schedule")
    OVERDUE = "overdue", gettext_lazy("overdue")
    DONE = "done", gettext_lazy("done")


@dataclass(frozen=True)
class ScheduleState:
    state: str
    reasons: tuple[str, ...] = ()
    late_milestones: tuple = ()

    @property
    def label(self) -> str:
        return str(Schedule(self.state).label)

    @property
    def is_late(self) -> bool:
        return self.state in (Schedule.BEHIND, Schedule.OVERDUE)


def activity_schedule(
    activity: Activity, *, today: datetime.date, status: str | None = None
) -> ScheduleState:
    """Where an activity stands against its planning on `today`.

    Overdue: the end date has passed and it is not done. Behind: a milestone's date has passed
    while it is not reached, or it has not started by its start date. Done: achieved or not
    applicable. Uses the prefetched milestones; `status` overrides the activity's status (for
    the trend, which asks what the status was on an earlier day).
    """
    status = status or activity.status
    if status in DONE_STATUSES:
        return ScheduleState(Schedule.DONE)
    late = tuple(ms for ms in activity.milestones.all() if ms.due < today and not ms.reached)
    reasons = []
    if activity.end and activity.end < today:
        reasons.append(
            _("ended on %(date)s and is not done") % {"date": date_format(activity.end, "j F Y")}
        )
    if activity.start and activity.start < today and status == Status.NOT_STARTED:
        reasons.append(
            _("should have started on %(date)s and has not started")
            % {"date": date_format(activity.start, "j F Y")}
        )
    for ms in late:
        reasons.append(
            _("milestone “%(title)s” of %(date)s is not reached")
            % {"title": ms.title, "date": date_format(ms.due, "j F Y")}
        )
    if activity.end and activity.end < today:
        return ScheduleState(Schedule.OVERDUE, tuple(reasons), late)
    if reasons:
        return ScheduleState(Schedule.BEHIND, tuple(reasons), late)
    return ScheduleState(Schedule.ON_SCHEDULE)


def with_schedule(items, *, today: datetime.date) -> list[Activity]:
    """The activities, each with `.schedule` set (milestones must be prefetched)."""
    items = list(items)
    for a in items:
        a.schedule = activity_schedule(a, today=today)
    return items


@dataclass
class ScheduleRow:
    """One line of the programme dashboard: a theme table, or the programme team (table None)."""

    table: ThemeTable | None
    activities: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    milestones_due: list = field(default_factory=list)
    bottlenecks: list = field(default_factory=list)
    n_deferred: int = 0
    goals: list = field(default_factory=list)

    @property
    def late(self) -> list:
        return [a for a in self.activities if a.schedule.is_late]

    @property
    def cells(self) -> list[int]:
        """The counts in the order of `Schedule`."""
        return [self.counts.get(s, 0) for s in Schedule.values]


MILESTONE_HORIZON_DAYS = 30


def open_bottleneck(activity: Activity):
    """The bottleneck of the activity's latest progress update, if it is not done yet."""
    updates = list(activity.updates.all())
    if not updates or activity.status in DONE_STATUSES:
        return None
    latest = updates[0]  # ordered newest first
    return latest if latest.bottleneck else None


def programme_dashboard(*, region, today: datetime.date) -> dict:
    """Per theme table and for the programme team: activities on schedule / behind / overdue /
    done, milestones due (passed undone, or due within 30 days), open bottlenecks, deferred
    work and the goals served; the programme results; a monthly trend."""
    tables = list(
        ThemeTable.objects.filter(region=region)
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.select_related("ambition")))
        .annotate(n_deferred=Count("deferred_work", distinct=True))
    )
    items = with_schedule(
        Activity.objects.filter(region=region)
        .select_related("table")
        .prefetch_related(
            "milestones",
            Prefetch(
                "updates",
                queryset=ActivityUpdate.objects.order_by("-date", "-id").only(
                    "id", "activity_id", "date", "status", "bottleneck", "bottleneck_owner"
                ),
            ),
        )
        .order_by("table__order", "table__name", "start", "id"),
        today=today,
    )
    team_deferred = DeferredWork.objects.filter(region=region, table__isnull=True).count()
    rows: dict[int | None, ScheduleRow] = {None: ScheduleRow(table=None, n_deferred=team_deferred)}
    for t in tables:
        rows[t.pk] = ScheduleRow(table=t, n_deferred=t.n_deferred, goals=list(t.goals.all()))
    horizon = today + datetime.timedelta(days=MILESTONE_HORIZON_DAYS)
    for a in items:
        row = rows[a.table_id]
        row.activities.append(a)
        row.counts[a.schedule.state] = row.counts.get(a.schedule.state, 0) + 1  # type: ignore[attr-defined]  # set by with_schedule()
        if a.schedule.state != Schedule.DONE:  # type: ignore[attr-defined]  # set by with_schedule()
            row.milestones_due += [
                (a, ms) for ms in a.milestones.all() if not ms.reached and ms.due <= horizon
            ]
        bottleneck = open_bottleneck(a)
        if bottleneck:
            row.bottlenecks.append((a, bottleneck))
    ordered = [rows[t.pk] for t in tables] + [rows[None]]
    totals = {s: sum(r.counts.get(s, 0) for r in ordered) for s in Schedule.values}
    return {
        "rows": ordered,
        "totals": totals,
        "total_cells": list(totals.values()),
        "milestones_due": [(row, a, ms) for row in ordered for a, ms in row.milestones_due],
        "bottlenecks": [(row, a, u) for row in ordered for a, u in row.bottlenecks],
        "schedules": Schedule,
        "results": list(ProgrammeResult.objects.filter(region=region)),
        "trend": schedule_trend(items, today=today),
        "today": today,
    }


def _status_on(activity: Activity, day: datetime.date) -> str | None:
    """The activity's status on `day` from its progress updates (None: no update yet)."""
    for u in activity.updates.all():  # newest first
        if u.date <= day:
            return u.status
    return None


def schedule_trend(items, *, today: datetime.date, months: int = 6) -> list[dict]:
    """Counts per schedule state at the end of each of the last `months` months and today,
    from the progress updates' history (an activity without an update then counts as not
    started). Only as good as the updates: milestones are taken as they stand now."""
    points = []
    day = today.replace(day=1) - datetime.timedelta(days=1)
    ends = []
    for _i in range(months):
        ends.append(day)
        day = day.replace(day=1) - datetime.timedelta(days=1)
    for end in [*reversed(ends), today]:
        counts = dict.fromkeys(Schedule.values, 0)
        for a in items:
            status = a.status if end == today else (_status_on(a, end) or Status.NOT_STARTED)
            state = activity_schedule(a, today=end, status=status).state
            counts[state] += 1
        points.append({"date": end, "counts": counts, "cells": list(counts.values())})
    return points


def late_activities_of(*, tables, today: datetime.date) -> dict[int | None, list[Activity]]:
    """For the start page: per theme table id, its overdue and behind activities."""
    items = with_schedule(
        Activity.objects.filter(table__in=tables).prefetch_related("milestones"), today=today
    )
    late: dict[int | None, list[Activity]] = {}
    for a in items:
        if a.schedule.is_late:  # type: ignore[attr-defined]  # set by with_schedule()
            late.setdefault(a.table_id, []).append(a)
    return late


# --- steering group meetings (issue 18) -----------------------------------------------------


def meetings(*, region) -> QuerySet[Meeting]:
    return Meeting.objects.filter(region=region).annotate(
        n_items=Count("agenda_items", distinct=True),
        n_decisions=Count("decisions", distinct=True),
    )


def meeting_detail(*, region, pk: int) -> Meeting | None:
    return (
        Meeting.objects.filter(region=region, pk=pk)
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("startdoc__table", "risk", "report"),
            ),
            Prefetch("decisions", queryset=Decision.objects.select_related("agenda_item")),
            "actions",
            Prefetch("comments", queryset=MeetingComment.objects.select_related("author")),
        )
        .first()
    )


def carried_over_actions(*, meeting: Meeting) -> list[MeetingAction]:
    """Actions of earlier meetings on this meeting's list: still open, or closed since."""
    return list(
        MeetingAction.objects.filter(region_id=meeting.region_id, meeting__date__lt=meeting.date)
        .filter(Q(state=ActionState.OPEN) | Q(closed_on__gte=meeting.date))
        .select_related("meeting")
        .order_by("due", "id")
    )


def open_meeting_actions(*, region) -> list[MeetingAction]:
    return list(
        MeetingAction.objects.filter(region=region, state=ActionState.OPEN)
        .select_related("meeting")
        .order_by("due", "id")
    )


def next_meeting(*, region, on: datetime.date) -> Meeting | None:
    return Meeting.objects.filter(region=region, date__gte=on).order_by("date", "id").first()


def decisions_requested(*, region, on: datetime.date) -> tuple[Meeting | None, list[AgendaItem]]:
    """The agenda items put to the next meeting (on or after `on`) for decision."""
    meeting = next_meeting(region=region, on=on)
    if meeting is None:
        return None, []
    items = list(
        AgendaItem.objects.filter(meeting=meeting, kind=AgendaKind.DECISION).select_related(
            "startdoc__table", "risk", "report"
        )
    )
    return meeting, items


def handovers(*, region) -> list:
    return list(Handover.objects.filter(region=region).select_related("table", "activity"))


# --- the yearly and final evaluation (issue 18) ---------------------------------------------


def evaluations(*, region: Region) -> QuerySet[Evaluation]:
    """The region's evaluations, the latest period first."""
    return Evaluation.objects.filter(region=region).select_related("adopted_by")


def evaluation_detail(*, region: Region, pk: object) -> Evaluation | None:
    """One evaluation of the region (None for another region's or a bad id)."""
    try:
        number = int(pk)  # type: ignore[call-overload]  # whatever the URL or parameters gave
    except (TypeError, ValueError):
        return None
    return (
        Evaluation.objects.filter(region=region, pk=number)
        .select_related("region", "adopted_by", "created_by")
        .first()
    )


def evaluation_version(
    *, evaluation: Evaluation, number: int | None = None
) -> EvaluationVersion | None:
    """A saved version of the written sections (default: the current one)."""
    number = evaluation.current_number if number is None else number
    return evaluation.versions.filter(number=number).select_related("saved_by").first()


@dataclass
class RiskHistory:
    """A risk over a period: its score and state at the start and at the end, and how often it
    was changed in between (from its revisions, the register's history)."""

    risk: Risk
    start: RiskRevision | None  # None: registered during the period
    end: RiskRevision
    changes: int

    @property
    def score_start(self) -> int | None:
        return None if self.start is None else self.start.likelihood * self.start.impact

    @property
    def score_end(self) -> int:
        return self.end.likelihood * self.end.impact


def risk_history(*, region: Region, start: datetime.date, end: datetime.date) -> list[RiskHistory]:
    """Every risk and opportunity that existed during the period, as it stood at its start and
    its end. Two queries."""
    risk_list = list(risks(region=region))
    revisions = RiskRevision.objects.filter(risk__in=risk_list).order_by("risk_id", "at", "id")
    before: dict[int, RiskRevision] = {}
    until_end: dict[int, RiskRevision] = {}
    changes: dict[int, int] = {}
    for rev in revisions:
        day = timezone.localtime(rev.at).date()
        if day < start:
            before[rev.risk_id] = rev
        if day <= end:
            until_end[rev.risk_id] = rev
            if day >= start:
                changes[rev.risk_id] = changes.get(rev.risk_id, 0) + 1
    return [
        RiskHistory(r, before.get(r.pk), until_end[r.pk], changes.get(r.pk, 0))
        for r in risk_list
        if r.pk in until_end
    ]


def activities_completed(
    *, region: Region, start: datetime.date, end: datetime.date
) -> list[Activity]:
    """The activities achieved during the period: an update marked them achieved in it, or
    (achieved without such an update) their end date falls in it. Two queries."""
    achieved_in_period = ActivityUpdate.objects.filter(
        activity__region=region, status=Status.ACHIEVED, date__gte=start, date__lte=end
    ).values("activity_id")
    no_update = ~Q(
        pk__in=ActivityUpdate.objects.filter(
            activity__region=region, status=Status.ACHIEVED
        ).values("activity_id")
    )
    return list(
        Activity.objects.filter(region=region, status=Status.ACHIEVED)
        .filter(Q(pk__in=achieved_in_period) | (no_update & Q(end__gte=start, end__lte=end)))
        .select_related("table")
        .order_by("table__order", "table__name", "order", "id")
    )


@dataclass
class WrittenPart:
    """One section of the evaluation's written text: its title and (label, text) per field."""

    number: int
    title: str
    fields: list[tuple[str, str]]


def evaluation_written(*, version: EvaluationVersion | None) -> list[WrittenPart]:
    """The conclusions and recommendations of a saved version, section by section in the
    format's order (empty texts when nothing is saved yet)."""

    content = version.content if version is not None else {}
    return [
        WrittenPart(
            s.number,
            str(s.title),
            [(str(f.label), str(content.get(f.key, "") or "")) for f in s.fields],
        )
        for s in SECTIONS
    ]


def report_schedule_ids_active() -> list[int]:
    """The active report schedules of every region (for `paraat run_schedules`, which makes
    those that are due: `reports.services.schedules_run`)."""
    return list(ReportSchedule.objects.filter(active=True).values_list("pk", flat=True))
