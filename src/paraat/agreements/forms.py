from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from paraat.core.filters import FilterForm
from paraat.core.uploads import max_upload_bytes

from .evidence import ALLOWED_EXTENSIONS, evidence_check
from .models import PROGRESS_FIELDS, ActionItem, Category, OwnerType, Party, Quarter, Status
from .selectors import WORKSPACE_FILTERS
from .services import STATUS_WORKFLOW


def quarter_choices(agreement_set, current: Quarter | None = None) -> list[tuple[str, str]]:
    start = agreement_set.period_start or 2025
    end = agreement_set.period_end or start + 3
    quarters = [Quarter(y, q) for y in range(start, end + 1) for q in range(1, 5)]
    if current and current not in quarters:
        quarters.append(current)
    return [("", _("— no due quarter —"))] + [(f"{q.year}-{q.quarter}", str(q)) for q in quarters]


class ActionItemForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=20)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    new_category = forms.CharField(label=_("or a new category"), max_length=200, required=False)
    text = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 3}))
    owner_type = forms.ChoiceField(
        label=_("Owner"), choices=OwnerType.choices, widget=forms.RadioSelect
    )
    due = forms.ChoiceField(label=_("Due quarter"), required=False)
    baseline = forms.CharField(
        label=_("Baseline (when is it in order)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Note / partners"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, agreement_set, item: ActionItem | None = None, **kwargs):
        if item is not None and "initial" not in kwargs:
            due = item.due
            kwargs["initial"] = {
                "number": item.number,
                "category": item.category_id,
                "text": item.text,
                "owner_type": item.owner_type,
                "due": f"{due.year}-{due.quarter}" if due else "",
                "baseline": item.baseline,
                "note": item.note,
                "version": item.version,
            }
        super().__init__(*args, **kwargs)
        self.agreement_set = agreement_set
        self.item = item
        self.fields["category"].queryset = (
            agreement_set.categories.order_by("order", "name")
            if agreement_set.pk
            else Category.objects.none()
        )
        self.fields["category"].required = False
        self.fields["due"].choices = quarter_choices(agreement_set, item.due if item else None)

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if self.agreement_set.pk is None:
            return number
        clash = ActionItem.objects.filter(agreement_set=self.agreement_set, number=number)
        if self.item is not None:
            clash = clash.exclude(pk=self.item.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another action item already has this number."))
        return number

    def clean(self):
        data = super().clean()
        if not data.get("category") and not (data.get("new_category") or "").strip():
            self.add_error("category", _("Choose a category or name a new one."))
        due = data.get("due") or ""
        if due:
            year, quarter = due.split("-")
            data["due_year"], data["due_quarter"] = int(year), int(quarter)
        else:
            data["due_year"] = data["due_quarter"] = None
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this action item withdrawn?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RestoreForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this action item restored?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file (separated by ; or ,)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        """Size only: the content is read (and every problem listed) by paraat.core.tabular."""

        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                _("The file is too large: at most %(mb)s MB.") % {"mb": max_upload_bytes() // 2**20}
            )
        return upload


class StatusUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, widget=forms.RadioSelect)
    not_applicable_reason = forms.CharField(
        label=_("Why does it not apply?"),
        required=False,
        help_text=_("Required when the status is “not applicable”."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    explanation = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence_file = forms.FileField(
        label=_("Evidence (file)"),
        required=False,
        help_text=_("PDF, Office or OpenDocument file or an image."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join("." + e for e in ALLOWED_EXTENSIONS)}
        ),
    )
    evidence_link = forms.URLField(
        label=_("Evidence (link)"), required=False, max_length=500, assume_scheme="https"
    )
    bottleneck = forms.CharField(
        label=_("Bottleneck"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    bottleneck_party = forms.ChoiceField(
        label=_("Who must act on the bottleneck?"),
        required=False,
        choices=[("", "—"), *Party.choices],
    )
    bottleneck_solved = forms.BooleanField(
        label=_("The bottleneck is solved"),
        required=False,
        help_text=_("Also when the status becomes “achieved”: the bottleneck leaves the lists."),
    )
    next_step = forms.CharField(
        label=_("Next step"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_step_date = forms.DateField(
        label=_("Expected date of the next step"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    shared_with_region = forms.BooleanField(
        label=_("Share with the region"),
        required=False,
        help_text=_(
            "Everyone in the region, crisis partners included, may then read the explanation, "
            "bottleneck, next step and evidence of this update. Without it only your "
            "municipality, the CFG, the programme coordinators, the administrators, the steering "
            "group and the board read them. Statuses and figures are always shared."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, latest=None, version: int = 0, **kwargs):
        if "initial" not in kwargs:
            initial = {"version": version, "status": Status.NOT_STARTED}
            if latest is not None:
                for name in PROGRESS_FIELDS:
                    initial[name] = getattr(latest, name)
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self._offer_allowed_moves(latest.status if latest is not None else Status.NOT_STARTED)
        if latest is None or not latest.bottleneck:
            del self.fields["bottleneck_solved"]

    def _offer_allowed_moves(self, current: str) -> None:
        """Only the statuses the transition table allows from the current one; say why the
        others are missing."""

        allowed = {current} | set(STATUS_WORKFLOW.moves_from(current))
        field = self.fields["status"]
        field.choices = [(value, label) for value, label in Status.choices if value in allowed]
        if len(allowed) < len(Status.values):
            others = [str(Status(v).label) for v in Status.values if v in allowed - {current}]
            field.help_text = _("From “%(from)s” the status can only change to %(to)s.") % {
                "from": Status(current).label,
                "to": ", ".join(f"“{o}”" for o in others),
            }

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            evidence_check(upload)
        return upload

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == Status.NOT_APPLICABLE
            and not (data.get("not_applicable_reason") or "").strip()
        ):
            self.add_error("not_applicable_reason", _("Say why this action item does not apply."))
        if (data.get("bottleneck") or "").strip() and not data.get("bottleneck_party"):
            self.add_error("bottleneck_party", _("Say who must act on the bottleneck."))
        return data


class RoundForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("For example “Voorjaar 2026”.")
    )
    opens_on = forms.DateField(
        label=_("Opening date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    deadline = forms.DateField(
        label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reminder_days_before = forms.IntegerField(
        label=_("Reminder, days before the deadline"), min_value=1, max_value=60, initial=7
    )

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("deadline") and data["deadline"] < data["opens_on"]:
            self.add_error("deadline", _("The deadline must not be before the opening date."))
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return with a remark"))],
        widget=forms.RadioSelect,
    )
    remark = forms.CharField(
        label=_("Remark for the municipality"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning. The contact receives it by e-mail."),
    )
    items = forms.MultipleChoiceField(
        label=_("Action items the remark is about"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("When returning: the contact sees these items on their start page."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, item_numbers: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(n, n) for n in item_numbers]
        if not item_numbers:
            del self.fields["items"]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("remark") or "").strip():
            self.add_error("remark", _("Say why the submission is returned."))
        return data


class RoundCloseForm(forms.Form):
    """The close page: nothing closes without the explicit confirmation."""

    accept_submitted = forms.BooleanField(required=False)
    reason = forms.CharField(
        label=_("Why does the round close before the deadline?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the round and in the audit trail."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that closing freezes the round's figures and cannot be undone."),
        required=True,
        error_messages={"required": _("Tick the box to confirm that the round closes.")},
    )

    def __init__(self, *args, preview, **kwargs):
        super().__init__(*args, **kwargs)
        waiting = len(preview.to_review)
        if waiting:
            self.fields["accept_submitted"].label = ngettext(
                "Accept the %(count)s submission that has not been reviewed",
                "Accept the %(count)s submissions that have not been reviewed together",
                waiting,
            ) % {"count": waiting}
        else:
            del self.fields["accept_submitted"]
        if not preview.before_deadline:
            del self.fields["reason"]


class LagThresholdForm(forms.Form):
    lag_threshold = forms.IntegerField(
        label=_("Systematic lag threshold (percentage of due items achieved)"),
        min_value=0,
        max_value=100,
    )


class ProgressImportForm(ImportForm):
    """A progress list; with a round name and date it is imported as a past, closed round."""

    round_name = forms.CharField(
        label=_("Name of the past measurement round"),
        required=False,
        max_length=120,
        help_text=_(
            "Leave empty to import the list as the current status. Fill in, with the date below, "
            "to import it as a past round, e.g. “Najaar 2025”."
        ),
    )
    measured_on = forms.DateField(
        label=_("Date the list was measured on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only for a past round."),
    )


class OwnPlanningForm(forms.Form):
    """A municipality's own due quarter for an item (issue 16); empty takes it back."""

    due = forms.ChoiceField(label=_("Own due quarter"), required=False)
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Why this municipality has its own planning for this item."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, agreement_set, current: Quarter | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = quarter_choices(agreement_set, current)
        choices[0] = ("", _("— the item's own due quarter —"))
        self.fields["due"].choices = choices
        if current:
            self.initial.setdefault("due", f"{current.year}-{current.quarter}")

    def clean_due(self) -> Quarter | None:
        value = self.cleaned_data["due"]
        if not value:
            return None
        year, quarter = value.split("-")
        return Quarter(int(year), int(quarter))


class FollowUpForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    with_whom = forms.CharField(label=_("With whom"), max_length=200)
    agreed = forms.CharField(label=_("What was agreed"), widget=forms.Textarea(attrs={"rows": 3}))
    next_on = forms.DateField(
        label=_("Next follow-up"),
        required=False,
        help_text=_("On this day the task appears on the start page of the CFG."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class WorkspaceFilterForm(FilterForm):
    """The workspace's filters, read from the query string: a status and what to show. An
    invalid value is left out (the filter does not apply) and the form says why."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    show = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, data, *, in_round: bool):
        super().__init__(data)
        self.fields["status"].choices = [("", _("all statuses")), *Status.choices]
        self.fields["show"].choices = [
            (value, label)
            for value, label in WORKSPACE_FILTERS.items()
            if in_round or value != "open"
        ]

    @property
    def choice(self) -> tuple[str, str]:
        """(status, show): the valid values, "" and "all" where none or an invalid one."""
        self.is_valid()
        return self.cleaned_data.get("status") or "", self.cleaned_data.get("show") or "all"
