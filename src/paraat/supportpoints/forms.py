from django import forms
from django.utils.translation import gettext_lazy as _

from paraat.accounts.roles import Role
from paraat.core.filters import FilterForm
from paraat.permissions import municipality_ids, roles_in_region
from paraat.regions.filters import sub_region_field

from .models import POINT_FIELDS, Facility, PointKind, PointStatus, SupportPoint
from .selectors import Filters


class DecimalCommaMixin:
    """Accept a decimal comma as well as a point (Dutch users type 52,21)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace(",", ".")
        return super().to_python(value)


class CommaFloatField(DecimalCommaMixin, forms.FloatField):
    pass


class CommaDecimalField(DecimalCommaMixin, forms.DecimalField):
    pass


def _decimal_input():
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


class PointForm(forms.ModelForm):
    """A point with its facilities checklist in one form (one save, one version number).

    The checklist fields are built from the region's active facilities: `facility_<id>` (a
    checkbox) and, for facilities that ask for it, `hours_<id>`.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = SupportPoint
        fields = POINT_FIELDS
        widgets = {
            "contact_outage": forms.Textarea(attrs={"rows": 2}),
            "keyholder_outage": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "last_exercised": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        field_classes = {
            "latitude": CommaFloatField,
            "longitude": CommaFloatField,
            "hours_to_open": CommaDecimalField,
        }

    def __init__(self, *args, region, user, facilities, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.facilities = facilities
        roles = roles_in_region(user, region)
        coordinator = user.is_superuser or bool(roles & {Role.ADMIN, Role.COORDINATOR})
        municipalities = region.municipalities.current_or(self.instance.municipality_id)
        municipalities = municipalities.order_by("name")
        if not coordinator:
            municipalities = municipalities.filter(pk__in=municipality_ids(user, region))
            self.fields["kind"].choices = [(PointKind.LOCAL, PointKind.LOCAL.label)]
            self.fields["kind"].initial = PointKind.LOCAL
        self.fields["municipality"].queryset = municipalities
        self.fields["municipality"].empty_label = None if municipalities.count() == 1 else "—"
        cps = SupportPoint.objects.filter(region=region, kind=PointKind.COORDINATION)
        if self.instance.pk:
            cps = cps.exclude(pk=self.instance.pk)
        self.fields["coordination_point"].queryset = cps.order_by("name")
        self.fields["coordination_point"].help_text = _("Only for a local point.")
        for name in ("latitude", "longitude", "hours_to_open"):
            self.fields[name].widget = _decimal_input()
        self.fields["latitude"].help_text = _("Decimal degrees, like 52.3417.")
        self.fields["longitude"].help_text = _("Decimal degrees, like 5.6214.")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            present = {a.facility_id: a for a in self.instance.facilities.all()}
        else:
            present = {}
        for f in facilities:
            answer = present.get(f.pk)
            self.fields[f"facility_{f.pk}"] = forms.BooleanField(
                label=f.name,
                required=False,
                initial=bool(answer and answer.present),
                help_text=f.description,
            )
            if f.asks_hours:
                self.fields[f"hours_{f.pk}"] = forms.IntegerField(
                    label=_("%(name)s: hours of autonomy") % {"name": f.name},
                    required=False,
                    min_value=0,
                    max_value=10000,
                    initial=answer.hours if answer else None,
                )

    def point_fields(self):
        return [self[name] for name in self.Meta.fields]

    def checklist_fields(self):
        out = []
        for f in self.facilities:
            out.append(self[f"facility_{f.pk}"])
            if f.asks_hours:
                out.append(self[f"hours_{f.pk}"])
        return out

    def clean(self):
        data = super().clean()
        if data.get("kind") == PointKind.COORDINATION and data.get("coordination_point"):
            self.add_error(
                "coordination_point", _("Only a local point is served by a coordination point.")
            )
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        self.instance.region = self.region
        return data

    def facility_answers(self) -> dict[int, tuple[bool, int | None]]:
        answers = {}
        for f in self.facilities:
            present = bool(self.cleaned_data.get(f"facility_{f.pk}"))
            hours = self.cleaned_data.get(f"hours_{f.pk}") if f.asks_hours else None
            answers[f.pk] = (present, hours)
        return answers


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, point, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["to_status"].choices = [
            (s, PointStatus(s).label) for s in point.allowed_transitions
        ]


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, image, Word, Excel or OpenDocument; checked by its content."),
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=200)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))


class SettingsForm(forms.Form):
    residents_per_point = forms.IntegerField(
        label=_("Residents per operational point (norm)"),
        min_value=1,
        help_text=_("The national programme reports one point per 5,000 residents."),
    )
    max_distance_km = forms.DecimalField(
        label=_("Maximum distance to an operational point (km)"),
        min_value=0,
        max_digits=5,
        decimal_places=1,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class FacilityForm(forms.ModelForm):
    class Meta:
        model = Facility
        fields = ["name", "description", "weight", "asks_hours", "order", "is_active"]

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.instance.region = region

    def clean(self):
        data = super().clean()
        if not self.instance.code and data.get("name"):
            from django.utils.text import slugify

            base = slugify(data["name"])[:34] or "facility"
            code, n = base, 1
            while Facility.objects.filter(region=self.region, code=code).exists():
                n += 1
                code = f"{base}-{n}"
            self.instance.code = code
        return data


class PointFilterForm(FilterForm):
    """The register's filters, for the list and its export alike: type, status, municipality,
    sub-region (only in a region that has them) and a facility the point lacks."""

    kind = forms.ChoiceField(label=_("Type"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    municipality = forms.TypedChoiceField(
        label=_("Municipality"), coerce=int, required=False, empty_value=None
    )
    missing = forms.TypedChoiceField(
        label=_("Missing facility"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, data, *, municipalities, facilities, sub_regions):
        super().__init__(data)
        everything = ("", _("all"))
        self.fields["kind"].choices = [everything, *PointKind.choices]
        self.fields["status"].choices = [everything, *PointStatus.choices]
        self.fields["municipality"].choices = [
            everything,
            *((m.pk, m.name) for m in municipalities),
        ]
        if sub_regions:
            self.fields["sub_region"] = sub_region_field(sub_regions)
        self.fields["missing"].choices = [("", _("any")), *((f.pk, f.name) for f in facilities)]
        self.order_fields(["kind", "status", "municipality", "sub_region", "missing"])

    @property
    def filters(self) -> Filters:
        """The valid values; an invalid one is left out (its error is on the form)."""
        self.is_valid()
        data = self.cleaned_data
        return Filters(
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            municipality=data.get("municipality"),
            missing=data.get("missing"),
            sub_region=data.get("sub_region"),
        )
