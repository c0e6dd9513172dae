from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from paraat.regions.models import Municipality, Partner

from .extensions import sign_in_methods
from .models import Membership
from .roles import GRANTABLE_ROLES, Role


class EmailAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "This e-mail address and password do not match. Note that the password is "
            "case-sensitive."
        ),
    }
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def confirm_login_allowed(self, user):
        """Where an organisation signs in through its identity provider only, no password."""
        super().confirm_login_allowed(user)
        provider = sign_in_methods().provider_for_email(user.email)
        if provider is not None and not provider.password_allowed:
            raise forms.ValidationError(
                _(
                    "Your organisation signs in through %(provider)s: enter only your e-mail "
                    "address and choose Continue."
                )
                % {"provider": provider.name},
                code="sso_only",
            )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
    )


class RoleInOrganisationForm(forms.Form):
    """A role in one of the region's organisations, as granted to a person (MembershipForm) or to
    an organisation's API token: the roles an administrator may grant and the organisations still
    in use (archived municipalities and deactivated partners only when already chosen)."""

    role = forms.ChoiceField(
        label=_("Role"), choices=[c for c in Role.choices if c[0] in GRANTABLE_ROLES]
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

    def __init__(self, *args, region, membership: Membership | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        keep_m = membership.municipality_id if membership is not None else None
        keep_p = membership.partner_id if membership is not None else None
        self.fields["municipality"].queryset = Municipality.objects.filter(
            region=region
        ).current_or(keep_m)
        self.fields["partner"].queryset = Partner.objects.filter(region=region).filter(
            Q(is_active=True) | Q(pk=keep_p)
        )


class MembershipForm(RoleInOrganisationForm):
    """Grant or change one role; the organisation is picked from the region's own lists."""

    field_order = ["email", "full_name", "role", "municipality", "partner", "is_active"]

    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, region, membership: Membership | None = None, **kwargs):
        super().__init__(*args, region=region, membership=membership, **kwargs)
        if membership is not None:
            self.fields["email"].disabled = True
            self.fields["full_name"].disabled = True
        else:
            del self.fields["is_active"]
