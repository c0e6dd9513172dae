"""`paraat send_digest --frequency daily|weekly`: run daily and weekly from cron."""

from django.core.management import BaseCommand

from paraat.knowledge.digest import send_digests
from paraat.knowledge.models import DigestFrequency


class Command(BaseCommand):
    help = "E-mail each person the new knowledge items and answers they may see."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=[DigestFrequency.DAILY, DigestFrequency.WEEKLY],
            default=DigestFrequency.DAILY,
        )

    def handle(self, *args, frequency, **options):
        sent = send_digests(frequency=frequency, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Digests sent: {sent}"))
