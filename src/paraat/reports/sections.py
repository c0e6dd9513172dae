"""Section functions: one per data source, each turns that source into report Sections.

A report kind is a list of these (see builders.py). A source whose app does not (yet) provide
its selectors yields an honest "not available" section, so adding a source later means
filling in one function. Sections only read, through the owning app's selectors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from paraat.regions.models import Contact, Municipality, PhaseChange, Region

from .document import BulletList, Paragraph, Section, Table
from .models import TLP, TLP_ORDER, PlanCopy, tlp_max

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

    def saw(self, label: str) -> None:
        """Record that a part with this label went into the document (sets its TLP)."""
        self.tlp_seen.append(label)

    @property
    def tlp(self) -> str:
        return tlp_max(*self.tlp_seen) if self.tlp_seen else TLP.CLEAR


def app_selectors(app: str):
    """The selectors module of a Paraat app, or None while that app has none."""
    dotted = f"paraat.{app}.selectors"
    return import_module(dotted) if find_spec(dotted) is not None else None


def not_available(title: str, source: str) -> Section:
    return Section(title).add(
        Paragraph(
            _(
                "Not available yet: this part comes from %(source)s, which does not provide "
                "these figures in this installation yet."
            )
            % {"source": source}
        )
    )


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


def _contact_rows(contacts) -> list[list]:
    return [[c.name, c.function, c.phone, c.email, c.outage_reachability] for c in contacts]


def section_contacts(ctx: ReportContext) -> list[Section]:
    """Region roles, partners and municipal contacts, with how to reach them in an outage.

    A municipality's report holds its own contacts only, besides the region's and partners'.
    """
    ctx.saw(TLP.AMBER)  # personal data: never wider than the region's own circle
    contacts = Contact.objects.filter(region=ctx.region).select_related("municipality", "partner")
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
    columns = [
        _("Name"),
        _("Function"),
        _("Phone"),
        _("E-mail address"),
        _("Reachable during an outage"),
    ]
    section = Section(_("Contacts"))
    section.add(Paragraph(_("Who to reach, also when phone and internet are down.")))
    section.subsections.append(
        Section(_("Region roles")).add(
            Table(_("Region roles"), columns, _contact_rows(region_roles), sheet=_("Region roles"))
        )
    )
    partner_rows = [
        [c.partner.name, *_contact_rows([c])[0]]
        for c in sorted(partners, key=lambda c: (c.partner.name, c.name))
    ]
    section.subsections.append(
        Section(_("Crisis partners")).add(
            Table(
                _("Crisis partners"),
                [_("Organisation"), *columns],
                partner_rows,
                sheet=_("Crisis partners"),
            )
        )
    )
    municipal_rows = [
        [c.municipality.name, *_contact_rows([c])[0]]
        for c in sorted(municipal, key=lambda c: (c.municipality.name, c.name))
    ]
    section.subsections.append(
        Section(_("Municipal contacts")).add(
            Table(
                _("Municipal contacts"),
                [_("Municipality"), *columns],
                municipal_rows,
                sheet=_("Municipal contacts"),
            )
        )
    )
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


# --- sources still to come (filled in when their apps land) ----------------------------------


def section_progress(ctx: ReportContext) -> list[Section]:
    """Progress per municipality (agreements app)."""
    return [not_available(_("Progress of the municipalities"), _("the agreements module"))]


def section_lag_and_bottlenecks(ctx: ReportContext) -> list[Section]:
    return [not_available(_("Systematic lag and bottlenecks"), _("the agreements module"))]


def section_programme(ctx: ReportContext) -> list[Section]:
    """Ambitions, theme tables, deferred work, risks and opportunities (programme app)."""
    return [not_available(_("Ambitions and theme tables"), _("the programme module"))]


def section_risks(ctx: ReportContext) -> list[Section]:
    return [not_available(_("Risks and opportunities"), _("the programme module"))]


def section_support_points(ctx: ReportContext) -> list[Section]:
    """Emergency support points per municipality: address, coordinates, facilities, who opens
    them and how to reach them in an outage (supportpoints selectors). A municipality's binder
    holds its own points and the region's coordination points (C-NSP)."""
    selectors = app_selectors("supportpoints")
    if selectors is None or not hasattr(selectors, "municipality_overview"):
        return [
            not_available(_("Emergency support points"), _("the emergency support points module"))
        ]
    from paraat.supportpoints.models import PointKind

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
    for row in selectors.municipality_overview(region=ctx.region):
        points = row.points
        if ctx.municipality is not None and row.municipality.pk != ctx.municipality.pk:
            points = [p for p in points if p.kind == PointKind.COORDINATION]
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


def section_round(ctx: ReportContext) -> list[Section]:
    return [not_available(_("Measurement round"), _("the agreements module"))]


def section_summary(ctx: ReportContext, audience_label: str) -> list[Section]:
    region = ctx.region
    municipalities = Municipality.objects.filter(region=region).count()
    return [
        Section(_("Summary")).add(
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
            )
        )
    ]


def section_decisions(ctx: ReportContext) -> list[Section]:
    return [
        Section(_("Decisions requested")).add(
            BulletList(
                [
                    _("Take note of this progress report."),
                    _("Discuss the bottlenecks that need the steering group's action."),
                ]
            )
        )
    ]


def tlp_at_most(label: str, ceiling: str) -> bool:
    return TLP_ORDER.index(label) <= TLP_ORDER.index(ceiling)
