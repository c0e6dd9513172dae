"""`paraat report`: make a report from the command line, through the same service as the
interface; it is archived and audited like one made on screen."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError

from paraat.reports.models import Audience, ReportFormat, ReportKind, RunStatus

KINDS = [ReportKind.PROGRESS, ReportKind.FACTSHEET, ReportKind.ROUND]
FORMATS = [ReportFormat.PDF, ReportFormat.DOCX, ReportFormat.XLSX]


class Command(BaseCommand):
    help = "Make a progress report, factsheet or round report as PDF, DOCX or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="CBS code, e.g. VR06")
        parser.add_argument("--kind", required=True, choices=[str(k) for k in KINDS])
        parser.add_argument("--audience", choices=Audience.values)
        parser.add_argument(
            "--municipality", help="CBS code, e.g. GM0200 (factsheet; all when left out)"
        )
        parser.add_argument("--round", type=int, help="measurement round id (round report)")
        parser.add_argument("--tlp", help="at least this TLP label (CLEAR … RED)")
        parser.add_argument("--date", help="reference date, YYYY-MM-DD (default: today)")
        parser.add_argument("--format", required=True, choices=[str(f) for f in FORMATS])
        parser.add_argument("--out", required=True, type=Path, help="file to write")

    def handle(self, *args, **o):
        from paraat.core.jobs import ProgressBar
        from paraat.regions.models import Region
        from paraat.reports.services import report_generate

        region = Region.objects.filter(code__iexact=o["region"]).first()
        if region is None:
            raise CommandError(f"Onbekende veiligheidsregio: {o['region']}")
        parameters = {
            "audience": o.get("audience"),
            "municipality": o.get("municipality"),
            "round": o.get("round"),
            "tlp": o.get("tlp"),
            "reference_date": o.get("date"),
        }
        try:
            with ProgressBar(label="onderdeel", stream=self.stderr) as bar:
                run = report_generate(
                    region=region,
                    kind=o["kind"],
                    fmt=o["format"],
                    parameters=parameters,
                    progress=bar,
                    actor="paraat report (command line)",
                )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        if run.status != RunStatus.DONE:
            raise CommandError(f"Rapportage mislukt: {run.error}")
        report_file = run.files.get()
        with report_file.file.open("rb") as source:
            o["out"].write_bytes(source.read())
        self.stdout.write(
            f"{o['out']} ({report_file.size} bytes, TLP:{run.tlp}, sha256 {report_file.sha256})"
        )
