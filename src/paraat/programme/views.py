"""Thin views: check the rule on the object, call a selector or service, render."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.core.decorators import require
from paraat.core.forms import service_errors_show
from paraat.core.uploads import download_response
from paraat.regions.decorators import region_view
from paraat.regions.models import ProgrammePhase

from . import exports, selectors, services
from .forms import (
    ActivityForm,
    ActivityUpdateForm,
    AmbitionFormSet,
    BodyMemberFormSet,
    CyclePauseForm,
    DeferredWorkForm,
    HandoverForm,
    MeasureFormSet,
    MemberFormSet,
    MilestoneFormSet,
    PhaseForm,
    ProgrammeForm,
    RiskForm,
    SinceForm,
    StartDocumentForm,
    TakeBackForm,
    ThemeTableForm,
    TransitionForm,
    formset_rows,
)
from .models import (
    Activity,
    ActivityAttachment,
    BodyMember,
    CoreAmbition,
    DeferredWork,
    DocumentStatus,
    Handover,
    ProgrammeResult,
    Risk,
    RiskKind,
    StartDocumentVersion,
    Status,
    ThemeTable,
)
from .phases import PHASE_EFFECTS
from .startdoc import FIELD_KEYS, SECTIONS, compare

VIEW = "programme.view_programme"


_apply_errors = service_errors_show


def _table(region, pk) -> ThemeTable:
    return get_object_or_404(ThemeTable.objects.select_related("lead"), region=region, pk=pk)


# --- programme overview ---------------------------------------------------------------------


@require_safe
@region_view(VIEW)
def overview(request, region):
    context = selectors.programme_overview(region=region)
    context["region"] = region
    return render(request, "programme/overview.html", context)


@region_view("programme.change_programme")
def programme_edit(request, region):
    programme = selectors.programme_of(region=region)
    results = list(ProgrammeResult.objects.filter(region=region))
    form = ProgrammeForm(
        request.POST or None,
        results=results,
        initial={"vision": programme.vision, "version": programme.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_save(
                region=region,
                vision=form.cleaned_data["vision"],
                results=form.result_rows(),
                new_result=form.cleaned_data["new_result"],
                expected_version=form.cleaned_data["version"],
                actor=request.user,
            )
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, _("Programme saved."))
            return redirect("programme:overview", region_code=region.slug)
    return render(request, "programme/programme_form.html", {"region": region, "form": form})


@region_view("programme.change_programme")
def ambitions_edit(request, region):
    initial = [
        {
            "number": a.number,
            "title": a.title,
            "description": a.description,
            "goals": "\n".join(f"{g.letter}) {g.title}" for g in a.goals.all()),
        }
        for a in CoreAmbition.objects.filter(region=region).prefetch_related("goals")
    ]
    formset = AmbitionFormSet(request.POST or None, initial=initial, prefix="a")
    return _formset_page(
        request,
        region,
        formset,
        key=lambda r: r["number"],
        duplicate=_("Each core ambition needs its own number."),
        save=services.ambitions_save,
        saved=_("Core ambitions saved."),
        title=_("Core ambitions and goals"),
    )


@region_view("programme.change_programme")
def bodies_edit(request, region):
    initial = list(BodyMember.objects.filter(region=region).values("body", "role", "organisation"))
    formset = BodyMemberFormSet(request.POST or None, initial=initial, prefix="b")
    return _formset_page(
        request,
        region,
        formset,
        key=lambda r: (r["body"], r["role"]),
        duplicate=_("A role can only be listed once per body."),
        save=services.body_members_save,
        saved=_("Steering group and programme team saved."),
        title=_("Steering group and programme team"),
        intro=_("Record seats by role and organisation; people's names are not needed."),
    )


def _formset_page(request, region, formset, *, key, duplicate, save, saved, title, intro=None):
    """A list of the region's programme rows edited as one form; `key` must be unique."""
    if request.method == "POST" and formset.is_valid():
        rows = formset_rows(formset)
        keys = [key(r) for r in rows]
        if len(keys) != len(set(keys)):
            messages.error(request, duplicate)
        else:
            save(region=region, rows=rows, actor=request.user)
            messages.success(request, saved)
            return redirect("programme:overview", region_code=region.slug)
    context = {"region": region, "formset": formset, "title": title, "intro": intro}
    return render(request, "programme/formset_page.html", context)


# --- theme tables ---------------------------------------------------------------------------


@region_view("programme.change_programme")
def table_create(request, region):
    return _table_form(request, region, table=None, can_change_lead=True)


@require_safe
@region_view(VIEW)
def table_detail(request, region, pk):
    table = selectors.theme_table_detail(region=region, pk=pk)
    if table is None:
        raise Http404
    document = selectors.startdoc_for(table=table)
    items = selectors.with_schedule(table.activities.all(), today=timezone.localdate())
    return render(
        request,
        "programme/table_detail.html",
        {
            "region": region,
            "table": table,
            "activities": items,
            "late": [a for a in items if a.schedule.is_late],
            "document": document,
            "can_edit": request.user.has_perm("programme.change_table", table),
        },
    )


@region_view(VIEW)
def table_edit(request, region, pk):
    table = _table(region, pk)
    require(request, "programme.change_table", table)
    can_change_lead = request.user.has_perm("programme.change_programme", region)
    return _table_form(request, region, table=table, can_change_lead=can_change_lead)


def _table_form(request, region, *, table, can_change_lead: bool):
    """Create (table None) or edit a theme table; an edit is checked against its version."""
    form = ThemeTableForm(
        request.POST or None, instance=table, region=region, can_change_lead=can_change_lead
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.theme_table_save(
                table=form.instance,
                goals=form.cleaned_data["goals"],
                expected_version=form.cleaned_data["version"] if table else None,
                actor=request.user,
            )
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, _("Theme table saved."))
            return redirect("programme:table_detail", region_code=region.slug, pk=saved.pk)
    return render(
        request, "programme/table_form.html", {"region": region, "form": form, "table": table}
    )


@region_view(VIEW)
def table_members(request, region, pk):
    table = _table(region, pk)
    require(request, "programme.change_table", table)
    initial = list(table.members.values("name", "role", "organisation", "expertise"))
    formset = MemberFormSet(request.POST or None, initial=initial, prefix="m")
    version = request.POST.get("version") if request.method == "POST" else table.version
    error = None
    if request.method == "POST" and formset.is_valid():
        try:
            services.table_members_save(
                table=table,
                rows=formset_rows(formset),
                expected_version=int(version) if str(version).isdigit() else None,
                actor=request.user,
            )
        except ValidationError as e:
            error = e.messages[0]
        else:
            messages.success(request, _("Members saved."))
            return redirect("programme:table_detail", region_code=region.slug, pk=table.pk)
    return render(
        request,
        "programme/table_members.html",
        {
            "region": region,
            "table": table,
            "formset": formset,
            "version": version,
            "error": error,
        },
    )


# --- start document -------------------------------------------------------------------------


def _document_context(request, region, table, document, version):
    content = version.content if version else {}
    return {
        "region": region,
        "table": table,
        "document": document,
        "version": version,
        "sections": [(s, [(f, content.get(f.key, "")) for f in s.fields]) for s in SECTIONS],
        "content": content,
        "versions": selectors.startdoc_versions(document=document)
        .select_related("saved_by")
        .order_by("-number"),
        "transitions": selectors.startdoc_transitions(document=document).select_related("actor"),
        "can_edit": request.user.has_perm("programme.change_table", table),
        "moves": services.allowed_transitions(document=document, user=request.user),
        "DocumentStatus": DocumentStatus,
    }


@require_safe
@region_view(VIEW)
def startdoc(request, region, pk, number=None):
    table = _table(region, pk)
    document = selectors.startdoc_for(table=table)
    versions = selectors.startdoc_versions(document=document)
    if number is not None:
        version = get_object_or_404(versions, number=number)
    else:
        version = versions.filter(number=document.current_number).select_related("saved_by").first()
    context = _document_context(request, region, table, document, version)
    context["is_old"] = number is not None and number != document.current_number
    return render(request, "programme/startdoc.html", context)


@region_view(VIEW)
def startdoc_edit(request, region, pk):
    table = _table(region, pk)
    require(request, "programme.change_table", table)
    document = selectors.startdoc_for(table=table)
    current = (
        selectors.startdoc_versions(document=document)
        .filter(number=document.current_number)
        .first()
    )
    return document_edit(
        request,
        document=document,
        current=current,
        keys=FIELD_KEYS,
        form_class=StartDocumentForm,
        save=lambda **fields: services.startdoc_save(table=table, **fields),
        saved_message=_("Version %(n)s of the start document saved."),
        done_url=reverse("programme:startdoc", args=[region.slug, table.pk]),
        template="programme/startdoc_form.html",
        context={"region": region, "table": table, "document": document},
    )


@require_POST
@region_view(VIEW)
def startdoc_transition(request, region, pk):
    table = _table(region, pk)
    document = selectors.startdoc_for(table=table)
    return document_transition_post(
        request, document, reverse("programme:startdoc", args=[region.slug, table.pk])
    )


def document_edit(
    request,
    *,
    document,
    current,
    keys,
    form_class,
    save,
    saved_message: str,
    done_url: str,
    template: str,
    context: dict,
):
    """The edit page of any versioned document (start document, evaluation): the form starts
    from the current version's text and the version number it was read at, so a save on top of
    someone else's is refused (optimistic lock); `save(fields=, expected_number=, actor=)` is
    the document's service. The page extends `programme/document_edit.html`."""
    initial = {k: (current.content.get(k, "") if current else "") for k in keys}
    initial["number"] = document.current_number
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = save(
                fields=form.cleaned_data,
                expected_number=form.cleaned_data["number"],
                actor=request.user,
            )
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, saved_message % {"n": version.number})
            return redirect(done_url)
    return render(
        request,
        template,
        {
            **context,
            "form": form,
            "locked": document.status != DocumentStatus.CONCEPT,
            "done_url": done_url,
        },
    )


def document_compare_context(request, document, compare_fn) -> dict:
    """The two versions to compare (GET a and b; default: the current one and the one before)
    and their differences, for any versioned document."""
    versions = (
        list(document.versions.select_related("saved_by").order_by("number"))
        if document.pk is not None  # an unsaved start document has none
        else []
    )
    by_number = {v.number: v for v in versions}
    try:
        a = int(request.GET.get("a", document.current_number - 1))
        b = int(request.GET.get("b", document.current_number))
    except ValueError:
        a, b = document.current_number - 1, document.current_number
    old, new = by_number.get(a), by_number.get(b)
    return {
        "document": document,
        "versions": versions,
        "old": old,
        "new": new,
        "diff": compare_fn(old.content, new.content) if old and new else None,
    }


def document_transition_post(request, document, detail_url: str):
    """Make one move of the document workflow from the status form; back to the document."""
    # Only people who may make at least one move get past here (others: 403, audited).
    if not services.DOCUMENT_WORKFLOW.may_move_at_all(request.user, document):
        raise PermissionDenied("programme.document_transition")
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.document_transition(
                document=document,
                to_status=form.cleaned_data["to_status"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(
                request,
                _("Status is now: %(status)s.") % {"status": document.get_status_display()},
            )
    else:
        messages.error(request, _("Choose a status."))
    return redirect(detail_url)


@require_safe
@region_view(VIEW)
def startdoc_compare(request, region, pk):
    table = _table(region, pk)
    document = selectors.startdoc_for(table=table)
    context = document_compare_context(request, document, compare)
    return render(
        request,
        "programme/startdoc_compare.html",
        {"region": region, "table": table, **context},
    )


def _export_version(request, region, pk):
    table = _table(region, pk)
    document = selectors.startdoc_for(table=table)
    number = request.GET.get("version", document.current_number)
    try:
        version = (
            selectors.startdoc_versions(document=document)
            .select_related("saved_by")
            .get(number=int(number))
        )
    except (ValueError, StartDocumentVersion.DoesNotExist):
        raise Http404 from None
    audit_log(
        actor=request.user,
        action=Action.EXPORT,
        obj=document,
        region=region,
        detail={"version": version.number},
    )
    return table, document, version


@require_safe
@region_view(VIEW)
def startdoc_docx(request, region, pk):
    table, document, version = _export_version(request, region, pk)
    data = exports.startdoc_docx(table=table, document=document, version=version)
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = exports.filename(table, version, "docx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@region_view(VIEW)
def startdoc_pdf(request, region, pk):
    table, document, version = _export_version(request, region, pk)
    data = exports.startdoc_pdf(request, table=table, document=document, version=version)
    response = HttpResponse(data, content_type="application/pdf")
    name = exports.filename(table, version, "pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- activities -----------------------------------------------------------------------------


@require_safe
@region_view(VIEW)
def activity_list(request, region):
    table = request.GET.get("table") or None
    status = request.GET.get("status") or None
    items = selectors.with_schedule(
        selectors.activities(region=region, table=table, status=status),
        today=timezone.localdate(),
    )
    return render(
        request,
        "programme/activity_list.html",
        {
            "region": region,
            "groups": selectors.group_by_table(items),
            "tables": ThemeTable.objects.filter(region=region),
            "statuses": Status.choices,
            "chosen_table": table or "",
            "chosen_status": status or "",
            "can_add_team": request.user.has_perm("programme.change_table", region),
        },
    )


def _activity_form(request, region, activity, table):
    form = ActivityForm(request.POST or None, instance=activity)
    initial = (
        [{"title": m.title, "due": m.due, "reached": m.reached} for m in activity.milestones.all()]
        if activity.pk
        else []
    )
    milestones = MilestoneFormSet(request.POST or None, initial=initial, prefix="ms")
    if request.method == "POST" and form.is_valid() and milestones.is_valid():
        try:
            saved = services.activity_save(
                activity=form.instance,
                milestones=formset_rows(milestones),
                expected_version=form.cleaned_data["version"],
                actor=request.user,
                action_items=form.cleaned_data["action_items"],
            )
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, _("Activity saved."))
            return redirect("programme:activity_detail", region_code=region.slug, pk=saved.pk)
    return render(
        request,
        "programme/activity_form.html",
        {
            "region": region,
            "form": form,
            "milestones": milestones,
            "table": table,
            "activity": activity,
        },
    )


@region_view(VIEW)
def activity_create(request, region, table_pk=None):
    table = _table(region, table_pk) if table_pk else None
    require(request, "programme.change_table", table or region)
    return _activity_form(request, region, Activity(region=region, table=table), table)


@require_safe
@region_view(VIEW)
def activity_detail(request, region, pk):
    activity = selectors.activity_detail(region=region, pk=pk)
    if activity is None:
        raise Http404
    can_edit = request.user.has_perm("programme.change_table", activity.table or region)
    form = ActivityUpdateForm(initial={"date": timezone.localdate(), "status": activity.status})
    return render(
        request,
        "programme/activity_detail.html",
        {"region": region, "activity": activity, "can_edit": can_edit, "form": form},
    )


@require_safe
@region_view(VIEW)
def attachment_download(request, region, pk):
    """A progress update's file, to whoever may read the programme; every download audited."""
    attachment = get_object_or_404(
        ActivityAttachment.objects.select_related("update__activity"), region=region, pk=pk
    )
    require(request, VIEW, region)
    response = download_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )
    audit_log(
        actor=request.user,
        action=Action.DOWNLOAD,
        obj=attachment,
        region=region,
        object_repr=attachment.original_name,
    )
    return response


@require_safe
@region_view(VIEW)
def dashboard(request, region):
    """The programme dashboard: every theme table's and the programme team's schedule."""
    context = selectors.programme_dashboard(region=region, today=timezone.localdate())
    context["region"] = region
    return render(request, "programme/dashboard.html", context)


@region_view(VIEW)
def activity_edit(request, region, pk):
    activity = get_object_or_404(Activity.objects.select_related("table"), region=region, pk=pk)
    require(request, "programme.change_table", activity.table or region)
    return _activity_form(request, region, activity, activity.table)


@require_POST
@region_view(VIEW)
def activity_update(request, region, pk):
    activity = get_object_or_404(Activity.objects.select_related("table"), region=region, pk=pk)
    require(request, "programme.change_table", activity.table or region)
    form = ActivityUpdateForm(request.POST, request.FILES)
    saved = False
    if form.is_valid():
        try:
            services.activity_add_update(actor=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            if not request.htmx:
                messages.success(request, _("Progress update saved."))
                return redirect("programme:activity_detail", region_code=region.slug, pk=pk)
            saved = True
            form = ActivityUpdateForm(
                initial={"date": timezone.localdate(), "status": activity.status}
            )
    activity = selectors.activity_detail(region=region, pk=pk)
    template = "programme/activity_detail.html"
    return render(
        request,
        f"{template}#updates" if request.htmx else template,
        {"region": region, "activity": activity, "can_edit": True, "form": form, "saved": saved},
    )


@require_safe
@region_view(VIEW)
def timeline(request, region):
    tl, groups = selectors.timeline(region=region, today=timezone.localdate())
    return render(
        request,
        "programme/timeline.html",
        {"region": region, "tl": tl, "groups": groups},
    )


# --- deferred work --------------------------------------------------------------------------


@require_safe
@region_view(VIEW)
def deferred_list(request, region):
    items = list(selectors.deferred_work(region=region))
    return render(
        request,
        "programme/deferred_list.html",
        {
            "region": region,
            "groups": selectors.group_by_table(items),
            "total": len(items),
            "tables": ThemeTable.objects.filter(region=region),
            "can_add_team": request.user.has_perm("programme.change_table", region),
        },
    )


def _deferred_form(request, region, item, table):
    form = DeferredWorkForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.deferred_save(
                item=form.instance,
                expected_version=form.cleaned_data["version"],
                actor=request.user,
            )
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, _("Deferred work saved."))
            return redirect("programme:deferred_list", region_code=region.slug)
    return render(
        request,
        "programme/deferred_form.html",
        {"region": region, "form": form, "table": table, "item": item},
    )


@region_view(VIEW)
def deferred_create(request, region, table_pk=None):
    table = _table(region, table_pk) if table_pk else None
    require(request, "programme.change_table", table or region)
    return _deferred_form(request, region, DeferredWork(region=region, table=table), table)


@region_view(VIEW)
def deferred_edit(request, region, pk):
    item = get_object_or_404(DeferredWork.objects.select_related("table"), region=region, pk=pk)
    require(request, "programme.change_table", item.table or region)
    return _deferred_form(request, region, item, item.table)


# --- risks and opportunities ----------------------------------------------------------------


@require_safe
@region_view(VIEW)
def risk_list(request, region):
    risk_list = list(selectors.risks(region=region))
    for r in risk_list:
        r.code = selectors.risk_code(r)
    return render(
        request,
        "programme/risk_list.html",
        {
            "region": region,
            "threats": [r for r in risk_list if r.kind == RiskKind.THREAT],
            "opportunities": [r for r in risk_list if r.kind == RiskKind.OPPORTUNITY],
            "heat": selectors.heat_map([r for r in risk_list if r.kind == RiskKind.THREAT]),
            "n_open_threats": sum(
                1 for r in risk_list if r.kind == RiskKind.THREAT and r.state == "open"
            ),
            "n_high": sum(
                1
                for r in risk_list
                if r.kind == RiskKind.THREAT and r.state == "open" and r.score >= 15
            ),
            "can_add": request.user.has_perm("programme.change_programme", region),
        },
    )


def _risk_form(request, region, risk):
    can_move = request.user.has_perm("programme.change_programme", region)
    form = RiskForm(request.POST or None, instance=risk, region=region, can_move=can_move)
    initial = [{"text": m.text, "status": m.status} for m in risk.measures.all()] if risk.pk else []
    measures = MeasureFormSet(request.POST or None, initial=initial, prefix="mx")
    if request.method == "POST" and form.is_valid() and measures.is_valid():
        try:
            services.risk_save(
                risk=form.instance,
                measures=formset_rows(measures),
                expected_version=form.cleaned_data["version"],
                actor=request.user,
            )
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, _("Register saved."))
            return redirect("programme:risk_list", region_code=region.slug)
    return render(
        request,
        "programme/risk_form.html",
        {"region": region, "form": form, "measures": measures, "risk": risk},
    )


@region_view("programme.change_programme")
def risk_create(request, region):
    return _risk_form(request, region, Risk(region=region, likelihood=3, impact=3))


@region_view(VIEW)
def risk_edit(request, region, pk):
    risk = get_object_or_404(Risk.objects.select_related("table"), region=region, pk=pk)
    require(request, "programme.change_table", risk.table or region)
    return _risk_form(request, region, risk)


@require_safe
@region_view(VIEW)
def risk_changes(request, region):
    default = timezone.localdate() - datetime.timedelta(days=91)
    form = SinceForm(request.GET or None, initial={"since": default})
    since = form.cleaned_data["since"] if form.is_bound and form.is_valid() else default
    changes = selectors.risk_changes_since(region=region, since=since)
    for c in changes:
        c["risk"].code = selectors.risk_code(c["risk"])
    return render(
        request,
        "programme/risk_changes.html",
        {"region": region, "form": form, "since": since, "changes": changes},
    )


# --- scale-up phase -------------------------------------------------------------------------


@region_view()  # every region member: the phase notice on every page links here
def phase(request, region):
    can_change = request.user.has_perm("regions.change_phase", region)
    if request.method == "POST" and not can_change:
        raise PermissionDenied("regions.change_phase")
    form = PhaseForm(request.POST or None, current=region.phase) if can_change else None
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_switch(
                region=region,
                phase=form.cleaned_data["phase"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(
                request, _("The phase is now: %(phase)s.") % {"phase": region.get_phase_display()}
            )
            return redirect("programme:phase", region_code=region.slug)
    can_view = request.user.has_perm(VIEW, region)
    return render(
        request,
        "programme/phase.html",
        {
            "region": region,
            "form": form,
            "handovers": selectors.handovers(region=region) if can_view else None,
            "handover_form": HandoverForm(region=region, prefix="ho") if can_change else None,
            "pause_form": CyclePauseForm(initial={"pause": region.pause_cycle_when_scaled})
            if can_change
            else None,
            "effects": [
                (value, label, PHASE_EFFECTS[value]) for value, label in ProgrammePhase.choices
            ],
            "history": region.phase_changes.select_related("changed_by")[:50],
        },
    )


@require_POST
@region_view("regions.change_phase")
def handover_add(request, region):
    form = HandoverForm(request.POST, region=region, prefix="ho")
    if form.is_valid():
        try:
            services.handover_record(region=region, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("Hand-over recorded."))
    else:
        errors = [
            f"{form.fields[f].label if f in form.fields else ''}: {' '.join(m)}"
            for f, m in form.errors.items()
        ]
        messages.error(
            request, _("The hand-over was not recorded: %(errors)s") % {"errors": "; ".join(errors)}
        )
    return redirect(reverse("programme:phase", args=[region.slug]) + "#handovers")


@require_POST
@region_view("regions.change_phase")
def handover_take_back(request, region, pk):
    handover = get_object_or_404(Handover, region=region, pk=pk)
    form = TakeBackForm(request.POST)
    if form.is_valid():
        try:
            services.handover_take_back(
                handover=handover, on=form.cleaned_data["taken_back_on"], actor=request.user
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("Recorded as taken back."))
    else:
        messages.error(request, _("Give the date it was taken back."))
    return redirect(reverse("programme:phase", args=[region.slug]) + "#handovers")


@require_POST
@region_view("regions.change_phase")
def cycle_pause(request, region):
    form = CyclePauseForm(request.POST)
    form.is_valid()
    services.region_set_cycle_pause(
        region=region, pause=form.cleaned_data.get("pause", False), actor=request.user
    )
    messages.success(request, _("Setting saved."))
    return redirect("programme:phase", region_code=region.slug)
