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

    def panels(self):
        from paraat.core.extensions import Panel

        from . import panels

        return [
            Panel("base.notices", "programme/includes/phase_notice.html", panels.phase_notice),
            Panel(
                "item_detail.side",
                "programme/activities_for_action_item.html",
                panels.activities_for_action_item,
                order=10,
            ),
        ]

    def start_tasks(self, request, region):
        from paraat.core.extensions import Task
        from paraat.regions.models import ProgrammePhase

        from .models import DocumentStatus, Evaluation, StartDocument

        if region is None or not request.user.has_perm("programme.view_programme", region):
            return []
        tasks = []
        user = request.user
        if region.phase != ProgrammePhase.COLD:
            tasks += self._phase_tasks(request, region)
        if user.has_perm("programme.adopt_document", region):
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
            evaluations = list(
                Evaluation.objects.filter(region=region, status=DocumentStatus.FOR_DECISION)
            )
            for evaluation in evaluations:
                tasks.append(
                    Task(
                        _("Evaluation for decision: %(title)s") % {"title": evaluation.title},
                        _("The programme team asks the steering group to adopt it."),
                        reverse("programme:evaluation_detail", args=[region.slug, evaluation.pk]),
                        urgent=True,
                        order=31,
                    )
                )
        tasks += self._late_tasks(request, region)
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

    def _late_tasks(self, request, region):
        """Overdue and behind activities, in words: a lead sees their own tables', a
        coordinator the whole programme's (one rule: selectors.activity_schedule)."""
        from django.utils import timezone
        from django.utils.translation import ngettext

        from paraat.core.extensions import Task

        from . import selectors

        user, today = request.user, timezone.localdate()
        tasks = []
        if user.has_perm("programme.change_programme", region):
            data = selectors.programme_dashboard(region=region, today=today)
            overdue, behind = data["totals"]["overdue"], data["totals"]["behind"]
            if overdue or behind:
                tasks.append(
                    Task(
                        _("Programme: activities overdue or behind"),
                        ngettext(
                            "%(n)s activity is overdue",
                            "%(n)s activities are overdue",
                            overdue,
                        )
                        % {"n": overdue}
                        + "; "
                        + ngettext(
                            "%(n)s activity is behind schedule.",
                            "%(n)s activities are behind schedule.",
                            behind,
                        )
                        % {"n": behind},
                        reverse("programme:dashboard", args=[region.slug]),
                        urgent=bool(overdue),
                        order=32,
                    )
                )
            return tasks
        tables = list(region.theme_tables.filter(lead=user))
        tables = [t for t in tables if user.has_perm("programme.change_table", t)]
        late = selectors.late_activities_of(tables=tables, today=today)
        for table in tables:
            for activity in late.get(table.pk, []):
                tasks.append(
                    Task(
                        _("%(state)s: %(title)s")
                        % {"state": activity.schedule.label.capitalize(), "title": activity.title},
                        _("Theme table %(table)s: the activity %(reasons)s.")
                        % {"table": table.name, "reasons": "; ".join(activity.schedule.reasons)},
                        reverse("programme:activity_detail", args=[region.slug, activity.pk]),
                        urgent=activity.schedule.state == "overdue",
                        order=33,
                    )
                )
        return tasks

    def _phase_tasks(self, request, region):
        """While lukewarm or warm the start page shows the phase's own tasks first."""
        from paraat.core.extensions import Task

        from .phases import PHASE_EFFECTS

        url = reverse("programme:phase", args=[region.slug])
        tasks = [
            Task(
                _("Phase %(phase)s: what to do now") % {"phase": region.get_phase_display()},
                " ".join(str(e) for e in PHASE_EFFECTS[region.phase]),
                url,
                urgent=True,
                order=1,
            )
        ]
        if request.user.has_perm("regions.change_phase", region):
            tasks.append(
                Task(
                    _("Keep the hand-over register up to date"),
                    _("Record which work went to the RBT, OL, ROT or an action centre."),
                    url + "#handovers",
                    urgent=True,
                    order=2,
                )
            )
        return tasks
