"""Knowledge items with an enforced TLP label, and the central desk's questions.

Who may see an item is decided in one place: `selectors.items_visible_to`. Everything that
lists, counts, searches or serves items (and their attachments) goes through it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from paraat.core.tlp import TLP
from paraat.core.workflow import Workflow

TLP_EXPLANATION = {
    TLP.CLEAR: _("Everyone; may also appear on the region's public page."),
    TLP.GREEN: _("Every signed-in user of the region and its crisis partners."),
    TLP.AMBER: _(
        "The author's organisation and the region's staff; for the region's own items also "
        "the steering group and the board."
    ),
    TLP.AMBER_STRICT: _("The author's organisation only."),
    TLP.RED: _("Only the people named on the item."),
}


class Kind(models.TextChoices):
    GOOD_PRACTICE = "good_practice", _("good practice")
    PRODUCT = "product", _("product or template")
    EXPERIENCE = "experience", _("experience")
    GUIDANCE = "guidance", _("guidance")
    QA = "qa", _("question and answer")


class OrganisationMixin(models.Model):
    """An organisation within a region: a municipality, a partner, or (neither) the region."""

    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    partner = models.ForeignKey(
        "regions.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("crisis partner"),
    )

    class Meta:
        abstract = True

    @property
    def organisation_name(self) -> str:
        if self.municipality_id:
            return self.municipality.name
        if self.partner_id:
            return self.partner.name
        return self.region.display_name


class KnowledgeItem(OrganisationMixin):
    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="knowledge_items"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)
    body = models.TextField(
        _("text"), blank=True, help_text=_("Markdown: headings, lists, links, bold and italics.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    tlp = models.CharField(_("TLP label"), max_length=20, choices=TLP.choices, default=TLP.GREEN)
    categories = models.ManyToManyField(
        "agreements.Category",
        blank=True,
        related_name="knowledge_items",
        verbose_name=_("categories"),
        help_text=_("Categories of the region's current action list."),
    )
    category = models.CharField(
        _("other category (free text)"),
        max_length=120,
        blank=True,
        help_text=_("Kept from before the link to the action list, when no category matched."),
    )
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Separate tags with commas.")
    )
    links = models.TextField(_("links"), blank=True, help_text=_("One web address per line."))
    related_action_items = models.ManyToManyField(
        "agreements.ActionItem",
        blank=True,
        related_name="knowledge_items",
        verbose_name=_("related action items"),
        help_text=_('Action items this helps with ("this helps with 3.1").'),
    )
    action_items = models.CharField(
        _("other action items (free text)"),
        max_length=200,
        blank=True,
        help_text=_("Kept from before the link to the action list, when no action item matched."),
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="red_knowledge_items",
        verbose_name=_("named people (TLP:RED)"),
    )
    source_question = models.OneToOneField(
        "knowledge.Question",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="published_item",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("published"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("knowledge item")
        verbose_name_plural = _("knowledge items")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["region", "tlp", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                name="knowledge_item_one_organisation",
                condition=models.Q(municipality__isnull=True) | models.Q(partner__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    @property
    def link_list(self) -> list[str]:
        return [u.strip() for u in self.links.splitlines() if u.strip()]

    @property
    def action_item_list(self) -> list[str]:
        return [a.strip() for a in self.action_items.split(",") if a.strip()]


class KnowledgeItemVersion(models.Model):
    """The content of an item before each change: history is appended, never overwritten."""

    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="knowledge_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.version}"


class Urgency(models.TextChoices):
    NORMAL = "normal", _("normal")
    HIGH = "high", _("urgent")


class QuestionStatus(models.TextChoices):
    NEW = "new", _("new")
    ASSIGNED = "assigned", _("assigned")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")


# The desk's workflow: (from, to) moves that are allowed, and nothing else.
QUESTION_WORKFLOW = Workflow.from_moves(
    {
        QuestionStatus.NEW: (QuestionStatus.ASSIGNED, QuestionStatus.CLOSED),
        QuestionStatus.ASSIGNED: (QuestionStatus.ANSWERED, QuestionStatus.CLOSED),
        QuestionStatus.ANSWERED: (QuestionStatus.CLOSED, QuestionStatus.ASSIGNED),
        QuestionStatus.CLOSED: (),
    }
)


class Question(OrganisationMixin):
    """A question at the central desk, asked by a municipality, partner or the region."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="questions")
    title = models.CharField(_("question in one line"), max_length=200)
    text = models.TextField(_("explanation"))
    action_category = models.ForeignKey(
        "agreements.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("category"),
    )
    category = models.CharField(_("other category (free text)"), max_length=120, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    table = models.ForeignKey(
        "programme.ThemeTable",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("theme table"),
    )
    theme = models.CharField(_("theme table (free text)"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.NEW
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    publish_consent = models.BooleanField(
        _("the answer may be published as a knowledge item"), default=False
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked"), default=timezone.now, db_index=True)
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-asked_at", "-id"]
        indexes = [models.Index(fields=["region", "status"])]
        constraints = [
            models.CheckConstraint(
                name="knowledge_question_one_organisation",
                condition=models.Q(municipality__isnull=True) | models.Q(partner__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def category_label(self) -> str:
        return self.action_category.name if self.action_category_id else self.category

    @property
    def table_label(self) -> str:
        return self.table.name if self.table_id else self.theme

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in (QuestionStatus.NEW, QuestionStatus.ASSIGNED)
            and self.target_date is not None
            and self.target_date < timezone.localdate()
        )


class QuestionEvent(models.Model):
    """One step in a question's history (append-only)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=QuestionStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=QuestionStatus.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.from_status} → {self.to_status}"


def attachment_path(instance, filename: str) -> str:
    return f"knowledge/{instance.region_id}/{timezone.now():%Y/%m}/{filename}"


class Attachment(models.Model):
    """A private file of a knowledge item or a question; served only through a checked view."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(
        KnowledgeItem, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                name="knowledge_attachment_has_one_owner",
                condition=(models.Q(item__isnull=False) & models.Q(question__isnull=True))
                | (models.Q(item__isnull=True) & models.Q(question__isnull=False)),
            )
        ]

    def __str__(self) -> str:
        return self.name


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")
    OFF = "off", _("off")


class DigestSubscription(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="knowledge_digest"
    )
    frequency = models.CharField(
        _("e-mail digest"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.frequency}"
