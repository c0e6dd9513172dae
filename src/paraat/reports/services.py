"""Write API of the reports app: request, produce, archive, download and regenerate reports;
keep the register of plans on paper. Every write is atomic and writes the audit trail.

Producing a report can take half a minute, so a web request only *requests* a run:
`report_request` stores it and, in the same transaction, puts a job on the queue
(`paraat.reports.tasks.report_produce`, see paraat.core.jobs) that a worker (`paraat db_worker`)
picks up. The job makes it with `production.report_process`; while it runs, the run shows its
progress ("part 3 of 9"). A run that fails says why in Dutch and can be tried again
(`report_retry`); a run whose worker died is taken again or failed by the queue
(`production.report_run_lost`). The command line produces at once (`report_generate`).

The arrows go one way: services → tasks → production (and services → production). Other apps
and the tests import this module only; it re-exports what they call of `production`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from paraat.accounts.models import Membership
from paraat.accounts.roles import Role
from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.audit.services import changes as audit_changes
from paraat.core.concurrency import check_version
from paraat.core.mail import mail_send
from paraat.core.tlp import tlp_change_check
from paraat.programme import selectors as programme_selectors
from paraat.programme import services as programme_services
from paraat.regions.models import Municipality, Region

from .builders import context_from_parameters
from .models import TLP, PlanCopy, ReportFile, ReportFormat, ReportKind, ReportRun, RunStatus
from .production import TransitionError, report_process, report_run_lost, run_transition
from .tasks import report_produce

__all__ = [
    "FORMATS_BY_KIND",
    "TransitionError",
    "plan_copy_save",
    "report_file_download_record",
    "report_generate",
    "report_process",
    "report_regenerate",
    "report_request",
    "report_retry",
    "report_run_lost",
    "run_transition",
    "schedules_run",
]

FORMATS_BY_KIND: dict[str, set[str]] = {
    ReportKind.PROGRESS: {ReportFormat.PDF, ReportFormat.DOCX, ReportFormat.XLSX},
    ReportKind.FACTSHEET: {ReportFormat.PDF, ReportFormat.DOCX, ReportFormat.XLSX},
    ReportKind.ROUND: {ReportFormat.PDF, ReportFormat.DOCX, ReportFormat.XLSX},
    ReportKind.BINDER: {ReportFormat.BINDER},
    ReportKind.EVALUATION: {ReportFormat.PDF, ReportFormat.DOCX},
}


def _clean_parameters(*, region: Region, kind: str, fmt: str, parameters: dict) -> dict:
    if kind not in ReportKind.values:
        raise ValidationError(_("Unknown kind of report: %(value)s.") % {"value": kind})
    if fmt not in FORMATS_BY_KIND[kind]:
        raise ValidationError(
            _("A %(kind)s cannot be made as %(format)s.")
            % {"kind": ReportKind(kind).label, "format": fmt}
        )
    clean = {k: v for k, v in parameters.items() if v not in (None, "")}
    if clean.get("tlp") and clean["tlp"] not in TLP.values:
        raise ValidationError(_("Unknown TLP label: %(value)s.") % {"value": clean["tlp"]})
    context_from_parameters(region=region, kind=kind, parameters=clean)  # validates the rest
    return clean


@transaction.atomic
def report_request(
    *,
    region: Region,
    kind: str,
    fmt: str,
    parameters: dict,
    actor,
    regenerated_from: ReportRun | None = None,
    enqueue: bool = True,
) -> ReportRun:
    """Store a run and put the job that produces it on the queue (in this transaction: there is
    never a run without its job). `enqueue=False`: the caller produces it (report_generate)."""
    clean = _clean_parameters(region=region, kind=kind, fmt=fmt, parameters=parameters)
    municipality = None
    if clean.get("municipality"):
        municipality = Municipality.objects.get(region=region, code__iexact=clean["municipality"])
        clean["municipality"] = municipality.code
    version = 1
    if kind == ReportKind.BINDER:
        # Lock the region row so two exports at once cannot get the same version number.
        Region.objects.select_for_update().get(pk=region.pk)
        latest = ReportRun.objects.filter(
            region=region, kind=kind, municipality=municipality
        ).aggregate(v=Max("version"))["v"]
        version = (latest or 0) + 1
    run = ReportRun.objects.create(
        region=region,
        municipality=municipality,
        kind=kind,
        format=fmt,
        parameters=clean,
        tlp=clean.get("tlp", TLP.AMBER),
        version=version,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        regenerated_from=regenerated_from,
    )
    audit_log(
        actor=actor,
        action=Action.CREATE,
        obj=run,
        region=region,
        detail={"kind": kind, "format": fmt, "parameters": clean, "version": version},
    )
    if enqueue:
        _enqueue(run)
    return run


def _enqueue(run: ReportRun) -> None:
    report_produce.enqueue(run_id=run.pk)


def report_generate(
    *,
    region: Region,
    kind: str,
    fmt: str,
    parameters: dict,
    actor,
    progress: Callable[[int, int], None] | None = None,
) -> ReportRun:
    """Request and produce at once, in this process (the command line, with its progress bar)."""
    run = report_request(
        region=region, kind=kind, fmt=fmt, parameters=parameters, actor=actor, enqueue=False
    )
    return report_process(run_id=run.pk, progress=progress)


@transaction.atomic
def report_retry(*, run: ReportRun, actor) -> ReportRun:
    """ "Try again": the failed run goes back on the queue, with the same parameters."""
    locked = ReportRun.objects.select_for_update().select_related("region").get(pk=run.pk)
    run_transition(run=locked, to=RunStatus.QUEUED)
    previous_error = locked.error
    locked.error = ""
    locked.started_at = locked.finished_at = None
    locked.progress_done = locked.progress_total = 0
    locked.save(
        update_fields=[
            "status",
            "error",
            "started_at",
            "finished_at",
            "progress_done",
            "progress_total",
        ]
    )
    audit_log(
        actor=actor,
        action=Action.TRANSITION,
        obj=locked,
        region=locked.region,
        detail={"to": RunStatus.QUEUED, "reason": "retry", "previous_error": previous_error},
    )
    _enqueue(locked)
    return locked


def report_regenerate(*, run: ReportRun, actor) -> ReportRun:
    """A new run with the same kind, format and parameters; the old one stays in the archive."""
    return report_request(
        region=run.region,
        kind=run.kind,
        fmt=run.format,
        parameters=dict(run.parameters),
        actor=actor,
        regenerated_from=run,
    )


@transaction.atomic
def report_file_download_record(*, report_file: ReportFile, actor) -> None:
    """Every download of an archived report is in the audit trail."""
    audit_log(
        actor=actor,
        action=Action.DOWNLOAD,
        obj=report_file.run,
        region=report_file.run.region,
        object_repr=report_file.filename,
        detail={"file": report_file.filename, "sha256": report_file.sha256},
    )


# --- plans on paper ---------------------------------------------------------------------------

PLAN_FIELDS = ("title", "owner", "plan_version", "paper_locations", "tlp", "is_active")


@transaction.atomic
def plan_copy_save(
    *, plan: PlanCopy, actor, expected_version: int | None = None, tlp_reason: str = ""
) -> PlanCopy:
    """Create or update a plan entry. A stale form (optimistic lock) is refused, not merged.
    A new TLP label follows the one rule for changing labels (`core.tlp.tlp_change_check`)."""
    created = plan.pk is None
    before = {}
    if not created:
        current = PlanCopy.objects.select_for_update().get(pk=plan.pk)
        check_version(current, expected_version)
        tlp_change_check(actor=actor, obj=current, new=plan.tlp, reason=tlp_reason)
        before = {f: getattr(current, f) for f in PLAN_FIELDS}
        plan.version = current.version + 1
    plan.updated_by = actor
    plan.full_clean()
    plan.save()
    changes = audit_changes(before, {f: getattr(plan, f) for f in PLAN_FIELDS}, every_field=created)
    audit_log(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        obj=plan,
        region=plan.region,
        detail={"changes": changes},
    )
    if not created and before["tlp"] != plan.tlp:
        audit_log(
            actor=actor,
            action=Action.UPDATE,
            obj=plan,
            region=plan.region,
            detail={"tlp_from": before["tlp"], "tlp_to": plan.tlp, "reason": tlp_reason.strip()},
        )
    return plan


# --- scheduled reports (issue 18) -----------------------------------------------------------
# The schedules are programme's (`programme.models.ReportSchedule`, set on programme's
# "Scheduled reports" page); making their reports is this app's, so the arrow goes
# reports -> programme: programme's selector lists them, its service claims a due one.

REPORT_READER_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.CFG, Role.STEERING, Role.BOARD)


def schedules_run(*, today: datetime.date | None = None) -> list[ReportRun]:
    """Put every due schedule's report on the job queue and e-mail its link to the region's
    people who may read that report. Each schedule is locked and re-checked, and marked for
    this month in the same transaction: running twice (or twice at once) makes nothing twice."""
    today = today or timezone.localdate()
    made = []
    for pk in programme_selectors.report_schedule_ids_active():
        with transaction.atomic():
            schedule = programme_services.report_schedule_claim(schedule_id=pk, today=today)
            if schedule is None:
                continue
            made.append(_schedule_make(schedule, today=today))
    return made


def _schedule_make(schedule, *, today: datetime.date) -> ReportRun:
    region = schedule.region
    parameters = {"audience": schedule.audience} if schedule.kind == ReportKind.PROGRESS else {}
    run = report_request(
        region=region,
        kind=schedule.kind,
        fmt=schedule.format,
        parameters=parameters,
        actor="run_schedules",
    )
    readers = sorted(
        {
            m.user.email
            for m in Membership.objects.filter(
                region=region,
                role__in=REPORT_READER_ROLES,
                is_active=True,
                user__is_active=True,
            ).select_related("user")
            if m.user.email and m.user.has_perm("reports.view_report", run)
        }
    )
    link = settings.SITE_URL.rstrip("/") + reverse("reports:run_detail", args=[region.slug, run.pk])
    subject = _("%(region)s: %(report)s of %(date)s") % {
        "region": region.display_name,
        "report": schedule.get_kind_display(),
        "date": date_format(today, "j F Y"),
    }
    body = _(
        "The scheduled %(report)s is being made. Read it here once it is ready:\n%(link)s\n"
    ) % {"report": schedule.get_kind_display(), "link": link}
    audit_log(
        actor="run_schedules",
        action=Action.CREATE,
        obj=schedule,
        region=region,
        detail={"run": run.pk, "recipients": readers},
    )
    transaction.on_commit(lambda: mail_send(subject=subject, body=body, recipients=readers))
    return run
