"""Markdown rendered safely: markdown → HTML, then nh3 keeps only a small set of tags."""

import markdown as md
import nh3

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "a",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_markdown(text: str) -> str:
    # Headings start at h2: the page's h1 is the item's title.
    html = md.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


@register.filter(name="markdown")
def markdown_filter(text: str):
    return mark_safe(render_markdown(text))


@register.inclusion_tag("knowledge/for_action_item.html", takes_context=True)
def knowledge_for_action_item(context, action_item, limit=5):
    """The knowledge items for an action item's page, for the signed-in reader (TLP enforced).

    Usage (e.g. in agreements/item_detail.html or track.html)::

        {% load knowledge_tags %}{% knowledge_for_action_item item %}

    Shows the items linked to `action_item` ("this helps with 3.1") and up to `limit` others
    most similar to it; only items the reader may see (selectors.items_visible_to), nothing
    at all for someone who may not use the knowledge platform.
    """
    from paraat.knowledge.selectors import for_action_item

    request = context.get("request")
    user = getattr(request, "user", None)
    region = action_item.region
    if user is None or not user.has_perm("knowledge.view_knowledge", region):
        return {"show": False}
    found = for_action_item(user=user, action_item=action_item, limit=limit)
    return {
        "show": True,
        "region": region,
        "action_item": action_item,
        "linked": found.linked,
        "similar": found.similar,
        "can_add": user.has_perm("knowledge.add_item", region),
    }
