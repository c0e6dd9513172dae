"""Section functions: one per data source, each turns that source into report Sections.

A report kind is a list of these (see builders.py). Sections only read, through the owning app's
selectors; progress figures through `paraat.agreements.figures`, the one module that computes
them (a closed round's from its frozen results).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paraat.agreements import figures
from paraat.agreements.selectors import (
    bottlenecks_current,
    follow_ups_between,
    follow_ups_latest,
    round_results,
)
from paraat.core.tlp import tlp_max
from paraat.programme import selectors as programme_selectors
from paraat.regions.models import Municipality, PhaseChange, Region
from paraat.regions.selectors import contacts_current, sub_regions_with_municipalities
from paraat.supportpoints import selectors as supportpoints_selectors

from .document import BarChart, BulletList, Paragraph, Section, Table
from .models import TLP, PlanCopy

# The TLP labels a municipality's own binder may hold of the region's (not its own) material.
SHAREABLE_WITH_MUNICIPALITIES = {TLP.CLEAR, TLP.GREEN, TLP.AMBER}


@dataclass
class ReportContext:
    """What the report is about and for whom: everything a section function may need."""

    region: Region
    municipality: Municipality | None = None
    audience: str = ""
    round_id: int | None = None
    reference_date: dt.date = field(default_factory=lambda: timezone.localdate())
    tlp_seen: list[str] = field(default_factory=list)
    evaluation: Any = None  # a programme Evaluation (the evaluation report)
    cache: dict = field(default_factory=dict)  # what several sections of one report read

    def saw(self, label: str) -> None:
        """Record that a part with this label went into the document (sets its TLP)."""
        self.tlp_seen.append(label)

    @property
    def tlp(self) -> str:
        return tlp_max(*self.tlp_seen) if self.tlp_seen else TLP.CLEAR


def fmt_date(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
        return date_format(value, "j F Y H:i")
    return date_format(value, "j F Y")


# --- regions: phase, scale-up, contacts -------------------------------------------------------


def section_phase(ctx: ReportContext) -> list[Section]:
    region = ctx.region
    changes = list(PhaseChange.objects.filter(region=region).select_related("changed_by")[:10])
    section = Section(_("Programme phase"))
    section.add(
        Paragraph(
            _("The programme is in the %(phase)s phase.") % {"phase": region.get_phase_display()},
            emphasis=True,
        ),
        Table(
            caption=_("Recent phase changes"),
            sheet=_("Phase changes"),
            columns=[_("Date"), _("From"), _("To"), _("Reason")],
            rows=[
                [
                    fmt_date(c.changed_at),
                    c.get_from_phase_display(),
                    c.get_to_phase_display(),
                    c.reason,
                ]
                for c in changes
            ],
        ),
    )
    return [section]


def section_scale_up(ctx: ReportContext) -> list[Section]:
    """The scale-up structure of plan §3.1–3.3: who takes over what in the warm phase."""
    section = Section(_("Scale-up structure"))
    section.add(
        Paragraph(
            _(
                "In the cold and lukewarm phases the programme works through its regular "
                "structure. In the warm phase its work is handed over to the operational "
                "crisis organisation (programme plan §3.1–3.3)."
            )
        ),
        Table(
            caption=_("Who takes over in the warm phase"),
            sheet=_("Scale-up"),
            columns=[_("Part of the programme"), _("Cold and lukewarm"), _("Warm (scaled up)")],
            rows=[
                [
                    _("Steering group resilience"),
                    _("Monitors progress of the theme tables and the municipalities."),
                    _("Hands its tasks over to the chair of the regional policy team (RBT)."),
                ],
                [
                    _("Programme team"),
                    _("Day-to-day steering and coordination of the programme."),
                    _("Its role passes to the Operational Leader (OL)."),
                ],
                [
                    _("Theme tables"),
                    _("Structured consultation on one theme, each with a lead."),
                    _(
                        "Become action centres under the regional operational team (ROT); "
                        "may be merged into a thematic action centre."
                    ),
                ],
            ],
        ),
    )
    return [section]


def contacts_table(
    title, contacts, *, sheet=None, organisation=None, organisation_label=""
) -> Table:
    """One table of contacts with how to reach them in an outage (the region's report and a
    municipality's factsheet); with `organisation` (a contact's organisation name), sorted by
    it and shown in a first column."""
    columns = [
        _("Name"),
        _("Function"),
        _("Phone"),
        _("E-mail address"),
        _("Reachable during an outage"),
    ]
    if organisation is not None:
        contacts = sorted(contacts, key=lambda c: (organisation(c), c.name))
        columns = [organisation_label, *columns]
    rows = [
        [
            *([organisation(c)] if organisation is not None else []),
            c.name,
            c.function,
            c.phone,
            c.email,
            c.outage_reachability,
        ]
        for c in contacts
    ]
    return Table(title, columns, rows, sheet=sheet or title)


def section_contacts(ctx: ReportContext) -> list[Section]:
    """Region roles, partners and municipal contacts, with how to reach them in an outage.

    A municipality's report holds its own contacts only, besides the region's and partners'.
    """
    ctx.saw(TLP.AMBER)  # personal data: never wider than the region's own circle
    contacts = contacts_current(region=ctx.region).select_related("municipality", "partner")
    if ctx.municipality is not None:
        contacts = contacts.filter(Q(municipality=ctx.municipality) | Q(municipality__isnull=True))
    region_roles, partners, municipal = [], [], []
    for c in contacts.order_by("name"):
        if c.municipality_id:
            municipal.append(c)
        elif c.partner_id:
            partners.append(c)
        else:
            region_roles.append(c)
    section = Section(_("Contacts"))
    section.add(Paragraph(_("Who to reach, also when phone and internet are down.")))
    section.subsections += [
        Section(_("Region roles")).add(contacts_table(_("Region roles"), region_roles)),
        Section(_("Crisis partners")).add(
            contacts_table(
                _("Crisis partners"),
                partners,
                organisation=lambda c: c.partner.name,
                organisation_label=_("Organisation"),
            )
        ),
        Section(_("Municipal contacts")).add(
            contacts_table(
                _("Municipal contacts"),
                municipal,
                organisation=lambda c: c.municipality.name,
                organisation_label=_("Municipality"),
            )
        ),
    ]
    return [section]


# --- reports: plans and where their paper copies are -----------------------------------------


def plans_for(ctx: ReportContext):
    plans = PlanCopy.objects.filter(region=ctx.region, is_active=True).select_related(
        "municipality"
    )
    if ctx.municipality is not None:
        plans = plans.filter(
            Q(municipality=ctx.municipality)
            | Q(municipality__isnull=True, tlp__in=SHAREABLE_WITH_MUNICIPALITIES)
        )
    return plans.order_by("municipality__name", "title")


def section_plans(ctx: ReportContext) -> list[Section]:
    plans = list(plans_for(ctx))
    for plan in plans:
        ctx.saw(plan.tlp)
    section = Section(_("Plans on paper"))
    section.add(
        Paragraph(
            _("Crucial plans must be physically available in the action centres. Where they are:")
        ),
        Table(
            caption=_("Plans and where their paper copies are"),
            sheet=_("Plans on paper"),
            columns=[
                _("Plan"),
                _("Organisation"),
                _("Owner"),
                _("Version"),
                _("Where the paper copies are"),
                _("TLP"),
            ],
            rows=[
                [
                    p.title,
                    p.municipality.name if p.municipality_id else ctx.region.display_name,
                    p.owner,
                    p.plan_version,
                    "\n".join(p.location_lines),
                    f"TLP:{p.tlp}",
                ]
                for p in plans
            ],
        ),
    )
    return [section]


# --- municipalities (regions) ----------------------------------------------------------------


def section_municipality_facts(ctx: ReportContext) -> list[Section]:
    m = ctx.municipality
    if m is None:
        return []
    rows = [
        [_("Municipality"), f"{m.name} ({m.code})"],
        [_("Safety region"), ctx.region.name],
        [
            _("Population"),
            f"{m.population:,}".replace(",", ".") if m.population else _("unknown"),
        ],
        [_("Programme phase"), ctx.region.get_phase_display()],
        [_("Reference date"), fmt_date(ctx.reference_date)],
    ]
    return [
        Section(_("Municipality")).add(
            Table(_("Key facts"), [_("Subject"), _("Value")], rows, sheet=_("Key facts"))
        )
    ]


# --- agreements: progress, lag, bottlenecks, rounds (agreements.figures) ----------------------


def _pct(value: int | None) -> str:
    return "—" if value is None else f"{value}%"


def _agreement_set(ctx: ReportContext):
    return figures.agreement_set_current(region=ctx.region)


def _figure_row(name: str, f) -> list:
    return [
        name,
        f.items_applicable,
        f.items_achieved,
        _pct(f.percent_achieved),
        f.items_due,
        f.items_due_achieved,
        _pct(f.percent_due_achieved),
        f.items_overdue,
    ]


def _figure_columns() -> list[str]:
    return [
        _("Municipality"),
        _("Applicable items"),
        _("Achieved"),
        _("Achieved (percent)"),
        _("Due"),
        _("Due and achieved"),
        _("Due items achieved (percent)"),
        _("Overdue"),
    ]


def section_progress(ctx: ReportContext) -> list[Section]:
    """Progress against the governance agreements, from the agreements app's own figures."""
    title = _("Progress of the municipalities")
    agreement_set = _agreement_set(ctx)
    if agreement_set is None:
        return [
            Section(title).add(Paragraph(_("No governance agreements have been recorded yet.")))
        ]
    ctx.saw(TLP.AMBER)  # municipalities' detail stays within the region
    tallies = figures.live_tallies(
        region=ctx.region, on=ctx.reference_date, agreement_set=agreement_set
    )
    municipalities = list(Municipality.objects.current().filter(region=ctx.region).order_by("name"))
    note = Paragraph(
        _(
            "An item is due when its due quarter has ended before %(date)s; items marked "
            "not applicable do not count."
        )
        % {"date": fmt_date(ctx.reference_date)}
    )
    if ctx.municipality is not None:
        own = tallies.get(ctx.municipality.pk)
        region_total = _total(tallies, [m.pk for m in municipalities])
        return [
            Section(_("Progress")).add(
                note,
                Table(
                    _("Progress of %(municipality)s compared with all municipalities")
                    % {"municipality": ctx.municipality.name},
                    _figure_columns(),
                    [
                        _figure_row(ctx.municipality.name, own),
                        _figure_row(_("All municipalities"), region_total),
                    ],
                    sheet=_("Progress"),
                ),
            )
        ]
    rows = [_figure_row(m.name, tallies[m.pk]) for m in municipalities if m.pk in tallies]
    bars = [
        (m.name, tallies[m.pk].percent_due_achieved or 0) for m in municipalities if m.pk in tallies
    ]
    behind = sum(
        1
        for m in municipalities
        if tallies.get(m.pk)
        and (tallies[m.pk].share_due_achieved or 0) < agreement_set.lag_threshold / 100
        and tallies[m.pk].items_due
    )
    chart = BarChart(
        caption=_("Share of due items achieved per municipality"),
        summary=_(
            "%(behind)s of %(count)s municipalities have achieved less than %(threshold)s%% of "
            "their due items."
        )
        % {
            "behind": behind,
            "count": len(municipalities),
            "threshold": agreement_set.lag_threshold,
        },
        label_header=_("Municipality"),
        value_header=_("Due items achieved (percent)"),
        bars=bars,
    )
    region_own = tallies.get(None)
    section = Section(title).add(
        note,
        chart,
        Table(_("Progress per municipality"), _figure_columns(), rows, sheet=_("Municipalities")),
    )
    if region_own is not None:
        section.add(
            Table(
                _("The region's own action items"),
                _figure_columns(),
                [_figure_row(ctx.region.display_name, region_own)],
                sheet=_("Region's own items"),
            )
        )
    return [section]


def _total(tallies: dict, ids: list[int]) -> figures.Tally:
    return figures.total_of(tallies, ids)


def bottlenecks(ctx: ReportContext, *, steering_group: bool = False) -> list:
    """Current bottlenecks (the latest status update of each track that names one)."""
    return bottlenecks_current(
        region=ctx.region, municipality=ctx.municipality, steering_group=steering_group
    )


def _bottleneck_table(ctx: ReportContext, rows, caption: str) -> Table:
    return Table(
        caption,
        [_("Municipality"), _("Action item"), _("Bottleneck"), _("Who must act"), _("Next step")],
        [
            [
                p.municipality.name if p.municipality_id else ctx.region.display_name,
                f"{p.item.number} {p.item.text}",
                p.latest.bottleneck,
                p.latest.get_bottleneck_party_display(),
                p.latest.next_step,
            ]
            for p in rows
        ],
        sheet=_("Bottlenecks"),
    )


def section_lag_and_bottlenecks(ctx: ReportContext) -> list[Section]:
    title = _("Systematic lag and bottlenecks")
    if _agreement_set(ctx) is None:
        return []
    ctx.saw(TLP.AMBER)
    flags = figures.systematic_lag(region=ctx.region)
    section = Section(title)
    if flags:
        rounds = flags[0].rounds
        section.add(
            Table(
                _("Municipalities behind plan in the last two closed rounds"),
                [
                    _("Municipality"),
                    *[r.name for r in rounds],
                    _("Items behind in the latest round"),
                ],
                [
                    [f.municipality.name, *[_pct(p) for p in f.percents], len(f.items_behind)]
                    for f in flags
                ],
                sheet=_("Systematic lag"),
            )
        )
    else:
        section.add(
            Paragraph(_("No municipality lags systematically (two closed rounds in a row)."))
        )
    section.add(
        _bottleneck_table(
            ctx,
            bottlenecks(ctx, steering_group=True),
            _("Bottlenecks that need the steering group's action"),
        )
    )
    return [section]


def _follow_up_table(title: str, entries) -> Table:
    """Follow-up conversations as a table (the progress report's latest ones, the evaluation's
    of its period): one layout for both."""
    return Table(
        title,
        [_("Municipality"), _("Date"), _("With whom"), _("What was agreed"), _("Next follow-up")],
        [
            [
                e.municipality.name,
                fmt_date(e.held_on),
                e.with_whom,
                e.agreed,
                fmt_date(e.next_on) or "—",
            ]
            for e in entries
        ],
        sheet=_("Follow-up log"),
    )


def section_follow_up(ctx: ReportContext, *, limit: int = 10) -> list[Section]:
    """The latest entries of the follow-up log of lagging municipalities (issue 16), for the
    CSO's and the board's progress report."""

    entries = follow_ups_latest(region=ctx.region, limit=limit)
    section = Section(_("Follow-up of lagging municipalities"))
    if not entries:
        return [section.add(Paragraph(_("No follow-up has been logged yet.")))]
    ctx.saw(TLP.AMBER)
    return [
        section.add(
            _follow_up_table(_("The latest follow-up conversations with municipalities"), entries)
        )
    ]


def section_municipality_bottlenecks(ctx: ReportContext) -> list[Section]:
    if _agreement_set(ctx) is None:
        return []
    return [
        Section(_("Bottlenecks")).add(
            _bottleneck_table(ctx, bottlenecks(ctx), _("Current bottlenecks"))
        )
    ]


def section_round(ctx: ReportContext) -> list[Section]:
    """A closed round from its frozen results, compared with the round before it."""
    title = _("Measurement round")
    rounds = figures.closed_rounds(region=ctx.region)
    chosen = next((r for r in rounds if r.pk == ctx.round_id), None) if ctx.round_id else None
    chosen = chosen or (rounds[0] if rounds else None)
    if chosen is None:
        return [Section(title).add(Paragraph(_("No measurement round has been closed yet.")))]
    ctx.saw(TLP.AMBER)
    previous = next((r for r in rounds if r.deadline < chosen.deadline), None)
    results = round_results(measurement_round=chosen)
    before = {}
    if previous is not None:
        before = {r.municipality_id: r for r in round_results(measurement_round=previous)}
    rows, bars = [], []
    for r in results:
        name = r.municipality.name if r.municipality_id else ctx.region.display_name
        now = figures.tally_of(r).percent_due_achieved
        old_result = before.get(r.municipality_id)
        old = None if old_result is None else figures.tally_of(old_result).percent_due_achieved
        change = "—" if now is None or old is None else f"{now - old:+d}"
        rows.append(
            [
                name,
                r.get_submission_status_display(),
                r.items_due,
                r.items_due_achieved,
                _pct(now),
                _pct(old),
                change,
                r.items_overdue,
            ]
        )
        if r.municipality_id:
            bars.append((name, now or 0))
    improved = sum(1 for row in rows if row[6] not in ("—",) and int(row[6]) > 0)
    section = Section(_("Measurement round %(name)s") % {"name": chosen.name}).add(
        Paragraph(
            _("Frozen when the round closed on %(date)s; compared with %(previous)s.")
            % {
                "date": fmt_date(chosen.closed_at),
                "previous": previous.name if previous else _("no earlier round"),
            }
        ),
        BarChart(
            caption=_("Share of due items achieved per municipality in this round"),
            summary=_("%(improved)s municipalities improved on the previous round.")
            % {"improved": improved},
            label_header=_("Municipality"),
            value_header=_("Due items achieved (percent)"),
            bars=bars,
        ),
        Table(
            _("Results per municipality compared with the previous round"),
            [
                _("Municipality"),
                _("Submission"),
                _("Due"),
                _("Due and achieved"),
                _("Due items achieved (percent)"),
                _("Previous round"),
                _("Change (points)"),
                _("Overdue"),
            ],
            rows,
            sheet=_("Round results"),
        ),
    )
    return [section]


# --- programme: ambitions, theme tables, deferred work, risks (programme selectors) ----------


def section_programme(ctx: ReportContext) -> list[Section]:
    title = _("Ambitions and theme tables")

    overview = programme_selectors.programme_overview(region=ctx.region)
    section = Section(title)
    ambitions = list(overview["ambitions"])
    section.add(
        Table(
            _("Core ambitions and goals"),
            [_("Core ambition"), _("Goals")],
            [
                [
                    f"{a.number}. {a.title}",
                    "\n".join(f"{g.letter}) {g.title}" for g in a.goals.all()),
                ]
                for a in ambitions
            ],
            sheet=_("Ambitions"),
        )
    )
    section.add(
        Table(
            _("Theme tables"),
            [_("Theme table"), _("Lead"), _("Activities"), _("Deferred work")],
            [
                [
                    t.name,
                    t.lead_role or (str(t.lead) if t.lead_id else "—"),
                    t.n_activities,
                    t.n_deferred,
                ]
                for t in overview["tables"]
            ],
            sheet=_("Theme tables"),
        )
    )
    section.subsections.append(deferred_work_section(ctx))
    return [section]


def deferred_work_section(ctx: ReportContext) -> Section:
    """The register of regular work postponed or dropped for the programme (plan §5.2 item 7)."""

    deferred = list(programme_selectors.deferred_work(region=ctx.region))
    return Section(_("Work that is left undone")).add(
        Table(
            _("Regular work postponed or dropped for the programme"),
            [_("Task"), _("Theme table"), _("Team"), _("Impact"), _("Accepted by"), _("Until")],
            [
                [
                    d.task,
                    d.table.name if d.table_id else "—",
                    d.team,
                    d.impact,
                    d.accepted_by,
                    fmt_date(d.until),
                ]
                for d in deferred
            ],
            sheet=_("Deferred work"),
        )
    )


def section_risks(ctx: ReportContext, *, since: dt.date | None = None) -> list[Section]:
    title = _("Risks and opportunities")
    risks = programme_selectors.risks(region=ctx.region)
    open_risks = programme_selectors.risks_open_of(risks)
    top = sorted(open_risks, key=lambda r: (-r.score, r.kind, r.number))[:10]
    section = Section(title).add(
        Table(
            _("Top risks and opportunities (open, highest score first)"),
            [_("Code"), _("Title"), _("Likelihood × impact"), _("Owner"), _("Measures")],
            [
                [
                    programme_selectors.risk_code(r),
                    r.title,
                    f"{r.likelihood} × {r.impact} = {r.score}",
                    r.owner,
                    "\n".join(f"{m.text} ({m.get_status_display()})" for m in r.measures.all()),
                ]
                for r in top
            ],
            sheet=_("Risks"),
        )
    )
    since = since or (ctx.reference_date - dt.timedelta(days=30))
    changes = programme_selectors.risk_changes_since(region=ctx.region, since=since)
    section.add(
        Table(
            _("Changes since %(date)s") % {"date": fmt_date(since)},
            [_("Code"), _("Title"), _("What changed")],
            [
                [
                    programme_selectors.risk_code(c["risk"]),
                    c["risk"].title,
                    _("new") if c["new"] else ", ".join(_change_label(n) for n in c["notes"]),
                ]
                for c in changes
            ],
            sheet=_("Risk changes"),
        )
    )
    return [section]


def _change_label(note: dict) -> str:
    kind = note.get("kind")
    if kind == "score":
        return _("score %(old)s → %(new)s") % {"old": note["old"], "new": note["new"]}
    if kind == "state":
        return _("state %(old)s → %(new)s") % {"old": note["old"], "new": note["new"]}
    if kind == "measures":
        return _("measures changed")
    return _("text changed")


def section_support_points(ctx: ReportContext) -> list[Section]:
    """Emergency support points per municipality: address, coordinates, facilities, who opens
    them and how to reach them in an outage (supportpoints selectors). A municipality's binder
    holds its own points and the region's coordination points (C-NSP)."""
    ctx.saw(TLP.AMBER)  # key holders and private phone numbers
    section = Section(_("Emergency support points"))
    section.add(
        Paragraph(
            _(
                "Coordination points (C-NSP) are run by the region, local points (L-NSP) by the "
                "municipality. Coordinates are latitude, longitude (WGS84)."
            )
        )
    )
    columns = [
        _("Name"),
        _("Type"),
        _("Status"),
        _("Address"),
        _("Coordinates"),
        _("Facilities present"),
        _("Contact person"),
        _("Key holder"),
    ]
    for row in supportpoints_selectors.municipality_overview(region=ctx.region):
        points = row.points
        if ctx.municipality is not None and row.municipality.pk != ctx.municipality.pk:
            points = supportpoints_selectors.coordination_points_of(points)
        if not points and ctx.municipality is not None:
            continue
        rows = []
        for p in points:
            coordinates = f"{p.latitude:.5f}, {p.longitude:.5f}" if p.latitude is not None else "—"
            contact = " ".join(x for x in [p.contact_name, p.contact_phone] if x)
            if p.contact_outage:
                contact += "\n" + _("In an outage: %(how)s") % {"how": p.contact_outage}
            keyholder = " ".join(x for x in [p.keyholder_name, p.keyholder_phone] if x)
            if p.keyholder_outage:
                keyholder += "\n" + _("In an outage: %(how)s") % {"how": p.keyholder_outage}
            rows.append(
                [
                    p.name,
                    p.get_kind_display(),
                    p.get_status_display(),
                    p.address,
                    coordinates,
                    ", ".join(f.name for f in p.present_facilities) or "—",
                    contact or "—",
                    keyholder or "—",
                ]
            )
        section.subsections.append(
            Section(row.municipality.name).add(
                Table(
                    _("Emergency support points in %(municipality)s")
                    % {"municipality": row.municipality.name},
                    columns,
                    rows,
                    sheet=_("NSP %(municipality)s") % {"municipality": row.municipality.name},
                )
            )
        )
    return [section]


def section_summary(ctx: ReportContext, audience_label: str) -> list[Section]:
    region = ctx.region
    municipalities = Municipality.objects.current().filter(region=region).count()
    headline = None
    agreement_set = _agreement_set(ctx)
    if agreement_set is not None:
        tallies = figures.live_tallies(
            region=region, on=ctx.reference_date, agreement_set=agreement_set
        )
        total = _total(tallies, [k for k in tallies if k is not None])
        headline = Paragraph(
            _(
                "Together the municipalities have achieved %(due)s of the action items due by "
                "now and %(all)s of all applicable items; %(overdue)s items are overdue."
            )
            % {
                "due": _pct(total.percent_due_achieved),
                "all": _pct(total.percent_achieved),
                "overdue": total.items_overdue,
            },
            emphasis=True,
        )
    return [
        Section(_("Summary")).add(
            headline,
            Paragraph(
                _(
                    "Progress report for the %(audience)s of %(region)s, reference date "
                    "%(date)s. The region has %(count)s municipalities; the programme is in the "
                    "%(phase)s phase."
                )
                % {
                    "audience": audience_label,
                    "region": region.name,
                    "date": fmt_date(ctx.reference_date),
                    "count": municipalities,
                    "phase": region.get_phase_display(),
                }
            ),
        )
    ]


def section_decisions(ctx: ReportContext) -> list[Section]:
    """The decisions put to the steering group's next meeting (its agenda items for decision);
    the standing requests when no meeting is planned or none asks for a decision."""

    meeting, items = programme_selectors.decisions_requested(
        region=ctx.region, on=ctx.reference_date
    )
    standing = [
        _("Take note of this progress report."),
        _("Discuss the bottlenecks that need the steering group's action."),
    ]
    section = Section(_("Decisions requested"))
    if meeting is not None and items:
        section.add(
            Paragraph(
                _("For the steering group meeting of %(date)s:") % {"date": fmt_date(meeting.date)}
            )
        )
        requested = []
        for item in items:
            concerns = []
            if item.startdoc_id:
                concerns.append(_("start document %(name)s") % {"name": item.startdoc.table.name})
            if item.risk_id:
                concerns.append(item.risk.title)
            requested.append(f"{item.title} ({', '.join(concerns)})" if concerns else item.title)
        section.add(BulletList([*requested, *standing]))
    else:
        section.add(BulletList(standing))
    return [section]


def section_programme_results(ctx: ReportContext) -> list[Section]:
    """The programme's results (plan §2.3) with status, and the theme tables' activities
    against their planning (programme.selectors: the one rule for overdue and behind)."""

    data = programme_selectors.programme_dashboard(region=ctx.region, today=ctx.reference_date)
    section = Section(_("Programme results"))
    section.add(
        Table(
            _("Results of the programme and their status"),
            [_("No."), _("Result"), _("Status"), _("Explanation")],
            [[r.number, r.title, r.get_status_display(), r.note] for r in data["results"]],
            sheet=_("Programme results"),
        )
    )
    labels = [str(label) for label in programme_selectors.Schedule.labels]
    section.add(
        Table(
            _("Activities per theme table against their planning"),
            [_("Theme table"), *labels],
            [
                [row.table.name if row.table else _("Programme team"), *row.cells]
                for row in data["rows"]
            ],
            sheet=_("Activities"),
        )
    )
    late = [a for row in data["rows"] for a in row.late]
    if late:
        section.add(
            BulletList(
                [f"{a.title}: {a.schedule.label}, {'; '.join(a.schedule.reasons)}" for a in late]
            )
        )
    return [section]


def section_handovers(ctx: ReportContext) -> list[Section]:
    """The programme's hand-over register (issue 18): who in the crisis organisation holds
    which of the programme's work — the first thing to know when the lights go out."""
    if ctx.municipality is not None:
        return []

    rows = [
        [
            (h.activity.title if h.activity_id else "") or (h.table.name if h.table_id else ""),
            h.get_to_part_display() + (f": {h.to_detail}" if h.to_detail else ""),
            h.contact,
            h.what,
            fmt_date(h.handed_over_on),
            fmt_date(h.taken_back_on) or _("not yet"),
        ]
        for h in programme_selectors.handovers(region=ctx.region)
    ]
    ctx.saw(TLP.AMBER)
    return [
        Section(_("Hand-over register")).add(
            Table(
                _("Work handed over to the crisis organisation"),
                [
                    _("From"),
                    _("To"),
                    _("Contact"),
                    _("What"),
                    _("Handed over on"),
                    _("Taken back on"),
                ],
                rows,
                sheet=_("Hand-overs"),
            )
        )
    ]


def section_sub_regions(ctx: ReportContext) -> list[Section]:
    """Progress per sub-region: the municipalities' live tallies (agreements.figures, the one
    figures module) merged per sub-region; nothing when the region has no sub-regions."""

    groups = sub_regions_with_municipalities(region=ctx.region)
    agreement_set = _agreement_set(ctx)
    if not groups or agreement_set is None or ctx.municipality is not None:
        return []
    tallies = figures.live_tallies(
        region=ctx.region, on=ctx.reference_date, agreement_set=agreement_set
    )
    rows = [_figure_row(f"{sub.name} ({len(ids)})", _total(tallies, ids)) for sub, ids in groups]
    return [
        Section(_("Progress per sub-region")).add(
            Table(
                _("The municipalities' progress totalled per sub-region"),
                [_("Sub-region"), *_figure_columns()[1:]],
                rows,
                sheet=_("Sub-regions"),
            )
        )
    ]


# --- the yearly and final evaluation (issue 18) ------------------------------------------------


def period_text(start: dt.date, end: dt.date) -> str:
    return f"{fmt_date(start)} – {fmt_date(end)}"


@dataclass
class PeriodRounds:
    """The closed rounds measured in the evaluation's period (reference date in it, oldest
    first) with their frozen results: round id → municipality id (None: the region) → result."""

    rounds: list
    results: dict

    def municipalities_tally(self, measurement_round) -> figures.Tally:
        total = figures.Tally()
        for mid, result in self.results[measurement_round.pk].items():
            if mid is not None:
                total.merge(figures.tally_of(result))
        return total


def period_rounds(ctx: ReportContext) -> PeriodRounds:
    if "rounds" not in ctx.cache:
        start, end = ctx.evaluation.period_start, ctx.evaluation.period_end
        rounds = sorted(
            (
                r
                for r in figures.closed_rounds(region=ctx.region)
                if start <= r.reference_date <= end
            ),
            key=lambda r: (r.reference_date, r.pk),
        )
        results = {
            r.pk: {res.municipality_id: res for res in round_results(measurement_round=r)}
            for r in rounds
        }
        ctx.cache["rounds"] = PeriodRounds(rounds, results)
    return ctx.cache["rounds"]


def _points(now: int | None, then: int | None) -> str:
    return "—" if now is None or then is None else f"{now - then:+d}"


def section_evaluation_intro(ctx: ReportContext) -> list[Section]:
    """What the evaluation covers, where its text stands, and the headline figure."""

    evaluation = ctx.evaluation
    ctx.saw(evaluation.tlp)
    version = programme_selectors.evaluation_version(evaluation=evaluation)
    section = Section(_("About this evaluation")).add(
        Paragraph(
            _(
                "%(kind)s of the resilience programme of %(region)s over the period %(period)s. "
                "The figures of the measurement rounds are their frozen results when each round "
                "closed; the programme's activities and registers are shown as they stood on "
                "%(date)s."
            )
            % {
                "kind": evaluation.get_kind_display().capitalize(),
                "region": ctx.region.name,
                "period": period_text(evaluation.period_start, evaluation.period_end),
                "date": fmt_date(ctx.reference_date),
            }
        )
    )
    if version is None:
        status = _("The conclusions and recommendations have not been written yet.")
    else:
        status = _(
            "The conclusions and recommendations are %(status)s: version %(number)s of %(date)s."
        ) % {
            "status": evaluation.get_status_display(),
            "number": version.number,
            "date": fmt_date(version.saved_at),
        }
        if evaluation.adopted_at and evaluation.adopted_number == version.number:
            status += " " + _("Adopted by the steering group on %(date)s.") % {
                "date": fmt_date(evaluation.adopted_at.date())
            }
    section.add(Paragraph(status, emphasis=True))
    data = period_rounds(ctx)
    if data.rounds:
        first, last = data.rounds[0], data.rounds[-1]
        section.add(
            Paragraph(
                _(
                    "In %(last)s the municipalities together had achieved %(now)s of the action "
                    "items due, against %(then)s in %(first)s."
                )
                % {
                    "last": last.name,
                    "now": _pct(data.municipalities_tally(last).percent_due_achieved),
                    "then": _pct(data.municipalities_tally(first).percent_due_achieved),
                    "first": first.name,
                }
            )
        )
    return [section]


def section_evaluation_rounds(ctx: ReportContext) -> list[Section]:
    """The closed rounds of the period from their frozen results, and the trend over them."""
    title = _("Measurement rounds in the period")
    data = period_rounds(ctx)
    if not data.rounds:
        return [Section(title).add(Paragraph(_("No measurement round was closed in this period.")))]
    ctx.saw(TLP.AMBER)  # municipalities' detail stays within the region
    rows, bars = [], []
    for r in data.rounds:
        total = data.municipalities_tally(r)
        # below the lag threshold: the lowest standing (figures.standing_level), frozen threshold
        below = sum(
            1
            for mid, res in data.results[r.pk].items()
            if mid is not None and figures.tally_of(res).level == 0
        )
        rows.append(
            [
                r.name,
                fmt_date(r.reference_date),
                total.items_due,
                total.items_due_achieved,
                _pct(total.percent_due_achieved),
                _pct(total.percent_achieved),
                total.items_overdue,
                below,
            ]
        )
        bars.append((r.name, total.percent_due_achieved or 0))
    first, last = data.rounds[0], data.rounds[-1]
    first_pct = data.municipalities_tally(first).percent_due_achieved
    last_pct = data.municipalities_tally(last).percent_due_achieved
    summary = (
        _("From %(then)s of the due items achieved in %(first)s to %(now)s in %(last)s.")
        % {"then": _pct(first_pct), "first": first.name, "now": _pct(last_pct), "last": last.name}
        if len(data.rounds) > 1
        else _("%(now)s of the due items achieved in %(last)s.")
        % {"now": _pct(last_pct), "last": last.name}
    )
    section = Section(title).add(
        Paragraph(
            _(
                "Each round as it was frozen when it closed: all municipalities together. An "
                "item is due when its due quarter ended before the round's reference date."
            )
        ),
        BarChart(
            caption=_("Trend: share of due items achieved by the municipalities per round"),
            summary=summary,
            label_header=_("Measurement round"),
            value_header=_("Due items achieved (percent)"),
            bars=bars,
        ),
        Table(
            _("The municipalities together per round"),
            [
                _("Measurement round"),
                _("Reference date"),
                _("Due"),
                _("Due and achieved"),
                _("Due items achieved (percent)"),
                _("Achieved (percent)"),
                _("Overdue"),
                _("Municipalities below the lag threshold"),
            ],
            rows,
            sheet=_("Rounds"),
        ),
    )
    municipalities = list(Municipality.objects.filter(region=ctx.region).order_by("name"))
    per_municipality = []
    for m in municipalities:
        percents = [
            figures.tally_of(data.results[r.pk][m.pk]).percent_due_achieved
            if m.pk in data.results[r.pk]
            else None
            for r in data.rounds
        ]
        per_municipality.append(
            [m.name, *[_pct(p) for p in percents], _points(percents[-1], percents[0])]
        )
    own = [
        figures.tally_of(data.results[r.pk][None]).percent_due_achieved
        if None in data.results[r.pk]
        else None
        for r in data.rounds
    ]
    if any(p is not None for p in own):
        per_municipality.append(
            [ctx.region.display_name, *[_pct(p) for p in own], _points(own[-1], own[0])]
        )
    section.add(
        Table(
            _("Due items achieved (percent) per municipality and round"),
            [_("Municipality"), *[r.name for r in data.rounds], _("Change (points)")],
            per_municipality,
            sheet=_("Trend per municipality"),
        )
    )
    return [section]


def section_evaluation_lag(ctx: ReportContext) -> list[Section]:
    """Who lagged systematically in the period (the one rule, `figures.lagging_ids`, on each
    pair of consecutive closed rounds) and the follow-up conversations held in it."""

    data = period_rounds(ctx)
    evaluation = ctx.evaluation
    section = Section(_("Systematic lag and its follow-up"))
    ctx.saw(TLP.AMBER)
    flagged: dict[int, list[str]] = {}
    lagging_at_end: set[int] = set()
    for i in range(1, len(data.rounds)):
        pair = [data.rounds[i], data.rounds[i - 1]]  # most recent first
        ids = figures.lagging_ids(
            {r.pk: data.results[r.pk] for r in pair}, pair, figures.frozen_threshold(pair[0])
        )
        for mid in ids:
            flagged.setdefault(mid, []).append(pair[0].name)
        if i == len(data.rounds) - 1:
            lagging_at_end = set(ids)
    if len(data.rounds) < 2:
        section.add(
            Paragraph(
                ngettext(
                    "Systematic lag is behind plan in two closed rounds in a row; this period "
                    "has %(n)s closed round.",
                    "Systematic lag is behind plan in two closed rounds in a row; this period "
                    "has %(n)s closed rounds.",
                    len(data.rounds),
                )
                % {"n": len(data.rounds)}
            )
        )
    elif not flagged:
        section.add(Paragraph(_("No municipality lagged systematically in this period.")))
    else:
        names = {
            m.pk: m.name for m in Municipality.objects.filter(region=ctx.region, pk__in=flagged)
        }
        section.add(
            Table(
                _("Municipalities behind plan in two closed rounds in a row"),
                [
                    _("Municipality"),
                    _("Lagging after"),
                    _("Still lagging at the end of the period"),
                ],
                [
                    [
                        names[mid],
                        ", ".join(flagged[mid]),
                        _("yes") if mid in lagging_at_end else _("no"),
                    ]
                    for mid in sorted(flagged, key=lambda mid: names[mid])
                ],
                sheet=_("Systematic lag"),
            )
        )
    entries = follow_ups_between(
        region=ctx.region, start=evaluation.period_start, end=evaluation.period_end
    )
    follow_up = Section(_("Follow-up of lagging municipalities"))
    if entries:
        follow_up.add(_follow_up_table(_("Follow-up conversations held in the period"), entries))
    else:
        follow_up.add(Paragraph(_("No follow-up conversation was logged in this period.")))
    section.subsections.append(follow_up)
    return [section]


def section_evaluation_tables(ctx: ReportContext) -> list[Section]:
    """The theme tables' results in the period: the activities completed, and the deferred
    work (the register as it stands)."""

    evaluation = ctx.evaluation
    done = programme_selectors.activities_completed(
        region=ctx.region, start=evaluation.period_start, end=evaluation.period_end
    )
    section = Section(_("Results of the theme tables"))
    if done:
        section.add(
            Table(
                _("Activities completed in the period"),
                [_("Theme table"), _("Activity"), _("Owner"), _("End")],
                [
                    [
                        a.table.name if a.table_id else _("Programme team"),
                        a.title,
                        a.owner or "—",
                        fmt_date(a.end) or "—",
                    ]
                    for a in done
                ],
                sheet=_("Completed activities"),
            )
        )
    else:
        section.add(Paragraph(_("No activity was completed in this period.")))
    section.subsections.append(deferred_work_section(ctx))
    return [section]


def section_evaluation_risks(ctx: ReportContext) -> list[Section]:
    """The risks' and opportunities' history over the period, from the register's revisions."""

    evaluation = ctx.evaluation
    history = programme_selectors.risk_history(
        region=ctx.region, start=evaluation.period_start, end=evaluation.period_end
    )
    section = Section(_("Risks and opportunities over the period"))
    if not history:
        return [section.add(Paragraph(_("No risk or opportunity was registered in this period.")))]
    new = sum(1 for h in history if h.score_start is None)
    up = sum(1 for h in history if h.score_start is not None and h.score_end > h.score_start)
    down = sum(1 for h in history if h.score_start is not None and h.score_end < h.score_start)
    section.add(
        Paragraph(
            _(
                "%(count)s risks and opportunities: %(new)s registered during the period, "
                "%(up)s rose and %(down)s fell in score (likelihood × impact)."
            )
            % {"count": len(history), "new": new, "up": up, "down": down}
        ),
        Table(
            _("Score and state at the start and at the end of the period"),
            [
                _("Code"),
                _("Title"),
                _("Score at the start"),
                _("Score at the end"),
                _("State at the end"),
                _("Changes in the period"),
            ],
            [
                [
                    programme_selectors.risk_code(h.risk),
                    h.risk.title,
                    _("new") if h.score_start is None else h.score_start,
                    h.score_end,
                    h.end.get_state_display(),
                    h.changes,
                ]
                for h in sorted(history, key=lambda h: (-h.score_end, h.risk.kind, h.risk.number))
            ],
            sheet=_("Risk history"),
        ),
    )
    return [section]


def _text_blocks(text: str) -> list:
    """Paragraphs split on empty lines; a paragraph of several lines becomes a list."""
    blocks: list = []
    for part in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in part.splitlines() if line.strip()]
        if len(lines) > 1:
            blocks.append(BulletList(lines))
        elif lines:
            blocks.append(Paragraph(lines[0]))
    return blocks


def section_evaluation_written(ctx: ReportContext) -> list[Section]:
    """The conclusions and recommendations the programme team wrote (the current version)."""

    version = programme_selectors.evaluation_version(evaluation=ctx.evaluation)
    out = []
    for part in programme_selectors.evaluation_written(version=version):
        section = Section(part.title)
        for label, text in part.fields:
            blocks = _text_blocks(text) or [Paragraph(_("Not written yet."))]
            section.subsections.append(Section(label).add(*blocks))
        out.append(section)
    return out
