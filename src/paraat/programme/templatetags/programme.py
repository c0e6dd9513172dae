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
