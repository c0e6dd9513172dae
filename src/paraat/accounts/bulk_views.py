"""Bulk invitations: upload, preview, confirm (the flow of every import, `core.importflow`)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from paraat.core import importflow
from paraat.regions.decorators import region_view

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
    def run(**kwargs):
        return bulk.bulk_invite(region=region, actor=request.user, **kwargs)

    def done(result):
        n = len(result.new)
        messages.success(
            request,
            ngettext("%(n)d role granted.", "%(n)d roles granted.", n) % {"n": n}
            + " "
            + _("People who already had their role were left as they are."),
        )
        return redirect("members:list", region_code=region.slug)

    return importflow.import_page(
        request,
        region=region,
        store=PREVIEWS,
        form_class=BulkInviteForm,
        run=run,
        done=done,
        template="accounts/bulk_invite.html",
        context={"region": region},
    )
