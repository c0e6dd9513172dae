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
        items = [
            NavItem(
                _("Municipalities"), reverse("regions:municipality_list", args=[region.slug]), 20
            ),
            NavItem(_("Contacts"), reverse("regions:contact_list", args=[region.slug]), 80),
        ]
        if request.user.has_perm("audit.view_trail", region):  # the trail is a region page
            items.append(NavItem(_("Audit trail"), reverse("audit:list", args=[region.slug]), 95))
        if request.user.has_perm("regions.change_region", region):
            items.append(
                NavItem(_("Region settings"), reverse("region:settings", args=[region.slug]), 95)
            )
        return items

    def setup_steps(self, region):
        """Regions' own steps on the getting-started checklist (regions.extensions)."""
        from .extensions import SetupStep
        from .selectors import municipality_list

        slug = region.slug
        return [
            SetupStep(
                _("Municipalities loaded"),
                municipality_list(region=region).exists(),
                reverse("regions:municipality_list", args=[slug]),
                _("With `paraat setup_region`; populations can be entered or imported."),
                order=10,
            ),
            SetupStep(
                _("National sharing decided"),
                region.national_sharing_decided_on is not None,
                reverse("region:settings", args=[slug]),
                order=60,
            ),
        ]

    def start_tasks(self, request, region):
        """Getting started, for the region's administrators until every step is done."""
        from django.utils.translation import ngettext

        from paraat.core.extensions import Task

        from .extensions import setup_checklist

        if region is None or not request.user.has_perm("regions.change_region", region):
            return []
        items = setup_checklist(region=region)
        todo = [i for i in items if not i.done]
        if not todo:
            return []
        text = ngettext(
            "%(done)d of %(n)d step done. Next: %(next)s.",
            "%(done)d of %(n)d steps done. Next: %(next)s.",
            len(items),
        ) % {"done": len(items) - len(todo), "n": len(items), "next": todo[0].title}
        url = reverse("region:getting_started", args=[region.slug])
        return [Task(_("Getting started"), text, url, urgent=False, order=5)]
