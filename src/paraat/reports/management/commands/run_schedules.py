"""`paraat run_schedules`: make the scheduled reports that are due (cron, every few minutes).

Each due schedule's report goes on the job queue and its link is e-mailed to those who may
read it; running the command twice in a month makes nothing twice.
"""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Put the scheduled reports that are due on the job queue and e-mail their link."

    def handle(self, *args, **options):
        from paraat.reports.services import schedules_run

        made = schedules_run()
        self.stdout.write(f"{len(made)} scheduled report(s) queued.")
