from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "paraat.agreements"
    default_auto_field = "django.db.models.BigAutoField"

    def nav_items(self, request, region):
        from paraat.core.extensions import NavItem

        user = request.user
        if region is None or not user.has_perm("agreements.view_agreements", region):
            return []
        items = [NavItem(_("Action list"), reverse("agreements:index", args=[region.slug]), 30)]
        if user.has_perm("agreements.view_rounds", region):
            items.append(
                NavItem(
                    _("Measurement rounds"), reverse("agreements:rounds", args=[region.slug]), 32
                )
            )
        if user.has_perm("agreements.view_figures", region):
            items.append(
                NavItem(
                    _("Plan against reality"), reverse("agreements:figures", args=[region.slug]), 34
                )
            )
        for municipality in _own_municipalities(user, region):
            items.append(
                NavItem(
                    _("Progress of %(name)s") % {"name": municipality.name},
                    reverse("agreements:workspace", args=[region.slug, municipality.code]),
                    31,
                )
            )
        return items

    def start_tasks(self, request, region):
        from paraat.core.extensions import Task

        from . import figures, selectors, services
        from .models import Submission

        user = request.user
        if region is None or not user.has_perm("agreements.view_agreements", region):
            return []
        tasks = []
        round_ = services.round_open_for(region)
        if round_ is not None and not region.regular_cycle_paused:
            for municipality in _own_municipalities(user, region):
                submission = Submission.objects.filter(
                    round=round_, municipality=municipality
                ).first()
                if submission is None or submission.is_locked_for_municipality:
                    continue
                tasks.append(
                    Task(
                        _("Submit %(round)s for %(name)s")
                        % {"round": round_.name, "name": municipality.name},
                        _("Fill in or confirm every action item and submit by %(date)s.")
                        % {"date": round_.deadline.strftime("%d-%m-%Y")},
                        reverse("agreements:workspace", args=[region.slug, municipality.code]),
                        urgent=submission.status == "returned",
                        order=10,
                    )
                )
        if user.has_perm("agreements.manage_rounds", region):
            waiting = selectors.submissions_waiting(region=region)
            if waiting and round_ is not None:
                tasks.append(
                    Task(
                        _("Review submissions"),
                        _("%(count)s submission(s) for %(round)s wait for your review.")
                        % {"count": waiting, "round": round_.name},
                        reverse("agreements:round_detail", args=[region.slug, round_.pk]),
                        order=12,
                    )
                )
        if user.has_perm("agreements.view_figures", region):
            for flag in figures.systematic_lag(region=region):
                tasks.append(
                    Task(
                        _("Systematic lag: %(name)s") % {"name": flag.municipality.name},
                        _("Below the threshold in %(rounds)s; behind on %(items)s.")
                        % {
                            "rounds": ", ".join(f"{r.name} ({p}%)" for r, p in flag.round_percents),
                            "items": ", ".join(e.item_number for e in flag.items_behind) or "—",
                        },
                        reverse("agreements:figures", args=[region.slug]),
                        urgent=True,
                        order=5,
                    )
                )
        return tasks


def _own_municipalities(user, region):
    from paraat.permissions import memberships

    return [
        m.municipality
        for m in memberships(user)
        if m.municipality_id and m.region_id == region.pk and m.role == "municipal_contact"
    ]
