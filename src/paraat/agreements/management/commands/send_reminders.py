"""`paraat send_reminders`: remind municipalities that have not submitted an open round.

Run it daily from cron, e.g. `0 7 * * * cd /srv/paraat && .venv/bin/paraat send_reminders`.
It e-mails the municipal contacts of every municipality whose submission is still being filled
in or was returned, N days before the deadline (the round's "reminder days", or --days) and on
the deadline itself. Running it twice on one day sends nothing the second time.
"""

import datetime as dt

from django.core.management import BaseCommand

from ... import services


class Command(BaseCommand):
    help = "E-mail reminders for open measurement rounds (run daily from cron)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Days before the deadline (default: per round)"
        )
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help=argparse_help)

    def handle(self, *args, days, today, **options):
        result = services.reminders_send(today=today, days_before=days)
        for round_name, municipality, recipients in result.sent:
            self.stdout.write(f"{round_name}: {municipality} → {', '.join(recipients)}")
        for name in result.no_address:
            self.stderr.write(f"Geen e-mailadres bekend voor {name}")
        self.stdout.write(
            f"{len(result.sent)} herinnering(en) verstuurd, "
            f"{result.skipped_today} vandaag al eerder verstuurd."
        )


argparse_help = "Pretend today is this date (YYYY-MM-DD), for testing"
