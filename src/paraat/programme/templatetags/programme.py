"""`{% programme_phase_links region %}`: the links the phase notice shows in lukewarm and warm."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.inclusion_tag("programme/includes/phase_links.html")
def programme_phase_links(region):
    if region is None:
        return {"binder_url": None}
    try:  # the reports app (issue 8) provides the emergency binder
        binder_url = reverse("reports:binder", args=[region.slug])
    except NoReverseMatch:
        binder_url = reverse("programme:phase", args=[region.slug]) + "#binder"
    return {
        "binder_url": binder_url,
        "phase_url": reverse("programme:phase", args=[region.slug]),
    }


@register.inclusion_tag("programme/activities_for_action_item.html", takes_context=True)
def activities_for_action_item(context, action_item):
    """The activities that carry out an agreements' action item, on the item's page.

    Usage (e.g. in agreements/item_detail.html)::

        {% load programme %}{% activities_for_action_item item %}

    Shows nothing to someone without `programme.view_programme` on the item's region.
    """
    from paraat.programme.selectors import activities_for_action_item as select

    request = context.get("request")
    user = getattr(request, "user", None)
    region = action_item.region
    if user is None or not user.has_perm("programme.view_programme", region):
        return {"show": False}
    return {
        "show": True,
        "region": region,
        "action_item": action_item,
        "activities": list(select(action_item=action_item)),
    }
