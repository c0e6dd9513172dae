import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from paraat.accounts.roles import Role
from paraat.agreements.selectors import action_items_region_own
from paraat.core.uploads import ALLOWED_EXTENSIONS
from paraat.regions.models import ProgrammePhase

from .evaluation import SECTIONS as EVALUATION_SECTIONS
from .models import (
    Activity,
    AgendaItem,
    Body,
    Decision,
    DeferredWork,
    Evaluation,
    Goal,
    Handover,
    Meeting,
    MeetingAction,
    ReportSchedule,
    Risk,
    StartDocument,
    Status,
    ThemeTable,
)
from .startdoc import SECTIONS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; the service checks each (core.uploads.check_upload)."""

    def __init__(self, *args, **kwargs):
        accept = ",".join("." + e for e in ALLOWED_EXTENSIONS)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)


class ProgrammeForm(forms.Form):
    vision = forms.CharField(label=_("Vision"), widget=forms.Textarea(attrs={"rows": 6}))
    new_result = forms.CharField(
        label=_("Add a result to deliver"),
        required=False,
        help_text=_(
            "Leave empty to add none. A result that is no longer pursued: set it to not applicable."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
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


class DocumentForm(forms.Form):
    """The text fields of a versioned document, section by section (`documents.Section`), and
    the version it was opened with."""

    SECTIONS: tuple = ()
    number = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in self.SECTIONS:
            for f in section.fields:
                self.fields[f.key] = forms.CharField(
                    label=f.label,
                    help_text=f.help,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )

    def sections(self):
        """(section, bound fields) pairs, so the template can put each under its heading."""
        return [(s, [self[f.key] for f in s.fields]) for s in self.SECTIONS]


class StartDocumentForm(DocumentForm):
    SECTIONS = SECTIONS


class EvaluationTextForm(DocumentForm):
    SECTIONS = EVALUATION_SECTIONS


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["title", "kind", "period_start", "period_end", "tlp"]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
        }

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.region = region

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period comes before its start."))
        return data


class TransitionForm(forms.Form):
    to_status = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActionItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        text = obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"
        return f"{obj.number} {text}"


class ActivityForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Activity
        fields = ["title", "description", "owner", "start", "end", "status", "action_items"]
        field_classes = {"action_items": ActionItemChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "start": DATE,
            "end": DATE,
            "action_items": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = self.instance.version
        items = action_items_region_own(region=self.instance.region)
        if self.instance.pk:  # links to an earlier action list stay choosable: none is lost
            items = items | self.instance.action_items.all()
        self.fields["action_items"].queryset = items.distinct().order_by(
            "agreement_set_id", "category__order", "order", "id"
        )

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
    bottleneck = forms.CharField(
        label=_("Bottleneck"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What blocks progress, if anything."),
    )
    bottleneck_owner = forms.CharField(
        label=_("Who must act"),
        required=False,
        max_length=200,
        help_text=_("Who must act to remove the bottleneck, e.g. the steering group."),
    )
    files = MultipleFileField(label=_("Attachments"))


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
    # the default is the initial value, so an untouched empty row is skipped, not refused
    status = forms.ChoiceField(
        label=_("Status"), choices=Status.choices, initial=Status.NOT_STARTED
    )


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


GOAL_LINE = re.compile(r"^\s*([a-z])\)\s*(.+?)\s*$")


class AmbitionForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=20)
    title = forms.CharField(label=_("Core ambition"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    goals = forms.CharField(
        label=_("Goals"),
        required=False,
        help_text=_(
            "One goal per line, starting with its letter, e.g. “a) Business continuity plan”."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_goals(self):
        rows, problems, seen = [], [], set()
        for n, line in enumerate(self.cleaned_data["goals"].splitlines(), start=1):
            if not line.strip():
                continue
            m = GOAL_LINE.match(line)
            if m is None:
                problems.append(
                    _("Line %(n)s (“%(line)s”) does not start with a letter and a bracket.")
                    % {"n": n, "line": line.strip()[:60]}
                )
            elif m.group(1) in seen:
                problems.append(
                    _("Line %(n)s: letter %(letter)s is used twice.")
                    % {"n": n, "letter": m.group(1)}
                )
            else:
                seen.add(m.group(1))
                rows.append((m.group(1), m.group(2)))
        if problems:
            raise forms.ValidationError(problems)
        return rows


AmbitionFormSet = forms.formset_factory(AmbitionForm, extra=1, can_delete=True)


class BodyMemberForm(forms.Form):
    body = forms.ChoiceField(label=_("Body"), choices=Body.choices, initial=Body.STEERING_GROUP)
    role = forms.CharField(label=_("Role"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)


BodyMemberFormSet = forms.formset_factory(BodyMemberForm, extra=2, can_delete=True)


# --- steering group meetings (issue 18) -----------------------------------------------------


class MeetingForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Meeting
        fields = ["date", "location", "tlp", "minutes"]
        widgets = {"date": DATE, "minutes": forms.Textarea(attrs={"rows": 10})}
        help_texts = {"tlp": _("Who may read the minutes; AMBER unless chosen otherwise.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = self.instance.version


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "kind", "startdoc", "risk", "report"]

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["startdoc"].queryset = StartDocument.objects.filter(
            table__region=region
        ).select_related("table")
        self.fields["startdoc"].label_from_instance = lambda d: d.table.name
        self.fields["risk"].queryset = Risk.objects.filter(region=region)
        # The model's foreign key to "reports.ReportRun" made this field: narrow its queryset
        # rather than import the reports app's models, a floor up. The region's 50 newest runs,
        # through a subquery: a sliced queryset cannot look up the chosen run (every choice
        # was refused).
        runs = self.fields["report"].queryset
        newest = runs.filter(region=region).order_by("-id").values("pk")[:50]
        self.fields["report"].queryset = runs.filter(pk__in=newest).order_by("-id")


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["agenda_item", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=meeting)


class MeetingActionForm(forms.ModelForm):
    class Meta:
        model = MeetingAction
        fields = ["text", "owner", "due"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "due": DATE}


class MeetingCommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class HandoverForm(forms.ModelForm):
    class Meta:
        model = Handover
        fields = ["table", "activity", "to_part", "to_detail", "contact", "what", "handed_over_on"]
        widgets = {"what": forms.Textarea(attrs={"rows": 2}), "handed_over_on": DATE}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = ThemeTable.objects.filter(region=region)
        self.fields["activity"].queryset = Activity.objects.filter(region=region)


class TakeBackForm(forms.Form):
    taken_back_on = forms.DateField(label=_("Taken back on"), widget=DATE)


class CyclePauseForm(forms.Form):
    pause = forms.BooleanField(
        label=_("Pause round reminders and submission tasks while lukewarm or warm"),
        required=False,
    )


class ReportScheduleForm(forms.ModelForm):
    class Meta:
        model = ReportSchedule
        fields = ["kind", "format", "audience", "day_of_month"]
