from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "paraat.core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_refreshed_at_sign_in

        user_logged_in.connect(session_refreshed_at_sign_in, dispatch_uid="paraat-session-refresh")


# Django's own form messages, kept in Paraat's catalog: Django REST framework ships Dutch
# translations of the same messages with other words ("vereist"), and an app's catalog wins over
# Django's. Listed here so `make messages` keeps them; Paraat's wording is Django's.
DJANGO_FORM_MESSAGES = (_("This field is required."),)
