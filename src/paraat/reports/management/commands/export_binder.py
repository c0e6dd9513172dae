"""`paraat export_binder`: the emergency binder as a print-ready PDF and one offline HTML file,
each with a .sha256 file beside it (checkable with `sha256sum -c`)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError

from paraat.reports.models import ReportFormat, ReportKind, RunStatus


class Command(BaseCommand):
    help = "Write the emergency binder (PDF + offline HTML + .sha256 files) into a directory."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="CBS code, e.g. VR06")
        parser.add_argument(
            "--municipality", help="CBS code: that municipality's binder (only what it may see)"
        )
        parser.add_argument("--out", required=True, type=Path, help="directory to write into")

    def handle(self, *args, region, municipality, out, **options):
        from paraat.core.jobs import ProgressBar
        from paraat.regions.models import Region
        from paraat.reports.services import report_generate

        found = Region.objects.filter(code__iexact=region).first()
        if found is None:
            raise CommandError(f"Onbekende veiligheidsregio: {region}")
        try:
            with ProgressBar(label="onderdeel", stream=self.stderr) as bar:
                run = report_generate(
                    region=found,
                    kind=ReportKind.BINDER,
                    fmt=ReportFormat.BINDER,
                    parameters={"municipality": municipality},
                    progress=bar,
                    actor="paraat export_binder (command line)",
                )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        if run.status != RunStatus.DONE:
            raise CommandError(f"Noodmap mislukt: {run.error}")
        out.mkdir(parents=True, exist_ok=True)
        for report_file in run.files.all():
            target = out / report_file.filename
            with report_file.file.open("rb") as source:
                target.write_bytes(source.read())
            (out / f"{report_file.filename}.sha256").write_text(
                f"{report_file.sha256}  {report_file.filename}\n", encoding="utf-8"
            )
            self.stdout.write(f"{target} ({report_file.size} bytes, sha256 {report_file.sha256})")
        self.stdout.write(
            f"Versie {run.version}, TLP:{run.tlp}, controlegetal inhoud {run.content_sha256}"
        )
