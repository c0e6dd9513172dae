from django import forms
from django.utils.translation import gettext_lazy as _

from paraat.accounts.forms import MembershipForm


class ProviderForm(forms.Form):
    """An identity provider; the rules (free domains, https issuer) live in the service."""

    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("As people know it, e.g. “Gemeente Apeldoorn Entra ID”."),
    )
    issuer = forms.URLField(
        label=_("Issuer URL"),
        max_length=300,
        assume_scheme="https",
        help_text=_(
            "Paraat reads the provider's settings from this address plus "
            "/.well-known/openid-configuration."
        ),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=300)
    client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    domains = forms.CharField(
        label=_("E-mail domains"),
        help_text=_(
            "Separated by commas, e.g. apeldoorn.nl, vnog.nl. A domain belongs to one "
            "identity provider in all of Paraat."
        ),
    )
    password_allowed = forms.BooleanField(
        label=_("People of these domains may also sign in with a Paraat password"),
        required=False,
        initial=True,
    )
    trust_mfa = forms.BooleanField(
        label=_(
            "The provider's multi-factor sign-in replaces Paraat's own code "
            "(when its amr claim shows a second factor)"
        ),
        required=False,
    )
    trust_email = forms.BooleanField(
        label=_("Trust this provider's e-mail claim even without email_verified"),
        required=False,
        help_text=_(
            "Only for providers such as Microsoft Entra ID that do not send email_verified, "
            "and only when the organisation controls every address of these domains."
        ),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        secret = self.fields["client_secret"]
        if editing:
            secret.help_text = _("Saved, never shown again. Leave empty to keep it.")
        else:
            secret.required = True
            secret.help_text = _("Saved encrypted and never shown again.")


class GrantForm(MembershipForm):
    """A role for someone who asked for access: the person is known already."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["email"]
        del self.fields["full_name"]
