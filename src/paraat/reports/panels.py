"""Reports' panels on other apps' pages (registered in `apps.py`)."""

from .selectors import binder_max_age_days, region_binder_age


def binder_age(request, *, region):
    """A headline entry (`<div><dt>…<dd>`) with the age of the region's latest binder, for
    people who may use the binder; nothing for others."""

    user = getattr(request, "user", None)
    if user is None or not user.has_perm("reports.use_binder", region):
        return None
    return {
        "region": region,
        "age": region_binder_age(region=region),
        "max_days": binder_max_age_days(region),
    }
