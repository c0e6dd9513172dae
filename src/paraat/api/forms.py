from django import forms
from django.utils.translation import gettext_lazy as _

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
