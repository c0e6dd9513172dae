from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from paraat.agreements.selectors import action_items_current, categories_current
from paraat.core.uploads import ALLOWED_EXTENSIONS
from paraat.programme.selectors import theme_table_choices

from .models import TLP, TLP_EXPLANATION, DigestFrequency, Kind, Urgency


class ActionItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        text = obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"
        return f"{obj.number} {text}"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by services.check_upload (core.uploads)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ",".join("." + e for e in ALLOWED_EXTENSIONS)}),
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def tlp_choices(*, allow_red: bool = True):
    return [
        (value, f"{label} — {TLP_EXPLANATION[value]}")
        for value, label in TLP.choices
        if allow_red or value != TLP.RED
    ]


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences: what is it and who is it useful for?"),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: headings (#), lists (-), links, **bold** and *italics*."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[c for c in Kind.choices if c[0] != Kind.QA])
    tlp = forms.ChoiceField(
        label=_("TLP label"),
        choices=tlp_choices(),
        initial=TLP.GREEN,
        widget=forms.RadioSelect,
        help_text=_("Who may see this item. Paraat enforces it."),
    )
    tlp_reason = forms.CharField(
        label=_("Reason for a new TLP label"),
        required=False,
        max_length=500,
        help_text=_(
            "Required when you change the label. Only the organisation that wrote the item may "
            "lower it; coordinators may raise it."
        ),
    )
    recipients = forms.ModelMultipleChoiceField(
        label=_("Named people (only for TLP:RED)"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The categories of your region's action list this item belongs to."),
    )
    category = forms.CharField(
        label=_("Other category (free text)"),
        max_length=120,
        required=False,
        help_text=_("Only when none of the action list's categories fits."),
    )
    tags = forms.CharField(
        label=_("Tags"), max_length=300, required=False, help_text=_("Separate tags with commas.")
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One web address per line."),
    )
    related_action_items = ActionItemChoiceField(
        label=_("Related action items"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_('The action items this helps with ("this helps with 3.1").'),
    )
    action_items = forms.CharField(
        label=_("Other action items (free text)"),
        max_length=200,
        required=False,
        help_text=_("Kept from before the link to the action list; numbers that did not match."),
    )
    files = MultipleFileField(
        label=_("Attachments"),
        help_text=_("PDF, Office or OpenDocument file or an image."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, region, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is None:  # a new item has no label to change
            del self.fields["tlp_reason"]
        categories = categories_current(region=region)
        action_items = action_items_current(region=region)
        if item is not None:  # links to an earlier action list stay choosable, so none is lost
            categories = categories | item.categories.all()
            action_items = action_items | item.related_action_items.all()
        self.fields["categories"].queryset = categories.distinct()
        self.fields["related_action_items"].queryset = action_items.distinct()
        self.fields["recipients"].queryset = (
            get_user_model()
            .objects.filter(memberships__region=region, memberships__is_active=True, is_active=True)
            .distinct()
            .order_by("full_name", "email")
        )

    def clean_links(self):
        validator = forms.URLField(assume_scheme="https")
        lines = [u.strip() for u in self.cleaned_data["links"].splitlines() if u.strip()]
        for line in lines:
            try:
                validator.clean(line)
            except forms.ValidationError as err:
                raise forms.ValidationError(
                    _("%(url)s is not a valid web address.") % {"url": line}
                ) from err
        return "\n".join(lines)

    def clean(self):
        data = super().clean()
        if data.get("tlp") == TLP.RED and not data.get("recipients"):
            self.add_error("recipients", _("Name at least one person who may see a TLP:RED item."))
        return data


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, categories=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["type"] = "search"
        self.fields["kind"].choices = [("", _("all kinds")), *Kind.choices]
        self.fields["category"].choices = [("", _("all categories")), *categories]
        self.fields["organisation"].choices = [("", _("all organisations")), *organisations]


class QuestionForm(forms.Form):
    title = forms.CharField(
        label=_("Your question in one line"),
        max_length=200,
        help_text=_("While you type, similar questions that were answered before appear below."),
    )
    text = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What do you want to know, and what have you tried?"),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=None,
        required=False,
        empty_label=_("(no category)"),
        help_text=_("A category of the action list; it decides which theme table gets it."),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    files = MultipleFileField(
        label=_("Attachments"), help_text=_("PDF, Office or OpenDocument file or an image.")
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories_current(region=region)


class RouteForm(forms.Form):
    table = forms.ModelChoiceField(label=_("Theme table"), queryset=None)
    assigned_to = forms.ModelChoiceField(
        label=_("Handled by"), queryset=get_user_model().objects.none(), required=False
    )
    target_date = forms.DateField(
        label=_("Target date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, handlers, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = handlers
        self.fields["table"].queryset = theme_table_choices(region=region)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_("The answer to my question may be published as a knowledge item"),
        required=False,
    )


class PublishForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    tlp = forms.ChoiceField(
        label=_("TLP label"), choices=tlp_choices(allow_red=False), widget=forms.RadioSelect
    )


class DigestForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("E-mail digest of new knowledge items and answers"),
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
    )
