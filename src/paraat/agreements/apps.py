from django.apps import AppConfig
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


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

    def setup_steps(self, region):
        """Agreements' steps on the region's getting-started checklist (regions.extensions)."""
        from paraat.regions.extensions import SetupStep

        from .selectors import action_list_exists, rounds_exist

        slug = region.slug
        return [
            SetupStep(
                _("Action list imported"),
                action_list_exists(region=region),
                reverse("agreements:import", args=[slug]),
                order=30,
            ),
            SetupStep(
                _("First measurement round planned"),
                rounds_exist(region=region),
                reverse("agreements:rounds", args=[slug]),
                order=50,
            ),
        ]

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
                deadline = date_format(round_.deadline, "j F Y")
                if submission.status == "returned":
                    title = _("The CFG returned %(round)s for %(name)s") % {
                        "round": round_.name,
                        "name": municipality.name,
                    }
                    text = _("Remark from the CFG: “%(remark)s”.") % {
                        "remark": submission.review_remark
                    }
                    if submission.review_items:
                        text += " " + _("Action items concerned: %(numbers)s.") % {
                            "numbers": ", ".join(submission.review_items)
                        }
                    text += " " + _("Adjust them and submit again by %(date)s.") % {
                        "date": deadline
                    }
                else:
                    title = _("Submit %(round)s for %(name)s") % {
                        "round": round_.name,
                        "name": municipality.name,
                    }
                    text = _("Fill in or confirm every action item and submit by %(date)s.") % {
                        "date": deadline
                    }
                tasks.append(
                    Task(
                        title,
                        text,
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
                        ngettext(
                            "%(count)s submission for %(round)s waits for your review.",
                            "%(count)s submissions for %(round)s wait for your review.",
                            waiting,
                        )
                        % {"count": waiting, "round": round_.name},
                        reverse("agreements:round_detail", args=[region.slug, round_.pk]),
                        order=12,
                    )
                )
        if user.has_perm("agreements.manage_rounds", region):
            for entry in selectors.follow_ups_due(region=region, on=timezone.localdate()):
                tasks.append(
                    Task(
                        _("Follow up %(name)s") % {"name": entry.municipality.name},
                        _("Planned for %(date)s after the conversation of %(held)s: %(agreed)s")
                        % {
                            "date": date_format(entry.next_on, "j F Y"),
                            "held": date_format(entry.held_on, "j F Y"),
                            "agreed": Truncator(entry.agreed).chars(120),
                        },
                        reverse(
                            "agreements:follow_up", args=[region.slug, entry.municipality.code]
                        ),
                        urgent=True,
                        order=6,
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
                            "items": "; ".join(
                                f"{e.item_number} {Truncator(e.item_text).chars(60)}"
                                for e in flag.items_behind
                            )
                            or "—",
                        },
                        reverse("agreements:figures", args=[region.slug]),
                        urgent=True,
                        order=5,
                    )
                )
        return tasks


def _own_municipalities(user, region):
    from paraat.accounts.selectors import memberships

    return [
        m.municipality
        for m in memberships(user)
        if m.municipality_id and m.region_id == region.pk and m.role == "municipal_contact"
    ]
