from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from paraat.core.concurrency import StaleEdit
from paraat.core.decorators import require
from paraat.core.uploads import download_response
from paraat.permissions import tlp_q
from paraat.programme.selectors import evaluation_detail
from paraat.regions.decorators import region_view
from paraat.regions.models import Municipality

from . import selectors, services
from .forms import BinderForm, EvaluationReportForm, PlanCopyForm, ReportRequestForm, is_staff
from .models import PlanCopy, ReportFile, ReportFormat, ReportKind, ReportRun, RunStatus


@dataclass(frozen=True)
class ReportScope:
    """A report not made yet, for the permission rules: region, municipality and kind."""

    region_id: int
    municipality_id: int | None
    kind: str


def _scope(region, municipality_code: str, kind: str) -> ReportScope:
    municipality_id = None
    if municipality_code:
        municipality = get_object_or_404(Municipality, region=region, code=municipality_code)
        municipality_id = municipality.pk
    return ReportScope(region.pk, municipality_id, kind)


@require_safe
@region_view("reports.view_reports")
def index(request, region):
    runs = selectors.runs_visible(region=region, user=request.user)
    return render(
        request,
        "reports/index.html",
        {
            "region": region,
            "runs": runs,
            "can_request": request.user.has_perm("reports.request_reports", region),
            "can_binder": request.user.has_perm("reports.use_binder", region),
            "can_evaluations": request.user.has_perm("programme.view_evaluations", region),
            "can_plans": request.user.has_perm("reports.manage_plans", region),
        },
    )


@region_view("reports.request_reports")
def request_report(request, region):
    form = ReportRequestForm(request.POST or None, region=region, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        require(
            request, "reports.generate_report", _scope(region, data["municipality"], data["kind"])
        )
        try:
            run = services.report_request(
                region=region,
                kind=data["kind"],
                fmt=data["format"],
                parameters=form.parameters(),
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("reports:run_detail", region_code=region.slug, pk=run.pk)
    return render(request, "reports/request.html", {"region": region, "form": form})


def _run(request, region, pk) -> ReportRun:
    run = get_object_or_404(
        ReportRun.objects.select_related("municipality", "requested_by", "region"),
        pk=pk,
        region=region,
    )
    require(request, "reports.view_report", run)
    return run


POLL_FAST = 30  # the status asks every 2 s for the first minute,
POLL_MAX = 90  # then every 10 s for ten minutes more; then it stops asking by itself


def _polling(request, run: ReportRun) -> dict:
    """How the status part asks for news: `poll` is the number of the next request (None: do
    not ask), so a status page never polls for ever, even when no worker is running."""
    try:
        count = max(0, int(request.GET.get("poll", 0)))
    except ValueError:
        count = 0
    if run.is_finished:
        return {"poll": None}
    return {
        "poll": count + 1 if count < POLL_MAX else None,
        "poll_every": "2s" if count < POLL_FAST else "10s",
        "polls_stopped": count >= POLL_MAX,
        "waiting_long": run.status == RunStatus.QUEUED and count >= POLL_FAST,
    }


@require_safe
@region_view("reports.view_reports")
def run_detail(request, region, pk):
    run = _run(request, region, pk)
    context = {
        "region": region,
        "run": run,
        "files": list(run.files.all()),
        "can_regenerate": request.user.has_perm("reports.generate_report", run),
        **_polling(request, run),
    }
    if request.htmx:
        return render(request, "reports/run_detail.html#status", context)
    return render(request, "reports/run_detail.html", context)


@require_safe
@region_view("reports.view_reports")
def run_download(request, region, pk, file_pk):
    run = _run(request, region, pk)
    report_file = get_object_or_404(ReportFile, pk=file_pk, run=run)
    response = download_response(
        report_file.file, filename=report_file.filename, content_type=report_file.content_type
    )
    services.report_file_download_record(report_file=report_file, actor=request.user)
    response["X-Content-SHA256"] = report_file.sha256
    return response


@require_POST
@region_view("reports.view_reports")
def run_regenerate(request, region, pk):
    run = _run(request, region, pk)
    require(request, "reports.generate_report", run)
    new = services.report_regenerate(run=run, actor=request.user)
    messages.success(request, _("A new version of this report is being made."))
    return redirect("reports:run_detail", region_code=region.slug, pk=new.pk)


@require_POST
@region_view("reports.view_reports")
def run_retry(request, region, pk):
    run = _run(request, region, pk)
    require(request, "reports.generate_report", run)
    try:
        services.report_retry(run=run, actor=request.user)
    except ValidationError as exc:  # not failed (any more): nothing to try again
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, _("The report is being made again."))
    return redirect("reports:run_detail", region_code=region.slug, pk=run.pk)


@region_view("reports.use_binder")
def binder(request, region):
    can_export = request.user.has_perm("reports.request_reports", region)
    form = BinderForm(request.POST or None, region=region, user=request.user)
    if request.method == "POST":
        require(request, "reports.request_reports", region)
        if form.is_valid():
            code = form.cleaned_data["municipality"]
            if not code and not is_staff(request.user, region):
                code = form.fields["municipality"].choices[0][0]
            require(request, "reports.generate_report", _scope(region, code, ReportKind.BINDER))
            run = services.report_request(
                region=region,
                kind=ReportKind.BINDER,
                fmt=ReportFormat.BINDER,
                parameters={"municipality": code},
                actor=request.user,
            )
            return redirect("reports:run_detail", region_code=region.slug, pk=run.pk)
    latest = selectors.latest_binders(region=region, user=request.user)
    return render(
        request,
        "reports/binder.html",
        {
            "region": region,
            "form": form,
            "can_export": can_export,
            "latest": latest,
            "max_age": selectors.binder_max_age_days(region),
        },
    )


@require_safe
@region_view("reports.manage_plans")
def plan_list(request, region):
    plans = (
        PlanCopy.objects.filter(region=region)
        .filter(tlp_q(request.user, region, author_field="updated_by", has_partner=False))
        .select_related("municipality")
    )
    return render(request, "reports/plan_list.html", {"region": region, "plans": plans})


@region_view("reports.manage_plans")
def plan_edit(request, region, pk=None):
    plan = get_object_or_404(PlanCopy, pk=pk, region=region) if pk else PlanCopy(region=region)
    if pk:
        require(request, "reports.view_plan", plan)
    form = PlanCopyForm(request.POST or None, instance=plan, region=region)
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_copy_save(
                plan=form.instance,
                actor=request.user,
                expected_version=form.cleaned_data.get("version"),
                tlp_reason=form.cleaned_data.get("tlp_reason", ""),
            )
        except StaleEdit as exc:
            form.data = form.data.copy()
            form.data["version"] = exc.current.version
            form.add_error(None, exc)
            current = exc.current
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Plan saved."))
            return redirect("reports:plan_list", region_code=region.slug)
    return render(
        request, "reports/plan_form.html", {"region": region, "form": form, "current": current}
    )


@region_view("reports.view_reports")
def evaluation(request, region, pk):
    """The evaluation report (issue 18): make it as PDF or Word through the job queue, and the
    runs made of it so far. The evaluation's own page (programme) links here."""

    item = evaluation_detail(region=region, pk=pk)
    if item is None:
        raise Http404
    require(request, "programme.view_evaluation", item)
    scope = ReportScope(region.pk, None, ReportKind.EVALUATION)
    form = EvaluationReportForm(request.POST or None)
    if request.method == "POST":
        require(request, "reports.generate_report", scope)
        if form.is_valid():
            try:
                run = services.report_request(
                    region=region,
                    kind=ReportKind.EVALUATION,
                    fmt=form.cleaned_data["format"],
                    parameters={"evaluation": item.pk, "tlp": form.cleaned_data["tlp"]},
                    actor=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("reports:run_detail", region_code=region.slug, pk=run.pk)
    return render(
        request,
        "reports/evaluation.html",
        {
            "region": region,
            "evaluation": item,
            "form": form,
            "can_generate": request.user.has_perm("reports.generate_report", scope),
            "runs": selectors.evaluation_runs(
                region=region, evaluation_id=item.pk, user=request.user
            ),
        },
    )
