from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "paraat.accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401  (sign-ins into the audit trail)

    def nav_items(self, request, region):
        from paraat.core.extensions import NavItem

        if region is None or not request.user.has_perm("accounts.manage_users", region):
            return []
        return [NavItem(_("Users"), reverse("members:list", args=[region.slug]), 90)]

    def setup_steps(self, region):
        """Accounts' steps on the region's getting-started checklist (regions.extensions)."""
        from paraat.regions.extensions import SetupStep
        from paraat.regions.selectors import municipality_list

        from .selectors import memberships_active_count, municipalities_with_contact

        slug = region.slug
        current = set(municipality_list(region=region).values_list("pk", flat=True))
        return [
            SetupStep(
                _("A contact named for every municipality"),
                bool(current) and current <= municipalities_with_contact(region=region),
                reverse("members:list", args=[slug]),
                _("Reminders of a round go to the municipal contacts."),
                order=20,
            ),
            SetupStep(
                _("People invited"),
                memberships_active_count(region=region) > 1,
                reverse("members:create", args=[slug]),
                order=40,
            ),
        ]

    def municipality_marks(self, region):
        """The municipality list's column: is a municipal contact named (regions.extensions)?"""
        from paraat.regions.extensions import MunicipalityMark

        from .selectors import municipalities_with_contact

        return [
            MunicipalityMark(
                _("Municipal contact"),
                municipalities_with_contact(region=region),
                yes=_("named"),
                no=_("none named"),
            )
        ]

    def start_tasks(self, request, region):
        from paraat.core.extensions import Task

        from .services import requires_two_factor

        tasks = []
        if not request.user.is_verified() and not requires_two_factor(request.user):
            tasks.append(
                Task(
                    _("Protect your account"),
                    _("Set up two-factor sign-in with an authenticator app."),
                    reverse("accounts:2fa_setup"),
                    order=95,
                )
            )
        if region is not None and request.user.has_perm("accounts.manage_users", region):
            tasks.append(
                Task(
                    _("Manage users"),
                    _("Grant roles to new contacts and take them away from people who left."),
                    reverse("members:list", args=[region.slug]),
                    order=80,
                )
            )
        return tasks
