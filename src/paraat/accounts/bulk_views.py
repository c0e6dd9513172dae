"""Bulk invitations: upload, preview, confirm (the flow of every import, `core.importflow`)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from paraat.core import importflow
from paraat.core.decorators import region_view

from . import bulk

PREVIEWS = importflow.PreviewStore("paraat_bulk_invite")
MAX_BYTES = 1024 * 1024


class BulkInviteForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (XLSX or CSV)"),
        help_text=gettext_lazy(
            "One row per person and role, with the columns Naam, E-mail, Organisatie and Rol."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("The file is too large: at most %(mb)s MB.") % {"mb": 1})
        return upload


@region_view("accounts.manage_users")
def bulk_invite(request, region):
    form = BulkInviteForm()
    context = {"region": region, "form": form}
    if request.method == "POST" and request.POST.get("confirm"):
        pending = PREVIEWS.take(request, region=region)
        if pending is None:
            messages.error(request, PREVIEWS.expired_message())
            return redirect("members:bulk_invite", region_code=region.slug)
        try:
            result = bulk.bulk_invite(
                region=region, data=pending.data, filename=pending.name, actor=request.user
            )
        except importflow.ImportRefused as refused:
            context["problems"] = refused.problems
        else:
            PREVIEWS.discard(request)
            n = len(result.new)
            messages.success(
                request,
                ngettext("%(n)d role granted.", "%(n)d roles granted.", n) % {"n": n}
                + " "
                + _("People who already had their role were left as they are."),
            )
            return redirect("members:list", region_code=region.slug)
    elif request.method == "POST":
        form = BulkInviteForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            context["filename"] = upload.name
            try:
                result = bulk.bulk_invite(
                    region=region, data=data, filename=upload.name, actor=request.user, dry_run=True
                )
            except importflow.ImportRefused as refused:
                context["problems"] = refused.problems
            else:
                context["report"] = result
                if result.changed_anything:
                    context["token"] = PREVIEWS.keep(
                        request, region=region, data=data, name=upload.name
                    )
    return render(request, "accounts/bulk_invite.html", context)
