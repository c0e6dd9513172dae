from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SupportpointsConfig(AppConfig):
    name = "paraat.supportpoints"
    verbose_name = _("Emergency support points")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from paraat.regions.models import Region

        post_save.connect(
            _give_new_region_the_default_checklist, sender=Region, dispatch_uid="sp-checklist"
        )

    def nav_items(self, request, region):
        from paraat.core.extensions import NavItem

        if region is None or not request.user.has_perm("supportpoints.view_register", region):
            return []
        return [
            NavItem(
                _("Emergency support points"),
                reverse("supportpoints:point_list", args=[region.slug]),
                60,
            )
        ]

    def panels(self):
        from paraat.core.extensions import Panel

        from .panels import municipality_points

        template = "supportpoints/municipality_points.html"
        return [Panel("municipality_detail.panels", template, municipality_points)]

    def start_tasks(self, request, region):
        from paraat.core.extensions import Task
        from paraat.permissions import municipality_ids

        from .models import SupportPoint

        if region is None:
            return []
        mids = municipality_ids(request.user, region)
        if not mids or not request.user.has_perm("supportpoints.add_point", region):
            return []
        if SupportPoint.objects.filter(municipality_id__in=mids).exists():
            return [
                Task(
                    _("Keep your emergency support points current"),
                    _("Check the checklist, the key holder and the date of the last exercise."),
                    reverse("supportpoints:point_list", args=[region.slug]),
                    order=60,
                )
            ]
        return [
            Task(
                _("Register your emergency support points"),
                _("Register your municipality's local points and their facilities checklist."),
                reverse("supportpoints:point_create", args=[region.slug]),
                order=60,
            )
        ]


def _give_new_region_the_default_checklist(sender, instance, created, raw=False, **kwargs):
    """A region starts with the default facilities checklist, however it was created (admin,
    demo, generator), so that no page has to create it on first view."""
    if created and not raw:
        from .services import facilities_ensure_defaults

        facilities_ensure_defaults(region=instance, actor=None)
