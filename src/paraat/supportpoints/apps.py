from django.apps import AppConfig


class SupportpointsConfig(AppConfig):
    name = "paraat.supportpoints"
    default_auto_field = "django.db.models.BigAutoField"
