from django import forms
from django.utils.translation import gettext_lazy as _

from paraat.audit.models import Action, Result
from paraat.core.concurrency import VersionField

from .models import Contact, Municipality, Partner, Region


class ContactForm(forms.ModelForm):
    """A contact of the region, a municipality or a partner; a user may only pick their own."""

    organisation = forms.ChoiceField(label=_("Organisation"))
    version = VersionField()

    class Meta:
        model = Contact
        fields = ["name", "function", "email", "phone", "outage_reachability"]
        widgets = {"outage_reachability": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, region, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        choices = []

        def may_keep(**organisation) -> bool:
            # the rule that guards saving the contact ("regions.change_contact"), asked of the
            # contact this organisation would have
            return user.has_perm("regions.change_contact", Contact(region=region, **organisation))

        if may_keep():
            choices.append(("region", region.display_name))
        new = self.instance.pk is None  # archived municipalities and inactive partners: no new
        municipalities = Municipality.objects.filter(region=region)
        partners = Partner.objects.filter(region=region)
        if new:
            municipalities = municipalities.current()
            partners = partners.filter(is_active=True)
        for m in municipalities.order_by("name"):
            if may_keep(municipality=m):
                choices.append((f"m{m.pk}", m.name))
        for p in partners.order_by("name"):
            if may_keep(partner=p):
                choices.append((f"p{p.pk}", p.name))
        self.fields["organisation"].choices = choices
        if self.instance.pk:
            inst = self.instance
            self.initial["organisation"] = (
                f"m{inst.municipality_id}"
                if inst.municipality_id
                else f"p{inst.partner_id}"
                if inst.partner_id
                else "region"
            )
            self.fields["organisation"].disabled = True
            self.initial["version"] = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            return data
        org = data.get("organisation", "")
        self.instance.region = self.region
        if org.startswith("m"):
            self.instance.municipality = Municipality.objects.get(
                pk=int(org[1:]), region=self.region
            )
        elif org.startswith("p"):
            self.instance.partner = Partner.objects.get(pk=int(org[1:]), region=self.region)
        return data


class RegionSettingsForm(forms.ModelForm):
    """The region's own settings and defaults (the service checks and audits them)."""

    class Meta:
        model = Region
        fields = [
            "name",
            "short_name",
            "programme_start",
            "programme_end",
            "public_page_enabled",
            "share_nationally",
            "desk_email",
            "default_lag_threshold",
            "default_reminder_days",
            "binder_max_age_days",
        ]
        labels = {
            "public_page_enabled": _("Public page for TLP:CLEAR knowledge items"),
            "share_nationally": _("Share aggregate figures nationally (TLP:GREEN only)"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_lag_threshold"].max_value = 100
        self.fields["default_lag_threshold"].widget.attrs["max"] = 100
        self.fields["default_reminder_days"].min_value = 1
        self.fields["default_reminder_days"].widget.attrs["min"] = 1
        for year in ("programme_start", "programme_end"):
            self.fields[year].min_value = 2000
            self.fields[year].widget.attrs["min"] = 2000


class StatementsForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["accessibility_statement", "privacy_statement"]
        widgets = {
            "accessibility_statement": forms.Textarea(attrs={"rows": 16}),
            "privacy_statement": forms.Textarea(attrs={"rows": 16}),
        }


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "is_active"]
        help_texts = {
            "is_active": _(
                "A deactivated partner keeps its contacts and history but is no longer offered "
                "for new roles."
            )
        }


class PopulationForm(forms.Form):
    population = forms.IntegerField(label=_("Population"), min_value=0, required=False)
    year = forms.IntegerField(
        label=_("Year (population on 1 January)"), min_value=1900, max_value=2200, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("population") is not None and not data.get("year"):
            self.add_error("year", _("Give the year of the figure."))
        return data


class PopulationImportForm(forms.Form):
    file = forms.FileField(
        label=_("CBS StatLine file (CSV)"),
        help_text=_(
            "A CSV download of “Bevolking op 1 januari” per municipality: each row with a "
            "municipality code (GM0200) and the number."
        ),
    )
    year = forms.IntegerField(label=_("Year (population on 1 January)"), min_value=1900)


class SubRegionForm(forms.Form):
    """The sub-regions by name (one a line) and, per municipality, the one it belongs to."""

    names = forms.CharField(
        label=_("Sub-regions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One name a line. A municipality belongs to at most one sub-region."),
    )

    def __init__(self, *args, municipalities, sub_regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = list(municipalities)
        choices = [("", "—")] + [(s.name, s.name) for s in sub_regions]
        if self.data:  # names typed in this same form count too
            typed = [n.strip() for n in self.data.get("names", "").splitlines() if n.strip()]
            choices += [(n, n) for n in typed if (n, n) not in choices]
        for m in self.municipalities:
            self.fields[f"m{m.pk}"] = forms.ChoiceField(
                label=m.name, choices=choices, required=False
            )
            self.initial.setdefault(f"m{m.pk}", m.sub_region.name if m.sub_region_id else "")

    def names_list(self) -> list[str]:
        return [n.strip() for n in self.cleaned_data["names"].splitlines() if n.strip()]

    def assignment(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data.get(f"m{m.pk}", "") for m in self.municipalities}


class AuditFilterForm(forms.Form):
    """The audit trail page's filter (`views_trail.audit_trail`)."""

    action = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("all")), *Action.choices]
    )
    result = forms.ChoiceField(
        label=_("Result"), required=False, choices=[("", _("all")), *Result.choices]
    )
    actor = forms.CharField(label=_("Actor (e-mail)"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
