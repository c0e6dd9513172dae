"""`paraat run_reports`: produce queued report runs (PARAAT_REPORTS_RUNNER=queue).

Run it from cron (`paraat run_reports`) or as a worker (`paraat run_reports --loop`). It also
marks runs that were left 'running' by a stopped process as failed.
"""

import time

from django.core.management import BaseCommand


class Command(BaseCommand):
    help = "Produce the queued reports; with --loop keep doing so every few seconds."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between rounds")

    def handle(self, *args, loop, interval, **options):
        from paraat.reports.models import ReportRun, RunStatus
        from paraat.reports.services import report_process, runs_fail_stale

        while True:
            stale = runs_fail_stale()
            if stale:
                self.stdout.write(f"{stale} interrupted run(s) marked failed")
            for run_id in (
                ReportRun.objects.filter(status=RunStatus.QUEUED)
                .order_by("created_at")
                .values_list("pk", flat=True)
            ):
                try:
                    run = report_process(run_id=run_id)
                except Exception as exc:  # recorded on the run; go on with the next one
                    self.stderr.write(f"run {run_id}: {exc!r}")
                    continue
                self.stdout.write(f"run {run.pk}: {run.get_status_display()}")
            if not loop:
                return
            time.sleep(interval)
