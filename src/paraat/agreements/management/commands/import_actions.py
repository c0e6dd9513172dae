"""`paraat import_actions FILE --region VR06 [--dry-run]`: import an action list (XLSX or CSV).

All rows or nothing: on any problem the command lists every one (sheet, row, column, value),
changes nothing and exits with status 1. Importing the same file again changes nothing.
"""

from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.utils import translation

from paraat.core import importflow
from paraat.regions.models import Region

from ... import imports


class Command(BaseCommand):
    help = "Import an action list (XLSX or CSV) into a region's agreement set."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to an .xlsx or .csv file")
        parser.add_argument("--region", required=True, help="Region code, e.g. VR06")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, save nothing")
        parser.add_argument("--language", default="nl", help="Language of the report (nl or en)")

    def handle(self, *args, file, region, dry_run, language, **options):
        translation.activate(language)
        found = Region.objects.filter(code__iexact=region).first()
        if found is None:
            raise CommandError(f"Onbekende regio: {region}")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {file}")
        try:
            report = imports.action_list_import(
                region=found,
                data=path.read_bytes(),
                filename=path.name,
                actor=f"import_actions ({path.name})",
                dry_run=dry_run,
            )
        except imports.ImportFailed as failed:
            raise importflow.command_refused(self.stderr, failed) from None
        for line in report.lines():
            self.stdout.write(line)
