"""The progress-import page (issue 13): preview a progress list, then import the same file."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render

from paraat.core import importflow
from paraat.core.decorators import region_view

from .forms import ProgressImportForm
from .progress_import import ACCEPTED_WORDS, COLUMN_WORDS, progress_import

PREVIEWS = importflow.PreviewStore("agreements_progress_import")


def _again(region):
    return redirect("agreements:progress_import", region_code=region.slug)


@region_view("agreements.import_progress")
def progress_import_page(request, region):
    """Step 1: upload and preview (a trial run); step 2: confirm to import the same file."""
    form = ProgressImportForm()
    context = {
        "region": region,
        "form": form,
        "columns": COLUMN_WORDS,
        "accepted_words": ACCEPTED_WORDS,
    }
    if request.method == "POST" and request.POST.get("confirm"):
        pending = PREVIEWS.take(request, region=region)
        if pending is None:
            messages.error(request, PREVIEWS.expired_message())
            return _again(region)
        measured_on = pending.extra.get("measured_on")
        try:
            report = progress_import(
                region=region,
                data=pending.data,
                filename=pending.name,
                actor=request.user,
                round_name=pending.extra.get("round_name", ""),
                measured_on=dt.date.fromisoformat(measured_on) if measured_on else None,
            )
        except importflow.ImportRefused as refused:
            context["problems"] = refused.problems
        else:
            PREVIEWS.discard(request)
            for line in report.lines():
                messages.success(request, line)
            if report.round_name:
                return redirect("agreements:rounds", region_code=region.slug)
            return _again(region)
    elif request.method == "POST":
        form = ProgressImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            round_name = form.cleaned_data["round_name"]
            measured_on = form.cleaned_data["measured_on"]
            context["filename"] = upload.name
            try:
                report = progress_import(
                    region=region,
                    data=data,
                    filename=upload.name,
                    actor=request.user,
                    round_name=round_name,
                    measured_on=measured_on,
                    dry_run=True,
                )
            except importflow.ImportRefused as refused:
                context["problems"] = refused.problems
            else:
                token = PREVIEWS.keep(
                    request,
                    region=region,
                    data=data,
                    name=upload.name,
                    round_name=round_name,
                    measured_on=measured_on.isoformat() if measured_on else "",
                )
                context.update(report=report, token=token)
    return render(request, "agreements/progress_import.html", context)
