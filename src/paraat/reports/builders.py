"""Which sections make up each kind of report, and its title: one builder per kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from paraat.core.tlp import tlp_max
from paraat.programme.selectors import evaluation_detail
from paraat.regions.models import Contact, Municipality, Region

from . import sections as s
from .document import Document, Paragraph, Section, Table
from .models import TLP, Audience, ReportKind, ReportRun, RunStatus

# Told "part n of total" before each part is built (set by build_document's `progress`).
_progress: ContextVar[Callable[[int, int], None] | None] = ContextVar("progress", default=None)


def _parts(*steps: Callable[[], list[Section]]) -> list[Section]:
    """Build the parts in order, telling the progress callback which one is being made; the
    last part counted is the file itself (rendered after the document is built)."""
    report = _progress.get()
    total = len(steps) + 1
    sections: list[Section] = []
    for number, step in enumerate(steps, start=1):
        if report is not None:
            report(number, total)
        sections.extend(step())
    if report is not None:
        report(total, total)
    return sections


def _document(ctx: s.ReportContext, title: str, subtitle: str, parts: list[Section]) -> Document:
    return Document(
        title=title,
        subtitle=subtitle,
        region_name=ctx.region.name,
        tlp=ctx.tlp,
        generated_at=timezone.now(),
        sections=parts,
        demo=ctx.region.is_demo,
    )


def build_progress(ctx: s.ReportContext) -> Document:
    audience = Audience(ctx.audience or Audience.STEERING).label
    parts = _parts(
        lambda: s.section_summary(ctx, str(audience)),
        lambda: s.section_programme(ctx),
        lambda: s.section_programme_results(ctx),
        lambda: s.section_progress(ctx),
        lambda: s.section_sub_regions(ctx),
        lambda: s.section_lag_and_bottlenecks(ctx),
        lambda: s.section_follow_up(ctx) if ctx.audience in (Audience.BOARD, Audience.CSO) else [],
        lambda: s.section_risks(ctx, since=previous_report_date(ctx)),
        lambda: s.section_phase(ctx),
        lambda: s.section_decisions(ctx),
    )
    return _document(
        ctx,
        _("Progress report resilience"),
        _("For the %(audience)s — reference date %(date)s")
        % {"audience": audience, "date": s.fmt_date(ctx.reference_date)},
        parts,
    )


def previous_report_date(ctx: s.ReportContext) -> dt.date | None:
    """The date of the region's previous progress report: risks changed since then are shown."""

    previous = (
        ReportRun.objects.filter(region=ctx.region, kind=ReportKind.PROGRESS, status=RunStatus.DONE)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    return timezone.localtime(previous).date() if previous else None


def section_municipal_contacts(ctx: s.ReportContext) -> list[Section]:
    contacts = Contact.objects.filter(municipality=ctx.municipality).order_by("name")
    return [
        Section(_("Contacts")).add(
            s.contacts_table(
                _("Contacts of %(municipality)s") % {"municipality": ctx.municipality.name},
                contacts,
                sheet=_("Contacts"),
            )
        )
    ]


def factsheet_sections(ctx: s.ReportContext) -> list[Section]:
    return [
        *s.section_municipality_facts(ctx),
        *s.section_progress(ctx),
        *s.section_municipality_bottlenecks(ctx),
        *section_municipal_contacts(ctx),
    ]


def build_factsheet(ctx: s.ReportContext) -> Document:
    if ctx.municipality is not None:
        doc = _document(
            ctx,
            _("Factsheet %(municipality)s") % {"municipality": ctx.municipality.name},
            _("Resilience agreements — situation on %(date)s")
            % {"date": s.fmt_date(ctx.reference_date)},
            _parts(lambda: factsheet_sections(ctx)),
        )
        doc.toc = False
        return doc

    def one_municipality(municipality: Municipality) -> list[Section]:
        one = s.ReportContext(
            region=ctx.region,
            municipality=municipality,
            reference_date=ctx.reference_date,
            tlp_seen=ctx.tlp_seen,
        )
        part = Section(municipality.name)
        for sec in factsheet_sections(one):
            for block in sec.blocks:
                if isinstance(block, Table):
                    block.sheet = f"{municipality.name[:16]} {block.sheet or block.caption}"
            part.subsections.append(sec)
        return [part]

    municipalities = Municipality.objects.current().filter(region=ctx.region).order_by("name")
    parts = _parts(*[lambda m=m: one_municipality(m) for m in municipalities])
    doc = _document(
        ctx,
        _("Factsheets of all municipalities"),
        _("Resilience agreements — situation on %(date)s")
        % {"date": s.fmt_date(ctx.reference_date)},
        parts,
    )
    doc.page_per_section = True
    return doc


def build_round(ctx: s.ReportContext) -> Document:
    return _document(
        ctx,
        _("Measurement round report"),
        _("Compared with the previous round"),
        _parts(lambda: s.section_round(ctx)),
    )


def build_binder(ctx: s.ReportContext) -> Document:
    parts = _parts(
        lambda: s.section_contacts(ctx),
        lambda: s.section_support_points(ctx),
        lambda: s.section_phase(ctx),
        lambda: s.section_scale_up(ctx),
        lambda: s.section_handovers(ctx),
        lambda: s.section_progress(ctx),
        lambda: s.section_plans(ctx),
    )
    scope = ctx.municipality.name if ctx.municipality else ctx.region.name
    doc = _document(
        ctx,
        _("Emergency binder"),
        _("%(scope)s — for a power and communications outage") % {"scope": scope},
        parts,
    )
    doc.sections.insert(
        0,
        Section(_("How to use this binder")).add(
            Paragraph(
                _(
                    "Print this binder and keep it with the offline file in the action centre. "
                    "Check the date: replace it when a newer version is made."
                )
            )
        ),
    )
    doc.tlp = ctx.tlp
    return doc


def build_evaluation(ctx: s.ReportContext) -> Document:
    """The yearly or final evaluation over its period (plan §2.3, §3.6, §4.1): the closed
    rounds' frozen results and trend, systematic lag and its follow-up, the theme tables'
    results and deferred work, the programme results, the risks' history, and the conclusions
    and recommendations the programme team wrote."""
    evaluation = ctx.evaluation
    parts = _parts(
        lambda: s.section_evaluation_intro(ctx),
        lambda: s.section_evaluation_rounds(ctx),
        lambda: s.section_evaluation_lag(ctx),
        lambda: s.section_evaluation_tables(ctx),
        lambda: s.section_programme_results(ctx),
        lambda: s.section_evaluation_risks(ctx),
        lambda: s.section_evaluation_written(ctx),
    )
    return _document(
        ctx,
        evaluation.title,
        _("Evaluation of the resilience programme, %(period)s")
        % {"period": s.period_text(evaluation.period_start, evaluation.period_end)},
        parts,
    )


BUILDERS = {
    ReportKind.PROGRESS: build_progress,
    ReportKind.FACTSHEET: build_factsheet,
    ReportKind.ROUND: build_round,
    ReportKind.BINDER: build_binder,
    ReportKind.EVALUATION: build_evaluation,
}


def context_from_parameters(*, region: Region, kind: str, parameters: dict) -> s.ReportContext:
    """Turn a run's stored parameters back into a ReportContext; refuses unknown values."""
    municipality = None
    code = parameters.get("municipality")
    if code:
        municipality = Municipality.objects.filter(region=region, code__iexact=code).first()
        if municipality is None:
            raise ValidationError(
                _("Municipality %(code)s is not part of %(region)s.")
                % {"code": code, "region": region.display_name}
            )
    audience = parameters.get("audience") or ""
    if audience and audience not in Audience.values:
        raise ValidationError(_("Unknown audience: %(value)s.") % {"value": audience})
    reference = parameters.get("reference_date")
    try:
        reference_date = dt.date.fromisoformat(reference) if reference else timezone.localdate()
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            _("Not a date: %(value)s (use YYYY-MM-DD).") % {"value": reference}
        ) from exc
    evaluation = None
    if kind == ReportKind.EVALUATION:
        evaluation = evaluation_detail(region=region, pk=parameters.get("evaluation"))
        if evaluation is None:
            raise ValidationError(
                _("Evaluation %(value)s is not one of %(region)s's.")
                % {"value": parameters.get("evaluation"), "region": region.display_name}
            )
        if not reference:  # the programme's standing at the end of the period (or today)
            reference_date = min(evaluation.period_end, reference_date)
    return s.ReportContext(
        region=region,
        municipality=municipality,
        audience=audience,
        round_id=parameters.get("round"),
        reference_date=reference_date,
        evaluation=evaluation,
    )


def build_document(
    *,
    region: Region,
    kind: str,
    parameters: dict,
    progress: Callable[[int, int], None] | None = None,
) -> Document:
    """Build the report; `progress(n, total)` is told before each part (the last: the file)."""
    ctx = context_from_parameters(region=region, kind=kind, parameters=parameters)
    token = _progress.set(progress)
    try:
        with translation.override("nl"):
            doc = BUILDERS[kind](ctx)
    finally:
        _progress.reset(token)
    with translation.override("nl"):
        # The requester may raise the label, never lower it below what the parts carry.
        doc.tlp = tlp_max(doc.tlp, parameters.get("tlp") or TLP.AMBER)
        return doc
