from django.conf import settings

from paraat.accounts.selectors import user_regions
from paraat.core.extensions import collect_nav
from paraat.regions.models import Region


def paraat(request) -> dict:
    """Header, navigation and demo banner for the base layout."""
    region = getattr(request, "region", None)
    user = getattr(request, "user", None)
    if region is None and user is not None and user.is_authenticated:
        regions = user_regions(user)
        region = regions[0] if len(regions) == 1 else None
    if region is not None:
        demo = region.is_demo
    else:
        demo = settings.PARAAT_ENV == "demo" or Region.objects.filter(is_demo=True).exists()
    nav = collect_nav(request, region) if user is not None and user.is_authenticated else []
    return {
        "current_region": region,
        "nav_items": nav,
        "demo_mode": demo,
        "paraat_env": settings.PARAAT_ENV,
    }
