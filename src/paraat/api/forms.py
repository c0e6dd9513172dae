from django import forms
from django.utils.translation import gettext_lazy as _

from paraat.accounts.roles import GRANTABLE_ROLES, Role
from paraat.regions.models import Municipality, Partner

from .services import DEFAULT_DAYS, MAX_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'Power BI bestuursdashboard'."),
    )
    can_write = forms.BooleanField(
        label=_("May also record status updates"),
        required=False,
        help_text=_("Only for a municipal system that records your municipality's progress."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS
    )


class OrganisationTokenForm(forms.Form):
    """An organisation's token: the role it acts as is chosen as when inviting a person."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("The system it is for, e.g. 'Zaaksysteem gemeente Apeldoorn'."),
    )
    role = forms.ChoiceField(
        label=_("Acts as role"), choices=[c for c in Role.choices if c[0] in GRANTABLE_ROLES]
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_("Required for a municipal contact."),
    )
    partner = forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=Partner.objects.none(),
        required=False,
        help_text=_("Required for a crisis partner."),
    )
    can_write = forms.BooleanField(
        label=_("May also record status updates"),
        required=False,
        help_text=_("Only for a municipal system that records its municipality's progress."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            region=region, archived_on__isnull=True
        )
        self.fields["partner"].queryset = Partner.objects.filter(region=region, is_active=True)
