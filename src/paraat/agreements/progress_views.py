"""The progress-import page (issue 13): preview a progress list, then import the same file."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect

from paraat.core import importflow
from paraat.regions.decorators import region_view

from .forms import ProgressImportForm
from .progress_import import ACCEPTED_WORDS, COLUMN_WORDS, progress_import

PREVIEWS = importflow.PreviewStore("agreements_progress_import")


def _kept(form) -> dict:
    """The round the file is for (a past round's name and date), kept with the preview."""
    measured_on = form.cleaned_data["measured_on"]
    return {
        "round_name": form.cleaned_data["round_name"],
        "measured_on": measured_on.isoformat() if measured_on else "",
    }


@region_view("agreements.import_progress")
def progress_import_page(request, region):
    """Step 1: upload and preview (a trial run); step 2: confirm to import the same file."""

    def run(*, measured_on: str = "", **kwargs):
        day = dt.date.fromisoformat(measured_on) if measured_on else None
        return progress_import(region=region, actor=request.user, measured_on=day, **kwargs)

    def done(report):
        for line in report.lines():
            messages.success(request, line)
        if report.round_name:
            return redirect("agreements:rounds", region_code=region.slug)
        return redirect("agreements:progress_import", region_code=region.slug)

    return importflow.import_page(
        request,
        region=region,
        store=PREVIEWS,
        form_class=ProgressImportForm,
        run=run,
        done=done,
        kept=_kept,
        template="agreements/progress_import.html",
        context={"region": region, "columns": COLUMN_WORDS, "accepted_words": ACCEPTED_WORDS},
    )
