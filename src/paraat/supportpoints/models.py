"""Emergency support points (noodsteunpunten): coordination points (C-NSP) run by the region,
local points (L-NSP) run by a municipality, their facilities checklist and documents.

The national criteria are still being set, so the checklist is data (`Facility`, per region,
with weights), not code.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from paraat.core.workflow import Workflow
from paraat.regions.models import Municipality, Region


class PointKind(models.TextChoices):
    COORDINATION = "coordination", _("coordination point (C-NSP)")
    LOCAL = "local", _("local point (L-NSP)")


class PointStatus(models.TextChoices):
    CANDIDATE = "candidate", _("candidate")
    AGREED = "agreed", _("agreed")
    EQUIPPED = "equipped", _("equipped")
    OPERATIONAL = "operational", _("operational")
    INACTIVE = "inactive", _("inactive")


# The status workflow: from each status, the statuses a point may move to (whoever may change
# the point may make every move).
POINT_WORKFLOW = Workflow.from_moves(
    {
        PointStatus.CANDIDATE: (PointStatus.AGREED, PointStatus.INACTIVE),
        PointStatus.AGREED: (PointStatus.EQUIPPED, PointStatus.CANDIDATE, PointStatus.INACTIVE),
        PointStatus.EQUIPPED: (PointStatus.OPERATIONAL, PointStatus.AGREED, PointStatus.INACTIVE),
        PointStatus.OPERATIONAL: (PointStatus.EQUIPPED, PointStatus.INACTIVE),
        PointStatus.INACTIVE: (PointStatus.CANDIDATE,),
    }
)


class Wheelchair(models.TextChoices):
    YES = "yes", _("yes")
    PARTLY = "partly", _("partly")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("unknown")


class SupportPointSettings(models.Model):
    """A region's norms for coverage and distance."""

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="supportpoint_settings"
    )
    residents_per_point = models.PositiveIntegerField(
        _("residents per operational point (norm)"),
        default=5000,
        help_text=_("The national programme reports one point per 5,000 residents."),
    )
    max_distance_km = models.DecimalField(
        _("maximum distance to a point (km)"), max_digits=5, decimal_places=1, default=5
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("support point settings")
        verbose_name_plural = _("support point settings")

    def __str__(self) -> str:
        return str(self.region)


class Facility(models.Model):
    """One item of a region's facilities checklist, with its weight in the readiness score."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="facilities")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=160)
    description = models.CharField(_("description"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    asks_hours = models.BooleanField(
        _("ask for hours of autonomy"),
        default=False,
        help_text=_("For emergency power: how many hours the fuel lasts."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="facility_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


# What a person edits on a point, in the order the form and the file show them (the status
# moves through POINT_WORKFLOW instead): the form's fields (forms.PointForm), the change-diff
# in the audit trail (services.point_save) and, of them, the contacts that a file import copies
# as text (services.POINT_TEXT_FIELDS).
POINT_CONTACT_FIELDS = (
    "managing_organisation",
    "contact_name",
    "contact_phone",
    "contact_outage",
    "keyholder_name",
    "keyholder_phone",
    "keyholder_outage",
)
POINT_FIELDS = (
    "kind",
    "name",
    "municipality",
    "address",
    "latitude",
    "longitude",
    *POINT_CONTACT_FIELDS,
    "hours_to_open",
    "capacity",
    "wheelchair",
    "last_exercised",
    "coordination_point",
    "notes",
)


class SupportPoint(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="supportpoints")
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="supportpoints",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("type"), max_length=15, choices=PointKind.choices)
    name = models.CharField(_("name"), max_length=160)
    address = models.CharField(_("address"), max_length=200)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    managing_organisation = models.CharField(_("managing organisation"), max_length=160, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=160, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_outage = models.TextField(
        _("contact reachable during an outage"),
        blank=True,
        help_text=_("How to reach the contact person when phone and internet are down."),
    )
    keyholder_name = models.CharField(_("key holder"), max_length=160, blank=True)
    keyholder_phone = models.CharField(_("key holder phone"), max_length=40, blank=True)
    keyholder_outage = models.TextField(
        _("key holder reachable during an outage"),
        blank=True,
        help_text=_("How to reach the key holder when phone and internet are down."),
    )
    hours_to_open = models.DecimalField(
        _("time to open after activation (hours)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    capacity = models.PositiveIntegerField(_("capacity (people)"), null=True, blank=True)
    wheelchair = models.CharField(
        _("wheelchair access"),
        max_length=10,
        choices=Wheelchair.choices,
        default=Wheelchair.UNKNOWN,
    )
    status = models.CharField(
        _("status"), max_length=15, choices=PointStatus.choices, default=PointStatus.CANDIDATE
    )
    last_exercised = models.DateField(_("last exercised"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    coordination_point = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="served_points",
        verbose_name=_("served by coordination point"),
        limit_choices_to={"kind": PointKind.COORDINATION},
    )
    is_example = models.BooleanField(_("example data"), default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("emergency support point")
        verbose_name_plural = _("emergency support points")
        ordering = ["municipality__name", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="supportpoint_unique_name"
            )
        ]
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_coordination(self) -> bool:
        return self.kind == PointKind.COORDINATION

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def allowed_transitions(self) -> tuple[str, ...]:
        return POINT_WORKFLOW.moves_from(self.status)


class PointFacility(models.Model):
    """Whether a point has one facility of the checklist (and for power: hours of fuel)."""

    point = models.ForeignKey(SupportPoint, on_delete=models.CASCADE, related_name="facilities")
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(default=False)
    hours = models.PositiveSmallIntegerField(_("hours of autonomy"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["point", "facility"], name="pointfacility_unique")
        ]

    def __str__(self) -> str:
        return f"{self.point_id}: {self.facility_id}={self.present}"


class StatusChange(models.Model):
    """One move in the status workflow, with why and by whom. Never edited."""

    point = models.ForeignKey(SupportPoint, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=15, choices=PointStatus.choices)
    to_status = models.CharField(max_length=15, choices=PointStatus.choices)
    reason = models.TextField(_("explanation"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.point_id}: {self.from_status} → {self.to_status}"


def document_path(instance, filename: str) -> str:
    return f"supportpoints/{instance.point.region_id}/{instance.point_id}/{filename}"


class PointDocument(models.Model):
    """A private file about a point (floor plan, key arrangement); served only through a view."""

    point = models.ForeignKey(SupportPoint, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    description = models.CharField(_("description"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name


class PopulatedPlace(models.Model):
    """A village or neighbourhood with its residents, imported by the region (CSV)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="populated_places")
    name = models.CharField(_("name"), max_length=160)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    residents = models.PositiveIntegerField(_("residents"))
    is_example = models.BooleanField(_("example data"), default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
