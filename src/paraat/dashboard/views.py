from django.shortcuts import render
from django.views.decorators.http import require_safe

from paraat.core.decorators import require


@require_safe
def national(request):
    """Placeholder national view: regions that share nationally (figures come with issue 4)."""
    require(request, "core.view_national")
    from paraat.regions.models import Region

    regions = Region.objects.filter(share_nationally=True).order_by("code")
    return render(request, "dashboard/national.html", {"regions": regions})
