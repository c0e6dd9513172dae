from django import forms
from django.utils.translation import gettext_lazy as _

from paraat.accounts.roles import STAFF_ROLES
from paraat.agreements.figures import closed_rounds
from paraat.core.concurrency import VersionField
from paraat.permissions import municipality_ids, roles_in_region
from paraat.regions.models import Municipality

from .models import TLP, Audience, PlanCopy, ReportFormat, ReportKind

REQUESTABLE_KINDS = [
    (ReportKind.PROGRESS, ReportKind.PROGRESS.label),
    (ReportKind.FACTSHEET, ReportKind.FACTSHEET.label),
    (ReportKind.ROUND, ReportKind.ROUND.label),
]
DOCUMENT_FORMATS = [
    (ReportFormat.PDF, ReportFormat.PDF.label),
    (ReportFormat.DOCX, ReportFormat.DOCX.label),
    (ReportFormat.XLSX, ReportFormat.XLSX.label),
]


def is_staff(user, region) -> bool:
    return bool(user.is_superuser or roles_in_region(user, region) & STAFF_ROLES)


def municipalities_for(user, region):
    """Staff may choose any municipality of the region; a contact only their own."""
    qs = Municipality.objects.current().filter(region=region).order_by("name")
    if is_staff(user, region):
        return qs
    return qs.filter(pk__in=municipality_ids(user, region))


def closed_round_choices(region) -> list[tuple[int, str]]:
    return [(r.pk, r.name) for r in closed_rounds(region=region)]


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=REQUESTABLE_KINDS)
    format = forms.ChoiceField(
        label=_("Format"), choices=DOCUMENT_FORMATS, initial=ReportFormat.PDF
    )
    audience = forms.ChoiceField(
        label=_("Audience (progress report)"),
        choices=[("", "—"), *Audience.choices],
        required=False,
    )
    municipality = forms.ChoiceField(
        label=_("Municipality (factsheet)"),
        required=False,
        help_text=_("Leave empty for all municipalities bundled in one file."),
    )
    reference_date = forms.DateField(
        label=_("Reference date"),
        required=False,
        help_text=_("Leave empty for today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    round = forms.TypedChoiceField(
        label=_("Measurement round (round report)"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Leave empty for the latest closed round."),
    )
    tlp = forms.ChoiceField(
        label=_("TLP label"),
        choices=TLP.choices,
        initial=TLP.AMBER,
        help_text=_("The document gets at least the label of its most confidential part."),
    )

    def __init__(self, *args, region, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.region, self.user = region, user
        self.staff = is_staff(user, region)
        municipalities = municipalities_for(user, region)
        choices = [(m.code, m.name) for m in municipalities]
        if self.staff:
            choices.insert(0, ("", _("All municipalities")))
        self.fields["municipality"].choices = choices
        self.fields["round"].choices = [("", "—"), *closed_round_choices(region)]
        if not self.staff:
            self.fields["kind"].choices = [(ReportKind.FACTSHEET, ReportKind.FACTSHEET.label)]
            self.fields["municipality"].required = True
            self.fields["municipality"].help_text = ""

    def clean(self):
        data = super().clean()
        if data.get("kind") != ReportKind.FACTSHEET:
            data["municipality"] = ""
        return data

    def parameters(self) -> dict:
        data = self.cleaned_data
        return {
            "audience": data.get("audience") if data["kind"] == ReportKind.PROGRESS else "",
            "municipality": data.get("municipality") or "",
            "round": data.get("round") if data["kind"] == ReportKind.ROUND else None,
            "reference_date": data["reference_date"].isoformat()
            if data.get("reference_date")
            else "",
            "tlp": data.get("tlp"),
        }


class BinderForm(forms.Form):
    municipality = forms.ChoiceField(label=_("Binder for"), required=False)

    def __init__(self, *args, region, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(m.code, m.name) for m in municipalities_for(user, region)]
        if is_staff(user, region):
            choices.insert(0, ("", _("The whole region")))
        self.fields["municipality"].choices = choices
        if choices and choices[0][0]:
            self.fields["municipality"].initial = choices[0][0]


class PlanCopyForm(forms.ModelForm):
    version = VersionField()
    tlp_reason = forms.CharField(
        label=_("Reason for a new TLP label"),
        required=False,
        max_length=500,
        help_text=_(
            "Required when you change the label. Only the organisation of the plan may lower "
            "it; coordinators may raise it."
        ),
    )

    class Meta:
        model = PlanCopy
        fields = [
            "title",
            "municipality",
            "owner",
            "plan_version",
            "paper_locations",
            "tlp",
            "is_active",
        ]
        widgets = {"paper_locations": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            region=region
        ).current_or(self.instance.municipality_id)
        self.instance.region = region
        self.fields["version"].initial = self.instance.version
        if self.instance.pk is None:  # a new plan has no label to change
            del self.fields["tlp_reason"]


class EvaluationReportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            (ReportFormat.PDF, ReportFormat.PDF.label),
            (ReportFormat.DOCX, ReportFormat.DOCX.label),
        ],
        initial=ReportFormat.PDF,
    )
    tlp = forms.ChoiceField(
        label=_("TLP label"),
        choices=TLP.choices,
        initial=TLP.AMBER,
        help_text=_("The document gets at least the label of its most confidential part."),
    )
