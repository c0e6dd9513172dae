from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit trail is append-only")

    def delete(self):
        raise AppendOnlyError("The audit trail is append-only")


class Action(models.TextChoices):
    LOGIN = "login", _("sign-in")
    LOGIN_FAILED = "login_failed", _("failed sign-in")
    LOCKED_OUT = "locked_out", _("locked out")
    LOGOUT = "logout", _("sign-out")
    TWO_FACTOR = "two_factor", _("two-factor sign-in")
    PASSWORD = "password", _("password change")
    CREATE = "create", _("create")
    UPDATE = "update", _("change")
    DELETE = "delete", _("remove")
    EXPORT = "export", _("export")
    DOWNLOAD = "download", _("download")
    IMPORT = "import", _("import")
    ACCESS_DENIED = "access_denied", _("access refused")
    TRANSITION = "transition", _("status change")


class Result(models.TextChoices):
    OK = "ok", _("succeeded")
    FAILED = "failed", _("failed")
    DENIED = "denied", _("refused")


class AuditEvent(models.Model):
    """One line of the audit trail. Written once, never changed or removed by the application.

    The database enforces it too: a trigger refuses UPDATE (and DELETE on PostgreSQL).
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    action = models.CharField(_("event"), max_length=20, choices=Action.choices, db_index=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, default=Result.OK)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    origin = models.CharField(_("origin"), max_length=64, blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["region", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit trail is append-only")


class DataVersion(models.Model):
    """How often a region's data changed: the key of every cached page and ETag of the region.

    One row per region (`key` is the region's id; 0 for writes that belong to no region), moved
    on by `audit.services.data_changed` in the same transaction as the write, so a reader that
    sees the write also sees the new version (a single `UPDATE … SET version = version + 1`,
    which also orders concurrent writers of one region). Only ever counted up."""

    key = models.PositiveBigIntegerField(primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.key}: {self.version}"
