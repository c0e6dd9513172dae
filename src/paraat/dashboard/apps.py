import rules

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "paraat.dashboard"
    default_auto_field = "django.db.models.BigAutoField"

    def nav_items(self, request, region):
        from paraat.core.extensions import NavItem

        items = []
        if region is not None and request.user.has_perm("dashboard.view_overview", region):
            items.append(
                NavItem(_("Dashboard"), reverse("dashboard:overview", args=[region.slug]), 10)
            )
        if rules.has_perm("dashboard.view_national", request.user):
            items.append(NavItem(_("National view"), reverse("national:index"), 95))
        return items

    def start_tasks(self, request, region):
        from paraat.accounts.roles import Role
        from paraat.core.extensions import Task
        from paraat.permissions import municipality_ids, roles_in_region

        tasks = []
        if rules.has_perm("dashboard.view_national", request.user):
            tasks.append(
                Task(
                    _("See the national picture"),
                    _("Progress per safety region, for the regions that share their figures."),
                    reverse("national:index"),
                    order=20,
                )
            )
        if region is None or not request.user.has_perm("dashboard.view_overview", region):
            return tasks
        roles = roles_in_region(request.user, region)
        leading = bool(roles & {Role.BOARD, Role.STEERING})
        tasks.append(
            Task(
                _("See where the region stands"),
                _(
                    "Share of the agreements achieved, which municipalities lag and which items "
                    "lag region-wide, on one screen."
                ),
                reverse("dashboard:overview", args=[region.slug]),
                order=10 if leading else 60,
            )
        )
        own = municipality_ids(request.user, region)
        if own:
            from paraat.regions.models import Municipality

            for m in Municipality.objects.filter(pk__in=own).order_by("name"):
                tasks.append(
                    Task(
                        _("How %(name)s stands") % {"name": m.name},
                        _("Your municipality's figures next to the regional average."),
                        reverse("dashboard:municipality", args=[region.slug, m.code]),
                        order=55,
                    )
                )
        return tasks
