"""How views check access: a thin wrapper around the django-rules permissions (registered by
the shared rules module, permissions.py, and every app's rules.py). The decorator of
region-scoped views, which looks the region up, is `region_view` in the regions app."""

from django.core.exceptions import PermissionDenied


def require(request, perm: str, obj=None) -> None:
    """Raise PermissionDenied (recorded in the audit trail by the 403 handler) unless allowed."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(perm)
