"""The yearly and final evaluation (issue 18): the list, one evaluation with its written
sections (conclusions, recommendations) in versions, the comparison and the status. The same
versioning, comparison and adoption as the start document (views.document_*, services.
document_*); the report itself (PDF, DOCX) is made by the reports app."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from paraat.core.decorators import require
from paraat.core.forms import service_errors_show
from paraat.regions.decorators import region_view

from . import selectors, services
from .evaluation import FIELD_KEYS, SECTIONS, compare
from .forms import EvaluationForm, EvaluationTextForm
from .models import DocumentStatus, Evaluation
from .views import document_compare_context, document_edit, document_transition_post

LIST = "programme.view_evaluations"
VIEW = "programme.view_evaluation"


def _evaluation(request, region, pk) -> Evaluation:
    evaluation = selectors.evaluation_detail(region=region, pk=pk)
    if evaluation is None:
        raise Http404
    require(request, VIEW, evaluation)
    return evaluation


@require_safe
@region_view(LIST)
def evaluation_list(request, region):
    items = [(e, request.user.has_perm(VIEW, e)) for e in selectors.evaluations(region=region)]
    return render(
        request,
        "programme/evaluation_list.html",
        {
            "region": region,
            "items": items,
            "can_add": request.user.has_perm("programme.add_evaluation", region),
        },
    )


@region_view("programme.add_evaluation")
def evaluation_create(request, region):
    form = EvaluationForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.evaluation_create(evaluation=form.instance, actor=request.user)
        except ValidationError as e:
            service_errors_show(form, e)
        else:
            messages.success(request, _("Evaluation created. Now write its conclusions."))
            return redirect(
                "programme:evaluation_detail", region_code=region.slug, pk=evaluation.pk
            )
    return render(request, "programme/evaluation_form.html", {"region": region, "form": form})


@require_safe
@region_view(LIST)
def evaluation_detail(request, region, pk, number=None):
    evaluation = _evaluation(request, region, pk)
    version = selectors.evaluation_version(evaluation=evaluation, number=number)
    if number is not None and version is None:
        raise Http404
    content = version.content if version else {}
    return render(
        request,
        "programme/evaluation_detail.html",
        {
            "region": region,
            "evaluation": evaluation,
            "document": evaluation,
            "version": version,
            "is_old": number is not None and number != evaluation.current_number,
            "sections": [(s, [(f, content.get(f.key, "")) for f in s.fields]) for s in SECTIONS],
            "versions": evaluation.versions.select_related("saved_by").order_by("-number"),
            "transitions": evaluation.transitions.select_related("actor"),
            "can_edit": request.user.has_perm("programme.edit_document", evaluation),
            "moves": services.allowed_transitions(document=evaluation, user=request.user),
            "DocumentStatus": DocumentStatus,
        },
    )


@region_view(LIST)
def evaluation_edit(request, region, pk):
    evaluation = _evaluation(request, region, pk)
    require(request, "programme.edit_document", evaluation)
    return document_edit(
        request,
        document=evaluation,
        current=selectors.evaluation_version(evaluation=evaluation),
        keys=FIELD_KEYS,
        form_class=EvaluationTextForm,
        save=lambda **fields: services.evaluation_save(evaluation=evaluation, **fields),
        saved_message=_("Version %(n)s of the evaluation saved."),
        done_url=reverse("programme:evaluation_detail", args=[region.slug, evaluation.pk]),
        template="programme/evaluation_edit.html",
        context={"region": region, "evaluation": evaluation},
    )


@require_POST
@region_view(LIST)
def evaluation_transition(request, region, pk):
    evaluation = _evaluation(request, region, pk)
    return document_transition_post(
        request,
        evaluation,
        reverse("programme:evaluation_detail", args=[region.slug, evaluation.pk]),
    )


@require_safe
@region_view(LIST)
def evaluation_compare(request, region, pk):
    evaluation = _evaluation(request, region, pk)
    context = document_compare_context(request, evaluation, compare)
    return render(
        request,
        "programme/evaluation_compare.html",
        {"region": region, "evaluation": evaluation, **context},
    )
