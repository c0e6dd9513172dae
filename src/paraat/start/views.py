from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from paraat.accounts.roles import Role
from paraat.accounts.selectors import memberships, user_regions
from paraat.audit.models import Action, Result
from paraat.audit.services import audit_log
from paraat.core.extensions import collect_tasks
from paraat.regions.decorators import region_view


@require_safe
def home(request):
    """Send each person to where their work is: their region, or the national view."""
    regions = user_regions(request.user)
    if len(regions) == 1:
        return redirect("start:region_home", region_code=regions[0].slug)
    if not regions and any(m.role == Role.NATIONAL for m in memberships(request.user)):
        return redirect("national:index")
    return render(request, "start/choose_region.html", {"regions": regions})


@require_safe
@region_view()
def region_home(request, region):
    """The start page: who you are here and what you have to do next."""
    mine = [m for m in memberships(request.user) if m.region_id == region.pk]
    return render(
        request,
        "start/region_home.html",
        {"region": region, "my_memberships": mine, "tasks": collect_tasks(request, region)},
    )


def permission_denied(request, exception=None):
    """403 page; every refusal is recorded in the audit trail."""
    user = request.user if request.user.is_authenticated else None
    audit_log(
        actor=user or "anonymous",
        action=Action.ACCESS_DENIED,
        result=Result.DENIED,
        region=getattr(request, "region", None),
        object_repr=request.path[:300],
        detail={"method": request.method, "rule": str(exception or "")[:200]},
    )
    return render(request, "403.html", status=403)
