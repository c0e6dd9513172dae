from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class StartConfig(AppConfig):
    """The top floor: the start page, the region home page, the 403 page, the header's context
    and the demo loader and data generator (`paraat demo`, `paraat generate_data`)."""

    name = "paraat.start"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The shared rules and the permissions of the floors below them (core, regions,
        # accounts, audit, sso), registered by the top floor, which wires the floors together.
        # Each domain app's own rules.py is loaded by django-rules' AutodiscoverRulesConfig.
        from paraat import permissions  # noqa: F401

    def nav_items(self, request, region):
        from paraat.core.extensions import NavItem

        if region is None:
            return []
        return [NavItem(_("Start"), reverse("start:region_home", args=[region.slug]), order=0)]
