from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "paraat.knowledge"
    default_auto_field = "django.db.models.BigAutoField"
