from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.core.concurrency import StaleEdit
from paraat.core.decorators import require

from . import extensions, selectors, services, statements
from .decorators import region_view
from .export import region_export
from .forms import (
    ContactForm,
    PartnerForm,
    PopulationForm,
    PopulationImportForm,
    RegionSettingsForm,
    StatementsForm,
    SubRegionForm,
)
from .models import Contact, Municipality, Partner, Region, SubRegion


@require_safe
@region_view()
def municipality_list(request, region):
    municipalities = selectors.municipality_list(region=region)
    marks = extensions.municipality_marks(region=region)
    rows = [(m, [(mark, m.pk in mark.marked) for mark in marks]) for m in municipalities]
    return render(
        request,
        "regions/municipality_list.html",
        {
            "region": region,
            "rows": rows,
            "marks": marks,
            "archived": selectors.archived_municipalities(region=region),
            "can_manage": request.user.has_perm("regions.change_region", region),
        },
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
            "can_edit_population": request.user.has_perm("regions.change_region", region),
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


# --- the administrator's screens: settings, statements, partners, populations, getting started


@region_view("regions.change_region")
def region_settings(request, region):
    form = RegionSettingsForm(request.POST or None, instance=Region.objects.get(pk=region.pk))
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in RegionSettingsForm.Meta.fields}
        try:
            services.region_settings_save(region=region, values=values, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Region settings saved."))
            return redirect("region:settings", region_code=region.slug)
    return render(request, "regions/region_settings.html", {"region": region, "form": form})


@region_view("regions.change_region")
def statements_edit(request, region):
    instance = Region.objects.get(pk=region.pk)
    initial = {
        "accessibility_statement": statements.accessibility_text(instance),
        "privacy_statement": statements.privacy_text(instance),
    }
    form = StatementsForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in StatementsForm.Meta.fields}
        services.region_settings_save(region=region, values=values, actor=request.user)
        messages.success(request, _("Statements saved."))
        return redirect("region:statements_edit", region_code=region.slug)
    return render(request, "regions/statements_form.html", {"region": region, "form": form})


@require_safe
@region_view("regions.change_region")
def getting_started(request, region):
    items = extensions.setup_checklist(region=region)
    return render(
        request,
        "regions/getting_started.html",
        {"region": region, "items": items, "done_count": sum(i.done for i in items)},
    )


@require_safe
@region_view("regions.view_contacts")
def partner_list(request, region):
    return render(
        request,
        "regions/partner_list.html",
        {
            "region": region,
            "partners": selectors.partner_list(region=region),
            "can_manage": request.user.has_perm("regions.manage_partners", region),
        },
    )


@region_view("regions.manage_partners")
def partner_create(request, region):
    form = PartnerForm(request.POST or None, instance=Partner(region=region))
    return _partner_form(request, region, form)


@region_view("regions.manage_partners")
def partner_edit(request, region, pk):
    partner = get_object_or_404(Partner, pk=pk, region=region)
    return _partner_form(request, region, PartnerForm(request.POST or None, instance=partner))


def _partner_form(request, region, form):
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_save(partner=form.instance, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Partner saved."))
            return redirect("region:partner_list", region_code=region.slug)
    return render(request, "regions/partner_form.html", {"region": region, "form": form})


@region_view("regions.change_region")
def population_edit(request, region, municipality_code):
    municipality = get_object_or_404(Municipality, region=region, code__iexact=municipality_code)
    form = PopulationForm(
        request.POST or None,
        initial={"population": municipality.population, "year": municipality.population_year},
    )
    if request.method == "POST" and form.is_valid():
        services.municipality_population_set(
            municipality=municipality,
            population=form.cleaned_data["population"],
            year=form.cleaned_data["year"] if form.cleaned_data["population"] is not None else None,
            actor=request.user,
        )
        messages.success(request, _("Population saved."))
        return redirect(
            "regions:municipality_detail",
            region_code=region.slug,
            municipality_code=municipality.slug,
        )
    return render(
        request,
        "regions/population_form.html",
        {"region": region, "municipality": municipality, "form": form},
    )


POPULATION_FILE_MAX = 2 * 1024 * 1024


@region_view("regions.change_region")
def population_import(request, region):
    form = PopulationImportForm(
        request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if not upload.name.lower().endswith(".csv") or upload.size > POPULATION_FILE_MAX:
                raise ValidationError(_("Upload a CSV file of at most 2 MB."))
            pairs = services.population_file_read(upload.read())
            updated = services.population_import(
                region=region, pairs=pairs, year=form.cleaned_data["year"], actor=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                ngettext(
                    "Population of %(n)d municipality saved.",
                    "Populations of %(n)d municipalities saved.",
                    len(updated),
                )
                % {"n": len(updated)},
            )
            return redirect("regions:municipality_list", region_code=region.slug)
    return render(request, "regions/population_import.html", {"region": region, "form": form})


# --- statements: public, linked from every page's footer --------------------------------------


def _statement(request, region_code, kind):
    region = None
    if region_code:
        region = get_object_or_404(Region, code__iexact=region_code)
    text = (
        statements.accessibility_text(region)
        if kind == "accessibility"
        else statements.privacy_text(region)
    )
    title = _("Accessibility statement") if kind == "accessibility" else _("Privacy statement")
    return render(
        request,
        "regions/statement.html",
        {"statement_region": region, "text": text, "title": title, "kind": kind},
    )


@login_not_required
@require_safe
def accessibility_statement(request, region_code=None):
    return _statement(request, region_code, "accessibility")


@login_not_required
@require_safe
def privacy_statement(request, region_code=None):
    return _statement(request, region_code, "privacy")


@require_POST
@region_view("regions.export_region")
def region_export_download(request, region):
    """Everything the region holds as one ZIP, made for this administrator (TLP:RED rows only
    where they are named)."""
    import tempfile

    from django.http import FileResponse

    spool = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it after sending
    summary = region_export(region=region, user=request.user, out=spool)
    audit_log(
        actor=request.user,
        action=Action.EXPORT,
        obj=region,
        region=region,
        detail={"export": "zip", "tlp": summary.tlp, "left_out": summary.left_out},
    )
    spool.seek(0)
    stamp = timezone.localdate().isoformat()
    name = f"paraat-{region.slug}-{stamp}-TLP-{summary.tlp.replace('+', '-')}.zip"
    return FileResponse(spool, as_attachment=True, filename=name, content_type="application/zip")


@region_view("regions.change_region")
def sub_regions(request, region):
    """The administrator groups the region's municipalities into sub-regions."""
    from django.core.exceptions import ValidationError

    subs = list(SubRegion.objects.filter(region=region))
    municipalities = (
        Municipality.objects.current().filter(region=region).select_related("sub_region")
    )
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
