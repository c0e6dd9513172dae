from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "paraat.regions"
    default_auto_field = "django.db.models.BigAutoField"

    def nav_items(self, request, region):
        from paraat.core.extensions import NavItem

        if region is None or not request.user.has_perm("regions.view_region", region):
            return []
        return [
            NavItem(
                _("Municipalities"), reverse("regions:municipality_list", args=[region.slug]), 20
            ),
            NavItem(_("Contacts"), reverse("regions:contact_list", args=[region.slug]), 80),
        ]
