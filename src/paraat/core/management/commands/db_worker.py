"""`paraat db_worker`: django-tasks-db's worker, plus the recovery of jobs whose worker died.

Same options as django-tasks-db's command (`--batch`, `--queue-name`, `--interval`, …). Before
it takes its first job, and every minute while it runs, it calls `paraat.core.jobs.jobs_recover`:
a job left running by a worker that was killed is taken again or, after PARAAT_JOB_ATTEMPTS
tries, marked failed. Start as many workers as you like, on as many machines: each job is taken
by one of them.
"""

import logging
import threading

from django_tasks_db.management.commands import db_worker

from django.db import close_old_connections, connections

from paraat.core.jobs import jobs_recover

log = logging.getLogger("paraat.core.jobs")
RECOVER_EVERY_SECONDS = 60


def _recover_loop(stop: threading.Event) -> None:
    while not stop.wait(RECOVER_EVERY_SECONDS):
        close_old_connections()
        try:
            jobs_recover()
        except Exception:  # a locked database or a lost connection: try again next minute
            log.exception("recovering jobs failed")
        finally:
            connections.close_all()


class Command(db_worker.Command):
    help = "Do the queued jobs (reports, binder, e-mail); takes back jobs of dead workers."

    def handle(self, *args, **options):
        retaken, failed = jobs_recover()
        if retaken or failed:
            self.stdout.write(f"Jobs of a stopped worker: {retaken} queued again, {failed} failed")
        stop = threading.Event()
        if not options.get("batch"):
            threading.Thread(
                target=_recover_loop, args=(stop,), daemon=True, name="jobs-recover"
            ).start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
