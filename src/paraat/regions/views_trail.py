"""The region's audit trail page. The trail is the audit app's (infrastructure, a floor below
regions); its page is a region page, looked up by `region_view`, so it lives here."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from paraat.audit.selectors import events_filtered, events_with_titles

from .decorators import region_view
from .forms import AuditFilterForm


@require_safe
@region_view("audit.view_trail")
def audit_trail(request, region):
    """The region's audit trail, filtered; read-only by construction (no write view exists)."""
    form = AuditFilterForm(request.GET or None)
    narrow = form.cleaned_data if form.is_valid() else {}
    qs = events_filtered(region=region, **{k: v for k, v in narrow.items() if v})
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    page.object_list = events_with_titles(page.object_list, user=request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "regions/audit_trail.html",
        {"region": region, "form": form, "page": page, "query": query.urlencode()},
    )
