"""Small, fast pieces of dashboard markup: a matrix cell and a bar (built in Python, because
a page can hold hundreds of them and template includes are slow)."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def standing_cell(t):
    """A table cell with the share achieved, coloured by standing AND saying it in words."""
    level = "none" if t.level is None else t.level
    value = "—" if t.percent_achieved is None else f"{t.percent_achieved}%"
    return format_html(
        '<td class="lvl-{}">{} <span class="standing" aria-hidden="true" title="{}">{}</span>'
        '<span class="visually-hidden">, {}</span></td>',
        level,
        value,
        t.standing,
        t.symbol,
        t.standing,
    )


@register.simple_tag
def bar(value):
    """A 0–100 bar; decorative (the number is always next to it)."""
    width = max(0, min(100, value)) if isinstance(value, int | float) else 0
    return format_html(
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" '
        'focusable="false"><rect x="0" y="0" height="10" width="{}"/></svg>',
        width,
    )
