from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "paraat.audit"
    default_auto_field = "django.db.models.BigAutoField"

    def nav_items(self, request, region):
        from paraat.core.extensions import NavItem

        if region is None or not request.user.has_perm("audit.view_trail", region):
            return []
        return [NavItem(_("Audit trail"), reverse("audit:list", args=[region.slug]), 95)]
