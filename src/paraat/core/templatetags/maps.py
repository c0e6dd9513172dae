"""`{% load maps %}{% region_map municipalities markers … %}`: the region map component
(arguments in `paraat.core.maps`)."""

from django import template

from paraat.core.maps import region_map_context

register = template.Library()


@register.inclusion_tag("core/map.html")
def region_map(municipalities, markers=(), **options):
    return region_map_context(municipalities, markers, **options)
