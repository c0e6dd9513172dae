"""`paraat setup_region VR05 --admin beheer@vrtwente.nl`: a region from the reference data."""

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from paraat.accounts.services import invitation_link
from paraat.regions.reference import load_reference
from paraat.regions.services import UnknownRegion
from paraat.start.setup import region_setup_with_admin


class Command(BaseCommand):
    help = (
        "Create a safety region with its municipalities from the national reference data and "
        "invite its first administrator. Running it again changes nothing; with a newer "
        "--year it brings the municipalities up to date (merged ones archived)."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="the region's CBS code, e.g. VR05 (any case)")
        parser.add_argument("--admin", default="", help="e-mail address of the first administrator")
        parser.add_argument("--admin-name", default="", help="that person's full name")
        parser.add_argument("--year", type=int, default=None, help="reference data year")
        parser.add_argument("--data-dir", default=None, help="folder with the reference files")

    def handle(self, *args, code, admin, admin_name, year, data_dir, **options):
        try:
            reference = load_reference(year=year, directory=data_dir)
        except FileNotFoundError as e:
            raise CommandError(f"Reference data not found: {e.filename}") from e
        try:
            result = region_setup_with_admin(
                code=code, reference=reference, admin_email=admin, admin_name=admin_name
            )
        except UnknownRegion as e:
            valid = ", ".join(f"{c} ({n})" for c, n in sorted(reference.regions.items()))
            raise CommandError(f"Unknown safety region {code!r}. Valid codes: {valid}") from e
        region = result.region
        if not result.changed:
            self.stdout.write(
                f"Nothing to change: {region.code} {region.name} is up to date "
                f"(reference data {reference.year})."
            )
            return
        for line in result.changes:
            self.stdout.write(f"  {line}")
        n = region.municipalities.current().count()
        self.stdout.write(
            self.style.SUCCESS(f"{region.code} {region.name}: {n} municipalities ready.")
        )
        if result.invited is not None:
            self.stdout.write(
                f"Invitation e-mail to {result.invited.email} queued "
                "(sent by the job worker, `paraat db_worker`)."
            )
            if "console" in settings.EMAIL_BACKEND:
                self.stdout.write(
                    "No mail server is configured (EMAIL_HOST): pass this link on to the "
                    f"administrator to choose a password:\n  {invitation_link(user=result.invited)}"
                )
