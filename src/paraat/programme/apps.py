from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class ProgrammeConfig(AppConfig):
    name = "paraat.programme"
    default_auto_field = "django.db.models.BigAutoField"

    def nav_items(self, request, region):
        from paraat.core.extensions import NavItem

        if region is None or not request.user.has_perm("programme.view_programme", region):
            return []
        return [NavItem(_("Programme"), reverse("programme:overview", args=[region.slug]), 40)]

    def start_tasks(self, request, region):
        from paraat.core.extensions import Task

        from .models import DocumentStatus, StartDocument

        if region is None or not request.user.has_perm("programme.view_programme", region):
            return []
        tasks = []
        user = request.user
        if user.has_perm("programme.adopt_startdocument", region):
            waiting = StartDocument.objects.filter(
                table__region=region, status=DocumentStatus.FOR_DECISION
            ).count()
            if waiting:
                tasks.append(
                    Task(
                        _("Start documents for decision"),
                        ngettext(
                            "%(n)s start document of a theme table waits for the steering group.",
                            "%(n)s start documents of theme tables wait for the steering group.",
                            waiting,
                        )
                        % {"n": waiting},
                        reverse("programme:overview", args=[region.slug]),
                        urgent=True,
                        order=30,
                    )
                )
        for table in region.theme_tables.filter(lead=user).select_related("startdoc"):
            if user.has_perm("programme.change_table", table):
                tasks.append(
                    Task(
                        _("Your theme table: %(name)s") % {"name": table.name},
                        _("Keep the start document, activities and deferred work up to date."),
                        reverse("programme:table_detail", args=[region.slug, table.pk]),
                        order=35,
                    )
                )
        return tasks
