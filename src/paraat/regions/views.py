from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from paraat.core.concurrency import StaleEdit
from paraat.core.decorators import region_view, require

from . import selectors, services
from .forms import ContactForm
from .models import Contact


@require_safe
@region_view()
def municipality_list(request, region):
    municipalities = selectors.municipality_list(region=region)
    return render(
        request,
        "regions/municipality_list.html",
        {"region": region, "municipalities": municipalities},
    )


@require_safe
@region_view()
def municipality_detail(request, region, municipality_code):
    municipality = selectors.municipality_with_contacts(region=region, code=municipality_code)
    if municipality is None:
        raise Http404
    require(request, "regions.view_municipality", municipality)
    return render(
        request,
        "regions/municipality_detail.html",
        {
            "region": region,
            "municipality": municipality,
            "can_edit": request.user.has_perm("regions.change_municipality", municipality),
        },
    )


@require_safe
@region_view("regions.view_contacts")
def contact_list(request, region):
    return render(
        request,
        "regions/contact_list.html",
        {"region": region, "groups": selectors.contacts_by_organisation(region=region)},
    )


@region_view("regions.add_contact")
def contact_create(request, region):
    form = ContactForm(request.POST or None, region=region, user=request.user)
    if not form.fields["organisation"].choices:
        require(request, "regions.change_region", region)
    if request.method == "POST" and form.is_valid():
        services.contact_save(contact=form.instance, actor=request.user)
        messages.success(request, _("Contact saved."))
        return redirect("regions:contact_list", region_code=region.slug)
    return render(request, "regions/contact_form.html", {"region": region, "form": form})


@region_view()
def contact_edit(request, region, pk):
    contact = get_object_or_404(Contact, pk=pk, region=region)
    require(request, "regions.change_contact", contact)
    form = ContactForm(request.POST or None, instance=contact, region=region, user=request.user)
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_save(
                contact=form.instance,
                actor=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except StaleEdit as stale:
            form.add_error(None, stale)
            current = stale.current
            form.data = form.data.copy()
            form.data["version"] = current.version  # saving again is a deliberate overwrite
        else:
            messages.success(request, _("Contact saved."))
            return redirect("regions:contact_list", region_code=region.slug)
    return render(
        request,
        "regions/contact_form.html",
        {"region": region, "form": form, "current": current},
    )


@region_view("regions.change_region")
def sub_regions(request, region):
    """The administrator groups the region's municipalities into sub-regions."""
    from django.core.exceptions import ValidationError

    from .forms import SubRegionForm
    from .models import Municipality, SubRegion

    subs = list(SubRegion.objects.filter(region=region))
    municipalities = Municipality.objects.filter(region=region).select_related("sub_region")
    form = SubRegionForm(
        request.POST or None,
        municipalities=municipalities,
        sub_regions=subs,
        initial={"names": "\n".join(s.name for s in subs)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.sub_regions_save(
                region=region,
                names=form.names_list(),
                assignment=form.assignment(),
                actor=request.user,
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Sub-regions saved."))
            return redirect("regions:sub_regions", region_code=region.slug)
    return render(request, "regions/sub_regions.html", {"region": region, "form": form})
