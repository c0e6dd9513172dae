"""Small, fast pieces of dashboard markup: a matrix cell and a bar (built in Python, because
a page can hold hundreds of them and template includes are slow)."""

import functools

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from paraat.agreements.figures import STANDING, standing_label

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
    return _due_cell(t.level, t.items_due_achieved, t.items_due, bool(words), get_language())


@register.simple_tag
def due_cells(tallies):
    """`due_cell` for each tally of a row (one tag instead of a loop: a matrix holds hundreds)."""
    language = get_language()
    return mark_safe(  # each cell built by format_html
        "".join(
            _due_cell(t.level, t.items_due_achieved, t.items_due, False, language) for t in tallies
        )
    )


@register.simple_tag
def percent_cells(tallies):
    """A numeric cell with the share achieved per tally ("—" for none), e.g. a trend row."""
    return mark_safe(  # integers and a dash only
        "".join(
            '<td class="num">'
            + ("—" if t is None or t.percent_achieved is None else str(t.percent_achieved))
            + "</td>"
            for t in tallies
        )
    )


@functools.lru_cache(maxsize=4096)
def _due_cell(level, achieved: int, due: int, words: bool, language: str | None) -> str:
    """The cell's markup: the same few values repeat all over a matrix, so each is built once
    (per language: the words are translated)."""
    symbol, standing = STANDING[level][0], standing_label(level)
    if due:
        short = f"{achieved}/{due}"
        said = _("%(a)s of %(n)s due achieved") % {"a": achieved, "n": due}
        said = f"{said}, {standing}"
    else:
        short, said = "—", standing
    return format_html(
        '<td class="lvl-{}{}"{}><span aria-hidden="true">{} <span class="standing">{}</span>{}'
        '</span><span class="visually-hidden">{}</span></td>',
        "none" if level is None else level,
        " words" if words else "",
        "" if words else format_html(' title="{}"', said),
        short,
        symbol,
        f" {standing}" if words else "",
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
