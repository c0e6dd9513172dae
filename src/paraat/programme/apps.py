from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "paraat.programme"
    default_auto_field = "django.db.models.BigAutoField"
