"""How views check access: thin wrappers around the django-rules permissions (registered in
paraat.permissions and every app's rules.py)."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404


def require(request, perm: str, obj=None) -> None:
    """Raise PermissionDenied (recorded in the audit trail by the 403 handler) unless allowed."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(perm)


def region_view(perm: str = "regions.view_region") -> Callable:
    """Resolve the `region_code` URL argument to a Region, check `perm` on it, pass it on.

    Sets request.region, which the base layout uses for the header and navigation; the region
    comes with its data version (`Region.data_version`), the key of its cached pages.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, region_code: str, *args, **kwargs):
            from paraat.regions.models import Region

            region = get_object_or_404(Region.objects.with_data_version(), code__iexact=region_code)
            request.region = region
            require(request, perm, region)
            return view(request, region, *args, **kwargs)

        return wrapper

    return decorator
