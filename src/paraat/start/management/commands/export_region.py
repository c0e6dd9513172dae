"""`paraat export_region VR06 --out FILE`: everything the region holds, in one ZIP."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError

from paraat.accounts.models import User
from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.regions.export import region_export
from paraat.regions.models import Region


class Command(BaseCommand):
    help = (
        "Export every table of a region (CSV and XLSX), its uploaded files and audit trail to a "
        "ZIP with a README. Refuses to overwrite. TLP:RED rows are only in it for --as-user "
        "when that person is named on them."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="the region's code, e.g. VR06")
        parser.add_argument("--out", required=True, help="the ZIP file to write (must not exist)")
        parser.add_argument("--as-user", default="", help="e-mail of the person it is made for")

    def handle(self, *args, code, out, as_user, **options):
        region = Region.objects.filter(code__iexact=code.strip()).first()
        if region is None:
            raise CommandError(f"No region {code!r} in this database.")
        user = None
        if as_user:
            user = User.objects.filter(email__iexact=as_user.strip()).first()
            if user is None:
                raise CommandError(f"No user {as_user!r}.")
        path = Path(out)
        if path.exists():
            raise CommandError(f"{path} exists; not overwritten.")
        try:
            with open(path, "xb") as f:
                summary = region_export(region=region, user=user, out=f)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        audit_log(
            actor=user,
            action=Action.EXPORT,
            obj=region,
            region=region,
            detail={"export": path.name, "tlp": summary.tlp, "left_out": summary.left_out},
        )
        rows = sum(summary.tables.values())
        self.stdout.write(
            f"TLP:{summary.tlp} — {path}: {len(summary.tables)} tables, {rows} rows, "
            f"{summary.files} files."
        )
        if summary.left_out:
            n = sum(summary.left_out.values())
            self.stdout.write(f"Left out (TLP:RED, not named): {n} rows; see README.md.")
