from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from paraat.audit.models import DataVersion


class ProgrammePhase(models.TextChoices):
    """The programme's scale-up state (plan §3.1–§3.3)."""

    COLD = "cold", _("cold")
    LUKEWARM = "lukewarm", _("lukewarm")
    WARM = "warm", _("warm")


class RegionQuerySet(models.QuerySet):
    def with_data_version(self) -> "RegionQuerySet":
        """Each region with its data version (`data_version`, text such as "12.3": the region's
        own counter and the one of writes that belong to no region), read in the same query,
        so a cached page costs no query for it (`audit.services.data_changed`)."""
        from django.db.models import OuterRef, Subquery, Value
        from django.db.models.functions import Coalesce, Concat

        def counter(key):
            return Coalesce(
                Subquery(DataVersion.objects.filter(key=key).values("version")[:1]),
                Value(0),
                output_field=models.BigIntegerField(),
            )

        return self.annotate(
            data_version=Concat(
                counter(OuterRef("pk")), Value("."), counter(0), output_field=models.CharField()
            )
        )


class Region(models.Model):
    """A safety region: the tenant. Everything else hangs under one."""

    code = models.CharField(_("CBS code"), max_length=4, unique=True)  # VR06
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    phase = models.CharField(
        _("programme phase"),
        max_length=10,
        choices=ProgrammePhase.choices,
        default=ProgrammePhase.COLD,
    )
    share_nationally = models.BooleanField(
        _("share aggregate figures nationally (TLP:GREEN)"), default=False
    )
    public_page_enabled = models.BooleanField(_("public page for TLP:CLEAR items"), default=False)
    is_demo = models.BooleanField(
        _("holds example content"),
        default=False,
        help_text=_("The region shows example content (the demo); every page says so."),
    )
    programme_start = models.PositiveSmallIntegerField(
        _("programme period: first year"), null=True, blank=True
    )
    programme_end = models.PositiveSmallIntegerField(
        _("programme period: last year"), null=True, blank=True
    )
    desk_email = models.EmailField(_("desk e-mail address"), blank=True)
    national_sharing_decided_on = models.DateField(
        _("national sharing decided on"), null=True, blank=True
    )
    # The region's defaults: a new agreement set or round starts with them; an override there wins.
    default_lag_threshold = models.PositiveSmallIntegerField(
        _("systematic lag threshold (%)"),
        default=50,
        help_text=_("Default for new agreement sets."),
    )
    default_reminder_days = models.PositiveSmallIntegerField(
        _("reminder this many days before a deadline"),
        default=7,
        help_text=_("Default for new measurement rounds."),
    )
    binder_max_age_days = models.PositiveSmallIntegerField(
        _("maximum age of the emergency binder (days)"),
        null=True,
        blank=True,
        help_text=_("Administrators are reminded when the latest binder is older."),
    )
    accessibility_statement = models.TextField(_("accessibility statement"), blank=True)
    privacy_statement = models.TextField(_("privacy statement"), blank=True)
    reference_year = models.PositiveSmallIntegerField(
        _("reference data year"), null=True, blank=True
    )
    pause_cycle_when_scaled = models.BooleanField(
        _("pause round reminders and submission tasks while lukewarm or warm"), default=True
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("safety region")
        verbose_name_plural = _("safety regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def slug(self) -> str:
        return self.code.lower()

    @property
    def regular_cycle_paused(self) -> bool:
        """While scaled up (lukewarm, warm) the regular cycle pauses, unless the region chose
        otherwise: no round reminders, no "submit" tasks on the start pages."""
        return self.pause_cycle_when_scaled and self.phase != ProgrammePhase.COLD


class PhaseChange(models.Model):
    """One switch of the programme phase, with why and by whom. Never edited."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(max_length=10, choices=ProgrammePhase.choices)
    to_phase = models.CharField(max_length=10, choices=ProgrammePhase.choices)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")

    def __str__(self) -> str:
        return f"{self.region_id}: {self.from_phase} → {self.to_phase}"


class SubRegion(models.Model):
    """A group of the region's municipalities (VNOG: Noord-Veluwe, Midden-IJssel/Oost-Veluwe,
    Achterhoek); figures can be filtered and totalled per sub-region."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="sub_regions")
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("sub-region")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="subregion_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet["Municipality"]):
    """Which municipalities a list shows: the one rule for "current" (archived ones left out).

    A municipality that merged away is archived, not deleted: its page, its history and the
    closed rounds' frozen results keep it; lists of the present (dashboard, map, rounds,
    support points, contacts, exports of the current state) ask `current()`."""

    def current(self) -> "MunicipalityQuerySet":
        return self.filter(archived_on__isnull=True)

    def current_on(self, day) -> "MunicipalityQuerySet":
        """The municipalities that still existed on `day` (archived later, or not at all)."""
        return self.filter(models.Q(archived_on__isnull=True) | models.Q(archived_on__gt=day))

    def current_or(self, pk: int | None) -> "MunicipalityQuerySet":
        """The current ones and the one already chosen: an existing record (a role, a support
        point, a plan) keeps its municipality when that is archived since."""
        return self.filter(models.Q(archived_on__isnull=True) | models.Q(pk=pk))

    def archived(self) -> "MunicipalityQuerySet":
        return self.filter(archived_on__isnull=False)


class Municipality(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    sub_region = models.ForeignKey(
        SubRegion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("sub-region"),
    )
    code = models.CharField(_("CBS code"), max_length=6, unique=True)  # GM0200
    name = models.CharField(_("name"), max_length=120)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    centroid_lat = models.FloatField(_("latitude"), null=True, blank=True)
    centroid_lon = models.FloatField(_("longitude"), null=True, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    archived_on = models.DateField(
        _("archived on"),
        null=True,
        blank=True,
        help_text=_("No longer in the reference data (e.g. merged); kept with its history."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        indexes = [models.Index(fields=["region", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def slug(self) -> str:
        return self.code.lower()

    @property
    def is_current(self) -> bool:
        """The rule of `MunicipalityQuerySet.current()`, for one already loaded."""
        return self.archived_on is None


class PartnerKind(models.TextChoices):
    POLICE = "police", _("police")
    GGD = "ggd", _("GGD")
    GHOR = "ghor", _("GHOR")
    DEFENCE = "defence", _("Defence")
    WATER_BOARD = "water_board", _("water board")
    EMERGENCY_ROOM = "emergency_room", _("emergency room")
    PROVINCE = "province", _("province")
    OTHER = "other", _("other")


class Partner(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="partner_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """How to reach a person, also when phone and internet are down.

    Belongs to the region itself, one municipality or one partner; may be linked to a user.
    """

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="contacts")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact",
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    outage_reachability = models.TextField(
        _("reachable during an outage"),
        blank=True,
        help_text=_("How to reach this person when phone and internet are down."),
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.function})" if self.function else self.name

    @property
    def organisation_name(self) -> str:
        if self.municipality_id:
            return self.municipality.name
        if self.partner_id:
            return self.partner.name
        return self.region.display_name
