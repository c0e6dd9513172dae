import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.core.concurrency import StaleEdit
from paraat.core.decorators import require
from paraat.core.spreadsheets import neutralise
from paraat.core.uploads import download_response
from paraat.permissions import municipality_ids
from paraat.regions import selectors as region_selectors
from paraat.regions.decorators import region_view
from paraat.regions.models import Municipality

from . import selectors, services
from .files import ImportRefused, read_table
from .forms import (
    DocumentForm,
    FacilityForm,
    ImportForm,
    PointFilterForm,
    PointForm,
    SettingsForm,
    TransitionForm,
)
from .maps import points_as_markers
from .models import Facility, PointDocument, SupportPoint


def _point_url(point) -> str:
    return reverse("supportpoints:point_detail", args=[point.region.slug, point.pk])


def _filter_form(request, region) -> PointFilterForm:
    """The register's filter form on the query string (for the list and the export)."""
    municipalities = list(region.municipalities.current().order_by("name"))
    form = PointFilterForm(
        request.GET,
        municipalities=municipalities,
        facilities=selectors.active_facilities(region=region),
        sub_regions=region_selectors.sub_regions(region=region),
    )
    form.municipalities = municipalities  # type: ignore[attr-defined]  # for the map
    return form


@require_safe
@region_view("supportpoints.view_register")
def point_list(request, region):
    form = _filter_form(request, region)
    filters = form.filters
    points = selectors.point_list(region=region, filters=filters)
    municipalities = form.municipalities
    if filters.sub_region:
        municipalities = [m for m in municipalities if m.sub_region_id == filters.sub_region]
    for p in points:
        p.region = region
    context = {
        "region": region,
        "points": points,
        "form": form,
        "filters": filters,
        "municipalities": municipalities,
        "markers": points_as_markers(points, url_for=_point_url),
        "can_add": request.user.has_perm("supportpoints.add_point", region),
        "can_manage": request.user.has_perm("supportpoints.manage_settings", region),
        "filtered": filters.narrows,
        "query": request.GET.urlencode(),
    }
    template = "supportpoints/point_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


def _facilities_for_form(request, region):
    # Every region has its checklist from the start (apps.py); viewing a form writes nothing.
    return selectors.active_facilities(region=region)


@region_view("supportpoints.add_point")
def point_create(request, region):
    facilities = _facilities_for_form(request, region)
    form = PointForm(request.POST or None, region=region, user=request.user, facilities=facilities)
    if request.method == "POST" and form.is_valid():
        try:
            point = services.point_save(
                point=form.instance, facilities=form.facility_answers(), actor=request.user
            )
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, _("Emergency support point registered."))
            return redirect("supportpoints:point_detail", region.slug, point.pk)
    return render(
        request, "supportpoints/point_form.html", {"region": region, "form": form, "point": None}
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@region_view()
def point_edit(request, region, pk):
    point = get_object_or_404(SupportPoint, pk=pk, region=region)
    require(request, "supportpoints.change_point", point)
    facilities = _facilities_for_form(request, region)
    form = PointForm(
        request.POST or None,
        instance=point,
        region=region,
        user=request.user,
        facilities=facilities,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.point_save(
                point=form.instance,
                facilities=form.facility_answers(),
                version=form.cleaned_data.get("version"),
                actor=request.user,
            )
        except StaleEdit as e:
            current = selectors.point_detail(region=region, pk=pk)
            conflict = _conflict_rows(form, current, facilities)
            form.add_error(None, e.messages)
            # Their input stays in the form; the next save is against the current version.
            form.data = form.data.copy()
            form.data["version"] = current.version
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, _("Emergency support point saved."))
            return redirect("supportpoints:point_detail", region.slug, point.pk)
    return render(
        request,
        "supportpoints/point_form.html",
        {"region": region, "form": form, "point": point, "conflict": conflict},
    )


def _conflict_rows(form, current, facilities) -> list[tuple[str, str, str]]:
    """Fields where the person's input differs from what someone else saved meanwhile."""
    rows = []
    for name in PointForm.Meta.fields:
        field = form.fields[name]
        mine = form.cleaned_data.get(name)
        theirs = getattr(current, name)
        if (mine or None) != (theirs or None):
            rows.append(
                (
                    str(field.label),
                    str(theirs if theirs is not None else "—"),
                    str(mine if mine is not None else "—"),
                )
            )
    for f in facilities:
        mine = bool(form.cleaned_data.get(f"facility_{f.pk}"))
        theirs = bool(current.present.get(f.pk))
        if mine != theirs:
            yes, no = _("yes"), _("no")
            rows.append((f.name, yes if theirs else no, yes if mine else no))
    return rows


@require_safe
@region_view()
def point_detail(request, region, pk):
    point = selectors.point_detail(region=region, pk=pk)
    if point is None:
        raise Http404
    require(request, "supportpoints.view_point", point)
    can_edit = request.user.has_perm("supportpoints.change_point", point)
    facilities = point.checklist_facilities
    return render(
        request,
        "supportpoints/point_detail.html",
        {
            "region": region,
            "point": point,
            "facilities": facilities,
            "checklist": [
                (f, point.present.get(f.pk, False), point.hours.get(f.pk)) for f in facilities
            ],
            "can_edit": can_edit,
            "can_see_documents": request.user.has_perm("supportpoints.view_documents", point),
            "history": selectors.point_history(point=point, facilities=facilities)
            if request.user.has_perm("supportpoints.view_documents", point)
            else None,
            "transition_form": TransitionForm(point=point) if can_edit else None,
            "document_form": DocumentForm() if can_edit else None,
            "markers": points_as_markers([point]),
            "municipalities": [point.municipality],
        },
    )


@require_POST
@region_view()
def point_transition(request, region, pk):
    point = get_object_or_404(SupportPoint, pk=pk, region=region)
    require(request, "supportpoints.change_point", point)
    form = TransitionForm(request.POST, point=point)
    if form.is_valid():
        try:
            services.point_transition(
                point=point,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(
                request,
                _("Status changed to “%(status)s”.") % {"status": point.get_status_display()},
            )
    else:
        messages.error(request, _("Choose one of the statuses offered."))
    return redirect("supportpoints:point_detail", region.slug, point.pk)


@require_POST
@region_view()
def document_upload(request, region, pk):
    point = get_object_or_404(SupportPoint, pk=pk, region=region)
    require(request, "supportpoints.change_point", point)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(
                point=point,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                actor=request.user,
            )
        except ValidationError as e:
            messages.error(
                request, _("The document was not saved: %(why)s") % {"why": " ".join(e.messages)}
            )
        else:
            messages.success(request, _("Document added."))
    else:
        messages.error(request, _("Choose a file to upload."))
    return redirect("supportpoints:point_detail", region.slug, point.pk)


@require_safe
@region_view()
def document_download(request, region, pk, doc_pk):
    document = get_object_or_404(
        PointDocument.objects.select_related("point"), pk=doc_pk, point_id=pk, point__region=region
    )
    require(request, "supportpoints.view_documents", document.point)
    response = download_response(
        document.file, filename=document.original_name, content_type=document.content_type
    )
    audit_log(
        actor=request.user,
        action=Action.DOWNLOAD,
        obj=document,
        region=region,
        detail={"point": pk},
    )
    return response


@require_safe
@region_view("supportpoints.view_register")
def municipality_overview(request, region):
    rows = selectors.municipality_overview(region=region)
    norm = selectors.settings_for(region=region)
    shading = {}
    for row in rows:
        cov = row.coverage
        if cov.needed is None:
            continue
        level = 3 if cov.meets_norm else (0 if cov.operational == 0 else 1)
        text = _("%(have)s of %(need)s operational points") % {
            "have": cov.operational,
            "need": cov.needed,
        }
        shading[row.municipality.pk] = (level, text)
    meets = sum(1 for r in rows if r.coverage.meets_norm)
    return render(
        request,
        "supportpoints/municipality_overview.html",
        {
            "region": region,
            "rows": rows,
            "norm": norm,
            "shading": shading,
            "municipalities": [r.municipality for r in rows],
            "meets": meets,
            "summary": _(
                "%(meets)s of %(total)s municipalities have enough operational points for the norm "
                "of one per %(norm)s residents."
            )
            % {
                "meets": meets,
                "total": len(rows),
                "norm": number_format(norm.residents_per_point, force_grouping=True),
            },
        },
    )


@require_safe
@region_view("supportpoints.view_register")
def municipality_print(request, region, municipality_code):
    municipality = get_object_or_404(Municipality, region=region, code__iexact=municipality_code)
    require(request, "supportpoints.view_point", municipality)
    data = selectors.municipality_print_list(municipality=municipality)
    return render(
        request,
        "supportpoints/municipality_print.html",
        {
            "region": region,
            "municipality": municipality,
            "data": data,
            "facilities": selectors.active_facilities(region=region),
            "printed_at": timezone.now(),
        },
    )


@region_view("supportpoints.view_register")
def places(request, region):
    can_manage = request.user.has_perm("supportpoints.manage_settings", region)
    form = ImportForm()
    problems = None
    if request.method == "POST":
        require(request, "supportpoints.manage_settings", region)
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                table = read_table(form.cleaned_data["file"])
                count = services.places_import(region=region, table=table, actor=request.user)
            except ImportRefused as e:
                problems = e.problems
                services.import_refused_log(
                    region=region, what="populated places", problems=problems, actor=request.user
                )
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s populated place imported.", "%(n)s populated places imported.", count
                    )
                    % {"n": count},
                )
                return redirect("supportpoints:places", region.slug)
    rows, limit = selectors.place_distances(region=region)
    beyond = [r for r in rows if r.beyond]
    return render(
        request,
        "supportpoints/places.html",
        {
            "region": region,
            "rows": rows,
            "beyond": beyond,
            "limit": limit,
            "form": form if can_manage else None,
            "problems": problems,
        },
        status=400 if problems else 200,
    )


@region_view("supportpoints.manage_settings")
def settings_view(request, region):
    current = selectors.settings_for(region=region)
    form = SettingsForm(
        request.POST or None,
        initial={
            "residents_per_point": current.residents_per_point,
            "max_distance_km": current.max_distance_km,
            "version": current.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_save(region=region, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e.messages)
        else:
            messages.success(request, _("Norms saved."))
            return redirect("supportpoints:settings", region.slug)
    facilities = list(Facility.objects.filter(region=region).order_by("order", "name"))
    total = sum(f.weight for f in facilities if f.is_active)
    return render(
        request,
        "supportpoints/settings.html",
        {"region": region, "form": form, "facilities": facilities, "total_weight": total},
    )


@region_view("supportpoints.manage_settings")
def facility_create(request, region):
    return _facility_form(request, region, Facility(region=region))


@region_view("supportpoints.manage_settings")
def facility_edit(request, region, pk):
    return _facility_form(request, region, get_object_or_404(Facility, pk=pk, region=region))


def _facility_form(request, region, facility):
    form = FacilityForm(request.POST or None, instance=facility, region=region)
    if request.method == "POST" and form.is_valid():
        services.facility_save(facility=form.instance, actor=request.user)
        messages.success(request, _("Checklist item saved."))
        return redirect("supportpoints:settings", region.slug)
    return render(
        request,
        "supportpoints/facility_form.html",
        {"region": region, "form": form, "facility": facility},
    )


@region_view("supportpoints.add_point")
def point_import(request, region):
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        _facilities_for_form(request, region)
        try:
            table = read_table(form.cleaned_data["file"])
            created, updated = services.points_import(
                region=region, table=table, actor=request.user
            )
        except ImportRefused as e:
            problems = e.problems
            services.import_refused_log(
                region=region, what="points", problems=problems, actor=request.user
            )
        else:
            messages.success(
                request,
                _("Import done: %(created)s points added, %(updated)s updated.")
                % {"created": created, "updated": updated},
            )
            return redirect("supportpoints:point_list", region.slug)
    return render(
        request,
        "supportpoints/import.html",
        {
            "region": region,
            "form": form,
            "problems": problems,
            "columns": services.POINT_COLUMNS,
            "own_municipalities": Municipality.objects.current()
            .filter(region=region, pk__in=municipality_ids(request.user, region))
            .order_by("name"),
            "facilities": selectors.active_facilities(region=region),
        },
        status=400 if problems else 200,
    )


def export_rows(region, filters=None, *, sub_regions=False) -> tuple[list[str], list[list]]:
    """The register (optionally filtered) as rows, with the headers the import reads; with
    `sub_regions` also each point's sub-region after its municipality (the import skips it)."""
    facilities = selectors.active_facilities(region=region)
    header = [label for _f, label in services.POINT_COLUMNS]
    at = header.index(dict(services.POINT_COLUMNS)["municipality"]) + 1
    if sub_regions:
        header[at:at] = [label for _f, label in services.EXPORT_ONLY_COLUMNS]
    for f in facilities:
        header.append(f.name)
        if f.asks_hours:
            header.append(f.name + services.HOURS_SUFFIX)
    rows = []
    with translation.override("nl"):
        for p in selectors.point_list(region=region, filters=filters):
            row = [
                p.get_kind_display(),
                p.name,
                p.municipality.name,
                p.address,
                p.latitude,
                p.longitude,
                p.get_status_display(),
                p.managing_organisation,
                p.contact_name,
                p.contact_phone,
                p.contact_outage,
                p.keyholder_name,
                p.keyholder_phone,
                p.keyholder_outage,
                p.hours_to_open,
                p.capacity,
                p.get_wheelchair_display(),
                p.last_exercised,
                p.coordination_point.name if p.coordination_point_id else "",
                p.notes,
            ]
            if sub_regions:
                sub = p.municipality.sub_region
                row[at:at] = [sub.name if sub else ""]
            for f in facilities:
                row.append("ja" if p.present.get(f.pk) else "nee")
                if f.asks_hours:
                    row.append(p.hours.get(f.pk))
            rows.append(row)
    return header, rows


@require_safe
@region_view("supportpoints.view_register")
def point_export(request, region, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form = _filter_form(request, region)
    header, rows = export_rows(region, form.filters, sub_regions="sub_region" in form.fields)
    stamp = timezone.localdate().isoformat()
    filename = f"noodsteunpunten-{region.slug}-{stamp}.{fmt}"
    audit_log(
        actor=request.user,
        action=Action.EXPORT,
        obj=region,
        detail={"supportpoints": "points", "format": fmt, "rows": len(rows)},
        object_repr=_("Emergency support points"),
    )
    rows = [[neutralise(v) for v in row] for row in rows]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else _csv_value(v) for v in row])
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    else:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Noodsteunpunten"
        sheet.append(header)
        for row in rows:
            sheet.append([float(v) if hasattr(v, "as_tuple") else v for v in row])
        sheet.freeze_panes = "A2"
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return value
