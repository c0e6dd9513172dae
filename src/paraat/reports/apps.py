from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "paraat.reports"
    default_auto_field = "django.db.models.BigAutoField"
