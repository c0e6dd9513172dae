from django import forms
from django.utils.translation import gettext_lazy as _

from paraat.accounts.forms import RoleInOrganisationForm

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


class OrganisationTokenForm(RoleInOrganisationForm):
    """An organisation's token: the role it acts as is chosen as when inviting a person."""

    field_order = ["name", "role", "municipality", "partner", "can_write", "days"]

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("The system it is for, e.g. 'Zaaksysteem gemeente Apeldoorn'."),
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
        super().__init__(*args, region=region, **kwargs)
        self.fields["role"].label = _("Acts as role")
