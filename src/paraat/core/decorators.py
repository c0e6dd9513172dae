"""How views check access: a thin wrapper around the django-rules permissions (registered in
paraat.permissions and every app's rules.py). The decorator of region-scoped views, which looks
the region up, is `paraat.regions.decorators.region_view`."""

from django.core.exceptions import PermissionDenied


def require(request, perm: str, obj=None) -> None:
    """Raise PermissionDenied (recorded in the audit trail by the 403 handler) unless allowed."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(perm)
