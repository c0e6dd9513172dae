"""Views of the agreements app: thin — check the rule, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.core import importflow
from paraat.core.concurrency import StaleEdit
from paraat.core.decorators import require
from paraat.core.forms import service_errors_show
from paraat.core.uploads import download_response
from paraat.regions import selectors as region_selectors
from paraat.regions.decorators import region_view
from paraat.regions.filters import SubRegionFilterForm
from paraat.regions.models import Municipality

from . import figures as figures_module
from . import imports, roundflow, selectors, services, spreadsheet
from .forms import (
    ActionItemForm,
    FollowUpForm,
    ImportForm,
    LagThresholdForm,
    OwnPlanningForm,
    RestoreForm,
    ReviewForm,
    RoundCloseForm,
    RoundForm,
    StatusUpdateForm,
    WithdrawForm,
    WorkspaceFilterForm,
)
from .models import (
    ActionItem,
    AgreementSet,
    Category,
    Evidence,
    MeasurementRound,
    RoundState,
    Submission,
    SubmissionStatus,
)


def _current_set_or_404(region):
    agreement_set = selectors.agreement_set_current(region=region)
    if agreement_set is None:
        raise Http404
    return agreement_set


_apply_errors = service_errors_show


# --- the action list ---------------------------------------------------------------------------


@require_safe
@region_view("agreements.view_agreements")
def index(request, region):
    agreement_set = selectors.agreement_set_current(region=region)
    show_withdrawn = request.GET.get("withdrawn") == "1"
    categories = (
        selectors.categories_with_items(
            agreement_set=agreement_set, include_withdrawn=show_withdrawn
        )
        if agreement_set
        else []
    )
    own = [
        m
        for m in Municipality.objects.current().filter(region=region)
        if request.user.has_perm("agreements.change_progress", m)
    ]
    return render(
        request,
        "agreements/index.html",
        {
            "region": region,
            "agreement_set": agreement_set,
            "categories": categories,
            "show_withdrawn": show_withdrawn,
            "own_municipalities": own,
            "can_manage": request.user.has_perm("agreements.manage_items", region),
        },
    )


@require_safe
@region_view("agreements.view_agreements")
def export(request, region):
    agreement_set = _current_set_or_404(region)
    items = selectors.action_items_for_export(agreement_set=agreement_set)
    data = spreadsheet.export_action_list(agreement_set, items)
    audit_log(actor=request.user, action=Action.EXPORT, obj=agreement_set, region=region)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="actiepunten-{region.slug}.xlsx"'
    return response


@require_safe
@region_view("agreements.view_agreements")
def item_detail(request, region, pk):
    item = get_object_or_404(
        ActionItem.objects.select_related("category", "agreement_set"), pk=pk, region=region
    )
    revisions = item.revisions.select_related("changed_by")
    return render(
        request,
        "agreements/item_detail.html",
        {
            "region": region,
            "item": item,
            "revisions": revisions,
            "achievers": (
                roundflow.item_achievers(item=item, viewer=request.user)
                if item.is_for_municipalities
                else None
            ),
            "can_manage": request.user.has_perm("agreements.manage_items", region),
        },
    )


def _item_form_save(request, region, form, item=None):
    data = form.cleaned_data
    category = data.get("category")
    new_name = (data.get("new_category") or "").strip()
    if new_name:
        category = Category.objects.filter(agreement_set=form.agreement_set, name=new_name).first()
        if category is None:
            category = services.category_save(
                category=Category(agreement_set=form.agreement_set, name=new_name),
                actor=request.user,
            )
    values = {
        "number": data["number"],
        "category": category,
        "text": data["text"],
        "owner_type": data["owner_type"],
        "due_year": data["due_year"],
        "due_quarter": data["due_quarter"],
        "baseline": data["baseline"],
        "note": data["note"],
    }
    if item is None:
        return services.action_item_create(
            agreement_set=form.agreement_set, actor=request.user, **values
        )
    return services.action_item_update(
        item=item, version=data.get("version") or 0, actor=request.user, **values
    )


@region_view("agreements.manage_items")
def item_create(request, region):
    agreement_set = services.agreement_set_current(region=region)
    if agreement_set is None:
        if request.method == "POST":  # the first item creates the region's agreement set
            agreement_set = services.agreement_set_current(
                region=region, create=True, actor=request.user
            )
        else:
            agreement_set = AgreementSet(region=region, name=services.DEFAULT_SET_NAME)
    form = ActionItemForm(request.POST or None, agreement_set=agreement_set)
    if request.method == "POST" and form.is_valid():
        try:
            item = _item_form_save(request, region, form)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Action item %(number)s added.") % {"number": item.number})
            return redirect("agreements:index", region_code=region.slug)
    return render(
        request, "agreements/item_form.html", {"region": region, "form": form, "item": None}
    )


@region_view("agreements.manage_items")
def item_edit(request, region, pk):
    item = get_object_or_404(ActionItem.objects.select_related("category"), pk=pk, region=region)
    form = ActionItemForm(request.POST or None, agreement_set=item.agreement_set, item=item)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            _item_form_save(request, region, form, item)
        except StaleEdit as error:
            conflict = error.current
            form.add_error(None, error.message)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Action item %(number)s saved.") % {"number": item.number})
            return redirect("agreements:item_detail", region_code=region.slug, pk=item.pk)
    return render(
        request,
        "agreements/item_form.html",
        {"region": region, "form": form, "item": item, "conflict": conflict},
    )


@region_view("agreements.manage_items")
def item_withdraw(request, region, pk):
    return _withdrawal(request, region, pk, restore=False)


@region_view("agreements.manage_items")
def item_restore(request, region, pk):
    return _withdrawal(request, region, pk, restore=True)


def _withdrawal(request, region, pk, *, restore: bool):
    """Withdraw an item, or restore a withdrawn one: both ask why and keep it in the history."""
    item = get_object_or_404(ActionItem, pk=pk, region=region, is_withdrawn=restore)
    form = (RestoreForm if restore else WithdrawForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        change = services.action_item_restore if restore else services.action_item_withdraw
        try:
            change(item=item, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            done = (
                _("Action item %(number)s restored; it counts in the lists and figures again.")
                if restore
                else _("Action item %(number)s withdrawn; its history is kept.")
            )
            messages.success(request, done % {"number": item.number})
            return redirect("agreements:item_detail", region_code=region.slug, pk=item.pk)
    template = "agreements/item_restore.html" if restore else "agreements/item_withdraw.html"
    return render(request, template, {"region": region, "form": form, "item": item})


# --- import ------------------------------------------------------------------------------------

IMPORT_PREVIEWS = importflow.PreviewStore("agreements_import")


@region_view("agreements.manage_items")
def import_upload(request, region):
    """Step 1: upload and preview (a trial run); step 2: confirm to import the same file."""

    def run(**kwargs):
        return imports.action_list_import(region=region, actor=request.user, **kwargs)

    def done(report):
        for line in report.lines():
            messages.success(request, line)
        return redirect("agreements:index", region_code=region.slug)

    return importflow.import_page(
        request,
        region=region,
        store=IMPORT_PREVIEWS,
        form_class=ImportForm,
        run=run,
        done=done,
        template="agreements/import.html",
        context={"region": region},
    )


# --- progress: the workspace -------------------------------------------------------------------


def _track_subject(request, region, municipality_code):
    """(municipality or None for the region's own track, view perm, change perm object)."""
    if municipality_code == "regio":
        require(request, "agreements.view_region_progress", region)
        return None
    municipality = get_object_or_404(Municipality, region=region, code__iexact=municipality_code)
    require(request, "agreements.view_progress", municipality)
    return municipality


def _can_change(request, region, municipality) -> bool:
    if municipality is None:
        return request.user.has_perm("agreements.change_region_progress", region)
    return request.user.has_perm("agreements.change_progress", municipality)


def _require_change(request, region, municipality) -> None:
    if municipality is None:
        require(request, "agreements.change_region_progress", region)
    else:
        require(request, "agreements.change_progress", municipality)


def _round_context(region, municipality):
    round_ = services.round_open_for(region)
    submission = None
    if round_ is not None and municipality is not None:
        submission = Submission.objects.filter(round=round_, municipality=municipality).first()
    return round_, submission


@require_safe
@region_view("agreements.view_agreements")
def workspace(request, region, municipality_code):
    municipality = _track_subject(request, region, municipality_code)
    if request.htmx and request.GET.get("row", "").isdigit():
        item = get_object_or_404(ActionItem, pk=int(request.GET["row"]), region=region)
        return _row_response(request, region, municipality, item, saved=False)
    round_, submission = _round_context(region, municipality)
    form = WorkspaceFilterForm(request.GET, in_round=round_ is not None)
    status, show = form.choice
    groups = selectors.workspace(
        region=region,
        municipality=municipality,
        status=status,
        show=show,
        measurement_round=round_,
    )
    can_change = _can_change(request, region, municipality)
    editable = can_change and not (submission and submission.is_locked_for_municipality)
    overdue = sum(1 for g in groups for r in g.rows if r.overdue)
    open_in_round = sum(g.open_in_round for g in groups) if round_ else 0
    return render(
        request,
        "agreements/workspace.html",
        {
            "region": region,
            "municipality": municipality,
            "code": municipality.code if municipality else "regio",
            "subject": municipality.name if municipality else region.display_name,
            "groups": groups,
            "round": round_,
            "submission": submission,
            "can_change": can_change,
            "editable": editable,
            "overdue": overdue,
            "open_in_round": open_in_round,
            "filtered": bool(status) or show != "all",
            "form": form,
            "today": timezone.localdate(),
        },
    )


def _workspace_url(region, municipality, item=None) -> str:
    url = reverse(
        "agreements:workspace",
        kwargs={
            "region_code": region.slug,
            "municipality_code": municipality.code if municipality else "regio",
        },
    )
    return f"{url}#item-{item.pk}" if item else url


@region_view("agreements.view_agreements")
def track(request, region, municipality_code, pk):
    """One item on one track: the form to add a status update, and the full history.

    With HTMX, GET returns just the inline form and a successful POST just the updated row.
    """
    municipality = _track_subject(request, region, municipality_code)
    item = get_object_or_404(
        ActionItem.objects.select_related("category"), pk=pk, region=region, is_withdrawn=False
    )
    progress, history = selectors.track(item=item, municipality=municipality)
    round_, submission = _round_context(region, municipality)
    can_change = _can_change(request, region, municipality)
    locked = bool(submission and submission.is_locked_for_municipality)
    version = progress.version if progress else 0
    latest = progress.latest if progress else None
    form = StatusUpdateForm(latest=latest, version=version) if can_change else None
    conflict = None
    if request.method == "POST":
        _require_change(request, region, municipality)
        form = StatusUpdateForm(request.POST, request.FILES, latest=latest, version=version)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.status_update_record(
                    item=item,
                    municipality=municipality,
                    actor=request.user,
                    expected_version=data["version"],
                    status=data["status"],
                    not_applicable_reason=data["not_applicable_reason"],
                    explanation=data["explanation"],
                    bottleneck=data["bottleneck"],
                    bottleneck_party=data["bottleneck_party"],
                    next_step=data["next_step"],
                    next_step_date=data["next_step_date"],
                    shared_with_region=data["shared_with_region"],
                    evidence_file=data.get("evidence_file") or None,
                    evidence_link=data["evidence_link"],
                    bottleneck_solved=data.get("bottleneck_solved", False),
                )
            except StaleEdit as error:
                conflict = error.current
                form.add_error(
                    None,
                    _(
                        "%(message)s Their update is shown below; your input is kept in the "
                        "form. Check it and save again."
                    )
                    % {"message": error.message},
                )
                form.data = form.data.copy()
                form.data["version"] = str(conflict.sequence if conflict is not None else version)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request, _("Progress on %(number)s saved.") % {"number": item.number}
                )
                if request.htmx:
                    return _row_response(request, region, municipality, item)
                return redirect(_workspace_url(region, municipality, item))
    context = {
        "region": region,
        "municipality": municipality,
        "code": municipality.code if municipality else "regio",
        "subject": municipality.name if municipality else region.display_name,
        "item": item,
        "progress": progress,
        "history": history,
        "form": form,
        "conflict": conflict,
        "round": round_,
        "submission": submission,
        "locked": locked,
        "can_change": can_change,
        "own_planning": (
            selectors.own_planning(municipality=municipality).get(item.pk)
            if municipality is not None
            else None
        ),
        "can_plan": municipality is not None
        and item.is_for_municipalities
        and request.user.has_perm("agreements.plan_municipality", municipality),
    }
    if request.htmx:
        return render(request, "agreements/track.html#inline-form", context)
    return render(request, "agreements/track.html", context)


def _row_response(request, region, municipality, item, saved: bool = True):
    round_, submission = _round_context(region, municipality)
    groups = selectors.workspace(region=region, municipality=municipality, measurement_round=round_)
    group, row = next((g, r) for g in groups for r in g.rows if r.item.pk == item.pk)
    can_change = _can_change(request, region, municipality)
    context = {
        "region": region,
        "municipality": municipality,
        "code": municipality.code if municipality else "regio",
        "row": row,
        "group": group,
        "round": round_,
        "submission": submission,
        "editable": can_change and not (submission and submission.is_locked_for_municipality),
        "saved": saved,
    }
    response = render(request, "agreements/workspace.html#row", context)
    if saved:  # the category's confirm button counts what is left (an out-of-band swap)
        response.content += render_to_string(
            "agreements/workspace.html#category-confirm", {**context, "oob": True}, request
        ).encode()
    return response


@require_POST
@region_view("agreements.view_agreements")
def track_confirm(request, region, municipality_code, pk):
    """Confirm an item unchanged in the open round: one action."""
    municipality = _track_subject(request, region, municipality_code)
    _require_change(request, region, municipality)
    item = get_object_or_404(ActionItem, pk=pk, region=region, is_withdrawn=False)
    try:
        services.status_update_record(
            item=item,
            municipality=municipality,
            actor=request.user,
            expected_version=int(request.POST.get("version") or 0),
            confirm=True,
        )
    except StaleEdit:
        messages.error(
            request,
            _("Someone else saved progress on %(number)s in the meantime; check it first.")
            % {"number": item.number},
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(number)s confirmed unchanged.") % {"number": item.number})
        if request.htmx:
            return _row_response(request, region, municipality, item)
    return redirect(_workspace_url(region, municipality, item))


@require_POST
@region_view("agreements.view_agreements")
def category_confirm(request, region, municipality_code, pk):
    municipality = _track_subject(request, region, municipality_code)
    if municipality is None:
        raise Http404
    _require_change(request, region, municipality)
    category = get_object_or_404(Category, pk=pk, agreement_set__region=region)
    try:
        count = services.category_confirm_unchanged(
            category=category, municipality=municipality, actor=request.user
        )
    except ValidationError as error:  # StaleEdit included
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s action item in “%(category)s” confirmed unchanged.",
                "%(count)s action items in “%(category)s” confirmed unchanged.",
                count,
            )
            % {"count": count, "category": category.name},
        )
    return redirect(_workspace_url(region, municipality))


@require_POST
@region_view("agreements.view_agreements")
def submit(request, region, municipality_code):
    municipality = _track_subject(request, region, municipality_code)
    if municipality is None:
        raise Http404
    submission = Submission.objects.filter(
        round__region=region, round__state=RoundState.OPEN, municipality=municipality
    ).first()
    require(request, "agreements.submit_round", submission or municipality)
    if submission is None:
        messages.error(request, _("There is no open measurement round."))
    else:
        try:
            services.submission_submit(submission=submission, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Submitted. The CFG will review your submission for %(round)s.")
                % {"round": submission.round.name},
            )
    return redirect(_workspace_url(region, municipality))


@require_safe
@region_view("regions.view_region")  # partners too: evidence shared with the region is theirs
def evidence_download(request, region, pk):
    evidence = get_object_or_404(Evidence, pk=pk, region=region)
    require(request, "agreements.download_evidence", evidence)
    if not evidence.file:
        return redirect(evidence.link)
    response = download_response(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )
    audit_log(
        actor=request.user,
        action=Action.DOWNLOAD,
        obj=evidence,
        region=region,
        object_repr=evidence.original_name,
    )
    return response


# --- measurement rounds ------------------------------------------------------------------------


@region_view("agreements.view_rounds")
def rounds(request, region):
    can_manage = request.user.has_perm("agreements.manage_rounds", region)
    open_round = roundflow.open_round(region=region)
    form = (
        RoundForm(
            request.POST or None, initial={"reminder_days_before": region.default_reminder_days}
        )
        if can_manage and open_round is None
        else None
    )
    if request.method == "POST":
        require(request, "agreements.manage_rounds", region)
        if form is None:
            messages.error(request, _("Close the open measurement round before opening a new one."))
            return redirect("agreements:rounds", region_code=region.slug)
        if form.is_valid():
            try:
                round_ = services.round_create(
                    region=region, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request, _("Measurement round %(name)s opened.") % {"name": round_.name}
                )
                return redirect("agreements:round_detail", region_code=region.slug, pk=round_.pk)
    return render(
        request,
        "agreements/rounds.html",
        {
            "region": region,
            "rounds": selectors.rounds_for_region(region=region),
            "form": form,
            "can_manage": can_manage,
            "open_round": open_round,
            "has_set": selectors.agreement_set_current(region=region) is not None,
        },
    )


@require_safe
@region_view("agreements.view_rounds")
def round_detail(request, region, pk):
    round_ = get_object_or_404(MeasurementRound, pk=pk, region=region)
    can_manage = request.user.has_perm("agreements.manage_rounds", region)
    rows = selectors.round_overview(measurement_round=round_)
    results = (
        {r.municipality_id: r for r in selectors.round_results(measurement_round=round_)}
        if round_.state == RoundState.CLOSED
        else {}
    )
    return render(
        request,
        "agreements/round_detail.html",
        {
            "region": region,
            "round": round_,
            "rows": [(row, results.get(row.submission.municipality_id)) for row in rows],
            "region_result": results.get(None),
            "can_manage": can_manage,
            "without_address": (
                roundflow.municipalities_without_address(region=region)
                if can_manage and round_.is_open
                else []
            ),
        },
    )


@region_view("agreements.manage_rounds")
def round_close(request, region, pk):
    """The close page: the consequences in numbers; the POST needs the explicit confirmation."""
    round_ = get_object_or_404(MeasurementRound, pk=pk, region=region)
    if not round_.is_open:
        messages.info(request, _("%(name)s is already closed.") % {"name": round_.name})
        return redirect("agreements:round_detail", region_code=region.slug, pk=round_.pk)
    preview = roundflow.round_close_preview(measurement_round=round_)
    form = RoundCloseForm(request.POST if request.method == "POST" else None, preview=preview)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_close_confirmed(
                measurement_round=round_,
                actor=request.user,
                reason=form.cleaned_data.get("reason", ""),
                accept_submitted=form.cleaned_data.get("accept_submitted", False),
                today=preview.today,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is closed; its figures are frozen.") % {"name": round_.name},
            )
            return redirect("agreements:round_detail", region_code=region.slug, pk=round_.pk)
    return render(
        request,
        "agreements/round_close.html",
        {"region": region, "round": round_, "preview": preview, "form": form},
    )


@region_view("agreements.view_agreements")
def submission_detail(request, region, pk, municipality_code):
    round_ = get_object_or_404(MeasurementRound, pk=pk, region=region)
    submission = get_object_or_404(
        Submission.objects.select_related("municipality"),
        round=round_,
        municipality__code__iexact=municipality_code,
    )
    require(request, "agreements.view_progress", submission)
    can_review = (
        request.user.has_perm("agreements.review_submission", submission)
        and round_.is_open
        and submission.status == SubmissionStatus.SUBMITTED
    )
    only_changed = request.GET.get("changed") == "1"
    item_numbers = []
    if can_review or request.method == "POST":
        item_numbers = roundflow.round_item_numbers(measurement_round=round_)
    form = ReviewForm(
        request.POST or None, initial={"version": submission.version}, item_numbers=item_numbers
    )
    if request.method == "POST":
        require(request, "agreements.review_submission", submission)
        if form.is_valid():
            try:
                services.submission_review(
                    submission=submission,
                    accept=form.cleaned_data["decision"] == "accept",
                    remark=form.cleaned_data["remark"],
                    version=form.cleaned_data["version"],
                    items=form.cleaned_data.get("items") or [],
                    actor=request.user,
                )
            except StaleEdit as error:
                form.add_error(None, error.message)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Review saved; the contact has been e-mailed."))
                return redirect("agreements:round_detail", region_code=region.slug, pk=round_.pk)
    entries = review = None
    if round_.state == RoundState.CLOSED:
        entries = selectors.snapshot_for(
            measurement_round=round_, municipality=submission.municipality
        )
    else:
        review = roundflow.submission_review(submission=submission, only_changed=only_changed)
    return render(
        request,
        "agreements/submission_detail.html",
        {
            "region": region,
            "round": round_,
            "submission": submission,
            "events": submission.events.select_related("actor"),
            "entries": entries,
            "review": review,
            "only_changed": only_changed,
            "form": form if can_review else None,
        },
    )


# --- figures -----------------------------------------------------------------------------------


@region_view("agreements.view_figures")
def figures(request, region):
    agreement_set = selectors.agreement_set_current(region=region)
    can_configure = request.user.has_perm("agreements.manage_rounds", region)
    form = None
    if agreement_set is not None and can_configure:
        form = LagThresholdForm(
            request.POST or None, initial={"lag_threshold": agreement_set.lag_threshold}
        )
    if request.method == "POST":
        require(request, "agreements.manage_rounds", region)
        if form is not None and form.is_valid():
            agreement_set.lag_threshold = form.cleaned_data["lag_threshold"]
            services.agreement_set_save(agreement_set=agreement_set, actor=request.user)
            messages.success(request, _("Threshold saved."))
            return redirect("agreements:figures", region_code=region.slug)
    by_id = figures_module.live_tallies(region=region, agreement_set=agreement_set)
    municipalities = list(
        Municipality.objects.current()
        .filter(region=region)
        .select_related("sub_region")
        .order_by("name")
    )
    sub_regions = region_selectors.sub_regions(region=region)
    filter_form = SubRegionFilterForm(request.GET, sub_regions=sub_regions)
    chosen = filter_form.chosen
    threshold = (
        agreement_set.lag_threshold if agreement_set else figures_module.DEFAULT_LAG_THRESHOLD
    )
    totals = [
        (sub, len(ids), figures_module.total_of(by_id, ids, threshold))
        for sub, ids in (
            region_selectors.sub_region_groups(sub_regions, municipalities) if sub_regions else []
        )
    ]
    if chosen is not None:
        municipalities = [m for m in municipalities if m.sub_region_id == chosen.pk]
    rows = [(m, by_id[m.pk]) for m in municipalities if m.pk in by_id]
    lag = [
        flag
        for flag in figures_module.systematic_lag(region=region)
        if chosen is None or flag.municipality.sub_region_id == chosen.pk
    ]
    return render(
        request,
        "agreements/figures.html",
        {
            "region": region,
            "agreement_set": agreement_set,
            "rows": rows,
            "region_figures": by_id.get(None),
            "lag": lag,
            "form": form,
            "today": timezone.localdate(),
            "n_overdue": sum(1 for _m, f in rows if f.items_overdue),
            "filter_form": filter_form,
            "chosen": chosen,
            "sub_region_totals": totals,
            "has_sub_regions": bool(sub_regions),
        },
    )


# --- a municipality's own planning and the follow-up log (issue 16) ---------------------------


def _municipality_or_404(region, code) -> Municipality:
    return get_object_or_404(Municipality, region=region, code__iexact=code)


@region_view("agreements.view_agreements")
def own_planning(request, region, municipality_code, pk):
    """The CFG or a coordinator gives one municipality its own due quarter for an item."""
    municipality = _municipality_or_404(region, municipality_code)
    require(request, "agreements.plan_municipality", municipality)
    item = get_object_or_404(
        ActionItem.objects.select_related("agreement_set"), pk=pk, region=region, is_withdrawn=False
    )
    if not item.is_for_municipalities:
        raise Http404
    current = selectors.own_planning(municipality=municipality).get(item.pk)
    form = OwnPlanningForm(
        request.POST or None,
        agreement_set=item.agreement_set,
        current=current.due if current else None,
        initial={"reason": current.reason} if current else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.due_override_set(
                item=item,
                municipality=municipality,
                due=form.cleaned_data["due"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The planning of %(name)s for %(number)s is saved.")
                % {"name": municipality.name, "number": item.number},
            )
            return redirect(
                "agreements:track",
                region_code=region.slug,
                municipality_code=municipality.code,
                pk=item.pk,
            )
    return render(
        request,
        "agreements/own_planning.html",
        {
            "region": region,
            "municipality": municipality,
            "item": item,
            "current": current,
            "form": form,
        },
    )


@region_view("agreements.view_agreements")
def follow_up(request, region, municipality_code):
    """The follow-up log of one municipality: the CFG and coordinators add to it; the steering
    group and board read it."""
    municipality = _municipality_or_404(region, municipality_code)
    require(request, "agreements.view_follow_up", municipality)
    can_add = request.user.has_perm("agreements.add_follow_up", municipality)
    form = FollowUpForm(request.POST or None) if can_add else None
    if request.method == "POST":
        require(request, "agreements.add_follow_up", municipality)
        if form.is_valid():
            try:
                services.follow_up_add(
                    municipality=municipality, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The follow-up is added to the log."))
                return redirect(
                    "agreements:follow_up",
                    region_code=region.slug,
                    municipality_code=municipality.code,
                )
    return render(
        request,
        "agreements/follow_up.html",
        {
            "region": region,
            "municipality": municipality,
            "entries": selectors.follow_ups(municipality=municipality),
            "form": form,
        },
    )
