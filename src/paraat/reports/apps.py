from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class ReportsConfig(AppConfig):
    name = "paraat.reports"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Reports")

    def ready(self):
        from django_tasks.signals import task_finished

        from .tasks import on_task_finished

        task_finished.connect(on_task_finished, dispatch_uid="paraat.reports.task_finished")

    def nav_items(self, request, region):
        from paraat.core.extensions import NavItem

        if region is None or not request.user.has_perm("reports.view_reports", region):
            return []
        return [NavItem(_("Reports"), reverse("reports:index", args=[region.slug]), 70)]

    def panels(self):
        from paraat.core.extensions import Panel

        from .panels import binder_age

        return [Panel("overview.headline", "reports/binder_age_panel.html", binder_age)]

    def setup_steps(self, region):
        """Reports' step on the region's getting-started checklist (regions.extensions)."""
        from paraat.regions.extensions import SetupStep

        from .selectors import binder_made

        return [
            SetupStep(
                _("First emergency binder made"),
                binder_made(region=region),
                reverse("reports:binder", args=[region.slug]),
                order=70,
            )
        ]

    def start_tasks(self, request, region):
        """The age of the region's latest emergency binder; administrators are reminded when
        it is older than PARAAT_BINDER_MAX_AGE_DAYS."""
        from paraat.core.extensions import Task

        from .selectors import binder_max_age_days, region_binder_age

        user = request.user
        if region is None or not user.has_perm("reports.use_binder", region):
            return []
        age = region_binder_age(region=region)
        url = reverse("reports:binder", args=[region.slug])
        if age.run is None:
            text = str(_("No emergency binder has been made for the region yet."))
        else:
            text = ngettext(
                "The latest emergency binder of the region is %(days)d day old.",
                "The latest emergency binder of the region is %(days)d days old.",
                age.days,
            ) % {"days": age.days}
        remind = age.too_old and user.has_perm("regions.change_region", region)
        if remind:
            text += " " + str(
                _("Make a new one: it should be at most %(max)d days old.")
                % {"max": binder_max_age_days(region)}
            )
        return [Task(_("Emergency binder"), text, url, urgent=remind, order=60)]
