"""`region_view`: the region a region-scoped URL names, looked up and checked. It lives with
`Region` (not in core, a floor below, which would have to import it); `require`, the permission
check it calls, stays in `paraat.core.decorators`."""

from collections.abc import Callable
from functools import wraps

from django.shortcuts import get_object_or_404

from paraat.core.decorators import require

from .models import Region


def region_view(perm: str = "regions.view_region") -> Callable:
    """Resolve the `region_code` URL argument to a Region, check `perm` on it, pass it on.

    Sets request.region, which the base layout uses for the header and navigation; the region
    comes with its data version (`Region.data_version`), the key of its cached pages.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, region_code: str, *args, **kwargs):
            region = get_object_or_404(Region.objects.with_data_version(), code__iexact=region_code)
            request.region = region
            require(request, perm, region)
            return view(request, region, *args, **kwargs)

        return wrapper

    return decorator
