from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from paraat.accounts.roles import Role
from paraat.regions.models import ProgrammePhase

from .models import (
    Activity,
    DeferredWork,
    Goal,
    Risk,
    Status,
    ThemeTable,
)
from .startdoc import SECTIONS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)


class ProgrammeForm(forms.Form):
    vision = forms.CharField(label=_("Vision"), widget=forms.Textarea(attrs={"rows": 6}))
    version = VersionField()

    def __init__(self, *args, results=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.results = list(results)
        for r in self.results:
            self.fields[f"status_{r.pk}"] = forms.ChoiceField(
                label=_("Status of result %(n)s") % {"n": r.number},
                choices=Status.choices,
                initial=r.status,
            )
            self.fields[f"note_{r.pk}"] = forms.CharField(
                label=_("Explanation for result %(n)s") % {"n": r.number},
                required=False,
                initial=r.note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def result_rows(self) -> list[dict]:
        return [
            {
                "pk": r.pk,
                "status": self.cleaned_data[f"status_{r.pk}"],
                "note": self.cleaned_data[f"note_{r.pk}"],
            }
            for r in self.results
        ]


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        return f"{obj.ambition.number}{obj.letter}) {obj.title}"


class ThemeTableForm(forms.ModelForm):
    goals = GoalChoiceField(
        label=_("Ambitions and goals this table serves"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = VersionField()

    class Meta:
        model = ThemeTable
        fields = ["name", "lead", "lead_role", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, region, can_change_lead: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.region = region
        self.fields["goals"].queryset = Goal.objects.filter(ambition__region=region).select_related(
            "ambition"
        )
        self.fields["lead"].queryset = (
            get_user_model()
            .objects.filter(
                memberships__region=region,
                memberships__is_active=True,
                memberships__role__in=[Role.THEME_LEAD, Role.COORDINATOR, Role.ADMIN],
            )
            .distinct()
            .order_by("full_name")
        )
        self.fields["lead"].help_text = _("The user who leads this table and may edit it.")
        if not can_change_lead:
            self.fields["lead"].disabled = True
        if self.instance.pk:
            self.initial["goals"] = list(self.instance.goals.values_list("pk", flat=True))
            self.initial["version"] = self.instance.version


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name or role"), max_length=200)
    role = forms.CharField(label=_("Role in the table"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    expertise = forms.CharField(label=_("Expertise"), max_length=200, required=False)


MemberFormSet = forms.formset_factory(MemberForm, extra=3, can_delete=True)


class StartDocumentForm(forms.Form):
    number = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            for f in section.fields:
                self.fields[f.key] = forms.CharField(
                    label=f.label,
                    help_text=f.help,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )

    def sections(self):
        """(section, bound fields) pairs, so the template can put each under its heading."""
        return [(s, [self[f.key] for f in s.fields]) for s in SECTIONS]


class TransitionForm(forms.Form):
    to_status = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActivityForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Activity
        fields = ["title", "description", "owner", "start", "end", "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "start": DATE,
            "end": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = self.instance.version

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date lies before the start date."))
        return data


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=300)
    due = forms.DateField(label=_("Date"), widget=DATE)
    reached = forms.BooleanField(label=_("Reached"), required=False)


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=2, can_delete=True)


class ActivityUpdateForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))


class DeferredWorkForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = DeferredWork
        fields = ["task", "team", "impact", "accepted_by", "until"]
        widgets = {
            "task": forms.Textarea(attrs={"rows": 2}),
            "impact": forms.Textarea(attrs={"rows": 2}),
            "until": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = self.instance.version


class RiskForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Risk
        fields = [
            "kind",
            "title",
            "description",
            "cause",
            "effect",
            "likelihood",
            "impact",
            "owner",
            "review_date",
            "state",
            "table",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "cause": forms.Textarea(attrs={"rows": 2}),
            "effect": forms.Textarea(attrs={"rows": 2}),
            "likelihood": forms.Select(choices=[(i, i) for i in range(1, 6)]),
            "impact": forms.Select(choices=[(i, i) for i in range(1, 6)]),
            "review_date": DATE,
        }

    def __init__(self, *args, region, can_move: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.region = region
        self.fields["table"].queryset = ThemeTable.objects.filter(region=region)
        self.fields["likelihood"].help_text = _("1 = very unlikely, 5 = almost certain.")
        self.fields["impact"].help_text = _("1 = very small, 5 = very large.")
        if not can_move:
            self.fields["table"].disabled = True
            self.fields["kind"].disabled = True
        if self.instance.pk:
            self.initial["version"] = self.instance.version


class MeasureForm(forms.Form):
    text = forms.CharField(label=_("Measure"), widget=forms.Textarea(attrs={"rows": 2}))
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)


MeasureFormSet = forms.formset_factory(MeasureForm, extra=2, can_delete=True)


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("New phase"), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [c for c in ProgrammePhase.choices if c[0] != current]


class SinceForm(forms.Form):
    since = forms.DateField(label=_("Date of the previous report"), widget=DATE)


def formset_rows(formset) -> list[dict]:
    """The filled-in, not deleted rows of a valid formset."""
    return [
        {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]
