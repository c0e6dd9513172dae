from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from paraat.core.decorators import region_view

from .forms import AuditFilterForm
from .models import AuditEvent
from .selectors import events_with_titles


@require_safe
@region_view("audit.view_trail")
def event_list(request, region):
    """The region's audit trail, filtered; read-only by construction (no write view exists)."""
    form = AuditFilterForm(request.GET or None)
    qs = AuditEvent.objects.filter(region=region)
    if form.is_valid():
        d = form.cleaned_data
        if d.get("action"):
            qs = qs.filter(action=d["action"])
        if d.get("result"):
            qs = qs.filter(result=d["result"])
        if d.get("actor"):
            qs = qs.filter(actor_label__icontains=d["actor"])
        if d.get("since"):
            qs = qs.filter(at__date__gte=d["since"])
        if d.get("until"):
            qs = qs.filter(at__date__lte=d["until"])
    page = Paginator(qs.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    page.object_list = events_with_titles(page.object_list, user=request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"region": region, "form": form, "page": page, "query": query.urlencode()},
    )
