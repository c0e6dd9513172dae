from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "paraat.agreements"
    default_auto_field = "django.db.models.BigAutoField"
