from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit trail and the data versions. Its page is a region page (regions.views_trail),
    which also puts it in the navigation: audit imports nothing of the floors above it."""

    name = "paraat.audit"
    default_auto_field = "django.db.models.BigAutoField"
