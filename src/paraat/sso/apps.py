from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class SsoConfig(AppConfig):
    name = "paraat.sso"
    verbose_name = _("Single sign-on")
    default_auto_field = "django.db.models.BigAutoField"

    def sign_in_methods(self):
        """Signing in through an organisation's identity provider, for accounts' pages
        (accounts.extensions): accounts asks, so it imports nothing of this app."""
        from .signin import SingleSignOn

        return SingleSignOn()

    def nav_items(self, request, region):
        from paraat.core.extensions import NavItem

        if region is None or not request.user.has_perm("sso.manage_providers", region):
            return []
        return [NavItem(_("Single sign-on"), reverse("sso:providers", args=[region.slug]), 92)]

    def start_tasks(self, request, region):
        from paraat.core.extensions import Task

        from .selectors import open_requests

        if region is None or not request.user.has_perm("sso.manage_providers", region):
            return []
        count = len(open_requests(region=region))
        if not count:
            return []
        return [
            Task(
                _("Requests for access"),
                ngettext(
                    "%(n)d person signed in with their organisation's account and has no role yet.",
                    "%(n)d people signed in with their organisation's account and have no "
                    "role yet.",
                    count,
                )
                % {"n": count},
                reverse("sso:requests", args=[region.slug]),
                urgent=True,
                order=20,
            )
        ]
