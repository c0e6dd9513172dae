"""Write API of the reports app: request, produce, archive, download and regenerate reports;
keep the register of plans on paper. Every write is atomic and writes the audit trail.

Producing a report can take half a minute, so a web request only *requests* a run:
`report_request` stores it and, in the same transaction, puts a job on the queue
(`paraat.reports.tasks.report_produce`, see paraat.core.jobs) that a worker (`paraat db_worker`)
picks up. While it runs, the run shows its progress ("part 3 of 9"). A run that fails says why
in Dutch and can be tried again (`report_retry`); a run whose worker died is taken again or
failed by the queue (`report_run_lost`). The command line produces at once (`report_generate`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from paraat.audit.models import Action, Result
from paraat.audit.services import audit_log, data_changed
from paraat.audit.services import changes as audit_changes
from paraat.core.concurrency import check_version
from paraat.core.tlp import tlp_change_check
from paraat.regions.models import Municipality, Region

from . import render
from .builders import build_document, context_from_parameters
from .models import (
    RUN_WORKFLOW,
    TLP,
    PlanCopy,
    ReportFile,
    ReportFormat,
    ReportKind,
    ReportRun,
    RunStatus,
)

log = logging.getLogger(__name__)

FORMATS_BY_KIND: dict[str, set[str]] = {
    ReportKind.PROGRESS: {ReportFormat.PDF, ReportFormat.DOCX, ReportFormat.XLSX},
    ReportKind.FACTSHEET: {ReportFormat.PDF, ReportFormat.DOCX, ReportFormat.XLSX},
    ReportKind.ROUND: {ReportFormat.PDF, ReportFormat.DOCX, ReportFormat.XLSX},
    ReportKind.BINDER: {ReportFormat.BINDER},
    ReportKind.EVALUATION: {ReportFormat.PDF, ReportFormat.DOCX},
}


class TransitionError(ValidationError):
    pass


def run_transition(*, run: ReportRun, to: str) -> None:
    """Move a run along its workflow (RUN_WORKFLOW); any other move is refused."""
    if not RUN_WORKFLOW.allows(run.status, to):
        raise TransitionError(
            _("A report that is %(from)s cannot become %(to)s.")
            % {"from": run.get_status_display(), "to": RunStatus(to).label}
        )
    run.status = to
    # a run's state shows on pages and in the API; moves such as "done" are recorded as
    # exports (not data changes) in the trail, so the region's data version moves on here
    data_changed(region=run.region_id)


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
    from .tasks import report_produce

    report_produce.enqueue(run_id=run.pk)


def _claim(run_id: int) -> ReportRun | None:
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().select_related("region").get(pk=run_id)
        if run.status == RunStatus.RUNNING:
            # Only the queue hands out a running run again: its previous worker died.
            run_transition(run=run, to=RunStatus.QUEUED)
            audit_log(
                actor="paraat",
                action=Action.TRANSITION,
                obj=run,
                region=run.region,
                detail={"to": RunStatus.QUEUED, "reason": "worker lost, taken again"},
            )
        if run.status != RunStatus.QUEUED:
            return None  # finished (or failed) already
        run_transition(run=run, to=RunStatus.RUNNING)
        run.started_at = timezone.now()
        run.progress_done = run.progress_total = 0
        run.save(update_fields=["status", "started_at", "progress_done", "progress_total"])
    return run


def _progress_recorder(run_id: int) -> Callable[[int, int], None]:
    """Write "part n of total" on the run as it is made, so the status page can show it."""

    def record(done: int, total: int) -> None:
        ReportRun.objects.filter(pk=run_id).update(progress_done=done, progress_total=total)

    return record


def produce(
    run: ReportRun, *, progress: Callable[[int, int], None] | None = None
) -> list[tuple[str, str, bytes]]:
    """Build the document and render it: [(format, filename, bytes)]; sets content_sha256.
    `progress(n, total)` is told before each part (the last part: rendering the file)."""
    document = build_document(
        region=run.region, kind=run.kind, parameters=run.parameters, progress=progress
    )
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
    renderers: dict[str, Callable[..., bytes]] = {
        ReportFormat.PDF: render.render_pdf,
        ReportFormat.DOCX: render.render_docx,
        ReportFormat.XLSX: render.render_xlsx,
    }
    renderer = renderers[run.format]
    return [(run.format, f"{base}.{run.format}", renderer(document))]


def _unexpected(exc: BaseException) -> str:
    return _(
        "Something unexpected went wrong while making it (%(error)s). Try again; if it fails "
        "again, tell the administrator."
    ) % {"error": type(exc).__name__}


def _fail(*, run_id: int, reason: str, detail: dict) -> ReportRun | None:
    """Mark an unfinished run failed with a reason people can read; None when it was finished."""
    with transaction.atomic():
        locked = ReportRun.objects.select_for_update().select_related("region").get(pk=run_id)
        if locked.is_finished:
            return None
        run_transition(run=locked, to=RunStatus.FAILED)
        locked.finished_at = timezone.now()
        locked.error = reason[:2000]
        locked.save(update_fields=["status", "finished_at", "error"])
        audit_log(
            actor=locked.requested_by or "paraat",
            action=Action.EXPORT,
            result=Result.FAILED,
            obj=locked,
            region=locked.region,
            detail={"error": locked.error, **detail},
        )
    return locked


def report_process(*, run_id: int, progress: Callable[[int, int], None] | None = None) -> ReportRun:
    """Produce a queued run, store its file(s) with size and checksum, record it. A failure is
    recorded on the run with its reason in Dutch; an unexpected one is raised again after that
    (the queue keeps its traceback for the operator). `progress(n, total)` is told as it goes,
    besides being written on the run."""
    run = _claim(run_id)
    if run is None:
        return ReportRun.objects.get(pk=run_id)
    record = _progress_recorder(run.pk)

    def tell(done: int, total: int) -> None:
        record(done, total)
        if progress is not None:
            progress(done, total)

    try:
        with translation.override("nl"):
            outputs = produce(run, progress=tell)
    except Exception as exc:
        if isinstance(exc, ValidationError):
            reason, detail = "; ".join(exc.messages), {}
        else:
            log.exception("report run %s failed", run.pk)
            with translation.override("nl"):
                reason = _unexpected(exc)
            detail = {"exception": repr(exc)[:500]}
        locked = _fail(run_id=run.pk, reason=reason, detail=detail)
        if not isinstance(exc, ValidationError):
            raise
        return locked or ReportRun.objects.get(pk=run.pk)
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


def report_run_lost(*, run_id: int) -> ReportRun | None:
    """The queue gave up on the run's job (its worker died too often, or the job itself could
    not run): the run is marked failed with the reason, unless it was finished."""
    with translation.override("nl"):
        reason = _(
            "It was interrupted: the process making it stopped before it was finished. Try again."
        )
    return _fail(run_id=run_id, reason=reason, detail={"reason": "job failed or worker lost"})


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
