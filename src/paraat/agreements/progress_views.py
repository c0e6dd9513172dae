"""The progress-import page (issue 13): preview a progress list, then import the same file."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from paraat.core.decorators import region_view

from . import previews
from .forms import ProgressImportForm
from .progress_import import ACCEPTED_WORDS, COLUMN_WORDS, ProgressImportFailed, progress_import

SESSION_KEY = "agreements_progress_import"


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
        pending = request.session.get(SESSION_KEY) or {}
        token = request.POST.get("token", "")
        if not token or pending.get("token") != token or pending.get("region") != region.pk:
            messages.error(request, _("The preview has expired; upload the file again."))
            return _again(region)
        try:
            data = previews.preview_read(pending["path"])
        except OSError:  # pruned, or storage unavailable
            messages.error(request, _("The preview has expired; upload the file again."))
            return _again(region)
        measured_on = pending.get("measured_on")
        try:
            report = progress_import(
                region=region,
                data=data,
                filename=pending["name"],
                actor=request.user,
                round_name=pending.get("round_name", ""),
                measured_on=dt.date.fromisoformat(measured_on) if measured_on else None,
            )
        except ProgressImportFailed as failed:
            context["problems"] = failed.problems
        else:
            previews.preview_discard(pending["path"])
            del request.session[SESSION_KEY]
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
            except ProgressImportFailed as failed:
                context["problems"] = failed.problems
            else:
                earlier = request.session.get(SESSION_KEY) or {}
                previews.preview_discard(earlier.get("path"))  # one pending file per person
                token, path = previews.preview_keep(region=region, data=data)
                request.session[SESSION_KEY] = {
                    "token": token,
                    "path": path,
                    "name": upload.name,
                    "region": region.pk,
                    "round_name": round_name,
                    "measured_on": measured_on.isoformat() if measured_on else "",
                }
                context.update(report=report, token=token)
    return render(request, "agreements/progress_import.html", context)
