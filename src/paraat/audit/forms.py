from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Action, Result


class AuditFilterForm(forms.Form):
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
