"""Governance agreements, progress on them and the half-yearly measurement rounds.

Public model API (other apps build on it; fields are added, never renamed):

- `AgreementSet` → ordered `Category` → `ActionItem` (number, text, owner type, due quarter,
  baseline, note; withdrawn items stay, with their history in `ActionItemRevision`).
- Progress is kept per *track*: one item for one municipality, or (municipality empty) for the
  region itself. `StatusUpdate` rows are appended, never changed; `ItemProgress` points at the
  latest one and carries the version used for optimistic locking.
- `MeasurementRound` → `Submission` per municipality (with `SubmissionEvent` history) → on closing,
  frozen `SnapshotEntry` rows and `RoundResult` figures that never change afterwards.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from paraat.core.progress import Status

# the shared types live a module below, so other apps may name them without importing models;
# re-exported here, where migrations and older code look for them
from .choices import (
    MUNICIPAL_OWNER_TYPES,
    REGION_OWNER_TYPES,
    OwnerType,
    Quarter,
    RoundState,
    SubmissionStatus,
)

# --- the action list ---------------------------------------------------------------------------


class AgreementSet(models.Model):
    """The governance agreements of one region for one period (plan §6.1)."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="agreement_sets"
    )
    name = models.CharField(_("name"), max_length=200)
    period_start = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Example data, not adopted agreements.")
    )
    lag_threshold = models.PositiveSmallIntegerField(
        _("systematic lag threshold (%)"),
        default=50,
        help_text=_(
            "A municipality with a lower share of due items achieved in two consecutive closed "
            "rounds is flagged."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agreement set")
        verbose_name_plural = _("agreement sets")
        ordering = ["region__code", "-is_current", "-period_start", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="agreementset_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    agreement_set = models.ForeignKey(
        AgreementSet, on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["agreement_set_id", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement_set", "name"], name="category_unique_name_in_set"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ActionItemQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_withdrawn=False)

    def for_municipalities(self):
        return self.filter(owner_type__in=MUNICIPAL_OWNER_TYPES)

    def for_region_itself(self):
        return self.filter(owner_type__in=REGION_OWNER_TYPES)


class ActionItem(models.Model):
    """One agreed action. Never deleted: withdrawn instead, so no progress is lost."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    agreement_set = models.ForeignKey(AgreementSet, on_delete=models.PROTECT, related_name="items")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="items")
    number = models.CharField(_("number"), max_length=20)
    text = models.TextField(_("action"))
    owner_type = models.CharField(
        _("owner"), max_length=12, choices=OwnerType.choices, default=OwnerType.MUNICIPALITY
    )
    due_year = models.PositiveSmallIntegerField(_("due year"), null=True, blank=True)
    due_quarter = models.PositiveSmallIntegerField(
        _("due quarter"), null=True, blank=True, choices=[(q, f"Q{q}") for q in range(1, 5)]
    )
    baseline = models.TextField(_("baseline (when is it in order)"), blank=True)
    note = models.TextField(_("note / partners"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_withdrawn = models.BooleanField(_("withdrawn"), default=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["agreement_set_id", "category__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement_set", "number"], name="actionitem_unique_number_in_set"
            ),
            models.CheckConstraint(
                name="actionitem_due_quarter_1_to_4",
                condition=Q(due_quarter__isnull=True) | Q(due_quarter__gte=1, due_quarter__lte=4),
            ),
        ]
        indexes = [models.Index(fields=["region", "is_withdrawn"])]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}"

    @property
    def due(self) -> Quarter | None:
        if self.due_year and self.due_quarter:
            return Quarter(self.due_year, self.due_quarter)
        return None

    @property
    def is_for_municipalities(self) -> bool:
        return self.owner_type in MUNICIPAL_OWNER_TYPES


class RevisionKind(models.TextChoices):
    CREATED = "created", _("created")
    EDITED = "edited", _("edited")
    IMPORTED = "imported", _("changed by import")
    WITHDRAWN = "withdrawn", _("withdrawn")
    RESTORED = "restored", _("restored")


class ActionItemRevision(models.Model):
    """The item as it was after each change; appended, never changed."""

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=RevisionKind.choices)
    data = models.JSONField(default=dict)
    changes = models.JSONField(default=dict, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="revision_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.version} ({self.kind})"

    def change_rows(self) -> list[tuple[str, str, str]]:
        """(field as a reader knows it, before, after) for the history table; "—" for empty.
        A bare value (withdrawal reasons stored before they became pairs) counts as 'after'."""
        rows = []
        for name, pair in self.changes.items():
            before, after = (
                pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
            )
            label = REVISION_LABELS.get(name)
            if label is None:
                try:
                    label = ActionItem._meta.get_field(name).verbose_name
                except FieldDoesNotExist:
                    label = name
            rows.append((str(label), _shown(before), _shown(after)))
        return rows


REVISION_LABELS = {
    "category": _("category"),
    "reason": _("reason for withdrawal"),
    "restore_reason": _("reason for restoring"),
}


def _shown(value) -> str:
    return "—" if value in (None, "") else str(value)


# --- progress ----------------------------------------------------------------------------------


# The progress status `Status` (imported above from core.progress) is shared with programme.


class Party(models.TextChoices):
    """Who must act to remove a bottleneck."""

    MUNICIPALITY = "municipality", _("municipality")
    REGION = "region", _("region")
    PARTNER = "partner", _("partner")
    NATIONAL = "national", _("national")


class ItemProgress(models.Model):
    """The current state of one track: one item for one municipality, or for the region itself.

    Points at the latest `StatusUpdate`; `version` counts the updates and is what the edit form
    carries for optimistic locking. The history itself is the list of status updates.
    """

    item = models.ForeignKey(ActionItem, on_delete=models.PROTECT, related_name="progress")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="item_progress",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED
    )
    latest = models.ForeignKey(
        "StatusUpdate", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("progress")
        verbose_name_plural = _("progress")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "municipality"],
                condition=Q(municipality__isnull=False),
                name="progress_unique_item_municipality",
            ),
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(municipality__isnull=True),
                name="progress_unique_item_region",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["region", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.item.number} — {self.municipality or self.region}: {self.status}"


# What a status update says about a track's progress: what a new update starts from
# (services.progress_initial), what the form shows again, and (without who may read it) what a
# round's review compares with the round before (roundflow.COMPARED_FIELDS).
PROGRESS_FIELDS = (
    "status",
    "not_applicable_reason",
    "explanation",
    "bottleneck",
    "bottleneck_party",
    "next_step",
    "next_step_date",
    "shared_with_region",
)


class StatusUpdate(models.Model):
    """One dated, attributed save of a track's progress. Appended, never changed."""

    item = models.ForeignKey(ActionItem, on_delete=models.PROTECT, related_name="status_updates")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_updates",
    )
    progress = models.ForeignKey(ItemProgress, on_delete=models.PROTECT, related_name="updates")
    sequence = models.PositiveIntegerField()
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    not_applicable_reason = models.TextField(_("why not applicable"), blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    bottleneck = models.TextField(_("bottleneck"), blank=True)
    bottleneck_party = models.CharField(
        _("who must act"), max_length=12, choices=Party.choices, blank=True
    )
    next_step = models.TextField(_("next step"), blank=True)
    next_step_date = models.DateField(_("expected date of next step"), null=True, blank=True)
    bottleneck_solved = models.BooleanField(
        _("bottleneck solved"),
        default=False,
        help_text=_(
            "This update solved the bottleneck of the previous one (its text stays there); "
            "set when the item is achieved or by the person."
        ),
    )
    is_confirmation = models.BooleanField(
        _("confirmed unchanged"), default=False, help_text=_("Confirmed without changes.")
    )
    # Who reads the text (explanation, bottleneck, next step, evidence): see
    # permissions.can_read_progress_text. Off: the municipality, staff, steering group and board.
    shared_with_region = models.BooleanField(
        _("share with the region"),
        default=False,
        help_text=_(
            "Everyone in the region, crisis partners included, may read this update's "
            "explanation, bottleneck, next step and evidence. Statuses and figures are always "
            "shared."
        ),
    )
    round = models.ForeignKey(
        "MeasurementRound",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_updates",
    )
    # Set on statuses imported from a progress list (progress_import): the file's name, and
    # the date the list gave for the status, if any.
    imported_from = models.CharField(_("imported from"), max_length=255, blank=True)
    status_on = models.DateField(_("date in the imported list"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        ordering = ["progress_id", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["progress", "sequence"], name="statusupdate_unique_sequence"
            )
        ]
        indexes = [models.Index(fields=["round", "municipality"])]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.municipality_id or 'region'} #{self.sequence}: {self.status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Status updates are append-only")
        super().save(*args, **kwargs)


def evidence_path(instance: Evidence, filename: str) -> str:
    # The original name is kept in the database; the stored name reveals nothing.
    import uuid

    return f"agreements/evidence/{instance.region_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A file (stored privately) or a link that shows progress on a track."""

    item = models.ForeignKey(ActionItem, on_delete=models.PROTECT, related_name="evidence")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
    )
    status_update = models.ForeignKey(
        StatusUpdate, on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(default=0)
    link = models.URLField(_("link"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="evidence_file_or_link", condition=~Q(file="") | ~Q(link="")
            )
        ]

    def __str__(self) -> str:
        return self.original_name or self.link


# --- measurement rounds ------------------------------------------------------------------------


class MeasurementRound(models.Model):
    """A half-yearly measurement round ("Voorjaar 2026") run by the CFG."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="measurement_rounds"
    )
    agreement_set = models.ForeignKey(AgreementSet, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(_("name"), max_length=120)
    opens_on = models.DateField(_("opening date"))
    deadline = models.DateField(_("deadline"))
    reminder_days_before = models.PositiveSmallIntegerField(
        _("send a reminder this many days before the deadline"), default=7
    )
    state = models.CharField(
        _("state"), max_length=8, choices=RoundState.choices, default=RoundState.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    close_reason = models.TextField(
        _("reason for closing before the deadline"), blank=True, default=""
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("measurement round")
        verbose_name_plural = _("measurement rounds")
        ordering = ["region__code", "-deadline", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="round_unique_name"),
            models.CheckConstraint(
                name="round_deadline_after_opening", condition=Q(deadline__gte=models.F("opens_on"))
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN

    @property
    def reference_date(self) -> dt.date:
        """The day the round's figures are measured on: items due before it count as due."""
        return self.deadline


class Submission(models.Model):
    """One municipality's answer to one round."""

    round = models.ForeignKey(
        MeasurementRound, on_delete=models.PROTECT, related_name="submissions"
    )
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_remark = models.TextField(_("remark"), blank=True)
    review_items = models.JSONField(
        _("action items concerned"),
        default=list,
        blank=True,
        help_text=_("Numbers of the action items the CFG's remark is about."),
    )
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["round_id", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "municipality"], name="submission_unique_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} — {self.municipality}: {self.status}"

    @property
    def is_locked_for_municipality(self) -> bool:
        return self.status in (
            SubmissionStatus.SUBMITTED,
            SubmissionStatus.ACCEPTED,
            SubmissionStatus.NOT_SUBMITTED,
        )


class SubmissionEvent(models.Model):
    """Each move of a submission (submitted, returned with a remark, accepted). Appended."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, choices=SubmissionStatus.choices)
    to_status = models.CharField(max_length=16, choices=SubmissionStatus.choices)
    remark = models.TextField(_("remark"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.from_status} → {self.to_status}"


class FrozenError(Exception):
    """Raised when something tries to change a closed round's snapshot."""


class FrozenQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise FrozenError("A closed round's snapshot never changes")

    def delete(self):
        raise FrozenError("A closed round's snapshot never changes")


class FrozenModel(models.Model):
    objects = FrozenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise FrozenError("A closed round's snapshot never changes")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError("A closed round's snapshot never changes")


ITEMS_DUE = object()  # SnapshotEntry.of_item: the track's due quarter is the item's


class SnapshotEntry(FrozenModel):
    """One track as it stood when the round closed, copied so later edits cannot reach it."""

    round = models.ForeignKey(
        MeasurementRound, on_delete=models.PROTECT, related_name="snapshot_entries"
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="snapshot_entries",
    )
    item = models.ForeignKey(ActionItem, on_delete=models.PROTECT, related_name="+")
    item_number = models.CharField(max_length=20)
    item_text = models.TextField()
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # empty only in entries frozen before it was kept; the name and order are the frozen ones
    category_name = models.CharField(max_length=200)
    category_order = models.PositiveSmallIntegerField(default=0)
    item_order = models.PositiveIntegerField(default=0)
    owner_type = models.CharField(max_length=12, choices=OwnerType.choices)
    due_year = models.PositiveSmallIntegerField(null=True, blank=True)
    due_quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices)
    not_applicable_reason = models.TextField(blank=True)
    explanation = models.TextField(blank=True)
    bottleneck = models.TextField(blank=True)
    bottleneck_party = models.CharField(max_length=12, choices=Party.choices, blank=True)
    next_step = models.TextField(blank=True)
    next_step_date = models.DateField(null=True, blank=True)
    shared_with_region = models.BooleanField(default=False)
    status_update = models.ForeignKey(
        StatusUpdate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_carried_over = models.BooleanField(
        _("carried over"),
        default=False,
        help_text=_("Not submitted: the last known status was carried over."),
    )
    is_overdue = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("snapshot entry")
        verbose_name_plural = _("snapshot entries")
        ordering = ["round_id", "municipality_id", "category_order", "id"]
        indexes = [models.Index(fields=["round", "municipality"])]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.municipality_id or 'region'}/{self.item_number}"

    @classmethod
    def of_item(
        cls, *, round, municipality, item, status: str, due=ITEMS_DUE, **fields
    ) -> SnapshotEntry:
        """An unsaved entry that copies the item's number, text, category, order and the
        track's due quarter (default: the item's) as they are now (the round keeps them when
        the item changes later). The update's "share with the region" choice is kept with its
        text."""
        due = item.due if due is ITEMS_DUE else due
        update = fields.get("status_update")
        fields.setdefault("shared_with_region", bool(getattr(update, "shared_with_region", False)))
        return cls(
            round=round,
            municipality=municipality,
            item=item,
            item_number=item.number,
            item_text=item.text,
            category_id=item.category_id,
            category_name=item.category.name,
            category_order=item.category.order,
            item_order=item.order,
            owner_type=item.owner_type,
            due_year=due.year if due else None,
            due_quarter=due.quarter if due else None,
            status=status,
            **fields,
        )

    @property
    def due(self) -> Quarter | None:
        if self.due_year and self.due_quarter:
            return Quarter(self.due_year, self.due_quarter)
        return None


class RoundResult(FrozenModel):
    """One municipality's figures in a closed round (region itself: municipality empty). Its
    shares, percents and standing are `agreements.figures.tally_of(result)`: the model only
    stores the counts, the figures module computes from them."""

    round = models.ForeignKey(MeasurementRound, on_delete=models.PROTECT, related_name="results")
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="round_results",
    )
    submission_status = models.CharField(max_length=16, choices=SubmissionStatus.choices)
    items_total = models.PositiveIntegerField(default=0)
    items_achieved = models.PositiveIntegerField(default=0)
    items_applicable = models.PositiveIntegerField(default=0)
    items_due = models.PositiveIntegerField(default=0)
    items_due_achieved = models.PositiveIntegerField(default=0)
    items_overdue = models.PositiveIntegerField(default=0)
    lag_threshold = models.PositiveSmallIntegerField(
        null=True, blank=True
    )  # the agreement set's threshold when the round closed: the standing it gave stays

    class Meta:
        verbose_name = _("round result")
        verbose_name_plural = _("round results")
        ordering = ["round_id", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "municipality"],
                condition=Q(municipality__isnull=False),
                name="roundresult_unique_municipality",
            )
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.municipality_id or 'region'}"


class ReminderLog(models.Model):
    """A reminder e-mailed for a round to a municipality on one day: never twice a day."""

    round = models.ForeignKey(MeasurementRound, on_delete=models.CASCADE, related_name="reminders")
    municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField()
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "municipality", "sent_on"], name="reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.municipality_id} {self.sent_on}"


# --- a municipality's own planning and the follow-up of lagging municipalities (issue 16) ----


class DueOverride(models.Model):
    """One municipality's own due quarter for an item (plan §4.2 leaves the lead time to each
    municipality). Read by `figures.due_quarter_of` through `figures.due_overrides`."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="due_overrides")
    municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.CASCADE, related_name="due_overrides"
    )
    due_year = models.PositiveSmallIntegerField(_("due year"))
    due_quarter = models.PositiveSmallIntegerField(
        _("due quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)]
    )
    reason = models.TextField(_("reason"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "municipality"], name="dueoverride_one_per_track"
            ),
            models.CheckConstraint(
                name="dueoverride_quarter_1_to_4",
                condition=Q(due_quarter__gte=1, due_quarter__lte=4),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.municipality_id} {self.due}"

    @property
    def due(self) -> Quarter:
        return Quarter(self.due_year, self.due_quarter)


class FollowUp(models.Model):
    """One conversation with a (lagging) municipality: when, with whom, what was agreed and
    when to follow up next (plan §3.4, §5.2 item 4). Entries are added, never changed."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.CASCADE, related_name="follow_ups"
    )
    held_on = models.DateField(_("date"))
    with_whom = models.CharField(_("with whom"), max_length=200)
    agreed = models.TextField(_("what was agreed"))
    next_on = models.DateField(_("next follow-up"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["region", "next_on"])]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.held_on}"
