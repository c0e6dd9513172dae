"""`paraat prune_import_previews`: delete previewed spreadsheets nobody imported
(action list, progress list, bulk invitations).

Run it daily from cron, e.g. `15 3 * * * cd /srv/paraat && .venv/bin/paraat prune_import_previews`.
"""

import datetime as dt

from django.core.management import BaseCommand

from paraat.core.importflow import KEEP, previews_prune


class Command(BaseCommand):
    help = "Delete previewed imports older than a day (run daily from cron)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=int, default=int(KEEP.total_seconds() // 3600), help="Keep younger"
        )

    def handle(self, *args, hours, **options):
        deleted = previews_prune(older_than=dt.timedelta(hours=hours))
        self.stdout.write(f"{deleted} preview(s) deleted.")
