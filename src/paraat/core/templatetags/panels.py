"""`{% panels "slot" key=value … %}`: the panels other apps registered for a slot of this page
(see `paraat.core.extensions.Panel`)."""

from django import template
from django.utils.safestring import mark_safe

from paraat.core.extensions import collect_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, slot, **what):
    request = context.get("request")
    rendered = []
    for panel in collect_panels(slot):
        data = panel.context(request, **what)
        if data is None:
            continue
        tpl = context.template.engine.get_template(panel.template)
        rendered.append(tpl.render(context.new(data)))
    return mark_safe("\n".join(rendered))
