"""Bulk invitations: upload, preview, confirm (the flow of the action-list import)."""

import base64
import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from paraat.core.decorators import region_view

from . import bulk

SESSION_KEY = "paraat_bulk_invite"
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
        pending = request.session.get(SESSION_KEY) or {}
        token = request.POST.get("token", "")
        if not token or pending.get("token") != token or pending.get("region") != region.pk:
            messages.error(request, _("The preview has expired; upload the file again."))
            return redirect("members:bulk_invite", region_code=region.slug)
        data = base64.b64decode(pending["data"])
        try:
            result = bulk.bulk_invite(
                region=region, data=data, filename=pending["name"], actor=request.user
            )
        except ValidationError:
            context["result"] = bulk.bulk_read(region=region, data=data, filename=pending["name"])
        else:
            del request.session[SESSION_KEY]
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
            result = bulk.bulk_read(region=region, data=data, filename=upload.name)
            context["result"] = result
            if not result.problems and result.new:
                token = secrets.token_urlsafe(16)
                request.session[SESSION_KEY] = {
                    "token": token,
                    "region": region.pk,
                    "name": upload.name,
                    "data": base64.b64encode(data).decode(),
                }
                context["token"] = token
    return render(request, "accounts/bulk_invite.html", context)
