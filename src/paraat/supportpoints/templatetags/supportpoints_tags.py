"""Template tags other apps use to show support points on their own pages.

``{% load supportpoints_tags %}{% municipality_support_points municipality %}`` renders
``supportpoints/municipality_points.html`` (the municipality's points, readiness and coverage)
for a person who may read the register, and nothing for anyone else.
"""

from django import template

register = template.Library()


@register.inclusion_tag("supportpoints/municipality_points.html", takes_context=True)
def municipality_support_points(context, municipality):
    from paraat.supportpoints import selectors

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("supportpoints.view_register", municipality.region):
        return {"sp": None}
    return {
        "sp": selectors.municipality_points(municipality=municipality),
        "region": municipality.region,
    }
