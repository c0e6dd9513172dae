from django import forms
from django.utils.translation import gettext_lazy as _

from paraat.accounts.roles import STAFF_ROLES
from paraat.core.concurrency import VersionField
from paraat.permissions import municipality_ids, partner_ids, roles_in_region

from .models import Contact, Municipality, Partner


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
        staff = user.is_superuser or roles_in_region(user, region) & STAFF_ROLES
        if staff:
            choices.append(("region", region.display_name))
        mids = None if staff else municipality_ids(user, region)
        pids = None if staff else partner_ids(user)
        for m in Municipality.objects.filter(region=region).order_by("name"):
            if mids is None or m.pk in mids:
                choices.append((f"m{m.pk}", m.name))
        for p in Partner.objects.filter(region=region).order_by("name"):
            if pids is None or p.pk in pids:
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
