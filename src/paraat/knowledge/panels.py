"""The knowledge platform's panels on other apps' pages (registered in `apps.py`)."""

from .selectors import for_action_item as select


def for_action_item(request, *, item, limit=5):
    """The knowledge items for an action item's page, for the signed-in reader (TLP enforced):
    the items linked to it ("this helps with 3.1") and up to `limit` others most similar to it;
    only items the reader may see, nothing at all for someone who may not use the platform."""

    user = getattr(request, "user", None)
    region = item.region
    if user is None or not user.has_perm("knowledge.view_knowledge", region):
        return None
    found = select(user=user, action_item=item, limit=limit)
    return {
        "region": region,
        "action_item": item,
        "linked": found.linked,
        "similar": found.similar,
        "can_add": user.has_perm("knowledge.add_item", region),
    }
