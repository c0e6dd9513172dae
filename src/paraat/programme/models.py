"""The region's own programme (plan §2.2–§2.4, §3, §5): ambitions and goals, results, the
steering group and programme team, theme tables with their start documents, activities,
deferred work and the risk register. History is appended, never overwritten."""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from paraat.core.progress import Status  # the same status model as the action items
from paraat.core.tlp import TLP
from paraat.regions.models import Region


class Versioned(models.Model):
    """A row edited by more than one person: its form carries the version it was opened with
    and the service checks it (`core.concurrency`), so no edit overwrites another silently."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Recorded(models.Model):
    """Who added the row and when (the audit trail holds every later change)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Programme(Versioned):
    """One per region: the vision text (plan §2.1)."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="programme")
    vision = models.TextField(_("vision"), blank=True)

    def __str__(self) -> str:
        return str(self.region)


class CoreAmbition(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="ambitions")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("core ambition")
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="ambition_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Goal(models.Model):
    ambition = models.ForeignKey(CoreAmbition, on_delete=models.CASCADE, related_name="goals")
    letter = models.CharField(_("letter"), max_length=2)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["ambition__number", "letter"]
        verbose_name = _("goal")
        constraints = [
            models.UniqueConstraint(fields=["ambition", "letter"], name="goal_unique_letter")
        ]

    def __str__(self) -> str:
        return f"{self.ambition.number}{self.letter}) {self.title}"

    @property
    def code(self) -> str:
        return f"{self.ambition.number}{self.letter}"


class ProgrammeResult(models.Model):
    """One of the results the programme must deliver (plan §2.3)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="programme_results")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.TextField(_("result"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    note = models.TextField(_("explanation"), blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="result_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Body(models.TextChoices):
    STEERING_GROUP = "steering_group", _("steering group")
    PROGRAMME_TEAM = "programme_team", _("programme team")


class BodyMember(models.Model):
    """A seat in the steering group or programme team, by role and organisation."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="body_members")
    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    role = models.CharField(_("role"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["body", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "body", "role"], name="bodymember_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.role} ({self.organisation})"


class ThemeTable(Versioned):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="theme_tables")
    name = models.CharField(_("name"), max_length=200)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_theme_tables",
        verbose_name=_("lead"),
    )
    lead_role = models.CharField(
        _("lead (role)"),
        max_length=200,
        blank=True,
        help_text=_("The lead's function, e.g. head of department."),
    )
    description = models.TextField(_("description"), blank=True)
    goals = models.ManyToManyField(Goal, blank=True, related_name="theme_tables")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("theme table")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="themetable_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ThemeTableMember(models.Model):
    table = models.ForeignKey(ThemeTable, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name or role"), max_length=200)
    role = models.CharField(_("role in the table"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200)
    expertise = models.CharField(_("expertise"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class DocumentStatus(models.TextChoices):
    CONCEPT = "concept", _("concept")
    FOR_DECISION = "for_decision", _("for decision")
    ADOPTED = "adopted", _("adopted")


# --- versioned documents: start documents and evaluations (issue 18) ------------------------
# One shape for a document the programme writes, saves in versions, compares, and puts to the
# steering group for adoption: the document (status, current version, who adopted which
# version), its saved versions (never changed) and its status history. The workflow and the
# services that move it are shared too (services.DOCUMENT_WORKFLOW, document_version_save,
# document_transition).


class VersionedDocument(models.Model):
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.CONCEPT
    )
    current_number = models.PositiveIntegerField(default=0)
    adopted_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adopted_number = models.PositiveIntegerField(null=True, blank=True)
    if TYPE_CHECKING:  # each concrete document's versions and status history
        versions: models.Manager[Any]
        transitions: models.Manager[Any]

    class Meta:
        abstract = True

    @property
    def owner_region(self) -> Region:
        """The region the document belongs to (for the audit trail)."""
        raise NotImplementedError

    @property
    def document_name(self) -> str:
        """How the audit trail names the document, e.g. "Startdocument Crisiscommunicatie"."""
        raise NotImplementedError


class DocumentVersion(models.Model):
    """One saved version; never changed afterwards."""

    number = models.PositiveIntegerField()
    content = models.JSONField(default=dict)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"  # type: ignore[attr-defined]


class DocumentTransition(models.Model):
    from_status = models.CharField(max_length=20, choices=DocumentStatus.choices)
    to_status = models.CharField(max_length=20, choices=DocumentStatus.choices)
    version_number = models.PositiveIntegerField()
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class StartDocument(VersionedDocument):
    """The theme table's charter (plan appendix "Format startdocument thematafels")."""

    table = models.OneToOneField(ThemeTable, on_delete=models.CASCADE, related_name="startdoc")

    def __str__(self) -> str:
        return str(self.table)

    @property
    def region_id(self) -> int:
        """So the permission rules find the organisation (through the theme table)."""
        return self.table.region_id

    @property
    def owner_region(self) -> Region:
        return self.table.region

    @property
    def document_name(self) -> str:
        from django.utils.translation import gettext

        return f"{gettext('Start document')} {self.table.name}"


class StartDocumentVersion(DocumentVersion):
    document = models.ForeignKey(StartDocument, on_delete=models.CASCADE, related_name="versions")

    class Meta(DocumentVersion.Meta):
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="startdocversion_unique")
        ]


class StartDocumentTransition(DocumentTransition):
    document = models.ForeignKey(
        StartDocument, on_delete=models.CASCADE, related_name="transitions"
    )


class Activity(Versioned):
    """Work of a theme table, or of the programme team when `table` is empty."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="activities")
    table = models.ForeignKey(
        ThemeTable,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("theme table"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    order = models.PositiveIntegerField(default=0)
    action_items = models.ManyToManyField(
        "agreements.ActionItem",
        blank=True,
        related_name="activities",
        verbose_name=_("action items carried out"),
        help_text=_(
            "The region's own and joint action items from the agreements this carries out."
        ),
    )

    class Meta:
        ordering = ["table__order", "order", "id"]
        verbose_name = _("activity")

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    due = models.DateField(_("date"))
    reached = models.BooleanField(_("reached"), default=False)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.title


class ActivityUpdate(models.Model):
    """A dated progress update; appended, never edited."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    text = models.TextField(_("progress"))
    bottleneck = models.TextField(
        _("bottleneck"), blank=True, help_text=_("What blocks progress, if anything.")
    )
    bottleneck_owner = models.CharField(
        _("who must act"),
        max_length=200,
        blank=True,
        help_text=_("Who must act to remove the bottleneck, e.g. the steering group."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:60]}"


def attachment_path(instance: "ActivityAttachment", filename: str) -> str:
    # The original name is kept in the database; the stored name reveals nothing.
    import uuid

    return f"programme/attachments/{instance.region_id}/{uuid.uuid4().hex}"


class ActivityAttachment(Recorded):
    """A file added to a progress update; stored privately, served by a checking view."""

    update = models.ForeignKey(ActivityUpdate, on_delete=models.CASCADE, related_name="attachments")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")

    def __str__(self) -> str:
        return self.original_name


class DeferredWork(Versioned):
    """Regular work left or postponed for the programme (plan §5.2 item 7)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="deferred_work")
    table = models.ForeignKey(
        ThemeTable,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deferred_work",
        verbose_name=_("theme table"),
    )
    task = models.TextField(_("regular task that is left or postponed"))
    team = models.CharField(_("team"), max_length=200)
    impact = models.TextField(_("impact"))
    accepted_by = models.CharField(_("accepted by"), max_length=200)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["table__order", "id"]

    def __str__(self) -> str:
        return self.task[:80]


class RiskKind(models.TextChoices):
    THREAT = "threat", _("threat")
    OPPORTUNITY = "opportunity", _("opportunity")


class RiskState(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Risk(Versioned):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField(_("kind"), max_length=12, choices=RiskKind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    cause = models.TextField(_("cause"), blank=True)
    effect = models.TextField(_("effect"), blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1–5)"), validators=SCALE)
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), validators=SCALE)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=RiskState.choices, default=RiskState.OPEN
    )
    table = models.ForeignKey(
        ThemeTable,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risks",
        verbose_name=_("theme table"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["region", "kind", "number"], name="risk_unique_number")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class RiskMeasure(models.Model):
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="measures")
    text = models.TextField(_("measure"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:80]


class RiskRevision(models.Model):
    """A snapshot of a risk after each save: the basis of "changes since the last report"."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="revisions")
    likelihood = models.PositiveSmallIntegerField()
    impact = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=10, choices=RiskState.choices)
    snapshot = models.JSONField(default=dict)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.risk_id} @ {self.at}"


# --- steering group meetings (issue 18) -----------------------------------------------------


class Meeting(Versioned, Recorded):
    """A meeting of the steering group: agenda, minutes (with a TLP label), decisions and the
    action list. The minutes are read under the one TLP rule (`paraat.permissions.can_see_tlp`)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    tlp = models.CharField(
        _("TLP label of the minutes"), max_length=14, choices=TLP.choices, default=TLP.AMBER
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("steering group meeting")

    def __str__(self) -> str:
        return f"{self.region} {self.date}"


class AgendaKind(models.TextChoices):
    DECISION = "decision", _("for decision")
    DISCUSSION = "discussion", _("for discussion")
    INFORMATION = "information", _("for information")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("agenda item"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=12, choices=AgendaKind.choices, default=AgendaKind.INFORMATION
    )
    startdoc = models.ForeignKey(
        StartDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("start document"),
    )
    risk = models.ForeignKey(
        Risk,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("risk or opportunity"),
    )
    report = models.ForeignKey(
        "reports.ReportRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("report"),
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("decision"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionState(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class MeetingAction(models.Model):
    """An action from a meeting; open actions carry over to every later meeting."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField(_("action"))
    owner = models.CharField(_("owner"), max_length=200)
    due = models.DateField(_("due date"), null=True, blank=True)
    state = models.CharField(
        _("status"), max_length=10, choices=ActionState.choices, default=ActionState.OPEN
    )
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class MeetingComment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


# --- scale-up: hand-over register (issue 18) ------------------------------------------------


class CrisisPart(models.TextChoices):
    RBT = "rbt", _("regional policy team (RBT)")
    OL = "ol", _("operational leader (OL)")
    ROT = "rot", _("regional operational team (ROT)")
    ACTION_CENTRE = "action_centre", _("action centre")


class Handover(models.Model):
    """Which theme table or activity handed what to which part of the crisis organisation,
    when, and when it was taken back (plan §3.2–§3.3)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="handovers")
    table = models.ForeignKey(
        ThemeTable,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handovers",
        verbose_name=_("theme table"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handovers",
        verbose_name=_("activity"),
    )
    to_part = models.CharField(_("handed over to"), max_length=20, choices=CrisisPart.choices)
    to_detail = models.CharField(
        _("which one"), max_length=200, blank=True, help_text=_("E.g. the action centre's name.")
    )
    contact = models.CharField(_("contact"), max_length=200)
    what = models.TextField(_("what was handed over"))
    handed_over_on = models.DateField(_("handed over on"))
    taken_back_on = models.DateField(_("taken back on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-handed_over_on", "-id"]
        verbose_name = _("hand-over")

    def __str__(self) -> str:
        return f"{self.get_to_part_display()}: {self.what[:60]}"


# --- scheduled reports (issue 18) -----------------------------------------------------------


class ReportSchedule(models.Model):
    """A report made on a set day every month (e.g. the progress report for the steering
    group), through the job queue, and e-mailed as a link to those who may read it.
    `paraat run_schedules` (cron, every few minutes) makes what is due; `last_run_on` keeps a
    second run from making it twice."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="report_schedules")
    kind = models.CharField(
        _("report"),
        max_length=20,
        choices=[("progress", _("progress report")), ("binder", _("emergency binder"))],
        default="progress",
    )
    format = models.CharField(
        _("format"), max_length=10, choices=[("pdf", "PDF"), ("docx", "Word (DOCX)")]
    )
    audience = models.CharField(
        _("audience"),
        max_length=20,
        choices=[("steering", _("steering group")), ("board", _("general board")), ("cso", "CSO")],
        default="steering",
    )
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"), validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    active = models.BooleanField(_("active"), default=True)
    last_run_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["day_of_month", "id"]
        verbose_name = _("report schedule")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.day_of_month})"

    def is_due(self, today) -> bool:
        if not self.active or today.day < self.day_of_month:
            return False
        last = self.last_run_on
        return last is None or (last.year, last.month) != (today.year, today.month)


# --- the yearly and final evaluation (issue 18) ---------------------------------------------


class EvaluationKind(models.TextChoices):
    YEARLY = "yearly", _("yearly evaluation")
    FINAL = "final", _("final evaluation")


class Evaluation(VersionedDocument):
    """The programme's evaluation over a period (plan §2.3, §3.6, §4.1: yearly in summer 2026,
    the final one at the end of 2027). Its figures come from the closed rounds and the registers
    when the report is made; the conclusions and recommendations the programme team writes are
    kept in versions and adopted like a start document."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="evaluations")
    title = models.CharField(_("title"), max_length=200, help_text=_("E.g. Evaluation 2026."))
    kind = models.CharField(
        _("kind"), max_length=10, choices=EvaluationKind.choices, default=EvaluationKind.YEARLY
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    tlp = models.CharField(_("TLP label"), max_length=14, choices=TLP.choices, default=TLP.AMBER)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = _("evaluation")
        constraints = [
            models.UniqueConstraint(fields=["region", "title"], name="evaluation_unique_title"),
            models.CheckConstraint(
                name="evaluation_period_in_order",
                condition=models.Q(period_end__gte=models.F("period_start")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_region(self) -> Region:
        return self.region

    @property
    def document_name(self) -> str:
        return self.title


class EvaluationVersion(DocumentVersion):
    document = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="versions")

    class Meta(DocumentVersion.Meta):
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="evaluationversion_unique")
        ]


class EvaluationTransition(DocumentTransition):
    document = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="transitions")
