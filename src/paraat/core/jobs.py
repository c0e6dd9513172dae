"""Paraat's job queue: work that must not be lost (reports, the emergency binder, e-mail) is a
task of django-tasks (the backport of Django 6's tasks framework, so `@task` definitions move to
Django 6 unchanged), kept in the database by django-tasks-db and done by `paraat db_worker`.

Several workers on several machines may run at once: a worker takes a job in a locked
transaction (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, an exclusive transaction on
SQLite), so each job is done once. What the queue itself does not do is notice a worker that
died while running a job: `jobs_recover` does, and `paraat db_worker` (Paraat's own version of
the command) calls it when it starts and every minute after. A job that has been running for
longer than PARAAT_JOB_TIMEOUT_MINUTES is taken again, or marked failed once it has been tried
PARAAT_JOB_ATTEMPTS times; the `task_finished` signal then tells the app that owns it (reports
mark their run failed with a reason in Dutch).

`ProgressBar` is the command line's progress bar for long commands (report generation,
generated data sets, big imports).
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from typing import TextIO

from django.conf import settings
from django.utils import timezone

log = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker that ran a job stopped (killed, crashed, machine down) before the job ended."""


def job_timeout() -> dt.timedelta:
    return dt.timedelta(minutes=settings.PARAAT_JOB_TIMEOUT_MINUTES)


def jobs_recover(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Jobs whose worker died: take them again, or fail them after PARAAT_JOB_ATTEMPTS tries.

    Returns (taken again, failed). Safe to run in several workers at once: each stale job is
    locked (skipped when another worker holds it) and checked again under the lock.
    """
    from django_tasks import TaskResultStatus
    from django_tasks.signals import task_finished
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    now = now or timezone.now()
    retaken = failed = 0
    stale = DBTaskResult.objects.running().filter(started_at__lt=now - job_timeout())
    for pk in list(stale.values_list("pk", flat=True)):
        with exclusive_transaction(stale.db):
            job = (
                DBTaskResult.objects.running()
                .filter(pk=pk, started_at__lt=now - job_timeout())
                .select_for_update(skip_locked=True)
                .first()
            )
            if job is None:
                continue
            if len(job.worker_ids) < settings.PARAAT_JOB_ATTEMPTS:
                job.status = TaskResultStatus.READY
                job.started_at = None
                job.save(update_fields=["status", "started_at"])
                retaken += 1
                log.warning("job %s (%s): worker lost, queued again", pk, job.task_path)
                continue
            job.set_failed(WorkerLost(f"no result {len(job.worker_ids)} times; last worker lost"))
            failed += 1
            log.error("job %s (%s): worker lost, tried enough: failed", pk, job.task_path)
        try:
            task_finished.send(sender=type(job.task.get_backend()), task_result=job.task_result)
        except Exception:  # a receiver that fails must not stop the recovery of the others
            log.exception("job %s: task_finished receiver failed", pk)
    return retaken, failed


class ProgressBar:
    """A progress bar on a terminal (`[#####-----] 3/9 label`), one line per step elsewhere.

        bar = ProgressBar(total=9, label="report", stream=self.stderr)
        bar.update(3, "risks")   # or bar.advance()
        bar.finish()

    Also usable as a callback `progress(done, total, label)` (see reports.builders).
    """

    def __init__(self, *, total: int = 0, label: str = "", stream: TextIO | None = None):
        self.total = total
        self.done = 0
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        target = getattr(self.stream, "_out", self.stream)  # Django's OutputWrapper
        self.tty = bool(getattr(target, "isatty", lambda: False)())

    def __call__(self, done: int, total: int, label: str = "") -> None:
        self.total = total
        self.update(done, label)

    def advance(self, steps: int = 1, label: str = "") -> None:
        self.update(self.done + steps, label)

    def update(self, done: int, label: str = "") -> None:
        self.done = done
        self.stream.write(self.line(label), **({"ending": ""} if self._wrapped else {}))
        self.stream.flush()

    @property
    def _wrapped(self) -> bool:
        return hasattr(self.stream, "_out")

    def line(self, label: str = "") -> str:
        width = 30
        total = max(self.total, 1)
        filled = min(width, width * self.done // total)
        text = f"[{'#' * filled}{'-' * (width - filled)}] {self.done}/{self.total}"
        if self.label or label:
            text += f" {self.label}{': ' if self.label and label else ''}{label}"
        return f"\r{text[:100]:<100}" if self.tty else f"{text}\n"

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n", **({"ending": ""} if self._wrapped else {}))
            self.stream.flush()

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc) -> None:
        self.finish()
