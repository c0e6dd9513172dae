"""`paraat reference_update --year 2026`: bring every region up to a newer year's reference data."""

from django.core.management import BaseCommand, CommandError

from paraat.regions.models import Region
from paraat.regions.reference import load_reference
from paraat.regions.services import UnknownRegion, region_setup


class Command(BaseCommand):
    help = (
        "Apply a (newer) year's reference data to every region in the database: new "
        "municipalities added, names and boundaries updated, merged ones archived with their "
        "history. Nothing recorded is deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="reference data year")
        parser.add_argument("--data-dir", default=None, help="folder with the reference files")

    def handle(self, *args, year, data_dir, **options):
        try:
            reference = load_reference(year=year, directory=data_dir)
        except FileNotFoundError as e:
            raise CommandError(f"Reference data not found: {e.filename}") from e
        changed = False
        for region in Region.objects.order_by("code"):
            try:
                result = region_setup(code=region.code, reference=reference)
            except UnknownRegion:
                self.stderr.write(f"{region.code}: not in the {reference.year} reference data")
                continue
            for line in result.changes:
                self.stdout.write(f"{region.code}: {line}")
            changed |= result.changed
        if not changed:
            self.stdout.write(f"Nothing to change: every region matches {reference.year}.")
