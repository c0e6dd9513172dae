"""Report pieces other apps' pages show: the age of the region's emergency binder."""

from django import template

from ..selectors import binder_max_age_days, region_binder_age

register = template.Library()


@register.inclusion_tag("reports/tags/binder_age.html", takes_context=True)
def binder_age(context, region):
    """A headline entry (`<div><dt>…<dd>`) with the age of the region's latest binder, for
    people who may use the binder; nothing for others."""
    user = context["request"].user
    if not user.has_perm("reports.use_binder", region):
        return {"show": False}
    return {
        "show": True,
        "region": region,
        "age": region_binder_age(region=region),
        "max_days": binder_max_age_days(region),
    }
