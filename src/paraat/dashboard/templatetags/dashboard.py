"""Small, fast pieces of dashboard markup: a matrix cell and a bar (built in Python, because
a page can hold hundreds of them and template includes are slow)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

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
def due_cell(t, words: bool = False):
    """One measure per cell: the standing against plan as due items achieved out of due items
    ("5/6"), with its symbol, colour and word (visible with `words`, else for screen readers
    and as a tooltip; the legend gives every symbol's word)."""
    level = "none" if t.level is None else t.level
    if t.items_due:
        short = f"{t.items_due_achieved}/{t.items_due}"
        said = _("%(a)s of %(n)s due achieved") % {"a": t.items_due_achieved, "n": t.items_due}
        said = f"{said}, {t.standing}"
    else:
        short, said = "—", t.standing
    return format_html(
        '<td class="lvl-{}{}"{}><span aria-hidden="true">{} <span class="standing">{}</span>{}'
        '</span><span class="visually-hidden">{}</span></td>',
        level,
        " words" if words else "",
        "" if words else format_html(' title="{}"', said),
        short,
        t.symbol,
        f" {t.standing}" if words else "",
        said,
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
