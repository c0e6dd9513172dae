"""Making a report run: the part of the reports' write API that the job on the queue
(`tasks.report_produce`) and the command line (`services.report_generate`) run. It claims a
queued run, builds its document (`builders`), renders it (`render`), stores the file(s) with
size and checksum and writes the audit trail; a run that fails is marked failed with a reason in
Dutch (`report_run_lost` when the queue gave up on its job).

The arrows go one way: `services` (request, retry) → `tasks` (the job) → `production` (this
module). Other apps ask `paraat.reports.services`, which re-exports what they may call.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from paraat.audit.models import Action, Result
from paraat.audit.services import audit_log, data_changed

from . import render
from .builders import build_document
from .models import RUN_WORKFLOW, ReportFile, ReportFormat, ReportKind, ReportRun, RunStatus

log = logging.getLogger(__name__)


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


def report_run_lost(*, run_id: int) -> ReportRun | None:
    """The queue gave up on the run's job (its worker died too often, or the job itself could
    not run): the run is marked failed with the reason, unless it was finished."""
    with translation.override("nl"):
        reason = _(
            "It was interrupted: the process making it stopped before it was finished. Try again."
        )
    return _fail(run_id=run_id, reason=reason, detail={"reason": "job failed or worker lost"})
