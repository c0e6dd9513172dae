"""The programme's panels on other apps' pages (registered in `apps.py`)."""

from .selectors import activities_for_action_item as select


def phase_notice(request, *, region):
    """The notice on every page while the programme is scaled up (lukewarm or warm)."""
    if region is None or region.phase == "cold":
        return None
    return {"current_region": region}


def activities_for_action_item(request, *, item):
    """The activities that carry out an action item, for who may read the programme."""

    user = getattr(request, "user", None)
    region = item.region
    if user is None or not user.has_perm("programme.view_programme", region):
        return None
    return {
        "region": region,
        "action_item": item,
        "activities": list(select(action_item=item)),
    }
