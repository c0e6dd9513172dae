"""Write API of the reports app: request, produce, archive, download and regenerate reports;
keep the register of plans on paper. Every write is atomic and writes the audit trail.

Producing a report can take seconds, so a web request only *requests* a run; the run is
produced by `report_start` in one of three ways (setting PARAAT_REPORTS_RUNNER):
- "thread" (default): a background thread started after the request's transaction commits;
- "queue": left queued for `paraat run_reports` (a cron job or `--loop` worker) to produce;
- "inline": produced at once in the same request (tests, command line).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import close_old_connections, connections, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from paraat.audit.models import Action, Result
from paraat.audit.services import audit_log
from paraat.core.concurrency import check_version
from paraat.core.tlp import tlp_change_check
from paraat.regions.models import Municipality, Region

from . import render
from .builders import build_document, context_from_parameters
from .models import (
    RUN_TRANSITIONS,
    TLP,
    PlanCopy,
    ReportFile,
    ReportFormat,
    ReportKind,
    ReportRun,
    RunStatus,
)

log = logging.getLogger(__name__)

FORMATS_BY_KIND = {
    ReportKind.PROGRESS: {ReportFormat.PDF, ReportFormat.DOCX, ReportFormat.XLSX},
    ReportKind.FACTSHEET: {ReportFormat.PDF, ReportFormat.DOCX, ReportFormat.XLSX},
    ReportKind.ROUND: {ReportFormat.PDF, ReportFormat.DOCX, ReportFormat.XLSX},
    ReportKind.BINDER: {ReportFormat.BINDER},
}
STALE_AFTER = dt.timedelta(minutes=30)


class TransitionError(ValidationError):
    pass


def run_transition(*, run: ReportRun, to: str) -> None:
    """Move a run along its workflow (RUN_TRANSITIONS); any other move is refused."""
    if to not in RUN_TRANSITIONS[run.status]:
        raise TransitionError(
            _("A report that is %(from)s cannot become %(to)s.")
            % {"from": run.get_status_display(), "to": RunStatus(to).label}
        )
    run.status = to


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
) -> ReportRun:
    """Queue a report run (nothing is produced yet); see report_start."""
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
    return run


def report_start(*, run: ReportRun) -> None:
    """Have the run produced without blocking the caller (see the module docstring)."""
    runner = getattr(settings, "PARAAT_REPORTS_RUNNER", "thread")
    if runner == "inline":
        report_process(run_id=run.pk)
    elif runner == "thread":
        transaction.on_commit(lambda: _start_thread(run.pk))
    # "queue": `paraat run_reports` picks it up.


def _start_thread(run_id: int) -> None:
    threading.Thread(
        target=_thread_main, args=(run_id,), daemon=True, name=f"report-{run_id}"
    ).start()


def _thread_main(run_id: int) -> None:
    close_old_connections()
    try:
        report_process(run_id=run_id)
    except Exception:  # already recorded on the run; a thread must not die loudly
        log.exception("report run %s failed", run_id)
    finally:
        connections.close_all()


def _claim(run_id: int) -> ReportRun | None:
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().select_related("region").get(pk=run_id)
        if run.status != RunStatus.QUEUED:
            return None  # another worker has it, or it is finished
        run_transition(run=run, to=RunStatus.RUNNING)
        run.started_at = timezone.now()
        run.save(update_fields=["status", "started_at"])
    return run


def produce(run: ReportRun) -> list[tuple[str, str, bytes]]:
    """Build the document and render it: [(format, filename, bytes)]; sets content_sha256."""
    document = build_document(region=run.region, kind=run.kind, parameters=run.parameters)
    document.tlp = run.tlp = document.tlp
    stamp = timezone.localtime(document.generated_at).strftime("%Y%m%d-%H%M")
    scope = run.parameters.get("municipality") or run.region.code
    base = slugify(f"paraat-{run.kind}-{scope}-{stamp}")
    if run.kind == ReportKind.BINDER:
        document.version = run.version
        content, checksum = render.binder_content(document)
        document.content_sha256 = run.content_sha256 = checksum
        base = slugify(f"paraat-noodmap-{scope}-v{run.version}-{stamp}")
        return [
            (ReportFormat.PDF, f"{base}.pdf", render.render_pdf(document, content=content)),
            (
                ReportFormat.HTML,
                f"{base}.html",
                render.render_offline_html(document, content=content),
            ),
        ]
    renderer = {
        ReportFormat.PDF: render.render_pdf,
        ReportFormat.DOCX: render.render_docx,
        ReportFormat.XLSX: render.render_xlsx,
    }[run.format]
    return [(run.format, f"{base}.{run.format}", renderer(document))]


def report_process(*, run_id: int) -> ReportRun:
    """Produce a queued run, store its file(s) with size and checksum, record it."""
    run = _claim(run_id)
    if run is None:
        return ReportRun.objects.get(pk=run_id)
    try:
        outputs = produce(run)
    except Exception as exc:
        with transaction.atomic():
            locked = ReportRun.objects.select_for_update().get(pk=run.pk)
            run_transition(run=locked, to=RunStatus.FAILED)
            locked.finished_at = timezone.now()
            locked.error = (
                "; ".join(exc.messages) if isinstance(exc, ValidationError) else repr(exc)
            )[:2000]
            locked.save(update_fields=["status", "finished_at", "error"])
            audit_log(
                actor=run.requested_by or "paraat",
                action=Action.EXPORT,
                result=Result.FAILED,
                obj=locked,
                region=locked.region,
                detail={"error": locked.error},
            )
        if not isinstance(exc, ValidationError):
            raise
        return locked
    with transaction.atomic():
        locked = ReportRun.objects.select_for_update().get(pk=run.pk)
        files = []
        for fmt, filename, data in outputs:
            report_file = ReportFile(
                run=locked,
                format=fmt,
                filename=filename,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
            )
            report_file.file.save(filename, ContentFile(data), save=False)
            report_file.save()
            files.append(report_file)
        run_transition(run=locked, to=RunStatus.DONE)
        locked.tlp = run.tlp
        locked.content_sha256 = run.content_sha256
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "tlp", "content_sha256", "finished_at"])
        audit_log(
            actor=run.requested_by or "paraat",
            action=Action.EXPORT,
            obj=locked,
            region=locked.region,
            detail={
                "files": [{"name": f.filename, "size": f.size, "sha256": f.sha256} for f in files],
                "tlp": locked.tlp,
            },
        )
    return locked


def report_generate(*, region: Region, kind: str, fmt: str, parameters: dict, actor) -> ReportRun:
    """Request and produce at once (the command line)."""
    run = report_request(region=region, kind=kind, fmt=fmt, parameters=parameters, actor=actor)
    return report_process(run_id=run.pk)


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


def runs_fail_stale(*, now: dt.datetime | None = None) -> int:
    """Runs left 'running' by a stopped process are marked failed, so nobody waits forever."""
    now = now or timezone.now()
    count = 0
    for run_id in ReportRun.objects.filter(
        status=RunStatus.RUNNING, started_at__lt=now - STALE_AFTER
    ).values_list("pk", flat=True):
        with transaction.atomic():
            run = ReportRun.objects.select_for_update().get(pk=run_id)
            if run.status != RunStatus.RUNNING:
                continue
            run_transition(run=run, to=RunStatus.FAILED)
            run.error = _("Interrupted: the process producing it stopped. Regenerate it.")
            run.finished_at = now
            run.save(update_fields=["status", "error", "finished_at"])
            audit_log(
                actor="paraat",
                action=Action.TRANSITION,
                obj=run,
                region=run.region,
                detail={"to": RunStatus.FAILED, "reason": "stale"},
            )
            count += 1
    return count


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
    changes = {
        f: [before.get(f), getattr(plan, f)]
        for f in PLAN_FIELDS
        if created or before.get(f) != getattr(plan, f)
    }
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
