"""The report archive and the register of plans' paper copies.

Every report Paraat produces is kept as a ReportRun: what was asked (kind and parameters), by
whom, when, the file itself in private storage with its size and SHA-256 checksum, and its TLP
label. Runs are never edited after they are done; "regenerate" makes a new run.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from paraat.core.tlp import TLP
from paraat.core.workflow import Workflow


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("progress report")
    FACTSHEET = "factsheet", _("factsheet")
    ROUND = "round", _("round report")
    BINDER = "binder", _("emergency binder")
    EVALUATION = "evaluation", _("evaluation report")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    XLSX = "xlsx", "Excel (XLSX)"
    HTML = "html", _("offline HTML file")
    BINDER = "pdf+html", _("PDF and offline HTML file")


class Audience(models.TextChoices):
    STEERING = "steering", _("steering group")
    BOARD = "board", _("general board")
    CSO = "cso", _("CSO")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


# The run's workflow: every allowed move, and nothing else.
# Running → queued: its worker died and the job queue takes it again. Failed → queued: "try
# again" (the same run, same parameters).
RUN_WORKFLOW = Workflow.from_moves(
    {
        RunStatus.QUEUED: (RunStatus.RUNNING, RunStatus.FAILED),
        RunStatus.RUNNING: (RunStatus.DONE, RunStatus.FAILED, RunStatus.QUEUED),
        RunStatus.DONE: (),
        RunStatus.FAILED: (RunStatus.QUEUED,),
    }
)

CONTENT_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.HTML: "text/html; charset=utf-8",
}


def report_path(instance: "ReportFile", filename: str) -> str:
    run = instance.run
    return f"reports/{run.region.code.lower()}/{run.created_at:%Y/%m}/{run.pk}-{filename}"


class ReportRun(models.Model):
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="report_runs"
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_runs",
        verbose_name=_("municipality"),
        help_text=_("Set for a report about (and for) one municipality."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    format = models.CharField(_("format"), max_length=10, choices=ReportFormat.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    tlp = models.CharField(_("TLP label"), max_length=14, choices=TLP.choices, default=TLP.AMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    regenerated_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="regenerations"
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    content_sha256 = models.CharField(
        _("checksum of the content"),
        max_length=64,
        blank=True,
        help_text=_("For the emergency binder: the checksum printed on the PDF and the HTML."),
    )
    error = models.TextField(_("what went wrong"), blank=True)
    # While it is being made: part `progress_done` of `progress_total` (sections, then the file).
    progress_done = models.PositiveSmallIntegerField(default=0)
    progress_total = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["region", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_format_display()}) #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class ReportFile(models.Model):
    """One file a run produced (a binder run produces a PDF and an offline HTML file)."""

    run = models.ForeignKey(ReportRun, on_delete=models.PROTECT, related_name="files")
    format = models.CharField(_("format"), max_length=10, choices=ReportFormat.choices)
    file = models.FileField(_("file"), upload_to=report_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["run", "id"]

    def __str__(self) -> str:
        return self.filename

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


class PlanCopy(models.Model):
    """A plan that must exist on paper, and where its paper copies are (plan appendix:
    "Cruciale plannen en operationele info fysiek beschikbaar in actiecentra")."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
        help_text=_("Leave empty for a plan of the region itself."),
    )
    title = models.CharField(_("plan"), max_length=200)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    plan_version = models.CharField(_("version or date of the plan"), max_length=60, blank=True)
    paper_locations = models.TextField(
        _("where the paper copies are"),
        help_text=_("One place per line, e.g. 'Action centre fire station Apeldoorn, cabinet 2'."),
    )
    tlp = models.CharField(_("TLP label"), max_length=14, choices=TLP.choices, default=TLP.AMBER)
    is_active = models.BooleanField(_("in the binder"), default=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("plan on paper")
        verbose_name_plural = _("plans on paper")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def location_lines(self) -> list[str]:
        return [line.strip() for line in self.paper_locations.splitlines() if line.strip()]
