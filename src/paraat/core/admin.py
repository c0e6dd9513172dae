"""The Django admin at /beheer/django/: for emergencies only, read-only, for superusers.

Every Paraat model is listed so an operator can look at a row when the screens cannot show it;
nothing can be added, changed or deleted here (changes go through the services, which keep the
audit trail). Secrets are never shown: password hashes, TOTP keys, token hashes.
"""

from django.apps import apps
from django.contrib import admin

SECRET_FIELDS = {"password", "key", "token_hash", "secret", "client_secret", "bin_key"}


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_exclude(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name in SECRET_FIELDS]

    def get_list_display(self, request):
        return ["__str__"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def register_all() -> None:
    """Called from urls.py, after every app's admin module has been imported: other packages'
    admin pages (some show TOTP keys or allow changes) are taken out, Paraat's models go in."""
    for model in list(admin.site._registry):
        if not model._meta.app_config.name.startswith("paraat."):
            admin.site.unregister(model)
    for config in apps.get_app_configs():
        if not config.name.startswith("paraat."):
            continue
        for model in config.get_models():
            if not admin.site.is_registered(model):
                admin.site.register(model, ReadOnlyAdmin)
    admin.site.site_header = "Paraat — technisch beheer (alleen lezen)"
