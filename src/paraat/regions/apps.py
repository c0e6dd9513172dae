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
        if request.user.has_perm("regions.change_region", region):
            items.append(
                NavItem(_("Region settings"), reverse("region:settings", args=[region.slug]), 95)
            )
        return items

    def start_tasks(self, request, region):
        """Getting started, for the region's administrators until every step is done."""
        from django.utils.translation import ngettext

        from paraat.core.extensions import Task

        from .selectors import setup_checklist

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
