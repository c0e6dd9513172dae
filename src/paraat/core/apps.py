from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "paraat.core"
    default_auto_field = "django.db.models.BigAutoField"

    def nav_items(self, request, region):
        from .extensions import NavItem

        if region is None:
            return []
        return [NavItem(_("Start"), reverse("core:region_home", args=[region.slug]), order=0)]
