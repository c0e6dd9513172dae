"""`paraat import_progress VR06 FILE [--round-name NAME --measured-on YYYY-MM-DD] [--dry-run]`.

Imports municipalities' progress (XLSX or CSV) as the current status, or with a round name and
date as a past closed measurement round. All rows or nothing: on any problem the command lists
every one (sheet, row, column, value), changes nothing and exits with status 1. Importing the
same file again changes nothing.
"""

import datetime as dt
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError
from django.utils import translation

from paraat.core import importflow
from paraat.regions.models import Region

from ...progress_import import ProgressImportFailed, progress_import


class Command(BaseCommand):
    help = "Import municipalities' progress (XLSX or CSV), now or as a past closed round."

    def add_arguments(self, parser):
        parser.add_argument("region", help="Region code, e.g. VR06")
        parser.add_argument("file", help="Path to an .xlsx or .csv file")
        parser.add_argument("--round-name", default="", help="Import as this past round")
        parser.add_argument(
            "--measured-on", default="", help="Date the past round was measured on (YYYY-MM-DD)"
        )
        parser.add_argument("--by", default="", help="E-mail address of the person importing")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, save nothing")
        parser.add_argument("--language", default="nl", help="Language of the report (nl or en)")

    def handle(self, *args, region, file, round_name, measured_on, by, dry_run, language, **opts):
        translation.activate(language)
        found = Region.objects.filter(code__iexact=region).first()
        if found is None:
            raise CommandError(f"Onbekende regio: {region}")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {file}")
        day = None
        if measured_on:
            try:
                day = dt.date.fromisoformat(measured_on)
            except ValueError:
                raise CommandError(f"Geen datum (JJJJ-MM-DD): {measured_on}") from None
        actor = f"import_progress ({path.name})"
        if by:
            actor = get_user_model().objects.filter(email__iexact=by, is_active=True).first()
            if actor is None:
                raise CommandError(f"Onbekende gebruiker: {by}")
        try:
            report = progress_import(
                region=found,
                data=path.read_bytes(),
                filename=path.name,
                actor=actor,
                round_name=round_name,
                measured_on=day,
                dry_run=dry_run,
            )
        except ProgressImportFailed as failed:
            raise importflow.command_refused(self.stderr, failed) from None
        for line in report.lines():
            self.stdout.write(line)
